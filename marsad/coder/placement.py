"""Where an event happened: the most specific place its own words name, else its context.

Search order: the frame's own clause, its window, its sentence, a following sentence that only
elaborates (has no trigger), the paragraph before it, then the document's main
region or country. A country is coded as the country itself (geo_precision 3),
never as a guessed town: a wrong point is worse than a coarse one.
"""

from __future__ import annotations

from dataclasses import replace

from marsad.coder.analysis import Analysis, within
from marsad.coder.frames import LOCATIVE_CUES, Frame, is_metonym
from marsad.geo.resolver import NOT_EVENT_PLACES, place_rank
from marsad.records import Mention, Place


def is_country(mention: Mention) -> bool:
    return (mention.value.feature_code or "").startswith("PCL")


def _candidates(analysis: Analysis) -> list[Mention]:
    if analysis.places is None:
        return []
    return [m for m in analysis.places.mentions if m.data.get("role") not in NOT_EVENT_PLACES]


def _search_spans(analysis: Analysis, frame: Frame) -> list[tuple[int, int]]:
    # the frame's own clause first: a town across a clause barrier is likelier another event's
    # ("the double attack in Maroua killed 11, while 42 died in Gombe")
    setting = (max(frame.window[0], frame.clause[0]), min(frame.window[1], frame.clause[1]))
    spans = [setting, frame.window, frame.sentence]
    index = analysis.sentences.index(frame.sentence) if frame.sentence in analysis.sentences else -1
    if 0 <= index < len(analysis.sentences) - 1:
        following = analysis.sentences[index + 1]
        same_paragraph = analysis.paragraph_of(following[0]) == analysis.paragraph_of(frame.sentence[0])
        if same_paragraph and not within(analysis.triggers, following):
            spans.append(following)
    return spans


def event_place(analysis: Analysis, frame: Frame, resources, diplomatic: bool = False) -> Place | None:
    """The place an event is coded to, with ACLED geo_precision."""
    mentions = _candidates(analysis)
    if diplomatic:
        mentions = [m for m in mentions if not is_metonym(m)] or [m for m in mentions if is_country(m)]
    trigger_at = frame.trigger.start
    country: Mention | None = None
    if diplomatic:
        counterparts = [m for m in within(_candidates(analysis), frame.window) if is_country(m)]
        located = [m for m in within(mentions, frame.window) if not is_country(m)]
        if located:
            return located[0].value
        if counterparts:
            return country_level(counterparts[-1].value, resources)  # "an agreement with Nigeria"
    # violence happens where its sentence says ("12 villagers were killed in Niger"): a town told
    # farther off than that one country, there or in the sentences around, must lie in it ("an
    # attack on a village in northern Cameroon, ... a resident, Abba, said")
    violent = resources.policy.family(frame.sub_event_type) == "violence"
    named: Mention | None = None
    for span in _search_spans(analysis, frame):
        found = within(mentions, span)
        if not diplomatic and (named is None or not violent):
            named = _located_in(found)
        specific = [m for m in found if not is_country(m) and _fits(m, named, trigger_at)]
        if specific:
            best = min(specific, key=lambda m: (*place_rank(m), abs(m.start - trigger_at)))
            return best.value
        if country is None and found:
            country = found[-1] if diplomatic else found[0]
    if diplomatic:
        return country_level(country.value, resources) if country is not None else None
    paragraph = analysis.paragraph_of(frame.sentence[0])
    named = named if violent else None
    earlier = [m for m in within(mentions, (paragraph[0], frame.sentence[0]))
               if not is_country(m) and (named is None or m.value.country == named.value.country)]
    if earlier:
        return _near(earlier[-1].value)
    if country is not None:
        return country_level(country.value, resources)
    return _document_level(analysis, resources)


def _located_in(found: list[Mention]) -> Mention | None:
    """The country a span places its event in ("in northern Cameroon"), when it names one only."""
    located = [m for m in found if is_country(m) and m.data.get("cue") in LOCATIVE_CUES]
    return located[0] if len({m.value.country for m in located}) == 1 else None


def _fits(town: Mention, named: Mention | None, trigger_at: int) -> bool:
    return (named is None or town.value.country == named.value.country
            or abs(town.start - trigger_at) < abs(named.start - trigger_at))


