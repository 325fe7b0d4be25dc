"""One table of issue codes (``tracker/codes.py``), and ``docs/import.md`` equal to it.

Every code is documented with its severity and every documented code exists; every template
has named placeholders only (a message catalogue can extract it); every code the readers and the
loader raise by name is in the table; and an issue keeps its parameters.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from tracker.codes import CODES, issue, message
from tracker.issues import Severity

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTED = re.compile(r"^\| `([a-z0-9-]+)` \| (error|warning|info) \| \S", re.M)
# A code named at a call: ctx.error("bad-date", …), issue(path, "no-reports"), ValueProblem(…).
RAISED = re.compile(
    r"\b(?:error|warning|info|add|issue|_issue|note|ValueProblem|DateProblem)\(\s*"
    r"(?:[\w.]+,\s*)?\"([a-z]+(?:-[a-z0-9]+)+)\"",
)


def documented() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for code, severity in DOCUMENTED.findall((ROOT / "docs" / "import.md").read_text()):
        found.setdefault(code, set()).add(severity)
    return found


def test_every_code_is_documented_with_its_severity_and_every_documented_code_exists():
    docs = documented()
    assert sorted(set(CODES) - set(docs)) == [], "codes missing from docs/import.md"
    assert sorted(set(docs) - set(CODES)) == [], "docs/import.md names codes that do not exist"
    for code, severities in docs.items():
        assert severities == {CODES[code].severity.value}, code


def test_the_table_covers_the_codes_of_every_reader_and_the_loader():
    assert len(CODES) > 80
    for code in ("too-large", "unsafe-xml", "missing-column", "bad-date", "duplicate-row",
                 "unknown-state", "future-date", "misnamed-sheet", "carry-forward-missing",
                 "duplicate-state", "duplicate-decision"):  # fmt: skip
        assert code in CODES


def test_every_code_raised_by_name_is_in_the_table():
    raised: dict[str, str] = {}
    for path in sorted((ROOT / "tracker").rglob("*.py")):
        for code in RAISED.findall(path.read_text(encoding="utf-8")):
            raised.setdefault(code, str(path.relative_to(ROOT)))
    assert len(raised) > 60, raised
    unknown = {code: where for code, where in raised.items() if code not in CODES}
    assert unknown == {}


@pytest.mark.parametrize("code", sorted(CODES))
def test_templates_have_named_placeholders_and_a_one_line_doc(code):
    entry = CODES[code]
    assert entry.doc and "\n" not in entry.doc and entry.templates
    for variant, template in entry.templates.items():
        names = [
            field for _, field, _, _ in string.Formatter().parse(template) if field is not None
        ]
        assert all(re.fullmatch(r"[a-z_]+", name) for name in names), (code, variant, names)
        params = {name: "X" for name in names}
        assert message(code, variant, **params)  # formats with exactly its names


def test_an_issue_keeps_its_code_variant_and_parameters():
    made = issue("f.xlsx", "bad-date", "calendar", sheet="Cover", cell="B5", text="31/02/2024")
    assert made.severity is Severity.ERROR
    assert made.message == (
        "'31/02/2024' is not a real calendar date: write a date as 2025-04-30, 30/04/2025 or "
        "30 April 2025"
    )
    assert (made.variant, made.params) == ("calendar", (("text", "31/02/2024"),))
    # The parameters render the same message again (what a translated catalogue would do).
    assert message(made.code, made.variant, **dict(made.params)) == made.message
    assert made.as_json() == {
        "sheet": "Cover", "cell": "B5", "field": None, "value": None, "code": "bad-date",
        "severity": "error", "message": made.message,
    }  # fmt: skip


def test_a_call_that_disagrees_with_the_tables_severity_is_a_bug():
    from tracker.ingest.cells import Context
    from tracker.layouts import get_layout

    ctx = Context("f.xlsx", get_layout())
    with pytest.raises(ValueError, match="is error, not warning"):
        ctx.warning("bad-date", text="x")
    ctx.error("bad-date", text="x")
    assert [i.code for i in ctx.issues] == ["bad-date"]
