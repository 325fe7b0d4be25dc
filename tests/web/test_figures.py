"""The figure pages (/, /stats/needs, /states, /states/{ISO3}, /compliance): on an empty store
and on the demo's sample store, their sentences and downloads equal the CLI's for the same
options, every number links to its States, bad query values are refused, and the figure cache
never serves figures older than the last write (SQLite and PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from tests.web.conftest import BASE, PASSWORDS, ROLES, login, settings_for
from tests.workbooks import build_report
from tracker import clock
from tracker.cli import app as cli
from tracker.db import make_engine, transaction
from tracker.services.users import add_user
from tracker.web import formats
from tracker.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "imports" / "samples"
MEMBERSHIP = ROOT / "imports" / "membership" / "sample-membership.csv"
SCRIPT = "<script>alert('x')</script>"
PAGES = ("/", "/stats/needs", "/states", "/states/TCD", "/compliance")


def text_of(page: str) -> str:
    """The page's text as a person reads it (tags dropped, entities decoded, spaces joined)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def squash(sentence: str) -> str:
    return " ".join(sentence.split())


def run_cli(url: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", url, *args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    """The demo's data: the sample membership list and every sample report (built once)."""
    from tracker.ingest.membership import read_membership
    from tracker.services.imports import import_paths
    from tracker.services.membership import apply_membership
    from tracker.services.setup import upgrade_database

    folder = tmp_path_factory.mktemp("figures")
    url = f"sqlite:///{folder / 'samples.db'}"
    engine = make_engine(url)
    upgrade_database(engine)
    with transaction(engine) as session:
        apply_membership(session, read_membership(MEMBERSHIP), replace=False)
        for name, role in ROLES.items():
            add_user(session, name, role, PASSWORDS[name])
    import_paths(engine, [SAMPLES], arguments="tracker import imports/samples", jobs=0)
    yield url, engine
    engine.dispose()


@pytest.fixture
def samples(sample_store, quick_hashes) -> tuple[str, TestClient]:
    url, engine = sample_store
    app = create_app(settings_for(url, database_name="samples.db"), engine=engine)
    client = TestClient(app, base_url=BASE, raise_server_exceptions=False)
    login(client, "rita")
    return url, client


# -- empty store -------------------------------------------------------------------------------


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_every_figure_page_renders_on_an_empty_store(as_user):
    rita = as_user("rita")
    for path in PAGES:
        page = rita.get(path)
        assert page.status_code == 200, (path, page.text)
        assert "SAMPLE DATA" not in page.text and "Database: test.db" in page.text
    assert "no reports: run tracker import." in text_of(rita.get("/").text)
    assert "no reports: run tracker import." in text_of(rita.get("/stats/needs").text)
    assert "no membership records" in text_of(rita.get("/compliance").text)
    assert "No reports in the store." in text_of(rita.get("/states/TCD").text)
    # nothing to download from an empty store: said, not a broken file
    assert rita.get("/stats/needs?format=json").status_code == 404


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_dashboard_is_the_home_page(as_user, client):
    assert client.get("/", follow_redirects=False).headers["location"].startswith("/login?next=")
    rita = as_user("rita")
    page = rita.get("/")
    assert page.status_code == 200 and "<h1>Dashboard</h1>" in page.text
    assert '<a href="/" aria-current="page">Dashboard</a>' in page.text


# -- the sample store: the CLI's sentences, the links --------------------------------------


def test_dashboard_sentences_are_the_clis_and_each_number_links_to_its_indicator(samples):
    url, client = samples
    page = client.get("/")
    assert page.status_code == 200 and "SAMPLE DATA" in page.text
    shown = text_of(page.text)
    cli_lines = run_cli(url, "stats", "needs").splitlines()
    for line in cli_lines[:4]:  # the header line and the three sentences
        assert squash(line) in shown, line
    stats = json.loads(run_cli(url, "stats", "needs", "--format", "json"))
    a4 = next(s for s in stats["statistics"] if s["article"] == 4)
    query = f"as_of={stats['as_of']}&amp;since={stats['since']}"
    target = f"/indicators/core.needs.art4?{query}"
    numerator = f'<a href="{target}#numerator">eight (8)</a>'
    denominator = f'<a href="{target}#denominator">sixteen (16)</a>'
    assert a4["numerator"] == 8 and numerator in page.text and denominator in page.text
    # the line under the figures still leads to every State counted, with report and cell
    assert f'<a href="/stats/needs?{query}">Every State counted' in page.text

    status = json.loads(run_cli(url, "reports", "status", "--format", "json"))
    for sentence in status["sentences"]:
        assert sentence in shown
    first = status["sentences"][0].split(" of ")[0]  # "Forty-one (41)"
    on = clock.today().isoformat()
    on_time = f"/indicators/core.reporting.on_time?as_of={status['year']}&amp;on={on}"
    assert f'<a href="{on_time}#numerator">{first}</a>' in page.text
    assert f'<a href="/compliance?year={status["year"]}#expected">' in page.text
    overdue = len(status["overdue_initial"])
    assert f"Overdue initial reports ( {overdue} )" in shown
    assert "tracker import imports/samples" not in shown  # runs show who and what, not args
    assert '<a href="/history/runs/1">1</a>' in page.text


INDICATOR_LINK = re.compile(r'<a href="(/indicators/[^"#]+)#(numerator|denominator)">([^<]+)</a>')


def _figure(number_text: str) -> int:
    """``eight (8)`` → 8, ``Forty-one (41)`` → 41, ``3`` → 3, ``1,204`` → 1204."""
    found = re.search(r"\(([\d,]+)\)", number_text) or re.fullmatch(r"([\d,]+)", number_text)
    assert found, number_text
    return int(found.group(1).replace(",", ""))


def _followed(client: TestClient, dashboard: str) -> list[tuple[str, str, int]]:
    """Every indicator link of the dashboard, followed: (address, part, number) each checked."""
    links = INDICATOR_LINK.findall(dashboard)
    for href, part, number_text in links:
        target = client.get(html.unescape(href))
        assert target.status_code == 200, (href, target.text)
        number = _figure(number_text)
        # the target page gives the same number, and lists that many States under that heading
        assert f"<dt>{part.capitalize()}</dt><dd>{number:,}</dd>" in target.text, (href, number)
        heading = target.text.split(f'<h2 id="{part}">', 1)[1].split("</h2>", 1)[0]
        noun = "State" if number == 1 else "States"
        assert f"({number:,} {noun})" in heading, (href, heading)
    return [(html.unescape(h), p, _figure(t)) for h, p, t in links]


def test_each_linked_dashboard_number_is_its_indicators_number(samples):
    url, client = samples
    followed = _followed(client, client.get("/").text)
    ids = [href.split("?", 1)[0].removeprefix("/indicators/") for href, _, _ in followed]
    # three sentences and the table (both numbers each), two compliance sentences once the
    # year is due (both numbers each), the overdue initial reports
    for article in (3, 4, 5):
        assert ids.count(f"core.needs.art{article}") == 4
    status = json.loads(run_cli(url, "reports", "status", "--format", "json"))
    assert ids.count("core.reporting.on_time") == 2 and ids.count("core.reporting.received") == 2
    assert ids.count("core.reporting.initial_overdue") == 1
    overdue = next(f for f in followed if "initial_overdue" in f[0])
    assert overdue[1:] == ("numerator", len(status["overdue_initial"]))
    stats = json.loads(run_cli(url, "stats", "needs", "--format", "json"))
    for s in stats["statistics"]:
        mine = {(p, n) for h, p, n in followed if f"/core.needs.art{s['article']}?" in h}
        assert mine == {("numerator", s["numerator"]), ("denominator", s["denominator"])}


def test_the_dashboards_links_keep_its_window_and_current(samples):
    url, client = samples
    page = client.get("/?as_of=2023&since=2022&current=1").text
    followed = _followed(client, page)
    stats = json.loads(
        run_cli(
            url,
            "stats",
            "needs",
            "--as-of",
            "2023",
            "--since",
            "2022",
            "--current",
            "--format",
            "json",
        )
    )
    for s in stats["statistics"]:
        mine = [(h, p, n) for h, p, n in followed if f"/core.needs.art{s['article']}.current?" in h]
        # the table's two numbers, and the sentence's two unless it says "No State party has …"
        assert len(mine) == (4 if s["denominator"] else 2), mine
        assert {h for h, _, _ in mine} == {
            f"/indicators/core.needs.art{s['article']}.current?as_of=2023&since=2022"
        }
        assert {(p, n) for _, p, n in mine} == {
            ("numerator", s["numerator"]),
            ("denominator", s["denominator"]),
        }
    # without current, the same window links to the three indicators of has-or-had
    plain = [h for h, _, _ in _followed(client, client.get("/?as_of=2023&since=2022").text)]
    assert not any(".current" in h for h in plain)


def test_every_indicator_a_dashboard_number_links_to_is_shipped():
    from tracker.indicators.views import shipped
    from tracker.web.routes.dashboard import indicator_href, number_ids

    ids = number_ids()
    assert len(ids) == 9 and all(shipped().get(i) is not None for i in ids), ids
    with pytest.raises(LookupError, match=re.escape("core.needs.art6")):
        indicator_href("core.needs.art6", "numerator", {"as_of": 2024})


def test_following_a_number_gives_its_states_each_with_report_and_cell(samples):
    url, client = samples
    stats = json.loads(run_cli(url, "stats", "needs", "--format", "json", "--explain"))
    page = client.get(f"/stats/needs?as_of={stats['as_of']}&since={stats['since']}")
    assert page.status_code == 200
    for s in stats["statistics"]:
        assert squash(s["sentence"]) in text_of(page.text)
        for kind in ("numerator", "denominator"):
            section = page.text.split(f'id="article-{s["article"]}-{kind}"', 1)[1]
            section = section.split("</section>", 1)[0]
            rows = re.findall(rf'<tr id="article-{s["article"]}-{kind}-([A-Z]{{3}})">', section)
            assert rows == s[f"{kind}_states"]
            for iso3 in rows:
                p = s["provenance"][iso3][kind]
                row = section.split(f'-{iso3}">', 1)[1].split("</tr>", 1)[0]
                assert f">{p['sheet']}!{p['cell']}</a>" in html.unescape(row)
                assert html.escape(p["file"]) in row
                assert re.search(r'href="/reports/[0-9a-f]{64}/\d+"', row)
                carried = p["carried_from"]
                assert (f"carried forward from {carried}" in row) == (carried is not None)
    left_out = len(stats["excluded"])
    assert f"Reports left out ({left_out})" in text_of(page.text)


def test_the_provenance_links_go_to_the_report_that_holds_the_cell(samples):
    url, client = samples
    from tracker.services.stats import compute_needs_statistics

    _, engine = (url, make_engine(url))
    with transaction(engine) as session:
        stats = compute_needs_statistics(session)
        evidence = stats.article(4).count.numerator_evidence
        carried = [e for e in evidence.values() if e.provenance.carried_from is not None]
        chosen = carried[0] if carried else next(iter(evidence.values()))
    engine.dispose()
    p = chosen.provenance
    assert p.sha256 and len(p.sha256) == 64
    page = client.get("/stats/needs").text
    assert f'href="/reports/{p.sha256}/{p.source_row}"' in page


def test_downloads_are_the_clis_output(samples):
    url, client = samples
    got = client.get("/stats/needs?format=json")
    assert got.headers["content-disposition"].startswith("attachment;")
    assert json.loads(got.text) == json.loads(
        run_cli(url, "stats", "needs", "--format", "json", "--explain")
    )
    csv_text = client.get("/stats/needs?format=csv").text
    assert csv_text.lstrip("\ufeff") == run_cli(url, "stats", "needs", "--format", "csv")
    status = client.get("/compliance?year=2024&on=2025-06-30&format=json").json()
    assert status == json.loads(
        run_cli(
            url, "reports", "status", "--year", "2024", "--on", "2025-06-30", "--format", "json"
        )
    )
    csv_status = client.get("/compliance?year=2024&on=2025-06-30&format=csv").text.lstrip("\ufeff")
    assert csv_status == run_cli(
        url, "reports", "status", "--year", "2024", "--on", "2025-06-30", "--format", "csv"
    )
    state = client.get("/states/TCD?on=2025-12-31&format=json").json()
    assert state == json.loads(
        run_cli(url, "state", "show", "TCD", "--on", "2025-12-31", "--format", "json")
    )
    states = client.get("/states?parties_on=2025-12-31&format=json").json()
    assert states == json.loads(
        run_cli(url, "states", "list", "--parties-on", "2025-12-31", "--format", "json")
    )
    states_csv = client.get("/states?parties_on=2025-12-31&format=csv").text.lstrip("\ufeff")
    assert states_csv == run_cli(
        url, "states", "list", "--parties-on", "2025-12-31", "--format", "csv"
    )


def test_the_dashboards_deadlines_download_in_state_shows_shape(samples):
    import csv
    import io

    from tracker.services.dashboard import DEADLINE_COLUMNS

    url, client = samples
    page = client.get("/").text
    section = page.split('id="deadlines-title"', 1)[1]
    shown = re.findall(
        r'<tr><td><a href="/states/([A-Z]{3})">[^<]*</a> \(\1\)</td><td class="num">(\d)</td>',
        section,
    )
    assert shown, "the sample store has deadlines passed or approaching"
    assert '<a href="/?format=csv" download>CSV</a>' in section
    assert '<a href="/?format=json" download>JSON</a>' in section

    got = client.get("/?format=json")
    assert got.status_code == 200
    today = clock.today().isoformat()
    assert got.headers["content-disposition"] == (f'attachment; filename="deadlines-{today}.json"')
    data = got.json()
    assert data["on"] == today
    assert [(d["state"], str(d["article"])) for d in data["deadlines"]] == shown
    for state in sorted({d["state"] for d in data["deadlines"]}):
        page_json = json.loads(run_cli(url, "state", "show", state, "--format", "json"))
        for entry in (d for d in data["deadlines"] if d["state"] == state):
            article = next(a for a in page_json["deadlines"] if a["article"] == entry["article"])
            # the entry is the State, then tracker state show's article, key for key
            assert entry == {"state": state, "name": page_json["name"]} | article
            assert entry["flags"] in (["deadline passed"], ["deadline approaching"])

    got_csv = client.get("/?format=csv")
    assert got_csv.headers["content-type"] == "text/csv; charset=utf-8"
    assert got_csv.headers["content-disposition"].endswith(f'deadlines-{today}.csv"')
    assert got_csv.text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(got_csv.text.lstrip("\ufeff"))))
    assert tuple(rows[0]) == DEADLINE_COLUMNS
    assert [r[:4] for r in rows[1:]] == [
        [d["state"], d["name"], str(d["article"]), d["deadline"]] for d in data["deadlines"]
    ]
    assert [r[4:] for r in rows[1:]] == [
        ["; ".join(d["flags"]), d["source"], d["source_text"], d["status"]]
        for d in data["deadlines"]
    ]
    assert client.get("/?format=xlsx").status_code == 404  # only the CLI's shapes


