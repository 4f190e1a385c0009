"""Casualty counts: numbers attached to killed / wounded / kidnapped / arrested / missing words.

Language knowledge is in marsad/data/casualties/<lang>.yaml: cue words that come
before the count ("قُتل 12", "tuant 12", "killing 12"), cue words that come after it
("5 قتلى", "12 soldats tués", "50 people were killed"), who the count is about,
one-person nouns ("مقتل جندي" = 1) and "nobody was hurt" phrases (= 0).

`fatalities_for` turns the killed mentions of one event into ACLED's conservative
figure: distinct groups are summed (attackers included), conflicting figures for
one group keep the lowest.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from marsad.datafiles import read_language_file
from marsad.records import Mention
from marsad.text.normalize import Normalized, fold, normalize
from marsad.text.numbers import (
    FoundNumber,
    WordGate,
    alternation,
    load_number_lexicon,
    phrase_pattern,
    scan_numbers,
)
from marsad.timex.lexicon import load_timex_lexicon

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "casualties"
ROLES = ("killed", "wounded", "kidnapped", "arrested", "missing")
GENERIC_WHO = (None, "people")
_BREAK = re.compile(r"[.,;:!?\"()\[\]\d]")
_PARENTHETICAL = re.compile(r"\([^()\d]{1,30}\)")


@dataclass(frozen=True, slots=True)
class CasualtyLexicon:
    """One language's casualty vocabulary, compiled."""

    language: str
    before: WordGate
    after: WordGate
    who_re: re.Pattern[str]
    singular_re: re.Pattern[str]
    none: WordGate
    max_gap_before: int
    max_gap_after: int
    gap_breaks: frozenset[str] = frozenset()  # words a before-cue cannot reach across ("killed 3 and 4 wounded")
    subset_re: re.Pattern[str] | None = None  # "including", "dont", "بينهم": the count is part of another
    total_re: re.Pattern[str] | None = None  # "fatalities coded as 3": the figure the source settles on
    split_re: re.Pattern[str] | None = None  # "fatalities split across 3 events": the toll is shared
    not_people_re: re.Pattern[str] | None = None  # "several animals", "one account": counts of no one
    gap_prepositions: frozenset[str] = frozenset()  # words coordinated counts are not separated by


@dataclass(slots=True)
class _Cue:
    start: int
    end: int
    role: str
    is_before: bool  # the cue precedes its count ("killing 12") rather than follows it ("12 killed")
    later: bool = False  # deaths among the wounded ("succumbed"): added to those killed outright


def _stem_pattern(entry: str) -> str:
    if entry.endswith("*"):
        return phrase_pattern(entry[:-1]) + r"\w*"
    return phrase_pattern(entry)


def _groups(table: dict[str, list[str]], prefix: str) -> str:
    """One alternation with a named group per key, entries longest first."""
    parts = []
    for name, entries in table.items():
        body = "|".join(sorted({_stem_pattern(e) for e in entries if fold(e).strip()}, key=len, reverse=True))
        if body:
            parts.append(f"(?P<{name}>{body})")
    return rf"(?<!\w){prefix}(?:{'|'.join(parts) or '(?!x)x'})(?!\w)"


@lru_cache(maxsize=32)
def load_casualty_lexicon(language: str) -> CasualtyLexicon:
    """Load and compile marsad/data/casualties/<language>.yaml (English when unknown)."""
    raw = read_language_file(DATA_DIR, language)
    clitics = sorted((fold(p) for p in raw.get("proclitics") or []), key=len, reverse=True)
    prefix = f"(?:{'|'.join(map(re.escape, clitics))})?" if clitics else ""
    proclitic_list = list(raw.get("proclitics") or [])

    def gate(key: str) -> WordGate:
        table = raw.get(key) or {}
        entries = [e.rstrip("*") for values in table.values() for e in values]
        return WordGate.build(re.compile(_groups(table, prefix)), entries, proclitic_list)

    singular = "|".join(sorted((_stem_pattern(s) for s in raw.get("singular") or []), key=len, reverse=True))
    # modifiers between the article and the noun: "a male farmer", "a local JNIM commander", "a 70-year-old man";
    # never a preposition ("killed including the leader" is not "killed a leader")
    blockers = alternation(list(raw.get("singular_blockers") or []))
    modifiers = rf"(?:(?!(?:{blockers})\s)[^\W_][\w'-]*\s+){{0,{int(raw.get('singular_modifiers', 0))}}}?"
    return CasualtyLexicon(
        language=raw.get("language", language),
        before=gate("before"),
        after=gate("after"),
        who_re=re.compile(_groups(raw.get("who") or {}, prefix)),
        singular_re=re.compile(rf"\s+{modifiers}{prefix}(?:{singular or '(?!x)x'})(?!\w)"),
        none=gate("none"),
        max_gap_before=int(raw.get("max_gap_before", 3)),
        max_gap_after=int(raw.get("max_gap_after", 4)),
        gap_breaks=frozenset(fold(w) for w in raw.get("gap_breaks") or []),
        subset_re=_optional(raw.get("subset_before"), r"(?<!\w)(?:{})(?!\w)"),
        total_re=_total_pattern(raw.get("total") or {}),
        split_re=_split_pattern(raw.get("split") or {}),
        gap_prepositions=frozenset(fold(w) for w in raw.get("coordination_breaks") or []),
        not_people_re=_optional(raw.get("not_people"), r"\s+(?:[^\W\d_][\w'-]*\s+)?(?:{})(?!\w)"),
    )


