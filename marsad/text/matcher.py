"""Dictionary phrase matching over clitic-aware tokens (leftmost-longest)."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from marsad.text.tokens import GAP, MAX_GAP, Token, Tokens, phrase_forms, tokenize

CANDIDATE_CACHE_SIZE = 100_000  # words whose dictionary entries are remembered


@dataclass(slots=True)
class Match:
    """A dictionary phrase found in the text."""

    start: int
    end: int
    text: str
    payload: Any
    phrase: str
    first_token: int
    last_token: int


@dataclass(slots=True)
class _Entry:
    forms: tuple[tuple[str, ...], ...]
    payload: Any
    phrase: str
    gapped: bool = False  # a `...` word: matching must try every gap length
    # per word, its exact forms and its stems (forms ending in `*`), for one-pass matching
    words: tuple[tuple[frozenset[str], tuple[str, ...]], ...] = ()


def _split_forms(forms: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    return (frozenset(f for f in forms if not f.endswith("*")),
            tuple(f[:-1] for f in forms if f.endswith("*")))


@dataclass(slots=True)
class _Candidates:
    """Entries that may start at a word. Phrases whose second word is exact are filed under
    it, so a common first word ("الجيش", "the army") with hundreds of phrases costs a lookup
    of the next word instead of a try per phrase."""

    rest: list[_Entry]
    by_next: dict[str, list[_Entry]]

    def for_next(self, next_keys: tuple[str, ...]) -> list[_Entry]:
        if not self.by_next:
            return self.rest
        found = list(self.rest)
        for key in next_keys:
            found.extend(self.by_next.get(key, ()))
        return found


_NONE = _Candidates([], {})


def _file_candidates(entries: list[_Entry]) -> _Candidates:
    if not entries:
        return _NONE
    rest: list[_Entry] = []
    by_next: dict[str, list[_Entry]] = defaultdict(list)
    for entry in entries:
        second = entry.forms[1] if len(entry.forms) > 1 else None
        if second is None or second == (GAP,) or any(form.endswith("*") for form in second):
            rest.append(entry)
        else:
            for form in second:
                by_next[form].append(entry)
    return _Candidates(rest, dict(by_next))


def _word_matches(keys: tuple[str, ...], forms: tuple[str, ...]) -> bool:
    for form in forms:
        if form.endswith("*"):
            stem = form[:-1]
            if any(key.startswith(stem) for key in keys):
                return True
        elif form in keys:
            return True
    return False


class PhraseMatcher:
    """Finds dictionary phrases in text; payloads are returned with each match."""

    def __init__(self) -> None:
        self._exact: dict[str, list[_Entry]] = defaultdict(list)
        self._prefix: dict[str, list[_Entry]] = defaultdict(list)
        self._prefix_lengths: list[int] = []
        self._candidate_cache: dict[tuple[str, ...], _Candidates] = {}
        self.size = 0

    def add(self, phrase: str, payload: Any) -> None:
        """Index a phrase; `*` at the end of a word makes it a stem, `...` a short gap."""
        if not isinstance(phrase, str):
            raise TypeError(f"dictionary phrase must be text, got {phrase!r} (quote it in YAML)")
        forms = phrase_forms(phrase)
        if not forms or forms[0] == (GAP,) or forms[-1] == (GAP,):
            raise ValueError(f"dictionary phrase {phrase!r} is empty or starts or ends with a gap")
        entry = _Entry(forms, payload, phrase, (GAP,) in forms, tuple(_split_forms(word) for word in forms))
        for form in forms[0]:
            if form.endswith("*"):
                self._prefix[form[:-1]].append(entry)
                if len(form) - 1 not in self._prefix_lengths:
                    self._prefix_lengths.append(len(form) - 1)
            else:
                self._exact[form].append(entry)
        self.size += 1
        self._candidate_cache.clear()

    def _candidates(self, keys: tuple[str, ...]) -> _Candidates:
        cached = self._candidate_cache.get(keys)
        if cached is None:
            if len(self._candidate_cache) > CANDIDATE_CACHE_SIZE:
                self._candidate_cache.clear()
            cached = self._candidate_cache[keys] = _file_candidates(self._lookup(keys))
        return cached

    def _lookup(self, keys: tuple[str, ...]) -> list[_Entry]:
        found: list[_Entry] = []
        for key in keys:
            found.extend(self._exact.get(key, ()))
            for length in self._prefix_lengths:
                if len(key) >= length:
                    found.extend(self._prefix.get(key[:length], ()))
        return found

    def _last_token(self, forms: tuple[tuple[str, ...], ...], tokens: list[Token], index: int) -> int | None:
        """Index of the last token when `forms` match from token `index`, else None."""
        if not forms:
            return index - 1
        if forms[0] == (GAP,):
            for skip in range(MAX_GAP + 1):
                last = self._last_token(forms[1:], tokens, index + skip)
                if last is not None:
                    return last
            return None
        if index >= len(tokens) or not _word_matches(tokens[index].keys, forms[0]):
            return None
        return self._last_token(forms[1:], tokens, index + 1)

    @staticmethod
    def _last_plain(entry: _Entry, tokens: list[Token], index: int) -> int | None:
        """_last_token for a phrase without a gap: one pass, no recursion (the common case).
        Its first word matches: the entry was filed under that word's key or stem."""
        words = entry.words
        last = index + len(words) - 1
        if last >= len(tokens):
            return None
        for offset in range(1, len(words)):
            exact, stems = words[offset]
            keys = tokens[index + offset].keys
            if exact.isdisjoint(keys) and not (stems and any(key.startswith(stems) for key in keys)):
                return None
        return last

    def matches_at(self, tokens: list[Token], index: int) -> list[Match]:
        """All phrases starting at token `index`, longest first."""
        filed = self._candidates(tokens[index].keys)
        if filed is _NONE:
            return []
        candidates = filed.for_next(tokens[index + 1].keys if index + 1 < len(tokens) else ())
        found = []
        seen: set[int] = set()
        for entry in candidates:
            if id(entry) in seen:
                continue
            last = self._last_token(entry.forms, tokens, index) if entry.gapped \
                else self._last_plain(entry, tokens, index)
            if last is None:
                continue
            seen.add(id(entry))
            found.append(Match(tokens[index].start, tokens[last].end, "", entry.payload,
                               entry.phrase, index, last))
        found.sort(key=lambda m: (-(m.last_token - m.first_token), m.phrase))
        return found

    def _starts(self, tokens: list[Token]) -> list[int]:
        """Indices of the tokens some phrase may start at (a key of theirs files an entry)."""
        if not isinstance(tokens, Tokens) or len(self._prefix) > len(tokens):
            # a short text (a sentence) is scanned faster than a long list of stems is searched
            cache = self._candidate_cache
            return [i for i, token in enumerate(tokens) if cache.get(token.keys) is not _NONE]
        # most words start no phrase: intersect the text's keys with the phrases' first words,
        # and find the keys with a stem among the sorted keys
        at = tokens.positions()
        starts: set[int] = set()
        for key in at.keys() & self._exact.keys():
            starts.update(at[key])
        if self._prefix:
            keys = tokens.sorted_keys()
            for stem in self._prefix:
                index = bisect_left(keys, stem)
                while index < len(keys) and keys[index].startswith(stem):
                    starts.update(at[keys[index]])
                    index += 1
        return sorted(starts)

    def find(self, text: str | None = None, tokens: list[Token] | None = None,
             overlapping: bool = False) -> list[Match]:
        """Matches in reading order; without `overlapping`, leftmost-longest only."""
        if tokens is None:
            tokens = tokenize(text or "")
        source = text
        results: list[Match] = []
        index = 0  # the first token a (non-overlapping) match may start at
        for start in self._starts(tokens):
            if start < index:
                continue
            here = self.matches_at(tokens, start)
            if overlapping:
                results.extend(here)
            elif here:
                best = here[0]
                results.append(best)
                index = best.last_token + 1
        for match in results:
            match.text = source[match.start:match.end] if source is not None else " ".join(
                t.text for t in tokens[match.first_token:match.last_token + 1])
        return results
