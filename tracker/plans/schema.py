"""Action plans as plain data, and the validation of plan files.

A plan file is a mapping (read from YAML by :mod:`tracker.plans.files`); :func:`parse_plan`
turns it into a frozen :class:`Plan` or reports every problem as a :class:`PlanIssue` naming the
file and the field, so that whoever edits a plan file can correct it without reading code.
:func:`check_plans` adds the checks that need several plans (names, labels, periods).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tracker.errors import TrackerError
from tracker.wording import plural

#: The rows of the comparison table, in their order (``spec/action-plans.md``).
THEMES: tuple[str, ...] = (
    "Introduction",
    "Partnerships",
    "Guiding principles",
    "Universalisation",
    "Stockpile destruction",
    "Clearance and risk reduction",
    "Victim assistance",
    "International cooperation and assistance",
    "Actions in support of implementation",
    "Transparency",
    "National implementation",
    "Compliance",
    "Indicators",
)

# Column sizes of the store (models/plans.py): checked here so that SQLite and PostgreSQL
# accept and refuse the same files.
_MAX_LENGTH = {"name": 120, "label": 60, "city": 60, "code": 20}

_PLAN_KEYS = {"name", "label", "city", "adopted", "period", "sections"}
_SECTION_KEYS = {"theme", "cell_text", "count", "note", "actions"}
_ACTION_KEYS = {"code", "title", "body"}


@dataclass(frozen=True)
class PlanAction:
    """A known action of a plan, e.g. Dubrovnik ``5.2`` "Communicate challenges ..."."""

    code: str
    title: str
    body: str | None = None


@dataclass(frozen=True)
class PlanSection:
    """One section of a plan under one theme; ``count`` is its number of actions, if counted."""

    position: int
    theme: str
    cell_text: str
    count: int | None
    note: str | None = None
    actions: tuple[PlanAction, ...] = ()


@dataclass(frozen=True)
class Plan:
    """An action plan and the reporting years ``first_year``–``last_year`` it governs."""

    name: str
    label: str
    city: str
    adopted: str
    first_year: int
    last_year: int
    sections: tuple[PlanSection, ...]
    source: str

    @property
    def period(self) -> str:
        """The period as the tables print it, e.g. ``2016–2020``."""
        return f"{self.first_year}–{self.last_year}"

    @property
    def actions(self) -> tuple[PlanAction, ...]:
        """Every known action, in the order of the sections."""
        return tuple(a for s in self.sections for a in s.actions)


@dataclass(frozen=True)
class PlanIssue:
    """One problem in a plan file: the file, the field (e.g. ``sections[3].count``), why."""

    file: str
    field: str
    message: str

    def as_text(self) -> str:
        """``file: field: message``, the line the command line prints."""
        return f"{self.file}: {self.field}: {self.message}"


class PlanDataError(TrackerError):
    """Plan files that cannot be loaded; ``issues`` lists every problem found."""

    def __init__(self, issues: Sequence[PlanIssue]) -> None:
        self.issues = tuple(issues)
        super().__init__("; ".join(i.as_text() for i in self.issues))


class _Collector:
    """Gathers the issues of one file so that all of them are reported at once."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.issues: list[PlanIssue] = []

    def add(self, field: str, message: str) -> None:
        self.issues.append(PlanIssue(self.file, field, message))

    def text(self, data: Mapping[str, Any], key: str, field: str, *, required: bool) -> str | None:
        """A text value (stripped); an issue when required and missing, or not text."""
        value = data.get(key)
        if value is None:
            if required:
                self.add(field, "missing: every plan file needs it")
            return None
        if not isinstance(value, str):
            self.add(field, f"must be text, not {value!r} (put it in quotes)")
            return None
        value = value.strip()
        if required and not value:
            self.add(field, "is empty")
            return None
        limit = _MAX_LENGTH.get(key)
        if limit is not None and len(value) > limit:
            self.add(field, f"is {len(value)} characters long, at most {limit} allowed")
            return None
        return value or None

    def unknown_keys(self, data: Mapping[str, Any], allowed: set[str], where: str) -> None:
        for key in sorted(set(data) - allowed, key=str):
            known = ", ".join(sorted(allowed))
            self.add(f"{where}{key}", f"unknown field (known fields: {known})")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def parse_plan(data: object, file: str) -> tuple[Plan | None, list[PlanIssue]]:
    """Validate one plan file's content; the plan when valid, and every issue found."""
    out = _Collector(file)
    if not isinstance(data, Mapping):
        out.add("(file)", "must be a mapping of fields (name, label, city, ...), see the docs")
        return None, out.issues
    out.unknown_keys(data, _PLAN_KEYS, "")
    name = out.text(data, "name", "name", required=True)
    label = out.text(data, "label", "label", required=True)
    city = out.text(data, "city", "city", required=True)
    adopted = out.text(data, "adopted", "adopted", required=True)
    period = _parse_period(data.get("period"), out)
    sections = _parse_sections(data.get("sections"), out)
    if out.issues or None in (name, label, city, adopted, period, sections):
        return None, out.issues
    assert name and label and city and adopted and period and sections is not None
    plan = Plan(name, label, city, adopted, period[0], period[1], sections, source=file)
    return plan, out.issues


