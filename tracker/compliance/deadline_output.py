"""Deadlines in words and as JSON (``tracker state show``), from :mod:`.deadlines` (pure)."""

from __future__ import annotations

from typing import Any

from tracker.carry import Provenance
from tracker.compliance.deadlines import (
    ArticleDeadline,
    DeadlineSource,
    ReportedDate,
    StateDeadlines,
)
from tracker.readmodel import Decision

# The form's field each report source was read from (named when its cell was not recorded).
_FIELDS = {
    DeadlineSource.EXTENSION: "Extension granted until",
    DeadlineSource.REPORTED_LATER: "Extension granted until",
    DeadlineSource.REPORTED: "Deadline",
}


def where(p: Provenance, field: str = "") -> str:
    """``2022 annual report, Form B!B3 in PER-2022.xlsx`` (the cell a value was read from)."""
    cell = f"{p.sheet}!{p.cell}" if p.cell else f'{p.sheet}, field "{field}"'
    carried = f", carried from {p.carried_from}" if p.carried_from is not None else ""
    return f"{p.reporting_year} {p.report_type.value} report, {cell} in {p.file}{carried}"


def _decision_text(d: Decision) -> str:
    return f"{d.label}, until {d.extended_until.isoformat()}"


def source_text(a: ArticleDeadline) -> str:
    """Where the deadline comes from, in words (decision and meeting, report cell, or rule)."""
    field = _FIELDS.get(a.source) if a.source else None
    text = a.source_label
    if a.provenance is not None and field is not None:
        text += f": {where(a.provenance, field)}"
    if a.source is DeadlineSource.REPORTED_LATER and a.decision is not None:
        text += f"; later than the latest decision on file ({_decision_text(a.decision)})"
    return text


def disagreement_text(a: ArticleDeadline) -> str | None:
    """The note when a report disagrees with the decision that stands (both sources)."""
    other, decision = a.disagreement, a.decision
    if other is None or decision is None:
        return None
    return (
        f"the {where(other.provenance, 'Extension granted until')} gives "
        f"{other.value.isoformat()}; the decision stands ({_decision_text(decision)})"
    )


def deadline_lines(deadlines: StateDeadlines) -> list[str]:
    """One line per article (and a note line under a disagreement)."""
    lines = []
    for a in deadlines.articles:
        if not a.obligation:
            lines.append(f"Article {a.article}: no Article {a.article} obligation reported")
            continue
        if a.deadline is None:
            text = "no deadline (entry into force unknown)"
        else:
            text = f"{a.deadline.isoformat()} ({source_text(a)})"
        if a.status is not None and a.status_provenance is not None:
            text += f"; current status {a.status.value} ({where(a.status_provenance)})"
        else:
            text += "; no current status reported"
        if a.flags:
            text += f"; {', '.join(a.flags)}"
        lines.append(f"Article {a.article}: {text}")
        note = disagreement_text(a)
        if note:
            lines.append(f"  note: {note}")
    return lines


def deadlines_title(deadlines: StateDeadlines) -> str:
    """The heading of the deadlines section."""
    return (
        f"Deadlines on {deadlines.on.isoformat()} (Article 3: + 8 years, Article 4: + 10 years; "
        "extension decisions taken by then, reports received by then)"
    )


def _decision_json(d: Decision | None) -> dict[str, Any] | None:
    if d is None:
        return None
    return {
        "extended_until": d.extended_until.isoformat(),
        "decided_on": d.decided_on.isoformat(),
        "meeting": d.meeting,
        "source": d.source,
    }


def _reported_json(r: ReportedDate | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return {"date": r.value.isoformat(), "provenance": r.provenance.as_json()}


def article_json(a: ArticleDeadline) -> dict[str, Any]:
    """One article's deadline in the JSON of ``tracker state show`` (``docs/compliance.md``)."""
    return {
        "article": a.article,
        "obligation_reported": a.obligation,
        "deadline": a.deadline.isoformat() if a.deadline else None,
        "source": a.source.value if a.source else None,
        "source_text": source_text(a) if a.obligation and a.deadline else None,
        "provenance": a.provenance.as_json() if a.provenance else None,
        "decision": _decision_json(a.decision),
        "disagreement": _reported_json(a.disagreement),
        "status": a.status.value if a.status else None,
        "status_provenance": a.status_provenance.as_json() if a.status_provenance else None,
        "flags": a.flags,
    }


def deadlines_json(deadlines: StateDeadlines) -> dict[str, Any]:
    """The deadlines block of ``tracker state show --format json``."""
    return {
        "on": deadlines.on.isoformat(),
        "entry_into_force": (
            deadlines.entry_into_force.isoformat() if deadlines.entry_into_force else None
        ),
        "articles": [article_json(a) for a in deadlines.articles],
    }
