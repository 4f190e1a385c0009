"""ACLED codebook rules that recode a frame before its parties are coded.

A frame's first sub-event comes from its trigger words; these rules look at the rest of the
sentence (or the next ones) the way an ACLED coder would: the gravest act wins, a bomb
opening an assault is the assault, a protest that turns violent is a riot, unarmed crowds
fighting are a mob. The word lists are data (marsad/data/coder/participants.yaml).
"""

from __future__ import annotations

from dataclasses import replace

from marsad.coder.analysis import Analysis, within
from marsad.coder.frames import Frame


def recode(analysis: Analysis, frame: Frame, resources) -> Frame:
    """The frame with its sub-event (and shared subject) settled by the codebook rules."""
    policy = resources.policy
    frame = _combined_arms(analysis, frame, policy)
    frame = _deadly_as_attack(analysis, frame, policy)
    frame = _escalated(analysis, frame, policy)
    frame = _with_shared_subject(analysis, frame, policy)
    if _unarmed_clash(frame, resources):
        frame = replace(frame, sub_event_type="Mob violence", plover_type="PROTEST", plover_mode="riot")
    riot = _crowd_assault(analysis, frame, resources)
    if riot is not None:
        frame = replace(frame, sub_event_type=riot, plover_type="PROTEST", plover_mode="riot")
    return frame


def _combined_arms(analysis: Analysis, frame: Frame, policy) -> Frame:
    """ACLED: a bomb followed by gunfire ("a complex ambush initiated by an IED") is an
    attack coded by its target, a battle when soldiers were ambushed."""
    matcher = policy.cues("combined_arms", analysis.language)
    if matcher is None or frame.sub_event_type not in policy.participants.get("combined_arms_types", ()):
        return frame
    if not any(frame.sentence[0] <= m.start and m.end <= frame.sentence[1] for m in analysis.cue_matches(matcher)):
        return frame
    return replace(frame, sub_event_type="@attack", plover_type="ASSAULT", plover_mode="firearms")


def _deadly_as_attack(analysis: Analysis, frame: Frame, policy) -> Frame:
    """ACLED codes the gravest act: people killed while being abducted, robbed or detained
    ("abducted a man, his body was found later") make an attack, coded by its target like any
    other; so does seizing soldiers or militiamen, a fight with armed men."""
    if frame.sub_event_type not in policy.participants.get("deadly_as_attack", ()):
        return frame
    armed = set(policy.participants.get("state_victims", []))
    # a detention that wounds ("arrested and severely wounded two men", told after it) is violence too
    harmful = ("killed", "wounded") if frame.sub_event_type in policy.participants.get("absorbed_by_violence", ()) \
        else ("killed",)
    deadly = any(m.value > 0 and (m.data.get("role") == "killed" or (m.data.get("cue_at") or 0) > frame.trigger.start)
                 for m in frame.casualties if m.data.get("role") in harmful) \
        or any(m.data.get("role") == "kidnapped" and m.data.get("who") in armed for m in frame.casualties) \
        or death_told(analysis, frame, policy, after=frame.trigger.end)  # the abductee later found dead
    return replace(frame, sub_event_type="@attack", plover_type="ASSAULT", plover_mode=None) if deadly else frame


ESCALATION_SENTENCES = 2  # how far after a protest its turning violent is still told


def _escalated(analysis: Analysis, frame: Frame, policy) -> Frame:
    """A protest told as turning violent or dispersed in the next sentences of its paragraph
    ("Students marched in Koudougou. They burned the police station.") is coded by that."""
    if policy.family(frame.sub_event_type) != "demonstration" or analysis.book is None:
        return frame
    paragraph_end = analysis.paragraph_of(frame.sentence[0])[1]
    following = [s for s in analysis.sentences if frame.sentence[1] <= s[0] < paragraph_end]
    if not following:
        return frame
    end = following[:ESCALATION_SENTENCES][-1][1]
    refinements = analysis.book.refinements_in(analysis.text[frame.sentence[1]:end], frame.sub_event_type)
    if not refinements or policy.rank(refinements[0].sub_event_type) >= policy.rank(frame.sub_event_type):
        return frame
    refinement = refinements[0]
    return replace(frame, sub_event_type=refinement.sub_event_type,
                   plover_type=refinement.plover_type or frame.plover_type,
                   plover_mode=refinement.plover_mode or frame.plover_mode)


def _with_shared_subject(analysis: Analysis, frame: Frame, policy) -> Frame:
    """"The army arrested and executed two men": a violent verb later in the sentence, with no
    party before it in its own clause, shares the sentence's subject, its agent."""
    if policy.family(frame.sub_event_type) != "violence" or frame.window[0] <= frame.sentence[0] \
            or analysis.language not in policy.participants.get("subject_verb_object", ()):
        return frame  # in Arabic the subject follows each verb: nothing to share
    clause = _clause_start(analysis.text, frame)
    if any(clause <= m.start < frame.trigger.start for m in frame.actors):
        return frame  # the verb's own clause names its subject
    earlier = within(analysis.actors, (frame.sentence[0], frame.window[0]))
    if not earlier or any(mark in analysis.text[earlier[0].end:frame.trigger.start] for mark in (";", "؛")):
        return frame

    def shifted(positions: set[int]) -> set[int]:
        return {p + 1 for p in positions}

    return replace(frame, actors=[earlier[0], *frame.actors], agents={0, *shifted(frame.agents)},
                   targets=shifted(frame.targets), sources=shifted(frame.sources),
                   described=shifted(frame.described))


