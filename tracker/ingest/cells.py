"""Turning one cell value into a typed value for a layout field, or into an issue.

Every field type of the layout data (see ``tracker/layouts/ccm-a7-1.yaml``) has one reader here.
A reader returns the value (``None`` for a blank cell) or records an issue in the
:class:`Context` and returns :data:`INVALID`, so that the caller can go on and collect every
problem of the file rather than stop at the first.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any, Final

from tracker.codes import issue, severity
from tracker.issues import Issue, Severity, cell_name
from tracker.layouts import FieldSpec, Layout
from tracker.reference import resolve_state, unknown_state
from tracker.regions import find_region, unknown_recipient
from tracker.values import ValueProblem, parse_date, parse_number, parse_yes_no

from .grid import Uncalculated, norm
from .package import Formula


class _Invalid:
    """Marker for a value that could not be read (its issue is already recorded)."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Final = _Invalid()
MAX_SHOWN = 200  # characters of a cell value repeated in an issue


@dataclass
class Context:
    """Where issues go while one file is read, and what the values are read against."""

    file: str
    layout: Layout
    lang: str = "en"
    issues: list[Issue] = field(default_factory=list)

    def add(
        self,
        code: str,
        variant: str = "",
        /,
        *,
        sheet: str | None = None,
        cell: str | None = None,
        field: str | None = None,
        value: object = None,
        **params: object,
    ) -> None:
        """Record an issue of ``code`` (:mod:`tracker.codes`); ``value`` is shown as text."""
        shown = None if value is None else as_text(value)
        if shown and len(shown) > MAX_SHOWN:  # a pasted essay is named, not repeated
            shown = shown[:MAX_SHOWN] + "…"
        self.issues.append(
            issue(
                self.file,
                code,
                variant,
                sheet=sheet,
                cell=cell,
                field=field,
                value=shown or None,
                **params,
            )
        )

    def error(self, code: str, variant: str = "", /, **where: Any) -> None:
        """Record an error (rejects the file)."""
        self._add(Severity.ERROR, code, variant, where)

    def warning(self, code: str, variant: str = "", /, **where: Any) -> None:
        """Record a warning."""
        self._add(Severity.WARNING, code, variant, where)

    def info(self, code: str, variant: str = "", /, **where: Any) -> None:
        """Record an informational note."""
        self._add(Severity.INFO, code, variant, where)

    def _add(self, expected: Severity, code: str, variant: str, where: dict[str, Any]) -> None:
        if severity(code) is not expected:  # the table decides; a call that disagrees is a bug
            raise ValueError(f"{code} is {severity(code).value}, not {expected.value}")
        self.add(code, variant, **where)


