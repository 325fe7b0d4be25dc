"""``tracker extensions import|list|remove`` and the shipped decisions (``compliance.md``).

On SQLite and PostgreSQL: a good file is stored and audited, the same file again changes
nothing, a file with any error changes nothing and every error names its row and cell.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from tracker import clock
from tracker.db import transaction
from tracker.ingest.decisions import read_decisions
from tracker.models import AuditEvent
from tracker.services.extensions import list_decisions, shipped_path
from tracker.services.setup import upgrade_database

D = dt.date
HEADER = "State,Article,Extended until,Decided on,Meeting,Source\n"
PERU = "Peru,3,2024-03-01,2020-11-25,Second Review Conference (2RC),CCM/CONF/2020/x\n"
LAO = "Lao PDR,4,2025-08-01,2020-11-25,Second Review Conference (2RC),CCM/CONF/2020/y\n"


def write(tmp_path: Path, text: str, name: str = "decisions.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def events(engine) -> list[tuple[str, str, str | None, str | None]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(AuditEvent.action, AuditEvent.subject, AuditEvent.reason, AuditEvent.detail)
            .order_by(AuditEvent.id)
        )  # fmt: skip
        return [tuple(r) for r in rows]


def stored(engine) -> list[tuple[object, ...]]:
    with transaction(engine) as s:
        return [
            (d.state_iso3, d.article, d.extended_until, d.decided_on, d.meeting, d.source, d.origin)
            for d in list_decisions(s)
        ]


def test_the_shipped_file_is_valid_and_loaded_by_upgrade(engine):
    parsed = read_decisions(shipped_path())
    assert parsed.ok and len(parsed.rows) == 1
    assert stored(engine) == [
        (
            "DEU", 4, D(2025, 8, 1), D(2019, 9, 4),
            "Ninth Meeting of States Parties (9MSP) Geneva 2-4 September 2019",
            parsed.rows[0].source, "shipped",
        )
    ]  # fmt: skip
    upgrade_database(engine)  # again: nothing doubled
    assert len(stored(engine)) == 1


def test_import_adds_lists_and_audits_and_again_changes_nothing(engine, db_url, run_cli, tmp_path):
    path = write(tmp_path, HEADER + PERU + LAO)
    result = run_cli("--db", db_url, "extensions", "import", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "decisions.csv: 2 decisions: 2 added, 0 corrected, 0 unchanged\n"
    assert [e[:2] for e in events(engine)] == [
        ("extensions-import", "PER Article 3 decided 2020-11-25"),
        ("extensions-import", "LAO Article 4 decided 2020-11-25"),
    ]
    assert events(engine)[0][3] == (
        "added from decisions.csv: extended until 2024-03-01 (Second Review Conference (2RC); "
        "CCM/CONF/2020/x)"
    )
    before = stored(engine)
    again = run_cli("--db", db_url, "extensions", "import", str(path))
    assert again.stdout == "decisions.csv: 2 decisions: 0 added, 0 corrected, 2 unchanged\n"
    assert stored(engine) == before and len(events(engine)) == 2

    listed = run_cli("--db", db_url, "extensions", "list", "--format", "json")
    assert [(d["state"], d["article"], d["origin"]) for d in json.loads(listed.stdout)] == [
        ("DEU", 4, "shipped"),
        ("LAO", 4, "imported"),
        ("PER", 3, "imported"),
    ]
    peru = run_cli("--db", db_url, "extensions", "list", "--state", "Pérou")
    assert peru.stdout.splitlines() == [
        "PER  Peru  Article 3: extended until 2024-03-01, decided 2020-11-25 by Second Review "
        "Conference (2RC) [imported]  source: CCM/CONF/2020/x",
        "1 decision",
    ]
    csv_out = run_cli("--db", db_url, "extensions", "list", "--state", "LAO", "--format", "csv")
    assert csv_out.stdout == (
        "State,ISO3,Article,Extended until,Decided on,Meeting,Source\n"
        "Lao People's Democratic Republic,LAO,4,2025-08-01,2020-11-25,"
        "Second Review Conference (2RC),CCM/CONF/2020/y\n"
    )
    none = run_cli("--db", db_url, "extensions", "list", "--state", "Chile")
    assert (
        none.stdout
        == "no extension decisions for Chile (tracker extensions import FILE adds them)\n"
    )


def test_a_row_with_the_same_key_corrects_the_decision_even_a_shipped_one(
    engine, db_url, run_cli, tmp_path
):
    fixed = "Germany,4,2025-08-02,2019-09-04,9MSP,the meeting's final report (corrected)\n"
    result = run_cli("--db", db_url, "extensions", "import", str(write(tmp_path, HEADER + fixed)))
    assert result.stdout.endswith("1 decision: 0 added, 1 corrected, 0 unchanged\n")
    (row,) = stored(engine)
    assert row[2] == D(2025, 8, 2) and row[-1] == "imported"
    assert events(engine)[-1][3].startswith(
        "corrected from decisions.csv: was extended until 2025-08-01 (Ninth Meeting"
    )
    upgrade_database(engine)  # the shipped row never overwrites the ISU's
    assert stored(engine) == [row]


def test_a_workbook_is_read_like_a_csv(engine, db_url, run_cli, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["State", "Article", "Extended until", "Decided on", "Meeting", "Source"])
    sheet.append(["Chile", 4, dt.datetime(2026, 6, 1), dt.datetime(2021, 9, 20), "9MSP", "report"])
    book.save(tmp_path / "decisions.xlsx")
    result = run_cli("--db", db_url, "extensions", "import", str(tmp_path / "decisions.xlsx"))
    assert result.exit_code == 0, result.stderr
    assert ("CHL", 4, D(2026, 6, 1), D(2021, 9, 20), "9MSP", "report", "imported") in stored(engine)


def test_a_file_with_errors_changes_nothing_and_every_error_names_row_and_cell(
    engine, db_url, run_cli, tmp_path, monkeypatch
):
    monkeypatch.setattr(clock, "today", lambda: D(2026, 12, 7))
    rows = [
        PERU,  # row 2: fine, but the file is refused whole
        "Peruu,3,2024-03-01,2020-11-25,2RC,src\n",  # row 3
        "Chile,5,2024-03-01,2020-11-25,2RC,src\n",  # row 4
        "Chile,4,31/02/2024,2020-11-25,2RC,src\n",  # row 5
        "Chile,4,2020-11-25,2024-03-01,2RC,src\n",  # row 6: swapped dates
        "Chile,4,2028-03-01,2026-12-08,14MSP,src\n",  # row 7: decided tomorrow
        "Chile,4,2028-03-01,2021-09-20,,\n",  # row 8: meeting and source blank
        "\n",  # blank lines are skipped
        PERU,  # row 10: the same key as row 2
    ]
    path = write(tmp_path, HEADER + "".join(rows))
    before, audit = stored(engine), events(engine)
    result = run_cli("--db", db_url, "extensions", "import", str(path))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[:-1] == [
        "decisions.csv: row 3, State (A3): unknown State 'Peruu': did you mean 'Peru'? write "
        "the State's name in English, French, Spanish, Arabic, Chinese or Russian, or its ISO 3166 "
        "alpha-3 code",
        "decisions.csv: row 4, Article (B4): '5' is not 3 or 4: write 3 (stockpile "
        "destruction) or 4 (clearance)",
        "decisions.csv: row 5, Extended until (C5): '31/02/2024' is not a real calendar date: "
        "write a date as 2025-04-30, 30/04/2025 or 30 April 2025",
        "decisions.csv: row 6, Extended until (C6): 2020-11-25 is not after the date decided "
        "(2024-03-01): an extension runs to a later date than the meeting that grants it; "
        "check the two dates are not swapped",
        "decisions.csv: row 7, Decided on (D7): 2026-12-08 is after today (2026-12-07): "
        "record a decision once the meeting has taken it",
        "decisions.csv: row 8, Meeting (E8): write the meeting that took it (e.g. Ninth "
        "Meeting of States Parties)",
        "decisions.csv: row 8, Source (F8): write where the decision is recorded (the "
        "meeting's report, a URL)",
        "decisions.csv: row 10, Decided on (D10): the same decision as row 2 (Peru, Article 3, "
        "decided 2020-11-25): keep one row per State, Article and Decided on",
    ]
    assert lines[-1] == (
        "error: decisions.csv: 8 errors, nothing imported: correct the rows above and import "
        "the file again"
    )
    assert stored(engine) == before and events(engine) == audit


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("State,Article,Extended until,Meeting\nPeru,3,2024-03-01,2RC\n",
         "decisions.csv: row 1: missing columns 'Decided on', 'Source': the header row needs "
         "State, Article, Extended until, Decided on, Meeting, Source"),
        (HEADER, "decisions.csv: no decisions below the header row: the header row needs "
         "State, Article, Extended until, Decided on, Meeting, Source"),
        ("", "decisions.csv: row 1: no header row: the header row needs State, Article, "
         "Extended until, Decided on, Meeting, Source"),
    ],
)  # fmt: skip
def test_a_file_without_the_columns_or_rows_is_refused(
    engine, db_url, run_cli, tmp_path, text, message
):
    result = run_cli("--db", db_url, "extensions", "import", str(write(tmp_path, text)))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == message
    assert result.stderr.splitlines()[-1].startswith("error: decisions.csv: 1 error, nothing")


def test_unknown_columns_are_a_warning_and_semicolons_work(engine, db_url, run_cli, tmp_path):
    text = "State;Article;Extended until;Decided on;Meeting;Source;Notes\n" + PERU.replace(
        ",", ";"
    ).replace("\n", ";checked\n")
    result = run_cli("--db", db_url, "extensions", "import", str(write(tmp_path, text)))
    assert result.exit_code == 0, result.stderr
    assert (
        result.stderr == "decisions.csv: row 1, Notes (G1): warning: column 'Notes' is not read\n"
    )


def test_remove_is_audited_with_its_reason(engine, db_url, run_cli):
    result = run_cli(
        "--db", db_url, "extensions", "remove", "Germany", "4", "2019-09-04",
        "--reason", "recorded under the wrong meeting",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("removed: DEU Article 4 decided 2019-09-04 (extended until")
    assert stored(engine) == []
    action, subject, reason, detail = events(engine)[-1]
    assert (action, subject, reason) == (
        "extensions-remove",
        "DEU Article 4 decided 2019-09-04",
        "recorded under the wrong meeting",
    )
    assert detail is not None and detail.startswith("removed: extended until 2025-08-01")
    again = run_cli(
        "--db", db_url, "extensions", "remove", "DEU", "4", "2019-09-04", "--reason", "x"
    )
    assert again.exit_code == 1
    assert again.stderr == (
        "error: no extension decision of DEU on Article 4 decided on 2019-09-04: tracker "
        "extensions list --state DEU shows the decisions stored\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["DEU", "5", "2019-09-04", "--reason", "x"], "error: ARTICLE is 3 or 4, not 5"),
        (["DEU", "4", "4/9/2019", "--reason", "x"], "error: DATE takes a date as YYYY-MM-DD"),
        (["DEU", "4", "2019-09-04", "--reason", " "], "error: --reason must say why"),
    ],
)
def test_remove_refuses_wrong_usage_and_changes_nothing(engine, db_url, run_cli, args, message):
    result = run_cli("--db", db_url, "extensions", "remove", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert len(stored(engine)) == 1


def test_csv_text_that_could_run_as_a_formula_is_guarded(engine, db_url, run_cli, tmp_path):
    row = 'Peru,3,2024-03-01,2020-11-25,"=HYPERLINK(""http://x"")",@source\n'
    run_cli("--db", db_url, "extensions", "import", str(write(tmp_path, HEADER + row)))
    out = run_cli("--db", db_url, "extensions", "list", "--state", "PER", "--format", "csv")
    assert out.stdout.splitlines()[1].endswith(""","'=HYPERLINK(""http://x"")",'@source""")