def _clause_start(text: str, frame: Frame) -> int:
    """Where the trigger's clause begins in its window: after the last comma or semicolon
    ("arrested nine men in Siguimara, and subsequently executed them")."""
    start = frame.window[0]
    marks = [text.rfind(mark, start, frame.trigger.start) for mark in CLAUSE_MARKS]
    return max([start, *(m + 1 for m in marks if m >= 0)])


CLAUSE_MARKS = (",", ";", "،", "؛")


def _unarmed_clash(frame: Frame, resources) -> bool:
    """ACLED's armed clash needs organised armed parties on both sides: students, party
    supporters or residents fighting each other or the police are mob violence."""
    if frame.sub_event_type != "Armed clash":
        return False
    crowds = {f"generic.{kind}" for kind in resources.policy.participants.get("unarmed_crowds", ())}
    refs = [m.value for p, m in enumerate(frame.actors) if p not in frame.sources and p not in frame.described]
    return any(getattr(r, "actor_id", None) in crowds for r in refs) and all(
        getattr(r, "actor_id", None) in crowds or _inter_of(r, resources) == 1 for r in refs)


def _crowd_assault(analysis: Analysis, frame: Frame, resources) -> str | None:
    """ACLED: students, strikers or a mob who beat people or wreck property riot; they are
    not an armed group ("striking students assaulted two teachers"). The author is the party
    named right before an active verb; the riot's sub-event type depends on the crowd."""
    policy = resources.policy
    kinds = policy.participants.get("crowd_assault", {})
    if frame.sub_event_type not in policy.participants.get("crowd_assault_types", ()) \
            or analysis.language not in policy.participants.get("subject_verb_object", ()):
        return None
    passive = policy.cues("passive_markers", analysis.language)
    if passive is not None and analysis.cue_right_before(passive, frame.trigger.start, frame.window[0]):
        return None
    before = [p for p, m in enumerate(frame.actors) if m.end <= frame.trigger.start
              and p not in frame.sources and p not in frame.described]
    author = sorted(frame.agents) or before[-1:]
    if not author:
        return None
    mention = frame.actors[author[0]]
    near = len(analysis.text[mention.end:frame.trigger.start].split()) <= CROWD_SUBJECT_WORDS
    # far from the verb, a crowd is told wrecking or looting as the sentence's sole party
    # ("angry troops rampaged through the city, ... looting businesses"); killing, not so
    alone = frame.sub_event_type != "@attack" and not frame.agents \
        and within(analysis.actors, (frame.sentence[0], frame.trigger.start)) == [mention]
    if not (near or alone):
        return None
    kind = str(getattr(mention.value, "actor_id", "")).removeprefix("generic.")
    return kinds.get(kind)


CROWD_SUBJECT_WORDS = 2  # "students burned", "a mob reportedly ransacked"


def _inter_of(ref, resources) -> int | None:
    """The inter code a mention's actor has wherever it acts (state roles are state forces)."""
    actor = resources.actors.actors.get(getattr(ref, "actor_id", None))
    if actor is None:
        return None
    return 1 if actor.state_role and actor.state_role != "government" else actor.inter


def part_of_demonstration(analysis: Analysis, frame: Frame, policy) -> bool:
    """Arrests told in a protest's sentence are the intervention in that protest (ACLED codes
    one Protest with intervention), not an event of their own."""
    if frame.sub_event_type not in policy.participants.get("part_of_demonstration", ()):
        return False
    return any(policy.family(h.sub_event_type) == "demonstration" for h in within(analysis.triggers, frame.sentence))


def death_told(analysis: Analysis, frame: Frame, policy, after: int | None = None) -> bool:
    """A death verb in the frame's sentence (from `after` on), not one only attempted or
    threatened."""
    deaths = policy.cues("death_verbs", analysis.language)
    counted = any(m.data.get("role") in ("killed", "wounded") for m in frame.casualties)
    # detainees found dead after their arrest ("arrested six men; their corpses were found")
    detained = after is not None and frame.sub_event_type in policy.participants.get("absorbed_by_violence", ())
    if deaths is None or counted or (policy.family(frame.sub_event_type) != "violence" and not detained):
        return False  # "no casualties" or counts of the wounded: nobody died; a protest recalls deaths
    attempts = policy.cues("attempt_words", analysis.language)
    start, end = max(frame.sentence[0], after or 0), frame.sentence[1]
    for verb in analysis.cue_matches(deaths):
        if start <= verb.start and verb.end <= end and not (
                attempts is not None and any(start <= a.start and a.end <= verb.start
                                             and verb.start - a.end <= ATTEMPT_REACH
                                             for a in analysis.cue_matches(attempts))):
            return True
    return False


ATTEMPT_REACH = 20  # characters: "attempted to assassinate", "tried to kill"
