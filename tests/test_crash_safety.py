"""Crash safety: `marsad run` killed with SIGKILL mid-run, then re-run, equals one clean run.

The corpus is thousands of short articles we generate from templates (our own sentences).
The store commits one document per transaction (document row + its reports + the events
they create or update), in SQLite WAL mode, so a kill at any instant leaves every document
either fully stored or absent, and the re-run codes exactly the missing ones.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
from reliability_support import PROJECT, corpus_article, marsad_command, run_marsad, write_corpus

N_DOCUMENTS = 3000
REPORT_KEY = "doc_id, report_index, event_type, sub_event_type, location, date, fatalities"


def query(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as conn:
        return conn.execute(sql).fetchall()


def count_documents(db: Path) -> int:
    try:
        return query(db, "SELECT count(*) FROM documents")[0][0]
    except sqlite3.Error:  # not created or not migrated yet
        return 0


def snapshot(db: Path) -> dict:
    """What a run stored, in comparable form."""
    return {
        "documents": query(db, "SELECT count(*), count(DISTINCT id), count(DISTINCT content_hash) FROM documents")[0],
        "reports": Counter(query(db, f"SELECT {REPORT_KEY} FROM reports")),
        "reports_per_doc": dict(query(db, "SELECT doc_id, count(*) FROM reports GROUP BY doc_id")),
        "events": Counter(query(db, "SELECT event_type, sub_event_type, location, date, n_sources FROM events")),
        "sources": query(db, "SELECT count(*), count(DISTINCT event_id || '|' || doc_id) FROM event_sources")[0],
        "orphans": query(db, "SELECT count(*) FROM events e WHERE NOT EXISTS "
                             "(SELECT 1 FROM reports r WHERE r.event_id = e.id)")[0][0],
    }


def check_database(db: Path) -> None:
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    assert query(db, "PRAGMA foreign_key_check") == []
    assert query(db, "PRAGMA journal_mode")[0][0].lower() == "wal"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("crash") / "corpus"
    write_corpus(directory, N_DOCUMENTS)
    return directory


@pytest.fixture(scope="module")
def clean_run(corpus, tmp_path_factory) -> tuple[Path, float]:
    db = tmp_path_factory.mktemp("clean") / "clean.sqlite"
    run = run_marsad("run", str(corpus), "--db", str(db), "--no-progress", "--quiet", timeout=600, memory_gb=3)
    assert run.status == 0 and "Traceback" not in run.stderr, run.stderr[-2000:]
    return db, run.seconds


def test_kill_minus_nine_mid_run_then_rerun_equals_a_clean_run(corpus, clean_run, tmp_path):
    clean_db, clean_seconds = clean_run
    db = tmp_path / "killed.sqlite"
    proc = subprocess.Popen(marsad_command("run", str(corpus), "--db", str(db), "--no-progress", "--quiet"),
                            cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    target = N_DOCUMENTS // 4
    while count_documents(db) < target:
        assert proc.poll() is None, f"run ended before the kill: {proc.stderr.read().decode()[-2000:]}"
        assert time.monotonic() < deadline, "the run stored too few documents in time"
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL

    # Right after the kill: a sound database in which every stored document is complete.
    check_database(db)
    partial = snapshot(db)
    complete = snapshot(clean_db)
    stored = partial["documents"][0]
    assert target <= stored < N_DOCUMENTS, stored
    for (doc_id,) in query(db, "SELECT id FROM documents"):  # none stored without its reports
        assert partial["reports_per_doc"].get(doc_id, 0) == complete["reports_per_doc"].get(doc_id, 0), doc_id
    assert partial["orphans"] == 0

    # Re-run to completion: only the missing documents are coded.
    rerun = run_marsad("run", str(corpus), "--db", str(db), "--no-progress", "--quiet", timeout=600, memory_gb=3)
    assert rerun.status == 0 and "Traceback" not in rerun.stderr, rerun.stderr[-2000:]
    assert f"{stored} already stored" in rerun.stdout, rerun.stdout[-500:]

    check_database(db)
    resumed = snapshot(db)
    assert resumed["documents"] == (N_DOCUMENTS, N_DOCUMENTS, N_DOCUMENTS)
    assert resumed["documents"] == complete["documents"]
    assert sum(resumed["reports"].values()) == sum(complete["reports"].values())
    assert max(resumed["reports"].values()) == 1  # no report stored twice
    assert resumed["reports"] == complete["reports"]
    assert sum(resumed["events"].values()) == sum(complete["events"].values())
    assert resumed["events"] == complete["events"]
    assert resumed["sources"] == complete["sources"]
    assert resumed["orphans"] == 0
    print(f"{N_DOCUMENTS} documents: clean run {clean_seconds:.0f} s; killed after {stored} stored, "
          f"re-run {rerun.seconds:.0f} s")


def test_clean_run_is_sound_and_rerun_adds_nothing(corpus, clean_run):
    clean_db, _ = clean_run
    check_database(clean_db)
    before = snapshot(clean_db)
    assert before["documents"] == (N_DOCUMENTS, N_DOCUMENTS, N_DOCUMENTS)
    assert sum(before["reports"].values()) >= N_DOCUMENTS * 0.9  # the templates are events
    rerun = run_marsad("run", str(corpus / "doc00000.txt"), str(corpus / "doc02999.txt"), "--db", str(clean_db),
                       "--no-progress", "--quiet", timeout=120)
    assert rerun.status == 0 and "2 already stored" in rerun.stdout
    assert snapshot(clean_db) == before


def test_a_failure_while_storing_leaves_no_half_stored_document(tmp_path):
    """Fault injection inside the per-document transaction: the document must not be stored
    without its reports (it would then be skipped forever as 'already stored')."""
    from marsad.commands import Tally, store_one
    from marsad.dedupe import Deduplicator
    from marsad.ingest import read_file
    from marsad.records import EventReport
    from marsad.store import Store
    from marsad.store.batch import DocumentBatch

    path = tmp_path / "one.txt"
    path.write_text(corpus_article(1), encoding="utf-8")
    [doc] = list(read_file(path))
    report = EventReport(doc_id=doc.id, event_type="Violence against civilians", sub_event_type="Attack",
                         date="2015-02-10", country="Mali", location="Gao", evidence="x", evidence_start=0,
                         evidence_end=1)

    class FailingDeduper(Deduplicator):
        def assign(self, reports, candidates):
            raise RuntimeError("disk full (simulated)")

    store = Store.open(str(tmp_path / "db.sqlite"))
    try:
        with pytest.raises(RuntimeError):
            store_one(doc, lambda d: [report], DocumentBatch(store, FailingDeduper(), size=1), Tally())
        assert not store.has_document(doc.content_hash)
        tally = Tally()
        store_one(doc, lambda d: [report], DocumentBatch(store, Deduplicator(), size=1), tally)
        assert store.has_document(doc.content_hash) and tally.reports == 1
        assert store.counts()["reports"] == 1
    finally:
        store.close()


def test_reprints_are_linked_by_marsad_run(tmp_path):
    """A lightly edited copy of a stored article is linked as a near duplicate (needs the
    document's LSH band keys to be stored with it)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    original = corpus_article(5) + "".join(corpus_article(5 + 13 * k).split("\n", 1)[1] for k in range(1, 6))
    (corpus / "a.txt").write_text(original, encoding="utf-8")
    (corpus / "b.txt").write_text(original.replace("النشرة رقم 5.", "النشرة رقم 5 (معاد)."), encoding="utf-8")
    db = tmp_path / "db.sqlite"
    run = run_marsad("run", str(corpus), "--db", str(db), "--no-progress", "--quiet", timeout=120)
    assert run.status == 0, run.stderr
    assert "1 reprints linked" in run.stdout, run.stdout
    assert query(db, "SELECT id, near_duplicate_of FROM documents WHERE near_duplicate_of IS NOT NULL") == [("b", "a")]
