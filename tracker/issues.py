"""Problems found in input files, as data (code, severity, location, value, message).

The codes, their severities and their message templates are one table, :mod:`tracker.codes`;
an issue made from it keeps the template's variant and parameters, so that its message can be
rendered again (in another language) from the same data.
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass
from functools import lru_cache


class Severity(enum.StrEnum):
    """``error`` rejects the file; ``warning`` and ``info`` do not."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Issue:
    """One problem, located by file, sheet and cell (sheet and cell None for file-level ones)."""

    file: str
    code: str
    severity: Severity
    message: str
    sheet: str | None = None
    cell: str | None = None
    field: str | None = None
    value: str | None = None
    variant: str = ""  # which template of the code (tracker.codes)
    params: tuple[tuple[str, str], ...] = ()  # the template's parameters, as text

    def as_json(self) -> dict[str, str | None]:
        """The JSON shape of ``tracker import --format json`` (the file is given by the parent)."""
        data = asdict(self)
        data["severity"] = self.severity.value
        return {
            k: data[k] for k in ("sheet", "cell", "field", "value", "code", "severity", "message")
        }

    def as_text(self, *, message: str | None = None, value_word: str = "value") -> str:
        """``file: sheet!cell: severity code: message (value: ...)``, always on one line.

        ``message`` and ``value_word`` replace the English ones in another language
        (:func:`tracker.messages.issue_text`); the rest of the line never changes.
        """
        where = f"{self.sheet}!{self.cell}: " if self.sheet else ""
        if self.sheet and not self.cell:
            where = f"{self.sheet}: "
        elif self.cell and not self.sheet:  # a CSV row: "row 7, amount (D7)"
            where = f"{self.cell}: "
        value = f" ({value_word}: {self.value})" if self.value not in (None, "") else ""
        text = self.message if message is None else message
        return one_line(f"{self.file}: {where}{self.severity.value} {self.code}: {text}{value}")


# Every character that ends a line for str.splitlines(), and the other control characters.
_BREAKS = {
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
    "\f": "\\f",
    "\x1c": "\\x1c",
    "\x1d": "\\x1d",
    "\x1e": "\\x1e",
    "\x85": "\\x85",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_ESCAPES = str.maketrans({**{chr(c): f"\\x{c:02x}" for c in range(32)}, "\x7f": "\\x7f", **_BREAKS})


def one_line(text: str) -> str:
    r"""``text`` with line breaks and control characters written as escapes (``\n``, ``\x00``).

    A file name or a cell may hold a line break; the text output of an import promises one
    line per issue, which scripts (grep, a spreadsheet) rely on.
    """
    return text.translate(_ESCAPES) if not text.isprintable() else text


def has_errors(issues: list[Issue]) -> bool:
    """True when any issue rejects the file."""
    return any(i.severity is Severity.ERROR for i in issues)


# Cached: the reader names a provenance cell for every row it keeps, and the same positions come
# back in every workbook of a layout (a bounded cache: a few thousand short strings at most).
@lru_cache(maxsize=16384)
def cell_name(row: int, column: int) -> str:
    """A1-style name of a zero-based (row, column)."""
    letters = ""
    column += 1
    while column:
        column, rem = divmod(column - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"