def _optional(phrases: list[str] | None, template: str) -> re.Pattern[str] | None:
    return re.compile(template.format(alternation(phrases))) if phrases else None


def _total_pattern(table: dict[str, list[str]]) -> re.Pattern[str] | None:
    """'Unknown fatalities assessed as low and coded as 3': subject, then the cue, then the figure."""
    if not table.get("subject") or not table.get("cue"):
        return None
    return re.compile(rf"(?<!\w)(?:{alternation(table['subject'])})(?!\w)[^.;]{{0,160}}?(?<!\w)"
                      rf"(?:{alternation(table['cue'])})\s+(?=\d)")


def _split_pattern(table: dict[str, list[str]]) -> re.Pattern[str] | None:
    """'Fatalities split between (3) events': the words before the divisor and the unit after it."""
    if not table.get("cue") or not table.get("unit"):
        return None
    return re.compile(rf"(?<!\w)(?:{alternation(table['cue'])})\s+(?:(?:{alternation(table.get('skip') or [])})\s+)?"
                      rf"\(?(?P<count>[^\s()]+(?:\s[^\s()]+)?)\)?\s+(?:{alternation(table['unit'])})(?!\w)")


LATER = "_later"  # a role key ending so ("killed_later") counts deaths of people already wounded


def _cues(gate: WordGate, folded: str, is_before: bool) -> list[_Cue]:
    cues = []
    for m in gate.finditer(folded):
        role = m.lastgroup or "killed"
        later = role.endswith(LATER)
        cues.append(_Cue(m.start(), m.end(), role.removesuffix(LATER), is_before, later))
    return cues


def _gap_words(gap: str, limit: int) -> int | None:
    """Number of words in a gap, or None when it is too long or crosses punctuation or a digit."""
    gap = _PARENTHETICAL.sub(" ", gap)  # "soldiers of the armed forces (FAMa) were killed"
    if _BREAK.search(gap):
        return None
    words = len(gap.split())
    return words if words <= limit else None


def _is_date_part(number: FoundNumber, folded: str, months: dict[str, int]) -> bool:
    """A day before a month name or a year after one is part of a date, not a count."""
    def is_month(word: str) -> bool:
        return word in months or word[1:] in months  # Arabic proclitic: ويوليو، بيناير

    if number.value <= 31:
        following = re.findall(r"\w+", folded[number.end:number.end + 20])
        if following and is_month(following[0] if following[0] not in ("de", "of", "من") else
                                  (following[1] if len(following) > 1 else "")):
            return True
        preceding = re.search(r"(\w+)\s+$", folded[max(0, number.start - 15):number.start])
        if number.rule == "numbers:digits" and preceding and is_month(preceding.group(1)):
            return True  # "On September 26, eight soldiers": the day after its month
    if 1900 <= number.value <= 2100 and number.rule == "numbers:digits":
        preceding = re.findall(r"\w+", folded[max(0, number.start - 20):number.start])
        if len(preceding) >= 2 and preceding[-1].isdigit() and int(preceding[-1]) <= 31:
            return is_month(preceding[-2])  # "On November 3, 2019, two soldiers": the year of a date
        return bool(preceding) and (is_month(preceding[-1]) or preceding[-1] in ("عام", "سنه", "en", "in"))
    return False


