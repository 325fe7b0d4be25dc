"""Command lines printed for a person work as printed from the folder the tracker ran in.

Finding 12 of issue 13: the demo's last line (``Explore: tracker --db … state show Chad``) failed
as printed because ``tracker`` was not on the PATH after ``make demo``.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tracker import invocation


@pytest.fixture
def no_tracker_on_path(monkeypatch):
    monkeypatch.setattr(invocation.shutil, "which", lambda name: None)


def test_started_by_a_bare_name_is_on_path():
    assert invocation.program("tracker") == ["tracker"]


def test_inside_another_program_the_documented_name(no_tracker_on_path):
    assert invocation.program("/usr/bin/pytest") == ["tracker"]
    assert invocation.program("") == ["tracker"]


def test_a_venv_program_not_on_path_is_named_as_started(no_tracker_on_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert invocation.program(".venv/bin/tracker") == [".venv/bin/tracker"]
    inside = tmp_path / ".venv" / "bin" / "tracker"
    assert invocation.program(str(inside)) == [".venv/bin/tracker"]  # shorter, still works here
    assert invocation.program("/opt/ccm/bin/tracker") == ["/opt/ccm/bin/tracker"]


def test_the_program_on_path_is_tracker_only_when_it_is_this_one(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    this = bin_dir / "tracker"
    this.write_text("#!/bin/sh\n")
    other = tmp_path / "other-tracker"
    other.write_text("#!/bin/sh\n")
    monkeypatch.setattr(invocation.shutil, "which", lambda name: str(this))
    assert invocation.program(str(this)) == ["tracker"]
    monkeypatch.setattr(invocation.shutil, "which", lambda name: str(other))
    assert invocation.program(str(this)) == [str(this)]  # "tracker" would run another install


def test_python_dash_m(no_tracker_on_path, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    main = str(Path(invocation.__file__).with_name("__main__.py"))
    assert invocation.program(main) == [
        invocation._shown(Path(sys.executable)),
        "-m",
        "tracker",
    ]


def test_command_line_repeats_db_without_password_and_quotes(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["tracker"])
    invocation.remember_db_option("postgresql+psycopg://alice:s3cret@db.local/ccm")
    try:
        line = invocation.command_line("state", "show", "Lao PDR")
    finally:
        invocation.remember_db_option(None)
    assert line == "tracker --db postgresql+psycopg://alice@db.local/ccm state show 'Lao PDR'"
    assert "s3cret" not in line
    assert invocation.command_line("reports", "list") == "tracker reports list"


def test_the_demo_explore_line_runs_as_printed_from_its_folder(tmp_path):
    """Run the real program by the path ``make demo`` uses; paste its last line; it works."""
    program = Path(sys.executable).with_name("tracker")
    if not program.exists():
        pytest.skip(reason=f"no installed tracker program beside {sys.executable}")
    env = {k: v for k, v in os.environ.items() if k != "TRACKER_DATABASE_URL"}
    bin_dir = str(program.parent)
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", "").split(os.pathsep) if p and Path(p) != program.parent
    )
    assert bin_dir not in env["PATH"].split(os.pathsep)
    folder = tmp_path / "work"
    folder.mkdir()
    link = folder / "venv-bin"
    link.symlink_to(program.parent)
    started = "venv-bin/tracker"
    demo = subprocess.run(
        [started, "demo", "--dir", "my demo"],  # a space: the printed line must quote it
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert demo.returncode == 0, demo.stderr
    last = demo.stdout.strip().splitlines()[-1]
    assert last == "Explore: venv-bin/tracker --db 'sqlite:///my demo/tracker.db' state show Chad"
    words = shlex.split(last.removeprefix("Explore: "))
    explore = subprocess.run(
        words, cwd=folder, env=env, capture_output=True, text=True, check=False
    )
    assert explore.returncode == 0, explore.stderr
    assert "Chad" in explore.stdout
