"""Hand-made flows for the matching tests: the spec's worked example (assistance.md §7).

Four States Parties since 2010: Ireland 2023, Lao PDR 2023 (needs: clearance Form I!B3, victim
assistance B4), Chad 2022 (risk reduction education), Peru 2021 (stockpile destruction); six
flows F1–F6, F6 imported from eu.csv.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from tests.factories import flow_fields
from tracker.assistance.rows import FlowRecord, NeedEvidence, Provenance
from tracker.enums import FlowArea, FlowSide, FlowType, RecipientKind

IRL = Provenance(
    "IRL-2023.xlsx", "a" * 64, "A20", 20, "Form I", 2023, "annual", dt.date(2024, 4, 30)
)
LAO = Provenance(
    "LAO-2023.xlsx", "b" * 64, "A30", 30, "Form I", 2023, "annual", dt.date(2024, 4, 30)
)
EU = Provenance("eu.csv", "c" * 64, "A2", 2)


def at(provenance: Provenance, cell: str) -> Provenance:
    """The same file, another cell (its row from the cell name)."""
    return dataclasses.replace(provenance, cell=cell, row=int(cell[1:]))


def flow(
    side: FlowSide,
    reporter: str,
    donor: str,
    recipient: str | None,
    area: FlowArea,
    year: int,
    amount: str | None,
    currency: str | None,
    flow_type: FlowType | None,
    provenance: Provenance,
    *,
    kind: RecipientKind = RecipientKind.STATE,
    region: str | None = None,
    **extra: object,
) -> FlowRecord:
    """A flow; ``donor`` is an ISO3 code when it is three capitals, else an organisation."""
    fields = flow_fields(donor, kind, recipient, region, area, year, amount, currency, flow_type)
    return FlowRecord(
        side=side,
        reporter=reporter,
        provenance=provenance,
        **fields,
        **extra,  # type: ignore[arg-type]
    )


D, R, OTHER = FlowSide.DONOR_REPORT, FlowSide.RECIPIENT_REPORT, FlowSide.OTHER_SOURCE

F1 = flow(
    D,
    "IRL",
    "IRL",
    "LAO",
    FlowArea.CLEARANCE,
    2023,
    "500000",
    "EUR",
    FlowType.DISBURSEMENT,
    at(IRL, "A20"),
)
F2 = flow(
    D,
    "IRL",
    "IRL",
    "TCD",
    FlowArea.OTHER,
    2023,
    "80000",
    "EUR",
    FlowType.COMMITMENT,
    at(IRL, "A21"),
)
F3 = flow(
    D,
    "IRL",
    "IRL",
    None,
    FlowArea.VICTIM_ASSISTANCE,
    2023,
    "200000",
    "EUR",
    FlowType.DISBURSEMENT,
    at(IRL, "A22"),
    kind=RecipientKind.GLOBAL,
)
F4 = flow(
    R,
    "LAO",
    "IRL",
    "LAO",
    FlowArea.CLEARANCE,
    2023,
    "500000",
    "EUR",
    FlowType.DISBURSEMENT,
    at(LAO, "A30"),
)
F5 = flow(
    R,
    "LAO",
    "UNMAS",
    "LAO",
    FlowArea.UNSPECIFIED,
    2022,
    "120000",
    "USD",
    FlowType.COMMITMENT,
    at(LAO, "A31"),
)
F6 = flow(
    OTHER,
    "",
    "European Union",
    "PER",
    FlowArea.STOCKPILE_DESTRUCTION,
    2019,
    "300000",
    "EUR",
    FlowType.DISBURSEMENT,
    EU,
    source="EU annual report",
)

FLOWS = [F1, F2, F3, F4, F5, F6]


def need(cell: str, file: str, year: int) -> NeedEvidence:
    return NeedEvidence(
        cited=f"{file}!Form I!{cell}",
        described=f"Form I!{cell} in {file} ({year} annual report, submitted {year + 1}-04-30)",
        json={
            "file": file,
            "reporting_year": year,
            "report_type": "annual",
            "submitted": f"{year + 1}-04-30",
            "sheet": "Form I",
            "cell": cell,
            "carried_from": None,
        },
    )


NUMERATORS = {
    3: {"PER": need("B3", "PER-2021.xlsx", 2021)},
    4: {"LAO": need("B3", "LAO-2023.xlsx", 2023), "TCD": need("B5", "TCD-2022.xlsx", 2022)},
    5: {"LAO": need("B4", "LAO-2023.xlsx", 2023)},
}
