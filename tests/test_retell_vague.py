"""A violent event retold undated or within a week, placed only in the region or the country of
the story's town, folds into the story's event (our own invented ar/fr/en stories)."""

import pytest

from marsad.coder.coalesce import coalesce, vaguely_retold
from marsad.pipeline import Resources, extract_document
from marsad.records import Document, EventReport

BOKO = "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad"
ARMY = "Military Forces of Cameroon (1982-)"


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources.load()


def _code(text: str, language: str, resources: Resources) -> list[EventReport]:
    return extract_document(Document(id="t", text=text, language=language, published="2024-03-12"), resources)


@pytest.mark.parametrize(("text", "language"), [
    ("A Boko Haram suicide bomber killed 14 soldiers at a checkpoint in Maroua on Saturday, security "
     "sources said.\n\nBoko Haram has stepped up its attacks on soldiers in Cameroon this week, killing one.", "en"),
    ("قتل انتحاري من بوكو حرام 14 جنديا عند حاجز للجيش في مدينة مروة يوم السبت.\n\n"
     "وصعدت بوكو حرام هجماتها على الجنود في الكاميرون هذا الأسبوع.", "ar"),
])
def test_a_week_of_attacks_in_the_country_retells_the_bombing_in_its_town(text, language, resources):
    reports = _code(text, language, resources)
    assert [(r.sub_event_type, r.location, r.date, r.fatalities) for r in reports] == [
        ("Suicide bomb", "Maroua", "2024-03-09", 14)]


def test_fighting_this_week_in_the_region_retells_the_bombing_in_its_town(resources):
    reports = _code("Un kamikaze de l'EIGS s'est fait exploser mardi à un poste de l'armée à Ménaka, tuant six "
                    "soldats, selon l'armée malienne.\n\nLes combats entre l'EIGS et l'armée dans la région de "
                    "Ménaka ont fait deux morts cette semaine.", "fr", resources)
    assert [(r.sub_event_type, r.location, r.fatalities) for r in reports] == [("Suicide bomb", "Ménaka", 6)]


def test_a_clash_this_week_in_another_town_stays_its_own_event(resources):
    reports = _code("قتل انتحاري من بوكو حرام 14 جنديا عند حاجز للجيش في مدينة مروة يوم السبت.\n\n"
                    "وقتل جندي في اشتباك مع بوكو حرام في مدينة كوسيري هذا الأسبوع.", "ar", resources)
    assert [r.location for r in reports] == ["Maroua", "Kousséri"]


def _report(sub: str, event_type: str, *, location: str, geo: int, date: str | None, precision: int | None,
            admin1: str | None = "Extreme-Nord", actor2: str = ARMY, fatalities: int = 0) -> EventReport:
    return EventReport(doc_id="t", event_type=event_type, sub_event_type=sub, date=date, time_precision=precision,
                       date_source="stated" if date else None, country="Cameroon", admin1=admin1,
                       location=location, geo_precision=geo, actor1=BOKO, actor2=actor2, fatalities=fatalities)


def _bombing() -> EventReport:
    return _report("Suicide bomb", "Explosions/Remote violence", location="Maroua", geo=1,
                   date="2024-03-09", precision=1, fatalities=14)


def _clash(**changes) -> EventReport:
    fields = {"location": "Cameroon", "geo": 3, "date": "2024-03-12", "precision": 2, "admin1": None,
              "fatalities": 1} | changes
    return _report("Armed clash", "Battles", **fields)


def test_the_vague_retelling_told_first_takes_the_town_type_and_day():
    (report,) = coalesce([_clash(), _bombing()], lambda sub: 0)
    assert (report.sub_event_type, report.location, report.date, report.time_precision, report.fatalities) == (
        "Suicide bomb", "Maroua", "2024-03-09", 1, 14)


@pytest.mark.parametrize(("changes", "why"), [
    ({"precision": 1}, "an explicit day of its own"),
    ({"fatalities": 20}, "a new, larger toll"),
    ({"actor2": "Civilians (Cameroon)"}, "another target"),
    ({"date": "2024-03-20"}, "another week"),
    ({"location": "Extreme-Nord", "admin1": "Extreme-Nord", "geo": 1}, "a place as precise as the town"),
    ({"location": "Adamawa", "admin1": "Adamaoua"}, "another region"),
])
def test_a_retelling_that_adds_facts_of_its_own_is_not_folded(changes, why):
    assert not vaguely_retold(_clash(**changes), _bombing()), why
    assert len(coalesce([_bombing(), _clash(**changes)], lambda sub: 0)) == 2, why


def test_a_kidnapping_in_the_country_is_not_a_retold_bombing():
    kidnapping = _report("Abduction/forced disappearance", "Violence against civilians", location="Cameroon",
                         geo=3, date=None, precision=None, admin1=None)
    assert not vaguely_retold(kidnapping, _bombing())
