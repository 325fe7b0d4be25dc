"""The bundled sample data: its intended figures, its files, and that they match each other."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "scripts"
SAMPLES = ROOT / "imports" / "samples"
MEMBERSHIP = ROOT / "imports" / "membership" / "sample-membership.csv"

sys.path.insert(0, str(SCRIPTS))
import make_samples  # noqa: E402
from samples import figures, profiles, vocab  # noqa: E402
from samples import model as sample_model  # noqa: E402
from samples.records import Model  # noqa: E402

SLIDES = {3: (37, 8), 4: (16, 8), 5: (12, 7)}
COVERS = {"Cover": "en", "Couverture": "fr", "Portada": "es"}


@pytest.fixture(scope="module")
def model() -> Model:
    return sample_model.build_model()


def _pairs(result: dict[int, dict[str, object]]) -> dict[int, tuple[object, object]]:
    return {a: (f["denominator"], f["numerator"]) for a, f in result.items()}


# (a) the intended figures -------------------------------------------------------------------


def test_intended_figures_reproduce_the_retreat_slides(model: Model) -> None:
    assert _pairs(figures.intended_figures(as_of=2025, since=2021, model=model)) == SLIDES
    # the exported function, as the script's users call it
    assert _pairs(make_samples.intended_figures(as_of=2025, since=2021)) == SLIDES


def test_numerators_are_within_denominators_and_depend_on_the_window(model: Model) -> None:
    result = figures.intended_figures(2025, 2021, model)
    for stat in result.values():
        assert set(stat["numerator_states"]) <= set(stat["denominator_states"])  # type: ignore[arg-type]
    narrow = _pairs(figures.intended_figures(2025, 2025, model))
    assert narrow != SLIDES
    assert all(narrow[a][0] == SLIDES[a][0] for a in SLIDES)  # same denominators


def test_the_edge_cases_change_the_figures_when_mishandled(model: Model) -> None:
    # a signatory's voluntary report counted as a State Party's: 17/9 and 13/8
    angola = model.members["AGO"]
    as_party = dataclasses.replace(angola, deposited=dt.date(2010, 1, 1))
    wrong = Model({**model.members, "AGO": as_party}, model.reports)
    assert _pairs(figures.intended_figures(2025, 2021, wrong))[4] == (17, 9)
    assert _pairs(figures.intended_figures(2025, 2021, wrong))[5] == (13, 8)
    # the superseded first version of the revised report counted: a ninth Article 4 numerator
    without_revision = [r for r in model.reports if not r.file_name.endswith("-revised.xlsx")]
    wrong = Model(model.members, without_revision)
    assert _pairs(figures.intended_figures(2025, 2021, wrong))[4] == (16, 9)
    # forms marked unchanged not carried forward: Guinea-Bissau's stockpile need is lost
    no_carry = [
        dataclasses.replace(
            r, forms={k: "not_provided" if v == "unchanged" else v for k, v in r.forms.items()}
        )
        for r in model.reports
    ]
    lost = figures.intended_figures(2025, 2021, Model(model.members, no_carry))
    assert "GNB" not in lost[3]["numerator_states"]  # type: ignore[operator]
    assert _pairs(lost)[3][1] < 8


def test_required_edge_cases_are_in_the_model(model: Model) -> None:
    workbooks = [r for r in model.reports if r.channel == "workbook"]
    assert {r.language for r in workbooks} == {"en", "fr", "es"}
    current = figures.current_versions(model.reports)
    # a chain of unchanged forms, carrying a need of 2019 into the 2021–2025 window
    gnb = current[("GNB", 2021, "annual")]
    assert gnb.forms["I"] == "unchanged" and gnb.last_reported["I"] == 2020
    assert current[("GNB", 2020, "annual")].forms["I"] == "unchanged"
    source = figures._holder(gnb, "I", current)
    assert source is not None and source.year < 2021 and source.forms["I"] == "changed"
    assert [n.area for n in source.needs if n.needed] == ["stockpile_destruction"]
    # a revision: two versions of one State/year with different dates of submission
    keys = [r.key for r in model.reports]
    revised = [r for r in model.reports if r.key == ("DEU", 2021, "annual")]
    assert len(revised) == 2 and revised[0].submitted != revised[1].submitted
    assert len(keys) - len(set(keys)) == 2  # that one and the matrix row shadowed by a workbook
    # late annual reports, and missing ones
    late = [
        r
        for r in model.reports
        if r.report_type == "annual" and r.submitted and r.submitted > dt.date(r.year + 1, 4, 30)
    ]
    assert len(late) >= 20
    assert ("SOM", 2019, "annual") not in current or ("SOM", 2020, "annual") not in current
    # initial reports, some late against entry into force + 180 days
    initial = [r for r in model.reports if r.report_type == "initial"]
    assert any(
        r.submitted and r.eif and r.submitted > r.eif + dt.timedelta(days=180) for r in initial
    )
    assert all("unchanged" not in r.forms.values() for r in initial)
    # Lithuania's reports, the signatory's report, the undated report
    assert any(r.iso3 == "LTU" and r.year == 2023 for r in model.reports)
    assert any(r.iso3 == "AGO" for r in model.reports)
    assert [r.file_name for r in model.reports if r.submitted is None] == ["SVN-2019-annual.xlsx"]


def test_every_sample_report_passes_the_date_rules(model: Model) -> None:
    # 24 initial reports were once dated before the end of their own period (2010–2016).
    from tracker.ingest.dates import date_problems
    from tracker.models.enums import ReportType

    latest = max(r.submitted for r in model.reports if r.submitted)
    for r in model.reports:
        problems = date_problems(
            period_from=r.period_from,
            period_to=r.period_to,
            submitted_on=r.submitted,
            report_type=ReportType(r.report_type),
            today=latest,
        )
        assert [p.code for p in problems] == [], (r.file_name, r.key, problems)
    # Initial reports cover the year of entry into force (but the two irregular ones).
    initial = [r for r in model.reports if r.report_type == "initial"]
    assert all(r.period_from.year == r.period_to.year or r.iso3 in ("CIV", "SOM") for r in initial)


# (b) the MANIFEST ---------------------------------------------------------------------------


def test_manifest_lists_every_sample_file_with_its_sha256() -> None:
    listed = {}
    for line in (SAMPLES / "MANIFEST").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    on_disk = {p.name for p in SAMPLES.iterdir() if p.is_file() and p.name != "MANIFEST"}
    assert set(listed) == on_disk
    for name, digest in listed.items():
        assert hashlib.sha256((SAMPLES / name).read_bytes()).hexdigest() == digest, name
    assert 300 <= len(on_disk) <= 450


def test_the_package_ships_the_manifest_so_the_export_never_reads_the_source_tree() -> None:
    from tracker.samples import SAMPLES_SHA256, parse_digests, sample_hashes

    shipped = ROOT / "tracker" / "data" / SAMPLES_SHA256
    manifest = (SAMPLES / "MANIFEST").read_bytes()
    assert shipped.read_bytes() == manifest, "run make samples: it writes both lists"
    assert sample_hashes() == parse_digests(manifest.decode("utf-8"))
    assert len(sample_hashes()) == len(manifest.splitlines())


# (c) the named constants --------------------------------------------------------------------


def test_named_constants_decide_the_denominators(model: Model) -> None:
    assert profiles.ARTICLE4_LEFT_OUT == ("GBR", "GRD", "NOR", "ZMB")
    assert profiles.ARTICLE5_ILLUSTRATIVE == "SSD"
    assert (len(profiles.ARTICLE3_LIST), len(profiles.ARTICLE4_LIST)) == (41, 20)
    assert len(profiles.ARTICLE5_LIST) == 11
    result = figures.intended_figures(2025, 2021, model)
    assert set(result[4]["denominator_states"]) == (  # type: ignore[arg-type]
        set(profiles.ARTICLE4_LIST) - set(profiles.ARTICLE4_LEFT_OUT)
    )
    assert set(result[5]["denominator_states"]) == (  # type: ignore[arg-type]
        set(profiles.ARTICLE5_LIST) | {profiles.ARTICLE5_ILLUSTRATIVE}
    )
    assert set(result[3]["denominator_states"]) == (  # type: ignore[arg-type]
        set(profiles.ARTICLE3_LIST) - set(profiles.ARTICLE3_NOT_REPORTED)
    )


def test_mauritania_article4_status_reverts(model: Model) -> None:
    mrt = next(p for p in profiles.PROFILES if p.iso3 == "MRT")
    years = [sample_model.status_at(mrt.art4, y) for y in (2013, 2016, 2022)]
    assert years == ["has", "had", "has"]
    current = figures.current_versions(model.reports)
    reported = {figures._status(r, 4, current) for r in current.values() if r.iso3 == "MRT"}
    assert {"has", "had"} <= reported


# (d) byte-identical regeneration ------------------------------------------------------------


@pytest.mark.slow
def test_regenerating_gives_identical_bytes(tmp_path: Path) -> None:
    script = SCRIPTS / "make_samples.py"
    subprocess.run(
        [sys.executable, str(script), "--out", str(tmp_path)], check=True, capture_output=True
    )
    for committed, fresh in (
        (SAMPLES, tmp_path / "samples"),
        (MEMBERSHIP.parent, tmp_path / "membership"),
    ):
        names = sorted(p.name for p in committed.iterdir())
        assert names == sorted(p.name for p in fresh.iterdir())
        for name in names:
            assert (committed / name).read_bytes() == (fresh / name).read_bytes(), name


# (e) the files say SAMPLE DATA, and agree with the model ------------------------------------


def _cover(path: Path) -> tuple[str, list[list[object]]]:
    book = CalamineWorkbook.from_path(str(path))
    name = next(n for n in book.sheet_names if n in COVERS)
    return COVERS[name], book.get_sheet_by_name(name).to_python()


def test_every_workbook_cover_says_sample_data_and_matches_the_model(model: Model) -> None:
    by_file = {r.file_name: r for r in model.reports if r.channel == "workbook"}
    workbooks = sorted(p for p in SAMPLES.glob("*.xlsx") if not p.name.startswith("legacy-"))
    assert {p.name for p in workbooks} == set(by_file)
    for path in workbooks:
        report = by_file[path.name]
        language, rows = _cover(path)
        assert language == report.language, path.name
        values = {str(r[0]): r[1] for r in rows if r and r[0]}
        organisation = vocab.word(vocab.LABELS["organisation"], language)
        assert values[organisation] == "SAMPLE DATA", path.name
        start = next(
            i for i, r in enumerate(rows) if r[0] == vocab.word(vocab.LABELS["form"], language)
        )
        for row, letter in zip(rows[start + 1 : start + 11], "ABCDEFGHIJ", strict=True):
            assert str(row[0]).endswith(letter)
            assert row[1] == vocab.word(vocab.FORM_STATUSES[report.forms[letter]], language), (
                path.name
            )
            expected = report.last_reported.get(letter)
            assert (int(row[2]) if row[2] != "" else None) == expected, path.name  # type: ignore[call-overload]


def test_the_matrix_has_the_spec_headers_and_one_row_per_matrix_report(model: Model) -> None:
    book = CalamineWorkbook.from_path(str(SAMPLES / sample_model.MATRIX_FILE))
    rows = book.get_sheet_by_name(book.sheet_names[0]).to_python()
    assert tuple(rows[0]) == (
        "State",
        "Year",
        "Article 3 status",
        "Article 4 status",
        "Article 5 victims",
        "Need: stockpile destruction",
        "Need: clearance",
        "Need: risk reduction education",
        "Need: victim assistance",
        "Date of submission",
    )
    assert len(rows) - 1 == sum(1 for r in model.reports if r.channel == "matrix")
    notes = book.get_sheet_by_name("Notes").to_python()
    assert "SAMPLE DATA" in str(notes[0][0])


# membership ---------------------------------------------------------------------------------


def test_membership_list_keeps_the_partial_rows_and_adds_the_samples_states(model: Model) -> None:
    with MEMBERSHIP.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [
        "State",
        "Signed",
        "Deposited",
        "Deposit type",
        "Withdrawal effective",
        "Source",
    ]
    by_name = {r[0]: r for r in rows[1:]}
    partial = ROOT / "scripts" / "samples" / "partial-membership.csv"
    with partial.open(encoding="utf-8", newline="") as handle:
        for row in list(csv.reader(handle))[1:]:
            assert by_name[row[0]][5].startswith(row[5]), row[0]
            if row[0] != "Lithuania":
                assert by_name[row[0]] == row
    assert by_name["Lithuania"][4] == "2025-03-06" and by_name["Lithuania"][2]
    assert by_name["Nigeria"][2].startswith("2023-") and by_name["South Sudan"][2].startswith(
        "2023-"
    )
    assert by_name["Vanuatu"][2].startswith("2025-09-") and by_name["Vanuatu"][5] == "illustrative"
    assert model.members["VUT"].entry_into_force == dt.date(2026, 3, 1)
    for signatory in ("Angola", "Cyprus", "Democratic Republic of the Congo"):
        assert by_name[signatory][2] == ""
    assert {r.iso3 for r in model.reports} <= set(model.members)


def test_membership_list_reads_without_issues() -> None:
    from tracker.ingest.membership import read_membership

    parsed = read_membership(MEMBERSHIP)
    assert parsed.ok and parsed.issues == []


# the real reader ----------------------------------------------------------------------------

# Warnings the samples are meant to raise when read (info notes, e.g. the Notes sheets, are fine).
INTENDED_WARNINGS: dict[str, set[str]] = {"SVN-2019-annual.xlsx": {"missing-submission-date"}}


@pytest.fixture(scope="module")
def parsed_files() -> dict[str, object]:
    reader = pytest.importorskip("tracker.ingest.reader")
    return {p.name: reader.read_file(p) for p in sorted(SAMPLES.glob("*.xlsx"))}


def test_every_sample_file_reads_with_no_error_and_only_intended_warnings(
    parsed_files: dict[str, object],
) -> None:
    for name, parsed in parsed_files.items():
        issues = parsed.issues  # type: ignore[attr-defined]
        errors = [
            f"{i.code} {i.sheet}!{i.cell}: {i.message}" for i in issues if i.severity == "error"
        ]
        assert errors == [], name
        warnings = {i.code for i in issues if i.severity == "warning"}
        assert warnings == INTENDED_WARNINGS.get(name, set()), name


def _as_record(parsed_report: object, file_name: str, channel: str) -> sample_model.Report:
    """A report as the tracker read it, in the intended model's terms."""
    from samples.records import NeedRow

    r = parsed_report
    statuses = {f["article"]: f["status"] for f in r.rows("article_facts")}  # type: ignore[attr-defined]
    forms = {f.form: str(f.status) for f in r.forms}  # type: ignore[attr-defined]
    return sample_model.Report(
        iso3=r.state_iso3,  # type: ignore[attr-defined]
        report_type=str(r.report_type),  # type: ignore[attr-defined]
        channel=channel,
        period_from=r.period_from,  # type: ignore[attr-defined]
        period_to=r.period_to,  # type: ignore[attr-defined]
        submitted=r.submitted_on,  # type: ignore[attr-defined]
        language=r.language,  # type: ignore[attr-defined]
        file_name=file_name,
        forms=forms,
        last_reported={f.form: f.last_reported for f in r.forms if f.last_reported},  # type: ignore[attr-defined]
        art3=statuses.get(3) if forms["B"] == "changed" else None,
        art4=statuses.get(4) if forms["F"] == "changed" else None,
        victims=(statuses.get(5) == "has") if forms["H"] == "changed" else None,
        needs=tuple(NeedRow(n["area"], bool(n["needed"])) for n in r.rows("needs")),  # type: ignore[attr-defined]
    )