def test_the_deadlines_csv_keeps_formulas_out_of_spreadsheets():
    import csv
    import io

    from tracker.compliance.deadlines import ArticleDeadline, DeadlineSource
    from tracker.services.dashboard import Dashboard, DeadlineDue
    from tracker.web.routes.dashboard import deadlines_download

    deadline = ArticleDeadline(4, dt.date(2026, 3, 1), DeadlineSource.ENTRY_INTO_FORCE, passed=True)
    bad = '=HYPERLINK("http://example.org","x")'
    data = Dashboard(
        dt.date(2026, 6, 30), None, None, None, None, (DeadlineDue("XXX", bad, deadline),)
    )
    response = deadlines_download(data, "csv")
    rows = list(csv.reader(io.StringIO(bytes(response.body).decode().lstrip("\ufeff"))))
    assert rows[1][:2] == ["XXX", "'" + bad]
    assert rows[1][4:6] == ["deadline passed", "entry into force"]
    # the JSON keeps the text as it is (JSON is not run by spreadsheets)
    shaped = json.loads(bytes(deadlines_download(data, "json").body))
    assert shaped["deadlines"][0]["name"] == bad


def test_options_give_the_clis_sentences(samples):
    url, client = samples
    page = text_of(client.get("/stats/needs?as_of=2023&since=2023&current=1").text)
    for line in run_cli(
        url, "stats", "needs", "--as-of", "2023", "--since", "2023", "--current"
    ).splitlines()[:4]:
        assert squash(line) in page
    compliance = text_of(client.get("/compliance?year=2023&on=2024-11-22").text)
    for line in run_cli(
        url, "reports", "status", "--year", "2023", "--on", "2024-11-22"
    ).splitlines()[:2]:
        assert squash(line) in compliance


