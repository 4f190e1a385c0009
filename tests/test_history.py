"""Undoing merges and reading event histories, on real SQLite files and (with
MARSAD_TEST_PG_URL) real PostgreSQL. Sentences are our own."""

from __future__ import annotations

import pytest

from marsad.cli import main
from marsad.dedupe import Deduplicator, Embedder
from marsad.records import Document, EventReport
from marsad.store import Store
from marsad.store.history import detached_event_id, history_rows

BOULKESSI = (15.03, -1.93)
MOPTI_REGION = (14.50, -4.19)

AR = "قتل خمسة جنود ماليين في هجوم شنه مسلحون على معسكر للجيش في بولكيسي فجر الأحد."
FR = "Des hommes armés ont attaqué dimanche un camp militaire dans la région de Mopti, sept soldats tués."
EN = "Gunmen attacked an army camp in Mali's Mopti region on Sunday, killing seven soldiers."


@pytest.fixture(scope="module")
def deduper() -> Deduplicator:
    return Deduplicator(embedder=Embedder(backend="ngram"))  # no model load: the coded fields decide


def doc(text: str, outlet: str, language: str) -> Document:
    d = Document(id="", text=text, outlet=outlet, language=language, published="2023-05-14")
    d.id = d.content_hash
    return d


def attack(d: Document, precise: bool, fatalities: int) -> EventReport:
    lat, lon = BOULKESSI if precise else MOPTI_REGION
    return EventReport(
        doc_id=d.id, event_type="Battles", sub_event_type="Armed clash", date="2023-05-14", time_precision=1,
        country="Mali", iso="ML", admin1="Mopti", location="Boulkessi" if precise else "Mopti",
        latitude=lat, longitude=lon, geo_precision=1 if precise else 3,
        actor1="JNIM: Group for Support of Islam and Muslims", inter1=2,
        actor2="Military Forces of Mali (2021-)", inter2=1, fatalities=fatalities,
        evidence=d.text, evidence_start=0, evidence_end=len(d.text), confidence=0.7, language=d.language,
    )


def merged_event(store: Store, deduper: Deduplicator) -> tuple[str, list[Document]]:
    """One event told by three outlets: the Arabic one (precise place, 5 dead) created it."""
    docs = [doc(AR, "Sahel Info", "ar"), doc(FR, "Mali Presse", "fr"), doc(EN, "Wire Desk", "en")]
    [event_id] = store.add_reports(docs[0], [attack(docs[0], True, 5)], deduper)
    for d in docs[1:]:
        assert store.add_reports(d, [attack(d, False, 7)], deduper) == [event_id]
    return event_id, docs


def test_undo_merge_of_the_founding_document_keeps_the_event_id(store, deduper):
    event_id, (ar, fr, en) = merged_event(store, deduper)
    before = store.get_event(event_id)
    assert before.report.location == "Boulkessi" and before.report.fatalities == 5

    result = store.undo_merge(event_id, ar.id, who="amina", deduper=deduper)

    assert result.event_id == event_id and result.doc_id == ar.id and result.report_indices == [0]
    [new_id] = result.new_event_ids
    assert new_id != event_id and new_id.startswith("MRS")
    kept, split = store.get_event(event_id), store.get_event(new_id)
    assert {s.doc_id for s in kept.sources} == {fr.id, en.id}
    assert [s.doc_id for s in split.sources] == [ar.id]
    assert [r.doc_id for r in split.reports] == [ar.id]
    # both sides re-merged with the merge policy
    assert (kept.report.location, kept.report.geo_precision, kept.report.fatalities) == ("Mopti", 3, 7)
    assert (split.report.location, split.report.fatalities) == ("Boulkessi", 5)
    assert result.changed["location"] == {"before": "Boulkessi", "after": "Mopti"}
    counts = store.counts()
    assert (counts["events"], counts["reports"], counts["sources"]) == (2, 3, 3)

    history = store.event_history(event_id)
    assert [h["action"] for h in history] == ["create", "merge", "merge", "unmerge"]
    unmerge = history[-1]
    assert unmerge["who"] == "amina" and unmerge["at"]
    assert unmerge["details"]["doc_id"] == ar.id and unmerge["details"]["new_events"] == [new_id]
    assert unmerge["details"]["changed"]["fatalities"] == {"before": 5, "after": 7}
    [created] = store.event_history(new_id)
    assert created["action"] == "create" and created["who"] == "amina"
    assert created["details"]["unmerged_from"] == event_id


