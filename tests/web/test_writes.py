"""The writing pages over HTTP: /import in two steps, /reports with withdraw and reinstate."""

from __future__ import annotations

import datetime as dt
import re
import zipfile

import pytest
from sqlalchemy import func, select

from tests.packages import set_formula
from tests.test_reader_guard import BILLION_LAUGHS, _add_member, _replace_member
from tests.web.conftest import csrf_of
from tests.workbooks import build_report
from tracker import clock
from tracker.db import transaction
from tracker.models import AuditEvent, ImportRun, Report
from tracker.services.imports import import_paths

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _reports(engine) -> int:
    with transaction(engine) as s:
        return int(s.scalar(select(func.count()).select_from(Report)) or 0)


def _upload(client, *paths):
    token = csrf_of(client.get("/import").text)
    files = [("files", (p.name, p.read_bytes(), XLSX)) for p in paths]
    return client.post("/import", data={"csrf_token": token}, files=files)


def _bad_files(tmp_path):
    """Bad workbooks of the import tests: the cover, the forms, and files that are no workbook."""
    made = []
    for name, options in {
        "atlantis.xlsx": {"cover_overrides": {"state": "Atlantis"}},
        "bad-date.xlsx": {"cover_overrides": {"period_to": "31 Febtember"}},
        "unchanged-initial.xlsx": {
            "report_type": "initial",
            "forms": {"J": {"status": "unchanged", "last_reported": 2020}},
        },
        "na-form-a.xlsx": {"forms": {"A": {"status": "not applicable"}}},
    }.items():
        build_report(tmp_path / name, **options)
        made.append(tmp_path / name)
    built = build_report(tmp_path / "formula.xlsx")
    set_formula(  # a script wrote a formula and never calculated it
        built.path, built.sheet("I"), built.row_cell("I", "needs", 0, "estimated_cost"), "=1+1"
    )
    made.append(built.path)
    (tmp_path / "notes.xlsx").write_bytes(b"State,Year\nChad,2024\n")
    (tmp_path / "random.xlsx").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "old.xls").write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504)
    with zipfile.ZipFile(tmp_path / "report.ods", "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>")
    with zipfile.ZipFile(tmp_path / "archive.xlsx", "w") as zf:
        zf.writestr("readme.txt", "hello")
    build_report(tmp_path / "bomb.xlsx")  # 300 MB of zeros, about 300 KB uploaded
    _add_member(tmp_path / "bomb.xlsx", "xl/media/padding.bin", 300)
    build_report(tmp_path / "entities.xlsx")
    _replace_member(tmp_path / "entities.xlsx", "xl/worksheets/sheet1.xml", BILLION_LAUGHS)
    made += [
        tmp_path / name
        for name in (
            "notes.xlsx",
            "random.xlsx",
            "old.xls",
            "report.ods",
            "archive.xlsx",
            "bomb.xlsx",
            "entities.xlsx",
        )
    ]
    return made


def test_every_bad_workbook_gives_the_cli_codes_and_cells(engine, as_user, tmp_path):
    ed = as_user("ed")
    seen: set[str] = set()
    for path in _bad_files(tmp_path):
        cli = import_paths(engine, [path], dry_run=True, jobs=0)
        expected = {
            (i.code, (i.sheet or "") + (f"!{i.cell}" if i.cell else ""))
            for i in cli.files[0].issues
        }
        assert cli.files[0].outcome.value == "rejected", path.name
        page = _upload(ed, path)
        assert page.status_code == 200, page.text
        rows = re.findall(
            r'<td class="cell">([^<]*)</td><td>\w+</td><td><code>([a-z0-9-]+)</code>', page.text
        )
        assert {(code, where) for where, code in rows} == expected, path.name
        assert "rejected" in page.text and "Nothing to store" in page.text
        seen |= {code for code, _ in expected}
    assert {"too-large", "unsafe-xml", "not-a-workbook", "formula-without-value"} <= seen
    assert _reports(engine) == 0


def test_the_store_step_stores_exactly_what_the_dry_run_showed(engine, as_user, tmp_path):
    good = tmp_path / "chad.xlsx"
    build_report(good, year=2024)
    ed = as_user("ed")
    page = _upload(ed, good)
    assert "imported" in page.text and _reports(engine) == 0
    (sha,) = re.findall(r'name="sha256" value="([0-9a-f]{64})"', page.text)
    build_report(good, year=2023)  # the file on disk changes: the held bytes are stored
    stored = ed.post("/import/store", data={"csrf_token": csrf_of(page.text), "sha256": sha})
    assert stored.status_code == 200, stored.text
    assert f'href="/reports/{sha}"' in stored.text
    with transaction(engine) as s:
        assert s.scalars(select(Report.reporting_year)).all() == [2024]
        assert s.scalars(select(ImportRun.app_user)).all() == ["ed"]
    again = ed.post("/import/store", data={"csrf_token": csrf_of(page.text), "sha256": sha})
    assert again.status_code == 410 and _reports(engine) == 1


