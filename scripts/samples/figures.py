"""The figures the samples must give: an independent, small reading of spec/statistics.md.

It works on the intended model (never on the files), so the test can check that the samples
reproduce the retreat slides, and the real ``tracker stats needs`` can be compared with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from samples.model import build_model
from samples.profiles import CLR, RRE, SD, VA
from samples.records import Model, Report

TARGET: dict[int, tuple[int, int]] = {3: (37, 8), 4: (16, 8), 5: (12, 7)}
ARTICLE_AREAS: dict[int, tuple[str, ...]] = {3: (SD,), 4: (CLR, RRE), 5: (VA,)}


def current_versions(reports: Iterable[Report]) -> dict[tuple[str, int, str], Report]:
    """The current version per (State, year, type): a workbook over a matrix row, then the
    latest date of submission (undated first)."""
    best: dict[tuple[str, int, str], Report] = {}
    for report in reports:
        rank = (report.channel == "workbook", report.submitted is not None, report.submitted)
        held = best.get(report.key)
        if held is None:
            best[report.key] = report
            continue
        held_rank = (held.channel == "workbook", held.submitted is not None, held.submitted)
        assert rank != held_rank, f"tie between versions of {report.key}"
        if (rank[0], rank[1], rank[2] or dt.date.min) > (
            held_rank[0],
            held_rank[1],
            held_rank[2] or dt.date.min,
        ):
            best[report.key] = report
    return best


def _holder(
    report: Report, letter: str, current: dict[tuple[str, int, str], Report]
) -> Report | None:
    """The report whose data of form ``letter`` holds for ``report`` (following unchanged)."""
    seen: set[int] = set()
    while report.forms[letter] == "unchanged":
        year = report.last_reported[letter]
        if year in seen:
            return None
        seen.add(year)
        source = current.get((report.iso3, year, "annual")) or current.get(
            (report.iso3, year, "initial")
        )
        if source is None:
            return None
        report = source
    return report


def _status(
    report: Report, article: int, current: dict[tuple[str, int, str], Report]
) -> str | None:
    letter = {3: "B", 4: "F", 5: "H"}[article]
    holder = _holder(report, letter, current)
    if holder is None or holder.forms[letter] == "not_provided":
        return None
    if holder.forms[letter] == "not_applicable":
        return "none"
    if article == 3:
        return holder.art3
    if article == 4:
        return holder.art4
    return "has" if holder.victims else "none"


def _needed_areas(report: Report, current: dict[tuple[str, int, str], Report]) -> set[str]:
    holder = _holder(report, "I", current)
    if holder is None or holder.forms["I"] != "changed":
        return set()
    return {row.area for row in holder.needs if row.needed}


def intended_figures(
    as_of: int = 2025, since: int = 2021, model: Model | None = None
) -> dict[int, dict[str, object]]:
    """Denominator and numerator (and their States) per article, from the intended model."""
    model = model or build_model()
    current = current_versions(model.reports)
    end_of = dt.date(as_of, 12, 31)
    counted = [
        r
        for r in current.values()
        if r.year <= as_of
        and r.iso3 in model.members
        and model.members[r.iso3].party_on(dt.date(r.year, 12, 31))
        and model.members[r.iso3].party_on(end_of)
    ]
    figures: dict[int, dict[str, object]] = {}
    for article, areas in ARTICLE_AREAS.items():
        obliged = {r.iso3 for r in counted if _status(r, article, current) in ("has", "had")}
        needing = {
            r.iso3
            for r in counted
            if r.iso3 in obliged
            and since <= r.year <= as_of
            and _needed_areas(r, current) & set(areas)
        }
        figures[article] = {
            "denominator": len(obliged),
            "numerator": len(needing),
            "denominator_states": sorted(obliged),
            "numerator_states": sorted(needing),
        }
    return figures


def check_targets(model: Model) -> None:
    """Fail loudly when the model does not give the retreat slides' figures."""
    figures = intended_figures(2025, 2021, model)
    got = {a: (f["denominator"], f["numerator"]) for a, f in figures.items()}
    if got != TARGET:
        raise AssertionError(f"intended figures {got} differ from the slides' {TARGET}")
