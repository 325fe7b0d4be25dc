"""The command line's contract: fast help, exit codes, the head guard, one-line errors."""

from __future__ import annotations

import subprocess
import sys


def test_help_does_not_import_heavy_libraries():
    code = (
        "import sys; sys.argv=['tracker','--help']\n"
        "from tracker.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy=[m for m in ('pandas','openpyxl','sqlalchemy','python_calamine','starlette',"
        "'jinja2','uvicorn','argon2','itsdangerous','multipart','python_multipart','yaml',"
        "'matplotlib','docx')"
        " if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in out.stdout


def test_every_command_has_help_with_an_example(run_cli):
    import typer.main

    from tracker.cli import app

    group = typer.main.get_command(app)
    missing = []

    def walk(cmd, path):
        if hasattr(cmd, "commands"):
            for name, child in cmd.commands.items():
                walk(child, [*path, name])
        else:
            result = run_cli(*path, "--help")
            if result.exit_code != 0 or "Example" not in result.stdout:
                missing.append(" ".join(path))

    walk(group, [])
    assert missing == []


def test_data_commands_refuse_a_database_not_at_head(run_cli, tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    result = run_cli("--db", url, "states", "list")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"error: the database has no schema: run tracker --db {url} db upgrade first"
    ]


def test_db_upgrade_creates_and_is_idempotent(run_cli, tmp_path):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    assert run_cli("--db", url, "db", "upgrade").exit_code == 0
    second = run_cli("--db", url, "db", "upgrade")
    assert second.exit_code == 0
    assert "newest schema" in second.stdout


def test_url_password_is_never_printed(run_cli):
    from tracker.config import redact_url

    assert redact_url("postgresql+psycopg://ccm:s3cret@db.local/ccm") == (
        "postgresql+psycopg://ccm:***@db.local/ccm"
    )


def test_wrong_usage_is_exit_2(run_cli):
    assert run_cli("states", "list", "--parties-on", "yesterday").exit_code == 2
    assert run_cli("no-such-command").exit_code == 2
    assert run_cli("--db", "sqlite:///x.db", "demo").exit_code == 2


def test_backup_copies_a_sqlite_store(run_cli, tmp_path):
    import sqlite3

    url = f"sqlite:///{tmp_path / 'live.db'}"
    assert run_cli("--db", url, "db", "upgrade").exit_code == 0
    target = tmp_path / "copy.db"
    result = run_cli("--db", url, "db", "backup", str(target))
    assert result.exit_code == 0, result.stderr
    with sqlite3.connect(target) as conn:
        assert conn.execute("select count(*) from states").fetchone()[0] == 198
    again = run_cli("--db", url, "db", "backup", str(target))
    assert again.exit_code == 1 and "exists already" in again.stderr


def test_a_command_raising_typer_exit_keeps_its_code(monkeypatch):
    import pytest
    import typer

    from tracker import cli

    probe = typer.Typer()

    @probe.command()
    def fail() -> None:
        raise typer.Exit(3)

    monkeypatch.setattr(cli, "app", probe)
    monkeypatch.setattr(sys, "argv", ["tracker"])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    assert exited.value.code == 3


def test_the_workbook_reader_does_not_import_sqlalchemy():
    # Import workers load only the reader: without the ORM they start in about 0.1 s.
    code = (
        "import sys\nimport tracker.ingest.ahead, tracker.ingest.reader\n"
        "print('HEAVY', [m for m in ('sqlalchemy', 'pandas', 'openpyxl') if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in out.stdout
