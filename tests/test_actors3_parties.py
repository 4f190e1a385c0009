"""Who the parties are, in our own sentences: a force's operation, the victims' country, the
force a riot faces, a battle's second side, nationalities of civilians (issue #5)."""

from __future__ import annotations

import pytest

from marsad.lexicon import ActorBase
from marsad.pipeline import extract_document
from marsad.records import Document


@pytest.fixture(scope="module")
def resources():
    from marsad.pipeline import Resources

    return Resources.load()


def _reports(resources, text: str, language: str = "en", published: str = "2020-06-06"):
    return extract_document(Document(id="t", text=text, language=language, published=published), resources)


def _parties(reports) -> list[tuple[str, str | None, str | None]]:
    return [(r.sub_event_type, r.actor1, r.actor2) for r in reports]


@pytest.mark.parametrize("text", [
    "On 4 June 2020, French Barkhane forces conducted an operation against JNIM militants near Boni, Mali.",
    "On 4 June 2020, French troops carried out an anti-terrorist operation near Boni, Mali, targeting JNIM fighters.",
    "On 4 June 2020, French forces led a joint air and ground operation against JNIM militants outside Boni, Mali.",
])
def test_a_forces_operation_against_a_named_enemy_is_its_battle(resources, text):
    reports = _reports(resources, text)
    assert ("Armed clash", "Military Forces of France (2017-)",
            "JNIM: Group for Support of Islam and Muslims") in _parties(reports)


def test_an_armed_groups_home_does_not_name_its_victims(resources):
    reports = _reports(resources, "On 4 June 2020, suspected JNIM militants killed a woman near Djibo, "
                                  "Burkina Faso.")
    assert _parties(reports) == [("Attack", "JNIM: Group for Support of Islam and Muslims",
                                  "Civilians (Burkina Faso)")]


def test_a_riot_faces_the_force_told_in_the_next_sentence(resources):
    reports = _reports(resources, "On 5 June 2020, angry residents burned tyres and blocked the main road in Kaya, "
                                  "Burkina Faso. Police fired tear gas to disperse them.")
    assert _parties(reports) == [("Violent demonstration", "Rioters (Burkina Faso)",
                                  "Police Forces of Burkina Faso (2015-)")]


def test_a_peaceful_protest_faces_nobody(resources):
    reports = _reports(resources, "On 5 June 2020, hundreds of residents marched peacefully in Kaya, Burkina Faso, "
                                  "to demand water. Police watched the march.")
    assert [(r.sub_event_type, r.actor2) for r in reports] == [("Peaceful protest", None)]


def test_a_battle_told_with_one_side_faces_the_state(resources):
    reports = _reports(resources, "On 5 June 2020, heavy fighting was reported in Kidal, Mali. No casualties were given.")
    assert _parties(reports) == [("Armed clash", "Unidentified Armed Group (Mali)", "Military Forces of Mali (2013-)")]


def test_a_state_operation_told_alone_faces_the_storys_group(resources):
    reports = _reports(resources, "On 5 June 2020, Malian soldiers conducted an operation near Dioura, Mali. "
                                  "The area is a stronghold of Katiba Macina.")
    assert _parties(reports)[0] == ("Armed clash", "Military Forces of Mali (2013-)", "Katiba Macina")


def test_the_year_of_a_date_is_no_toll(resources):
    reports = _reports(resources, "On November 3, 2019, an IED exploded under a Malian army truck near Boni, Mali, "
                                  "killing two soldiers.", published="2019-11-04")
    assert [(r.sub_event_type, r.fatalities) for r in reports] == [("Remote explosive/landmine/IED", 2)]


@pytest.mark.parametrize(("text", "language", "victims"), [
    ("On 4 June 2020, gunmen killed three Burkinabe miners near Kidal, Mali.", "en", "Civilians (Burkina Faso)"),
    ("Le 4 juin 2020, des hommes armés ont tué trois civils nigériens près de Ménaka, au Mali.", "fr",
     "Civilians (Niger)"),
    ("هاجم مسلحون مجهولون يوم 4 يونيو 2020 قرية قرب ميناكا في مالي وقتلوا ثلاثة مدنيين نيجريين.", "ar",
     "Civilians (Niger)"),
])
def test_a_nationality_names_the_victims_country(resources, text, language, victims):
    reports = _reports(resources, text, language)
    assert [(r.actor2, r.country) for r in reports] == [(victims, "Mali")]


def test_civilians_without_nationality_are_of_the_events_country(resources):
    reports = _reports(resources, "On 4 June 2020, gunmen killed three miners near Kidal, Mali.")
    assert [r.actor2 for r in reports] == ["Civilians (Mali)"]


