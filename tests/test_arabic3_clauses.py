"""A clause barrier ("while", "في حين", "فيما") bounds a trigger's cues and a frame's town (our own
invented sentences)."""

import pytest

from marsad.coder import analyse
from marsad.coder.frames import build_frames
from marsad.pipeline import Resources, extract_document
from marsad.records import Document


@pytest.fixture(scope="module")
def resources():
    return Resources.load()


def _doc(text: str, language: str = "ar") -> Document:
    return Document(id="t", text=text, language=language, published="2024-03-12")


def _frames(resources, text: str, language: str = "ar"):
    return build_frames(analyse(_doc(text, language), language, resources), resources.policy)


def test_an_air_strike_across_while_does_not_recode_a_ground_attack(resources):
    text = ("وقال سكان إن مسلحين هاجموا سوق قرية قرب مدينة غاو وقتلوا ثلاثة تجار، "
            "في حين أعلن الجيش شن غارة جوية على مواقع المسلحين قرب تمبكتو.")
    types = [f.sub_event_type for f in _frames(resources, text)]
    assert types[0] != "Air/drone strike"
    assert "Air/drone strike" in types


def test_a_killing_in_its_own_clause_is_not_outranked_by_another_clause_s_trigger(resources):
    text = ("أعلن الجيش المالي أمس شن غارة جوية على معسكر للمسلحين قرب تمبكتو، "
            "فيما قتل مسلحون خمسة قرويين في قرية قرب مدينة غاو.")
    frames = _frames(resources, text)
    assert len(frames) == 2
    assert any(h.text.startswith("قتل") for h in frames[1].triggers)


def test_the_killing_keeps_its_own_town(resources):
    text = ("أعلن الجيش المالي أمس شن غارة جوية على معسكر للمسلحين قرب تمبكتو، "
            "فيما قتل مسلحون خمسة قرويين في قرية قرب مدينة غاو.")
    reports = extract_document(_doc(text), resources)
    assert {r.location for r in reports} >= {"Gao", "Timbuktu"}


def test_a_town_across_while_does_not_place_the_frame(resources):
    text = ("فر مئات السكان إلى تمبكتو، في حين هاجم مسلحون أمس قافلة للجيش على الطريق الرابط "
            "قرب مدينة غاو.")
    reports = extract_document(_doc(text), resources)
    assert [r.location for r in reports] == ["Gao"]


def test_a_town_beyond_the_named_country_does_not_place_the_event(resources):
    text = ("قتل مسلحون خمسة قرويين خلال هجوم على قرية شمالي بوركينا فاسو أمس، بحسب ما قال "
            "تاجر قادم من كانو لوكالة الأنباء.")
    reports = extract_document(_doc(text), resources)
    assert [r.country for r in reports] == ["Burkina Faso"]


def test_a_town_in_the_named_country_still_places_the_event(resources):
    text = "قتل مسلحون خمسة قرويين خلال هجوم على قرية شمالي بوركينا فاسو أمس قرب مدينة جيبو."
    reports = extract_document(_doc(text), resources)
    assert [r.location for r in reports] == ["Djibo"]
