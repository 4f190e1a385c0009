"""Second-day readings: a date governed by a reporting cue told after the event ("twelve were
killed, according to a toll the army gave on Saturday") is the day of the statement, not of the
event. The coder records it as `reported`: within one story a date told with the event replaces
it; dedupe applies the full-strength date rules to it unless `dates.inferred_sources` lists it.
Reports and sentences are our own.
"""

from __future__ import annotations

from dataclasses import replace

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


def test_a_statement_s_day_keeps_the_full_strength_rules_by_default():
    # measured on dev_ar: counting it as inferred joined siege days the gold keeps apart. Only a
    # statement's day a day AFTER the event's is a lag (dates.reported_lag_days, tests/test_dedupe4_*)
    config = default_config()
    told, stated = _attack("2024-03-10", "reported", 12), _attack("2024-03-11", "stated", 3)
    assert "reported" in DATE_SOURCES and not config.dates.inferred(told)
    assert "day_gap" in structural_features(told, stated, config)  # tolls 12 and 3: asked to confirm
    with pytest.raises(Veto):
        date_score(_attack("2024-03-12", "reported", 12), _attack("2024-03-10", "stated", 3), config)


def test_listing_reported_among_inferred_sources_makes_it_weak_evidence():
    config = default_config()
    weak = replace(config, dates=replace(config.dates, inferred_sources=(*config.dates.inferred_sources, "reported")))
    told, stated = _attack("2024-03-12", "reported", 12), _attack("2024-03-10", "stated", 3)
    assert date_score(told, stated, weak) == weak.dates.inferred_gap_score
    assert "day_gap" not in structural_features(told, stated, weak)
    with pytest.raises(Veto):
        date_score(_attack("2024-03-13", "reported", 12), stated, weak)  # three days: another event
