"""Numbers in news text: digits in any script, number words, duals and vague quantities.

Language knowledge lives in marsad/data/numbers/<lang>.yaml; this module only
composes it. Every entry is folded exactly like the text (marsad.text.normalize),
so one regex per language finds candidates in the folded text and offsets are
mapped back to the original.

Values follow ACLED's conservative conventions: a vague quantity gets the value
ACLED codes for it (dozens 12, tens 10, hundreds 100, several 10, a few 3) and a
range keeps its lowest figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from marsad.datafiles import read_language_file
from marsad.records import Mention
from marsad.text.normalize import Normalized, fold, normalize

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "numbers"
LANGUAGES = ("ar", "fr", "en")

_SPACE_OR_HYPHEN = re.compile(r"[\s\-]+")
# Thousands separators per script convention: French writes 12 000 / 12.000, others 12,000.
_THOUSANDS = {"fr": r"[ \u00a0\u202f.]", "default": r","}


_LETTERS = re.compile(r"[^\W\d_]+")
GATE_MEMO_SIZE = 50_000  # words a WordGate remembers its verdict on


@dataclass(frozen=True, slots=True)
class WordGate:
    """Runs an anchored pattern only at words whose first letters could start an entry.

    Python's re tries every alternative of a long alternation at every word; looking up
    the first two letters of each word (after an optional proclitic) in a set first
    makes dictionary scans an order of magnitude faster on Arabic text.
    """

    pattern: re.Pattern[str]
    heads: frozenset[str]
    proclitics: frozenset[str]
    # word → may an entry start there; news vocabulary repeats, so each spelling is judged once
    _admitted: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def build(cls, pattern: re.Pattern[str], entries: list[str], proclitics: list[str]) -> WordGate:
        heads = set()
        for entry in entries:
            first = _LETTERS.match(fold(entry).strip())
            if first:
                heads.add(first.group()[:2])
        clitics = frozenset(fold(p) for p in proclitics if fold(p) and len(fold(p)) <= 3)
        return cls(pattern, frozenset(heads), clitics)

    def finditer(self, text: str) -> list[re.Match[str]]:
        """Non-overlapping matches, leftmost first, tried only at candidate words."""
        admitted, match_at = self._admitted, self.pattern.match
        found: list[re.Match[str]] = []
        last_end = 0
        for start, word in letter_words(text):
            if start < last_end:
                continue
            admit = admitted.get(word)
            if admit is None:
                if len(admitted) >= GATE_MEMO_SIZE:
                    admitted.clear()
                admit = admitted[word] = self._admits(word)
            if not admit:
                continue
            match = match_at(text, start)
            if match and match.end() > match.start():
                found.append(match)
                last_end = match.end()
        return found

    def _admits(self, word: str) -> bool:
        """Could an entry start at this word: its first letters, or theirs after a proclitic?"""
        heads, clitics = self.heads, self.proclitics
        return word[:2] in heads or (word[0] in {c[0] for c in clitics} and any(
            word[:cut] in clitics and word[cut:cut + 2] in heads for cut in (1, 2, 3) if cut < len(word) - 1))


@lru_cache(maxsize=8)
def letter_words(text: str) -> tuple[tuple[int, str], ...]:
    """(start, word) for every run of letters; memoised so several recognisers share one pass."""
    return tuple((m.start(), m.group()) for m in _LETTERS.finditer(text))


@dataclass(frozen=True, slots=True)
class Vague:
    value: int
    label: str
    approx: bool


@dataclass(frozen=True, slots=True)
class NumberLexicon:
    """One language's number knowledge, folded and compiled."""

    language: str
    words: dict[str, int]
    multipliers: dict[str, int]
    articles: frozenset[str]
    duals: dict[str, int]
    vague: dict[str, Vague]
    connectors: frozenset[str]
    range_connectors: frozenset[str]
    range_openers: tuple[str, ...]
    digits_re: re.Pattern[str]
    words_gate: WordGate
    at_least_before: re.Pattern[str]
    at_least_after: re.Pattern[str]
    approx_before: re.Pattern[str]
    approx_after: re.Pattern[str]
    opener_before: re.Pattern[str]


