"""``tracker reports list``: each (State, year, type) with its stored versions, best first."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from tracker.export.safety import to_csv
from tracker.listings.formats import iso
from tracker.services.audit import as_utc
from tracker.services.reports import ReportChain, StoredVersion
from tracker.wording import plural

CSV_COLUMNS = (
    "state",
    "reporting_year",
    "report_type",
    "status",
    "channel",
    "submitted",
    "sha256",
    "path",
    "source_row",
    "imported_at",
    "imported_by",
)


def status(v: StoredVersion) -> str:
    """``current``, ``withdrawn`` or ``superseded``."""
    return "current" if v.is_current else "withdrawn" if v.is_withdrawn else "superseded"


def version_line(v: StoredVersion) -> str:
    """``current    workbook  submitted 2025-04-30  3c8dd20f3058  alice@isu-pc  reports/TCD.xlsx``.

    The user@host of the import that brought the version in sits before the file, so that the
    file (which may contain spaces) stays the end of the line.
    """
    submitted = f"submitted {v.submitted_on.isoformat()}" if v.submitted_on else "undated"
    who = v.imported_by or "unknown"
    return (
        f"{status(v):<10} {v.channel.value:<8}  {submitted:<20}  {v.sha256[:12]}  {who}  {v.where}"
    )


def chain_lines(chain: ReportChain) -> str:
    """A chain as text: a heading line, then one indented line per version."""
    key = chain.key
    heading = (
        f"{key.state_iso3} {key.reporting_year} {key.report_type.value}: "
        f"{plural(len(chain.versions), 'version')}"
    )
    return "\n".join([heading, *(f"  {version_line(v)}" for v in chain.versions)])


def text_lines(chains: Sequence[ReportChain]) -> Iterator[str]:
    """Every chain as text."""
    for chain in chains:
        yield chain_lines(chain)


def version_json(v: StoredVersion) -> dict[str, object]:
    """One version of a chain in the JSON document."""
    return {
        "status": status(v),
        "channel": v.channel.value,
        "submitted": iso(v.submitted_on),
        "sha256": v.sha256,
        "path": v.path,
        "file_name": v.file_name,
        "source_row": v.source_row,
        "imported_at": iso(as_utc(v.imported_at)),
        "imported_by": v.imported_by,
    }


def as_json(chains: Sequence[ReportChain]) -> dict[str, object]:
    """``{"reports": [{"state", "reporting_year", "report_type", "versions": [...]}]}``."""
    return {
        "reports": [
            {
                "state": c.key.state_iso3,
                "reporting_year": c.key.reporting_year,
                "report_type": c.key.report_type.value,
                "versions": [version_json(v) for v in c.versions],
            }
            for c in chains
        ]
    }


def as_csv(chains: Sequence[ReportChain]) -> str:
    """One row per stored version (the chain's key repeated), best first within a chain."""
    rows = (
        [
            c.key.state_iso3,
            c.key.reporting_year,
            c.key.report_type.value,
            *(version_json(v)[k] for k in CSV_COLUMNS[3:]),
        ]
        for c in chains
        for v in c.versions
    )
    return to_csv(CSV_COLUMNS, rows)
