"""ACLED-style notes: admin contexts "Village (Cercle, Region)", the place coded with its context,
acronyms in parentheses, and the countries cross-border groups fight in.

Sentences and villages (Tessoukat, Intakabar) are our own; admin units, towns and groups are real.
The gazetteer is the built one (MARSAD_GAZETTEER or the user cache).
"""

from __future__ import annotations

import pytest

from marsad.geo.data import admin1_parents, party_regions
from marsad.geo.resolver import haversine_km, party_area, place_rank
from marsad.pipeline import Resources, extract_document
from marsad.records import Document, Mention, Place


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources.load()


def span_place(resources, text: str, parties: tuple[str, ...] = ()) -> Place | None:
    doc = resources.resolver.resolve_document(text, "en", parties=parties)
    return resources.resolver.place_for_span(doc, 0, len(text))


def named_place(resources, text: str) -> tuple[str, str | None, str | None]:
    """(name, ISO, admin1) of the place place_for_span gives the whole text."""
    place = span_place(resources, text)
    assert place is not None
    return place.name, place.iso, place.admin1


def coded(resources, text: str) -> list[dict]:
    doc = Document(id="t", text=text, language="en", published="2021-03-02")
    return [r.contract() for r in extract_document(doc, resources)]


MENAKA = Place(name="Ménaka", latitude=15.918, longitude=2.402, country="Mali")


# -- admin contexts -------------------------------------------------------------

def test_the_last_context_part_is_the_region_not_a_namesake_village(resources):
    # Gao is also a village of Burkina Faso, and Burkina Faso is named in the note
    text = ("Fighting between two armed groups was reported on 3 May near Tessoukat (Ansongo, Gao) in Mali "
            "and near Tin-Akoff (Tin-Akoff, Oudalan) in Burkina Faso.")
    assert named_place(resources, text) == ("Tessoukat", "ML", "Gao")


def test_a_newer_region_is_inside_the_one_it_was_carved_from(resources):
    # ACLED notes write Ménaka cercle under Gao, the region it belonged to before 2016
    place = span_place(resources, "On 9 May, gunmen ambushed a water truck outside Intakabar (Menaka, Gao).")
    assert place is not None
    assert (place.name, place.iso, place.admin1) == ("Intakabar", "ML", "Gao")
    assert place.geo_precision == 2
    assert haversine_km(place, MENAKA) < 30  # coded at Ménaka, not at the Gao region's point


def test_the_town_named_with_its_context_is_the_event_place(resources):
    text = "On 12 June, gunmen robbed bus passengers between Gossi (Gourma-Rharous, Tombouctou) and Hombori."
    events = coded(resources, text)
    assert events
    assert {(e["location"], e["admin1"]) for e in events} == {("Gossi", "Tombouctou")}


def test_place_rank_puts_a_headed_place_before_a_more_precise_one():
    town = Place(name="Hombori", latitude=15.28, longitude=-1.7, country="Mali", geo_precision=1, feature_code="PPL")
    headed = Place(name="Gossi", latitude=15.82, longitude=-1.3, country="Mali", geo_precision=2,
                   feature_code="PPL")
    plain = Mention(start=0, end=7, kind="place", text="Hombori", value=town, data={})
    with_context = Mention(start=0, end=5, kind="place", text="Gossi", value=headed, data={"headed": True})
    assert min([plain, with_context], key=place_rank) is with_context


def test_an_acronym_in_parentheses_is_no_admin_context(resources):
    text = "On 4 April, teachers in Diebougou went on strike at the call of the Union of Health Workers (SYNTSHA)."
    doc = resources.resolver.resolve_document(text, "en")
    assert all(m.data.get("cue") != "admin-context" for m in doc.mentions)
    place = resources.resolver.place_for_span(doc, 0, len(text))
    assert place is not None and (place.iso, place.admin1) == ("BF", "Sud-Ouest")


def test_a_country_takes_no_admin_context(resources):
    doc = resources.resolver.resolve_document(
        "On 2 May, militants shelled the camps of France (Barkhane) and of the Malian army in Gao.", "en")
    assert all(m.data.get("role") != "context" for m in doc.mentions)


# -- the areas of cross-border groups -------------------------------------------

def test_party_area_joins_the_areas_of_cross_border_groups():
    assert party_area(["iswap"]) == {"NG", "NE", "TD", "CM"}
    assert party_area(["katiba_macina", "iswap"]) >= {"ML", "BF", "NG"}
    assert party_area(["civilians", "military"]) == frozenset()


def test_a_small_place_outside_the_groups_area_is_not_the_event_place(resources):
    # Manga is a town of Burkina Faso; ISWAP fights around Lake Chad, not there
    text = "On 2 March, presumed ISWAP militants attacked the village of Manga and killed two herders."
    place = span_place(resources, text, parties=("iswap",))
    assert place is None or place.iso != "BF"
    assert all(e["country"] != "Burkina Faso" for e in coded(resources, text))


def test_a_small_place_inside_the_groups_area_stays(resources):
    text = "On 2 March, presumed JNIM militants attacked the village of Manga and killed two herders."
    assert span_place(resources, text, parties=("jnim",)).iso == "BF"
    assert {(e["location"], e["country"]) for e in coded(resources, text)} == {("Manga", "Burkina Faso")}


# -- possessives that lost their apostrophe --------------------------------------

