"""The reports as the store knew them on a date: the **counted reports** (pure, no I/O).

``compliance.md``, Deadlines: only versions submitted on or before ``on`` count (undated ones
count: nothing says they came later), withdrawn versions never count, and the current version
of each (State, reporting year, report type) is chosen again among those by the workbook
spec's rule (:func:`tracker.ingest.current.choose_current`, the rule the loader applies). So a
revision submitted after ``on`` gives way to the version it replaced, and a report first
submitted after ``on`` is not there at all.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from tracker.carry import EffectiveReport, resolve_all
from tracker.enums import Channel
from tracker.ingest.current import ReportKey, Version, choose_current
from tracker.readmodel import RawReport, ReportRef


def known_by(ref: ReportRef, on: dt.date) -> bool:
    """True when the version had been received by ``on`` (undated: yes) and is not withdrawn."""
    return not ref.is_withdrawn and (ref.submitted_on is None or ref.submitted_on <= on)


def known_on(versions: Iterable[RawReport], on: dt.date) -> list[RawReport]:
    """The versions known on ``on``, each with ``is_current`` as the rule gives it among them.

    ``versions`` are every stored version of some States (current, superseded and withdrawn);
    the result keeps the versions received by ``on`` in id order, withdrawn ones left out.
    """
    by_key: dict[ReportKey, list[RawReport]] = defaultdict(list)
    for report in versions:
        if known_by(report.ref, on):
            ref = report.ref
            by_key[ReportKey(ref.state_iso3, ref.reporting_year, ref.report_type)].append(report)
    out: list[RawReport] = []
    for key, group in by_key.items():
        choice = choose_current(
            key,
            [
                Version(
                    r.ref.report_id,
                    Channel(r.ref.channel),
                    r.ref.submitted_on,
                    r.ref.sha256,
                    r.ref.source_row,
                    False,
                )
                for r in group
            ],
        )
        for r in group:
            current = r.ref.report_id == choice.current_id
            out.append(r if r.ref.is_current == current else replace_current(r, current))
    return sorted(out, key=lambda r: r.ref.report_id)


def replace_current(report: RawReport, current: bool) -> RawReport:
    """The same version with ``is_current`` set to ``current``."""
    return replace(report, ref=replace(report.ref, is_current=current))


def changed_by_later_versions(current: Iterable[ReportRef], on: dt.date) -> set[str]:
    """States whose counted reports on ``on`` may differ from the stored current ones.

    The stored current version of a key is also the current one on ``on`` when it had been
    received by then: it ranks above every other version, so above those received by ``on``
    too. Only a State with a current version received after ``on`` needs its history read.
    """
    return {ref.state_iso3 for ref in current if not known_by(ref, on)}


def counted_on(
    current: Sequence[RawReport], history: Sequence[RawReport], on: dt.date
) -> list[EffectiveReport]:
    """The counted reports on ``on`` of every State, carry-forward resolved among them.

    ``current`` are the stored current versions; ``history`` every version of (at least) the
    States :func:`changed_by_later_versions` names, whose counted reports are chosen again
    among the versions known on ``on``; every other State's are its current ones.
    """
    later = changed_by_later_versions([r.ref for r in current], on)
    kept = [r for r in resolve_all(current) if r.ref.state_iso3 not in later]
    again = known_on([r for r in history if r.ref.state_iso3 in later], on)
    return [*kept, *resolve_all(again)] if later else kept
