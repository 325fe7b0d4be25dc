"""``tracker import`` on odd paths and odd text (issue 14, defect 8): pipes, devices, broken
links, line breaks in names and values, file names starting with ``-``."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.workbooks import build_report, edit_cells

pytestmark = pytest.mark.skipif(os.name != "posix", reason="pipes and /dev/zero are POSIX")


@pytest.fixture
def store(sqlite_engine, sqlite_url):
    return sqlite_url


def test_a_fifo_named_on_the_command_line_is_rejected_not_missing_and_never_opened(
    store, run_cli, tmp_path
):
    fifo = tmp_path / "report.xlsx"
    os.mkfifo(fifo)  # opening it for reading would block forever
    result = run_cli("--db", store, "import", str(fifo), "--format", "json")
    assert result.exit_code == 1
    [entry] = json.loads(result.stdout)["files"]
    [issue] = entry["issues"]
    assert issue["code"] == "not-a-file" and "pipe" in issue["message"]
    assert "no such file" not in issue["message"]


def test_dev_zero_is_a_device_not_a_missing_file(store, run_cli):
    result = run_cli("--db", store, "import", "/dev/zero")
    assert result.exit_code == 1
    assert "/dev/zero: error not-a-file: this is a device, not a workbook file" in result.stdout


def test_broken_links_and_special_files_in_a_folder_get_an_info_note(store, run_cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    build_report(folder / "chad.xlsx")
    (folder / "gone.xlsx").symlink_to(tmp_path / "nowhere.xlsx")
    os.mkfifo(folder / "pipe.xlsx")
    result = run_cli("--db", store, "import", str(folder))
    assert result.exit_code == 0, result.stdout + result.stderr
    out = result.stdout
    assert f"{folder / 'gone.xlsx'}: info broken-link-skipped: a link that leads nowhere" in out
    assert f"{folder / 'pipe.xlsx'}: info special-file-skipped: a pipe (FIFO)" in out
    assert "1 imported" in out.splitlines()[-1]


def test_line_breaks_in_a_file_name_and_a_value_stay_on_one_line(store, run_cli, tmp_path):
    built = build_report(tmp_path / "good.xlsx")
    edit_cells(built.path, {(built.sheet("cover"), built.cell("cover", "state")): "Atl\nantis"})
    odd = tmp_path / "two\nlines.xlsx"
    shutil.move(built.path, odd)
    result = run_cli("--db", store, "import", str(odd))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    shown = str(odd).replace("\n", "\\n")
    assert lines[0] == f"rejected    {shown}"
    [issue] = [line for line in lines if "unknown-state" in line]
    assert issue.startswith(f"{shown}: Cover!B1: error unknown-state")
    assert issue.endswith("(value: Atl\\nantis)")
    assert len(lines) == 3  # the file, its issue, the summary: nothing split


def test_a_file_name_starting_with_a_dash_gets_a_hint(store, run_cli, tmp_path):
    build_report(tmp_path / "-chad.xlsx")  # run_cli runs in tmp_path
    result = run_cli("--db", store, "import", "-chad.xlsx")
    assert result.exit_code == 2
    assert "No such option" in result.stderr
    assert "write it as ./-chad.xlsx, or put -- before the file names" in result.stderr
    ok = run_cli("--db", store, "import", "--", "-chad.xlsx")
    assert ok.exit_code == 0, ok.stdout + ok.stderr
    assert Path(tmp_path / "-chad.xlsx").exists()
