"""Golden files: what people read, byte for byte, on the sample store and its edge cases.

Taken before the read model was redesigned (issue 15), so that the move cannot change an output
unnoticed: the statistics (text, ``--explain``, JSON, CSV), ``reports status``, ``state show``
(text and JSON), the messages of ``import`` and ``states import`` (and ``extensions import``),
and the donor workbook's cell values. Each case runs the command as a user does, in this process,
with "today" fixed, and compares its exit code, standard output and standard error with
``tests/golden/outputs/<case>.txt``.

Two stores: the bundled samples (revisions, carry-forward chains, a matrix shadowed by a
workbook, a withdrawn State, a signatory), and the same with three versions withdrawn (a
revision, so that its first version becomes current again; a link of a carry-forward chain; an
initial report). ``--on`` in the past is asked too.

After a deliberate change of an output, rewrite the files with
``TRACKER_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden_outputs.py`` and review the diff.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "imports" / "samples"
MEMBERSHIP = REPO / "imports" / "membership" / "sample-membership.csv"
GOLDEN = Path(__file__).resolve().parent / "golden" / "outputs"
UPDATE = bool(os.environ.get("TRACKER_UPDATE_GOLDEN"))
NOW = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)
WITHDRAWN = ("DEU-2021-annual-revised.xlsx", "TCD-2020-annual.xlsx", "ALB-2010-initial.xlsx")


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    def text(self) -> str:
        return f"exit {self.exit_code}\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"


def tracker(url: str, *args: object, cwd: Path = REPO) -> Run:
    """``tracker --db URL ARGS...`` in this process, from ``cwd``."""
    from tracker.cli import main
    from tracker.invocation import remember_db_option

    out, err, code = io.StringIO(), io.StringIO(), 0
    saved = sys.argv, os.environ.pop("TRACKER_DATABASE_URL", None), Path.cwd()
    sys.argv = ["tracker", "--db", url, *map(str, args)]
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.argv = saved[0]
        if saved[1] is not None:
            os.environ["TRACKER_DATABASE_URL"] = saved[1]
        os.chdir(saved[2])
        remember_db_option(None)
    return Run(code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="module", autouse=True)
def fixed_today() -> Iterator[None]:
    """Every case runs on 7 December 2026, 12:00 UTC (the day the files were taken)."""
    from tracker import clock

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clock, "now", lambda: NOW)
        patch.setattr(clock, "today", lambda: NOW.date())
        yield


def _store(folder: Path) -> str:
    url = f"sqlite:///{folder / 'tracker.db'}"
    for args in (("db", "upgrade"), ("states", "import", MEMBERSHIP)):
        run = tracker(url, *args)
        assert run.exit_code == 0, run.text()
    run = tracker(url, "import", "imports/samples", "--quiet", "--jobs", "0")
    assert run.exit_code == 0, run.text()
    return url


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> str:
    return _store(tmp_path_factory.mktemp("samples"))


def _sha(name: str) -> str:
    for line in (SAMPLES / "MANIFEST").read_text().splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1] == name:
            return parts[0]
    raise AssertionError(f"{name} is not in the samples' MANIFEST")


@pytest.fixture(scope="module")
def withdrawn(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = _store(tmp_path_factory.mktemp("withdrawn"))
    for name in WITHDRAWN:
        run = tracker(url, "reports", "withdraw", _sha(name)[:12], "--reason", "golden case")
        assert run.exit_code == 0, run.text()
    return url


def normalise(text: str, *folders: Path) -> str:
    """Paths of this checkout and of temporary folders written as placeholders."""
    for folder in folders:
        text = text.replace(str(folder), "<tmp>")
    return text.replace(str(REPO), "<repo>")


def assert_golden(name: str, actual: str) -> None:
    """``actual`` equals the golden file ``name`` (rewritten instead with TRACKER_UPDATE_GOLDEN)."""
    path = GOLDEN / f"{name}.txt"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.is_file(), f"no golden file {path.name}: take it with TRACKER_UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name}: the output differs from tests/golden/outputs/{path.name}"


STATS = {
    "stats-default": ("stats", "needs"),
    "stats-2025-2021": ("stats", "needs", "--as-of", "2025", "--since", "2021"),
    "stats-2025-2021-explain": (
        "stats",
        "needs",
        "--as-of",
        "2025",
        "--since",
        "2021",
        "--explain",
    ),
    "stats-2025-2021-json-explain": (
        *("stats", "needs", "--as-of", "2025", "--since", "2021"),
        *("--format", "json", "--explain"),
    ),
    "stats-2025-2021-csv": (
        "stats",
        "needs",
        "--as-of",
        "2025",
        "--since",
        "2021",
        "--format",
        "csv",
    ),
    "stats-current-digits-explain": (
        "stats",
        "needs",
        "--current",
        "--style",
        "digits",
        "--explain",
    ),
    "stats-2023-2019-json-explain": (
        *("stats", "needs", "--as-of", "2023", "--since", "2019"),
        *("--format", "json", "--explain"),
    ),
    "stats-2016-explain": ("stats", "needs", "--as-of", "2016", "--explain"),
    "stats-2030": ("stats", "needs", "--as-of", "2030"),
    # Taken before the statistics became a view of the indicators (issue 17): every format,
    # option and message not covered above.
    "stats-json": ("stats", "needs", "--format", "json"),
    "stats-current-json-explain": ("stats", "needs", "--current", "--format", "json", "--explain"),
    "stats-current-csv": ("stats", "needs", "--current", "--format", "csv"),
    "stats-digits": ("stats", "needs", "--style", "digits"),
    "stats-digits-json": ("stats", "needs", "--style", "digits", "--format", "json"),
    "stats-2024-one-year": ("stats", "needs", "--as-of", "2024", "--since", "2024"),
    "stats-2011-current-explain": ("stats", "needs", "--as-of", "2011", "--current", "--explain"),
    "stats-since-after-as-of": ("stats", "needs", "--as-of", "2020", "--since", "2022"),
    "stats-since-after-default": ("stats", "needs", "--since", "2030"),
    "stats-bad-style": ("stats", "needs", "--style", "letters"),
}
STATUS = {
    "status-default": ("reports", "status"),
    "status-2024": ("reports", "status", "--year", "2024", "--on", "2025-06-30"),
    "status-2024-json": (
        "reports",
        "status",
        "--year",
        "2024",
        "--on",
        "2025-06-30",
        "--format",
        "json",
    ),
    "status-2020-csv": (
        "reports",
        "status",
        "--year",
        "2020",
        "--on",
        "2021-12-31",
        "--format",
        "csv",
    ),
    "status-2012-early": ("reports", "status", "--year", "2012", "--on", "2013-03-01"),
    "status-2010-none-expected": ("reports", "status", "--year", "2010", "--on", "2011-06-30"),
    "status-2010-none-expected-json": (
        *("reports", "status", "--year", "2010", "--on", "2011-06-30", "--format", "json"),
    ),
    "status-2025-not-yet-due-json": (
        *("reports", "status", "--year", "2025", "--on", "2026-03-01", "--format", "json"),
    ),
    "status-2023-late-csv": ("reports", "status", "--year", "2023", "--format", "csv"),
    "status-after-today": ("reports", "status", "--on", "2027-01-01"),
}
PAGES = {
    f"state-{state.replace(' ', '-')}{'-' + on if on else ''}{'-json' if json_ else ''}": (
        *("state", "show", state),
        *(("--on", on) if on else ()),
        *(("--format", "json") if json_ else ()),
    )
    for state, on, json_ in [
        ("Chad", None, False),
        ("Chad", None, True),
        ("Peru", "2020-06-01", False),
        ("Peru", None, True),
        ("Lao PDR", None, False),
        ("Germany", "2022-05-01", True),
        ("Germany", None, False),
        ("Mauritania", None, True),
        ("Lithuania", None, False),
        ("Guinea-Bissau", "2024-01-31", False),
        ("Angola", None, False),
        ("Japan", None, True),
        ("Croatia", None, False),
        ("Cameroon", None, True),
        ("Slovenia", "2019-12-31", False),
    ]
}
COMMANDS = {**STATS, **STATUS, **PAGES}
WITHDRAWN_CASES = [
    "stats-2025-2021-explain",
    "stats-2025-2021-json-explain",
    "status-default",
    "state-Germany",
    "state-Chad",
    "state-Albania",
    "stats-current-digits-explain",
    "stats-2025-2021-csv",
    "stats-current-json-explain",
    "status-2024-json",
]
COMMANDS["state-Albania"] = ("state", "show", "Albania")


@pytest.mark.parametrize("case", sorted(COMMANDS))
def test_samples_store(samples: str, case: str) -> None:
    assert_golden(f"samples-{case}", tracker(samples, *COMMANDS[case]).text())


@pytest.mark.parametrize("case", WITHDRAWN_CASES)
def test_store_with_withdrawn_versions(withdrawn: str, case: str) -> None:
    assert_golden(f"withdrawn-{case}", tracker(withdrawn, *COMMANDS[case]).text())


# --- the donor workbook: every cell value ----------------------------------------------------


def cell_values(path: Path) -> str:
    """Every non-empty cell of every sheet, one per line, with its value's type."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    lines = []
    for sheet in book.worksheets:
        lines.append(f"# {sheet.title}")
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if value is None:
                    continue
                if isinstance(value, dt.datetime | dt.date):
                    shown = value.isoformat()
                elif isinstance(value, float | Decimal):
                    shown = repr(float(value))
                else:
                    shown = repr(value)
                lines.append(f"{cell.coordinate} {type(value).__name__} {shown}")
    return "\n".join(lines) + "\n"


