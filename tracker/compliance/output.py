"""``tracker reports status`` as text, JSON and CSV (``spec/compliance.md``, Output).

All three render the same :class:`ReportingStatus`, so their numbers always agree.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal

from tracker.compliance.dates import ExpectedReport
from tracker.compliance.sentences import long_date
from tracker.compliance.status import ReportingStatus
from tracker.wording import count, plural

CSV_COLUMNS = ("state", "due", "submitted", "status", "days_late")
TABLE_HEADER = ("State", "Name", "Due", "Submitted", "Status", "Days late")


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _rate(value: Decimal | None) -> float | None:
    # The Decimal is already rounded to 4 places; as a float it prints as those digits.
    return float(value) if value is not None else None


def report_json(report: ExpectedReport) -> dict[str, object]:
    """One entry of ``states``."""
    return {
        "state": report.state,
        "due": report.due.isoformat(),
        "submitted": _iso(report.submitted),
        "status": report.status.value,
        "days_late": report.days_late,
    }


def as_json(status: ReportingStatus) -> dict[str, object]:
    """The whole JSON document, with the spec's keys in the spec's order."""
    tally = status.tally
    return {
        "year": status.year,
        "on": status.on.isoformat(),
        "due": status.due.isoformat(),
        "expected": tally.expected,
        "on_time": tally.on_time,
        "late": tally.late,
        "missing": tally.missing,
        "not_yet_due": tally.not_yet_due,
        "received_date_unknown": tally.received_date_unknown,
        "received": tally.received,
        "on_time_rate": _rate(tally.on_time_rate),
        "received_rate": _rate(tally.received_rate),
        "states": [report_json(r) for r in status.reports],
        "overdue_initial": [
            {"state": o.state, "due": o.due.isoformat(), "days_overdue": o.days_overdue}
            for o in status.overdue_initial
        ],
        "sentences": list(status.sentences),
    }


def render_json(status: ReportingStatus) -> str:
    """``--format json``."""
    return json.dumps(as_json(status), indent=2, ensure_ascii=False)


def render_csv(status: ReportingStatus) -> str:
    """``--format csv``: one row per expected State; blank cells for no date or no delay."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in status.reports:
        writer.writerow(
            [
                r.state,
                r.due.isoformat(),
                _iso(r.submitted) or "",
                r.status.value,
                "" if r.days_late is None else r.days_late,
            ]
        )
    return out.getvalue()


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for index, row in enumerate(rows):
        lines.append(" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if index == 0:
            lines.append("-+-".join("-" * w for w in widths))
    return lines


def render_table(status: ReportingStatus) -> list[str]:
    """The expected States, one line each, with due date, submission and status."""
    rows: list[tuple[str, ...]] = [TABLE_HEADER]
    for r in status.reports:
        rows.append(
            (
                r.state,
                status.name(r.state),
                r.due.isoformat(),
                _iso(r.submitted) or "",
                r.status.value,
                "" if r.days_late is None else str(r.days_late),
            )
        )
    return _table(rows)


def summary_line(status: ReportingStatus) -> str:
    """The counts in one line, under the table."""
    t = status.tally
    return (
        f"{t.expected} expected: {t.on_time} on time, {t.late} late, {t.missing} missing, "
        f"{t.not_yet_due} not yet due, {t.received_date_unknown} received with no date"
    )


def render_overdue(status: ReportingStatus) -> list[str]:
    """Overdue initial reports, the longest overdue first."""
    overdue = status.overdue_initial
    lines = [f"Overdue initial reports on {long_date(status.on)} ({len(overdue)}):"]
    for o in overdue:
        lines.append(
            f"  {o.state} {status.name(o.state)}: due {o.due.isoformat()}, "
            f"{plural(o.days_overdue, 'day')} overdue"
        )
    if not overdue:
        lines.append("  (none)")
    return lines


def render_text(status: ReportingStatus) -> str:
    """``--format text``: the sentences, the table of expected States, the overdue initials."""
    lines = list(status.sentences)
    if status.reports:
        lines += ["", f"Annual reports for {status.year} (due {long_date(status.due)}):"]
        lines += render_table(status)
        lines.append(summary_line(status))
    lines.append("")
    lines += render_overdue(status)
    return "\n".join(lines)


def summary_lines(status: ReportingStatus) -> list[str]:
    """The short compliance summary the demo prints: the sentences and the overdue initials."""
    overdue = len(status.overdue_initial)
    on = long_date(status.on)
    if overdue == 0:
        last = f"No initial report is overdue on {on}."
    else:
        initial = "initial report is" if overdue == 1 else "initial reports are"
        last = f"{count(overdue, start=True)} {initial} overdue on {on}."
    return [*status.sentences, last]
