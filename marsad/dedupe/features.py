"""Pairwise evidence that two event reports describe the same real-world event.

Each feature returns a score in 0..1, None when the pair cannot be compared on it
(left out of the weighted mean), or raises `Veto` when ACLED atomicity forbids the
merge (different event type, day, place, or admin1).
"""

from __future__ import annotations

import calendar
import functools
import math
import re
from dataclasses import dataclass
from datetime import date

import pycountry

from marsad.records import EventReport

from .config import ActorRules, DedupeConfig
from .normalise import name_key

_PERIOD_SUFFIX = re.compile(r"\s*\(\d{4}-(\d{4})?\)\s*$")
_COUNTRY_SUFFIX = re.compile(r"\(([^()]+)\)\s*$")
_STATE_COUNTRY = re.compile(r"forces of (.+)$|government of (.+)$")
EARTH_RADIUS_KM = 6371.0


class Veto(Exception):
    """Raised by a feature when the two reports cannot be the same event."""


@dataclass(slots=True)
class PairScore:
    """A pair's weighted score and features. `veto`: the two reports cannot be one event.
    `unconfirmed`: they may be one event (no veto, so a cluster may hold both) but the pair alone
    is too vague to link them, whatever its score (see `vague_place` and `ambiguous_undated`)."""

    score: float
    features: dict[str, float]
    veto: str | None = None
    unconfirmed: str | None = None

    @property
    def links(self) -> bool:
        """The pair may join two clusters by itself (given a score above the threshold)."""
        return self.veto is None and self.unconfirmed is None

    def reasons(self) -> dict[str, object]:
        out: dict[str, object] = {k: round(v, 4) for k, v in self.features.items()}
        if self.veto:
            out["veto"] = self.veto
        if self.unconfirmed:
            out["unconfirmed"] = self.unconfirmed
        return out


# ---------- types ----------

def type_score(a: EventReport, b: EventReport, config: DedupeConfig) -> float:
    if a.event_type != b.event_type:
        raise Veto("event_type")
    if a.sub_event_type == b.sub_event_type:
        return 1.0
    if any(a.sub_event_type in group and b.sub_event_type in group for group in config.related_subtypes):
        return config.related_subtype_score
    return config.subtype_mismatch_score


# ---------- dates ----------

def date_interval(report: EventReport, config: DedupeConfig) -> tuple[int, int] | None:
    """Ordinal day range the report's date stands for, given its time_precision."""
    if not report.date:
        return None
    try:
        text = report.date[:10]
        day = date.fromisoformat(text if len(text) == 10 else f"{text[:7]}-01")
    except ValueError:
        return None
    precision = report.time_precision or 1
    if precision >= 3 or len(report.date) < 10:
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1).toordinal(), day.replace(day=last).toordinal()
    if precision == 2:
        half = config.dates.week_halfwidth_days
        return day.toordinal() - half, day.toordinal() + half
    return day.toordinal(), day.toordinal()


def inferred_pair(a: EventReport, b: EventReport, config: DedupeConfig) -> bool:
    """At least one of the two dates was inferred (paragraph, lede, publication), not told with
    its event: a gap of a day or two is then weak evidence, not ACLED's one-day atomicity."""
    return config.dates.inferred(a) or config.dates.inferred(b)


def statement_lag(a: EventReport, b: EventReport, config: DedupeConfig) -> bool:
    """The later of two exact days is only the day of a statement told after its event (date_source
    "reported": "killed 12, the army said on Saturday"), at most `dates.reported_lag_days` after the
    other: the event was on that day or shortly before, so the gap is no sign of another event. A
    reported day *before* the other's is no such lag and keeps the full-strength rules."""
    lag = config.dates.reported_lag_days
    ia, ib = date_interval(a, config), date_interval(b, config)
    if not lag or ia is None or ib is None or ia[0] != ia[1] or ib[0] != ib[1] or ia[0] == ib[0]:
        return False
    later, gap = (a, ia[0] - ib[0]) if ia[0] > ib[0] else (b, ib[0] - ia[0])
    return later.date_source == "reported" and gap <= lag


