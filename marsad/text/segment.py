"""Sentence and paragraph segmentation over the original text (spans, not copies)."""

from __future__ import annotations

import re
from functools import lru_cache

# A sentence ends at . ! ? ؟ ۔ (or an ellipsis) followed by space, or at a line break; in
# Arabic web text often with no space before the next sentence ("الكاميرون.وأصيب").
_BOUNDARY = re.compile(r"(?<=[.!?؟۔…])[\"'”»)]*\s+|(?<=[.!?؟])(?=[\u0621-\u064A])|\n\s*")
# Abbreviations after which a period does not end the sentence.
_ABBREVIATIONS = {
    "m", "mm", "mme", "dr", "st", "gen", "gén", "col", "lt", "sgt", "mr", "mrs", "ms", "no",
    "u.s", "u.n", "p", "ex", "cf", "etc", "vs", "jr", "sr", "capt", "maj", "cpt", "lieut",
}


def _ends_with_abbreviation(text: str, end: int) -> bool:
    before = text[max(0, end - 12):end].rstrip()
    if not before.endswith("."):
        return False
    word = re.split(r"\s", before[:-1])[-1].lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) with surrounding white space trimmed."""
    return list(_sentence_spans(text))


@lru_cache(maxsize=8)
def _sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """split_sentences, worked out once for the last few texts (the coder splits a document
    for its analysis and again for its triggers' sentences and clauses)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for boundary in _BOUNDARY.finditer(text):
        if "\n" not in boundary.group() and _ends_with_abbreviation(text, boundary.start()):
            continue
        _append_trimmed(text, start, boundary.start(), spans)
        start = boundary.end()
    _append_trimmed(text, start, len(text), spans)
    return tuple(spans)


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: blocks separated by blank lines (or single line breaks)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for boundary in re.finditer(r"\n\s*", text):
        _append_trimmed(text, start, boundary.start(), spans)
        start = boundary.end()
    _append_trimmed(text, start, len(text), spans)
    return spans


def _append_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
