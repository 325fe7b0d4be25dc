"""Indicator sentences (``spec/indicators.md`` §5): templates, checks, rendering in en/fr/es.

A template is a text with placeholders (``{numerator}``, ``{names}``, ``{on}`` …), selectors
that choose a word by a count (``{numerator|has|have}``: the first for 0 or 1), and ``{{``/``}}``
for literal braces, plus optional variants for a zero denominator and a zero numerator. Counts
are written as ``statistics.md`` words them (:func:`tracker.wording.count`: ``sixteen (16)``,
``16``, ``none``) in English; French and Spanish use figures only. State names come from the
tracker's reference list (``tracker/data/states.csv``) in the sentence's language, sorted
ignoring case and accents and joined ``A, B and C`` (``et``; ``y``, or ``e`` before I/Hi).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from tracker.wording import Style, count

LANGS: tuple[str, ...] = ("en", "fr", "es")

#: Every placeholder a template may use, in the order messages list them.
PLACEHOLDERS: tuple[str, ...] = (
    "numerator",
    "denominator",
    "percent",
    "names",
    "denominator_names",
    "year",
    "due",
    "as_of",
    "since",
    "on",
)
#: The placeholders a selector ``{name|ONE|OTHER}`` may choose by.
SELECTABLE: tuple[str, ...] = ("numerator", "denominator")

# What is empty in each case: no percentage and no list of a zero denominator; no list of a
# zero numerator.
_EMPTY_WITHOUT_DENOMINATOR = ("percent", "names", "denominator_names")
_EMPTY_WITHOUT_NUMERATOR = ("names",)

_MONTHS: dict[str, tuple[str, ...]] = {
    "en": tuple(
        "January February March April May June July August September October November "
        "December".split()
    ),
    "fr": tuple(
        "janvier février mars avril mai juin juillet août septembre octobre novembre "
        "décembre".split()
    ),
    "es": tuple(
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
        "diciembre".split()
    ),
}
_AND = {"en": "and", "fr": "et", "es": "y"}
# The space before "%": none in English; French typography a narrow no-break space (U+202F),
# Spanish a no-break space (U+00A0), so that the figure and its sign never part at a line end.
_PERCENT_SPACE = {"en": "", "fr": "\u202f", "es": "\u00a0"}


# --- templates --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Literal:
    """Text written as is (``{{`` and ``}}`` already turned into single braces)."""

    text: str


@dataclass(frozen=True)
class Slot:
    """A placeholder such as ``{numerator}``."""

    name: str


@dataclass(frozen=True)
class Choice:
    """A selector ``{numerator|ONE|OTHER}``: ``one`` for a count of 0 or 1, else ``other``."""

    name: str
    one: str
    other: str


Segment = Literal | Slot | Choice


@dataclass(frozen=True)
class Parsed:
    """One template text, parsed."""

    source: str
    segments: tuple[Segment, ...]

    def names(self) -> set[str]:
        """The placeholders it uses (selectors included)."""
        return {s.name for s in self.segments if isinstance(s, Slot | Choice)}


@dataclass(frozen=True)
class Template:
    """A sentence's text and its optional variants for a zero denominator / numerator."""

    text: Parsed
    zero_denominator: Parsed | None = None
    zero_numerator: Parsed | None = None

    def variant(self, numerator: int, denominator: int) -> Parsed:
        """The text for these counts.

        ``zero_denominator`` when the denominator is 0, ``zero_numerator`` when the numerator
        is (also standing in for a zero denominator that has no text of its own: its
        numerator is 0 too), else ``text``.
        """
        if denominator == 0 and self.zero_denominator is not None:
            return self.zero_denominator
        if numerator == 0 and self.zero_numerator is not None:
            return self.zero_numerator
        return self.text


def placeholder_list() -> str:
    """``{numerator}, {denominator}, …`` for messages."""
    return ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)


def parse_template(source: str, where: str) -> tuple[Parsed, list[str]]:
    """Parse one template text; ``where`` (``sentence.en``) names it in the messages."""
    segments: list[Segment] = []
    problems: list[str] = []
    literal: list[str] = []
    i, n = 0, len(source)
    while i < n:
        char = source[i]
        if source.startswith("{{", i) or source.startswith("}}", i):
            literal.append(char)
            i += 2
            continue
        if char == "}":
            problems.append(
                f"unbalanced brace in {where}: a '}}' at character {i + 1} closes nothing "
                "(write }} for a literal brace)"
            )
            i += 1
            continue
        if char != "{":
            literal.append(char)
            i += 1
            continue
        end = source.find("}", i + 1)
        opening = source.find("{", i + 1)
        if end == -1 or (opening != -1 and opening < end):
            problems.append(
                f"unbalanced brace in {where}: the '{{' at character {i + 1} is not closed "
                "(write {{ for a literal brace)"
            )
            literal.append(char)
            i += 1
            continue
        if literal:
            segments.append(Literal("".join(literal)))
            literal = []
        segment, problem = _placeholder(source[i + 1 : end], where)
        if problem:
            problems.append(problem)
        if segment is not None:
            segments.append(segment)
        i = end + 1
    if literal:
        segments.append(Literal("".join(literal)))
    return Parsed(source, tuple(segments)), problems


