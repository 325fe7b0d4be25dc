"""The demo: a fresh SQLite store in a folder, loaded with the bundled sample data.

``tracker demo`` runs every main job once, on the embedded default: upgrade, membership,
import, statistics, compliance, the donor workbook and the action-plan comparison.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tracker.migrate import PROJECT_ROOT

SAMPLES = PROJECT_ROOT / "imports" / "samples"
SAMPLE_MEMBERSHIP = PROJECT_ROOT / "imports" / "membership"
SHIPPED_MEMBERSHIP = PROJECT_ROOT / "tracker" / "data" / "ccm-membership-partial.csv"
DONOR_WORKBOOK = "donor-summary.xlsx"
PLANS_WORKBOOK = "action-plans-comparison.xlsx"


def membership_files() -> list[Path]:
    """The sample membership list(s), else the shipped partial list."""
    files = sorted(p for p in SAMPLE_MEMBERSHIP.glob("*") if p.suffix in (".csv", ".xlsx"))
    return files or [SHIPPED_MEMBERSHIP]


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def run_demo(directory: Path, echo: Callable[[str], None]) -> None:
    """Recreate ``directory/tracker.db`` (nothing else there is touched) and run every step."""
    from tracker.compliance.output import summary_lines
    from tracker.db import make_engine, transaction
    from tracker.errors import TrackerError
    from tracker.export.donors import write_donor_workbook
    from tracker.plans.render import write_comparison_workbook
    from tracker.services.compliance import compute_reporting_status
    from tracker.services.imports import import_paths
    from tracker.services.membership import apply_membership, read_membership
    from tracker.services.setup import upgrade_database
    from tracker.services.stats import compute_needs_statistics
    from tracker.stats.output import render_text

    directory.mkdir(parents=True, exist_ok=True)
    db_file = directory / "tracker.db"
    db_file.unlink(missing_ok=True)
    url = f"sqlite:///{db_file}"
    engine = make_engine(url)
    upgrade_database(engine)
    echo(f"Database: {_shown(db_file)} (new, at the newest schema)")

    for path in membership_files():
        parsed = read_membership(path)
        if not parsed.ok:
            raise TrackerError(f"the bundled membership list {path} has errors")
        with transaction(engine) as session:
            count = apply_membership(session, parsed, replace=False)
        echo(f"Membership: {count} States from {_shown(path)}")

    batch = import_paths(engine, [SAMPLES], arguments="tracker demo")
    echo(f"Reports: {batch.summary.as_text()} (from {_shown(SAMPLES)})")
    if batch.summary.rejected:
        raise TrackerError("some bundled sample files were rejected: run tracker import on them")

    with transaction(engine) as session:
        statistics = compute_needs_statistics(session)
        status = compute_reporting_status(session)
        donors = directory / DONOR_WORKBOOK
        write_donor_workbook(session, donors, database_url=url)
        plans = directory / PLANS_WORKBOOK
        write_comparison_workbook(session, plans)
    engine.dispose()

    echo("")
    echo(
        f"Needs statistics, as of {statistics.as_of} (needs declared {statistics.since}–"
        f"{statistics.as_of}; SAMPLE DATA, illustrative):"
    )
    echo(render_text(statistics))
    echo("")
    echo("Reporting compliance:")
    for line in summary_lines(status):
        echo(line)
    echo("")
    echo(f"Donor workbook:          {_shown(donors)}")
    echo(f"Action-plan comparison:  {_shown(plans)}")
    echo(f"Explore: tracker --db sqlite:///{_shown(db_file)} state show Chad")
