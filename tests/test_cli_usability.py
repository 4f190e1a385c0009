"""What a user sees when a command is misused: one clear line on stderr, never a traceback.

Each test runs the real CLI in a subprocess, as a user would.
"""

from __future__ import annotations

import shutil
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = "date 2024-03-11 Sahel Watch\n\nGao, 10 March - Gunmen attacked a market near Gao on Sunday, killing three civilians.\n"


def marsad(*args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    """Run `python -m marsad ARGS` from the repository root."""
    return subprocess.run([sys.executable, "-m", "marsad", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=timeout)


def error_lines(result: subprocess.CompletedProcess) -> list[str]:
    """stderr lines, after checking that none of them is a traceback."""
    assert "Traceback" not in result.stderr, result.stderr
    return [line for line in result.stderr.splitlines() if line.strip()]


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "gao_market.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["extract", "run"])
def test_directory_without_articles_is_an_error_naming_it(tmp_path: Path, command: str) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    extra = ["--db", str(tmp_path / "m.sqlite"), "--quiet"] if command == "run" else []
    result = marsad(command, str(folder), *extra)
    assert result.returncode == 1
    lines = [line for line in error_lines(result) if "error" in line]
    assert lines == [f"marsad: error: {folder}: no articles found (looked for .txt, .html, .htm, .jsonl files)"]


def test_extract_to_a_missing_directory_is_one_line(tmp_path: Path, article: Path) -> None:
    target = tmp_path / "no-such-dir" / "reports.jsonl"
    result = marsad("extract", str(article), "-o", str(target))
    assert result.returncode == 2
    assert error_lines(result) == [f"marsad: error: cannot write {target}: No such file or directory"]


def test_a_text_file_given_as_gazetteer_is_refused_not_overwritten(tmp_path: Path, article: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes, not a gazetteer\n", encoding="utf-8")
    result = marsad("extract", str(article), "--gazetteer", str(notes))
    assert result.returncode == 2
    assert error_lines(result) == [f"marsad: error: {notes}: not a gazetteer (not an SQLite file); "
                                   "refusing to overwrite it"]
    assert notes.read_text(encoding="utf-8") == "my notes, not a gazetteer\n"


@pytest.mark.parametrize("command", ["run", "geoparse"])
def test_the_events_database_given_as_gazetteer_is_refused(tmp_path: Path, article: Path, command: str) -> None:
    events_db = tmp_path / "marsad.sqlite"
    with sqlite3.connect(events_db) as con:
        con.execute("CREATE TABLE events (id TEXT)")
        con.execute("INSERT INTO events VALUES ('MRS1')")
    before = events_db.read_bytes()
    option = "--gazetteer" if command == "run" else "--path"
    extra = ["--db", str(tmp_path / "other.sqlite")] if command == "run" else []
    result = marsad(command, str(article), option, str(events_db), *extra)
    assert result.returncode == 2
    assert error_lines(result) == [f"marsad: error: {events_db}: not a gazetteer (an SQLite file with other "
                                   "tables); refusing to overwrite it"]
    assert events_db.read_bytes() == before


def test_gazetteer_path_that_is_not_a_gazetteer_is_refused(tmp_path: Path) -> None:
    notes = tmp_path / "places.csv"
    notes.write_text("name,latitude\n", encoding="utf-8")
    result = marsad("gazetteer", "--path", str(notes), "stats")
    assert result.returncode == 2
    assert error_lines(result) == [f"marsad: error: {notes}: not a gazetteer (not an SQLite file); "
                                   "refusing to overwrite it"]


@pytest.mark.parametrize("args", [
    ["run", "{article}", "--db", "{url}"],
    ["events", "history", "MRS1a2b3c4d5e", "--db", "{url}"],
    ["watch", "{feeds}", "--db", "{url}", "--once"],
    ["serve", "--db", "{url}", "--port", "{port}"],
])
def test_unreachable_postgresql_is_one_line(tmp_path: Path, article: Path, args: list[str]) -> None:
    url = f"postgresql://marsad@127.0.0.1:{unused_port()}/marsad"
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text("feeds:\n  - https://news.example.org/rss.xml\n", encoding="utf-8")
    filled = [a.format(article=article, url=url, feeds=feeds, port=unused_port()) for a in args]
    result = marsad(*filled)
    assert result.returncode in (1, 2)
    lines = error_lines(result)
    assert len(lines) == 1, lines
    assert url in lines[0] and "Connection refused" in lines[0]


def test_serve_on_a_busy_port_is_one_line(tmp_path: Path) -> None:
    from marsad.store import Store

    db = tmp_path / "marsad.sqlite"
    Store.open(str(db)).close()  # an empty events database
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = marsad("serve", "--db", str(db), "--port", str(port), timeout=60)
    assert result.returncode == 1
    assert error_lines(result) == [f"marsad serve: cannot listen on 127.0.0.1:{port}: "
                                   "the port is already in use (try --port)"]


def test_geoparse_to_a_missing_directory_is_one_line(tmp_path: Path, article: Path) -> None:
    target = tmp_path / "no-such-dir" / "places.jsonl"
    result = marsad("geoparse", str(article), "-o", str(target))
    assert result.returncode == 2
    assert error_lines(result) == [f"marsad geoparse: cannot write {target}: No such file or directory"]


def test_gazetteer_import_of_a_binary_csv_is_one_line(tmp_path: Path) -> None:
    from marsad.geo.gazetteer import Gazetteer

    gazetteer = Gazetteer.open()  # built once and cached; the test imports into a copy
    copy = tmp_path / "gazetteer.sqlite"
    shutil.copyfile(gazetteer.path, copy)
    gazetteer.close()
    bad = tmp_path / "villages.csv"
    bad.write_bytes(b"name,latitude\n\x93\xff\xfe\x00garbage")
    result = marsad("gazetteer", "--path", str(copy), "import", "csv", str(bad))
    assert result.returncode == 1
    assert error_lines(result) == [f"marsad gazetteer import: {bad}: not UTF-8 text"]


def _stderr_on_a_terminal(args: list[str], stdout_path: Path) -> str:
    """Run the CLI with stderr on a pseudo-terminal and stdout in a file; what the terminal showed."""
    import os
    import pty

    leader, follower = pty.openpty()
    with stdout_path.open("w") as stdout:
        process = subprocess.Popen([sys.executable, "-m", "marsad", *args], cwd=ROOT, stdout=stdout,
                                   stderr=follower, stdin=subprocess.DEVNULL)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    process.wait(timeout=180)
    os.close(leader)
    return shown.decode("utf-8", "replace")


def test_progress_goes_to_the_terminal_even_when_stdout_is_redirected(tmp_path: Path, article: Path) -> None:
    reports = tmp_path / "reports.jsonl"
    shown = _stderr_on_a_terminal(["extract", str(article), "-o", "-"], reports)
    assert "coding" in shown and "documents" in shown
    assert all(line.startswith("{") for line in reports.read_text(encoding="utf-8").splitlines())


def test_no_progress_in_pipes(article: Path) -> None:
    result = marsad("extract", str(article), "-o", "-")
    assert "coding" not in result.stderr and "\x1b[" not in result.stderr