def test_compliance_show_keeps_one_group(samples):
    url, client = samples
    status = json.loads(run_cli(url, "reports", "status", "--year", "2024", "--format", "json"))
    page = client.get("/compliance?year=2024&show=on-time&expected.sort=state")
    expected = page.text.split('id="overdue-initial"', 1)[0]
    rows = re.findall(r'<td><a href="/states/([A-Z]{3})">\1</a></td>', expected)
    on_time = sorted(s["state"] for s in status["states"] if s["status"] == "on time")
    assert on_time and rows == on_time[:50]  # one page of the table


def test_the_state_page_has_what_state_show_gives_with_links(samples):
    url, client = samples
    shown = client.get("/states/Chad", follow_redirects=False)
    assert shown.status_code == 303 and shown.headers["location"] == "/states/TCD"
    page = client.get("/states/TCD?on=2025-12-31")
    assert page.status_code == 200
    data = json.loads(
        run_cli(url, "state", "show", "Chad", "--on", "2025-12-31", "--format", "json")
    )
    text = text_of(page.text)
    assert "Chad (TCD)" in text and f"Status on 31 Dec 2025: {data['status']}" in text
    for year in data["years"]:
        for number, article in year["articles"].items():
            if article is None:
                continue
            p = article["provenance"]
            assert f"{p['sheet']}!{p['cell']} in {p['file']}" in text, (year, number)
        for need in year["needs"]:
            assert need["description"] is None or need["description"] in text
    assert len(re.findall(r'href="/reports/[0-9a-f]{64}/\d+"', page.text)) >= len(data["years"])
    for version in data["versions"]:
        assert f'href="/reports/{version["sha256"]}"' in page.text
    for article in data["deadlines"]:
        if article.get("deadline"):
            day = dt.date.fromisoformat(article["deadline"]).strftime("%d %b %Y")
            assert day in text