def test_a_country_possessive_without_its_apostrophe_names_the_country(resources):
    doc = resources.resolver.resolve_document("Nigers security forces exchanged fire with kidnappers.", "en")
    assert [(m.text, m.value.iso) for m in doc.mentions] == [("Nigers", "NE")]
    assert doc.grounded == ["NE"]


def test_only_a_country_is_read_through_a_lost_apostrophe(resources):
    # "Gaos" is no Gao, "Texas" stays whatever it is: only country names take the possessive reading
    doc = resources.resolver.resolve_document("Militants attacked Gaos market and the Dogons fled.", "en")
    assert all(m.text != "Gaos" for m in doc.mentions)


# -- "between X and Y" -----------------------------------------------------------

def test_between_two_towns_the_event_is_at_the_first(resources):
    text = "On 3 March, gunmen robbed traders on the road between Bourem and Gao."
    assert span_place(resources, text).name == "Bourem"
    assert {e["location"] for e in coded(resources, text)} == {"Bourem"}


def test_an_unknown_first_town_takes_the_context_written_after_the_second(resources):
    # Kobadi-Sare is our own village; the context after Botou places it in Tapoa province
    text = "On 5 May, militants seized a lorry between Kobadi-Sare and Botou (Botou, Tapoa)."
    place = span_place(resources, text)
    assert place is not None
    assert (place.name, place.iso, place.admin1, place.geo_precision) == ("Kobadi-Sare", "BF", "Est", 2)


def test_a_first_town_named_like_a_place_abroad_follows_the_pair_context(resources):
    # Kaya is a town of Burkina Faso; a pair placed in Mopti region by its context is in Mali
    text = "On 8 April, two traders were robbed between Kaya and Dioura (Tenenkou, Mopti)."
    assert named_place(resources, text) == ("Kaya", "ML", "Mopti")


def test_the_place_a_note_says_it_is_coded_at_ranks_first(resources):
    text = "On 9 June, gunmen stopped a bus between Hombori and Douentza (coded as Douentza at geoprecision 2)."
    doc = resources.resolver.resolve_document(text, "en")
    coded_at = [m for m in doc.mentions if m.data.get("coded")]
    assert [m.start for m in coded_at] == [text.index("Douentza at")]
    assert resources.resolver.place_for_span(doc, 0, len(text)).name == "Douentza"


def test_an_unknown_place_a_note_is_coded_at_is_still_the_events_place(resources):
    # Tiakane and Wendou are our own villages; the note says the event is coded at Wendou
    text = ("On 2 May, militants burned granaries in the village of Tiakane near Djibo "
            "(coded as Wendou at geoprecision 2).")
    assert named_place(resources, text) == ("Wendou", "BF", "Sahel")


# -- party_regions.yaml ----------------------------------------------------------

def village(resources, text: str, name: str, parties: tuple[str, ...]) -> Place:
    doc = resources.resolver.resolve_document(text, "en", parties=parties)
    return next(m.value for m in doc.mentions if m.text == name)


def test_an_unknown_village_is_coded_at_the_region_its_group_fights_in(resources):
    # Gamdoua is our own village: nothing in the text says in which region of Niger it lies
    text = "On 3 May, militants abducted four women in the village of Gamdoua in Niger."
    assert village(resources, text, "Gamdoua", ("iswap",)).admin1 == "Diffa"
    assert village(resources, text, "Gamdoua", ()).admin1 is None
    events = coded(resources, "On 3 May, presumed ISWAP militants abducted four women in the village of Gamdoua in Niger.")
    assert {(e["location"], e["country"], e["admin1"]) for e in events} == {("Gamdoua", "Niger", "Diffa")}


def test_groups_pointing_to_different_regions_give_none(resources):
    text = "On 3 May, militants abducted four women in the village of Gamdoua in Niger."
    assert village(resources, text, "Gamdoua", ("iswap", "isgs")).admin1 is None


def test_party_regions_name_known_groups_and_real_regions(resources):
    gazetteer = resources.resolver.gazetteer
    for actor_id, regions in party_regions().items():
        assert resources.actors.get(actor_id) is not None, actor_id
        for iso, admin1 in regions.items():
            assert gazetteer.admin1_entry(iso, admin1) is not None, (actor_id, iso, admin1)
    for iso, new, old in admin1_parents():
        assert gazetteer.admin1_entry(iso, new) is not None
        assert gazetteer.admin1_entry(iso, old) is not None


def test_a_village_in_a_story_grounded_nowhere_follows_its_groups_theatre(resources):
    text = "On 3 May, presumed ISWAP militants abducted three fishermen in the village of Gamdoua."
    assert village(resources, text, "Gamdoua", ("iswap",)).admin1 == "Diffa"
    events = coded(resources, text)
    assert {(e["location"], e["country"], e["admin1"]) for e in events} == {("Gamdoua", "Niger", "Diffa")}
    # a group without a home region places no village by itself (the event stays country-level)
    doc = resources.resolver.resolve_document(text.replace("ISWAP", "JNIM"), "en", parties=("jnim",))
    assert all(m.text != "Gamdoua" for m in doc.mentions)


# -- national political figures as country hints ------------------------------------

def test_a_national_political_figure_grounds_the_story_in_his_country(resources):
    doc = resources.resolver.resolve_document(
        "Thousands marched to demand justice for the journalist Norbert Zongo, killed in 1998.", "en")
    assert doc.grounded == ["BF"]
    doc = resources.resolver.resolve_document("Students protested against President Tandja's plan.", "en")
    assert doc.grounded == ["NE"]
