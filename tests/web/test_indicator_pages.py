"""``/indicators`` and ``/indicators/{id}`` on an empty store and on the bundled sample data.

The pages must say what ``tracker indicators compute`` says for the same options: every
sentence, both State lists and the cell behind each State are compared with the command's own
output on the same store, and the downloads with its CSV and JSON byte for byte. Every refusal
is checked: an unknown id (404 with did-you-mean), a query value that is not a year, an unknown
plan, a window out of order, a bad series, a bad format (400), a chart that cannot be drawn.
(SQLite: these pages read through the indicators service, whose PostgreSQL tests are its own.)
"""

from __future__ import annotations

import html
import io
import json
import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tests.web.conftest import BASE, PASSWORDS, ROLES, login, settings_for
from tracker.db import make_engine, transaction
from tracker.services.users import add_user
from tracker.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "imports" / "samples"
MEMBERSHIP = ROOT / "imports" / "membership" / "sample-membership.csv"


@pytest.fixture
def db_url(sqlite_url):  # not a storage test: SQLite only
    return sqlite_url


@pytest.fixture(scope="module")
def sample_url(tmp_path_factory):
    """A store holding the sample membership list and the bundled sample reports (once)."""
    from tracker.ingest.membership import read_membership
    from tracker.services.imports import import_paths
    from tracker.services.membership import apply_membership
    from tracker.services.setup import upgrade_database

    folder = tmp_path_factory.mktemp("indicator-samples")
    url = f"sqlite:///{folder / 'samples.db'}"
    engine = make_engine(url)
    upgrade_database(engine)
    with transaction(engine) as session:
        apply_membership(session, read_membership(MEMBERSHIP), replace=False)
    import_paths(engine, [SAMPLES], arguments="tracker import imports/samples", jobs=0)
    with transaction(engine) as session:
        for name, role in ROLES.items():
            add_user(session, name, role, PASSWORDS[name])
    engine.dispose()
    return url


@pytest.fixture
def sample(sample_url, quick_hashes):
    """A reader logged in on the sample store."""
    engine = make_engine(sample_url)
    app = create_app(settings_for(sample_url, database_name="samples.db"), engine=engine)
    client = TestClient(app, base_url=BASE, raise_server_exceptions=False)
    assert login(client, "rita").status_code == 303
    yield client
    client.close()
    engine.dispose()


