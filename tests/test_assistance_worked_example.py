"""The spec's worked example (assistance.md §7), sentence for sentence, on hand-made rows.

S = 2021, A = 2025; F1–F6 as tests/assistance_rows.py writes them. Also ``--since 2019``, the
rates case (``EUR,2023,1.08`` → ``= 540,000 USD (converted)`` per side; no EUR row: exit 1) and
``assistance list --recipient Laos`` (F5, F1, F4).
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from tests.assistance_rows import F1, F2, F4, F5, F6, FLOWS, NUMERATORS
from tracker.assistance.listing import recipient_filter, render_list_text, select_flows
from tracker.assistance.match import Status, match_assistance
from tracker.assistance.output import render_json, render_text
from tracker.assistance.rates import RatesError, parse_rates


def run(**options):
    options.setdefault("since", 2021)
    return match_assistance(FLOWS, NUMERATORS, as_of=2025, **options)


def test_article_3_peru_has_no_reported_support():
    article = run().articles[0]
    assert article.sentences == (
        "Of the one (1) State party that has highlighted assistance needs in stockpile "
        "destruction, none was reported to have received assistance for stockpile destruction "
        "in 2021–2025.",
        "Peru was not reported to have received assistance for stockpile destruction in 2021–2025.",
    )
    (peru,) = article.states
    assert (peru.state, peru.status, peru.deciding) == ("PER", Status.NO_REPORTED_SUPPORT, ())


def test_article_4_lao_supported_by_both_sides_chad_possibly():
    article = run().articles[1]
    assert article.sentences == (
        "Of the two (2) States parties that have highlighted assistance needs in clearance "
        "and/or risk reduction, one (1) was reported to have received assistance for clearance "
        "and/or risk reduction in 2021–2025, and one (1) more for other or unspecified areas "
        "only.",
    )
    lao, chad = article.states
    assert (lao.state, lao.status, lao.deciding) == ("LAO", Status.SUPPORTED, (F1, F4))
    assert [d.as_json() for d in lao.donors] == [{"state": "IRL", "name": "Ireland"}]
    assert lao.donor_count == 1
    # 500,000 EUR disbursed on each side, never added.
    assert [a.as_json() for a in lao.amounts] == [
        {
            "side": "donor_report",
            "type": "disbursement",
            "currency": "EUR",
            "amount": "500000.00",
            "flows": 1,
        },
        {
            "side": "recipient_report",
            "type": "disbursement",
            "currency": "EUR",
            "amount": "500000.00",
            "flows": 1,
        },
    ]
    assert (chad.state, chad.status, chad.deciding) == ("TCD", Status.POSSIBLY_SUPPORTED, (F2,))


def test_article_5_global_flow_supports_no_state_so_the_unspecified_one_decides():
    article = run().articles[2]
    assert article.sentences == (
        "Of the one (1) State party that has highlighted assistance needs to address the needs "
        "of victims, none was reported to have received assistance to address the needs of "
        "victims in 2021–2025, and one (1) for other or unspecified areas only.",
    )
    (lao,) = article.states
    assert (lao.status, lao.deciding) == (Status.POSSIBLY_SUPPORTED, (F5,))
    assert [d.as_json() for d in lao.donors] == [{"state": None, "name": "UNMAS"}]


def test_flows_in_window():
    result = run()
    assert result.flows_in_window == {"donor_report": 3, "recipient_report": 2, "other_source": 0}
    text = render_text(result)
    assert "Flows in 2021–2025: 3 reported by donors, 2 by recipients, 0 from other sources" in text
    document = json.loads(render_json(result))
    assert document["flows_in_window"] == result.flows_in_window
    assert (document["as_of"], document["since"], document["current_only"], document["rates"]) == (
        2025,
        2021,
        False,
        None,
    )


def test_since_2019_peru_is_supported_by_the_imported_flow():
    article = run(since=2019).articles[0]
    (peru,) = article.states
    assert (peru.status, peru.deciding) == (Status.SUPPORTED, (F6,))
    assert [d.name for d in peru.donors] == ["European Union"]
    assert article.sentences == (
        "Of the one (1) State party that has highlighted assistance needs in stockpile "
        "destruction, one (1) was reported to have received assistance for stockpile "
        "destruction in 2019–2025.",
    )
    assert run(since=2019).flows_in_window["other_source"] == 1


def test_rates_convert_each_side_of_lao():
    rates = parse_rates("currency,year,rate_to_usd\nEUR,2023,1.08\n", "rates.csv", "d" * 64)
    result = run(rates=rates)
    lao = result.articles[1].states[0]
    assert [c.as_json() for c in lao.converted] == [
        {"side": "donor_report", "type": "disbursement", "amount": "540000.00", "flows": 1},
        {"side": "recipient_report", "type": "disbursement", "amount": "540000.00", "flows": 1},
    ]
    text = render_text(result, explain=True)
    assert text.count("disbursement = 540,000 USD (converted)") == 2
    assert json.loads(render_json(result))["rates"] == {"file": "rates.csv", "sha256": "d" * 64}
    # The originals stay beside the conversion, never replaced.
    assert "donor (Article 7): 500,000 EUR disbursement" in text


def test_rates_without_the_eur_row_stop_the_command():
    rates = parse_rates("currency,year,rate_to_usd\nNOK,2023,0.094\n", "rates.csv")
    with pytest.raises(RatesError) as caught:
        run(rates=rates)
    assert str(caught.value) == "no rate for EUR 2023 in rates.csv: add it"
    assert caught.value.exit_code == 1


def test_list_recipient_laos():
    chosen = select_flows(FLOWS, recipient=recipient_filter("Laos"))
    assert chosen == [F5, F1, F4]
    lines = render_list_text(chosen).splitlines()
    assert [c.strip() for c in lines[0].split(" | ")][0:3] == ["Year", "Donor", "Recipient"]
    assert [line.split(" | ")[-1].strip() for line in lines[2:]] == [
        "LAO-2023.xlsx!Form I!A31",
        "IRL-2023.xlsx!Form I!A20",
        "LAO-2023.xlsx!Form I!A30",
    ]
    assert "120,000 USD" in lines[2] and "UNMAS" in lines[2]


def test_amounts_are_exact_decimals():
    lao = run().articles[1].states[0]
    assert all(isinstance(a.amount, Decimal) for a in lao.amounts)
