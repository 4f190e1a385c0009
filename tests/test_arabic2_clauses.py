"""Clause barriers keep another event's date, town and toll out of a frame (our own invented
sentences)."""

import pytest

from marsad.coder import analyse
from marsad.coder.frames import build_frames
from marsad.pipeline import Resources, extract_document
from marsad.records import Document


@pytest.fixture(scope="module")
def resources():
    return Resources.load()


def _doc(text: str, language: str) -> Document:
    return Document(id="t", text=text, language=language, published="2024-03-12")


def _frames(resources, text: str, language: str = "ar"):
    return build_frames(analyse(_doc(text, language), language, resources), resources.policy)


RECAP = ("هاجم مسلحون أمس الاثنين قرية قرب مدينة غاو شمال مالي وقتلوا خمسة مزارعين، "
         "وذلك بعد يومين من هجوم انتحاري أسفر عن مقتل سبعة جنود في مدينة تمبكتو.")


def test_an_event_recalled_days_before_is_a_frame_of_its_own(resources):
    frames = _frames(resources, RECAP)
    assert len(frames) == 2
    lede, recap = frames
    assert [d.text for d in lede.dates] == ["أمس الاثنين"]
    assert recap.dates == []  # "yesterday" dates the new attack, not the one two days before it
    assert "تمبكتو" not in [p.text for p in lede.places]
    assert sorted(c.value for c in lede.casualties) == [5]


def test_the_recalled_event_is_coded_in_its_own_town(resources):
    reports = extract_document(_doc(RECAP, "ar"), resources)
    assert {r.location for r in reports} == {"Gao", "Timbuktu"}


def test_a_date_across_while_is_not_the_frame_s(resources):
    text = ("وقال سكان إن مسلحين هاجموا سوق قرية في ولاية بورنو، "
            "في حين أعلن الجيش يوم 3 مارس مقتل عشرة مسلحين في غارة جوية.")
    first = _frames(resources, text)[0]
    assert first.dates == []


def test_french_recap_the_day_after(resources):
    text = ("Des hommes armés ont attaqué mardi un marché à Gao, tuant quatre civils, "
            "au lendemain d'une embuscade qui a coûté la vie à six soldats près de Tombouctou.")
    frames = _frames(resources, text, "fr")
    assert len(frames) == 2
    assert "Tombouctou" not in [p.text for p in frames[0].places]
