"""French coding: army tallies, repression of protests, surrenders, recaps, stances and
background developments (our own invented sentences)."""

import pytest

from marsad.coder.triggers import TriggerBook
from marsad.pipeline import Resources, extract_document
from marsad.records import Document


@pytest.fixture(scope="module")
def resources():
    return Resources.load()


def _code(resources, text: str, published: str = "2025-04-10"):
    return extract_document(Document(id="t", text=text, language="fr", published=published), resources)


def _hits(text: str) -> list[tuple[str, str]]:
    return [(h.trigger_id, h.sub_event_type) for h in TriggerBook.load("fr").find(text)]


def test_the_armys_tally_of_neutralised_fighters_is_the_toll_of_the_fight_told_before(resources):
    text = ("Deux soldats ont été tués mercredi dans une embuscade tendue à une patrouille des FAMa près de Ténenkou. "
            "« Huit terroristes ont été neutralisés », précise l'armée, qui ajoute que les blessés ont été "
            "évacués vers Mopti.")
    reports = _code(resources, text)
    assert [r.sub_event_type for r in reports] == ["Armed clash"]
    assert reports[0].fatalities >= 8  # the tally is carried into the fight


def test_a_tally_told_alone_is_still_a_fight(resources):
    reports = _code(resources, "Une quinzaine de terroristes ont été neutralisés lundi près de Djibo, selon l'armée.")
    assert [r.sub_event_type for r in reports] == ["Armed clash"]


def test_shooting_to_disperse_a_protest_is_its_repression_not_a_second_attack(resources):
    text = ("Un jeune homme a été tué vendredi à Zinder lorsque des policiers ont ouvert le feu pour disperser "
            "une manifestation contre la vie chère.")
    reports = _code(resources, text)
    assert [r.sub_event_type for r in reports] == ["Excessive force against protesters"]


def test_a_protest_against_an_attack_does_not_turn_the_attack_into_repression():
    hits = _hits("Des habitants ont manifesté à Kaya pour dénoncer l'attaque contre leur village.")
    assert ("fr.attack", "@attack") in hits


def test_a_surrender_with_its_date_before_the_force_is_an_agreement(resources):
    text = "Douze combattants de Boko Haram se sont rendus dimanche aux forces armées tchadiennes à Bol."
    assert ("fr.surrender", "Agreement") in _hits(text)
    reports = _code(resources, text, published="2025-04-08")
    assert [(r.sub_event_type, r.date) for r in reports] == [("Agreement", "2025-04-06")]


def test_a_protocole_daccord_is_an_agreement_but_being_daccord_is_not():
    assert ("fr.agreement", "Agreement") in _hits("Le Mali et la Guinée ont signé jeudi un protocole d'accord sur le transit.")
    assert not [h for h in _hits("Le ministre s'est dit d'accord avec cette analyse.") if h[1] == "Agreement"]


def test_detainees_set_free_are_no_arrest():
    assert not [h for h in _hits("Les autorités ont annoncé la libération de vingt détenus politiques.")
                if h[1] == "Arrests"]
    assert ("fr.arrest", "Arrests") in _hits("Le journaliste est détenu par la gendarmerie depuis samedi.")


def test_freed_ground_is_no_release_but_freed_hostages_are():
    assert not [h for h in _hits("Les localités libérées par l'armée reçoivent de l'aide.") if h[0] == "fr.release"]
    assert ("fr.release", "Agreement") in _hits("Les ravisseurs ont libéré mardi les deux enseignants.")


def test_a_demonstrative_recap_is_context_not_a_new_event():
    text = "Cette attaque intervient deux jours après l'enlèvement de trois commerçants près de Gao."
    ids = {trigger_id for trigger_id, _ in _hits(text)}
    assert "fr.attack" not in ids and "fr.abduction" in ids


def test_a_stance_on_dialogue_is_no_meeting(resources):
    text = "Le gouvernement malien prône le dialogue avec l'Algérie et souhaite préserver un canal de dialogue avec Paris."
    assert not [h for h in _hits(text) if h[0] == "fr.meet"]
    assert ("fr.meet", "Other") in _hits("Le ministre s'est entretenu lundi à Niamey avec son homologue tchadien.")


