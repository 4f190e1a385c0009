"""Modality (asserted / claimed / planned / denied / hypothetical) and attribution of a trigger.

Cue words live in marsad/data/cues/<lang>.yaml (format: docs/triggers.md). A
modality cue counts when it stands on its allowed side of the trigger, within its
word distance, with no barrier word ("but", "لكن") between. Attribution reads the
first reporting frame of the sentence ("according to", "نقل ... عن", "said") and
maps the source it introduces to a short English label ("US officials",
"security source", "Malian army statement"), or quotes it verbatim.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from marsad.datafiles import read_data_file
from marsad.records import MODALITIES, Mention
from marsad.text import Match, PhraseMatcher, Token, tokenize

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_DISTANCE = 12
SOURCE_WINDOW = 8  # words after (or before) a reporting cue where its source may stand
VERBATIM_WORDS = 6
_POSITIONS = ("before", "after", "any")
_SOURCE_SIDES = ("after", "before", "either")
_KINDS = ("according", "citing", "said")
_CLAUSE_MARKS = {",", ";", ":", "(", ")", '"', "،", "؛", "."}


class CueDataError(ValueError):
    """A cue file is malformed; the message names the file and the entry."""


@dataclass(slots=True, frozen=True)
class ModalityCue:
    id: str
    modality: str
    position: str
    max_distance: int


@dataclass(slots=True, frozen=True)
class ReportingCue:
    id: str
    kind: str  # according | citing | said
    source_side: str  # after | before | either


class CueBook:
    """A language's modality and attribution cues, ready to match."""

    def __init__(self, language: str, data: dict, source: str = "<memory>") -> None:
        self.language = language
        self.source = source
        self.modality_rank: dict[str, int] = {}
        self._modality = PhraseMatcher()
        self._barriers = PhraseMatcher()
        self._reporting = PhraseMatcher()
        self._sources = PhraseMatcher()
        self._qualifiers = PhraseMatcher()
        self._outlet_refs = PhraseMatcher()
        self._statement = PhraseMatcher()
        self.punctuation_barriers: frozenset[str] = frozenset()
        self._build(data)

    @classmethod
    def load(cls, language: str, data_dir: Path | str | None = None) -> CueBook:
        """Load and validate marsad/data/cues/<language>.yaml (cached per file)."""
        return _load_cuebook(language, Path(data_dir) if data_dir else DATA_DIR)

    # ---------------------------------------------------------------- building

    def _build(self, data: Any) -> None:
        src = self.source
        if not isinstance(data, dict) or data.get("language") != self.language:
            raise CueDataError(f"{src}: must be a mapping with language: {self.language}")
        unknown = set(data) - {"language", "version", "barriers", "modality", "attribution"}
        if unknown:
            raise CueDataError(f"{src}: unknown top-level key(s) {sorted(unknown)}")
        barriers = data.get("barriers", [])
        for phrase in _phrases(barriers, f"{src}: barriers", allow_empty=True):
            self._barriers.add(phrase, phrase)
        # punctuation barriers (";") are not words: they are looked for between cue and trigger
        self.punctuation_barriers = frozenset(p for p in barriers if _is_mark(p))
        entries = data.get("modality")
        if not isinstance(entries, list) or not entries:
            raise CueDataError(f"{src}: 'modality' must be a non-empty list")
        for rank, entry in enumerate(entries):
            self._add_modality(entry, rank, f"{src}: modality[{rank}]")
        self._build_attribution(data.get("attribution") or {}, f"{src}: attribution")

    def _add_modality(self, entry: Any, rank: int, where: str) -> None:
        _keys(entry, {"id", "modality", "phrases", "position", "max_distance", "note"}, {"id", "modality", "phrases"},
              where)
        modality = entry["modality"]
        if modality not in MODALITIES or modality == "asserted":
            raise CueDataError(f"{where}: modality must be one of {[m for m in MODALITIES if m != 'asserted']}")
        position = entry.get("position", "any")
        if position not in _POSITIONS:
            raise CueDataError(f"{where}: position must be one of {_POSITIONS}")
        distance = entry.get("max_distance", DEFAULT_DISTANCE)
        if isinstance(distance, bool) or not isinstance(distance, int) or distance < 0:
            raise CueDataError(f"{where}: max_distance must be a non-negative integer (words)")
        cue = ModalityCue(str(entry["id"]), modality, position, distance)
        self.modality_rank.setdefault(modality, rank)
        for phrase in _phrases(entry["phrases"], where):
            self._modality.add(phrase, (rank, cue))

    def _build_attribution(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise CueDataError(f"{where}: must be a mapping")
        for phrase in _phrases(data.get("outlet_refs", []), f"{where}.outlet_refs", allow_empty=True):
            self._outlet_refs.add(phrase, phrase)
        for phrase in _phrases(data.get("statement", []), f"{where}.statement", allow_empty=True):
            self._statement.add(phrase, phrase)
        for index, entry in enumerate(data.get("reporting") or []):
            here = f"{where}.reporting[{index}]"
            _keys(entry, {"id", "kind", "source", "phrases", "note"}, {"id", "kind", "phrases"}, here)
            if entry["kind"] not in _KINDS or entry.get("source", "after") not in _SOURCE_SIDES:
                raise CueDataError(f"{here}: kind must be one of {_KINDS}, source one of {_SOURCE_SIDES}")
            cue = ReportingCue(str(entry["id"]), entry["kind"], entry.get("source", "after"))
            for phrase in _phrases(entry["phrases"], here):
                self._reporting.add(phrase, cue)
        for section, matcher in (("sources", self._sources), ("qualifiers", self._qualifiers)):
            for index, entry in enumerate(data.get(section) or []):
                here = f"{where}.{section}[{index}]"
                _keys(entry, {"label", "phrases", "note"}, {"label", "phrases"}, here)
                if not isinstance(entry["label"], str) or not entry["label"].strip():
                    raise CueDataError(f"{here}: label must be a non-empty string")
                for phrase in _phrases(entry["phrases"], here):
                    matcher.add(phrase, entry["label"])

    # ---------------------------------------------------------------- queries

    def modality_cues(self, text: str, tokens: list[Token]) -> list[Match]:
        return self._modality.find(text, tokens=tokens)

    def reporting_cues(self, text: str, tokens: list[Token] | None = None) -> list[Match]:
        """Phrases that introduce who reports ("according to", "said", "نقلا عن"); payload ReportingCue."""
        return self._reporting.find(text, tokens=tokens)

    def barriers(self, text: str, tokens: list[Token]) -> list[Match]:
        return self._barriers.find(text, tokens=tokens)


def _keys(entry: Any, allowed: set[str], required: set[str], where: str) -> None:
    if not isinstance(entry, dict):
        raise CueDataError(f"{where}: must be a mapping")
    unknown = set(entry) - allowed
    if unknown:
        raise CueDataError(f"{where}: unknown key(s) {sorted(unknown)}")
    missing = required - set(entry)
    if missing:
        raise CueDataError(f"{where}: missing key(s) {sorted(missing)}")


def _phrases(value: Any, where: str, allow_empty: bool = False) -> list[str]:
    if not isinstance(value, list) or (not value and not allow_empty):
        raise CueDataError(f"{where}: must be a {'' if allow_empty else 'non-empty '}list of phrases")
    for phrase in value:
        if not isinstance(phrase, str) or not phrase.strip():
            raise CueDataError(f"{where}: empty or non-text phrase {phrase!r}")
        if any(not word.rstrip("*") for word in phrase.split()):
            raise CueDataError(f"{where}: phrase {phrase!r} has a word that is only '*'")
    return [p for p in value if not _is_mark(p)]


def _is_mark(phrase: str) -> bool:
    return all(not ch.isalnum() for ch in phrase)


@lru_cache(maxsize=16)
def _load_cuebook(language: str, data_dir: Path) -> CueBook:
    path = data_dir / "cues" / f"{language}.yaml"
    return CueBook(language, read_data_file(path, CueDataError, "cue file"), str(path))


# ------------------------------------------------------------------------ modality


def detect_modality(text: str, sentence_span: tuple[int, int], trigger_span: tuple[int, int],
                    cuebook: CueBook) -> tuple[str, Mention | None]:
    """The modality of the trigger at trigger_span, and the cue that decided it (None: asserted)."""
    start, end = sentence_span
    sentence = text[start:end]
    tokens = tokenize(sentence)
    trigger = _token_range(tokens, trigger_span[0] - start, trigger_span[1] - start)
    if trigger is None:
        return "asserted", None
    barriers = [m.first_token for m in cuebook.barriers(sentence, tokens)]
    marks = cuebook.punctuation_barriers
    best: tuple[int, int, Match, ModalityCue] | None = None
    for match in cuebook.modality_cues(sentence, tokens):
        rank, cue = match.payload
        side, gap = _side_and_gap(match.first_token, match.last_token, trigger)
        if cue.position != "any" and side not in (cue.position, "overlap"):
            continue
        if gap > cue.max_distance or _blocked(match, trigger, barriers, tokens, sentence, marks) \
                or _in_a_date(match, tokens):
            continue
        if best is None or (gap, rank) < best[:2]:
            best = (gap, rank, match, cue)
    if best is None:
        return "asserted", None
    _, _, match, cue = best
    mention = Mention(match.start + start, match.end + start, "modality", match.text, cue.modality, rule=cue.id)
    return cue.modality, mention


def _in_a_date(match: Match, tokens: list[Token]) -> bool:
    """A one-word cue next to a number is a month of a date ("on 4 May 2020", "May 4"), not
    the modal verb "may"."""
    if match.first_token != match.last_token:
        return False
    neighbours = tokens[max(0, match.first_token - 1):match.first_token] + tokens[match.last_token + 1:
                                                                                  match.last_token + 2]
    return any(t.text.isdigit() for t in neighbours)


def _token_range(tokens: list[Token], start: int, end: int) -> tuple[int, int] | None:
    inside = [i for i, t in enumerate(tokens) if t.start < end and start < t.end]
    return (inside[0], inside[-1]) if inside else None


def _side_and_gap(first: int, last: int, trigger: tuple[int, int]) -> tuple[str, int]:
    if last < trigger[0]:
        return "before", trigger[0] - last - 1
    if first > trigger[1]:
        return "after", first - trigger[1] - 1
    return "overlap", 0


def _blocked(match: Match, trigger: tuple[int, int], barriers: list[int], tokens: list[Token], sentence: str,
             marks: frozenset[str]) -> bool:
    low, high = sorted((match.last_token if match.last_token < trigger[0] else trigger[1],
                        match.first_token if match.first_token > trigger[1] else trigger[0]))
    if any(low < b < high for b in barriers):
        return True
    if marks and high > low:
        between = sentence[tokens[low].end:tokens[high].start]
        return any(mark in between for mark in marks)
    return False


# --------------------------------------------------------------------- attribution


def detect_attribution(text: str, sentence_span: tuple[int, int], cuebook: CueBook,
                       outlet: str | None) -> str | None:
    """Who reports the sentence's event: a short English label, a verbatim source, or None."""
    start, end = sentence_span
    sentence = text[start:end]
    tokens = tokenize(sentence)
    if not tokens:
        return None
    frames = cuebook._reporting.find(sentence, tokens=tokens)
    sources = cuebook._sources.find(sentence, tokens=tokens)
    ordered = sorted(frames, key=lambda m: (m.payload.kind == "said", m.first_token))
    for frame in ordered:
        label = _attribution_for(frame, sentence, tokens, sources, cuebook, outlet)
        if label:
            return label
    return None


def _attribution_for(frame: Match, sentence: str, tokens: list[Token], sources: list[Match], cuebook: CueBook,
                     outlet: str | None) -> str | None:
    cue: ReportingCue = frame.payload
    windows = _windows(frame, tokens, sentence, cue.source_side)
    for low, high in windows:
        found = [s for s in sources if low <= s.first_token and s.last_token <= high]
        if found:
            source = found[0]
            label = _qualified(source, sentence, tokens, cuebook)
            reach = (min(low, frame.first_token), min(len(tokens) - 1, max(high, frame.last_token) + 3))
            if _has(cuebook._statement, sentence, tokens, *reach):
                label = f"{label} statement"
            if _has(cuebook._outlet_refs, sentence, tokens, frame.first_token, source.first_token - 1) and outlet:
                return f"{outlet}, citing {label}"
            return label
    if cue.kind == "said":
        return None
    low, high = windows[0]
    outlet_ref = _has(cuebook._outlet_refs, sentence, tokens, low, high)
    words = [t for t in tokens[low:high + 1]][:VERBATIM_WORDS]
    if outlet_ref and outlet:
        return outlet
    if not words or outlet_ref:
        return None
    return sentence[words[0].start:words[-1].end]


def _windows(frame: Match, tokens: list[Token], sentence: str, side: str) -> list[tuple[int, int]]:
    """Token ranges next to a reporting cue, cut at clause punctuation."""
    windows = []
    if side in ("after", "either") and frame.last_token + 1 < len(tokens):
        low = frame.last_token + 1
        high = low
        while high + 1 < len(tokens) and high - low + 1 < SOURCE_WINDOW and not _clause_break(
                sentence, tokens[high], tokens[high + 1]):
            high += 1
        windows.append((low, high))
    if side in ("before", "either") and frame.first_token > 0:
        high = frame.first_token - 1
        low = high
        while low - 1 >= 0 and high - low + 1 < SOURCE_WINDOW and not _clause_break(
                sentence, tokens[low - 1], tokens[low]):
            low -= 1
        windows.append((low, high))
    return windows or [(frame.first_token, frame.last_token)]


def _clause_break(sentence: str, left: Token, right: Token) -> bool:
    return any(ch in _CLAUSE_MARKS for ch in sentence[left.end:right.start])


def _qualified(source: Match, sentence: str, tokens: list[Token], cuebook: CueBook) -> str:
    """A source label with the origin adjective next to it ("officials" + "أمريكيين" → "US officials")."""
    label = source.payload
    low, high = max(0, source.first_token - 2), min(len(tokens) - 1, source.last_token + 2)
    for qualifier in cuebook._qualifiers.find(sentence, tokens=tokens):
        if qualifier.last_token < low or qualifier.first_token > high:
            continue
        if source.first_token <= qualifier.first_token and qualifier.last_token <= source.last_token:
            continue
        if qualifier.payload.lower() in label.lower():
            continue
        return f"{qualifier.payload} {label}"
    return label


def _has(matcher: PhraseMatcher, sentence: str, tokens: list[Token], low: int, high: int) -> bool:
    if high < low:
        return False
    return any(low <= m.first_token and m.last_token <= high for m in matcher.find(sentence, tokens=tokens))