def _nearest(cues: list[_Cue], starts: list[int], number: FoundNumber, folded: str,
             lexicon: CasualtyLexicon) -> tuple[int, _Cue] | None:
    """The closest cue after or before the number (after wins a tie), with its gap in words."""
    best: tuple[int, _Cue] | None = None
    index = bisect_left(starts, number.start - 4)
    for cue in cues[index:index + 8]:
        if cue.start < number.end and cue.end > number.start:
            return 0, cue  # the counted word carries the cue itself (قتيلين)
        if cue.start >= number.end and not cue.is_before:
            gap = _gap_words(folded[number.end:cue.start], lexicon.max_gap_after)
            if gap is not None:
                best = (gap, cue)
            break
    index = bisect_right(starts, number.start) - 1
    for cue in reversed(cues[max(0, index - 7):index + 1]):
        if cue.end <= number.start and cue.is_before:
            gap_text = folded[cue.end:number.start]
            gap = _gap_words(gap_text, lexicon.max_gap_before)
            if lexicon.gap_breaks.intersection(gap_text.split()):
                gap = None
            if gap is not None and (best is None or gap < best[0]):
                best = (gap, cue)
            break
    return best


_COORDINATION = re.compile(r"^[^.;:!?\d()\[\]]{0,40}?(?:[,،]|\s(?:and|et|ou|or)\s|\sو|\s)\s*$")


def _coordinated(first: FoundNumber, second: FoundNumber, folded: str, lexicon: CasualtyLexicon) -> bool:
    """'5 soldiers and 12 attackers', 'خمسة جنود و12 مسلحا': counts listed under one cue.

    Not across a preposition: 'a ranger in Douentza, one of the assailants'."""
    gap = folded[first.end:second.start]
    return len(gap.split()) <= 4 and bool(_COORDINATION.match(gap)) and bool(
        re.search(r"[,،]|\s(?:and|et|ou|or)\s|\sو", gap + " ")) and not lexicon.gap_prepositions.intersection(
        re.findall(r"\w+", gap))


def _share_cues(numbers: list[FoundNumber], hits: list[tuple[int, _Cue] | None], folded: str,
                lexicon: CasualtyLexicon) -> None:
    """A count without a cue takes the cue of a coordinated neighbour that has one."""
    for i in range(len(numbers) - 2, -1, -1):  # right to left: "A and B killed"
        nxt = hits[i + 1]
        if hits[i] is None and nxt and not nxt[1].is_before and _coordinated(numbers[i], numbers[i + 1], folded, lexicon):
            hits[i] = nxt
    for i in range(1, len(numbers)):  # left to right: "killed A and B", B naming people ("killed 9, two shops burned")
        prev = hits[i - 1]
        if hits[i] is None and prev and prev[1].is_before and _coordinated(numbers[i - 1], numbers[i], folded, lexicon) \
                and _who(folded, numbers[i].end, _words_end(folded, numbers[i].end, 3), lexicon) is not None:
            hits[i] = prev


def _words_end(folded: str, start: int, count: int) -> int:
    """End offset of the `count` words following `start` (the counted noun and its modifiers)."""
    match = re.match(rf"(?:\s*[^\s.,;:!?،؛]+){{0,{count}}}", folded[start:start + 80])
    return start + (match.end() if match else 0)


def _word_start(folded: str, position: int) -> int:
    """The start of the word holding `position`: a dual glued to its conjunction ("ومهاجمان")
    is counted from its clitic, where the group names are matched."""
    while position > 0 and folded[position - 1].isalnum():
        position -= 1
    return position


def _who(folded: str, start: int, stop: int, lexicon: CasualtyLexicon) -> str | None:
    match = lexicon.who_re.search(folded, start, stop)
    return match.lastgroup if match else None


def _mention(normalized: Normalized, spans: Iterable[tuple[int, int]], value: int, rule: str,
             data: dict[str, Any]) -> Mention:
    spans = list(spans)
    start, end = normalized.span_to_original(min(s for s, _ in spans), max(e for _, e in spans))
    return Mention(start=start, end=end, kind="casualty", text=normalized.original[start:end], value=value,
                   rule=rule, data=data)


