"""Speed of dates, numbers and casualties on ~600-word news articles (our own sentences).

Run: .venv/bin/python benchmarks/bench_timex.py [--articles N]
Prints articles/s and ms per article for each recogniser and for all three
together (sharing one normalisation), plus spans/s. Times are process CPU time
(one core), so other load on the machine does not inflate them.
"""

from __future__ import annotations

import argparse
import random
import time

from marsad.coder.casualties import find_casualties
from marsad.text.normalize import normalize
from marsad.text.numbers import find_numbers
from marsad.timex import find_dates

SENTENCES = {
    "ar": [
        "قُتل 12 جنديا على الأقل وأصيب خمسة آخرون في هجوم شنه مسلحون مجهولون على موقع عسكري قرب الحدود يوم الاثنين.",
        "وقال مسؤول محلي إن الهجوم أسفر عن مقتل ثلاثة مدنيين بينهم طفلان، مضيفا أن المهاجمين فروا نحو الغابة.",
        "وكانت المنطقة قد شهدت في فبراير الماضي هجوما مماثلا أودى بحياة عشرات الأشخاص.",
        "وأعلنت وزارة الدفاع أمس أن قواتها اعتقلت 15 مشتبها بهم خلال عملية تمشيط استمرت ثلاثة أيام.",
        "وفي 15 يوليو 2015 انفجرت عبوة ناسفة على الطريق الرابط بين المدينتين دون وقوع إصابات.",
        "وتشهد البلاد منذ سنوات أعمال عنف متكررة تنسبها السلطات إلى جماعات متشددة تنشط في المنطقة الحدودية.",
        "وذكر شهود عيان أن نحو مئتي شخص نزحوا من القرية بعد الهجوم الذي وقع ليلة 24 إلى 25 يونيو.",
        "ودعت الأمم المتحدة الأسبوع الماضي إلى فتح تحقيق مستقل في ملابسات الحادث وحماية المدنيين.",
        "وخطف مسلحون عشرين راكبا كانوا على متن حافلة متجهة إلى العاصمة مطلع يوليو (تموز).",
        "وقال المتحدث باسم الجيش في مؤتمر صحفي إن الوضع الأمني تحت السيطرة وإن التعزيزات وصلت إلى المنطقة.",
    ],
    "fr": [
        "Au moins douze soldats ont été tués et cinq blessés lundi dernier dans une embuscade près de la frontière.",
        "L'attaque, survenue dans la nuit du 24 au 25 juin, a fait des dizaines de morts selon des sources locales.",
        "Les forces de sécurité ont interpellé 15 suspects la semaine dernière lors d'une opération de ratissage.",
        "Un engin explosif improvisé a explosé hier sur la route nationale, sans faire de victimes.",
        "Le gouvernement a annoncé le 3 mars un plan de soutien aux populations déplacées par les violences.",
    ],
    "en": [
        "Gunmen killed at least 12 soldiers and wounded five others in an attack on a military post on Monday.",
        "The army said yesterday that it had arrested 15 suspects during a three-day sweep of the area.",
        "In February last year a similar attack left dozens of people dead, according to local officials.",
        "An improvised explosive device went off on 15 July 2015 on the main road, causing no casualties.",
        "The United Nations called last week for an independent inquiry into the incident.",
    ],
}


def make_articles(language: str, count: int, words: int = 600, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    articles = []
    for _ in range(count):
        parts: list[str] = []
        while sum(len(p.split()) for p in parts) < words:
            parts.append(rng.choice(SENTENCES[language]))
        articles.append(" ".join(parts))
    return articles


def measure(label: str, articles: list[str], work) -> float:
    started = time.process_time()
    spans = sum(len(work(a)) for a in articles)
    elapsed = max(time.process_time() - started, 1e-9)
    per_article = 1000 * elapsed / len(articles)
    print(f"  {label:<22} {len(articles) / elapsed:8.1f} articles/s  {per_article:6.2f} ms/article"
          f"  {spans / elapsed:9.0f} spans/s")
    return per_article


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args()
    published = "2015-07-21"
    for language in ("ar", "fr", "en"):
        articles = make_articles(language, args.articles)
        find_dates(articles[0], language, published)  # load and compile data once
        find_casualties(articles[0], language)
        print(f"{language}: {args.articles} articles of ~600 words")
        measure("normalise", articles, lambda a: [normalize(a)])
        measure("find_dates", articles, lambda a, lang=language: find_dates(a, lang, published))
        measure("find_numbers", articles, lambda a, lang=language: find_numbers(a, lang))
        measure("find_casualties", articles, lambda a, lang=language: find_casualties(a, lang))

        def all_three(article: str, lang: str = language) -> list:
            normalized = normalize(article)
            return (find_dates(article, lang, published, normalized=normalized)
                    + find_numbers(article, lang, normalized=normalized)
                    + find_casualties(article, lang, normalized=normalized))

        measure("all three (shared)", articles, all_three)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
