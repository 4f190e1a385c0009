"""Recognition: every mention the coder needs, found once per document.

Like a spaCy `Doc`, an Analysis holds the original text and spans into it; the
frame builder only reads it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from typing import Any

from marsad.coder.casualties import find_casualties
from marsad.records import Document, Mention
from marsad.text import normalize_shared, split_paragraphs, split_sentences, tokenize
from marsad.timex import find_dates

HEADLINE_WORDS = 20


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
    reporting: list[Any] = field(default_factory=list)  # reporting-cue Matches
    book: Any = None  # the language's TriggerBook
    usual_suspect: Any = None  # ActorRef of the one armed group the document blames
    claim: Any = None  # (ActorRef, start, end): the group claiming the violence told in start:end
    clause_starts: list[int] = field(default_factory=list)  # where clause barriers open a clause
    _cue_matches: dict = field(default_factory=dict)
    # sentence span → who reports it: frames of one sentence share it (reports._modality)
    attributions: dict[tuple[int, int], str | None] = field(default_factory=dict)

    def cue_matches(self, matcher) -> list:
        """Matches of a cue dictionary over the whole document, found once (none without one)."""
        if matcher is None:
            return []
        key = id(matcher)
        if key not in self._cue_matches:
            self._cue_matches[key] = matcher.find(self.text)
        return self._cue_matches[key]

    def cue_right_before(self, matcher, position: int, floor: int, reach: int = 30) -> bool:
        """A cue of `matcher` ends just before `position` (white space or one mark between)."""
        lowest = max(floor, position - reach)
        return any(lowest <= m.start and m.end <= position and len(self.text[m.end:position].strip()) <= 1
                   for m in self.cue_matches(matcher))

    @property
    def lede_end(self) -> int:
        """End of the first two paragraphs of the story (after any headline)."""
        first = 1 if self.headline else 0
        paragraphs = self.paragraphs[first:first + 2]
        return paragraphs[-1][1] if paragraphs else 0

    @property
    def headline(self) -> tuple[int, int] | None:
        """A first paragraph that is a headline: short, unpunctuated, followed by the story.
        It repeats the lede, so it is not coded on its own."""
        if len(self.paragraphs) < 2:
            return None
        start, end = self.paragraphs[0]
        first = self.text[start:end].rstrip()
        if len(first.split()) <= HEADLINE_WORDS and first[-1:] not in ".!?؟»\"”":
            return start, end
        return None

    def kicker_end(self, sentence: tuple[int, int]) -> int | None:
        """Where a sentence's kicker ends: its few opening words closed by a colon ("Attaque à
        Ansongo : des hommes armés ont ..."). Like a headline, it announces what the sentence tells."""
        match = _KICKER.match(self.text, sentence[0], sentence[1])
        if match and len(match.group(1).split()) <= KICKER_WORDS:
            return match.end()
        return None

    @property
    def text(self) -> str:
        return self.doc.text

    def paragraph_of(self, position: int) -> tuple[int, int]:
        """The paragraph span holding a character position."""
        starts = [p[0] for p in self.paragraphs]
        index = max(0, bisect_right(starts, position) - 1)
        return self.paragraphs[index] if self.paragraphs else (0, len(self.text))


KICKER_WORDS = 6
_KICKER = re.compile(r"\s*([^:\n]{1,80}?)\s*:(?!\d)\s")  # not a time (10:30)


def within(items: list, span: tuple[int, int]) -> list:
    """Items (with .start/.end) lying inside a span."""
    start, end = span
    return [item for item in items if item.start >= start and item.end <= end]


def analyse(doc: Document, language: str, resources) -> Analysis:
    """Run every recogniser over the document once."""
    text = doc.text
    if not text.strip():
        return Analysis(doc, language, [], [], [], [], None, [], [])
    book = resources.triggers_for(language)
    normalized = normalize_shared(text)  # shared with the tokens clause_starts reads
    clauses = clause_starts(text, language, resources.policy)
    triggers = book.find(text, clause_starts=clauses) if book else []
    actors = resources.actors.find_mentions(text, language)
    dates = [_period_start(d) for d in find_dates(text, language, doc.published, normalized=normalized)]
    places = resources.resolver.resolve_document(text, language, outlet=doc.outlet, url=doc.url,
                                                 parties=_party_ids(actors))
    claimed = [*_edge_words(triggers), *actors, *dates]
    places = replace(places, mentions=plausible_places(places.mentions, claimed))
    return Analysis(
        doc=doc,
        language=language,
        sentences=split_sentences(text),
        paragraphs=split_paragraphs(text),
        triggers=triggers,
        actors=actors,
        places=places,
        dates=dates,
        casualties=find_casualties(text, language, normalized=normalized),
        reporting=cues.reporting_cues(text) if (cues := resources.cues_for(language)) else [],
        book=book,
        clause_starts=clauses,
    )


def _party_ids(actors: list[Mention]) -> list[str]:
    """The actor ids the document names, alternatives included ("JNIM and/or ISGS")."""
    return [actor_id for m in actors for actor_id in (m.value.actor_id, *m.value.alternatives)]


def clause_starts(text: str, language: str, policy) -> list[int]:
    """Where clause barriers open a clause that may tell another event ("..., while ..."), but
    not where the word only starts an idiom ("فيما سبق", formerly)."""
    matcher = policy.cues("clause_barriers", language)
    if matcher is None:
        return []
    tokens = tokenize(text)
    # overlapping: "ويأتي هذا الكمين بعد أيام من ..." opens a clause at "يأتي" and at "بعد أيام"
    starts = sorted({m.start for m in matcher.find(text, tokens=tokens, overlapping=True)})
    if not starts:
        return []
    idioms = policy.cues("clause_barrier_idioms", language)
    taken = [(m.start, m.end) for m in idioms.find(text, tokens=tokens)] if idioms else []
    return [start for start in starts if not any(s <= start < e for s, e in taken)]



def _period_start(date: Mention) -> Mention:
    """A date after "since" stays a date (it still ends a toll's sentence) but gives no day to
    an event or a story."""
    if not date.data.get("since") or date.value is None:
        return date
    return replace(date, value=replace(date.value, iso=None))


@dataclass(slots=True)
class _Span:
    start: int
    end: int


def _edge_words(triggers: list) -> list[_Span]:
    """The first and last words of each trigger: a gapped trigger ("withdrew ... troops") does
    not own the words inside its gap."""
    spans = []
    for hit in triggers:
        words = hit.text.split()
        spans.append(_Span(hit.start, hit.start + len(words[0]) if words else hit.end))
        if len(words) > 1:
            spans.append(_Span(hit.end - len(words[-1]), hit.end))
    return spans


# Place cues strong enough to trust a transliterated (fuzzy) gazetteer match.
FUZZY_CUES = frozenset({"in", "near", "direction", "settlement"})


def plausible_places(places: list[Mention], claimed: list) -> list[Mention]:
    """Drop place readings of spans another recogniser owns (a month, an actor, a trigger word),
    and transliterated guesses that no place cue supports."""
    spans = sorted((other.start, other.end) for other in claimed)
    starts = [start for start, _ in spans]
    longest = max((end - start for start, end in spans), default=0)

    def overlaps(mention: Mention) -> bool:
        # only spans starting within `longest` characters before the mention can reach it
        first = bisect_right(starts, mention.start - longest - 1)
        last = bisect_right(starts, mention.end)
        return any(start < mention.end and mention.start < end for start, end in spans[first:last])

    return [m for m in places
            if not overlaps(m) and (m.rule != "geo.fuzzy" or m.data.get("cue") in FUZZY_CUES)]
