"""Second actors round (issue #5), in our own sentences: suppressed words inside longer
triggers, capitals standing for their states, Arabic verb-first killings, passive trigger
forms, arrests told with the violence done to the detainees."""

from __future__ import annotations

import pytest

from marsad.pipeline import extract_document
from marsad.records import Document


@pytest.fixture(scope="module")
def resources():
    from marsad.pipeline import Resources

    return Resources.load()


def _reports(resources, text: str, language: str = "en", published: str = "2024-03-06"):
    return extract_document(Document(id="t", text=text, language=language, published=published), resources)


def _coded(reports) -> list[tuple[str, str | None, str | None]]:
    return [(r.sub_event_type, r.actor1, r.actor2) for r in reports]


# ------------------------------------------------------------- suppressions and longer triggers

@pytest.mark.parametrize("text", [
    "On 3 March 2024, Nigerien troops began a counter-terrorism operation near Tillia.",
    "On 3 March 2024, Nigerien troops launched a counterterrorism operation in the Tillia area.",
])
def test_a_suppressed_word_does_not_silence_the_longer_operation(resources, text):
    assert [r.sub_event_type for r in _reports(resources, text)] == ["Armed clash"]


def test_counter_terrorism_alone_is_still_no_event(resources):
    assert _reports(resources, "On 3 March 2024, the government defended its counter-terrorism policy "
                               "before parliament in Niamey.") == []


def test_a_french_counter_terrorism_operation_is_a_battle(resources):
    reports = _reports(resources, "Le 3 mars 2024, l'armée nigérienne a lancé une opération antiterroriste "
                                  "près de Tillia.", "fr")
    assert [r.sub_event_type for r in reports] == ["Armed clash"]


def test_a_drone_base_is_not_a_drone_strike(resources):
    reports = _reports(resources, "On 4 March 2024, Washington withdrew its troops from the drone base "
                                  "in Agadez, Niger.")
    assert "Air/drone strike" not in [r.sub_event_type for r in reports]


# ------------------------------------------------------------- capitals and possessives

@pytest.mark.parametrize(("text", "language", "government", "forces"), [
    ("On 4 March 2024, Washington withdrew its troops from the base in Agadez, Niger.", "en",
     "Government of the United States (2021-)", "Military Forces of the United States (2021-)"),
    ("On 4 March 2024, Moscow withdrew its troops from Menaka, Mali.", "en",
     "Government of Russia", "Military Forces of Russia"),
    ("Le 4 mars 2024, Paris a retiré ses soldats de Ménaka.", "fr",
     "Government of France (2017-)", "Military Forces of France (2017-)"),
])
def test_a_capital_is_its_state_and_its_troops_are_that_states(resources, text, language, government, forces):
    reports = _reports(resources, text, language)
    assert _coded(reports) == [("Change to group/activity", government, forces)]


# ------------------------------------------------------------- Arabic: verb, subject, object

@pytest.mark.parametrize("text", [
    "قتل مسلحون خمسة أشخاص في قرية قرب تيلابيري يوم الأحد.",
    "قتل مسلحون مجهولون ثلاثة مدنيين في قرية قرب مدينة تيلابيري يوم الأحد.",
])
def test_arabic_gunmen_followed_by_their_victims_killed_them(resources, text):
    reports = _reports(resources, text, "ar")
    assert _coded(reports) == [("Attack", "Unidentified Armed Group (Niger)", "Civilians (Niger)")]


def test_arabic_soldiers_counted_right_after_the_verb_were_killed(resources):
    reports = _reports(resources, "قتل ثلاثة جنود في هجوم قرب تيلابيري يوم الأحد.", "ar")
    assert _coded(reports) == [("Armed clash", "Unidentified Armed Group (Niger)", "Military Forces of Niger (2023-)")]


# ------------------------------------------------------------- passive forms

def test_a_patrol_taken_in_an_ambush_is_the_target(resources):
    reports = _reports(resources, "Lundi, une patrouille des FAMa prise en embuscade près de Boni a perdu "
                                  "deux hommes.", "fr")
    assert _coded(reports) == [("Armed clash", "Unidentified Armed Group (Mali)", "Military Forces of Mali (2021-)")]