# -- refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/states/Narnia", 404, "unknown State 'Narnia': did you mean"),
        ("/stats/needs?as_of=twenty", 400, "as_of takes a reporting year such as 2025"),
        ("/stats/needs?as_of=2020&since=2024", 400, "since 2024 is after as_of 2020"),
        ("/stats/needs?current=maybe", 400, "current takes 1 (yes) or 0 (no)"),
        ("/compliance?on=31/12/2025", 400, "on takes a date as YYYY-MM-DD"),
        ("/compliance?year=12", 400, "year takes a reporting year such as 2025"),
        ("/compliance?show=everyone", 400, "show takes one of all, on-time"),
        ("/states?parties_on=2025-13-01", 400, "parties_on takes a date"),
        ("/stats/needs?format=xml", 404, "format=xml is not one of html, json, csv"),
        ("/states/TCD?format=csv", 404, "format=csv is not one of html, json"),
    ],
)
def test_bad_values_are_refused_with_a_clear_page(samples, path, status, words):
    _, client = samples
    page = client.get(path)
    assert page.status_code == status
    assert words in html.unescape(page.text)
    assert "SAMPLE DATA" in page.text  # in the site's layout


def test_a_date_after_today_is_refused_as_the_cli_refuses_it(samples):
    _, client = samples
    tomorrow = (clock.today() + dt.timedelta(days=1)).isoformat()
    for path in (
        f"/compliance?on={tomorrow}",
        f"/states/TCD?on={tomorrow}",
        f"/states?parties_on={tomorrow}",
    ):
        page = client.get(path)
        assert page.status_code == 400
        assert f"{tomorrow} is after today ({clock.today().isoformat()})" in html.unescape(
            page.text
        )


