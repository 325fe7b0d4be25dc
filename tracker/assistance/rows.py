"""The plain rows matching works on: a flow with its provenance, and a need's evidence.

No SQLAlchemy: the read model fills these from the store, tests build them by hand. Names for
people (a State's English name, an organisation as written, ``Global``, a region's name) are
derived here once, so every output writes a party the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from tracker.enums import FlowArea, FlowSide, FlowType, RecipientKind
from tracker.text import normalize

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Provenance:
    """Where a flow was read: a report's cell, or a flow file's row.

    ``reporting_year``, ``report_type`` and ``submitted`` are those of the Article 7 report (None
    for a flow file); ``sheet`` is None for a CSV file.
    """

    file: str
    sha256: str
    cell: str
    row: int
    sheet: str | None = None
    reporting_year: int | None = None
    report_type: str | None = None
    submitted: dt.date | None = None

    @property
    def cited(self) -> str:
        """``LAO-2023.xlsx!Form I!A31``; a CSV row as ``eu.csv!row 2``."""
        if self.sheet is None:
            return f"{self.file}!row {self.row}"
        return f"{self.file}!{self.sheet}!{self.cell}"

    def as_json(self) -> dict[str, object]:
        """The ``provenance`` object of a FLOW (``assistance.md`` §4)."""
        return {
            "file": self.file,
            "sha256": self.sha256,
            "reporting_year": self.reporting_year,
            "report_type": self.report_type,
            "submitted": None if self.submitted is None else self.submitted.isoformat(),
            "sheet": self.sheet,
            "cell": self.cell,
            "row": self.row,
        }

    def latest_key(self) -> tuple[int, bool, dt.date, str]:
        """Order of versions: the highest is the latest.

        Reporting year, then submission date (undated lowest), then SHA-256; flow files have no
        year or date, so the SHA-256 decides.
        """
        return (
            self.reporting_year or 0,
            self.submitted is not None,
            self.submitted or dt.date.min,
            self.sha256,
        )


@dataclass(frozen=True)
class Party:
    """A donor: a State by ISO3, else an organisation by its name as written."""

    iso3: str | None
    name: str

    @property
    def key(self) -> tuple[str, str]:
        """Equal for one donor: a State's ISO3, an organisation's normalised name."""
        return ("state", self.iso3) if self.iso3 else ("organisation", normalize(self.name))

    def sort_key(self) -> tuple[bool, str, str]:
        """States by ISO3 first, then organisations by name."""
        return (self.iso3 is None, self.iso3 or "", normalize(self.name))

    def as_json(self) -> dict[str, object]:
        """``{"state": "IRL", "name": "Ireland"}`` (``state`` null for an organisation)."""
        return {"state": self.iso3, "name": self.name}


def state_name(iso3: str) -> str:
    """A State's English name from the reference list (the code when it is unknown)."""
    from tracker.reference import states_by_iso3

    state = states_by_iso3().get(iso3)
    return state.name_en if state is not None else iso3


@dataclass(frozen=True)
class FlowRecord:
    """One flow: its side, parties, area, year, money, and the cell or row it was read from.

    ``reporter`` is who reported it: the reporting State's ISO3 for an Article 7 row; for an
    imported row the empty string (every imported file is one reporter, ``assistance.md`` §3).
    ``also_in`` lists the other versions a restated flow was read in (see ``restate``).
    """

    side: FlowSide
    reporter: str
    donor_iso3: str | None
    donor_name: str | None
    recipient_kind: RecipientKind
    recipient_iso3: str | None
    recipient_region: str | None
    area: FlowArea
    year: int
    amount: Decimal | None
    currency: str | None
    flow_type: FlowType | None
    provenance: Provenance
    year_assumed: bool = False
    channel: str | None = None
    description: str | None = None
    source: str | None = None
    also_in: tuple[Provenance, ...] = field(default=(), compare=False)

    @property
    def donor(self) -> Party:
        """The donor as a party (a State's English name, an organisation as written)."""
        if self.donor_iso3:
            return Party(self.donor_iso3, state_name(self.donor_iso3))
        return Party(None, self.donor_name or "")

    @property
    def donor_key(self) -> tuple[str, str]:
        """``donor.key`` without looking up a State's name (it is asked of every flow)."""
        if self.donor_iso3:
            return ("state", self.donor_iso3)
        return ("organisation", normalize(self.donor_name or ""))

    @property
    def recipient_name(self) -> str:
        """The recipient as people read it: a State's name, ``Global`` or a region's name."""
        if self.recipient_kind is RecipientKind.STATE and self.recipient_iso3:
            return state_name(self.recipient_iso3)
        if self.recipient_kind is RecipientKind.REGION and self.recipient_region:
            from tracker.regions import regions_by_code

            region = regions_by_code().get(self.recipient_region)
            return region.name_en if region is not None else self.recipient_region
        return "Global"

    @property
    def identity(self) -> tuple[object, ...]:
        """What makes two rows of one reporter the same flow (restatements, §3)."""
        return (
            self.donor_key,
            self.recipient_kind,
            self.recipient_iso3,
            self.recipient_region,
            self.area,
            self.year,
            self.amount,
            None if self.currency is None else self.currency.upper(),
            self.flow_type,
        )

    def amount_usd(self, rate: Decimal) -> Decimal | None:
        """The amount at ``rate`` USD per unit, half up to cents (None without an amount)."""
        if self.amount is None:
            return None
        return (self.amount * rate).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class NeedEvidence:
    """Where a numerator State's need was read, as the needs statistics' ``--explain`` says it.

    ``cited``: ``file!sheet!cell`` (with ``(carried from Y)`` for a carried form); ``described``:
    the text line of ``stats needs --explain``; ``json``: ``statistics.md``'s provenance object.
    """

    cited: str
    described: str
    json: Mapping[str, object] = field(default_factory=dict)


def money(amount: Decimal) -> str:
    """``1,250,000`` (cents only when there are any: ``1,250,000.50``)."""
    cents = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    return f"{cents:,.0f}" if cents == cents.to_integral_value() else f"{cents:,.2f}"


def plain(amount: Decimal | None) -> str | None:
    """An amount as JSON and CSV write it: a string with two decimals, no grouping."""
    return None if amount is None else f"{amount.quantize(CENT, rounding=ROUND_HALF_UP):.2f}"
