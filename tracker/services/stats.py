"""The needs statistics from the store: defaults for the as-of year and the window, then pure.

:func:`compute_needs_statistics` is the one entry point every consumer uses (``tracker stats
needs``, the donor workbook, the demo), so their numbers and sentences are the same. It reads
the store once (:func:`tracker.services.store.read_store`) with only what the counts look at:
the current reports, their statuses without dates, and the needs in the counted areas that the
window's reports can show; carry-forward is resolved lazily, report by report, as the rules ask.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from tracker.clock import default_on
from tracker.errors import TrackerError, UsageError
from tracker.gc import collector_paused
from tracker.readmodel import RawReport, ReportRef, Rows
from tracker.services.store import Needs, Projection, read_store
from tracker.stats.needs import NeedsStatistics
from tracker.wording import Style

NO_REPORTS = "no reports: run tracker import"


@dataclass(frozen=True)
class Window:
    """The as-of year A and the first year S of the needs window [S, A]."""

    as_of: int
    since: int


def default_since(session: Session, as_of: int) -> int:
    """The first year of the action plan whose period contains ``as_of``, else ``as_of - 4``.

    The periods live in the plan data (``spec/action-plans.md``), never in code.
    """
    from tracker.plans.windows import default_since as window_start
    from tracker.services.plans import plans_from_store

    return window_start(plans_from_store(session), as_of)


def check_window(as_of: int, since: int) -> None:
    """``--since`` after ``--as-of`` is contradictory usage (exit 2)."""
    if since > as_of:
        raise UsageError(
            f"--since {since} is after --as-of {as_of}: the window of needs must end at the "
            "as-of year (give an earlier --since or a later --as-of)"
        )


class NeedsWindow:
    """A and S, defaulted once the current versions are read (see :func:`statistics_projection`).

    ``as_of`` defaults to the latest reporting year with a current report, ``since`` to the first
    year of the action plan governing it. Reading the versions raises :class:`TrackerError`
    (exit 1) on an empty store and :class:`UsageError` (exit 2) when ``since`` is after
    ``as_of``.
    """

    def __init__(self, session: Session, as_of: int | None, since: int | None) -> None:
        if as_of is not None and since is not None:
            check_window(as_of, since)
        self.session, self.as_of, self.since = session, as_of, since
        self.window: Window | None = None

    def __call__(self, refs: Sequence[ReportRef]) -> tuple[int, int]:
        """The (first, last) years of the needs window, from the current versions read."""
        if not refs:
            raise TrackerError(NO_REPORTS)
        year = max(r.reporting_year for r in refs) if self.as_of is None else self.as_of
        start = default_since(self.session, year) if self.since is None else self.since
        check_window(year, start)
        self.window = Window(year, start)
        return start, year

    @property
    def chosen(self) -> Window:
        """The window, once the versions are read."""
        if self.window is None:
            raise TrackerError(NO_REPORTS)
        return self.window


def statistics_projection(window: NeedsWindow, *, export: bool = False) -> Projection:
    """What the counts read; ``export`` adds what the donor workbook shows beside them."""
    return Projection(
        dates=export,
        needs=Needs.ALL if export else Needs.COUNTED,
        window=window,
        members=True,
        names=True,
    )


def counted_until(reports: Sequence[RawReport], as_of: int) -> list[RawReport]:
    """The reports up to ``as_of``: the counts resolve carry-forward among them only."""
    return [r for r in reports if r.ref.reporting_year <= as_of]


def needs_statistics(
    rows: Rows,
    window: Window,
    *,
    current_only: bool = False,
    style: Style = Style.WORDS,
) -> NeedsStatistics:
    """The statistics of rows read with :func:`statistics_projection` (pure).

    A view of the core indicators ``core.needs.art3/4/5`` (``--current``: the ``.current``
    three) computed by the indicators' engine (``spec/indicators.md``, Views).
    """
    from tracker.indicators.engine import Evaluation
    from tracker.indicators.views import needs_view

    evaluation = Evaluation(
        as_of=window.as_of,
        since=window.since,
        on=default_on(window.as_of),  # the needs read the counted reports, never `on`
        reports=counted_until(rows.reports, window.as_of),
        members=rows.members,
    )
    stats = needs_view(evaluation, current_only=current_only, style=style, names=rows.names)
    reported = any(r.ref.reporting_year == window.as_of for r in rows.reports)
    return stats if reported else dataclasses.replace(stats, as_of_reported=False)


def compute_needs_statistics(
    session: Session,
    as_of: int | None = None,
    since: int | None = None,
    current_only: bool = False,
    style: Style = Style.WORDS,
) -> NeedsStatistics:
    """The "X of Y" statistics of the store (``spec/statistics.md``).

    ``as_of`` defaults to the latest reporting year with a current report, ``since`` to the
    first year of the action plan governing ``as_of``. Raises :class:`TrackerError` (exit 1)
    on an empty store and :class:`UsageError` (exit 2) when ``since`` is after ``as_of``.
    """
    window = NeedsWindow(session, as_of, since)
    with collector_paused():
        rows = read_store(session, statistics_projection(window))
        return needs_statistics(rows, window.chosen, current_only=current_only, style=style)
