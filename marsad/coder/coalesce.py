"""Within one document, several sentences often tell one event: fold them together.

ACLED atomicity: one event type, one day, one place, one dyad. Reports of one
document that agree on these (or leave them open) become one report.
"""

from __future__ import annotations

from datetime import date

from marsad.records import EventReport

GENERIC_ACTORS = ("Unidentified Armed Group (", "Islamist Militia (", "Civilians (", "Protesters (", "Rioters (")
DATE_TOLERANCE_DAYS = 1  # outlets and relative dates disagree by a day; ACLED atomicity is one day


def is_generic(actor: str | None) -> bool:
    """A placeholder actor that a named one may replace."""
    return actor is None or actor.startswith(GENERIC_ACTORS)


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _actors_compatible(a: str | None, b: str | None) -> bool:
    return _compatible(a, b) or is_generic(a) or is_generic(b)


def _dates_close(a: str | None, b: str | None, tolerance: int = DATE_TOLERANCE_DAYS) -> bool:
    if a is None or b is None or a == b:
        return True
    try:
        return abs((date.fromisoformat(a) - date.fromisoformat(b)).days) <= tolerance
    except ValueError:
        return False


def _retold(first: EventReport, second: EventReport) -> bool:
    """A violent event told again in the same town with no date of its own ("a witness said the
    suicide bomber blew herself up at the market"): the story's event under other words, even
    when those words code another violent type."""
    return (first.event_type in VIOLENT_TYPES and second.event_type in VIOLENT_TYPES
            and first.location is not None and first.location == second.location
            and first.modality == second.modality and (first.date is None or second.date is None))


def inferred_date(report: EventReport) -> bool:
    """The report's date was not told with its event (the statement's day, paragraph, lede,
    publication): a date told with the event replaces it when the story tells the event twice."""
    return report.date is not None and report.date_source not in (None, "stated")


def _retold_a_day_apart(first: EventReport, second: EventReport) -> bool:
    """The same sub-event type in the same town a day apart, where one of the two dates was only
    inferred: the document tells one event twice, whatever parties each sentence names. (On one
    day, parties that do not fit stay two dyads: ACLED atomicity.)"""
    return (first.sub_event_type == second.sub_event_type and first.modality == second.modality
            and first.location is not None and first.location == second.location
            and first.date is not None and second.date is not None and first.date != second.date
            and (inferred_date(first) or inferred_date(second)) and _dates_close(first.date, second.date))


COARSE_PRECISION = 3  # geo_precision of a region or a country; time_precision 2+ is a week or vaguer
HALF_WEEK_DAYS = 3  # a week-precision date stands for the week around it (timex: its middle day)


def _tolerance(report: EventReport) -> int:
    return HALF_WEEK_DAYS if (report.time_precision or 1) >= 2 else DATE_TOLERANCE_DAYS


def vaguely_retold(vague: EventReport, precise: EventReport) -> bool:
    """A violent event told again undated or within a week, placed only in the region or the
    country of the other report's town, by the same parties, with no new toll and no kidnapping
    ("clashes in Chad left one dead" after "a suicide bomber killed 14 soldiers in N'Djamena"):
    the story's event under vaguer words, whatever violent type those words code. Two explicit
    days or two towns never fold here; one place told twice is left to the rules above."""
    return (vague.event_type in VIOLENT_TYPES and precise.event_type in VIOLENT_TYPES
            and vague.modality == precise.modality
            and (vague.date is None or (vague.time_precision or 1) >= 2)
            and (vague.geo_precision or COARSE_PRECISION) >= COARSE_PRECISION
            and (precise.geo_precision or COARSE_PRECISION) < COARSE_PRECISION
            and vague.location != precise.location
            and vague.country is not None and vague.country == precise.country
            and vague.admin1 in (None, precise.admin1)
            and _dates_close(vague.date, precise.date, _tolerance(vague))
            and vague.fatalities <= precise.fatalities
            and vague.sub_event_type not in NON_LETHAL and precise.sub_event_type not in NON_LETHAL
            # the same parties: two placeholders ("militants", "civilians") may name two sides
            and _compatible(vague.actor1, precise.actor1) and _compatible(vague.actor2, precise.actor2))


def _development_retold(first: EventReport, second: EventReport) -> bool:
    """A strategic development told again undated, deep in the story, in its country ("Malian
    units took over the base", "the activist was arrested at his home"): the story's development
    of that sub-event type again, whatever parties or place its sentence names, not a new one.
    Diplomacy stays one event per pair of parties: retold undated by the same pair ("the new
    agreement with Mali"), wherever its sentence places it, it is that pair's event again."""
    if not (first.event_type == second.event_type == "Strategic developments"
            and first.sub_event_type == second.sub_event_type and first.modality == second.modality
            and (first.date is None) != (second.date is None)):
        return False
    if first.sub_event_type in DIPLOMACY:
        return None not in (first.actor1, first.actor2) and {first.actor1, first.actor2} == {second.actor1, second.actor2}
    return None in (first.country, second.country) or first.country == second.country


