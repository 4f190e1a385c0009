"""A date after "since" starts a period; it is not an event's day (our own invented sentences)."""

from marsad.pipeline import Resources, extract_document
from marsad.records import Document
from marsad.timex import find_dates


def _since(text: str, language: str) -> list[bool]:
    return [bool(d.data.get("since")) for d in find_dates(text, language, "2024-03-12")]


def test_since_marks_the_start_of_a_period_in_three_languages():
    assert _since("نزح آلاف السكان منذ يناير الماضي", "ar") == [True]
    assert _since("des milliers de déplacés depuis janvier", "fr") == [True]
    assert _since("thousands displaced since January", "en") == [True]


def test_ago_and_plain_dates_are_event_days():
    assert _since("قتل خمسة أشخاص منذ يومين في القرية", "ar") == [False]
    assert _since("attaque survenue le 3 mars", "fr") == [False]


def test_an_attack_on_people_displaced_since_january_is_not_dated_january():
    text = "هاجم مسلحون مخيما في مدينة ديفا يؤوي نازحين يعيشون فيه منذ يناير الماضي، وقتلوا ثلاثة منهم."
    reports = extract_document(Document(id="t", text=text, language="ar", published="2024-03-12"),
                               Resources.load())
    assert reports and all(r.date != "2024-01-15" for r in reports)
