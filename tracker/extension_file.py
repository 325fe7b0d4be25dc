"""Reading and checking a file of extension decisions (``compliance.md``, Deadlines).

A CSV (UTF-8, comma or semicolon) or the first sheet of a workbook (.xlsx, .xls, .ods), with
the header row ``State | Article | Extended until | Decided on | Meeting | Source``. Every
problem names the row and the cell, as ``file: row 7, Extended until (C7): …``, so that the
person fixing the file goes straight to it. A file with any error is refused whole (the caller
writes nothing).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from tracker import clock
from tracker.issues import cell_name
from tracker.reference import resolve_state, states_by_iso3, unknown_state_message
from tracker.text import normalize
from tracker.values import ValueProblem, parse_date

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
HEADER_HELP = "the header row needs " + ", ".join(HEADINGS.values())


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


@dataclass(frozen=True)
class Problem:
    """A problem of the file, with the row and cell it is in (row None: the whole file)."""

    message: str
    row: int | None = None
    heading: str | None = None
    cell: str | None = None
    error: bool = True

    def as_text(self, file: str) -> str:
        """``file: row 7, Extended until (C7): message`` (warnings say so)."""
        where = ""
        if self.row is not None:
            where = f"row {self.row}"
            if self.heading:
                where += f", {self.heading} ({self.cell})" if self.cell else f", {self.heading}"
            where += ": "
        return f"{file}: {where}{'' if self.error else 'warning: '}{self.message}"


@dataclass
class DecisionFile:
    """A read file: its valid rows and every problem found."""

    path: Path
    rows: list[DecisionRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no problem refuses the file."""
        return not any(p.error for p in self.problems)

    @property
    def errors(self) -> int:
        """How many problems refuse the file."""
        return sum(1 for p in self.problems if p.error)


def _grid(path: Path) -> list[list[object]]:
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"):
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
        sheet = book.get_sheet_by_name(book.sheet_names[0])
        return [list(row) for row in sheet.to_python(skip_empty_area=False)]
    text = path.read_bytes().decode("utf-8-sig")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _text(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def _date(value: object) -> dt.date:
    """A date cell, or text as ISO ``2019-09-04`` (also day-first and words, as elsewhere)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueProblem(
            "bad-date",
            f"{_text(value)!r} is not a date: write it as YYYY-MM-DD (for example 2019-09-04)",
        )
    return parse_date(value)


def read_decisions(path: Path) -> DecisionFile:
    """Read and check every row of a decisions file (nothing is written)."""
    result = DecisionFile(path)
    problems = result.problems
    try:
        grid = _grid(path)
    except UnicodeDecodeError:
        problems.append(Problem("the CSV is not UTF-8: save it as CSV UTF-8"))
        return result
    except Exception as exc:  # not a workbook, a damaged one...
        problems.append(Problem(f"cannot read the file ({exc}): save it as CSV (UTF-8) or .xlsx"))
        return result
    if not grid or not any(_text(v) for v in grid[0]):
        problems.append(Problem(f"no header row: {HEADER_HELP}", row=1))
        return result
    columns: dict[str, int] = {}
    for c, heading in enumerate(grid[0]):
        found = _BY_HEADING.get(normalize(_text(heading)))
        if found is not None and found not in columns:
            columns[found] = c
        elif _text(heading):
            problems.append(
                Problem(
                    f"column {_text(heading)!r} is not read",
                    row=1,
                    heading=_text(heading),
                    cell=cell_name(0, c),
                    error=False,
                )
            )
    missing = [HEADINGS[f] for f in HEADINGS if f not in columns]
    if missing:
        names = ", ".join(repr(m) for m in missing)
        plural = "s" if len(missing) > 1 else ""
        problems.append(Problem(f"missing column{plural} {names}: {HEADER_HELP}", row=1))
        return result
    seen: dict[tuple[str, int, dt.date], int] = {}
    for index, cells in enumerate(grid[1:], start=1):
        if not any(_text(v) for v in cells):
            continue
        row = _check_row(index, cells, columns, problems)
        if row is None:
            continue
        if row.key in seen:
            name = states_by_iso3()[row.state_iso3].name_en
            problems.append(
                Problem(
                    f"the same decision as row {seen[row.key]} ({name}, Article {row.article}, "
                    f"decided {row.decided_on.isoformat()}): keep one row per State, Article "
                    "and Decided on",
                    row=index + 1,
                    heading=HEADINGS["decided_on"],
                    cell=cell_name(index, columns["decided_on"]),
                )
            )
            continue
        seen[row.key] = row.row
        result.rows.append(row)
    if not result.rows and result.ok:
        problems.append(Problem(f"no decisions below the header row: {HEADER_HELP}"))
    return result


def _check_row(
    index: int, cells: list[object], columns: dict[str, int], problems: list[Problem]
) -> DecisionRow | None:
    """One data row (``index`` counts from 0 at the header) checked; None when it has errors."""
    before = len(problems)

    def value(name: str) -> object:
        c = columns[name]
        return cells[c] if c < len(cells) else None

    def problem(name: str, message: str) -> None:
        cell = cell_name(index, columns[name])
        problems.append(Problem(message, row=index + 1, heading=HEADINGS[name], cell=cell))

    written = _text(value("state"))
    iso3 = resolve_state(written) if written else None
    if iso3 is None:
        problem("state", unknown_state_message(written) if written else "write the State's name")

    article = None
    match = _ARTICLE.match(normalize(_text(value("article"))))
    if match and int(match[1]) in (3, 4):
        article = int(match[1])
    else:
        shown = _text(value("article"))
        problem(
            "article",
            f"{shown!r} is not 3 or 4: write 3 (stockpile destruction) or 4 (clearance)"
            if shown
            else "write 3 (stockpile destruction) or 4 (clearance)",
        )

    dates: dict[str, dt.date] = {}
    for name in ("extended_until", "decided_on"):
        raw = value(name)
        if not _text(raw):
            problem(name, "write the date as YYYY-MM-DD (for example 2019-09-04)")
            continue
        try:
            dates[name] = _date(raw)
        except ValueProblem as bad:
            problem(name, bad.message)
    until, decided = dates.get("extended_until"), dates.get("decided_on")
    today = clock.today()
    if decided is not None and decided > today:
        problem(
            "decided_on",
            f"{decided.isoformat()} is after today ({today.isoformat()}): record a decision "
            "once the meeting has taken it",
        )
    if until is not None and decided is not None and until <= decided:
        problem(
            "extended_until",
            f"{until.isoformat()} is not after the date decided ({decided.isoformat()}): an "
            "extension runs to a later date than the meeting that grants it; check the two "
            "dates are not swapped",
        )
    texts = {name: _text(value(name)) for name in ("meeting", "source")}
    if not texts["meeting"]:
        problem("meeting", "write the meeting that took it (e.g. Ninth Meeting of States Parties)")
    if not texts["source"]:
        problem("source", "write where the decision is recorded (the meeting's report, a URL)")
    if len(problems) > before or iso3 is None or article is None:
        return None
    assert until is not None and decided is not None
    return DecisionRow(index + 1, iso3, article, until, decided, texts["meeting"], texts["source"])
