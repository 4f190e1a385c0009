"""Where a story is when its text says little: outlets, cross-border groups, borders, edge villages.

Sentences are our own; the gazetteer is the built one (MARSAD_GAZETTEER or the user cache).
"""

from __future__ import annotations

import pytest

from marsad.evaluate.cli import acled_document
from marsad.geo.outlets import outlet_country
from marsad.pipeline import Resources, extract_document
from marsad.records import Document


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources.load()


def resolve(resources, text: str, outlet: str | None = None, url: str | None = None):
    return resources.resolver.resolve_document(text, "en", outlet=outlet, url=url)


def coded(resources, text: str, outlet: str | None = None) -> list[dict]:
    doc = Document(id="t", text=text, language="en", published="2021-03-02", outlet=outlet)
    return [r.contract() for r in extract_document(doc, resources)]


# -- outlets.yaml ---------------------------------------------------------------

def test_national_outlets_name_their_country():
    assert outlet_country("Sidwaya") == "BF"
    assert outlet_country("L'Observateur Paalga") == "BF"
    assert outlet_country("studio tamani") == "ML"
    assert outlet_country("ActuNiger") == "NE"


def test_an_outlet_qualified_by_its_country_names_it():
    assert outlet_country("Radio Kankan (Mali)") == "ML"
    assert outlet_country("Some Weekly (Burkina Faso)") == "BF"


def test_web_domains_and_subdomains_name_the_country():
    assert outlet_country(None, "https://www.lefaso.net/spip.php?article1") == "BF"
    assert outlet_country(None, "http://news.actuniger.com/politique/1.html") == "NE"
    assert outlet_country("maliweb.net") == "ML"


def test_international_or_disagreeing_outlets_say_nothing():
    assert outlet_country("AFP") is None
    assert outlet_country("Reuters; RFI; Whatsapp") is None
    assert outlet_country("Sidwaya; Studio Tamani") is None
    assert outlet_country("AFP; Sidwaya; RFI") == "BF"
    assert outlet_country("Sidwaya", "https://maliweb.net/x") is None
    assert outlet_country(None) is None


def test_the_acled_eval_passes_the_row_sources_as_outlet():
    doc = acled_document({"event_id_cnty": "X1", "notes": "n", "event_date": "2020-01-02", "source": "AFP; Le Faso"})
    assert doc.outlet == "AFP; Le Faso"


# -- the outlet as a weak clue ------------------------------------------------

def test_an_unknown_village_takes_the_country_of_a_national_outlet(resources):
    text = "Gunmen burned the school in the village of Tiguirmassa on Sunday night."
    assert resolve(resources, text).grounded == []
    places = resolve(resources, text, outlet="Burkina24")
    assert places.grounded == ["BF"]
    [village] = [m for m in places.mentions if m.text == "Tiguirmassa"]
    assert village.value.iso == "BF" and village.value.geo_precision == 3


def test_the_text_beats_the_outlet(resources):
    text = "Malian soldiers repelled an attack on their post in the village of Tiguirmassa."
    assert resolve(resources, text, outlet="Sidwaya").grounded == ["ML"]


def test_an_outlet_of_a_country_outside_the_watched_region_is_no_clue(resources):
    text = "Gunmen burned the school in the village of Tiguirmassa on Sunday night."
    assert resolve(resources, text, outlet="Le Figaro (France)").grounded == []


def test_a_coded_event_with_no_place_named_is_in_the_outlet_country(resources):
    [report] = coded(resources, "Unknown gunmen killed two farmers in the village of Tiguirmassa on Monday.",
                     outlet="Le Faso")
    assert report["country"] == "Burkina Faso"


# -- cross-border armed groups (actor_areas.yaml) ------------------------------

def test_a_group_that_crosses_borders_is_placed_by_the_watched_region(resources):
    resolver = resources.resolver
    assert resolver.theatre("iswap", "NG") == "NE"  # Nigeria, Niger, Chad, Cameroon: the region ranks Niger first
    assert resolver.theatre("jnim", "ML") == "ML"  # Mali, Burkina Faso, Niger tie: its home
    assert resolver.theatre("koglweogo", "BF") == "BF"  # one country
    assert resolver.theatre("FRA.military", "FR") is None  # a foreign force says nothing about where


def test_iswap_alone_does_not_put_an_attack_in_nigeria(resources):
    [report] = coded(resources, "ISWAP militants killed two herders in the village of Kawaridi on Tuesday.")
    assert report["country"] == "Niger"


def test_french_forces_alone_do_not_put_a_strike_in_france(resources):
    reports = coded(resources, "French forces carried out an airstrike against militants in the area of Tagharoust.")
    assert reports and all(r["country"] != "France" for r in reports)


# -- document consistency -----------------------------------------------------