DONORS = {
    "donors-default": (),
    "donors-2025-2021": ("--as-of", "2025", "--since", "2021"),
    "donors-2023-on-2024-06-30": ("--as-of", "2023", "--on", "2024-06-30"),
    # A judging day whose latest year due (2024) is not the default as-of year (2025).
    "donors-default-on-2026-03-01": ("--on", "2026-03-01"),
}


@pytest.mark.parametrize("case", sorted(DONORS))
def test_donor_workbook_cell_values(samples: str, tmp_path: Path, case: str) -> None:
    target = tmp_path / "donors.xlsx"
    run = tracker(samples, "export", "donors", "-o", target, *DONORS[case])
    assert run.exit_code == 0, run.text()
    assert_golden(f"samples-{case}", normalise(run.text(), tmp_path) + cell_values(target))


def test_donor_workbook_with_withdrawn_versions(withdrawn: str, tmp_path: Path) -> None:
    target = tmp_path / "donors.xlsx"
    run = tracker(withdrawn, "export", "donors", "-o", target, "--as-of", "2025")
    assert run.exit_code == 0, run.text()
    assert_golden("withdrawn-donors-2025", normalise(run.text(), tmp_path) + cell_values(target))


# --- the messages of import, states import and extensions import -----------------------------

SHA = re.compile(r"\b[0-9a-f]{64}\b")


