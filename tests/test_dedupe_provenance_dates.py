"""Date provenance: the coder records whether a report's date was told with its event or inferred
(paragraph, lede, publication); dedupe treats an inferred date's gap of a day or two as weak
evidence, not a veto, and a stated date wins when merging. Reports and sentences are our own.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from marsad.dedupe import DedupeConfig, Deduplicator, Embedder, default_config
from marsad.dedupe.features import Veto, date_score, structural_features
from marsad.dedupe.merge import merge_reports
from marsad.pipeline import Resources, extract_document
from marsad.records import Document, EventReport
from marsad.store import Store
from marsad.store.store import MIGRATIONS_DIR

GAO = (16.27, -0.04)


@pytest.fixture(scope="module")
def resources():
    return Resources.load()


@pytest.fixture(scope="module")
def deduper() -> Deduplicator:
    return Deduplicator(embedder=Embedder(backend="ngram"))  # no model load


def document(text: str, language: str = "en", published: str = "2024-06-10") -> Document:
    d = Document(id="", text=text, outlet=f"Outlet {text[:14]}", language=language, published=published)
    d.id = d.content_hash
    return d


def attack(d: Document, date: str, source: str | None, fatalities: int = 5, **fields) -> EventReport:
    base = dict(
        doc_id=d.id, event_type="Violence against civilians", sub_event_type="Attack", date=date,
        time_precision=1, date_source=source, country="Mali", iso="ML", admin1="Gao", location="Gao",
        latitude=GAO[0], longitude=GAO[1], geo_precision=1, actor1="Unidentified Armed Group (Mali)",
        inter1=3, actor2="Civilians (Mali)", inter2=7, fatalities=fatalities, evidence=d.text,
        evidence_start=0, evidence_end=len(d.text), confidence=0.6, language=d.language,
    )
    base.update(fields)
    return EventReport(**base)


STATED = "Gunmen killed five farmers in a village near Gao on Saturday, a local official said."
INFERRED = "Armed men opened fire on farmers near Gao, killing five of them, residents told us."


# ---------------------------------------------------------------- the coder records provenance


def _coded(resources, text: str, language: str) -> list[tuple]:
    doc = Document(id="t", text=text, language=language, published="2024-03-12")
    return [(r.location, r.date, r.time_precision, r.date_source) for r in extract_document(doc, resources)]


def test_a_date_told_in_the_event_s_clause_is_stated(resources):
    text = "Gunmen killed five farmers near Gao on Monday, officials said."
    assert _coded(resources, text, "en") == [("Gao", "2024-03-11", 1, "stated")]


def test_an_earlier_sentence_s_date_is_the_paragraph_s(resources):
    text = ("Lundi, l'armée a renforcé ses patrouilles autour de Gao. Des hommes armés ont tué cinq "
            "cultivateurs dans un village près de Gao.")
    assert _coded(resources, text, "fr") == [("Gao", "2024-03-11", 1, "paragraph")]


def test_an_undated_lede_event_takes_the_publication_week(resources):
    text = "قتل مسلحون خمسة مزارعين في قرية قرب مدينة غاو شمال مالي."
    [(location, date, precision, source)] = _coded(resources, text, "ar")
    assert (location, date, precision, source) == ("Gao", "2024-03-12", 2, "published")


# ---------------------------------------------------------------- pairwise features


def test_two_stated_dates_two_days_apart_are_two_events():
    config = default_config()
    a = attack(document(STATED), "2024-06-08", "stated")
    b = attack(document(INFERRED), "2024-06-10", "stated")
    with pytest.raises(Veto):
        date_score(a, b, config)


def test_an_inferred_date_two_days_off_is_weak_evidence_not_a_veto():
    config = default_config()
    a = attack(document(STATED), "2024-06-08", "stated")
    b = attack(document(INFERRED), "2024-06-10", "paragraph")
    assert date_score(a, b, config) == config.dates.inferred_gap_score
    features = structural_features(a, b, config)
    assert "day_gap" not in features  # no confirmation asked for: an inferred day is no atomicity claim
    with pytest.raises(Veto):
        date_score(a, replace(b, date="2024-06-11"), config)  # three days: still another event


def test_unknown_provenance_keeps_the_full_strength_rules():
    """Reports stored before provenance was recorded (date_source None) count as stated."""
    config = default_config()
    a = attack(document(STATED), "2024-06-08", None)
    with pytest.raises(Veto):
        date_score(a, attack(document(INFERRED), "2024-06-10", None), config)
    adjacent = structural_features(a, attack(document(INFERRED), "2024-06-09", None), config)
    assert adjacent["day_gap"] == 1.0


def test_no_inferred_sources_restores_the_old_veto():
    config = default_config()
    strict = replace(config, dates=replace(config.dates, inferred_sources=()))
    a = attack(document(STATED), "2024-06-08", "stated")
    with pytest.raises(Veto):
        date_score(a, attack(document(INFERRED), "2024-06-10", "paragraph"), strict)


def test_config_rejects_an_unknown_date_source():
    with pytest.raises(ValueError, match="inferred_sources"):
        DedupeConfig.from_dict({"dates": {"inferred_sources": ["rumour"]}})


# ---------------------------------------------------------------- clustering and merging


def test_only_an_inferred_date_widens_the_candidate_pairs():
    from marsad.dedupe.cluster import candidate_pairs

    config = default_config()
    first = attack(document(STATED), "2024-06-08", "stated")
    stated = attack(document(INFERRED), "2024-06-10", "stated")
    assert candidate_pairs([first, stated], config) == []
    assert candidate_pairs([first, replace(stated, date_source="lede")], config) == [(0, 1)]
    assert candidate_pairs([first, replace(stated, date="2024-06-11", date_source="lede")], config) == []


def test_an_inferred_day_joins_where_a_stated_one_is_kept_apart(deduper):
    """Same town, type and dyad; tolls 2 and 9 contradict, so a stated day gap is unconfirmed."""
    first = attack(document(STATED), "2024-06-08", "stated", fatalities=2)
    told_later = document("Nine villagers died when gunmen raided their hamlet outside Gao, a nurse said.")
    stated = attack(told_later, "2024-06-09", "stated", fatalities=9)
    inferred = replace(stated, date_source="paragraph")
    assert len({a.cluster for a in deduper.assign([first, stated], [])}) == 2
    assert len({a.cluster for a in deduper.assign([first, inferred], [])}) == 1


def test_the_stated_date_wins_the_merge():
    a = attack(document(INFERRED), "2024-06-10", "paragraph")
    b = attack(document(STATED), "2024-06-08", "stated")
    merged = merge_reports([a, b], [])
    assert (merged.date, merged.date_source) == ("2024-06-08", "stated")
    week = replace(b, time_precision=2)  # a more precise date still comes first
    assert merge_reports([a, week], []).date == "2024-06-10"


# ---------------------------------------------------------------- the store keeps it


def test_sqlite_round_trip_keeps_provenance_and_undo(tmp_path, deduper):
    path = tmp_path / "gao.sqlite"
    stated_doc, inferred_doc = document(STATED), document(INFERRED)
    with Store.open(str(path)) as store:
        [event_id] = store.add_reports(stated_doc, [attack(stated_doc, "2024-06-08", "stated")], deduper)
        joined = store.add_reports(inferred_doc, [attack(inferred_doc, "2024-06-10", "paragraph")], deduper)
        assert joined == [event_id]
    with Store.open(str(path)) as store:
        event = store.get_event(event_id)
        assert sorted(r.date_source for r in event.reports) == ["paragraph", "stated"]
        assert (event.report.date, event.report.date_source) == ("2024-06-08", "stated")
        result = store.undo_merge(event_id, inferred_doc.id, who="tester", deduper=deduper)
        [detached] = result.new_event_ids
        assert store.get_event(detached).report.date_source == "paragraph"
        assert [row["action"] for row in store.event_history(event_id)][-1] == "unmerge"


def test_a_store_of_the_first_schema_is_migrated_with_unknown_provenance(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = sa.create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    engine.dispose()
    d = document(STATED)
    with Store.open(url) as store:
        [event_id] = store.add_reports(d, [attack(d, "2024-06-08", None)], Deduplicator(
            embedder=Embedder(backend="ngram")))
        assert store.get_event(event_id).reports[0].date_source is None
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0002"


# ---------------------------------------------------------------- one document, one event


def _fragment(date: str, source: str, actor1: str, fatalities: int, sub_event_type: str = "Attack") -> EventReport:
    d = Document(id="doc", text="x")
    return attack(d, date, source, fatalities=fatalities, actor1=actor1, sub_event_type=sub_event_type)


def test_one_document_folds_a_retelling_dated_only_by_inference():
    """Told twice in one story, a day apart, once with an inferred date and other parties: one
    event, dated by the sentence that told its day."""
    from marsad.coder.coalesce import coalesce

    told = _fragment("2024-06-08", "stated", "JNIM: Group for Support of Islam and Muslims", 5)
    retold = _fragment("2024-06-09", "paragraph", "Military Forces of Mali (2022-)", 7)
    [folded] = coalesce([retold, told], rank=lambda sub_type: 0)
    assert (folded.date, folded.date_source, folded.fatalities) == ("2024-06-08", "stated", 7)


def test_one_document_keeps_two_stated_days_and_other_types_apart():
    from marsad.coder.coalesce import coalesce

    monday = _fragment("2024-06-08", "stated", "JNIM: Group for Support of Islam and Muslims", 5)
    tuesday = _fragment("2024-06-09", "stated", "Military Forces of Mali (2022-)", 7)
    assert len(coalesce([monday, tuesday], rank=lambda sub_type: 0)) == 2
    same_day = replace(tuesday, date="2024-06-08", date_source="paragraph")
    assert len(coalesce([monday, same_day], rank=lambda sub_type: 0)) == 2  # one day, two dyads
    looting = _fragment("2024-06-09", "paragraph", "Military Forces of Mali (2022-)", 0, "Looting/property destruction")
    assert len(coalesce([monday, looting], rank=lambda sub_type: 0)) == 2
