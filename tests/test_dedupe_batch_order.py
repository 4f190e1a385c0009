"""A run deduplicates its documents together, so its events do not depend on the input order."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from marsad.cli import main as marsad_main
from marsad.commands import Tally, store_documents
from marsad.dedupe import Deduplicator, band_keys, document_signature
from marsad.ingest import read_file
from marsad.records import Document, EventReport
from marsad.store import Store
from marsad.store.batch import DocumentBatch

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "corpus"


@pytest.fixture(scope="module")
def resources():
    from marsad.pipeline import Resources

    return Resources.load()


@pytest.fixture(scope="module")
def coded(resources):
    """Our own sample corpus (fr/en/ar, several outlets per event), coded once."""
    from marsad.pipeline import extract_document

    docs = [doc for path in sorted(SAMPLES.glob("*.txt")) for doc in read_file(path)]
    return [(doc, extract_document(doc, resources)) for doc in docs]


def events_of(db: Path) -> list[tuple]:
    """Each event as (id, its reports as (doc id, evidence offset)), sorted."""
    with Store.open(str(db), create=False) as store:
        return sorted((event.id, tuple(sorted((r.doc_id, r.evidence_start) for r in event.reports)))
                      for event in store.iter_events())


def store_in_order(db: Path, coded: list, deduper: Deduplicator) -> None:
    with Store.open(str(db)) as store:
        batch = DocumentBatch(store, deduper)
        for doc, reports in coded:
            signature = document_signature(doc.text)
            batch.add(doc, reports, signature, band_keys(signature))
        batch.flush()


def test_the_same_events_and_ids_whatever_the_document_order(tmp_path, coded):
    deduper = Deduplicator()
    outcomes = []
    for seed in range(3):
        order = list(coded)
        random.Random(seed).shuffle(order)
        store_in_order(tmp_path / f"order{seed}.sqlite", order, deduper)
        outcomes.append(events_of(tmp_path / f"order{seed}.sqlite"))
    assert outcomes[0] == outcomes[1] == outcomes[2]
    # several outlets tell the same events: the batch merged across documents
    assert any(len({doc for doc, _ in reports}) > 1 for _, reports in outcomes[0])


def test_marsad_run_is_independent_of_the_order_of_its_input_files(tmp_path):
    files = sorted(str(path) for path in SAMPLES.glob("*.txt"))
    for name, inputs in (("sorted", files), ("reversed", files[::-1])):
        assert marsad_main(["run", *inputs, "--db", str(tmp_path / f"{name}.sqlite"), "--quiet",
                            "--no-progress"]) == 0
    assert events_of(tmp_path / "sorted.sqlite") == events_of(tmp_path / "reversed.sqlite")


def test_a_document_already_waiting_in_the_batch_is_not_coded_twice(tmp_path, resources):
    text = ("date 2024-03-05 Sahel Wire\nGunmen attacked the market of Gao on Monday, killing four "
            "traders, local officials said.")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    docs = [doc for name in ("a.txt", "b.txt") for doc in read_file(tmp_path / name)]
    with Store.open(str(tmp_path / "db.sqlite")) as store:
        tally = Tally()
        store_documents(docs, resources, store, tally, show_progress=False)
        assert tally.skipped == 1 and store.counts()["documents"] == 1


def test_an_interrupted_run_keeps_the_documents_it_coded(tmp_path, resources):
    texts = ["Des hommes armés ont attaqué le marché de Gao lundi, tuant quatre commerçants.",
             "Des manifestants ont défilé mardi à Niamey pour réclamer le départ des troupes étrangères.",
             "L'armée a repoussé une attaque contre son camp de Boulkessi mercredi, selon l'état-major."]

    def arriving():
        for k, text in enumerate(texts):
            yield Document(id=f"d{k}", text=text, language="fr", published="2024-03-07")
        raise KeyboardInterrupt

    with Store.open(str(tmp_path / "db.sqlite")) as store:
        with pytest.raises(KeyboardInterrupt):
            store_documents(arriving(), resources, store, Tally(), show_progress=False)
        assert store.counts()["documents"] == 3 and store.counts()["reports"] >= 3


class RecordingDeduplicator(Deduplicator):
    def __init__(self) -> None:
        super().__init__()
        self.candidates: list[str] = []

    def assign(self, reports, candidates):
        self.candidates = [event.id for event in candidates]
        return super().assign(reports, candidates)


def report(doc_id: str, day: str, country: str = "Mali", location: str = "Gao") -> EventReport:
    return EventReport(doc_id=doc_id, event_type="Violence against civilians", sub_event_type="Attack",
                       date=day, country=country, location=location, evidence=f"attack in {location} {day}",
                       evidence_start=0, evidence_end=10)


def test_a_large_batch_finds_its_candidates_with_one_short_query(tmp_path):
    """1,200 reports on 1,200 different days: their date windows are merged per country, so
    the candidate query stays small (SQLite limits expression depth) and still finds the events."""
    import datetime as dt

    deduper = RecordingDeduplicator()
    with Store.open(str(tmp_path / "db.sqlite")) as store:
        [old] = store.add_reports(Document(id="old", text="old"), [report("old", "2021-06-01", "Niger", "Ayorou")],
                                  deduper)
        [far] = store.add_reports(Document(id="far", text="far"), [report("far", "2030-01-01")], deduper)
        first = dt.date(2018, 1, 1)
        days = [(first + dt.timedelta(days=2 * k)).isoformat() for k in range(1200)]
        batch = [(Document(id=f"n{k}", text=f"n{k}"), [report(f"n{k}", day, ("Mali", "Niger")[k % 2])])
                 for k, day in enumerate(days)]
        from marsad.store.store import CodedDocument

        store.add_coded([CodedDocument(doc, reports) for doc, reports in batch], deduper)
        assert old in deduper.candidates and far not in deduper.candidates
        assert store.counts()["documents"] == 1202


def test_batch_size_must_be_a_positive_number(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        marsad_main(["run", str(SAMPLES), "--db", str(tmp_path / "db.sqlite"), "--batch-size", "0"])
    assert exit_info.value.code == 2
    assert "expected a whole number >= 1" in capsys.readouterr().err


FRENCH_OUTLETS = {
    "fr_a": ("2024-09-10 Le Républicain", "Attaque meurtrière à Ansongo : des hommes armés non identifiés ont attaqué lundi "
             "le marché hebdomadaire d'Ansongo, tuant sept civils et blessant une dizaine d'autres, selon des sources locales."),
    "fr_b": ("2024-09-10 Studio Kalanga", "Sept civils ont été tués lundi à Ansongo lorsque des assaillants armés ont ouvert le "
             "feu sur la foule du marché, a indiqué un élu de la commune."),
    "fr_c": ("2024-09-11 Mali Actu", "Le bilan de l'attaque de lundi contre le marché d'Ansongo est de sept morts, "
             "ont confirmé mardi les autorités régionales de Gao."),
    "ar_a": ("2024-09-10 وكالة الساحل", "قتل سبعة مدنيين يوم الاثنين في هجوم شنه مسلحون مجهولون على السوق الأسبوعية "
             "في أنسونغو شمال مالي، بحسب مصادر محلية."),
    "en_a": ("2024-09-10 Sahel Wire", "Unidentified gunmen killed seven civilians at the weekly market in Ansongo, northern "
             "Mali, on Monday, local sources said."),
    "fr_later": ("2024-09-18 Le Républicain", "Des hommes armés ont attaqué mardi un car de transport sur la route "
                 "d'Ansongo, tuant trois passagers, selon la gendarmerie."),
}


def test_reports_of_one_attack_from_french_arabic_and_english_outlets_make_one_event(tmp_path):
    for name, (header, text) in FRENCH_OUTLETS.items():
        (tmp_path / f"{name}.txt").write_text(f"date {header}\n{text}\n", encoding="utf-8")
    db = tmp_path / "db.sqlite"
    assert marsad_main(["run", str(tmp_path), "--db", str(db), "--quiet", "--no-progress"]) == 0
    with Store.open(str(db), create=False) as store:
        events = list(store.iter_events())
    documents = sorted(sorted(source.doc_id for source in event.sources) for event in events)
    assert ["ar_a", "en_a", "fr_a", "fr_b", "fr_c"] in documents
    assert ["fr_later"] in documents
