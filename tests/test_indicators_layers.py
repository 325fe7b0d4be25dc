"""The indicators package is pure: no SQLAlchemy anywhere, heavy libraries only where they draw."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import tracker.indicators


def _loaded_after(modules: list[str]) -> set[str]:
    code = (
        "import sys, importlib\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print(' '.join(sorted(m for m in ('sqlalchemy', 'openpyxl', 'docx', 'matplotlib', 'yaml', 'pandas') if m in sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_no_indicator_module_loads_sqlalchemy():
    modules = [
        f"tracker.indicators.{m.name}" for m in pkgutil.iter_modules(tracker.indicators.__path__)
    ]
    assert "tracker.indicators.report" in modules and len(modules) >= 11
    assert "sqlalchemy" not in _loaded_after(modules)


def test_word_and_matplotlib_are_imported_only_when_drawing():
    pure = [
        "tracker.indicators.catalogue",
        "tracker.indicators.results",
        "tracker.indicators.output",
        "tracker.indicators.charts",
        "tracker.indicators.report",
    ]
    assert _loaded_after(pure) & {"docx", "matplotlib", "openpyxl", "yaml"} == set()
