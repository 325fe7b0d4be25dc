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
