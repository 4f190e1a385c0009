"""French names of the Sahel's state forces (our own invented sentences)."""

import pytest

from marsad.pipeline import Resources


@pytest.fixture(scope="module")
def actors():
    return Resources.load().actors


@pytest.mark.parametrize(("text", "actor_id"), [
    ("Les FAMa ont riposté vigoureusement à l'attaque.", "MLI.military"),
    ("Une patrouille des FAMA est tombée dans une embuscade.", "MLI.military"),
    ("Les FAN ont repris le contrôle de la localité.", "NER.military"),
    ("Selon l'armée malienne, le bilan est lourd.", "MLI.military"),
    ("La police nigérienne a dispersé la foule.", "NER.police"),
    ("La gendarmerie malienne a ouvert une enquête.", "MLI.gendarmerie"),
    ("Un poste de la garde nationale du Niger a été attaqué.", "NER.national_guard"),
])
def test_french_names_of_state_forces_name_their_country(actors, text, actor_id):
    assert actor_id in [m.value.actor_id for m in actors.find_mentions(text, "fr")]


def test_a_lower_case_fan_is_no_army(actors):
    mentions = actors.find_mentions("Un fan de football a été interpellé.", "fr")
    assert all(m.value.actor_id != "NER.military" for m in mentions)
