"""Restatements collapsed (``assistance.md`` §3) checked against the rule written out plainly.

:func:`tracker.assistance.restate.collapse_restatements` takes shortcuts for speed (a flow read
once is cited as it is; the donor's key without a State-name lookup). Here the rule of the
module's docstring is spelled out the slow way and both are run on many random mixes of
reporters, sides, versions and repeated rows, so a shortcut that changes an answer is caught.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

import pytest

from tracker.assistance.restate import collapse_restatements
from tracker.assistance.rows import FlowRecord, Provenance
from tracker.enums import FlowArea, FlowSide, FlowType, RecipientKind


def by_the_rule(flows: list[FlowRecord]) -> list[tuple[FlowRecord, tuple[Provenance, ...]]]:
    """Group by reporter, side and identity (donor by ``donor.key``); k-th rows per version."""
    groups: dict[tuple[object, ...], dict[tuple[object, ...], list[FlowRecord]]] = {}
    for f in flows:
        p = f.provenance
        identity = (f.donor.key, *f.identity[1:])
        versions = groups.setdefault((f.reporter, f.side, identity), defaultdict(list))
        versions[(p.sha256, p.reporting_year, p.report_type)].append(f)
    out = []
    for versions in groups.values():
        ranked = sorted(
            (sorted(rows, key=lambda f: f.provenance.row) for rows in versions.values()),
            key=lambda rows: rows[0].provenance.latest_key(),
            reverse=True,
        )
        for k in range(max(len(rows) for rows in ranked)):
            holding = [rows[k] for rows in ranked if len(rows) > k]
            out.append((holding[0], tuple(f.provenance for f in holding[1:])))
    return out


def random_flows(rng: random.Random, n: int) -> list[FlowRecord]:
    """Rows drawn from a few flows, so that equal rows recur within and across versions."""
    versions = [
        Provenance(
            f"R{v}.xlsx",
            f"{v:x}" * 64,
            "A1",
            1,
            "Form I",
            rng.choice([2021, 2022, 2023]),
            "annual",
            rng.choice([None, dt.date(2024, 4, 30), dt.date(2024, 5, 2)]),
        )
        for v in range(1, 6)
    ] + [Provenance(f"f{v}.csv", f"{v + 7:x}" * 64, "A2", 2) for v in range(2)]
    donors = [("IRL", None), ("NOR", None), (None, "UNDP"), (None, " undp "), (None, "Mines Trust")]
    templates = [
        FlowRecord(
            side=rng.choice([FlowSide.DONOR_REPORT, FlowSide.RECIPIENT_REPORT]),
            reporter=rng.choice(["IRL", "LAO"]),
            donor_iso3=donor_iso3,
            donor_name=donor_name,
            recipient_kind=RecipientKind.STATE,
            recipient_iso3="LAO",
            recipient_region=None,
            area=rng.choice([FlowArea.CLEARANCE, FlowArea.OTHER]),
            year=2022,
            amount=rng.choice([Decimal(1000), Decimal("1000.00"), None]),
            currency=rng.choice(["EUR", "eur", None]),
            flow_type=rng.choice([FlowType.DISBURSEMENT, None]),
            provenance=versions[0],
        )
        for donor_iso3, donor_name in (rng.choice(donors) for _ in range(8))
    ]
    flows = []
    for row in range(n):
        version = rng.choice(versions)
        template = rng.choice(templates)
        flows.append(
            dataclasses.replace(
                template,
                side=FlowSide.OTHER_SOURCE if version.sheet is None else template.side,
                reporter="" if version.sheet is None else template.reporter,
                provenance=dataclasses.replace(version, cell=f"A{row + 10}", row=row + 10),
                # an input already carrying versions is cited afresh
                also_in=(versions[0],) if row % 7 == 0 else (),
            )
        )
    rng.shuffle(flows)  # rows are cited in sheet order, whatever order they come in
    return flows


@pytest.mark.parametrize("seed", range(40))
def test_collapse_follows_the_rule(seed: int) -> None:
    flows = random_flows(random.Random(seed), 60)
    got = collapse_restatements(flows)
    expected = by_the_rule(flows)
    assert [(f, f.also_in) for f in got] == expected
    assert sum(1 + len(f.also_in) for f in got) == len(flows)  # every row cited or listed once


def test_donor_key_is_the_donors_key() -> None:
    for f in random_flows(random.Random(1), 200):
        assert f.donor_key == f.donor.key
