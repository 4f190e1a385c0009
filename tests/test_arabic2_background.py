"""Background descriptions of a place are not events (our own invented sentences)."""

from marsad.pipeline import Resources, extract_document
from marsad.records import Document

TEXT = ("هاجم مسلحون معسكرا للجيش في مدينة غاو يوم 5 مارس وقتلوا ثلاثة جنود.\n\n"
        "وقال مصدر عسكري إن التعزيزات وصلت إلى المنطقة.\n\n"
        "وتقع مدينة موبتي على ضفاف النهر حيث خطف عدد كبير من السياح الغربيين.")


def test_a_town_where_many_were_kidnapped_is_scenery_not_an_abduction():
    reports = extract_document(Document(id="t", text=TEXT, language="ar", published="2024-03-12"),
                               Resources.load())
    assert [r.sub_event_type for r in reports] == ["Armed clash"]
