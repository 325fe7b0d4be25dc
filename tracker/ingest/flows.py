"""Rows of an assistance table → flow rows, with the flow rules of ``assistance.md`` §1.

:func:`tracker.ingest.records.read_rows` has read and checked each value (a recipient, a donor,
an area, a year, an amount and its currency); this module makes the values one flow: the side,
the reporting State as the donor (*Assistance provided*) or the recipient (*Assistance
received*), a blank Area as ``unspecified``, a blank Year as the reporting year
(``year_assumed``). For the tables of a layout that checks flows (``flow: {checked: true}``,
layout ``ccm-a7/2``) it also applies the rules that need the whole row or the report:
``missing-flow-type``, ``self-assistance`` (the row is not read), ``unusual-year``,
``zero-amount``, ``donor-not-a-state`` and ``possible-duplicate``. Layout ``ccm-a7/1``'s rows
are read as they always were (no new issue), only mapped.

The same rules serve flow files from other sources (:mod:`tracker.ingest.flowfile`), whose rows
carry no report: :class:`FlowRules` says what differs.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from tracker.ingest.parsed import FactRowData
from tracker.issues import cell_name
from tracker.layouts import TableSpec
from tracker.text import normalize

from .cells import Context
from .records import to_model
from .tables import FoundTable

# Every column of a flow row the reader fills (the loader adds report_id; a flow file's
# flow_file_id): a table's rows all carry all of them, for one executemany.
FLOW_COLUMNS: tuple[str, ...] = (
    "side",
    "donor_iso3",
    "donor_name",
    "recipient_kind",
    "recipient_iso3",
    "recipient_region",
    "area",
    "year",
    "year_assumed",
    "amount",
    "currency",
    "flow_type",
    "channel",
    "description",
    "source",
    "sheet",
    "cell",
    "source_row",
)
_NO_FLOW: FactRowData = dict.fromkeys(FLOW_COLUMNS)  # copied for each row (faster than fromkeys)
UNUSUAL_YEARS = 5  # a year further than this from the reporting year is worth a look
CLOSE_NAME = 0.8  # difflib similarity of a donor's name to a State's for donor-not-a-state


@dataclass(frozen=True)
class FlowRules:
    """What a table's flows are checked against.

    ``reporter``: the reporting State (None for another source, or a cover that could not be
    read); ``year``: the reporting year (a blank Year takes it; ``unusual-year`` measures from
    it) — for a flow file the import's year, with ``future_only`` (only a year after it plus
    five is unusual).
    """

    side: str
    reporter: str | None
    year: int | None
    checked: bool = True
    future_only: bool = False


@cache
def _state_names() -> dict[str, str]:
    """Normalised English, French and Spanish names and aliases (4+ letters) → English name."""
    from tracker.reference import reference_states

    names: dict[str, str] = {}
    for state in reference_states():
        for name in (state.name_en, state.name_fr, state.name_es, *state.aliases):
            key = normalize(name)
            if len(key) >= 4:
                names.setdefault(key, state.name_en)
    return names


def close_state(written: str) -> str | None:
    """The English name of a State whose name ``written`` looks like a typo of, else None.

    Stricter than the did-you-mean of an unknown State: an organisation (UNMAS, the European
    Union, UNDP) must not be taken for a misspelt State.
    """
    key = normalize(written)
    return None if len(key) < 4 else _close_state(key)


@lru_cache(maxsize=4096)
def _close_state(key: str) -> str | None:
    """:func:`close_state` of a normalised name, once per name and process.

    A comparison with every State name costs up to ~13 ms, and the same organisations (UNMAS,
    the European Union) come back in file after file.
    """
    names = _state_names()
    match = difflib.get_close_matches(key, list(names), n=1, cutoff=CLOSE_NAME)
    return names[match[0]] if match else None


def _counterpart_key(row: FactRowData, counterpart: str) -> tuple[Any, ...]:
    if counterpart == "recipient":
        return (row["recipient_kind"], row["recipient_iso3"], row["recipient_region"])
    name = row["donor_name"]
    return (row["donor_iso3"], normalize(name) if name else None)


def flow_rows(
    rows: list[dict[str, Any]],
    found: FoundTable,
    sheet: str | None,
    ctx: Context,
    rules: FlowRules,
) -> list[FactRowData]:
    """The flows of a table's valid rows (as :func:`read_rows` returns them); issues to ``ctx``.

    Each row of ``rows`` carries ``_row``, its zero-based sheet row. A row broken by a rule
    that is an error, or a self-assistance row, is left out.
    """
    table: TableSpec = found.spec
    spec = table.flow
    assert spec is not None
    counterpart = spec.counterpart
    col = found.columns
    out: list[FactRowData] = []
    seen: dict[tuple[Any, ...], int] = {}
    for values in rows:
        r = values["_row"]

        def at(name: str, r: int = r) -> str:
            return cell_name(r, col.get(name, found.first_col))

        flow: FactRowData = dict(_NO_FLOW)
        to_model(values, table.columns, flow)
        flow["side"] = rules.side
        if spec.reporter == "donor" and rules.reporter is not None:
            flow["donor_iso3"], flow["donor_name"] = rules.reporter, None
        elif spec.reporter == "recipient" and rules.reporter is not None:
            flow["recipient_kind"], flow["recipient_iso3"] = "state", rules.reporter
            flow["recipient_region"] = None
        flow["area"] = flow["area"] or "unspecified"
        flow["sheet"], flow["cell"], flow["source_row"] = sheet, values["cell"], r + 1
        if flow["year"] is None:
            flow["year"], flow["year_assumed"] = rules.year, True
        else:
            flow["year_assumed"] = False
        if not rules.checked:
            if flow["year"] is not None:
                out.append(flow)
            continue
        if _broken(flow, values, counterpart, ctx, rules, sheet, at):
            continue
        key = (
            _counterpart_key(flow, counterpart),
            flow["area"],
            flow["year"],
            flow["amount"],
            flow["currency"],
            flow["flow_type"],
        )
        if key in seen:
            ctx.warning(
                "possible-duplicate",
                row=seen[key],
                sheet=sheet,
                cell=at(counterpart),
                field=table.name,
                value=_shown(flow, counterpart),
            )
        else:
            seen[key] = r + 1
        out.append(flow)
    return out


def _shown(flow: FactRowData, counterpart: str) -> str:
    if counterpart == "donor":
        return str(flow["donor_name"] or flow["donor_iso3"] or "")
    return str(flow["recipient_iso3"] or flow["recipient_region"] or flow["recipient_kind"])


def _broken(
    flow: FactRowData,
    values: dict[str, Any],
    counterpart: str,
    ctx: Context,
    rules: FlowRules,
    sheet: str | None,
    at: Callable[[str], str],
) -> bool:
    """Apply the checked rules to one flow; True when the row is not read."""
    type_name = "type" if "type" in values else "flow"
    if flow["amount"] is not None and flow["flow_type"] is None:
        ctx.error(
            "missing-flow-type",
            sheet=sheet,
            cell=at(type_name),
            field=type_name,
        )
        return True
    if flow["year"] is None:  # no reporting year to assume (the cover has its own issue)
        return True
    reporter = rules.reporter
    self_state = flow["donor_iso3"] if counterpart == "donor" else flow["recipient_iso3"]
    if rules.reporter is None:  # another source: the two parties are both read from the row
        reporter = flow["donor_iso3"]
        self_state = flow["recipient_iso3"]
    if reporter is not None and self_state == reporter:
        ctx.warning(
            "self-assistance",
            sheet=sheet,
            cell=at(counterpart),
            field=counterpart,
            value=reporter,
        )
        return True
    if rules.year is not None and not flow["year_assumed"]:
        gap = flow["year"] - rules.year
        if gap > UNUSUAL_YEARS or (not rules.future_only and gap < -UNUSUAL_YEARS):
            ctx.warning(
                "unusual-year",
                "import" if rules.future_only else "",
                year=flow["year"],
                limit=UNUSUAL_YEARS,
                base=rules.year,
                sheet=sheet,
                cell=at("year"),
                field="year",
                value=flow["year"],
            )
    if flow["amount"] is not None and flow["amount"] == 0:
        ctx.info(
            "zero-amount",
            sheet=sheet,
            cell=at("amount"),
            field="amount",
            value="0",
        )
    name = flow["donor_name"]
    if name and (close := close_state(name)) is not None:
        ctx.warning(
            "donor-not-a-state",
            written=name,
            meant=close,
            sheet=sheet,
            cell=at("donor"),
            field="donor",
            value=name,
        )
    return False
