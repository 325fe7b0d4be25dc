"""Reading and checking a file of extension decisions (``compliance.md``, Deadlines).

A CSV (UTF-8, comma or semicolon) or the first sheet of a workbook (.xlsx, .xls, .ods), with
the header row ``State | Article | Extended until | Decided on | Meeting | Source``, read as the
import reads a sheet (:mod:`tracker.ingest.lists`): every problem is an issue of
:mod:`tracker.codes` with its cell. The spec prints them with the row and the column's heading,
as ``file: row 7, Extended until (C7): …`` (:func:`problem_text`), so that the person fixing the
file goes straight to it. A file with any error is refused whole (the caller writes nothing).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from tracker import clock
from tracker.issues import Issue, Severity, cell_name
from tracker.layouts import get_layout
from tracker.reference import resolve_state, states_by_iso3, unknown_state
from tracker.text import normalize
from tracker.values import ValueProblem, parse_date

from .cells import Context
from .lists import cell_text, read_list

# Field → its heading (the header row is matched without case or accents).
HEADINGS = {
    "state": "State",
    "article": "Article",
    "extended_until": "Extended until",
    "decided_on": "Decided on",
    "meeting": "Meeting",
    "source": "Source",
}
_BY_HEADING = {normalize(h): f for f, h in HEADINGS.items()}
_ARTICLE = re.compile(r"^(?:art(?:icle|iculo)?\s*)?([0-9]+)$")  # on normalised text


@dataclass(frozen=True)
class DecisionRow:
    """One valid row: a decision keyed by (State, Article, Decided on)."""

    row: int  # the row number in the file (1 = the header)
    state_iso3: str
    article: int
    extended_until: dt.date
    decided_on: dt.date
    meeting: str
    source: str

    @property
    def key(self) -> tuple[str, int, dt.date]:
        """(State, Article, Decided on): what identifies a decision."""
        return self.state_iso3, self.article, self.decided_on


def problem_text(issue: Issue, file: str) -> str:
    """``file: row 7, Extended until (C7): message`` (warnings say so; the spec's form)."""
    where = ""
    if issue.cell:
        where = f"row {int(issue.cell.lstrip('ABCDEFGHIJKLMNOPQRSTUVWXYZ'))}"
        if issue.field:
            where += f", {HEADINGS.get(issue.field, issue.field)} ({issue.cell})"
        where += ": "
    warning = "" if issue.severity is Severity.ERROR else "warning: "
    return f"{file}: {where}{warning}{issue.message}"


@dataclass
class DecisionFile:
    """A read file: its valid rows and every problem found."""

    path: Path
    rows: list[DecisionRow] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no problem refuses the file."""
        return self.errors == 0

    @property
    def errors(self) -> int:
        """How many problems refuse the file."""
        return sum(1 for i in self.issues if i.severity is Severity.ERROR)

    def lines(self) -> list[str]:
        """Every problem as :func:`problem_text` writes it."""
        return [problem_text(issue, self.path.name) for issue in self.issues]


def _date(value: object) -> dt.date:
    """A date cell, or text as ISO ``2019-09-04`` (also day-first and words, as elsewhere)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueProblem("bad-date", "number", text=cell_text(value))
    return parse_date(value)


def read_decisions(path: Path) -> DecisionFile:
    """Read and check every row of a decisions file (nothing is written)."""
    result = DecisionFile(path)
    ctx = Context(path.name, get_layout(), issues=result.issues)
    grid = read_list(path, ctx, other_books=True)
    if grid is None:
        return result
    rows = grid.rows
    if not rows or not any(cell_text(v) for v in rows[0]):
        ctx.error("missing-header", sheet=grid.name, cell="A1")
        return result
    columns: dict[str, int] = {}
    for c, heading in enumerate(rows[0]):
        found = _BY_HEADING.get(normalize(cell_text(heading)))
        if found is not None and found not in columns:
            columns[found] = c
        elif cell_text(heading):
            text = cell_text(heading)
            ctx.warning(
                "unknown-column",
                "decisions",
                header=text,
                sheet=grid.name,
                cell=cell_name(0, c),
                field=text,
                value=text,
            )
    missing = [HEADINGS[f] for f in HEADINGS if f not in columns]
    if missing:
        names = ", ".join(repr(m) for m in missing)
        variant = "decisions-plural" if len(missing) > 1 else "decisions"
        ctx.error("missing-column", variant, names=names, sheet=grid.name, cell="A1")
        return result
    seen: dict[tuple[str, int, dt.date], int] = {}
    for index, cells in enumerate(rows[1:], start=1):
        if not any(cell_text(v) for v in cells):
            continue
        row = _check_row(index, cells, columns, ctx, grid.name)
        if row is None:
            continue
        if row.key in seen:
            ctx.error(
                "duplicate-decision",
                row=seen[row.key],
                name=states_by_iso3()[row.state_iso3].name_en,
                article=row.article,
                decided=row.decided_on.isoformat(),
                sheet=grid.name,
                cell=cell_name(index, columns["decided_on"]),
                field="decided_on",
            )
            continue
        seen[row.key] = row.row
        result.rows.append(row)
    if not result.rows and result.ok:
        ctx.error("no-decisions")
    return result


def _check_row(
    index: int, cells: list[object], columns: dict[str, int], ctx: Context, sheet: str
) -> DecisionRow | None:
    """One data row (``index`` counts from 0 at the header) checked; None when it has errors."""
    before = len(ctx.issues)

    def value(name: str) -> object:
        c = columns[name]
        return cells[c] if c < len(cells) else None

    def problem(name: str, code: str, variant: str = "", **params: object) -> None:
        cell = cell_name(index, columns[name])
        written = cell_text(value(name))
        ctx.error(code, variant, sheet=sheet, cell=cell, field=name, value=written, **params)

    written = cell_text(value("state"))
    iso3 = resolve_state(written) if written else None
    if iso3 is None:
        variant, params = unknown_state(written) if written else ("blank-decision", {})
        problem("state", "unknown-state", variant, **params)

    article = None
    match = _ARTICLE.match(normalize(cell_text(value("article"))))
    if match and int(match[1]) in (3, 4):
        article = int(match[1])
    else:
        shown = cell_text(value("article"))
        problem("article", "bad-article", "" if shown else "blank", text=shown)

    dates: dict[str, dt.date] = {}
    for name in ("extended_until", "decided_on"):
        raw = value(name)
        if not cell_text(raw):
            problem(name, "missing-date")
            continue
        try:
            dates[name] = _date(raw)
        except ValueProblem as bad:
            problem(name, bad.code, bad.variant, **bad.params)
    until, decided = dates.get("extended_until"), dates.get("decided_on")
    today = clock.today()
    if decided is not None and decided > today:
        problem(
            "decided_on",
            "decided-after-today",
            decided=decided.isoformat(),
            today=today.isoformat(),
        )
    if until is not None and decided is not None and until <= decided:
        problem(
            "extended_until",
            "extension-not-after-decision",
            until=until.isoformat(),
            decided=decided.isoformat(),
        )
    texts = {name: cell_text(value(name)) for name in ("meeting", "source")}
    if not texts["meeting"]:
        problem("meeting", "missing-meeting")
    if not texts["source"]:
        problem("source", "missing-source")
    if len(ctx.issues) > before or iso3 is None or article is None:
        return None
    assert until is not None and decided is not None
    return DecisionRow(index + 1, iso3, article, until, decided, texts["meeting"], texts["source"])
