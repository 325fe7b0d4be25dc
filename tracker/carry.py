"""Carry-forward of unchanged forms, resolved when figures are computed (pure, no I/O).

A form marked ``unchanged (last reported Y)`` means the data of the State's report for year Y
still holds: the current annual report for Y, else the initial report for Y, following chains
of ``unchanged``. Until that report is in the store the form counts as not provided. Nothing is
copied at import; every figure keeps the cell it really came from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal

from tracker.models.enums import FormStatus, NeedArea, ObligationStatus, ReportType

# Which form carries which article's status, and the needs.
ARTICLE_FORMS: dict[int, str] = {3: "B", 4: "F", 5: "H"}
NEEDS_FORM = "I"


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


@dataclass(frozen=True)
class Provenance:
    """Where a figure came from: the report, the sheet and cell, and a carried-from year."""

    file: str
    reporting_year: int
    report_type: ReportType
    submitted: dt.date | None
    sheet: str
    cell: str
    carried_from: int | None = None

    def as_json(self) -> dict[str, object]:
        """The ``provenance`` entry shape of ``tracker stats needs --explain``."""
        return {
            "file": self.file,
            "reporting_year": self.reporting_year,
            "report_type": self.report_type.value,
            "submitted": self.submitted.isoformat() if self.submitted else None,
            "sheet": self.sheet,
            "cell": self.cell,
            "carried_from": self.carried_from,
        }


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
    forms: dict[str, FormInfo] = field(default_factory=dict)
    articles: Mapping[int, ArticleFactData] = field(default_factory=dict)
    needs: tuple[NeedData, ...] = ()

    def status_of(self, form: str) -> tuple[FormStatus, int | None]:
        """The cover status of ``form``; without a cover row, data present means changed."""
        if form in self.forms:
            info = self.forms[form]
            return info.status, info.last_reported
        has_data = (
            bool(self.needs)
            if form == NEEDS_FORM
            else any(ARTICLE_FORMS[a] == form for a in self.articles)
        )
        return (FormStatus.CHANGED, None) if has_data else (FormStatus.NOT_PROVIDED, None)


@dataclass(frozen=True)
class ArticleStatus:
    """An article's effective status in a report after carry-forward."""

    article: int
    status: ObligationStatus
    provenance: Provenance
    completed_on: dt.date | None = None
    deadline: dt.date | None = None
    extension_until: dt.date | None = None
    recorded_victims: int | None = None
    # Where the deadline and the extension were read (the status's sheet, these cells; None:
    # not recorded, e.g. a report stored before the cells were kept).
    deadline_cell: str | None = None
    extension_cell: str | None = None

    def date_provenance(self, cell: str | None) -> Provenance:
        """The provenance of a date of this fact read from ``cell`` (same report and sheet).

        ``cell`` None (not recorded) gives an empty cell, never the status's cell: a source
        that names the wrong cell is worse than one that names only the sheet.
        """
        return replace(self.provenance, cell=cell or "")


@dataclass(frozen=True)
class Need:
    """An effective declared need of a report (its own, or carried forward)."""

    area: NeedArea
    provenance: Provenance
    description: str | None = None
    estimated_cost: Decimal | None = None
    currency: str | None = None


@dataclass(frozen=True)
class EffectiveReport:
    """A report as the figures see it: statuses and needs after carry-forward.

    ``articles[a]`` is None when the form was not provided (so an earlier report decides);
    a form marked not applicable gives status ``none``.
    """

    ref: ReportRef
    articles: dict[int, ArticleStatus | None]
    needs: tuple[Need, ...]
    form_status: dict[str, FormStatus]


def _provenance(report: RawReport, sheet: str, cell: str, carried_from: int | None) -> Provenance:
    ref = report.ref
    return Provenance(
        file=ref.file_name,
        reporting_year=ref.reporting_year,
        report_type=ref.report_type,
        submitted=ref.submitted_on,
        sheet=sheet,
        cell=cell,
        carried_from=carried_from,
    )


class CarryForward:
    """Resolves forms of reports against the current versions of the same State's reports."""

    def __init__(self, current: list[RawReport]) -> None:
        self._by_key: dict[tuple[str, int, ReportType], RawReport] = {
            (r.ref.state_iso3, r.ref.reporting_year, r.ref.report_type): r
            for r in current
            if r.ref.is_current and not r.ref.is_withdrawn
        }

    def source_of(self, report: RawReport, form: str) -> tuple[RawReport, int | None] | None:
        """The report whose data the form shows, and the year carried from (None: its own).

        Returns None when the form was not provided, or its chain of ``unchanged`` ends
        nowhere (the referenced report is not in the store, or the chain loops).
        """
        seen: set[int] = set()
        current, carried_from = report, None
        while True:
            status, last = current.status_of(form)
            if status in (FormStatus.CHANGED, FormStatus.NOT_APPLICABLE):
                return current, carried_from
            if status is FormStatus.NOT_PROVIDED or last is None:
                return None
            seen.add(current.ref.report_id)
            state = current.ref.state_iso3
            target = self._by_key.get((state, last, ReportType.ANNUAL)) or self._by_key.get(
                (state, last, ReportType.INITIAL)
            )
            if target is None or target.ref.report_id in seen:
                return None
            current, carried_from = target, last

    def resolve(self, report: RawReport) -> EffectiveReport:
        """The report's effective statuses and needs."""
        articles = {article: self.article(report, article) for article in ARTICLE_FORMS}
        form_status = {f: report.status_of(f)[0] for f in "ABCDEFGHIJ"}
        return EffectiveReport(report.ref, articles, self.needs(report), form_status)

    def needs(self, report: RawReport) -> tuple[Need, ...]:
        """The report's effective declared needs (its own, or carried forward)."""
        source = self.source_of(report, NEEDS_FORM)
        if source is None:
            return ()
        origin, carried = source
        return tuple(
            Need(
                area=n.area,
                provenance=_provenance(origin, n.sheet, n.cell, carried),
                description=n.description,
                estimated_cost=n.estimated_cost,
                currency=n.currency,
            )
            for n in origin.needs
        )

    def article(self, report: RawReport, article: int) -> ArticleStatus | None:
        """One article's effective status in the report (None: form not provided).

        Resolving one article alone lets the statistics stop at the first report that
        decides, instead of resolving every form of every report.
        """
        form = ARTICLE_FORMS[article]
        source = self.source_of(report, form)
        if source is None:
            return None
        origin, carried = source
        status, _ = origin.status_of(form)
        fact = origin.articles.get(article)
        if status is FormStatus.NOT_APPLICABLE or fact is None:
            if status is not FormStatus.NOT_APPLICABLE:
                return None  # marked changed but nothing read: not provided
            info = origin.forms.get(form, FormInfo(status))
            return ArticleStatus(
                article, ObligationStatus.NONE, _provenance(origin, info.sheet, info.cell, carried)
            )
        return ArticleStatus(
            article=article,
            status=fact.status,
            provenance=_provenance(origin, fact.sheet, fact.cell, carried),
            completed_on=fact.completed_on,
            deadline=fact.deadline,
            extension_until=fact.extension_until,
            recorded_victims=fact.recorded_victims,
            deadline_cell=fact.deadline_cell,
            extension_cell=fact.extension_cell,
        )


def resolve_all(reports: list[RawReport]) -> list[EffectiveReport]:
    """Every current, not withdrawn report resolved against the others."""
    resolver = CarryForward(reports)
    return [resolver.resolve(r) for r in reports if r.ref.is_current and not r.ref.is_withdrawn]
