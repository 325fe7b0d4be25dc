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
   Excel never writes and which entity-expansion attacks need (``unsafe-xml``). Parts in UTF-16
   (Excel writes Power Query data so, with or without a byte-order mark) are decoded and
   scanned the same way;
4. the workbook part, found through the package relationships and ``[Content_Types].xml``
   (:mod:`tracker.ingest.package`), not at a fixed path: a zip without one is
   ``not-a-workbook``.

While inflating, the guard also notes the parts in UTF-16 and the parts holding formulas (``<f>``
elements), so the reader looks at a sheet's XML only when calamine's values need a word.
The guard returns issues (file-level: sheet and cell None); it never raises for bad input.
"""

from __future__ import annotations

import codecs
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

from tracker.codes import issue
from tracker.issues import Issue

from .package import Package, inspect, is_utf16

DEFAULT_MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
# A legitimate workbook part compresses 5–50×; far beyond that on a big member is a bomb.
MAX_RATIO = 200
RATIO_MIN_BYTES = 1024 * 1024
MAX_MEMBERS = 10_000
_CHUNK = 64 * 1024
_OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")
# A declaration; a part holding no "!" (most: a one-byte search) is not searched for it.
_UNSAFE = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_UNSAFE_TEXT = re.compile(r"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
# A formula element, with or without a namespace prefix (``<f>``, ``<f t="shared"…``, ``<x:f>``):
# ``<f`` (or ``<x:f`` when the sheet's root element has the prefix ``x``) then what ends an
# element's name, so that ``<font`` and ``<fill`` are not taken for one (see _formula_pattern).
_FORMULA_TEXT = re.compile(r"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
_PREFIXED_SHEET = re.compile(rb"<([A-Za-z_][\w.-]*):(?:worksheet|macrosheet|dialogsheet)\b")
# What _PREFIXED_SHEET needs, found by one search rather than three (most parts have none).
_PREFIXED_HINT = re.compile(rb":(?:work|macro|dialog)sheet")
_XML_SUFFIXES = (".xml", ".rels", ".vml")


def _issue(file: str, code: str, variant: str = "", **params: Any) -> Issue:
    return issue(file, code, variant, **params)


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def _sniff(head: bytes, file: str) -> Issue | None:
    """``not-a-workbook`` from the first bytes, or None when they start a zip."""
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return None
    if head.startswith(_OLE2):
        return _issue(file, "not-a-workbook", "password-or-xls")
    if not head:
        return _issue(file, "not-a-workbook", "empty")
    # Undecodable bytes are dropped (a Latin-1 CSV, or a character cut at the end of the head);
    # binary files still show control characters and fail the printable test.
    text = head.decode("utf-8-sig", errors="ignore")
    if text and all(ch.isprintable() or ch in "\r\n\t" for ch in text[:512]):
        kind = "csv" if any(sep in text for sep in ",;\t") else "text"
        return _issue(file, "not-a-workbook", kind)
    return _issue(file, "not-a-workbook", "unknown")


def _directory(zf: zipfile.ZipFile, file: str, limit: int) -> Issue | None:
    """Issues visible in the zip directory alone (format, declared sizes, ratios)."""
    names = set(zf.namelist())
    if "mimetype" in names:
        mime = zf.read("mimetype")[:200]
        if mime.startswith(b"application/vnd.oasis.opendocument"):
            return _issue(file, "not-a-workbook", "ods")
    if "xl/workbook.bin" in names:
        return _issue(file, "not-a-workbook", "xlsb")
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        return _issue(file, "too-large", "parts", parts=len(infos))
    if any(info.flag_bits & 0x1 for info in infos):
        return _issue(file, "not-a-workbook", "password")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limit or total > limit:
            return _issue(file, "too-large", "declared", limit=_mb(limit))
        if info.file_size >= RATIO_MIN_BYTES and ratio > MAX_RATIO:
            return _issue(file, "too-large", "ratio", part=info.filename, ratio=f"{ratio:.0f}")
    return None


@dataclass
class _Part:
    """What inflating one XML part showed beside its size."""

    utf16: bool = False
    formulas: bool = False


class _XmlScan:
    """Scans an XML part chunk by chunk: DOCTYPE/ENTITY (refused) and formula elements.

    The encoding is decided by the first bytes: UTF-16 (with or without a byte-order mark) is
    decoded incrementally and scanned as text; anything else is scanned as bytes (UTF-8 and the
    single-byte encodings write ``<!DOCTYPE`` with the same bytes).
    """

    def __init__(self) -> None:
        self.part = _Part()
        self._first = True
        self._decoder: codecs.IncrementalDecoder | None = None
        self._tail = b""
        self._text_tail = ""
        self._mark = b"<f"

    def feed(self, out: bytes) -> bool:
        """Scan the next chunk; False when it declares a DOCTYPE or ENTITY."""
        if self._first and out:
            self._first = False
            codec = is_utf16(out[:4])
            if codec is not None:
                self.part.utf16 = True
                self._decoder = codecs.getincrementaldecoder(codec)(errors="replace")
            elif _prefixed_sheet(head := out[:4096]) and (prefixed := _PREFIXED_SHEET.search(head)):
                self._mark = b"<" + prefixed[1] + b":f"
        if self._decoder is not None:
            text = self._text_tail + self._decoder.decode(out)
            if "!" in text and _UNSAFE_TEXT.search(text):
                return False
            if not self.part.formulas and _FORMULA_TEXT.search(text):
                self.part.formulas = True
            self._text_tail = text[-16:]
            return True
        data = self._tail + out if self._tail else out
        if b"!" in data and _UNSAFE.search(data):
            return False
        part = self.part
        if not part.formulas and _formula_pattern(self._mark).search(data):
            part.formulas = True
        self._tail = out[-16:]
        return True


def _prefixed_sheet(head: bytes) -> bool:
    """True when a part's first bytes may open a sheet element with a namespace prefix."""
    return _PREFIXED_HINT.search(head) is not None


