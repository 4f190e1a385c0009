"""Tokenisation with clitic-aware lookup keys.

A token carries several keys: its full normalised form first, then forms with
Arabic proclitics (conjunction, preposition, article, future marker), enclitic
pronouns and sound-plural endings removed. Dictionary entries match a token when
one of their forms equals one of its keys, so `والجيش`, `بتمبكتو` and `لمالي`
find `الجيش`, `تمبكتو` and `مالي`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from marsad.text.normalize import Normalized, fold, normalize_shared

_WORD = re.compile(r"[^\W_]+")
_ARABIC = re.compile(r"[\u0600-\u06ff]")

# Proclitic chains, longest first; each leaves a stem of at least MIN_STEM letters.
_CONJUNCTIONS = ("و", "ف")
_PREPOSITIONS = ("ب", "ك", "ل")
_ENCLITICS = ("هما", "كما", "هم", "هن", "ها", "كم", "نا")
_PLURAL_ENDINGS = ("ون", "ين", "ات", "ان")
MIN_STEM = 2
# A phrase word `...` lets up to MAX_GAP words stand between its neighbours
# ("سحب* ... جنود*" matches "سحبت واشنطن جنودها").
GAP = "..."
MAX_GAP = 4


@dataclass(slots=True)
class Token:
    """A word of the original text: span, surface text, normalised form, lookup keys."""

    start: int
    end: int
    text: str
    norm: str
    keys: tuple[str, ...]


def _strip_article(word: str) -> list[str]:
    if word.startswith("ال") and len(word) - 2 >= MIN_STEM:
        return [word[2:]]
    return []


def _proclitic_stems(word: str) -> list[str]:
    stems = [word]
    heads = [word]
    for conj in _CONJUNCTIONS:
        if word.startswith(conj) and len(word) - 1 >= MIN_STEM:
            heads.append(word[1:])
    for head in list(heads):
        for prep in _PREPOSITIONS:
            if head.startswith(prep) and len(head) - 1 >= MIN_STEM:
                rest = head[1:]
                heads.append(rest)
                if prep == "ل" and rest.startswith("ل") and len(rest) - 1 >= MIN_STEM:
                    heads.append(rest[1:])  # لل = ل + ال
        if head.startswith("س") and head is not word and len(head) - 1 >= MIN_STEM + 1:
            heads.append(head[1:])  # وسيهاجم: future marker after a conjunction
    for head in heads:
        stems.append(head)
        stems.extend(_strip_article(head))
    return stems


def _suffix_stems(word: str) -> list[str]:
    out = []
    for suffix in _ENCLITICS + _PLURAL_ENDINGS:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM + 1:
            out.append(word[: -len(suffix)])
    return out


@lru_cache(maxsize=65536)
def arabic_keys(word: str) -> tuple[str, ...]:
    """Candidate lookup keys of a normalised Arabic word, full form first."""
    keys: list[str] = []
    for stem in _proclitic_stems(word):
        keys.append(stem)
        keys.extend(_suffix_stems(stem))
    return tuple(dict.fromkeys(keys))


def token_keys(norm: str) -> tuple[str, ...]:
    """Lookup keys of one normalised token."""
    if _ARABIC.search(norm):
        return arabic_keys(norm)
    return (norm,)


class Tokens(list):
    """The tokens of one text (a read-only list) with where each lookup key occurs, worked out on
    first use: the dictionary matchers reading a document find the words their phrases may start
    at by intersecting key sets, instead of each passing over every word."""

    __slots__ = ("_positions", "_sorted")

    def __init__(self, tokens: list[Token]) -> None:
        super().__init__(tokens)
        self._positions: dict[str, list[int]] | None = None
        self._sorted: list[str] | None = None

    def positions(self) -> dict[str, list[int]]:
        """Lookup key → indices of the tokens having it."""
        if self._positions is None:
            found: dict[str, list[int]] = defaultdict(list)
            for index, token in enumerate(self):
                for key in token.keys:
                    found[key].append(index)
            self._positions = dict(found)
        return self._positions

    def sorted_keys(self) -> list[str]:
        """The distinct lookup keys in code-point order (the keys with a given stem are adjacent)."""
        if self._sorted is None:
            self._sorted = sorted(self.positions())
        return self._sorted


def tokenize_normalized(normalized: Normalized) -> Tokens:
    """Tokens of an already normalised text, with spans in the original."""
    tokens = []
    aligned = normalized.aligned
    for match in _WORD.finditer(normalized.text):
        start, end = match.span() if aligned else normalized.span_to_original(match.start(), match.end())
        norm = match.group()
        tokens.append(Token(start, end, normalized.original[start:end], norm, token_keys(norm)))
    return Tokens(tokens)


@lru_cache(maxsize=512)
def tokenize(text: str) -> Tokens:
    """Tokens of an original text, with clitic-aware lookup keys.

    Several recognisers read the same document and sentences, so recent results are
    memoised; callers must treat the returned list as read-only.
    """
    return tokenize_normalized(normalize_shared(text))


def phrase_forms(phrase: str) -> tuple[tuple[str, ...], ...]:
    """For each word of a dictionary phrase, the forms a text key may equal.

    The article is optional in a dictionary entry (`الجيش` also matches `جيش`).
    A trailing `*` keeps the star: the word matches any key starting with the stem.
    A word `...` is a gap of up to MAX_GAP words.
    """
    forms = []
    for raw in phrase.split():
        if raw == GAP:
            forms.append((GAP,))
            continue
        star = raw.endswith("*")
        words = [m.group() for m in _WORD.finditer(fold(raw.rstrip("*")))]
        for position, word in enumerate(words):
            suffix = "*" if star and position == len(words) - 1 else ""
            variants = [word, *_strip_article(word)] if _ARABIC.search(word) else [word]
            forms.append(tuple(dict.fromkeys(v + suffix for v in variants)))
    return tuple(forms)


def lookup_key(phrase: str) -> tuple[str, ...]:
    """The normalised word keys of a dictionary phrase (article kept), for indexing."""
    return tuple(form[0] for form in phrase_forms(phrase))
