"""Store behaviour on real SQLite files and (with MARSAD_TEST_PG_URL) real PostgreSQL+PostGIS."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import pytest
import sqlalchemy as sa

from marsad.records import Document, Event, EventReport, Mention, Place, Source
from marsad.store import EventQuery, Store, new_event_id

# ---------------------------------------------------------------- two small, real dedupe policies


@dataclass(slots=True)
class WindowConfig:
    window_days: int = 7


@dataclass(slots=True)
class Assigned:
    report_index: int
    event_id: str | None
    cluster: str
    score: float = 1.0
    reasons: dict = field(default_factory=dict)


class SeparateEvents:
    """Never merges: every report is its own event (a legitimate, if naive, policy)."""

    def __init__(self, window_days: int = 7) -> None:
        self.config = WindowConfig(window_days)
        self.seen_candidates: list[list[str]] = []

    def assign(self, reports: Sequence[EventReport], candidates: Sequence[Event]) -> list[Assigned]:
        self.seen_candidates.append([c.id for c in candidates])
        return [Assigned(i, None, f"new:{i}") for i in range(len(reports))]

    def merge(self, reports: Sequence[EventReport], sources: Sequence[Source]) -> EventReport:
        return replace(reports[0], fatalities=max(r.fatalities for r in reports))

    def source_scale(self, sources: Sequence[Source], country: str | None = None) -> str:
        return "National" if len(sources) == 1 else "Multiple"


class SameKey(SeparateEvents):
    """Merges reports with the same country, date and sub-event type."""

    @staticmethod
    def key(report: EventReport) -> tuple:
        return (report.country, report.date, report.sub_event_type)

    def assign(self, reports: Sequence[EventReport], candidates: Sequence[Event]) -> list[Assigned]:
        self.seen_candidates.append([c.id for c in candidates])
        by_key = {self.key(c.report): c.id for c in candidates}
        return [
            Assigned(i, by_key.get(self.key(r)), f"new:{self.key(r)}", reasons={"key": list(self.key(r))})
            for i, r in enumerate(reports)
        ]


# ---------------------------------------------------------------- fixtures (our own sentences)

BAMAKO = (12.6392, -8.0029)
SEGOU = (13.4317, -6.2157)
GAO = (16.2666, -0.0400)
NIAMEY = (13.5128, 2.1128)


def make_doc(text: str, **kw) -> Document:
    doc = Document(id="", text=text, language=kw.pop("language", "ar"), **kw)
    doc.id = doc.content_hash
    return doc


def make_report(doc: Document, **kw) -> EventReport:
    values = dict(
        doc_id=doc.id, event_type="Battles", sub_event_type="Armed clash", date="2024-03-05",
        time_precision=1, country="Mali", iso="ML", admin1="Bamako", location="Bamako",
        latitude=BAMAKO[0], longitude=BAMAKO[1], geo_precision=1, actor1="Military Forces of Mali (2021-)",
        inter1=1, actor2="JNIM: Group for Support of Islam and Muslims", inter2=2, fatalities=3,
        evidence=doc.text[:40], evidence_start=0, evidence_end=min(40, len(doc.text)), confidence=0.8,
        language=doc.language,
    )
    values.update(kw)
    return EventReport(**values)


def add(store: Store, text: str, deduper=None, doc_kw=None, **report_kw) -> tuple[Document, list[str]]:
    doc = make_doc(text, **(doc_kw or {}))
    ids = store.add_reports(doc, [make_report(doc, **report_kw)], deduper or SeparateEvents())
    return doc, ids


# ---------------------------------------------------------------- opening and migrations


def test_open_plain_path_creates_wal_sqlite_and_reopens(tmp_path):
    path = tmp_path / "marsad.sqlite"
    with Store.open(str(path)) as store:
        assert store.dialect == "sqlite" and store.has_fts
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0002"
    with Store.open(f"sqlite:///{path}") as again:  # already at head: no-op
        assert again.counts()["events"] == 0


def test_open_refuses_missing_file_without_create_and_unknown_scheme(tmp_path):
    with pytest.raises(FileNotFoundError, match="not found"):
        Store.open(str(tmp_path / "absent.sqlite"), create=False)
    assert not (tmp_path / "absent.sqlite").exists()
    with pytest.raises(ValueError, match="unsupported"):
        Store.open("mysql://localhost/x")


@pytest.mark.filterwarnings("ignore:Did not recognize type 'geometry'")
def test_migrated_schema_matches_table_definitions(store):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from marsad.store.schema import metadata

    def include(obj, name, type_, reflected, compare_to):
        # Backend extras that are deliberately not in metadata (see schema.py); PostGIS's own tables.
        if type_ == "table":
            return name in metadata.tables
        return not (name in ("geom",) or (name or "").startswith(("ix_events_geo", "ix_events_search")))

    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_object": include, "compare_type": False})
        assert compare_metadata(ctx, metadata) == []


# ---------------------------------------------------------------- documents


def test_add_document_is_idempotent_and_round_trips(store):
    doc = make_doc("قتل ثلاثة جنود في هجوم على موقع للجيش قرب باماكو.", url="https://example.ml/a", outlet="Sahel Info",
                   published="2024-03-06", title="هجوم قرب باماكو")
    assert store.add_document(doc) is True
    assert store.add_document(doc) is False
    assert store.has_document(doc.content_hash)
    assert not store.has_document("0" * 16)
    back = store.get_document(doc.id)
    assert back == doc
    assert store.get_document("missing") is None
    assert store.counts()["documents"] == 1


def test_near_duplicate_lookup_finds_lightly_edited_copy(store):
    from marsad.dedupe import band_keys, document_signature

    original = make_doc(
        "أعلن الجيش المالي يوم الثلاثاء أن وحداته صدت هجوما شنه مسلحون على موقع عسكري في منطقة موبتي، "
        "وأن الاشتباكات أسفرت عن مقتل عدد من المهاجمين وإصابة جنديين، فيما تواصل القوات تمشيط المنطقة."
    )
    copy = make_doc(original.text.replace("يوم الثلاثاء", "الثلاثاء"))
    unrelated = make_doc("افتتح وزير التعليم في نيامي مدرسة جديدة تتسع لخمسمائة تلميذ وسط حضور رسمي.")
    store.add_document(original)
    store.add_document(unrelated)
    signature = document_signature(copy.text)
    keys = band_keys(signature)
    assert store.find_near_duplicate(signature, keys, threshold=0.7) == original.id
    store.add_document(copy, near_duplicate_of=original.id, signature=signature, band_keys=keys)
    assert store.counts()["near_duplicates"] == 1
    other = document_signature("خبر مختلف تماما عن مباراة كرة قدم في دكار انتهت بالتعادل بين الفريقين.")
    assert store.find_near_duplicate(other, band_keys(other), threshold=0.7) is None
    assert store.find_near_duplicate([], [], 0.5) is None


# ---------------------------------------------------------------- reports and events


def test_add_reports_creates_stable_events_and_is_idempotent(store):
    doc = make_doc("اشتبك الجيش مع مسلحين قرب باماكو. وفي غاو انفجرت عبوة ناسفة.", outlet="Sahel Info", url="https://x/1")
    reports = [
        make_report(doc),
        make_report(doc, event_type="Explosions/Remote violence", sub_event_type="Remote explosive/landmine/IED",
                    location="Gao", admin1="Gao", latitude=GAO[0], longitude=GAO[1], actor2=None, fatalities=0),
    ]
    ids = store.add_reports(doc, reports, SeparateEvents())
    assert ids == [new_event_id(doc.id, 0), new_event_id(doc.id, 1)]
    assert all(i.startswith("MRS") and len(i) == 13 for i in ids)
    assert store.add_reports(doc, reports, SeparateEvents()) == []
    counts = store.counts()
    assert (counts["documents"], counts["reports"], counts["events"], counts["sources"]) == (1, 2, 2, 2)
    event = store.get_event(ids[1])
    assert event.report.location == "Gao" and event.report.sub_event_type.startswith("Remote")
    assert event.sources == [Source(doc_id=doc.id, outlet="Sahel Info", url="https://x/1", published=None, language="ar")]
    assert event.source_scale == "National"
    assert event.created_at and event.updated_at
    assert [h["action"] for h in store.event_history(ids[0])] == ["create"]
    assert store.get_event("MRSnope") is None


def test_mentions_round_trip_with_places(store):
    doc = make_doc("هاجم مسلحون قرية قرب غاو.")
    place = Place(name="Gao", latitude=GAO[0], longitude=GAO[1], country="Mali", iso="ML", geonameid=2457163)
    mentions = [Mention(20, 23, "place", "غاو", value=place, rule="gazetteer"),
                Mention(0, 4, "actor", "هاجم", value={"id": "x"}, data={"role": "actor1"})]
    [event_id] = store.add_reports(doc, [make_report(doc, mentions=mentions)], SeparateEvents())
    [stored] = store.get_event(event_id).reports
    assert stored.mentions == mentions
    assert isinstance(stored.mentions[0].value, Place)


def test_second_document_merges_into_existing_event_with_history(store):
    deduper = SameKey()
    doc1, [event_id] = add(store, "قتل ثلاثة جنود في اشتباك قرب باماكو.", deduper, {"outlet": "A"}, fatalities=3)
    doc2, ids = add(store, "Trois soldats et deux assaillants tués près de Bamako.", deduper,
                    {"outlet": "B", "language": "fr"}, fatalities=5)
    assert ids == [event_id]
    assert deduper.seen_candidates[-1] == [event_id]
    event = store.get_event(event_id)
    assert [s.doc_id for s in event.sources] == [doc1.id, doc2.id]
    assert len(event.reports) == 2 and event.report.fatalities == 5
    assert event.source_scale == "Multiple"
    history = store.event_history(event_id)
    assert [h["action"] for h in history] == ["create", "merge"]
    merge = history[1]["details"]
    assert merge["doc_id"] == doc2.id and merge["reports"][0]["report_index"] == 0
    assert merge["changed"]["fatalities"] == {"before": 3, "after": 5}
    assert merge["reports"][0]["reasons"] == {"key": ["Mali", "2024-03-05", "Armed clash"]}


def test_candidates_respect_country_and_date_window(store):
    deduper = SameKey(window_days=3)
    _, [near_id] = add(store, "اشتباك أول قرب باماكو.", deduper, date="2024-03-05")
    add(store, "اشتباك في نيامي.", deduper, country="Niger", iso="NE", date="2024-03-06")
    add(store, "اشتباك بعيد زمنيا.", deduper, date="2024-01-01")
    add(store, "حادث جديد قرب باماكو.", deduper, date="2024-03-07", sub_event_type="Attack")
    assert deduper.seen_candidates[-1] == [near_id]


def test_real_deduplicator_merges_cross_language_reports(store):
    from marsad.dedupe import Deduplicator

    deduper = Deduplicator()
    ar = make_doc("قتل خمسة جنود ماليين في هجوم شنه مسلحون من جماعة نصرة الإسلام والمسلمين على موقع قرب باماكو.",
                  outlet="Sahel Info", published="2024-03-05")
    fr = make_doc("Cinq soldats maliens ont été tués dans une attaque du JNIM contre un poste près de Bamako.",
                  outlet="Mali Presse", language="fr", published="2024-03-05")
    [first] = store.add_reports(ar, [make_report(ar, fatalities=5)], deduper)
    assert store.add_reports(fr, [make_report(fr, fatalities=5)], deduper) == [first]
    event = store.get_event(first)
    assert {s.doc_id for s in event.sources} == {ar.id, fr.id}
    assert event.source_scale  # computed by marsad.dedupe.source_scale


# ---------------------------------------------------------------- queries


@pytest.fixture
def populated(store):
    add(store, "اشتبك الجيش المالي مع مسلحين قرب باماكو.", fatalities=3, confidence=0.9)
    add(store, "انفجرت عبوة ناسفة بسيارة عسكرية قرب غاو.", event_type="Explosions/Remote violence",
        sub_event_type="Remote explosive/landmine/IED", location="Gao", admin1="Gao",
        latitude=GAO[0], longitude=GAO[1], actor2=None, fatalities=7, date="2024-03-10", confidence=0.6)
    add(store, "Des manifestants ont défilé à Niamey contre la vie chère.", doc_kw={"language": "fr"},
        event_type="Protests", sub_event_type="Peaceful protest", country="Niger", iso="NE", admin1="Niamey",
        location="Niamey", latitude=NIAMEY[0], longitude=NIAMEY[1], actor1="Protesters (Niger)", inter1=6,
        actor2=None, inter2=None, fatalities=0, date="2024-02-20", confidence=0.7)
    add(store, "هاجم مسلحون قرية في منطقة سيغو واختطفوا رجلين.", sub_event_type="Abduction/forced disappearance",
        event_type="Violence against civilians", location="Segou", admin1="Segou", latitude=SEGOU[0],
        longitude=SEGOU[1], actor2="Civilians (Mali)", fatalities=1, date="2024-03-01", confidence=0.5)
    add(store, "Fighting reported, place unknown.", doc_kw={"language": "en"}, location=None, admin1=None,
        latitude=None, longitude=None, date=None, fatalities=2, confidence=0.4)
    return store


def locations(store: Store, **kw) -> list:
    events, total = store.query_events(EventQuery(**kw))
    assert total == len(events) or kw.get("limit") is not None
    return [e.report.location for e in events]


def test_filters(populated):
    s = populated
    assert locations(s, date_from="2024-03-01", date_to="2024-03-05") == ["Bamako", "Segou"]
    assert sorted(locations(s, country="mali"), key=str) == sorted(["Bamako", "Gao", "Segou", None], key=str)
    assert locations(s, country="NE") == ["Niamey"]
    assert locations(s, admin1="gao") == ["Gao"]
    assert locations(s, event_type="Protests") == ["Niamey"]
    assert locations(s, sub_event_type="Abduction/forced disappearance") == ["Segou"]
    assert locations(s, actor="civilians (") == ["Segou"]
    assert locations(s, actor="100%_") == []  # LIKE wildcards are escaped
    assert locations(s, min_confidence=0.6) == ["Gao", "Bamako", "Niamey"]
    assert locations(s, bbox=(-9.0, 12.0, -5.0, 14.0)) == ["Bamako", "Segou"]
    assert locations(s, near=(BAMAKO[0], BAMAKO[1], 50)) == ["Bamako"]
    assert locations(s, near=(BAMAKO[0], BAMAKO[1], 300)) == ["Bamako", "Segou"]


def test_text_query_is_arabic_aware(populated):
    s = populated
    assert locations(s, q="الجيش") == ["Bamako"]
    assert locations(s, q="ناسفه") == ["Gao"]  # ة and ه fold together
    assert locations(s, q="عسكريه عبوة") == ["Gao"]  # every word must occur, in any order
    assert locations(s, q="واختطفوا") == ["Segou"]
    assert locations(s, q="اختطف") == ["Segou"]  # substring of a cliticised verb
    assert locations(s, q="DEFILE niamey") == ["Niamey"]  # case and accents fold
    assert locations(s, q="غ") == ["Gao", "Segou"]  # a 1-letter word falls back to LIKE
    assert locations(s, q="Protesters niger") == ["Niamey"]  # actor names are indexed too


def test_pagination_and_sorting(populated):
    s = populated
    page1, total = s.query_events(EventQuery(limit=2, offset=0, sort="-fatalities"))
    page2, _ = s.query_events(EventQuery(limit=2, offset=2, sort="-fatalities"))
    page3, _ = s.query_events(EventQuery(limit=2, offset=4, sort="-fatalities"))
    assert total == 5
    assert [e.report.fatalities for e in page1 + page2 + page3] == [7, 3, 2, 1, 0]
    assert len({e.id for e in page1 + page2 + page3}) == 5
    dates = [e.report.date for e in s.query_events(EventQuery(sort="date"))[0]]
    assert dates == ["2024-02-20", "2024-03-01", "2024-03-05", "2024-03-10", None]  # unknown dates last
    dates = [e.report.date for e in s.query_events(EventQuery(sort="-date"))[0]]
    assert dates == ["2024-03-10", "2024-03-05", "2024-03-01", "2024-02-20", None]
    conf = [e.report.confidence for e in s.query_events(EventQuery(sort="confidence"))[0]]
    assert conf == sorted(conf)
    for bad in (EventQuery(sort="date; DROP TABLE events"), EventQuery(limit=-1), EventQuery(offset=-3)):
        with pytest.raises(ValueError):
            s.query_events(bad)


def test_iter_events_streams_everything_in_order(populated):
    populated.stream_batch = 2
    streamed = list(populated.iter_events(EventQuery(sort="-fatalities", limit=1)))
    assert [e.report.fatalities for e in streamed] == [7, 3, 2, 1, 0]
    assert all(e.reports and e.sources for e in streamed)
    assert [e.report.location for e in populated.iter_events(EventQuery(country="Niger"))] == ["Niamey"]


# ---------------------------------------------------------------- review


def test_review_edit_confirm_reject_with_history(populated):
    s = populated
    [gao] = s.query_events(EventQuery(admin1="Gao"))[0]
    edited = s.review_event(gao.id, "amina", "edit", {"fatalities": "6", "actor2": "Civilians (Mali)"})
    assert edited.report.fatalities == 6 and edited.report.actor2 == "Civilians (Mali)"
    assert edited.review_status == "edited"
    last = s.event_history(gao.id)[-1]
    assert last["who"] == "amina" and last["action"] == "review:edit"
    assert last["details"]["changes"]["fatalities"] == {"before": 7, "after": 6}
    assert last["details"]["status_before"] == "unreviewed"
    assert locations(s, actor="civilians") == ["Gao", "Segou"]  # search index follows the edit
    with pytest.raises(ValueError, match="not editable"):
        s.review_event(gao.id, "amina", "edit", {"review_status": "confirmed"})
    with pytest.raises(ValueError, match="latitude"):
        s.review_event(gao.id, "amina", "edit", {"latitude": 123})
    with pytest.raises(ValueError, match="only accepted"):
        s.review_event(gao.id, "amina", "confirm", {"fatalities": 1})
    with pytest.raises(ValueError, match="unknown review action"):
        s.review_event(gao.id, "amina", "delete")
    with pytest.raises(KeyError):
        s.review_event("MRS0000000000", "amina", "confirm")
    assert s.review_event(gao.id, "omar", "confirm").review_status == "confirmed"
    s.review_event(gao.id, "omar", "reject")
    assert "Gao" not in locations(s)
    assert "Gao" in locations(s, include_rejected=True)
    assert locations(s, review_status="rejected") == ["Gao"]
    actions = [h["action"] for h in s.event_history(gao.id)]
    assert actions == ["create", "review:edit", "review:confirm", "review:reject"]
    counts = s.counts()
    assert counts["reviews"] == 3 and counts["events_rejected"] == 1


def test_reviewer_edits_survive_later_merges(store):
    deduper = SameKey()
    _, [event_id] = add(store, "اشتباك قرب باماكو خلف ثلاثة قتلى.", deduper, fatalities=3)
    store.review_event(event_id, "amina", "edit", {"location": "Kati", "fatalities": 4})
    add(store, "Affrontements près de Bamako: neuf morts.", deduper, {"language": "fr"}, fatalities=9)
    event = store.get_event(event_id)
    assert len(event.sources) == 2
    assert (event.report.location, event.report.fatalities) == ("Kati", 4)
    assert event.review_status == "edited"


def test_records_are_plain_event_dataclasses(populated):
    event = next(populated.iter_events())
    assert isinstance(event, Event)
    assert dataclasses.asdict(event)["report"]["doc_id"]


@pytest.mark.postgres
def test_postgis_geometry_follows_lat_lon(pg_url):
    with Store.open(pg_url) as store:
        _, [event_id] = add(store, "اشتباك قرب غاو.", latitude=GAO[0], longitude=GAO[1])
        store.review_event(event_id, "amina", "edit", {"latitude": NIAMEY[0], "longitude": NIAMEY[1]})
        with store.engine.connect() as conn:
            x, y, srid = conn.execute(sa.text(
                "SELECT ST_X(geom), ST_Y(geom), ST_SRID(geom) FROM events WHERE id = :id"), {"id": event_id}).one()
    assert (round(x, 4), round(y, 4), srid) == (NIAMEY[1], NIAMEY[0], 4326)
