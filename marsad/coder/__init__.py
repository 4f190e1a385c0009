"""Coding stage: recognised mentions → event frames → EventReports."""

from __future__ import annotations

from datetime import date, timedelta

from marsad.coder.analysis import Analysis, analyse
from marsad.coder.coalesce import (
    VIOLENT_TYPES,
    coalesce,
    fold_anaphor,
    fold_into_antecedent,
    fold_outcome,
    fold_toll_update,
    redate,
)
from marsad.coder.frames import build_frames
from marsad.coder.placement import split_by_place
from marsad.coder.reports import (
    CLAUSE_MARKS,
    claimant,
    complete_battles,
    defended_attack_companion,
    frame_to_report,
    period_tally,
    usual_suspect,
)
from marsad.records import EventReport
from marsad.timex import days_told


def code_analysis(analysis: Analysis, resources) -> list[EventReport]:
    """EventReports of one analysed document."""
    policy = resources.policy
    analysis.usual_suspect = usual_suspect(analysis, resources)
    analysis.claim = claimant(analysis, resources)
    reports: list[EventReport] = []
    orphans: list[EventReport] = []
    tallies: list[EventReport] = []  # "seven killed since Sunday": kept only when nothing else is told
    tolls: list[EventReport] = []  # dated tolls whose event may be told later in the story
    main_dates: dict[tuple[int, int], tuple[str, str | None]] = {}  # each sentence's first clause's date, source
    for frame in build_frames(analysis, policy):
        report = frame_to_report(analysis, frame, resources)
        if report is None or _unrealised(report) or _year_only(analysis, frame, report, policy):
            continue
        if period_tally(analysis, frame, policy):
            tallies.append(report)
            continue
        _undate_future_fact(report, analysis.doc.published)
        if frame.clause[0] == frame.sentence[0] and report.date:
            main_dates.setdefault(frame.sentence, (report.date, report.date_source))
        _date_recalled(analysis, frame, report, main_dates.get(frame.sentence), policy)
        if _restates(analysis, frame, policy) and redate(reports, report):
            continue  # "the attack took place on Monday": the story's event, now dated
        if _cue_on_trigger(analysis, frame, policy, "event_anaphors") and fold_anaphor(reports, report):
            continue  # "a South African was killed in this attack": the story's event again
        if _cue_in_clause(analysis, frame, policy, "toll_updates") and fold_toll_update(reports, report):
            continue  # "the toll of the attack rose to 20": the story's event, not another
        # "Nine soldiers were killed." after an attack is that attack's toll
        if all(getattr(h, "fallback", False) for h in frame.triggers):
            if not _elsewhere(frame, report, reports) and (fold_into_antecedent(reports, report, policy.rank)
                                                            or fold_outcome(reports, report, dated=bool(frame.dates))):
                continue
            # "Students rioted in Niamey. They burned a police vehicle.": the riot's own damage
            if not frame.dates and reports and reports[-1].event_type == "Riots":
                continue
            # "Clashes broke out between X and Y. Two people were wounded.": the toll anchors
            # the event told just before it, which had no date, toll or town of its own
            if not frame.dates and orphans and fold_outcome(orphans[-1:], report):
                reports.append(orphans.pop())
                continue
            if frame.dates and frame.casualties:
                tolls.append(report)
        # "the attack", told again with no date, toll or town of its own, is the event already coded
        if _reaction(analysis, frame, policy):
            if not reports:  # the condemned attack, told nowhere else, is still an event
                orphans.append(report)
            continue
        if not frame.anchored:
            if fold_into_antecedent(reports, report, policy.rank):
                continue
            if policy.family(frame.sub_event_type) in ("violence", "demonstration"):
                orphans.append(report)  # "IEDs remain the main threat": a trend, unless nothing else is told
                continue
        if report.confidence >= policy.min_confidence:
            companion = defended_attack_companion(analysis, frame, report, resources)
            reports.extend(split_by_place(analysis, frame, report, policy))
            if companion is not None:
                reports.extend(split_by_place(analysis, frame, companion, policy))
    if not reports and orphans:
        reports.append(max(orphans, key=lambda r: r.confidence))  # a one-line report is still one event
    if tallies and not any(r.event_type in VIOLENT_TYPES for r in reports):
        reports.append(tallies[0])  # the period's violence is all the story tells: still an event
    reports = _fold_early_tolls(coalesce(reports, policy.rank), tolls)
    _story_toll(analysis, reports)
    complete_battles(analysis, reports, resources)
    return reports


def _fold_early_tolls(reports: list[EventReport], tolls: list[EventReport]) -> list[EventReport]:
    """A dated toll told before its event ("the toll rose to 20, TV said today ... the bomber
    struck on Saturday") is that event's, once the whole story is read."""
    for toll in tolls:
        others = [r for r in reports if r is not toll]
        if len(others) < len(reports) and fold_outcome(others, toll, dated=True, lethal=True):
            reports = others
    return reports


RECAP_REACH = 40  # characters a clause barrier spans ("بعد أقل من أسبوع من")
COUNT_REACH = 12  # characters before it where its count may stand ("six days after")