def _same_event(first: EventReport, second: EventReport) -> bool:
    if vaguely_retold(first, second) or vaguely_retold(second, first):
        return True
    if first.event_type != second.event_type and _retold(first, second):
        return True
    if _retold_a_day_apart(first, second) or _development_retold(first, second):
        return True
    if first.event_type != second.event_type or first.modality != second.modality:
        return False
    if first.event_type == "Strategic developments" and (
            first.plover_type != second.plover_type or first.country != second.country
            or {first.actor1, first.actor2} != {second.actor1, second.actor2}):
        return False  # diplomacy: one event per pair of parties
    if first.location == second.location:
        close_in_time = _dates_close(first.date, second.date)
    else:
        coarse = (first.geo_precision or 3) == 3 or (second.geo_precision or 3) == 3
        close_in_time = coarse and first.country == second.country and _dates_close(first.date, second.date)
    # one town, or a town and its country told again: the same parties, or a named one
    # where the other report had only a placeholder
    actors_fit = _actors_compatible if first.country == second.country else _compatible
    return (
        close_in_time
        and actors_fit(first.actor1, second.actor1)
        and actors_fit(first.actor2, second.actor2)
    )


def _absorb(kept: EventReport, other: EventReport, rank) -> None:
    """Fill kept's gaps from other; keep the more specific sub-event and place."""
    if rank(other.sub_event_type) < rank(kept.sub_event_type) and other.event_type == kept.event_type:
        kept.sub_event_type = other.sub_event_type
    elif other.event_type == EXPLOSIONS and kept.event_type == CIVILIAN_VIOLENCE:
        # "the double attack in Maroua" retold as "two girls blew themselves up": the means codes
        # it (not a clash: an attacker's explosive belt does not make a gunfight a bombing)
        _set_codes(kept, _codes(other))
    for actor, inter, counterpart in (("actor1", "inter1", "actor2"), ("actor2", "inter2", "actor1")):
        named = getattr(other, actor)
        if is_generic(getattr(kept, actor)) and not is_generic(named) and named != getattr(kept, counterpart):
            setattr(kept, actor, named)
            setattr(kept, inter, getattr(other, inter))
    if inferred_date(kept) and other.date is not None and not inferred_date(other) \
            and (other.time_precision or 3) <= (kept.time_precision or 3):
        # the most precise date wins: one told with the event beats one inferred for it
        kept.date, kept.time_precision, kept.date_source = other.date, other.time_precision, other.date_source
    for name in ("actor1", "inter1", "actor2", "inter2", "assoc_actor_1", "assoc_actor_2",
                 "date", "time_precision", "date_source", "attribution", "plover_type", "plover_mode"):
        if getattr(kept, name) is None and getattr(other, name) is not None:
            setattr(kept, name, getattr(other, name))
    # a finer place refines kept's, within its country ("killed in Niger" is not moved to a
    # Nigerian town told with the next mention)
    if (other.geo_precision or 4) < (kept.geo_precision or 4) and kept.country in (None, other.country):
        for name in ("country", "iso", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision"):
            setattr(kept, name, getattr(other, name))
    kept.fatalities = max(kept.fatalities, other.fatalities)
    kept.confidence = round(min(1.0, max(kept.confidence, other.confidence) + 0.05), 3)
    kept.mentions.extend(other.mentions)


def coalesce(reports: list[EventReport], rank) -> list[EventReport]:
    """Fold reports of one document that describe the same event; order is kept."""
    kept: list[EventReport] = []
    for report in reports:
        target = next((k for k in kept if _same_event(k, report)), None)
        if target is None:
            kept.append(report)
        elif target.event_type == report.event_type:
            _absorb(target, report, rank)  # one type: the more specific sub-event wins (rank)
        elif vaguely_retold(report, target):
            _absorb_vague(target, report, rank, precise=target)
        elif vaguely_retold(target, report):
            _absorb_vague(target, report, rank, precise=report)
        else:
            _absorb(target, report, rank)
    return kept


def _absorb_vague(kept: EventReport, other: EventReport, rank, precise: EventReport) -> None:
    """Fold a vague retelling without letting its words recode the event: the report told
    with a town (and a day) says best what happened there, even when the vague one came first."""
    codes = _codes(precise)  # before _absorb changes kept, which may be the precise one
    _absorb(kept, other, rank)
    _set_codes(kept, codes)
    if precise is other and precise.date is not None:
        kept.date, kept.time_precision, kept.date_source = precise.date, precise.time_precision, precise.date_source


CODE_FIELDS = ("event_type", "sub_event_type", "plover_type", "plover_mode")


def _codes(report: EventReport) -> tuple:
    """The report's ACLED and PLOVER codes (CODE_FIELDS)."""
    return tuple(getattr(report, name) for name in CODE_FIELDS)


def _set_codes(report: EventReport, codes: tuple) -> None:
    for name, value in zip(CODE_FIELDS, codes, strict=True):
        setattr(report, name, value)


def fold_into_antecedent(kept: list[EventReport], report: EventReport, rank) -> bool:
    """Fold an unanchored mention ("the attack was claimed by...") into the latest compatible
    report of the same kind; True when it was folded."""
    for earlier in reversed(kept):
        if earlier.event_type != report.event_type:
            continue
        if earlier.event_type == "Strategic developments" and earlier.plover_type != report.plover_type:
            continue
        if _actors_compatible(earlier.actor1, report.actor1) and _actors_compatible(earlier.actor2, report.actor2):
            _absorb(earlier, report, rank)
            return True
        return False
    return False


def fold_anaphor(kept: list[EventReport], report: EventReport) -> bool:
    """"This attack" is the story's latest violent event, whatever words, place or toll its
    sentence adds ("South Africa confirmed one of its citizens died in this attack")."""
    earlier = next((k for k in reversed(kept) if k.event_type in VIOLENT_TYPES), None)
    if earlier is None or report.event_type not in VIOLENT_TYPES:
        return False
    earlier.fatalities = max(earlier.fatalities, report.fatalities)
    earlier.mentions.extend(report.mentions)
    return True


def fold_toll_update(kept: list[EventReport], report: EventReport) -> bool:
    """A toll update ("the toll of the attack rose to 20", «ارتفعت حصيلة ... إلى», "le bilan s'est
    alourdi") is the story's latest violent event of its country and region, whatever day the
    update was announced: the larger toll wins, the event keeps its own date and place."""
    if report.event_type not in VIOLENT_TYPES:
        return False
    for earlier in reversed(kept):
        if earlier.event_type not in VIOLENT_TYPES or earlier.sub_event_type in NON_LETHAL \
                or earlier.country not in (report.country, None) \
                or None not in (earlier.admin1, report.admin1) and earlier.admin1 != report.admin1:
            continue
        earlier.fatalities = max(earlier.fatalities, report.fatalities)
        earlier.mentions.extend(report.mentions)
        return True
    return False


RESTATED_WITHIN_DAYS = 7  # a story tells its event a week after it at most


def redate(kept: list[EventReport], report: EventReport) -> bool:
    """The latest violent event of the story takes the date a later sentence gives it again
    ("ووقع الهجوم الاثنين", "l'attaque a eu lieu lundi") when that date is not after the one it
    had (often the day the news was reported); True when it was folded."""
    earlier = next((k for k in reversed(kept) if k.event_type in VIOLENT_TYPES), None)
    if earlier is None or report.event_type not in VIOLENT_TYPES or report.date is None:
        return False
    if earlier.date is not None:
        try:
            gap = (date.fromisoformat(earlier.date) - date.fromisoformat(report.date)).days
        except ValueError:
            return False
        if not 0 <= gap <= RESTATED_WITHIN_DAYS:
            return False
    earlier.date, earlier.time_precision, earlier.date_source = report.date, report.time_precision, report.date_source
    earlier.fatalities = max(earlier.fatalities, report.fatalities)
    earlier.mentions.extend(report.mentions)
    return True


EXPLOSIONS = "Explosions/Remote violence"
CIVILIAN_VIOLENCE = "Violence against civilians"
VIOLENT_TYPES = ("Battles", EXPLOSIONS, CIVILIAN_VIOLENCE)
NON_LETHAL = ("Abduction/forced disappearance", "Sexual violence")
DIPLOMACY = ("Agreement", "Other")  # developments told by their parties: one event per pair


def fold_outcome(kept: list[EventReport], report: EventReport, dated: bool = False,
                 lethal: bool = False) -> bool:
    """A bare toll ("11 people were killed") belongs to the latest violent event of the story in
    the same country, whatever words that event was told with. A dated toll ("the toll rose to
    20 today, state TV said") often dates its announcement: it folds into an event of its town
    told a day apart at most. `lethal` keeps a toll out of a kidnapping told nearby."""
    for earlier in reversed(kept):
        if dated and (report.location is None or earlier.location != report.location
                      or not _dates_close(earlier.date, report.date)):
            continue
        if lethal and earlier.sub_event_type in NON_LETHAL:
            continue
        if earlier.event_type in VIOLENT_TYPES and earlier.country in (report.country, None):
            earlier.fatalities = max(earlier.fatalities, report.fatalities)
            earlier.mentions.extend(report.mentions)
            return True
    return False

