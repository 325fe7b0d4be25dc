"""What ``tracker stats needs`` and ``tracker indicators compute`` load: only what they use.

Most of these commands' time is start-up (``docs/performance.md``), so each keeps to its own
path: the statistics never load the export (the donor workbook's layout, openpyxl), the
indicators never load the donor-workbook service, and neither configures the ORM's mappers
(the store is read with plain Core statements).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.factories import add_membership, add_report
from tracker.db import transaction
from tracker.models.enums import NeedArea

# Runs one command in a fresh interpreter, then says what it loaded.
PROBE = """
import contextlib, io, json, sys
sys.argv = ["tracker", *json.loads(sys.argv[1])]
from tracker.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    else:
        code = 0
from tracker.models import Report
print(json.dumps({
    "code": code,
    "printed": bool(out.getvalue().strip()),
    "modules": sorted(sys.modules),
    "mappers_configured": Report.__mapper__.configured,
}))
"""

NEVER_ON_ANY = (
    "openpyxl",
    "docx",
    "matplotlib",
    "pandas",
    "alembic",
    "starlette",
    "jinja2",
    "tracker.web",
    "tracker.services.export",
    "tracker.services.compliance",
    "tracker.export.data",
    "tracker.export.model",
)


def _store(engine) -> None:
    with transaction(engine) as s:
        for iso3 in ("TCD", "LAO"):
            add_membership(s, iso3)
        add_report(s, "TCD", 2022, articles={4: "has", 5: "has"}, needs=[NeedArea.CLEARANCE])
        add_report(s, "LAO", 2023, articles={4: "has"}, needs=[NeedArea.VICTIM_ASSISTANCE])


def _loaded(sqlite_url: str, *command: str) -> dict[str, object]:
    args = json.dumps(["--db", sqlite_url, *command])
    done = subprocess.run(
        [sys.executable, "-c", PROBE, args], capture_output=True, text=True, check=True
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["code"] == 0, done.stderr
    assert result["printed"], "the command printed nothing"
    return result


def _offending(modules: object, never: tuple[str, ...]) -> list[str]:
    assert isinstance(modules, list)
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in never))


@pytest.mark.parametrize("fmt", ["text", "json", "csv"])
def test_stats_needs_loads_neither_the_export_nor_the_orm_set_up(sqlite_engine, sqlite_url, fmt):
    _store(sqlite_engine)
    result = _loaded(sqlite_url, "stats", "needs", "--format", fmt)
    assert _offending(result["modules"], (*NEVER_ON_ANY, "tracker.export")) == []
    assert result["mappers_configured"] is False


@pytest.mark.parametrize("fmt", ["text", "json", "csv"])
def test_indicators_compute_loads_no_donor_workbook_nor_the_orm_set_up(
    sqlite_engine, sqlite_url, fmt
):
    _store(sqlite_engine)
    result = _loaded(sqlite_url, "indicators", "compute", "--format", fmt)
    assert _offending(result["modules"], NEVER_ON_ANY) == []
    assert result["mappers_configured"] is False


def test_the_probe_sees_what_a_command_loads(sqlite_engine, sqlite_url, tmp_path):
    # The probe itself is trusted only if it does see a heavy library a command loads.
    _store(sqlite_engine)
    target = tmp_path / "indicators.xlsx"
    result = _loaded(sqlite_url, "indicators", "compute", "--format", "xlsx", "-o", str(target))
    assert target.exists()
    assert "openpyxl" in _offending(result["modules"], NEVER_ON_ANY)
