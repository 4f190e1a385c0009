"""Date knowledge per language (marsad/data/timex/<lang>.yaml), folded and compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from marsad.datafiles import read_language_file
from marsad.text.normalize import fold
from marsad.text.numbers import WordGate, alternation, entry_key

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "timex"
DAY_DIGITS = r"(?:0?[1-9]|[12]\d|3[01])(?!\d)"
YEAR_DIGITS = r"(?:1[89]\d\d|20\d\d)(?!\d)"


@dataclass(frozen=True, slots=True)
class AgoUnit:
    unit: str  # day, week, month
    count: int | None


@dataclass(frozen=True, slots=True)
class TimexLexicon:
    """One language's date vocabulary: lookup tables by folded key plus compiled patterns."""

    language: str
    months: dict[str, int]
    ambiguous_months: frozenset[str]
    weekdays: dict[str, int]
    relative: dict[str, tuple[str, int]]  # key -> (kind: day|week|weekend|month, offset)
    relative_years: dict[str, int]
    month_parts: dict[str, int]
    day_ordinals: dict[str, int]
    ago_units: dict[str, AgoUnit]
    require_capital: bool
    day_after_month: bool
    numeric_re: re.Pattern[str]  # 2015-07-15, 15/07/2015
    anchor_gate: WordGate  # month names, weekdays, relative expressions, "ago" units
    day_before_re: re.Pattern[str]  # "[24 au] 25 [de]" ending right before a month
    day_after_re: re.Pattern[str]  # "3[rd][, 2015]" right after a month (English)
    companion_month_re: re.Pattern[str]  # "(تموز)", "/يناير", "- يناير"
    year_after_re: re.Pattern[str]
    relative_year_after_re: re.Pattern[str]
    part_before_re: re.Pattern[str]
    month_lead_before_re: re.Pattern[str]
    day_lead_before_re: re.Pattern[str]
    past_after_re: re.Pattern[str]
    future_after_re: re.Pattern[str]
    past_before_re: re.Pattern[str]
    future_before_re: re.Pattern[str]
    block_after_re: re.Pattern[str] | None
    ago_before_re: re.Pattern[str]  # "قبل [ثلاثة]" ending right before a unit
    since_before_re: re.Pattern[str]  # "منذ", "depuis", "since" right before a date: a period's start
    night_end_re: re.Pattern[str]  # "dans la nuit de dimanche à " right before a weekday: the night's end
    ago_after_re: re.Pattern[str]  # "ago" right after a unit
    count_before_re: re.Pattern[str]  # "3 " / "three " right before a unit (English "3 days ago")


def _keyed(raw: dict[Any, Any] | None) -> dict[str, Any]:
    return {entry_key(fold(str(k))): v for k, v in (raw or {}).items()}


def _ending(phrases: list[str], tail: str = r"\s*") -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{alternation(phrases)}){tail}$")


def _starting(phrases: list[str], head: str = r"\s*") -> re.Pattern[str]:
    # used with pattern.match(text, pos): no "^", which would only match at index 0
    return re.compile(rf"{head}(?:{alternation(phrases)})(?!\w)")


