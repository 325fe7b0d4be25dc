"""What the reader hands the loader: a file's reports as plain data, and every issue found.

This is the seam between reading/validation (``tracker.ingest.reader`` and friends, no database)
and loading (``tracker.services.loading.loader``). Fact rows are plain dicts whose keys are the
columns of their model in :mod:`tracker.models.facts` (without ``id`` and ``report_id``, with
``sheet`` and ``cell``), so the loader can bulk-insert them with SQLAlchemy Core.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tracker.enums import Channel, FormStatus, ReportType
from tracker.issues import Issue, has_errors

FactRowData = dict[str, Any]

# The fact tables a report can fill, by the model's table name.
FACT_TABLES: tuple[str, ...] = (
    "article_facts",
    "needs",
    "national_resources",
    "flows",
    "stockpiles",
    "destructions",
    "contaminated_areas",
    "risk_education_activities",
    "implementation_measures",
    "form_texts",
)


@dataclass
class FormEntry:
    """The cover page's status of one form (A–J)."""

    form: str
    status: FormStatus
    last_reported: int | None = None
    sheet: str | None = None
    cell: str | None = None


@dataclass
class ParsedReport:
    """One report read from a file (a form workbook holds one, a matrix sheet one per row)."""

    state_iso3: str
    report_type: ReportType
    period_from: dt.date
    period_to: dt.date
    submitted_on: dt.date | None
    channel: Channel
    layout: str
    language: str = "en"
    organisation: str | None = None
    contact_name: str | None = None
    email: str | None = None
    telephone: str | None = None
    sheet: str = "Cover"  # where the report's identity (its State) was read
    cell: str | None = None
    source_row: int = 0  # matrix: the sheet row (1-based); form workbook: 0
    submitted_cell: str | None = None  # where the date of submission was read (same sheet)
    forms: list[FormEntry] = field(default_factory=list)
    facts: dict[str, list[FactRowData]] = field(default_factory=dict)

    @property
    def reporting_year(self) -> int:
        """The calendar year of "Reporting period to": the report counts for that year only."""
        return self.period_to.year

    def rows(self, table: str) -> list[FactRowData]:
        """The fact rows for ``table`` (one of :data:`FACT_TABLES`)."""
        return self.facts.setdefault(table, [])


@dataclass
class ParsedFile:
    """A file after reading and validation; ``reports`` is empty when it could not be read."""

    path: str  # as given on the command line (shown in messages)
    file_name: str
    sha256: str
    size_bytes: int
    layout: str
    kind: str  # "workbook" (a form workbook) or "matrix"
    reports: list[ParsedReport] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    language: str | None = None  # the workbook's language as detected (None: never detected)
    # The file's bytes, kept by the loader as the original (None: the file was rejected, or too
    # large to hold, and the loader reads it again from ``path``, checking its SHA-256).
    content: bytes | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        """True when no issue rejects the file."""
        return not has_errors(self.issues)
