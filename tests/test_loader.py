"""The loader and the import service on hand-made ParsedFiles (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from tests.parsed_fakes import FakeReader, report, row_counts
from tracker.models import ArticleFact, FormStatusRow, Need, Report, SourceFile
from tracker.services.imports import import_paths
from tracker.services.loading.loader import Outcome


def run(engine, reader, *paths, **options):
    return import_paths(engine, list(paths), reader=reader, **options)


def current_files(engine):
    """(state, year, type) -> file name of the current version."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                Report.state_iso3, Report.reporting_year, Report.report_type, SourceFile.file_name
            )
            .join(SourceFile)
            .where(Report.is_current)
        )
        return {(s, y, str(t)): f for s, y, t, f in rows}


def test_a_file_is_stored_whole_and_current(engine, tmp_path):
    reader = FakeReader(tmp_path)
    path = reader.add("LAO-2024.xlsx", report(needs=3))
    result = run(engine, reader, path)
    assert [f.outcome for f in result.files] == [Outcome.IMPORTED]
    f = result.files[0]
    assert (f.single.state_iso3, f.single.reporting_year, f.single.report_type) == (
        "LAO",
        2024,
        "annual",
    )
    counts = row_counts(engine)
    assert counts["source_files"] == 1 and counts["reports"] == 1
    assert counts["needs"] == 3 and counts["article_facts"] == 1 and counts["form_statuses"] == 2
    with engine.connect() as conn:
        rep = conn.execute(select(Report)).one()
        assert rep.is_current and rep.superseded_by_id is None and rep.source_row == 0
        fact = conn.execute(select(ArticleFact)).one()
        assert (fact.report_id, fact.sheet, fact.cell, str(fact.status)) == (
            rep.id,
            "Form F",
            "B1",
            "has",
        )
        assert conn.execute(select(Need.cell).order_by(Need.cell)).scalars().all() == [
            "B2",
            "B3",
            "B4",
        ]
        assert {r.form for r in conn.execute(select(FormStatusRow))} == {"F", "I"}
    assert result.exit_code == 0


def test_the_same_content_again_is_unchanged_and_writes_nothing(engine, tmp_path):
    reader = FakeReader(tmp_path)
    reader.add("a/LAO-2024.xlsx", report())
    reader.add("a/TCD-2024.xlsx", report("TCD"))
    assert [f.outcome for f in run(engine, reader, tmp_path / "a").files] == [Outcome.IMPORTED] * 2
    before = row_counts(engine)
    again = run(engine, reader, tmp_path / "a")
    assert [f.outcome for f in again.files] == [Outcome.UNCHANGED] * 2
    assert [r.outcome for f in again.files for r in f.reports] == [Outcome.UNCHANGED] * 2
    copy = reader.copy("a/LAO-2024.xlsx", "LAO-copy.xlsx")
    assert run(engine, reader, copy).files[0].outcome is Outcome.UNCHANGED
    assert row_counts(engine) == before
    assert again.summary.as_text() == (
        "2 files: 0 imported, 0 revisions, 2 unchanged, 0 rejected; 0 errors, 0 warnings"
    )


def test_a_later_version_is_a_revision_and_becomes_current(engine, tmp_path):
    reader = FakeReader(tmp_path)
    first = reader.add("v1.xlsx", report(submitted=dt.date(2025, 4, 1)))
    second = reader.add("v2.xlsx", report(submitted=dt.date(2025, 6, 1)))
    assert run(engine, reader, first).files[0].outcome is Outcome.IMPORTED
    result = run(engine, reader, second)
    assert result.files[0].outcome is Outcome.REVISION
    assert result.files[0].reports[0].is_current
    assert current_files(engine) == {("LAO", 2024, "annual"): "v2.xlsx"}
    with engine.connect() as conn:
        old, new = conn.execute(select(Report).order_by(Report.id)).all()
    assert (old.is_current, old.superseded_by_id) == (False, new.id)
    assert (new.is_current, new.superseded_by_id) == (True, None)


def test_an_older_version_imported_later_is_stored_but_not_current(engine, tmp_path):
    reader = FakeReader(tmp_path)
    newer = reader.add("newer.xlsx", report(submitted=dt.date(2025, 6, 1)))
    older = reader.add("older.xlsx", report(submitted=dt.date(2025, 4, 1)))
    run(engine, reader, newer)
    result = run(engine, reader, older)
    assert result.files[0].outcome is Outcome.REVISION
    assert not result.files[0].reports[0].is_current
    assert [i.code for i in result.files[0].issues] == ["not-a-state-party", "not-current"]
    assert "newer.xlsx (submitted 2025-06-01)" in result.files[0].issues[1].message
    assert current_files(engine) == {("LAO", 2024, "annual"): "newer.xlsx"}
    assert row_counts(engine)["reports"] == 2


