"""``--rates FILE``: a CSV ``currency,year,rate_to_usd`` and conversion to USD (§3).

``rate_to_usd`` is the number of US dollars per unit of the currency in that year; USD needs no
row. A bad row (a currency that is no ISO 4217 code, a year that is no year, a rate that is not
a number above 0, a pair given twice) stops the command: ``rates.csv: row 4, rate_to_usd: error
bad-rate: …``. An amount to convert whose (currency, year) the file lacks stops it too: ``no
rate for NOK 2023 in rates.csv: add it``. Converted sums are exact (Decimal), rounded half up to
cents per flow.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from tracker.codes import issue
from tracker.errors import TrackerError

COLUMNS = ("currency", "year", "rate_to_usd")
USD = "USD"
ONE = Decimal(1)


class RatesError(TrackerError):
    """A rates file that cannot be used, or a rate it lacks (exit 1)."""


@dataclass(frozen=True)
class Rates:
    """The rates of one file, by (currency, year)."""

    file: str  # the file's name, as messages and outputs cite it
    sha256: str
    table: dict[tuple[str, int], Decimal] = field(default_factory=dict)

    def rate(self, currency: str, year: int) -> Decimal:
        """USD per unit of ``currency`` in ``year`` (1 for USD); :class:`RatesError` if absent."""
        code = currency.upper()
        if code == USD:
            return ONE
        found = self.table.get((code, year))
        if found is None:
            raise RatesError(f"no rate for {code} {year} in {self.file}: add it")
        return found

    def as_json(self) -> dict[str, object]:
        """``"rates": {"file", "sha256"}`` of the match JSON."""
        return {"file": self.file, "sha256": self.sha256}


@cache
def _currencies() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.currencies)


def _bad(name: str, line: int, column: str, variant: str, **params: Any) -> RatesError:
    """``rates.csv: row 4, rate_to_usd: error bad-rate: …`` (the code's template, filled in)."""
    return RatesError(
        issue(name, "bad-rate", variant, cell=f"row {line}, {column}", **params).as_text()
    )


def _split(line: str, delimiter: str) -> list[str]:
    import csv

    return [cell.strip() for cell in next(csv.reader([line], delimiter=delimiter), [])]


def parse_rates(text: str, name: str, sha256: str = "") -> Rates:
    """The rates in ``text`` (a CSV, comma or semicolon separated); :class:`RatesError` if bad."""
    lines = text.splitlines()
    header_line = lines[0] if lines else ""
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    header = [h.lower().replace(" ", "_") for h in _split(header_line, delimiter)]
    if header[: len(COLUMNS)] != list(COLUMNS):
        raise _bad(name, 1, "header", "header", columns=",".join(COLUMNS), found=header_line)
    table: dict[tuple[str, int], Decimal] = {}
    where: dict[tuple[str, int], int] = {}
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = [*_split(line, delimiter), "", "", ""][:3]
        currency, year_text, rate_text = cells[0].upper(), cells[1], cells[2]
        if currency not in _currencies():
            raise _bad(name, number, "currency", "currency", text=cells[0])
        if not (year_text.isdigit() and 1990 <= int(year_text) <= 2200):
            raise _bad(name, number, "year", "year", text=year_text)
        try:
            rate = Decimal(rate_text)
        except InvalidOperation:
            rate = Decimal(-1)
        if not rate.is_finite() or rate <= 0:
            raise _bad(name, number, "rate_to_usd", "rate", text=rate_text)
        if currency == USD and rate != ONE:
            raise _bad(name, number, "rate_to_usd", "usd")
        key = (currency, int(year_text))
        if key in table:
            raise _bad(
                name,
                number,
                "currency",
                "twice",
                currency=currency,
                year=year_text,
                first=where[key],
            )
        table[key], where[key] = rate, number
    return Rates(name, sha256, table)


def read_rates(path: Path) -> Rates:
    """The rates file at ``path`` (UTF-8, BOM allowed); :class:`RatesError` if unusable."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RatesError(
            f"{path.name}: the rates file cannot be read ({exc.strerror or exc}): check the path"
        ) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RatesError(
            f"{path.name}: the rates file is not UTF-8 text: save it as CSV UTF-8"
        ) from exc
    return parse_rates(text, path.name, hashlib.sha256(data).hexdigest())
