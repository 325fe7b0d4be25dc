"""The intended model: every sample report version as plain data, built from the profiles.

Files are written from this model (``workbook.py``) and the expected figures are counted from it
(``figures.py``), so that the samples and the numbers they must reproduce cannot drift apart.
All randomness (gaps, dates, languages of dates, "unchanged" forms) comes from SEED.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

from samples.flows import place_flows
from samples.membership import membership_rows
from samples.profiles import (
    ARTICLE3_NOT_REPORTED,
    ARTICLE4_LEFT_OUT,
    ARTICLE5_ILLUSTRATIVE,
    CLR,
    PROFILES,
    RRE,
    SD,
    SIGNATORY_VOLUNTARY,
    VA,
    Profile,
    Timeline,
)
from samples.records import FORMS, MemberRow, Model, NeedRow, Provided, Report

SEED = "ccm-samples-2010-08-01"
FIRST_WORKBOOK_YEAR = 2018  # annual reports of 2011–2017 are rows of the legacy matrix
LAST_YEAR = 2025
LATEST_SUBMISSION = dt.date(2026, 10, 30)

# Forms marked "unchanged (last reported Y)" whatever the dice say: chains that carry a need into
# the 2021–2025 window (Guinea-Bissau's stockpile need of 2019 is its only one in the window; Chad,
# in French, carries clearance and victim-assistance needs) and a three-year chain of Form B.
FORCED_UNCHANGED: dict[tuple[str, int], dict[str, int]] = {
    ("GNB", 2020): {"I": 2019},
    ("GNB", 2021): {"I": 2020},
    ("TCD", 2020): {"I": 2019},
    ("TCD", 2021): {"I": 2020},
    ("JPN", 2020): {"B": 2019},
    ("JPN", 2021): {"B": 2020},
    ("JPN", 2022): {"B": 2021},
}
# Initial reports whose period or date of submission is not the usual one.
INITIAL_OVERRIDES: dict[str, tuple[dt.date, dt.date, dt.date]] = {
    # a decade overdue, one report covering 2012–2023 (Form B left blank)
    "CIV": (dt.date(2012, 9, 1), dt.date(2023, 12, 31), dt.date(2024, 6, 12)),
    # an irregular period ending in the year after entry into force; late
    "SOM": (dt.date(2016, 3, 1), dt.date(2017, 10, 31), dt.date(2018, 1, 15)),
    "SSD": (dt.date(2024, 2, 1), dt.date(2024, 6, 30), dt.date(2024, 9, 12)),
    "NGA": (dt.date(2023, 8, 1), dt.date(2023, 12, 31), dt.date(2024, 3, 5)),
}
UNDATED: tuple[str, int] = ("SVN", 2019)  # the one report with no date of submission
REVISED: tuple[str, int] = ("DEU", 2021)  # two versions; the first wrongly ticks a clearance need
REVISION_DATES = (dt.date(2022, 4, 20), dt.date(2022, 6, 15))
MATRIX_AND_WORKBOOK: tuple[str, int] = ("HRV", 2017)  # both: the workbook shadows the matrix row
MATRIX_FILE = "legacy-matrix-2011-2017.xlsx"


# --- reports ------------------------------------------------------------------------------


def status_at(timeline: Timeline, year: int) -> str:
    """The status a timeline gives for a reporting year ("none" before any entry)."""
    status = "none"
    for start, value in timeline:
        if start <= year:
            status = value
    return status


def _completion_year(timeline: Timeline, year: int) -> int | None:
    starts = [start for start, value in timeline if value == "had" and start <= year]
    return max(starts) if starts else None


def completion_date(iso3: str, timeline: Timeline, year: int) -> dt.date | None:
    """The (illustrative) day an article's work was completed, as reported in ``year``."""
    done = _completion_year(timeline, year)
    if done is None or status_at(timeline, year) != "had":
        return None
    rng = random.Random(f"{SEED}:{iso3}:{done}:done")
    return dt.date(done, rng.randint(1, 4), rng.randint(1, 28))


def relevant_areas(profile: Profile, year: int) -> list[str]:
    """The need areas a State's Form I lists (yes or no) in a year."""
    areas = set(profile.needs)
    if status_at(profile.art3, year) == "has":
        areas.add(SD)
    if status_at(profile.art4, year) == "has":
        areas.update((CLR, RRE))
    if profile.victims:
        areas.add(VA)
    return [a for a in (SD, CLR, RRE, VA) if a in areas]