@pytest.fixture(scope="module")
def membership_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('fresh') / 'tracker.db'}"
    for args in (("db", "upgrade"), ("states", "import", MEMBERSHIP)):
        assert tracker(url, *args).exit_code == 0
    return url


@pytest.mark.parametrize("output", ["text", "json"])
def test_import_messages_of_the_samples(membership_store: str, output: str) -> None:
    run = tracker(
        membership_store,
        "import",
        "imports/samples",
        "--dry-run",
        "--jobs",
        "0",
        "--format",
        output,
    )
    assert_golden(f"import-samples-{output}", run.text())


def bad_workbooks(folder: Path) -> Path:
    """A folder of workbooks that break one rule each (built from the layout, as a State would)."""
    from tests.workbooks import DROP, build_matrix, build_report

    folder.mkdir()
    build_report(folder / "unknown-state.xlsx", cover_overrides={"state": "Chadd"})
    build_report(folder / "bad-dates.xlsx", cover_overrides={"submitted_on": "31/02/2024"})
    build_report(folder / "no-submission-date.xlsx", cover_overrides={"submitted_on": None})
    build_report(folder / "future.xlsx", year=2026, cover_overrides={"submitted_on": "2027-04-30"})
    build_report(folder / "no-state-label.xlsx", cover_overrides={"state": DROP})
    build_report(
        folder / "values.xlsx",
        forms={
            "B": {"fields": {"status": "maybe"}},
            "I": {
                "tables": {
                    "needs": [
                        {"area": "Clearance", "needed": "perhaps", "estimated_cost": "12 apples"},
                        {"area": "Clearance", "needed": "yes", "estimated_cost": 1000},
                    ]
                }
            },
        },
    )
    build_report(
        folder / "cover.xlsx",
        report_type="initial",
        forms={"J": {"status": "unchanged", "last_reported": 2020}, "G": {"sheet": False}},
    )
    build_report(
        folder / "carried.xlsx",
        state="Lao PDR",
        year=2024,
        forms={"F": {"status": "unchanged", "last_reported": 2019}},
    )
    build_matrix(
        folder / "matrix.xlsx",
        [
            [
                "Chad",
                2016,
                "never held",
                "contaminated",
                "yes",
                "no",
                "yes",
                "no",
                "no",
                "2017-04-30",
            ],
            [
                "Chad",
                2016,
                "never held",
                "contaminated",
                "yes",
                "no",
                "yes",
                "no",
                "no",
                "2017-04-30",
            ],
            ["Atlantis", 2016, "never held", "", "", "", "", "", "", "2017-04-30"],
        ],
    )
    (folder / "notes.txt").write_text("not a workbook\n")
    (folder / "~$open.xlsx").write_bytes(b"lock")
    (folder / "text.xlsx").write_text("State,Year\nChad,2020\n")
    return folder