def test_a_crowd_takes_no_nationality():
    actors = ActorBase.load()
    mentions = actors.find_mentions("L'Union des scolaires nigériens a appelé à la grève.", "fr")
    assert [(m.value.actor_id, m.value.country) for m in mentions] == [("generic.students", None)]


def test_a_nationality_must_touch_the_noun():
    actors = ActorBase.load()
    mentions = actors.find_mentions("Nigerien officials said gunmen killed civilians near Gao.", "en")
    civilians = [m for m in mentions if m.value.actor_id == "generic.civilians"]
    assert [(m.text, m.value.country) for m in civilians] == [("civilians", None)]


@pytest.mark.parametrize(("text", "modality"), [
    ("On 4 May 2020, gunmen killed two civilians near Boni, Mali.", "asserted"),
    ("On May 4, gunmen killed two civilians near Boni, Mali.", "asserted"),
    ("Officials said gunmen may attack the village of Boni, Mali.", "hypothetical"),
])
def test_the_month_may_is_not_the_modal_may(resources, text, modality):
    assert [r.modality for r in _reports(resources, text)] == [modality]


@pytest.mark.parametrize(("text", "language", "author"), [
    ("On 4 June 2020, unknown gunmen shot dead a village chief in Gossi, Mali. GATIA denounced the killing, "
     "and ISGS claimed responsibility for it.", "en", "Islamic State (Greater Sahara)"),
    ("Le 4 juin 2020, des hommes armés ont tué deux bergers près de Boni, au Mali. Le JNIM a revendiqué l'attaque.",
     "fr", "JNIM: Group for Support of Islam and Muslims"),
    ("انفجرت عبوة ناسفة يوم 4 يونيو 2020 في دورية للجيش قرب بوني في مالي وقتل جنديان. "
     "وتبنت جماعة نصرة الإسلام والمسلمين الهجوم.", "ar", "JNIM: Group for Support of Islam and Muslims"),
])
def test_a_claimed_attack_is_its_claimants(resources, text, language, author):
    reports = _reports(resources, text, language)
    assert [r.actor1 for r in reports] == [author]


@pytest.mark.parametrize(("text", "language"), [
    ("Rockets hit a UN base near Aguelhok overnight.", "en"),
    ("A UN peacekeeper was wounded when his convoy hit a mine.", "en"),
    ("Des obus sont tombés sur le camp de l'ONU à Kidal.", "fr"),
])
def test_the_uns_troops_and_bases_in_the_sahel_are_the_missions(text, language):
    actors = ActorBase.load()
    assert [m.value.actor_id for m in actors.find_mentions(text, language)] == ["minusma"]


def test_the_un_itself_stays_the_un():
    actors = ActorBase.load()
    mentions = actors.find_mentions("The UN Security Council condemned the attack.", "en")
    assert [m.value.actor_id for m in mentions] == ["un"]


@pytest.mark.parametrize(("text", "language", "force"), [
    ("On 5 June 2020, protesters burned tyres in Niamey, Niger. Security forces fired tear gas to disperse them.",
     "en", "Police Forces of Niger (2011-)"),
    ("Le 5 juin 2020, des manifestants ont brûlé des pneus à Niamey, au Niger. Les forces de l'ordre ont tiré des "
     "gaz lacrymogènes pour les disperser.", "fr", "Police Forces of Niger (2011-)"),
])
def test_security_forces_facing_a_crowd_are_the_police(resources, text, language, force):
    assert [(r.sub_event_type, r.actor2) for r in _reports(resources, text, language)] == [
        ("Violent demonstration", force)]


def test_security_forces_in_battle_are_the_army(resources):
    reports = _reports(resources, "On 5 June 2020, JNIM militants attacked security forces in Boni, Mali.")
    assert [(r.sub_event_type, r.actor2) for r in reports] == [("Armed clash", "Military Forces of Mali (2013-)")]


def test_a_claim_covers_the_violence_told_before_it(resources):
    reports = _reports(resources, "On 4 June 2020, gunmen ambushed an army convoy near Gao, Mali, killing four soldiers. "
                                  "JNIM, an al-Qaeda affiliate, claimed responsibility for the ambush. On 1 June 2020, "
                                  "an IED killed two civilians near Ansongo, Mali. No group claimed that blast.")
    assert [(r.location, r.actor1) for r in reports] == [
        ("Gao", "JNIM: Group for Support of Islam and Muslims"), ("Ansongo", "Unidentified Armed Group (Mali)")]
