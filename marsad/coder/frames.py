"""Event frames: one trigger (or a group of triggers for one event) with its arguments.

Per sentence, triggers of one family (violence, demonstration) form one frame;
other triggers (strategic developments) form a frame each. Arguments attach from
the sentence first, then from the paragraph, then from the document.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from marsad.coder.analysis import Analysis, within
from marsad.coder.policy import Policy
from marsad.lexicon.actors import ActorRef
from marsad.records import Mention
from marsad.text import fold


@dataclass(slots=True)
class Frame:
    """An event candidate before it becomes an EventReport."""

    sentence: tuple[int, int]
    window: tuple[int, int]  # the part of the sentence whose arguments belong to this frame
    clause: tuple[int, int]  # the sentence between the clause barriers around the triggers
    triggers: list[Any]  # TriggerHit, primary first
    sub_event_type: str
    plover_type: str | None
    plover_mode: str | None
    actors: list[Mention] = field(default_factory=list)
    agents: set[int] = field(default_factory=set)  # indexes into actors
    targets: set[int] = field(default_factory=set)
    sources: set[int] = field(default_factory=set)  # actors that only report the event
    described: set[int] = field(default_factory=set)  # actors that only describe another ("linked to")
    subject: Mention | None = None  # the sentence's first party, for frames later in the sentence
    diplomatic: bool = False  # countries and capitals here stand for governments
    in_lede: bool = False  # in the headline's lede paragraphs, where the story's own event is told
    casualties: list[Mention] = field(default_factory=list)
    dates: list[Mention] = field(default_factory=list)
    places: list[Mention] = field(default_factory=list)

    @property
    def trigger(self):
        return self.triggers[0]

    @property
    def anchored(self) -> bool:
        """A specific event names a date, a toll, or a place finer than a country."""
        if self.dates or self.casualties:
            return True
        # deeper in a story, a town alone is scenery ("Mopti, where many were kidnapped")
        return (self.in_lede or self.diplomatic) and any(
            (m.value.geo_precision or 3) <= 2 or (m.value.feature_code or "").startswith("PPL")
            for m in self.places if not (self.diplomatic and is_metonym(m)))


def build_frames(analysis: Analysis, policy: Policy) -> list[Frame]:
    """Frames for every sentence that holds triggers, in reading order."""
    frames: list[Frame] = []
    headline = analysis.headline
    for index, sentence in enumerate(analysis.sentences):
        if headline and sentence[1] <= headline[1]:
            continue
        hits = [h for h in within(analysis.triggers, sentence)
                if policy.is_event(h.plover_type, h.plover_mode) and not _negated(analysis, policy, h, sentence)]
        hits = _after_kicker(analysis, sentence, hits)
        if not hits:
            continue
        barriers = _barriers(analysis, sentence)
        groups = _within_sentence_policy(analysis.text, _group_by_family(hits, policy, barriers), policy, barriers)
        for position, group in enumerate(groups):
            window = _window(sentence, groups, position)
            clause = _clause(sentence, group, barriers)
            frames.append(_frame(analysis, policy, index, sentence, window, group, clause))
    return frames


# Words for one event of these families share a frame; other triggers (strategic
# developments) each make their own, unless the same kind of trigger repeats nearby.
SHARED_FAMILIES = ("violence", "demonstration")
NEARBY_CHARS = 40


def _after_kicker(analysis: Analysis, sentence: tuple[int, int], hits: list) -> list:
    """A kicker's trigger ("Attaque à Ansongo : des hommes armés ont tué ...") restates the event the
    sentence tells after the colon: it makes no frame of its own, and the parties after the colon
    are not its."""
    end = analysis.kicker_end(sentence)
    told = [h for h in hits if end is not None and h.start >= end]
    return told or hits


def _negated(analysis: Analysis, policy: Policy, hit, sentence: tuple[int, int]) -> bool:
    """A negation a few words before the trigger: "no arrests", "لم تعلن عن أي توقيفات"."""
    matcher = policy.negation.get(analysis.language)
    if matcher is None:
        return False
    return any(sentence[0] <= cue.start and cue.end <= hit.start
               and len(analysis.text[cue.end:hit.start].split()) <= policy.negation_reach
               for cue in analysis.cue_matches(matcher))


def _barriers(analysis: Analysis, sentence: tuple[int, int]) -> list[int]:
    """Where clauses that may tell another event begin ("..., while 42 died in Gombe")."""
    return [start for start in analysis.clause_starts if sentence[0] <= start < sentence[1]]


def _group_by_family(hits: list, policy: Policy, barriers: list[int] = ()) -> list[list]:
    groups: list[list] = []
    shared: dict[str, list] = {}
    for hit in sorted(hits, key=lambda h: h.start):
        family = policy.family(hit.sub_event_type)
        if family in SHARED_FAMILIES:
            if family in shared and any(shared[family][-1].end <= b < hit.start for b in barriers):
                del shared[family]  # a new clause: a new frame
            if family not in shared:
                shared[family] = []
                groups.append(shared[family])
            shared[family].append(hit)
            continue
        previous = next((g for g in reversed(groups) if policy.family(g[0].sub_event_type) not in SHARED_FAMILIES), None)
        if previous and previous[-1].plover_type == hit.plover_type and hit.start - previous[-1].end <= NEARBY_CHARS:
            previous.append(hit)
        else:
            groups.append([hit])
    for group in groups:
        group.sort(key=lambda h: (policy.rank(h.sub_event_type), -h.weight, h.start))
    groups.sort(key=lambda g: min(h.start for h in g))
    return groups


def _within_sentence_policy(text: str, groups: list[list], policy: Policy, barriers: list[int] = ()) -> list[list]:
    """Words that only report an outcome ("killed", "destroyed") add to their clause's other
    event instead of making their own ("..., while gunmen killed five" is its own event); a
    retreat told beside a fight is tactical, not a strategic change."""
    if len(groups) < 2:
        return groups
    kept = [g for g in groups if not _outcome_only(g)
            or not any(not _outcome_only(other) and _same_clause(g, other, barriers) for other in groups)] or groups
    kept = _absorbed_by_violence(text, kept, policy, barriers)
    if any(policy.family(g[0].sub_event_type) == "violence" for g in kept):
        kept = [g for g in kept if not (g[0].sub_event_type == "Change to group/activity"
                                        and g[0].plover_type == "RETREAT")] or kept
    return kept


def _absorbed_by_violence(text: str, groups: list[list], policy: Policy, barriers: list[int]) -> list[list]:
    """ACLED codes the gravest act: a detention followed in its clause by what was done to the
    detainees ("the army arrested six men and executed them", "arrested and severely
    wounded") is one violent event, whose frame takes the detention's words (and parties).
    An attack told around an arrest ("police arrested the plotter of an attack") is not."""
    absorbed = set(policy.participants.get("absorbed_by_violence", ()))
    acts = set(policy.participants.get("acts_on_detainees", ()))
    kept: list[list] = []
    for group in groups:
        host = None
        if group[0].sub_event_type in absorbed:
            host = next((v for v in groups if policy.family(v[0].sub_event_type) == "violence"
                         and _same_clause(group, v, barriers) and min(h.start for h in v) >= max(h.end for h in group)
                         and (any(h.plover_mode in acts for h in v)
                              or (_outcome_only(v) and _coordinated(text, group, v)))), None)
        if host is None:
            kept.append(group)
            continue
        host.extend(group)
        host.sort(key=lambda h: (policy.rank(h.sub_event_type), -h.weight, h.start))
    return kept


COORDINATED_WORDS = 3  # "arrested and severely wounded", "arrested and then shot dead"


def _coordinated(text: str, group: list, outcome: list) -> bool:
    """A bare outcome verb a few words after the detention ("arrested and killed") tells what
    was done to the detainees; farther on ("after a robbery in which a trader was killed"), it
    may be another event."""
    end, start = max(h.end for h in group), min(h.start for h in outcome)
    return end <= start and len(text[end:start].split()) <= COORDINATED_WORDS


def _outcome_only(group: list) -> bool:
    return all(getattr(h, "fallback", False) for h in group)


def _same_clause(group: list, other: list, barriers: list[int]) -> bool:
    """No clause barrier stands between the two groups' triggers."""
    first, second = sorted((group, other), key=lambda g: min(h.start for h in g))
    return not any(max(h.end for h in first) <= b < min(h.start for h in second) for b in barriers)


def _window(sentence: tuple[int, int], groups: list[list], position: int) -> tuple[int, int]:
    """From the previous frame's last trigger to the next frame's first trigger."""
    start = sentence[0] if position == 0 else max(h.end for h in groups[position - 1])
    end = sentence[1] if position == len(groups) - 1 else min(h.start for h in groups[position + 1])
    first = min(h.start for h in groups[position])
    return min(start, first), max(end, max(h.end for h in groups[position]))


def _clause(sentence: tuple[int, int], group: list, barriers: list[int]) -> tuple[int, int]:
    """The part of the sentence between the clause barriers around the group's triggers: a date
    or town told across a barrier ("..., two days after gunmen killed 12 in Niger") is another
    event's."""
    first, last = min(h.start for h in group), max(h.end for h in group)
    start = max((b for b in barriers if b <= first), default=sentence[0])
    end = min((b for b in barriers if b >= last), default=sentence[1])
    return start, end


def _event_dates(dates: list[Mention]) -> list[Mention]:
    """Dates that can be an event's day: not the start of a period ("displaced since January")."""
    return [d for d in dates if not d.data.get("since")]


def _frame(analysis: Analysis, policy: Policy, index: int, sentence: tuple[int, int],
           window: tuple[int, int], group: list, clause: tuple[int, int]) -> Frame:
    primary = group[0]
    setting = (max(window[0], clause[0]), min(window[1], clause[1]))
    plover = next((h for h in group if h.plover_type), primary)
    frame = Frame(
        sentence=sentence,
        window=window,
        clause=clause,
        triggers=group,
        sub_event_type=primary.sub_event_type,
        plover_type=plover.plover_type,
        plover_mode=plover.plover_mode,
        actors=within(analysis.actors, window),
        casualties=_casualties(analysis, index, setting, policy),
        dates=_event_dates(within(analysis.dates, setting)) or _event_dates(within(analysis.dates, clause)),
        places=_share_cues(analysis.text, within(analysis.places.mentions, setting)) if analysis.places is not None else [],
    )
    frame.in_lede = sentence[0] <= analysis.lede_end
    if frame.sub_event_type in policy.state_metonyms:
        frame.diplomatic = True
        if window[0] > sentence[0]:
            # later in a sentence, a diplomatic trigger's parties follow it ("... then an
            # agreement with Nigeria"); its initiator is the sentence's subject
            frame.window = window = (min(h.start for h in group), window[1])
            frame.actors = within(analysis.actors, window)
            frame.places = within(analysis.places.mentions, window) if analysis.places is not None else []
        frame.actors = _with_state_metonyms(frame.actors, frame.places)
        if window[0] > sentence[0] and analysis.places is not None:
            parties = _with_state_metonyms(within(analysis.actors, sentence),
                                           within(analysis.places.mentions, sentence))
            frame.subject = next((m for m in parties if m.end <= window[0]), None)
    if policy.family(frame.sub_event_type) == "demonstration":
        _refine_from_next_sentence(analysis, frame, index)
    _assign_roles(analysis, policy, frame)
    frame.sources = _reporting_sources(analysis, frame)
    # the speaker itself ("the army said: ...") stays a source, a party when it reports its own operation
    frame.described = _affiliations(analysis, policy, frame) | (_speaker_descriptions(analysis, frame) - frame.sources)
    _suspected_identity(analysis, policy, frame)
    return frame


UNIDENTIFIED_GROUP = "generic.unidentified_armed_group"
IDENTITY_WORDS = 2  # between the cue and the group: "presumed members of JNIM"


def _suspected_identity(analysis: Analysis, policy: Policy, frame: Frame) -> None:
    """Unnamed gunmen told as a named group ("unknown gunmen (believed to be GATIA militiamen)")
    are that group, as ACLED codes the suspected author: the gunmen only describe it, and it
    takes their side."""
    matcher = policy.cues("identity_cues", analysis.language)
    if matcher is None:
        return
    cues = analysis.cue_matches(matcher)
    for position, (unnamed, named) in enumerate(zip(frame.actors, frame.actors[1:], strict=False)):
        if getattr(unnamed.value, "actor_id", None) != UNIDENTIFIED_GROUP \
                or getattr(named.value, "actor_id", UNIDENTIFIED_GROUP) == UNIDENTIFIED_GROUP:
            continue
        if any(unnamed.end <= c.start and c.end <= named.end
               and not analysis.text[unnamed.end:c.start].strip(" (,")
               and len(analysis.text[c.end:named.start].split()) <= IDENTITY_WORDS for c in cues):
            frame.described.add(position)
            if position in frame.agents:
                frame.agents.add(position + 1)
            elif position in frame.targets and position + 1 not in frame.agents:
                frame.targets.add(position + 1)  # an agent cue before the group wins ("يعتقد أنهم")


def _affiliations(analysis: Analysis, policy: Policy, frame: Frame) -> set[int]:
    """Actors named only to describe another ("JNIM, linked to al-Qaeda")."""
    matcher = policy.cues("affiliation", analysis.language)
    if matcher is None:
        return set()
    return {position for position, actor in enumerate(frame.actors)
            if analysis.cue_right_before(matcher, actor.start, frame.window[0])}


SOURCE_REACH = 14  # characters between a reporting cue and the actor it introduces
_CLAUSE_OPENERS = ("إن ", "أن ", "ان ", "that ", "que ", "qu'")


def _reporting_sources(analysis: Analysis, frame: Frame) -> set[int]:
    """Actors introduced by a reporting cue ("according to the army", "قال الجيش", "the army said")."""
    cues = [c for c in analysis.reporting if frame.window[0] <= c.start and c.end <= frame.window[1]]
    sources = set()
    for position, actor in enumerate(frame.actors):
        for cue in cues:
            side = cue.payload.source_side
            gap = analysis.text[cue.end:actor.start]
            after = (cue.end <= actor.start and len(gap) <= SOURCE_REACH and side in ("after", "either")
                     and not any(opener in gap for opener in _CLAUSE_OPENERS))
            before = 0 <= cue.start - actor.end <= 3 and side in ("before", "either")
            if after or before:
                sources.add(position)
                break
    return sources


QUOTE_OPENERS = ("«", '"', "“", ":")


def _speaker_descriptions(analysis: Analysis, frame: Frame) -> set[int]:
    """Actors between a reporting verb and the quote it opens, the trigger inside the quote,
    describe the speaker ('said Kolo, a member of the militia fighting Boko Haram: "a suicide
    bomber struck..."'): the speaker's side, never a party to the event quoted."""
    described: set[int] = set()
    for cue in analysis.reporting:
        if not (frame.window[0] <= cue.start and cue.end <= frame.trigger.start
                and cue.payload.source_side in ("after", "either")):
            continue
        lead = analysis.text[cue.end:frame.trigger.start]
        opened = [i for i in (lead.find(mark) for mark in QUOTE_OPENERS) if i >= 0]
        if opened:
            quote = cue.end + min(opened)
            described.update(p for p, actor in enumerate(frame.actors) if cue.end <= actor.start and actor.end <= quote)
    return described


LOCATIVE_CUES = frozenset({"in", "direction", "settlement", "near"})


_LISTED = ("", ",", "،")
_AND = ("و", "and ", "et ")


def _share_cues(text: str, places: list[Mention]) -> list[Mention]:
    """Places listed after a located one share its cue: "في الكاميرون ونيجيريا", "in Mali and
    Niger" names two locations, not a location and a party."""
    shared: list[Mention] = []
    for place in places:
        previous = shared[-1] if shared else None
        if previous is not None and place.data.get("cue") is None and previous.data.get("cue") in LOCATIVE_CUES:
            gap = text[previous.end:place.start].strip()
            joined = gap in _LISTED and (gap or place.text.startswith(_AND)) or gap in ("and", "et")
            if joined:
                place = replace(place, data={**place.data, "cue": previous.data["cue"]})
        shared.append(place)
    return shared


def is_metonym(place: Mention) -> bool:
    """A country or capital named as a party ("talks with Mali", "Washington said"), not a location."""
    code = place.value.feature_code or ""
    return (code.startswith("PCL") or code == "PPLC") and place.data.get("cue") not in LOCATIVE_CUES


def _with_state_metonyms(actors: list[Mention], places: list[Mention]) -> list[Mention]:
    """Add the governments that countries and capitals stand for in diplomatic news."""
    added = [Mention(p.start, p.end, "actor", p.text,
                     ActorRef("generic.government", kind="government", country=p.value.iso or p.value.country),
                     rule="coder.metonym")
             for p in places if is_metonym(p)
             and not any(a.start <= p.start < a.end or p.start <= a.start < p.end for a in actors)]
    return sorted(actors + added, key=lambda m: m.start)


def _refine_from_next_sentence(analysis: Analysis, frame: Frame, index: int) -> None:
    """A protest whose next sentence tells burning, stoning or dispersal is coded by it
    ("Students marched in Niamey. Some burned tyres and threw stones.")."""
    if frame.trigger.refined_by or index + 1 >= len(analysis.sentences):
        return
    following = analysis.sentences[index + 1]
    if within(analysis.triggers, following) or analysis.book is None:
        return
    refinements = analysis.book.refinements_in(analysis.text[following[0]:following[1]], frame.sub_event_type)
    if refinements:
        frame.sub_event_type = refinements[0].sub_event_type
        frame.plover_type = refinements[0].plover_type or frame.plover_type
        frame.plover_mode = refinements[0].plover_mode or frame.plover_mode


def _casualties(analysis: Analysis, index: int, window: tuple[int, int], policy: Policy) -> list[Mention]:
    """Casualties of the frame's window, plus those of a following sentence that has no trigger."""
    found = within(analysis.casualties, window)
    if index + 1 < len(analysis.sentences):
        following = analysis.sentences[index + 1]
        # a following sentence that only gives the toll; not one with its own date (another
        # event, or a tally "since May")
        if not within(analysis.triggers, following) and not within(analysis.dates, following):
            found += within(analysis.casualties, following)
    return found


def _assign_roles(analysis: Analysis, policy: Policy, frame: Frame) -> None:
    """Mark actors as agents or targets from the cue word before them or a passive trigger."""
    cues = policy.roles.get(analysis.language)
    if cues is None or not frame.actors:
        return
    text = analysis.text
    for position, actor in enumerate(frame.actors):
        if analysis.cue_right_before(cues.agent, actor.start, frame.window[0]):
            frame.agents.add(position)
        elif analysis.cue_right_before(cues.target, actor.start, frame.window[0]):
            frame.targets.add(position)
    trigger = frame.trigger
    if fold(trigger.text).split()[-1:] and fold(trigger.text).split()[-1] in cues.passive:
        for position, actor in enumerate(frame.actors):
            gap = text[trigger.end:actor.start]
            if 0 <= actor.start - trigger.end <= 3 or (actor.start >= trigger.end and len(gap.split()) <= 1):
                if position in frame.agents:
                    break
                if _object_follows(analysis, policy, frame, position):
                    frame.agents.add(position)  # "قتل مسلحون خمسة مدنيين": gunmen killed five civilians
                else:
                    frame.targets.add(position)
                break


OBJECT_WORDS = 2  # words between a verb's subject and its object ("مسلحون مجهولون ثلاثة مدنيين")


def _object_follows(analysis: Analysis, policy: Policy, frame: Frame, position: int) -> bool:
    """In verb-first languages, "قتل" reads both "killed" and "were killed": a party right after
    the verb followed by a count or another party ("قتل مسلحون خمسة أشخاص") is the subject of
    an active verb, whose victims come after it."""
    if analysis.language in policy.participants.get("subject_verb_object", ()):
        return False
    actor = frame.actors[position]
    counted_after = any(m.start <= frame.trigger.start < m.end and m.end > actor.end
                        and m.data.get("cue_at") == frame.trigger.start for m in frame.casualties)
    following = frame.actors[position + 1] if position + 1 < len(frame.actors) else None
    return counted_after or (following is not None and following.start >= actor.end
                             and len(analysis.text[actor.end:following.start].split()) <= OBJECT_WORDS
                             and not any(mark in analysis.text[actor.end:following.start] for mark in ",،"))
