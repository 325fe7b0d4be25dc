"""What computing an indicator gives (``spec/indicators.md`` §4), as plain values.

The engine (which reads the store) finds, per indicator and as-of year, the States of the
population and of the condition with the evidence that put each there; :func:`build_result`
turns that into an :class:`IndicatorResult`: both State lists, the figures, the value (a whole
percentage rounded half up, or the count), the status and the sentence. Every output (text,
JSON, CSV, workbook, Word draft, charts) renders these values, so they always agree, and can be
tested with results made by hand.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from tracker.indicators.model import Indicator, Unit
from tracker.indicators.sentences import (
    NameBook,
    SentenceValues,
    annual_due,
    long_date,
    percent,
    render,
)
from tracker.indicators.vocabulary import predicates_of
from tracker.stats.rules import Evidence as CountedEvidence
from tracker.wording import Style


class Status(enum.StrEnum):
    """How an indicator stands for one year."""

    COMPUTED = "computed"
    NOT_COMPUTABLE = "not computable"
    NOT_IN_PLAN_PERIOD = "not in plan period"
    NOT_YET_DUE = "not yet due"


# --- evidence ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CellEvidence:
    """A report cell (``statistics.md``'s provenance), with the report it was carried into."""

    file: str
    reporting_year: int
    report_type: str
    submitted: dt.date | None
    sheet: str
    cell: str
    carried_from: int | None = None
    carried_into: tuple[int, str, str] | None = None  # (year, type, file) of the counted report
    # The statistics' own evidence (counted report and provenance) when the cell is one of
    # theirs: ``tracker stats needs`` renders it as it always has.
    counted: CountedEvidence | None = field(default=None, compare=False, repr=False)

    def as_json(self) -> dict[str, object]:
        """``statistics.md``'s provenance object plus ``"basis": "cell"``."""
        return {
            "file": self.file,
            "reporting_year": self.reporting_year,
            "report_type": self.report_type,
            "submitted": self.submitted.isoformat() if self.submitted else None,
            "sheet": self.sheet,
            "cell": self.cell,
            "carried_from": self.carried_from,
            "basis": "cell",
        }

    def as_text(self) -> str:
        """``Form F!B1 in TCD-2024.xlsx (2024 annual report, submitted 2025-05-20)``."""
        submitted = (
            f"submitted {self.submitted.isoformat()}" if self.submitted else "no submission date"
        )
        text = (
            f"{self.sheet}!{self.cell} in {self.file} "
            f"({self.reporting_year} {self.report_type} report, {submitted})"
        )
        if self.carried_from is not None and self.carried_into is not None:
            year, kind, file = self.carried_into
            text += (
                f"; carried forward from {self.carried_from} into the {year} {kind} report ({file})"
            )
        return text


@dataclass(frozen=True)
class MembershipEvidence:
    """The State's membership record (entry into force, withdrawal)."""

    entry_into_force: dt.date | None
    withdrawal_effective: dt.date | None = None

    def as_json(self) -> dict[str, object]:
        """``{"basis": "membership", "entry_into_force": …, "withdrawal_effective": …}``."""
        return {
            "basis": "membership",
            "entry_into_force": _iso(self.entry_into_force),
            "withdrawal_effective": _iso(self.withdrawal_effective),
        }

    def as_text(self) -> str:
        """``membership record (in force 2011-04-01)``."""
        force = (
            f"in force {self.entry_into_force.isoformat()}"
            if self.entry_into_force
            else "entry into force unknown"
        )
        if self.withdrawal_effective:
            force += f", withdrawal effective {self.withdrawal_effective.isoformat()}"
        return f"membership record ({force})"


@dataclass(frozen=True)
class DecisionEvidence:
    """An extension decision of a meeting of the States Parties."""

    meeting: str
    decided_on: dt.date
    source: str

    def as_json(self) -> dict[str, object]:
        """``{"basis": "decision", "meeting": …, "decided_on": …, "source": …}``."""
        return {
            "basis": "decision",
            "meeting": self.meeting,
            "decided_on": self.decided_on.isoformat(),
            "source": self.source,
        }

    def as_text(self) -> str:
        """``decision of 9MSP (2019-09-04)``."""
        return f"decision of {self.meeting} ({self.decided_on.isoformat()})"


@dataclass(frozen=True)
class AbsenceEvidence:
    """Something that is not there (a ``not``, an overdue report)."""

    detail: str

    def as_json(self) -> dict[str, object]:
        """``{"basis": "absence", "detail": "no initial report received by 2025-12-31"}``."""
        return {"basis": "absence", "detail": self.detail}

    def as_text(self) -> str:
        """The detail itself."""
        return self.detail


Evidence = CellEvidence | MembershipEvidence | DecisionEvidence | AbsenceEvidence


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass(frozen=True)
class StateEvidence:
    """Why a State of the denominator is there, and (if it is) why it is in the numerator."""

    denominator: Evidence
    numerator: Evidence | None = None

    def as_json(self) -> dict[str, object]:
        """``{"denominator": EV, "numerator": EV | null}``."""
        return {
            "denominator": self.denominator.as_json(),
            "numerator": self.numerator.as_json() if self.numerator else None,
        }


# --- results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Excluded:
    """A report left out of the counted reports, with ``statistics.md``'s reason."""

    state: str
    reporting_year: int
    file: str
    reason: str
    report_type: str
    code: str

    def as_json(self) -> dict[str, object]:
        """The ``excluded`` entry of ``statistics.md`` (its keys, then type and code)."""
        return {
            "state": self.state,
            "reporting_year": self.reporting_year,
            "file": self.file,
            "reason": self.reason,
            "report_type": self.report_type,
            "code": self.code,
        }


@dataclass(frozen=True)
class SourceReport:
    """A counted report behind the figures (the Method lists them)."""

    file: str
    sha256: str
    state: str
    reporting_year: int
    report_type: str
    submitted: dt.date | None


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator for one as-of year."""

    indicator: Indicator
    status: Status
    lang: str
    denominator: int | None = None
    numerator: int | None = None
    value: int | None = None
    denominator_states: tuple[str, ...] = ()
    numerator_states: tuple[str, ...] = ()
    sentence: str | None = None
    evidence: Mapping[str, StateEvidence] = field(default_factory=dict)
    series_of: str | None = None
    year: int | None = None  # the year {year} names (the not-yet-due text uses it)

    @property
    def id(self) -> str:
        """The indicator's id."""
        return self.indicator.id

    @property
    def unit(self) -> Unit | None:
        """Count or percentage (None when not computable)."""
        return self.indicator.unit

    def value_text(self) -> str:
        """``40%``, ``2`` or ``—`` (the tables' value)."""
        if self.value is None:
            return "—"
        return f"{self.value}%" if self.unit is Unit.PERCENTAGE else str(self.value)

    def status_text(self) -> str:
        """What the text output says for a result without a sentence."""
        if self.status is Status.NOT_COMPUTABLE:
            return f"not computable from Article 7 reports — {self.indicator.shown_title()}"
        if self.status is Status.NOT_YET_DUE and self.year is not None:
            return (
                f"not yet due: annual reports for {self.year} are due "
                f"{long_date(annual_due(self.year))}"
            )
        if self.status is Status.NOT_IN_PLAN_PERIOD:
            return "not in plan period"
        return self.sentence or ""


@dataclass(frozen=True)
class CatalogueRef:
    """A catalogue a run used: its key, file and SHA-256."""

    key: str
    file: str
    sha256: str


@dataclass(frozen=True)
class Run:
    """Every selected indicator for one as-of year: what ``compute`` prints for one year."""

    as_of: int
    since: int
    on: dt.date
    style: Style
    lang: str
    catalogues: tuple[CatalogueRef, ...]
    results: tuple[IndicatorResult, ...]
    excluded: tuple[Excluded, ...] = ()
    sources: tuple[SourceReport, ...] = ()
    sample: bool = False
    generated: dt.datetime | None = None
    version: str = ""
    database: str = ""

    def result(self, indicator_id: str) -> IndicatorResult:
        """The result of one indicator."""
        return next(r for r in self.results if r.id == indicator_id)


@dataclass(frozen=True)
class Series:
    """The same indicators over the years ``first``–``last`` (``--years``), one run a year."""

    first: int
    last: int
    style: Style
    lang: str
    runs: tuple[Run, ...]


# --- building a result ------------------------------------------------------------------------


def not_yet_due_year(indicator: Indicator, as_of: int, on: dt.date) -> int | None:
    """The year of an ``annual_report_on_time`` of the indicator still due after ``on``."""
    for expression in (indicator.population, indicator.condition):
        if expression is None:
            continue
        for predicate in predicates_of(expression):
            if predicate.name == "annual_report_on_time":
                year = predicate.get("year").year(as_of)
                if annual_due(year) > on:
                    return int(year)
    return None


def sentence_lang(indicator: Indicator, lang: str) -> str:
    """The language the sentence is written in: ``lang`` if the catalogue has it, else en."""
    return lang if lang in indicator.sentences else "en"


def value_of(unit: Unit | None, numerator: int, denominator: int) -> int | None:
    """The count, or the whole percentage rounded half up (None for a zero denominator)."""
    if unit is Unit.PERCENTAGE:
        return percent(numerator, denominator) if denominator else None
    return numerator


def build_result(
    indicator: Indicator,
    *,
    as_of: int,
    since: int,
    on: dt.date,
    denominator: Mapping[str, Evidence],
    numerator: Mapping[str, Evidence],
    lang: str = "en",
    style: Style = Style.WORDS,
    names: NameBook | None = None,
    series_of: str | None = None,
) -> IndicatorResult:
    """The result of a computable indicator from its two sets of States with evidence.

    ``numerator`` must be a subset of ``denominator`` (the engine intersects them).
    """
    if not indicator.computable:
        return not_computable(indicator, lang, series_of=series_of)
    outside = sorted(set(numerator) - set(denominator))
    if outside:
        raise ValueError(f"{indicator.id}: numerator States not in the denominator: {outside}")
    d_states = tuple(sorted(denominator))
    n_states = tuple(sorted(numerator))
    d, n = len(d_states), len(n_states)
    year = indicator.year_ref.year(as_of)
    written = sentence_lang(indicator, lang)
    evidence = {s: StateEvidence(denominator[s], numerator.get(s)) for s in d_states}
    status, value, sentence = Status.NOT_YET_DUE, None, None
    pending = not_yet_due_year(indicator, as_of, on)
    if pending is None:
        values = SentenceValues(n, d, n_states, d_states, year, as_of, since, on)
        template = indicator.sentences[written]
        sentence = render(template, values, lang=written, style=style, names=names)
        status, value = Status.COMPUTED, value_of(indicator.unit, n, d)
    return IndicatorResult(
        indicator,
        status,
        written,
        denominator=d,
        numerator=n,
        value=value,
        denominator_states=d_states,
        numerator_states=n_states,
        sentence=sentence,
        evidence=evidence,
        series_of=series_of,
        year=year if pending is None else pending,
    )


def not_computable(
    indicator: Indicator, lang: str = "en", *, series_of: str | None = None
) -> IndicatorResult:
    """The result of an indicator Article 7 reports cannot answer (figures null)."""
    return IndicatorResult(indicator, Status.NOT_COMPUTABLE, lang, series_of=series_of)


def not_in_plan_period(
    indicator: Indicator, lang: str = "en", *, series_of: str | None = None
) -> IndicatorResult:
    """A year of a series that no indicator of the ``replaces`` chain governs."""
    return IndicatorResult(indicator, Status.NOT_IN_PLAN_PERIOD, lang, series_of=series_of)
