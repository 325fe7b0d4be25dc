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
    # Dicts keep the order keys were first met. Most flows are never restated: one version
    # holding one row, which is cited as it is.
    groups: dict[tuple[str, str, tuple[object, ...]], dict[Version, list[FlowRecord]]] = {}
    for flow in flows:
        key = (flow.reporter, flow.side.value, flow.identity)
        versions = groups.get(key)
        if versions is None:
            groups[key] = {_version(flow.provenance): [flow]}
        else:
            versions.setdefault(_version(flow.provenance), []).append(flow)
    out: list[FlowRecord] = []
    for versions in groups.values():
        if len(versions) == 1:
            (rows,) = versions.values()
            if len(rows) == 1:
                out.append(_cited(rows[0], ()))
                continue
        out.extend(_one_identity(versions))
    return out


def _cited(flow: FlowRecord, others: Sequence[FlowRecord]) -> FlowRecord:
    """``flow`` with the other versions' provenance as ``also_in`` (itself when unchanged)."""
    also_in = tuple(f.provenance for f in others)
    return flow if flow.also_in == also_in else dataclasses.replace(flow, also_in=also_in)


def _one_identity(versions: dict[Version, list[FlowRecord]]) -> list[FlowRecord]:
    ranked: Sequence[list[FlowRecord]] = sorted(
        (sorted(rows, key=lambda f: f.provenance.row) for rows in versions.values()),
        key=lambda rows: rows[0].provenance.latest_key(),
        reverse=True,
    )
    out = []
    for k in range(max(len(rows) for rows in ranked)):
        holding = [rows[k] for rows in ranked if len(rows) > k]
        out.append(_cited(holding[0], holding[1:]))
    return out