@lru_cache(maxsize=32)
def load_timex_lexicon(language: str) -> TimexLexicon:
    """Load and compile marsad/data/timex/<language>.yaml (English when unknown)."""
    raw = read_language_file(DATA_DIR, language)
    month_names = {name: int(n) for n, names in (raw.get("months") or {}).items() for name in names}
    weekday_names = {name: int(n) for n, names in (raw.get("weekdays") or {}).items() for name in names}
    relative_raw: dict[str, tuple[str, int]] = {}
    for kind in ("day", "week", "weekend", "month"):
        for phrase, offset in (raw.get(f"relative_{kind}s") or {}).items():
            relative_raw[phrase] = (kind, int(offset))
    ago_raw = raw.get("ago_units") or {}
    ordinals_raw = raw.get("day_ordinals") or {}
    proclitics = "".join(fold(p) for p in raw.get("proclitics") or [])
    prefix = f"(?:[{re.escape(proclitics)}])?" if proclitics else ""

    numeric = (
        r"(?P<iso>(?<!\d)(?:19|20)\d\d-[01]\d-[0-3]\d(?!\d))"
        r"|(?P<numeric>(?<![\d/.\-])(?:0?[1-9]|[12]\d|3[01])[/.](?:0?[1-9]|1[0-2])[/.](?:19|20)\d\d(?!\d))"
    )
    anchor = (
        rf"(?<!\w){prefix}(?:(?P<relative>{alternation(list(relative_raw))})"
        rf"|(?P<month>{alternation(list(month_names))})"
        rf"|(?P<weekday>{alternation(list(weekday_names))})"
        rf"|(?P<ago>{alternation(list(ago_raw))}))(?!\w)"
    )
    day = rf"(?:{DAY_DIGITS}(?:{alternation(raw.get('day_suffixes') or [])})?|{alternation(list(ordinals_raw))})"
    day_conn = alternation(raw.get("day_connectors") or [])
    range_conn = alternation(raw.get("day_range_connectors") or [])
    day_before = (rf"(?<![\w\d])(?:(?P<first>{day})\s*(?:{range_conn})\s*)?(?P<day>{day})"
                  rf"\s*(?:(?:{day_conn})\s+)?(?:(?:le|the)\s+)?$")
    all_months = alternation(list(month_names))
    year_leads = alternation(raw.get("year_leads") or [])
    year_suffixes = alternation(raw.get("year_suffixes") or [])

    return TimexLexicon(
        language=raw.get("language", language),
        months=_keyed(month_names),
        ambiguous_months=frozenset(entry_key(fold(m)) for m in raw.get("ambiguous_months") or []),
        weekdays=_keyed(weekday_names),
        relative=_keyed(relative_raw),
        relative_years=_keyed(raw.get("relative_years")),
        month_parts=_keyed(raw.get("month_parts")),
        day_ordinals=_keyed(ordinals_raw),
        ago_units={k: AgoUnit(v["unit"], v.get("count")) for k, v in _keyed(ago_raw).items()},
        require_capital=bool(raw.get("require_capital")),
        day_after_month=bool(raw.get("day_after_month")),
        numeric_re=re.compile(numeric),
        anchor_gate=WordGate.build(re.compile(anchor), [*relative_raw, *month_names, *weekday_names, *ago_raw],
                                   list(raw.get("proclitics") or [])),
        day_before_re=re.compile(day_before),
        day_after_re=re.compile(rf"\s*(?P<day>{DAY_DIGITS})(?:st|nd|rd|th)?(?:\s*,?\s*(?P<year>{YEAR_DIGITS}))?"),
        companion_month_re=re.compile(rf"\s*(?:\(\s*{prefix}(?:{all_months})\s*\)|[/\-]\s*{prefix}(?:{all_months})(?!\w))"),
        year_after_re=re.compile(
            rf"\s*,?\s*(?:(?:{year_leads})\s+)?(?P<year>{YEAR_DIGITS})(?:\s*(?:{year_suffixes})(?!\w))?"),
        relative_year_after_re=_starting(list(raw.get("relative_years") or {})),
        part_before_re=_ending(list(raw.get("month_parts") or {}),
                               tail=r"\s*-?\s*(?:(?:de|d'|du mois de|of|the month of|شهر)\s*)?"),
        month_lead_before_re=_ending(raw.get("month_leads") or [], tail=r"\s*-?\s*"),
        day_lead_before_re=_ending(raw.get("day_leads") or []),
        past_after_re=_starting(raw.get("past_markers") or []),
        future_after_re=_starting(raw.get("future_markers") or []),
        past_before_re=_ending(raw.get("past_markers_before") or []),
        future_before_re=_ending(raw.get("future_markers_before") or []),
        block_after_re=(_starting(raw["relative_days_block_after"])
                        if raw.get("relative_days_block_after") else None),
        since_before_re=_ending(raw.get("period_leads") or ["(?!)"]),
        night_end_re=re.compile(rf"(?<!\w)(?:{alternation(raw.get('overnight_leads') or [])})\s+"
                                rf"(?:{alternation(list(weekday_names))})\s*(?:{range_conn})\s*$"),
        ago_before_re=re.compile(
            rf"(?<!\w)(?:{alternation(raw.get('ago_before') or [])})\s+(?:(?P<count>\d+|[^\W\d_]+)\s+)?$"),
        ago_after_re=_starting(raw.get("ago_after") or []),
        count_before_re=re.compile(r"(?<!\w)(?P<count>\d+|[^\W\d_]+)\s+$"),
    )