def as_text(value: object) -> str:
    """A cell value as people would read it (whole floats without ``.0``, ISO dates)."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(value, ".12g")
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return "" if value is None else str(value)


@cache
def _currencies() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.currencies)


# What the store's columns hold: amounts and areas are NUMERIC(20, 2), counts fit a 32-bit
# INTEGER (the narrowest count column). No real figure comes near either.
MAX_AMOUNT = 10**18 - 1
MAX_COUNT = 2**31 - 1

# 3, 4 or 5, alone or after the word "article" as the six UN languages write it (normalised:
# ``Art. 4``, ``artículo 4``, ``المادة 4``, ``第4条``, ``статья 4``, ``ст. 4``).
_ARTICLE = re.compile(
    r"^(?:(?:art(?:icle|iculo)?|статья|ст|الماده|ماده)\s*)?(?:第\s*)?([345])(?:\s*条)?$"
)

Reader = Callable[["Context", FieldSpec, Any], Any]


def _text(ctx: Context, spec: FieldSpec, value: Any) -> Any:
    # A value starting with "=" is text the person typed (calamine gives cached results for real
    # formulas), so it is kept literally. NUL characters (never visible, refused by PostgreSQL)
    # are dropped. A text cell (the common case) is as_text's first case, without the call.
    text = value.strip() if type(value) is str else as_text(value)
    return text.replace("\x00", "") if "\x00" in text else text


def _date(ctx: Context, spec: FieldSpec, value: Any) -> Any:
    return parse_date(value)


def _yes_no(ctx: Context, spec: FieldSpec, value: Any) -> Any:
    answer = parse_yes_no(value)
    if spec.if_yes is not None:
        return spec.if_yes if answer else spec.if_no
    return answer


def _number(ctx: Context, spec: FieldSpec, value: Any, limit: int = MAX_AMOUNT) -> Decimal:
    number = parse_number(value, ctx.lang)
    if number < 0:
        raise ValueProblem("negative-value", label=spec.text(ctx.lang))
    if number > limit:
        raise ValueProblem("number-too-large", label=spec.text(ctx.lang), limit=f"{limit:,}")
    return number


def _whole(ctx: Context, spec: FieldSpec, value: Any) -> Any:
    # A numeric cell holding a count in range (the common case) needs no Decimal: the checks
    # below would accept it unchanged.
    if type(value) is float and value.is_integer() and 0 <= value <= MAX_COUNT:
        return int(value)
    number = _number(ctx, spec, value, MAX_COUNT)
    if number != number.to_integral_value():
        raise ValueProblem("not-a-whole-number", label=spec.text(ctx.lang))
    return int(number)


def _year(ctx: Context, spec: FieldSpec, value: Any) -> Any:
    # A numeric cell holding a plausible year (the common case) is that year, as below.
    if type(value) is float and value.is_integer() and 1990 <= value <= 2200:
        return int(value)
    try:
        number = parse_number(value, "en")
    except ValueProblem:
        number = Decimal(-1)
    if number != number.to_integral_value() or not 1990 <= number <= 2200:
        raise ValueProblem("bad-year", text=as_text(value))
    return int(number)


@lru_cache(maxsize=4096)
def _resolve(written: str) -> str | None:
    return resolve_state(written)


def _state(ctx: Context, spec: FieldSpec, value: Any) -> Any:
    iso3 = _resolve(as_text(value))
    if iso3 is None:
        variant, params = unknown_state(as_text(value))
        raise ValueProblem("unknown-state", variant, **params)
    return iso3


def _recipient(ctx: Context, spec: FieldSpec, value: Any) -> Any:
    # Layout ccm-a7/1: a State or "global"; fills (recipient_iso3, recipient_kind, region).
    if ctx.layout.vocabularies["recipient"].code(as_text(value)) == "global":
        return (None, "global", None)
    return (_state(ctx, spec, value), "state", None)


def _flow_recipient(ctx: Context, spec: FieldSpec, value: Any) -> Any:
    # A State (the one resolver), else Global (the field's vocabulary), else a UN M49 region.
    text = as_text(value)
    vocabulary = ctx.layout.vocabularies[spec.vocabulary or "flow_recipient"]
    if vocabulary.code(text) == "global":
        return (None, "global", None)
    iso3 = _resolve(text)
    if iso3 is not None:
        return (iso3, "state", None)
    region = find_region(text)
    if region is not None:
        return (None, "region", region.code)
    variant, params = unknown_recipient(text, vocabulary.label("global", ctx.lang), ctx.lang)
    raise ValueProblem("unknown-recipient", variant, **params)


def _flow_donor(ctx: Context, spec: FieldSpec, value: Any) -> Any:
    # A State the resolver knows, else an organisation as written (donor_iso3, donor_name).
    text = _text(ctx, spec, value)
    iso3 = _resolve(text)
    return (iso3, None) if iso3 is not None else (None, " ".join(text.split()))


def _choice(ctx: Context, spec: FieldSpec, value: Any) -> Any:
    assert spec.vocabulary is not None
    vocabulary = ctx.layout.vocabularies[spec.vocabulary]
    code = vocabulary.code(value.strip() if type(value) is str else as_text(value))
    if code is None:
        allowed = ", ".join(repr(w) for w in vocabulary.written(ctx.lang))
        raise ValueProblem("unknown-value", label=spec.text(ctx.lang), allowed=allowed)
    return code


def _currency(ctx: Context, spec: FieldSpec, value: Any) -> Any:
    code = (value.strip() if type(value) is str else as_text(value)).upper()
    if code not in _currencies():
        raise ValueProblem("bad-currency")
    return code


def _article(ctx: Context, spec: FieldSpec, value: Any) -> Any:
    if m := _ARTICLE.match(norm(as_text(value))):
        return int(m[1])
    raise ValueProblem("unknown-value", "article")


def _form(ctx: Context, spec: FieldSpec, value: Any) -> Any:
    key = ctx.layout.sheet_lookup.get(norm(as_text(value)))
    form = ctx.layout.sheet(key).form if key else None
    if form is None:
        raise ValueProblem("unknown-value", "form")
    return form


READERS: dict[str, Reader] = {
    "text": _text,
    "date": _date,
    "yes_no": _yes_no,
    "whole": _whole,
    "amount": _number,
    "year": _year,
    "state": _state,
    "recipient": _recipient,
    "flow_recipient": _flow_recipient,
    "flow_donor": _flow_donor,
    "choice": _choice,
    "currency": _currency,
    "article": _article,
    "form": _form,
}


def formula_issue(
    ctx: Context,
    spec: FieldSpec,
    value: Any,
    formula: Formula | None,
    *,
    sheet: str,
    cell: str | tuple[int, int] | None,
) -> bool:
    """Say where a value read by the layout came from a formula; False when it has no value.

    A formula Excel never calculated (a file written by a program, or one asking to be
    recalculated on load, whose saved values are not results) is error
    ``formula-without-value``; one whose value is an error (``#REF!``) is
    ``formula-error``; one that reads another workbook or a DDE source is warning
    ``external-link``; any other is warning ``formula-value``, naming the formula and the value
    taken, so that nobody mistakes a computed figure for a typed one.
    """
    where = cell_name(*cell) if isinstance(cell, tuple) else cell
    if isinstance(value, Uncalculated):
        formula = value.formula
        found = {"sheet": sheet, "cell": where, "field": spec.name, "value": str(value)}
        if formula.error is not None:
            ctx.error("formula-error", formula=formula.text, error=formula.error, **found)
        else:
            ctx.error("formula-without-value", formula=formula.text, **found)
        return False
    if formula is None:
        return True
    shown = as_text(value)
    if formula.external:
        ctx.warning(
            "external-link",
            "cell",
            formula=formula.text,
            shown=shown,
            sheet=sheet,
            cell=where,
            field=spec.name,
            value=value,
        )
    else:
        ctx.warning(
            "formula-value",
            formula=formula.text,
            shown=shown,
            sheet=sheet,
            cell=where,
            field=spec.name,
            value=value,
        )
    return True


def read_value(
    ctx: Context,
    spec: FieldSpec,
    value: Any,
    *,
    sheet: str,
    cell: str | tuple[int, int] | None,
    formula: Formula | None = None,
) -> Any:
    """The typed value of one cell for ``spec``: None when blank, INVALID after an issue.

    ``cell`` may be a zero-based (row, column): its A1 name is only computed for an issue.
    ``formula`` is the cell's formula, if it holds one (see :func:`formula_issue`).
    """
    if (formula is not None or type(value) is Uncalculated) and not formula_issue(
        ctx, spec, value, formula, sheet=sheet, cell=cell
    ):
        return INVALID
    # Blank first (None, "" or spaces), tested without comparing a number with a string: this
    # runs for every cell the reader reads (about 300 per workbook).
    if value is None or (isinstance(value, str) and (not value or value.isspace())):
        return None
    try:
        return READERS[spec.type](ctx, spec, value)
    except ValueProblem as problem:
        record_problem(ctx, problem, spec, value, sheet=sheet, cell=cell)
        return INVALID


def record_problem(
    ctx: Context,
    problem: ValueProblem,
    spec: FieldSpec,
    value: Any,
    *,
    sheet: str,
    cell: str | tuple[int, int] | None,
) -> None:
    """Record the error of a value that could not be read (``cell`` as in :func:`read_value`)."""
    ctx.error(
        problem.code,
        problem.variant,
        **problem.params,
        sheet=sheet,
        cell=cell_name(*cell) if isinstance(cell, tuple) else cell,
        field=spec.name,
        value=value,
    )
