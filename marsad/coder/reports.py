"""Frames → EventReports: actors, place, date, fatalities, modality, codes, confidence."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from marsad.coder.analysis import Analysis, within
from marsad.coder.casualties import fatalities_for
from marsad.coder.frames import Frame, is_metonym
from marsad.coder.modality import detect_attribution, detect_modality
from marsad.coder.placement import event_place, party_place
from marsad.coder.recode import death_told, part_of_demonstration, recode
from marsad.lexicon.actors import ActorRef
from marsad.records import EventReport, Place

ARMED_INTER = {1, 2, 3, 4, 8}
CIVILIAN_INTER = 7
COMMUNAL_INTER = 4  # communal militias: both sides of a communal clash may bear one name
MAX_EVIDENCE_CHARS = 400


@dataclass(slots=True)
class Setting:
    """Where and when a frame happened."""

    place: Place | None
    date: str | None
    time_precision: int | None
    date_source: str | None = None  # records.DATE_SOURCES: told in the clause, or inferred


def frame_to_report(analysis: Analysis, frame: Frame, resources) -> EventReport | None:
    """Code one frame as an EventReport, or None when it is background, not an event."""
    policy = resources.policy
    if _is_background(analysis, frame, policy) or part_of_demonstration(analysis, frame, policy):
        return None
    frame = recode(analysis, frame, resources)
    setting = _setting(analysis, frame, resources)
    if setting.place is None and not frame.diplomatic:
        setting.place = party_place(_named_parties(frame.actors, resources, setting.date), resources) \
            or party_place(_named_parties(analysis.actors, resources, setting.date), resources)
    country = setting.place.country if setting.place else None
    naming_date = setting.date or analysis.doc.published  # ACLED names actors as of the event
    actor1, actor2, assoc1, assoc2 = _actors(analysis, frame, resources, country, naming_date)
    if policy.family(frame.sub_event_type) == "violence":
        actor1, actor2 = _orient(analysis, actor1, actor2, frame, policy)
    # armed men among the dead or the defenders: a battle, whoever else the text names
    fought_back = _resisted(analysis, frame, policy) or _fallen_attackers(analysis, frame, policy) \
        or _state_victims(analysis, frame, policy)
    armed_target = fought_back or _armed_target(analysis, frame, policy)
    offensive = _state_offensive(analysis, frame, policy, actor1, actor2)
    sub_event_type = "Armed clash" if offensive else \
        _decide_sub_event(frame.sub_event_type, actor1, actor2, frame, armed_target, fought_back)
    if offensive:
        actor2 = _enemy(analysis, frame, resources, country, naming_date)
    elif sub_event_type == "Armed clash" and frame.sub_event_type == "@attack" and actor2 is None:
        actor2 = resources.actors.generic("military", country, naming_date)
    sub_event_type = _detention_by_author(sub_event_type, actor1)
    actor1, actor2 = _non_state_author(policy, sub_event_type, actor1, actor2,
                                       armed_target or _force_at_trigger(analysis, frame, policy))
    actor1, actor2 = _state_author(policy, sub_event_type, actor1, actor2)
    actor1, actor2 = _mission_target(policy, sub_event_type, actor1, actor2)
    if actor1 is None and sub_event_type in policy.participants.get("state_author", ()):
        actor1 = _paragraph_force(analysis, frame, resources, country, naming_date)
    actor1, actor2, crowd_assoc = _crowd(policy, sub_event_type, actor1, actor2, resources, country, naming_date)
    assoc1 = crowd_assoc or assoc1
    if actor2 is None and sub_event_type in policy.participants.get("crowd_faces_force", ()):
        actor2 = _paragraph_force(analysis, frame, resources, country, naming_date)
    if sub_event_type == "Armed clash":
        actor2 = _armed_community(actor2, resources, country, naming_date)
    actor2, assoc2 = _victim_group(actor2, assoc2, resources, country, naming_date)
    if actor1 is not None and actor2 is not None and actor1.name == actor2.name and actor1.inter != COMMUNAL_INTER:
        actor2 = _other_side(actor1, sub_event_type, resources, country, naming_date)
    if actor2 is None and sub_event_type in policy.participants.get("explosive_types", ()):
        kind = "military" if armed_target else "civilians"
        actor2 = resources.actors.generic(kind, country, naming_date)
    actor2 = _international_victims(analysis, frame, policy, actor2, resources, naming_date)
    suspect = _suspect_for(analysis, frame)
    if (actor1 is None or (_unnamed_armed(actor1) and _suspect_not_party(analysis, frame, suspect))) \
            and sub_event_type in policy.participants.get("usual_suspect_types", ()) \
            and suspect is not None:
        actor1 = resources.actors.resolve(suspect, country, naming_date)
    actor1, actor2 = _default_actors(policy, sub_event_type, actor1, actor2, resources, country, naming_date)
    if actor1 is not None:
        actor1 = resources.actors.as_author(actor1, country, naming_date)
    if event_type_needs_party(policy, ontology_type := resources.ontology.event_type_of(sub_event_type),
                              sub_event_type, actor1):
        return None
    if setting.place is None:
        setting.place = party_place([actor2, actor1], resources, frame.diplomatic)
    ontology = resources.ontology
    event_type = ontology_type
    if event_type is None or _talks_without_two_parties(frame.plover_type, actor1, actor2):
        return None
    evidence_start, evidence_end = _evidence_span(analysis.text, frame)
    modality, attribution = _modality(analysis, frame, resources)
    report = EventReport(
        doc_id=analysis.doc.id,
        event_type=event_type,
        sub_event_type=sub_event_type,
        plover_type=frame.plover_type,
        plover_mode=frame.plover_mode,
        date=setting.date,
        time_precision=setting.time_precision,
        date_source=setting.date_source,
        actor1=actor1.name if actor1 else None,
        assoc_actor_1=assoc1,
        inter1=actor1.inter if actor1 else None,
        actor2=actor2.name if actor2 else None,
        assoc_actor_2=assoc2,
        inter2=actor2.inter if actor2 else None,
        fatalities=_fatalities(analysis, frame, policy),
        modality=modality,
        attribution=attribution,
        evidence=analysis.text[evidence_start:evidence_end],
        evidence_start=evidence_start,
        evidence_end=evidence_end,
        language=analysis.language,
        rule=",".join(h.trigger_id for h in frame.triggers),
        mentions=[*frame.actors, *frame.casualties, *frame.dates],
    )
    _place_fields(report, setting.place)
    _derived_codes(report, ontology)
    report.confidence = _confidence(frame, report, setting)
    return report


def _is_background(analysis: Analysis, frame: Frame, policy) -> bool:
    """Tallies and trends ("attacks since 2009 killed thousands") are not events."""
    if any(m.value > policy.max_event_fatalities for m in frame.casualties if m.data.get("role") == "killed"):
        return True
    if _spans_countries(frame) and policy.family(frame.sub_event_type) == "violence":
        return True  # "attacks in Cameroon and Nigeria killed 50": a summary of several events
    matcher = policy.background.get(analysis.language)
    if policy.family(frame.sub_event_type) != "violence" or matcher is None:
        return False
    cues = [m for m in analysis.cue_matches(matcher) if frame.window[0] <= m.start and m.end <= frame.window[1]]
    if not cues:
        return False
    # "since 29 May" dates the start of a period, not an event
    trigger_start = min(h.start for h in frame.triggers)
    own_dates = [d for d in frame.dates if d.value.precision == 1
                 and not any(_governs(analysis.text, c, d, trigger_start) for c in cues)]
    return not own_dates


def period_tally(analysis: Analysis, frame: Frame, policy) -> bool:
    """A toll counted from a day on ("seven killed since Sunday", «منذ الأحد», "depuis dimanche"),
    with no day of its own in its clause: a tally of a period's events, not one event (the
    coder keeps it only when the story tells no other violence)."""
    if policy.family(frame.sub_event_type) != "violence" or frame.dates \
            or not any(m.data.get("role") == "killed" for m in frame.casualties):
        return False
    return any(d.data.get("since") for d in within(analysis.dates, frame.clause))


def _governs(text: str, cue, date, trigger_start: int) -> bool:
    """A period cue governs a date after it in the same clause ("منذ تولي الرئيس - الذي توعد
    بسحق التمرد - الحكم في 29 مايو"); a comma or a full stop ends its reach. When the period
    opens the sentence before its toll ("منذ تولي الرئيس، الذي توعد بسحق التمرد، الحكم في 29 مايو،
    قتل 800 شخص") the commas only bound asides: a date before the trigger is still the period's."""
    if not (cue.start <= date.start and date.start - cue.end <= SINCE_REACH):
        return False
    marks = (".",) if date.end <= trigger_start else (*CLAUSE_MARKS, ".")
    return not any(mark in text[cue.end:date.start] for mark in marks)


def _spans_countries(frame: Frame) -> bool:
    """The frame names two or more countries as locations and no town: a regional summary."""
    located = [m for m in frame.places if not is_metonym(m) or m.data.get("cue")]
    if any((m.value.feature_code or "").startswith("PPL") for m in located):
        return False
    return len({m.value.country for m in located if (m.value.feature_code or "").startswith("PCL")}) >= 2


SINCE_REACH = 90  # characters between a period cue ("منذ تولي الرئيس") and the date it governs


def _setting(analysis: Analysis, frame: Frame, resources) -> Setting:
    diplomatic = frame.sub_event_type in resources.policy.state_metonyms
    place = event_place(analysis, frame, resources, diplomatic=diplomatic)
    return Setting(place, *_date(analysis, frame))


UNDATED: tuple[None, None, None] = (None, None, None)


def _date(analysis: Analysis, frame: Frame) -> tuple[str | None, int | None, str | None]:
    """The sentence's own date; else the paragraph's; else the story's main date. The third
    value says which (records.DATE_SOURCES): dedupe trusts a date told with the event more."""
    trigger = frame.trigger
    candidates = [d for d in frame.dates if d.value is not None and d.value.iso]
    if candidates:
        best = min(candidates, key=lambda d: abs(d.start - trigger.start))
        # "killed 12, the army said on Saturday": the statement's day; the event was on it or before
        source = "reported" if _statement_date(analysis, frame, best) else "stated"
        return best.value.iso, best.value.precision, source
    paragraph = analysis.paragraph_of(frame.sentence[0])
    earlier = [d for d in within(analysis.dates, (paragraph[0], frame.sentence[0]))
               if d.value is not None and d.value.iso]
    if earlier:
        return earlier[-1].value.iso, earlier[-1].value.precision, "paragraph"
    if frame.sentence[0] <= analysis.lede_end:
        return _main_date(analysis)
    return UNDATED  # deep in a story an undated event may be an older one: say so


STATEMENT_REACH = 70  # characters from a reporting cue told after the event to the date it governs


def _statement_date(analysis: Analysis, frame: Frame, date) -> bool:
    """A date governed by a reporting cue told after the event ("12 were killed, according to a
    toll the army gave on Saturday", "وفق حصيلة أعلنها مسؤولون السبت") is the day of the
    statement, not of the event, which may be a day or more earlier."""
    return any(frame.trigger.end <= cue.start and cue.end <= date.start <= cue.end + STATEMENT_REACH
               and not any(cue.end <= other.start < date.start for other in frame.dates)
               for cue in analysis.reporting if frame.sentence[0] <= cue.start < frame.sentence[1])


def _main_date(analysis: Analysis) -> tuple[str | None, int | None, str | None]:
    """The date the headline and lede give the story, else the publication date (week precision)."""
    lede_end = analysis.paragraphs[1 if analysis.headline else 0][1] if analysis.paragraphs else 0
    dated = [d for d in within(analysis.dates, (0, lede_end)) if d.value is not None and d.value.iso]
    if dated:
        return dated[0].value.iso, max(dated[0].value.precision, 2), "lede"
    return (analysis.doc.published, 2, "published") if analysis.doc.published else UNDATED


def _actors(analysis: Analysis, frame: Frame, resources, country: str | None, date: str | None):
    """actor1, actor2 and the associated actors, from roles and reading order."""
    resolved = []
    off_duty = resources.policy.cues("off_duty", analysis.language)
    for position, mention in enumerate(frame.actors):
        ref = _with_possessor_country(analysis, frame, position, mention.value, resources.policy)
        actor = resources.actors.resolve(_facing_crowd(ref, frame.sub_event_type, resources.policy), country, date)
        if actor is not None and actor.inter != CIVILIAN_INTER and off_duty is not None \
                and analysis.cue_right_before(off_duty, mention.start, frame.window[0]):
            actor = resources.actors.generic("civilians", country or actor.country, date) or actor
        if actor is not None and all(actor.name != other.name for _, other in resolved):
            resolved.append((position, actor))
    if resources.policy.family(frame.sub_event_type) == "violence":
        bystanders = set(resources.policy.participants.get("non_combatant_sectors", []))
        resolved = [(p, a) for p, a in resolved if a.plover_sector not in bystanders]
    resolved = [(p, a) for p, a in resolved if p not in frame.described]
    resolved = _communities_as_militias(frame, resolved, resources, country, date)
    participants = [(p, a) for p, a in resolved if p not in frame.sources]
    if not participants or (frame.sub_event_type in _SELF_REPORTED and not any(a.inter == 1 for _, a in participants)):
        participants = resolved  # the army reporting its own operation is a party to it
    if frame.sub_event_type in resources.policy.state_metonyms:
        return _parties(frame, participants, resources, country, date)
    # "French and Malian forces": the second force acts with the first, as its associate
    partners = {p + 1 for p, m in enumerate(frame.actors) if m.data.get("coordinated")}
    allies = [a for p, a in participants if p in partners and p - 1 in dict(participants)]
    participants = [(p, a) for p, a in participants if a not in allies]
    passive_subjects = _passive_subjects(analysis, frame, resources.policy) | _objects(analysis, frame, resources.policy)
    agents = [a for p, a in participants if p in frame.agents]
    targets = [a for p, a in participants if p in frame.targets or p in passive_subjects]
    rest = [a for p, a in participants if p not in frame.agents and p not in frame.targets
            and p not in passive_subjects]
    # Civilians are the victims of violence, not its authors, unless marked as agents.
    if frame.sub_event_type not in _DEMONSTRATION_TYPES:
        civilians = [a for a in rest if a.inter == CIVILIAN_INTER]
        rest = [a for a in rest if a.inter != CIVILIAN_INTER]
        targets = targets + civilians
    actor1 = (agents or rest or [None])[0]
    if actor1 is not None and actor1.inter in (2, 3) and frame.sub_event_type != "Armed clash":
        # "JNIM militants attacked the village; the militants opened fire": the unnamed
        # gunmen are the named group again, not a second armed party (unless told clashing)
        rest = [a for a in rest if not _unnamed_armed(a)]
    remaining = [a for a in (agents[1:] + rest + targets) if a is not actor1]
    target_pool = [a for a in targets if a is not actor1] or remaining
    actor2 = target_pool[0] if target_pool else None
    if actor1 is None and actor2 is not None and not targets:
        actor1, actor2 = actor2, None
    assoc1 = _associated(agents[1:] + allies, actor1, actor2)
    assoc2 = _associated(targets[1:], actor1, actor2)
    return actor1, actor2, assoc1, assoc2


def _suspect_for(analysis: Analysis, frame: Frame):
    """The group blamed for the frame's violence: the claimant of violence told before its claim
    in its paragraph ("... JNIM claimed the attack"; not an older bombing recalled after it, "no
    group claimed that blast", nor one told in another paragraph), else the story's usual suspect."""
    claim = analysis.claim
    if claim is not None and claim[1] <= frame.trigger.start < claim[2]:
        return claim[0]
    return analysis.usual_suspect


def _suspect_not_party(analysis: Analysis, frame: Frame, suspect) -> bool:
    """Unnamed gunmen are the story's usual suspect when its paragraph names that group
    ("presumed JNIM militants attacked...; the militants burned houses"), unless the frame
    names it in another role ("unknown gunmen attacked a GATIA checkpoint")."""
    if suspect is None or any(getattr(m.value, "actor_id", None) == suspect.actor_id for m in frame.actors):
        return False
    paragraph = analysis.paragraph_of(frame.sentence[0])
    return any(getattr(m.value, "actor_id", None) == suspect.actor_id for m in within(analysis.actors, paragraph))


def _communities_as_militias(frame: Frame, resolved: list, resources, country, date) -> list:
    """ACLED: communities that fight each other ("farmers and herders clashed", "Peul and
    Mossi groups clashed") are communal militias; only in a clash with no armed party named."""
    if frame.sub_event_type != "Armed clash" or any(a.inter in ARMED_INTER for _, a in resolved):
        return resolved
    kinds = set(resources.policy.participants.get("communal_kinds", ()))
    out = []
    for position, actor in resolved:
        militia = None
        if actor.actor_id.startswith("ethnic.") and actor.actor_id.endswith(".group"):
            militia = ActorRef(actor.actor_id.removesuffix(".group") + ".militia", kind="ethnic_militia")
        elif actor.actor_id.removeprefix("generic.") in kinds:
            militia = ActorRef("generic.communal_militia", kind="communal_militia")
        converted = resources.actors.resolve(militia, country or actor.country, date) if militia else None
        out.append((position, converted or actor))
    return out


def _unnamed_armed(actor) -> bool:
    """Gunmen, militants, jihadists: an armed party the text does not name."""
    return actor.actor_id in UNNAMED_ARMED


UNNAMED_ARMED = ("generic.unidentified_armed_group", "generic.jihadists", "generic.rebels",
                 "generic.tuareg_rebels")


def _is_passive(analysis: Analysis, frame: Frame, policy) -> bool:
    """The trigger is a passive verb ("the convoy was ambushed", "came under attack", "une
    patrouille prise en embuscade"), or the noun of a verb of undergoing whose subject stands
    between them ("تعرض معسكر X لهجوم": the camp came under attack)."""
    matcher = policy.cues("passive_markers", analysis.language)
    if matcher is not None and analysis.cue_right_before(matcher, frame.trigger.start, frame.window[0]):
        return True
    forms = policy.cues("passive_forms", analysis.language)
    if any(m.start == frame.trigger.start for m in analysis.cue_matches(forms)):
        return True
    undergoing = policy.cues("undergoing_verbs", analysis.language)
    return any(_subject_between(analysis, m.end, frame.trigger.start, UNDERGOING_SUBJECT_WORDS)
               for m in analysis.cue_matches(undergoing) if frame.window[0] <= m.start) \
        or _fell_into_trap(analysis, frame, policy)


UNDERGOING_SUBJECT_WORDS = 4  # "تعرض معسكر للجيش في غاو لهجوم"
TRAP_SUBJECT_WORDS = 6  # "وقعت وحدة من القوات المسلحة المالية في كمين"


def _subject_between(analysis: Analysis, start: int, end: int, most: int) -> bool:
    """At most `most` words and no clause mark between a verb's end and the trigger."""
    between = analysis.text[start:end] if start <= end else None
    return between is not None and len(between.split()) <= most \
        and not any(mark in between for mark in CLAUSE_MARKS)


def _fell_into_trap(analysis: Analysis, frame: Frame, policy) -> bool:
    """A verb of falling ("وقعت دورية للجيش في كمين") with its subject between it and "in" the
    ambush: the subject fell into the trap, so it is the target."""
    links = policy.cues("trap_links", analysis.language)
    verbs = policy.cues("trap_verbs", analysis.language)
    if links is None or verbs is None or not analysis.cue_right_before(links, frame.trigger.start, frame.window[0]):
        return False
    return any(frame.window[0] <= m.start and len(analysis.text[m.end:frame.trigger.start].split()) >= 2
               and _subject_between(analysis, m.end, frame.trigger.start, TRAP_SUBJECT_WORDS)
               for m in analysis.cue_matches(verbs))


def _passive_subjects(analysis: Analysis, frame: Frame, policy) -> set[int]:
    """The subject of a passive attack ("Malian troops ... were ambushed by") is its target:
    the last actor before the verb in the same clause, unless marked as an agent."""
    if frame.sub_event_type != "@attack" or not _is_passive(analysis, frame, policy):
        return set()
    before = [p for p, m in enumerate(frame.actors) if m.end <= frame.trigger.start]
    if not before or before[-1] in frame.agents:
        return set()
    gap = analysis.text[frame.actors[before[-1]].end:frame.trigger.start]
    # "Malian troops on their way to Douentza were ambushed", "the AQIM leader, was killed";
    # not "the army attacked, and the convoy was ambushed"
    near = len(gap.split()) <= PASSIVE_NEAR_WORDS
    return {before[-1]} if near or not any(mark in gap for mark in CLAUSE_MARKS) else set()


CLAUSE_MARKS = (",", ";", "،", "؛")
PASSIVE_NEAR_WORDS = 3
OBJECT_REACH_WORDS = 5  # "killing at least ten JNIM militants", "ambushed a group of suspected ISGS militants"


def _objects(analysis: Analysis, frame: Frame, policy) -> set[int]:
    """The first party a few words after an active attack verb is its object, in languages
    where the subject comes before the verb (not Arabic, where "هاجم مسلحون" names the author)."""
    if analysis.language not in policy.participants.get("subject_verb_object", ()) \
            or frame.sub_event_type != "@attack" or _is_passive(analysis, frame, policy):
        return set()
    for position, mention in enumerate(frame.actors):
        if mention.start < frame.trigger.end:
            continue
        gap = analysis.text[frame.trigger.end:mention.start]
        if position in frame.agents or len(gap.split()) > OBJECT_REACH_WORDS \
                or any(mark in gap for mark in CLAUSE_MARKS):
            return set()
        return {position}
    return set()


def _parties(frame: Frame, participants: list, resources, country, date):
    """Diplomacy: the parties in reading order; "an agreement with X" makes X the counterpart
    and the sentence's subject ("Washington ... after an agreement with Nigeria") the initiator."""
    ordered = [a for p, a in participants if p in frame.agents] + \
              [a for p, a in participants if p not in frame.agents and p not in frame.targets]
    counterparts = [a for p, a in participants if p in frame.targets]
    if not ordered and frame.subject is not None:
        subject = resources.actors.resolve(frame.subject.value, country, date)
        ordered = [subject] if subject is not None else []
    parties = [a for a in ordered + counterparts if a is not None]
    unique = list({a.name: a for a in parties}.values())
    actor1 = unique[0] if unique else None
    actor2 = unique[1] if len(unique) > 1 else None
    return actor1, actor2, _associated(unique[2:], actor1, actor2), None


# Events a state force typically reports about itself ("the army said it killed...").
_SELF_REPORTED = {"@attack", "Armed clash", "Air/drone strike", "Government regains territory", "Arrests",
                  "Shelling/artillery/missile attack", "Disrupted weapons use"}
POSSESSOR_REACH = 12  # characters: "سحبت واشنطن جنودها", "Washington withdrew its troops"


def _with_possessor_country(analysis: Analysis, frame: Frame, position: int, ref, policy):
    """'its troops' right after a country or capital: the troops are that country's. Only a
    state owns its people so: an armed group's home country does not pass to the victims named
    right after it ("JNIM militants killed a woman" in Djibo is a Burkinabè woman). A possessive
    pronoun ("France withdrew its troops", "ses soldats") reaches back to the sentence's
    nearest state party, however many words the verb takes."""
    if ref is None or getattr(ref, "kind", None) is None or ref.country is not None:
        return ref
    mention = frame.actors[position]
    possessives = policy.cues("possessives", analysis.language)
    owned = possessives is not None and analysis.cue_right_before(possessives, mention.start, frame.sentence[0])
    for earlier in reversed(frame.actors[:position]):
        owner = getattr(earlier.value, "country", None)
        near = 0 <= mention.start - earlier.end <= POSSESSOR_REACH
        if owner and _is_state(earlier.value, owner) and (near or (owned and earlier.end <= mention.start)):
            return replace(ref, country=owner)
    return ref


def _is_state(ref, country: str) -> bool:
    """A state actor of `country` (its ids are "<ISO3>.<role>": "USA.government", "MLI.military"),
    or the government a country or capital stands for ("Washington withdrew its troops")."""
    return str(getattr(ref, "actor_id", "")).startswith(f"{country}.") \
        or (getattr(ref, "kind", None) == "government" and getattr(ref, "country", None) == country)


def _facing_crowd(ref, sub_event_type: str, policy):
    """Unspecified "security forces" facing a demonstration are the police (ACLED)."""
    role = policy.participants.get("crowd_security_forces")
    if role and getattr(ref, "kind", None) == "security_forces" and sub_event_type in _DEMONSTRATION_TYPES:
        return replace(ref, actor_id=f"generic.{role}", kind=role)
    return ref


_DEMONSTRATION_TYPES = {"Peaceful protest", "Protest with intervention", "Excessive force against protesters",
                        "Violent demonstration", "Mob violence"}


def _associated(extra: list, actor1, actor2) -> str | None:
    names = [a.name for a in extra if a not in (actor1, actor2)]
    return "; ".join(dict.fromkeys(names)) or None


def event_type_needs_party(policy, event_type: str | None, sub_event_type: str, actor1) -> bool:
    """Strategic developments with nobody doing them are not codable, except those with a
    generic author (looting by gunmen, arrests by the police) whose country is unknown."""
    return (event_type == "Strategic developments" and actor1 is None and sub_event_type not in policy.default_actor1
            and bool(policy.participants.get("strategic_needs_actor", True)))


def _talks_without_two_parties(plover_type: str | None, actor1, actor2) -> bool:
    """A meeting or talks need two parties that can negotiate (governments, forces,
    organisations, armed groups); a town "receiving" displaced people is not diplomacy."""
    if plover_type != "CONSULT":
        return False
    return any(a is None or a.inter in (5, 6, 7) for a in (actor1, actor2))


def usual_suspect(analysis: Analysis, resources):
    """The armed group a document blames when it names one far more than any other."""
    participants = resources.policy.participants
    counts: Counter = Counter()
    refs = {}
    for mention in analysis.actors:
        ref = mention.value
        if _armed_group(ref, resources, analysis.doc.published):
            key = (ref.actor_id, *sorted(ref.alternatives))  # "JNIM or ISGS" is one suspect too
            counts[key] += 1
            refs[key] = ref
    if not counts:
        return None
    ranked = counts.most_common(2)
    margin = participants.get("usual_suspect_margin", 2)
    if len(ranked) == 1 or ranked[0][1] >= margin * ranked[1][1]:
        return refs[ranked[0][0]]
    return None


def _armed_group(ref, resources, date: str | None) -> bool:
    """A named (not generic) armed group of the kinds a story may blame (`usual_suspect_inter`)."""
    if ref is None or getattr(ref, "kind", None) is not None:
        return False
    actor = resources.actors.resolve(ref, None, date)
    return actor is not None and actor.inter in set(resources.policy.participants.get("usual_suspect_inter", [2]))


def claimant(analysis: Analysis, resources):
    """(ActorRef, start of its paragraph, end of its sentence) of the group claiming the violence
    its paragraph tells before it, in the first sentence with a claim word: the named armed group
    right before the word in its clause ("GATIA denounced it, and ISGS claimed responsibility"),
    else the sentence's first one ("JNIM, an al-Qaeda affiliate, claimed", "تبنت جماعة نصرة
    الإسلام والمسلمين المرتبطة بالقاعدة")."""
    matcher = resources.policy.cues("claim_words", analysis.language)
    if matcher is None:
        return None
    for cue in analysis.cue_matches(matcher):
        sentence = next((s for s in analysis.sentences if s[0] <= cue.start < s[1]), None)
        if sentence is None:
            continue
        groups = [m for m in within(analysis.actors, sentence)
                  if _armed_group(m.value, resources, analysis.doc.published)]
        if groups:
            clause = max([sentence[0], *(analysis.text.rfind(mark, sentence[0], cue.start) for mark in CLAUSE_MARKS)])
            subjects = [m for m in groups if clause <= m.start and m.end <= cue.start]
            return (subjects[-1] if subjects else groups[0]).value, analysis.paragraph_of(cue.start)[0], sentence[1]
    return None


def _named_parties(mentions: list, resources, date: str | None) -> list:
    """Actors among `mentions` that carry their own country ("Malian soldiers", "GATIA"): the
    frame's, else the story's ("President Tandja" places a protest told with no town)."""
    named = [resources.actors.resolve(m.value, None, date) for m in mentions]
    # a group's home country is only a guess for groups that cross borders, but a guessed
    # country lets generic parties ("gunmen", "civilians") be named at all
    return [a for a in named if a is not None and a.country
            and (a.inter in (1, 2, 3, 4) or a.actor_id.startswith("ethnic."))]


def _decide_sub_event(sub_event_type: str, actor1, actor2, frame: Frame, armed_target: bool,
                      fought_back: bool = False) -> str:
    """`@attack` is coded by its target: civilians → Attack, armed actors → Armed clash; a
    target that fought back (or killed some of its attackers) makes it a clash whoever it was."""
    if sub_event_type != "@attack":
        return sub_event_type
    if fought_back or (actor2 is not None and actor2.inter in ARMED_INTER):
        return "Armed clash"
    if actor2 is not None and actor2.inter == CIVILIAN_INTER:
        return "Attack"
    return "Armed clash" if armed_target else "Attack"


def _state_offensive(analysis: Analysis, frame: Frame, policy, actor1, actor2) -> bool:
    """A state force launches an attack with no target and no one killed named ("the army
    launched an attack near Bama", «بدأ الجيش هجوما بريا», participants.yaml `launch_verbs`):
    an operation against the armed groups it fights, a battle, not an attack on civilians."""
    if frame.sub_event_type != "@attack" or actor1 is None or actor1.inter != STATE_FORCE_INTER \
            or actor2 is not None or frame.casualties:
        return False
    nouns = analysis.cue_matches(policy.cues("launch_nouns", analysis.language))
    if not any(frame.trigger.start <= n.start and n.end <= frame.trigger.end for n in nouns):
        return False  # "carried out executions" is no operation
    launches = analysis.cue_matches(policy.cues("launch_verbs", analysis.language))
    # the verb before the attack noun, or the trigger's own first word ("شن هجوما")
    return any(frame.clause[0] <= m.start and (m.start == frame.trigger.start
                                               or _subject_between(analysis, m.end, frame.trigger.start, LAUNCH_WORDS))
               for m in launches)


STATE_FORCE_INTER = 1
LAUNCH_WORDS = 4  # «بدأ الجيش النيجيري هجوما»: the subject may stand between the verb and the attack


def _enemy(analysis: Analysis, frame: Frame, resources, country, naming_date):
    """Whom a state offensive fights: the group the story blames, else an unidentified armed group."""
    suspect = _suspect_for(analysis, frame)
    enemy = resources.actors.resolve(suspect, country, naming_date) if suspect is not None else None
    return enemy or resources.actors.generic("unidentified_armed_group", country, naming_date)


def _armed_target(analysis: Analysis, frame: Frame, policy) -> bool:
    """The attack hit soldiers, police, a militia or one of their posts, patrols or convoys
    (named after the verb, or before a passive one)."""
    matcher = policy.cues("armed_targets", analysis.language)
    if matcher is None:
        return False
    # the object of the attack, not its author ("militiamen attacked"); with a passive verb,
    # the subject ("the gendarmerie post was attacked")
    passive = frame.sub_event_type == "@attack" and _is_passive(analysis, frame, policy)
    after = _clause_start(analysis.text, frame) if passive else frame.trigger.end
    off_duty = policy.cues("off_duty", analysis.language)
    return any(after <= m.start and m.end <= frame.window[1]
               and not (off_duty is not None and analysis.cue_right_before(off_duty, m.start, after))
               for m in analysis.cue_matches(matcher))


def _clause_start(text: str, frame: Frame) -> int:
    """Where the trigger's clause begins: after the last comma or semicolon before it."""
    start = frame.window[0]
    marks = [text.rfind(mark, start, frame.trigger.start) for mark in CLAUSE_MARKS]
    return max([start, *(m + 1 for m in marks if m >= 0)])


def _non_state_author(policy, sub_event_type: str, actor1, actor2, force_hit: bool):
    """States do not suicide-bomb or lay mines, nor do peacekeepers: a state or foreign force
    named with such an event is its target when the text says it was hit ("a MINUSMA vehicle
    struck an IED"), and otherwise most often the one reporting it ("the army said")."""
    if actor1 is None or sub_event_type not in policy.participants.get("non_state_author", ()):
        return actor1, actor2
    explosive = sub_event_type in policy.participants.get("explosive_types", ())
    if _acts_for_state(policy, actor1) or (explosive and actor1.inter == 8):
        return None, actor2 or (actor1 if force_hit or not explosive else None)
    return actor1, actor2


def _state_author(policy, sub_event_type: str, actor1, actor2):
    """Only states and foreign forces strike from the air: an armed group named with an air
    strike is its target ("militants killed in French air strikes")."""
    if actor1 is None or sub_event_type not in policy.participants.get("state_author", ()) \
            or actor1.inter in STATE_FORCES:
        return actor1, actor2
    if actor2 is not None and actor2.inter in STATE_FORCES:
        return actor2, actor1
    return None, actor2 or actor1


STATE_FORCES = (1, 8)


def _mission_target(policy, sub_event_type: str, actor1, actor2):
    """Peacekeeping missions do not shell or loot: one named with such an event ("rockets hit
    the MINUSMA camp", "trucks chartered by MINUSMA were burned") is its target."""
    if actor1 is None or actor1.plover_sector not in policy.participants.get("mission_sectors", ()) \
            or sub_event_type not in policy.participants.get("mission_target_types", ()):
        return actor1, actor2
    return None, actor1 if actor2 is None or actor2.inter == CIVILIAN_INTER else actor2


def _paragraph_force(analysis: Analysis, frame: Frame, resources, country, date):
    """The one state or foreign armed force the frame's paragraph names ("French forces
    conducted an operation... militants were killed by airstrikes"), if only one."""
    paragraph = analysis.paragraph_of(frame.sentence[0])
    forces = {}
    for mention in within(analysis.actors, paragraph):
        actor = resources.actors.resolve(_facing_crowd(mention.value, frame.sub_event_type, resources.policy),
                                         country, date)
        if actor is not None and actor.inter in STATE_FORCES \
                and actor.actor_id.rpartition(".")[2] in FORCE_ROLES:
            forces[actor.name] = actor
    return next(iter(forces.values())) if len(forces) == 1 else None


FORCE_ROLES = ("military", "police", "gendarmerie", "national_guard")
FORCE_REACH = 40  # characters: "a MINUSMA vehicle was struck by an IED"


def _force_at_trigger(analysis: Analysis, frame: Frame, policy) -> bool:
    """In subject-verb-object languages, a party named right before or after the trigger, in
    its clause, is the one hit ("a MINUSMA vehicle struck an IED"); not in Arabic, where the
    party near a bomb is more often the one reporting it ("ذكر الجيش ... أن ... تفجيرين")."""
    if analysis.language not in policy.participants.get("subject_verb_object", ()):
        return False
    for mention in frame.actors:
        gap = (analysis.text[mention.end:frame.trigger.start] if mention.end <= frame.trigger.start
               else analysis.text[frame.trigger.end:mention.start])
        if len(gap) <= FORCE_REACH and not any(mark in gap for mark in CLAUSE_MARKS):
            return True
    return False


def _acts_for_state(policy, actor) -> bool:
    """A state force acting for its state: not soldiers in revolt (`rebel_state_roles`)."""
    role = actor.actor_id.rpartition(".")[2]
    return actor.inter == 1 and role not in policy.participants.get("rebel_state_roles", ())


def _detention_by_author(sub_event_type: str, actor1) -> str:
    """ACLED: a state that detains arrests; anyone else who detains abducts."""
    if actor1 is None:
        return sub_event_type
    if sub_event_type == "Arrests" and actor1.inter in (2, 3, 4):
        return "Abduction/forced disappearance"
    if sub_event_type == "Abduction/forced disappearance" and actor1.inter == 1:
        return "Arrests"
    return sub_event_type


def _resisted(analysis: Analysis, frame: Frame, policy) -> bool:
    """A resistance cue after the trigger, in its sentence or the next one."""
    matcher = policy.cues("resistance", analysis.language)
    if matcher is None:
        return False
    index = analysis.sentences.index(frame.sentence) if frame.sentence in analysis.sentences else -1
    end = analysis.sentences[index + 1][1] if 0 <= index < len(analysis.sentences) - 1 else frame.sentence[1]
    return any(frame.trigger.end <= m.start and m.end <= end for m in analysis.cue_matches(matcher))


def _fallen_attackers(analysis: Analysis, frame: Frame, policy) -> bool:
    """Some of the attackers were killed or wounded: their target fought back. A count far
    from its verb, or one after "by", is the attackers doing the killing ("two militants on
    a motorbike killed...", "killed by two gunmen"), not their losses."""
    groups = set(policy.participants.get("fallen_attackers", []))
    return any(m.data.get("who") in groups and len(m.text.split()) <= FALLEN_WORDS
               and " by " not in f" {m.text.casefold()} "
               for m in _victim_counts(analysis, frame, policy) if m.data.get("role") in ("killed", "wounded"))


def _victim_counts(analysis: Analysis, frame: Frame, policy) -> list:
    """The frame's casualties that count victims: not a count followed by its object ("a
    policeman shot and wounded a youth": the policeman is the author), nor people described
    as off duty or retired (civilians for ACLED)."""
    objects = policy.cues("object_openers", analysis.language)
    off_duty = policy.cues("off_duty", analysis.language)
    kept = []
    for mention in frame.casualties:
        if objects is not None and _followed_by(analysis, objects, mention.end):
            continue
        if off_duty is not None and any(mention.start - OFF_DUTY_REACH <= m.start <= mention.end + OFF_DUTY_REACH
                                        for m in analysis.cue_matches(off_duty)):
            continue
        kept.append(mention)
    return kept


OFF_DUTY_REACH = 12  # characters around a count: "a retired gendarme was killed", "killed a retired policeman"


def _followed_by(analysis: Analysis, matcher, position: int) -> bool:
    """A cue of `matcher` starts right after `position` (white space between)."""
    return any(0 <= m.start - position <= 2 and not analysis.text[position:m.start].strip()
               for m in analysis.cue_matches(matcher))


FALLEN_WORDS = 5  # "13 MUJAO members were killed"


def _state_victims(analysis: Analysis, frame: Frame, policy) -> bool:
    """The frame's dead or wounded are soldiers or police."""
    groups = set(policy.participants.get("state_victims", []))
    return any(m.data.get("who") in groups for m in _victim_counts(analysis, frame, policy)
               if m.data.get("role") in ("killed", "wounded", "kidnapped"))


def _orient(analysis: Analysis, actor1, actor2, frame: Frame, policy):
    """When soldiers are the dead, the state force is the target, not the author; so is a
    foreign force (peacekeepers, French troops) losing men to nobody named, whereas one
    named with its enemy is fighting it ("a French soldier and two ISGS fighters killed")."""
    forces = (1, 8)
    if actor1 is not None and actor1.inter in forces and _state_victims(analysis, frame, policy) \
            and (actor2 is None or (actor1.inter == 1 and actor2.inter not in forces)) \
            and not _active_subject(analysis, frame, policy):
        return actor2 if actor2 is not None and actor2.inter in ARMED_INTER else None, actor1
    return actor1, actor2


def _active_subject(analysis: Analysis, frame: Frame, policy) -> bool:
    """The sentence tells who struck whom: a party before an active attack verb and its
    object right after it ("the army killed two JNIM militants; a soldier was wounded")."""
    objects = _objects(analysis, frame, policy)
    markers = set(policy.participants.get("agent_markers", {}).get(analysis.language, ()))
    if not objects or any(set(analysis.text[frame.trigger.end:frame.actors[p].start].casefold().split()) & markers
                          for p in objects):
        return False  # "an ambush by suspected CMA fighters": the party after "by" is the author
    before = [m for p, m in enumerate(frame.actors) if m.end <= frame.trigger.start and p not in frame.sources]
    if not before:
        return False
    subject = before[-1]  # right before the verb: "the army killed", not "soldiers were killed in an attack"
    gap = analysis.text[subject.end:frame.trigger.start]
    return len(gap.split()) <= PASSIVE_NEAR_WORDS and not any(mark in gap for mark in CLAUSE_MARKS) \
        and _role_of(subject) not in {_role_of(frame.actors[p]) for p in objects}


def _role_of(mention) -> str:
    """An actor id without its country: soldiers and an army checkpoint are one party."""
    return str(getattr(mention.value, "actor_id", "")).rpartition(".")[2]


def _international_victims(analysis: Analysis, frame: Frame, policy, actor2, resources, date):
    """Civilians described as foreigners are coded Civilians (International)."""
    if actor2 is None or actor2.inter != CIVILIAN_INTER or not actor2.name.startswith("Civilians ("):
        return actor2
    matcher = policy.cues("foreign_victims", analysis.language)
    if matcher is None or not any(frame.window[0] <= m.start and m.end <= frame.window[1]
                                  for m in analysis.cue_matches(matcher)):
        return actor2
    return replace(actor2, name="Civilians (International)", base_name="Civilians (International)")


def _other_side(actor1, sub_event_type: str, resources, country, date):
    """A party is never its own counterpart: in a battle a state force faces an unnamed armed
    group, and an armed group faces the state; otherwise the other side is unknown."""
    if resources.ontology.event_type_of(sub_event_type) != "Battles":
        return None
    return _generic_opponent(actor1.name, actor1.inter == 1, resources, country, date)


def _generic_opponent(name: str | None, state_side: bool, resources, country, date):
    """An unidentified armed group facing a state force, else the state's military; never the
    side itself."""
    kind = "unidentified_armed_group" if state_side else "military"
    other = resources.actors.generic(kind, country, date)
    return other if other is not None and other.name != name else None


def complete_battles(analysis: Analysis, reports: list[EventReport], resources) -> None:
    """A battle has two sides: one told with a single side, once the story's reports of it are
    folded together, faces the story's usual suspect or an unidentified armed group when its
    side is a state force, and the state's military otherwise (participants.yaml
    `battles_have_two_sides`)."""
    if not resources.policy.participants.get("battles_have_two_sides"):
        return
    for report in reports:
        if report.sub_event_type != "Armed clash" or report.actor1 is None or report.actor2 is not None:
            continue
        other = _opponent(analysis, report, resources)
        if other is not None:
            report.actor2, report.inter2 = other.name, other.inter
            _derived_codes(report, resources.ontology)


def _opponent(analysis: Analysis, report: EventReport, resources):
    if report.inter1 in STATE_FORCES and analysis.usual_suspect is not None:
        suspect = resources.actors.resolve(analysis.usual_suspect, report.country, report.date)
        if suspect is not None and suspect.name != report.actor1:
            return suspect
    return _generic_opponent(report.actor1, report.inter1 in STATE_FORCES, resources, report.country, report.date)


def _armed_community(actor2, resources, country, date):
    """In a battle, a community that fought ("attacked the Dogon village; village self-defence
    responded") is coded as its militia: "Dogon Ethnic Militia (Mali)"."""
    if actor2 is None or not actor2.actor_id.startswith("ethnic.") or not actor2.actor_id.endswith(".group"):
        return actor2
    militia = ActorRef(actor2.actor_id.removesuffix(".group") + ".militia", kind="ethnic_militia")
    return resources.actors.resolve(militia, country or actor2.country, date) or actor2


def _victim_group(actor2, assoc2, resources, country, date):
    """Farmers, teachers or an ethnic group attacked are Civilians (X), the group associated."""
    if actor2 is None or not actor2.primary or not actor2.primary.startswith("Civilians"):
        return actor2, assoc2
    civilians = resources.actors.generic("civilians", country or actor2.country, date)
    if civilians is None:
        return actor2, assoc2
    if actor2.primary != civilians.name:  # "Burkinabe miners" in Mali: Civilians (Burkina Faso)
        civilians = replace(civilians, name=actor2.primary, base_name=actor2.primary)
    return civilians, "; ".join(a for a in (actor2.name, assoc2) if a)


def _crowd(policy, sub_event_type: str, actor1, actor2, resources, country, date):
    """Demonstrations: the crowd is actor1, a named group of demonstrators is associated,
    and only a state force can be actor2."""
    kind = policy.participants.get("crowd_actor", {}).get(sub_event_type)
    if kind is None:
        return actor1, actor2, None
    crowd = resources.actors.generic(kind, country, date)
    named = [a for a in (actor1, actor2) if a is not None and a != crowd
             and (a.inter not in (1, 2, 3, 8) or (a.inter == 1 and not _acts_for_state(policy, a)))]
    force = next((a for a in (actor1, actor2) if a is not None and _acts_for_state(policy, a)), None)
    assoc = "; ".join(a.name for a in named if crowd is None or a.name != crowd.name) or None
    if sub_event_type == "Peaceful protest":
        force = None
    return crowd or actor1, force, assoc


def _default_actors(policy, sub_event_type: str, actor1, actor2, resources, country, date):
    if actor1 is None and sub_event_type in policy.default_actor1:
        actor1 = resources.actors.generic(policy.default_actor1[sub_event_type], country, date)
    if actor2 is None and sub_event_type in policy.default_actor2:
        candidate = resources.actors.generic(policy.default_actor2[sub_event_type], country, date)
        if candidate is not None and (actor1 is None or candidate.name != actor1.name):
            actor2 = candidate
    return actor1, actor2


def _fatalities(analysis: Analysis, frame: Frame, policy) -> int:
    """The frame's toll; one death when a killing is told of someone not counted ("shot dead
    a veterinarian", "the deputy mayor was assassinated")."""
    killed = [m for m in frame.casualties if m.data.get("role") == "killed"]
    if killed:
        return fatalities_for(killed)
    return 1 if death_told(analysis, frame, policy) else 0


def _modality(analysis: Analysis, frame: Frame, resources) -> tuple[str, str | None]:
    cues = resources.cues_for(analysis.language)
    if cues is None:
        return "asserted", None
    trigger = frame.trigger
    modality, _ = detect_modality(analysis.text, frame.sentence, (trigger.start, trigger.end), cues)
    known = analysis.attributions
    if frame.sentence not in known:
        known[frame.sentence] = detect_attribution(analysis.text, frame.sentence, cues, analysis.doc.outlet)
    return modality, known[frame.sentence]


def _evidence_span(text: str, frame: Frame) -> tuple[int, int]:
    """The sentence, or a window of it around the trigger when the sentence is long."""
    start, end = frame.sentence
    if end - start <= MAX_EVIDENCE_CHARS:
        return start, end
    trigger = frame.trigger
    left = max(start, trigger.start - MAX_EVIDENCE_CHARS // 2)
    right = min(end, left + MAX_EVIDENCE_CHARS)
    while left > start and not text[left - 1].isspace():
        left -= 1
    while right < end and not text[right].isspace():
        right += 1
    return left, right


def _place_fields(report: EventReport, place: Place | None) -> None:
    if place is None:
        return
    report.country = place.country
    report.iso = place.iso
    report.admin1 = place.admin1
    report.admin2 = place.admin2
    report.location = place.name
    report.latitude = place.latitude
    report.longitude = place.longitude
    report.geo_precision = place.geo_precision


def _derived_codes(report: EventReport, ontology) -> None:
    report.disorder_type = ontology.disorder_type(report.event_type, report.sub_event_type)
    if report.inter1 is not None:
        report.interaction = ontology.interaction(report.inter1, report.inter2)
    report.civilian_targeting = ontology.civilian_targeting(report.event_type, report.sub_event_type, report.inter2)
    if report.plover_type is None:
        plover = ontology.plover_for(report.sub_event_type)
        if plover:
            report.plover_type, report.plover_mode = plover


def _confidence(frame: Frame, report: EventReport, setting: Setting) -> float:
    score = 0.35 + 0.3 * max(h.weight for h in frame.triggers)
    score += 0.1 if frame.actors else 0.0
    score += 0.1 if setting.place is not None and (setting.place.geo_precision or 3) <= 2 else 0.0
    score += 0.05 if frame.dates else 0.0
    score += 0.05 if frame.casualties else 0.0
    if report.modality in ("hypothetical", "denied"):
        score -= 0.15
    if not frame.anchored and report.event_type not in ("Strategic developments", "Protests", "Riots"):
        score -= 0.25  # violence with no date, toll or town is usually background ("attacks have risen")
    if not (frame.actors or frame.anchored):
        score -= 0.25  # a bare trigger word is not an event
    return round(max(0.0, min(1.0, score)), 3)


def defended_attack_companion(analysis: Analysis, frame: Frame, report: EventReport, resources) -> EventReport | None:
    """ACLED codes an attack on civilians that also killed the soldiers or police defending
    them (or some attackers) as two events: the attack on the civilians and the armed clash
    with the forces. Given one side, returns the other, the toll shared between them (the
    armed dead to the clash); None when the story tells no such pair."""
    policy = resources.policy
    kinds = policy.participants.get("defended_attack") or {}
    armed_dead = _armed_dead(analysis, frame, policy)
    if not kinds or armed_dead == 0 or report.fatalities <= 0:
        return None
    naming_date = report.date or analysis.doc.published
    # without fallen soldiers or police there were no defenders ("the attacker himself was killed")
    if report.sub_event_type == kinds["civilians"] and report.inter2 == CIVILIAN_INTER \
            and _state_victims(analysis, frame, policy):
        side = resources.actors.generic("military", report.country, naming_date)
        companion = replace(report, event_type="Battles", sub_event_type=kinds["forces"],
                            fatalities=min(armed_dead, report.fatalities))
    elif report.sub_event_type == kinds["forces"] and report.fatalities > armed_dead \
            and _civilian_venue(analysis, frame, policy):
        side = resources.actors.generic("civilians", report.country, naming_date)
        companion = replace(report, event_type="Violence against civilians", sub_event_type=kinds["civilians"],
                            fatalities=report.fatalities - armed_dead)
        companion.actor1, companion.inter1 = _attackers(report, resources, naming_date)
    else:
        return None
    if side is None:
        return None
    companion.actor2, companion.inter2, companion.assoc_actor_2 = side.name, side.inter, None
    companion.plover_type = companion.plover_mode = None
    companion.mentions = list(report.mentions)
    _derived_codes(companion, resources.ontology)
    report.fatalities -= companion.fatalities
    return companion


NON_STATE_ARMED_INTER = {2, 3, 4}  # rebels, political and identity militias


def _attackers(report: EventReport, resources, naming_date: str | None) -> tuple[str | None, int | None]:
    """The clash's non-state side, whichever slot it holds; else an unidentified armed group."""
    for actor, inter in ((report.actor1, report.inter1), (report.actor2, report.inter2)):
        if inter in NON_STATE_ARMED_INTER:
            return actor, inter
    unknown = resources.actors.generic("unidentified_armed_group", report.country, naming_date)
    return (unknown.name, unknown.inter) if unknown else (None, None)


def _armed_dead(analysis: Analysis, frame: Frame, policy) -> int:
    """Soldiers, police and attackers among the frame's dead (the lowest figure of each group)."""
    armed = set(policy.participants.get("state_victims", [])) | set(policy.participants.get("fallen_attackers", []))
    fallen: dict[str, int] = {}
    for mention in _victim_counts(analysis, frame, policy):
        who = mention.data.get("who")
        if who in armed and mention.data.get("role") == "killed" and mention.value is not None:
            fallen[who] = min(fallen.get(who, int(mention.value)), int(mention.value))
    return sum(fallen.values())


def _civilian_venue(analysis: Analysis, frame: Frame, policy) -> bool:
    """The frame's window names a place where civilians gather (a hotel, a market, a mosque)."""
    matcher = policy.cues("civilian_venues", analysis.language)
    return matcher is not None and any(frame.window[0] <= m.start and m.end <= frame.window[1]
                                       for m in analysis.cue_matches(matcher))
