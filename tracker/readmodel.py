"""The read model: the store as plain, typed rows (pure; no SQLAlchemy, no I/O).

One reader turns the store into these rows (:mod:`tracker.services.store`), once per command,
loading only what the command's projection asks for; every rule and output takes them:
statistics, compliance and deadlines, the State page, the donor workbook, and next the web
pages, indicators and assistance. Carry-forward of unchanged forms is applied to them by
:mod:`tracker.carry`.

- :class:`ReportRef`: a stored report version (who, which year, which file, current or not);
- :class:`FormInfo`, :class:`ArticleFactData`, :class:`NeedData`: its cover statuses, its
  Article 3/4/5 facts (with the deadline and extension cells) and its declared needs;
- :class:`RawReport`: a version with those rows, before carry-forward;
- :class:`Member`: a membership record (the one shape of it);
- :class:`Decision`: a meeting's extension decision;
- :class:`Submission`: a version reduced to what reporting compliance reads;
- :class:`Rows`: what one read of the store gives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from tracker.enums import FormStatus, NeedArea, ObligationStatus, ReportType

# Which form carries which article's status, and the needs.
ARTICLE_FORMS: dict[int, str] = {3: "B", 4: "F", 5: "H"}
NEEDS_FORM = "I"
FIGURE_FORMS: tuple[str, ...] = (*ARTICLE_FORMS.values(), NEEDS_FORM)


@dataclass(frozen=True)
class ReportRef:
    """A stored report version: who, which year, which file."""

    report_id: int
    state_iso3: str
    reporting_year: int
    report_type: ReportType
    submitted_on: dt.date | None
    period_from: dt.date
    period_to: dt.date
    file_name: str
    sha256: str
    channel: str
    is_current: bool
    is_withdrawn: bool
    source_row: int = 0  # the row of a matrix file (0 for a workbook): the rule's last tie-break
    # Where the report's identity (its State) was read, and the layout it was read with: the
    # "report cell" of an indicator's evidence and its ``layout`` predicate.
    sheet: str = ""
    cell: str = ""
    layout: str = ""


@dataclass(frozen=True)
class ArticleFactData:
    """An article's facts as stored for one report (Form B, F or H)."""

    article: int
    status: ObligationStatus
    sheet: str
    cell: str
    completed_on: dt.date | None = None
    deadline: dt.date | None = None
    extension_until: dt.date | None = None
    recorded_victims: int | None = None
    deadline_cell: str | None = None
    extension_cell: str | None = None


@dataclass(frozen=True)
class NeedData:
    """A declared need (``Assistance needed`` = yes) as stored for one report."""

    area: NeedArea
    sheet: str
    cell: str
    description: str | None = None
    estimated_cost: Decimal | None = None
    currency: str | None = None


@dataclass(frozen=True)
class FormInfo:
    """The cover page's status of one form and the cell that says it."""

    status: FormStatus
    last_reported: int | None = None
    sheet: str = "Cover"
    cell: str = ""


@dataclass(frozen=True)
class RawReport:
    """A stored report with its cover statuses and its own (not carried) facts."""

    ref: ReportRef
    forms: Mapping[str, FormInfo] = field(default_factory=dict)
    articles: Mapping[int, ArticleFactData] = field(default_factory=dict)
    needs: tuple[NeedData, ...] = ()

    def status_of(self, form: str) -> tuple[FormStatus, int | None]:
        """The cover status of ``form``; without a cover row, data present means changed."""
        info = self.forms.get(form)
        if info is not None:
            return info.status, info.last_reported
        has_data = (
            bool(self.needs)
            if form == NEEDS_FORM
            else any(ARTICLE_FORMS[a] == form for a in self.articles)
        )
        return (FormStatus.CHANGED, None) if has_data else (FormStatus.NOT_PROVIDED, None)


@dataclass(frozen=True)
class Member:
    """A State's membership record: signature, deposit, entry into force, withdrawal."""

    iso3: str
    signed: dt.date | None = None
    deposited: dt.date | None = None
    entry_into_force: dt.date | None = None
    withdrawal_effective: dt.date | None = None
    deposit_type: str | None = None  # ratification, accession, approval, acceptance
    source: str | None = None


@dataclass(frozen=True)
class Decision:
    """A meeting's decision extending one State's Article 3 or 4 deadline."""

    state_iso3: str
    article: int
    extended_until: dt.date
    decided_on: dt.date
    meeting: str
    source: str = ""

    @property
    def label(self) -> str:
        """``extension decision of <meeting>, decided 2019-09-04``."""
        return f"extension decision of {self.meeting}, decided {self.decided_on.isoformat()}"


@dataclass(frozen=True)
class Submission:
    """A report version reduced to what reporting compliance reads."""

    state_iso3: str
    report_type: ReportType
    period_to: dt.date
    submitted_on: dt.date | None
    is_withdrawn: bool = False
    # The version's file and cell (an indicator's evidence for a received report).
    reporting_year: int = 0
    file_name: str = ""
    sheet: str = ""
    cell: str = ""


@dataclass
class Rows:
    """One read of the store: what the command's projection asked for (the rest stays empty).

    ``reports`` are the versions asked for (current ones, or every version), in id order;
    ``history`` every version of the States whose counted reports on an earlier day may differ
    from the current ones (see :class:`tracker.services.store.Projection`).
    """

    reports: list[RawReport] = field(default_factory=list)
    history: list[RawReport] = field(default_factory=list)
    members: dict[str, Member] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    decisions: list[Decision] = field(default_factory=list)
    submissions: list[Submission] = field(default_factory=list)

    def name(self, iso3: str) -> str:
        """A State's English name (its code when unknown)."""
        return self.names.get(iso3, iso3)
