"""Gathering the donor workbook's content from the services (one source of truth).

The counts and sentences come from :func:`tracker.services.stats.compute_needs_statistics`
(what ``tracker stats needs`` prints), the reporting picture and the deadlines from
:mod:`tracker.services.compliance` (what ``tracker reports status`` prints). This module never
counts anything itself: it only picks, for the States those functions counted, the rows to show
(which descriptions, which costs, which source cell), and says whether any counted report is
sample data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from tracker import clock
from tracker.carry import Need
from tracker.export.model import (
    NEED_COLUMNS,
    THEMES,
    ArticleRow,
    DonorData,
    ExcludedRow,
    NeedRow,
    SourceRow,
    SummaryRow,
    by_name,
)
from tracker.export.reporting import ArticleDeadlines, gather_deadlines, gather_reporting
from tracker.figures import load_memberships, state_names
from tracker.migrate import PROJECT_ROOT
from tracker.models.enums import NeedArea
from tracker.stats.needs import NeedsStatistics
from tracker.stats.rows import ReportRow
from tracker.stats.rules import AREAS, counted_reports

MANIFEST = PROJECT_ROOT / "imports" / "samples" / "MANIFEST"


def default_on(as_of: int, today: dt.date | None = None) -> dt.date:
    """``--on`` by default: 31 December of the year after as-of, or today if that is earlier.

    The fixed date keeps the workbook from changing day by day; but a workbook describes what
    was known, so it is never judged on a day that has not come (``donor-workbook.md``).
    """
    return min(dt.date(as_of + 1, 12, 31), today or clock.today())


def database_name(url: str) -> str:
    """The database by its name only: the SQLite file's name or the server database's name.

    Never a user, host, port or password (``donor-workbook.md``, Method): the workbook goes to
    people outside the ISU. Unparseable URLs give an empty name rather than risk a secret.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    if not url:
        return ""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return ""
    name = parsed.database or ""
    if parsed.get_backend_name() == "sqlite":
        return Path(name).name if name and name != ":memory:" else "(in memory)"
    return name


def sample_hashes(manifest: Path | None = None) -> frozenset[str]:
    """SHA-256 digests listed in the samples' manifest (lines ``sha256  filename``)."""
    manifest = manifest or MANIFEST
    if not manifest.is_file():
        return frozenset()
    digests = set()
    for line in manifest.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if parts and not parts[0].startswith("#") and len(parts[0]) == 64:
            digests.add(parts[0].lower())
    return frozenset(digests)


def describe_needs(needs: Iterable[Need]) -> str:
    """The descriptions of ``needs`` joined by ``; `` (``yes`` when none was given)."""
    texts: list[str] = []
    for need in needs:
        # Kept as written (no strip): a leading tab or "=" is made harmless by the writer.
        text = need.description or ""
        if text.strip() and text not in texts:
            texts.append(text)
    return "; ".join(texts) if texts else "yes"


def format_cost(amount: Decimal, currency: str | None) -> str:
    """A cost as written, with thousands separators: ``120,000 EUR`` (never converted)."""
    figure = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    return f"{figure} {currency.upper()}" if currency else f"{figure} (currency not given)"


def _source(need: Need) -> str:
    """``file!cell`` of a need (the cell with its sheet, as ``--explain`` names it)."""
    p = need.provenance
    text = f"{p.file}!{p.sheet}!{p.cell}"
    if p.carried_from is not None:
        text += f" (carried from {p.carried_from})"
    return text


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
        for area in NEED_COLUMNS:
            rows = [n for n in report.needs if n.area is area]
            if rows and area not in found:
                found[area] = (report, rows)
    return found


def need_note(iso3: str, areas: Iterable[NeedArea], stats: NeedsStatistics | None) -> str:
    """Why needs of ``iso3`` in ``areas`` are not in the Summary's figures ("" when all are).

    A need counts under an article only for a State in that article's denominator: clearance
    needs without a reported Article 4 obligation are in no sentence (``donor-workbook.md``).
    The note says so, so that "Needs by State" and the sentences agree at a glance.
    """
    if stats is None:
        return ""
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
        words = " and ".join(NEED_COLUMNS[a].lower() for a in mine)
        if iso3 in count.denominator_evidence:
            reasons.append(f"{words} needs not counted under Article {article}")
        else:
            reasons.append(f"{words} needs, but no Article {article} obligation reported")
    if NeedArea.OTHER in declared and not counted_somewhere:
        reasons.append('"Other" needs belong to no article')
    if not reasons:
        return ""
    return "Not in the Summary's figures: " + "; ".join(reasons) + "."


def need_row(
    iso3: str,
    name: str,
    reports: Sequence[ReportRow],
    since: int,
    as_of: int,
    stats: NeedsStatistics | None = None,
) -> NeedRow | None:
    """The "Needs by State" row of one counted State (None: no need in the window)."""
    found = latest_needs(reports, since, as_of)
    if not found:
        return None
    usd = Decimal(0)
    has_usd = False
    others: list[str] = []
    for area in NEED_COLUMNS:
        for need in found.get(area, (None, []))[1]:
            if need.estimated_cost is None:
                continue
            if (need.currency or "").upper() == "USD":
                usd += need.estimated_cost
                has_usd = True
            else:
                others.append(format_cost(need.estimated_cost, need.currency))
    order = {id(r): i for i, r in enumerate(reports)}
    latest_report, latest_rows = max(found.values(), key=lambda item: order[id(item[0])])
    return NeedRow(
        iso3=iso3,
        name=name,
        areas={area: describe_needs(rows) for area, (_, rows) in found.items()},
        usd_cost=usd if has_usd else None,
        other_costs="; ".join(others),
        latest_year=latest_report.ref.reporting_year,
        source=_source(latest_rows[0]),
        note=need_note(iso3, found, stats),
    )