# -- the figure cache and text from workbooks ---------------------------------------------


def _import(engine, paths) -> None:
    from tracker.services.imports import import_paths

    batch = import_paths(engine, list(paths), arguments="tracker import", jobs=0)
    assert not batch.summary.rejected


def test_the_cache_never_serves_figures_older_than_the_last_write(engine, tmp_path, as_user):
    from tests.factories import add_membership

    with transaction(engine) as session:
        add_membership(session, "TCD", dt.date(2013, 3, 26))
        add_membership(session, "LAO", dt.date(2009, 3, 18))
    chad = build_report(
        tmp_path / "chad.xlsx",
        state="Chad",
        year=2024,
        forms={
            "I": {
                "tables": {
                    "needs": [
                        {"area": "Clearance", "needed": "yes", "description": SCRIPT},
                    ]
                }
            }
        },
    )
    _import(engine, [chad.path])
    rita = as_user("rita")
    cache = rita.app.app.state.web.figures  # type: ignore[attr-defined]
    before = text_of(rita.get("/stats/needs").text)
    assert (
        "Of one (1) State party that has reported to have or had obligations under "
        "Article 4, one (1) has highlighted" in before
    )
    hits, misses = cache.hits, cache.misses
    assert "one (1) has highlighted" in text_of(rita.get("/stats/needs").text)
    # the second look was served from the cache: nothing computed again
    assert cache.misses == misses and cache.hits > hits

    lao = build_report(tmp_path / "lao.xlsx", state="Lao PDR", year=2024)
    _import(engine, [lao.path])
    after = text_of(rita.get("/stats/needs").text)
    assert (
        "Of two (2) States parties that have reported to have or had obligations under "
        "Article 4, two (2) have highlighted" in after
    )
    assert "two (2)" in text_of(rita.get("/").text)

    state = rita.get("/states/TCD")
    assert SCRIPT not in state.text
    assert html.escape(SCRIPT, quote=False) in state.text or "&lt;script&gt;" in state.text
    assert SCRIPT in text_of(state.text)  # shown, as text

    # The reports' cover names a contact (tests/workbooks.py): a reader never sees it, on any
    # figure page or download (the cached parts are shared by every visitor, so they hold none).
    from sqlalchemy import select

    from tracker.models.reports import Report

    with transaction(engine) as session:
        stored = session.execute(select(Report.contact_name, Report.email, Report.telephone))
        assert ("A. Focal", "focal@example.org", "+41 22 000 00 00") in set(stored.tuples())
    for path in (*PAGES, "/states/TCD?format=json", "/stats/needs?format=json"):
        shown = rita.get(path).text
        for detail in ("A. Focal", "focal@example.org", "+41 22 000 00 00"):
            assert detail not in shown, (path, detail)


