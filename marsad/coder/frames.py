"""Event frames: one trigger (or a group of triggers for one event) with its arguments.

Per sentence, triggers of one family (violence, demonstration) form one frame;
other triggers (strategic developments) form a frame each. Arguments attach from
the sentence first, then from the paragraph, then from the document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from marsad.coder.analysis import Analysis, within
from marsad.coder.policy import Policy
from marsad.records import Mention


@dataclass(slots=True)
class Frame:
    """An event candidate before it becomes an EventReport."""

    sentence: tuple[int, int]
    triggers: list[Any]  # TriggerHit, primary first
    sub_event_type: str
    plover_type: str | None
    plover_mode: str | None
    actors: list[Mention] = field(default_factory=list)
    agents: set[int] = field(default_factory=set)  # indexes into actors
    targets: set[int] = field(default_factory=set)
    casualties: list[Mention] = field(default_factory=list)
    dates: list[Mention] = field(default_factory=list)

    @property
    def trigger(self):
        return self.triggers[0]


def build_frames(analysis: Analysis, policy: Policy) -> list[Frame]:
    """Frames for every sentence that holds triggers, in reading order."""
    frames: list[Frame] = []
    for index, sentence in enumerate(analysis.sentences):
        hits = within(analysis.triggers, sentence)
        if not hits:
            continue
        for group in _group_by_family(hits, policy):
            frames.append(_frame(analysis, policy, index, sentence, group))
    return frames


def _group_by_family(hits: list, policy: Policy) -> list[list]:
    groups: dict[str, list] = {}
    for hit in hits:
        family = policy.family(hit.sub_event_type)
        key = family if family in ("violence", "demonstration") else f"{family}:{hit.plover_type}"
        groups.setdefault(key, []).append(hit)
    ordered = []
    for group in groups.values():
        group.sort(key=lambda h: (policy.rank(h.sub_event_type), -h.weight, h.start))
        ordered.append(group)
    ordered.sort(key=lambda g: min(h.start for h in g))
    return ordered


def _frame(analysis: Analysis, policy: Policy, index: int, sentence: tuple[int, int], group: list) -> Frame:
    primary = group[0]
    plover = next((h for h in group if h.plover_type), primary)
    frame = Frame(
        sentence=sentence,
        triggers=group,
        sub_event_type=primary.sub_event_type,
        plover_type=plover.plover_type,
        plover_mode=plover.plover_mode,
        actors=within(analysis.actors, sentence),
        casualties=_casualties(analysis, index, sentence, policy),
        dates=within(analysis.dates, sentence),
    )
    _assign_roles(analysis, policy, frame)
    return frame


def _casualties(analysis: Analysis, index: int, sentence: tuple[int, int], policy: Policy) -> list[Mention]:
    """Casualties of the sentence, plus those of a following sentence that has no trigger."""
    found = within(analysis.casualties, sentence)
    if index + 1 < len(analysis.sentences):
        following = analysis.sentences[index + 1]
        if not within(analysis.triggers, following):
            found += within(analysis.casualties, following)
    return found


def _assign_roles(analysis: Analysis, policy: Policy, frame: Frame) -> None:
    """Mark actors as agents or targets from the cue word before them or a passive trigger."""
    cues = policy.roles.get(analysis.language)
    if cues is None or not frame.actors:
        return
    text = analysis.text
    start = frame.sentence[0]
    for position, actor in enumerate(frame.actors):
        window = text[max(start, actor.start - 30):actor.start]
        if _ends_with_cue(cues.agent, window):
            frame.agents.add(position)
        elif _ends_with_cue(cues.target, window):
            frame.targets.add(position)
    trigger = frame.trigger
    from marsad.text import fold

    if fold(trigger.text).split()[-1:] and fold(trigger.text).split()[-1] in cues.passive:
        for position, actor in enumerate(frame.actors):
            gap = text[trigger.end:actor.start]
            if 0 <= actor.start - trigger.end <= 3 or (actor.start >= trigger.end and len(gap.split()) <= 1):
                if position not in frame.agents:
                    frame.targets.add(position)
                break


def _ends_with_cue(matcher, window: str) -> bool:
    stripped = window.rstrip()
    if not stripped:
        return False
    return any(match.end >= len(stripped) - 1 for match in matcher.find(stripped))
