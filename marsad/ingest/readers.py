"""Input readers: .txt, .html, .jsonl files and directories of them → Documents.

Readers never raise on bad input: they yield a ReadError naming the file (and
line) and carry on with the rest of the batch.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from marsad.ingest.decode import UndecodableError, decode_bytes
from marsad.records import Document, content_hash

SUPPORTED_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
MAX_FILE_BYTES = 64 * 1024 * 1024
# Longer texts are cut: a long news article is ~50,000 characters, and coding time grows
# faster than linearly with length (300,000 characters: ~10 s, a few hundred MB).
MAX_TEXT_CHARS = 300_000
_DATE_HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b(.*)$", re.IGNORECASE)


@dataclass(slots=True)
class ReadError:
    """An input that could not be read, with where it came from."""

    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


def read_inputs(paths: Iterable[str | Path]) -> Iterator[Document | ReadError]:
    """Documents (or ReadErrors) from files and directories, in a stable order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() in SUPPORTED_SUFFIXES:
                    yield from read_file(child)
        elif path.exists():
            yield from read_file(path)
        else:
            yield ReadError(str(path), "no such file or directory")


def read_file(path: Path) -> Iterator[Document | ReadError]:
    """Documents of one file, by its suffix."""
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix, _read_text_file)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            yield ReadError(str(path), f"file too large ({size // 1_048_576} MB; limit {MAX_FILE_BYTES // 1_048_576} MB)")
            return
        if size == 0:
            yield ReadError(str(path), "empty file")
            return
        yield from reader(path)
    except OSError as exc:
        yield ReadError(str(path), f"cannot read: {exc.strerror or exc}")


def _bounded(text: str) -> str:
    return text if len(text) <= MAX_TEXT_CHARS else text[:MAX_TEXT_CHARS]


def _decode(path: Path) -> str | ReadError:
    try:
        text, _ = decode_bytes(path.read_bytes())
    except UndecodableError as exc:
        return ReadError(str(path), str(exc))
    return text


def _calendar_date(text: str) -> bool:
    """Whether `text` starts with a real YYYY-MM-DD day (2024-02-30 is not one)."""
    if not re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return False
    try:
        dt.date.fromisoformat(text[:10])
    except ValueError:
        return False
    return True


def parse_text_article(text: str) -> tuple[str, str | None, str | None]:
    """Split an optional `date YYYY-MM-DD [byline – outlet]` first line off an article."""
    first, _, rest = text.lstrip("\ufeff").partition("\n")
    header = _DATE_HEADER.match(first)
    if not header:
        return text, None, None
    byline = header.group(2).strip()
    outlet = re.split(r"\s[–—-]\s", byline)[-1].strip() if byline else None
    return rest.lstrip("\n"), header.group(1), outlet or None


def _read_text_file(path: Path) -> Iterator[Document | ReadError]:
    decoded = _decode(path)
    if isinstance(decoded, ReadError):
        yield decoded
        return
    body, published, outlet = parse_text_article(decoded)
    if published is not None and not _calendar_date(published):
        yield ReadError(str(path), f"the date line has no such day: {published}")
        return
    if not body.strip():
        yield ReadError(str(path), "no article text")
        return
    yield Document(id=path.stem, text=_bounded(body), published=published, outlet=outlet, origin=str(path))


def _read_html_file(path: Path) -> Iterator[Document | ReadError]:
    from marsad.ingest.html import html_to_document

    decoded = _decode(path)
    if isinstance(decoded, ReadError):
        yield decoded
        return
    document = html_to_document(decoded, doc_id=path.stem, origin=str(path))
    if document is None:
        yield ReadError(str(path), "no article text found in the HTML")
    else:
        yield document


def _read_jsonl_file(path: Path) -> Iterator[Document | ReadError]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            origin = f"{path}:{number}"
            try:
                line, _ = decode_bytes(raw)
                yield _document_from_record(json.loads(line), origin)
            except (UndecodableError, json.JSONDecodeError, ValueError, TypeError) as exc:
                message = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
                yield ReadError(origin, f"malformed JSON line: {message}")


def _document_from_record(record: object, origin: str) -> Document:
    if not isinstance(record, dict):
        raise ValueError("expected a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("missing or empty 'text'")
    published = record.get("date") or record.get("published")
    if published is not None and not _calendar_date(str(published)):
        raise ValueError(f"'date' is not an ISO date: {published!r}")
    text = _bounded(text)
    return Document(
        id=str(record.get("id") or content_hash(text)),
        text=text,
        url=_optional_str(record.get("url")),
        outlet=_optional_str(record.get("source") or record.get("outlet")),
        language=_optional_str(record.get("lang") or record.get("language")),
        published=str(published)[:10] if published else None,
        title=_optional_str(record.get("title")),
        origin=origin,
    )


def _optional_str(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


_READERS = {".txt": _read_text_file, ".html": _read_html_file, ".htm": _read_html_file,
            ".jsonl": _read_jsonl_file}
