"""Merge recall on well-covered events: the complete-link guard tolerates a few unconfirmed day
gaps (one outlet dating a hotel siege on its second day, another giving a stray toll) but never a
hard veto, and never in a small cluster. Reports and sentences are our own.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from marsad.dedupe import Deduplicator, Embedder, default_config
from marsad.dedupe.cluster import joinable
from marsad.dedupe.features import PairScore, is_day_gap_veto
from marsad.records import Document, Event, EventReport
from marsad.store import Store

GAO = (16.27, -0.04)
GUNMEN = "Unidentified Armed Group (Mali)"
CIVILIANS = "Civilians (Mali)"

# How a dozen outlets tell one hotel attack in Gao on Friday 7 June 2024 (our own sentences).
SAME_DAY = [
    ("ar", "هاجم مسلحون فندقا في مدينة غاو مساء الجمعة واحتجزوا عددا من النزلاء وقتل 12 شخصا", 12),
    ("fr", "Des hommes armés ont pris d'assaut un hôtel de Gao vendredi soir, faisant douze morts", 12),
    ("en", "Gunmen stormed a hotel in Gao on Friday evening, killing twelve people, officials said", 12),
    ("ar", "قالت مصادر أمنية إن الهجوم على الفندق في غاو أوقع 13 قتيلا بينهم أجانب", 13),
    ("fr", "L'attaque contre l'hôtel de Gao a coûté la vie à 12 personnes selon un bilan officiel", 12),
    ("en", "The assault on the Gao hotel left 12 dead, according to the interior ministry", 12),
    ("ar", "أعلنت الحكومة المالية أن حصيلة الاعتداء على فندق غاو بلغت 12 قتيلا", 12),
    ("fr", "À Gao, des assaillants ont ouvert le feu dans un hôtel fréquenté par des étrangers", 0),
    ("en", "Witnesses in Gao described gunfire inside the hotel lobby late on Friday", 0),
]
# An outlet publishing on Saturday dates the attack on the siege's second day.
SECOND_DAY = ("ar", "انتهى صباح السبت حصار الفندق في غاو بعد مقتل 12 شخصا", 12)
# A report of the attack, on its own day, with a stray toll (one guard) and other wording.
STRAY_TOLL_EN = "A security guard was shot dead when attackers entered a hotel in Gao on Friday night"


def document(text: str, language: str, published: str = "2024-06-08") -> Document:
    d = Document(id="", text=text, outlet=f"Outlet {text[:12]}", language=language, published=published)
    d.id = d.content_hash
    return d


def attack(d: Document, fatalities: int, date: str = "2024-06-07", **fields) -> EventReport:
    base = dict(
        doc_id=d.id, event_type="Violence against civilians", sub_event_type="Attack", date=date,
        time_precision=1, country="Mali", iso="ML", admin1="Gao", location="Gao", latitude=GAO[0],
        longitude=GAO[1], geo_precision=1, actor1=GUNMEN, inter1=3, actor2=CIVILIANS, inter2=7,
        fatalities=fatalities, evidence=d.text, evidence_start=0, evidence_end=len(d.text),
        confidence=0.6, language=d.language,
    )
    base.update(fields)
    return EventReport(**base)


def coverage(day_reports: int = len(SAME_DAY)) -> list[EventReport]:
    """The reports of the attack: `day_reports` told on its day, and one dated on the next day."""
    reports = [attack(document(text, lang), toll) for lang, text, toll in SAME_DAY[:day_reports]]
    lang, text, toll = SECOND_DAY
    return [*reports, attack(document(text, lang), toll, date="2024-06-08")]


def stray() -> EventReport:
    return attack(document(STRAY_TOLL_EN, "en"), 1)


@pytest.fixture(scope="module")
def deduper() -> Deduplicator:
    return Deduplicator(embedder=Embedder(backend="ngram"))  # no model load


def event_of(reports: list[EventReport]) -> Event:
    return Event(id="MRSgao", report=reports[0], reports=reports)


def test_stray_report_joins_a_well_covered_event_despite_one_unconfirmed_day(deduper):
    """The stray toll (1 vs 12) a day apart from the Saturday report is unconfirmed; the report
    matches the nine reports of its own day, so it joins the event."""
    reports = coverage()
    alone, saturday = deduper.assign([stray(), reports[-1]], [])
    assert alone.cluster != saturday.cluster and alone.reasons["veto"] == "date"
    [assignment] = deduper.assign([stray()], [event_of(reports)])
    assert assignment.event_id == "MRSgao"


def test_strict_guard_keeps_the_stray_report_apart():
    """day_gap_guard_share 0 restores the strict complete-link guard."""
    config = default_config()
    strict = Deduplicator(replace(config, dates=replace(config.dates, day_gap_guard_share=0.0)),
                          Embedder(backend="ngram"))
    [assignment] = strict.assign([stray()], [event_of(coverage())])
    assert assignment.event_id is None


def test_small_cluster_keeps_the_guard(deduper):
    """Two reports of the day and one of the next: one unconfirmed pair in three is no minority."""
    [assignment] = deduper.assign([stray()], [event_of(coverage(day_reports=2))])
    assert assignment.event_id is None


def test_hard_veto_is_never_tolerated(deduper):
    """A member naming JNIM and a new report naming the Islamic State: two dyads (ACLED
    atomicity), however well the new report matches the other members."""
    reports = coverage()
    reports[0] = replace(reports[0], actor1="JNIM: Group for Support of Islam and Muslims", inter1=2)
    newcomer = replace(attack(document(SAME_DAY[2][1] + " (AFP)", "en"), 12),
                       actor1="Islamic State (Sahel)", inter1=2)
    [assignment] = deduper.assign([newcomer], [event_of(reports)])
    assert assignment.event_id is None


def test_joinable_counts_only_unconfirmed_day_gaps():
    config = default_config()
    share = config.dates.day_gap_guard_share
    ok = PairScore(0.8, {"type": 1.0})
    soft = PairScore(0.0, {"type": 1.0, "day_gap": 1.0}, veto="date")
    hard = PairScore(0.0, {}, veto="date")
    right = list(range(1, 11))
    scores = {(0, j): ok for j in right}
    assert is_day_gap_veto(soft) and not is_day_gap_veto(hard) and not is_day_gap_veto(ok)
    assert joinable([0], right, scores, config)
    allowed = int(share * len(right))
    assert allowed >= 1
    within = {**scores, **{(0, j): soft for j in right[:allowed]}}
    assert joinable([0], right, within, config)
    beyond = {**scores, **{(0, j): soft for j in right[:allowed + 1]}}
    assert not joinable([0], right, beyond, config)
    assert not joinable([0], right, {**scores, (0, 1): hard}, config)
    missing = {pair: s for pair, s in scores.items() if pair != (0, 1)}
    assert not joinable([0], right, missing, config)  # never compared: never together


def test_incremental_store_joins_the_stray_report_and_undo_detaches_it(tmp_path, deduper):
    """Fed one document at a time, the coverage forms one event; the stray report joins it with a
    recorded merge, and undoing the merge gives the report an event of its own (the id stays)."""
    with Store.open(f"sqlite:///{tmp_path / 'gao.sqlite'}") as store:
        ids = set()
        for report in coverage():
            d = document(report.evidence, report.language or "ar")
            ids.update(store.add_reports(d, [report], deduper))
        assert len(ids) == 1
        [event_id] = ids
        late = stray()
        d = document(late.evidence, "en")
        assert store.add_reports(d, [late], deduper) == [event_id]
        assert len(store.get_event(event_id).reports) == len(SAME_DAY) + 2
        result = store.undo_merge(event_id, d.id, who="tester", deduper=deduper)
        assert result.event_id == event_id and len(result.new_event_ids) == 1
        assert len(store.get_event(event_id).reports) == len(SAME_DAY) + 1
        assert [row["action"] for row in store.event_history(event_id)][-1] == "unmerge"