def test_a_failed_store_step_leaves_the_store_as_it_was(engine, as_user, tmp_path, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from tests.ops import table_counts
    from tracker.services import imports

    good = tmp_path / "chad.xlsx"
    build_report(good, year=2024)
    ed = as_user("ed")
    page = _upload(ed, good)
    (sha,) = re.findall(r'name="sha256" value="([0-9a-f]{64})"', page.text)
    before = table_counts(engine, audit=False)
    real = imports.load_file

    def load_then_fail(session, *args, **kwargs):
        real(session, *args, **kwargs)  # the rows are written, then the database fails
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(imports, "load_file", load_then_fail)
    data = {"csrf_token": csrf_of(page.text), "sha256": sha}
    failed = ed.post("/import/store", data=data)
    assert failed.status_code == 200 and "rejected" in failed.text
    counts = table_counts(engine, audit=False)
    assert counts.pop("pending_uploads") == before.pop("pending_uploads") == 1  # still held
    assert counts == before
    monkeypatch.setattr(imports, "load_file", real)
    stored = ed.post("/import/store", data=data)  # the held file can be stored after all
    assert stored.status_code == 200 and _reports(engine) == 1


def test_a_held_upload_expires_after_an_hour(engine, as_user, tmp_path, monkeypatch):
    good = tmp_path / "chad.xlsx"
    build_report(good)
    ed = as_user("ed")
    page = _upload(ed, good)
    (sha,) = re.findall(r'name="sha256" value="([0-9a-f]{64})"', page.text)
    later = clock.now() + dt.timedelta(hours=1, minutes=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    gone = ed.post("/import/store", data={"csrf_token": csrf_of(page.text), "sha256": sha})
    assert gone.status_code == 410 and "upload it again" in gone.text
    assert _reports(engine) == 0


def test_reader_and_missing_token_are_refused(engine, as_user, tmp_path):
    good = tmp_path / "chad.xlsx"
    build_report(good)
    rita = as_user("rita")
    assert rita.get("/import").status_code == 403
    token = csrf_of(rita.get("/reports").text)
    for path in ("/import", "/import/store", "/reports/" + "a" * 64 + "/withdraw"):
        assert rita.post(path, data={"csrf_token": token, "reason": "x"}).status_code == 403
    ed = as_user("ed")
    refused = ed.post("/import", files=[("files", ("chad.xlsx", good.read_bytes(), XLSX))])
    assert refused.status_code == 403 and _reports(engine) == 0
    assert "Import" not in re.findall(r"<nav.*?</nav>", rita.get("/reports").text, re.S)[0]


def test_an_oversized_upload_is_refused(make_client, users, tmp_path):
    from tests.web.conftest import login

    small = make_client(max_upload_bytes=2000)
    login(small, "ed")
    good = tmp_path / "chad.xlsx"
    build_report(good)
    token = csrf_of(small.get("/import").text)
    big = small.post(
        "/import",
        data={"csrf_token": token},
        files=[("files", ("c.xlsx", good.read_bytes(), XLSX))],
    )
    assert big.status_code == 413


def test_reports_pages_withdraw_and_reinstate(engine, as_user, tmp_path):
    path = tmp_path / "chad.xlsx"
    build_report(
        path,
        forms={
            "I": {
                "tables": {
                    "needs": [
                        {
                            "area": "Clearance",
                            "needed": "yes",
                            "description": "<script>alert(1)</script>",
                        }
                    ]
                }
            }
        },
    )
    (file,) = import_paths(engine, [path], jobs=0).files
    sha = file.sha256
    ed = as_user("ed")
    listing = ed.get("/reports?state=Chad&status=current")
    assert f"/reports/{sha}" in listing.text
    assert f"/reports/{sha}" not in ed.get("/reports?status=withdrawn").text
    one = ed.get(f"/reports/{sha[:10]}")
    assert one.status_code == 200 and "Withdraw" in one.text
    report = ed.get(f"/reports/{sha}/1")
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;" in report.text
        and "<script>alert" not in report.text
    )
    assert re.search(r"Form I![A-Z]+\d+", report.text)
    original = ed.get(f"/reports/{sha}/original")
    assert original.headers["content-disposition"].startswith("attachment")
    assert original.content == path.read_bytes()
    token = csrf_of(one.text)
    blank = ed.post(f"/reports/{sha}/withdraw", data={"csrf_token": token, "reason": " "})
    assert blank.status_code == 400
    done = ed.post(f"/reports/{sha}/withdraw", data={"csrf_token": token, "reason": "typo"})
    assert done.status_code == 200 and "withdrawn" in done.text
    with transaction(engine) as s:
        assert s.scalars(select(Report.is_withdrawn)).all() == [True]
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "withdraw")).one()
        assert (event.action, event.app_user, event.reason) == ("withdraw", "ed", "typo")
    back = ed.post(f"/reports/{sha}/reinstate", data={"csrf_token": token, "reason": "fixed"})
    assert "reinstated" in back.text