def _cli_json(run_cli, url: str, *args: str) -> dict:
    result = run_cli("--db", url, "indicators", "compute", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _text(fragment: str) -> str:
    """The text of an HTML fragment (tags removed, entities decoded, spaces joined)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _catalogue_sentences(page: str) -> dict[str, str]:
    """id → the sentence cell of each row of /indicators."""
    rows = re.findall(r"<code>([a-z0-9_.]+)</code>.*?<td class=\"sentence\">(.*?)</td>", page, re.S)
    return {ident: _text(cell) for ident, cell in rows}


def _main(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


# --- the empty store --------------------------------------------------------------------------


def test_pages_on_an_empty_store_list_the_indicators_without_figures(as_user):
    from tracker.indicators.catalogue import load_catalogues

    rita = as_user("rita")
    ids = [i.id for i in load_catalogues().indicators]
    catalogue = rita.get("/indicators")
    assert catalogue.status_code == 200
    assert '<a href="/indicators" aria-current="page">Indicators</a>' in catalogue.text
    assert "No reports in the store yet" in catalogue.text
    assert "SAMPLE DATA" not in catalogue.text
    assert f"{len(ids)} indicators" in catalogue.text
    assert list(_catalogue_sentences(catalogue.text)) == ids
    assert "format=csv" not in catalogue.text  # nothing to download yet

    one = rita.get("/indicators/core.needs.art4")
    assert one.status_code == 200
    assert "States parties with obligations under Article 4" in one.text
    assert "there are no figures to show" in one.text
    assert 'id="sentence"' not in one.text and "<img" not in one.text

    for path in ("/indicators?format=csv", "/indicators/core.needs.art4?format=json"):
        refused = rita.get(path)
        assert refused.status_code == 404, path
        assert "no reports: run tracker import" in refused.text
    for query in ("", "?years=2021-2024"):
        chart = rita.get(f"/indicators/core.needs.art4/chart.png{query}")
        assert chart.status_code == 404, query
        assert "no reports: run tracker import" in chart.text, query


def test_a_visitor_without_a_login_is_sent_to_log_in(client):
    for path in ("/indicators", "/indicators/core.needs.art4", "/indicators/x/chart.png"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login?next=")


# --- the sample store: the same sentences as the command line ---------------------------------


@pytest.mark.parametrize(
    "query, args",
    [("", ()), ("?as_of=2023&plan=lausanne", ("--as-of", "2023", "--plan", "lausanne"))],
)
def test_the_catalogue_says_what_compute_says(sample, sample_url, run_cli, query, args):
    doc = _cli_json(run_cli, sample_url, *args)
    page = sample.get(f"/indicators{query}")
    assert page.status_code == 200
    assert "SAMPLE DATA" in page.text
    sentences = _catalogue_sentences(page.text)
    assert list(sentences) == [r["id"] for r in doc["results"]]
    for result in doc["results"]:
        expected = result["sentence"]
        if expected is None:  # not computable or not yet due: the text output's words
            assert result["status"] in ("not computable", "not yet due")
            assert sentences[result["id"]].startswith(result["status"]), result["id"]
        else:
            assert sentences[result["id"]] == expected, result["id"]
    text = run_cli("--db", sample_url, "indicators", "compute", *args).stdout
    assert (
        _text(re.search(r'<p class="opening">(.*?)</p>', page.text).group(1))
        == (text.splitlines()[0])
    )
    assert f'value="{doc["as_of"]}"' in page.text


@pytest.mark.parametrize("indicator", ["core.needs.art4", "core.reporting.on_time", "lausanne.44"])
def test_an_indicator_page_gives_the_sentence_the_states_and_their_cells(
    sample, sample_url, run_cli, indicator
):
    doc = _cli_json(run_cli, sample_url, indicator, "--as-of", "2024", "--explain")
    (result,) = doc["results"]
    page = sample.get(f"/indicators/{indicator}?as_of=2024")
    assert page.status_code == 200
    main = _main(page.text)
    sentence = re.search(r'<p class="sentence" id="sentence">(.*?)</p>', main, re.S).group(1)
    assert html.unescape(sentence) == result["sentence"]

    numerator = main[main.index('id="numerator"') : main.index('id="denominator"')]
    denominator = main[main.index('id="denominator"') : main.index('id="excluded"')]
    codes = re.compile(r"<th scope=\"row\">[^<]*<code>([A-Z]{3})</code>")
    assert sorted(codes.findall(numerator)) == result["numerator_states"]
    assert sorted(codes.findall(denominator)) == result["denominator_states"]
    assert f"In the denominator ({result['denominator']} States)" in main
    carried = 0
    for iso3, evidence in result["provenance"].items():
        row = re.search(rf"<code>{iso3}</code></th>(.*?)</tr>", denominator, re.S).group(1)
        shown = evidence["denominator"]
        if shown["basis"] == "cell":
            assert f"<code>{shown['sheet']}!{shown['cell']}</code>" in row, iso3
            assert html.escape(shown["file"]) in row, iso3
            if shown["carried_from"] is not None:
                carried += 1
                assert f"carried forward from {shown['carried_from']}" in row, iso3
        else:
            assert shown["basis"] in ("membership", "decision", "absence")
            assert "<code>" not in row.split("</td>", 1)[1]
        if evidence["numerator"] is not None and evidence["numerator"]["basis"] == "cell":
            n_row = re.search(rf"<code>{iso3}</code></th>(.*?)</tr>", numerator, re.S).group(1)
            cell = evidence["numerator"]
            assert f"<code>{cell['sheet']}!{cell['cell']}</code>" in n_row, iso3
    assert main.count('class="carried"') >= carried
    if indicator == "core.needs.art4":
        assert carried > 0  # the sample data carries statuses forward: the page marks them
    assert f'<img src="/indicators/{indicator}/chart.png?years=' in main
    assert f"Reports left out ({len(doc['excluded'])})" in main


def test_the_series_table_has_the_values_of_compute_years(sample, sample_url, run_cli):
    page = sample.get("/indicators/core.reporting.on_time?as_of=2024&years=2021-2024")
    assert "Over the years 2021–2024" in page.text
    series = run_cli(
        "--db",
        sample_url,
        "indicators",
        "compute",
        "core.reporting.on_time",
        "--years",
        "2021-2024",
        "--format",
        "json",
    )
    doc = json.loads(series.stdout)
    table = page.text[page.text.index('class="series"') :]
    rows = re.findall(r'<th scope="row">(\d{4})</th>.*?<td class="num">([^<]*)</td></tr>', table)
    values = [(r["as_of"], r["results"][0]["value"]) for r in doc["runs"]]
    assert [(int(y), v) for y, v in rows] == [(y, f"{v}%") for y, v in values]
    assert 'src="/indicators/core.reporting.on_time/chart.png?years=2021-2024"' in page.text


def test_a_non_computable_indicator_says_so_and_has_no_chart(sample):
    page = sample.get("/indicators/lausanne.46")
    assert page.status_code == 200
    assert "not computable from Article 7 reports" in page.text
    assert "<img" not in page.text and "(ISU wording)" in page.text
    chart = sample.get("/indicators/lausanne.46/chart.png")
    assert chart.status_code == 404
    assert "lausanne.46 is not computable from Article 7 reports" in chart.text


def test_the_chart_is_drawn_by_the_charts_code(sample):
    from PIL import Image

    from tracker.indicators.charts import HEIGHT_CM, PNG_DPI, WIDTH_CM

    for query in ("?years=2021-2024", "?as_of=2024"):
        chart = sample.get(f"/indicators/core.reporting.on_time/chart.png{query}")
        assert chart.status_code == 200, query
        assert chart.headers["content-type"] == "image/png"
        width, height = Image.open(io.BytesIO(chart.content)).size
        assert abs(width - WIDTH_CM / 2.54 * PNG_DPI) <= 2, query
        assert abs(height - HEIGHT_CM / 2.54 * PNG_DPI) <= 2, query


# --- downloads: the command's own files --------------------------------------------------------


def test_downloads_are_the_commands_csv_json_and_workbook(sample, sample_url, run_cli):
    from openpyxl import load_workbook

    csv_page = sample.get("/indicators?as_of=2024&plan=core&format=csv")
    assert csv_page.headers["content-disposition"] == (
        'attachment; filename="indicators-2024-core.csv"'
    )
    cli_csv = run_cli(
        "--db",
        sample_url,
        "indicators",
        "compute",
        "--plan",
        "core",
        "--as-of",
        "2024",
        "--format",
        "csv",
    )
    assert csv_page.content.decode("utf-8") == "\ufeff" + cli_csv.stdout

    one = sample.get("/indicators/core.needs.art4?as_of=2024&format=json")
    assert one.headers["content-disposition"] == (
        'attachment; filename="core.needs.art4-2024.json"'
    )
    cli_json = run_cli(
        "--db",
        sample_url,
        "indicators",
        "compute",
        "core.needs.art4",
        "--as-of",
        "2024",
        "--format",
        "json",
        "--explain",
    )
    assert one.text == cli_json.stdout

    book = sample.get("/indicators?as_of=2024&format=xlsx")
    assert book.headers["content-disposition"] == 'attachment; filename="indicators-2024.xlsx"'
    sheets = load_workbook(io.BytesIO(book.content), read_only=True).sheetnames
    assert sheets == ["Indicators", "States", "Method"]


# --- refusals ----------------------------------------------------------------------------------


def test_an_unknown_indicator_is_a_404_that_suggests_the_closest(sample):
    near = sample.get("/indicators/core.needs.art6?as_of=2024")
    assert near.status_code == 404
    assert "There is no indicator “core.needs.art6”" in near.text
    assert '<a href="/indicators/core.needs.art5?as_of=2024">core.needs.art5</a>' in near.text
    far = sample.get("/indicators/zzzz")
    assert far.status_code == 404
    assert "Did you mean" not in far.text and '<a href="/indicators">' in far.text
    hostile = sample.get("/indicators/<script>alert(1)</script>")
    assert hostile.status_code == 404 and "<script>alert" not in hostile.text
    chart = sample.get("/indicators/core.needs.art6/chart.png")
    assert chart.status_code == 404 and "core.needs.art5" in chart.text


@pytest.mark.parametrize(
    "path, says",
    [
        ("/indicators?as_of=abc", "as_of=abc is not a reporting year"),
        ("/indicators?as_of=20245", "as_of=20245 is not a reporting year"),
        ("/indicators?as_of=2022&since=2024", "since 2024 is after as_of 2022"),
        ("/indicators?plan=lausane", "unknown plan &#39;lausane&#39; (did you mean lausanne?)"),
        ("/indicators?format=pdf", "format=pdf is not one of html, csv, json, xlsx"),
        ("/indicators/core.needs.art4?as_of=1066", "as_of=1066 is not a reporting year"),
        ("/indicators/core.needs.art4?years=2025-2021", "the first year is after the last"),
        ("/indicators/core.needs.art4?years=soon", "years= takes two years such as 2021-2025"),
        ("/indicators/core.needs.art4/chart.png?years=1990-2030", "a series takes at most 30"),
        ("/indicators/core.reporting.received?on=2025-13-01", "on takes a date as YYYY-MM-DD"),
    ],
)
def test_bad_query_values_are_a_400_that_says_what_to_give(sample, path, says):
    response = sample.get(path)
    assert response.status_code == 400, path
    assert says in response.text, response.text
    assert "rita" in response.text  # in the site's layout, with who is asking


def test_on_judges_the_compliance_figures_that_day_as_compute_on(sample, sample_url, run_cli):
    """``on`` is ``--on`` (the dashboard links its compliance numbers with the day it judges)."""
    import datetime as dt

    from tracker import clock

    args = ("core.reporting.received", "--as-of", "2024", "--on", "2025-06-30")
    (result,) = _cli_json(run_cli, sample_url, *args)["results"]
    (default,) = _cli_json(run_cli, sample_url, *args[:3])["results"]
    assert result["numerator"] != default["numerator"]  # the day matters on the sample data
    page = sample.get("/indicators/core.reporting.received?as_of=2024&on=2025-06-30")
    assert page.status_code == 200
    main = _main(page.text)
    sentence = re.search(r'<p class="sentence" id="sentence">(.*?)</p>', main, re.S).group(1)
    assert html.unescape(sentence) == result["sentence"]
    assert f"<dt>Numerator</dt><dd>{result['numerator']}</dd>" in main
    assert "as_of=2024&amp;on=2025-06-30&amp;format=csv" in main  # the downloads keep the day
    got = sample.get("/indicators/core.reporting.received?as_of=2024&on=2025-06-30&format=json")
    assert json.loads(got.text)["results"][0]["numerator"] == result["numerator"]

    tomorrow = (clock.today() + dt.timedelta(days=1)).isoformat()
    late = sample.get(f"/indicators/core.reporting.received?on={tomorrow}")
    assert late.status_code == 400
    assert f"on {tomorrow} is after today ({clock.today().isoformat()})" in html.unescape(late.text)