def article_rows(
    stats: NeedsStatistics,
    article: int,
    counted: Mapping[str, Sequence[ReportRow]],
    deadlines: Mapping[str, ArticleDeadlines],
    names: Mapping[str, str],
) -> tuple[ArticleRow, ...]:
    """One row per State of the article's denominator, as the statistics counted it."""
    count = stats.article(article).count
    rows = []
    for iso3 in count.denominator_states:
        reports = {r.ref.report_id: r for r in counted[iso3]}
        evidence = count.denominator_evidence[iso3]
        status = reports[evidence.report.report_id].articles[article]
        need = count.numerator_evidence.get(iso3)
        description = ""
        if need is not None:
            needs = reports[need.report.report_id].needs
            description = describe_needs(n for n in needs if n.area in AREAS[article])
        dates = deadlines.get(iso3, ArticleDeadlines())
        rows.append(
            ArticleRow(
                iso3=iso3,
                name=names.get(iso3, iso3),
                status=status.status.value if status else "",
                completed_on=status.completed_on if status else None,
                deadline=dates.deadline,
                extension_until=dates.extension_until,
                need_declared=need is not None,
                description=description,
                latest_year=counted[iso3][-1].ref.reporting_year,
            )
        )
    return tuple(sorted(rows, key=lambda r: by_name(r.name, r.iso3)))


def gather_donor_data(
    session: Session,
    as_of: int | None = None,
    since: int | None = None,
    on: dt.date | None = None,
    *,
    database_url: str = "",
    generated: dt.datetime | None = None,
    manifest: Path | None = None,
) -> DonorData:
    """Everything the donor workbook shows, from the same functions as the CLI.

    Raises what :func:`compute_needs_statistics` raises (an empty store, a window that ends
    before it starts). ``generated`` defaults to now (UTC); it is the only value that differs
    between two exports of the same store with the same options.
    """
    from tracker.services.stats import compute_needs_and_reports, gc_paused

    # One read of the store for the statistics, the rows and the deadlines; every report a
    # lazy view, so carry-forward is resolved only for the forms the sheets show.
    stats, reports = compute_needs_and_reports(session, as_of=as_of, since=since)
    with gc_paused():  # tens of thousands of small objects, no cycles (see gc_paused)
        return _gather(session, stats, reports, on, database_url, generated, manifest)


def _gather(
    session: Session,
    stats: NeedsStatistics,
    reports: Sequence[ReportRow],
    on: dt.date | None,
    database_url: str,
    generated: dt.datetime | None,
    manifest: Path | None,
) -> DonorData:
    from tracker import __version__

    year, start = stats.as_of, stats.since
    day = on or default_on(year)
    names = state_names(session)
    counted, _ = counted_reports(reports, load_memberships(session), year)

    needs = [
        row
        for iso3 in sorted(counted)
        if (row := need_row(iso3, names.get(iso3, iso3), counted[iso3], start, year, stats))
    ]
    deadlines = gather_deadlines(session, day, reports)
    articles = {
        article: article_rows(stats, article, counted, deadlines.get(article, {}), names)
        for article in THEMES
    }

    sources = sorted(
        (r.ref for reports in counted.values() for r in reports),
        key=lambda ref: (ref.state_iso3, ref.reporting_year, ref.report_type.value, ref.file_name),
    )
    samples = sample_hashes(manifest)
    sample_files = tuple(ref.file_name for ref in sources if ref.sha256.lower() in samples)
    return DonorData(
        as_of=year,
        since=start,
        on=day,
        generated=generated or clock.now().replace(tzinfo=None, microsecond=0),
        sentences=tuple(stats.sentences),
        summary=tuple(
            SummaryRow(s.article, THEMES[s.article], s.denominator, s.numerator)
            for s in stats.statistics
        ),
        needs=tuple(sorted(needs, key=lambda r: by_name(r.name, r.iso3))),
        articles=articles,
        reporting=gather_reporting(session, year, day, names),
        excluded=tuple(
            ExcludedRow(
                e.ref.state_iso3,
                e.ref.reporting_year,
                e.ref.report_type.value,
                e.ref.file_name,
                e.reason,
            )
            for e in stats.counts.excluded
        ),
        sources=tuple(
            SourceRow(
                ref.file_name,
                ref.sha256,
                ref.state_iso3,
                names.get(ref.state_iso3, ref.state_iso3),
                ref.reporting_year,
                ref.report_type.value,
                ref.submitted_on,
            )
            for ref in sources
        ),
        database=database_name(database_url),
        version=__version__,
        sample=bool(sample_files),
        sample_files=sample_files,
    )