@lru_cache(maxsize=64)
def _formula_pattern(mark: bytes) -> re.Pattern[bytes]:
    """A formula element opened by ``mark`` (``<f`` or ``<x:f``).

    The mark, then ``>``, ``/`` or a space: not ``<font`` or ``<fill``.
    """
    return re.compile(re.escape(mark) + rb"[> /\t\n\r]")


def _inflate_member(
    fh: BinaryIO, info: zipfile.ZipInfo, budget: int, file: str
) -> tuple[int, Issue | None, _Part | None]:
    """Inflate one member with a byte counter: the bytes produced, any issue, an XML part's scan.

    The data is found through the member's local header and inflated with zlib directly, so the
    count is what the data really holds, whatever sizes the directory declares.
    """
    fh.seek(info.header_offset)
    header = fh.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        return 0, _issue(file, "not-a-workbook", "damaged-again"), None
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    fh.seek(info.header_offset + 30 + name_len + extra_len)
    scan = _XmlScan() if info.filename.lower().endswith(_XML_SUFFIXES) else None
    if info.compress_type == zipfile.ZIP_STORED:
        inflater = None
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    else:
        return 0, _issue(file, "not-a-workbook", "compression", part=info.filename), None
    # A deflate stream marks its own end: read until it, not just the declared compressed size.
    left = info.compress_size if inflater is None else 1 << 62
    produced = 0
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
                return produced, None, None
            if scan is not None and out and not scan.feed(out):
                return produced, _issue(file, "unsafe-xml", part=info.filename), None
            if inflater is not None and inflater.eof:
                pending = b""
                left = 0
    return produced, None, scan.part if scan else None


@dataclass
class GuardReport:
    """The guard's answer: the issues (none: safe to open) and what it learnt of the package."""

    issues: list[Issue] = field(default_factory=list)
    package: Package | None = None


def inspect_workbook_file(
    path: Path, *, max_unzipped_bytes: int = DEFAULT_MAX_UNZIPPED_BYTES, display: str | None = None
) -> GuardReport:
    """:func:`inspect_workbook` on a file on disk."""
    file = display if display is not None else str(path)
    try:
        with path.open("rb") as fh:
            return inspect_workbook(fh, file, max_unzipped_bytes=max_unzipped_bytes)
    except OSError as exc:
        return GuardReport([_issue(file, "not-a-workbook", "unreadable", reason=exc)])


def inspect_workbook(
    fh: BinaryIO, file: str, *, max_unzipped_bytes: int = DEFAULT_MAX_UNZIPPED_BYTES
) -> GuardReport:
    """The guard on an open binary file: its issues, and the package when the file is safe.

    The package (:class:`~tracker.ingest.package.Package`) is read only when the reader will
    need it: formulas, UTF-16 parts, a workbook part not at ``xl/workbook.xml``, macro sheets or
    external links. Otherwise it is None and calamine reads the file as it is.
    """
    try:
        head = fh.read(4096)
        if issue := _sniff(head, file):
            return GuardReport([issue])
        try:
            zf = zipfile.ZipFile(fh)
        except (zipfile.BadZipFile, ValueError, OSError):
            return GuardReport([_issue(file, "not-a-workbook", "damaged")])
        with zf:
            if issue := _directory(zf, file, max_unzipped_bytes):
                return GuardReport([issue])
            budget = max_unzipped_bytes
            utf16: set[str] = set()
            formulas: set[str] = set()
            for info in zf.infolist():
                if info.is_dir():
                    continue
                produced, issue, part = _inflate_member(fh, info, budget, file)
                if issue:
                    return GuardReport([issue])
                budget -= produced
                if budget < 0:
                    limit = _mb(max_unzipped_bytes)
                    return GuardReport([_issue(file, "too-large", "inflated", limit=limit)])
                if part is not None and (part.utf16 or part.formulas):
                    name = info.filename.replace("\\", "/").lstrip("/")
                    if part.utf16:
                        utf16.add(name)
                    if part.formulas:
                        formulas.add(name)
            return _package(zf, file, frozenset(utf16), frozenset(formulas))
    except zlib.error:
        return GuardReport([_issue(file, "not-a-workbook", "damaged")])
    except zipfile.BadZipFile as exc:  # e.g. a part whose checksum does not match
        return GuardReport([_issue(file, "not-a-workbook", "damaged-because", reason=exc)])
    except (OSError, EOFError) as exc:
        return GuardReport([_issue(file, "not-a-workbook", "unreadable", reason=exc)])


def _package(
    zf: zipfile.ZipFile, file: str, utf16: frozenset[str], formulas: frozenset[str]
) -> GuardReport:
    """The workbook part must exist; the package is read when the reader needs it."""
    names = zf.namelist()
    usual = "xl/workbook.xml" in names
    special = any(("macrosheet" in n or "externalLink" in n) for n in names)
    if usual and not (utf16 or formulas or special):
        return GuardReport()
    package = inspect(zf, utf16_parts=utf16, formula_parts=formulas)
    if package is None:
        return GuardReport([_issue(file, "not-a-workbook", "zip")])
    if package.workbook.endswith(".bin"):
        return GuardReport([_issue(file, "not-a-workbook", "xlsb")])
    return GuardReport(package=package)
