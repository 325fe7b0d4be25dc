"""Catalogues (spec/indicators.md §1, §6): the shipped ones, and every problem with FILE:LINE."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.errors import UsageError
from tracker.indicators.catalogue import load_catalogues, plan_key, select
from tracker.indicators.located import parse_located
from tracker.indicators.model import CatalogueError, ReportList, Unit
from tracker.indicators.vocabulary import parse_expression

# The block of ``shared/spec/indicators.md`` §6, copied word for word: the tests must run where
# the specs are not beside the project (a clean clone in CI).
SPEC_BLOCK = """\
- id: core.needs.art4
  actions: []
  theme: International cooperation and assistance
  label: Article 4
  title: States parties with obligations under Article 4 that declared assistance needs
  population: {obligation: {article: 4}}
  condition: {declared_need: {areas: [clearance, risk_reduction_education]}}
  unit: count
  report_list: numerator
  sentence: {en: {text: "Of {denominator} {denominator|State party that has|States parties that have} reported to have or had obligations under Article 4, {numerator} {numerator|has|have} highlighted assistance needs in clearance and/or risk reduction.", zero_denominator: "No State party has reported to have or had obligations under Article 4."}}
"""

CORE_IDS = [
    "core.needs.art3",
    "core.needs.art4",
    "core.needs.art5",
    "core.needs.art3.current",
    "core.needs.art4.current",
    "core.needs.art5.current",
    "core.obligations.art3",
    "core.obligations.art4",
    "core.obligations.art5",
    "core.completed.art3",
    "core.completed.art4",
    "core.deadline.approaching.art3",
    "core.deadline.approaching.art4",
    "core.deadline.passed.art3",
    "core.deadline.passed.art4",
    "core.reporting.on_time",
    "core.reporting.received",
    "core.reporting.initial_overdue",
]
LAUSANNE_IDS = [
    "lausanne.43a",
    "lausanne.43b",
    "lausanne.44",
    "lausanne.45",
    "lausanne.46",
    "lausanne.13",
    "lausanne.clearance.baseline",
    "lausanne.clearance.strategy",
    "lausanne.clearance.extension_plans",
]


@pytest.fixture(scope="module")
def shipped():
    return load_catalogues()


def test_the_shipped_catalogues_pass_the_check(shipped):
    assert shipped.issues == ()
    assert [(f.file, f.indicators) for f in shipped.files] == [
        ("core.yaml", 18),
        ("lausanne.yaml", 9),
    ]
    assert [i.id for i in shipped.indicators] == CORE_IDS + LAUSANNE_IDS


def test_every_shipped_percentage_has_a_zero_denominator_text(shipped):
    percentages = [i for i in shipped.indicators if i.unit is Unit.PERCENTAGE]
    assert {i.id for i in percentages} == {
        "core.reporting.on_time",
        "core.reporting.received",
        "lausanne.43a",
        "lausanne.43b",
        "lausanne.44",
    }
    for indicator in percentages:
        for template in indicator.sentences.values():
            assert template.zero_denominator is not None, indicator.id


def test_core_needs_art4_is_the_spec_block(shipped):
    node, _ = parse_located(SPEC_BLOCK)
    entry = node.value[0]
    indicator = shipped.get("core.needs.art4")
    assert entry.plain()["label"] == indicator.label
    assert entry.plain()["title"] == indicator.title
    assert entry.plain()["theme"] == indicator.theme
    assert parse_expression(entry.value["population"], "p")[0] == indicator.population
    assert parse_expression(entry.value["condition"], "c")[0] == indicator.condition
    assert indicator.report_list is ReportList.NUMERATOR and indicator.unit is Unit.COUNT
    spec_sentence = entry.plain()["sentence"]["en"]
    assert spec_sentence["text"] == indicator.sentences["en"].text.source
    assert spec_sentence["zero_denominator"] == indicator.sentences["en"].zero_denominator.source


def test_lausanne_is_isu_wording_with_the_spec_s_non_computable_entries(shipped):
    lausanne = [i for i in shipped.indicators if i.catalogue == "lausanne"]
    assert all(i.verbatim is False and i.plan == "Lausanne Action Plan" for i in lausanne)
    assert [i.id for i in lausanne if not i.computable] == [
        "lausanne.45",
        "lausanne.46",
        "lausanne.13",
        "lausanne.clearance.baseline",
        "lausanne.clearance.strategy",
        "lausanne.clearance.extension_plans",
    ]
    assert shipped.get("lausanne.13").theme == "Stockpile destruction"
    assert shipped.get("lausanne.43a").actions == ("43",)
    assert shipped.get("lausanne.44").note.startswith("Retention and transfer")
    assert shipped.get("lausanne.43b").shown_title() == "Annual reports by 30 April (ISU wording)"
    assert all(i.verbatim is None for i in shipped.indicators if i.catalogue == "core")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


BAD = """\
key: draft
plan: Lausanne Action Plan
colour: red
indicators:
  - id: draft.one
    actions: [43]
    theme: Transparancy
    label: A label that is far too long to fit in any table or chart
    title: One
    population: {obligations: {article: 4}}
    condition: {obligation: {articel: 4}}
    unit: percent
    sentence: {en: "{numerater} of {denominator} ({percent})"}
  - id: other.two
    actions: []
    theme: Transparency
    title: Two
    computable: false
    unit: count
  - id: draft.three
    actions: []
    theme: Transparency
    label: Three
    title: Three
    population: state_party
    condition: {completed: {article: 3}}
    unit: count
    sentence: {en: "{numerator} done: {names}."}
  - id: draft.four
    actions: []
    theme: Transparency
    label: Four
    title: Four
    computable: false
    replaces: draft.five
  - id: draft.five
    actions: []
    theme: Transparency
    label: Five
    title: Five
    computable: false
    replaces: draft.four
