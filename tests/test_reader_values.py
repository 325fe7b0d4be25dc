"""Cell values: States, dates, numbers, yes/no, text, labels — read from real workbooks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.workbooks import build_report, edit_cells
from tracker.ingest.reader import read_file
from tracker.values import ValueProblem, parse_number, round_significant


def codes(parsed, severity=None):
    return [i.code for i in parsed.issues if severity is None or i.severity == severity]


def issue(parsed, code):
    found = [i for i in parsed.issues if i.code == code]
    assert found, [i.as_text() for i in parsed.issues]
    return found[0]


def rows(parsed, table):
    return parsed.reports[0].facts.get(table, [])


def test_valid_report_reads_every_value(tmp_path):
    path = tmp_path / "chad.xlsx"
    built = build_report(path)
    parsed = read_file(path)
    assert parsed.ok and parsed.issues == []
    report = parsed.reports[0]
    assert (report.state_iso3, report.report_type.value, report.reporting_year) == (
        "TCD",
        "annual",
        2024,
    )
    assert report.submitted_on == dt.date(2025, 4, 30)
    assert (report.sheet, report.cell) == ("Cover", built.cell("cover", "state"))
    facts = {f["article"]: f for f in rows(parsed, "article_facts")}
    assert facts[3]["status"] == "has" and facts[3]["extension_until"] == dt.date(2025, 8, 1)
    assert (facts[3]["sheet"], facts[3]["cell"]) == ("Form B", built.cell("B", "status"))
    assert facts[4]["status"] == "has"
    assert facts[5]["status"] == "has" and facts[5]["recorded_victims"] == 123
    assert facts[5]["national_plan"] is True
    needs = rows(parsed, "needs")
    assert [(n["area"], n["needed"]) for n in needs] == [
        ("clearance", True),
        ("victim_assistance", True),
        ("stockpile_destruction", False),
    ]
    assert needs[1]["estimated_cost"] == Decimal("150000.5") and needs[1]["currency"] == "EUR"
    assert needs[0]["cell"] == built.row_cell("I", "needs", 0, "needed")
    areas = rows(parsed, "contaminated_areas")
    assert areas[0]["cell"] == built.row_cell("F", "areas", 0, "location")
    # ccm-a7/1's Assistance provided rows are flows reported by the donor (the reporting State).
    provided = rows(parsed, "flows")[0]
    assert (provided["recipient_iso3"], provided["recipient_kind"], provided["flow_type"]) == (
        "LAO",
        "state",
        "disbursement",
    )
    assert (provided["side"], provided["donor_iso3"], provided["year_assumed"]) == (
        "donor_report",
        "TCD",
        False,
    )


def test_unknown_state_suggests_close_names(tmp_path):
    path = tmp_path / "r.xlsx"
    built = build_report(path, cover_overrides={"state": "Chadd"})
    parsed = read_file(path)
    found = issue(parsed, "unknown-state")
    assert (found.severity, found.sheet, found.cell, found.value) == (
        "error",
        "Cover",
        built.cell("cover", "state"),
        "Chadd",
    )
    assert "Chad" in found.message
    assert not parsed.ok


@pytest.mark.parametrize(
    "written", ["Lao PDR", "Laos", "Côte d'Ivoire", "Cote d'Ivoire", "Türkiye", "Tchad", "TCD"]
)
def test_state_names_in_many_forms(tmp_path, written):
    path = tmp_path / "r.xlsx"
    build_report(path, state=written)
    parsed = read_file(path)
    assert parsed.ok, [i.as_text() for i in parsed.issues]


def test_impossible_date_is_bad_date(tmp_path):
    path = tmp_path / "r.xlsx"
    built = build_report(path, cover_overrides={"submitted_on": "31/02/2024"})
    found = issue(read_file(path), "bad-date")
    assert (found.cell, found.value, found.field) == (
        built.cell("cover", "submitted_on"),
        "31/02/2024",
        "submitted_on",
    )
    assert "2025-04-30" in found.message  # says how to write a date


def test_ambiguous_text_date_is_day_first(tmp_path):
    path = tmp_path / "r.xlsx"
    build_report(path, cover_overrides={"submitted_on": "04/05/2025"})
    parsed = read_file(path)
    assert parsed.ok and parsed.reports[0].submitted_on == dt.date(2025, 5, 4)


@pytest.mark.parametrize(
    ("lang", "written", "expected"),
    [
        ("en", "30 April 2025", dt.date(2025, 4, 30)),
        ("fr", "30 avril 2025", dt.date(2025, 4, 30)),
        ("es", "30 de abril de 2025", dt.date(2025, 4, 30)),
        ("en", "2025-04-30", dt.date(2025, 4, 30)),
    ],
)
def test_text_dates_in_words(tmp_path, lang, written, expected):
    path = tmp_path / "r.xlsx"
    build_report(path, lang=lang, cover_overrides={"submitted_on": written})
    assert read_file(path).reports[0].submitted_on == expected


def test_negative_quantity_is_an_error_and_the_row_is_left_out(tmp_path):
    path = tmp_path / "r.xlsx"
    built = build_report(
        path, forms={"B": {"tables": {"stocks": [{"munition_type": "M26", "munitions": -5}]}}}
    )
    parsed = read_file(path)
    found = issue(parsed, "negative-value")
    assert (found.sheet, found.cell, found.value) == (
        "Form B",
        built.row_cell("B", "stocks", 0, "munitions"),
        "-5",
    )
    assert rows(parsed, "stockpiles") == []


def test_negative_area_and_cost(tmp_path):
    path = tmp_path / "r.xlsx"
    build_report(
        path,
        forms={
            "F": {
                "tables": {"areas": [{"location": "X", "area_status": "confirmed", "area_m2": -1}]}
            },
            "I": {
                "tables": {
                    "needs": [
                        {
                            "area": "Clearance",
                            "needed": "yes",
                            "estimated_cost": "-100",
                            "currency": "USD",
                        }
                    ]
                }
            },
        },
    )
    assert codes(read_file(path)).count("negative-value") == 2


@pytest.mark.parametrize("word", ["maybe", "yes please", "2"])
def test_yes_no_with_other_words(tmp_path, word):
    path = tmp_path / "r.xlsx"
    built = build_report(path, forms={"H": {"fields": {"national_plan": word}}})
    found = issue(read_file(path), "bad-yes-no")
    assert (found.sheet, found.cell, found.value) == (
        "Form H",
        built.cell("H", "national_plan"),
        word,
    )


@pytest.mark.parametrize("word", ["oui", "Sí", "si", "TRUE", "1", "x", "X"])
def test_yes_words(tmp_path, word):
    path = tmp_path / "r.xlsx"
    build_report(path, forms={"H": {"fields": {"national_plan": word}}})
    parsed = read_file(path)
    assert parsed.ok
    assert rows(parsed, "article_facts")[2]["national_plan"] is True


def test_comma_in_english_number_is_ambiguous(tmp_path):
    path = tmp_path / "r.xlsx"
    built = build_report(
        path,
        forms={
            "F": {
                "tables": {
                    "areas": [{"location": "X", "area_status": "confirmed", "area_m2": "1,5"}]
                }
            }
        },
    )
    found = issue(read_file(path), "ambiguous-number")
    assert (found.cell, found.value) == (built.row_cell("F", "areas", 0, "area_m2"), "1,5")


def test_english_thousands(tmp_path):
    path = tmp_path / "r.xlsx"
    build_report(
        path,
        forms={
            "F": {
                "tables": {
                    "areas": [
                        {"location": "X", "area_status": "confirmed", "area_m2": "1,234,567.25"}
                    ]
                }
            }
        },
    )
    assert rows(read_file(path), "contaminated_areas")[0]["area_m2"] == Decimal("1234567.25")


@pytest.mark.parametrize(
    ("lang", "written", "expected"),
    [
        ("fr", "1 234,5", "1234.5"),
        ("fr", "1,5", "1.5"),
        ("fr", "1.234.567,25", "1234567.25"),
        ("es", "1.234,5", "1234.5"),
        ("es", "2,75", "2.75"),
    ],
)
def test_french_and_spanish_decimal_comma(tmp_path, lang, written, expected):
    path = tmp_path / "r.xlsx"
    status = {"fr": "confirmée", "es": "confirmada"}[lang]
    build_report(
        path,
        lang=lang,
        forms={
            "F": {
                "tables": {"areas": [{"location": "X", "area_status": status, "area_m2": written}]}
            }
        },
    )
    parsed = read_file(path)
    assert parsed.ok, [i.as_text() for i in parsed.issues]
    assert parsed.reports[0].language == lang
    assert rows(parsed, "contaminated_areas")[0]["area_m2"] == Decimal(expected)


def test_float_noise_is_rounded_to_12_significant_digits(tmp_path):
    path = tmp_path / "r.xlsx"
    build_report(
        path,
        forms={
            "F": {
                "tables": {
                    "areas": [
                        {"location": "X", "area_status": "confirmed", "area_m2": 274.65999999999997}
                    ]
                }
            }
        },
    )
    assert rows(read_file(path), "contaminated_areas")[0]["area_m2"] == Decimal("274.66")


def test_number_parser_units():
    assert round_significant(0.1 + 0.2) == Decimal("0.3")
    assert parse_number("1.234", "fr") == Decimal("1234")
    with pytest.raises(ValueProblem) as err:
        parse_number("2.5", "fr")
    assert err.value.code == "ambiguous-number"
    with pytest.raises(ValueProblem) as err:
        parse_number("12 apples")
    assert err.value.code == "bad-number"


def test_text_starting_with_equals_is_kept_as_text(tmp_path):
    path = tmp_path / "r.xlsx"
    build_report(path, forms={"J": {"fields": {"summary": "=SUM(A1:A3) is how we count"}}})
    parsed = read_file(path)
    texts = {t["form"]: t["text"] for t in rows(parsed, "form_texts")}
    assert texts["J"] == "=SUM(A1:A3) is how we count"


def test_labels_in_any_case_with_accents_and_colons(tmp_path):
    path = tmp_path / "r.xlsx"
    built = build_report(path)
    edit_cells(
        path,
        {
            ("Cover", "A1"): "  STATE : ",
            ("Cover", "A3"): "reporting PERIOD from:",
            ("Form H", "A1"): "Cluster munition victims under jurisdiction or control:",
            ("Form B", "A1"): "ARTICLE 3 STATUS",
        },
    )
    assert built.cell("cover", "state") == "B1"
    parsed = read_file(path)
    assert parsed.ok and parsed.issues == [], [i.as_text() for i in parsed.issues]


def test_french_labels_without_accents(tmp_path):
    path = tmp_path / "r.xlsx"
    build_report(path, lang="fr")
    edit_cells(path, {("Couverture", "A1"): "ETAT", ("Couverture", "A5"): "date de soumission :"})
    parsed = read_file(path)
    assert parsed.ok and parsed.issues == [], [i.as_text() for i in parsed.issues]
    assert parsed.reports[0].submitted_on is not None


def test_whole_numbers_only_for_counts(tmp_path):
    path = tmp_path / "r.xlsx"
    build_report(path, forms={"H": {"fields": {"recorded_victims": 12.5}}})
    assert "not-a-whole-number" in codes(read_file(path))


def test_unknown_vocabulary_value_lists_the_allowed_ones(tmp_path):
    path = tmp_path / "r.xlsx"
    build_report(path, forms={"B": {"fields": {"status": "some left"}}})
    found = issue(read_file(path), "unknown-value")
    assert "'holds stockpiles'" in found.message and found.field == "status"


def test_cost_without_currency(tmp_path):
    path = tmp_path / "r.xlsx"
    built = build_report(
        path,
        forms={
            "I": {
                "tables": {
                    "needs": [{"area": "Clearance", "needed": "yes", "estimated_cost": 1000}]
                }
            }
        },
    )
    parsed = read_file(path)
    found = issue(parsed, "missing-currency")
    assert (found.severity, found.cell) == ("error", built.row_cell("I", "needs", 0, "currency"))
    assert rows(parsed, "needs") == []


def test_recipient_global_and_bad_currency(tmp_path):
    path = tmp_path / "r.xlsx"
    build_report(
        path,
        forms={
            "I": {
                "tables": {
                    "provided": [
                        {"recipient": "global", "amount": 10, "currency": "usd"},
                        {"recipient": "Iraq", "amount": 5, "currency": "dollars"},
                    ]
                }
            }
        },
    )
    parsed = read_file(path)
    assert codes(parsed) == ["bad-currency"]
    (row,) = rows(parsed, "flows")
    assert (row["recipient_iso3"], row["recipient_kind"], row["currency"]) == (
        None,
        "global",
        "USD",
    )


def _grouped(number: Decimal, thousands: str, decimal: str) -> str:
    whole, _, frac = f"{number:f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return thousands.join(groups) + (decimal + frac if frac else "")


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_numbers_written_the_way_each_language_writes_them_read_back(number):
    number = number.normalize() if number != 0 else Decimal(0)
    assert parse_number(_grouped(number, ",", "."), "en") == number
    assert parse_number(_grouped(number, "\u00a0", ","), "fr") == number
    assert parse_number(_grouped(number, ".", ","), "es") == number
    assert parse_number(float(number), "fr") == round_significant(float(number))


def test_figures_beyond_what_the_store_holds(tmp_path):
    path = tmp_path / "r.xlsx"
    build_report(
        path,
        forms={
            "F": {
                "tables": {
                    "areas": [{"location": "X", "area_status": "confirmed", "area_m2": 1e20}]
                }
            },
            "H": {"fields": {"recorded_victims": 2**40}},
        },
    )
    parsed = read_file(path)
    assert sorted(i.field for i in parsed.issues if i.code == "number-too-large") == [
        "area_m2",
        "recorded_victims",
    ]


def test_huge_last_reported_is_a_bad_year_not_a_crash(tmp_path):
    path = tmp_path / "r.xlsx"
    built = build_report(path, forms={"J": {"status": "unchanged"}})
    edit_cells(path, {("Cover", built.form_cell("J").replace("B", "C")): 9.999999999995001e27})
    assert "bad-year" in codes(read_file(path))


def test_implausible_reporting_year(tmp_path):
    path = tmp_path / "r.xlsx"
    build_report(
        path,
        cover_overrides={"period_from": dt.date(1905, 1, 1), "period_to": dt.date(1905, 12, 31)},
    )
    parsed = read_file(path)
    assert codes(parsed) == ["bad-period"] and parsed.reports == []


@pytest.mark.parametrize(
    ("lang", "written", "code"),
    [
        ("fr", "2.5", "ambiguous-number"),
        ("fr", "12 pommes", "bad-number"),
        ("es", "2.5", "ambiguous-number"),
    ],
)
def test_number_advice_in_the_workbooks_own_convention(tmp_path, lang, written, code):
    # Finding 12: a French workbook was told "such as 1234.5", a format it refuses.
    path = tmp_path / "r.xlsx"
    status = {"fr": "confirmée", "es": "confirmada"}[lang]
    build_report(
        path,
        lang=lang,
        forms={
            "F": {
                "tables": {"areas": [{"location": "X", "area_status": status, "area_m2": written}]}
            }
        },
    )
    found = issue(read_file(path), code)
    assert "1234,5" in found.message and "1234.5" not in found.message
    assert parse_number("1234,5", lang) == Decimal("1234.5")  # the advice is readable as given


def test_number_advice_in_english_workbooks_keeps_the_decimal_point():
    with pytest.raises(ValueProblem) as err:
        parse_number("1,5", "en")
    assert "such as 1234.5" in err.value.message
    with pytest.raises(ValueProblem) as err:
        parse_number("12 apples", "en")
    assert err.value.message.endswith("write a plain number such as 1234.5")
