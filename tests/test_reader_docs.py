"""Every issue code the reader can raise is documented in docs/import.md, with an example."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READER_MODULES = [
    "guard",
    "grid",
    "cells",
    "cover",
    "forms",
    "tables",
    "records",
    "matrix",
    "reader",
    "dates",
    "package",
    "collect",
    "flows",
    "flowfile",
]
# Issue codes are the only hyphenated lower-case string literals of these modules.
CODE = re.compile(r'"([a-z]+(?:-[a-z]+)+)"')


def reader_codes() -> set[str]:
    codes: set[str] = set()
    for name in READER_MODULES:
        codes |= set(CODE.findall((ROOT / "tracker" / "ingest" / f"{name}.py").read_text()))
    codes |= set(CODE.findall((ROOT / "tracker" / "values.py").read_text()))
    return codes


def test_every_code_is_documented_with_an_example():
    codes = reader_codes()
    assert {
        "too-large",
        "unsafe-xml",
        "missing-column",
        "bad-date",
        "duplicate-row",
        "unknown-state",
        "future-date",
        "misnamed-sheet",
    } <= codes
    documented = set(
        re.findall(
            r"^\| `([a-z-]+)` \| (?:error|warning|info) \| \S",
            (ROOT / "docs" / "import.md").read_text(),
            re.M,
        )
    )
    assert sorted(codes - documented) == []
