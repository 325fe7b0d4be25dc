"""The layers of the house, kept by import-linter (``.importlinter``) on every test run.

``cli`` and ``web`` call ``services``; ``services`` (use cases, the store reader, the loader)
call the pure domain packages; those read the plain rows of the read model. The contracts hold
on the code as it is, and each upward import that issue 15 found (and a few like them) breaks
one: the check runs on a copy of the package with that one import added.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CONFIG = REPO / ".importlinter"
LINT = Path(sys.executable).parent / "lint-imports"

LAYERS = "Layers: cli, web > listings > services"
PURE = "Pure modules import no SQLAlchemy"
APART = "Statistics and compliance are separate rule sets"
READER = "The workbook reader (run by worker processes) imports nothing of the loader"
QUERIES = "cli, web and listings query the store only through services"


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` on the package ``tracker`` found under ``root``."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT), "--config", str(CONFIG), "--no-cache"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def verdict(output: str, contract: str) -> str:
    """KEPT or BROKEN: the word after the contract's name in the summary (lines may wrap)."""
    text = " ".join(output.split())
    start = text.index(" ".join(contract.split()))
    return min(
        (word for word in ("KEPT", "BROKEN") if word in text[start:]),
        key=lambda word: text.index(word, start),
    )


def test_the_contracts_hold_on_the_code() -> None:
    done = lint(REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout
    for contract in (LAYERS, PURE, APART, READER, QUERIES):
        assert verdict(done.stdout, contract) == "KEPT"


# (module, import added, the contract it breaks): first the upward imports issue 15 listed.
UPWARD = [
    ("tracker/export/data.py", "import tracker.services.stats", LAYERS),
    ("tracker/export/reporting.py", "import tracker.services.compliance", PURE),
    ("tracker/carry.py", "import tracker.models.enums", PURE),
    ("tracker/stats/rules.py", "import tracker.models.enums", PURE),
    ("tracker/compliance/dates.py", "import tracker.models.enums", PURE),
    ("tracker/compliance/deadlines.py", "import tracker.models.enums", PURE),
    ("tracker/export/model.py", "import tracker.models.enums", PURE),
    ("tracker/compliance/deadlines.py", "import tracker.stats.rules", APART),
    ("tracker/export/data.py", "from tracker.migrate import PROJECT_ROOT", PURE),
    ("tracker/ingest/cells.py", "import sqlalchemy", PURE),
    ("tracker/ingest/reader.py", "import tracker.services.loading.loader", READER),
    ("tracker/stats/rules.py", "import tracker.export.model", LAYERS),
    ("tracker/readmodel.py", "import tracker.carry", LAYERS),
    ("tracker/services/stats.py", "import tracker.cli.common", LAYERS),
    ("tracker/web/pages.py", "import tracker.models", QUERIES),
    # The assistance matching of issue 18 is a pure package under services, as indicators.
    ("tracker/assistance/output.py", "import tracker.listings.formats", LAYERS),
    ("tracker/assistance/match.py", "import tracker.models.enums", PURE),
    ("tracker/ingest/flows.py", "import tracker.services.store", READER),
]


@pytest.mark.parametrize(
    ("module", "line", "contract"), UPWARD, ids=[f"{m}: {i}" for m, i, _ in UPWARD]
)
def test_an_upward_import_breaks_a_contract(
    tmp_path: Path, module: str, line: str, contract: str
) -> None:
    shutil.copytree(
        REPO / "tracker", tmp_path / "tracker", ignore=shutil.ignore_patterns("__pycache__")
    )
    target = tmp_path / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", encoding="utf-8")
    done = lint(tmp_path)
    assert done.returncode != 0, f"{module}: {line} broke no contract"
    assert verdict(done.stdout, contract) == "BROKEN", done.stdout[-3000:]
    importer = module.removesuffix(".py").replace("/", ".")
    assert importer in done.stdout, done.stdout[-3000:]


def test_the_read_model_and_the_rules_load_no_sqlalchemy_when_run() -> None:
    # The same promise at run time: importing the pure packages loads neither the ORM nor a model.
    code = (
        "import sys\nimport tracker.readmodel, tracker.carry, tracker.stats.by_state, "
        "tracker.stats.output, tracker.compliance.known, tracker.compliance.deadline_output, "
        "tracker.export.data, tracker.codes, tracker.ingest.membership, tracker.ingest.decisions, "
        "tracker.ingest.flowfile, tracker.regions, tracker.assistance.match, "
        "tracker.assistance.output\n"
        "print('LOADED', sorted(m for m in sys.modules if m == 'sqlalchemy' "
        "or m.startswith(('tracker.models', 'tracker.db', 'tracker.services'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "LOADED []" in done.stdout, done.stdout
