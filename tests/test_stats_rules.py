"""The counting rules of ``spec/statistics.md`` on tiny hand-made rows (pure, no database).

Each test builds a few reports the way the store would hand them over (cover statuses, facts,
needs), resolves carry-forward with :mod:`tracker.carry`, and counts.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from tracker.carry import CarryForward, resolve_all
from tracker.enums import FormStatus, NeedArea, ObligationStatus, ReportType
from tracker.membership import entry_into_force
from tracker.readmodel import (
    ARTICLE_FORMS,
    ArticleFactData,
    FormInfo,
    Member,
    NeedData,
    RawReport,
    ReportRef,
)
from tracker.stats.rules import ExclusionCode, count_needs

_ids = itertools.count(1)
ANNUAL, INITIAL = ReportType.ANNUAL, ReportType.INITIAL
CLEARANCE = NeedArea.CLEARANCE
RRE = NeedArea.RISK_REDUCTION_EDUCATION
STOCKPILE = NeedArea.STOCKPILE_DESTRUCTION
VICTIMS = NeedArea.VICTIM_ASSISTANCE


def report(
    state: str,
    year: int,
    *,
    articles: dict[int, str] | None = None,
    needs: tuple[NeedArea, ...] = (),
    unchanged: dict[str, int] | None = None,
    not_applicable: str = "",
    report_type: ReportType = ANNUAL,
    current: bool = True,
    withdrawn: bool = False,
    submitted: dt.date | None = None,
    channel: str = "workbook",
    sheet: str | None = None,
) -> RawReport:
    """A stored report: ``articles={4: "has"}``, needs by area, cover statuses of other forms."""
    rid = next(_ids)
    ref = ReportRef(
        report_id=rid,
        state_iso3=state,
        reporting_year=year,
        report_type=report_type,
        submitted_on=submitted,
        period_from=dt.date(year, 1, 1),
        period_to=dt.date(year, 12, 31),
        file_name=f"{state}-{year}-{report_type.value}-{rid}.xlsx",
        sha256=f"{rid:064x}",
        channel=channel,
        is_current=current and not withdrawn,
        is_withdrawn=withdrawn,
    )
    forms: dict[str, FormInfo] = {}
    facts: dict[int, ArticleFactData] = {}
    for article, status in (articles or {}).items():
        form = ARTICLE_FORMS[article]
        forms[form] = FormInfo(FormStatus.CHANGED)
        facts[article] = ArticleFactData(
            article, ObligationStatus(status), sheet or f"Form {form}", f"B{rid}"
        )
    need_rows = tuple(
        NeedData(area, sheet or "Form I", f"B{row}") for row, area in enumerate(needs, start=7)
    )
    if needs:
        forms["I"] = FormInfo(FormStatus.CHANGED)
    for form, last in (unchanged or {}).items():
        forms[form] = FormInfo(FormStatus.UNCHANGED, last)
    for form in not_applicable:
        forms[form] = FormInfo(FormStatus.NOT_APPLICABLE, None, "Cover", "B14")
    return RawReport(ref, forms, facts, need_rows)


def party(
    deposited: dt.date | None = dt.date(2009, 12, 1), withdrawal: dt.date | None = None
) -> Member:
    """A membership record (entry into force by the Convention's rule)."""
    eif = entry_into_force(deposited) if deposited else None
    return Member("XXX", None, deposited, eif, withdrawal)


def count(raw, members=None, *, as_of=2025, since=2021, current_only=False, every_version=False):
    """Resolve carry-forward and count (``every_version``: hand the rules history rows too)."""
    if every_version:
        resolver = CarryForward(raw)
        effective = [resolver.resolve(r) for r in raw]
    else:
        effective = resolve_all(raw)
    states = {r.ref.state_iso3 for r in raw}
    members = members if members is not None else {s: party() for s in states}
    return count_needs(effective, members, as_of=as_of, since=since, current_only=current_only)


def states(counts, article):
    a = counts.article(article)
    return a.denominator_states, a.numerator_states


# --- has and had -------------------------------------------------------------------------


def test_has_and_had_both_count_for_articles_3_and_4_but_none_does_not():
    counts = count(
        [
            report("AAA", 2022, articles={3: "has", 4: "had"}),
            report("BBB", 2022, articles={3: "had", 4: "has"}),
            report("CCC", 2022, articles={3: "none", 4: "none"}),
        ]
    )
    assert states(counts, 3) == (["AAA", "BBB"], [])
    assert states(counts, 4) == (["AAA", "BBB"], [])


def test_article_5_counts_only_has():
    counts = count(
        [report("AAA", 2022, articles={5: "has"}), report("BBB", 2022, articles={5: "none"})]
    )
    assert states(counts, 5) == (["AAA"], [])


def test_a_state_counts_once_however_many_reports_say_has():
    raw = [report("AAA", y, articles={3: "has"}, needs=(STOCKPILE,)) for y in (2021, 2022, 2023)]
    a3 = count(raw).article(3)
    assert (a3.denominator, a3.numerator) == (1, 1)
    assert a3.denominator_evidence["AAA"].report.reporting_year == 2023  # the latest qualifying


def test_had_in_any_earlier_counted_report_keeps_the_state_in_the_denominator():
    raw = [report("AAA", 2015, articles={3: "had"}), report("AAA", 2024, articles={3: "none"})]
    assert states(count(raw), 3) == (["AAA"], [])
    assert states(count(raw, current_only=True), 3) == ([], [])


def test_reverted_status_completed_then_contaminated_again():
    raw = [
        report("MRT", 2019, articles={4: "had"}),
        report("MRT", 2022, articles={4: "has"}, needs=(CLEARANCE,)),
    ]
    assert states(count(raw), 4) == (["MRT"], ["MRT"])
    assert states(count(raw, current_only=True), 4) == (["MRT"], ["MRT"])
    evidence = count(raw).article(4).denominator_evidence["MRT"]
    assert evidence.report.reporting_year == 2022


def test_completed_after_having_counts_as_had_but_not_as_current():
    raw = [report("HRV", 2018, articles={4: "has"}), report("HRV", 2021, articles={4: "had"})]
    assert states(count(raw), 4) == (["HRV"], [])
    assert states(count(raw, current_only=True), 4) == ([], [])


# --- numerators ----------------------------------------------------------------------------


def test_numerator_needs_an_obligation_and_a_need_in_the_articles_areas():
    counts = count(
        [
            report("AAA", 2022, articles={4: "has"}, needs=(RRE,)),  # "and/or": RRE alone
            report("BBB", 2022, articles={4: "has"}, needs=(STOCKPILE,)),  # other article's area
            report("CCC", 2022, articles={4: "none"}, needs=(CLEARANCE,)),  # no obligation
            report("DDD", 2022, articles={3: "has", 5: "has"}, needs=(STOCKPILE, VICTIMS)),
        ]
    )
    assert states(counts, 4) == (["AAA", "BBB"], ["AAA"])
    assert states(counts, 3) == (["DDD"], ["DDD"])
    assert states(counts, 5) == (["DDD"], ["DDD"])
    assert counts.article(4).areas == (CLEARANCE, RRE)


def test_needs_outside_the_window_do_not_count():
    raw = [
        report("OLD", 2020, articles={3: "has"}, needs=(STOCKPILE,)),  # before S
        report("NEW", 2024, articles={3: "has"}),
        report("NEW", 2026, articles={3: "has"}, needs=(STOCKPILE,)),  # after A: not counted
        report("IN", 2021, articles={3: "has"}, needs=(STOCKPILE,)),  # S itself is in
    ]
    assert states(count(raw, as_of=2025, since=2021), 3) == (["IN", "NEW", "OLD"], ["IN"])
    assert states(count(raw, as_of=2025, since=2020), 3)[1] == ["IN", "OLD"]


def test_obligation_before_the_window_and_need_inside_it_count_together():
    raw = [
        report("AAA", 2014, articles={3: "has"}),
        report("AAA", 2023, needs=(STOCKPILE,)),  # Form B not provided in 2023
    ]
    assert states(count(raw), 3) == (["AAA"], ["AAA"])


# --- carry-forward -------------------------------------------------------------------------


def test_unchanged_form_counts_as_if_repeated_and_carries_a_need_into_the_window():
    raw = [
        report("TCD", 2019, articles={4: "has"}, needs=(CLEARANCE,)),
        report("TCD", 2022, unchanged={"F": 2019, "I": 2019}),
    ]
    a4 = count(raw, since=2021).article(4)
    assert (a4.denominator_states, a4.numerator_states) == (["TCD"], ["TCD"])
    need = a4.numerator_evidence["TCD"]
    assert need.report.reporting_year == 2022  # counted in the 2022 report ...
    assert need.provenance.carried_from == 2019  # ... from the 2019 cell
    assert need.provenance.file.startswith("TCD-2019")
    # Without the later report the 2019 need is outside the window.
    assert states(count(raw[:1], since=2021), 4) == (["TCD"], [])


def test_a_chain_of_unchanged_forms_reaches_the_data():
    raw = [
        report("LAO", 2017, articles={5: "has"}, needs=(VICTIMS,)),
        report("LAO", 2020, unchanged={"H": 2017, "I": 2017}),
        report("LAO", 2023, unchanged={"H": 2020, "I": 2020}),
    ]
    a5 = count(raw, since=2021).article(5)
    assert (a5.denominator_states, a5.numerator_states) == (["LAO"], ["LAO"])
    assert a5.denominator_evidence["LAO"].provenance.reporting_year == 2017
    assert a5.numerator_evidence["LAO"].report.reporting_year == 2023


def test_unchanged_pointing_at_a_missing_report_counts_as_not_provided():
    raw = [report("TCD", 2022, unchanged={"F": 2018, "I": 2018})]
    assert states(count(raw), 4) == ([], [])


# --- versions ------------------------------------------------------------------------------


def test_superseded_and_withdrawn_versions_never_count():
    raw = [
        report("AAA", 2022, articles={3: "none"}),
        report("AAA", 2022, articles={3: "has"}, needs=(STOCKPILE,), current=False),
        report("BBB", 2022, articles={3: "has"}, needs=(STOCKPILE,), withdrawn=True),
    ]
    counts = count(raw, every_version=True)
    assert states(counts, 3) == ([], [])
    assert counts.excluded == ()  # history is not "left out", it never was in


# --- who is counted ------------------------------------------------------------------------


def test_signatories_and_states_without_membership_are_excluded_with_reasons():
    raw = [
        report("SIG", 2022, articles={3: "has"}),
        report("NOM", 2022, articles={3: "has"}),
        report("NOM", 2023, articles={3: "has"}),
        report("PTY", 2022, articles={3: "has"}),
    ]
    members = {"SIG": party(deposited=None), "PTY": party()}
    counts = count(raw, members)
    assert states(counts, 3) == (["PTY"], [])
    reasons = [(e.ref.state_iso3, e.ref.reporting_year, e.reason) for e in counts.excluded]
    assert reasons == [
        ("NOM", 2022, "no membership record"),
        ("NOM", 2023, "no membership record"),
        ("SIG", 2022, "not a State Party in 2022"),
    ]
    assert counts.missing_membership == 2


def test_a_report_from_before_entry_into_force_is_excluded_but_later_ones_count():
    members = {"NGA": party(deposited=dt.date(2023, 2, 28))}  # in force 1 Aug 2023
    raw = [report("NGA", 2022, articles={5: "has"}), report("NGA", 2023, articles={4: "has"})]
    counts = count(raw, members)
    assert states(counts, 5) == ([], [])
    assert states(counts, 4) == (["NGA"], [])
    assert [(e.ref.reporting_year, e.reason) for e in counts.excluded] == [
        (2022, "not a State Party in 2022")
    ]


def test_in_force_after_31_december_of_the_report_year_is_not_yet_a_party():
    members = {"VUT": party(deposited=dt.date(2025, 9, 10))}  # in force 1 Mar 2026
    counts = count([report("VUT", 2025, articles={3: "has"})], members, as_of=2025)
    assert [e.code for e in counts.excluded] == [ExclusionCode.NOT_A_PARTY]


def test_a_state_withdrawn_before_the_as_of_year_is_excluded_for_every_report():
    members = {"LTU": party(withdrawal=dt.date(2023, 3, 6))}
    raw = [report("LTU", y, articles={3: "had"}) for y in (2020, 2021)]
    counts = count(raw, members, as_of=2024)
    assert states(counts, 3) == ([], [])
    assert [(e.ref.reporting_year, e.reason) for e in counts.excluded] == [
        (2020, "withdrawn before 2024"),
        (2021, "withdrawn before 2024"),
    ]
    # ... but counted for an as-of year when it was still a party.
    assert states(count(raw, members, as_of=2022, since=2020), 3) == (["LTU"], [])


def test_a_withdrawal_during_the_as_of_year_excludes_and_says_when():
    members = {"LTU": party(withdrawal=dt.date(2025, 3, 6))}
    counts = count([report("LTU", 2024, articles={3: "had"})], members, as_of=2025)
    assert [e.reason for e in counts.excluded] == ["withdrawn in 2025"]
    assert counts.excluded[0].code is ExclusionCode.WITHDRAWN


def test_a_former_party_whose_entry_into_force_is_unknown_is_excluded():
    members = {"ZZZ": party(deposited=None, withdrawal=dt.date(2030, 1, 1))}
    counts = count([report("ZZZ", 2022, articles={3: "has"})], members)
    assert [e.reason for e in counts.excluded] == ["entry into force unknown"]


def test_excluded_json_entry_has_the_spec_keys():
    counts = count([report("AGO", 2022, articles={3: "has"})], {"AGO": party(deposited=None)})
    entry = counts.excluded[0].as_json()
    assert {k: entry[k] for k in ("state", "reporting_year", "reason")} == {
        "state": "AGO",
        "reporting_year": 2022,
        "reason": "not a State Party in 2022",
    }
    assert str(entry["file"]).startswith("AGO-2022")


# --- --current -----------------------------------------------------------------------------


def test_current_with_a_not_applicable_form_takes_the_state_out():
    raw = [report("AAA", 2020, articles={3: "has"}), report("AAA", 2023, not_applicable="B")]
    assert states(count(raw), 3) == (["AAA"], [])
    assert states(count(raw, current_only=True), 3) == ([], [])


def test_current_with_a_form_not_provided_lets_an_earlier_report_decide():
    raw = [report("AAA", 2020, articles={3: "has"}), report("AAA", 2023, articles={5: "has"})]
    counts = count(raw, current_only=True)
    assert states(counts, 3) == (["AAA"], [])
    assert counts.article(3).denominator_evidence["AAA"].report.reporting_year == 2020


def test_initial_and_annual_report_of_one_year_the_annual_decides_current():
    raw = [
        report("AAA", 2024, articles={4: "had"}, report_type=ANNUAL),
        report("AAA", 2024, articles={4: "has"}, report_type=INITIAL, needs=(CLEARANCE,)),
    ]
    assert states(count(raw), 4) == (["AAA"], ["AAA"])  # both reports count
    assert states(count(raw, current_only=True), 4) == ([], [])
    flipped = [
        report("BBB", 2024, articles={4: "has"}, report_type=ANNUAL),
        report("BBB", 2024, articles={4: "had"}, report_type=INITIAL),
    ]
    counts = count(flipped, current_only=True)
    assert states(counts, 4) == (["BBB"], [])
    assert counts.article(4).denominator_evidence["BBB"].report.report_type is ANNUAL


# --- matrix rows, defaults, guards ---------------------------------------------------------


def test_a_matrix_row_counts_exactly_like_a_report_and_keeps_its_sheet_name():
    raw = [
        report(
            "AAA", 2022, articles={4: "has"}, needs=(CLEARANCE,), channel="matrix", sheet="Sheet1"
        ),
        report("BBB", 2022, articles={4: "has"}, needs=(CLEARANCE,)),
    ]
    a4 = count(raw).article(4)
    assert a4.numerator_states == ["AAA", "BBB"]
    assert a4.numerator_evidence["AAA"].provenance.sheet == "Sheet1"


def test_a_window_starting_after_the_as_of_year_is_refused():
    with pytest.raises(ValueError, match="after"):
        count([report("AAA", 2022)], as_of=2022, since=2023)


# --- the worked example of docs/statistics.md ----------------------------------------------


def test_the_worked_example_of_the_docs():
    from pathlib import Path

    from tracker.stats.needs import with_sentences

    members = {
        "TCD": party(dt.date(2013, 3, 26)),
        "HRV": party(dt.date(2009, 8, 17)),
        "MRT": party(dt.date(2012, 2, 1)),
        "AGO": party(deposited=None),
    }
    raw = [
        report("TCD", 2019, articles={4: "has"}, needs=(CLEARANCE,)),
        report("TCD", 2022, unchanged={"F": 2019, "I": 2019}),
        report("HRV", 2020, articles={4: "had"}),
        report("HRV", 2023, not_applicable="F"),
        report("MRT", 2018, articles={4: "had"}),
        report("MRT", 2024, articles={4: "has"}, needs=(RRE,)),
        report("AGO", 2022, articles={4: "has"}, needs=(CLEARANCE,)),
    ]
    counts = count(raw, members, as_of=2025, since=2021)
    current = count(raw, members, as_of=2025, since=2021, current_only=True)
    assert states(counts, 4) == (["HRV", "MRT", "TCD"], ["MRT", "TCD"])
    assert states(current, 4) == (["MRT", "TCD"], ["MRT", "TCD"])
    assert [(e.ref.state_iso3, e.reason) for e in counts.excluded] == [
        ("AGO", "not a State Party in 2022")
    ]
    lines = (Path(__file__).parents[1] / "docs" / "statistics.md").read_text().splitlines()
    docs = " ".join(" ".join(line.removeprefix(">").split()) for line in lines)
    for result in (counts, current):
        assert with_sentences(result).article(4).sentence in docs


# --- the one-comparison membership check equals the rule -----------------------------------


def test_first_counted_year_agrees_with_the_rule_for_any_dates():
    from hypothesis import given
    from hypothesis import strategies as st

    from tracker.stats.rules import exclusion_of, first_counted_year

    days = st.dates(dt.date(2008, 1, 1), dt.date(2030, 12, 31))

    @given(st.none() | days, st.none() | days, st.integers(2009, 2030), st.integers(2009, 2030))
    def check(deposited, withdrawal, year, as_of):
        if year > as_of or (deposited and withdrawal and withdrawal <= deposited):
            return
        member = party(deposited, withdrawal)
        ref = report("AAA", year).ref
        first = first_counted_year(member, as_of)
        fast = first is not None and year >= first
        assert fast == (exclusion_of(ref, member, as_of) is None)

    check()
