"""Dates in news text, resolved against the publication date with ACLED time precision.

A scanner finds anchors in the folded text (month names in MSA, Levantine and
Maghrebi forms, weekdays, relative expressions, numeric dates) and reads the few
words around each anchor (day, year, "الماضي" / "dernier" / "last", month parts).
Absolute dates are handed to dateparser as one canonical English string, cached
per process; relative expressions are plain calendar arithmetic.

Conventions (ACLED time_precision: 1 day, 2 week, 3 month):
- a month without a day codes the 15th, precision 3 ("August 2014" -> 2014-08-15);
  in the current month the 15th is clipped to the publication date;
- "early / mid / late June" code the 3rd / 15th / 28th, precision 2;
- a bare weekday is the most recent such day on or before publication; with
  "last / الماضي / dernier" it is strictly before publication; precision 1;
- "last week" codes the Thursday (middle) of the previous Monday-Sunday week,
  precision 2; "last weekend" its Saturday, precision 2;
- "last month" codes the 15th of the previous month, precision 3;
- "the night of 24 to 25 June" and "24-26 June" code the first day, precision 1
  (data["end_day"] keeps the last day);
- a day and month without a year take the publication year unless that puts the
  date more than 31 days after publication, then the year before;
- without a publication date, relative expressions are found with iso=None.
- the first weekday named with "today" / "yesterday" ("اليوم (الجمعة)", "أمس الجمعة") fixes the
  day the story was written, when a crawl stamped it up to 6 days later; every relative
  date is then counted from that day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import dateparser

from marsad.records import Mention
from marsad.text.normalize import Normalized, normalize
from marsad.text.numbers import entry_key, load_number_lexicon, scan_numbers
from marsad.timex.lexicon import TimexLexicon, load_timex_lexicon

MONTH_NAMES_EN = ("", "January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December")
FUTURE_SLACK_DAYS = 31
_WINDOW = 60


@dataclass(frozen=True, slots=True)
class DateValue:
    """A resolved date: ISO day (None when it cannot be resolved) and ACLED time_precision."""

    iso: str | None
    precision: int


@dataclass(slots=True)
class _Found:
    start: int  # folded offsets
    end: int
    rule: str
    date: dt.date | None
    precision: int
    data: dict[str, Any] = field(default_factory=dict)


# --- dateparser behind the normaliser -------------------------------------------------

_PARSER_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"]}


@lru_cache(maxsize=4096)
def parse_canonical(text: str) -> dt.date | None:
    """Parse a canonical absolute date ("15 July 2015", "15/07/2015") with dateparser, cached."""
    parsed = dateparser.parse(text, languages=["en"], settings=_PARSER_SETTINGS)
    return parsed.date() if parsed else None


# --- calendar arithmetic --------------------------------------------------------------

def parse_published(published: str | None) -> dt.date | None:
    """The publication day from an ISO date or timestamp (None when absent or malformed)."""
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


def shift_months(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def safe_date(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def weekday_on_or_before(published: dt.date, isoweekday: int, strictly: bool) -> dt.date:
    delta = (published.isoweekday() - isoweekday) % 7
    if strictly and delta == 0:
        delta = 7
    return published - dt.timedelta(days=delta)


def week_middle(published: dt.date, weeks: int) -> dt.date:
    """Thursday of the Monday-Sunday week `weeks` away from the publication week."""
    monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=weeks)
    return monday + dt.timedelta(days=3)


def infer_year(published: dt.date, month: int, day: int) -> int:
    """The year of a day-and-month: this year unless that lands well after publication."""
    candidate = safe_date(published.year, month, day)
    if (candidate - published).days > FUTURE_SLACK_DAYS:
        return published.year - 1
    return published.year


def month_year(published: dt.date, month: int, past: bool, future: bool, year_offset: int | None) -> int:
    """The year of a month named without one ("فبراير الماضي", "in June")."""
    if year_offset is not None:
        return published.year + year_offset
    if future:
        return published.year if month > published.month else published.year + 1
    if past:
        return published.year if month < published.month else published.year - 1
    return published.year if month <= published.month else published.year - 1


# --- scanning ---------------------------------------------------------------------------

def _day_value(text: str, lexicon: TimexLexicon) -> int | None:
    digits = re.match(r"\d+", text)
    value = int(digits.group()) if digits else lexicon.day_ordinals.get(entry_key(text))
    return value if value and 1 <= value <= 31 else None


def _capitalised(original: str, normalized: Normalized, start: int) -> bool:
    index = normalized.origin[start]
    return original[index].isupper()


def _month_part(lexicon, phrase: str) -> int | None:
    """The day a month-part phrase stands for ("early" → 3, "the end of" → 28)."""
    key = entry_key(re.sub(r"[\s\-]*$", "", phrase.strip()))
    for candidate in (key, key.removesuffix(" de"), key.removesuffix(" of"), key.removesuffix(" شهر")):
        if candidate in lexicon.month_parts:
            return lexicon.month_parts[candidate]
    return None


def _month_anchor(match: re.Match[str], folded: str, normalized: Normalized, lexicon: TimexLexicon,
                  published: dt.date | None) -> _Found | None:
    start, end = match.start("month"), match.end("month")
    name = entry_key(match.group("month"))
    month = lexicon.months[name]
    if lexicon.require_capital and not _capitalised(normalized.original, normalized, start):
        return None
    evidence = 0  # context that confirms an ambiguous month name
    data: dict[str, Any] = {"month": month}
    companion = lexicon.companion_month_re.match(folded, end)
    if companion:  # "يوليو (تموز)", "كانون الثاني/يناير"
        end, evidence = companion.end(), evidence + 1
    before = folded[max(0, start - _WINDOW):start]
    day = first_day = year = None
    day_match = lexicon.day_before_re.search(before)
    if day_match:
        day = _day_value(day_match.group("day"), lexicon)
        first_day = _day_value(day_match.group("first"), lexicon) if day_match.group("first") else None
        if day:
            start = start - len(before) + day_match.start()
    if day is None and lexicon.day_after_month:
        after_day = lexicon.day_after_re.match(folded, end)
        if after_day:
            day, end = int(after_day.group("day")), after_day.end()
            year = int(after_day.group("year")) if after_day.group("year") else None
    if year is None:
        year_match = lexicon.year_after_re.match(folded, end)
        if year_match:
            year, end = int(year_match.group("year")), year_match.end()
    past = future = False
    year_offset = None
    marker = lexicon.past_after_re.match(folded, end)
    if marker:
        past, end = True, marker.end()
    elif lexicon.future_after_re.match(folded, end):
        future_match = lexicon.future_after_re.match(folded, end)
        future, end = True, future_match.end()
    before_marker = lexicon.past_before_re.search(before) or lexicon.future_before_re.search(before)
    if before_marker and day is None:
        past = past or bool(lexicon.past_before_re.search(before))
        future = future or bool(lexicon.future_before_re.search(before))
        start = start - len(before) + before_marker.start()
    if year is None:
        rel_year = lexicon.relative_year_after_re.match(folded, end)
        if rel_year:
            year_offset = lexicon.relative_years[entry_key(rel_year.group().strip())]
            end = rel_year.end()
    part = None
    if day is None:
        part_match = lexicon.part_before_re.search(before)
        if part_match:
            part = _month_part(lexicon, part_match.group())
            start = start - len(before) + part_match.start()
    if name in lexicon.ambiguous_months:
        evidence += bool(day or year or past or future or part or year_offset is not None)
        evidence += bool(lexicon.month_lead_before_re.search(before))
        if not evidence:
            return None
    if day is not None:
        data["day"] = day
        if first_day and first_day < day:
            data["end_day"], day = day, first_day
        if year is None and published is None:
            return _Found(start, end, "timex:day-month", None, 1, data)
        year = year if year is not None else infer_year(published, month, day)
        parsed = parse_canonical(f"{day} {MONTH_NAMES_EN[month]} {year}")
        return _Found(start, end, "timex:day-month" + ("-year" if year else ""), parsed, 1, data) if parsed else None
    if year is None and published is None and year_offset is None:
        return _Found(start, end, "timex:month", None, 3, data)
    if year is None:
        year = month_year(published, month, past, future, year_offset)
    resolved = safe_date(year, month, part or 15)
    if published and not future and resolved > published and (year, month) == (published.year, published.month):
        resolved = published
    return _Found(start, end, "timex:month-part" if part else "timex:month", resolved, 2 if part else 3, data)


def _weekday_anchor(match: re.Match[str], folded: str, lexicon: TimexLexicon, normalized: Normalized,
                    published: dt.date | None) -> _Found | None:
    start, end = match.start("weekday"), match.end("weekday")
    if lexicon.require_capital and not _capitalised(normalized.original, normalized, start):
        return None
    isoweekday = lexicon.weekdays[entry_key(match.group("weekday"))]
    before = folded[max(0, start - _WINDOW):start]
    if lexicon.night_end_re.search(before):
        return None  # "la nuit de dimanche à lundi" is dated by its first day, the night's start
    strictly = future = False
    marker = lexicon.past_after_re.match(folded, end)
    if marker:
        strictly, end = True, marker.end()
    elif lexicon.future_after_re.match(folded, end):
        future, end = True, lexicon.future_after_re.match(folded, end).end()
    lead = lexicon.past_before_re.search(before) or lexicon.future_before_re.search(before)
    if lead:
        strictly = strictly or bool(lexicon.past_before_re.search(before))
        future = future or bool(lexicon.future_before_re.search(before))
        start -= len(before) - lead.start()
    else:
        day_lead = lexicon.day_lead_before_re.search(before)
        if day_lead:
            start -= len(before) - day_lead.start()
    data = {"weekday": isoweekday}
    if published is None:
        return _Found(start, end, "timex:weekday", None, 1, data)
    if future:
        day = published + dt.timedelta(days=(isoweekday - published.isoweekday()) % 7 or 7)
    else:
        day = weekday_on_or_before(published, isoweekday, strictly)
    return _Found(start, end, "timex:weekday", day, 1, data)


def _relative_anchor(match: re.Match[str], folded: str, lexicon: TimexLexicon,
                     published: dt.date | None) -> _Found | None:
    start, end = match.start("relative"), match.end("relative")
    kind, offset = lexicon.relative[entry_key(match.group("relative"))]
    before = folded[max(0, start - _WINDOW):start]
    if kind == "day" and lexicon.block_after_re and lexicon.block_after_re.match(folded, end):
        return None
    data: dict[str, Any] = {"offset": offset, "unit": kind}
    day_of_month = lexicon.day_before_re.search(before) if kind == "month" else None
    if day_of_month and day_of_month.group("first") is None:
        data["day"] = _day_value(day_of_month.group("day"), lexicon)
        start -= len(before) - day_of_month.start()
    elif kind == "day":
        lead = lexicon.day_lead_before_re.search(before)
        if lead:
            start -= len(before) - lead.start()
    precision = {"day": 1, "week": 2, "weekend": 2, "month": 3}[kind]
    if published is None:
        return _Found(start, end, f"timex:relative-{kind}", None, 1 if data.get("day") else precision, data)
    if kind == "day":
        return _Found(start, end, "timex:relative-day", published + dt.timedelta(days=offset), 1, data)
    if kind == "week":
        day = week_middle(published, offset)
        return _Found(start, end, "timex:relative-week", min(day, published) if offset == 0 else day, 2, data)
    if kind == "weekend":
        reference = published - dt.timedelta(days=1) if offset < 0 else published
        saturday = weekday_on_or_before(reference, 6, strictly=False)
        return _Found(start, end, "timex:relative-weekend", saturday, 2, data)
    year, month = shift_months(published, offset)
    if data.get("day"):
        return _Found(start, end, "timex:day-of-relative-month", safe_date(year, month, data["day"]), 1, data)
    day = safe_date(year, month, 15)
    return _Found(start, end, "timex:relative-month", min(day, published) if offset == 0 else day, 3, data)


def _ago_anchor(match: re.Match[str], folded: str, lexicon: TimexLexicon,
                published: dt.date | None) -> _Found | None:
    start, end = match.start("ago"), match.end("ago")
    unit = lexicon.ago_units[entry_key(match.group("ago"))]
    before = folded[max(0, start - _WINDOW):start]
    lead = lexicon.ago_before_re.search(before)
    after = lexicon.ago_after_re.match(folded, end)
    count_text = None
    if lead:
        count_text = lead.group("count")
        start -= len(before) - lead.start()
    elif after:
        count = lexicon.count_before_re.search(before)
        if not count:
            return None
        count_text = count.group("count")
        start, end = start - len(before) + count.start(), after.end()
    else:
        return None
    count = unit.count
    if count_text:
        numbers = scan_numbers(count_text, load_number_lexicon(lexicon.language), with_articles=True)
        if count is None and numbers and numbers[0].vague is None:
            count = numbers[0].value
    if count is None:
        count = 1 if not count_text and unit.unit != "day" else None
    if count is None or count > 400:
        return None
    data = {"count": count, "unit": unit.unit}
    precision = {"day": 1, "week": 2, "month": 3}[unit.unit]
    if published is None:
        return _Found(start, end, "timex:ago", None, precision, data)
    if unit.unit == "day":
        day = published - dt.timedelta(days=count)
    elif unit.unit == "week":
        day = published - dt.timedelta(weeks=count)
    else:
        year, month = shift_months(published, -count)
        day = safe_date(year, month, published.day)
    return _Found(start, end, "timex:ago", day, precision, data)


_UNIT_DAYS = {"day": 1, "week": 7, "month": 30}


def days_told(text: str, language: str) -> int | None:
    """How many days the first stretch of time told in `text` lasts ("بعد يومين من" → 2, "six
    days after" → 6, "une semaine après" → 7); None when it tells none."""
    lexicon = load_timex_lexicon(language)
    folded = normalize(text).text
    for match in lexicon.anchor_gate.finditer(folded):
        if not match.group("ago"):
            continue
        unit = lexicon.ago_units[entry_key(match.group("ago"))]
        count = unit.count
        if count is None:
            numbers = scan_numbers(folded[:match.start("ago")], load_number_lexicon(language), with_articles=True)
            # the count told right before the unit ("ستة أيام", "six days"), else one
            adjacent = [n for n in numbers if not folded[n.end:match.start("ago")].strip()]
            count = adjacent[-1].value if adjacent and adjacent[-1].vague is None else 1
        return count * _UNIT_DAYS[unit.unit]
    return None


def _numeric_anchor(match: re.Match[str]) -> _Found | None:
    text = match.group()
    parsed = parse_canonical(text) if match.group("numeric") else _iso_date(text)
    return _Found(match.start(), match.end(), "timex:numeric", parsed, 1) if parsed else None


def _iso_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def scan_dates(normalized: Normalized, lexicon: TimexLexicon, published: dt.date | None) -> list[_Found]:
    """Date candidates in folded offsets, overlapping ones resolved longest-first."""
    folded = normalized.text
    found: list[_Found] = []
    for match in lexicon.numeric_re.finditer(folded):
        item = _numeric_anchor(match)
        if item is not None:
            found.append(item)
    for match in lexicon.anchor_gate.finditer(folded):
        if match.group("month"):
            item = _month_anchor(match, folded, normalized, lexicon, published)
        elif match.group("weekday"):
            item = _weekday_anchor(match, folded, lexicon, normalized, published)
        elif match.group("relative"):
            item = _relative_anchor(match, folded, lexicon, published)
        elif match.group("ago"):
            item = _ago_anchor(match, folded, lexicon, published)
        else:
            item = None
        if item is not None:
            found.append(item)
    return _merge_adjacent(_drop_overlaps(found), folded)


def _drop_overlaps(found: list[_Found]) -> list[_Found]:
    kept: list[_Found] = []
    for item in sorted(found, key=lambda f: (-(f.end - f.start), f.start)):
        if all(item.end <= k.start or item.start >= k.end for k in kept):
            kept.append(item)
    return sorted(kept, key=lambda f: f.start)


# Rank of the evidence when two candidates name one day ("الاثنين 15 يوليو", "أمس الجمعة").
# The weekday outranks "yesterday": feeds often carry a later crawl date than the writing
# date, and "أمس الجمعة" written on Saturday still means that Friday.
_RANK = {"timex:day-month-year": 0, "timex:day-month": 0, "timex:numeric": 0, "timex:weekday": 1,
         "timex:day-of-relative-month": 1, "timex:relative-day": 2}


def _merge_adjacent(found: list[_Found], folded: str) -> list[_Found]:
    """A weekday glued to a date or to "yesterday" is one mention valued by the more exact part
    ("أمس الجمعة", "اليوم (الجمعة)")."""
    merged: list[_Found] = []
    for item in found:
        previous = merged[-1] if merged else None
        gap = folded[previous.end:item.start] if previous else ""
        if previous and (previous.rule == "timex:weekday" and _RANK.get(item.rule) == 0 and re.fullmatch(r"[\s,،]*", gap)
                         or {previous.rule, item.rule} == {"timex:weekday", "timex:relative-day"}
                         and re.fullmatch(r"[\s(,،]*", gap)):
            best = min((previous, item), key=lambda f: _RANK[f.rule])
            merged[-1] = _Found(previous.start, item.end, best.rule, best.date, best.precision,
                                {**previous.data, **item.data})
            continue
        merged.append(item)
    return merged


MAX_CRAWL_LAG_DAYS = 6  # a weekday pins the writing day within the week before the given date


def written_on(found: list[_Found], published: dt.date | None) -> dt.date | None:
    """The day the story was written, from its first "today (Friday)" / "أمس الجمعة".

    Feeds and crawls often stamp a story days after it was written; relative dates
    ("yesterday", "on Thursday") must count from the day the writer named, not the stamp.
    """
    if published is None:
        return None
    for item in found:
        if "weekday" in item.data and item.data.get("unit") == "day":
            offset = item.data["offset"]
            lag = ((published + dt.timedelta(days=offset)).isoweekday() - item.data["weekday"]) % 7
            return published - dt.timedelta(days=lag) if lag <= MAX_CRAWL_LAG_DAYS else published
    return published


def find_dates(text: str, language: str, published: str | None,
               normalized: Normalized | None = None) -> list[Mention]:
    """Date mentions: value=DateValue(iso, precision), rule names the pattern, data its parts."""
    normalized = normalized or normalize(text)
    lexicon = load_timex_lexicon(language)
    published_day = parse_published(published)
    found = scan_dates(normalized, lexicon, published_day)
    written = written_on(found, published_day)
    if written != published_day:
        found = scan_dates(normalized, lexicon, written)
    mentions = []
    for item in found:
        start, end = normalized.span_to_original(item.start, item.end)
        iso = item.date.isoformat() if item.date else None
        data = {**item.data, "rule": item.rule}
        if item.rule != "timex:ago" and lexicon.since_before_re.search(normalized.text, 0, item.start):
            data["since"] = True  # "since January": when a period began, not an event's day
        mentions.append(Mention(start=start, end=end, kind="date", text=text[start:end],
                                value=DateValue(iso, item.precision), rule=item.rule, data=data))
    return mentions
