"""Restatements counted once (``assistance.md`` §3, "Restatements").

A State that copies last year's rows into this year's report restates the same flows; so does
another source that publishes an updated table. Rows of one reporter — a State's reports, per
side; all imported files together — that are equal in donor, recipient, area, year, amount,
currency and type are one flow, cited at the latest version (the highest reporting year, then
submission date with undated lowest, then SHA-256; among imported files, the highest SHA-256),
with the other versions in ``also_in``. Rows match as multisets: two equal rows of one report,
restated in the next, stay two flows.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from tracker.assistance.rows import FlowRecord, Provenance
from tracker.enums import FlowSide

# One version of a reporter's rows: a report (its file, year and type) or an imported file.
Version = tuple[str, int | None, str | None]


def _version(p: Provenance) -> Version:
    return (p.sha256, p.reporting_year, p.report_type)


def collapse_restatements(flows: Iterable[FlowRecord]) -> list[FlowRecord]:
    """Every distinct flow once, cited at its latest version (order: as first met).

    For each reporter, side and identity, the k-th flow is the k-th row (in sheet order) of the
    latest version that has at least k such rows; the k-th rows of the other versions with at
    least k are its ``also_in`` (latest first).
    """
    # Dicts keep the order keys were first met.
    same: dict[tuple[str, FlowSide, tuple[object, ...]], list[FlowRecord]] = {}
    for flow in flows:
        key = (flow.reporter, flow.side, flow.identity)
        found = same.get(key)
        if found is None:
            same[key] = [flow]
        else:
            found.append(flow)
    out: list[FlowRecord] = []
    for rows in same.values():
        if len(rows) == 1:  # most flows: never restated, cited as they are
            out.append(_cited(rows[0], ()))
        else:
            out.extend(_one_identity(rows))
    return out


def _cited(flow: FlowRecord, others: Sequence[FlowRecord]) -> FlowRecord:
    """``flow`` with the other versions' provenance as ``also_in`` (itself when unchanged)."""
    also_in = tuple(f.provenance for f in others)
    return flow if flow.also_in == also_in else dataclasses.replace(flow, also_in=also_in)


def _one_identity(rows: Iterable[FlowRecord]) -> list[FlowRecord]:
    """The flows of one reporter, side and identity, read in one or more versions."""
    versions: dict[Version, list[FlowRecord]] = {}
    for flow in rows:
        versions.setdefault(_version(flow.provenance), []).append(flow)
    ranked: Sequence[list[FlowRecord]] = sorted(
        (sorted(found, key=lambda f: f.provenance.row) for found in versions.values()),
        key=lambda found: found[0].provenance.latest_key(),
        reverse=True,
    )
    out = []
    for k in range(max(len(found) for found in ranked)):
        holding = [found[k] for found in ranked if len(found) > k]
        out.append(_cited(holding[0], holding[1:]))
    return out
