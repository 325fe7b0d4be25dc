"""The closed vocabulary of indicator conditions (``spec/indicators.md`` §3), and its expressions.

A catalogue never says *how* to count: it names a population and a condition with the predicates
below, each a rule that ``statistics.md`` or ``compliance.md`` already defines. This module
holds the table (names, parameters with types, defaults and allowed values, the fixed English
description of each predicate and the evidence it gives), parses an expression written in YAML
into a small typed tree (:class:`Predicate`, :class:`AllOf`, :class:`AnyOf`, :class:`Not`),
reporting every problem with its line, and says an expression in words.
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tracker.enums import FORMS, NeedArea
from tracker.indicators.located import Located

#: How much less close than the best suggestion another may be and still be offered.
NEAR_BEST = 0.08

#: The longest look back of a year reference (``as_of-20``).
MAX_YEARS_BACK = 20


class Kind(enum.Enum):
    """What a parameter's value is."""

    CHOICE = "choice"  # one word of ``choices``
    ARTICLE = "article"  # a whole number of ``choices``
    YEAR = "year"  # a year reference: as_of or as_of-N
    AREAS = "areas"  # a non-empty list of Form I need areas
    FORM = "form"  # one letter A-J
    STATUSES = "statuses"  # a non-empty list of cover statuses
    IDS = "ids"  # a non-empty list of layout ids


@dataclass(frozen=True)
class YearRef:
    """A year named relative to the as-of year A: ``as_of`` (A) or ``as_of-N`` (A − N)."""

    back: int = 0

    def __str__(self) -> str:
        return "as_of" if self.back == 0 else f"as_of-{self.back}"

    def year(self, as_of: int) -> int:
        """The calendar year this reference names for as-of year ``as_of``."""
        return as_of - self.back

    def words(self) -> str:
        """``the as-of year`` or ``the as-of year minus 2``."""
        return "the as-of year" if self.back == 0 else f"the as-of year minus {self.back}"


@dataclass(frozen=True)
class Parameter:
    """One parameter of a predicate: its kind, default (None: required) and allowed values."""

    name: str
    kind: Kind
    default: Any = None
    choices: tuple[Any, ...] = ()

    @property
    def required(self) -> bool:
        """True when the catalogue must give the parameter."""
        return self.default is None

    def allowed(self) -> str:
        """The allowed values in words, for messages and the guide."""
        if self.kind is Kind.YEAR:
            return f"as_of or as_of-N (N from 1 to {MAX_YEARS_BACK})"
        if self.kind is Kind.FORM:
            return "a form letter A to J"
        if self.kind is Kind.IDS:
            return "a list of layout ids such as ccm-a7/1"
        values = [str(c) for c in self.choices]
        if self.kind in (Kind.AREAS, Kind.STATUSES):
            return "a list of " + ", ".join(values)
        return _or_list(values)


@dataclass(frozen=True)
class PredicateSpec:
    """A predicate of the vocabulary: parameters, its description in words, its evidence.

    ``words`` is the fixed English description: ``{name}`` stands for the value of parameter
    ``name`` (the guide, ``docs/indicators.md``, prints it as written here).
    """

    name: str
    parameters: tuple[Parameter, ...]
    words: str
    evidence: str
    report_content: bool  # reads the counted reports of statistics.md (else compliance on `on`)

    def parameter(self, name: str) -> Parameter | None:
        """The parameter called ``name`` (None when there is none)."""
        return next((p for p in self.parameters if p.name == name), None)


_ARTICLE_34 = Parameter("article", Kind.ARTICLE, choices=(3, 4))
_YEAR = Parameter("year", Kind.YEAR, default=YearRef())
_AREAS = tuple(a.value for a in NeedArea)
_COVER_STATUSES = ("changed", "unchanged", "not_applicable")

