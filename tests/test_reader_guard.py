"""Bad input the reader must refuse before any parser sees it (real files, never mocks)."""

from __future__ import annotations

import hashlib
import struct
import zipfile
from pathlib import Path

import pytest

from tests.workbooks import build_report
from tracker.ingest import reader
from tracker.ingest.reader import read_file


def only_issue(parsed):
    assert parsed.reports == []
    assert len(parsed.issues) == 1, [i.as_text() for i in parsed.issues]
    issue = parsed.issues[0]
    assert issue.severity == "error"
    assert issue.sheet is None and issue.cell is None  # file-level
    return issue


@pytest.fixture
def parser_forbidden(monkeypatch):
    """Fail the test if the spreadsheet parser is ever opened."""

    def refuse(path):
        raise AssertionError("the parser was reached")

    monkeypatch.setattr(reader, "Workbook", refuse)


def test_random_bytes_are_not_a_workbook(tmp_path, parser_forbidden):
    path = tmp_path / "report.xlsx"
    path.write_bytes(bytes(range(256)) * 4)
    issue = only_issue(read_file(path))
    assert issue.code == "not-a-workbook"
    assert "save it as .xlsx" in issue.message


def test_renamed_csv_is_named_as_such(tmp_path, parser_forbidden):
    path = tmp_path / "report.xlsx"
    path.write_text("State,Year,Status\nChad,2024,changed\n", encoding="utf-8")
    issue = only_issue(read_file(path, display_path="in/report.xlsx"))
    assert issue.code == "not-a-workbook"
    assert "CSV" in issue.message and "save it as .xlsx" in issue.message
    assert issue.file == "in/report.xlsx"


@pytest.mark.parametrize("name", ["old.xls", "locked.xlsx"])
def test_ole2_file_is_old_xls_or_password_protected(tmp_path, parser_forbidden, name):
    # Encrypted .xlsx files are OLE2 containers, exactly like old .xls files.
    path = tmp_path / name
    path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504)
    issue = only_issue(read_file(path))
    assert issue.code == "not-a-workbook"
    assert "password" in issue.message and "save it as .xlsx" in issue.message


def test_ods_is_rejected_with_save_as_xlsx(tmp_path, parser_forbidden):
    path = tmp_path / "report.ods"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>")
    issue = only_issue(read_file(path))
    assert issue.code == "not-a-workbook"
    assert ".ods" in issue.message and "save it as .xlsx" in issue.message


def test_zip_without_workbook_part(tmp_path, parser_forbidden):
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "hello")
    assert only_issue(read_file(path)).code == "not-a-workbook"


def test_sha256_and_size_are_reported_even_for_rejected_files(tmp_path):
    path = tmp_path / "report.xlsx"
    path.write_text("a;b\n1;2\n", encoding="utf-8")
    parsed = read_file(path)
    assert parsed.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert parsed.size_bytes == path.stat().st_size
    assert not parsed.ok


def test_missing_file_is_an_issue_not_an_exception(tmp_path):
    parsed = read_file(tmp_path / "nope.xlsx")
    assert [i.code for i in parsed.issues] == ["unreadable-file"]


def _add_member(path: Path, name: str, chunks: int, chunk: bytes = b"\0" * (1 << 20)) -> None:
    with (
        zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf,
        zf.open(name, "w", force_zip64=True) as fh,
    ):
        for _ in range(chunks):
            fh.write(chunk)


def test_zip_bomb_is_too_large_and_never_parsed(tmp_path, parser_forbidden):
    path = tmp_path / "bomb.xlsx"
    build_report(path)
    _add_member(path, "xl/media/padding.bin", 300)  # 300 MB of zeros, about 300 KB on disk
    assert path.stat().st_size < 2 * 1024 * 1024
    issue = only_issue(read_file(path))
    assert issue.code == "too-large"
    assert "--max-unzipped-mb" in issue.message


