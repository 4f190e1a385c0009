"""French trigger fixes found while checking French alongside the Arabic coder (our own sentences)."""

from marsad.coder.triggers import TriggerBook


def _ids(text: str) -> list[str]:
    return [h.trigger_id for h in TriggerBook.load("fr").find(text)]


def test_violence_and_violent_are_not_rape():
    assert _ids("Les habitants craignent de nouvelles violences dans un climat violent.") == []


def test_rape_is_still_found():
    assert "fr.sexual" in _ids("Trois femmes ont été violées par des hommes armés près de Goundam.")


def test_wounded_evacuated_to_a_town_is_not_a_withdrawal():
    assert "fr.withdraw" not in _ids("Deux soldats ont été blessés et évacués vers Mopti par hélicoptère.")


def test_troops_evacuating_a_base_is_still_a_withdrawal():
    assert "fr.withdraw" in _ids("L'armée a évacué le camp de Ber dans la nuit.")


def test_clashes_with_demonstrators_are_a_riot_not_a_battle():
    hits = TriggerBook.load("fr").find("Des affrontements ont opposé des manifestants aux policiers à Zinder.")
    assert {h.sub_event_type for h in hits} == {"Violent demonstration", "Peaceful protest"}
    assert hits[0].sub_event_type == "Violent demonstration"
