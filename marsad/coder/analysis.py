"""Recognition: every mention the coder needs, found once per document.

Like a spaCy `Doc`, an Analysis holds the original text and spans into it; the
frame builder only reads it.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from marsad.records import Document, Mention
from marsad.text import split_paragraphs, split_sentences


@dataclass(slots=True)
class Analysis:
    """A document with its sentences, paragraphs and recognised mentions."""

    doc: Document
    language: str
    sentences: list[tuple[int, int]]
    paragraphs: list[tuple[int, int]]
    triggers: list[Any]  # TriggerHit
    actors: list[Mention]
    places: Any  # DocumentPlaces
    dates: list[Mention]
    casualties: list[Mention]

    @property
    def text(self) -> str:
        return self.doc.text

    def paragraph_of(self, position: int) -> tuple[int, int]:
        """The paragraph span holding a character position."""
        starts = [p[0] for p in self.paragraphs]
        index = max(0, bisect_right(starts, position) - 1)
        return self.paragraphs[index] if self.paragraphs else (0, len(self.text))


def within(items: list, span: tuple[int, int]) -> list:
    """Items (with .start/.end) lying inside a span."""
    start, end = span
    return [item for item in items if item.start >= start and item.end <= end]


def analyse(doc: Document, language: str, resources) -> Analysis:
    """Run every recogniser over the document once."""
    from marsad.coder.casualties import find_casualties
    from marsad.timex import find_dates

    text = doc.text
    if not text.strip():
        return Analysis(doc, language, [], [], [], [], None, [], [])
    triggers = resources.triggers_for(language)
    return Analysis(
        doc=doc,
        language=language,
        sentences=split_sentences(text),
        paragraphs=split_paragraphs(text),
        triggers=triggers.find(text) if triggers else [],
        actors=resources.actors.find_mentions(text, language),
        places=resources.resolver.resolve_document(text, language),
        dates=find_dates(text, language, doc.published),
        casualties=find_casualties(text, language),
    )