def test_an_ambiguous_prefix_is_a_404_naming_the_files(engine, as_user):
    from tests.factories import add_report
    from tracker.models import SourceFile

    with transaction(engine) as s:
        add_report(s, "TCD", 2023)
        add_report(s, "TCD", 2024)
        for n, f in enumerate(s.scalars(select(SourceFile).order_by(SourceFile.id)).all()):
            f.sha256 = "abcdef12" + str(n) * 56  # two files whose SHA-256 share 8 characters
    ed = as_user("ed")
    page = ed.get("/reports/abcdef12")
    assert page.status_code == 404
    assert "matches more than one stored file" in page.text and "give more characters" in page.text
    assert ed.get("/reports/abcdef121").status_code == 200


@pytest.mark.parametrize(
    "path", ["/reports/zzz", "/reports/" + "0" * 64, "/reports/" + "0" * 64 + "/1"]
)
def test_unknown_files_are_404_pages(as_user, path):
    page = as_user("rita").get(path)
    assert page.status_code == 404 and "No such file" in page.text


def test_downloads_donor_workbook_and_templates(engine, as_user, tmp_path):
    import io

    from openpyxl import load_workbook

    from tracker.ingest.membership import read_bundled_membership
    from tracker.ingest.prefilled import MARKER_SHEET
    from tracker.services.membership import apply_membership

    build_report(tmp_path / "chad.xlsx", year=2024)
    import_paths(engine, [tmp_path / "chad.xlsx"], jobs=0)
    rita = as_user("rita")
    assert rita.get("/downloads").status_code == 200
    refused = rita.get("/downloads/donors.xlsx?as_of=2024")
    assert refused.status_code == 400 and "states import --bundled" in refused.text
    with transaction(engine) as s:
        apply_membership(s, read_bundled_membership(), replace=False)
    blank = rita.get("/downloads/template.xlsx?lang=fr")
    assert blank.headers["content-disposition"].startswith("attachment")
    assert "Couverture" in load_workbook(io.BytesIO(blank.content)).sheetnames
    filled = rita.get("/downloads/template.xlsx?state=Chad")
    assert 'filename="TCD-2025-annual.xlsx"' in filled.headers["content-disposition"]
    assert MARKER_SHEET in load_workbook(io.BytesIO(filled.content)).sheetnames
    assert rita.get("/downloads/template.xlsx?state=Atlantis").status_code == 404
    plans = rita.get("/downloads/plans.xlsx")
    assert plans.status_code == 200 and load_workbook(io.BytesIO(plans.content)).sheetnames
    donors = rita.get("/downloads/donors.xlsx?as_of=2024&since=2020")
    assert donors.status_code == 200, donors.text
    assert donors.headers["content-disposition"].startswith("attachment")
    book = load_workbook(io.BytesIO(donors.content))
    assert any(
        "TCD" in str(c.value) or "Chad" in str(c.value)
        for ws in book
        for r in ws.iter_rows()
        for c in r
    )


def test_import_issues_are_shown_in_the_workbooks_language_with_the_english(
    engine, as_user, tmp_path
):
    import html

    from tracker.messages import message_pair

    ed = as_user("ed")
    french = build_report(
        tmp_path / "tchad.xlsx", lang="fr", cover_overrides={"period_to": "31 Febtember"}
    ).path
    english = build_report(
        tmp_path / "chad.xlsx", cover_overrides={"period_to": "31 Febtember"}
    ).path
    cli = import_paths(engine, [french], dry_run=True, jobs=0).files[0]
    assert cli.language == "fr"
    bad = next(i for i in cli.issues if i.code == "bad-date")
    in_french, in_english = message_pair(bad, cli.language)
    assert in_french != in_english and "n’est pas une date" in in_french

    page = html.unescape(_upload(ed, french).text)
    row = re.search(r"<code>bad-date</code></td><td[^>]*>(.*?)</td>", page, re.S)
    assert row is not None, page
    shown = row.group(1)
    assert in_french in shown and in_english in shown
    assert shown.index(in_french) < shown.index(in_english)  # the workbook's language first
    assert 'lang="fr"' in row.group(0) and 'lang="en"' in shown

    page = html.unescape(_upload(ed, english).text)
    row = re.search(r"<code>bad-date</code></td><td[^>]*>(.*?)</td>", page, re.S)
    assert row is not None
    assert row.group(1).count("is not a date") == 1  # English once, not twice
    assert _reports(engine) == 0
