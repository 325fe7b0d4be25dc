"""The demo: a fresh SQLite store in a folder, loaded with the bundled sample data.

``tracker demo`` runs every main job once, on the embedded default: upgrade, membership,
import, statistics, compliance, the donor workbook, the action-plan comparison, a few core
indicators and the progress-report draft.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.invocation import command_line
from tracker.migrate import PROJECT_ROOT
from tracker.wording import plural

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from tracker.indicators.results import Run

SAMPLES = PROJECT_ROOT / "imports" / "samples"
# Illustrative flows from other sources (spec/assistance.md §6), listed in its MANIFEST.
SAMPLE_FLOWS = PROJECT_ROOT / "imports" / "assistance"
# The demo keeps its own illustrative membership (the samples' States, with illustrative dates
# where the samples need them), not the sourced list shipped in tracker/data: the sample
# figures (37/8, 16/8, 12/7) are computed against it and must never move.
SAMPLE_MEMBERSHIP = PROJECT_ROOT / "imports" / "membership"
DONOR_WORKBOOK = "donor-summary.xlsx"
PLANS_WORKBOOK = "action-plans-comparison.xlsx"


def membership_files() -> list[Path]:
    """The sample membership list(s) of ``imports/membership``."""
    return sorted(p for p in SAMPLE_MEMBERSHIP.glob("*") if p.suffix in (".csv", ".xlsx"))


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


DEMO_INDICATORS = (
    "core.obligations.art4",
    "core.completed.art3",
    "core.deadline.passed.art4",
    "core.reporting.initial_overdue",
)
PROGRESS_REPORT = "progress-report-draft.docx"


def _indicators(session: Session, directory: Path, url: str) -> tuple[Run, Path]:
    """A few core indicators, and the progress-report draft of the plan governing the as-of year."""
    from tracker.config import database_name
    from tracker.indicators.report import governing_plan, write_report
    from tracker.indicators.views import shipped
    from tracker.services.indicators import Options, compute_run, compute_series

    loaded = shipped()
    options = Options(database=database_name(url))
    every = compute_run(session, loaded, loaded.indicators, options, sources=True)
    plan = governing_plan(loaded.plans.plans, every.as_of)
    keys = {c.key for c in loaded.catalogues if c.plan in (None, plan.name)}
    run = replace(every, results=tuple(r for r in every.results if r.indicator.catalogue in keys))
    series = None
    if plan.first_year < run.as_of:
        chosen = [r.indicator for r in run.results]
        series = compute_series(session, loaded, chosen, plan.first_year, run.as_of, options)
    draft = write_report(run, plan, directory / PROGRESS_REPORT, series=series)
    few = replace(every, results=tuple(every.result(i) for i in DEMO_INDICATORS))
    return few, draft


def run_demo(directory: Path, echo: Callable[[str], None]) -> None:
    """Recreate ``directory/tracker.db`` (nothing else there is touched) and run every step."""
    from tracker.assistance.sentences import flows_line
    from tracker.compliance.output import summary_lines
    from tracker.db import make_engine, transaction
    from tracker.errors import TrackerError
    from tracker.ingest.membership import read_membership
    from tracker.services.assistance import compute_match, import_flow_files
    from tracker.services.compliance import compute_reporting_status
    from tracker.services.export import write_donor_workbook
    from tracker.services.imports import import_paths
    from tracker.services.membership import apply_membership
    from tracker.services.plans import write_comparison_workbook
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

    files = membership_files()
    if not files:
        raise TrackerError(
            f"no sample membership list in {_shown(SAMPLE_MEMBERSHIP)}: regenerate the samples "
            "with make samples"
        )
    for path in files:
        parsed = read_membership(path)
        if not parsed.ok:
            raise TrackerError(f"the sample membership list {path} has errors")
        with transaction(engine) as session:
            count = apply_membership(session, parsed, replace=False)
        echo(f"Membership: {plural(count, 'State')} from {_shown(path)} (SAMPLE DATA)")

    batch = import_paths(engine, [SAMPLES], arguments="tracker demo")
    echo(f"Reports: {batch.summary.as_text()} (from {_shown(SAMPLES)})")
    if batch.summary.rejected:
        again = command_line("--db", url, "import", _shown(SAMPLES), db=False)
        raise TrackerError(f"some bundled sample files were rejected: see why with {again}")

    flow_files = sorted(SAMPLE_FLOWS.glob("*.csv"))
    flows = import_flow_files(engine, flow_files)
    echo(f"Flows from other sources: {flows.summary_text()} (from {_shown(SAMPLE_FLOWS)})")
    if flows.exit_code:
        raise TrackerError(f"a bundled flow file in {_shown(SAMPLE_FLOWS)} was rejected")

    with transaction(engine) as session:
        statistics = compute_needs_statistics(session)
        matched = compute_match(session).result
        status = compute_reporting_status(session)
        donors = directory / DONOR_WORKBOOK
        write_donor_workbook(session, donors, database_url=url)
        plans = directory / PLANS_WORKBOOK
        write_comparison_workbook(session, plans)
        indicators, draft = _indicators(session, directory, url)
    engine.dispose()

    echo("")
    echo("Needs statistics (SAMPLE DATA, illustrative):")
    echo(render_text(statistics))  # its first line says the as-of year and the window
    echo("")
    echo("Needs and reported support (SAMPLE DATA, illustrative):")
    for article in matched.articles:
        for sentence in article.sentences:
            echo(sentence)
    echo(flows_line(matched.flows_in_window, matched.since, matched.as_of))
    echo("")
    echo("Reporting compliance:")
    for line in summary_lines(status):
        echo(line)
    echo("")
    echo("Indicators (a few of the core catalogue):")
    for result in indicators.results:
        echo(f"  {result.id}: {result.status_text()}")
    echo("")
    echo(f"Donor workbook:          {_shown(donors)}")
    echo(f"Progress-report draft:   {_shown(draft)}")
    echo(f"Action-plan comparison:  {_shown(plans)}")
    # A line to paste: it names the program as it was started (``.venv/bin/tracker`` when the
    # environment is not active) and quotes the URL, so that it works as printed from here.
    db_option = f"sqlite:///{_shown(db_file)}"
    explore = command_line("--db", db_option, "state", "show", "Chad", db=False)
    echo(f"Explore: {explore}")
