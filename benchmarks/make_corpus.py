"""Generate a benchmark corpus of N realistic-length articles from OUR sample articles.

Each generated article (~600 words) keeps one language, opens with the lead
paragraph of a sample article and continues with shuffled paragraphs of other
sample articles of that language; places are swapped for other real places and
numbers are varied, so every article has its own content hash and reprint
detection does not collapse them. Written one JSON line at a time (streaming).

    python benchmarks/make_corpus.py 1000 -o /tmp/corpus-1k.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from marsad.ingest import ReadError, read_inputs  # noqa: E402
from marsad.records import content_hash  # noqa: E402

LANGUAGE_SHARE = {"ar": 0.5, "fr": 0.3, "en": 0.2}
TARGET_WORDS = 600
# Real Sahel places, as each language writes them: swapped for one another.
PLACES = {
    "ar": ["غاو", "تمبكتو", "موبتي", "كيدال", "ميناكا", "نيامي", "تيلابيري", "ديفا", "مايدوغوري", "جيبو",
           "كايا", "دوري", "سيغو", "أنسونغو", "واغادوغو", "باماكو", "تيسيت", "أغاديز"],
    "fr": ["Gao", "Tombouctou", "Mopti", "Kidal", "Ménaka", "Niamey", "Tillabéri", "Diffa", "Maiduguri",
           "Djibo", "Kaya", "Dori", "Ségou", "Ansongo", "Ouagadougou", "Bamako", "Agadez", "Fada N'Gourma"],
    "en": ["Gao", "Timbuktu", "Mopti", "Kidal", "Menaka", "Niamey", "Tillaberi", "Diffa", "Maiduguri",
           "Djibo", "Kaya", "Dori", "Segou", "Ansongo", "Ouagadougou", "Bamako", "Agadez", "Bama"],
}
OUTLETS = {"ar": ["الساحل اليوم", "وكالة الصحراء", "أنباء النيجر"], "fr": ["Le Sahel Info", "Nord-Mali Hebdo"],
           "en": ["Sahel Monitor", "Borno Daily"]}
_NUMBER = re.compile(r"\d+")


def paragraph_pools(corpus: Path) -> dict[str, tuple[list[str], list[str]]]:
    """language → (lead paragraphs, other paragraphs) of the sample articles."""
    pools: dict[str, tuple[list[str], list[str]]] = {lang: ([], []) for lang in LANGUAGE_SHARE}
    for doc in read_inputs([corpus]):
        if isinstance(doc, ReadError):
            continue
        language = (doc.language or doc.id[:2]).lower()[:2]
        if language not in pools:
            continue
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n|\n", doc.text) if len(p.split()) >= 8]
        if paragraphs:
            pools[language][0].append(paragraphs[0])
            pools[language][1].extend(paragraphs[1:])
    return {lang: pool for lang, pool in pools.items() if pool[0]}


def vary(text: str, language: str, rng: random.Random) -> str:
    """Swap places for other real places and change the numbers."""
    places = PLACES[language]
    for place in places:
        if place in text and rng.random() < 0.6:
            text = text.replace(place, rng.choice(places))
    return _NUMBER.sub(lambda m: str(max(1, int(m.group()) + rng.randint(-3, 9))) if len(m.group()) < 4
                       else m.group(), text)


def articles(corpus: Path, count: int, seed: int = 7) -> Iterator[dict]:
    """`count` article records (the JSONL reader's keys), generated lazily."""
    rng = random.Random(seed)
    pools = paragraph_pools(corpus)
    languages = [lang for lang in LANGUAGE_SHARE if lang in pools]
    weights = [LANGUAGE_SHARE[lang] for lang in languages]
    seen: set[str] = set()
    made = 0
    while made < count:
        language = rng.choices(languages, weights)[0]
        leads, others = pools[language]
        paragraphs = [rng.choice(leads)]
        while sum(len(p.split()) for p in paragraphs) < TARGET_WORDS:
            paragraphs.append(rng.choice(others or leads))
        body = [paragraphs[0]] + rng.sample(paragraphs[1:], len(paragraphs) - 1)
        text = vary("\n\n".join(body), language, rng)
        key = content_hash(text)
        if key in seen:
            continue
        seen.add(key)
        made += 1
        yield {"url": f"https://bench.example.org/{language}/{made}", "source": rng.choice(OUTLETS[language]),
               "date": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "lang": language,
               "title": body[0][:80], "text": text}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", type=int, help="number of articles")
    parser.add_argument("-o", "--output", required=True, help="JSON Lines file to write")
    parser.add_argument("--corpus", default=str(ROOT / "samples" / "corpus"), help="sample articles")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    words = 0
    with open(args.output, "w", encoding="utf-8") as out:
        for record in articles(Path(args.corpus), args.count, args.seed):
            words += len(record["text"].split())
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {args.count} articles, {words / max(args.count, 1):.0f} words on average, to {args.output}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
