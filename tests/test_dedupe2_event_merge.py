"""Two stored events bridged by a new report are merged (guarded, recorded, undoable), on real
SQLite files and (with MARSAD_TEST_PG_URL) real PostgreSQL; reports of one document that tell
one event twice merge. Sentences are our own."""

from __future__ import annotations

from dataclasses import replace

import pytest

from marsad.cli import main
from marsad.dedupe import Deduplicator, Embedder, default_config
from marsad.records import Document, Event, EventReport
from marsad.store import Store
from marsad.store.history import history_rows

BOULKESSI = (15.03, -1.93)
MOPTI_REGION = (14.50, -4.19)
JNIM = "JNIM: Group for Support of Islam and Muslims"
ARMY = "Military Forces of Mali (2021-)"
GUNMEN = "Unidentified Armed Group (Mali)"
CIVILIANS = "Civilians (Mali)"

PRECISE_AR = "اشتبك مسلحون من جماعة نصرة الإسلام مع الجيش المالي قرب بولكيسي يوم الأحد وقتل خمسة جنود."
REGION_FR = "Des hommes armés ont attaqué des habitants dans la région de Mopti en milieu de semaine, selon des élus locaux."
WIRE_FR = "Des hommes armés ont attaqué des habitants dans la région de Mopti en milieu de semaine, selon des élus locaux du cercle."
OTHER_EN = "Armed men attacked residents in central Mali's Mopti region this week, local officials said."


@pytest.fixture(scope="module")
def deduper() -> Deduplicator:
    return Deduplicator(embedder=Embedder(backend="ngram"))  # no model load


def doc(text: str, outlet: str, language: str) -> Document:
    d = Document(id="", text=text, outlet=outlet, language=language, published="2023-05-14")
    d.id = d.content_hash
    return d


def clash(d: Document, *, precise: bool, actors: tuple[str, str], week: bool = False,
          fatalities: int = 0) -> EventReport:
    lat, lon = BOULKESSI if precise else MOPTI_REGION
    return EventReport(
        doc_id=d.id, event_type="Battles", sub_event_type="Armed clash", date="2023-05-14",
        time_precision=2 if week else 1, country="Mali", iso="ML", admin1="Mopti",
        location="Boulkessi" if precise else "Mopti", latitude=lat, longitude=lon,
        geo_precision=1 if precise else 3, actor1=actors[0], inter1=2 if actors[0] == JNIM else 3,
        actor2=actors[1], inter2=1 if actors[1] == ARMY else 7, fatalities=fatalities,
        evidence=d.text, evidence_start=0, evidence_end=len(d.text), confidence=0.7, language=d.language,
    )


def two_events(store: Store, deduper: Deduplicator) -> tuple[str, str]:
    """An attack told precisely (JNIM vs the army) and vaguely (gunmen vs residents, at the region,
    that week): too different to link on their own, so two events."""
    a, b = doc(PRECISE_AR, "Sahel Info", "ar"), doc(REGION_FR, "Mali Presse", "fr")
    [first] = store.add_reports(a, [clash(a, precise=True, actors=(JNIM, ARMY), fatalities=5)], deduper)
    [second] = store.add_reports(b, [clash(b, precise=False, actors=(GUNMEN, CIVILIANS), week=True)], deduper)
    assert first != second
    return first, second


def bridge(store: Store, deduper: Deduplicator, text: str = WIRE_FR, outlet: str = "Wire Desk") -> list[str]:
    """A report close to both: the precise place and day, and the vague report's wording."""
    c = doc(text, outlet, "fr")
    return store.add_reports(c, [clash(c, precise=True, actors=(GUNMEN, ARMY))], deduper)


def test_a_report_linking_two_events_merges_them(store, deduper):
    first, second = two_events(store, deduper)
    [kept] = bridge(store, deduper)
    absorbed = second if kept == first else first
    assert store.get_event(absorbed) is None
    event = store.get_event(kept)
    assert len(event.reports) == 3 and len(event.sources) == 3
    assert (event.report.location, event.report.fatalities, event.report.actor1) == ("Boulkessi", 5, JNIM)
    [row] = [h for h in store.event_history(kept) if h["action"] == "merge_event"]
    assert row["details"]["absorbed"] == absorbed and len(row["details"]["absorbed_reports"]) == 1
    assert [h["action"] for h in store.event_history(absorbed)] == ["create", "absorbed"]
    assert any(f"absorbed event {absorbed}" in r.detail for r in history_rows(store.event_history(kept)))
    assert store.counts()["events"] == 1


def test_undo_restores_the_absorbed_event_and_keeps_them_apart(store, deduper):
    first, second = two_events(store, deduper)
    [kept] = bridge(store, deduper)
    absorbed = second if kept == first else first
    result = store.undo_event_merge(kept, absorbed, who="amina", deduper=deduper)
    assert result.restored_id == absorbed and len(result.report_ids) == 1
    restored, remaining = store.get_event(absorbed), store.get_event(kept)
    assert len(restored.reports) == 1 and len(restored.sources) == 1
    assert len(remaining.reports) == 2 and len(remaining.sources) == 2
    assert {s.doc_id for s in restored.sources}.isdisjoint({s.doc_id for s in remaining.sources})
    assert store.event_history(kept)[-1]["action"] == "unmerge_event"
    assert store.event_history(absorbed)[-1]["who"] == "amina"
    # a person split them: another bridging report does not merge them again
    bridge(store, deduper, text=WIRE_FR + " Le bilan reste provisoire.", outlet="Other Wire")
    assert store.get_event(absorbed) is not None and store.counts()["events"] == 2
    with pytest.raises(ValueError):
        store.undo_event_merge(kept, absorbed, who="amina", deduper=deduper)