def date_score(a: EventReport, b: EventReport, config: DedupeConfig) -> float | None:
    ia, ib = date_interval(a, config), date_interval(b, config)
    if ia is None or ib is None:
        return None
    rules = config.dates
    exact = ia[0] == ia[1] and ib[0] == ib[1]
    # a coarse date's range already holds its uncertainty: the wider tolerance is for exact days
    inferred = exact and (inferred_pair(a, b, config) or statement_lag(a, b, config))
    tolerance = rules.inferred_tolerance_days if inferred else rules.exact_tolerance_days
    if ia[0] > ib[1] + tolerance or ib[0] > ia[1] + tolerance:
        raise Veto("date")
    if exact:
        # Outlets often disagree by a day (overnight attacks, "yesterday" told from different
        # publication days): tolerated, never rewarded, so the other evidence must carry it.
        if ia == ib:
            return 1.0
        return rules.inferred_gap_score if inferred else rules.adjacent_day_score
    return rules.coarse_score


# ---------- places ----------

def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


def _key(value: str | None, config: DedupeConfig) -> str:
    return name_key(value, config.letter_folding)


def _same_country(a: EventReport, b: EventReport, config: DedupeConfig) -> bool:
    if a.iso and b.iso:
        return a.iso.upper() == b.iso.upper()
    if a.country and b.country:
        return _key(a.country, config) == _key(b.country, config)
    return True


def _coarse_contains(coarse: EventReport, other: EventReport, config: DedupeConfig) -> bool:
    """Is `other` inside the region or country that a precision-3 place stands for?"""
    if not _same_country(coarse, other, config):
        return False
    region = _key(coarse.admin1, config)
    if not region or _key(coarse.location, config) == _key(coarse.country, config):
        return True  # a country centroid contains everything in the country
    other_region = _key(other.admin1, config)
    return not other_region or other_region == region


def place_score(a: EventReport, b: EventReport, config: DedupeConfig) -> float | None:
    if not _same_country(a, b, config):
        raise Veto("country")
    pa, pb = a.geo_precision or 1, b.geo_precision or 1
    if pa >= 3 or pb >= 3:
        coarse, other = (a, b) if pa >= pb else (b, a)
        if not _coarse_contains(coarse, other, config):
            raise Veto("admin1")
        if pa >= 3 and pb >= 3 and _key(a.location, config) == _key(b.location, config):
            return config.places.coarse_score + (1 - config.places.coarse_score) / 2
        return config.places.coarse_score
    ra, rb = _key(a.admin1, config), _key(b.admin1, config)
    if ra and rb and ra != rb:
        raise Veto("admin1")
    if None not in (a.latitude, a.longitude, b.latitude, b.longitude):
        rules = config.places
        near, far = ((rules.precise_near_km, rules.precise_max_km) if pa == pb == 1
                     else (rules.approximate_near_km, rules.approximate_max_km))
        distance = haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)  # type: ignore[arg-type]
        if distance > far:
            raise Veto("distance")
        return 1.0 if distance <= near else 1.0 - (distance - near) / (far - near)
    la, lb = _key(a.location, config), _key(b.location, config)
    if not la or not lb:
        return None
    if la != lb:
        raise Veto("location")
    return 1.0


# ---------- actors ----------

def actor_key(name: str) -> str:
    """Compare actor names without case and ACLED period suffixes like "(2021-)"."""
    return _PERIOD_SUFFIX.sub("", name).strip().casefold()


@functools.lru_cache(maxsize=4096)
def _country_code(name: str) -> str | None:
    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        return None


def actor_country(name: str) -> str | None:
    """ISO code of the country an actor name is tied to: "Civilians (Mali)", "Military Forces of Niger".
    A region in parentheses ("Islamic State (West Africa)") ties it to no single country."""
    key = actor_key(name)
    match = _COUNTRY_SUFFIX.search(key)
    if match:
        return _country_code(match.group(1).strip())
    state = _STATE_COUNTRY.search(key)
    return _country_code((state.group(1) or state.group(2)).strip()) if state else None


def _matches(key: str, patterns) -> bool:
    return any(p.search(key) for p in patterns)


def is_generic_actor(name: str, rules: ActorRules) -> bool:
    return _matches(actor_key(name), rules.generic_patterns)


def _short(key: str) -> str:
    return key.split(":", 1)[0].strip()


def _name_parts(key: str) -> list[str]:
    """'aqim: al qaeda in the islamic maghreb' → ['aqim', 'al qaeda in the islamic maghreb']."""
    return [part.strip() for part in key.split(":", 1) if part.strip()]


