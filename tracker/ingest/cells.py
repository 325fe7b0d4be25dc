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

from tracker.issues import Issue, Severity, cell_name
from tracker.layouts import FieldSpec, Layout
from tracker.reference import resolve_state, unknown_state_message
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
        severity: Severity,
        message: str,
        *,
        sheet: str | None = None,
        cell: str | None = None,
        field: str | None = None,
        value: object = None,
    ) -> None:
        """Record an issue (``value`` is shown as text)."""
        shown = None if value is None else as_text(value)
        if shown and len(shown) > MAX_SHOWN:  # a pasted essay is named, not repeated
            shown = shown[:MAX_SHOWN] + "…"
        self.issues.append(
            Issue(self.file, code, severity, message, sheet, cell, field, shown or None)
        )

    def error(self, code: str, message: str, **where: Any) -> None:
        """Record an error (rejects the file)."""
        self.add(code, Severity.ERROR, message, **where)

    def warning(self, code: str, message: str, **where: Any) -> None:
        """Record a warning."""
        self.add(code, Severity.WARNING, message, **where)

    def info(self, code: str, message: str, **where: Any) -> None:
        """Record an informational note."""
        self.add(code, Severity.INFO, message, **where)


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
    # are dropped.
    text = as_text(value)
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
        raise ValueProblem(
            "negative-value", f"{spec.text(ctx.lang)} cannot be negative: write 0 or more"
        )
    if number > limit:
        raise ValueProblem(
            "number-too-large",
            f"{spec.text(ctx.lang)} is larger than any real figure (over {limit:,}): check the "
            "cell (a unit or a pasted code?)",
        )
    return number


def _whole(ctx: Context, spec: FieldSpec, value: Any) -> Any:
    # A numeric cell holding a count in range (the common case) needs no Decimal: the checks
    # below would accept it unchanged.
    if type(value) is float and value.is_integer() and 0 <= value <= MAX_COUNT:
        return int(value)
    number = _number(ctx, spec, value, MAX_COUNT)
    if number != number.to_integral_value():
        raise ValueProblem(
            "not-a-whole-number", f"{spec.text(ctx.lang)} is a count: write a whole number"
        )
    return int(number)


def _year(ctx: Context, spec: FieldSpec, value: Any) -> Any:
    try:
        number = parse_number(value, "en")
    except ValueProblem:
        number = Decimal(-1)
    if number != number.to_integral_value() or not 1990 <= number <= 2200:
        raise ValueProblem("bad-year", f"{as_text(value)!r} is not a year: write it as 2024")
    return int(number)


@lru_cache(maxsize=4096)
def _resolve(written: str) -> str | None:
    return resolve_state(written)


def _state(ctx: Context, spec: FieldSpec, value: Any) -> Any:
    iso3 = _resolve(as_text(value))
    if iso3 is None:
        raise ValueProblem("unknown-state", unknown_state_message(as_text(value)))
    return iso3


def _recipient(ctx: Context, spec: FieldSpec, value: Any) -> Any:
    if ctx.layout.vocabularies["recipient"].code(as_text(value)) == "global":
        return (None, True)
    return (_state(ctx, spec, value), False)


def _choice(ctx: Context, spec: FieldSpec, value: Any) -> Any:
    assert spec.vocabulary is not None
    vocabulary = ctx.layout.vocabularies[spec.vocabulary]
    code = vocabulary.code(as_text(value))
    if code is None:
        allowed = ", ".join(repr(w) for w in vocabulary.written(ctx.lang))
        raise ValueProblem(
            "unknown-value", f"{spec.text(ctx.lang)} must be one of {allowed}: pick one of them"
        )
    return code


def _currency(ctx: Context, spec: FieldSpec, value: Any) -> Any:
    code = as_text(value).upper()
    if code not in _currencies():
        raise ValueProblem(
            "bad-currency", "write the currency as an ISO 4217 code such as USD, EUR or CHF"
        )
    return code


def _article(ctx: Context, spec: FieldSpec, value: Any) -> Any:
    if m := _ARTICLE.match(norm(as_text(value))):
        return int(m[1])
    raise ValueProblem("unknown-value", "Article must be 3, 4 or 5 (the treaty article)")


def _form(ctx: Context, spec: FieldSpec, value: Any) -> Any:
    key = ctx.layout.sheet_lookup.get(norm(as_text(value)))
    form = ctx.layout.sheet(key).form if key else None
    if form is None:
        raise ValueProblem("unknown-value", "write the form's letter, A to J")
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
        if formula.error is not None:
            message = (
                f"this cell's formula ={formula.text} gives the error {formula.error}: fix the "
                "formula in Excel or LibreOffice and save the file, or type the value"
            )
            code = "formula-error"
        else:
            message = (
                f"this cell holds a formula Excel never calculated (={formula.text}): open the "
                "file in Excel or LibreOffice and save it, or type the value"
            )
            code = "formula-without-value"
        ctx.error(code, message, sheet=sheet, cell=where, field=spec.name, value=str(value))
        return False
    if formula is None:
        return True
    shown = as_text(value)
    if formula.external:
        ctx.warning(
            "external-link",
            f"this cell's formula ={formula.text} reads another workbook or a DDE source, which "
            f"is never opened: the value saved in this file ({shown}) is read; type the value "
            "if it must be current",
            sheet=sheet,
            cell=where,
            field=spec.name,
            value=value,
        )
    else:
        ctx.warning(
            "formula-value",
            f"this cell holds the formula ={formula.text}: the value it had when the file was "
            f"last saved ({shown}) is read",
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
        problem.message,
        sheet=sheet,
        cell=cell_name(*cell) if isinstance(cell, tuple) else cell,
        field=spec.name,
        value=value,
    )