def test_the_files_as_read_agree_with_the_model_and_give_the_slides_figures(
    parsed_files: dict[str, object], model: Model
) -> None:
    read: list[sample_model.Report] = []
    for name, parsed in parsed_files.items():
        channel = "matrix" if parsed.kind == "matrix" else "workbook"  # type: ignore[attr-defined]
        read.extend(_as_record(r, name, channel) for r in parsed.reports)  # type: ignore[attr-defined]
    intended = {(r.file_name, r.key): r for r in model.reports}
    assert {(r.file_name, r.key) for r in read} == set(intended)
    for got in read:
        want = intended[(got.file_name, got.key)]
        where = f"{got.file_name} {got.key}"
        assert (got.period_from, got.submitted) == (want.period_from, want.submitted), where
        # a matrix row's need cells are always read (blank = no): its Form I status is moot
        for letter in "BFH" if got.channel == "matrix" else "BFHI":
            assert got.forms[letter] == want.forms[letter], (where, letter)
            if want.forms[letter] == "unchanged":
                assert got.last_reported[letter] == want.last_reported[letter], (where, letter)
        assert (got.art3, got.art4, got.victims) == (want.art3, want.art4, want.victims), where
        assert {n.area for n in got.needs if n.needed} == {n.area for n in want.needs if n.needed}
    assert _pairs(figures.intended_figures(2025, 2021, Model(model.members, read))) == SLIDES
