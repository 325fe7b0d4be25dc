"""The closed predicate vocabulary (spec/indicators.md §3): parsing expressions, messages, words."""

from __future__ import annotations

import pytest

from tracker.indicators.located import parse_located
from tracker.indicators.vocabulary import (
    PREDICATES,
    AllOf,
    AnyOf,
    Not,
    Predicate,
    YearRef,
    describe,
    parse_expression,
    parse_year_ref,
    year_refs,
)


def parse(text: str):
    node, problems = parse_located(text)
    assert problems == []
    return parse_expression(node, "population")


def test_the_vocabulary_is_the_spec_table():
    assert list(PREDICATES) == [
        "state_party",
        "expected_annual_report",
        "annual_report_received",
        "annual_report_on_time",
        "initial_report_due",
        "initial_report_received",
        "initial_report_overdue",
        "obligation",
        "completed",
        "declared_need",
        "deadline_passed",
        "deadline_approaching",
        "extension_granted",
        "form_provided",
        "layout",
        "assisted",  # issue 18: needs matched with reported support
    ]
    params = {
        name: [(p.name, p.default) for p in spec.parameters] for name, spec in PREDICATES.items()
    }
    assert params["state_party"] == [("on", "as_of_end")]
    assert params["obligation"] == [("article", None), ("status", "has_or_had")]
    assert params["initial_report_received"] == [("by", "on")]
    assert params["form_provided"] == [
        ("form", None),
        ("year", YearRef()),
        ("status", ("changed", "unchanged")),
    ]
    assert params["layout"] == [("ids", None), ("year", YearRef())]
    assert PREDICATES["obligation"].parameter("article").choices == (3, 4, 5)
    assert PREDICATES["completed"].parameter("article").choices == (3, 4)


def test_a_bare_name_takes_every_default_and_mappings_give_parameters():
    expression, problems = parse("state_party")
    assert problems == [] and expression == Predicate("state_party", (("on", "as_of_end"),))
    expression, _ = parse("{obligation: {article: 4, status: has}}")
    assert expression == Predicate("obligation", (("article", 4), ("status", "has")))
    expression, _ = parse("{form_provided: {form: i, year: as_of-2}}")
    assert expression.get("form") == "I" and expression.get("year") == YearRef(2)
    assert expression.get("status") == ("changed", "unchanged")


def test_all_any_and_not_make_a_typed_tree_and_year_references_are_collected():
    expression, problems = parse(
        "all: [expected_annual_report, {any: [{obligation: {article: 3, status: has}}, "
        "{obligation: {article: 4, status: has}}]}, {not: {annual_report_received: {year: as_of-1}}}]"
    )
    assert problems == []
    assert isinstance(expression, AllOf)
    assert isinstance(expression.children[1], AnyOf)
    assert isinstance(expression.children[2], Not)
    assert year_refs(expression) == {YearRef(0), YearRef(1)}


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "{obligations: {article: 4}}",
            1,
            "unknown predicate 'obligations' (did you mean obligation?)",
        ),
        (
            "{obligation: {articel: 4}}",
            1,
            "predicate 'obligation' has no parameter 'articel' (parameters: article, status)",
        ),
        (
            "obligation",
            1,
            "predicate 'obligation' needs the parameter 'article' (3, 4 or 5), e.g. {obligation: {article: …}}",
        ),
        (
            "{obligation: {article: 6}}",
            1,
            "predicate 'obligation': article must be 3, 4 or 5, not 6",
        ),
        ("{completed: {article: 5}}", 1, "predicate 'completed': article must be 3 or 4, not 5"),
        (
            "{initial_report_due: {year: as_of}}",
            1,
            "predicate 'initial_report_due' has no parameter 'year' (it takes none)",
        ),
        (
            "{declared_need: {areas: [clearence]}}",
            1,
            "predicate 'declared_need': 'clearence' is not allowed in areas (did you mean clearance?); use a list of stockpile_destruction, clearance, risk_reduction_education, victim_assistance, other",
        ),
        (
            "{expected_annual_report: {year: 2024}}",
            1,
            "predicate 'expected_annual_report': year must be as_of or as_of-N (N from 1 to 20), not 2024",
        ),
        (
            "{state_party: {on: today}}",
            1,
            "predicate 'state_party': on must be on or as_of_end, not 'today'",
        ),
        ("all: []", 1, "all: in population takes a non-empty list of expressions"),
        (
            "{state_party: {}, completed: {article: 3}}",
            1,
            "population has 2 keys (state_party, completed) where one predicate or all:/any:/not: is expected: combine them under all: [...] or any: [...]",
        ),
        (
            "\nall:\n  - state_party\n  - {stat_party: {}}\n",
            4,
            "unknown predicate 'stat_party' (did you mean state_party?)",
        ),
        (
            "{zzz: {}}",
            1,
            "unknown predicate 'zzz' (predicates: state_party, expected_annual_report, annual_report_received, annual_report_on_time, initial_report_due, initial_report_received, initial_report_overdue, obligation, completed, declared_need, deadline_passed, deadline_approaching, extension_granted, form_provided, layout, assisted, all, any, not)",
        ),
    ],
)
def test_every_problem_has_its_line_and_a_remedy(text, line, message):
    expression, problems = parse(text)
    assert expression is None
    assert [(p.line, p.message) for p in problems] == [(line, message)]


def test_year_references():
    assert parse_year_ref("as_of") == YearRef(0)
    assert parse_year_ref("as_of-20") == YearRef(20)
    for bad in ("as_of-0", "as_of-21", "as_of+1", 2024, "as-of", None):
        assert parse_year_ref(bad) is None
    assert YearRef(3).year(2024) == 2021 and str(YearRef(3)) == "as_of-3"


def test_expressions_in_words():
    expression, _ = parse("{not: {declared_need: {areas: [clearance, risk_reduction_education]}}}")
    assert describe(expression) == (
        "not (declared a need for assistance in clearance or risk reduction education in a "
        "counted report of the window)"
    )
    expression, _ = parse("{obligation: {article: 4}}")
    assert describe(expression) == (
        "reported, in at least one counted report, to have or had obligations under Article 4"
    )
