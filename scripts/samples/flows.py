"""The samples' assistance flows: fixed tables, never random draws (SAMPLE DATA, illustrative).

Two tables (``spec/assistance.md`` §6); every row is ILLUSTRATIVE: no donor, amount or year
here is what anyone reported.

- :data:`REPORT_FLOWS`: Form I's *Assistance provided* and *Assistance received* rows of pinned
  reports for 2021–2025 (layout ``ccm-a7/2``, Form I ``changed``), each dated with its report's
  year. They give the intended statuses as of 2025 since 2021 (:data:`INTENDED`).
- The flow file from other sources (``imports/assistance/``): a flow that decides a State
  (Cuba, ``unspecified``; Iraq, clearance, USD), one to ``Global``, one to a region, and one of
  2019 (outside 2021–2025, so counted only with ``--since 2019``).

The random *Assistance provided* rows of the reports before 2021 (layout ``ccm-a7/1``) are the
model's draws as they always were (``samples/model.py``): their years are before 2021, so they
never decide a status in 2021–2025.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from samples.records import FlowOut, Report

FILE_NAME = "sample-other-sources.csv"
HEADER = (
    "Donor",
    "Recipient",
    "Year",
    "Area",
    "Amount",
    "Currency",
    "Type",
    "Channel",
    "Description",
    "Source",
)
SOURCE = "SAMPLE DATA (illustrative), not a real table"
ROWS: tuple[tuple[str, ...], ...] = (
    (
        "Mine Action Fund (illustrative)",
        "Cuba",
        "2023",
        "",
        "150000",
        "USD",
        "disbursement",
        "",
        "Mine action support (illustrative)",
        SOURCE,
    ),
    (
        "UNMAS",
        "Iraq",
        "2022",
        "clearance",
        "900000",
        "USD",
        "disbursement",
        "",
        "Survey and clearance (illustrative)",
        SOURCE,
    ),
    (
        "ICBL-CMC (illustrative)",
        "Global",
        "2024",
        "victim assistance",
        "75000",
        "USD",
        "commitment",
        "",
        "Victim assistance advocacy (illustrative)",
        SOURCE,
    ),
    (
        "European Union",
        "Africa",
        "2023",
        "risk reduction education",
        "250000",
        "EUR",
        "disbursement",
        "",
        "Regional risk education (illustrative)",
        SOURCE,
    ),
    (
        "European Union",
        "Peru",
        "2019",
        "stockpile destruction",
        "300000",
        "EUR",
        "disbursement",
        "",
        "Stockpile destruction (illustrative)",
        SOURCE,
    ),
)


def other_sources_csv() -> bytes:
    """The flow file as CSV bytes (UTF-8, ``\\n`` line ends)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(ROWS)
    return out.getvalue().encode("utf-8")


# (reporting State, reporting year) -> its Form I flow rows. States: ISO3; organisations: names.
REPORT_FLOWS: dict[tuple[str, int], tuple[FlowOut, ...]] = {
    # Article 3: Bulgaria (Norway, NOK), Peru (Spain, EUR, a Spanish workbook), Slovakia
    # (Netherlands); Cuba is possibly supported by the other-source file.
    ("NOR", 2023): (
        FlowOut("provided", "BGR", "stockpile_destruction", 1_200_000, "NOK", "disbursement"),
    ),
    ("ESP", 2022): (
        FlowOut("provided", "PER", "stockpile_destruction", 350_000, "EUR", "disbursement"),
    ),
    ("NLD", 2023): (
        FlowOut("provided", "SVK", "stockpile_destruction", 400_000, "EUR", "disbursement"),
        # A pledge is listed, never counted: Mauritania stays without reported support.
        FlowOut("provided", "MRT", "clearance", 150_000, "EUR", "pledge"),
    ),
    # Article 4: Afghanistan (Germany, EUR, reported by both), Lao PDR (Norway NOK disbursement;
    # a Japan JPY commitment never disbursed), Lebanon (reported only by Lebanon, French),
    # Bosnia and Herzegovina (Switzerland); Somalia possibly (United Kingdom, GBP, unspecified);
    # Iraq by the other-source file.
    ("DEU", 2023): (FlowOut("provided", "AFG", "clearance", 750_000, "EUR", "disbursement"),),
    ("AFG", 2023): (FlowOut("received", "DEU", "clearance", 750_000, "EUR", "disbursement"),),
    ("NOR", 2024): (FlowOut("provided", "LAO", "clearance", 2_000_000, "NOK", "disbursement"),),
    ("JPN", 2024): (FlowOut("provided", "LAO", "clearance", 150_000_000, "JPY", "commitment"),),
    ("LBN", 2023): (
        FlowOut(
            "received",
            "Fonds de déminage (illustratif)",
            "clearance",
            300_000,
            "EUR",
            "disbursement",
            "Dépollution au sud (illustratif)",
        ),
    ),
    ("CHE", 2023): (
        FlowOut("provided", "BIH", "risk_reduction_education", 250_000, "CHF", "disbursement"),
    ),
    ("GBR", 2024): (FlowOut("provided", "SOM", "unspecified", 500_000, "GBP", "disbursement"),),
    # Article 5: Afghanistan (Australia), Lao PDR (Ireland), Lebanon (Italy), Chad (Belgium);
    # Somalia possibly (the same unspecified flow).
    ("AUS", 2023): (
        FlowOut("provided", "AFG", "victim_assistance", 600_000, "AUD", "disbursement"),
    ),
    ("IRL", 2024): (
        FlowOut("provided", "LAO", "victim_assistance", 400_000, "EUR", "disbursement"),
    ),
    ("ITA", 2023): (FlowOut("provided", "LBN", "victim_assistance", 350_000, "EUR", "commitment"),),
    ("BEL", 2024): (
        FlowOut("provided", "TCD", "victim_assistance", 200_000, "EUR", "disbursement"),
    ),
}

# The statuses these rows and the other-source file give, as of 2025 since 2021.
INTENDED: dict[int, dict[str, tuple[str, ...]]] = {
    3: {
        "supported": ("BGR", "PER", "SVK"),
        "possibly_supported": ("CUB",),
        "no_reported_support": ("BIH", "GNB", "IRQ", "ZAF"),
    },
    4: {
        "supported": ("AFG", "BIH", "IRQ", "LAO", "LBN"),
        "possibly_supported": ("SOM",),
        "no_reported_support": ("MRT", "TCD"),
    },
    5: {
        "supported": ("AFG", "LAO", "LBN", "TCD"),
        "possibly_supported": ("SOM",),
        "no_reported_support": ("IRQ", "SSD"),
    },
}


def place_flows(reports: list[Report]) -> None:
    """Put each row of :data:`REPORT_FLOWS` into its report (the current annual workbook).

    Its Form I must be ``changed`` in layout ``ccm-a7/2``: a pinned report that is not stops the
    generator (the table would not be what the samples show).
    """
    for (iso3, year), rows in REPORT_FLOWS.items():
        found = [
            r
            for r in reports
            if (r.iso3, r.year, r.report_type, r.channel) == (iso3, year, "annual", "workbook")
        ]
        if not found:
            raise ValueError(f"REPORT_FLOWS: no annual workbook of {iso3} for {year}")
        report = max(found, key=lambda r: (r.submitted or dt.date.min, r.file_name))
        if report.forms["I"] != "changed" or report.layout != "ccm-a7/2":
            raise ValueError(f"REPORT_FLOWS: Form I of {report.file_name} is not changed")
        report.flows = rows