# -- the State page's Support section (issue 18) ---------------------------------------------


def test_the_state_page_shows_its_support_as_the_match_gives_it(samples):
    """Lao PDR's sample reports for 2021 on carry Form I flows: its page shows its support."""
    from tracker.services.assistance import state_support

    url, client = samples
    engine = make_engine(url)
    try:
        with transaction(engine) as session:
            lao = state_support(session, "LAO")
    finally:
        engine.dispose()
    # The samples are built so (scripts/samples/flows.py, INTENDED).
    assert {a: m.status.value for a, m in lao.statuses.items()} == {
        4: "supported",
        5: "supported",
    }
    page = client.get("/states/LAO")
    assert page.status_code == 200
    text = text_of(page.text)
    assert 'id="support"' in page.text
    assert f"Needs matched with reported support, {lao.since}–{lao.as_of}" in text
    for article, found in lao.statuses.items():
        assert f"Article {article} {found.status.words}" in text
        for flow in found.deciding:
            assert flow.provenance.cited in text
    assert lao.received, "Lao PDR's reports list support received"
    assert f"Support reported to this State ({len(lao.received)})" in text
    assert f"Support reported as provided by this State ({len(lao.provided)})" in text
    for flow in lao.received:  # amounts as the workbooks show them: 1,181,000 EUR
        if flow.amount is not None:
            assert f"{formats.number(flow.amount)} {flow.currency or ''}".strip() in text


def test_the_support_section_follows_the_last_write(engine, as_user):
    """The section is part of the cached body: a new flow shows on the next visit."""
    from tests.factories import add_flow, add_flow_file
    from tests.test_assistance_store import worked_example
    from tracker.enums import FlowArea, FlowType

    worked_example(engine)
    rita = as_user("rita")
    before = text_of(rita.get("/states/TCD").text)
    assert "Article 4 possibly supported" in before
    assert "Support reported to this State (1)" in before
    assert text_of(rita.get("/states/TCD").text) == before  # served again, unchanged

    with transaction(engine) as session:
        found = add_flow_file(session, "unmas.csv")
        add_flow(
            session,
            found,
            "B2",
            "UNMAS",
            "TCD",
            FlowArea.RISK_REDUCTION_EDUCATION,
            2023,  # in the default window: as of 2023 (the latest report), since 2021
            "40000",
            "USD",
            FlowType.DISBURSEMENT,
        )
    after = text_of(rita.get("/states/TCD").text)
    assert "Article 4 supported" in after and "unmas.csv!row 2" in after
    assert "Support reported to this State (2)" in after


def test_a_state_page_on_a_store_without_reports_has_no_support_section(as_user):
    page = as_user("rita").get("/states/TCD")
    assert page.status_code == 200
    assert 'id="support"' not in page.text