def _placeholder(inner: str, where: str) -> tuple[Segment | None, str | None]:
    parts = inner.split("|")
    name = parts[0].strip()
    if name not in PLACEHOLDERS:
        return None, (f"unknown placeholder {{{name}}} in {where}; use one of {placeholder_list()}")
    if len(parts) == 1:
        return Slot(name), None
    if name not in SELECTABLE:
        return None, (
            f"a selector {{{inner}}} in {where} chooses by {{{name}}}: only "
            "{numerator|ONE|OTHER} and {denominator|ONE|OTHER} choose words"
        )
    if len(parts) != 3:
        return None, (
            f"the selector {{{inner}}} in {where} has {len(parts) - 1} "
            f"{'choice' if len(parts) == 2 else 'choices'}: write {{{name}|ONE|OTHER}} (ONE for "
            "0 or 1)"
        )
    return Choice(name, parts[1], parts[2]), None


def check_template(template: Template, where: str, year_refs: Sequence[str]) -> list[str]:
    """The checks of §5 that look at the whole template (each variant in the cases it covers).

    ``year_refs`` are the year references the indicator's ``year`` parameters name; ``{year}``
    and ``{due}`` are ambiguous when they name two.
    """
    problems: list[str] = []
    variants = [("", template.text)]
    if template.zero_denominator is not None:
        variants.append((".zero_denominator", template.zero_denominator))
    if template.zero_numerator is not None:
        variants.append((".zero_numerator", template.zero_numerator))
    for suffix, parsed in variants:
        used = parsed.names()
        name = f"{where}{suffix}"
        if len(year_refs) > 1:
            for placeholder in ("year", "due"):
                if placeholder in used:
                    problems.append(
                        f"{{{placeholder}}} in {name} is ambiguous: the year parameters name "
                        f"{len(year_refs)} years ({', '.join(year_refs)})"
                    )
        zero_d, zero_n = _cases(template, suffix)
        for placeholder in PLACEHOLDERS:
            if placeholder not in used:
                continue
            # {names} is empty whenever the numerator is 0: a zero_numerator text (which also
            # stands in for a zero denominator) is the remedy, so that is what is said.
            if zero_n and placeholder in _EMPTY_WITHOUT_NUMERATOR:
                problems.append(_empty_message(placeholder, name, suffix, denominator=False))
            elif zero_d and placeholder in _EMPTY_WITHOUT_DENOMINATOR:
                problems.append(_empty_message(placeholder, name, suffix, denominator=True))
    return problems


def _cases(template: Template, suffix: str) -> tuple[bool, bool]:
    """Whether the variant ``suffix`` covers a zero denominator, and a zero numerator."""
    has_d = template.zero_denominator is not None
    has_n = template.zero_numerator is not None
    if suffix == ".zero_denominator":
        return True, True
    if suffix == ".zero_numerator":
        return not has_d, True
    return not has_d and not has_n, not has_n


def _empty_message(placeholder: str, name: str, suffix: str, *, denominator: bool) -> str:
    case = "the denominator is 0" if denominator else "the numerator is 0"
    variant = "zero_denominator" if denominator else "zero_numerator"
    if suffix == f".{variant}":
        return f"{{{placeholder}}} in {name} is empty in its case ({case})"
    return f"{{{placeholder}}} in {name} is empty when {case}: add a {variant} text without it"


# --- values -----------------------------------------------------------------------------------


def long_date(day: dt.date, lang: str = "en") -> str:
    """``30 April 2025``, ``30 avril 2025`` (``1er`` for the first), ``30 de abril de 2025``."""
    month = _MONTHS[lang][day.month - 1]
    if lang == "fr":
        return f"{'1er' if day.day == 1 else day.day} {month} {day.year}"
    if lang == "es":
        return f"{day.day} de {month} de {day.year}"
    return f"{day.day} {month} {day.year}"