def entry_key(text: str) -> str:
    """The lookup key of a folded word or phrase: runs of spaces and hyphens become one space."""
    return _SPACE_OR_HYPHEN.sub(" ", text.strip())


def phrase_pattern(phrase: str) -> str:
    """Regex for a folded dictionary phrase whose words may be split by spaces or hyphens."""
    parts = [re.escape(p) for p in _SPACE_OR_HYPHEN.split(fold(phrase).strip()) if p]
    return r"[\s\-]+".join(parts)


def alternation(phrases: list[str]) -> str:
    """Longest-first alternation, so compounds win over their parts."""
    patterns = sorted({phrase_pattern(p) for p in phrases if fold(p).strip()}, key=len, reverse=True)
    return "|".join(patterns) if patterns else r"(?!x)x"


def _edge_pattern(phrases: list[str], at_end: bool) -> re.Pattern[str]:
    body = alternation(phrases)
    if at_end:  # a qualifier that ends right before the number
        return re.compile(rf"(?<!\w)(?:{body})\s*$")
    # a qualifier right after the number, or after the counted noun (12 جنديا على الأقل)
    return re.compile(rf"^(?:\s*[^\s\d.,;:!?]+){{0,2}}?\s*(?:{body})(?!\w)")


def _folded_map(raw: dict[str, Any] | None) -> dict[str, Any]:
    return {entry_key(fold(k)): v for k, v in (raw or {}).items()}


@lru_cache(maxsize=32)
def load_number_lexicon(language: str) -> NumberLexicon:
    """Load and compile marsad/data/numbers/<language>.yaml (English when unknown)."""
    raw = read_language_file(DATA_DIR, language)
    words = _folded_map(raw.get("words"))
    multipliers = _folded_map(raw.get("multipliers"))
    duals = _folded_map(raw.get("duals"))
    vague = {k: Vague(int(v["value"]), str(v["label"]), bool(v.get("approx", False)))
             for k, v in _folded_map(raw.get("vague")).items()}
    articles = frozenset(entry_key(fold(a)) for a in raw.get("articles") or [])
    proclitics = "".join(fold(p) for p in raw.get("proclitics") or [])
    thousands = _THOUSANDS.get(raw.get("language", language), _THOUSANDS["default"])
    scale_words = alternation(list(raw.get("multipliers") or {}))
    digits = (rf"(?P<decimal>\d+[.,]\d+)(?=\s*(?:{scale_words})(?!\w))"
              rf"|(?P<digits>\d{{1,3}}(?:{thousands}\d{{3}})+(?!\d)|\d+)")
    prefix = f"(?P<pre>[{re.escape(proclitics)}])?" if proclitics else "(?P<pre>)"

    def words_gate() -> WordGate:
        names = [*raw.get("words", {}), *raw.get("multipliers", {}), *raw.get("duals", {}),
                 *raw.get("vague", {}), *(raw.get("articles") or [])]
        pattern = re.compile(rf"(?<!\w){prefix}(?P<word>{alternation(names)})(?!\w)")
        return WordGate.build(pattern, names, list(proclitics))

    return NumberLexicon(
        language=language, words=words, multipliers=multipliers, articles=articles, duals=duals,
        vague=vague,
        connectors=frozenset(fold(c).strip() for c in raw.get("connectors") or []),
        range_connectors=frozenset(fold(c).strip() for c in raw.get("range_connectors") or []),
        range_openers=tuple(fold(o) for o in raw.get("range_openers") or []),
        digits_re=re.compile(rf"(?<![\d.,])(?:{digits})"),
        words_gate=words_gate(),
        at_least_before=_edge_pattern(raw.get("at_least_before") or [], at_end=True),
        at_least_after=_edge_pattern(raw.get("at_least_after") or [], at_end=False),
        approx_before=_edge_pattern(raw.get("approx_before") or [], at_end=True),
        approx_after=_edge_pattern(raw.get("approx_after") or [], at_end=False),
        opener_before=_edge_pattern(raw.get("range_openers") or [], at_end=True),
    )


