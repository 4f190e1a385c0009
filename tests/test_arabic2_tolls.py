"""A dated toll told before its event folds into that event (our own invented sentences)."""

from marsad.pipeline import Resources, extract_document
from marsad.records import Document

TEXT = ("قتل 20 شخصا واصيب 97 بجروح في مدينة مروة بحسب حصيلة اعلنها التلفزيون الرسمي اليوم الاحد.\n\n"
        "وقال التلفزيون ان انتحارية فجرت نفسها مساء السبت في سوق مزدحم بمدينة مروة.")


def test_the_toll_announced_today_belongs_to_yesterday_s_bombing():
    reports = extract_document(Document(id="t", text=TEXT, language="ar", published="2024-03-10"),
                               Resources.load())
    assert [(r.sub_event_type, r.date, r.fatalities) for r in reports] == [("Suicide bomb", "2024-03-09", 20)]
