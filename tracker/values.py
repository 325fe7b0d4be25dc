"""Reading cell values written by people: dates, yes/no answers (shared by every reader).

Each parser returns the value, or raises :class:`ValueProblem` with a stable issue code and a
message that says what to write instead.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from typing import Any

from tracker.text import normalize


class ValueProblem(ValueError):
    """A cell value that cannot be read: an issue code, its template's variant and parameters."""

    def __init__(self, code: str, variant: str = "", **params: Any) -> None:
        from tracker.codes import message

        self.code, self.variant = code, variant
        self.params: dict[str, Any] = params
        self.message = message(code, variant, **params)
        super().__init__(self.message)


MONTHS = {
    # en
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
    # fr (accents removed by normalize)
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
    # es
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}  # fmt: skip

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00(?:\.0+)?)?)?$")
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_WORDS = re.compile(r"^(\d{1,2})(?:er)? (?:de )?([a-z]+)\.? (?:de )?(\d{4})$")


# Excel stores a date as the number of days since 30 December 1899, so a year typed into a cell
# formatted as a date (2025) becomes a day of 1905 (17 July 1905): the years 1900–2100 land
# between these two days. No Article 7 date is that old, so such a date is read as a year.
EXCEL_EPOCH = dt.date(1899, 12, 30)
FIRST_TYPED_YEAR, LAST_TYPED_YEAR = 1900, 2100


def looks_like_year(value: object) -> int | None:
    """The year a date cell or a whole number really holds, when it looks like one; else None.

    A date between 14 March and 30 September 1905 is a year 1900–2100 typed into a date cell;
    a whole number 1900–2100 (numeric cell or text) is a year written where a date belongs.
    """
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        number: object = (value - EXCEL_EPOCH).days
    elif isinstance(value, bool):
        return None
    elif isinstance(value, (int, float)):
        number = value
    elif isinstance(value, str) and len(value.strip()) <= 8 and value.strip().isdecimal():
        number = int(value.strip())  # short: a pasted string of digits is no year
    else:
        return None
    if isinstance(number, float):
        if not number.is_integer():
            return None
        number = int(number)
    assert isinstance(number, int)
    return number if FIRST_TYPED_YEAR <= number <= LAST_TYPED_YEAR else None


def year_problem(year: int) -> ValueProblem:
    """The ``bad-date`` of a year written where a whole date belongs."""
    return ValueProblem("bad-date", "year", year=year)


def parse_date(value: object) -> dt.date:
    """A date from a real date cell or from text (ISO, day-first numeric, or words en/fr/es).

    A year where a date belongs (a number 1900–2100, or the 1905 date Excel makes of it) is
    ``bad-date`` naming that year (:func:`looks_like_year`).
    """
    year = looks_like_year(value)
    if year is not None:
        raise year_problem(year)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    year = month = day = None
    if m := _ISO.match(text):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _DMY.match(text):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
    elif (m := _WORDS.match(normalize(text).replace("1er", "1"))) and m[2] in MONTHS:
        day, month, year = int(m[1]), MONTHS[m[2]], int(m[3])
    if year is None or month is None or day is None:
        raise ValueProblem("bad-date", text=text)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueProblem("bad-date", "calendar", text=text) from None


_YES = {"yes", "oui", "si", "true", "1", "x", "y"}
_NO = {"no", "non", "false", "0", "n"}


def parse_yes_no(value: object) -> bool:
    """True or False from yes/no words in English, French or Spanish, 1/0, or a ticked ``x``."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    word = normalize(str(value))
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise ValueProblem("bad-yes-no", text=str(value))


# Numbers ------------------------------------------------------------------------------------

SIGNIFICANT_DIGITS = 12
_EXACT_LIMIT = 10**SIGNIFICANT_DIGITS  # whole numbers below it are exact: no rounding needed
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
_PLAIN = re.compile(r"^\d+(?:\.\d+)?$")
_EN_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_DOT_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_COMMA_DECIMAL = re.compile(r"^\d+,\d+$")


def _comma(lang: str) -> str:
    """The variant of a number message for ``lang`` ("comma" for French and Spanish).

    French and Spanish write a decimal comma: the advice must be a number such a workbook reads.
    """
    return "" if lang == "en" else "comma"


def round_significant(value: float | int | Decimal) -> Decimal:
    """``value`` as a Decimal rounded to 12 significant digits (removes float noise).

    >>> round_significant(274.65999999999997)
    Decimal('274.66')
    """
    whole = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if whole and abs(value) < _EXACT_LIMIT:
        return Decimal(int(value))
    if isinstance(value, Decimal) and value.adjusted() >= SIGNIFICANT_DIGITS:
        as_float = float(value)
        # Beyond float range (a pasted string of digits) the Decimal itself is rounded.
        value = as_float if math.isfinite(as_float) else value
    text = format(value, f".{SIGNIFICANT_DIGITS}g")
    result = Decimal(text)
    # Plain notation for whole numbers (1E+3 -> 1000) so stored and shown values read naturally;
    # beyond the decimal context's 28 digits the exponent form is kept (quantize would fail).
    if result.adjusted() < 27 and result == result.to_integral_value():
        return result.quantize(Decimal(1))
    return result


def parse_number(value: object, lang: str = "en") -> Decimal:
    """A number from a numeric cell, or from text written the way ``lang`` writes numbers.

    English writes ``1,234.5``; French and Spanish ``1 234,5`` or ``1.234,5``. Spaces group
    thousands in every language. A separator that does not fit the language's rules (``1,5`` in
    English, ``2.5`` in French) cannot be read one way only: ``ambiguous-number``.
    """
    kind = type(value)
    if kind is float or kind is int or kind is Decimal:  # numeric cells: the common case
        if not math.isfinite(value):  # type: ignore[arg-type]
            raise ValueProblem("bad-number", _comma(lang), text=repr(value))
        return round_significant(value)  # type: ignore[arg-type]
    if isinstance(value, bool):
        raise ValueProblem("bad-number", _comma(lang), text=repr(value))
    text = str(value).strip()
    sign = 1
    if text[:1] in ("-", "\u2212"):
        sign, text = -1, text[1:].strip()
    elif text[:1] == "+":
        text = text[1:].strip()
    compact = _SPACES.sub("", text)
    if compact.isdecimal():  # not isdigit(): superscripts such as "¹" are digits, not numbers
        plain = compact
    elif lang == "en" and (_PLAIN.match(compact) or _EN_GROUPED.match(compact)):
        plain = compact.replace(",", "")
    elif lang != "en" and _DOT_GROUPED.match(compact):
        plain = compact.replace(".", "").replace(",", ".")
    elif lang != "en" and _COMMA_DECIMAL.match(compact):
        plain = compact.replace(",", ".")
    elif re.fullmatch(r"[\d.,]+", compact) and re.search(r"\d", compact):
        raise ValueProblem("ambiguous-number", _comma(lang), text=str(value))
    else:
        raise ValueProblem("bad-number", _comma(lang), text=repr(str(value)))
    return round_significant(Decimal(plain)) * sign
