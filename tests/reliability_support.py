"""Helpers for the reliability tests: run the real CLI in a subprocess under resource limits,
and the hand-written Arabic articles (our own sentences) the hostile inputs are built from."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent

# Our own news-like sentences; what the coder must find in each.
GAO_ATTACK = ("هاجم مسلحون مجهولون يوم الأحد 10 مارس 2024 قرية قرب مدينة غاو في شمال مالي، ما أسفر عن "
              "مقتل سبعة مدنيين وإصابة خمسة آخرين، بحسب مصادر محلية.")
GAO_EXPECTED = {"event_type": "Violence against civilians", "sub_event_type": "Attack", "location": "Gao",
                "country": "Mali", "date": "2024-03-10", "fatalities": 7}
TIMBUKTU_IED = ("قتل ثلاثة جنود ماليين وأصيب أربعة آخرون في انفجار عبوة ناسفة استهدفت دورية عسكرية قرب "
                "مدينة تمبكتو يوم الثلاثاء 5 نوفمبر 2024، وفق مصدر أمني.")
TIMBUKTU_EXPECTED = {"event_type": "Explosions/Remote violence", "sub_event_type": "Remote explosive/landmine/IED",
                     "location": "Timbuktu", "country": "Mali", "date": "2024-11-05", "fatalities": 3}
NIAMEY_PROTEST = ("تظاهر آلاف الأشخاص يوم الجمعة 7 يونيو 2024 في نيامي عاصمة النيجر للمطالبة برحيل القوات "
                  "الأجنبية، ورفعوا لافتات تندد بالتدخل الأجنبي.")
NIAMEY_EXPECTED = {"event_type": "Protests", "sub_event_type": "Peaceful protest", "location": "Niamey",
                   "country": "Niger", "date": "2024-06-07"}


@dataclass(slots=True)
class Run:
    """What one CLI run did and cost."""

    status: int
    stdout: str
    stderr: str
    seconds: float
    max_rss_mb: float
    killed: bool


def marsad_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "marsad", *args]


def run_marsad(*args: str, timeout: float = 300, memory_gb: float = 3.0) -> Run:
    """Run `python -m marsad ARGS` with an address-space limit and a wall-clock timeout.

    The child's peak RSS comes from wait4, so it is this run's alone.
    """
    limit = int(memory_gb * 1024**3)

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen(marsad_command(*args), stdout=out, stderr=err, cwd=PROJECT,
                                preexec_fn=limits, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            proc.kill()

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, wait_status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(wait_status)
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        return Run(status=proc.returncode, stdout=out.read().decode("utf-8", "replace"),
                   stderr=err.read().decode("utf-8", "replace"), seconds=seconds,
                   max_rss_mb=usage.ru_maxrss / 1024, killed=killed.is_set())


def article(body: str, date: str = "2024-11-20") -> str:
    """A .txt article with the date header line Marsad reads."""
    return f"date {date} Bamako - Marsad test desk\n{body}\n"


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("marsad: error:")]


# ---------------------------------------------------------------------- a corpus of our own

_PLACES_AR = [("غاو", "مالي"), ("تمبكتو", "مالي"), ("موبتي", "مالي"), ("كيدال", "مالي"), ("ميناكا", "مالي"),
              ("سيغو", "مالي"), ("نيامي", "النيجر"), ("ديفا", "النيجر"), ("تيلابيري", "النيجر"),
              ("واغادوغو", "بوركينا فاسو"), ("جيبو", "بوركينا فاسو"), ("مايدوغوري", "نيجيريا"),
              ("نواكشوط", "موريتانيا"), ("انجامينا", "تشاد"), ("طرابلس", "ليبيا"), ("سبها", "ليبيا")]
_NUMBERS_AR = ["ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة", "عشرة"]
_MONTHS_AR = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
              "نوفمبر", "ديسمبر"]
_VICTIMS_AR = ["مدنيين", "جنود", "رعاة", "تجار", "قرويين"]
_SOURCES_AR = ["بحسب مصادر محلية", "وفق مصدر أمني", "حسبما أفاد شهود عيان", "بحسب مسؤول محلي", "وفق بيان للجيش"]
_TEMPLATES_AR = [
    "هاجم مسلحون مجهولون يوم {day} {month} {year} قرية قرب مدينة {place} في {country}، ما أسفر عن مقتل {n} {victims}، {source}.",
    "قتل {n} {victims} وأصيب آخرون في انفجار عبوة ناسفة استهدفت سيارة قرب {place} في {country} يوم {day} {month} {year}، {source}.",
    "تظاهر مئات الأشخاص يوم {day} {month} {year} في {place} ب{country} احتجاجا على ارتفاع الأسعار، {source}.",
    "اشتبك الجيش مع مسلحين قرب {place} في {country} يوم {day} {month} {year}، وقتل {n} من المسلحين، {source}.",
    "اختطف مسلحون {n} {victims} على الطريق المؤدي إلى {place} في {country} يوم {day} {month} {year}، {source}.",
]
_TEMPLATES_EN = [
    "Gunmen killed {n} {victims} in an attack near {place}, {country}, on {day} {month} {year}, {source}.",
    "Hundreds of people protested in {place}, {country}, on {day} {month} {year} against rising prices, {source}.",
]
_PLACES_EN = [("Gao", "Mali"), ("Mopti", "Mali"), ("Niamey", "Niger"), ("Diffa", "Niger"), ("Djibo", "Burkina Faso"),
              ("Maiduguri", "Nigeria")]
_MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"]


def corpus_article(index: int) -> str:
    """The index-th article of a varied, deterministic corpus of short news items (.txt with date line)."""
    import random

    rng = random.Random(index)
    year = 2015 + index % 10
    month = rng.randrange(12)
    day = rng.randrange(1, 28)
    published = f"{year}-{month + 1:02d}-{min(day + rng.randrange(0, 2), 28):02d}"
    if index % 7 == 0:
        place, country = rng.choice(_PLACES_EN)
        body = rng.choice(_TEMPLATES_EN).format(
            n=rng.randrange(2, 40), victims=rng.choice(["civilians", "soldiers", "herders", "traders"]),
            place=place, country=country, day=day, month=_MONTHS_EN[month], year=year,
            source=rng.choice(["local sources said", "a security source said", "officials said"]))
    else:
        place, country = rng.choice(_PLACES_AR)
        body = rng.choice(_TEMPLATES_AR).format(
            n=rng.choice(_NUMBERS_AR), victims=rng.choice(_VICTIMS_AR), place=place, country=country, day=day,
            month=_MONTHS_AR[month], year=year, source=rng.choice(_SOURCES_AR))
    return f"date {published} Marsad test desk - Outlet {index % 13}\n{body}\nمراسل الرصد، النشرة رقم {index}.\n"


def write_corpus(directory: Path, count: int) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = directory / f"doc{index:05d}.txt"
        path.write_text(corpus_article(index), encoding="utf-8")
        paths.append(path)
    return paths
