"""Geo round 2: places qualified by the unit after them ("X, a town in the region of Y", "X in Y
province"), unit names with a lowercase unit noun, French elided names, lakes and embassies, and the
regions armed groups concentrate in.

Sentences are our own; the gazetteer is the built one (MARSAD_GAZETTEER or the user cache).
"""

from __future__ import annotations

import pytest

from marsad.geo import Gazetteer, GeoResolver
from marsad.geo.data import party_regions
from marsad.records import Place


@pytest.fixture(scope="module")
def resolver() -> GeoResolver:
    return GeoResolver(Gazetteer.open())


def place(resolver: GeoResolver, text: str, language: str = "en", parties: tuple[str, ...] = ()) -> Place | None:
    doc = resolver.resolve_document(text, language, parties=parties)
    return resolver.place_for_span(doc, 0, len(text))


def roles(resolver: GeoResolver, text: str, language: str = "en") -> dict[str, str]:
    doc = resolver.resolve_document(text, language)
    return {m.text: m.data.get("role") for m in doc.mentions}


# -- "X, a town in the region of Y" / "X in Y province" ---------------------------

def test_an_appositive_unit_keeps_a_namesake_inside_it(resolver):
    # Bangui alone is the capital of the Central African Republic
    found = place(resolver, "Four herders died on Sunday in a fight over cattle outside Bangui, a small town in the region of Tahoua.")
    assert (found.name, found.admin1, found.country) == ("Bangui", "Tahoua", "Niger")


def test_an_unknown_village_in_an_appositive_is_coded_at_its_unit(resolver):
    text = "Gunmen attacked Tamboli, a village in Mopti region, on Friday night."
    found = place(resolver, text)
    assert (found.name, found.admin1, found.country) == ("Tamboli", "Mopti", "Mali")
    assert roles(resolver, text)["Mopti region"] == "context"


def test_a_province_named_after_in_qualifies_the_town_before_it(resolver):
    text = "Soldiers were ambushed in Djibo in Soum province on Tuesday."
    found = place(resolver, text)
    assert (found.name, found.admin1, found.geo_precision) == ("Djibo", "Sahel", 1)
    assert roles(resolver, text)["Soum province"] == "context"


def test_a_bare_in_does_not_make_a_capitalised_word_a_place(resolver):
    doc = resolver.resolve_document("Islamists in Gao region attacked a convoy.", "en")
    assert [m.value.name for m in doc.mentions] == ["Gao"]


def test_a_capital_of_a_unit_is_the_place_and_the_unit_its_context(resolver):
    found = place(resolver, "Gunmen attacked Dori, the capital of the Sahel region, on Monday.")
    assert (found.name, found.admin1, found.country) == ("Dori", "Sahel", "Burkina Faso")


def test_french_appositives_and_chef_lieu(resolver):
    found = place(resolver, "Des hommes armés ont attaqué Tamboli, une localité de la région de Mopti.", "fr")
    assert (found.name, found.admin1) == ("Tamboli", "Mopti")
    text = "La gendarmerie de Gorom-Gorom, chef-lieu de la province de l'Oudalan, a été attaquée."
    assert place(resolver, text, "fr").name == "Gorom-Gorom"
    assert roles(resolver, text, "fr")["Oudalan"] == "context"


def test_an_arabic_village_with_its_state_is_coded_there_in_latin_letters(resolver):
    found = place(resolver, "هاجم مسلحون قرية تامبولي بولاية موبتي.", "ar")
    assert (found.name, found.admin1, found.country) == ("Tambouli", "Mopti", "Mali")


# -- unit names with a lowercase unit noun -------------------------------------

def test_a_lowercase_unit_noun_ends_an_admin_name(resolver):
    found = place(resolver, "Residents protested against the state of roads in the Eastern region of Burkina Faso.")
    assert (found.admin1, found.country) == ("Est", "Burkina Faso")
    assert place(resolver, "Five soldiers were killed in Borno state on Sunday.").admin1 == "Borno"


