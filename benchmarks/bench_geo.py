"""Gazetteer lookup speed and geoparse time for a 600-word article (our own text).

    .venv/bin/python benchmarks/bench_geo.py
"""

from __future__ import annotations

import time

from marsad.geo import Gazetteer, GeoResolver
from marsad.geo.keys import name_key

NAMES = ["Gao", "Tombouctou", "Ménaka", "Djibo", "غاو", "تمبكتو", "Niamey", "Borno", "Ouagadougou", "Kidal",
         "Mopti", "Diffa", "Agadez", "Dori", "Boni", "Kaya", "باماكو", "نيامي", "Paris", "Nouakchott"]

PARAGRAPH_EN = (
    "On Tuesday, gunmen on motorbikes attacked a military post near Djibo in northern Burkina Faso, "
    "killing four soldiers, a security source said. The army later carried out air strikes in the area "
    "of Arbinda and along the road to Dori. In neighbouring Mali, residents of Gao and Ménaka reported "
    "heavy fighting between armed groups, while in Niger an ambush in the Tillaberi region near Ayorou "
    "left several civilians dead. Officials in Niamey and Bamako called for calm. "
)
PARAGRAPH_AR = (
    "هاجم مسلحون يوم الثلاثاء موقعا عسكريا قرب جيبو شمال بوركينا فاسو، ما أسفر عن مقتل أربعة جنود. "
    "وفي مالي المجاورة، أفاد سكان في غاو وميناكا بوقوع اشتباكات عنيفة، بينما قتل مدنيون في كمين بولاية "
    "تيلابيري في النيجر قرب أيورو. ودعا مسؤولون في نيامي وباماكو إلى التهدئة. "
)


def article(paragraph: str, words: int = 600) -> str:
    out = []
    while sum(len(p.split()) for p in out) < words:
        out.append(paragraph)
    return "\n\n".join(out)


def main() -> int:
    started = time.perf_counter()
    gazetteer = Gazetteer.open()
    print(f"open (built if missing): {time.perf_counter() - started:.2f}s  stats: "
          f"{gazetteer.stats()['places']} places, {gazetteer.stats()['size_bytes'] / 1e6:.1f} MB")
    keys = [name_key(n) for n in NAMES]
    rounds = 500
    started = time.perf_counter()
    for _ in range(rounds):
        gazetteer._keys.clear()  # measure SQLite, not the per-instance memo
        gazetteer.exact(keys)
    per_second = rounds * len(keys) / (time.perf_counter() - started)
    print(f"exact lookups: {per_second:,.0f} names/s (batched IN queries)")
    started = time.perf_counter()
    heads = gazetteer.heads()
    print(f"first-word index: {len(heads):,} words loaded in {(time.perf_counter() - started) * 1000:.0f} ms")
    resolver = GeoResolver(gazetteer)
    for language, paragraph in (("en", PARAGRAPH_EN), ("ar", PARAGRAPH_AR)):
        text = article(paragraph)
        gazetteer._keys.clear()  # cold: no memoised key lookups (a corpus's first article)
        started = time.perf_counter()
        resolver.resolve_document(text, language)
        cold = time.perf_counter() - started
        runs = 20
        started = time.perf_counter()
        for _ in range(runs):
            doc = resolver.resolve_document(text, language)
        elapsed = (time.perf_counter() - started) / runs
        print(f"geoparse 600-word {language} article: cold {cold * 1000:.1f} ms, warm {elapsed * 1000:.1f} ms "
              f"({len(doc.mentions)} mentions)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
