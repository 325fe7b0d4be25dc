"""The plain records of the intended model: report versions, their rows, membership rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

FORMS = "ABCDEFGHIJ"
CONVENTION_IN_FORCE = dt.date(2010, 8, 1)


@dataclass(frozen=True)
class NeedRow:
    """A row of Form I's needs table."""

    area: str
    needed: bool
    description: str = ""
    cost: int | None = None
    currency: str | None = None


@dataclass(frozen=True)
class Provided:
    """A row of Form I's assistance-provided table."""

    recipient: str  # ISO3 or "global"
    area: str
    amount: int
    currency: str
    flow: str
    year: int


@dataclass(frozen=True)
class FlowOut:
    """A row of Form I's Assistance provided or received table (layout ``ccm-a7/2``)."""

    side: str  # "provided" (the reporting State is the donor) or "received"
    counterpart: str  # the recipient (provided) or the donor (received): ISO3 or a name
    area: str  # a flow_area code
    amount: int
    currency: str
    flow_type: str  # commitment, disbursement or pledge
    description: str = ""


FLOW_LAYOUT_FROM = 2021  # reports for this year on are written in layout ccm-a7/2


@dataclass
class Report:
    """One version of one report, as intended (the data of its changed forms only)."""

    iso3: str
    report_type: str  # "initial" / "annual"
    channel: str  # "workbook" / "matrix"
    period_from: dt.date
    period_to: dt.date
    submitted: dt.date | None
    language: str
    file_name: str
    forms: dict[str, str]  # letter -> changed / unchanged / not_applicable / not_provided
    last_reported: dict[str, int] = field(default_factory=dict)
    art3: str | None = None  # Form B status when changed
    art4: str | None = None  # Form F status when changed
    victims: bool | None = None  # Form H when changed
    needs: tuple[NeedRow, ...] = ()  # Form I when changed
    provided: tuple[Provided, ...] = ()  # ccm-a7/1 rows (written for reports before 2021)
    flows: tuple[FlowOut, ...] = ()  # ccm-a7/2 rows: the fixed table (samples/flows.py)
    date_style: str | None = None  # None: real Excel dates; "long" / "slashes": text dates
    eif: dt.date | None = None

    @property
    def year(self) -> int:
        """The reporting year: the calendar year of the period's end."""
        return self.period_to.year

    @property
    def layout(self) -> str:
        """``ccm-a7/2`` for workbooks of 2021 on, else ``ccm-a7/1``."""
        return "ccm-a7/2" if self.year >= FLOW_LAYOUT_FROM else "ccm-a7/1"

    @property
    def key(self) -> tuple[str, int, str]:
        """(State, reporting year, report type): versions of one report share it."""
        return (self.iso3, self.year, self.report_type)


@dataclass(frozen=True)
class MemberRow:
    """A row of the sample membership list."""

    iso3: str
    name: str
    signed: dt.date | None
    deposited: dt.date | None
    deposit_type: str
    withdrawal: dt.date | None
    source: str

    @property
    def entry_into_force(self) -> dt.date | None:
        """First day of the sixth month after the deposit's month, not before 1 Aug 2010."""
        if self.deposited is None:
            return None
        months = self.deposited.year * 12 + self.deposited.month - 1 + 6
        return max(CONVENTION_IN_FORCE, dt.date(months // 12, months % 12 + 1, 1))

    def party_on(self, day: dt.date) -> bool:
        """In force for the State on ``day`` and not withdrawn by then."""
        eif = self.entry_into_force
        if eif is None or eif > day:
            return False
        return self.withdrawal is None or self.withdrawal > day


@dataclass
class Model:
    """The whole intended sample: membership rows and every report version."""

    members: dict[str, MemberRow]
    reports: list[Report]
