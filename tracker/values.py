"""Reading cell values written by people: dates, yes/no answers, numbers (shared by every reader).

Each parser returns the value, or raises :class:`ValueProblem` with a stable issue code and a
message that says what to write instead. Values are read in the six UN languages: dates written
the local way (``30 avril 2025``, ``30 أبريل 2025``, ``2025年4月30日``, ``30 апреля 2025 г.``),
digits in any script (Arabic-Indic ``٠–٩``, Persian ``۰–۹``, full-width ``０–９``), yes/no in
every language, and numbers by the workbook's convention (``1,234.5`` or ``1 234,5``; the
Arabic separators ``٫`` and ``٬`` are read whatever the language).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from typing import Any

from tracker.months import month_of
from tracker.text import normalize, parts, plain


class ValueProblem(ValueError):
    """A cell value that cannot be read: an issue code, its template's variant and parameters."""

    def __init__(self, code: str, variant: str = "", **params: Any) -> None:
        from tracker.codes import message

        self.code, self.variant = code, variant
        self.params: dict[str, Any] = params
        self.message = message(code, variant, **params)
        super().__init__(self.message)


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00(?:\.0+)?)?)?$")
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
# Year first with a slash or a dot (2025/4/30, as Chinese writes numeric dates): never ambiguous.
_YMD = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
# Chinese (and Japanese): 2025年4月30日, with or without spaces; 号 is the spoken form of 日.
_CJK = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$")
# Words, on normalised text: a day, a month phrase (``avril``, ``de abril de``, ``كانون الاول``,
# ``نيسان ابريل``), a year, then the year's marks: Russian ``г.``/``года``, Arabic ``م`` (of
# the Christian era, also attached: ``2025م``).
_WORDS = re.compile(r"^(\d{1,2})(?:er)? (?:de )?(\D+?) (?:de )?(\d{4})(?: ?(?:г|года|год|م))?$")


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
    """A date from a real date cell or from text (ISO, day-first numeric, year-first, or words).

    Words in any of the six UN languages (:mod:`tracker.months`); Chinese ``2025年4月30日``.

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
    digits = plain(text).strip()
    if m := _ISO.match(digits):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _DMY.match(digits):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
    elif (m := _YMD.match(digits)) or (m := _CJK.match(digits)):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _WORDS.match(normalize(text).replace("1er", "1")):
        day, month, year = int(m[1]), month_of(m[2]), int(m[3])
    if year is None or month is None or day is None:
        raise ValueProblem("bad-date", text=text)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueProblem("bad-date", "calendar", text=text) from None


# Normalised (نعم, да, 是 are their own normal forms).
_YES = {"yes", "oui", "si", "true", "1", "x", "y", "نعم", "是", "да"}
_NO = {"no", "non", "false", "0", "n", "لا", "否", "нет"}


def _yes_no_word(word: str) -> bool | None:
    if word in _YES:
        return True
    return False if word in _NO else None


def parse_yes_no(value: object) -> bool:
    """True or False from yes/no words in the six UN languages, 1/0, or a ticked ``x``.

    An answer written in two languages at once (``Yes / نعم``) is read when both halves agree.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    answer = _yes_no_word(normalize(str(value)))
    if answer is None and (halves := parts(str(value))):
        answers = {_yes_no_word(normalize(half)) for half in halves}
        answer = answers.pop() if len(answers) == 1 else None
    if answer is not None:
        return answer
    raise ValueProblem("bad-yes-no", text=str(value))


# Numbers ------------------------------------------------------------------------------------

SIGNIFICANT_DIGITS = 12
_EXACT_LIMIT = 10**SIGNIFICANT_DIGITS  # whole numbers below it are exact: no rounding needed
_SIGNIFICANT_FORMAT = f".{SIGNIFICANT_DIGITS}g"
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
_PLAIN = re.compile(r"^\d+(?:\.\d+)?$")
_EN_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_DOT_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_COMMA_DECIMAL = re.compile(r"^\d+,\d+$")
# Languages whose workbooks write a decimal comma (1 234,5); the others write 1,234.5 (Arabic
# written with Latin digits and Chinese as English does).
DECIMAL_COMMA = frozenset({"fr", "es", "ru"})
# The variant of ``ambiguous-number`` (tracker/codes.py) that explains a workbook's separators.
_AMBIGUOUS = {"fr": "comma", "es": "comma", "ru": "comma-ru", "ar": "point-ar", "zh": "point-zh"}
# The Arabic decimal separator and thousands separator: unambiguous in any workbook.
_ARABIC_SEPARATORS = str.maketrans({"\u066b": ".", "\u066c": ","})


