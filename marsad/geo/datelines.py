"""Datelines: where a story was filed ("باماكو (أ ف ب) -", "BAMAKO (AFP) —", "Niamey, 3 mars
(Reuters) -", "غاو - ", or a line "Outlet – City" above the text), not where its events happened."""

from __future__ import annotations

import re

MAX_WORDS = 3
# At the start of a paragraph: PLACE [, date] [(agency)] dash. The dash needs a space (or the agency's
# parenthesis) before it and a space after it, so "Gao-Kidal" is no dateline.
_LEADING = re.compile(
    r"^[ \t]*(?P<place>[^\W\d_][^\n,()\-–—:]{0,40}?)[ \t]*"
    r"(?:,[ \t]*[^\n()\-–—]{1,30}?[ \t]*)?"
    r"(?:(?P<agency>\([^()\n]{1,40}\))[ \t]*|[ \t](?=[-–—]))[-–—][ \t]",
    re.MULTILINE)
# A line of its own above the text: "Outlet – City" (or "City – Outlet")
_LINE = re.compile(r"^[ \t]*(?P<left>[^\n\-–—]{2,40}?)[ \t]+[-–—][ \t]+(?P<right>[^\n\-–—]{2,40}?)[ \t]*\n",
                   re.MULTILINE)


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """Character spans that may name a dateline's place (a place mention must fill one exactly)."""
    spans = []
    for match in _LEADING.finditer(text):
        if len(match.group("place").split()) <= MAX_WORDS:
            spans.append(match.span("place"))
    for match in _LINE.finditer(text):
        left, right = match.group("left"), match.group("right")
        if len(left.split()) + len(right.split()) <= 2 * MAX_WORDS:
            spans += [match.span("left"), match.span("right")]
    return sorted(set(spans))
