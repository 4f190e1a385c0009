"""Text folding for the `q` filter: the same function builds the index and the query."""

from __future__ import annotations

from marsad.text import fold as fold_letters


def fold(text: str) -> str:
    """Case-, diacritic- and Arabic letter-form-insensitive form of `text` (marsad.text.fold)."""
    return fold_letters(text).casefold()