NEED_TEXT = {
    SD: "Technical and financial support to destroy the remaining cluster munitions",
    CLR: "Survey and clearance of the remaining contaminated areas",
    RRE: "Risk reduction education in affected communities",
    VA: "Rehabilitation, psychosocial support and socio-economic inclusion of victims",
}


def _needs(profile: Profile, year: int, rng: random.Random) -> tuple[NeedRow, ...]:
    rows = []
    for area in relevant_areas(profile, year):
        if year in profile.needs.get(area, ()):
            cost = rng.randrange(50_000, 3_000_000, 5_000)
            text = f"{NEED_TEXT[area]} (illustrative)"
            rows.append(NeedRow(area, True, text, cost, "USD"))
        else:
            rows.append(NeedRow(area, False))
    return tuple(rows)


RECIPIENTS = ("LAO", "LBN", "IRQ", "AFG", "TCD", "SOM", "BIH", "MRT", "global")


def _provided(profile: Profile, year: int, rng: random.Random) -> tuple[Provided, ...]:
    if profile.donor is None:
        return ()
    scale = 150 if profile.donor == "JPY" else 1
    rows = []
    for recipient in rng.sample(RECIPIENTS, rng.randint(1, 3)):
        area = rng.choice((CLR, CLR, RRE, VA, SD))
        amount = rng.randrange(50_000, 2_500_000, 1_000) * scale
        flow = rng.choice(("disbursed", "disbursed", "committed", "pledged"))
        rows.append(Provided(recipient, area, amount, profile.donor, flow, year))
    return tuple(rows)


def _submitted(due: dt.date, late_rate: float, rng: random.Random) -> dt.date:
    if rng.random() < late_rate:
        day = due + dt.timedelta(days=rng.randint(3, 320))
    else:
        day = due - dt.timedelta(days=rng.randint(0, 115))
    return min(day, LATEST_SUBMISSION)


def _ended_before(end: dt.date, submitted: dt.date) -> dt.date:
    """The end of an initial report's period, before its date of submission.

    A report is submitted after its period ends (the workbook spec's date rules): a report
    submitted early covers the months up to the end of the month before its submission. That
    month ends after entry into force (submissions come at least 65 days after it) and in the
    same year, so the reporting year, and every figure, stay as they were.
    """
    if submitted >= end:  # on the period's last day is allowed: such a report stays as it was
        return end
    return submitted.replace(day=1) - dt.timedelta(days=1)


@dataclasses.dataclass
class _Style:
    """Per-State choices of how "nothing to report" is written (fixed by the seed)."""

    b_none: str
    f_none: str
    h_none: str
    i_none: str


def _form_statuses(
    profile: Profile, year: int, style: _Style, rng: random.Random
) -> tuple[dict[str, str], str | None, str | None, bool | None]:
    """Form statuses (all changed or not applicable) and the B/F/H data of a report."""
    forms = dict.fromkeys(FORMS, "not_applicable")
    forms["A"] = "changed"
    art3 = status_at(profile.art3, year)
    art4 = status_at(profile.art4, year)
    if profile.iso3 in ARTICLE3_NOT_REPORTED:
        forms["B"] = "not_provided"
    elif profile.art3:
        forms["B"] = "changed"
        forms["D"] = "changed"
    else:
        forms["B"] = style.b_none
    if art3 == "has":
        forms["C"] = "changed"
    if profile.iso3 in ARTICLE4_LEFT_OUT:
        forms["F"] = "not_applicable"
    elif profile.iso3 == ARTICLE5_ILLUSTRATIVE:
        forms["F"] = "not_provided"  # South Sudan: its sample reports leave Form F blank
    elif profile.art4:
        forms["F"] = "changed"
    else:
        forms["F"] = style.f_none
    if art4 == "has":
        forms["G"] = "changed"
    forms["H"] = "changed" if profile.victims else style.h_none
    has_needs_table = bool(relevant_areas(profile, year))
    forms["I"] = "changed" if has_needs_table or profile.donor else style.i_none
    forms["J"] = "changed" if rng.random() < 0.4 else "not_applicable"
    victims = profile.victims if forms["H"] == "changed" else None
    return (
        forms,
        art3 if forms["B"] == "changed" else None,
        art4 if forms["F"] == "changed" else None,
        victims,
    )


