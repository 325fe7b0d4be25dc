"""Keep the message catalogues equal to the table of codes: extract, update, compile, check.

The table (:mod:`tracker.codes`) stays the one source of the English messages. ``update``
builds the template catalogue from it (each template once, its gettext context the code and
variant, its doc as a comment for the translator) and merges it into every language's ``.po``:
a new template arrives untranslated, a changed one keeps its old translation marked fuzzy (to
be checked), a removed one is dropped. ``compile`` writes the ``.mo`` files that are read at
run time. ``check`` lists every template that lacks a translation, by code and language (what
``tests/test_messages.py`` asserts). Babel is needed here only, never when messages are shown.

    python -m tracker.messages.catalogue update     # after changing tracker/codes.py
    python -m tracker.messages.catalogue compile    # after editing a .po file
    python -m tracker.messages.catalogue check
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from tracker.codes import CODES
from tracker.messages import DOMAIN, LANGUAGES, LOCALE, WORDS, context, mo_path

TRANSLATED = tuple(lang for lang in LANGUAGES if lang != "en")
FLAGS = ("python-brace-format",)
# A fixed date, so that an update that changes no template changes no byte of a .po file.
CREATED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
HEADER = """\
Import messages of the CCM needs tracker in {name} ({lang}).
The msgids are the English templates of tracker/codes.py (one table, the only source);
msgctxt is the issue code and its variant. Placeholders in braces ({{text!r}}, {{label}}, ...)
stay exactly as they are. Edit the msgstr lines, then run:
    python -m tracker.messages.catalogue compile
AWAITING REVIEW BY A NATIVE SPEAKER: these translations were written for the ISU and follow the
Convention's UN terminology; have a native speaker review them before relying on them.
"""
NAMES = {"fr": "French", "es": "Spanish", "ar": "Arabic", "zh": "Chinese", "ru": "Russian"}


def po_path(lang: str) -> Path:
    """The editable catalogue of ``lang``."""
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def templates() -> Iterator[tuple[str, str, str]]:
    """``(context, English text, translator's comment)`` of every template and fixed word."""
    for code, entry in CODES.items():
        for variant, text in entry.templates.items():
            yield context(code, variant), text, f"{code} ({entry.severity.value}): {entry.doc}"
    for key, text in WORDS.items():
        yield key, text, "a fixed word of a line of tracker import's text output"


def template_catalogue() -> Catalog:
    """The catalogue of the table's templates, untranslated."""
    catalogue = Catalog(project="ccm-tracker", domain=DOMAIN, creation_date=CREATED)
    for ctxt, text, comment in templates():
        catalogue.add(text, context=ctxt, auto_comments=[comment], flags=FLAGS)
    return catalogue


def read(lang: str) -> Catalog:
    """The ``.po`` catalogue of ``lang`` as it is on disk."""
    with po_path(lang).open("rb") as f:
        return read_po(f, locale=lang, domain=DOMAIN)


def updated(lang: str) -> Catalog:
    """``lang``'s catalogue merged with the table's templates (not written)."""
    path = po_path(lang)
    if path.exists():
        catalogue = read(lang)
    else:
        catalogue = Catalog(locale=lang, domain=DOMAIN, project="ccm-tracker")
    catalogue.update(template_catalogue())
    lines = HEADER.format(name=NAMES[lang], lang=lang).splitlines()
    catalogue.header_comment = "\n".join(f"# {line}".rstrip() for line in lines)
    catalogue.creation_date = CREATED
    catalogue.revision_date = CREATED
    catalogue.fuzzy = False
    return catalogue


def write(lang: str, catalogue: Catalog) -> None:
    """Write ``catalogue`` as ``lang``'s ``.po`` (obsolete entries dropped, sorted by context)."""
    path = po_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=100, ignore_obsolete=True, include_previous=True)
    path.write_bytes(buffer.getvalue())


def compiled(catalogue: Catalog) -> bytes:
    """The ``.mo`` bytes of ``catalogue`` (fuzzy and untranslated entries left out)."""
    buffer = io.BytesIO()
    write_mo(buffer, catalogue, use_fuzzy=False)
    return buffer.getvalue()


def missing(lang: str) -> list[str]:
    """The contexts (code|variant) whose template ``lang`` lacks or has only fuzzily."""
    catalogue = read(lang) if po_path(lang).exists() else Catalog(locale=lang)
    gaps = []
    for ctxt, text, _ in templates():
        entry = catalogue.get(text, context=ctxt)
        if entry is None or not entry.string or entry.fuzzy:
            gaps.append(ctxt)
    return gaps


def main(argv: list[str]) -> int:
    """``update``, ``compile`` or ``check`` every translated language."""
    command = argv[0] if argv else ""
    if command == "update":
        for lang in TRANSLATED:
            write(lang, updated(lang))
        command = "compile"
    if command == "compile":
        for lang in TRANSLATED:
            mo_path(lang).write_bytes(compiled(read(lang)))
        command = "check"
    if command == "check":
        gaps = {lang: missing(lang) for lang in TRANSLATED}
        for lang, contexts in gaps.items():
            for ctxt in contexts:
                print(f"{po_path(lang)}: {ctxt}: no translation (or fuzzy: check it)")
        return 1 if any(gaps.values()) else 0
    print("usage: python -m tracker.messages.catalogue update|compile|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
