"""An event recalled "two days after ..." is dated back from the sentence's own event (our own
invented sentences)."""

import pytest

from marsad.pipeline import Resources, extract_document
from marsad.records import Document
from marsad.timex import days_told


@pytest.fixture(scope="module")
def resources():
    return Resources.load()


def _dates(resources, text: str, language: str) -> dict[str, str]:
    doc = Document(id="t", text=text, language=language, published="2024-03-12")
    return {r.location: r.date for r in extract_document(doc, resources)}


@pytest.mark.parametrize(("text", "language", "days"), [
    ("بعد يومين من", "ar", 2),
    ("بعد ستة أيام من", "ar", 6),
    ("بعد أسبوع من", "ar", 7),
    ("trois jours après", "fr", 3),
    ("a week after", "en", 7),
    ("فيما", "ar", None),
])
def test_days_told(text, language, days):
    assert days_told(text, language) == days


def test_arabic_two_days_after(resources):
    text = ("هاجم مسلحون أمس الاثنين قرية قرب مدينة غاو شمال مالي وقتلوا خمسة مزارعين، "
            "وذلك بعد يومين من هجوم انتحاري أسفر عن مقتل سبعة جنود في مدينة تمبكتو.")
    assert _dates(resources, text, "ar") == {"Gao": "2024-03-11", "Timbuktu": "2024-03-09"}


def test_english_three_days_after(resources):
    text = ("Gunmen killed five farmers near Gao on Monday, three days after a suicide bomber "
            "killed seven soldiers in Timbuktu.")
    assert _dates(resources, text, "en") == {"Gao": "2024-03-11", "Timbuktu": "2024-03-08"}


def test_while_is_no_recap(resources):
    text = ("قتل مسلحون أمس الاثنين خمسة مزارعين في قرية قرب مدينة غاو، "
            "فيما قتل انتحاري سبعة جنود في مدينة تمبكتو.")
    assert _dates(resources, text, "ar") == {"Gao": "2024-03-11", "Timbuktu": "2024-03-11"}


def test_this_attack_is_the_story_s_event_whatever_country_names_it(resources):
    text = ("هاجم مسلحون أمس فندقا في مدينة موبتي وسط مالي وقتلوا أربعة أشخاص.\n\n"
            "وأعلنت الخارجية الكندية أن مواطنا كنديا كان بين قتلى هذا الهجوم.")
    doc = Document(id="t", text=text, language="ar", published="2024-03-12")
    assert [r.location for r in extract_document(doc, resources)] == ["Mopti"]


def test_an_event_recalled_after_this_ambush_keeps_its_own_frame(resources):
    text = ("نصب مسلحون أمس كمينا لقافلة للجيش قرب مدينة غاو وقتلوا ثلاثة جنود.\n\n"
            "ويأتي هذا الكمين بعد أسبوع من انفجار عبوة ناسفة استهدفت شاحنة مدنية قرب مدينة تمبكتو.")
    doc = Document(id="t", text=text, language="ar", published="2024-03-12")
    dates = {r.location: (r.sub_event_type, r.date) for r in extract_document(doc, resources)}
    assert dates["Timbuktu"] == ("Remote explosive/landmine/IED", "2024-03-04")
    assert "Gao" in dates