def test_a_killing_by_the_army_is_the_armys_attack(resources):
    reports = _reports(resources, "On 4 March 2024, the bodies of five herders were found near Djibo, "
                                  "Burkina Faso, after being executed by the Burkinabe army.")
    assert _coded(reports) == [("Attack", "Military Forces of Burkina Faso (2022-)", "Civilians (Burkina Faso)")]
    assert reports[0].fatalities == 5


def test_french_bodies_count_the_dead(resources):
    reports = _reports(resources, "Lundi 4 mars, les corps de cinq bergers ont été retrouvés près de Djibo après "
                                  "avoir été exécutés par les soldats burkinabè.", "fr")
    assert [r.fatalities for r in reports] == [5]


# ------------------------------------------------------------- arrests and the gravest act

@pytest.mark.parametrize("text", [
    "On 4 March 2024, Malian soldiers arrested three herders near Boni and burned them alive.",
    "On 4 March 2024, the Malian army arrested twenty men at the market in Boni, and six of them "
    "were summarily executed.",
    "On 4 March 2024, gendarmes arrested and severely wounded two herders near Boni, Mali.",
])
def test_an_arrest_told_with_violence_to_the_detainees_is_an_attack(resources, text):
    coded = _coded(_reports(resources, text))
    assert [c[0] for c in coded] == ["Attack"]
    assert coded[0][2] == "Civilians (Mali)"


def test_detainees_found_dead_make_an_attack(resources):
    reports = _reports(resources, "On 4 March 2024, the Malian army arrested six men in Boni, Mali, and their "
                                  "corpses were found three days later.")
    assert [(r.sub_event_type, r.actor1) for r in reports] == [("Attack", "Military Forces of Mali (2021-)")]


def test_arrests_in_an_operation_without_violence_stay_arrests(resources):
    reports = _reports(resources, "On 4 March 2024, the Burkinabe army conducted operations near Djibo, "
                                  "Burkina Faso, and about 40 suspects were arrested.")
    assert "Arrests" in [r.sub_event_type for r in reports]


def test_an_arrest_alone_stays_an_arrest(resources):
    reports = _reports(resources, "On 4 March 2024, police arrested two men in Niamey, Niger, for drug trafficking.")
    assert [r.sub_event_type for r in reports] == ["Arrests"]


def test_an_arrest_after_wounded_police_stays_an_arrest(resources):
    reports = _reports(resources, "On 4 March 2024, six police officers were wounded in Niamey, Niger, and about "
                                  "twenty people were arrested.")
    assert "Arrests" in [r.sub_event_type for r in reports]


def test_an_attack_told_around_an_arrest_is_not_its_violence(resources):
    reports = _reports(resources, "On 4 March 2024, police in Bamako, Mali, arrested a man suspected of planning "
                                  "an attack on a hotel.")
    assert "Arrests" in [r.sub_event_type for r in reports]


# ------------------------------------------------------------- suspected authors

@pytest.mark.parametrize(("text", "language"), [
    ("On 4 March 2024, unknown gunmen believed to be JNIM militiamen killed two herders near Djibo, "
     "Burkina Faso.", "en"),
    ("On 4 March 2024, unknown gunmen (suspected JNIM militants) shot dead two herders near Djibo, "
     "Burkina Faso.", "en"),
    ("Le 4 mars 2024, des hommes armés présumés membres du JNIM ont tué deux bergers près de Djibo.", "fr"),
])
def test_unnamed_gunmen_told_as_a_group_are_that_group(resources, text, language):
    reports = _reports(resources, text, language)
    assert _coded(reports) == [("Attack", "JNIM: Group for Support of Islam and Muslims", "Civilians (Burkina Faso)")]


def test_a_detainee_suspected_of_membership_stays_the_target(resources):
    reports = _reports(resources, "On 4 March 2024, the army arrested two men suspected of being JNIM militants "
                                  "near Djibo, Burkina Faso.")
    assert [r.actor1 for r in reports] == ["Military Forces of Burkina Faso (2022-)"]