#: The vocabulary, in the order of the spec's table.
PREDICATES: dict[str, PredicateSpec] = {
    p.name: p
    for p in (
        PredicateSpec(
            "state_party",
            (Parameter("on", Kind.CHOICE, "as_of_end", ("on", "as_of_end")),),
            "is a State Party on {on} (in force, not withdrawn)",
            "membership",
            False,
        ),
        PredicateSpec(
            "expected_annual_report",
            (_YEAR,),
            "owes the annual report for {year}: the Convention was in force for it on 1 January "
            "of that year and its withdrawal, if any, takes effect after 30 April of the next",
            "membership",
            False,
        ),
        PredicateSpec(
            "annual_report_received",
            (_YEAR,),
            "had submitted a report counting for {year} by the day of judgement (on time, late, "
            "or received with no date)",
            "report cell",
            False,
        ),
        PredicateSpec(
            "annual_report_on_time",
            (_YEAR,),
            "submitted a report counting for {year} on or before its due date, 30 April of the "
            "next year",
            "report cell",
            False,
        ),
        PredicateSpec(
            "initial_report_due",
            (),
            "is a State Party on the day of judgement whose initial report was due (entry into "
            "force + 180 days) before that day",
            "membership",
            False,
        ),
        PredicateSpec(
            "initial_report_received",
            (Parameter("by", Kind.CHOICE, "on", ("on", "due")),),
            "had submitted its initial report by {by}",
            "report cell",
            False,
        ),
        PredicateSpec(
            "initial_report_overdue",
            (),
            "had not submitted its initial report by the day of judgement although it was due",
            "absence",
            False,
        ),
        PredicateSpec(
            "obligation",
            (
                Parameter("article", Kind.ARTICLE, choices=(3, 4, 5)),
                Parameter("status", Kind.CHOICE, "has_or_had", ("has_or_had", "has")),
            ),
            "{status} obligations under Article {article}",
            "status cell (as statistics.md)",
            True,
        ),
        PredicateSpec(
            "completed",
            (_ARTICLE_34,),
            "reported the completion of its Article {article} obligations (destruction or "
            "clearance completed) in its latest counted report that gives the status",
            "status cell",
            True,
        ),
        PredicateSpec(
            "declared_need",
            (Parameter("areas", Kind.AREAS, choices=_AREAS),),
            "declared a need for assistance in {areas} in a counted report of the window",
            "need row's cell",
            True,
        ),
        PredicateSpec(
            "deadline_passed",
            (_ARTICLE_34,),
            "has obligations under Article {article} and its deadline, as known on the day of "
            "judgement, is before that day",
            "the deadline's source: decision, cell, or membership",
            False,
        ),
        PredicateSpec(
            "deadline_approaching",
            (_ARTICLE_34,),
            "has obligations under Article {article} and its deadline falls within the twelve "
            "months after the day of judgement",
            "the deadline's source: decision, cell, or membership",
            False,
        ),
        PredicateSpec(
            "extension_granted",
            (_ARTICLE_34,),
            "has an Article {article} deadline, on the day of judgement, set by an extension "
            "(a decision of the States Parties, or a report's \u201cExtension granted until\u201d)",
            "that decision or cell",
            False,
        ),
        PredicateSpec(
            "form_provided",
            (
                Parameter("form", Kind.FORM, choices=FORMS),
                _YEAR,
                Parameter(
                    "status", Kind.STATUSES, ("changed", "unchanged"), choices=_COVER_STATUSES
                ),
            ),
            "gives Form {form} the status {status} in a counted report for {year}",
            "Cover status cell",
            True,
        ),
        PredicateSpec(
            "layout",
            (Parameter("ids", Kind.IDS), _YEAR),
            "has a counted report for {year} read with the layout {ids}",
            "the report's cell",
            True,
        ),
        PredicateSpec(
            "assisted",
            (
                Parameter("article", Kind.ARTICLE, choices=(3, 4, 5)),
                Parameter("status", Kind.CHOICE, "supported", ("supported", "possibly")),
            ),
            "declared a need under Article {article} in the window and was reported to have "
            "received assistance for it in the window ({status}: supported counts flows for an "
            "area of the article; possibly also flows for other or unspecified areas only)",
            "the deciding flows' cells (assistance.md)",
            True,
        ),
    )
}