def is_affiliate(kx: str, ky: str, min_chars: int) -> bool:
    """One actor names the other as its parent: "Al Qaeda" inside "AQIM: Al Qaeda in the Islamic
    Maghreb", "United Nations" inside "MINUSMA: United Nations ... Mission in Mali"."""
    for inner, outer in ((kx, ky), (ky, kx)):
        for part in _name_parts(inner):
            if len(part) >= min_chars and re.search(rf"(?<!\w){re.escape(part)}(?!\w)", outer):
                return True
    return False


def actor_pair_score(x: str | None, y: str | None, rules: ActorRules) -> float | None:
    """1 same actor; affiliate_match_score for an affiliate of the other; generic_match_score for
    generic vs compatible specific; 0 conflict."""
    if not x or not y:
        return None
    kx, ky = actor_key(x), actor_key(y)
    if kx == ky or _short(kx) == _short(ky):
        return 1.0
    if is_affiliate(kx, ky, rules.affiliate_min_chars):
        return rules.affiliate_match_score
    gx, gy = _matches(kx, rules.generic_patterns), _matches(ky, rules.generic_patterns)
    if gx == gy:
        return rules.state_family_score if _same_state(kx, ky, rules) else 0.0
    generic, specific = (kx, ky) if gx else (ky, kx)
    if _matches(specific, rules.state_patterns) or _matches(specific, rules.civilian_patterns):
        return 0.0
    cg, cs = actor_country(generic), actor_country(specific)
    return rules.generic_match_score if cg is None or cs is None or cg == cs else 0.0


def _same_state(kx: str, ky: str, rules: ActorRules) -> bool:
    """Two organs of one state ("Military Forces of Mali", "Police Forces of Mali"): outlets name
    the security forces of an incident loosely, so this is a weak match, not a different dyad."""
    if not (_matches(kx, rules.state_patterns) and _matches(ky, rules.state_patterns)):
        return False
    country = actor_country(kx)
    return country is not None and country == actor_country(ky)


def _dyad(pairs: list[float | None]) -> float | None:
    known = [s for s in pairs if s is not None]
    return sum(known) / len(known) if known else None


def is_armed_group(name: str, inter: int | None, rules: ActorRules) -> bool:
    """A specific non-state armed group: not generic, not state forces or civilians, and (when the
    inter code is known) a rebel group, political or identity militia."""
    key = actor_key(name)
    if any(_matches(key, p) for p in (rules.generic_patterns, rules.state_patterns, rules.civilian_patterns)):
        return False
    return inter is None or inter in rules.armed_group_inters


def _decisive_conflict(sides: list[tuple[str | None, int | None, str | None, int | None, float | None]],
                       rules: ActorRules) -> bool:
    """The dyads differ for certain: two different specific armed groups stand on the same side
    (JNIM vs Islamic State: different perpetrators), or (dyad_veto "decisive") every compared
    side conflicts. dyad_veto "none" never vetoes."""
    compared = [s for s in sides if s[4] is not None]
    if not compared or rules.dyad_veto == "none":
        return False
    if rules.dyad_veto == "decisive" and all(s[4] == 0.0 for s in compared):
        return True
    return any(s[4] == 0.0 and is_armed_group(s[0], s[1], rules) and is_armed_group(s[2], s[3], rules)
               for s in compared)  # type: ignore[arg-type]


def actor_score(a: EventReport, b: EventReport, config: DedupeConfig) -> float | None:
    """Dyad agreement, actor1/actor2 order-tolerant. A decisive conflict vetoes unless the other
    alignment is a plausible reading (no conflict, some agreement); a partial one (same attacker,
    the victims told differently) only lowers the score, since outlets and the coder often name
    a different target of the same attack."""
    rules = config.actors
    straight_sides = [(a.actor1, a.inter1, b.actor1, b.inter1), (a.actor2, a.inter2, b.actor2, b.inter2)]
    swapped_sides = [(a.actor1, a.inter1, b.actor2, b.inter2), (a.actor2, a.inter2, b.actor1, b.inter1)]
    straight_full = [(*s, actor_pair_score(s[0], s[2], rules)) for s in straight_sides]
    swapped_full = [(*s, actor_pair_score(s[0], s[2], rules)) for s in swapped_sides]
    straight, swapped = [s[4] for s in straight_full], [s[4] for s in swapped_full]
    straight_score, swapped_score = _dyad(straight), _dyad(swapped)
    conflicts = (_decisive_conflict(straight_full, rules), _decisive_conflict(swapped_full, rules))
    plausible = [not conflict and score is not None and score > 0
                 for conflict, score in zip(conflicts, (straight_score, swapped_score), strict=True)]
    if any(conflicts) and not any(plausible):
        raise Veto("actors")
    if swapped_score is not None:
        swapped_score *= rules.swapped_factor
    candidates = [s for s in (straight_score, swapped_score) if s is not None]
    return max(candidates) if candidates else None


