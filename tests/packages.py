"""Rewriting the parts of a saved workbook as other programs write them (tests of issue 14).

openpyxl writes every package the same way; real files come from Excel, LibreOffice, XlsxWriter
and scripts. These helpers change a saved ``.xlsx`` at the XML level: formula cells with or
without a computed value, the recalculate-on-load flag, parts moved or renamed, UTF-16 parts,
backslash paths, macro sheets and external links.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def read_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def write_parts(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def edit_parts(path: Path, edit: Callable[[dict[str, bytes]], None]) -> Path:
    parts = read_parts(path)
    edit(parts)
    return write_parts(path, parts)


def sheet_part(parts: dict[str, bytes], sheet: str) -> str:
    """The zip member of the sheet called ``sheet`` (openpyxl's absolute targets)."""
    workbook = parts["xl/workbook.xml"].decode()
    rid = re.search(rf'<sheet name="{re.escape(sheet)}"[^>]*r:id="(rId\d+)"', workbook)
    assert rid, sheet
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    target = re.search(rf'Target="([^"]+)" Id="{rid[1]}"', rels)
    assert target, rid[1]
    return target[1].lstrip("/")


def set_formula(
    path: Path,
    sheet: str,
    cell: str,
    formula: str,
    cached: str | None = None,
    *,
    cell_type: str | None = None,
    recalculate_on_load: bool = False,
) -> Path:
    """Make ``cell`` a formula cell (``formula`` without ``=``), with ``cached`` as its saved
    value (None: no value, as a script writes it). The workbook's recalculate-on-load flag is
    set as asked (Excel and LibreOffice never set it; XlsxWriter and openpyxl always do)."""

    def edit(parts: dict[str, bytes]) -> None:
        name = sheet_part(parts, sheet)
        xml = parts[name].decode()
        style = ""
        found = re.search(rf'<c r="{cell}"([^>]*?)(/>|>.*?</c>)', xml)
        if found:
            s = re.search(r'\ss="(\d+)"', found[1])
            style = f' s="{s[1]}"' if s else ""
        value = "" if cached is None else f"<v>{cached}</v>"
        kind = f' t="{cell_type}"' if cell_type else ""
        new = f'<c r="{cell}"{style}{kind}><f>{formula}</f>{value}</c>'
        if found:
            xml = xml[: found.start()] + new + xml[found.end() :]
        else:
            row = int(re.sub(r"[A-Z]", "", cell))
            at = re.search(rf'<row r="{row}"[^>]*>', xml)
            assert at, f"no row {row} in {sheet}"
            xml = xml[: at.end()] + new + xml[at.end() :]
        parts[name] = xml.encode()
        workbook = parts["xl/workbook.xml"].decode()
        workbook = re.sub(r'\s*fullCalcOnLoad="1"', "", workbook)
        if recalculate_on_load:
            workbook = workbook.replace("<calcPr ", '<calcPr fullCalcOnLoad="1" ')
        parts["xl/workbook.xml"] = workbook.encode()

    return edit_parts(path, edit)
