"""Plan data: the shipped files, validation errors naming file and field, plan periods."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.plans.files import read_plan_dir, shipped_plans
from tracker.plans.schema import THEMES, PlanDataError
from tracker.plans.windows import default_since, plan_for_year

VALID = """\
name: Test Action Plan
label: Test (2030)
city: Testville
adopted: Fifth Review Conference, Testville, 2030
period:
  first: 2031
  last: 2035
sections:
  - theme: Introduction
    cell_text: Introduction
    count: null
  - theme: International cooperation and assistance
    cell_text: Cooperation (2)
    count: 2
    actions:
      - code: '1.1'
        title: First action
      - code: '1.2'
        title: Second action
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def issues_of(folder: Path) -> list[str]:
    with pytest.raises(PlanDataError) as caught:
        read_plan_dir(folder)
    return [i.as_text() for i in caught.value.issues]


def test_shipped_plans_and_their_periods():
    plans = shipped_plans()
    assert [(p.name, p.label, p.first_year, p.last_year) for p in plans] == [
        ("Vientiane Action Plan", "Vientiane (2010)", 2011, 2015),
        ("Dubrovnik Action Plan", "Dubrovnik (2015)", 2016, 2020),
        ("Lausanne Action Plan", "Lausanne (2020)", 2021, 2026),
    ]
    # The action totals of domain.md: 66, 32 and 50 (Lausanne's 77 are indicators).
    totals = [sum(s.count or 0 for s in p.sections if s.theme != "Indicators") for p in plans]
    assert totals == [66, 32, 50]


def test_dubrovnik_action_five_has_its_seven_sub_actions():
    dubrovnik = shipped_plans()[1]
    (section,) = [s for s in dubrovnik.sections if s.actions]
    assert section.theme == "International cooperation and assistance"
    assert [(a.code, a.title) for a in section.actions] == [
        ("5.1", "Strengthen partnerships at all levels"),
        ("5.2", "Communicate challenges and seek assistance"),
        ("5.3", "Evidence base needs for better results"),
        ("5.4", "Take ownership"),
        ("5.5", "Respond constructively to request for assistance"),
        ("5.6", "Make use of existing tools, cost efficiency and effectiveness"),
        ("5.7", "Support implementation support"),
    ]
    bodies = {a.code: a.body for a in section.actions}
    assert all(bodies[code] for code in ("5.1", "5.2", "5.3", "5.4", "5.5"))
    assert bodies["5.2"].startswith("States parties seeking assistance according to the right")
    assert "(c) Develop, share and promote cost-effective" in bodies["5.5"]


@pytest.mark.parametrize(
    ("year", "plan", "since"),
    [
        (2010, None, 2006),
        (2011, "Vientiane Action Plan", 2011),
        (2015, "Vientiane Action Plan", 2011),
        (2016, "Dubrovnik Action Plan", 2016),
        (2020, "Dubrovnik Action Plan", 2016),
        (2021, "Lausanne Action Plan", 2021),
        (2026, "Lausanne Action Plan", 2021),
        (2027, None, 2023),
    ],
)
def test_plan_for_year_and_default_since_on_every_boundary(year, plan, since):
    plans = shipped_plans()
    found = plan_for_year(plans, year)
    assert (found.name if found else None) == plan
    assert default_since(plans, year) == since


def test_a_valid_file_reads(tmp_path):
    write(tmp_path, "test.yaml", VALID)
    (plan,) = read_plan_dir(tmp_path)
    assert plan.period == "2031–2035"
    assert [a.code for a in plan.actions] == ["1.1", "1.2"]
    assert plan.sections[1].position == 2


def test_unknown_theme_names_file_and_field(tmp_path):
    write(tmp_path, "bad.yaml", VALID.replace("theme: Introduction", "theme: Demining"))
    (issue,) = issues_of(tmp_path)
    assert issue.startswith(f"{tmp_path / 'bad.yaml'}: sections[1].theme: unknown theme 'Demining'")


def test_more_actions_than_the_count_names_the_section(tmp_path):
    write(tmp_path, "bad.yaml", VALID.replace("count: 2", "count: 1"))
    assert issues_of(tmp_path) == [
        f"{tmp_path / 'bad.yaml'}: sections[2].actions: lists 2 actions but the section's count is 1"
    ]


def test_missing_field_names_it(tmp_path):
    write(tmp_path, "bad.yaml", VALID.replace("label: Test (2030)\n", ""))
    assert issues_of(tmp_path) == [
        f"{tmp_path / 'bad.yaml'}: label: missing: every plan file needs it"
    ]


def test_overlapping_periods_name_both_plans(tmp_path):
    write(tmp_path, "a.yaml", VALID)
    later = VALID.replace("Test Action Plan", "Other Action Plan").replace("Test (2030)", "Other")
    later = later.replace("first: 2031\n  last: 2035", "first: 2035\n  last: 2039")
    write(tmp_path, "b.yaml", later)
    (issue,) = issues_of(tmp_path)
    assert issue.startswith(f"{tmp_path / 'b.yaml'}: period: Other Action Plan 2035–2039 overlaps")
    assert f"Test Action Plan 2031–2035 ({tmp_path / 'a.yaml'})" in issue


def test_every_problem_of_a_file_is_reported_at_once(tmp_path):
    text = (
        VALID.replace("code: '1.1'", "code: 1.1")
        .replace("count: 2", "count: two")
        .replace("city: Testville", "town: Testville")
    )
    write(tmp_path, "bad.yaml", text)
    issues = [i.split(": ", 2)[1] for i in issues_of(tmp_path)]
    assert issues == ["town", "city", "sections[2].count", "sections[2].actions[1].code"]


def test_invalid_yaml_names_the_line(tmp_path):
    write(tmp_path, "bad.yaml", "name: [unclosed\nlabel: x\n")
    (issue,) = issues_of(tmp_path)
    assert issue.startswith(f"{tmp_path / 'bad.yaml'}: line ")
    assert "is not valid YAML" in issue


def test_duplicate_labels_and_codes_are_refused(tmp_path):
    write(tmp_path, "a.yaml", VALID.replace("code: '1.2'", "code: '1.1'"))
    (issue,) = issues_of(tmp_path)
    assert "sections[2].actions[2].code: action 1.1 is listed twice" in issue


def test_a_folder_without_plan_files_is_an_error(tmp_path):
    assert issues_of(tmp_path) == [f"{tmp_path}: (folder): holds no plan file (*.yaml, *.yml)"]


def test_themes_are_the_spec_rows():
    assert len(THEMES) == 13
    assert THEMES[0] == "Introduction" and THEMES[-1] == "Indicators"
