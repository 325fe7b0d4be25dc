"""Write the reviewer's tables of the layout's terms into docs/import.md (between markers).

The layout's ``terms`` (``tracker/layouts/ccm-a7-1.yaml``, then those of the layouts that extend
it, such as ``ccm-a7-2.yaml``) give every label, header, title, sheet name and value in Arabic,
Chinese and Russian, each with its source: an article of the Convention, or ``proposal``. A native speaker reviewing a language works through one table: every
proposal of that language, with the English text and the other forms read. The terms taken from
the Convention are listed after, with the article cited. Run it after changing the terms:

    .venv/bin/python scripts/layout_terms.py            # rewrite the section of docs/import.md
    .venv/bin/python scripts/layout_terms.py --check    # exit 1 when the section is out of date

``tests/test_layout_languages.py`` runs the check.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "import.md"
LAYOUT = "ccm-a7-1.yaml"
BEGIN = "<!-- BEGIN GENERATED terms by scripts/layout_terms.py: do not edit by hand -->"
END = "<!-- END GENERATED terms -->"
NAMES = {"ar": "Arabic", "zh": "Chinese", "ru": "Russian"}


def layout_data() -> dict[str, Any]:
    """The base layout's data, its ``terms`` followed by those of the layouts that extend it."""
    folder = resources.files("tracker.layouts")
    data: dict[str, Any] = yaml.safe_load(folder.joinpath(LAYOUT).read_text("utf-8"))
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml") and entry.name != LAYOUT:
            other = yaml.safe_load(entry.read_text("utf-8"))
            if other.get("extends") == data["id"]:
                data["terms"] = [*data["terms"], *(other.get("terms") or ())]
    return data


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def section(data: dict[str, Any]) -> str:
    """The generated Markdown: one table of proposals per language, then the cited terms."""
    terms = data["terms"]
    languages = [lang for lang in data["languages"] if lang in NAMES]
    out = [BEGIN, ""]
    for lang in languages:
        proposals = [t for t in terms if t["sources"][lang] == "proposal"]
        out += [
            f"#### {NAMES[lang]} ({lang}): {len(proposals)} proposals to review",
            "",
            "| # | English | Proposed | Also read |",
            "|---|---|---|---|",
        ]
        for number, term in enumerate(proposals, start=1):
            aliases = ", ".join((term.get("aliases") or {}).get(lang, ()))
            out.append(f"| {number} | {cell(term['en'])} | {cell(term[lang])} | {cell(aliases)} |")
        out.append("")
    cited = [(t, lang) for t in terms for lang in languages if t["sources"][lang] != "proposal"]
    out += [
        f"#### Taken from the Convention's own texts: {len(cited)} terms",
        "",
        "| English | Language | Term | Source |",
        "|---|---|---|---|",
    ]
    for term, lang in cited:
        out.append(
            f"| {cell(term['en'])} | {lang} | {cell(term[lang])} | {cell(term['sources'][lang])} |"
        )
    out += ["", END]
    return "\n".join(out)


def rewrite(doc: str, data: dict[str, Any]) -> str:
    """``doc`` with its generated section replaced (an error when the markers are missing)."""
    start, end = doc.index(BEGIN), doc.index(END) + len(END)
    return doc[:start] + section(data) + doc[end:]


def main(argv: list[str]) -> int:
    doc = DOC.read_text(encoding="utf-8")
    new = rewrite(doc, layout_data())
    if "--check" in argv:
        if new != doc:
            print("docs/import.md: the terms tables are out of date: run scripts/layout_terms.py")
            return 1
        return 0
    DOC.write_text(new, encoding="utf-8")
    print(f"wrote the terms tables into {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
