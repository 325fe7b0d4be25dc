"""The bundled flow file from other sources (``imports/assistance/``), a fixed table (SAMPLE DATA).

Every row is ILLUSTRATIVE: no donor, amount or year here is what anyone reported. The rows show
what a Monitor-style table adds (``spec/assistance.md`` §6): a flow from another source that
decides a State (Cuba, ``unspecified``; Iraq, clearance, USD), one to ``Global``, one to a
region, and one of 2019 (outside 2021–2025, so counted only with ``--since 2019``).
"""

from __future__ import annotations

import csv
import io

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
