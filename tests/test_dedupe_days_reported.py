"""Second-day readings: a date governed by a reporting cue told after the event ("twelve were
killed, according to a toll the army gave on Saturday") is the day of the statement, not of the
event. The coder records it as `reported`; dedupe treats it like an inferred date (a gap of a day
or two is weak evidence, not a veto), and within one story a date told with the event replaces it.
Reports and sentences are our own.
"""

from __future__ import annotations

import pytest

from marsad.dedupe import default_config
from marsad.dedupe.features import Veto, date_score, structural_features
from marsad.pipeline import Resources, extract_document
from marsad.records import DATE_SOURCES, Document, EventReport

GAO = (16.27, -0.04)


@pytest.fixture(scope="module")
def resources():
    return Resources.load()


def _coded(resources, text: str, language: str) -> list[tuple]:
    doc = Document(id="t", text=text, language=language, published="2024-03-12")
    return [(r.date, r.time_precision, r.date_source) for r in extract_document(doc, resources)]


# ---------------------------------------------------------------- the coder: whose day is it


@pytest.mark.parametrize(("text", "language"), [
    ("Gunmen killed twelve villagers near Gao, the army said on Monday.", "en"),
    ("Des hommes armés ont tué douze villageois près de Gao, selon un bilan annoncé lundi par l'armée.", "fr"),
    ("قتل مسلحون اثني عشر قرويا قرب مدينة غاو، وفق حصيلة أعلنها الجيش يوم الاثنين.", "ar"),
])
def test_a_day_told_with_the_statement_after_the_event_is_reported(resources, text, language):
    assert _coded(resources, text, language) == [("2024-03-11", 1, "reported")]


@pytest.mark.parametrize(("text", "language"), [
    ("Gunmen killed twelve villagers near Gao on Sunday, the army said on Monday.", "en"),
    ("Des hommes armés ont tué dimanche douze villageois près de Gao, a annoncé lundi l'armée.", "fr"),
    ("قتل مسلحون الأحد اثني عشر قرويا قرب مدينة غاو، بحسب ما أعلن الجيش الاثنين.", "ar"),
])
def test_the_event_s_own_day_beats_the_statement_s(resources, text, language):
    assert _coded(resources, text, language) == [("2024-03-10", 1, "stated")]


@pytest.mark.parametrize(("text", "language"), [
    ("The army said on Monday that gunmen killed twelve villagers near Gao.", "en"),
    ("Gunmen killed twelve villagers near Gao on Monday, officials said.", "en"),
    ("أعلن الجيش يوم الاثنين أن مسلحين قتلوا اثني عشر قرويا قرب مدينة غاو.", "ar"),
])
def test_a_statement_told_before_the_event_or_a_day_before_the_cue_stays_stated(resources, text, language):
    # the cue opens the sentence, or the day stands before it: nothing says it is only the statement's
    assert _coded(resources, text, language) == [("2024-03-11", 1, "stated")]


# ---------------------------------------------------------------- dedupe: a statement's day is weak


def _attack(date: str, source: str | None, fatalities: int) -> EventReport:
    return EventReport(
        doc_id=f"d{date}{source}", event_type="Violence against civilians", sub_event_type="Attack",
        date=date, time_precision=1, date_source=source, country="Mali", iso="ML", admin1="Gao",
        location="Gao", latitude=GAO[0], longitude=GAO[1], geo_precision=1,
        actor1="Unidentified Armed Group (Mali)", inter1=3, actor2="Civilians (Mali)", inter2=7,
        fatalities=fatalities, evidence="", evidence_start=0, evidence_end=0, confidence=0.6, language="en")


def test_reported_is_a_date_source_the_config_counts_as_inferred():
    config = default_config()
    assert "reported" in DATE_SOURCES
    assert config.dates.inferred(_attack("2024-03-11", "reported", 12))
    assert not config.dates.inferred(_attack("2024-03-11", "stated", 12))


def test_a_statement_s_day_after_the_event_needs_no_confirmation():
    config = default_config()
    told, stated = _attack("2024-03-11", "reported", 12), _attack("2024-03-10", "stated", 3)
    assert date_score(told, stated, config) == config.dates.inferred_gap_score
    assert "day_gap" not in structural_features(told, stated, config)  # tolls 12 and 3: not asked to agree


def test_two_stated_days_with_other_tolls_still_ask_for_confirmation_and_three_days_veto():
    config = default_config()
    first, second = _attack("2024-03-10", "stated", 3), _attack("2024-03-11", "stated", 12)
    assert "day_gap" in structural_features(first, second, config)
    with pytest.raises(Veto):
        date_score(_attack("2024-03-13", "reported", 12), first, config)
