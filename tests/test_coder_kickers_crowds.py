"""A kicker before a colon restates its sentence; a crowd fired on is a target, not a mob
(our own sentences)."""

from __future__ import annotations

import pytest

from marsad.pipeline import Resources, extract_document
from marsad.records import Document


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources.load()


def coded(resources, text: str, language: str) -> list[tuple]:
    doc = Document(id="t", text=text, language=language, published="2024-09-10")
    return [(r.sub_event_type, r.actor1, r.actor2) for r in extract_document(doc, resources)]


def test_a_kicker_noun_does_not_turn_the_attackers_into_a_second_armed_party(resources):
    text = ("Attaque meurtrière à Ansongo : des hommes armés non identifiés ont attaqué lundi le marché "
            "d'Ansongo, tuant sept civils.")
    assert coded(resources, text, "fr") == [("Attack", "Unidentified Armed Group (Mali)", "Civilians (Mali)")]


def test_a_colon_in_a_time_or_a_quote_is_no_kicker(resources):
    text = "Le ministre a déclaré : « Les terroristes ont attaqué Ansongo lundi et tué sept civils. »"
    assert [c[0] for c in coded(resources, text, "fr")] == ["Attack"]


def test_a_crowd_fired_on_is_attacked_not_a_mob(resources):
    text = ("Sept civils ont été tués lundi à Ansongo lorsque des assaillants armés ont ouvert le feu sur la foule "
            "du marché.")
    assert coded(resources, text, "fr") == [("Attack", "Unidentified Armed Group (Mali)", "Civilians (Mali)")]


@pytest.mark.parametrize(("text", "language"), [
    ("Un voleur présumé a été lynché lundi par une foule en colère à Ségou.", "fr"),
    ("A crowd beat a suspected thief to death in Kano on Monday.", "en"),
])
def test_a_crowd_that_attacks_is_still_mob_violence(resources, text, language):
    assert [c[0] for c in coded(resources, text, language)] == ["Mob violence"]


@pytest.mark.parametrize("text", [
    "فجرت فتاة نفسها في سوق مايدوغوري صباح اليوم.",
    "وقال أحد السكان لوكالة الصحافة الفرنسية: «فجرت فتاة نفسها في سوق مايدوغوري صباح اليوم».",
    "فجرت ثلاث فتيات أنفسهن في سوق داماتورو.",
])
def test_an_arabic_bomber_named_between_verb_and_self_is_a_suicide_bombing(resources, text):
    """Arabic puts the subject between the verb and its reflexive: «فجرت فتاة نفسها»."""
    assert [c[0] for c in coded(resources, text, "ar")] == ["Suicide bomb"]
