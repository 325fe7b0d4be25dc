"""Batch modes, the folder scan and imports running side by side (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import threading

from sqlalchemy import select

from tests.parsed_fakes import FakeReader, report, row_counts
from tracker.ingest.collect import collect
from tracker.models import Report, SourceFile
from tracker.services.imports import import_paths
from tracker.services.loading.loader import Outcome


def outcomes(result):
    return [f.outcome for f in result.files]


def refused_report(state="TCD"):
    r = report(state)
    r.rows("needs")[0]["estimated_cost"] = -1  # the reader would not let this through
    r.rows("needs")[0]["currency"] = "USD"
    return r


def test_all_or_nothing_with_a_file_the_store_refuses_stores_nothing(engine, tmp_path):
    reader = FakeReader(tmp_path)
    reader.add("a.xlsx", report())
    reader.add("b.xlsx", refused_report())
    reader.add("c.xlsx", report("IRQ"))
    before = row_counts(engine)
    result = import_paths(engine, [tmp_path], reader=reader, all_or_nothing=True)
    assert outcomes(result) == [Outcome.ROLLED_BACK, Outcome.REJECTED, Outcome.ROLLED_BACK]
    assert [r.outcome for r in result.files[0].reports] == [Outcome.ROLLED_BACK]
    assert result.files[1].issues[-1].code == "store-refused"
    assert result.exit_code == 1 and result.summary.rolled_back == 2
    assert row_counts(engine) == before


def test_dry_run_all_or_nothing_gives_the_real_outcomes_and_writes_nothing(engine, tmp_path):
    reader = FakeReader(tmp_path)
    reader.add("a.xlsx", report())
    reader.add("b.xlsx", report(), errors=1)
    before = row_counts(engine)
    dry = import_paths(engine, [tmp_path], reader=reader, all_or_nothing=True, dry_run=True)
    assert row_counts(engine) == before
    real = import_paths(engine, [tmp_path], reader=reader, all_or_nothing=True)
    assert outcomes(dry) == outcomes(real) == [Outcome.ROLLED_BACK, Outcome.REJECTED]
    assert dry.as_json()["dry_run"] is True and "dry_run" not in real.as_json()


def test_dry_run_sees_the_files_before_it_in_the_batch(engine, tmp_path):
    reader = FakeReader(tmp_path)
    reader.add("a.xlsx", report(submitted=dt.date(2025, 1, 1)))
    reader.add("b.xlsx", report(submitted=dt.date(2025, 2, 1)))
    reader.copy("a.xlsx", "c.xlsx")
    dry = import_paths(engine, [tmp_path], reader=reader, dry_run=True)
    assert row_counts(engine)["reports"] == 0
    real = import_paths(engine, [tmp_path], reader=reader)
    expected = [Outcome.IMPORTED, Outcome.REVISION, Outcome.UNCHANGED]
    assert outcomes(dry) == outcomes(real) == expected
    assert [f.as_json() for f in dry.files] == [f.as_json() for f in real.files]


def test_folder_scan_order_skips_and_explicit_files(tmp_path):
    for name in ("b/2.xlsx", "a/1.XLSM", "a/~$1.xlsx", "a/readme.md", ".hidden/x.xlsx", "c.xls"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    found = collect([tmp_path / "b", tmp_path / "a", tmp_path / "c.xls", tmp_path / "b" / "2.xlsx"])
    assert found.files == [tmp_path / "a/1.XLSM", tmp_path / "b/2.xlsx", tmp_path / "c.xls"]
    assert [(n.file, n.code, n.severity.value) for n in found.notes] == [
        (str(tmp_path / "a/readme.md"), "not-a-workbook-skipped", "info"),
        (str(tmp_path / "a/~$1.xlsx"), "lock-file-skipped", "info"),
    ]
    whole = collect([tmp_path, tmp_path / "nope"])
    assert tmp_path / ".hidden/x.xlsx" not in whole.files
    assert tmp_path / "c.xls" not in whole.files  # a folder scan takes workbooks only
    assert whole.missing == [tmp_path / "nope"]


def test_skipped_files_do_not_change_the_exit_code(engine, tmp_path):
    reader = FakeReader(tmp_path)
    reader.add("in/a.xlsx", report())
    (tmp_path / "in" / "notes.txt").write_text("x")
    result = import_paths(engine, [tmp_path / "in"], reader=reader)
    assert result.exit_code == 0 and len(result.files) == 1 and len(result.skipped) == 1
    assert result.summary.infos == 1  # not-a-state-party of a.xlsx only


def test_imports_side_by_side_store_each_file_once_and_end_as_one_after_another(engine, tmp_path):
    """Four imports of overlapping folders at once: no failure, the same end state as in series."""
    reader = FakeReader(tmp_path)
    for n in range(6):
        reader.add(f"f/{n}.xlsx", report(submitted=dt.date(2025, 1, n + 1)))
        reader.add(f"f/x{n}.xlsx", report("IRQ", 2020 + n))
    results, errors = [], []

    def work(all_or_nothing: bool) -> None:
        try:
            results.append(
                import_paths(engine, [tmp_path / "f"], reader=reader, all_or_nothing=all_or_nothing)
            )
        except Exception as exc:  # collected: the assertion below names it
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i % 2 == 0,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    for result in results:
        assert result.exit_code == 0
        assert all(
            f.outcome in (Outcome.IMPORTED, Outcome.REVISION, Outcome.UNCHANGED)
            for f in result.files
        )
    stored = [f for r in results for f in r.files if f.outcome is not Outcome.UNCHANGED]
    assert len(stored) == 12  # each file stored exactly once over the four runs
    with engine.connect() as conn:
        assert conn.execute(select(SourceFile.file_name)).scalars().all().__len__() == 12
        current = conn.execute(
            select(Report.state_iso3, Report.reporting_year, SourceFile.file_name)
            .join(SourceFile)
            .where(Report.is_current)
            .order_by(Report.state_iso3, Report.reporting_year)
        ).all()
    assert [tuple(c) for c in current] == [("IRQ", 2020 + n, f"x{n}.xlsx") for n in range(6)] + [
        ("LAO", 2024, "5.xlsx")
    ]


def test_a_file_without_reports_is_rejected_and_a_missing_path_rolls_back_the_batch(
    engine, tmp_path
):
    reader = FakeReader(tmp_path)
    empty = reader.add("in/empty.xlsx", kind="matrix")
    result = import_paths(engine, [empty], reader=reader)
    assert outcomes(result) == [Outcome.REJECTED]
    assert [i.code for i in result.files[0].issues] == ["no-reports"]
    assert row_counts(engine)["source_files"] == 0
    reader.add("in/a.xlsx", report())
    batch = import_paths(
        engine,
        [tmp_path / "in" / "a.xlsx", tmp_path / "gone.xlsx"],
        reader=reader,
        all_or_nothing=True,
    )
    assert outcomes(batch) == [Outcome.REJECTED, Outcome.ROLLED_BACK]  # sorted: .../gone < .../in/a
    assert row_counts(engine)["reports"] == 0
