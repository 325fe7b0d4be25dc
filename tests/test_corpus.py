"""Real-world spreadsheets from other projects' test suites (issue 14): ``tracker import`` of
each gives the outcome and issue codes of ``tests/corpus/sources.csv``, never crashes, and a
refused file leaves the store as it was (but for the audit trail)."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

from tests import ops
from tests.corpus_files import CORPUS

SHARED = ops.ROOT.parent / "shared" / "data" / "corpus"


def _corpus() -> Path | None:
    folder = Path(os.environ.get("TRACKER_TEST_CORPUS") or SHARED)
    return folder if folder.is_dir() else None


def _expected() -> dict[str, dict[str, str]]:
    with (CORPUS / "sources.csv").open(encoding="utf-8") as fh:
        return {row["file"]: row for row in csv.DictReader(fh)}


def test_the_manifest_names_its_sources_and_licences():
    rows = _expected()
    assert len(rows) >= 30
    for name, row in rows.items():
        assert row["repository"] and name.endswith(row["path"].rsplit("/", 1)[1])
        assert len(row["commit"]) == 40 and row["licence"] == "MIT" and row["covers"]


def test_every_corpus_file_imports_as_expected_and_refusals_leave_the_store(
    engine, db_url, run_cli
):
    folder = _corpus()
    if folder is None:
        why = (
            f"the corpus of real-world spreadsheets is not here ({SHARED}): set "
            "TRACKER_TEST_CORPUS to its folder (see tests/corpus/README.md)"
        )
        pytest.skip(reason=why)
    expected = _expected()
    missing = sorted(set(expected) - {p.name for p in folder.iterdir()})
    assert not missing, f"corpus files missing from {folder}: {missing}"
    before = ops.table_counts(engine, audit=False)
    paths = [str(folder / name) for name in sorted(expected)]
    result = run_cli("--db", db_url, "import", *paths, "--format", "json")
    assert result.exit_code == 1, result.stderr  # every corpus file is refused
    assert "Traceback" not in result.stderr
    files = {Path(f["path"]).name: f for f in json.loads(result.stdout)["files"]}
    assert set(files) == set(expected)
    for name, row in expected.items():
        got = files[name]
        codes = " ".join(sorted({i["code"] for i in got["issues"]}))
        outcome = "ok" if got["outcome"] in ("imported", "revision", "unchanged") else "rejected"
        assert (outcome, codes) == (row["outcome"], row["codes"]), name
        assert "read-failed" not in codes, name  # a reader bug, never an expected outcome
    assert ops.table_counts(engine, audit=False) == before