# ---------- fatalities ----------

def fatalities_score(a: EventReport, b: EventReport, config: DedupeConfig) -> float | None:
    if a.fatalities <= 0 or b.fatalities <= 0:
        return None  # an unreported figure says nothing either way
    closeness = min(a.fatalities, b.fatalities) / max(a.fatalities, b.fatalities)
    return closeness if closeness >= config.fatalities_floor else 0.0


STRUCTURAL_FEATURES = (
    ("type", type_score),
    ("place", place_score),
    ("date", date_score),
    ("actors", actor_score),
    ("fatalities", fatalities_score),
)


def day_gap(a: EventReport, b: EventReport, config: DedupeConfig) -> int:
    """Days between two exact-day dates that must be confirmed as one event: 0 when either date
    is coarse, missing or inferred (an inferred date's gap is weak evidence, never a veto)."""
    ia, ib = date_interval(a, config), date_interval(b, config)
    if ia is None or ib is None or ia[0] != ia[1] or ib[0] != ib[1] or inferred_pair(a, b, config) \
            or statement_lag(a, b, config):
        return 0
    return abs(ia[0] - ib[0])


def structural_features(a: EventReport, b: EventReport, config: DedupeConfig) -> dict[str, float]:
    """Scores of the coded fields; raises Veto (with the feature name) on an atomicity conflict.
    `day_gap` (unweighted) marks exact dates a tolerated day apart: the text must then confirm."""
    features: dict[str, float] = {}
    for name, func in STRUCTURAL_FEATURES:
        value = func(a, b, config)
        if value is not None:
            features[name] = value
    gap = day_gap(a, b, config)
    if gap:
        features["day_gap"] = float(gap)
    return features


def adjacent_day_confirmed(features: dict[str, float], config: DedupeConfig) -> bool:
    """Exact dates a day apart are one event only when the evidence says so: the sentences match
    (a translation or wire copy), or the coded fields agree closely: the same sub-event type at the
    same place, with no contradicting death toll."""
    rules = config.dates
    if features.get("text", 0.0) >= rules.adjacent_day_min_text:
        return True
    return (features.get("type") == 1.0 and features.get("place", 0.0) >= rules.adjacent_day_min_place
            and features.get("fatalities", 1.0) >= rules.adjacent_day_min_fatalities)


def coarse_pair(a: EventReport, b: EventReport) -> bool:
    """Either report is placed only at a region or a country (geo_precision 3)."""
    return (a.geo_precision or 1) >= 3 or (b.geo_precision or 1) >= 3


def vague_place_unconfirmed(a: EventReport, b: EventReport, features: dict[str, float],
                            config: DedupeConfig) -> bool:
    """A pair placed only through a region or a country and with no common exact day (a week, a
    month, or no date on either side) has little but the event type and the parties in common:
    many events of a region share those. It links only when the wording is similar too (text
    feature >= places.coarse_min_text); the text must therefore be computed for it. Two reports of
    one document (already told at one named place) and event types told at the country level by
    nature (vague_exempt_types: an appointment, talks) are exempt."""
    threshold = config.places.coarse_min_text
    return (threshold is not None and a.doc_id != b.doc_id and coarse_pair(a, b)
            and a.event_type not in config.vague_exempt_types
            and features.get("date", 0.0) < 1.0 and features.get("text", 0.0) < threshold)


def is_day_gap_veto(result: PairScore) -> bool:
    """Vetoed only because exact dates a day apart were not confirmed (a hard date veto has no features)."""
    return result.veto == "date" and "day_gap" in result.features


def weighted_score(features: dict[str, float], config: DedupeConfig) -> float:
    """Weighted mean over the features present (text_raw/wire are reported, not weighted)."""
    total = weight_sum = 0.0
    for name, value in features.items():
        weight = config.weights.get(name, 0.0)
        total += weight * value
        weight_sum += weight
    return total / weight_sum if weight_sum else 0.0


def text_bounds(features: dict[str, float], config: DedupeConfig) -> tuple[float, float]:
    """The score range the pair can still reach once the text feature is known."""
    return (weighted_score({**features, "text": 0.0}, config),
            weighted_score({**features, "text": 1.0}, config))