def test_a_reviewed_event_is_never_absorbed(store, deduper):
    first, second = two_events(store, deduper)
    store.review_event(first, "amina", "confirm")
    store.review_event(second, "amina", "confirm")
    bridge(store, deduper)
    assert store.get_event(first) is not None and store.get_event(second) is not None


def test_without_event_merge_the_two_events_stay(store):
    off = Deduplicator(replace(default_config(), event_merge_threshold=None), Embedder(backend="ngram"))
    first, second = two_events(store, off)
    bridge(store, off)
    assert store.counts()["events"] == 2


def test_cli_unmerge_event(tmp_path, deduper, capsys):
    db = str(tmp_path / "m.sqlite")
    with Store.open(db) as store:
        first, second = two_events(store, deduper)
        [kept] = bridge(store, deduper)
    absorbed = second if kept == first else first
    assert main(["events", "unmerge-event", kept, absorbed, "--db", db, "--who", "amina"]) == 0
    assert f"restored {absorbed}" in capsys.readouterr().out
    assert main(["events", "unmerge-event", kept, absorbed, "--db", db]) == 1


def test_the_assignment_names_the_absorbed_event(tmp_path, deduper):
    with Store.open(str(tmp_path / "m.sqlite")) as with_events:
        first, second = two_events(with_events, deduper)
        candidates = [with_events.get_event(first), with_events.get_event(second)]
    c = doc(WIRE_FR, "Wire Desk", "fr")
    [assignment] = deduper.assign([clash(c, precise=True, actors=(GUNMEN, ARMY))], candidates)
    assert {assignment.event_id, *assignment.absorbs} == {first, second}
    off = Deduplicator(replace(default_config(), event_merge_threshold=None), Embedder(backend="ngram"))
    [alone] = off.assign([clash(c, precise=True, actors=(GUNMEN, ARMY))], candidates)
    assert alone.absorbs == [] and alone.event_id in (first, second)


# ---------- reports of one document ----------

def test_one_event_told_twice_by_one_document_merges(deduper):
    d = doc(PRECISE_AR + " " + OTHER_EN, "Sahel Info", "ar")
    a = clash(d, precise=True, actors=(JNIM, ARMY), fatalities=5)
    b = replace(a, actor1=GUNMEN, inter1=3, fatalities=0, evidence=OTHER_EN, evidence_start=200)
    assert len({x.cluster for x in deduper.assign([a, b], [])}) == 1


def test_one_document_two_days_or_two_tolls_stay_two_events(deduper):
    d = doc(PRECISE_AR, "Sahel Info", "ar")
    a = clash(d, precise=True, actors=(JNIM, ARMY), fatalities=5)
    next_day = replace(a, date="2023-05-15", evidence_start=200)
    other_toll = replace(a, fatalities=9, evidence_start=300)
    elsewhere = replace(a, location="Mondoro", latitude=14.66, longitude=-1.95, evidence_start=400)
    for other in (next_day, other_toll, elsewhere):
        first, second = deduper.assign([a, other], [])
        assert first.cluster != second.cluster and second.reasons["veto"] == "same_document"


def test_identical_setting_keeps_same_document_reports_apart():
    strict = Deduplicator(replace(default_config(), same_document="identical"), Embedder(backend="ngram"))
    d = doc(PRECISE_AR, "Sahel Info", "ar")
    a = clash(d, precise=True, actors=(JNIM, ARMY), fatalities=5)
    b = replace(a, actor1=GUNMEN, inter1=3, fatalities=0, evidence_start=200)
    assert len({x.cluster for x in strict.assign([a, b], [])}) == 2


def test_no_event_merge_across_a_veto(deduper):
    """A report close to two events of different armed groups (ACLED: different dyads) joins
    one of them; the two stay apart."""
    a, b, c = (doc(PRECISE_AR, "Sahel Info", "ar"), doc(REGION_FR, "Mali Presse", "fr"), doc(WIRE_FR, "Wire", "fr"))
    jnim = clash(a, precise=True, actors=(JNIM, ARMY), fatalities=5)
    islamic_state = replace(clash(b, precise=True, actors=("Islamic State (Sahel)", ARMY), fatalities=5), inter1=2)
    events = [Event(id="MRS-A", report=jnim, reports=[jnim]),
              Event(id="MRS-B", report=islamic_state, reports=[islamic_state])]
    [assignment] = deduper.assign([clash(c, precise=True, actors=(GUNMEN, ARMY), fatalities=5)], events)
    assert assignment.event_id in ("MRS-A", "MRS-B") and assignment.absorbs == []
    assert deduper.assign([clash(c, precise=True, actors=(GUNMEN, ARMY), fatalities=5)],
                          events[:1])[0].event_id == "MRS-A"
