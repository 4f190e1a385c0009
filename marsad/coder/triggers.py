"""Event triggers: per-language dictionaries (marsad/data/triggers/<lang>.yaml) → TriggerHits.

A trigger phrase names an ACLED sub-event type (or "@attack", whose ACLED coding
depends on the target and is decided by the coder) and a PLOVER type/mode.
Refinements re-code a trigger when a cue stands in the same sentence (a suicide
vest turns an attack into a Suicide bomb); suppressions drop trigger words that
are not events here (idioms, negations, trials and anniversaries). The file
format is documented in docs/triggers.md.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from marsad.datafiles import read_data_file
from marsad.text import PhraseMatcher, Token, phrase_forms, split_sentences, tokenize

ATTACK = "@attack"
DATA_DIR = Path(__file__).resolve().parent.parent / "data"

_TOP_KEYS = {"language", "version", "triggers", "refinements", "suppress"}
_TRIGGER_KEYS = {"id", "sub_event_type", "plover_type", "plover_mode", "phrases", "weight", "fallback", "note"}
_REFINEMENT_KEYS = {"id", "cues", "applies_to", "sub_event_type", "plover_type", "plover_mode", "max_distance",
                    "weight", "note"}
_SUPPRESS_KEYS = {"id", "phrases", "scope", "applies_to", "note"}
DEFAULT_WEIGHT = 0.7


class TriggerDataError(ValueError):
    """A trigger file is malformed; the message names the file and the entry."""


@dataclass(slots=True, frozen=True)
class Ontology:
    """The names a trigger file may use, and default PLOVER codes per ACLED sub-event type."""

    sub_event_types: frozenset[str]
    plover_modes: dict[str, frozenset[str] | None]  # None: modes not checked
    defaults: dict[str, tuple[str | None, str | None]]

    def default_plover(self, sub_event_type: str) -> tuple[str | None, str | None]:
        if sub_event_type == ATTACK:
            return "ASSAULT", None
        return self.defaults.get(sub_event_type, (None, None))


@dataclass(slots=True, frozen=True)
class Trigger:
    id: str
    sub_event_type: str
    plover_type: str | None
    plover_mode: str | None
    phrases: tuple[str, ...]
    weight: float
    fallback: bool


@dataclass(slots=True, frozen=True)
class Refinement:
    id: str
    cues: tuple[str, ...]
    applies_to: frozenset[str]  # sub-event types, "@attack" or trigger ids
    sub_event_type: str | None
    plover_type: str | None
    plover_mode: str | None
    max_distance: int | None  # words between cue and trigger; None = anywhere in the sentence
    weight: float | None


@dataclass(slots=True, frozen=True)
class Suppressor:
    id: str
    phrases: tuple[str, ...]
    scope: str  # "span": hits overlapping the phrase; "sentence": hits in its sentence
    applies_to: frozenset[str] | None


@dataclass(slots=True)
class TriggerHit:
    """A trigger found in the text (offsets into the original text)."""

    start: int
    end: int
    text: str
    trigger_id: str
    sub_event_type: str
    plover_type: str | None
    plover_mode: str | None
    weight: float
    refined_by: str | None = None
    fallback: bool = False  # an outcome or weak word ("killed", "destroyed"), kept only when alone


@dataclass(slots=True)
class _Candidate:
    first: int  # token indexes
    last: int
    trigger: Trigger
    specificity: tuple[int, int, int]


# --------------------------------------------------------------------------- ontology


@lru_cache(maxsize=4)
def load_ontology(data_dir: Path = DATA_DIR) -> Ontology:
    """The names a trigger file may use, from the shared ACLED/PLOVER ontology (marsad.lexicon)."""
    from marsad.lexicon import Ontology as SharedOntology

    shared = SharedOntology.load(data_dir / "ontology")
    return Ontology(
        sub_event_types=frozenset(shared.sub_event_types),
        plover_modes={name: frozenset(modes) for name, modes in shared.plover_types.items()},
        defaults=dict(shared.acled_to_plover),
    )


# --------------------------------------------------------------------------- validation


def _where(source: str, section: str, index: int, entry: Any) -> str:
    ident = entry.get("id") if isinstance(entry, dict) else None
    return f"{source}: {section}[{index}]" + (f" (id {ident})" if ident else "")


def _fail(where: str, message: str) -> TriggerDataError:
    return TriggerDataError(f"{where}: {message}")


def _check_keys(entry: Any, allowed: set[str], required: set[str], where: str) -> None:
    if not isinstance(entry, dict):
        raise _fail(where, "must be a mapping")
    unknown = set(entry) - allowed
    if unknown:
        raise _fail(where, f"unknown key(s) {sorted(unknown)}; allowed: {sorted(allowed)}")
    missing = required - set(entry)
    if missing:
        raise _fail(where, f"missing key(s) {sorted(missing)}")


def _phrase_list(value: Any, key: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise _fail(where, f"'{key}' must be a non-empty list of phrases")
    phrases = []
    for phrase in value:
        if not isinstance(phrase, str) or not phrase.strip():
            raise _fail(where, f"'{key}' holds an empty or non-text phrase: {phrase!r}")
        for word in phrase.split():
            if not word.rstrip("*"):
                raise _fail(where, f"phrase {phrase!r}: a word cannot be only '*' (the matcher has no gaps)")
            if "*" in word.rstrip("*"):
                raise _fail(where, f"phrase {phrase!r}: '*' may only end a word")
        if not phrase_forms(phrase):
            raise _fail(where, f"phrase {phrase!r} has no matchable word")
        phrases.append(phrase)
    return tuple(dict.fromkeys(phrases))


def _sub_event(value: Any, where: str, ontology: Ontology, allow_attack: bool = True) -> str:
    if value == ATTACK and allow_attack:
        return value
    if value not in ontology.sub_event_types:
        raise _fail(where, f"sub_event_type {value!r} is not an ACLED sub-event type (nor \"@attack\")")
    return value


def _plover(entry: dict, where: str, ontology: Ontology, sub_event_type: str | None) -> tuple[str | None, str | None]:
    ptype = entry.get("plover_type")
    mode = entry.get("plover_mode")
    if ptype is None and sub_event_type is not None:
        default_type, default_mode = ontology.default_plover(sub_event_type)
        ptype = default_type
        mode = mode if mode is not None else default_mode
    if ptype is not None and ptype not in ontology.plover_modes:
        raise _fail(where, f"plover_type {ptype!r} is not a PLOVER event type ({sorted(ontology.plover_modes)})")
    if mode is not None:
        allowed = ontology.plover_modes.get(ptype) if ptype else frozenset()
        if allowed is not None and mode not in allowed:
            raise _fail(where, f"plover_mode {mode!r} is not a mode of {ptype} ({sorted(allowed or [])})")
    return ptype, mode


def _weight(value: Any, where: str, default: float | None) -> float | None:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        raise _fail(where, f"weight must be a number in (0, 1], got {value!r}")
    return float(value)


def _entry_id(entry: dict, where: str, language: str, seen: set[str]) -> str:
    ident = entry["id"]
    if not isinstance(ident, str) or not ident.startswith(f"{language}."):
        raise _fail(where, f"id must be a string starting with '{language}.'")
    if ident in seen:
        raise _fail(where, f"duplicate id {ident!r}")
    seen.add(ident)
    return ident


def _parse_trigger(entry: Any, where: str, language: str, seen: set[str], ontology: Ontology) -> Trigger:
    _check_keys(entry, _TRIGGER_KEYS, {"id", "sub_event_type", "phrases"}, where)
    ident = _entry_id(entry, where, language, seen)
    sub = _sub_event(entry["sub_event_type"], where, ontology)
    ptype, mode = _plover(entry, where, ontology, sub)
    fallback = entry.get("fallback", False)
    if not isinstance(fallback, bool):
        raise _fail(where, "fallback must be true or false")
    return Trigger(ident, sub, ptype, mode, _phrase_list(entry["phrases"], "phrases", where),
                   _weight(entry.get("weight"), where, DEFAULT_WEIGHT) or DEFAULT_WEIGHT, fallback)


def _applies_to(value: Any, where: str, ontology: Ontology, trigger_ids: set[str]) -> frozenset[str]:
    if not isinstance(value, list) or not value:
        raise _fail(where, "'applies_to' must be a non-empty list")
    for item in value:
        if item != ATTACK and item not in ontology.sub_event_types and item not in trigger_ids:
            raise _fail(where, f"applies_to {item!r} is neither an ACLED sub-event type, \"@attack\" nor a trigger id")
    return frozenset(value)


def _parse_refinement(entry: Any, where: str, language: str, seen: set[str], ontology: Ontology,
                      trigger_ids: set[str]) -> Refinement:
    _check_keys(entry, _REFINEMENT_KEYS, {"id", "cues", "applies_to"}, where)
    ident = _entry_id(entry, where, language, seen)
    sub = entry.get("sub_event_type")
    if sub is not None:
        sub = _sub_event(sub, where, ontology)
    if sub is None and entry.get("plover_type") is None and entry.get("plover_mode") is None:
        raise _fail(where, "a refinement must set sub_event_type, plover_type or plover_mode")
    ptype, mode = _plover(entry, where, ontology, sub)
    distance = entry.get("max_distance")
    if distance is not None and (isinstance(distance, bool) or not isinstance(distance, int) or distance < 0):
        raise _fail(where, "max_distance must be a non-negative integer (words)")
    return Refinement(ident, _phrase_list(entry["cues"], "cues", where),
                      _applies_to(entry["applies_to"], where, ontology, trigger_ids), sub, ptype, mode, distance,
                      _weight(entry.get("weight"), where, None))


def _parse_suppressor(entry: Any, where: str, language: str, seen: set[str], ontology: Ontology,
                      trigger_ids: set[str]) -> Suppressor:
    _check_keys(entry, _SUPPRESS_KEYS, {"id", "phrases"}, where)
    ident = _entry_id(entry, where, language, seen)
    scope = entry.get("scope", "span")
    if scope not in ("span", "sentence"):
        raise _fail(where, f"scope must be 'span' or 'sentence', got {scope!r}")
    applies = entry.get("applies_to")
    return Suppressor(ident, _phrase_list(entry["phrases"], "phrases", where), scope,
                      None if applies is None else _applies_to(applies, where, ontology, trigger_ids))


def _check_duplicate_phrases(triggers: list[Trigger], source: str) -> None:
    owner: dict[tuple, str] = {}
    for trigger in triggers:
        for phrase in trigger.phrases:
            key = phrase_forms(phrase)
            if key in owner and owner[key] != trigger.id:
                raise TriggerDataError(
                    f"{source}: phrase {phrase!r} of {trigger.id} is already a phrase of {owner[key]}")
            owner[key] = trigger.id


def _list_section(data: dict, key: str, source: str, required: bool = False) -> list:
    value = data.get(key)
    if value is None and not required:
        return []
    if not isinstance(value, list) or (required and not value):
        raise TriggerDataError(f"{source}: '{key}' must be a {'non-empty ' if required else ''}list")
    return value


def _specificity(phrase: str) -> tuple[int, int, int]:
    """Longer phrases, exact words and longer stems are more specific."""
    forms = phrase_forms(phrase)
    exact = sum(1 for word in forms if not word[0].endswith("*"))
    letters = sum(len(word[0].rstrip("*")) for word in forms)
    return len(forms), exact, letters


# --------------------------------------------------------------------------- the book


class TriggerBook:
    """A language's validated triggers, refinements and suppressions, ready to match."""

    def __init__(self, language: str, version: int, triggers: list[Trigger], refinements: list[Refinement],
                 suppressors: list[Suppressor], source: str = "<memory>") -> None:
        self.language = language
        self.version = version
        self.triggers = {t.id: t for t in triggers}
        self.refinements = tuple(refinements)
        self.suppressors = tuple(suppressors)
        self.source = source
        self._triggers = PhraseMatcher()
        for trigger in triggers:
            for phrase in trigger.phrases:
                self._triggers.add(phrase, (trigger, _specificity(phrase)))
        self._cues = PhraseMatcher()
        for rank, refinement in enumerate(refinements):
            for phrase in refinement.cues:
                self._cues.add(phrase, rank)
        self._suppress = PhraseMatcher()
        for suppressor in suppressors:
            for phrase in suppressor.phrases:
                self._suppress.add(phrase, suppressor)

    def refinements_in(self, text: str, sub_event_type: str) -> list[Refinement]:
        """Refinements whose cues occur in `text` and that apply to `sub_event_type`
        (for cues told in a neighbouring sentence: "Some protesters burned tyres.")."""
        ranks = sorted({m.payload for m in self._cues.find(text)})
        return [self.refinements[r] for r in ranks
                if sub_event_type in self.refinements[r].applies_to and self.refinements[r].sub_event_type]

    @classmethod
    def load(cls, language: str, data_dir: Path | str | None = None) -> TriggerBook:
        """Load and validate marsad/data/triggers/<language>.yaml (cached per file)."""
        return _load_book(language, Path(data_dir) if data_dir else DATA_DIR)

    @classmethod
    def from_dict(cls, data: Any, source: str = "<memory>", ontology: Ontology | None = None,
                  language: str | None = None) -> TriggerBook:
        """Validate parsed YAML; errors name the source file and the entry."""
        ontology = ontology or load_ontology()
        if not isinstance(data, dict):
            raise TriggerDataError(f"{source}: the file must be a mapping with 'language' and 'triggers'")
        unknown = set(data) - _TOP_KEYS
        if unknown:
            raise TriggerDataError(f"{source}: unknown top-level key(s) {sorted(unknown)}")
        lang = data.get("language")
        if not isinstance(lang, str) or (language is not None and lang != language):
            raise TriggerDataError(f"{source}: 'language' must be {language or 'a language code'!r}, got {lang!r}")
        version = data.get("version", 1)
        if not isinstance(version, int):
            raise TriggerDataError(f"{source}: 'version' must be an integer")
        seen: set[str] = set()
        triggers = [_parse_trigger(e, _where(source, "triggers", i, e), lang, seen, ontology)
                    for i, e in enumerate(_list_section(data, "triggers", source, required=True))]
        _check_duplicate_phrases(triggers, source)
        ids = {t.id for t in triggers}
        refinements = [_parse_refinement(e, _where(source, "refinements", i, e), lang, seen, ontology, ids)
                       for i, e in enumerate(_list_section(data, "refinements", source))]
        suppressors = [_parse_suppressor(e, _where(source, "suppress", i, e), lang, seen, ontology, ids)
                       for i, e in enumerate(_list_section(data, "suppress", source))]
        return cls(lang, version, triggers, refinements, suppressors, source)

    # ------------------------------------------------------------------ matching

    def find(self, text: str, span: tuple[int, int] | None = None,
             clause_starts: Sequence[int] = ()) -> list[TriggerHit]:
        """Trigger hits in text[span] (whole text by default), suppressed per sentence, refined
        and outranked per clause: `clause_starts` (offsets in text) open clauses that may tell
        another event ("..., while an air strike hit Y"), so a cue or a stronger trigger there
        does not recode or hide this clause's trigger."""
        start, end = span if span is not None else (0, len(text))
        region = text[start:end]
        tokens = tokenize(region)
        if not tokens:
            return []
        sentence_of = _sentence_index(region, tokens)
        clause_of = _sentence_index(region, tokens, [c - start for c in clause_starts if start <= c < end])
        candidates = self._select(tokens)
        cues = self._cues.find(region, tokens=tokens, overlapping=True)
        suppressions = self._suppress.find(region, tokens=tokens, overlapping=True)
        candidates, cues = _apply_suppressions(candidates, cues, suppressions, sentence_of)
        hits = [self._hit(text, start, tokens, c, cues, clause_of) for c in candidates]
        return _drop_fallbacks(hits, [clause_of[c.first] for c in candidates],
                               [c.trigger.fallback for c in candidates])

    def _select(self, tokens: list[Token]) -> list[_Candidate]:
        """Leftmost, then longest and most specific, non-overlapping trigger matches."""
        by_start: dict[int, _Candidate] = {}
        for match in self._triggers.find(tokens=tokens, overlapping=True):
            trigger, specificity = match.payload
            candidate = _Candidate(match.first_token, match.last_token, trigger, specificity)
            best = by_start.get(candidate.first)
            if best is None or candidate.specificity > best.specificity:
                by_start[candidate.first] = candidate
        chosen: list[_Candidate] = []
        next_free = 0
        for first in sorted(by_start):
            if first >= next_free:
                chosen.append(by_start[first])
                next_free = by_start[first].last + 1
        return chosen

    def _hit(self, text: str, offset: int, tokens: list[Token], candidate: _Candidate, cues: list,
             sentence_of: list[int]) -> TriggerHit:
        trigger = candidate.trigger
        start, end = tokens[candidate.first].start + offset, tokens[candidate.last].end + offset
        hit = TriggerHit(start, end, text[start:end], trigger.id, trigger.sub_event_type, trigger.plover_type,
                         trigger.plover_mode, trigger.weight, fallback=trigger.fallback)
        refinement = self._refinement_for(candidate, cues, sentence_of)
        if refinement is not None:
            _refine(hit, refinement, load_ontology())
        return hit

    def _refinement_for(self, candidate: _Candidate, cues: list, sentence_of: list[int]) -> Refinement | None:
        sentence = sentence_of[candidate.first]
        trigger = candidate.trigger
        best: int | None = None
        for cue in cues:
            if sentence_of[cue.first_token] != sentence or _overlaps(cue, candidate):
                continue
            refinement = self.refinements[cue.payload]
            if not ({trigger.sub_event_type, trigger.id} & refinement.applies_to):
                continue
            if refinement.max_distance is not None and _gap(cue, candidate) > refinement.max_distance:
                continue
            best = cue.payload if best is None else min(best, cue.payload)
        return None if best is None else self.refinements[best]


