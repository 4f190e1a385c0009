"""Country and admin1 when the place itself is unknown: one-country names read through lost
apostrophes and plurals, outlets that outvote a foreign one, peoples' home regions, "the capital",
possessives that beat an obscure namesake abroad.

Sentences are our own; the gazetteer is the built one (MARSAD_GAZETTEER or the user cache).
"""

from __future__ import annotations

import pytest

from marsad.geo.capitals import capital_titles
from marsad.geo.keys import tokenize
from marsad.geo.outlets import outlet_country, outlet_region
from marsad.pipeline import Resources, extract_document
from marsad.records import Document


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources.load()


def resolve(resources, text: str, language: str = "en", outlet: str | None = None):
    return resources.resolver.resolve_document(text, language, outlet=outlet)


def coded(resources, text: str, language: str = "en", outlet: str | None = None) -> list[dict]:
    doc = Document(id="t", text=text, language=language, published="2021-03-02", outlet=outlet)
    return [r.contract() for r in extract_document(doc, resources)]


# -- one-country names (countries.yaml hints) ------------------------------------

@pytest.mark.parametrize(("text", "iso"), [
    ("Riot police dispersed a march of women who opposed President Tandjas third-term bid.", "NE"),
    ("Clashes broke out between Djermas and herders at the market, one man was killed.", "NE"),
    ("Rioters demanded justice over Norbert Zongos death and stoned police cars.", "BF"),
    ("Supporters of the MODEN party clashed with police outside the party headquarters.", "NE"),
    ("Militants of the Congress for Democracy and Progress fought opposition youths.", "BF"),
    ("Gunmen attacked an Imghad camp at dawn and stole camels.", "ML"),
    ("Fighters of the FLAA ambushed an escorted convoy on the road north.", "NE"),
])
def test_one_country_names_ground_the_story(resources, text, iso):
    assert resolve(resources, text).grounded == [iso]


def test_a_plural_that_is_no_hint_grounds_nothing(resources):
    # "Tuaregs" is not a one-country people; the plural rule must not invent one
    assert resolve(resources, "Tuaregs and Arabs clashed over a well, two were killed.").grounded == []


# -- outlets ------------------------------------------------------------------------

def test_national_outlets_outvote_one_of_another_country():
    assert outlet_country("Le Faso; Sidwaya; Studio Tamani") == "BF"
    assert outlet_country("Actu (Niger); Air Info; Mali Actu") == "NE"
    assert outlet_country("Sidwaya; Studio Tamani") is None  # an even split says nothing
    assert outlet_country("Le Faso; Studio Tamani; AFP") is None


@pytest.mark.parametrize(("outlet", "iso"), [
    ("Koro Kibaru", "ML"), ("Le Pays Dogon", "ML"), ("Urgence Diffa", "NE"), ("Urgence Tillabery", "NE"),
    ("Bafuji Infos", "BF"), ("Flash Burkina", "BF"), ("Ouaga24", "BF"),
])
def test_more_national_outlets(outlet, iso):
    assert outlet_country(outlet) == iso


def test_a_national_outlet_beats_a_cross_border_groups_home(resources):
    text = "Suspected JNIM militants attacked the gendarmerie post in the village of Wendkoulga overnight."
    without = coded(resources, text)
    assert without and without[0]["country"] == "Mali"  # the group's home: the only clue
    reports = coded(resources, text, outlet="Flash Burkina; Whatsapp")
    assert reports and {r["country"] for r in reports} == {"Burkina Faso"}


# -- peoples' home regions (party_regions.yaml) ---------------------------------------

def test_an_unknown_dogon_village_is_in_mopti(resources):
    reports = coded(resources, "Fulani gunmen were blamed for a raid on the Dogon village of Ogodengou, "
                               "killing two farmers and burning granaries.")
    assert reports
    assert {(r["country"], r["admin1"], r["location"]) for r in reports} == {("Mali", "Mopti", "Ogodengou")}


def test_an_unknown_gourmantche_village_is_in_the_east(resources):
    text = "Gunmen attacked the Gourmantche village of Tiabdiari on Sunday, killing two."
    # the parties come from the coder's actors; the resolver alone gives the country only
    assert resolve(resources, text).grounded == ["BF"]
    reports = coded(resources, text)
    assert reports and (reports[0]["admin1"], reports[0]["location"]) == ("Est", "Tiabdiari")


def test_a_people_without_one_region_gives_none(resources):
    reports = coded(resources, "Suspected Fulani militiamen attacked the village of Ogodengou in Mali, "
                               "killing two farmers.")
    assert reports and reports[0]["country"] == "Mali" and reports[0]["admin1"] is None


# -- "the capital" (capitals.yaml) ---------------------------------------------------

def test_a_protest_in_the_capital_is_in_the_capital(resources):
    reports = coded(resources, "Malian police dispersed hundreds of teachers who marched in the capital on Monday.")
    assert reports and (reports[0]["country"], reports[0]["admin1"], reports[0]["location"]) == ("Mali", "Bamako", "Bamako")


def test_the_country_named_with_the_title_wins(resources):
    places = resolve(resources, "Two Burkinabe soldiers were wounded in an ambush; the Nigerien capital was calm.")
    capitals = [m for m in places.mentions if m.rule == "geo.capital"]
    assert [m.value.name for m in capitals] == ["Niamey"]


@pytest.mark.parametrize("text", [
    "Gunmen killed three herders 200 km from the capital, Malian officials said.",  # near: not in it
    "A convoy left the base outside the capital, Bamako, on Monday.",  # the name follows
    "Dori, the capital of the Sahel region, was calm after Burkinabe troops arrived.",  # a regional capital
    "Teachers marched in the capital to demand back pay.",  # no country at all
    "Malian and Nigerien ministers met in the capital to sign a security pact.",  # two countries
])
def test_the_capital_title_names_no_capital(resources, text):
    assert not [m for m in resolve(resources, text).mentions if m.rule == "geo.capital"]