def test_undo_merge_of_a_later_document(store, deduper):
    event_id, (ar, fr, en) = merged_event(store, deduper)
    result = store.undo_merge(event_id, en.id, who="omar", deduper=deduper)
    [new_id] = result.new_event_ids
    assert new_id == detached_event_id(en.id, 0, {event_id})  # the id it would have had alone
    kept = store.get_event(event_id)
    assert {s.doc_id for s in kept.sources} == {ar.id, fr.id}
    assert kept.report.location == "Boulkessi" and result.changed.get("location") is None
    assert store.get_event(new_id).report.fatalities == 7


def test_reviewer_edits_survive_an_unmerge(store, deduper):
    event_id, (ar, fr, _) = merged_event(store, deduper)
    store.review_event(event_id, "amina", "edit", {"fatalities": 6})
    store.undo_merge(event_id, ar.id, who="amina", deduper=deduper)
    assert store.get_event(event_id).report.fatalities == 6
    actions = [h["action"] for h in store.event_history(event_id)]
    assert actions[-2:] == ["review:edit", "unmerge"]


def test_undo_merge_refuses_bad_requests(store, deduper):
    event_id, (ar, fr, en) = merged_event(store, deduper)
    with pytest.raises(KeyError):
        store.undo_merge("MRSnope", ar.id, deduper=deduper)
    with pytest.raises(ValueError, match="no report"):
        store.undo_merge(event_id, "not-a-document", deduper=deduper)
    with pytest.raises(ValueError, match="name is required"):
        store.undo_merge(event_id, ar.id, who=" ", deduper=deduper)
    store.undo_merge(event_id, ar.id, deduper=deduper)
    store.undo_merge(event_id, fr.id, deduper=deduper)
    with pytest.raises(ValueError, match="only source"):
        store.undo_merge(event_id, en.id, deduper=deduper)
    assert store.counts()["events"] == 3  # nothing changed by the refused requests


def test_detached_event_id_is_deterministic_and_avoids_taken_ids():
    first = detached_event_id("doc-a", 0, set())
    assert detached_event_id("doc-a", 0, set()) == first
    second = detached_event_id("doc-a", 0, {first})
    assert second != first and detached_event_id("doc-a", 0, {first}) == second


def test_history_rows_are_readable(store, deduper):
    event_id, (ar, _, _) = merged_event(store, deduper)
    store.undo_merge(event_id, ar.id, who="amina", deduper=deduper)
    rows = history_rows(store.event_history(event_id))
    assert [r.action for r in rows] == ["create", "merge", "merge", "unmerge"]
    merge = rows[1]
    assert merge.score and float(merge.score) >= deduper.config.merge_threshold
    assert "type 1.00" in merge.detail and f"event:{event_id}" in merge.detail
    assert rows[-1].who == "amina" and "detached into MRS" in rows[-1].detail
    assert "location: Boulkessi → Mopti" in rows[-1].detail


def test_cli_history_and_unmerge(tmp_path, deduper, capsys):
    db = str(tmp_path / "events.sqlite")
    with Store.open(db) as s:
        event_id, (ar, _, _) = merged_event(s, deduper)
    assert main(["events", "unmerge", event_id, ar.id, "--db", db, "--who", "tester"]) == 0
    out = capsys.readouterr().out
    assert f"detached document {ar.id}" in out and event_id in out
    assert main(["events", "history", event_id, "--db", db]) == 0
    table = capsys.readouterr().out
    for word in ("create", "merge", "unmerge", "tester", ar.id[:8]):
        assert word in table

    assert main(["events", "unmerge", event_id, ar.id, "--db", db]) == 1  # already detached
    err = capsys.readouterr().err
    assert err.startswith("marsad: error:") and "no report" in err and len(err.strip().splitlines()) == 1
    assert main(["events", "history", "MRSnope", "--db", db]) == 1
    assert "no event MRSnope" in capsys.readouterr().err
    assert main(["events", "history", event_id, "--db", str(tmp_path / "missing.sqlite")]) == 2
    assert "cannot open database" in capsys.readouterr().err
