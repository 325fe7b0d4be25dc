"""The donor workbook on the bundled samples: what ``tracker demo`` writes and ``export donors``.

The samples' reports are listed in ``imports/samples/MANIFEST``, so every sheet must say that
the figures are illustrative; the figures must be those of the two CLI commands.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.test_export_donors import REPORTING, SUMMARY
from tests.test_export_support import day, load, pairs, table, texts
from tracker import clock
from tracker.export.model import SAMPLE_BANNER
from tracker.samples import sample_hashes


@pytest.mark.slow
def test_the_samples_workbook_is_marked_and_equals_the_cli(run_cli, tmp_path):
    if not sample_hashes():
        pytest.skip(reason="no sample digests in tracker/data/samples.sha256")
    folder = tmp_path / "demo"
    result = run_cli("demo", "--dir", str(folder))
    assert result.exit_code == 0, result.stderr
    db = f"sqlite:///{folder / 'tracker.db'}"
    exported = run_cli("--db", db, "export", "donors", "-o", "donors.xlsx")
    assert exported.exit_code == 0, exported.stderr
    book = load(tmp_path / "exports" / "donors.xlsx")

    for sheet in book.worksheets:
        assert SAMPLE_BANNER in texts(sheet), sheet.title
        for row in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in row), sheet.title

    stats = json.loads(run_cli("--db", db, "stats", "needs", "--format", "json").stdout)
    rows = table(book["Summary"], SUMMARY)
    assert [(r["States with obligations"], r["Of which declared needs"]) for r in rows] == [
        (s["denominator"], s["numerator"]) for s in stats["statistics"]
    ]
    for s in stats["statistics"]:
        assert s["sentence"] in texts(book["Summary"])
        iso3 = {r["ISO3"] for r in table(book[f"Article {s['article']}"], [
            "State", "ISO3", "Status (has/had)", "Completed on", "Deadline", "Extension until",
            "Need declared", "Description", "Latest report year",
        ])}  # fmt: skip
        assert iso3 == set(s["denominator_states"])

    as_of = stats["as_of"]
    on = min(dt.date(as_of + 1, 12, 31), clock.today())  # never a day that has not come
    assert day(pairs(book["Summary"])["Reporting judged on"]) == on
    status = json.loads(
        run_cli(
            "--db", db, "reports", "status", "--year", str(as_of), "--on", on.isoformat(),
            "--format", "json",
        ).stdout
    )  # fmt: skip
    assert sorted(r["ISO3"] for r in table(book["Reporting"], REPORTING)) == sorted(
        s["state"] for s in status["states"]
    )

    # The demo's own workbook comes from the same function: the same values but the time.
    demo = load(folder / "donor-summary.xlsx")
    assert demo.sheetnames == book.sheetnames
    for mine, theirs in zip(book.worksheets, demo.worksheets, strict=True):
        a = [[c.value for c in row] for row in mine.iter_rows()]
        b = [[c.value for c in row] for row in theirs.iter_rows()]
        differ = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        assert all(a[i][0] in ("Generated (UTC)", "Database") for i in differ), mine.title
