"""Month names in every form met in dates written as words, in the six UN languages.

Keys are normalised (:func:`tracker.text.normalize`: no accents, hamza forms of alef read ``ا``,
``ة`` reads ``ه``), so ``أبريل``, ``إبريل`` and ``ابريل`` are one key, and so are ``février`` and
``fevrier``. Arabic has several month-name series, all in use in States Parties' documents: the
names taken from the Latin ones (Egypt, Sudan, the Gulf; the UN's second name), the Syriac names
of the Levant and Iraq (``نيسان``, two words for four of them: ``كانون الثاني``), which UN Arabic
texts write first (``30 نيسان/أبريل 2025``), and the names taken from French in Algeria, Tunisia
and Mauritania (``أفريل``) and from Spanish and French in Morocco (``غشت``). Russian writes the
genitive after a day (``30 апреля``), but the nominative (``апрель``) and the usual abbreviations
are met too. Chinese writes months as numbers (``2025年4月30日``, read by a pattern of
:mod:`tracker.values`).
"""

from __future__ import annotations

from tracker.text import normalize

_NAMES: dict[int, tuple[str, ...]] = {
    1: (
        "january", "jan", "janvier", "enero",
        "يناير", "كانون الثاني", "جانفي",
        "январь", "января", "янв",
    ),
    2: (
        "february", "feb", "février", "febrero",
        "فبراير", "شباط", "فيفري",
        "февраль", "февраля", "фев", "февр",
    ),
    3: (
        "march", "mar", "mars", "marzo",
        "مارس", "آذار",
        "март", "марта", "мар",
    ),
    4: (
        "april", "apr", "avril", "abril",
        "أبريل", "إبريل", "نيسان", "أفريل",
        "апрель", "апреля", "апр",
    ),
    5: (
        "may", "mai", "mayo",
        "مايو", "أيار", "ماي",
        "май", "мая",
    ),
    6: (
        "june", "jun", "juin", "junio",
        "يونيو", "يونية", "حزيران", "جوان",
        "июнь", "июня", "июн",
    ),
    7: (
        "july", "jul", "juillet", "julio",
        "يوليو", "يولية", "تموز", "جويلية", "يوليوز",
        "июль", "июля", "июл",
    ),
    8: (
        "august", "aug", "août", "agosto",
        "أغسطس", "آب", "أوت", "غشت",
        "август", "августа", "авг",
    ),
    9: (
        "september", "sep", "sept", "septembre", "septiembre", "setiembre",
        "سبتمبر", "أيلول", "شتنبر",
        "сентябрь", "сентября", "сен", "сент",
    ),
    10: (
        "october", "oct", "octobre", "octubre",
        "أكتوبر", "تشرين الأول", "اكتوبر",
        "октябрь", "октября", "окт",
    ),
    11: (
        "november", "nov", "novembre", "noviembre",
        "نوفمبر", "تشرين الثاني", "نونبر",
        "ноябрь", "ноября", "ноя", "нояб",
    ),
    12: (
        "december", "dec", "décembre", "diciembre",
        "ديسمبر", "كانون الأول", "دجنبر",
        "декабрь", "декабря", "дек",
    ),
}  # fmt: skip

MONTHS: dict[str, int] = {normalize(n): month for month, names in _NAMES.items() for n in names}
LONGEST = max(len(key.split()) for key in MONTHS)  # words in the longest name (كانون الثاني)


def month_of(phrase: str) -> int | None:
    """The month a normalised phrase names, else None.

    A phrase may name the month in more than one series at once, as UN Arabic texts do
    (``نيسان ابريل``, from ``نيسان/أبريل``): every name must then be the same month.

    >>> month_of("avril"), month_of("نيسان ابريل"), month_of("كانون الاول"), month_of("mai juin")
    (4, 4, 12, None)
    """
    if phrase in MONTHS:
        return MONTHS[phrase]
    words = phrase.split()
    found: set[int] = set()
    start = 0
    while start < len(words):
        for size in range(min(LONGEST, len(words) - start), 0, -1):
            month = MONTHS.get(" ".join(words[start : start + size]))
            if month is not None:
                found.add(month)
                start += size
                break
        else:
            return None
    return found.pop() if len(found) == 1 else None
