"""The statistics' lean read gives exactly what reading and resolving every report would give.

``tracker stats needs`` reads only the needs its window's reports can show (for speed on large
stores). These tests compare it, on a store full of awkward cases, with the straightforward
path: every current report with every need read, resolved, and then counted.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest

from tests.factories import add_membership, add_report
from tracker.carry import resolve_all
from tracker.db import transaction
from tracker.enums import NeedArea, ReportType
from tracker.services.stats import compute_needs_statistics
from tracker.services.store import Projection, read_store
from tracker.stats.rules import count_needs

STATES = ("AFG", "BIH", "TCD", "IRQ", "LAO", "LBN", "MRT", "SOM", "HRV", "DEU", "AGO", "MMR")
STATUSES = ("none", "has", "had")


def _random_store(engine, seed: int) -> None:
    """Reports with changed, unchanged (chains, dangling), not-applicable and missing forms."""
    rng = random.Random(seed)
    with transaction(engine) as s:
        for iso3 in STATES[:8]:
            add_membership(s, iso3, dt.date(rng.choice((2009, 2012, 2016)), 3, 1))
        add_membership(s, "HRV", dt.date(2009, 12, 1), withdrawal=dt.date(2022, 6, 1))
        add_membership(s, "DEU", deposited=None)  # a signatory
        for iso3 in STATES:
            for year in range(2014, 2026):
                if rng.random() < 0.3:
                    continue
                articles = {a: rng.choice(STATUSES) for a in (3, 4, 5) if rng.random() < 0.5}
                articles = {a: ("has" if v == "had" and a == 5 else v) for a, v in articles.items()}
                unchanged = {
                    form: year - rng.randint(1, 4)
                    for form in "BFHI"
                    if rng.random() < 0.25 and year > 2014
                }
                for form in unchanged:
                    articles.pop({"B": 3, "F": 4, "H": 5}.get(form, 0), None)
                needs = (
                    []
                    if "I" in unchanged
                    else [rng.choice(list(NeedArea)) for _ in range(rng.randint(0, 2))]
                )
                not_applicable = "".join(
                    f for f in "BFH" if f not in unchanged and rng.random() < 0.1
                )
                for f in not_applicable:
                    articles.pop({"B": 3, "F": 4, "H": 5}[f], None)
                add_report(
                    s,
                    iso3,
                    year,
                    report_type=ReportType.INITIAL if rng.random() < 0.1 else ReportType.ANNUAL,
                    articles=articles,
                    needs=needs,
                    unchanged=unchanged,
                    not_applicable=not_applicable,
                    submitted=dt.date(year + 1, 4, rng.randint(1, 28)),
                )
                if rng.random() < 0.1:  # an older version that must never count
                    add_report(s, iso3, year, articles={3: "has"}, current=False)


def _shape(counts):
    return [
        (
            a.article,
            {s: (e.report.report_id, e.provenance) for s, e in a.denominator_evidence.items()},
            {s: (e.report.report_id, e.provenance) for s, e in a.numerator_evidence.items()},
        )
        for a in counts.articles
    ] + [sorted((e.ref.report_id, e.reason) for e in counts.excluded)]


@pytest.mark.parametrize("seed", [1, 2])
def test_fast_path_equals_resolving_everything(sqlite_engine, seed):
    _random_store(sqlite_engine, seed)
    with transaction(sqlite_engine) as s:
        # Every current report with every need: no window, nothing left out.
        rows = read_store(s, Projection(dates=True, members=True))
        effective = resolve_all(rows.reports)
        members = rows.members
        for as_of, since in ((2025, 2021), (2020, 2016), (2019, 2019), (2016, 2014)):
            for current_only in (False, True):
                fast = compute_needs_statistics(
                    s, as_of=as_of, since=since, current_only=current_only
                )
                full = count_needs(
                    effective, members, as_of=as_of, since=since, current_only=current_only
                )
                assert _shape(fast.counts) == _shape(full), (as_of, since, current_only)
