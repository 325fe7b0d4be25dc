"""The demo: a fresh SQLite store in a folder, loaded with the bundled sample data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tracker.migrate import PROJECT_ROOT

SAMPLES = PROJECT_ROOT / "imports" / "samples"
SAMPLE_MEMBERSHIP = PROJECT_ROOT / "imports" / "membership"
SHIPPED_MEMBERSHIP = PROJECT_ROOT / "tracker" / "data" / "ccm-membership-partial.csv"


def membership_files() -> list[Path]:
    """The sample membership list(s), else the shipped partial list."""
    files = sorted(p for p in SAMPLE_MEMBERSHIP.glob("*") if p.suffix in (".csv", ".xlsx"))
    return files or [SHIPPED_MEMBERSHIP]


def run_demo(directory: Path, echo: Callable[[str], None]) -> None:
    """Recreate ``directory/tracker.db`` (nothing else there is touched) and run every step."""
    from tracker.db import make_engine, transaction
    from tracker.errors import TrackerError
    from tracker.services.membership import apply_membership, read_membership
    from tracker.services.setup import upgrade_database

    directory.mkdir(parents=True, exist_ok=True)
    db_file = directory / "tracker.db"
    db_file.unlink(missing_ok=True)
    url = f"sqlite:///{db_file}"
    engine = make_engine(url)
    upgrade_database(engine)
    echo(f"database: {db_file}")
    for path in membership_files():
        parsed = read_membership(path)
        if not parsed.ok:
            raise TrackerError(f"the bundled membership list {path} has errors")
        with transaction(engine) as session:
            count = apply_membership(session, parsed, replace=False)
        echo(f"membership: {count} States from {path.relative_to(PROJECT_ROOT)}")
    engine.dispose()