def test_an_accusation_is_talk_not_an_event(resources):
    text = "Le gouvernement burkinabè a accusé lundi la Côte d'Ivoire d'abriter des opposants."
    assert _code(resources, text) == []


def test_developments_summed_over_months_and_standing_deployments_are_background(resources):
    text = ("Déployée depuis 2014, la force a rétrocédé plusieurs bases aux autorités nigériennes ces derniers mois. "
            "Les mouvements signataires de l'accord de paix réclament leur part.")
    assert _code(resources, text) == []


def test_lifting_its_sanctions_is_a_lift_not_a_sanction():
    assert ("fr.sanction_lift", "Other") in _hits("L'Union africaine lève ses sanctions contre le Gabon.")
    assert ("fr.sanction_lift", "Other") in _hits("La CEDEAO a décidé de lever les lourdes sanctions imposées au Niger.")


def test_the_group_involved_in_an_attack_already_told_is_no_new_attack():
    text = "Selon l'armée, ce groupe était impliqué dans l'attaque contre le poste de Tin-Akoff."
    assert not [h for h in _hits(text) if h[0] == "fr.attack"]


def test_a_withdrawal_to_be_completed_by_a_deadline_is_planned(resources):
    text = "La force européenne doit achever son retrait du Niger d'ici la fin du mois, a annoncé lundi Niamey."
    assert {r.modality for r in _code(resources, text)} <= {"planned"}


def test_a_places_record_of_violence_is_no_event(resources):
    text = ("La commune de Koro a été le théâtre de nombreuses violences depuis 2019, marquées par des vols de bétail "
            "et des assassinats. Le village a été à plusieurs reprises la cible des jihadistes.")
    assert _code(resources, text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Le poste de police de Kantchari a essuyé des tirs nourris dimanche.", "@attack"),
    ("Les soldats ont été pris à partie par des hommes armés près de Nampala.", "@attack"),
    ("Des hommes armés ont tiré à bout portant sur le chef du village.", "@attack"),
    ("Les corps sans vie de trois bergers ont été retrouvés près de Djibo.", "@attack"),
    ("Une dizaine de terroristes ont été mis hors d'état de nuire par les FDS.", "Armed clash"),
    ("Des centaines d'élèves ont battu le pavé mardi à Niamey.", "Peaceful protest"),
    ("Les commerçants sont descendus dans la rue lundi à Kayes.", "Peaceful protest"),
])
def test_sahel_press_idioms_are_triggers(text, expected):
    assert expected in {sub for _, sub in _hits(text)}


def test_a_kamikaze_drone_is_a_drone_strike_and_a_kamikaze_a_suicide_bomb(resources):
    drone = _code(resources, "Une attaque au drone kamikaze a visé lundi le camp militaire de Kidal.")
    assert [r.sub_event_type for r in drone] == ["Air/drone strike"]
    bomber = _code(resources, "Un kamikaze s'est fait exploser mardi devant la mosquée de Diffa.")
    assert [r.sub_event_type for r in bomber] == ["Suicide bomb"]


def test_targeted_by_sanctions_is_no_attack():
    assert not [h for h in _hits("Trois ministres sont visés par des sanctions américaines.") if h[0] == "fr.attack"]


def test_the_content_of_an_accord_already_told_is_no_new_accord():
    assert not [h for h in _hits("L'accord prévoit également la formation de pilotes.") if h[0] == "fr.agreement"]
    assert ("fr.agreement", "Agreement") in _hits("Les deux pays ont signé mardi un accord de défense.")


def test_a_demand_to_end_attacks_is_no_attack():
    text = "Des femmes ont marché lundi à Bandiagara pour réclamer la fin des attaques contre les cars."
    assert not [h for h in _hits(text) if h[0] == "fr.attack"]


def test_a_headquarters_still_to_be_installed_is_no_base():
    text = "Les trois pays ont créé une force unifiée, dont le quartier général doit être installé à Niamey."
    assert not [h for h in _hits(text) if h[0] == "fr.base"]


def test_what_a_meeting_already_told_discussed_is_no_new_meeting():
    assert not [h for h in _hits("Le sommet a également examiné la situation au Sahel.") if h[0] == "fr.meet"]
    assert not [h for h in _hits("Les entretiens ont porté sur la sécurité des frontières.") if h[0] == "fr.meet"]