"""


def test_every_problem_of_a_bad_catalogue_is_listed_with_its_line(tmp_path):
    path = write(tmp_path, "draft.yaml", BAD)
    loaded = load_catalogues([path])
    lines = [i.as_text() for i in loaded.issues]
    f = str(path)
    assert lines == [
        f"{f}:3: unknown key 'colour' (keys: key, plan, indicators)",
        f"{f}:7: unknown theme 'Transparancy' of the Lausanne Action Plan (did you mean Transparency?)",
        f"{f}:8: label is 57 characters long, at most 40",
        f"{f}:10: unknown predicate 'obligations' (did you mean obligation?)",
        f"{f}:11: predicate 'obligation' has no parameter 'articel' (parameters: article, status)",
        f"{f}:12: unit must be count or percentage, not 'percent' (did you mean percentage?)",
        f"{f}:13: unknown placeholder {{numerater}} in sentence.en; use one of {{numerator}}, {{denominator}}, {{percent}}, {{names}}, {{denominator_names}}, {{year}}, {{due}}, {{as_of}}, {{since}}, {{on}}",
        f"{f}:14: id 'other.two' does not start with this catalogue's key: write draft.two",
        f"{f}:14: missing key 'label' of other.two (every indicator needs it)",
        f"{f}:19: unit is not allowed with computable: false (nothing is computed)",
        f"{f}:28: {{names}} in sentence.en is empty when the numerator is 0: add a zero_numerator text without it",
        f"{f}:29: replaces cycle: draft.four → draft.five → draft.four (an indicator continues an earlier plan's, never a later one's)",
    ]
    assert loaded.has_errors
    with pytest.raises(CatalogueError, match=r"^12 errors in 1 catalogue file, nothing was run"):
        loaded.require_valid()


def test_duplicate_ids_name_the_other_file_and_line(tmp_path):
    text = "key: core\nplan: null\nindicators:\n  - id: core.needs.art4\n    actions: []\n    theme: Transparency\n    label: x\n    title: x\n    computable: false\n"
    path = write(tmp_path, "mine.yaml", text)
    loaded = load_catalogues([path])
    line = next(i.line for i in loaded.catalogue("core").indicators if i.id == "core.needs.art4")
    assert [i.as_text() for i in loaded.issues] == [
        f"{path}:1: catalogue key 'core' is also the key of core.yaml: give each catalogue its own key",
        f"{path}:4: duplicate id 'core.needs.art4' (also core.yaml:{line}): an id names one indicator and is never reused",
    ]


def test_a_file_given_twice_or_the_shipped_file_itself_is_read_once(tmp_path):
    from tracker.indicators.catalogue import SHIPPED_DIR

    loaded = load_catalogues([SHIPPED_DIR / "core.yaml", SHIPPED_DIR / "core.yaml"])
    assert loaded.issues == () and len(loaded.catalogues) == 2


def test_warnings_change_nothing(tmp_path):
    text = """\
