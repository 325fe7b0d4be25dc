"""The real ``tracker serve`` in a subprocess, and Debian's Chromium driven by Playwright.

Shared by the browser tests (tests/browser/) and the screenshots (scripts/screenshots.py). The
server runs exactly as a person runs it: the installed ``tracker`` program, on a free loopback
port, against a store prepared with the ``tracker`` commands themselves. Chromium is the
system's (``/usr/bin/chromium``, Debian's package): ``playwright install`` is never run.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
TRACKER = Path(sys.executable).parent / "tracker"
SAMPLES = ROOT / "imports" / "samples"
SAMPLE_MEMBERSHIP = ROOT / "imports" / "membership" / "sample-membership.csv"
CHROMIUM = Path(os.environ.get("TRACKER_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--no-first-run",
]


def free_port() -> int:
    """A TCP port nothing listens on now (on the loopback interface)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tracker(db_url: str, *args: str, stdin: str | None = None) -> str:
    """Run ``tracker --db URL ARGS...``; its standard output (it must succeed)."""
    env = {k: v for k, v in os.environ.items() if k != "TRACKER_DATABASE_URL"}
    done = subprocess.run(
        [str(TRACKER), "--db", db_url, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    if done.returncode != 0:
        raise RuntimeError(f"tracker {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def prepare_store(db_url: str, users: dict[str, tuple[str, str]], *, samples: bool = False) -> None:
    """Migrate the store, add ``users`` (name: (role, password)), import the samples if asked."""
    tracker(db_url, "db", "upgrade")
    for name, (role, password) in users.items():
        tracker(
            db_url, "users", "add", name, "--role", role, "--password-file", "-", stdin=password
        )
    if samples:
        tracker(db_url, "states", "import", str(SAMPLE_MEMBERSHIP))
        tracker(db_url, "import", str(SAMPLES), "--quiet")


@dataclass
class Server:
    """A running ``tracker serve``."""

    process: subprocess.Popen[str]
    base_url: str
    log: Path

    def stop(self) -> None:
        """Stop it (Ctrl-C, as a person would), then for good if it does not stop."""
        if self.process.poll() is None:
            self.process.send_signal(2)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_server(
    db_url: str, log: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 30
) -> Server:
    """Start ``tracker serve`` on a free port; returns once /healthz answers 200."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    environment = {k: v for k, v in os.environ.items() if k != "TRACKER_DATABASE_URL"}
    environment.update(env or {})
    out = log.open("w")
    process = subprocess.Popen(
        [str(TRACKER), "--db", db_url, "serve", "--port", str(port), *args],
        stdout=out,
        stderr=subprocess.STDOUT,
        text=True,
        env=environment,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"tracker serve stopped: {log.read_text()}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return Server(process, base, log)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"tracker serve did not answer within {timeout} s: {log.read_text()}")


def launch(playwright: Any) -> Any:
    """Debian's Chromium, headless, making no request of its own."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def chromium_missing() -> str | None:
    """Why the browser tests cannot run here (None when they can)."""
    if not CHROMIUM.exists():
        return f"Chromium is not installed at {CHROMIUM} (Debian: apt-get install chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[dev]')"
    return None