def test_a_small_namesake_on_the_region_edge_does_not_outweigh_the_story(resources):
    # Zuenda is a village of Côte d'Ivoire; the story is about Malian troops
    places = resolve(resources, "Malian soldiers came under fire near Zuenda on Monday.")
    assert places.grounded == ["ML"]
    assert all(m.value.iso != "CI" for m in places.mentions)


def test_an_alternate_name_of_a_big_city_abroad_does_not_ground_a_story(resources):
    places = resolve(resources, "The militants abducted Ahmad and two other herders.")  # Al Ahmadi, Kuwait
    assert places.grounded == [] and places.mentions == []


def test_peoples_of_one_country_are_country_hints(resources):
    assert resolve(resources, "Fulani militiamen attacked the Dogon village of Kandiourou.").grounded == ["ML"]
    assert resolve(resources, "Mossi farmers and herders clashed near a water point.").grounded == ["BF"]


# -- borders and rivers -------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Gunmen attacked a police post in Tagaloum, near the border with Burkina Faso.",
    "Militants crossed the Mali-Niger border on motorbikes.",
    "A boat was attacked on the Niger river on Sunday.",
    "A drone came down over the Algerian-Malian border.",
])
def test_a_country_named_as_a_border_or_river_grounds_nothing(resources, text):
    places = resolve(resources, text)
    assert places.grounded == []
    assert all(m.data["role"] == "border" for m in places.mentions if m.value.feature_code.startswith("PCL"))


def test_a_border_does_not_place_an_event(resources):
    reports = coded(resources, "Gunmen killed two gendarmes in Tagaloum, close to the border with Burkina Faso.",
                    outlet="Studio Tamani")
    assert reports and all(r["country"] == "Mali" for r in reports)


# -- spellings and admin contexts ---------------------------------------------

def test_latin_spelling_variants_match_only_when_close(resources):
    found = {m.text: m for m in resolve(resources, "Gunmen attacked a market in Diabaly on Monday.").mentions}
    assert found["Diabaly"].value.name == "Diabali" and found["Diabaly"].rule == "geo.fuzzy"
    # same consonant skeleton as Ouargaye, but another word
    assert resolve(resources, "Gunmen attacked a market in Kargadjou on Monday.").mentions == []


def test_a_commune_named_before_its_admin_context_is_its_head(resources):
    text = "Militants burned a bridge in Tigana, Sorobadougou Commune (Bandiagara, Mopti)."
    found = {m.text: m for m in resolve(resources, text).mentions}
    head = found["Sorobadougou"]
    assert head.rule == "geo.admin-context" and head.value.admin1 == "Mopti"
    assert found["Bandiagara"].data["role"] == "context"


def test_an_unknown_head_stops_at_a_bracket(resources):
    text = "An IED struck a vehicle near Tonbara [Tondoura Kouna] (Bandiagara, Mopti)."
    heads = [m.text for m in resolve(resources, text).mentions if m.rule == "geo.admin-context"]
    assert heads == ["Tondoura Kouna"]


# -- country-level events -----------------------------------------------------

def test_a_country_level_event_is_coded_at_the_national_point(resources):
    [report] = coded(resources, "Teachers went on strike across Niger on Monday to demand higher pay.")
    capital = resources.resolver.country_point("NE")
    assert (report["country"], report["location"], report["admin1"], report["geo_precision"]) == \
        ("Niger", "Niger", None, 3)
    assert (report["latitude"], report["longitude"]) == (capital.latitude, capital.longitude)


def test_the_g5_sahel_is_no_region_of_burkina_faso(resources):
    places = resolve(resources, "Malian troops serving in the G5 Sahel joint force detained two herders.")
    assert places.grounded == ["ML"]
    assert all(m.value.name != "Sahel" for m in places.mentions)


def test_the_last_word_of_a_longer_name_is_no_place(resources):
    assert resolve(resources, "On Monday, employees at the Bintou Toure hospital staged a sit-in.").mentions == []
    assert resolve(resources, "Gunmen wounded a trader in the village of Bakary Lafia on Monday.").grounded == []
    # two places joined by a hyphen or an ampersand are still places
    found = {m.text for m in resolve(resources, "Gunmen stopped a bus on the Djibo-Dori axis.").mentions}
    assert {"Djibo", "Dori"} <= found


@pytest.mark.parametrize("text, language", [
    ("Des hommes armés ont attaqué un poste près de la frontière avec le Mali.", "fr"),
    ("Une pirogue a chaviré sur le fleuve Niger.", "fr"),
    ("هاجم مسلحون قرية قرب الحدود مع النيجر", "ar"),
    ("غرق قارب في نهر النيجر", "ar"),
])
def test_borders_and_rivers_in_french_and_arabic(resources, text, language):
    places = resources.resolver.resolve_document(text, language)
    assert places.grounded == [] and [m.data["role"] for m in places.mentions] == ["border"]


def test_inside_a_country_borders_is_in_the_country(resources):
    assert resources.resolver.resolve_document("قتل جنديان داخل حدود مالي", "ar").grounded == ["ML"]