key: extra
plan: null
indicators:
  - id: extra.adapted
    actions: []
    theme: Transparency
    label: Adapted form
    title: Reports read with the adapted form
    population: expected_annual_report
    condition: {layout: {ids: [ccm-a7/9]}}
    unit: count
    replaces: dubrovnik.six
    sentence: {en: "{numerator} of {denominator}."}
"""
    path = write(tmp_path, "extra.yaml", text)
    loaded = load_catalogues([path])
    assert [i.as_text() for i in loaded.issues] == [
        f"{path}:4: warning: extra.adapted replaces 'dubrovnik.six', which names no loaded indicator (load its catalogue with --catalogue FILE)",
        f"{path}:10: warning: unknown layout id 'ccm-a7/9' in condition (layouts: ccm-a7/1, ccm-a7/2, ccm-matrix/1): no report is read with it yet",
    ]
    assert not loaded.has_errors
    assert loaded.require_valid().get("extra.adapted").replaces == "dubrovnik.six"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "key: x\nplan: null\nindicators: [\n",
            ["{f}:4: YAML syntax error: did not find expected node content"],
        ),
        ("", ["{f}:1: the file is empty: a catalogue needs key:, plan: and indicators:"]),
        (
            "- a\n- b\n",
            [
                "{f}:1: a catalogue is a mapping with key:, plan: and indicators: (see docs/indicators.md)"
            ],
        ),
        (
            "key: X1\nplan: Lausane Action Plan\nindicators: []\n",
            [
                "{f}:1: key 'X1' must be lower-case letters only, such as lausanne",
                "{f}:2: unknown plan 'Lausane Action Plan' (did you mean Lausanne Action Plan?)",
                "{f}:3: indicators must be a non-empty list of indicators (- id: …)",
            ],
        ),
        (
            "key: x\nkey: y\nplan: null\nindicators:\n  - id: x.a\n    actions: [5]\n    theme: Transparency\n    label: 12\n    title: t\n    computable: maybe\n",
            [
                "{f}:2: key 'key' is written twice (also on line 1)",
                "{f}:6: actions need a plan: an indicator of a catalogue without a plan takes actions: []",
                "{f}:8: label must be text, not 12 (put it in quotes)",
                "{f}:10: computable must be true or false, not 'maybe'",
            ],
        ),
    ],
)
def test_file_level_problems(tmp_path, text, expected):
    path = write(tmp_path, "x.yaml", text)
    loaded = load_catalogues([path])
    assert [i.as_text() for i in loaded.issues] == [e.format(f=path) for e in expected]


def test_a_file_that_is_not_utf8_or_missing(tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes("key: x\n# caf\xe9\n".encode("latin-1"))
    missing = tmp_path / "missing.yaml"
    loaded = load_catalogues([path, missing])
    assert [i.as_text() for i in loaded.issues] == [
        f"{path}:2: is not UTF-8 text: save the catalogue as UTF-8",
        f"{missing}: cannot be read: No such file or directory",
    ]


DUBROVNIK = """\
key: dubrovnik
plan: Dubrovnik Action Plan
indicators:
  - id: dubrovnik.five
    actions: ['5.2', '5.9']
    theme: International cooperation and assistance
    label: Needs communicated
    title: Communicate challenges and seek assistance
    computable: false
