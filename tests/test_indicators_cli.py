"""``tracker indicators list`` and ``check``: no database, every problem with FILE:LINE, exit codes."""

from __future__ import annotations

import json

SHIPPED = ["core.yaml: 18 indicators, no problems", "lausanne.yaml: 9 indicators, no problems"]

GOOD = """\
key: mine
plan: null
indicators:
  - id: mine.received
    actions: []
    theme: Transparency
    label: Received
    title: States parties that had submitted their annual report
    population: expected_annual_report
    condition: annual_report_received
    unit: percentage
    sentence: {en: {text: "{numerator} of {denominator} ({percent}).", zero_denominator: "None expected."}}
"""
BAD = GOOD.replace("annual_report_received", "annual_report_recieved").replace(
    "    label: Received\n", ""
)


def test_check_of_a_clean_file_says_so_and_opens_no_database(run_cli, tmp_path):
    (tmp_path / "mine.yaml").write_text(GOOD, encoding="utf-8")
    result = run_cli("indicators", "check", "mine.yaml")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [*SHIPPED, "mine.yaml: 1 indicator, no problems"]
    assert result.stderr == ""
    assert not (tmp_path / "tracker.db").exists()


def test_check_lists_every_problem_on_stderr_and_exits_1(run_cli, tmp_path):
    (tmp_path / "mine.yaml").write_text(BAD, encoding="utf-8")
    result = run_cli("indicators", "check", "mine.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "mine.yaml:4: missing key 'label' of mine.received (every indicator needs it)",
        "mine.yaml:9: unknown predicate 'annual_report_recieved' (did you mean annual_report_received?)",
    ]
    assert result.stdout.splitlines()[-1] == "mine.yaml: 1 indicator, 2 errors"
    assert not (tmp_path / "tracker.db").exists()


def test_check_json_shape(run_cli, tmp_path):
    (tmp_path / "mine.yaml").write_text(BAD, encoding="utf-8")
    result = run_cli("indicators", "check", "mine.yaml", "--format", "json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert [f["path"] for f in doc["files"]] == ["core.yaml", "lausanne.yaml", "mine.yaml"]
    assert doc["files"][2] == {
        "path": "mine.yaml",
        "indicators": 1,
        "issues": [
            {
                "line": 4,
                "severity": "error",
                "message": "missing key 'label' of mine.received (every indicator needs it)",
            },
            {
                "line": 9,
                "severity": "error",
                "message": "unknown predicate 'annual_report_recieved' (did you mean annual_report_received?)",
            },
        ],
    }


def test_check_of_the_shipped_catalogues_alone(run_cli):
    result = run_cli("indicators", "check")
    assert result.exit_code == 0 and result.stdout.splitlines() == SHIPPED


def test_warnings_are_shown_and_change_no_exit_code(run_cli, tmp_path):
    (tmp_path / "mine.yaml").write_text(
        GOOD.replace("    unit:", "    replaces: old.one\n    unit:"), encoding="utf-8"
    )
    result = run_cli("indicators", "check", "mine.yaml")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "mine.yaml:4: warning: mine.received replaces 'old.one', which names no loaded indicator (load its catalogue with --catalogue FILE)"
    ]
    assert result.stdout.splitlines()[-1] == "mine.yaml: 1 indicator, 1 warning"


def test_list_text_json_csv_and_plan(run_cli, tmp_path):
    text = run_cli("indicators", "list")
    assert text.exit_code == 0
    lines = text.stdout.splitlines()
    assert lines[0].split(" | ")[0].strip() == "ID" and len(lines) == 2 + 27
    row = next(line for line in lines if line.startswith("lausanne.46 "))
    assert [c.strip() for c in row.split("|")] == [
        "lausanne.46",
        "lausanne",
        "46",
        "Transparency",
        "not computable",
        "Seek partners' support to prepare reports (ISU wording)",
    ]
    doc = json.loads(run_cli("indicators", "list", "--plan", "core", "--format", "json").stdout)
    assert len(doc["indicators"]) == 18 and doc["indicators"][0]["id"] == "core.needs.art3"
    assert doc["indicators"][0]["in_words"].startswith("Denominator: every State that reported")
    csv_out = run_cli(
        "indicators", "list", "--plan", "Lausanne Action Plan", "--format", "csv"
    ).stdout
    assert csv_out.splitlines()[0] == "id,plan,actions,theme,unit,title"
    assert (
        csv_out.splitlines()[1]
        == "lausanne.43a,lausanne,43,Transparency,percentage,Initial reports within the Article 7 deadline (ISU wording)"
    )
    (tmp_path / "mine.yaml").write_text(GOOD, encoding="utf-8")
    mine = run_cli("indicators", "list", "--catalogue", "mine.yaml", "--plan", "mine")
    assert mine.exit_code == 0 and mine.stdout.splitlines()[2].startswith("mine.received")


def test_list_refuses_an_unknown_plan_and_a_bad_catalogue(run_cli, tmp_path):
    unknown = run_cli("indicators", "list", "--plan", "lausane")
    assert unknown.exit_code == 2
    assert unknown.stderr.strip() == "error: unknown plan 'lausane' (did you mean lausanne?)"
    (tmp_path / "mine.yaml").write_text(BAD, encoding="utf-8")
    bad = run_cli("indicators", "list", "--catalogue", "mine.yaml")
    assert bad.exit_code == 1 and bad.stdout == ""
    assert bad.stderr.splitlines() == [
        "mine.yaml:4: missing key 'label' of mine.received (every indicator needs it)",
        "mine.yaml:9: unknown predicate 'annual_report_recieved' (did you mean annual_report_received?)",
        "error: 2 errors in 1 catalogue file, nothing was run: correct them (tracker indicators check FILE shows them again)",
    ]
    assert not (tmp_path / "tracker.db").exists()


def test_plans_dir_problems_are_listed(run_cli, tmp_path):
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "draft.yaml").write_text("name: Draft\n", encoding="utf-8")
    result = run_cli("indicators", "check", "--plans-dir", "plans")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith("plans/draft.yaml: label: missing")
    assert result.stderr.splitlines()[-1].startswith("error: ")
