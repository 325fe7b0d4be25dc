"""Problems found in input files, as data (code, severity, location, value, message)."""

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

    def as_json(self) -> dict[str, str | None]:
        """The JSON shape of ``tracker import --format json`` (the file is given by the parent)."""
        data = asdict(self)
        data.pop("file")
        data["severity"] = self.severity.value
        return {
            k: data[k] for k in ("sheet", "cell", "field", "value", "code", "severity", "message")
        }

    def as_text(self) -> str:
        """``file: sheet!cell: severity code: message (value: ...)``."""
        where = f"{self.sheet}!{self.cell}: " if self.sheet else ""
        if self.sheet and not self.cell:
            where = f"{self.sheet}: "
        value = f" (value: {self.value})" if self.value not in (None, "") else ""
        return f"{self.file}: {where}{self.severity.value} {self.code}: {self.message}{value}"


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
