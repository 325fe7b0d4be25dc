"""The State reference list and the one resolver of written names."""

from __future__ import annotations

import pytest

from tracker.errors import UnknownStateError
from tracker.reference import closest_names, reference_states, require_state, resolve_state


@pytest.mark.parametrize(
    ("written", "iso3"),
    [
        ("Lao PDR", "LAO"),
        ("Laos", "LAO"),
        ("Lao People's Democratic Republic", "LAO"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Bolivia", "BOL"),
        ("Bolivia (Plurinational State of)", "BOL"),
        ("Côte d'Ivoire", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("Holy See", "VAT"),
        ("State of Palestine", "PSE"),
        ("Liban", "LBN"),
        ("Tchad", "TCD"),
        ("Congo", "COG"),
        ("Democratic Republic of the Congo", "COD"),
        ("Kosovo", "XKX"),
        ("Cook Islands", "COK"),
        ("Niue", "NIU"),
        ("deu", "DEU"),
        ("  ALLEMAGNE : ", "DEU"),
        ("Alemania", "DEU"),
        ("Czech Republic", "CZE"),
        ("North Macedonia", "MKD"),
        ("United Kingdom", "GBR"),
    ],
)
def test_resolves_every_listed_alias(written, iso3):
    assert resolve_state(written) == iso3


# Finding 12 of issue 13: real name forms that were refused. Most resolve by the general rules
# of tracker.names (qualifiers in brackets or after a comma, a leading "The", "&", "et"/"e",
# abbreviations), the Spanish UN names by aliases of the reference list.
@pytest.mark.parametrize(
    ("written", "iso3"),
    [
        ("Congo, Rep.", "COG"),
        ("Congo (Republic of)", "COG"),
        ("Republic of Congo", "COG"),
        ("Democratic Republic of Congo", "COD"),
        ("Sao Tome e Principe", "STP"),
        ("Macedonia, FYR", "MKD"),
        ("FYR Macedonia", "MKD"),
        ("Netherlands, the Kingdom of the", "NLD"),
        ("Netherlands (Kingdom of the)", "NLD"),
        ("Gambia, The", "GMB"),
        ("The Holy See", "VAT"),
        ("The Lao People's Democratic Republic", "LAO"),
        ("Antigua & Barbuda", "ATG"),
        ("Saint-Kitts-et-Nevis", "KNA"),
        ("Pays-Bas (Royaume des)", "NLD"),
        ("Nueva Zelandia", "NZL"),
        ("Trinidad y Tabago", "TTO"),
        ("Comoras", "COM"),
        ("Maldivas", "MDV"),
        ("Países Bajos (Reino de los)", "NLD"),
        ("Palestina", "PSE"),
        ("Chad (Republic of)", "TCD"),
        # The same rules on forms nobody listed (World Bank, UN and treaty-list styles).
        ("Congo, Dem. Rep.", "COD"),
        ("Korea, Rep.", "KOR"),
        ("Korea (Republic of)", "KOR"),
        ("Iran, Islamic Rep.", "IRN"),
        ("Tanzania, United Republic of", "TZA"),
        ("Guinea, Equatorial", "GNQ"),
        ("Bahamas, The", "BHS"),
        ("St. Vincent & the Grenadines", "VCT"),
        ("Guinea (Republic of)", "GIN"),
        ("Bosnia & Herzegovina", "BIH"),
        ("Trinité-et-Tobago", "TTO"),
    ],
)
def test_real_name_forms_resolve(written, iso3):
    assert resolve_state(written) == iso3


@pytest.mark.parametrize(
    "written",
    [
        "Korea",  # which one? a qualifier is never guessed onto a bare name
        "Guinea (Equatorial or Bissau)",
        "Republic of",
        "The",
        "Congo, Congo",
        "Kingdom of the Netherlands and Belgium",
        "Sudan, South, North",
    ],
)
def test_the_rules_do_not_guess(written):
    assert resolve_state(written) is None


def test_every_known_name_still_resolves_to_its_own_state():
    for state in reference_states():
        for name in (state.name_en, state.name_fr, state.name_es, *state.aliases):
            assert resolve_state(name) == state.iso3, (name, state.iso3)


def test_a_qualified_unknown_name_suggests_the_state_it_qualifies():
    assert closest_names("Chadd (Republic of)")[0] == "Chad"
    assert closest_names("Tchadd, République du")[0] == "Chad"
    with pytest.raises(UnknownStateError) as refused:
        require_state("Chadd (Republic of)")
    assert "did you mean 'Chad'" in str(refused.value)
    for wrong in ("Republic of Korea", "Republic of Moldova"):
        assert wrong not in closest_names("Chadd (Republic of)")


def test_kosovo_is_never_serbia():
    assert resolve_state("Kosovo") != resolve_state("Serbia")
    assert resolve_state("Serbia") == "SRB"


def test_the_list_holds_un_members_observers_and_others():
    states = reference_states()
    by_category: dict[str, int] = {}
    for s in states:
        by_category[s.category] = by_category.get(s.category, 0) + 1
    assert by_category == {"un_member": 193, "un_observer": 2, "other": 3}
    for s in states:
        assert s.name_en and s.name_fr and s.name_es, s


@pytest.mark.parametrize("written", ["Atlantis", "", "Germny X", "12345"])
def test_unknown_names_are_not_guessed(written):
    assert resolve_state(written) is None


def test_unknown_name_suggests_the_closest():
    assert closest_names("Germny")[0] == "Germany"
    with pytest.raises(UnknownStateError, match="did you mean 'Lebanon'"):
        require_state("Lebanonn")


def test_the_reference_list_is_what_its_build_script_writes(tmp_path):
    """``scripts/build_states.py`` stays the one source of ``tracker/data/states.csv``."""
    import subprocess
    import sys
    from pathlib import Path

    pytest.importorskip("pycountry", reason="the build script reads pycountry")
    root = Path(__file__).resolve().parent.parent
    out = tmp_path / "states.csv"
    subprocess.run(
        [sys.executable, str(root / "scripts" / "build_states.py"), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    committed = (root / "tracker" / "data" / "states.csv").read_bytes()
    assert out.read_bytes() == committed, "run scripts/build_states.py and commit its output"
