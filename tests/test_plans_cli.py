"""The plans in the store and on the command line: upgrade, compare, show, load a fourth plan."""

from __future__ import annotations

from pathlib import Path

from tests.test_plans_compare import GOLDEN, check_workbook, header_row

DRAFT = """\
name: Draft Action Plan 2027-2031
label: Draft (2026)
city: Geneva
adopted: Draft for the Third Review Conference, 2026
period:
  first: 2027
  last: 2031
sections:
  - theme: Introduction
    cell_text: Introduction
    count: null
  - theme: Victim assistance
    cell_text: Victim assistance (5)
    count: 5
    actions:
      - code: '12'
        title: A draft action
"""


def upgraded(run_cli, tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'plans.db'}"
    result = run_cli("--db", url, "db", "upgrade")
    assert result.exit_code == 0, result.stderr
    return url


def test_upgrade_loads_the_shipped_plans_idempotently(engine):
    from sqlalchemy import func, select

    from tracker.db import transaction
    from tracker.models.plans import ActionPlan, PlanAction, PlanSection
    from tracker.plans.files import shipped_plans
    from tracker.plans.windows import default_since
    from tracker.services.plans import load_shipped_plans, plans_from_store
    from tracker.services.setup import upgrade_database

    def snapshot():
        with transaction(engine) as session:
            ids = [
                list(session.scalars(select(model.id).order_by(model.id)))
                for model in (ActionPlan, PlanSection, PlanAction)
            ]
            return ids, plans_from_store(session)

    before_ids, before = snapshot()
    assert before == shipped_plans()
    assert [len(ids) for ids in before_ids] == [3, 34, 7]
    upgrade_database(engine)
    after_ids, after = snapshot()
    assert (after_ids, after) == (before_ids, before)
    with transaction(engine) as session:
        result = load_shipped_plans(session)
        assert result.unchanged == [p.name for p in shipped_plans()] and not result.updated
        assert session.scalar(select(func.count()).select_from(ActionPlan)) == 3
        assert default_since(plans_from_store(session), 2024) == 2021


def test_a_changed_plan_file_replaces_the_stored_plan(engine, tmp_path):
    from tracker.db import transaction
    from tracker.services.plans import load_plans_dir, plans_from_store

    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "draft.yaml").write_text(DRAFT, encoding="utf-8")
    with transaction(engine) as session:
        assert load_plans_dir(session, folder).added == ["Draft Action Plan 2027-2031"]
    (folder / "draft.yaml").write_text(DRAFT.replace("count: 5", "count: 6"), encoding="utf-8")
    with transaction(engine) as session:
        assert load_plans_dir(session, folder).updated == ["Draft Action Plan 2027-2031"]
        draft = plans_from_store(session)[-1]
    assert draft.sections[1].count == 6
    assert [a.code for a in draft.actions] == ["12"]


def test_compare_text_is_the_golden_table(run_cli, tmp_path):
    url = upgraded(run_cli, tmp_path)
    result = run_cli("--db", url, "plans", "compare", "--width", "100")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (GOLDEN / "plans-compare-100.txt").read_text(encoding="utf-8")


def test_compare_xlsx_is_the_spec_table_read_back(run_cli, tmp_path):
    url = upgraded(run_cli, tmp_path)
    result = run_cli("--db", url, "plans", "compare", "--format", "xlsx", "-o", "plans.xlsx")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "comparison of 3 plans written: exports/plans.xlsx"
    check_workbook(tmp_path / "exports" / "plans.xlsx")


def test_write_comparison_workbook_for_the_demo(engine, tmp_path):
    from tracker.db import transaction
    from tracker.services.plans import write_comparison_workbook

    with transaction(engine) as session:
        write_comparison_workbook(session, tmp_path / "plans.xlsx")
    check_workbook(tmp_path / "plans.xlsx")


def test_compare_xlsx_without_output_is_wrong_usage(run_cli, tmp_path):
    url = upgraded(run_cli, tmp_path)
    result = run_cli("--db", url, "plans", "compare", "--format", "xlsx")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: --format xlsx writes a workbook: give the file with -o FILE.xlsx"
    )
    assert run_cli("--db", url, "plans", "compare", "--format", "csv").exit_code == 2