def percent(numerator: int, denominator: int) -> int:
    """A whole percentage rounded half up, as ``compliance.md`` (1 of 8 → 13, 5 of 17 → 29)."""
    if denominator <= 0:
        raise ValueError("no percentage of nothing")
    exact = Decimal(numerator * 100) / Decimal(denominator)
    return int(exact.quantize(Decimal(1), ROUND_HALF_UP))


def percent_text(value: int, lang: str = "en") -> str:
    """``40%``; ``40 %`` with the language's no-break space in French and Spanish."""
    return f"{value}{_PERCENT_SPACE[lang]}%"


def annual_due(year: int) -> dt.date:
    """30 April of the next year: the due date of the annual report for ``year``."""
    return dt.date(year + 1, 4, 30)


def count_text(n: int, lang: str, style: Style) -> str:
    """A count: the statistics' words in English, figures only (zero ``0``) in fr/es."""
    if lang == "en":
        return count(n, style)
    if style is Style.WORDS:
        raise ValueError(f"counts are written in words only in English, not {lang!r}")
    return str(n)


@dataclass
class NameBook:
    """States' names in each language: the tracker's reference list, unless given."""

    names: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # lang -> iso3 -> name

    def name(self, iso3: str, lang: str = "en") -> str:
        """The State's name in ``lang`` (English when that language lacks it; else the code)."""
        given = self.names.get(lang, {}).get(iso3)
        if given:
            return given
        from tracker.reference import states_by_iso3

        state = states_by_iso3().get(iso3)
        if state is None:
            return self.names.get("en", {}).get(iso3, iso3)
        return {"en": state.name_en, "fr": state.name_fr, "es": state.name_es}.get(
            lang, state.name_en
        ) or state.name_en


def sort_key(name: str, iso3: str) -> tuple[str, str]:
    """Names sorted ignoring case and accents (Côte with Costa), ties by ISO3."""
    plain = unicodedata.normalize("NFKD", name)
    return "".join(c for c in plain if not unicodedata.combining(c)).casefold(), iso3


def name_list(states: Iterable[str], lang: str = "en", book: NameBook | None = None) -> str:
    """``A``, ``A and B``, ``A, B and C`` (``et``; ``y``, ``e`` before I… or Hi…)."""
    book = book or NameBook()
    named = sorted(((book.name(s, lang), s) for s in states), key=lambda p: sort_key(*p))
    names = [n for n, _ in named]
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    last = names[-1]
    conjunction = _AND[lang]
    if lang == "es":
        start = sort_key(last, "")[0]
        if start.startswith(("i", "hi")):
            conjunction = "e"
    return f"{', '.join(names[:-1])} {conjunction} {last}"


@dataclass(frozen=True)
class SentenceValues:
    """What a sentence may say: the counts, the lists, the years and days."""

    numerator: int
    denominator: int
    numerator_states: tuple[str, ...]
    denominator_states: tuple[str, ...]
    year: int
    as_of: int
    since: int
    on: dt.date


def render(
    template: Template,
    values: SentenceValues,
    *,
    lang: str = "en",
    style: Style = Style.WORDS,
    names: NameBook | None = None,
) -> str:
    """The sentence for ``values``, its first character upper-cased."""
    if values.numerator > values.denominator or values.numerator < 0:
        raise ValueError(f"numerator {values.numerator} outside 0..{values.denominator}")
    parsed = template.variant(values.numerator, values.denominator)
    counts = {"numerator": values.numerator, "denominator": values.denominator}
    parts: list[str] = []
    for segment in parsed.segments:
        if isinstance(segment, Literal):
            parts.append(segment.text)
        elif isinstance(segment, Choice):
            parts.append(segment.one if counts[segment.name] <= 1 else segment.other)
        else:
            parts.append(_slot(segment.name, values, lang, style, names))
    text = "".join(parts)
    return text[:1].upper() + text[1:]


def _slot(name: str, values: SentenceValues, lang: str, style: Style, book: NameBook | None) -> str:
    if name in ("numerator", "denominator"):
        return count_text(
            values.numerator if name == "numerator" else values.denominator, lang, style
        )
    if name == "percent":
        return percent_text(percent(values.numerator, values.denominator), lang)
    if name == "names":
        return name_list(values.numerator_states, lang, book)
    if name == "denominator_names":
        return name_list(values.denominator_states, lang, book)
    if name == "year":
        return str(values.year)
    if name == "due":
        return long_date(annual_due(values.year), lang)
    if name == "as_of":
        return str(values.as_of)
    if name == "since":
        return str(values.since)
    return long_date(values.on, lang)
