"""A dated toll told before its event folds into that event (our own invented sentences)."""

from marsad.coder.coalesce import fold_outcome
from marsad.pipeline import Resources, extract_document
from marsad.records import Document, EventReport

TEXT = ("قتل 20 شخصا واصيب 97 بجروح في مدينة مروة بحسب حصيلة اعلنها التلفزيون الرسمي اليوم الاحد.\n\n"
        "وقال التلفزيون ان انتحارية فجرت نفسها مساء السبت في سوق مزدحم بمدينة مروة.")


def test_the_toll_announced_today_belongs_to_yesterday_s_bombing():
    reports = extract_document(Document(id="t", text=TEXT, language="ar", published="2024-03-10"),
                               Resources.load())
    assert [(r.sub_event_type, r.date, r.fatalities) for r in reports] == [("Suicide bomb", "2024-03-09", 20)]


def _report(sub: str, event_type: str, date: str, fatalities: int = 0) -> EventReport:
    return EventReport(doc_id="t", event_type=event_type, sub_event_type=sub, date=date,
                       location="Diffa", fatalities=fatalities)


def test_a_lethal_toll_does_not_fold_into_a_kidnapping_of_the_same_day():
    kidnapping = _report("Abduction/forced disappearance", "Violence against civilians", "2024-03-09")
    toll = _report("Armed clash", "Battles", "2024-03-09", fatalities=12)
    assert not fold_outcome([kidnapping], toll, dated=True, lethal=True)
    assert fold_outcome([kidnapping], toll, dated=True)  # bare tolls told after an event still join it
