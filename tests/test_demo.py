"""``tracker demo``: the main job on the embedded default with the bundled samples."""

from __future__ import annotations

from openpyxl import load_workbook


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