def _refine(hit: TriggerHit, refinement: Refinement, ontology: Ontology) -> None:
    if refinement.sub_event_type is not None and refinement.sub_event_type != hit.sub_event_type:
        hit.sub_event_type = refinement.sub_event_type
        default_type, default_mode = ontology.default_plover(refinement.sub_event_type)
        hit.plover_type, hit.plover_mode = default_type, default_mode
    if refinement.plover_type is not None:
        hit.plover_type = refinement.plover_type
    if refinement.plover_mode is not None:
        hit.plover_mode = refinement.plover_mode
    if refinement.weight is not None:
        hit.weight = refinement.weight
    hit.refined_by = refinement.id


def _overlaps(match, candidate: _Candidate) -> bool:
    return match.first_token <= candidate.last and candidate.first <= match.last_token


def _outspans(candidate: _Candidate, match) -> bool:
    """The candidate covers the match and is longer than it."""
    return candidate.first <= match.first_token and match.last_token <= candidate.last \
        and candidate.last - candidate.first > match.last_token - match.first_token


def _gap(match, candidate: _Candidate) -> int:
    """Words strictly between a match and a candidate (0 when adjacent or overlapping)."""
    if match.last_token < candidate.first:
        return candidate.first - match.last_token - 1
    if match.first_token > candidate.last:
        return match.first_token - candidate.last - 1
    return 0