def _parse_period(value: object, out: _Collector) -> tuple[int, int] | None:
    if value is None:
        out.add("period", "missing: give the first and last reporting year (first:, last:)")
        return None
    if not isinstance(value, Mapping) or set(value) != {"first", "last"}:
        out.add("period", f"must be a mapping with first: and last: years, not {value!r}")
        return None
    first, last = value["first"], value["last"]
    for key, year in (("first", first), ("last", last)):
        if not _is_int(year) or not 2000 <= year <= 2100:
            out.add(f"period.{key}", f"must be a year such as 2021, not {year!r}")
            return None
    if last < first:
        out.add("period", f"last year {last} is before first year {first}")
        return None
    return first, last


def _parse_sections(value: object, out: _Collector) -> tuple[PlanSection, ...] | None:
    if value is None:
        out.add("sections", "missing: list the plan's sections")
        return None
    if not isinstance(value, list) or not value:
        out.add("sections", "must be a non-empty list of sections")
        return None
    sections: list[PlanSection] = []
    codes: dict[str, str] = {}
    for number, raw in enumerate(value, start=1):
        where = f"sections[{number}]"
        if not isinstance(raw, Mapping):
            out.add(where, "must be a mapping (theme:, cell_text:, count:, ...)")
            continue
        out.unknown_keys(raw, _SECTION_KEYS, f"{where}.")
        theme = out.text(raw, "theme", f"{where}.theme", required=True)
        if theme is not None and theme not in THEMES:
            out.add(f"{where}.theme", f"unknown theme {theme!r} (known: {', '.join(THEMES)})")
            theme = None
        cell_text = out.text(raw, "cell_text", f"{where}.cell_text", required=True)
        note = out.text(raw, "note", f"{where}.note", required=False)
        raw_count = raw.get("count")
        count = raw_count if isinstance(raw_count, int) and _is_int(raw_count) else None
        if "count" not in raw:
            out.add(f"{where}.count", "missing: give the number of actions, or null")
        elif raw_count is not None and (count is None or count < 0):
            out.add(f"{where}.count", f"must be a whole number ≥ 0 or null, not {raw_count!r}")
            count = None
        actions = _parse_actions(raw.get("actions"), f"{where}.actions", out, codes)
        if actions is not None and count is not None and len(actions) > count:
            out.add(
                f"{where}.actions",
                f"lists {plural(len(actions), 'action')} but the section's count is {count}",
            )
        if theme and cell_text and actions is not None:
            sections.append(PlanSection(number, theme, cell_text, count, note, actions))
    return tuple(sections)


def _parse_actions(
    value: object, where: str, out: _Collector, codes: dict[str, str]
) -> tuple[PlanAction, ...] | None:
    if value is None:
        return ()
    if not isinstance(value, list):
        out.add(where, "must be a list of actions (code:, title:, body:)")
        return None
    actions: list[PlanAction] = []
    for number, raw in enumerate(value, start=1):
        field = f"{where}[{number}]"
        if not isinstance(raw, Mapping):
            out.add(field, "must be a mapping (code:, title:, body:)")
            continue
        out.unknown_keys(raw, _ACTION_KEYS, f"{field}.")
        code = out.text(raw, "code", f"{field}.code", required=True)
        title = out.text(raw, "title", f"{field}.title", required=True)
        body = out.text(raw, "body", f"{field}.body", required=False)
        if code is not None and code in codes:
            out.add(f"{field}.code", f"action {code} is listed twice (also at {codes[code]})")
            continue
        if code and title:
            codes[code] = field
            actions.append(PlanAction(code, title, body))
    return tuple(actions)


def check_plans(plans: Sequence[Plan], stored: Sequence[Plan] = ()) -> list[PlanIssue]:
    """The checks across plans: unique names and labels, periods that never overlap.

    Each plan of ``plans`` is checked against the plans before it and against ``stored`` (the
    other plans already in the store, which are not checked among themselves).
    """
    issues: list[PlanIssue] = []
    for i, plan in enumerate(plans):
        for other in [*stored, *plans[:i]]:
            issues += _conflicts(plan, other)
    return issues


def _conflicts(plan: Plan, other: Plan) -> list[PlanIssue]:
    """What makes ``plan`` unable to sit beside ``other``, reported on ``plan``'s file."""
    where = f"{other.name} ({other.source})"
    issues = []
    if plan.name.casefold() == other.name.casefold():
        issues.append(PlanIssue(plan.source, "name", f"{plan.name!r} is also {where}"))
    if plan.label.casefold() == other.label.casefold():
        issues.append(
            PlanIssue(plan.source, "label", f"label {plan.label!r} is also used by {where}")
        )
    if plan.first_year <= other.last_year and other.first_year <= plan.last_year:
        issues.append(
            PlanIssue(
                plan.source,
                "period",
                f"{plan.name} {plan.period} overlaps {other.name} {other.period} "
                f"({other.source}): a reporting year belongs to one plan only",
            )
        )
    return issues
