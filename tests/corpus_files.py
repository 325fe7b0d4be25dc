"""Where the test corpus of real-world spreadsheets lives (see tests/corpus/README.md)."""

from __future__ import annotations

from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"