def _near(place: Place) -> Place:
    """A place carried over from an earlier sentence is where the story is, not a certainty."""
    return replace(place, geo_precision=max(place.geo_precision or 1, 2))


def country_level(place: Place, resources) -> Place:
    """A country as an event place: named by the country, no admin1, precision 3, at the national
    point (region.yaml `country_fallback`: the capital, ACLED's convention, or the centroid)."""
    iso = place.iso
    if not iso and place.country:
        named = resources.resolver.country_place(place.country)
        iso = named.iso if named is not None else None
    point = resources.resolver.country_point(iso) if iso else None
    base = point or place
    return replace(base, name=base.country or base.name, admin1=None, admin2=None, geo_precision=3)


def party_place(actors: list, resources, diplomatic: bool = False) -> Place | None:
    """Where the parties alone place an event that names no place, at country level. A diplomatic
    event happens in the counterpart's country; another in the country the first party that has
    one operates in (GeoResolver.theatre: ISWAP → Niger in a Sahel watch, French troops → none)."""
    for actor in actors:
        home = resources.resolver.country_place(actor.country) if actor is not None and actor.country else None
        if home is None:
            continue
        if diplomatic:
            return country_level(home, resources)
        iso = resources.resolver.theatre(actor.actor_id, home.iso)
        place = resources.resolver.country_place(iso) if iso else None
        if place is not None:
            return country_level(place, resources)
    return None


def _document_level(analysis: Analysis, resources) -> Place | None:
    places = analysis.places
    if places is None:
        return None
    if places.dominant is None:
        # no place named, but the story is placed in a country ("Burkinabè soldiers", "VDP")
        grounded = getattr(places, "grounded", None) or []
        country = resources.resolver.country_place(grounded[0]) if grounded else None
        return country_level(country, resources) if country is not None else None
    dominant = places.dominant
    code = dominant.feature_code or ""
    if code.startswith("PCL") or code == "PPLC" or dominant.admin1 is None:
        return country_level(dominant, resources)
    return replace(dominant, geo_precision=3)


BETWEEN = ("بين", "between", "entre")
COORDINATORS = ("", ",", "،", "و", "and", "et", "&")
CONJUNCTION_CLITICS = ("و",)  # "وبتمبكتو" (and in Timbuktu) still lists a town


def _coordinated(gap: str) -> bool:
    """Places listed together: "A, B and C", "أ وب وج"."""
    return gap.strip().strip(",،").strip() in COORDINATORS


def _container(town: Mention) -> bool:
    """A town joined by a bare preposition, not by "and", holds the one before it: "سوق غامبورو
    بمايدوغوري" is the Gamboru market in Maiduguri."""
    return town.data.get("cue") == "clitic" and not town.text.startswith(CONJUNCTION_CLITICS)


def split_by_place(analysis: Analysis, frame: Frame, report, policy) -> list:
    """ACLED atomicity: an attack on three villages is three events, the toll shared out."""
    if policy.family(frame.sub_event_type) != "violence":
        return [report]
    towns: dict[str, Mention] = {}
    for mention in within(_candidates(analysis), frame.window):
        if (mention.value.feature_code or "").startswith("PPL") and (mention.value.geo_precision or 3) == 1:
            towns.setdefault(mention.value.name, mention)
    ordered = sorted(towns.values(), key=lambda m: m.start)
    if len(ordered) < 2 or not all(_coordinated(analysis.text[a.end:b.start]) and not _container(b)
                                   for a, b in zip(ordered, ordered[1:], strict=False)):
        return [report]
    first = ordered[0].start
    lead_in = analysis.text[max(frame.window[0], first - 20):first]
    if any(word in lead_in for word in BETWEEN):
        return [report]  # "between Malam Fatori and Damasak": one event near the first
    share, rest = divmod(report.fatalities, len(towns))
    parts = []
    for index, mention in enumerate(ordered):
        part = replace(report, fatalities=share + (rest if index == 0 else 0), mentions=list(report.mentions))
        place = mention.value
        part.country, part.iso, part.admin1, part.admin2 = place.country, place.iso, place.admin1, place.admin2
        part.location, part.latitude, part.longitude = place.name, place.latitude, place.longitude
        part.geo_precision = place.geo_precision
        parts.append(part)
    return parts
