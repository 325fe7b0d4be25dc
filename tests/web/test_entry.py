"""``/entry`` over HTTP: the form generated from the layout, confirmation, the round trip."""

from __future__ import annotations

import html
import io
import re
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.web.conftest import csrf_of
from tests.workbooks import build_report
from tracker.db import transaction
from tracker.layouts import TEMPLATE_LAYOUT, get_layout
from tracker.models import ImportRun, Report
from tracker.services.imports import import_paths
from tracker.template import place


class _Form(HTMLParser):
    """The values a browser would send for the page's /entry form (no JavaScript)."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self.checkboxes: list[str] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._in_entry = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._in_entry = a.get("action") == "/entry" and a.get("method") == "post"
        if not self._in_entry or ("name" not in a and tag != "option"):
            return
        if tag == "input" and a.get("type") == "checkbox":
            self.checkboxes.append(a["name"])
            if "checked" in a:
                self.values[a["name"]] = a.get("value", "on")
        elif tag == "input":
            self.values[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a["name"]
            self.values.setdefault(a["name"], "")
        elif tag == "option" and self._select and "selected" in a:
            self._option_selected = True
            self.values[self._select] = ""
            self._selected_for = self._select
        elif tag == "textarea":
            self._textarea = a["name"]
            self.values[a["name"]] = ""

    def handle_data(self, data: str) -> None:
        if getattr(self, "_selected_for", None):
            self.values[self._selected_for] += data
        if self._textarea:
            self.values[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "option":
            self._selected_for = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_entry = False


def form_of(html: str) -> _Form:
    parser = _Form()
    parser.feed(html)
    return parser


def _reports(engine) -> list[Report]:
    with transaction(engine) as s:
        rows = s.scalars(select(Report).order_by(Report.id)).all()
        s.expunge_all()
        return list(rows)


@pytest.fixture
def chad_2023(engine, tmp_path):
    """Chad's 2023 annual report in the store (needs in Form I)."""
    path = tmp_path / "chad-2023.xlsx"
    build_report(
        path,
        year=2023,
        forms={"I": {"tables": {"needs": [{"area": "Clearance", "needed": "yes"}]}}},
    )
    (file,) = import_paths(engine, [path], jobs=0).files
    assert file.outcome.value == "imported"
    return file.sha256


def test_the_form_is_generated_from_the_layout_in_every_language(as_user, chad_2023):
    ed = as_user("ed")
    layout = get_layout(TEMPLATE_LAYOUT)  # ccm-a7/2: Form I's assistance provided and received
    assert {"provided", "received"} <= {t.name for t in layout.sheet("I").tables}
    for lang in layout.languages:
        page = ed.get(f"/entry?state=TCD&year=2024&lang={lang}")
        assert page.status_code == 200, page.text
        assert f"layout {layout.id}, language {lang}" in page.text
        assert 'name="I.received.0.donor"' in page.text
        for sheet in layout.sheets:
            assert sheet.name(lang) in page.text, (lang, sheet.key)
            for spec in sheet.fields:
                assert spec.text(lang) in page.text.replace("&#39;", "'"), (lang, spec.name)
            for table in sheet.tables:
                for column in table.columns:
                    assert column.text(lang) in page.text.replace("&#39;", "'"), column.name


def test_an_annual_report_opens_pre_filled_and_an_initial_one_blank(as_user, chad_2023):
    ed = as_user("ed")
    annual = form_of(ed.get("/entry?state=Chad").text)  # the year after its latest: 2024
    assert annual.values["year"] == "2024"
    assert annual.values["cover.submitted_on"] == ""  # the date of submission stays blank
    assert annual.values["cover.forms.I.status"] == "unchanged"
    assert annual.values["cover.forms.I.last_reported"] == "2023"
    assert annual.values["I.needs.0.area"] == "Clearance"
    assert "confirm.I" in annual.checkboxes and "confirm.I" not in annual.values
    initial = ed.get("/entry?state=TCD&type=initial&year=2012")
    blank = form_of(initial.text)
    assert "An initial report opens blank" in initial.text
    assert not blank.checkboxes
    assert not [k for k, v in blank.values.items() if v and k.startswith(("I.", "cover.forms"))]


def test_an_unconfirmed_pre_filled_form_blocks_the_save(engine, as_user, chad_2023):
    ed = as_user("ed")
    sent = form_of(ed.get("/entry?state=TCD").text)
    sent.values["cover.submitted_on"] = "2025-04-30"
    for name in sent.checkboxes:
        if name != "confirm.F":
            sent.values[name] = "yes"
    page = ed.post("/entry", data=sent.values | {"action": "save"})
    assert page.status_code == 422
    assert "Nothing was saved: confirm or edit each pre-filled form first (F)" in page.text
    assert 'class="sheet blocked"' in page.text and 'id="sheet-F"' in page.text
    assert len(_reports(engine)) == 1


