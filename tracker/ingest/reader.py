"""The reader's entry point: a file on disk → a :class:`~tracker.ingest.parsed.ParsedFile`.

Order of work: hash the file, run the size and safety guard (no parser sees a file that fails
it), open it with calamine, tell a matrix sheet from a form workbook, detect the workbook's
language, read the cover, decide each form's status, and read the form sheets that count. Bad
input never raises: every problem becomes an issue of the returned file; only bugs raise.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tracker.codes import issue
from tracker.enums import FormStatus
from tracker.ingest.parsed import FormEntry, ParsedFile
from tracker.issues import Issue, cell_name
from tracker.layouts import (
    DEFAULT_LAYOUT,
    Layout,
    TableSpec,
    extensions_of,
    find_layout,
    get_layout,
)
from tracker.text import parts

from .cells import Context, as_text
from .cover import Cover, FormSheet, build_report, read_cover, resolve_forms
from .forms import read_form, sheet_has_data
from .grid import Grid, SheetError, Workbook, is_blank, known_key, norm
from .guard import DEFAULT_MAX_UNZIPPED_BYTES, inspect_workbook, inspect_workbook_file
from .matrix import find_matrix, read_matrix
from .package import Package
from .prefilled import MARKER_SHEET, read_marker, sheet_digest
from .tables import SheetScan

__all__ = ["read_file"]


# A file up to this size is read once into memory for its hash, the guard and calamine; a larger
# one (a workbook full of images) is read from disk by each, so that memory stays flat.
IN_MEMORY_BYTES = 32 * 1024 * 1024


def _load(path: Path) -> tuple[str, int, bytes | None]:
    """The file's SHA-256 and size, and its bytes when it is small enough to keep."""
    with path.open("rb") as fh:
        # Ask for the bytes the file holds (one more shows its end), not for the whole limit: a
        # read of 32 MB sets aside 32 MB before it reads, for a file of 10 KB too.
        expected = os.fstat(fh.fileno()).st_size
        data = fh.read(min(expected, IN_MEMORY_BYTES) + 1)
        if expected < len(data) <= IN_MEMORY_BYTES:  # it grew since: read on to the limit
            data += fh.read(IN_MEMORY_BYTES + 1 - len(data))
        if len(data) <= IN_MEMORY_BYTES:
            return hashlib.sha256(data).hexdigest(), len(data), data
        sha, size = hashlib.sha256(data), len(data)
        while chunk := fh.read(1 << 20):
            sha.update(chunk)
            size += len(chunk)
    return sha.hexdigest(), size, None


def read_file(
    path: Path,
    *,
    max_unzipped_bytes: int = DEFAULT_MAX_UNZIPPED_BYTES,
    display_path: str | None = None,
) -> ParsedFile:
    """Read and validate one workbook (form workbook or matrix sheet); never raises for bad input.

    ``display_path`` is how the file is named in issues (default: ``str(path)``).
    """
    path = Path(path)
    shown = display_path if display_path is not None else str(path)
    limit = max_unzipped_bytes
    try:
        sha256, size, data = _load(path)
    except OSError as exc:
        parsed = ParsedFile(shown, path.name, "", 0, DEFAULT_LAYOUT, "workbook")
        reason = exc.strerror or str(exc)
        parsed.issues.append(issue(shown, "unreadable-file", reason=reason))
        return parsed
    parsed = ParsedFile(shown, path.name, sha256, size, DEFAULT_LAYOUT, "workbook")
    if data is None:
        guard = inspect_workbook_file(path, max_unzipped_bytes=limit, display=shown)
    else:
        guard = inspect_workbook(io.BytesIO(data), shown, max_unzipped_bytes=limit)
    parsed.issues = guard.issues
    if parsed.issues:
        return parsed
    try:
        book = Workbook(path if data is None else data, guard.package)
    except Exception as exc:  # calamine's errors (zip, XML, password) for a file it cannot open
        reason = _open_failure(exc, data)
        parsed.issues.append(issue(shown, "not-a-workbook", "cannot-open", reason=reason))
        return parsed
    if guard.package is not None:
        _package_notes(guard.package, Context(shown, get_layout(), issues=parsed.issues))
    try:
        layout = get_layout()
        matrix = find_matrix(book, layout)
        if matrix is not None:
            parsed.kind = "matrix"
            parsed.layout = layout.matrix.id if layout.matrix else layout.id
            ctx = Context(shown, layout, issues=parsed.issues)
            parsed.reports = read_matrix(book.grid(matrix), layout, ctx)
        else:
            _read_form_workbook(book, layout, parsed)
    except SheetError as exc:
        parsed.reports = []
        reason = clean_reason(exc.reason)
        parsed.issues.append(issue(shown, "damaged-workbook", sheet=exc.sheet, reason=reason))
    finally:
        book.close()
    if parsed.ok:  # the loader keeps the bytes as the original; a rejected file needs none
        parsed.content = data
    return parsed


