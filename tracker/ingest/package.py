"""The Open XML package behind a workbook: where its parts are, and what calamine cannot see.

An ``.xlsx`` names its parts through ``[Content_Types].xml`` and relationship files, not fixed
paths. Excel writes ``xl/workbook.xml``, but other programs write the workbook part elsewhere, use
backslashes in zip paths, save parts in UTF-16, or add Excel 4 macro sheets. This module finds
the workbook part as Excel, calamine and openpyxl do (the package relationship of type
``officeDocument``, else the content type of the main part), lists the sheets with their parts
and kinds, and reads what calamine does not give:

- the **formulas** of a sheet (``<f>`` elements) with whether a computed value was saved, so
  that a value that came from a formula is named and one never calculated is refused;
- the **external links** (other workbooks, DDE), whose values are never fetched;
- whether the workbook asks to be recalculated on load (``fullCalcOnLoad``: a program wrote the
  formulas and their saved values, if any, are not results).

When calamine cannot read the package as it is (a workbook part not named ``workbook.xml``, a
macro sheet, parts in UTF-16), :func:`repack` gives an equivalent zip it can read: nothing is
added, only names, relationship types and encodings change. Parts are read only after the guard
(:mod:`tracker.ingest.guard`) checked sizes and refused DOCTYPE/ENTITY declarations; XML is
still parsed with defusedxml.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

OFFICE_DOCUMENT = "/officeDocument"  # end of the package relationship type (any namespace)
MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
    "application/vnd.ms-excel.sheet.binary.macroEnabled.main",
)
WORKSHEET_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_KINDS = {
    "worksheet": "worksheet",
    "xlMacrosheet": "macrosheet",
    "xlIntlMacrosheet": "macrosheet",
    "chartsheet": "chartsheet",
    "dialogsheet": "dialogsheet",
}
_CELL = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")
# An external reference inside a formula: [1]Sheet!A1, '[2]My sheet'!B3, [1]!'R1C1' (DDE: the
# link's part names the service and topic).
_EXTERNAL_REF = re.compile(r"\[\d+\]")


def local(tag: str) -> str:
    """An element's name without its namespace (Strict and Transitional write different ones)."""
    return tag.rpartition("}")[2]


def member_map(zf: zipfile.ZipFile) -> dict[str, str]:
    r"""Part name (``/``-separated, no leading slash) → the zip member that holds it.

    Some programs write Windows paths (``xl\\workbook.xml``) into the zip; they name the same part.
    """
    return {name.replace("\\", "/").lstrip("/"): name for name in zf.namelist()}


def _parse(data: bytes) -> Any:
    """An XML part as an element tree (no DTD, no entity expansion)."""
    from defusedxml.ElementTree import fromstring

    return fromstring(data)


def _rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _resolve(source: str, target: str) -> str:
    """A relationship target as a part name, relative to the part that holds the relationship."""
    target = target.replace("\\", "/")
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def _relationships(read: Any, part: str) -> list[dict[str, str]]:
    data = read(_rels_path(part))
    if data is None:
        return []
    try:
        root = _parse(data)
    except Exception:  # a damaged relationship part: as if absent
        return []
    return [dict(el.attrib) for el in root.iter() if local(el.tag) == "Relationship"]


def find_workbook_part(zf: zipfile.ZipFile) -> str | None:
    """The workbook part's name, found as Excel finds it; None when the zip holds none."""
    members = member_map(zf)

    def read(name: str) -> bytes | None:
        member = members.get(name)
        return None if member is None else zf.read(member)

    for rel in _relationships(read, ""):
        if rel.get("Type", "").endswith(OFFICE_DOCUMENT) and rel.get("Target"):
            part = _resolve("", rel["Target"])
            if part in members:
                return part
    types = read("[Content_Types].xml")
    if types is not None:
        try:
            root = _parse(types)
        except Exception:
            root = None
        for el in root.iter() if root is not None else ():
            if local(el.tag) == "Override" and el.get("ContentType") in MAIN_TYPES:
                part = str(el.get("PartName", "")).lstrip("/")
                if part in members:
                    return part
    return "xl/workbook.xml" if "xl/workbook.xml" in members else None


