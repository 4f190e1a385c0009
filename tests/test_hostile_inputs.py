"""Hostile input through the real CLI (`python -m marsad extract` in a subprocess).

Every file here is generated in the test from sentences we wrote. Each must yield correct
events or one error line naming it; the rest of the batch is still processed; no traceback;
time and memory stay bounded (address-space limit on the child, wall-clock timeout).
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import pytest
from reliability_support import (
    GAO_ATTACK,
    GAO_EXPECTED,
    NIAMEY_EXPECTED,
    NIAMEY_PROTEST,
    TIMBUKTU_EXPECTED,
    TIMBUKTU_IED,
    article,
    error_lines,
    run_marsad,
)

from marsad.ingest import decode_bytes

# What the coder is not asked to get right on hostile input, in the comparison below.
CHECKED = ("event_type", "sub_event_type", "location", "country", "date", "fatalities")


def reports_by_doc(stdout: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for line in stdout.splitlines():
        record = json.loads(line)
        out.setdefault(record["doc_id"], []).append(record)
    return out


def assert_has_event(reports: list[dict], expected: dict) -> dict:
    """One of `reports` has all the expected fields; returns it."""
    for report in reports:
        if all(report.get(k) == v for k, v in expected.items()):
            return report
    got = [{k: r.get(k) for k in CHECKED} for r in reports]
    raise AssertionError(f"no report with {expected}; got {got}")


def assert_offsets_index(text: str, reports: list[dict]) -> None:
    for report in reports:
        assert text[report["evidence_start"]:report["evidence_end"]] == report["evidence"]


def assert_clean(run) -> None:
    assert not run.killed, f"timed out after {run.seconds:.0f} s"
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    for line in run.stderr.splitlines():
        assert line.startswith("marsad: "), f"stray stderr line: {line[:200]}"


# ---------------------------------------------------------------------- the mixed batch


def with_invisibles(text: str) -> str:
    """Zero-width and bidi-override characters inside Arabic words (not inside the place name)."""
    return (text.replace("هاجم", "ها\u200bجم").replace("مسلحون", "\u202eمسلحون\u202c")
            .replace("مقتل", "مق\u200dتل").replace("مدنيين", "مد\u2067نيين\u2069")
            .replace("غاو", "\u200fغاو\u200e").replace("مالي", "\u202bمالي\u202c").replace("سبعة", "سب\ufeffعة"))


BILLION_LAUGHS_HTML = """<?xml version="1.0"?>
<!DOCTYPE html [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
]>
<html><body><article><p>&f;</p><p>%s</p></article></body></html>
"""


def build_batch(root: Path) -> dict[str, dict]:
    """Write the hostile batch; name → what is expected of it."""
    rng = random.Random(9)
    root.mkdir()
    expect: dict[str, dict] = {}

    def write(name: str, data: bytes | str, **what) -> None:
        (root / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        expect[name] = what

    write("a_good_utf8.txt", article(NIAMEY_PROTEST), events=NIAMEY_EXPECTED)
    write("ar_windows1256.txt", article(GAO_ATTACK, "2024-03-12").encode("cp1256"), events=GAO_EXPECTED)
    write("ar_iso8859_6.txt", article(TIMBUKTU_IED).encode("iso8859_6"), events=TIMBUKTU_EXPECTED)
    utf8 = article(GAO_ATTACK, "2024-03-12").encode("utf-8")
    write("broken_utf8.txt", utf8[:150] + b"\xff\xfe" + utf8[150:] + b"\xd8", events=GAO_EXPECTED)
    write("invisibles.txt", article(with_invisibles(GAO_ATTACK), "2024-03-12"), events=GAO_EXPECTED)
    write("binary.txt", bytes(rng.randrange(256) for _ in range(20_000)), error="binary data")
    write("binary.html", b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(5_000)), error="binary")
    write("nul_early.txt", article(GAO_ATTACK.replace("قرية", "قرية\x00\x00"), "2024-03-12"),
          events_or_error=(GAO_EXPECTED, "binary data"))
    filler = "قال مسؤول محلي إن الوضع في المنطقة هادئ نسبيا بعد أسبوع من التوتر.\n" * 160  # > 8 KB
    write("nul_late.txt", article(filler + GAO_ATTACK.replace("قرية", "قرية\x00"), "2024-03-12"),
          events=GAO_EXPECTED)
    write("empty.txt", b"", error="empty file")
    write("blank.txt", "\n\n   \n\t\n", error="no article text")
    write("only_header.txt", "date 2024-01-01 X – Y\n", error="no article text")
    write("latin_garbage.txt", bytes(rng.choice(b"\x80\x81\x8d\x8f\x90\x9d\xa0") for _ in range(3000)),
          events_or_error=(None, ""))
    write("bomb.html", BILLION_LAUGHS_HTML % GAO_ATTACK, events_or_error=(None, ""))
    depth = 100_000
    write("deep.html", "<html><body>" + "<div>" * depth + f"<p>{TIMBUKTU_IED}</p>" + "</div>" * depth
          + "</body></html>", events_or_error=(TIMBUKTU_EXPECTED, "no article text"))
    lines = [
        json.dumps({"id": "jl-good-1", "date": "2024-11-20", "lang": "ar", "text": TIMBUKTU_IED}, ensure_ascii=False),
        '{"id": "jl-bad", "text": "unterminated',
        "[1, 2, 3]",
        json.dumps({"id": "jl-empty", "text": ""}),
        json.dumps({"id": "jl-date", "date": "yesterday", "text": GAO_ATTACK}, ensure_ascii=False),
        json.dumps({"id": "jl-type", "text": 42}),
        "",
        json.dumps({"id": "jl-good-2", "date": "2024-11-20", "text": NIAMEY_PROTEST}, ensure_ascii=False),
    ]
    raw = "\n".join(lines).encode("utf-8") + b"\n\x00\x01\x02 binary line\n\xff\xfe\xfa\n"
    write("feed.jsonl", raw, jsonl={"jl-good-1": TIMBUKTU_EXPECTED, "jl-good-2": NIAMEY_EXPECTED},
          bad_lines=(2, 3, 4, 5, 6, 9, 10))
    return expect


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile") / "batch"
    expect = build_batch(root)
    missing = root / "does-not-exist.txt"
    run = run_marsad("extract", str(root), str(missing), "-o", "-", "--no-progress", timeout=240, memory_gb=3)
    return root, expect, run


def test_batch_has_no_traceback_and_stays_bounded(batch):
    _, _, run = batch
    assert_clean(run)
    assert run.status == 1  # some inputs failed, and the exit status says so
    assert run.seconds < 180, run.seconds
    assert run.max_rss_mb < 2500, run.max_rss_mb


def test_every_error_is_one_line_naming_its_file(batch):
    root, expect, run = batch
    errors = error_lines(run.stderr)
    named = {name for name in expect if any(f"{root / name}" in line for line in errors)}
    for name, what in expect.items():
        if "error" in what:
            assert name in named, f"{name}: no error line in {errors}"
            line = next(line for line in errors if str(root / name) in line)
            assert what["error"] in line
    assert any("does-not-exist.txt: no such file or directory" in line for line in errors)
    assert all(str(root) in line or "does-not-exist" in line for line in errors), errors


@pytest.mark.parametrize("name", ["a_good_utf8.txt", "ar_windows1256.txt", "ar_iso8859_6.txt", "broken_utf8.txt",
                                  "invisibles.txt", "nul_late.txt"])
def test_readable_files_are_decoded_and_coded(batch, name):
    root, expect, run = batch
    reports = reports_by_doc(run.stdout).get(Path(name).stem, [])
    assert_has_event(reports, expect[name]["events"])
    body = decode_bytes((root / name).read_bytes())[0].split("\n", 1)[1]
    assert_offsets_index(body, reports)


@pytest.mark.parametrize("name", ["nul_early.txt", "deep.html", "latin_garbage.txt", "bomb.html"])
def test_dubious_files_give_events_or_one_error(batch, name):
    root, expect, run = batch
    wanted, message = expect[name]["events_or_error"]
    reports = reports_by_doc(run.stdout).get(Path(name).stem, [])
    errors = [line for line in error_lines(run.stderr) if str(root / name) in line]
    assert bool(reports) != bool(errors) or (not reports and not errors and wanted is None), (reports, errors)
    if errors:
        assert len(errors) == 1 and message in errors[0]
    elif wanted is not None:
        assert_has_event(reports, wanted)


def test_bomb_html_is_not_expanded(batch):
    _, _, run = batch
    assert "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" \
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" not in run.stdout


def test_malformed_jsonl_names_bad_lines_and_codes_good_ones(batch):
    root, expect, run = batch
    what = expect["feed.jsonl"]
    by_doc = reports_by_doc(run.stdout)
    for doc_id, wanted in what["jsonl"].items():
        assert_has_event(by_doc.get(doc_id, []), wanted)
    errors = [line for line in error_lines(run.stderr) if f"{root / 'feed.jsonl'}:" in line]
    lines = sorted(int(line.split("feed.jsonl:")[1].split(":")[0]) for line in errors)
    assert lines == list(what["bad_lines"]), errors
    assert "jl-date" not in by_doc and "jl-bad" not in by_doc


def test_summary_counts_the_batch(batch):
    _, _, run = batch
    summary = run.stderr.strip().splitlines()[-1]
    assert summary.startswith("marsad: ") and "documents" in summary and "failed" in summary


# ---------------------------------------------------------------------- big inputs, one run each


def test_fifty_megabyte_file_is_bounded_and_still_coded(tmp_path):
    body = GAO_ATTACK + "\n" + ("قال مسؤول محلي إن الوضع في المنطقة هادئ نسبيا بعد أسبوع من التوتر. " * 20 + "\n")
    chunk = body.encode("utf-8")
    path = tmp_path / "fifty.txt"
    with path.open("wb") as handle:
        handle.write(b"date 2024-03-12 Bamako - test\n")
        for _ in range(50 * 1024 * 1024 // len(chunk) + 1):
            handle.write(chunk)
    assert path.stat().st_size >= 50 * 1024 * 1024
    run = run_marsad("extract", str(path), "--no-progress", timeout=180, memory_gb=2)
    assert_clean(run)
    assert run.status == 0
    assert_has_event(reports_by_doc(run.stdout)["fifty"], GAO_EXPECTED)
    assert run.seconds < 120 and run.max_rss_mb < 1200, (run.seconds, run.max_rss_mb)
    print(f"50 MB file: {run.seconds:.1f} s, peak RSS {run.max_rss_mb:.0f} MB")


def test_file_over_the_size_limit_is_one_error(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(65 * 1024 * 1024)  # sparse: costs no disk
    run = run_marsad("extract", str(path), "--no-progress", timeout=60, memory_gb=2)
    assert_clean(run)
    assert run.status == 1
    [line] = error_lines(run.stderr)
    assert str(path) in line and "too large" in line


def test_single_line_of_millions_of_characters(tmp_path):
    """An article with no line breaks at all: 5 million characters on one line."""
    path = tmp_path / "one_line.txt"
    sentence = GAO_ATTACK + " "
    path.write_text("date 2024-03-12 Bamako - test\n" + sentence * (5_000_000 // len(sentence)), encoding="utf-8")
    run = run_marsad("extract", str(path), "--no-progress", timeout=180, memory_gb=2)
    assert_clean(run)
    assert run.status == 0
    assert_has_event(reports_by_doc(run.stdout)["one_line"], GAO_EXPECTED)
    assert run.seconds < 120 and run.max_rss_mb < 1200, (run.seconds, run.max_rss_mb)
    print(f"5M-char line: {run.seconds:.1f} s, peak RSS {run.max_rss_mb:.0f} MB")


def test_pathological_document_is_given_up_and_the_batch_goes_on(tmp_path):
    """Two million characters of nothing but place names and trigger words on one line: coding
    it is super-linear, so the per-document time limit cuts it off and the next file is coded."""
    (tmp_path / "a_dense.txt").write_text("غاو مالي هجوم " * 150_000, encoding="utf-8")
    (tmp_path / "b_good.txt").write_text(article(NIAMEY_PROTEST), encoding="utf-8")
    started = time.monotonic()
    run = run_marsad("extract", str(tmp_path), "--no-progress", "--time-limit", "8", timeout=120, memory_gb=2)
    assert_clean(run)
    by_doc = reports_by_doc(run.stdout)
    assert_has_event(by_doc["b_good"], NIAMEY_EXPECTED)
    dense_errors = [line for line in error_lines(run.stderr) if "a_dense.txt" in line]
    assert "a_dense" in by_doc or (len(dense_errors) == 1 and "gave up after 8 s" in dense_errors[0])
    assert time.monotonic() - started < 60


def test_impossible_publication_dates_are_refused_with_the_file_named(tmp_path):
    (tmp_path / "bad_header.txt").write_text("date 2024-02-30 Bamako - test\n" + GAO_ATTACK, encoding="utf-8")
    (tmp_path / "lines.jsonl").write_text(
        json.dumps({"id": "ok", "date": "2024-03-12", "text": GAO_ATTACK}, ensure_ascii=False) + "\n"
        + json.dumps({"id": "feb30", "date": "2024-02-30", "text": GAO_ATTACK}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    run = run_marsad("extract", str(tmp_path), "--no-progress", timeout=120, memory_gb=2)
    assert_clean(run)
    errors = error_lines(run.stderr)
    assert any("bad_header.txt" in line and "2024-02-30" in line for line in errors), errors
    assert any("lines.jsonl:2" in line and "2024-02-30" in line for line in errors), errors
    by_doc = reports_by_doc(run.stdout)
    assert set(by_doc) == {"ok"}
    assert all(r["date"] == "2024-03-10" for r in by_doc["ok"])