@pytest.mark.parametrize("output", ["text", "json"])
def test_import_messages_of_bad_files(
    membership_store: str, tmp_path_factory: pytest.TempPathFactory, output: str
) -> None:
    folder = bad_workbooks(tmp_path_factory.mktemp("bad") / "files")
    corpus = folder.parent / "corpus"  # a copy: the sorted paths must not depend on the checkout
    shutil.copytree(REPO / "tests" / "corpus", corpus)
    run = tracker(
        membership_store,
        *("import", folder, corpus, folder / "missing.xlsx", "--dry-run", "--jobs", "0"),
        *("--format", output),
        cwd=folder.parent,
    )
    text = SHA.sub("<sha256>", normalise(run.text(), folder.parent))
    assert_golden(f"import-bad-files-{output}", text)


MEMBERSHIP_CASES = {
    "bad.csv": "State,Signed,Deposited,Deposit type,Withdrawal effective,Colour\n"
    "Chad,2008-12-03,2013-03-26,ratification,,blue\n"
    "Atlantis,2008-12-03,,,,\n"
    "Peru,2008-12-03,31/02/2012,ratification,,\n"
    "Laos,2008-12-03,2009-03-18,gift,,\n"
    "Lao PDR,,,,,\n"
    ",2008-12-03,,,,\n"
    "Lithuania,2008-12-03,,,2025-03-06,\n",
    "semicolons.csv": "State;Signed;Deposited\nChad;2008-12-03;2013-03-26\n",
    "empty.csv": "",
    "latin1.csv": "State,Signed,Deposited,Deposit type,Withdrawal effective\nC\xf4te d'Ivoire,,,,\n",
    "good-with-warning.csv": "State,Signed,Deposited,Deposit type,Withdrawal effective,Source\n"
    "Lithuania,2008-12-03,,,2025-03-06,illustrative\n",
}


def _membership_file(folder: Path, name: str) -> Path:
    path = folder / name
    text = MEMBERSHIP_CASES[name]
    path.write_bytes(text.encode("latin-1") if name.startswith("latin1") else text.encode())
    return path


@pytest.mark.parametrize("name", sorted(MEMBERSHIP_CASES))
def test_states_import_messages(membership_store: str, tmp_path: Path, name: str) -> None:
    path = _membership_file(tmp_path, name)
    run = tracker(membership_store, "states", "import", path.name, cwd=tmp_path)
    assert_golden(f"states-import-{name.removesuffix('.csv')}", normalise(run.text(), tmp_path))


