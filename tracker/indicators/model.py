"""Catalogues and indicators as plain values (``spec/indicators.md`` §1), and their problems."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from tracker.errors import TrackerError
from tracker.indicators.sentences import Template
from tracker.indicators.vocabulary import Expression, YearRef, describe, year_refs


class Unit(enum.StrEnum):
    """What an indicator's value is: the numerator, or its share of the denominator."""

    COUNT = "count"
    PERCENTAGE = "percentage"


class ReportList(enum.StrEnum):
    """Which States the progress report lists after the sentence (``Label: A, B and C.``)."""

    NONE = "none"
    NUMERATOR = "numerator"
    DENOMINATOR = "denominator"


NOT_COMPUTABLE = "not computable from Article 7 reports"
ISU_WORDING = " (ISU wording)"


@dataclass(frozen=True)
class Indicator:
    """One indicator of a catalogue, validated."""

    id: str
    catalogue: str  # the catalogue's key
    plan: str | None  # the plan's name (None for core)
    actions: tuple[str, ...]
    theme: str
    label: str
    title: str
    verbatim: bool | None
    note: str | None
    computable: bool
    population: Expression | None
    condition: Expression | None
    unit: Unit | None
    sentences: Mapping[str, Template] = field(default_factory=dict)
    report_list: ReportList = ReportList.NONE
    replaces: str | None = None
    file: str = ""
    line: int = 0

    @property
    def year_ref(self) -> YearRef:
        """The year ``{year}`` names: the one the year parameters name, else A."""
        refs = year_refs(self.population, self.condition)
        return next(iter(refs)) if len(refs) == 1 else YearRef()

    def shown_title(self) -> str:
        """The title, with `` (ISU wording)`` when it is not the plan's own text."""
        return self.title + (ISU_WORDING if self.verbatim is False else "")

    def in_words(self) -> str:
        """Population and condition in words (the Method's "each indicator in words")."""
        if not self.computable or self.population is None or self.condition is None:
            return NOT_COMPUTABLE
        value = (
            "the numerator as a whole percentage of the denominator, rounded half up"
            if self.unit is Unit.PERCENTAGE
            else "the numerator"
        )
        return (
            f"Denominator: every State that {describe(self.population)}. Numerator: those of "
            f"them that {describe(self.condition)}. Value: {value}."
        )

    @property
    def location(self) -> str:
        """``FILE:LINE`` of the indicator's entry."""
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Catalogue:
    """A catalogue file: its key, its plan, and its indicators in written order."""

    key: str
    plan: str | None
    file: str  # as shown in messages and outputs (the name for a shipped file)
    sha256: str
    indicators: tuple[Indicator, ...]


class Severity(enum.StrEnum):
    """Errors stop every command; warnings are shown and change nothing."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class CatalogueIssue:
    """One problem of a catalogue file, at a line (None: the file as a whole)."""

    file: str
    line: int | None
    message: str
    severity: Severity = Severity.ERROR

    def as_text(self) -> str:
        """``FILE:LINE: message`` (``FILE:LINE: warning: message``)."""
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        kind = "warning: " if self.severity is Severity.WARNING else ""
        return f"{where}: {kind}{self.message}"

    def as_json(self) -> dict[str, object]:
        """``{"line", "severity", "message"}`` of ``tracker indicators check --format json``."""
        return {"line": self.line, "severity": self.severity.value, "message": self.message}


def plural(n: int, one: str, many: str | None = None) -> str:
    """``1 indicator``, ``2 indicators``."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


class CatalogueError(TrackerError):
    """Catalogues with errors: nothing runs. ``issues`` holds every problem (warnings too)."""

    def __init__(self, issues: Sequence[CatalogueIssue]) -> None:
        self.issues = tuple(issues)
        errors = [i for i in self.issues if i.severity is Severity.ERROR]
        files = {i.file for i in errors}
        super().__init__(
            f"{plural(len(errors), 'error')} in {plural(len(files), 'catalogue file')}, nothing "
            "was run: correct them (tracker indicators check FILE shows them again)"
        )
