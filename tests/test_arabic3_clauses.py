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


RESTATED = ("قتل مسلحون عشرة قرويين في هجوم على قرية قرب مدينة غاو شمال مالي، على ما أفاد مسؤول محلي "
            "اليوم الخميس.\n\nووقع الهجوم الاثنين، لكن شبكة الهاتف معطلة في المنطقة.")


def test_the_story_s_event_takes_the_day_a_later_sentence_gives_it(resources):
    doc = Document(id="t", text=RESTATED, language="ar", published="2024-03-14")
    reports = extract_document(doc, resources)
    assert [(r.date, r.fatalities) for r in reports] == [("2024-03-11", 10)]


def test_a_restated_date_after_the_event_s_own_is_another_event(resources):
    text = ("قتل مسلحون عشرة قرويين في هجوم على قرية قرب مدينة غاو يوم 2 مارس.\n\n"
            "ووقع الهجوم الاثنين على قافلة للجيش قرب تمبكتو.")
    doc = Document(id="t", text=text, language="ar", published="2024-03-14")
    assert len(extract_document(doc, resources)) == 2


def test_english_the_attack_took_place(resources):
    text = ("Gunmen killed six villagers near Gao in northern Mali, officials said on Thursday. "
            "The attack took place on Monday, a local official said.")
    doc = Document(id="t", text=text, language="en", published="2024-03-14")
    assert [r.date for r in extract_document(doc, resources)] == ["2024-03-11"]


def test_formerly_opens_no_clause(resources):
    text = "قتل مسلحون خمسة جنود في هجوم على موقع للجيش قرب غاو، وهي منطقة شهدت فيما سبق هجمات قرب تمبكتو."
    analysis = analyse(_doc(text), "ar", resources)
    assert analysis.clause_starts == []


def test_a_market_in_a_city_is_one_event(resources):
    text = "وقع هجوم انتحاري في سوق غامبورو بمايدوغوري صباح أمس، مما أسفر عن مقتل ستة أشخاص."
    reports = extract_document(_doc(text), resources)
    assert len(reports) == 1 and reports[0].fatalities == 6


def test_towns_listed_with_and_are_still_split(resources):
    text = "هاجم مسلحون أمس بلدات غاو وتمبكتو وموبتي وقتلوا تسعة أشخاص."
    assert len(extract_document(_doc(text), resources)) == 3


def test_attacks_in_two_listed_countries_are_a_summary(resources):
    text = ("قتل أكثر من 40 شخصا أمس في هجمات لمسلحين في مالي والنيجر.\n\n"
            "وأسفر الهجوم على سوق في مدينة غاو عن مقتل 12 شخصا.")
    reports = extract_document(_doc(text), resources)
    assert [(r.location, r.fatalities) for r in reports] == [("Gao", 12)]


def test_a_killing_told_in_one_country_stays_there(resources):
    text = "قتل 12 قرويا على الأقل في النيجر. وقال شهود إن مسلحين قتلوا ثمانية مدنيين في مدينة مايدوغوري."
    reports = extract_document(_doc(text), resources)
    assert reports[0].country == "Niger"


def test_while_before_a_participle_opens_no_clause(resources):
    text = "Two militants were killed while planting an IED near the police station in Gao."
    analysis = analyse(_doc(text, "en"), "en", resources)
    assert analysis.clause_starts == []