#: The words that combine expressions.
COMBINATORS = ("all", "any", "not")


@dataclass(frozen=True)
class Predicate:
    """One predicate with every parameter given or defaulted (values already checked)."""

    name: str
    params: tuple[tuple[str, Any], ...]

    def get(self, name: str) -> Any:
        """The value of parameter ``name``."""
        return dict(self.params)[name]

    @property
    def spec(self) -> PredicateSpec:
        """The predicate's row of the vocabulary."""
        return PREDICATES[self.name]


@dataclass(frozen=True)
class AllOf:
    """True when every child is."""

    children: tuple[Expression, ...]


@dataclass(frozen=True)
class AnyOf:
    """True when at least one child is."""

    children: tuple[Expression, ...]


@dataclass(frozen=True)
class Not:
    """The universe (every State with a membership record or a report) minus the child's."""

    child: Expression


Expression = Predicate | AllOf | AnyOf | Not


@dataclass(frozen=True)
class Problem:
    """A problem in an expression, at a line."""

    line: int
    message: str
    warning: bool = False


def _or_list(values: list[str]) -> str:
    if len(values) <= 1:
        return "".join(values)
    return ", ".join(values[:-1]) + " or " + values[-1]


def closest(word: str, candidates: list[str], limit: int = 3, cutoff: float = 0.6) -> list[str]:
    """The candidates closest to ``word`` (for did-you-mean), best first, at most ``limit``.

    Only those about as close as the best one are kept: a clear typo gets one suggestion,
    a tie (``art6`` among ``art3``, ``art4``, ``art5``) gets them all.
    """
    scored = []
    for candidate in candidates:
        matcher = difflib.SequenceMatcher(None, word, candidate)
        if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff:
            ratio = matcher.ratio()
            if ratio >= cutoff:
                scored.append((ratio, candidate))
    if not scored:
        return []
    best = max(ratio for ratio, _ in scored)
    near = [(r, c) for r, c in scored if r >= best - NEAR_BEST]
    near.sort(key=lambda rc: (-rc[0], _first_difference(word, rc[1]), rc[1]))
    return [c for _, c in near[:limit]]


def _first_difference(word: str, candidate: str) -> int:
    """How far apart the first differing characters are (``art6``: ``art5`` before ``art3``)."""
    for a, b in zip(word, candidate, strict=False):
        if a != b:
            return abs(ord(a) - ord(b))
    return abs(len(word) - len(candidate))


def predicates_of(expression: Expression) -> Iterator[Predicate]:
    """Every predicate of an expression, in written order."""
    if isinstance(expression, Predicate):
        yield expression
    elif isinstance(expression, Not):
        yield from predicates_of(expression.child)
    else:
        for child in expression.children:
            yield from predicates_of(child)


def year_refs(*expressions: Expression | None) -> set[YearRef]:
    """The year references the ``year`` parameters of the expressions name."""
    found: set[YearRef] = set()
    for expression in expressions:
        if expression is None:
            continue
        for predicate in predicates_of(expression):
            if predicate.spec.parameter("year") is not None:
                found.add(predicate.get("year"))
    return found


def parse_expression(node: Located, where: str) -> tuple[Expression | None, list[Problem]]:
    """An expression written in YAML (``where``: ``population`` or ``condition``).

    A predicate name (every parameter defaulted), ``{name: {parameter: value}}``, or
    ``all: [e, …]``, ``any: [e, …]``, ``not: e``. Every problem is returned; the expression
    is None when there was any error.
    """
    problems: list[Problem] = []
    expression = _parse(node, where, problems)
    errors = [p for p in problems if not p.warning]
    return (None if errors else expression), problems