def _sentence_index(region: str, tokens: list[Token], breaks: Sequence[int] = ()) -> list[int]:
    """Each token's sentence number; with `breaks`, its clause number."""
    starts = sorted({*(s for s, _ in split_sentences(region)), *breaks}) or [0]
    return [max(0, bisect_right(starts, token.start) - 1) for token in tokens]


def _applies(suppressor: Suppressor, trigger: Trigger) -> bool:
    return suppressor.applies_to is None or bool({trigger.sub_event_type, trigger.id} & suppressor.applies_to)


def _apply_suppressions(candidates: list[_Candidate], cues: list, suppressions: list,
                        sentence_of: list[int]) -> tuple[list[_Candidate], list]:
    """Drop trigger candidates (and cues) that a suppression phrase covers. As in matching, the
    longer phrase wins: a trigger that holds a suppressed phrase and more ("counter-terrorism
    operation" around "counter-terrorism") is not dropped."""
    if not suppressions:
        return candidates, cues
    kept = []
    for candidate in candidates:
        sentence = sentence_of[candidate.first]
        dropped = any(
            _applies(s.payload, candidate.trigger)
            and (_overlaps(s, candidate) and not _outspans(candidate, s) if s.payload.scope == "span"
                 else sentence_of[s.first_token] == sentence)
            for s in suppressions
        )
        if not dropped:
            kept.append(candidate)
    general = [s for s in suppressions if s.payload.applies_to is None and s.payload.scope == "span"]
    kept_cues = [c for c in cues if not any(
        c.first_token <= s.last_token and s.first_token <= c.last_token for s in general)]
    return kept, kept_cues


def _drop_fallbacks(hits: list[TriggerHit], sentences: list[int], fallbacks: list[bool]) -> list[TriggerHit]:
    """Fallback triggers (bare outcomes such as 'killed') count only in clauses with no other trigger."""
    strong = {sentence for sentence, fallback in zip(sentences, fallbacks, strict=True) if not fallback}
    return [hit for hit, sentence, fallback in zip(hits, sentences, fallbacks, strict=True)
            if not fallback or sentence not in strong]


@lru_cache(maxsize=16)
def _load_book(language: str, data_dir: Path) -> TriggerBook:
    path = data_dir / "triggers" / f"{language}.yaml"
    data = read_data_file(path, TriggerDataError, "trigger file")
    return TriggerBook.from_dict(data, str(path), load_ontology(data_dir), language)