"""


def test_actions_are_checked_for_plans_whose_data_lists_them(tmp_path):
    path = write(tmp_path, "dubrovnik.yaml", DUBROVNIK)
    loaded = load_catalogues([path])
    assert [i.as_text() for i in loaded.issues] == [
        f"{path}:5: unknown action '5.9' of the Dubrovnik Action Plan (its actions: 5.1, 5.2, 5.3, 5.4, 5.5, 5.6, 5.7)"
    ]
    fixed = write(
        tmp_path, "dubrovnik.yaml", DUBROVNIK.replace("'5.9'", "5.10").replace("5.10", "'5.1'")
    )
    assert load_catalogues([fixed]).require_valid().get("dubrovnik.five").actions == ("5.2", "5.1")


NEXT_PLAN = """\
name: Siem Reap-Angkor Action Plan
label: Draft (2026)
city: Siem Reap
adopted: Third Review Conference (draft)
period: {first: 2027, last: 2031}
sections:
  - theme: Transparency
    cell_text: Transparency (3)
    count: 3
    actions:
      - {code: '12', title: Report every year}
"""


def test_plans_dir_adds_a_draft_plan_for_a_new_catalogue(tmp_path):
    plans = tmp_path / "plans"
    plans.mkdir()
    write(plans, "next.yaml", NEXT_PLAN)
    catalogue = write(
        tmp_path,
        "next.yaml",
        "key: next\nplan: Siem Reap-Angkor Action Plan\nindicators:\n  - id: next.twelve\n    actions: [12]\n"
        "    theme: Transparency\n    label: Annual reports\n    title: Report every year\n"
        "    population: expected_annual_report\n    condition: annual_report_on_time\n    unit: percentage\n"
        "    sentence: {en: {text: '{numerator} of {denominator} ({percent}).', zero_denominator: 'None due.'}}\n",
    )
    without = load_catalogues([catalogue])
    assert [i.message for i in without.issues] == [
        "unknown plan 'Siem Reap-Angkor Action Plan' (plans: Vientiane Action Plan, Dubrovnik Action Plan, Lausanne Action Plan)"
    ]
    loaded = load_catalogues([catalogue], plans_dir=plans).require_valid()
    assert loaded.get("next.twelve").plan == "Siem Reap-Angkor Action Plan"
    bad_plans = tmp_path / "bad"
    bad_plans.mkdir()
    write(bad_plans, "x.yaml", "name: x\n")
    with pytest.raises(CatalogueError) as raised:
        load_catalogues([catalogue], plans_dir=bad_plans)
    assert raised.value.issues[0].as_text().startswith(f"{bad_plans / 'x.yaml'}: label: missing")


def test_selection_by_ids_and_plan_with_did_you_mean(shipped):
    assert [i.id for i in select(shipped, ["lausanne.44", "core.needs.art3"])] == [
        "lausanne.44",
        "core.needs.art3",
    ]
    assert [i.id for i in select(shipped, plan="Lausanne")] == LAUSANNE_IDS
    assert [i.id for i in select(shipped, plan="LAUSANNE ACTION PLAN")] == LAUSANNE_IDS
    assert [i.id for i in select(shipped, plan="core")] == CORE_IDS
    assert len(select(shipped)) == 27
    with pytest.raises(
        UsageError,
        match=r"^unknown indicator 'core.needs.art6' \(did you mean core.needs.art5, core.needs.art4, core.needs.art3\?\)$",
    ):
        select(shipped, ["core.needs.art6"])
    with pytest.raises(
        UsageError, match=r"^unknown indicator 'zzz' \(tracker indicators list shows them\)$"
    ):
        select(shipped, ["zzz"])
    with pytest.raises(UsageError, match=r"^unknown plan 'lausane' \(did you mean lausanne\?\)$"):
        plan_key(shipped, "lausane")
    with pytest.raises(UsageError, match="not both"):
        select(shipped, ["core.needs.art3"], plan="core")
