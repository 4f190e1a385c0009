"""The main jobs end to end through the `marsad` command line, on a real SQLite file."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from marsad.cli import main
from marsad.records import ACLED_COLUMNS, EXTRACTION_FIELDS

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "corpus"


def marsad(*args: str) -> subprocess.CompletedProcess:
    """Run the real command in a child process, as a user would."""
    return subprocess.run([sys.executable, "-m", "marsad", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=600)


def test_help_teaches_every_command():
    result = marsad("--help")
    assert result.returncode == 0
    for command in ("extract", "run", "export", "eval", "geoparse", "serve", "lexicon"):
        assert command in result.stdout


def test_extract_writes_the_contract_for_each_report(tmp_path):
    out = tmp_path / "reports.jsonl"
    assert main(["extract", str(SAMPLES), "-o", str(out), "--no-progress"]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 30
    assert all(tuple(row) == EXTRACTION_FIELDS for row in rows)
    languages = {row["doc_id"][:2] for row in rows}
    assert {"ar", "fr", "en"} <= languages
    texts = {}
    for path in SAMPLES.glob("*.txt"):
        from marsad.ingest import read_inputs

        (doc,) = list(read_inputs([path]))
        texts[doc.id] = doc.text
    for row in rows:
        if row["doc_id"] in texts:
            assert texts[row["doc_id"]][row["evidence_start"]:row["evidence_end"]] == row["evidence"]


def test_extract_to_stdout_and_bad_inputs_are_one_line_errors(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("date 2024-01-10 Agence Sahel\n\nDes hommes armés ont tué trois civils lundi à Djibo, "
                    "dans la province du Soum, selon des sources locales.", encoding="utf-8")
    (tmp_path / "bad.bin").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = marsad("extract", str(good), str(tmp_path / "bad.bin"), str(tmp_path / "empty.txt"), "-o", "-")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("marsad: error:")]
    assert len(errors) == 2 and any("bad.bin" in e for e in errors) and any("empty.txt" in e for e in errors)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and rows[0]["doc_id"] == "good"
    assert rows[0]["event_type"] == "Violence against civilians"
    assert rows[0]["location"] == "Djibo" and rows[0]["country"] == "Burkina Faso"


def test_run_is_idempotent_and_exports_the_31_acled_columns(tmp_path):
    db = tmp_path / "events.sqlite"
    assert main(["run", str(SAMPLES), "--db", str(db), "--no-progress", "--quiet"]) == 0
    first = tmp_path / "first.csv"
    assert main(["export", "--db", str(db), "--format", "acled-csv", "-o", str(first)]) == 0
    assert main(["run", str(SAMPLES), "--db", str(db), "--no-progress", "--quiet"]) == 0
    second = tmp_path / "second.csv"
    assert main(["export", "--db", str(db), "--format", "acled-csv", "-o", str(second)]) == 0
    with first.open(encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = list(reader)
    assert tuple(header) == ACLED_COLUMNS and len(header) == 31
    assert len(rows) >= 20
    assert first.read_text(encoding="utf-8").count("\n") == second.read_text(encoding="utf-8").count("\n")


def test_run_merges_the_same_event_reported_by_several_outlets(tmp_path):
    db = tmp_path / "events.sqlite"
    assert main(["run", str(SAMPLES), "--db", str(db), "--no-progress", "--quiet"]) == 0
    out = tmp_path / "events.jsonl"
    assert main(["export", "--db", str(db), "--format", "jsonl", "-o", str(out)]) == 0
    events = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert any(len(event["sources"]) >= 2 for event in events)


@pytest.mark.parametrize("fmt", ["geojson", "plover-json"])
def test_export_formats_are_valid_json(tmp_path, fmt):
    db = tmp_path / "events.sqlite"
    assert main(["run", str(SAMPLES / "wire.jsonl"), "--db", str(db), "--no-progress", "--quiet"]) == 0
    result = marsad("export", "--db", str(db), "--format", fmt, "-o", "-")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    if fmt == "geojson":
        assert data["type"] == "FeatureCollection" and data["features"]
