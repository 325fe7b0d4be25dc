"""Originals are kept: every import stores the file's bytes once per SHA-256, in the file's own
transaction (a rejected file, a dry run or a rolled-back batch keeps nothing)."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from sqlalchemy import delete, func, select

from tests.parsed_fakes import FakeReader, report, row_counts
from tests.workbooks import build_report
from tracker.ingest.reader import read_file
from tracker.models import Original, SourceFile
from tracker.services.imports import import_paths
from tracker.services.loading.loader import Outcome


def originals(engine) -> dict[str, bytes]:
    with engine.connect() as conn:
        return {
            sha: bytes(data)
            for sha, data in conn.execute(select(Original.sha256, Original.content))
        }


def test_an_import_keeps_the_files_bytes_once_per_sha256(engine, tmp_path):
    path = tmp_path / "chad.xlsx"
    build_report(path)
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    result = import_paths(engine, [path])
    assert result.files[0].outcome is Outcome.IMPORTED
    assert originals(engine) == {sha: data}
    with engine.connect() as conn:
        size = conn.execute(select(Original.size_bytes)).scalar_one()
    assert size == len(data)
    copy = tmp_path / "copy" / "chad again.xlsx"
    copy.parent.mkdir()
    copy.write_bytes(data)
    assert import_paths(engine, [path, copy]).summary.unchanged == 2
    assert originals(engine) == {sha: data}


def test_a_rejected_file_keeps_nothing(engine, tmp_path):
    path = tmp_path / "bad.xlsx"
    build_report(path, cover_overrides={"state": "Atlantis"})
    before = row_counts(engine)
    assert import_paths(engine, [path]).files[0].outcome is Outcome.REJECTED
    assert row_counts(engine) == before and originals(engine) == {}


def test_a_dry_run_and_a_rolled_back_batch_keep_nothing(engine, tmp_path):
    good, bad = tmp_path / "a-good.xlsx", tmp_path / "b-bad.xlsx"
    build_report(good)
    build_report(bad, state="Atlantis")
    assert import_paths(engine, [good], dry_run=True).files[0].outcome is Outcome.IMPORTED
    assert originals(engine) == {}
    outcomes = [f.outcome for f in import_paths(engine, [good, bad], all_or_nothing=True).files]
    assert outcomes == [Outcome.ROLLED_BACK, Outcome.REJECTED]
    assert originals(engine) == {}


def test_a_file_the_database_refuses_keeps_no_original(engine, tmp_path):
    reader = FakeReader(tmp_path)
    broken = report()
    broken.rows("needs")[0].update(estimated_cost=-5, currency="USD")  # a CHECK refuses it
    path = reader.add("refused.xlsx", broken)
    result = import_paths(engine, [path], reader=reader)
    assert [i.code for i in result.files[0].issues] == ["store-refused"]
    assert originals(engine) == {}


def test_a_file_read_from_disk_is_checked_against_its_sha256(engine, tmp_path):
    # Files too large to keep in memory are read again when stored; a file that changed on
    # disk since it was read is refused rather than stored with bytes that do not match.
    reader = FakeReader(tmp_path)
    path = reader.add("LAO-2024.xlsx", report())

    def read_then_change(p: Path, limit: int):
        parsed = reader(p, limit)
        p.write_bytes(b"changed while being imported")
        return parsed

    result = import_paths(engine, [path], reader=read_then_change)
    (refused,) = result.files[0].issues
    assert refused.code == "store-refused" and "changed" in refused.message
    assert row_counts(engine)["source_files"] == 0 and originals(engine) == {}


def test_the_fake_readers_files_are_kept_from_disk(engine, tmp_path):
    reader = FakeReader(tmp_path)
    path = reader.add("LAO-2024.xlsx", report())
    import_paths(engine, [path], reader=reader)
    data = path.read_bytes()
    assert originals(engine) == {hashlib.sha256(data).hexdigest(): data}


def test_reimporting_a_file_stored_without_its_original_keeps_it_now(engine, tmp_path):
    # Stores made before originals were kept: re-importing the file is how they get one.
    path = tmp_path / "chad.xlsx"
    build_report(path)
    import_paths(engine, [path])
    with engine.begin() as conn:
        conn.execute(delete(Original))
    result = import_paths(engine, [path])
    assert result.files[0].outcome is Outcome.UNCHANGED
    assert [(i.code, i.severity) for i in result.files[0].issues] == [("original-kept", "info")]
    assert originals(engine) == {hashlib.sha256(path.read_bytes()).hexdigest(): path.read_bytes()}
    again = import_paths(engine, [path])
    assert again.files[0].issues == []
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(SourceFile)).scalar_one() == 1


def test_the_reader_hands_the_bytes_only_of_a_file_it_accepts(tmp_path):
    good, bad = tmp_path / "good.xlsx", tmp_path / "bad.xlsx"
    build_report(good)
    build_report(bad, state="Atlantis")
    assert read_file(good).content == good.read_bytes()
    assert read_file(bad).content is None
    # The bytes stay out of the parsed file's repr and equality (they can be large).
    parsed = read_file(good)
    assert "content=" not in repr(parsed)
    assert parsed == dataclasses.replace(parsed, content=None)