# calamine's messages carry the parser's byte positions ("at 0..0: "), which say nothing to a
# person; the rest of the message is kept.
_POSITIONS = re.compile(r"\s*\bat \d+\.\.\d+\b")


def clean_reason(exc: object) -> str:
    """A parser's error message without byte positions, on one line.

    calamine names only the element it expected when an XML part is empty or cut short
    (``workbook``, ``sst``): that is said in words.
    """
    text = _POSITIONS.sub("", " ".join(str(exc).split())).strip()
    if re.fullmatch(r"[A-Za-z]+", text):
        return f"an XML part that should hold <{text}> is empty or cut short"
    return text or type(exc).__name__


def _open_failure(exc: Exception, data: bytes | None) -> str:
    """Why calamine cannot open a file, in its own words.

    Opened from memory, calamine tries every format it knows and says only "Cannot detect file
    format"; opened from a path it says what is wrong with the workbook. Only for a file that
    failed to open, its bytes are written to a temporary file to learn that.
    """
    if data is None or "detect file format" not in str(exc):
        return clean_reason(exc)
    import tempfile

    from python_calamine import CalamineWorkbook

    with tempfile.NamedTemporaryFile(suffix=".xlsx") as tmp:
        tmp.write(data)
        tmp.flush()
        try:
            CalamineWorkbook.from_path(tmp.name).close()
        except Exception as again:
            return clean_reason(again)
    return clean_reason(exc)


def _package_notes(package: Package, ctx: Context) -> None:
    """File-level notes about the package: external links and DDE sources (never fetched)."""
    for link in package.external_links:
        variant = "dde" if link.dde else "workbook"
        ctx.warning("external-link", variant, value=link.target, target=link.target)


# A sheet name that looks like a form's (workbook spec, "Sheets"): after normalisation, a form
# word of the layout (form / formulaire / formulario / الاستمارة / 表 / форма, from its form
# sheets' names), then an optional space (``_`` and ``-`` normalise to one), then one letter A–J
# (or another way of writing it, such as a Cyrillic look-alike) as a whole word. "Formulaire I
# (besoins)" and "Form I (2)" match; "Notes", "Information", "Formation" or a bare "I" never do.


def looks_like_form(name: str, layout: Layout | None = None) -> str | None:
    """The form letter a sheet name looks like (``"I"``), or None."""
    layout = layout or get_layout()
    match = layout.form_like.search(norm(name))
    return layout.letters.get(match[2]) if match else None


@cache
def _instruction_names(layout: Layout) -> frozenset[str]:
    """The normalised names of the layout's Instructions sheet."""
    return frozenset(norm(n) for n in layout.instructions_sheet.values())


