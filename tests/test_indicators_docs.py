"""docs/indicators.md agrees with the code: the vocabulary's words, the worked example passes."""

from __future__ import annotations

import re
from pathlib import Path

from tracker.indicators.catalogue import load_catalogues
from tracker.indicators.vocabulary import PREDICATES

DOC = Path(__file__).resolve().parents[1] / "docs" / "indicators.md"


def test_every_predicate_is_described_in_the_guide_as_the_code_describes_it():
    text = DOC.read_text(encoding="utf-8")
    rows = {
        m.group(1): m.group(0)
        for m in re.finditer(r"^\| `([a-z_]+)` \|.*$", text, re.M)
        if m.group(1) in PREDICATES
    }
    assert list(rows) == list(PREDICATES)
    for name, spec in PREDICATES.items():
        cells = [c.strip() for c in rows[name].strip("|").split(" | ")]
        assert cells[2] == spec.words, name
        assert cells[3] == spec.evidence, name
        for parameter in spec.parameters:
            assert f"`{parameter.name}`" in cells[1], (name, parameter.name)


def test_the_guide_s_worked_example_passes_the_check(tmp_path):
    text = DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    plan = next(b for b in blocks if b.startswith("name: Next Action Plan"))
    catalogue = next(b for b in blocks if b.startswith("key: next"))
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "next.yaml").write_text(plan, encoding="utf-8")
    (tmp_path / "next.yaml").write_text(catalogue, encoding="utf-8")
    loaded = load_catalogues([tmp_path / "next.yaml"], plans_dir=tmp_path / "plans")
    assert loaded.issues == ()
    indicator = loaded.get("next.12")
    assert indicator.replaces == "lausanne.43b" and set(indicator.sentences) == {"en", "fr"}