def test_round_trip_save_then_the_version_shows_the_values_with_their_cells(
    engine, as_user, chad_2023
):
    ed = as_user("ed")
    sent = form_of(ed.get("/entry?state=TCD").text)
    values = sent.values | {name: "yes" for name in sent.checkboxes if name != "confirm.I"}
    values["cover.submitted_on"] = "2025-04-30"
    values["cover.contact_name"] = "Achta <b>Mahamat</b>"
    # Form I is edited (a second need, typed into the first blank row): it becomes *changed*.
    values["I.needs.1.area"] = "Victim assistance"
    values["I.needs.1.needed"] = "Yes"
    values["I.needs.1.description"] = "Prosthetics for <script>x</script> survivors"
    # ... and a flow received (a table of ccm-a7/2), typed into its first row.
    received = {"donor": "Norway", "area": "Clearance", "year": "2024", "type": "Disbursement"}
    values |= {f"I.received.0.{k}": v for k, v in received.items()}
    values |= {"I.received.0.amount": "150000", "I.received.0.currency": "USD"}
    saved = ed.post("/entry", data=values | {"action": "save"}, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    sha = re.fullmatch(r"/reports/([0-9a-f]{64})\?done=entered", saved.headers["location"])
    assert sha, saved.headers["location"]
    reports = _reports(engine)
    assert len(reports) == 2
    new = reports[-1]
    assert (new.state_iso3, new.reporting_year, new.channel.value) == ("TCD", 2024, "entered")
    with transaction(engine) as s:
        run = s.scalars(select(ImportRun).order_by(ImportRun.id.desc())).first()
        assert run is not None and run.app_user == "ed"
    file_page = ed.get(saved.headers["location"])
    assert "The file's reports were entered." in file_page.text
    assert "entered" in file_page.text and "No issue: the file reads cleanly." in file_page.text
    report = ed.get(f"/reports/{sha[1]}/1").text
    assert "Prosthetics for &lt;script&gt;x&lt;/script&gt; survivors" in report
    assert "<script>x" not in report
    tables = place(layout := get_layout(TEMPLATE_LAYOUT), layout.sheet("I"), {}).tables
    cell = f"Form I!B{tables['needs'].first_row + 1}"  # the table's second row, as typed
    assert re.search(rf"survivors</td>(<td>[^<]*</td>)*<td class=\"cell\">{cell}</td>", report)
    flow = f"Form I!A{tables['received'].first_row}"  # the flow, where the form said it goes
    assert re.search(rf"NOR</td>(<td>[^<]*</td>)*<td class=\"cell\">{flow}</td>", report), report
    original = ed.get(f"/reports/{sha[1]}/original")
    assert original.headers["content-disposition"].startswith("attachment")
    book = load_workbook(io.BytesIO(original.content))
    statuses = {row[0]: row[1] for row in book["Cover"].iter_rows(values_only=True) if row[0]}
    assert statuses["I"] == "changed" and statuses["F"] == "unchanged"
    assert statuses["Contact name"] == "Achta <b>Mahamat</b>"


def test_a_rejected_entry_shows_each_issue_beside_its_field(engine, as_user, chad_2023):
    ed = as_user("ed")
    sent = form_of(ed.get("/entry?state=TCD").text)
    values = sent.values | {name: "yes" for name in sent.checkboxes}
    values["cover.period_to"] = "31 Febtember"  # no date
    page = ed.post("/entry", data=values | {"action": "save"})
    assert page.status_code == 422
    assert "Nothing was saved: the import rejected the report" in page.text
    beside = dict(
        re.findall(r'<span class="field-issue" id="in-([\w-]+)-issue">(.*?)</span>', page.text)
    )
    assert "unsubmitted-template" in beside["cover-submitted_on"]
    assert "Cover!B5" in beside["cover-submitted_on"]
    assert "Cover!B4" in beside["cover-period_to"]
    # what was typed is kept, in a text box (a date box would show it empty)
    assert (
        '<input id="in-cover-period_to" name="cover.period_to" value="31 Febtember" aria'
        in page.text
    )
    assert len(_reports(engine)) == 1


def test_entry_issues_are_in_the_reports_language_with_the_english(engine, as_user, tmp_path):
    path = tmp_path / "tchad-2023.xlsx"
    build_report(path, year=2023, lang="fr")
    (file,) = import_paths(engine, [path], jobs=0).files
    assert file.outcome.value == "imported"
    ed = as_user("ed")
    opened = ed.get("/entry?state=TCD")
    assert "language fr" in opened.text  # the pre-fill is in the latest report's language
    sent = form_of(opened.text)
    values = sent.values | {name: "yes" for name in sent.checkboxes}
    values["cover.period_to"] = "31 Febtember"
    page = ed.post("/entry", data=values | {"action": "save"})
    assert page.status_code == 422
    beside = dict(
        re.findall(r'<span class="field-issue" id="in-([\w-]+)-issue">(.*?)</span>', page.text)
    )
    shown = html.unescape(beside["cover-period_to"])
    french = "'31 Febtember' n’est pas une date"
    english = "'31 Febtember' is not a date"
    assert french in shown and english in shown
    assert shown.index(french) < shown.index(english)  # the report's language first
    assert len(_reports(engine)) == 1


def test_more_rows_keeps_the_values(as_user, chad_2023):
    ed = as_user("ed")
    sent = form_of(ed.get("/entry?state=TCD").text)
    blank_rows = sum(1 for k in sent.values if re.fullmatch(r"I\.needs\.\d+\.area", k))
    sent.values["cover.telephone"] = "+235 1234"
    page = form_of(ed.post("/entry", data=sent.values | {"action": "more"}).text)
    assert page.values["cover.telephone"] == "+235 1234"
    assert sum(1 for k in page.values if re.fullmatch(r"I\.needs\.\d+\.area", k)) > blank_rows


def test_entry_refuses_readers_missing_tokens_and_unknown_states(as_user, chad_2023):
    rita = as_user("rita")
    assert rita.get("/entry").status_code == 403
    assert (
        rita.post("/entry", data={"csrf_token": csrf_of(rita.get("/plans").text)}).status_code
        == 403
    )
    ed = as_user("ed")
    assert ed.post("/entry", data={"state": "TCD", "action": "save"}).status_code == 403
    unknown = ed.get("/entry?state=Atlantis")
    assert unknown.status_code == 400 and "Atlantis" in unknown.text
    assert ed.get("/entry?state=TCD&year=twenty").status_code == 400
    choose = ed.get("/entry")
    assert choose.status_code == 200 and 'value="TCD"' in choose.text