def test_states_import_messages_of_a_workbook(membership_store: str, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Members"
    sheet.append(["State", "Signed", "Deposited", "Deposit type", "Withdrawal effective"])
    sheet.append(["Chad", dt.date(2008, 12, 3), dt.date(2013, 3, 26), "ratification", None])
    sheet.append(["Narnia", dt.date(2008, 12, 3), None, None, None])
    sheet.append(["Peru", "sometime", None, "accession", None])
    book.save(tmp_path / "members.xlsx")
    run = tracker(membership_store, "states", "import", "members.xlsx", cwd=tmp_path)
    assert_golden("states-import-workbook", normalise(run.text(), tmp_path))


def test_extensions_import_messages(membership_store: str, tmp_path: Path) -> None:
    (tmp_path / "decisions.csv").write_text(
        "State,Article,Extended until,Decided on,Meeting,Source,Notes\n"
        "Germany,4,2030-08-01,2029-09-04,Fifteenth MSP,report,\n"
        "Atlantis,5,2020-01-01,2021-01-01,,,\n"
        "Chad,4,31/02/2025,2019,Ninth MSP,report,\n"
        "Chad,4,2024-08-01,2019-09-04,Ninth MSP,report,\n"
        "Chad,4,2024-08-01,2019-09-04,Ninth MSP,report,\n"
    )
    run = tracker(membership_store, "extensions", "import", "decisions.csv", cwd=tmp_path)
    assert_golden("extensions-import-bad", normalise(run.text(), tmp_path))
    (tmp_path / "nothing.csv").write_text("Country,When\n")
    run = tracker(membership_store, "extensions", "import", "nothing.csv", cwd=tmp_path)
    assert_golden("extensions-import-headers", normalise(run.text(), tmp_path))


@pytest.fixture(scope="module")
def bare_stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A store with no membership record and no report, and one with memberships only."""
    stores = {}
    for name in ("nothing", "members-only"):
        url = f"sqlite:///{tmp_path_factory.mktemp(name) / 'tracker.db'}"
        assert tracker(url, "db", "upgrade").exit_code == 0
        if name == "members-only":
            assert tracker(url, "states", "import", MEMBERSHIP).exit_code == 0
        stores[name] = url
    return stores


BARE = {
    f"{store}-{case}": (store, args)
    for store in ("nothing", "members-only")
    for case, args in {
        "stats": ("stats", "needs"),
        "stats-json": ("stats", "needs", "--format", "json"),
        "stats-2024": ("stats", "needs", "--as-of", "2024"),
        "status": ("reports", "status", "--year", "2024", "--on", "2025-06-30"),
        "status-json": (
            *("reports", "status", "--year", "2024", "--on", "2025-06-30", "--format", "json"),
        ),
    }.items()
}


@pytest.mark.parametrize("case", sorted(BARE))
def test_stores_without_reports(bare_stores: dict[str, str], case: str) -> None:
    store, args = BARE[case]
    url = bare_stores[store]
    text = tracker(url, *args).text().replace(url, "sqlite:///<tmp>/tracker.db")
    assert_golden(f"bare-{case}", text)


def test_every_golden_file_belongs_to_a_case() -> None:
    names = {f"samples-{c}" for c in COMMANDS} | {f"withdrawn-{c}" for c in WITHDRAWN_CASES}
    names |= {f"samples-{c}" for c in DONORS} | {"withdrawn-donors-2025"}
    names |= {f"import-samples-{o}" for o in ("text", "json")}
    names |= {f"import-bad-files-{o}" for o in ("text", "json")}
    names |= {f"states-import-{n.removesuffix('.csv')}" for n in MEMBERSHIP_CASES}
    names |= {"states-import-workbook", "extensions-import-bad", "extensions-import-headers"}
    names |= {f"bare-{c}" for c in BARE}
    found = {p.stem for p in GOLDEN.glob("*.txt")}
    assert sorted(found - names) == [], "golden files without a case: remove them"
    if not UPDATE:
        assert sorted(names - found) == [], "cases without a golden file"
