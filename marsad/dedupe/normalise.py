"""Orthographic folding for text comparison (signatures, n-gram similarity).

Kept inside dedupe on purpose: stored signature band keys must not change when the
general-purpose normaliser of marsad.text evolves.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_WORD = re.compile(r"\w+")


def fold(text: str, letter_folding: dict[str, str]) -> str:
    """Casefold, strip diacritics (folds Arabic hamza/madda forms too), map letters and digits."""
    decomposed = unicodedata.normalize("NFKD", text)
    out: list[str] = []
    for char in decomposed:
        if unicodedata.category(char) == "Mn":
            continue
        if char.isdigit():
            digit = unicodedata.decimal(char, None)
            out.append(str(digit) if digit is not None else char)
            continue
        out.append(letter_folding.get(char, char))
    return "".join(out).casefold()


def words(text: str, letter_folding: dict[str, str]) -> list[str]:
    """Folded word tokens."""
    return _WORD.findall(fold(text, letter_folding))


@functools.lru_cache(maxsize=65536)
def _folded_key(value: str, folding: tuple[tuple[str, str], ...]) -> str:
    return " ".join(fold(value, dict(folding)).replace("-", " ").split())


def name_key(value: str | None, letter_folding: dict[str, str]) -> str:
    """Comparable form of a place or country name (folded, hyphens as spaces); cached."""
    return _folded_key(value, tuple(letter_folding.items())) if value else ""