def find_casualties(text: str, language: str, normalized: Normalized | None = None) -> list[Mention]:
    """Casualty mentions: value=int, data={"role", "who", "cue", "approx", "at_least", "vague"}."""
    normalized = normalized or normalize(text)
    folded = normalized.text
    lexicon = load_casualty_lexicon(language)
    months = load_timex_lexicon(language).months
    cues = sorted(_cues(lexicon.before, folded, True) + _cues(lexicon.after, folded, False),
                  key=lambda c: (c.start, c.is_before))
    starts = [c.start for c in cues]
    numbers = [n for n in scan_numbers(folded, load_number_lexicon(language), with_articles=True)
               if not (n.rule == "numbers:article" and not lexicon.singular_re.match(folded, n.end))
               and not _is_date_part(n, folded, months) and not _is_modifier(n, folded)]
    mentions, numbers = _tallies(numbers, folded, normalized, lexicon)
    hits = [_nearest(cues, starts, n, folded, lexicon) for n in numbers]
    _share_cues(numbers, hits, folded, lexicon)
    used: set[int] = set()
    for number, hit in zip(numbers, hits, strict=True):
        if hit is None or _not_people(number, folded, lexicon):
            continue
        cue = hit[1]
        used.add(id(cue))
        stop = cue.start if cue.start >= number.end else _words_end(folded, number.end, 3)
        data = {"role": cue.role, "who": _who(folded, _word_start(folded, number.start), stop, lexicon),
                "cue": folded[cue.start:cue.end], "cue_at": cue.start, "approx": number.approx,
                "at_least": number.at_least,
                "vague": number.vague}
        if _is_subset(number, cues, starts, folded, lexicon):
            data["subset"] = True
            mentions.extend(_listed_singular(number, data, folded, normalized, lexicon))
        elif cue.later:
            data["later"] = True
        elif folded[:number.start].rstrip().endswith("("):
            data["subset"] = True  # "killed at least 10 militants (7 corpses recovered)"
        direction = "before" if cue.is_before else "after"
        mentions.append(_mention(normalized, [(number.start, number.end), (cue.start, cue.end)], number.value,
                                 f"casualties:{direction}", data))
    mentions.extend(_singular_mentions(cues, used, folded, normalized, lexicon))
    mentions.extend(_none_mentions(folded, normalized, lexicon))
    return sorted(mentions, key=lambda m: m.start)


_ATTACHED = re.compile(r"-?[a-z]")  # Latin script: Arabic digits and words are written apart from units


def _is_modifier(number: FoundNumber, folded: str) -> bool:
    """'a 48-hour strike', 'a two-day operation', '30km': a number fused to a unit word is no count."""
    following = folded[number.end:number.end + 2]
    if number.rule == "numbers:article":
        return False
    return bool(_ATTACHED.match(following)) and (number.rule == "numbers:digits" or following[:1] == "-")


def _not_people(number: FoundNumber, folded: str, lexicon: CasualtyLexicon) -> bool:
    """'killing several animals', 'one account said': the counted noun is not a person."""
    return bool(lexicon.not_people_re and lexicon.not_people_re.match(folded, number.end))


_CLAUSE_START = re.compile(r"[.;:(\[]")
SUBSET_REACH = 4  # words between "including" and the count it governs


def _is_subset(number: FoundNumber, cues: list[_Cue], starts: list[int], folded: str,
               lexicon: CasualtyLexicon) -> bool:
    """'12 people were killed, including 3 soldiers': the 3 are among the 12 (a later cue ends the list)."""
    if lexicon.subset_re is None:
        return False
    start = max(number.start - 80, 0)
    breaks = [m.end() for m in _CLAUSE_START.finditer(folded, start, number.start)]
    previous = [c.end for c in cues[max(0, bisect_left(starts, number.start) - 3):bisect_left(starts, number.start)]
                if c.end <= number.start]
    start = max([start, *breaks, *previous])
    words = folded[start:number.start].split()[-SUBSET_REACH:]  # "including three men and a woman"
    return bool(lexicon.subset_re.search(" ".join(words)))


def _tallies(numbers: list[FoundNumber], folded: str, normalized: Normalized,
             lexicon: CasualtyLexicon) -> tuple[list[Mention], list[FoundNumber]]:
    """ACLED's own notes on the figure: 'fatalities coded as 3', 'split across two events'.

    Returns their mentions and the numbers left for ordinary casualty cues.
    """
    by_start = {n.start: n for n in numbers}
    found: list[Mention] = []
    taken: set[int] = set()
    for pattern, flag in ((lexicon.total_re, "total"), (lexicon.split_re, "divisor")):
        if pattern is None:
            continue
        for match in pattern.finditer(folded):
            at = match.start("count") if flag == "divisor" else match.end()
            number = by_start.get(at)
            if number is None or (number.value <= 0 and flag == "divisor") or id(number) in taken:
                continue
            taken.add(id(number))
            data = {"role": "killed", "who": None, "cue": match.group(), "approx": number.approx,
                    "at_least": number.at_least, "vague": number.vague, flag: True}
            found.append(_mention(normalized, [(match.start(), number.end)], number.value, f"casualties:{flag}", data))
    return found, [n for n in numbers if id(n) not in taken]