def _understate(path: Path, member: str, declared: int) -> None:
    """Rewrite the zip's local and central headers so ``member`` claims ``declared`` bytes."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    pos = 0
    while (pos := data.find(b"PK\x01\x02", pos)) != -1:
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if bytes(data[pos + 46 : pos + 46 + name_len]) == name:
            struct.pack_into("<I", data, pos + 24, declared)
        pos += 4
    pos = 0
    while (pos := data.find(b"PK\x03\x04", pos)) != -1:
        name_len = struct.unpack_from("<H", data, pos + 26)[0]
        if bytes(data[pos + 30 : pos + 30 + name_len]) == name:
            struct.pack_into("<I", data, pos + 22, declared)
        pos += 4
    path.write_bytes(bytes(data))


def test_directory_that_understates_sizes_is_caught_while_inflating(tmp_path, parser_forbidden):
    path = tmp_path / "liar.xlsx"
    build_report(path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/image1.bin", b"\0" * (8 * 1024 * 1024))
    _understate(path, "xl/media/image1.bin", 1000)
    with zipfile.ZipFile(path) as zf:  # the directory now claims a tiny file
        assert sum(i.file_size for i in zf.infolist()) < 1024 * 1024
    issue = only_issue(read_file(path, max_unzipped_bytes=4 * 1024 * 1024))
    assert issue.code == "too-large"
    assert "more than its zip directory declares" in issue.message


def test_limit_is_a_parameter(tmp_path):
    path = tmp_path / "ok.xlsx"
    build_report(path)
    assert read_file(path).ok
    assert [i.code for i in read_file(path, max_unzipped_bytes=1000).issues] == ["too-large"]


def _replace_member(path: Path, member: str, content: bytes) -> None:
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    parts[member] = content
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData>
</worksheet>"""


def test_xml_entity_bomb_is_unsafe_and_never_parsed(tmp_path, parser_forbidden):
    path = tmp_path / "entities.xlsx"
    build_report(path)
    _replace_member(path, "xl/worksheets/sheet1.xml", BILLION_LAUGHS)
    issue = only_issue(read_file(path))
    assert issue.code == "unsafe-xml"
    assert "xl/worksheets/sheet1.xml" in issue.message


def test_damaged_sheet_is_an_issue_not_an_exception(tmp_path):
    path = tmp_path / "damaged.xlsx"
    build_report(path)
    # A cell that points at a shared string that does not exist.
    broken = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>99999</v></c></row></sheetData></worksheet>'
    _replace_member(path, "xl/worksheets/sheet2.xml", broken)
    parsed = read_file(path)
    assert parsed.reports == []
    damaged = [i for i in parsed.issues if i.code == "damaged-workbook"]
    assert len(damaged) == 1 and damaged[0].severity == "error" and damaged[0].sheet


def test_latin1_csv_is_still_named_a_csv(tmp_path, parser_forbidden):
    path = tmp_path / "report.xlsx"
    path.write_bytes("État;Année\nTchad;2024\n".encode("latin-1"))
    issue = only_issue(read_file(path))
    assert "CSV" in issue.message


def test_extreme_compression_ratio_is_too_large_even_under_the_size_limit(
    tmp_path, parser_forbidden
):
    path = tmp_path / "ratio.xlsx"
    build_report(path)
    _add_member(path, "xl/media/padding.bin", 40)  # 40 MB of zeros: under 100 MB, ratio ~1000
    issue = only_issue(read_file(path))
    assert issue.code == "too-large" and "compressed" in issue.message


def test_xlsm_is_read_like_xlsx(tmp_path):
    path = tmp_path / "report.xlsm"
    build_report(path)
    parsed = read_file(path)
    assert parsed.ok and parsed.reports[0].state_iso3 == "TCD"


def test_zip_with_encrypted_parts_is_password_protected(tmp_path, parser_forbidden):
    path = tmp_path / "locked-zip.xlsx"
    build_report(path)
    data = bytearray(path.read_bytes())
    pos = 0
    while (pos := data.find(b"PK\x01\x02", pos)) != -1:  # set the "encrypted" flag everywhere
        data[pos + 8] |= 0x1
        pos += 4
    path.write_bytes(bytes(data))
    issue = only_issue(read_file(path))
    assert issue.code == "not-a-workbook" and "password" in issue.message


def test_a_file_over_the_in_memory_limit_is_read_from_disk_alike(tmp_path, monkeypatch):
    path = tmp_path / "big.xlsx"
    build_report(path, state="Austria", year=2024)
    in_memory = read_file(path)
    monkeypatch.setattr(reader, "IN_MEMORY_BYTES", 64)  # every real workbook is larger
    from_disk = read_file(path)
    assert from_disk == in_memory
    assert from_disk.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert from_disk.reports and from_disk.ok


def test_a_bomb_over_the_in_memory_limit_is_refused_alike(tmp_path, monkeypatch):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", b"<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b" " * (3 * 1024 * 1024))
    monkeypatch.setattr(reader, "IN_MEMORY_BYTES", 64)
    issue = only_issue(read_file(path, max_unzipped_bytes=1024 * 1024))
    assert issue.code == "too-large"