def _same_content(report: Report, previous: Report, letter: str, resolved: Report) -> bool:
    if letter == "B":
        return report.art3 == resolved.art3
    if letter == "F":
        return report.art4 == resolved.art4
    if letter == "H":
        return report.victims == resolved.victims
    if letter == "I":
        yes = {n.area for n in report.needs if n.needed}
        return not report.provided and yes == {n.area for n in resolved.needs if n.needed}
    return True  # text forms: the State's text does not change from year to year


def _mark_unchanged(
    report: Report, previous: Report | None, by_year: dict[int, Report], rng: random.Random
) -> None:
    """Turn some forms equal to last year's into "unchanged (last reported: last year)"."""
    forced = FORCED_UNCHANGED.get((report.iso3, report.year), {})
    for letter in FORMS:
        if letter in forced:
            report.forms[letter] = "unchanged"
            report.last_reported[letter] = forced[letter]
            continue
        draw = rng.random()
        if previous is None or report.forms[letter] != "changed" or draw >= 0.3:
            continue
        if previous.forms[letter] not in ("changed", "unchanged"):
            continue
        resolved = previous
        while resolved.forms[letter] == "unchanged":
            resolved = by_year[resolved.last_reported[letter]]
        if letter == "I" and (previous.provided or resolved.provided):
            continue
        if _same_content(report, previous, letter, resolved):
            report.forms[letter] = "unchanged"
            report.last_reported[letter] = previous.year
    _clear_unchanged_data(report)


def _clear_unchanged_data(report: Report) -> None:
    """An unchanged form carries no data of its own."""
    if report.forms["B"] != "changed":
        report.art3 = None
    if report.forms["F"] != "changed":
        report.art4 = None
    if report.forms["H"] != "changed":
        report.victims = None
    if report.forms["I"] != "changed":
        report.needs = ()
        report.provided = ()


def _pinned_years(profile: Profile) -> set[int]:
    years = set(profile.pinned)
    for area_years in profile.needs.values():
        years.update(area_years)
    for (iso3, year), forms in FORCED_UNCHANGED.items():
        if iso3 == profile.iso3:
            years.add(year)
            years.update(forms.values())
    return years


def _date_style(rng: random.Random) -> str | None:
    draw = rng.random()
    if draw < 0.06:
        return "long"
    if draw < 0.10:
        return "slashes"
    return None


