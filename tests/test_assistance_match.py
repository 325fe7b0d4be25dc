"""The matching rules one by one (assistance.md §3), on tiny hand-made rows."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal

import pytest

from tests.assistance_rows import F1, F2, F3, F4, F5, F6, FLOWS, IRL, LAO, NUMERATORS, at
from tracker.assistance.listing import (
    area_filter,
    donor_filter,
    recipient_filter,
    render_list_csv,
    render_list_json,
    select_flows,
)
from tracker.assistance.match import Status, match_assistance
from tracker.assistance.output import render_csv, render_json
from tracker.assistance.rates import RatesError, parse_rates, read_rates
from tracker.assistance.restate import collapse_restatements
from tracker.assistance.sentences import match_sentences
from tracker.enums import FlowArea, FlowSide, FlowType, RecipientKind
from tracker.errors import UnknownStateError, UsageError
from tracker.wording import Style

IRL_2024 = dataclasses.replace(
    IRL, file="IRL-2024.xlsx", sha256="e" * 64, reporting_year=2024, submitted=dt.date(2025, 4, 30)
)


def lao_article_4(flows):
    result = match_assistance(flows, {4: {"LAO": None}}, as_of=2025, since=2021)
    return result.articles[1].states[0]


# --- window, counting flows, status ---------------------------------------------------------


def test_a_pledge_never_counts():
    pledge = dataclasses.replace(F1, flow_type=FlowType.PLEDGE)
    lao = lao_article_4([pledge])
    assert (lao.status, lao.deciding) == (Status.NO_REPORTED_SUPPORT, ())


def test_a_zero_amount_is_outside_the_window_and_a_blank_one_inside():
    zero = dataclasses.replace(F1, amount=0)
    assert lao_article_4([zero]).status is Status.NO_REPORTED_SUPPORT
    blank = dataclasses.replace(F1, amount=None, currency=None)
    lao = lao_article_4([blank])
    assert (lao.status, lao.amounts) == (Status.SUPPORTED, ())
    assert match_assistance([zero], {}, as_of=2025, since=2021).flows_in_window["donor_report"] == 0


@pytest.mark.parametrize(
    ("year", "status"),
    [
        (2020, "no_reported_support"),
        (2021, "supported"),
        (2025, "supported"),
        (2026, "no_reported_support"),
    ],
)
def test_the_window_is_since_to_as_of(year, status):
    assert lao_article_4([dataclasses.replace(F1, year=year)]).status.value == status


def test_type_not_stated_counts():
    lao = lao_article_4([dataclasses.replace(F1, flow_type=None)])
    assert lao.status is Status.SUPPORTED
    assert [a.as_json()["type"] for a in lao.amounts] == [None]


def test_a_direct_flow_wins_over_broad_ones_and_only_it_decides():
    broad = dataclasses.replace(F5, area=FlowArea.OTHER)
    lao = lao_article_4([broad, F1])
    assert (lao.status, lao.deciding) == (Status.SUPPORTED, (F1,))


def test_an_unspecified_flow_decides_for_several_articles():
    result = match_assistance([F5], {4: {"LAO": None}, 5: {"LAO": None}}, as_of=2025, since=2021)
    assert [a.states[0].status for a in result.articles[1:]] == [Status.POSSIBLY_SUPPORTED] * 2


def test_flows_to_a_region_support_no_state():
    to_asia = dataclasses.replace(
        F1, recipient_kind=RecipientKind.REGION, recipient_iso3=None, recipient_region="035"
    )
    assert lao_article_4([to_asia]).status is Status.NO_REPORTED_SUPPORT


def test_reports_after_as_of_are_not_read():
    later = dataclasses.replace(F1, provenance=IRL_2024)
    result = match_assistance([later], {4: {"LAO": None}}, as_of=2023, since=2021)
    assert result.articles[1].states[0].status is Status.NO_REPORTED_SUPPORT


# --- donors and amounts ----------------------------------------------------------------------


def test_donors_are_distinct_and_organisations_equal_after_normalisation():
    unmas = [
        dataclasses.replace(F5, area=FlowArea.CLEARANCE, donor_name=name, provenance=at(LAO, c))
        for name, c in (("UNMAS", "A40"), ("  unmas ", "A41"), ("U.N.M.A.S.", "A42"))
    ]
    lao = lao_article_4([F1, F4, *unmas])
    assert [d.name for d in lao.donors] == ["Ireland", "U.N.M.A.S.", "UNMAS"]
    assert lao.donor_count == 3  # U.N.M.A.S. normalises to "u n m a s": another name


def test_amounts_never_add_across_currencies_types_or_sides():
    nok = dataclasses.replace(F1, currency="NOK", amount=1000, provenance=at(IRL, "A30"))
    committed = dataclasses.replace(F1, flow_type=FlowType.COMMITMENT, provenance=at(IRL, "A31"))
    again = dataclasses.replace(F1, amount=250, provenance=at(IRL, "A32"))
    lao = lao_article_4([F1, nok, committed, again, F4])
    assert [
        (a.side.value, a.as_json()["type"], a.currency, str(a.amount), a.flows) for a in lao.amounts
    ] == [
        ("donor_report", "disbursement", "EUR", "500250", 2),
        ("donor_report", "disbursement", "NOK", "1000", 1),
        ("donor_report", "commitment", "EUR", "500000", 1),
        ("recipient_report", "disbursement", "EUR", "500000", 1),
    ]


# --- restatements --------------------------------------------------------------------------


def test_a_restated_row_is_one_flow_cited_at_the_latest_version():
    restated = dataclasses.replace(F1, provenance=at(IRL_2024, "A25"))
    flows = collapse_restatements([F1, restated])
    assert len(flows) == 1
    assert flows[0].provenance.file == "IRL-2024.xlsx"
    assert [p.cited for p in flows[0].also_in] == ["IRL-2023.xlsx!Form I!A20"]
    lao = lao_article_4([F1, restated])
    assert [a.flows for a in lao.amounts] == [1]  # copying last year's rows never doubles money


def test_restatements_match_as_multisets():
    twice = [F1, dataclasses.replace(F1, provenance=at(IRL, "A23"))]
    restated = [
        dataclasses.replace(f, provenance=at(IRL_2024, f"A{20 + i}")) for i, f in enumerate(twice)
    ]
    once_more = dataclasses.replace(F1, provenance=at(IRL_2024, "A29"))
    flows = collapse_restatements([*twice, *restated, once_more])
    assert len(flows) == 3
    assert [len(f.also_in) for f in flows] == [1, 1, 0]


def test_equal_rows_of_different_reporters_or_sides_are_not_restatements():
    assert len(collapse_restatements([F1, F4])) == 2  # donor and recipient report the same money
    other_state = dataclasses.replace(F1, reporter="NOR")
    assert len(collapse_restatements([F1, other_state])) == 2


def test_undated_versions_rank_lowest_and_imported_files_by_sha256():
    undated = dataclasses.replace(
        F1, provenance=dataclasses.replace(IRL, submitted=None, sha256="f" * 64)
    )
    assert collapse_restatements([undated, F1])[0].provenance.sha256 == "a" * 64
    low = dataclasses.replace(F6.provenance, sha256="1" * 64, file="old.csv")
    flows = collapse_restatements([dataclasses.replace(F6, provenance=low), F6])
    assert [f.provenance.file for f in flows] == ["eu.csv"]


# --- sentences -----------------------------------------------------------------------------


def test_no_state_with_needs_is_one_sentence_alone():
    assert match_sentences(
        3, numerator=0, supported=0, possibly=0, unsupported=[], since=2025, as_of=2025
    ) == ["No State party has highlighted assistance needs in stockpile destruction in 2025."]


def test_plural_counts_and_name_lists_in_digits():
    sentences = match_sentences(
        5,
        numerator=4,
        supported=2,
        possibly=0,
        unsupported=["TCD", "AFG"],
        since=2021,
        as_of=2025,
        style=Style.DIGITS,
    )
    assert sentences == [
        "Of the 4 States parties that have highlighted assistance needs to address the needs of "
        "victims, 2 were reported to have received assistance to address the needs of victims "
        "in 2021–2025.",
        "Afghanistan and Chad were not reported to have received assistance to address the "
        "needs of victims in 2021–2025.",
    ]


def test_one_supported_of_three_in_words():
    (first, second) = match_sentences(
        4, numerator=3, supported=1, possibly=1, unsupported=["SOM"], since=2021, as_of=2025
    )
    assert first.startswith("Of the three (3) States parties that have highlighted")
    assert ", one (1) was reported" in first and "and one (1) more for other" in first
    assert second.startswith("Somalia was not reported")


# --- rates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "currency,year,rate_to_usd\nEUR,2023,1.08\nNOK,2023,0.09\nEUR,2024,abc\n",
            "rates.csv: row 4, rate_to_usd: error bad-rate: 'abc' is not a rate above 0: write the "
            "US dollars per unit, such as 1.08",
        ),
        (
            "currency,year,rate_to_usd\nEUR,2023,0\n",
            "rates.csv: row 2, rate_to_usd: error bad-rate: '0' is not a rate above 0: write the US "
            "dollars per unit, such as 1.08",
        ),
        (
            "currency,year,rate_to_usd\nEURO,2023,1.1\n",
            "rates.csv: row 2, currency: error bad-rate: 'EURO' is not an ISO 4217 currency code: "
            "write it as EUR, NOK, …",
        ),
        (
            "currency,year,rate_to_usd\nEUR,23,1.1\n",
            "rates.csv: row 2, year: error bad-rate: '23' is not a year: write it as 2024",
        ),
        (
            "currency,year,rate_to_usd\nEUR,2023,1.1\neur,2023,1.2\n",
            "rates.csv: row 3, currency: error bad-rate: EUR 2023 is given on row 2 already: keep "
            "one row",
        ),
        (
            "currency;rate\nEUR;1.1\n",
            "rates.csv: row 1, header: error bad-rate: the first row must be "
            "currency,year,rate_to_usd (found 'currency;rate')",
        ),
    ],
)
def test_a_bad_rates_row_names_its_row_and_column(text, message):
    with pytest.raises(RatesError) as caught:
        parse_rates(text, "rates.csv")
    assert str(caught.value) == message


def test_rates_file_with_bom_and_semicolons(tmp_path):
    path = tmp_path / "rates.csv"
    path.write_bytes("\ufeffcurrency;year;rate_to_usd\r\nnok;2023;0.094\r\n".encode())
    rates = read_rates(path)
    assert str(rates.rate("NOK", 2023)) == "0.094" and str(rates.rate("usd", 1999)) == "1"
    assert len(rates.sha256) == 64


def test_rates_file_not_utf8(tmp_path):
    path = tmp_path / "rates.csv"
    path.write_bytes("currency,year,rate_to_usd\nEUR,2023,1.08 \xa4\n".encode("latin-1"))
    with pytest.raises(RatesError, match="not UTF-8 text: save it as CSV UTF-8"):
        read_rates(path)


def test_conversion_rounds_each_flow_half_up_to_cents():
    rates = parse_rates("currency,year,rate_to_usd\nEUR,2023,1.005\n", "r.csv")
    cents = [
        dataclasses.replace(F1, amount=amount, provenance=at(IRL, f"A{20 + i}"))
        for i, amount in enumerate((Decimal("0.50"), Decimal("0.50")))
    ]  # 0.5025 → 0.50 each
    lao = match_assistance(cents, {4: {"LAO": None}}, as_of=2025, since=2021, rates=rates)
    assert [c.as_json()["amount"] for c in lao.articles[1].states[0].converted] == ["1.00"]


# --- outputs ---------------------------------------------------------------------------------


def test_match_json_has_every_key_of_the_spec():
    document = json.loads(
        render_json(match_assistance(FLOWS, NUMERATORS, as_of=2025, since=2021), explain=True)
    )
    assert set(document) >= {
        "as_of",
        "since",
        "current_only",
        "rates",
        "flows_in_window",
        "matches",
    }
    article_4 = document["matches"][1]
    assert {
        k: article_4[k]
        for k in (
            "article",
            "areas",
            "numerator",
            "supported",
            "possibly_supported",
            "no_reported_support",
            "supported_states",
            "possibly_supported_states",
            "no_reported_support_states",
        )
    } == {
        "article": 4,
        "areas": ["clearance", "risk_reduction_education"],
        "numerator": 2,
        "supported": 1,
        "possibly_supported": 1,
        "no_reported_support": 0,
        "supported_states": ["LAO"],
        "possibly_supported_states": ["TCD"],
        "no_reported_support_states": [],
    }
    lao = article_4["states"][0]
    assert lao["state"] == "LAO" and lao["converted_usd"] is None
    assert lao["need"]["cell"] == "B3"
    first = lao["flows"][0]
    assert first == {
        "side": "donor_report",
        "donor": "IRL",
        "donor_name": "Ireland",
        "recipient": "LAO",
        "recipient_name": "Lao People's Democratic Republic",
        "recipient_kind": "state",
        "recipient_region": None,
        "area": "clearance",
        "year": 2023,
        "year_assumed": False,
        "amount": "500000.00",
        "currency": "EUR",
        "type": "disbursement",
        "amount_usd": None,
        "channel": None,
        "description": None,
        "source": None,
        "also_in": [],
        "provenance": {
            "file": "IRL-2023.xlsx",
            "sha256": "a" * 64,
            "reporting_year": 2023,
            "report_type": "annual",
            "submitted": "2024-04-30",
            "sheet": "Form I",
            "cell": "A20",
            "row": 20,
        },
    }


def test_csv_guards_text_that_would_run_as_a_formula():
    evil = dataclasses.replace(
        F5, area=FlowArea.CLEARANCE, donor_name='=HYPERLINK("x")', description="+1 call me"
    )
    csv_text = render_csv(match_assistance([evil], {4: {"LAO": None}}, as_of=2025, since=2021))
    assert "'=HYPERLINK" in csv_text
    listing = render_list_csv([evil])
    assert "'=HYPERLINK" in listing and "'+1 call me" in listing
    header = listing.splitlines()[0].split(",")
    assert header[:4] == ["side", "donor", "donor_name", "recipient"] and header[-1] == "row"


def test_list_json_and_filters():
    document = json.loads(render_list_json(select_flows(FLOWS, side=FlowSide.OTHER_SOURCE)))
    assert document["count"] == 1
    flow_json = document["flows"][0]
    assert (flow_json["donor"], flow_json["donor_name"], flow_json["source"]) == (
        None,
        "European Union",
        "EU annual report",
    )
    assert (
        flow_json["provenance"]["sheet"] is None
        and flow_json["provenance"]["reporting_year"] is None
    )
    assert select_flows(FLOWS, donor=donor_filter("Irlande")) == [F2, F3, F1, F4]
    assert select_flows(FLOWS, donor=donor_filter("unmas")) == [F5]
    assert select_flows(FLOWS, year=2019) == [F6]
    assert select_flows(FLOWS, area=area_filter("Other")) == [F2]
    assert (
        select_flows(FLOWS, recipient=recipient_filter("Mondial"))[0].recipient_kind
        is RecipientKind.GLOBAL
    )


def test_list_with_rates_converts_each_listed_amount():
    rates = parse_rates("currency,year,rate_to_usd\nEUR,2023,1.08\n", "rates.csv")
    document = json.loads(render_list_json([F1, F5], rates))
    assert [f["amount_usd"] for f in document["flows"]] == ["540000.00", "120000.00"]
    with pytest.raises(RatesError, match=r"no rate for EUR 2019 in rates\.csv: add it"):
        render_list_json([F6], rates)


def test_unknown_filters_are_refused():
    with pytest.raises(UnknownStateError, match="unknown recipient 'Laoss': did you mean"):
        recipient_filter("Laoss")
    with pytest.raises(UsageError) as caught:
        area_filter("roads")
    assert caught.value.exit_code == 2


def test_amounts_without_a_currency_are_never_converted_but_counted():
    rates = parse_rates("currency,year,rate_to_usd\nEUR,2023,1.08\n", "rates.csv")
    unknown = dataclasses.replace(F1, currency=None, provenance=at(IRL, "A40"))
    lao = match_assistance([F1, unknown], {4: {"LAO": None}}, as_of=2025, since=2021, rates=rates)
    (line,) = lao.articles[1].states[0].converted
    assert line.as_json() == {
        "side": "donor_report",
        "type": "disbursement",
        "amount": "540000.00",
        "flows": 1,
        "not_converted": 1,
    }
