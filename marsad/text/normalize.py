"""Orthographic normalisation for matching, with an exact map back to the original text.

Normalisation may delete characters (diacritics, tatweel, zero-width and bidi
controls) and may expand one character into several (ß → ss, ligatures), so every
output character records the index of the original character it came from.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Arabic letter variants folded for matching; digits of both Arabic-Indic and
# Persian blocks become ASCII so numbers match across scripts.
_ARABIC_FOLD = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ؤ": "و", "ئ": "ي", "ى": "ي", "ی": "ي", "ې": "ي", "ة": "ه", "ۀ": "ه", "ە": "ه",
    "ک": "ك", "ڪ": "ك", "گ": "ك", "ڤ": "ف", "ڨ": "ق", "پ": "ب", "چ": "ج",
    "،": ",", "؛": ";", "؟": "?", "٪": "%", "٫": ".", "٬": ",", "«": '"', "»": '"',
}
_ARABIC_FOLD.update({chr(0x0660 + d): str(d) for d in range(10)})
_ARABIC_FOLD.update({chr(0x06F0 + d): str(d) for d in range(10)})

# Characters that carry no meaning for matching and are dropped.
_DROPPED_RANGES = (
    (0x0610, 0x061A), (0x064B, 0x065F), (0x0670, 0x0670), (0x06D6, 0x06ED),  # Arabic marks
    (0x0640, 0x0640),  # tatweel
    (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2069), (0xFEFF, 0xFEFF),  # zero-width, bidi
    (0x00AD, 0x00AD),  # soft hyphen
)
_QUOTES = {"’": "'", "‘": "'", "ʼ": "'", "`": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-"}


def _dropped(code: int) -> bool:
    return any(lo <= code <= hi for lo, hi in _DROPPED_RANGES)


@lru_cache(maxsize=8192)
def fold_char(char: str) -> str:
    """The normalised form of one character ('' when it is dropped)."""
    if char in _ARABIC_FOLD:
        return _ARABIC_FOLD[char]
    if char in _QUOTES:
        return _QUOTES[char]
    code = ord(char)
    if _dropped(code):
        return ""
    if char.isspace():
        return " "
    if code < 128:
        return char.lower()
    decomposed = unicodedata.normalize("NFKD", char)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = kept.casefold()
    return "".join(_ARABIC_FOLD.get(c, c) for c in folded)


@dataclass(slots=True)
class Normalized:
    """Normalised text plus, for each of its characters, the original index it came from."""

    original: str
    text: str
    origin: list[int]
    aligned: bool = False  # one character out for each character in: a span maps to itself

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the normalised text to the original text."""
        if not self.text:
            return 0, 0
        start = max(0, min(start, len(self.text)))
        end = max(start, min(end, len(self.text)))
        if self.aligned:
            return start, end
        if start == end:
            position = self.origin[start] if start < len(self.origin) else len(self.original)
            return position, position
        original_start = self.origin[start]
        last = self.origin[end - 1]
        if end < len(self.origin):
            following = self.origin[end]
            original_end = following if following > last else last + 1
        else:
            original_end = last + 1
            # keep marks that trail the last letter (diacritics, tatweel) inside the span
            while original_end < len(self.original) and fold_char(self.original[original_end]) == "":
                original_end += 1
        return original_start, original_end


def normalize(text: str) -> Normalized:
    """Fold a text for matching, remembering where each output character came from."""
    table = {ord(c): fold_char(c) for c in set(text)}
    if all(len(folded) == 1 for folded in table.values()):
        # one character in, one out: the origin of character i is i (the common case)
        return Normalized(original=text, text=text.translate(table), origin=list(range(len(text))), aligned=True)
    pieces: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = fold_char(char)
        if folded:
            pieces.append(folded)
            origin.extend([index] * len(folded))
    return Normalized(original=text, text="".join(pieces), origin=origin)


@lru_cache(maxsize=4)
def normalize_shared(text: str) -> Normalized:
    """normalize() of a text several recognisers read (a document: its tokens, dates, tolls),
    worked out once for the last few texts; callers must treat the result as read-only."""
    return normalize(text)


def fold(text: str) -> str:
    """Normalised text alone, for building dictionary keys."""
    return "".join(map(fold_char, text))


def is_arabic_script(text: str, threshold: float = 0.3) -> bool:
    """True when at least `threshold` of the letters are Arabic script."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    arabic = sum(1 for c in letters if "\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f"
                 or "\ufb50" <= c <= "\ufeff")
    return arabic / len(letters) >= threshold