def test_an_initial_and_an_annual_report_of_one_year_are_both_current(engine, tmp_path):
    from tracker.models.enums import ReportType

    reader = FakeReader(tmp_path)
    a = reader.add("annual.xlsx", report())
    i = reader.add("initial.xlsx", report(report_type=ReportType.INITIAL))
    result = run(engine, reader, a, i)
    assert [f.outcome for f in result.files] == [Outcome.IMPORTED, Outcome.IMPORTED]
    assert len(current_files(engine)) == 2


def test_a_reader_error_rejects_the_file_and_leaves_the_store_as_it_was(engine, tmp_path):
    reader = FakeReader(tmp_path)
    run(engine, reader, reader.add("good.xlsx", report()))
    before = row_counts(engine)
    bad = reader.add("bad.xlsx", report(submitted=dt.date(2026, 1, 1)), errors=1)
    result = run(engine, reader, bad)
    assert result.files[0].outcome is Outcome.REJECTED and result.exit_code == 1
    assert row_counts(engine) == before
    assert current_files(engine) == {("LAO", 2024, "annual"): "good.xlsx"}


def test_a_file_the_database_refuses_is_rejected_whole_and_the_others_go_on(engine, tmp_path):
    reader = FakeReader(tmp_path)
    broken = report("TCD")
    broken.rows("needs").append(
        {
            "area": "clearance",
            "needed": True,
            "estimated_cost": -5,
            "currency": "USD",
            "sheet": "Form I",
            "cell": "D9",
        }
    )
    reader.add("a.xlsx", report())
    reader.add("b.xlsx", broken)
    reader.add("c.xlsx", report("IRQ"))
    for dry_run in (True, False):
        result = run(engine, reader, tmp_path, dry_run=dry_run)
        assert [f.outcome for f in result.files] == [
            Outcome.IMPORTED,
            Outcome.REJECTED,
            Outcome.IMPORTED,
        ]
        assert result.files[1].issues[-1].code == "store-refused"
    assert sorted(k[0] for k in current_files(engine)) == ["IRQ", "LAO"]
    assert row_counts(engine)["source_files"] == 2


def test_a_reader_contract_breach_is_a_clear_rejection(engine, tmp_path):
    reader = FakeReader(tmp_path)
    odd = report()
    odd.rows("needs")[0]["colour"] = "blue"
    result = run(engine, reader, reader.add("odd.xlsx", odd))
    assert result.files[0].outcome is Outcome.REJECTED
    assert "unknown columns from the reader: ['colour']" in result.files[0].issues[-1].message
    assert row_counts(engine)["source_files"] == 0


def test_a_reader_crash_rejects_that_file_only(engine, tmp_path):
    reader = FakeReader(tmp_path)
    reader.add("a.xlsx", report())
    (tmp_path / "z.xlsx").write_bytes(b"x")  # not registered: the fake reader raises KeyError
    result = run(engine, reader, tmp_path)
    assert [f.outcome for f in result.files] == [Outcome.IMPORTED, Outcome.REJECTED]
    assert result.files[1].issues[0].code == "read-failed"
    assert result.files[1].sha256 is None


def test_a_missing_path_is_rejected_with_a_clear_issue(engine, tmp_path):
    result = run(engine, FakeReader(tmp_path), tmp_path / "nowhere")
    assert result.files[0].outcome is Outcome.REJECTED
    assert result.files[0].issues[0].as_text() == (
        f"{tmp_path / 'nowhere'}: error file-not-found: no such file or folder"
    )


def test_not_a_state_party_is_an_info_and_the_report_is_stored(engine, tmp_path):
    from sqlalchemy.orm import Session

    from tests.factories import add_membership

    with Session(engine) as s, s.begin():
        add_membership(s, "LAO", deposited=dt.date(2009, 3, 18))
        add_membership(s, "FIN", deposited=None, signed=dt.date(2008, 12, 3))  # never a party
    reader = FakeReader(tmp_path)
    result = run(
        engine, reader, reader.add("lao.xlsx", report()), reader.add("x.xlsx", report("USA"))
    )
    lao, usa = result.files
    assert lao.outcome is Outcome.IMPORTED and lao.issues == []
    assert usa.outcome is Outcome.IMPORTED
    assert [(i.code, i.severity.value, i.value) for i in usa.issues] == [
        ("not-a-state-party", "info", "USA")
    ]
    assert "no membership record" in usa.issues[0].message
    signatory = run(engine, reader, reader.add("fin.xlsx", report("FIN"))).files[0]
    assert "(signatory)" in signatory.issues[0].message