def test_the_lowercase_sahel_region_is_burkina_faso_s_only_when_the_country_follows(resolver):
    assert place(resolver, "Violence has spread across the Sahel region in recent years.") is None
    found = place(resolver, "Gunmen killed two herders in the Sahel region of Burkina Faso.")
    assert (found.admin1, found.country) == ("Sahel", "Burkina Faso")
    found = place(resolver, "Pupils marched in support of the army in the Sahel Region.")
    assert (found.admin1, found.country) == ("Sahel", "Burkina Faso")


# -- French elided names ----------------------------------------------------------

def test_french_elided_names_are_read_with_their_cue(resolver):
    near = place(resolver, "Une patrouille est tombée dans une embuscade près d'Ansongo.", "fr")
    assert (near.name, near.geo_precision) == ("Ansongo", 2)
    unit = place(resolver, "Une attaque dans la région d'Agadez a fait trois morts.", "fr")
    assert (unit.admin1, unit.geo_precision) == ("Agadez", 3)
    east = place(resolver, "Une attaque dans la région de l'Est a fait trois morts au Burkina Faso.", "fr")
    assert east.admin1 == "Est"


def test_an_elided_unknown_village_is_named_without_its_article(resolver):
    found = place(resolver, "Des hommes armés ont attaqué le village d'Inatès, dans la région de Tillabéri.", "fr")
    assert (found.name, found.admin1, found.country) == ("Inatès", "Tillaberi", "Niger")


# -- lakes and embassies ------------------------------------------------------------

def test_a_country_s_embassy_is_not_where_the_event_happened(resolver):
    text = "Dozens of students protested on Tuesday outside the Chad embassy in Ouagadougou over unpaid grants."
    assert place(resolver, text).name == "Ouagadougou"
    assert roles(resolver, text)["Chad"] == "border"
    text = "Des manifestants se sont rassemblés devant l'ambassade de France à Niamey."
    assert place(resolver, text, "fr").name == "Niamey"


def test_lake_chad_is_not_the_country_chad(resolver):
    found = place(resolver, "Fighters raided two fishing islands on the Nigerien side of Lake Chad.")
    assert found.country == "Niger"


# -- party_regions.yaml ------------------------------------------------------------

def test_the_new_group_regions_are_facts_in_acled_spelling():
    regions = party_regions()
    assert regions["katiba_macina"] == {"ML": "Mopti", "BF": "Boucle du Mouhoun"}
    assert regions["isgs"]["BF"] == "Sahel"
    assert regions["gatia"] == {"ML": "Gao"}


def test_an_unknown_village_in_burkina_faso_takes_katiba_macina_s_region(resolver):
    text = "Suspected Katiba Macina militants killed two Burkinabe forest guards in the village of Tiabinga."
    found = place(resolver, text, parties=("katiba_macina",))
    assert (found.name, found.admin1, found.country) == ("Tiabinga", "Boucle du Mouhoun", "Burkina Faso")
    found = place(resolver, text.replace("Burkinabe", "Malian"), parties=("katiba_macina",))
    assert (found.admin1, found.country) == ("Mopti", "Mali")


# -- unknown villages named with a unit noun after them, or with their country -------

def test_a_capitalised_word_before_lowercase_commune_is_a_village(resolver):
    found = place(resolver, "Young people protested in Tiabinga commune against a mining company, in Burkina Faso.")
    assert (found.name, found.country) == ("Tiabinga", "Burkina Faso")
    doc = resolver.resolve_document("Gunmen attacked Sorobadougou Commune (Bandiagara, Mopti).", "en")
    assert [m.rule for m in doc.mentions if m.text == "Sorobadougou"] == ["geo.admin-context"]


def test_an_unknown_village_beats_the_country_named_after_it(resolver):
    found = place(resolver, "Gunmen attacked the village of Tiabinga in Burkina Faso on Sunday.")
    assert (found.name, found.country, found.admin1) == ("Tiabinga", "Burkina Faso", None)