@dataclass(frozen=True)
class SheetPart:
    """One sheet of the workbook: its name, its part, and its kind."""

    name: str
    part: str | None
    kind: str  # worksheet, macrosheet, chartsheet, dialogsheet or other


@dataclass(frozen=True)
class ExternalLink:
    """A link to another workbook or a DDE source (its values are never fetched)."""

    part: str
    target: str  # the other workbook's path or URL, or the DDE service and topic
    dde: bool


@dataclass(frozen=True)
class Formula:
    """A formula cell: its text and whether the file holds a value computed by a spreadsheet."""

    text: str
    calculated: bool
    error: str | None = None  # the saved value was an error (#DIV/0!, #REF!…)

    @property
    def external(self) -> bool:
        """True when the formula reads another workbook or a DDE source."""
        return bool(_EXTERNAL_REF.search(self.text))


@dataclass
class Package:
    """What the reader needs to know about a workbook's package."""

    workbook: str
    sheets: list[SheetPart] = field(default_factory=list)
    recalculate_on_load: bool = False
    external_links: list[ExternalLink] = field(default_factory=list)
    utf16_parts: frozenset[str] = frozenset()
    formula_parts: frozenset[str] = frozenset()

    def sheet(self, name: str) -> SheetPart | None:
        """The sheet called ``name``."""
        return next((s for s in self.sheets if s.name == name), None)

    @property
    def macro_sheets(self) -> list[str]:
        """Names of the Excel 4 macro sheets (never run; calamine reads them as worksheets)."""
        return [s.name for s in self.sheets if s.kind == "macrosheet"]

    @property
    def needs_repack(self) -> bool:
        """True when calamine cannot read the zip as it is (see :func:`repack`)."""
        readable = {p for p in self.utf16_parts if not p.startswith(("customXml/", "docProps/"))}
        return (
            posixpath.basename(self.workbook) != "workbook.xml"
            or bool(self.macro_sheets)
            or bool(readable)
        )


def inspect(
    zf: zipfile.ZipFile,
    *,
    utf16_parts: frozenset[str] = frozenset(),
    formula_parts: frozenset[str] = frozenset(),
) -> Package | None:
    """The package of an opened zip (None when it holds no workbook part)."""
    workbook = find_workbook_part(zf)
    if workbook is None:
        return None
    members = member_map(zf)

    def read(name: str) -> bytes | None:
        member = members.get(name)
        if member is None:
            return None
        data = zf.read(member)
        return transcode(data) if name in utf16_parts else data

    package = Package(workbook, utf16_parts=utf16_parts, formula_parts=formula_parts)
    rels = {r.get("Id"): r for r in _relationships(read, workbook)}
    try:
        root = _parse(read(workbook) or b"")
    except Exception:  # calamine will say what is wrong with it
        return package
    for el in root.iter():
        name = local(el.tag)
        if name == "sheet":
            rid = next((v for k, v in el.attrib.items() if local(k) == "id"), None)
            rel = rels.get(rid, {})
            kind = _KINDS.get(rel.get("Type", "").rpartition("/")[2], "other")
            target = rel.get("Target")
            part = _resolve(workbook, target) if target else None
            package.sheets.append(SheetPart(el.get("name", ""), part, kind))
        elif name == "calcPr":
            package.recalculate_on_load = el.get("fullCalcOnLoad", "").lower() in ("1", "true")
    for rel in rels.values():
        if rel.get("Type", "").endswith("/externalLink") and rel.get("Target"):
            part = _resolve(workbook, rel["Target"])
            package.external_links.append(_external_link(read, part))
    return package


def _external_link(read: Any, part: str) -> ExternalLink:
    data = read(part) or b""
    dde = b"ddeLink" in data
    target = ""
    if dde:
        try:
            for el in _parse(data).iter():
                if local(el.tag) == "ddeLink":
                    target = f"{el.get('ddeService', '')}|{el.get('ddeTopic', '')}"
        except Exception:
            target = ""
    else:
        links = _relationships(read, part)
        target = next((r.get("Target", "") for r in links if r.get("Target")), "")
    return ExternalLink(part, target or posixpath.basename(part), dde)