@dataclass(slots=True)
class _Atom:
    start: int  # folded offsets, proclitic excluded
    end: int
    value: int
    kind: str  # digits, word, multiplier, dual, vague, article
    pre: str
    vague: Vague | None = None


@dataclass(slots=True)
class FoundNumber:
    """A number in folded-text coordinates (internal to the recognisers)."""

    start: int
    end: int
    value: int
    rule: str
    vague: str | None = None
    approx: bool = False
    at_least: bool = False
    range: tuple[int, int] | None = None


def _digit_atom(match: re.Match[str]) -> _Atom:
    if match.group("decimal") is not None:
        return _Atom(match.start(), match.end(), 0, "decimal", "")
    value = int(re.sub(r"\D", "", match.group("digits")))
    return _Atom(match.start(), match.end(), value, "digits", "")


def _atom(match: re.Match[str], lexicon: NumberLexicon) -> _Atom | None:
    key = entry_key(match.group("word"))
    start, end, pre = match.start("word"), match.end(), match.group("pre") or ""
    if key in lexicon.articles:
        return _Atom(start, end, 1, "article", pre)
    if key in lexicon.words:
        return _Atom(start, end, lexicon.words[key], "word", pre)
    if key in lexicon.multipliers:
        return _Atom(start, end, lexicon.multipliers[key], "multiplier", pre,
                     lexicon.vague.get(key))
    if key in lexicon.duals:
        return _Atom(start, end, lexicon.duals[key], "dual", pre)
    if key in lexicon.vague:
        vague = lexicon.vague[key]
        return _Atom(start, end, vague.value, "vague", pre, vague)
    return None


def _fits(current: int, value: int) -> bool:
    """Whether `value` can be added to `current` without two words filling one decimal slot."""
    if current == 0:
        return True
    low = current % 100
    if value < 10:
        return low % 10 == 0 and not 10 <= low < 20
    if value < 20:
        return low in (0, 60, 80)  # French soixante-quinze, quatre-vingt-douze
    if value < 100:
        return low < 10
    if value < 1000:
        return current % 1000 == 0
    return current % 1_000_000 == 0 and current < value


class _Composer:
    """Builds values from atoms: units add, multipliers scale what came before."""

    def __init__(self) -> None:
        self.total = 0
        self.current = 0
        self.seen_multiplier = False

    @property
    def value(self) -> int:
        return self.total + self.current

    def accepts(self, atom: _Atom) -> bool:
        if atom.kind == "multiplier":
            return atom.value > 100 or self.current < 100
        if atom.kind in ("word", "article"):  # "vingt et un"
            return _fits(self.current, atom.value) and (self.total == 0 or atom.value < self.total)
        return False

    def add(self, atom: _Atom) -> None:
        if atom.kind == "multiplier":
            self.seen_multiplier = True
            if atom.value == 100:
                self.current = (self.current or 1) * 100
            else:
                self.total += (self.current or 1) * atom.value
                self.current = 0
        else:
            self.current += atom.value


def _joinable(gap: str, atom: _Atom, lexicon: NumberLexicon) -> bool:
    """Atoms join one compound when only spaces, hyphens or a connector separate them."""
    bare = entry_key(gap.replace("-", " "))
    if atom.pre and atom.pre not in lexicon.connectors:
        return False
    return bare == "" or bare in lexicon.connectors or gap.strip() == "-"


def _compose(atoms: list[_Atom], text: str, lexicon: NumberLexicon) -> list[FoundNumber]:
    found: list[FoundNumber] = []
    index = 0
    while index < len(atoms):
        first = atoms[index]
        index += 1
        # a plural multiplier standing alone (آلاف) is the vague "thousands"
        if first.kind in ("vague", "dual", "decimal") or (first.kind == "multiplier" and first.vague):
            if first.kind == "decimal":
                index = _decimal(first, atoms, index, text, lexicon, found)
                continue
            vague = first.vague
            rule = {"vague": "vague", "multiplier": "vague", "dual": "dual"}[first.kind]
            found.append(FoundNumber(first.start, first.end, first.value, f"numbers:{rule}",
                                     vague=vague.label if vague else None,
                                     approx=bool(vague and vague.approx)))
            continue
        composer = _Composer()
        if first.kind in ("digits", "article"):
            composer.current = first.value
        else:
            composer.add(first)
        end = first.end
        while index < len(atoms):
            atom = atoms[index]
            if not _joinable(text[end:atom.start], atom, lexicon):
                break
            if first.kind in ("digits", "article") and atom.kind != "multiplier":
                break
            if not composer.accepts(atom):
                break
            composer.add(atom)
            end = atom.end
            index += 1
        rule = {"digits": "numbers:digits", "article": "numbers:article"}.get(first.kind, "numbers:words")
        if first.kind == "article" and end > first.end:
            rule = "numbers:words"  # "une centaine"-like compounds starting with un/une
        found.append(FoundNumber(first.start, end, composer.value, rule))
    return found