def test_carry_forward_missing_is_warned_unless_the_year_is_stored_or_in_the_batch(
    engine, tmp_path
):
    reader = FakeReader(tmp_path)
    lone = reader.add("a/LAO-2024.xlsx", report(unchanged={"B": 2023}))
    result = run(engine, reader, lone)
    warnings = [i for i in result.files[0].issues if i.code == "carry-forward-missing"]
    assert [(w.severity.value, w.sheet, w.cell, w.value) for w in warnings] == [
        ("warning", "Cover", "C13", "2023")
    ]
    assert "Form B is unchanged since 2023" in warnings[0].message
    # In one batch the earlier report comes after in path order: still no warning.
    reader.add("b/CMR-2024.xlsx", report("TCD", unchanged={"B": 2023}))
    reader.add("c/CMR-2023.xlsx", report("TCD", 2023))
    batch = run(engine, reader, tmp_path / "b", tmp_path / "c")
    assert [
        i.code for f in batch.files for i in f.issues if i.code == "carry-forward-missing"
    ] == []


def test_two_versions_with_the_same_date_of_submission_are_named(engine, tmp_path):
    # Finding 9: the tie was decided by the SHA-256 without a word.
    day = dt.date(2025, 4, 30)
    reader = FakeReader(tmp_path)
    one = reader.add("one.xlsx", report(submitted=day))
    two = reader.add("two.xlsx", report(submitted=day))
    shas = {p.name: reader(p, 0).sha256 for p in (one, two)}
    winner = max(shas, key=shas.__getitem__)
    loser = min(shas, key=shas.__getitem__)
    run(engine, reader, one)
    result = run(engine, reader, two)
    (tie,) = [i for i in result.files[0].issues if i.code == "same-submission-date"]
    assert tie.severity == "warning"
    assert "one.xlsx" in tie.message and shas["one.xlsx"][:12] in tie.message
    assert "2025-04-30" in tie.message and "higher SHA-256" in tie.message
    current = "this file" if winner == "two.xlsx" else f"{winner} ({shas[winner][:12]})"
    assert f"so {current} is current" in tie.message
    # The tie's explanation replaces the "latest date of submission" note.
    assert "not-current" not in [i.code for i in result.files[0].issues]
    assert current_files(engine) == {("LAO", 2024, "annual"): winner}
    assert loser != winner


def test_the_same_date_in_the_other_order_gives_the_same_current_version(engine, tmp_path):
    day = dt.date(2025, 4, 30)
    reader = FakeReader(tmp_path)
    one = reader.add("one.xlsx", report(submitted=day))
    two = reader.add("two.xlsx", report(submitted=day))
    run(engine, reader, two)
    result = run(engine, reader, one)
    assert "same-submission-date" in [i.code for i in result.files[0].issues]
    shas = {p.name: reader(p, 0).sha256 for p in (one, two)}
    assert current_files(engine) == {("LAO", 2024, "annual"): max(shas, key=shas.__getitem__)}


def test_a_tie_below_the_current_version_decides_nothing_and_is_not_warned(engine, tmp_path):
    reader = FakeReader(tmp_path)
    newest = reader.add("newest.xlsx", report(submitted=dt.date(2025, 6, 1)))
    old = reader.add("old.xlsx", report(submitted=dt.date(2025, 4, 30)))
    old_too = reader.add("old-too.xlsx", report(submitted=dt.date(2025, 4, 30)))
    run(engine, reader, newest, old)
    result = run(engine, reader, old_too)
    assert [i.code for i in result.files[0].issues] == ["not-a-state-party", "not-current"]


def test_the_loader_leaves_the_readers_rows_as_read(engine, tmp_path):
    from tracker.db import transaction
    from tracker.ingest.parsed import ParsedFile
    from tracker.services.loading.loader import load_file

    parsed = ParsedFile(str(tmp_path / "x.xlsx"), "x.xlsx", "ab" * 32, 10, "ccm-a7/1", "workbook")
    parsed.reports = [report(needs=2)]
    parsed.content = b"fake workbook"
    before = {t: [dict(r) for r in rows] for t, rows in parsed.reports[0].facts.items()}
    with transaction(engine) as s:
        loaded = load_file(s, parsed)
    assert loaded.outcome is Outcome.IMPORTED
    assert parsed.reports[0].facts == before  # no report_id written into them
    assert row_counts(engine)["needs"] == 2
