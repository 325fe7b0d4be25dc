"""The donor workbook's content as plain values, before any layout (no I/O, no openpyxl).

:func:`tracker.export.data.donor_data` fills these from computed results; the sheet writers
only lay them out. Tests can build them by hand, so the layout is
tested apart from the counting.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from tracker.enums import NeedArea

TITLE = "Convention on Cluster Munitions — declared assistance needs"
SAMPLE_BANNER = "SAMPLE DATA — illustrative, not official figures"

# The Summary's themes, one per article (spec/donor-workbook.md).
THEMES: dict[int, str] = {
    3: "Stockpile destruction",
    4: "Clearance and risk reduction education",
    5: "Victim assistance",
}

# The need columns of "Needs by State", in this order, with their headings.
NEED_COLUMNS: dict[NeedArea, str] = {
    NeedArea.STOCKPILE_DESTRUCTION: "Stockpile destruction",
    NeedArea.CLEARANCE: "Clearance",
    NeedArea.RISK_REDUCTION_EDUCATION: "Risk reduction education",
    NeedArea.VICTIM_ASSISTANCE: "Victim assistance",
    NeedArea.OTHER: "Other",
}


def by_name(name: str, iso3: str) -> tuple[str, str]:
    """Sort key for States as donors look for them: by name, accents ignored (Côte by Costa)."""
    plain = unicodedata.normalize("NFKD", name)
    return "".join(c for c in plain if not unicodedata.combining(c)).casefold(), iso3


@dataclass(frozen=True)
class SummaryRow:
    """One article's line of the Summary table (and of the chart)."""

    article: int
    theme: str
    denominator: int
    numerator: int

    @property
    def share(self) -> float | None:
        """Numerator over denominator (None when no State has obligations)."""
        return self.numerator / self.denominator if self.denominator else None


@dataclass(frozen=True)
class NeedRow:
    """A counted State that declared needs in the window (sheet "Needs by State")."""

    iso3: str
    name: str
    areas: dict[NeedArea, str]
    usd_cost: Decimal | None
    other_costs: str
    latest_year: int
    source: str
    note: str = ""  # why a need is not in the Summary's figures ("" when every need is)


@dataclass(frozen=True)
class ArticleRow:
    """A State in an article's denominator (sheets "Article 3", "Article 4", "Article 5")."""

    iso3: str
    name: str
    status: str
    completed_on: dt.date | None
    deadline: dt.date | None
    extension_until: dt.date | None
    need_declared: bool
    description: str
    latest_year: int


@dataclass(frozen=True)
class ReportingRow:
    """An expected annual report of the as-of year and how it stands on ``--on``."""

    iso3: str
    name: str
    due: dt.date
    submitted: dt.date | None
    status: str
    days_late: int | None


@dataclass(frozen=True)
class OverdueInitialRow:
    """An initial report not received by ``--on`` although its due date has passed."""

    iso3: str
    name: str
    due: dt.date
    days_overdue: int


@dataclass(frozen=True)
class Reporting:
    """The compliance picture of one reporting year, judged on one day."""

    year: int
    on: dt.date
    sentences: tuple[str, ...]
    rows: tuple[ReportingRow, ...]
    overdue_initial: tuple[OverdueInitialRow, ...]


@dataclass(frozen=True)
class ExcludedRow:
    """A report left out of the statistics, and why (the statistics' own reason)."""

    iso3: str
    reporting_year: int
    report_type: str
    file_name: str
    reason: str


@dataclass(frozen=True)
class SourceRow:
    """A counted report: the files the figures come from."""

    file_name: str
    sha256: str
    iso3: str
    name: str
    reporting_year: int
    report_type: str
    submitted_on: dt.date | None


@dataclass(frozen=True)
class DonorData:
    """Everything the donor workbook shows, already computed."""

    as_of: int
    since: int
    on: dt.date
    generated: dt.datetime
    sentences: tuple[str, ...]
    summary: tuple[SummaryRow, ...]
    needs: tuple[NeedRow, ...]
    articles: dict[int, tuple[ArticleRow, ...]]
    reporting: Reporting
    excluded: tuple[ExcludedRow, ...]
    sources: tuple[SourceRow, ...]
    database: str
    version: str
    sample: bool = False
    sample_files: tuple[str, ...] = field(default=())

    @property
    def reports_counted(self) -> int:
        """How many reports stand behind the figures."""
        return len(self.sources)