def test_show_dubrovnik_lists_action_five(run_cli, tmp_path):
    url = upgraded(run_cli, tmp_path)
    result = run_cli("--db", url, "plans", "show", "Dubrovnik")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Dubrovnik Action Plan"
    assert "  period: 2016–2020 (reporting years it governs)" in lines
    actions = [line.strip() for line in lines if line.strip().startswith("Action 5.")]
    assert actions == [
        "Action 5.1 – Strengthen partnerships at all levels",
        "Action 5.2 – Communicate challenges and seek assistance",
        "Action 5.3 – Evidence base needs for better results",
        "Action 5.4 – Take ownership",
        "Action 5.5 – Respond constructively to request for assistance",
        "Action 5.6 – Make use of existing tools, cost efficiency and effectiveness",
        "Action 5.7 – Support implementation support",
    ]


def test_show_as_json_gives_the_plan_data(run_cli, tmp_path):
    import json

    url = upgraded(run_cli, tmp_path)
    result = run_cli("--db", url, "plans", "show", "Dubrovnik", "--format", "json")
    assert result.exit_code == 0, result.stderr
    plan = json.loads(result.stdout)
    assert (plan["name"], plan["period"], plan["first_year"], plan["last_year"]) == (
        "Dubrovnik Action Plan",
        "2016–2020",
        2016,
        2020,
    )
    assert set(plan) == {
        "name",
        "label",
        "city",
        "adopted",
        "period",
        "first_year",
        "last_year",
        "source",
        "sections",
    }
    assert [s["position"] for s in plan["sections"]] == list(range(1, len(plan["sections"]) + 1))
    actions = [a for s in plan["sections"] for a in s["actions"]]
    assert [a["code"] for a in actions if a["code"].startswith("5.")] == [
        f"5.{n}" for n in range(1, 8)
    ]
    assert actions[0].keys() == {"code", "title", "body"}
    assert set(plan["sections"][0]) == {
        "position",
        "theme",
        "cell_text",
        "count",
        "note",
        "actions",
    }
    assert run_cli("--db", url, "plans", "show", "Dubrovnik", "--format", "csv").exit_code == 2


def test_show_finds_a_plan_by_label_city_or_prefix(run_cli, tmp_path):
    url = upgraded(run_cli, tmp_path)
    for wanted in ("lausanne (2020)", "LAUSANNE", "lau", "Lausanne Action Plan"):
        result = run_cli("--db", url, "plans", "show", wanted)
        assert result.stdout.splitlines()[0] == "Lausanne Action Plan", wanted
    unknown = run_cli("--db", url, "plans", "show", "Oslo")
    assert unknown.exit_code == 1
    assert unknown.stderr.strip() == (
        "error: no plan 'Oslo': the plans are Vientiane Action Plan, Dubrovnik Action Plan, "
        "Lausanne Action Plan"
    )


def test_show_refuses_an_ambiguous_prefix():
    import dataclasses

    import pytest

    from tracker.cli.plans import find_plan
    from tracker.errors import TrackerError
    from tracker.plans.files import shipped_plans

    vientiane, dubrovnik, lausanne = shipped_plans()
    lviv = dataclasses.replace(vientiane, name="Lviv Action Plan", label="Lviv (2030)", city="Lviv")
    plans = (vientiane, dubrovnik, lausanne, lviv)
    assert find_plan(plans, "lau").name == "Lausanne Action Plan"
    with pytest.raises(TrackerError) as caught:
        find_plan(plans, "l")
    assert (
        str(caught.value)
        == "'l' could be Lausanne Action Plan, Lviv Action Plan: give more of the name"
    )
    with pytest.raises(TrackerError):
        find_plan(plans, "")


def test_a_fourth_plan_becomes_a_fourth_column(run_cli, tmp_path):
    from openpyxl import load_workbook

    url = upgraded(run_cli, tmp_path)
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "draft-2027.yaml").write_text(DRAFT, encoding="utf-8")
    loaded = run_cli("--db", url, "plans", "load", str(folder))
    assert loaded.exit_code == 0, loaded.stderr
    assert loaded.stdout.strip() == f"1 plan from {folder}: 1 added, 0 updated, 0 unchanged"
    again = run_cli("--db", url, "plans", "load", str(folder))
    assert again.stdout.strip() == f"1 plan from {folder}: 0 added, 0 updated, 1 unchanged"

    text = run_cli("--db", url, "plans", "compare", "--width", "1000").stdout.splitlines()
    assert [c.strip() for c in text[0].split(" │ ")] == [
        "Theme",
        "Vientiane (2010)",
        "Dubrovnik (2015)",
        "Lausanne (2020)",
        "Draft (2026)",
    ]
    victims = next(line for line in text if line.startswith("Victim assistance"))
    assert victims.split(" │ ")[-1].strip() == "Victim assistance (5)"
    intro = next(line for line in text if line.startswith("Introduction"))
    assert intro.split(" │ ")[-1].strip() == "Introduction"
    assert (
        next(line for line in text if line.startswith("Indicators")).split(" │ ")[-1].strip() == "—"
    )

    assert (
        run_cli("--db", url, "plans", "compare", "--format", "xlsx", "-o", "four.xlsx").exit_code
        == 0
    )
    book = load_workbook(tmp_path / "exports" / "four.xlsx")
    assert book.sheetnames[-1] == "Draft (2026)"
    sheet = book["Comparison"]
    assert [c.value for c in sheet[header_row(sheet, "Theme")]] == [
        "Theme",
        "Vientiane (2010)",
        "Dubrovnik (2015)",
        "Lausanne (2020)",
        "Draft (2026)",
        "Count: Vientiane (2010)",
        "Count: Dubrovnik (2015)",
        "Count: Lausanne (2020)",
        "Count: Draft (2026)",
    ]


