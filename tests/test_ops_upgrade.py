"""``tracker db upgrade`` on a populated store keeps every row (SQLite and PostgreSQL).

The team upgrades the tracker by installing the new version and running ``tracker db upgrade``
once (docs/operations.md). On a database full of reports, membership and audit rows that must
change nothing the users can see: every table keeps its rows, the reports keep their current
flags, the statistics stay the same, and the import history is intact.
"""

from __future__ import annotations

from pathlib import Path

from tests import ops
from tracker.db import current_revision, head_revision, make_engine

STATS = ("stats", "needs", "--as-of", "2025", "--since", "2021", "--format", "json")


def _counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        return ops.table_counts(engine)
    finally:
        engine.dispose()


def test_upgrade_of_a_populated_store_keeps_every_row(db_url: str, tmp_path: Path) -> None:
    ops.tracker(db_url, "db", "upgrade")
    ops.tracker(db_url, "states", "import", str(ops.MEMBERSHIP))
    folder = ops.copy_files(ops.sample_workbooks()[:80], tmp_path / "reports")
    ops.tracker(db_url, "import", str(folder), "--quiet")
    counts = _counts(db_url)
    assert counts["reports"] > 0 and counts["memberships"] > 0 and counts["import_runs"] == 1
    snapshot = ops.snapshot(db_url)
    stats = ops.tracker(db_url, *STATS).stdout
    history = ops.tracker(db_url, "reports", "history").stdout

    upgraded = ops.tracker(db_url, "db", "upgrade")
    assert "newest schema" in upgraded.stdout

    engine = make_engine(db_url)
    try:
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()
    assert _counts(db_url) == counts
    assert ops.snapshot(db_url) == snapshot
    assert ops.tracker(db_url, *STATS).stdout == stats
    assert ops.tracker(db_url, "reports", "history").stdout == history
