"""``tracker demo``: the main job on the embedded default with the bundled samples."""

from __future__ import annotations

from openpyxl import load_workbook

from tracker.assistance.match import Status


def test_demo_runs_every_step_and_touches_nothing_else(run_cli, tmp_path):
    folder = tmp_path / "demo"
    folder.mkdir()
    keep = folder / "notes.txt"
    keep.write_text("mine", encoding="utf-8")
    (folder / "tracker.db").write_text("an old database", encoding="utf-8")

    result = run_cli("demo", "--dir", str(folder))

    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "0 rejected; 0 errors" in out
    assert (
        "Of sixteen (16) States parties that have reported to have or had obligations under "
        "Article 4, eight (8) have highlighted assistance needs in clearance and/or risk "
        "reduction." in out
    )
    assert "submitted their annual report for" in out
    # The illustrative flows are imported and the match sentences follow the needs.
    assert "Flows from other sources: 1 file: 1 imported (5 rows)" in out
    needs_at = out.index("Needs statistics (SAMPLE DATA, illustrative):")
    match_at = out.index("Needs and reported support (SAMPLE DATA, illustrative):")
    assert needs_at < match_at
    assert (
        "Of the eight (8) States parties that have highlighted assistance needs in stockpile "
        "destruction," in out[match_at:]
    )
    assert (
        "Of the seven (7) States parties that have highlighted assistance needs to address" in out
    )
    assert "4 from other sources" in out
    # The statuses the samples are built to show (scripts/samples/flows.py, spec §6).
    assert _statuses(folder / "tracker.db") == _intended()
    assert keep.read_text(encoding="utf-8") == "mine"
    donors = load_workbook(folder / "donor-summary.xlsx", read_only=True)
    assert donors.sheetnames[0] == "Summary"
    plans = load_workbook(folder / "action-plans-comparison.xlsx", read_only=True)
    assert len(plans.sheetnames) >= 2
    assert (
        "  core.obligations.art4: There are currently nine (9) States parties with obligations "
        "under Article 4." in out.splitlines()
    )
    assert "Progress-report draft:   demo/progress-report-draft.docx" in out
    import docx

    draft = docx.Document(str(folder / "progress-report-draft.docx"))
    assert "Progress in implementing the Lausanne Action Plan — draft" in [
        p.text for p in draft.paragraphs
    ]

    again = run_cli("demo", "--dir", str(folder))  # recreated, not appended to
    assert again.exit_code == 0, again.stderr

    def reports_line(text: str) -> str:
        return next(line for line in text.splitlines() if line.startswith("Reports:"))

    assert reports_line(again.stdout) == reports_line(out)
    assert " 0 unchanged" in reports_line(out)


def _statuses(db_file):
    from tracker.db import make_engine, transaction
    from tracker.services.assistance import compute_match

    engine = make_engine(f"sqlite:///{db_file}")
    try:
        with transaction(engine) as session:
            result = compute_match(session, as_of=2025, since=2021).result
    finally:
        engine.dispose()
    return {
        article.article: {
            status: tuple(article.with_status(Status(status)))
            for status in ("supported", "possibly_supported", "no_reported_support")
        }
        for article in result.articles
    }


def _intended():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    from samples.flows import INTENDED

    return INTENDED
