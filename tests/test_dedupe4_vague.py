"""Vague evidence links only when confirmed (batch clustering of a run's reports), a statement's day
told after its event is a lag, and two coder false positives (an illness told as unrest, an airline
as an air strike). Reports and sentences are our own.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from marsad.dedupe import Deduplicator, Embedder, default_config
from marsad.dedupe.features import (
    Veto,
    date_score,
    statement_lag,
    structural_features,
    vague_place_unconfirmed,
)
from marsad.pipeline import Resources, extract_document
from marsad.records import Document, Event, EventReport

BOULKESSI = (15.03, -1.93)
GOMBE = (10.29, 11.17)
JNIM = "JNIM: Group for Support of Islam and Muslims"
ARMY = "Military Forces of Mali (2022-)"
BOKO = "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad"

TOWN_TEXT = "JNIM fighters stormed the army camp in Boulkessi on Friday, the army said"
REGION_TEXT = "Des combats ont opposé cette semaine l'armée et des jihadistes dans le centre du pays"


def _clash(doc: str, evidence: str, **fields) -> EventReport:
    base = dict(
        doc_id=doc, event_type="Battles", sub_event_type="Armed clash", date="2024-06-07", time_precision=1,
        date_source="stated", country="Mali", iso="ML", admin1="Mopti", location="Boulkessi",
        latitude=BOULKESSI[0], longitude=BOULKESSI[1], geo_precision=1, actor1=JNIM, inter1=2, actor2=ARMY,
        inter2=1, fatalities=0, evidence=evidence, evidence_end=len(evidence), confidence=0.6, language="en")
    base.update(fields)
    return EventReport(**base)


def _in_region(doc: str = "region", evidence: str = REGION_TEXT, **fields) -> EventReport:
    """The same parties placed only in the region (centroid), dated only by the week."""
    vague = dict(location="Mopti", latitude=14.5, longitude=-3.9, geo_precision=3, date="2024-06-05",
                 time_precision=2, date_source="lede", language="fr")
    return _clash(doc, evidence, **{**vague, **fields})


@pytest.fixture(scope="module")
def deduper() -> Deduplicator:
    return Deduplicator(embedder=Embedder(backend="ngram"))  # no model load


def _together(deduper: Deduplicator, reports: list[EventReport]) -> list[list[int]]:
    return sorted(deduper.cluster(reports))


# ---------------------------------------------------------------- a region and a week: wording must agree


def test_a_region_and_a_week_do_not_link_without_similar_wording(deduper):
    town, region = _clash("town", TOWN_TEXT), _in_region()
    assert _together(deduper, [town, region]) == [[0], [1]]
    [assignment, _] = deduper.assign([region, town], [])
    assert assignment.reasons.get("unconfirmed") == "vague_place"
    config = deduper.config
    off = Deduplicator(replace(config, places=replace(config.places, coarse_min_text=None)), deduper.embedder)
    assert _together(off, [town, region]) == [[0, 1]]  # the rule, not the score, kept them apart


def test_a_region_and_a_week_link_when_the_wording_agrees(deduper):
    copy = _in_region(evidence=TOWN_TEXT.replace("the army said", "an army spokesman said"))
    assert _together(deduper, [_clash("town", TOWN_TEXT), copy]) == [[0, 1]]


def test_a_region_on_the_same_exact_day_needs_no_wording(deduper):
    same_day = _in_region(date="2024-06-07", time_precision=1, date_source="stated")
    assert _together(deduper, [_clash("town", TOWN_TEXT), same_day]) == [[0, 1]]


def test_one_document_and_strategic_developments_are_exempt():
    config = default_config()
    features = {"type": 1.0, "place": 0.6, "date": 0.6, "actors": 1.0, "text": 0.0}
    town, region = _clash("d", TOWN_TEXT), _in_region()
    assert vague_place_unconfirmed(town, region, features, config)
    assert not vague_place_unconfirmed(town, replace(region, doc_id="d"), features, config)
    talks = dict(event_type="Strategic developments", sub_event_type="Agreement")
    assert not vague_place_unconfirmed(replace(town, **talks), replace(region, **talks), features, config)
    assert not vague_place_unconfirmed(town, region, {**features, "date": 1.0}, config)


# ---------------------------------------------------------------- an undated report between two events


def _bombing(doc: str, date: str | None, toll: int, evidence: str) -> EventReport:
    return EventReport(
        doc_id=doc, event_type="Explosions/Remote violence", sub_event_type="Remote explosive/landmine/IED",
        date=date, time_precision=1 if date else None, date_source="stated" if date else None,
        country="Nigeria", iso="NG", admin1="Gombe", location="Gombe", latitude=GOMBE[0], longitude=GOMBE[1],
        geo_precision=1, actor1=BOKO, inter1=2, actor2="Civilians (Nigeria)", inter2=7, fatalities=toll,
        evidence=evidence, evidence_end=len(evidence), confidence=0.6, language="en")


FIRST = [_bombing("a1", "2024-03-14", 49, "Two bombs exploded in a crowded market in Gombe on Thursday evening"),
         _bombing("a2", "2024-03-14", 49, "La explosion de deux bombes a tué 49 personnes jeudi au marché de Gombe")]
SECOND = [_bombing("b1", "2024-03-21", 37, "Twin blasts hit two bus stations in Gombe on Thursday, killing 37"),
          _bombing("b2", "2024-03-21", 37, "انفجاران استهدفا محطتي حافلات في غومبي الخميس وقتلا 37 شخصا")]
UNDATED = _bombing("u", None, 34, "It came after an explosion in the city of Gombe killed 34 people, the Red Cross said")


def test_an_undated_report_matching_two_events_days_apart_joins_neither(deduper):
    groups = _together(deduper, [*FIRST, *SECOND, UNDATED])
    assert [4] in groups and [0, 1] in groups and [2, 3] in groups
    config = deduper.config
    off = Deduplicator(replace(config, dates=replace(config.dates, undated_ambiguity_days=None)), deduper.embedder)
    assert [4] not in _together(off, [*FIRST, *SECOND, UNDATED])  # the rule kept it apart


def test_stored_events_days_apart_keep_an_undated_report_apart_too(deduper):
    """Incremental use (the store's candidates): the same rule, with the two events stored."""
    events = [Event(id="MRSfirst", report=FIRST[0], reports=FIRST), Event(id="MRSsecond", report=SECOND[0],
                                                                          reports=SECOND)]
    [assignment] = deduper.assign([UNDATED], events)
    assert assignment.event_id is None
    [joined] = deduper.assign([UNDATED], events[:1])
    assert joined.event_id == "MRSfirst"


def test_an_undated_report_matching_one_event_joins_it(deduper):
    assert _together(deduper, [*FIRST, UNDATED]) == [[0, 1, 2]]


def test_an_undated_wire_copy_still_joins_the_event_it_copies(deduper):
    copy = replace(UNDATED, evidence=SECOND[0].evidence + " (AFP)")
    assert [2, 3, 4] in _together(deduper, [*FIRST, *SECOND, copy])


# ---------------------------------------------------------------- a statement's day after the event


def _attack(date: str, source: str, toll: int) -> EventReport:
    return replace(_clash(f"{date}{source}", ""), event_type="Violence against civilians", sub_event_type="Attack",
                   actor1="Unidentified Armed Group (Mali)", inter1=3, actor2="Civilians (Mali)", inter2=7,
                   date=date, date_source=source, fatalities=toll)


def test_a_statement_a_day_after_the_event_is_a_lag_not_another_day():
    config = default_config()
    stated, told = _attack("2024-06-07", "stated", 3), _attack("2024-06-08", "reported", 12)
    assert statement_lag(stated, told, config) and statement_lag(told, stated, config)
    assert "day_gap" not in structural_features(stated, told, config)  # no confirmation asked
    assert date_score(stated, told, config) == config.dates.inferred_gap_score


def test_a_statement_before_the_event_or_two_days_after_keeps_the_full_rules():
    config = default_config()
    stated = _attack("2024-06-07", "stated", 3)
    before = _attack("2024-06-06", "reported", 12)
    assert not statement_lag(stated, before, config)
    assert "day_gap" in structural_features(stated, before, config)
    with pytest.raises(Veto):
        date_score(stated, _attack("2024-06-09", "reported", 12), config)
    off = replace(config, dates=replace(config.dates, reported_lag_days=0))
    assert not statement_lag(stated, _attack("2024-06-08", "reported", 12), off)


# ---------------------------------------------------------------- coder: an illness, an airline


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources.load()


def _coded(text: str, language: str, resources: Resources) -> list[str]:
    document = Document(id="t", text=text, language=language, published="2024-03-12")
    return [r.sub_event_type for r in extract_document(document, resources)]


@pytest.mark.parametrize(("text", "language"), [
    ("وقالت الشرطة إن امرأة معروفة بأنها مصابة باضطرابات نفسية فجرت نفسها في سوق مدينة بوتيسكوم يوم الأحد، "
     "مما أسفر عن مقتل ثمانية أشخاص.", "ar"),
    ("Selon la police, une femme souffrant de troubles psychiatriques s'est fait exploser dimanche au marché "
     "de Potiskum, tuant huit personnes.", "fr"),
])
def test_a_bomber_s_mental_disorder_is_no_riot(text, language, resources):
    assert _coded(text, language, resources) == ["Suicide bomb"]


def test_unrest_is_still_a_riot(resources):
    text = "اندلعت اضطرابات في مدينة نيامي يوم الأحد بعد إعلان نتائج الانتخابات، وأحرق محتجون إطارات."
    assert _coded(text, "ar", resources) == ["Violent demonstration"]


@pytest.mark.parametrize(("text", "language"), [
    ("قال مصدر أمني إن أحد موظفي شركة طيران أجنبية كان نزيلا في الفندق حين هاجمه مسلحون في موبتي.", "ar"),
    ("وأوضح مسؤول محلي أن طيارا يعمل لدى شركة خطوط جوية خاصة أصيب عندما هاجم مسلحون فندقا في موبتي.", "ar"),
    ("Un salarié d'une compagnie aérienne étrangère logeait dans l'hôtel de Mopti où des hommes armés ont tué deux clients.", "fr"),
])
def test_an_airline_employee_at_the_attacked_hotel_makes_no_air_strike(text, language, resources):
    assert _coded(text, language, resources) == ["Attack"]