def _classify(
    book: Workbook, layout: Layout, ctx: Context
) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Sheet key ("cover", "A"…) → real sheet name, and form letter → sheets named like it.

    The template's Instructions sheet is passed over silently; a sheet whose name looks like a
    form's is returned for :func:`_check_form_like` (it must never be skipped without a word);
    any other sheet gets an info note.
    """
    found: dict[str, str] = {}
    form_like: dict[str, list[str]] = {}
    instructions = _instruction_names(layout)
    macros = set(book.package.macro_sheets) if book.package is not None else set()
    for name in book.sheet_names:
        key = layout.sheet_lookup.get(norm(name))
        if name in macros:
            ctx.info("macro-sheet", sheet=name)
            continue
        if key is None and (norm(name) in instructions or name == MARKER_SHEET):
            continue
        if key is None and (letter := looks_like_form(name, layout)) is not None:
            form_like.setdefault(letter, []).append(name)
        elif key is None:
            ctx.info("unknown-sheet", sheet=name)
        elif key in found:
            ctx.warning("duplicate-sheet", sheet=name, other=found[key])
        else:
            found[key] = name
    return found, form_like


def _check_form_like(
    found: dict[str, str], form_like: dict[str, list[str]], layout: Layout, ctx: Context
) -> None:
    """``misnamed-sheet`` when the form has no sheet of its own, else ``duplicate-sheet``."""
    for letter, names in sorted(form_like.items()):
        spec = layout.sheet(letter)
        for name in names:
            if letter in found:
                ctx.warning(
                    "duplicate-sheet", "form-like", sheet=name, letter=letter, other=found[letter]
                )
                continue
            match = layout.form_like.search(norm(name))
            lang = (layout.form_words.get(match[1]) if match else None) or ctx.lang
            ctx.error(
                "misnamed-sheet", sheet=name, letter=letter, name=name, expected=spec.name(lang)
            )


@cache
def _label_languages(layout: Layout) -> dict[str, frozenset[str]]:
    """Normalised cover label or title → the languages that write it so."""
    langs: dict[str, set[str]] = {}
    for field in layout.cover.fields:
        for lang, text in field.texts.items():
            langs.setdefault(norm(text), set()).add(lang)
    for table in layout.cover.tables:
        for lang, text in table.title.items():
            langs.setdefault(norm(text), set()).add(lang)
    return {k: frozenset(v) for k, v in langs.items()}


def detect_language(book: Workbook, layout: Layout, cover: Grid) -> str:
    """The workbook's language, by votes of its sheet names and its cover's labels (en on ties).

    Labels weigh double: they are what the person who typed the numbers read.
    """
    votes = dict.fromkeys(layout.languages, 0)
    for name in book.sheet_names:
        for lang in layout.sheet_languages.get(norm(name), ()):
            votes[lang] = votes.get(lang, 0) + 1
    by_label = _label_languages(layout)
    for cells in cover.rows:
        label = cells[0] if cells else ""
        if not isinstance(label, str):
            continue
        known = by_label.get(norm(label))
        if known is not None:
            for lang in known:
                votes[lang] = votes.get(lang, 0) + 2
            continue
        for half in parts(label):  # a label in two languages at once votes for both
            for lang in by_label.get(norm(half), ()):
                votes[lang] = votes.get(lang, 0) + 2
    best = max(layout.languages, key=lambda lang: (votes[lang], lang == "en"))
    return best if votes[best] else "en"


@dataclass(frozen=True)
class _Assumed:
    """Where the id of a layout should be written when the default one was assumed."""

    cell: str  # the blank Layout cell, or where it belongs (``Cover!B11``)
    label_missing: bool  # no Layout label: it belongs in column A of that row


def _pick_layout(
    cover: Grid, layout: Layout, ctx: Context
) -> tuple[Layout | None, _Assumed | None]:
    """The layout the cover names (the default when blank); None, with an error, when unknown.

    Second: when the default was assumed (a blank Layout cell, or no Layout label: then it
    belongs in the row after the cover's last label), where a layout's id should be written.
    """
    spec = layout.cover
    last_label = -1
    for row in range(cover.height):
        label = cover.value(row, 0)
        found = (
            spec.label_lookup.get(known_key(label, spec.label_lookup))
            if isinstance(label, str)
            else None
        )
        if found is not None:
            last_label = row
        if found == "layout":
            value = cover.value(row, 1)
            if is_blank(value):
                return layout, _Assumed(f"{cover.name}!B{row + 1}", False)
            chosen = find_layout(as_text(value))
            if chosen is None:
                ctx.error(
                    "unknown-layout",
                    written=as_text(value),
                    known=layout.id,
                    sheet=cover.name,
                    cell=f"B{row + 1}",
                    field="layout",
                    value=value,
                )
            return chosen, None
    return layout, _Assumed(f"{cover.name}!B{last_label + 2}", True)


def _foreign_tables(layout: Layout) -> dict[str, list[tuple[Layout, TableSpec]]]:
    """Per sheet key, the tables that only layouts extending ``layout`` have (with the layout)."""
    found: dict[str, list[tuple[Layout, TableSpec]]] = {}
    for extension in extensions_of(layout):
        for sheet in extension.sheets:
            for table in sheet.tables:
                if table.name in sheet.own_tables:
                    found.setdefault(sheet.key, []).append((extension, table))
    return found


def _layout_assumed(
    scan: SheetScan,
    owners: list[tuple[Layout, TableSpec]],
    layout: Layout,
    assumed: _Assumed,
    sheet: str,
    ctx: Context,
) -> None:
    """``layout-assumed`` at the header of each table only a newer layout has (not read)."""
    for found in scan.foreign:
        extension = next(lay for lay, table in owners if table is found.spec)
        where = {
            "sheet": sheet,
            "cell": cell_name(found.header_row, found.first_col),
            "field": found.spec.name,
        }
        said = {"assumed": layout.id, "layout": extension.id, "at": assumed.cell}
        if assumed.label_missing:
            label = layout.cover.field("layout").text(ctx.lang)
            label_at = assumed.cell.replace("!B", "!A")
            ctx.warning("layout-assumed", "label", **said, label=label, label_at=label_at, **where)
        else:
            ctx.warning("layout-assumed", **said, **where)


def _read_form_workbook(book: Workbook, layout: Layout, parsed: ParsedFile) -> None:
    ctx = Context(parsed.path, layout, issues=parsed.issues)  # issues survive a damaged sheet
    sheets, form_like = _classify(book, layout, ctx)
    _check_form_like(sheets, form_like, layout, ctx)
    if "cover" not in sheets:
        names = "/".join(dict.fromkeys(layout.cover.names.values()))
        ctx.error("missing-cover", names=names)
        return
    cover_grid = book.grid(sheets["cover"])
    chosen, assumed_at = _pick_layout(cover_grid, layout, ctx)
    if chosen is None:
        return
    if chosen is not layout:
        layout, ctx = chosen, Context(parsed.path, chosen, issues=ctx.issues)
        sheets, _ = _classify(book, layout, Context(parsed.path, layout))
    ctx.lang = parsed.language = detect_language(book, layout, cover_grid)
    parsed.layout = layout.id
    cover = read_cover(cover_grid, ctx)
    report = build_report(cover, ctx)

    scans: dict[str, tuple[SheetScan, list[Issue]]] = {}
    present: dict[str, FormSheet] = {}
    foreign = _foreign_tables(layout) if assumed_at else {}
    for spec in layout.forms:
        letter = spec.form or ""
        if letter not in sheets:
            continue
        # Layout issues of a sheet count only if the sheet is read: scan into a side context.
        side = Context(parsed.path, layout, ctx.lang)
        owners = foreign.get(spec.key, [])
        grid = book.grid(sheets[letter])
        scan, filled = sheet_has_data(grid, spec, side, tuple(t for _, t in owners))
        if assumed_at and scan.foreign:
            _layout_assumed(scan, owners, layout, assumed_at, grid.name, side)
        scans[letter] = (scan, side.issues)
        present[letter] = FormSheet(sheets[letter], filled)
    entries, to_read = resolve_forms(cover, report, present, ctx, misnamed=set(form_like))
    for letter in to_read:
        scan, issues = scans[letter]
        ctx.issues.extend(issues)
        read_form(book.grid(sheets[letter]), layout.sheet(letter), scan, ctx, report)
    if MARKER_SHEET in book.sheet_names:
        _check_prefilled(book, book.grid(MARKER_SHEET), sheets, cover, entries, ctx)
    if report is not None:
        report.forms = entries
        parsed.reports = [report]


def _check_prefilled(
    book: Workbook,
    marker: Grid,
    sheets: dict[str, str],
    cover: Cover,
    entries: list[FormEntry],
    ctx: Context,
) -> None:
    """The checks of a pre-filled workbook (:mod:`tracker.ingest.prefilled`).

    Its date of submission must be filled in (``unsubmitted-template``, in place of the usual
    warning); a form still *unchanged* must still match its hash (``edited-unchanged-form``).
    An unchanged form that does match is the pre-fill itself: no ``sheet-ignored`` note.
    """
    _, hashes = read_marker(marker)
    submitted = cover.fields["submitted_on"]
    if submitted.value is None:
        ctx.issues[:] = [i for i in ctx.issues if i.code != "missing-submission-date"]
        ctx.error(
            "unsubmitted-template", sheet=cover.sheet, cell=submitted.cell, field="submitted_on"
        )
    untouched: set[str] = set()
    for entry in entries:
        wanted = hashes.get(entry.form)
        if entry.status is not FormStatus.UNCHANGED or wanted is None or entry.form not in sheets:
            continue
        if sheet_digest(book.grid(sheets[entry.form])) == wanted:
            untouched.add(entry.form)
        else:
            ctx.error(
                "edited-unchanged-form",
                letter=entry.form,
                sheet=entry.sheet,
                cell=entry.cell,
                field="status",
                value="unchanged",
            )
    ctx.issues[:] = [
        i
        for i in ctx.issues
        if not (i.code == "sheet-ignored" and dict(i.params).get("letter") in untouched)
    ]