def is_utf16(head: bytes) -> str | None:
    """The UTF-16 codec of an XML part from its first bytes (with or without a BOM), or None."""
    if head.startswith(b"\xff\xfe"):
        return "utf-16-le"
    if head.startswith(b"\xfe\xff"):
        return "utf-16-be"
    if head.startswith(b"<\x00") and head[3:4] == b"\x00":
        return "utf-16-le"
    if head.startswith(b"\x00<") and head[2:3] == b"\x00":
        return "utf-16-be"
    return None


def transcode(data: bytes) -> bytes:
    """A UTF-16 XML part as UTF-8 (its declaration says so); other parts unchanged."""
    codec = is_utf16(data[:4])
    if codec is None:
        return data
    text = data.decode(codec).lstrip("\ufeff")
    text = re.sub(r"""^(<\?xml[^>]*?encoding=)(["'])[^"']*\2""", r"\1\2UTF-8\2", text, count=1)
    return text.encode("utf-8")


def repack(source: bytes | str, package: Package) -> bytes:
    """An equivalent zip that calamine can read.

    The workbook part is named ``workbook.xml``, macro sheets are typed as worksheets (their
    cells are values; nothing is ever run), UTF-16 XML becomes UTF-8. Nothing else changes.
    """
    rename: dict[str, str] = {}
    folder = posixpath.dirname(package.workbook)
    if posixpath.basename(package.workbook) != "workbook.xml":
        wanted = posixpath.join(folder, "workbook.xml")
        rename[package.workbook] = wanted
        rename[_rels_path(package.workbook)] = _rels_path(wanted)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(source if isinstance(source, str) else io.BytesIO(source)) as zf,
        zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as new,
    ):
        for part, member in member_map(zf).items():
            data = zf.read(member)
            if part in package.utf16_parts:
                data = transcode(data)
            if part == "_rels/.rels" and package.workbook in rename:
                data = data.replace(posixpath.basename(package.workbook).encode(), b"workbook.xml")
            if part == _rels_path(package.workbook) and package.macro_sheets:
                for kind in ("xlMacrosheet", "xlIntlMacrosheet"):
                    data = data.replace(
                        f"http://schemas.microsoft.com/office/2006/relationships/{kind}".encode(),
                        WORKSHEET_TYPE.encode(),
                    )
            new.writestr(rename.get(part, part), data)
    return out.getvalue()


def formulas(data: bytes, *, recalculate_on_load: bool) -> dict[tuple[int, int], Formula]:
    """Every formula cell of a sheet part, by zero-based (row, column).

    A shared formula's other cells carry the text of its first cell. With
    ``recalculate_on_load`` no saved value counts as calculated.
    """
    from defusedxml.ElementTree import iterparse

    found: dict[tuple[int, int], Formula] = {}
    shared: dict[str, str] = {}
    row, col = -1, -1
    for event, el in iterparse(io.BytesIO(data), events=("start", "end")):
        name = local(el.tag)
        if event == "start":
            if name == "row":
                row = int(el.get("r", row + 2)) - 1
                col = -1
            elif name == "c":
                row, col = _position(el.get("r"), row, col)
            continue
        if name != "c":
            if name == "row":
                el.clear()
            continue
        formula = value = None
        for child in el:
            if local(child.tag) == "f":
                formula = child
            elif local(child.tag) == "v":
                value = child.text
        if formula is not None:
            text = formula.text or ""
            if formula.get("t") == "shared" and formula.get("si") is not None:
                si = formula.get("si", "")
                text = shared.setdefault(si, text) if text else shared.get(si, "")
            if not text and formula.get("t") == "dataTable":
                text = "TABLE()"
            error = value if el.get("t") == "e" else None
            calculated = value is not None and not recalculate_on_load
            found[(row, col)] = Formula(text, calculated, error)
        el.clear()
    return found


def _position(ref: str | None, row: int, col: int) -> tuple[int, int]:
    """A cell's zero-based (row, column) from its ``r`` attribute, else the next one."""
    if ref:
        m = _CELL.match(ref.upper())
        if m:
            number = 0
            for ch in m[1]:
                number = number * 26 + ord(ch) - 64
            return int(m[2]) - 1, number - 1
    return row, col + 1