def _decimal(first: _Atom, atoms: list[_Atom], index: int, text: str, lexicon: NumberLexicon,
             found: list[FoundNumber]) -> int:
    """2.5 million / 1,5 مليون: a decimal figure scaled by the multiplier that follows."""
    raw = text[first.start:first.end].replace(",", ".")
    if index < len(atoms) and atoms[index].kind == "multiplier":
        scale = atoms[index]
        found.append(FoundNumber(first.start, scale.end, int(float(raw) * scale.value), "numbers:digits"))
        return index + 1
    return index


def _qualify(number: FoundNumber, text: str, lexicon: NumberLexicon) -> None:
    before = text[max(0, number.start - 40):number.start]
    after = text[number.end:number.end + 40]
    if lexicon.at_least_before.search(before) or lexicon.at_least_after.search(after):
        number.at_least = True
    if lexicon.approx_before.search(before) or lexicon.approx_after.search(after):
        number.approx = True


def _merge_ranges(numbers: list[FoundNumber], text: str, lexicon: NumberLexicon) -> list[FoundNumber]:
    """'between 5 and 12', '10 à 15', 'بين 10 و15': one mention valued at the lower figure."""
    merged: list[FoundNumber] = []
    for number in numbers:
        previous = merged[-1] if merged else None
        if previous and previous.vague is None and number.vague is None and previous.value < number.value:
            gap = " ".join(text[previous.end:number.start].split())
            opener = lexicon.opener_before.search(text[max(0, previous.start - 20):previous.start])
            needs_opener = gap in lexicon.connectors
            if gap in lexicon.range_connectors and (opener or not needs_opener):
                previous.range = (previous.value, number.value)
                previous.end = number.end
                previous.at_least = previous.at_least or number.at_least
                continue
        merged.append(number)
    return merged


def scan_numbers(folded: str, lexicon: NumberLexicon, with_articles: bool = False) -> list[FoundNumber]:
    """Numbers of a folded text, in folded-text offsets."""
    atoms = [_digit_atom(m) for m in lexicon.digits_re.finditer(folded)]
    atoms += [a for a in (_atom(m, lexicon) for m in lexicon.words_gate.finditer(folded)) if a is not None]
    atoms.sort(key=lambda a: a.start)
    numbers = [n for n in _compose(atoms, folded, lexicon) if with_articles or n.rule != "numbers:article"]
    for number in numbers:
        _qualify(number, folded, lexicon)
    return _merge_ranges(numbers, folded, lexicon)


def to_mention(number: FoundNumber, normalized: Normalized) -> Mention:
    """A number Mention with offsets in the original text."""
    start, end = normalized.span_to_original(number.start, number.end)
    data: dict[str, Any] = {"approx": number.approx, "at_least": number.at_least, "vague": number.vague}
    if number.range:
        data["range"] = list(number.range)
    return Mention(start=start, end=end, kind="number", text=normalized.original[start:end],
                   value=number.value, rule=number.rule, data=data)


def find_numbers(text: str, language: str, normalized: Normalized | None = None) -> list[Mention]:
    """Every number in `text`: value=int, data={"approx", "at_least", "vague"[, "range"]}.

    Pass `normalized` (from marsad.text.normalize) to reuse one normalisation across recognisers.
    """
    normalized = normalized or normalize(text)
    lexicon = load_number_lexicon(language)
    return [to_mention(n, normalized) for n in scan_numbers(normalized.text, lexicon)]
