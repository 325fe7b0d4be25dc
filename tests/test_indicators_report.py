"""The Word progress-report draft (§8): what goes where (pure), then the document read back."""

from __future__ import annotations

import dataclasses

import pytest

from tests.indicator_examples import catalogues, worked_run, worked_series
from tracker.errors import UsageError
from tracker.indicators.report import (
    SAMPLE_LINE,
    chapters,
    governing_plan,
    indicator_paragraphs,
    title_lines,
    write_report,
)
from tracker.plans.files import shipped_plans


@pytest.fixture(scope="module")
def lausanne():
    return next(p for p in shipped_plans() if p.name == "Lausanne Action Plan")


def test_the_plan_governing_the_as_of_year_or_exit_2():
    plans = shipped_plans()
    assert governing_plan(plans, 2024).name == "Lausanne Action Plan"
    assert governing_plan(plans, 2018).name == "Dubrovnik Action Plan"
    with pytest.raises(UsageError, match=r"^no action plan governs 2030: name one with --plan$"):
        governing_plan(plans, 2030)


def test_chapters_follow_the_plan_s_sections_core_first(lausanne):
    found, empty = chapters(lausanne, catalogues().indicators)
    assert [c.theme for c in found] == [
        "Stockpile destruction",
        "Clearance and risk reduction",
        "Victim assistance",
        "International cooperation and assistance",
        "Transparency",
    ]
    clearance = found[1]
    assert clearance.cell_texts == ("Survey and clearance (9)", "Risk education (4)")
    assert clearance.indicator_ids[0] == "core.obligations.art4"
    assert clearance.indicator_ids[-1] == "lausanne.clearance.extension_plans"
    assert found[0].indicator_ids[-1] == "lausanne.13"
    assert empty == [
        "Introduction",
        "Partnerships",
        "Guiding principles",
        "Universalisation",
        "National implementation",
        "Compliance",
        "Indicators",
    ]


def test_title_page_and_paragraphs(lausanne):
    run = worked_run()
    assert title_lines(run, lausanne) == [
        "Convention on Cluster Munitions",
        "Progress in implementing the Lausanne Action Plan — draft",
        "Figures from Article 7 reports up to 2024 (needs declared 2021–2024); reporting and deadlines judged on 31 December 2025.",
        "Generated 2026-01-15 09:30 UTC by the CCM needs tracker 0.1.0.",
    ]
    assert indicator_paragraphs(run.result("core.needs.art4")) == [
        run.result("core.needs.art4").sentence,
        "Article 4: Chad and Mauritania.",
    ]
    assert indicator_paragraphs(run.result("lausanne.46")) == [
        "Seek partners' support to prepare reports (ISU wording) — not computable from Article 7 reports."
    ]


def _text(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_the_document_read_back(tmp_path, lausanne):
    import docx

    run = dataclasses.replace(worked_run(), sample=True)
    path = write_report(run, lausanne, tmp_path / "draft.docx", series=worked_series())
    document = docx.Document(str(path))
    text = _text(document)
    assert text[:4] == title_lines(run, lausanne)
    assert text[4] == SAMPLE_LINE
    sample_runs = [r for r in document.paragraphs[4].runs if r.text == SAMPLE_LINE]
    assert sample_runs[0].bold and str(sample_runs[0].font.color.rgb) == "C00000"
    header = document.sections[0].header.paragraphs[0]
    assert header.text == SAMPLE_LINE and header.runs[0].bold
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "Stockpile destruction",
        "Clearance and risk reduction",
        "Victim assistance",
        "International cooperation and assistance",
        "Transparency",
        "Method",
    ]
    assert "Survey and clearance (9); Risk education (4)" in text
    assert run.result("core.completed.art4").sentence in text
    assert "Article 4: Chad and Mauritania." in text
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions == [f"Figure {n}: {t}, 2024" for n, t in enumerate(headings[:5], start=1)]
    assert len(document.inline_shapes) == 5
    assert abs(document.inline_shapes[0].width.cm - 15.0) < 0.01
    first_table = document.tables[0]
    assert [c.text for c in first_table.rows[0].cells] == [
        "Indicator",
        "Numerator",
        "Denominator",
        "Value",
    ]
    assert [c.text for c in first_table.rows[1].cells] == ["Article 3 obligations", "1", "5", "1"]
    transparency = document.tables[4]
    assert ["Annual reports on time", "2", "5", "40%"] in [
        [c.text for c in r.cells] for r in transparency.rows
    ]
    method = text[text.index("Method") :]
    assert any(
        line.startswith("Chapters without indicators: Introduction, Partnerships")
        for line in method
    )
    assert any(
        line.startswith("Reports counted: 9. Reports left out: 1 (AGO 2022 annual")
        for line in method
    )
    assert any(
        line.startswith("core.needs.art3 (Article 3): Denominator: every State") for line in method
    )


def test_same_results_give_the_same_text_and_no_banner_without_sample(tmp_path, lausanne):
    import docx

    run = worked_run()
    first = docx.Document(str(write_report(run, lausanne, tmp_path / "a.docx")))
    second = docx.Document(str(write_report(run, lausanne, tmp_path / "b.docx")))
    assert _text(first) == _text(second)
    assert SAMPLE_LINE not in _text(first)
    assert first.sections[0].header.paragraphs[0].text == ""
    assert first.core_properties.created.year == 2026
