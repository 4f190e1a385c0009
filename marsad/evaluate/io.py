"""Readers for the evaluation inputs: gold JSONL (ANNOTATION.md), prediction JSONL, ACLED CSV.

Every reader raises EvalInputError naming the file (and line) on malformed input, so the
command line can print one line and exit 2.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GOLD_EVENT_REQUIRED: tuple[str, ...] = ("event_type", "sub_event_type")
PRED_REQUIRED: tuple[str, ...] = ("doc_id", "event_type", "sub_event_type")
ACLED_REQUIRED: tuple[str, ...] = (
    "event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "actor2",
    "fatalities", "country", "admin1", "location", "latitude", "longitude", "notes",
)


class EvalInputError(ValueError):
    """A malformed evaluation input; str() is a one-line message naming the file."""

    def __init__(self, path: str | Path, message: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {message}")


@dataclass(slots=True)
class GoldArticle:
    id: str
    article_date: str | None
    events: list[dict[str, Any]] = field(default_factory=list)


def _json_lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line; raises EvalInputError on bad JSON."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise EvalInputError(path, f"cannot read ({exc.strerror or exc})") from None
    with handle:
        try:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise EvalInputError(path, f"not valid JSON ({exc.msg})", number) from None
                if not isinstance(obj, dict):
                    raise EvalInputError(path, "expected a JSON object", number)
                yield number, obj
        except UnicodeDecodeError:
            raise EvalInputError(path, "not UTF-8 text") from None


def read_gold(path: str | Path) -> list[GoldArticle]:
    """Parse a gold file: one {"id", "article_date", "events": [...]} object per line."""
    path = Path(path)
    articles: list[GoldArticle] = []
    seen: set[str] = set()
    for number, obj in _json_lines(path):
        article_id, events = obj.get("id"), obj.get("events")
        if not isinstance(article_id, str) or not article_id:
            raise EvalInputError(path, 'missing string "id"', number)
        if article_id in seen:
            raise EvalInputError(path, f"duplicate id {article_id!r}", number)
        if not isinstance(events, list):
            raise EvalInputError(path, 'missing list "events"', number)
        for index, event in enumerate(events):
            _check_event(path, number, event, GOLD_EVENT_REQUIRED, f"events[{index}]")
        seen.add(article_id)
        articles.append(GoldArticle(article_id, obj.get("article_date"), events))
    if not articles:
        raise EvalInputError(path, "no gold articles found")
    return articles


def read_predictions(path: str | Path) -> list[dict[str, Any]]:
    """Parse extraction-contract JSON lines (one event report per line, keyed by doc_id)."""
    path = Path(path)
    reports = []
    for number, obj in _json_lines(path):
        _check_event(path, number, obj, PRED_REQUIRED, "report")
        reports.append(obj)
    return reports


def _check_event(path: Path, number: int, event: Any, required: tuple[str, ...], what: str) -> None:
    if not isinstance(event, dict):
        raise EvalInputError(path, f"{what} is not an object", number)
    for key in required:
        if not isinstance(event.get(key), str) or not event[key]:
            raise EvalInputError(path, f'{what} lacks a string "{key}"', number)
    fatalities = event.get("fatalities", 0)
    if fatalities is not None and (isinstance(fatalities, bool) or not isinstance(fatalities, int)):
        raise EvalInputError(path, f'{what} has non-integer "fatalities"', number)


def read_acled(path: str | Path, limit: int | None = None, seed: int | None = None) -> list[dict[str, str]]:
    """ACLED CSV rows; with seed, a reproducible random sample of `limit` rows, else the first `limit`."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in ACLED_REQUIRED if c not in (reader.fieldnames or ())]
            if missing:
                raise EvalInputError(path, f"not an ACLED CSV (missing columns: {', '.join(missing)})")
            rows = list(reader)
    except OSError as exc:
        raise EvalInputError(path, f"cannot read ({exc.strerror or exc})") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise EvalInputError(path, f"unreadable CSV ({exc})") from None
    if seed is not None:
        rows = random.Random(seed).sample(rows, min(limit or len(rows), len(rows)))
    elif limit is not None:
        rows = rows[:limit]
    return rows