def test_loading_a_plan_that_overlaps_a_stored_one_names_both(run_cli, tmp_path):
    from tracker.db import make_engine, transaction
    from tracker.services.plans import plans_from_store

    url = upgraded(run_cli, tmp_path)
    folder = tmp_path / "drafts"
    folder.mkdir()
    path = folder / "draft.yaml"
    path.write_text(DRAFT.replace("first: 2027", "first: 2026"), encoding="utf-8")
    result = run_cli("--db", url, "plans", "load", str(folder))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}: period: Draft Action Plan 2027-2031 2026–2031 overlaps Lausanne Action Plan "
        "2021–2026 (lausanne.yaml): a reporting year belongs to one plan only",
        f"error: 1 error in the plan files of {folder}, nothing loaded: correct them and run again",
    ]
    engine = make_engine(url)
    with transaction(engine) as session:
        assert len(plans_from_store(session)) == 3
    engine.dispose()


def test_load_reports_every_file_problem(run_cli, tmp_path):
    url = upgraded(run_cli, tmp_path)
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "draft.yaml").write_text(
        DRAFT.replace("Victim assistance\n", "Victims\n"), encoding="utf-8"
    )
    result = run_cli("--db", url, "plans", "load", str(folder))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(
        f"{folder / 'draft.yaml'}: sections[2].theme: unknown theme 'Victims'"
    )
    assert run_cli("--db", url, "plans", "load", str(tmp_path / "missing")).exit_code == 1


def test_plans_commands_refuse_a_database_not_at_head(run_cli, tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    result = run_cli("--db", url, "plans", "compare")
    assert result.exit_code == 1
    assert f"run tracker --db {url} db upgrade first" in result.stderr


def test_a_renamed_draft_cannot_overlap_its_earlier_self(engine, tmp_path):
    from tracker.db import transaction
    from tracker.plans.schema import PlanDataError
    from tracker.services.plans import load_plans_dir, plans_from_store, remove_plan

    folder = tmp_path / "plans"
    folder.mkdir()
    path = folder / "draft.yaml"
    path.write_text(DRAFT, encoding="utf-8")
    with transaction(engine) as session:
        load_plans_dir(session, folder)
    path.write_text(
        DRAFT.replace("name: Draft Action Plan", "name: Renamed Plan"), encoding="utf-8"
    )
    with transaction(engine) as session:
        try:
            load_plans_dir(session, folder)
        except PlanDataError as exc:
            fields = [(i.file, i.field) for i in exc.issues]
        else:
            raise AssertionError("the renamed draft overlaps the stored one")
    assert fields == [(str(path), "label"), (str(path), "period")]
    with transaction(engine) as session:
        assert remove_plan(session, "Draft Action Plan 2027-2031")
        assert load_plans_dir(session, folder).added == ["Renamed Plan 2027-2031"]
        assert [p.name for p in plans_from_store(session)][-1] == "Renamed Plan 2027-2031"


def test_plans_remove(run_cli, tmp_path):
    url = upgraded(run_cli, tmp_path)
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "draft.yaml").write_text(DRAFT, encoding="utf-8")
    assert run_cli("--db", url, "plans", "load", str(folder)).exit_code == 0
    result = run_cli("--db", url, "plans", "remove", "draft (2026)")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "removed: Draft Action Plan 2027-2031"
    header = run_cli("--db", url, "plans", "compare", "--width", "1000").stdout.splitlines()[0]
    assert "Draft" not in header
    shipped = run_cli("--db", url, "plans", "remove", "Vientiane")
    assert shipped.stdout.strip() == (
        f"removed: Vientiane Action Plan (shipped: tracker --db {url} db upgrade loads it again)"
    )
    assert run_cli("--db", url, "db", "upgrade").exit_code == 0
    assert "Vientiane (2010)" in run_cli("--db", url, "plans", "compare").stdout