def _singular_mentions(cues: list[_Cue], used: set[int], folded: str, normalized: Normalized,
                       lexicon: CasualtyLexicon) -> list[Mention]:
    """'قُتل جندي', 'killed a soldier' without a count: one person."""
    found = []
    for cue in cues:
        if not cue.is_before or id(cue) in used:
            continue
        noun = lexicon.singular_re.match(folded, cue.end)
        if noun:
            data = {"role": cue.role, "who": _who(folded, noun.start(), _words_end(folded, noun.end(), 1), lexicon),
                    "cue": folded[cue.start:cue.end], "cue_at": cue.start, "approx": False, "at_least": False,
                    "vague": None}
            found.append(_mention(normalized, [(cue.start, noun.end())], 1, "casualties:singular", data))
    return found


_LISTED = re.compile(r"(?:\s+[^\W\d_]+)?(?=\s+و)")  # the counted noun, if any, before "and"


def _listed_singular(number: FoundNumber, data: dict[str, Any], folded: str, normalized: Normalized,
                     lexicon: CasualtyLexicon) -> list[Mention]:
    """'including two soldiers and an attacker' ("بينهم عسكريان ومهاجم"): a bare noun listed
    after a counted one is one more person of the same list."""
    noun_end = _LISTED.match(folded, number.end)
    if noun_end is None:
        return []
    noun = lexicon.singular_re.match(folded, noun_end.end())
    if noun is None or not noun.group().lstrip().startswith("و"):
        return []
    who = _who(folded, _word_start(folded, noun.end() - 1), noun.end(), lexicon)
    listed = {**data, "who": who, "cue_at": None}
    start = noun.end() - len(noun.group().lstrip())
    return [_mention(normalized, [(start, noun.end())], 1, "casualties:listed", listed)]


def _none_mentions(folded: str, normalized: Normalized, lexicon: CasualtyLexicon) -> list[Mention]:
    """'دون وقوع إصابات', 'pas de victimes', 'no casualties': nobody killed."""
    return [_mention(normalized, [(m.start(), m.end())], 0, "casualties:none",
                     {"role": m.lastgroup or "killed", "who": None, "cue": m.group(), "approx": False,
                      "at_least": False, "vague": None})
            for m in lexicon.none.finditer(folded)]


def fatalities_for(casualty_mentions: Iterable[Mention]) -> int:
    """ACLED fatalities from the killed mentions of one event.

    Distinct groups (soldiers, attackers, civilians, police) are summed, and so are counts
    listed under one cue ("killed a teacher and a farmer"); conflicting figures for one
    group keep the lowest. A generic figure ("people", no group) is
    the total when it is at least the sum of the specific groups (it includes them),
    otherwise it is another group and is added. Counts that are part of another
    ("including 3 soldiers") are skipped; deaths among the wounded ("two later succumbed")
    are added. A figure the source settles on ("fatalities coded as 3") replaces the
    count, and a toll split across N events is divided among them.
    """
    killed = [m for m in casualty_mentions
              if m.kind == "casualty" and m.data.get("role") == "killed" and m.value is not None]
    divisors = [int(m.value) for m in killed if m.data.get("divisor")]
    totals = [int(m.value) for m in killed if m.data.get("total")]
    counted = [m for m in killed if not (m.data.get("divisor") or m.data.get("total") or m.data.get("subset"))]
    later = sum(int(m.value) for m in counted if m.data.get("later"))
    total = totals[0] if totals else _count(m for m in counted if not m.data.get("later")) + later
    if divisors and total > 0:
        total = max(1, int(total / divisors[0] + 0.5))
    return total


def _count(mentions: Iterable[Mention]) -> int:
    listed: dict[tuple[str | None, object], int] = {}  # counts listed under one cue add up
    for position, mention in enumerate(mentions):
        who = mention.data.get("who")
        key = None if who in GENERIC_WHO else who
        cue = mention.data.get("cue_at")
        slot = (key, ("cue", cue) if cue is not None else ("mention", position))
        listed[slot] = listed.get(slot, 0) + int(mention.value)
    lowest: dict[str | None, int] = {}
    for (key, _), value in listed.items():
        if value == 0 and key in lowest:
            continue
        lowest[key] = value if key not in lowest or lowest[key] == 0 else min(lowest[key], value)
    specific = sum(v for k, v in lowest.items() if k is not None)
    generic = lowest.get(None)
    if generic is None:
        return specific
    return generic if generic >= specific else generic + specific