def _parse(node: Located, where: str, problems: list[Problem]) -> Expression | None:
    value = node.value
    if isinstance(value, str):
        return _predicate(value, None, node.line, node.line, where, problems)
    if not isinstance(value, dict):
        problems.append(
            Problem(
                node.line,
                f"{where} must be a predicate name, {{predicate: {{parameter: value}}}}, or "
                f"all:/any:/not:, not {node.plain()!r}",
            )
        )
        return None
    if len(value) != 1:
        keys = ", ".join(value) or "none"
        problems.append(
            Problem(
                node.line,
                f"{where} has {len(value)} keys ({keys}) where one predicate or all:/any:/not: "
                "is expected: combine them under all: [...] or any: [...]",
            )
        )
        return None
    ((name, child),) = value.items()
    line = node.key_line(name)
    if name in ("all", "any"):
        if not child.is_list or not child.value:
            problems.append(
                Problem(line, f"{name}: in {where} takes a non-empty list of expressions")
            )
            return None
        children = [_parse(c, where, problems) for c in child.value]
        if any(c is None for c in children):
            return None
        kept = tuple(c for c in children if c is not None)
        return AllOf(kept) if name == "all" else AnyOf(kept)
    if name == "not":
        inner = _parse(child, where, problems)
        return Not(inner) if inner is not None else None
    return _predicate(name, child, line, child.line, where, problems)


def _predicate(
    name: str,
    params: Located | None,
    line: int,
    params_line: int,
    where: str,
    problems: list[Problem],
) -> Predicate | None:
    spec = PREDICATES.get(name)
    if spec is None:
        problems.append(Problem(line, unknown_predicate_message(name)))
        return None
    given: dict[str, Located] = {}
    if params is not None and params.value is not None:
        if not params.is_mapping:
            problems.append(
                Problem(
                    params_line,
                    f"predicate {name!r} takes its parameters as a mapping "
                    f"({{parameter: value}}), not {params.plain()!r}",
                )
            )
            return None
        given = params.value
    ok = True
    values: list[tuple[str, Any]] = []
    for key in given:
        if spec.parameter(key) is None:
            ok = False
            problems.append(Problem(params.key_line(key) if params else line, _no_param(spec, key)))
    # A misspelt parameter is reported once: not again as a required one that is missing.
    misspelt = not ok
    for parameter in spec.parameters:
        if parameter.name not in given:
            if parameter.required and not misspelt:
                ok = False
                problems.append(
                    Problem(
                        line,
                        f"predicate {name!r} needs the parameter {parameter.name!r} "
                        f"({parameter.allowed()}), e.g. {{{name}: {{{parameter.name}: …}}}}",
                    )
                )
            else:
                values.append((parameter.name, parameter.default))
            continue
        node = given[parameter.name]
        checked = _value(spec, parameter, node, problems)
        if checked is None:
            ok = False
        else:
            values.append((parameter.name, checked))
    if not ok:
        return None
    order = [p.name for p in spec.parameters]
    return Predicate(name, tuple(sorted(values, key=lambda kv: order.index(kv[0]))))


def unknown_predicate_message(name: str) -> str:
    """``unknown predicate 'obligations' (did you mean obligation?)``."""
    near = closest(name, [*PREDICATES, *COMBINATORS])
    if near:
        return f"unknown predicate {name!r} (did you mean {', '.join(near)}?)"
    return f"unknown predicate {name!r} (predicates: {', '.join([*PREDICATES, *COMBINATORS])})"


def _no_param(spec: PredicateSpec, key: str) -> str:
    names = ", ".join(p.name for p in spec.parameters)
    if not names:
        return f"predicate {spec.name!r} has no parameter {key!r} (it takes none)"
    return f"predicate {spec.name!r} has no parameter {key!r} (parameters: {names})"


def _bad(spec: PredicateSpec, parameter: Parameter, node: Located, problems: list[Problem]) -> None:
    problems.append(
        Problem(
            node.line,
            f"predicate {spec.name!r}: {parameter.name} must be {parameter.allowed()}, "
            f"not {node.plain()!r}",
        )
    )


