"""Sample data for demos, tests and benchmarks of the API and web page.

The articles below are written by the Marsad developers (not copied from any news
source): realistic Arabic, French and English news sentences with hand-coded reports.
`load_samples` stores them through the ordinary store API; `load_synthetic` adds many
generated one-report documents (for load tests).
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from marsad.records import Document, EventReport, content_hash


@dataclass(slots=True)
class SampleArticle:
    """One hand-written article and the event(s) it reports (evidence given as a phrase)."""

    text: str
    language: str
    outlet: str
    published: str
    title: str
    url: str
    reports: list[dict[str, Any]] = field(default_factory=list)


SAMPLES: tuple[SampleArticle, ...] = (
    SampleArticle(
        text=(
            "ميناكا (مالي) - قتل 12 مدنياً على الأقل يوم الأحد في هجوم شنه مسلحون يشتبه في انتمائهم "
            "إلى تنظيم الدولة الإسلامية في الصحراء الكبرى على قرية قرب ميناكا شمال شرقي مالي، "
            "بحسب ما أفاد مسؤول محلي. وأضاف المسؤول أن المهاجمين أحرقوا عدداً من المنازل قبل أن ينسحبوا."
        ),
        language="ar", outlet="مرصد الساحل", published="2024-03-11", title="مقتل 12 مدنياً في هجوم قرب ميناكا",
        url="https://example.org/ar/menaka-attack",
        reports=[dict(
            evidence="قتل 12 مدنياً على الأقل يوم الأحد في هجوم شنه مسلحون",
            event_type="Violence against civilians", sub_event_type="Attack", date="2024-03-10",
            country="Mali", iso="ML", admin1="Menaka", location="Menaka", latitude=15.918, longitude=2.402,
            geo_precision=2, actor1="Islamic State (Greater Sahara)", inter1=2, actor2="Civilians (Mali)",
            inter2=7, fatalities=12, confidence=0.62, plover_type="ASSAULT", disorder_type="Political violence",
        )],
    ),
    SampleArticle(
        text=(
            "Des soldats burkinabè ont repoussé mardi une attaque de jihadistes contre un poste militaire "
            "près de Djibo, dans la province du Soum. L'armée affirme avoir neutralisé une vingtaine "
            "d'assaillants ; deux militaires ont été blessés, selon un communiqué."
        ),
        language="fr", outlet="Le Veilleur du Sahel", published="2024-02-21", title="Attaque repoussée près de Djibo",
        url="https://example.org/fr/djibo",
        reports=[dict(
            evidence="Des soldats burkinabè ont repoussé mardi une attaque de jihadistes contre un poste militaire",
            event_type="Battles", sub_event_type="Armed clash", date="2024-02-20",
            country="Burkina Faso", iso="BF", admin1="Sahel", location="Djibo", latitude=14.102, longitude=-1.627,
            geo_precision=2, actor1="Military Forces of Burkina Faso", inter1=1, actor2="JNIM: Group for Support of Islam and Muslims",
            inter2=2, fatalities=20, confidence=0.81, plover_type="FIGHT", disorder_type="Political violence",
        )],
    ),
    SampleArticle(
        text=(
            "Hundreds of people marched peacefully through Niamey on Friday to demand the departure of "
            "foreign troops, organisers said. The march ended without incident at the Place de la Concertation."
        ),
        language="en", outlet="Sahel Monitor", published="2024-01-13", title="Thousands march in Niamey",
        url="https://example.org/en/niamey-march",
        reports=[dict(
            evidence="Hundreds of people marched peacefully through Niamey on Friday",
            event_type="Protests", sub_event_type="Peaceful protest", date="2024-01-12",
            country="Niger", iso="NE", admin1="Niamey", location="Niamey", latitude=13.513, longitude=2.112,
            geo_precision=1, actor1="Protesters (Niger)", inter1=6, fatalities=0, confidence=0.9,
            plover_type="PROTEST", disorder_type="Demonstrations",
        )],
    ),
    SampleArticle(
        # The emoji (outside the Basic Multilingual Plane) checks that offsets count code points.
        text=(
            "🔴 عاجل | طرابلس: اندلعت اشتباكات عنيفة بالأسلحة الثقيلة بين مجموعتين مسلحتين في العاصمة "
            "الليبية طرابلس مساء الاثنين، ما أسفر عن مقتل ثلاثة أشخاص وإصابة آخرين، وفق جهاز الإسعاف."
        ),
        language="ar", outlet="أنباء المغرب العربي", published="2024-04-02", title="اشتباكات في طرابلس",
        url="https://example.org/ar/tripoli-clashes",
        reports=[dict(
            evidence="اندلعت اشتباكات عنيفة بالأسلحة الثقيلة بين مجموعتين مسلحتين",
            event_type="Battles", sub_event_type="Armed clash", date="2024-04-01",
            country="Libya", iso="LY", admin1="Tripoli", location="Tripoli", latitude=32.887, longitude=13.191,
            geo_precision=1, actor1="Unidentified Armed Group (Libya)", inter1=3,
            actor2="Unidentified Armed Group (Libya)", inter2=3, fatalities=3, confidence=0.74,
            plover_type="FIGHT", disorder_type="Political violence",
        )],
    ),
    SampleArticle(
        # Markup inside the article text: the page must show it as text, never run it.
        text=(
            "An improvised explosive device killed four soldiers on a road outside Maiduguri, Borno State, "
            "military sources said. A message shared online, reading <b>urgent</b> "
            "<img src=x onerror=\"document.body.dataset.xss='1'\">, claimed the blast for Boko Haram."
        ),
        language="en", outlet="Lake Chad Observer", published="2024-03-30", title="IED kills four soldiers near Maiduguri",
        url="https://example.org/en/maiduguri-ied",
        reports=[dict(
            evidence="An improvised explosive device killed four soldiers on a road outside Maiduguri",
            event_type="Explosions/Remote violence", sub_event_type="Remote explosive/landmine/IED",
            date="2024-03-29", country="Nigeria", iso="NG", admin1="Borno", location="Maiduguri",
            latitude=11.846, longitude=13.16, geo_precision=2, actor1="Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad",
            inter1=2, actor2="Military Forces of Nigeria", inter2=1, fatalities=4, confidence=0.55,
            plover_type="ASSAULT", disorder_type="Political violence", modality="claimed",
        )],
    ),
    SampleArticle(
        text=(
            "أبشي (تشاد) - أضرم محتجون غاضبون النار في مبانٍ حكومية في مدينة أبشي شرقي تشاد يوم الخميس "
            "احتجاجاً على ارتفاع أسعار الوقود، قبل أن تفرقهم قوات الأمن بالغاز المسيل للدموع."
        ),
        language="ar", outlet="صوت الساحل", published="2024-02-09", title="احتجاجات عنيفة في أبشي",
        url="https://example.org/ar/abeche-riot",
        reports=[dict(
            evidence="أضرم محتجون غاضبون النار في مبانٍ حكومية في مدينة أبشي",
            event_type="Riots", sub_event_type="Violent demonstration", date="2024-02-08",
            country="Chad", iso="TD", admin1="Ouaddai", location="Abeche", latitude=13.829, longitude=20.832,
            geo_precision=1, actor1="Rioters (Chad)", inter1=5, fatalities=0, confidence=0.48,
            plover_type="PROTEST", disorder_type="Demonstrations",
        )],
    ),
    SampleArticle(
        text=(
            "Les autorités de transition ont annoncé jeudi à Bamako la suspension « jusqu'à nouvel ordre » "
            "des activités des partis politiques et des associations, invoquant des raisons d'ordre public."
        ),
        language="fr", outlet="Le Veilleur du Sahel", published="2024-04-11", title="Partis politiques suspendus au Mali",
        url="https://example.org/fr/bamako-suspension",
        reports=[dict(
            evidence="Les autorités de transition ont annoncé jeudi à Bamako la suspension",
            event_type="Strategic developments", sub_event_type="Other", date="2024-04-11",
            country="Mali", iso="ML", admin1="Bamako", location="Bamako", latitude=12.639, longitude=-8.003,
            geo_precision=1, actor1="Government of Mali (2021-)", inter1=1, fatalities=0, confidence=0.38,
            plover_type="RESTRICT", disorder_type="Strategic developments",
        )],
    ),
)


def sample_documents() -> list[tuple[Document, list[EventReport]]]:
    """The sample articles as Documents with their EventReports (evidence offsets located)."""
    out = []
    for article in SAMPLES:
        doc_id = content_hash(article.text)
        doc = Document(id=doc_id, text=article.text, url=article.url, outlet=article.outlet,
                       language=article.language, published=article.published, title=article.title,
                       origin="marsad.api.sample")
        reports = []
        for spec in article.reports:
            spec = dict(spec)
            evidence = spec.pop("evidence")
            start = article.text.index(evidence)
            reports.append(EventReport(doc_id=doc_id, evidence=evidence, evidence_start=start,
                                       evidence_end=start + len(evidence), language=article.language,
                                       rule="sample", **spec))
        out.append((doc, reports))
    return out


def load_samples(store: Any, deduper: Any) -> list[str]:
    """Store the sample articles and their reports; the ids of the events touched."""
    return _store_all(store, deduper, sample_documents())


# ---- synthetic load ---------------------------------------------------------------------------

_PLACES: tuple[tuple[str, str, str, str, float, float], ...] = (
    # country, iso, admin1, location, lat, lon
    ("Mali", "ML", "Mopti", "Mopti", 14.484, -4.183), ("Mali", "ML", "Timbuktu", "Timbuktu", 16.773, -3.007),
    ("Mali", "ML", "Gao", "Gao", 16.272, -0.044), ("Burkina Faso", "BF", "Sahel", "Dori", 14.035, -0.035),
    ("Burkina Faso", "BF", "Est", "Fada N'gourma", 12.062, 0.358),
    ("Niger", "NE", "Tillaberi", "Tillaberi", 14.212, 1.453), ("Niger", "NE", "Diffa", "Diffa", 13.315, 12.611),
    ("Nigeria", "NG", "Borno", "Maiduguri", 11.846, 13.16), ("Nigeria", "NG", "Zamfara", "Gusau", 12.17, 6.664),
    ("Chad", "TD", "Lac", "Bol", 13.459, 14.714), ("Libya", "LY", "Tripoli", "Tripoli", 32.887, 13.191),
    ("Mauritania", "MR", "Hodh ech Chargui", "Nema", 16.616, -7.257),
)
_TYPES: tuple[tuple[str, str], ...] = (
    ("Battles", "Armed clash"), ("Violence against civilians", "Attack"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"), ("Protests", "Peaceful protest"),
    ("Riots", "Violent demonstration"), ("Strategic developments", "Looting/property destruction"),
)
_SENTENCES = {
    "en": "Fighting was reported near {loc} on {date}; local sources counted {n} dead.",
    "fr": "Des affrontements ont été signalés près de {loc} le {date} ; des sources locales font état de {n} morts.",
    "ar": "أفادت مصادر محلية بوقوع اشتباكات قرب {loc} في {date} أسفرت عن {n} قتلى.",
}


def synthetic_documents(n: int, seed: int = 7) -> Iterable[tuple[Document, list[EventReport]]]:
    """`n` generated one-report documents spread over places, types and three years."""
    rng = random.Random(seed)
    for i in range(n):
        country, iso, admin1, loc, lat, lon = rng.choice(_PLACES)
        event_type, sub_type = rng.choice(_TYPES)
        day = 1 + rng.randrange(3 * 365)
        year, doy = 2022 + (day - 1) // 365, (day - 1) % 365
        date = _date_from_doy(year, doy)
        language = rng.choice(("ar", "fr", "en"))
        fatalities = 0 if event_type in ("Protests", "Strategic developments") else rng.choice((0, 0, 1, 2, 3, 5, 8, 12, 30))
        text = _SENTENCES[language].format(loc=loc, date=date, n=fatalities) + f" [#{i}]"
        doc = Document(id=content_hash(text), text=text, language=language, published=date,
                       outlet="synthetic", origin="marsad.api.sample")
        evidence_end = text.index(" [#")
        report = EventReport(
            doc_id=doc.id, event_type=event_type, sub_event_type=sub_type, date=date, time_precision=1,
            country=country, iso=iso, admin1=admin1, location=loc,
            latitude=round(lat + rng.uniform(-0.6, 0.6), 4), longitude=round(lon + rng.uniform(-0.6, 0.6), 4),
            geo_precision=2, actor1=f"Armed group {rng.randrange(40)}", inter1=2, fatalities=fatalities,
            evidence=text[:evidence_end], evidence_start=0, evidence_end=evidence_end,
            confidence=round(rng.uniform(0.2, 0.99), 2), language=language, rule="synthetic",
        )
        yield doc, [report]


def load_synthetic(store: Any, deduper: Any, n: int, seed: int = 7) -> list[str]:
    """Store `n` synthetic documents (see synthetic_documents); ids of events touched."""
    return _store_all(store, deduper, synthetic_documents(n, seed))


def _store_all(store: Any, deduper: Any, items: Iterable[tuple[Document, list[EventReport]]]) -> list[str]:
    touched: list[str] = []
    for doc, reports in items:
        store.add_document(doc)
        touched.extend(store.add_reports(doc, reports, deduper))
    return touched


def _date_from_doy(year: int, doy: int) -> str:
    import datetime as dt

    return (dt.date(year, 1, 1) + dt.timedelta(days=doy)).isoformat()
