"""Needs by State: what each counted State declared in the window, area by area (pure).

The donor workbook's "Needs by State" sheet shows these rows; the rule lives beside the other
counting rules so that the workbook only lays out what the statistics decided. For each area,
the State's **latest counted report in the window that declares a need in it** gives the rows
(its descriptions and costs); costs in US dollars are added up, other currencies listed as
written (never converted). :func:`uncounted_reasons` says why a declared need is in no figure
of the Summary (a need counts under an article only for a State of that article's denominator).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from tracker.carry import Need
from tracker.enums import NeedArea
from tracker.readmodel import ReportRef
from tracker.stats.needs import NeedsStatistics
from tracker.stats.rules import AREAS, ReportRow

# The areas in the order the needs are shown, with their names.
AREA_NAMES: dict[NeedArea, str] = {
    NeedArea.STOCKPILE_DESTRUCTION: "Stockpile destruction",
    NeedArea.CLEARANCE: "Clearance",
    NeedArea.RISK_REDUCTION_EDUCATION: "Risk reduction education",
    NeedArea.VICTIM_ASSISTANCE: "Victim assistance",
    NeedArea.OTHER: "Other",
}


@dataclass(frozen=True)
class Cost:
    """An estimated cost as a report wrote it (amount and currency, never converted)."""

    amount: Decimal
    currency: str | None


@dataclass(frozen=True)
class StateNeeds:
    """One counted State's declared needs in the window (a row of "Needs by State")."""

    iso3: str
    areas: Mapping[NeedArea, tuple[Need, ...]]  # per area, the latest declaring report's rows
    usd_cost: Decimal | None  # the US dollar costs of those rows added up (None: none given)
    other_costs: tuple[Cost, ...]  # costs in other currencies (or none), in area order
    latest: ReportRef  # the latest of the reports the areas come from
    source: Need  # the first row of that report: the cell a reader checks first
    uncounted: tuple[str, ...]  # why some of the needs are in no figure of the Summary


def latest_needs(
    reports: Sequence[ReportRow], since: int, as_of: int
) -> dict[NeedArea, tuple[ReportRow, list[Need]]]:
    """Per area, the State's latest report in [since, as_of] declaring it, and those rows.

    ``reports`` are one State's counted reports, oldest first (as the statistics order them).
    """
    found: dict[NeedArea, tuple[ReportRow, list[Need]]] = {}
    for report in reversed(reports):
        if not since <= report.ref.reporting_year <= as_of:
            continue
        for area in AREA_NAMES:
            rows = [n for n in report.needs if n.area is area]
            if rows and area not in found:
                found[area] = (report, rows)
    return found


def uncounted_reasons(iso3: str, areas: Iterable[NeedArea], stats: NeedsStatistics) -> list[str]:
    """Why the needs of ``iso3`` in ``areas`` are not in the Summary's figures (none: all are).

    Clearance needs without a reported Article 4 obligation, for example, are in no sentence
    (``donor-workbook.md``).
    """
    declared = set(areas)
    reasons: list[str] = []
    counted_somewhere = False
    for article, article_areas in AREAS.items():
        mine = [a for a in article_areas if a in declared]
        if not mine:
            continue
        count = stats.article(article).count
        if iso3 in count.numerator_evidence:
            counted_somewhere = True
            continue
        words = " and ".join(AREA_NAMES[a].lower() for a in mine)
        if iso3 in count.denominator_evidence:
            reasons.append(f"{words} needs not counted under Article {article}")
        else:
            reasons.append(f"{words} needs, but no Article {article} obligation reported")
    if NeedArea.OTHER in declared and not counted_somewhere:
        reasons.append('"Other" needs belong to no article')
    return reasons


def state_needs(
    iso3: str, reports: Sequence[ReportRow], stats: NeedsStatistics
) -> StateNeeds | None:
    """The needs of one counted State in the window of ``stats`` (None: it declared none)."""
    found = latest_needs(reports, stats.since, stats.as_of)
    if not found:
        return None
    usd = Decimal(0)
    has_usd = False
    others: list[Cost] = []
    for area in AREA_NAMES:
        for need in found.get(area, (None, []))[1]:
            if need.estimated_cost is None:
                continue
            if (need.currency or "").upper() == "USD":
                usd += need.estimated_cost
                has_usd = True
            else:
                others.append(Cost(need.estimated_cost, need.currency))
    order = {id(r): i for i, r in enumerate(reports)}
    latest_report, latest_rows = max(found.values(), key=lambda item: order[id(item[0])])
    return StateNeeds(
        iso3=iso3,
        areas={area: tuple(rows) for area, (_, rows) in found.items()},
        usd_cost=usd if has_usd else None,
        other_costs=tuple(others),
        latest=latest_report.ref,
        source=latest_rows[0],
        uncounted=tuple(uncounted_reasons(iso3, found, stats)),
    )


def needs_by_state(stats: NeedsStatistics) -> list[StateNeeds]:
    """Every counted State that declared a need in the window, by ISO3."""
    counted = stats.counts.counted
    return [row for iso3 in sorted(counted) if (row := state_needs(iso3, counted[iso3], stats))]