def _date_recalled(analysis: Analysis, frame, report: EventReport, main: tuple[str, str | None] | None,
                   policy) -> None:
    """"..., two days after gunmen killed 12 in Niger": an undated recalled event is dated back
    from the event its sentence opens with (and is as sure of its day as that event is)."""
    start = frame.clause[0]
    if frame.dates or start <= frame.sentence[0] or main is None:
        return
    # the barrier's own words, before the recalled event's trigger ("بعد أقل من أسبوع من مقتل")
    end = min(start + RECAP_REACH, min(h.start for h in frame.triggers))
    told = analysis.text[max(frame.sentence[0], start - COUNT_REACH):end]
    days = days_told(told, analysis.language)
    if days:
        report.date = (date.fromisoformat(main[0]) - timedelta(days=days)).isoformat()
        report.date_source = main[1]


def _restates(analysis: Analysis, frame, policy) -> bool:
    """The frame's clause dates the story's event again ("ووقع الهجوم الاثنين")."""
    if not frame.dates or frame.casualties:
        return False
    return any(frame.clause[0] <= m.start and m.end <= frame.clause[1]
               for m in analysis.cue_matches(policy.cues("event_restated", analysis.language)))


def _cue_on_trigger(analysis: Analysis, frame, policy, key: str) -> bool:
    """Cue phrases of participants.yaml `key` cover all the frame's triggers ("هذا الهجوم")."""
    cues = analysis.cue_matches(policy.cues(key, analysis.language))
    return all(any(m.start <= h.start and h.end <= m.end for m in cues) for h in frame.triggers)


def _cue_in_clause(analysis: Analysis, frame, policy, key: str) -> bool:
    """A cue phrase of participants.yaml `key` lies in the frame's clause."""
    return any(frame.clause[0] <= m.start and m.end <= frame.clause[1]
               for m in analysis.cue_matches(policy.cues(key, analysis.language)))


def _reaction(analysis: Analysis, frame, policy) -> bool:
    """The violence is the object of a reaction told before it in its sentence ("the UN
    chief condemned on Saturday the attack on the hotel", participants.yaml `reactions`):
    the story's event again, whatever date the reaction bears, not a new one; its parties
    (the one who condemns) are not the event's."""
    if policy.family(frame.sub_event_type) != "violence":
        return False
    cues = analysis.cue_matches(policy.cues("reactions", analysis.language))
    return any(frame.sentence[0] <= m.start and m.end <= frame.trigger.start for m in cues)


def _elsewhere(frame, report: EventReport, reports: list[EventReport]) -> bool:
    """A toll in a clause of its own that names another place ("..., while gunmen killed five in
    Gao") is another event, not the previous one's toll."""
    return bool(reports) and frame.clause[0] > frame.sentence[0] and report.location != reports[-1].location


def _unrealised(report: EventReport) -> bool:
    """A plotted attack has not happened. (Protests are kept: "a protest against the planned
    reform" puts the plan in the object, not in the protest.)"""
    return report.modality == "planned" and report.event_type in VIOLENT_TYPES


def _year_only(analysis: Analysis, frame, report: EventReport, policy) -> bool:
    """The time told nearest after the trigger, before any comma, is a bare earlier year
    ("seized the region in 2012, before being driven out in an operation launched in January
    2013"): the event is history, not one ACLED could date. A year inside a date ("in August
    2014") is that date's, and an event dated nearer its trigger ("yesterday") keeps its date.
    Demonstrations are today's, whatever old event they recall ("marched in memory of the
    students killed in 1990")."""
    pattern = policy.year_only.get(analysis.language)
    published = (analysis.doc.published or "")[:4]
    if pattern is None or not published.isdigit() or policy.family(frame.sub_event_type) == "demonstration":
        return False
    trigger = frame.trigger.end
    text = analysis.text
    span_end = min([frame.clause[1], *(i for i in (text.find(m, trigger, frame.clause[1]) for m in CLAUSE_MARKS)
                                       if i >= 0)])
    dated = [(m.start, m.end) for m in analysis.dates if frame.clause[0] <= m.start < frame.clause[1]]
    year = next((match for match in pattern.finditer(text, trigger, span_end)
                 if not any(a <= match.start(1) < b for a, b in dated)), None)
    if year is None or any(abs(a - trigger) < year.start(1) - trigger for a, _ in dated):
        return False
    return year.group(1) < published and year.group(1) != (report.date or "")[:4]


def _undate_future_fact(report: EventReport, published: str | None) -> None:
    """A violent event told as fact cannot postdate its story: the date the sentence gave was
    another one's ("... until 30 July"), so the event's own day is unknown."""
    if (report.date and published and report.modality == "asserted" and report.event_type in VIOLENT_TYPES
            and report.date > published[:10]):
        report.date = report.time_precision = report.date_source = None


def _story_toll(analysis: Analysis, reports: list[EventReport]) -> None:
    """A story that tells one violent event: its dead are that event's, wherever they are told
    ("... struck an IED. Two soldiers were killed.")."""
    from marsad.coder.casualties import fatalities_for

    violent = [r for r in reports if r.event_type in VIOLENT_TYPES]
    if len(violent) != 1 or violent[0].fatalities:
        return
    killed = [m for m in analysis.casualties if m.data.get("role") == "killed"]
    if killed:
        violent[0].fatalities = fatalities_for(killed)


__all__ = ["Analysis", "analyse", "code_analysis"]