def _comma(lang: str) -> str:
    """The variant of a number message for ``lang`` ("comma" for French, Spanish and Russian).

    French, Spanish and Russian write a decimal comma: the advice must be a number such a
    workbook reads.
    """
    return "comma" if lang in DECIMAL_COMMA else ""


def round_significant(value: float | int | Decimal) -> Decimal:
    """``value`` as a Decimal rounded to 12 significant digits (removes float noise).

    >>> round_significant(274.65999999999997)
    Decimal('274.66')
    """
    if type(value) is float:  # a numeric cell: the common case, tested first
        whole = value.is_integer()
    else:
        whole = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if whole and abs(value) < _EXACT_LIMIT:
        return Decimal(int(value))
    if isinstance(value, Decimal) and value.adjusted() >= SIGNIFICANT_DIGITS:
        as_float = float(value)
        # Beyond float range (a pasted string of digits) the Decimal itself is rounded.
        value = as_float if math.isfinite(as_float) else value
    result = Decimal(format(value, _SIGNIFICANT_FORMAT))
    # Plain notation for whole numbers (1E+3 -> 1000) so stored and shown values read naturally;
    # beyond the decimal context's 28 digits the exponent form is kept (quantize would fail).
    if result.adjusted() < 27 and result == result.to_integral_value():
        return result.quantize(Decimal(1))
    return result


def parse_number(value: object, lang: str = "en") -> Decimal:
    """A number from a numeric cell, or from text written the way ``lang`` writes numbers.

    English, Arabic and Chinese write ``1,234.5``; French, Spanish and Russian ``1 234,5`` or
    ``1.234,5``. Spaces (also no-break ones) group thousands in every language. A separator that
    does not fit the language's rules (``1,5`` in English, ``2.5`` in French) cannot be read one
    way only: ``ambiguous-number``. Digits may be written in any script (``١٢٣``, ``１２３``),
    and the Arabic separators (``١٬٢٣٤٫٥``) are read in every workbook.
    """
    kind = type(value)
    if kind is float or kind is int or kind is Decimal:  # numeric cells: the common case
        if not math.isfinite(value):  # type: ignore[arg-type]
            raise ValueProblem("bad-number", _comma(lang), text=repr(value))
        return round_significant(value)  # type: ignore[arg-type]
    if isinstance(value, bool):
        raise ValueProblem("bad-number", _comma(lang), text=repr(value))
    text = plain(str(value)).strip()
    comma = lang in DECIMAL_COMMA
    if "\u066b" in text or "\u066c" in text:
        text, comma = text.translate(_ARABIC_SEPARATORS), False
    sign = 1
    if text[:1] in ("-", "\u2212"):
        sign, text = -1, text[1:].strip()
    elif text[:1] == "+":
        text = text[1:].strip()
    compact = _SPACES.sub("", text)
    if compact.isdecimal():  # not isdigit(): superscripts such as "¹" are digits, not numbers
        canonical = compact
    elif not comma and (_PLAIN.match(compact) or _EN_GROUPED.match(compact)):
        canonical = compact.replace(",", "")
    elif comma and _DOT_GROUPED.match(compact):
        canonical = compact.replace(".", "").replace(",", ".")
    elif comma and _COMMA_DECIMAL.match(compact):
        canonical = compact.replace(",", ".")
    elif re.fullmatch(r"[\d.,]+", compact) and re.search(r"\d", compact):
        raise ValueProblem("ambiguous-number", _AMBIGUOUS.get(lang, ""), text=str(value))
    else:
        raise ValueProblem("bad-number", _comma(lang), text=repr(str(value)))
    return round_significant(Decimal(canonical)) * sign