def test_arabic_capital_with_a_demonym():
    tokens = tokenize("تظاهر المئات في العاصمة التشادية للمطالبة بالإفراج عن المعتقلين")
    titles = capital_titles(tokens, [False] * len(tokens), "ar", set())
    assert [(t.index, t.country) for t in titles] == [(3, "TD")]
    other = tokenize("نظم التجار مسيرة في العاصمة الاقتصادية للبلاد")
    assert capital_titles(other, [False] * len(other), "ar", set()) == []
    construct = tokenize("وصل الجنود إلى عاصمة ولاية بورنو")  # "capital of": no article
    assert capital_titles(construct, [False] * len(construct), "ar", set()) == []


# -- possessives that lost their apostrophe ---------------------------------------------

def test_a_country_possessive_beats_an_obscure_namesake_abroad(resources):
    places = resolve(resources, "Protesters rallied against Malis military junta on Friday.")
    assert places.grounded == ["ML"]


def test_a_main_towns_possessive_is_the_town(resources):
    places = resolve(resources, "The claim was denied by Timbuktus Arab community and the army.")
    towns = [m.value for m in places.mentions if m.rule == "geo.exact"]
    assert [(p.name, p.admin1) for p in towns] == [("Timbuktu", "Tombouctou")]


@pytest.mark.parametrize(("text", "name"), [
    ("Mortar shells fell on Gao's airport district overnight, Malian officials said.", "Gao"),
    ("Hundreds marched through Ouagadougou’s city centre to demand fuel subsidies.", "Ouagadougou"),
])
def test_a_town_in_the_possessive_is_the_town(resources, text, name):
    places = resolve(resources, text)
    assert name in [m.value.name for m in places.mentions if m.rule == "geo.exact"]


# -- local outlets (outlets.yaml regions) ----------------------------------------------

def test_local_outlets_name_their_region():
    assert outlet_region("Urgence Diffa") == ("NE", "Diffa")
    assert outlet_region("Whatsapp; Koro Kibaru") == ("ML", "Mopti")
    assert outlet_region("Urgence Diffa; Urgence Tillabery") is None  # two regions: none
    assert outlet_region("Sidwaya") is None  # a national outlet names no region
    assert outlet_region("Koro Kibaru; Le Faso; Sidwaya") is None  # outvoted by another country's outlets


def test_an_unknown_village_of_a_local_outlets_story_is_in_its_region(resources):
    text = "Unknown gunmen abducted two herders in the village of Kaoudiri on Tuesday night."
    assert coded(resources, text)[0]["admin1"] is None
    reports = coded(resources, text, outlet="Urgence Diffa; Facebook")
    assert reports and (reports[0]["country"], reports[0]["admin1"], reports[0]["location"]) \
        == ("Niger", "Diffa", "Kaoudiri")


def test_a_local_outlets_story_that_names_no_place_is_in_its_region(resources):
    text = "An IED struck a cart on a track, killing a farmer and his donkey."
    reports = coded(resources, text, outlet="Koro Kibaru")
    assert reports and (reports[0]["country"], reports[0]["admin1"]) == ("Mali", "Mopti")
    assert reports[0]["geo_precision"] == 3


def test_a_local_outlet_does_not_move_a_story_grounded_elsewhere(resources):
    text = "Nigerian troops repelled an attack on a base in the village of Kaoudiri in Nigeria."
    reports = coded(resources, text, outlet="Urgence Diffa")
    assert reports and {r["country"] for r in reports} == {"Nigeria"}
    assert {r["admin1"] for r in reports} != {"Diffa"}


def test_a_groups_story_that_names_no_known_place_is_in_its_home_region(resources):
    reports = coded(resources, "Presumed ISWAP militants raided Bouloumbari overnight and abducted three Nigerien women.")
    assert reports and (reports[0]["country"], reports[0]["admin1"], reports[0]["geo_precision"]) == ("Niger", "Diffa", 3)
    # JNIM has no home region: the country only
    reports = coded(resources, "Suspected JNIM militants raided Bouloumbari overnight and abducted three Malian traders.")
    assert reports and (reports[0]["country"], reports[0]["admin1"]) == ("Mali", None)


# -- people abroad (nationals.yaml) ---------------------------------------------------------

@pytest.mark.parametrize(("text", "language"), [
    ("The group announced the execution of an Algerian diplomat it had held for months.", "en"),
    ("Two Malian refugees were killed on the road to the market.", "en"),
    ("Le groupe a libéré deux otages algériens après des négociations.", "fr"),
    ("أعلنت الجماعة إعدام الدبلوماسي الجزائري المختطف", "ar"),
])
def test_people_abroad_ground_no_country(resources, text, language):
    assert resolve(resources, text, language).grounded == []


def test_a_demonym_of_soldiers_still_grounds(resources):
    assert resolve(resources, "Two Malian soldiers were killed on the road to the market.").grounded == ["ML"]


def test_french_capital_with_a_demonym_after_it(resources):
    places = resolve(resources, "Des enseignants ont manifesté dans la capitale malienne lundi, selon des sources "
                                "nigériennes.", "fr")
    assert [m.value.name for m in places.mentions if m.rule == "geo.capital"] == ["Bamako"]
    regional = resolve(resources, "La capitale régionale est calme, selon des sources maliennes.", "fr")
    assert not [m for m in regional.mentions if m.rule == "geo.capital"]
