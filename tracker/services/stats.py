"""The needs statistics from the store: defaults for the as-of year and the window, then pure.

This is the one entry point every consumer uses (``tracker stats needs``, the donor workbook,
the demo), so their numbers and sentences are the same.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from tracker.errors import TrackerError, UsageError
from tracker.figures import load_effective_reports, load_memberships, state_names
from tracker.stats.needs import NeedsStatistics, build_needs_statistics
from tracker.stats.rules import default_as_of
from tracker.wording import Style

NO_REPORTS = "no reports: run tracker import"


def default_since(session: Session, as_of: int) -> int:
    """The first year of the action plan whose period contains ``as_of``, else ``as_of - 4``.

    The periods live in the plan data (``spec/action-plans.md``), never in code.
    """
    from tracker.plans.store import plans_from_store
    from tracker.plans.windows import default_since as window_start

    return window_start(plans_from_store(session), as_of)


def check_window(as_of: int, since: int) -> None:
    """``--since`` after ``--as-of`` is contradictory usage (exit 2)."""
    if since > as_of:
        raise UsageError(
            f"--since {since} is after --as-of {as_of}: the window of needs must end at the "
            "as-of year (give an earlier --since or a later --as-of)"
        )


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
    if as_of is not None and since is not None:
        check_window(as_of, since)
    reports = load_effective_reports(session)
    latest = default_as_of(reports)
    if latest is None:
        raise TrackerError(NO_REPORTS)
    year = latest if as_of is None else as_of
    start = default_since(session, year) if since is None else since
    check_window(year, start)
    return build_needs_statistics(
        reports,
        load_memberships(session),
        as_of=year,
        since=start,
        current_only=current_only,
        style=style,
        names=state_names(session),
    )
