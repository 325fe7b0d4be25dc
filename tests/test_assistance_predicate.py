"""The ``assisted`` predicate (docs/indicators.md): its vocabulary entry and its evaluation.

Evaluated on the spec's worked example from a store: Lao PDR supported under Article 4, Chad
possibly supported, Peru with no reported support, a State outside the numerator never.
"""

from __future__ import annotations

from tests.test_assistance_store import match, worked_example
from tests.test_indicators_vocabulary import parse
from tracker.assistance.read import assisted_rows
from tracker.indicators.assisted import assisted, index


def test_the_predicate_parses_with_its_parameters_checked():
    expression, problems = parse("{assisted: {article: 4, status: possibly}}")
    assert problems == []
    assert expression.spec.name == "assisted"
    assert (expression.get("article"), expression.get("status")) == (4, "possibly")
    bare, problems = parse("{assisted: {article: 5}}")
    assert problems == [] and bare.get("status") == "supported"
    _, problems = parse("{assisted: {article: 6}}")
    assert problems and "article" in problems[0].message
    _, problems = parse("assisted")  # the article is required
    assert problems


def test_the_evaluation_follows_the_match(engine):
    worked_example(engine)
    rows = index(assisted_rows(match(engine)))
    assert assisted(rows, "LAO", 4) == (
        True,
        ("IRL-2023.xlsx!Form I!A20", "LAO-2023.xlsx!Form I!A30"),
    )
    assert assisted(rows, "TCD", 4) == (False, ())
    assert assisted(rows, "TCD", 4, "possibly") == (True, ("IRL-2023.xlsx!Form I!A21",))
    assert assisted(rows, "PER", 3, "possibly") == (False, ())
    assert assisted(rows, "LAO", 3, "possibly") == (False, ())  # no need under Article 3
    assert assisted(rows, "LAO", 5) == (False, ())
    assert assisted(rows, "LAO", 5, "possibly")[0] is True
