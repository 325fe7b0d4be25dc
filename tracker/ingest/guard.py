"""The size and safety guard run on a file before any spreadsheet parser sees it.

An ``.xlsx`` is a zip of XML parts. Before calamine opens it we check, in order:

1. the first bytes: an OLE2 file (old ``.xls``, or an encrypted/password-protected workbook), a
   text file (a renamed CSV) or anything else that is not a zip is ``not-a-workbook``;
2. the zip directory: an OpenDocument file or a zip without a workbook part is
   ``not-a-workbook``; declared sizes (per member, in total) and compression ratios over the
   limits are ``too-large``;
3. every member, inflated with our own decompressor and a byte counter that stops at the limit,
   so a directory that understates sizes cannot get past (Python's ``zipfile`` would trust the
   declared size); while inflating, XML parts are scanned for ``<!DOCTYPE``/``<!ENTITY``, which
   Excel never writes and which entity-expansion attacks need (``unsafe-xml``).

The guard returns issues (file-level: sheet and cell None); it never raises for bad input.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

from tracker.issues import Issue, Severity

DEFAULT_MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
# A legitimate workbook part compresses 5–50×; far beyond that on a big member is a bomb.
MAX_RATIO = 200
RATIO_MIN_BYTES = 1024 * 1024
MAX_MEMBERS = 10_000
_CHUNK = 64 * 1024
_OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")
_UNSAFE = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_XML_SUFFIXES = (".xml", ".rels", ".vml")
SAVE_AS = "save it as .xlsx"


def _issue(file: str, code: str, message: str, value: str | None = None) -> Issue:
    return Issue(file=file, code=code, severity=Severity.ERROR, message=message, value=value)


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def _sniff(head: bytes, file: str) -> Issue | None:
    """``not-a-workbook`` from the first bytes, or None when they start a zip."""
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return None
    if head.startswith(_OLE2):
        return _issue(
            file,
            "not-a-workbook",
            "this is a password-protected workbook or an old .xls file: "
            "save it as .xlsx without a password",
        )
    if not head:
        return _issue(file, "not-a-workbook", f"the file is empty: {SAVE_AS}")
    # Undecodable bytes are dropped (a Latin-1 CSV, or a character cut at the end of the head);
    # binary files still show control characters and fail the printable test.
    text = head.decode("utf-8-sig", errors="ignore")
    if text and all(ch.isprintable() or ch in "\r\n\t" for ch in text[:512]):
        kind = "a CSV or text file" if any(sep in text for sep in ",;\t") else "a text file"
        return _issue(file, "not-a-workbook", f"this is {kind}, not an Excel workbook: {SAVE_AS}")
    return _issue(file, "not-a-workbook", f"this is not an Excel workbook: {SAVE_AS}")


def _directory(zf: zipfile.ZipFile, file: str, limit: int) -> Issue | None:
    """Issues visible in the zip directory alone (format, declared sizes, ratios)."""
    names = set(zf.namelist())
    if "mimetype" in names:
        mime = zf.read("mimetype")[:200]
        if mime.startswith(b"application/vnd.oasis.opendocument"):
            return _issue(file, "not-a-workbook", f"this is an OpenDocument (.ods) file: {SAVE_AS}")
    if "xl/workbook.bin" in names:
        return _issue(file, "not-a-workbook", f"this is a binary workbook (.xlsb): {SAVE_AS}")
    if "xl/workbook.xml" not in names:
        return _issue(file, "not-a-workbook", f"this zip file is not an Excel workbook: {SAVE_AS}")
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        return _too_large(file, f"it has {len(infos)} parts (a workbook has a few dozen)")
    if any(info.flag_bits & 0x1 for info in infos):
        return _issue(
            file,
            "not-a-workbook",
            "this workbook is password-protected: save it as .xlsx without a password",
        )
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limit or total > limit:
            return _too_large(file, f"its parts declare more than {_mb(limit)} uncompressed")
        if info.file_size >= RATIO_MIN_BYTES and ratio > MAX_RATIO:
            return _too_large(
                file, f"part {info.filename} is compressed {ratio:.0f} times (a zip bomb?)"
            )
    return None


def _too_large(file: str, why: str) -> Issue:
    return _issue(
        file,
        "too-large",
        f"the workbook is too large to read safely: {why}; split it, remove images, or raise "
        "--max-unzipped-mb if the file is trusted",
    )


def _inflate_member(
    fh: BinaryIO, info: zipfile.ZipInfo, budget: int, file: str
) -> tuple[int, Issue | None]:
    """Inflate one member with a byte counter; returns the bytes produced and any issue.

    The data is found through the member's local header and inflated with zlib directly, so the
    count is what the data really holds, whatever sizes the directory declares.
    """
    fh.seek(info.header_offset)
    header = fh.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        return 0, _issue(file, "not-a-workbook", f"the zip file is damaged: {SAVE_AS} again")
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    fh.seek(info.header_offset + 30 + name_len + extra_len)
    is_xml = info.filename.lower().endswith(_XML_SUFFIXES)
    if info.compress_type == zipfile.ZIP_STORED:
        inflater = None
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    else:
        return 0, _issue(
            file, "not-a-workbook", f"part {info.filename} uses a compression Excel never writes"
        )
    # A deflate stream marks its own end: read until it, not just the declared compressed size.
    left = info.compress_size if inflater is None else 1 << 62
    produced, tail, first = 0, b"", True
    while left > 0:
        chunk = fh.read(min(_CHUNK, left))
        if not chunk:
            break
        left -= len(chunk)
        pending = chunk
        while pending:
            if inflater is None:
                out, pending = pending, b""
            else:
                out = inflater.decompress(pending, _CHUNK)
                pending = inflater.unconsumed_tail
            produced += len(out)
            if produced > budget:
                return produced, None
            if is_xml and out:
                if first and out.startswith((b"\xff\xfe", b"\xfe\xff")):
                    return produced, _unsafe(file, info.filename, "is not UTF-8")
                first = False
                if _UNSAFE.search(tail + out):
                    return produced, _unsafe(file, info.filename, "declares a DOCTYPE or ENTITY")
                tail = out[-16:]
            if inflater is not None and inflater.eof:
                pending = b""
                left = 0
    return produced, None


def _unsafe(file: str, part: str, why: str) -> Issue:
    return _issue(
        file,
        "unsafe-xml",
        f"part {part} {why}, which Excel never writes (an XML entity attack?): "
        f"open the file in Excel and {SAVE_AS} again",
    )


def check_workbook_file(
    path: Path, *, max_unzipped_bytes: int = DEFAULT_MAX_UNZIPPED_BYTES, display: str | None = None
) -> list[Issue]:
    """Every reason not to hand ``path`` to the spreadsheet parser (empty list: safe to open)."""
    file = display if display is not None else str(path)
    try:
        with path.open("rb") as fh:
            return check_workbook(fh, file, max_unzipped_bytes=max_unzipped_bytes)
    except OSError as exc:
        return [_issue(file, "not-a-workbook", f"the file cannot be read ({exc}): {SAVE_AS}")]


def check_workbook(
    fh: BinaryIO, file: str, *, max_unzipped_bytes: int = DEFAULT_MAX_UNZIPPED_BYTES
) -> list[Issue]:
    """:func:`check_workbook_file` on an open binary file (or the file's bytes in a BytesIO)."""
    try:
        head = fh.read(4096)
        if issue := _sniff(head, file):
            return [issue]
        try:
            zf = zipfile.ZipFile(fh)
        except (zipfile.BadZipFile, ValueError, OSError):
            return [_issue(file, "not-a-workbook", f"the zip file is damaged: {SAVE_AS}")]
        with zf:
            if issue := _directory(zf, file, max_unzipped_bytes):
                return [issue]
            budget = max_unzipped_bytes
            for info in zf.infolist():
                if info.is_dir():
                    continue
                produced, issue = _inflate_member(fh, info, budget, file)
                if issue:
                    return [issue]
                budget -= produced
                if budget < 0:
                    return [
                        _too_large(
                            file,
                            f"its parts inflate to more than {_mb(max_unzipped_bytes)} "
                            "(more than its zip directory declares)",
                        )
                    ]
    except zlib.error:
        return [_issue(file, "not-a-workbook", f"the zip file is damaged: {SAVE_AS}")]
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        return [_issue(file, "not-a-workbook", f"the file cannot be read ({exc}): {SAVE_AS}")]
    return []
