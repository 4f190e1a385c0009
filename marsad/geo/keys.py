"""Lookup keys for place names: normalised token keys and consonant skeletons.

The gazetteer indexes every name under the same keys the recogniser builds from
text, so both sides must go through these functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from marsad.geo.data import transliteration
from marsad.text.normalize import fold

# Arabic short vowels, tanween and tatweel are not \w: keep them inside the word (تقريبًا is one word);
# so are zero-width (non-)joiners and bidi marks, which normalisation drops (غا\u200cو is غاو)
_LETTER = r"(?:[^\W_]|[\u0610-\u061a\u064b-\u065f\u0670\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069])"
_TOKEN = re.compile(rf"{_LETTER}+(?:['’]{_LETTER}+)*", re.UNICODE)
_ARABIC = re.compile(r"[\u0600-\u06ff]")


@dataclass(slots=True)
class Token:
    """A word of the original text with its normalised lookup keys (most literal first)."""

    start: int
    end: int
    text: str
    keys: tuple[str, ...]


def is_arabic(text: str) -> bool:
    return bool(_ARABIC.search(text))


def _strip_article(word: str) -> str:
    # GeoNames writes Arabic names with and without the article; index them without it.
    if word.startswith("ال") and len(word) > 4:
        return word[2:]
    return word


def _latin_word_keys(word: str) -> tuple[str, ...]:
    keys = [word.replace("'", "")]
    # French elision: l'armée, d'Agadez → agadez (N'Guigmi stays nguigmi first)
    head, _, tail = word.partition("'")
    if tail and len(head) == 1:
        keys.append(tail)
    return tuple(dict.fromkeys(keys))


def _arabic_word_keys(word: str) -> tuple[str, ...]:
    table = transliteration()
    keys = [_strip_article(word)]
    for prefix in table["proclitics"]:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            keys.append(_strip_article(word[len(prefix):]))
    return tuple(dict.fromkeys(k for k in keys if k))


def word_keys(word: str) -> tuple[str, ...]:
    """Keys for one folded word: itself, then clitic-stripped forms."""
    if is_arabic(word):
        return _arabic_word_keys(word)
    return _latin_word_keys(word)


def tokenize(text: str) -> list[Token]:
    """Words of `text` with offsets into it and their lookup keys."""
    tokens = []
    for match in _TOKEN.finditer(text):
        word = match.group()
        keys = _surface_keys(word)
        if keys:
            tokens.append(Token(match.start(), match.end(), word, keys))
    return tokens


@lru_cache(maxsize=131072)
def _surface_keys(word: str) -> tuple[str, ...]:
    """Keys of one word as written (news vocabulary repeats: each spelling is worked out once)."""
    folded = fold(word)
    return word_keys(folded) if folded else ()


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The key a gazetteer name is indexed under: folded words, article-less, space-joined."""
    words = _TOKEN.findall(fold(name))
    out = []
    for word in words:
        word = word.replace("'", "")
        out.append(_strip_article(word) if is_arabic(word) else word)
    return " ".join(out)


def arabic_variants(name: str) -> list[str]:
    """`name` and the spellings the press alternates with it (غ/ج/ق for "g", final ي/يه for "é").

    Non-Arabic names come back alone. Rules are data: `arabic_variants` in transliteration.yaml.
    """
    if not is_arabic(name):
        return [name]
    table = transliteration().get("arabic_variants", {})
    forms = [fold(name).strip()]
    for group in table.get("interchangeable", []):
        present = [letter for letter in group if any(letter in form for form in forms)]
        for letter in present:
            forms += [form.replace(letter, other) for form in forms for other in group if other != letter]
    for plain, long_form in table.get("endings", []):
        for form in list(forms):
            if form.endswith(long_form):
                forms.append(form[: -len(long_form)] + plain)
            elif form.endswith(plain) and len(form.split()[-1]) >= 5:  # دوري must not become دورية (patrol)
                forms.append(form + long_form[len(plain):])
    return list(dict.fromkeys(forms))


def _latin_skeleton(word: str) -> str:
    table = transliteration()
    for pattern, replacement in table["latin_rules"]:
        word = re.sub(pattern, replacement, word)
    return "".join(table["latin_classes"].get(c, "") for c in word)


@lru_cache(maxsize=65536)
def variant_key(name: str) -> str:
    """One form for the Latin spellings of a name (`latin_variants` in transliteration.yaml):
    Kona and Konna → 'kona', Diabaly and Diabali → 'diabali'; Douna stays 'duna', apart from Donna."""
    word = re.sub(r"[^a-z]", "", fold(name))
    for pattern, replacement in transliteration()["latin_variants"]:
        word = re.sub(pattern, replacement, word)
    word = _squeeze(word)
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def _arabic_skeleton(word: str) -> str:
    classes = transliteration()["arabic_classes"]
    return "".join(classes.get(c, "") for c in word)


def _squeeze(skeleton: str) -> str:
    return re.sub(r"(.)\1+", r"\1", skeleton)


@lru_cache(maxsize=65536)
def skeleton(name: str) -> str:
    """Script-neutral consonant skeleton of a name: Ménaka, ميناكا → 'mnk'."""
    parts = []
    for word in _TOKEN.findall(fold(name)):
        word = word.replace("'", "")
        if is_arabic(word):
            parts.append(_arabic_skeleton(_strip_article(word)))
        else:
            parts.append(_latin_skeleton(word))
    return _squeeze("".join(parts))


def skeleton_variants(skel: str) -> list[str]:
    """The skeleton, its adjacent transpositions and single deletions (fuzzy candidates)."""
    variants = [skel]
    if len(skel) >= 4:
        for i in range(len(skel) - 1):
            variants.append(skel[:i] + skel[i + 1] + skel[i] + skel[i + 2:])
    if len(skel) >= 5:
        variants.extend(skel[:i] + skel[i + 1:] for i in range(len(skel)))
    return list(dict.fromkeys(_squeeze(v) for v in variants))


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance."""
    rows = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        rows[i][0] = i
    for j in range(len(b) + 1):
        rows[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[-1][-1]