def _state_reports(profile: Profile, member: MemberRow) -> list[Report]:
    rng = random.Random(f"{SEED}:{profile.iso3}")
    style = _Style(
        b_none=rng.choice(("changed", "not_applicable")),
        f_none=rng.choice(("changed", "not_applicable")),
        h_none=rng.choice(("changed", "not_applicable")),
        i_none=rng.choice(("not_applicable", "not_applicable", "not_provided")),
    )
    eif = member.entry_into_force
    assert eif is not None, profile.iso3
    reports: list[Report] = []
    by_year: dict[int, Report] = {}  # annual workbook reports, for "unchanged"

    def make(year: int, kind: str, channel: str, period: tuple[dt.date, dt.date]) -> Report:
        forms, art3, art4, victims = _form_statuses(profile, year, style, rng)
        if channel == "matrix":  # a matrix row has status cells only: "not applicable" = none
            forms = {k: ("changed" if v == "not_applicable" else v) for k, v in forms.items()}
            art3 = status_at(profile.art3, year) if forms["B"] == "changed" else None
            art4 = status_at(profile.art4, year) if forms["F"] == "changed" else None
            victims = profile.victims if forms["H"] == "changed" else None
        report = Report(
            iso3=profile.iso3,
            report_type=kind,
            channel=channel,
            period_from=period[0],
            period_to=period[1],
            submitted=None,
            language=profile.language,
            file_name=MATRIX_FILE if channel == "matrix" else f"{profile.iso3}-{year}-{kind}.xlsx",
            forms=forms,
            art3=art3,
            art4=art4,
            victims=victims,
            needs=_needs(profile, year, rng) if forms["I"] == "changed" else (),
            provided=_provided(profile, year, rng) if channel == "workbook" else (),
            date_style=_date_style(rng) if channel == "workbook" else None,
            eif=eif,
        )
        _clear_unchanged_data(report)
        return report

    skip_annual: set[int] = set()
    if profile.initial and eif.year <= LAST_YEAR:
        start, end = eif, min(eif + dt.timedelta(days=150), dt.date(eif.year, 12, 31))
        due = eif + dt.timedelta(days=180)
        submitted = _submitted(due, profile.late_rate, rng)
        end = _ended_before(end, submitted)
        if profile.iso3 in INITIAL_OVERRIDES:
            start, end, submitted = INITIAL_OVERRIDES[profile.iso3]
        if start.year < end.year:
            skip_annual.add(end.year)  # the initial report stands for that year
        initial = make(end.year, "initial", "workbook", (start, end))
        initial.submitted = submitted
        reports.append(initial)

    pinned = _pinned_years(profile)
    for year in range(2011, LAST_YEAR + 1):
        due = dt.date(year + 1, 4, 30)
        expected = eif <= dt.date(year, 1, 1) and (
            member.withdrawal is None or member.withdrawal > due
        )
        present = rng.random() < profile.reliability
        if not expected or year in skip_annual or not (present or year in pinned):
            continue
        period = (dt.date(year, 1, 1), dt.date(year, 12, 31))
        submitted = _submitted(due, profile.late_rate, rng)
        channels = ["matrix"] if year < FIRST_WORKBOOK_YEAR else ["workbook"]
        if (profile.iso3, year) == MATRIX_AND_WORKBOOK:
            channels.append("workbook")
        for channel in channels:
            report = make(year, "annual", channel, period)
            report.submitted = submitted
            if channel == "workbook":
                _mark_unchanged(report, by_year.get(year - 1), by_year, rng)
                by_year[year] = report
                # the shadowing workbook is dated a day after the matrix row
                report.submitted = submitted + dt.timedelta(days=channels.index(channel))
                if (profile.iso3, year) == UNDATED:
                    report.submitted = None
            reports.append(report)
    return reports


def _revise(reports: list[Report]) -> None:
    """Split REVISED into two versions: the first wrongly ticks "Clearance: yes"."""
    current = next(r for r in reports if (r.iso3, r.year) == REVISED and r.channel == "workbook")
    assert current.forms["I"] == "changed"
    first = dataclasses.replace(
        current,
        submitted=REVISION_DATES[0],
        needs=tuple(
            dataclasses.replace(
                row,
                needed=True,
                description="Ticked in error; withdrawn in the revised report (illustrative)",
            )
            if row.area == CLR
            else row
            for row in current.needs
        ),
    )
    current.submitted = REVISION_DATES[1]
    current.file_name = current.file_name.replace(".xlsx", "-revised.xlsx")
    reports.append(first)


def _signatory_report() -> Report:
    iso3, year = SIGNATORY_VOLUNTARY
    forms = dict.fromkeys(FORMS, "not_applicable")
    forms.update(A="changed", F="changed", G="changed", H="changed", I="changed")
    return Report(
        iso3=iso3,
        report_type="annual",
        channel="workbook",
        period_from=dt.date(year, 1, 1),
        period_to=dt.date(year, 12, 31),
        submitted=dt.date(year + 1, 6, 30),
        language="en",
        file_name=f"{iso3}-{year}-annual-voluntary.xlsx",
        forms=forms,
        art4="has",
        victims=True,
        needs=(
            NeedRow(CLR, True, f"{NEED_TEXT[CLR]} (illustrative)", 1_200_000, "USD"),
            NeedRow(RRE, False),
            NeedRow(VA, True, f"{NEED_TEXT[VA]} (illustrative)", 400_000, "USD"),
        ),
    )


def build_model() -> Model:
    """The whole intended sample (deterministic: every random draw comes from SEED)."""
    members = membership_rows()
    reports: list[Report] = []
    for profile in PROFILES:
        reports.extend(_state_reports(profile, members[profile.iso3]))
    _revise(reports)
    reports.append(_signatory_report())
    place_flows(reports)
    reports.sort(key=lambda r: (r.file_name, r.iso3, r.year, r.submitted or dt.date.min))
    return Model(members=members, reports=reports)