def _value(
    spec: PredicateSpec, parameter: Parameter, node: Located, problems: list[Problem]
) -> Any:
    """The checked value of one parameter (None after reporting a problem)."""
    raw = node.value
    kind = parameter.kind
    if kind is Kind.ARTICLE:
        if isinstance(raw, int) and not isinstance(raw, bool) and raw in parameter.choices:
            return raw
    elif kind is Kind.CHOICE:
        if isinstance(raw, str) and raw in parameter.choices:
            return raw
    elif kind is Kind.FORM:
        if isinstance(raw, str) and raw.strip().upper() in FORMS:
            return raw.strip().upper()
    elif kind is Kind.YEAR:
        ref = parse_year_ref(raw)
        if ref is not None:
            return ref
    elif kind in (Kind.AREAS, Kind.STATUSES, Kind.IDS):
        return _list_value(spec, parameter, node, problems)
    _bad(spec, parameter, node, problems)
    return None


def _list_value(
    spec: PredicateSpec, parameter: Parameter, node: Located, problems: list[Problem]
) -> tuple[str, ...] | None:
    items = node.value if node.is_list else None
    if not items:
        _bad(spec, parameter, node, problems)
        return None
    values: list[str] = []
    for item in items:
        text = item.value
        if not isinstance(text, str) or (
            parameter.kind is not Kind.IDS and text not in parameter.choices
        ):
            near = closest(str(text), [str(c) for c in parameter.choices])
            hint = f" (did you mean {', '.join(near)}?)" if near else ""
            problems.append(
                Problem(
                    item.line,
                    f"predicate {spec.name!r}: {item.plain()!r} is not allowed in "
                    f"{parameter.name}{hint}; use {parameter.allowed()}",
                )
            )
            return None
        if text not in values:
            values.append(text)
    return tuple(values)


def parse_year_ref(raw: object) -> YearRef | None:
    """``as_of`` or ``as_of-N`` (1 ≤ N ≤ 20); None for anything else."""
    if not isinstance(raw, str):
        return None
    text = raw.replace(" ", "")
    if text == "as_of":
        return YearRef()
    head, _, back = text.partition("-")
    if head == "as_of" and back.isdigit() and 1 <= int(back) <= MAX_YEARS_BACK:
        return YearRef(int(back))
    return None


# --- in words ---------------------------------------------------------------------------------

_VALUE_WORDS: dict[tuple[str, str], dict[Any, str]] = {
    ("state_party", "on"): {
        "on": "the day of judgement",
        "as_of_end": "31 December of the as-of year",
    },
    ("initial_report_received", "by"): {
        "on": "the day of judgement",
        "due": "its due date (entry into force + 180 days; an undated report never counts)",
    },
    ("obligation", "status"): {
        "has_or_had": "reported, in at least one counted report, to have or had",
        "has": "reported, in its latest counted report that gives the status, to have",
    },
}


def _value_words(spec: PredicateSpec, name: str, value: Any) -> str:
    words = _VALUE_WORDS.get((spec.name, name))
    if words is not None:
        return words[value]
    if isinstance(value, YearRef):
        return value.words()
    if isinstance(value, tuple):
        return _or_list([str(v).replace("_", " ") for v in value])
    return str(value)


def predicate_words(predicate: Predicate) -> str:
    """One predicate in words, its parameters filled in."""
    spec = predicate.spec
    values = {name: _value_words(spec, name, value) for name, value in predicate.params}
    return spec.words.format(**values)


def describe(expression: Expression) -> str:
    """An expression in words: ``all of (…; …)``, ``any of (…; …)``, ``not (…)``."""
    if isinstance(expression, Predicate):
        return predicate_words(expression)
    if isinstance(expression, Not):
        return f"not ({describe(expression.child)})"
    joiner = "all of" if isinstance(expression, AllOf) else "any of"
    return f"{joiner} (" + "; ".join(describe(c) for c in expression.children) + ")"
