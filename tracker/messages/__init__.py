"""Issue messages in the six UN languages: gettext catalogues of the templates of ``tracker.codes``.

An issue keeps its code, its template's variant and its parameters, so its message can be
rendered again in another language: the catalogue of a language (``locale/LANG/LC_MESSAGES/
tracker.po``, compiled to ``tracker.mo`` beside it) translates each template of the table, keyed
by the code and variant (the gettext context) with the English template as the msgid, and the
translation is filled in with the issue's parameters. English is the table itself and needs no
catalogue. The code, the sheet!cell pointer and the JSON keys never change with the language;
the parameters are shown as the issue holds them (a label as the workbook writes it, a cell's
text as typed). ``python -m tracker.messages.catalogue`` keeps the catalogues equal to the table
(Babel, a tool only: the catalogues are read at run time by the standard library's gettext,
each once, and only when a language other than English is asked for).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import gettext

    from tracker.issues import Issue

LANGUAGES = ("en", "fr", "es", "ar", "zh", "ru")  # the six UN languages, English first
AUTO = "auto"  # the workbook's own language, as the reader detected it
DOMAIN = "tracker"
LOCALE = Path(__file__).resolve().parent / "locale"
# The fixed words around a message in a line of ``tracker import``'s text output: context -> text.
WORDS = {"output|value": "value"}


def context(code: str, variant: str = "") -> str:
    """The gettext context of a template: ``bad-date``, ``bad-date|calendar``."""
    return f"{code}|{variant}" if variant else code


def mo_path(lang: str) -> Path:
    """Where the compiled catalogue of ``lang`` lives."""
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


@cache
def translations(lang: str) -> gettext.GNUTranslations | None:
    """The compiled catalogue of ``lang`` (read once); None for English or without a catalogue."""
    import gettext

    if lang == "en":
        return None
    try:
        with mo_path(lang).open("rb") as f:
            return gettext.GNUTranslations(f)
    except FileNotFoundError:
        return None


def available(lang: str) -> bool:
    """True when messages can be shown in ``lang`` (English always can)."""
    return lang == "en" or translations(lang) is not None


def shown_in(lang: str | None) -> str:
    """The language messages asked for in ``lang`` are shown in: itself, or English without one."""
    return lang if lang is not None and available(lang) else "en"


def choose(asked: str, workbook_lang: str | None) -> str:
    """The language of a file's messages: ``asked``, or with ``auto`` the workbook's own."""
    return shown_in(workbook_lang if asked == AUTO else asked)


def untranslated(asked: str, workbook_langs: Iterable[str | None]) -> list[str]:
    """The languages asked for (``auto``: the workbooks') that have no catalogue, sorted."""
    wanted = set(workbook_langs) if asked == AUTO else {asked}
    return sorted(lang for lang in wanted if lang is not None and not available(lang))


def template(code: str, variant: str, lang: str) -> str:
    """The template of ``code`` in its ``variant``, in ``lang`` (English when not translated)."""
    from tracker.codes import CODES

    english = CODES[code].templates[variant]
    found = translations(lang)
    return english if found is None else found.pgettext(context(code, variant), english)


def word(key: str, lang: str) -> str:
    """A fixed word of the output (:data:`WORDS`) in ``lang``."""
    found = translations(lang)
    return WORDS[key] if found is None else found.pgettext(key, WORDS[key])


def render(issue: Issue, lang: str) -> str:
    """The message of ``issue`` in ``lang`` (its English message when ``lang`` has no catalogue).

    English is the message the issue was made with, unchanged; another language fills that
    language's template with the issue's parameters.
    """
    if shown_in(lang) == "en":
        return issue.message
    return template(issue.code, issue.variant, lang).format(**dict(issue.params))


def message_pair(issue: Issue, workbook_lang: str | None) -> tuple[str, str]:
    """``(message in the workbook's language, message in English)``: what the /import page shows.

    The two are equal for an English workbook, a workbook whose language is unknown (None) and a
    language without a catalogue; a page shows the second one only when it differs.
    """
    return render(issue, shown_in(workbook_lang)), issue.message


def issue_text(issue: Issue, lang: str) -> str:
    """The text-output line of ``issue`` with its message in ``lang`` (the line's shape is kept)."""
    if shown_in(lang) == "en":
        return issue.as_text()
    return issue.as_text(message=render(issue, lang), value_word=word("output|value", lang))


def issue_json(issue: Issue, lang: str) -> dict[str, str | None]:
    """``issue`` as JSON: ``message`` in ``lang``, ``message_en`` beside it when not English."""
    data = issue.as_json()
    if shown_in(lang) != "en":
        data["message"] = render(issue, lang)
        data["message_en"] = issue.message
    return data
