"""The pages of phase 1 (/plans, /history and an import run) on an empty store and on the
bundled sample data, their downloads, and text from the store shown as text (SQLite).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tests.web.conftest import BASE, PASSWORDS, ROLES, login, settings_for
from tracker.db import make_engine, transaction
from tracker.services.audit import record_event
from tracker.services.users import add_user
from tracker.web.app import create_app

SAMPLES = Path(__file__).resolve().parents[2] / "imports" / "samples"
SCRIPT = "<script>alert('x')</script>"


@pytest.fixture
def db_url(sqlite_url):  # these tests are not about storage: SQLite only
    return sqlite_url


@pytest.fixture(scope="module")
def sample_engine(tmp_path_factory):
    """A store holding the bundled sample reports (imported once for the module)."""
    from tracker.services.imports import import_paths
    from tracker.services.setup import upgrade_database

    folder = tmp_path_factory.mktemp("samples")
    engine = make_engine(f"sqlite:///{folder / 'samples.db'}")
    upgrade_database(engine)
    import_paths(engine, [SAMPLES], arguments="tracker import imports/samples", jobs=0)
    with transaction(engine) as session:
        for name, role in ROLES.items():
            add_user(session, name, role, PASSWORDS[name])
    yield engine
    engine.dispose()


@pytest.fixture
def sample_client(sample_engine, quick_hashes) -> TestClient:
    url = str(sample_engine.url)
    app = create_app(settings_for(url, database_name="samples.db"), engine=sample_engine)
    c = TestClient(app, base_url=BASE, raise_server_exceptions=False)
    login(c, "rita")
    return c


def test_pages_render_on_an_empty_store(as_user):
    rita = as_user("rita")
    plans = rita.get("/plans")
    assert plans.status_code == 200
    assert "<h1>Action plans</h1>" in plans.text
    assert "Dubrovnik" in plans.text and "Lausanne" in plans.text
    assert "SAMPLE DATA" not in plans.text
    assert "Database: test.db" in plans.text
    history = rita.get("/history")
    assert history.status_code == 200
    assert "No import runs recorded." in history.text
    assert "No other changes recorded." not in history.text  # adding the users was recorded
    assert "user-add" in history.text
    assert rita.get("/").status_code == 200  # the dashboard (tests/web/test_figures.py)


def test_pages_render_on_the_sample_store(sample_client):
    plans = sample_client.get("/plans")
    assert plans.status_code == 200 and "SAMPLE DATA" in plans.text
    history = sample_client.get("/history")
    assert history.status_code == 200 and "SAMPLE DATA" in history.text
    assert "tracker import imports/samples" in history.text
    assert "419 imported, 1 revision" in history.text
    run = sample_client.get("/history/runs/1")
    assert run.status_code == 200
    assert "AFG-2012-initial.xlsx" in run.text
    assert "Showing 1–50 of 420 rows" in run.text  # paged: 50 files a page
    page_9 = sample_client.get("/history/runs/1?files.page=9")
    assert "Showing 401–420 of 420 rows" in page_9.text
    assert "ZMB" in page_9.text or "ZWE" in page_9.text or "YEM" in page_9.text


def test_the_history_filters_by_state(sample_client):
    lao = sample_client.get("/history?state=Lao PDR")
    assert lao.status_code == 200 and "<h1>History: LAO</h1>" in lao.text
    unknown = sample_client.get("/history?state=Atlantis")
    assert unknown.status_code == 404
    assert "Atlantis" in unknown.text


def test_unknown_run_is_404(sample_client):
    for path in ("/history/runs/999", "/history/runs/abc", "/no/such/page"):
        response = sample_client.get(path)
        assert response.status_code == 404, path
        assert "rita" in response.text or path == "/no/such/page"


def test_tables_sort_filter_and_page_by_query_parameters(as_user, engine):
    with transaction(engine) as session:
        for n in range(60):
            record_event(session, "withdraw", f"{n:064x}", reason=f"reason number {n}")
    rita = as_user("rita")
    first = rita.get("/history")
    assert "Showing 1–50 of 63 rows" in first.text  # 60 withdrawals and the 3 users added
    assert 'href="/history?events.page=2"' in first.text
    second = rita.get("/history?events.page=2")
    assert "Showing 51–63 of 63 rows" in second.text
    found = rita.get("/history?events.q=number 42")
    assert "1 row matching “number 42” (of 63)" in found.text
    assert "reason number 42" in found.text and "reason number 41" not in found.text
    by_action = rita.get("/history?events.sort=action&events.dir=asc")
    assert by_action.text.index("user-add") < by_action.text.index("withdraw</td>")
    assert 'aria-sort="ascending"' in by_action.text
    nothing = rita.get("/history?events.q=nothing+like+this")
    assert "No row matches “nothing like this”." in nothing.text


def test_text_from_the_store_is_shown_as_text(as_user, engine, tmp_path):
    with transaction(engine) as session:
        record_event(session, "withdraw", SCRIPT, reason=SCRIPT, detail=f'"><img src=x>{SCRIPT}')
    from tests.parsed_fakes import FakeReader, report
    from tracker.services.imports import import_paths

    reader = FakeReader(tmp_path)
    reader.add("in/<script>alert(1)</script>.xlsx", report())
    import_paths(engine, [tmp_path / "in"], reader=reader, arguments=f"tracker import {SCRIPT}")
    rita = as_user("rita")
    for path in ("/history", "/history/runs/1", "/history?events.q=<script>"):
        html = rita.get(path).text
        assert "<script" not in html, path
        assert "&lt;script&gt;" in html, path
        assert "<img src=x>" not in html


def test_downloads_are_attachments_in_the_shapes_of_the_docs(as_user, engine):
    with transaction(engine) as session:
        record_event(session, "withdraw", "abc", reason='=HYPERLINK("http://evil")')
    rita = as_user("rita")
    plans_json = rita.get("/plans?format=json")
    assert plans_json.headers["content-disposition"] == 'attachment; filename="action-plans.json"'
    shape = plans_json.json()
    assert set(shape) == {"comparison", "plans"}
    assert shape["comparison"]["labels"] == [p["label"] for p in shape["plans"]]
    assert {"name", "label", "period", "sections"} <= set(shape["plans"][0])

    plans_csv = rita.get("/plans?format=csv")
    assert plans_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(plans_csv.text.lstrip("\ufeff"))))
    assert rows[0][0] == "Theme" and rows[0][1:] == shape["comparison"]["labels"]
    assert len(rows) == len(shape["comparison"]["rows"]) + 1

    history = rita.get("/history?format=json").json()
    assert set(history) == {"runs", "events"}
    event = next(e for e in history["events"] if e["action"] == "withdraw")
    assert event["reason"] == '=HYPERLINK("http://evil")'  # JSON keeps the text as it is
    events_csv = rita.get("/history?format=csv&table=events")
    assert events_csv.headers["content-disposition"] == 'attachment; filename="audit-events.csv"'
    rows = list(csv.DictReader(io.StringIO(events_csv.text.lstrip("\ufeff"))))
    guarded = next(r for r in rows if r["action"] == "withdraw")
    assert guarded["reason"] == '\'=HYPERLINK("http://evil")'  # CSV: never a formula
    assert rita.get("/history?format=xml").status_code == 404
    assert rita.get("/history?format=csv&table=nope").status_code == 404


def test_history_json_lists_runs_with_their_files(sample_client):
    shape = sample_client.get("/history?format=json").json()
    run = shape["runs"][0]
    assert run["arguments"] == "tracker import imports/samples"
    assert len(run["files"]) == 420
    assert {"path", "sha256", "outcome", "state", "reporting_year", "errors", "warnings"} == set(
        run["files"][0]
    )
    rows = list(csv.reader(io.StringIO(sample_client.get("/history?format=csv").text)))
    assert len(rows) == 421  # the header and one row per file
    assert json.dumps(shape)  # plain JSON all through


def test_a_readers_pages_have_no_form_but_the_logout(as_user):
    rita = as_user("rita")
    for path in ("/plans", "/history"):
        html = rita.get(path).text
        assert html.count('method="post"') == 1 and 'action="/logout"' in html, path


def test_the_footer_names_the_database_never_its_url(make_client, users, engine):
    url = "postgresql+psycopg://alice:s3cret@db.example:5432/ccm_tracker"
    from tracker.web.settings import database_name

    assert database_name(url) == "ccm_tracker"
    assert database_name("sqlite:////var/lib/tracker/ccm.db") == "ccm.db"
    app = create_app(settings_for(str(engine.url), database_name=database_name(url)), engine=engine)
    c = make_client(app=app)
    login(c, "rita")
    html = c.get("/plans").text
    assert "Database: ccm_tracker" in html
    assert "s3cret" not in html and "db.example" not in html and "postgresql" not in html
