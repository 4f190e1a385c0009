"""The bundled sample corpus and its gold file are complete, valid and consistent."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from marsad.evaluate.io import read_gold

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
CORPUS = SAMPLES / "corpus"
GOLD = SAMPLES / "gold.jsonl"

# The ACLED taxonomy: 6 event types, 25 sub-event types.
ACLED_TAXONOMY: dict[str, set[str]] = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    },
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction", "Non-violent transfer of territory", "Other",
    },
}
EVENT_FIELDS = {
    "event_type", "sub_event_type", "plover_type", "date", "time_precision", "country", "admin1", "location",
    "geo_precision", "actor1", "actor2", "fatalities", "modality", "evidence",
}
MODALITIES = {"asserted", "claimed", "planned", "denied"}
HEADER = re.compile(r"date (\d{4}-\d{2}-\d{2}) \S.*")


class _ArticleText(HTMLParser):
    """Title, meta dates and visible text of a page (scripts and styles skipped)."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.meta_dates: list[str] = []
        self.text: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._in_title = tag == "title"
        if tag == "meta" and "date" in (attrs.get("property", "") + attrs.get("name", "")).lower() or (
            tag == "meta" and attrs.get("property") == "article:published_time"
        ):
            self.meta_dates.append(attrs.get("content", ""))

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        self.text.append(data)


def _articles() -> dict[str, dict]:
    """Every sample article: id → {language, date, text, kind}."""
    articles: dict[str, dict] = {}
    for path in sorted(CORPUS.iterdir()):
        if path.suffix == ".txt":
            raw = path.read_text(encoding="utf-8")
            first, _, rest = raw.partition("\n")
            header = HEADER.fullmatch(first)
            articles[path.stem] = {"language": path.stem[:2], "date": header.group(1) if header else None,
                                   "text": rest if header else raw, "kind": "txt", "raw": raw}
        elif path.suffix == ".html":
            page = _ArticleText()
            raw = path.read_text(encoding="utf-8")
            page.feed(raw)
            articles[path.stem] = {"language": path.stem[:2], "date": page.meta_dates[0][:10] if page.meta_dates else None,
                                   "text": " ".join(page.text), "kind": "html", "raw": raw, "title": page.title}
        elif path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                item = json.loads(line)
                articles[item["id"]] = {"language": item["lang"], "date": item["date"], "text": item["text"],
                                        "kind": "jsonl", "raw": item["text"], "item": item}
    return articles


@pytest.fixture(scope="module")
def articles() -> dict[str, dict]:
    return _articles()


@pytest.fixture(scope="module")
def gold() -> dict[str, dict]:
    return {a.id: {"article_date": a.article_date, "events": a.events} for a in read_gold(GOLD)}


def test_every_article_has_exactly_one_gold_line(articles, gold):
    assert set(articles) == set(gold)
    ids = [json.loads(line)["id"] for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(ids) == len(set(ids))


def test_language_counts_meet_targets(articles):
    counts = Counter(a["language"] for a in articles.values())
    assert counts["ar"] >= 18 and counts["fr"] >= 10 and counts["en"] >= 8, counts
    assert len(articles) >= 36


def test_formats_html_and_wire(articles):
    kinds = Counter(a["kind"] for a in articles.values())
    assert kinds["html"] == 3 and kinds["jsonl"] == 4
    for doc_id, article in articles.items():
        if article["kind"] == "html":
            assert article["title"].strip() and article["date"], doc_id
            assert "<nav" in article["raw"] and "<footer" in article["raw"], doc_id
        if article["kind"] == "jsonl":
            assert set(article["item"]) == {"id", "url", "source", "date", "lang", "title", "text"}


def test_articles_are_150_to_400_words(articles):
    for doc_id, article in articles.items():
        text = article["text"]
        if article["kind"] == "html":  # count the article body only, not the page furniture
            body = re.search(r"<article.*?</article>", article["raw"], re.S).group(0)
            text = re.sub(r"<[^>]+>", " ", body)
        assert 150 <= len(text.split()) <= 400, (doc_id, len(text.split()))


def test_gold_events_use_the_acled_taxonomy_and_fields(gold):
    for doc_id, entry in gold.items():
        for event in entry["events"]:
            assert set(event) == EVENT_FIELDS, doc_id
            assert event["sub_event_type"] in ACLED_TAXONOMY[event["event_type"]], (doc_id, event["sub_event_type"])
            assert event["modality"] in MODALITIES
            assert isinstance(event["fatalities"], int) and event["fatalities"] >= 0
            assert event["time_precision"] in (1, 2, 3) and event["geo_precision"] in (1, 2, 3)
            date.fromisoformat(event["date"])
            assert event["actor1"] and event["country"] and event["location"]


def test_gold_article_dates_and_evidence_come_from_the_articles(articles, gold):
    for doc_id, entry in gold.items():
        assert entry["article_date"] == articles[doc_id]["date"], doc_id
        for event in entry["events"]:
            assert event["evidence"] in articles[doc_id]["raw"], (doc_id, event["evidence"])
            assert date.fromisoformat(event["date"]) <= date.fromisoformat(entry["article_date"])


def test_gold_covers_the_taxonomy_and_hard_cases(gold):
    events = [e for entry in gold.values() for e in entry["events"]]
    assert {e["event_type"] for e in events} == set(ACLED_TAXONOMY)
    assert len({e["sub_event_type"] for e in events}) >= 20
    assert {"CONSULT", "AGREE", "SANCTION", "RETREAT", "AID"} <= {e["plover_type"] for e in events}
    assert sum(1 for entry in gold.values() if len(entry["events"]) >= 2) >= 5
    assert sum(1 for entry in gold.values() if not entry["events"]) >= 2
    assert {"planned", "claimed"} <= {e["modality"] for e in events}


def test_same_event_reported_by_several_outlets_and_languages(gold):
    """Clusters for dedupe: same type, place and date in 2+ articles, one pair Arabic/French."""
    clusters: dict[tuple, set[str]] = {}
    for doc_id, entry in gold.items():
        for e in entry["events"]:
            clusters.setdefault((e["sub_event_type"], e["location"], e["date"]), set()).add(doc_id)
    multi = [ids for ids in clusters.values() if len(ids) >= 2]
    assert len(multi) >= 3
    assert any({i[:2] for i in ids} >= {"ar", "fr"} for ids in multi)


def test_wire_reprint_is_near_identical(articles):
    a, b = articles["wire_ar_001"]["text"], articles["wire_ar_002"]["text"]
    words_a, words_b = set(a.split()), set(b.split())
    assert a != b and len(words_a & words_b) / len(words_a | words_b) > 0.9


def test_samples_score_end_to_end(capsys):
    from marsad.evaluate import cli

    assert cli.main(["--gold", str(GOLD), "--articles", str(CORPUS), "--json", "--per-doc"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["documents"] == len(_articles()) and payload["gold"] >= 50
    assert not payload["errors"], payload["errors"][:3]
