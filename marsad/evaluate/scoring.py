"""Pure scoring functions: gold events vs predicted event reports, and ACLED rows vs reports.

Everything here works on plain dicts (gold events as in ANNOTATION.md, predictions as in
the extraction contract), so the same functions score a file, a pipeline run or a test.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

Event = Mapping[str, Any]

DATE_TOLERANCE_DAYS = 2
PLACE_RADIUS_KM = 25.0
# Fields compared on matched pairs, in the order they are reported.
AGREEMENT_FIELDS: tuple[str, ...] = (
    "sub_event_type", "actor1", "actor1_base", "actor2", "actor2_base",
    "fatalities", "admin1", "location", "date",
)
NO_PREDICTION = "(none)"

_PERIOD_SUFFIX = re.compile(r"\s*\(\d{4}-(?:\d{4})?\).*$")
_NAME_JOINERS = re.compile(r"[\s\-'’‘`ʼ_.]+")


# ----------------------------------------------------------------------------- normalisers

def normalise_name(name: str | None) -> str:
    """Place-name key: casefold, accents stripped, spaces/hyphens/apostrophes removed."""
    if not name:
        return ""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NAME_JOINERS.sub("", stripped)


def actor_base_name(name: str | None) -> str:
    """ACLED actor name cut at its period suffix: 'Police Forces of Mali (2021-) Gendarmerie' → '... of Mali'."""
    if not name:
        return ""
    return _PERIOD_SUFFIX.sub("", name).strip()


def parse_iso_date(value: Any) -> date | None:
    """An ISO date (YYYY-MM-DD, longer strings truncated) or None when absent or malformed."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _coordinates(event: Event) -> tuple[float, float] | None:
    try:
        lat, lon = float(event.get("latitude")), float(event.get("longitude"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if math.isnan(lat) or math.isnan(lon):
        return None
    return lat, lon


def distance_km(a: Event, b: Event) -> float | None:
    """Distance between two events' coordinates, None unless both have them."""
    ca, cb = _coordinates(a), _coordinates(b)
    if ca is None or cb is None:
        return None
    return haversine_km(ca[0], ca[1], cb[0], cb[1])


# ----------------------------------------------------------------------------- match rules

def _country_level(event: Event) -> bool:
    """True when the event is only located at country level (nothing finer to compare)."""
    location = normalise_name(event.get("location"))
    return (event.get("geo_precision") == 3 and not event.get("admin1")) or (
        not location or location == normalise_name(event.get("country"))
    )


def places_compatible(gold: Event, pred: Event, radius_km: float = PLACE_RADIUS_KM) -> bool:
    """Same location name, or same admin1, or within radius_km; a country-only side needs the same country."""
    gold_loc, pred_loc = normalise_name(gold.get("location")), normalise_name(pred.get("location"))
    if gold_loc and gold_loc == pred_loc:
        return True
    gold_adm, pred_adm = normalise_name(gold.get("admin1")), normalise_name(pred.get("admin1"))
    if gold_adm and gold_adm == pred_adm:
        return True
    km = distance_km(gold, pred)
    if km is not None and km <= radius_km:
        return True
    if _country_level(gold) or _country_level(pred):
        gold_cty, pred_cty = normalise_name(gold.get("country")), normalise_name(pred.get("country"))
        return bool(gold_cty) and gold_cty == pred_cty
    return False


def dates_compatible(gold: Event, pred: Event, tolerance_days: int = DATE_TOLERANCE_DAYS) -> bool:
    """Within tolerance_days when both dates are known; an unknown date never blocks a match."""
    gold_date, pred_date = parse_iso_date(gold.get("date")), parse_iso_date(pred.get("date"))
    if gold_date is None or pred_date is None:
        return True
    return abs((gold_date - pred_date).days) <= tolerance_days


def matchable(gold: Event, pred: Event) -> bool:
    """The detection rule: same event_type, compatible place, compatible date."""
    return (
        gold.get("event_type") == pred.get("event_type")
        and places_compatible(gold, pred)
        and dates_compatible(gold, pred)
    )


def pair_affinity(gold: Event, pred: Event) -> float:
    """How well a matchable pair agrees; used to choose among several candidates."""
    score = 1.0
    score += 2.0 * (gold.get("sub_event_type") == pred.get("sub_event_type"))
    gold_loc = normalise_name(gold.get("location"))
    score += 1.0 * (bool(gold_loc) and gold_loc == normalise_name(pred.get("location")))
    score += 0.5 * (parse_iso_date(gold.get("date")) == parse_iso_date(pred.get("date")))
    score += 0.5 * (actor_base_name(gold.get("actor1")) == actor_base_name(pred.get("actor1")))
    score += 0.25 * (actor_base_name(gold.get("actor2")) == actor_base_name(pred.get("actor2")))
    return score


def match_events(gold: Sequence[Event], pred: Sequence[Event]) -> list[tuple[int, int]]:
    """One-to-one greedy matching on pair_affinity; returns (gold_index, pred_index) pairs.

    Each gold event takes at most one prediction, so a duplicate prediction stays unmatched
    and counts as a false positive.
    """
    candidates = [
        (pair_affinity(g, p), -gi, -pi, gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(pred)
        if matchable(g, p)
    ]
    candidates.sort(reverse=True)  # best affinity first; ties resolved in document order
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, _, _, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        pairs.append((gi, pi))
    return sorted(pairs)


def field_agrees(name: str, gold: Event, pred: Event) -> bool:
    """Agreement of one field on a matched pair (names compared as normalise_name keys)."""
    if name in ("actor1_base", "actor2_base"):
        key = name.removesuffix("_base")
        return actor_base_name(gold.get(key)) == actor_base_name(pred.get(key))
    if name in ("admin1", "location", "country"):
        return normalise_name(gold.get(name)) == normalise_name(pred.get(name))
    if name == "date":
        return parse_iso_date(gold.get("date")) == parse_iso_date(pred.get("date"))
    if name == "fatalities":
        return _as_int(gold.get("fatalities")) == _as_int(pred.get("fatalities"))
    return (gold.get(name) or None) == (pred.get(name) or None)


def _as_int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return -1


# ----------------------------------------------------------------------------- gold-mode scoring

@dataclass(slots=True)
class Agreement:
    field: str
    agree: int
    total: int
    rate: float


@dataclass(slots=True)
class TypeRow:
    sub_event_type: str
    gold: int
    predicted: int
    correct: int
    precision: float
    recall: float
    f1: float


@dataclass(slots=True)
class DocScore:
    doc_id: str
    gold: int
    predicted: int
    matched: int
    missed: list[str] = field(default_factory=list)  # gold sub-event types not found
    spurious: list[str] = field(default_factory=list)  # predicted sub-event types unmatched


@dataclass(slots=True)
class GoldScore:
    documents: int
    gold: int
    predicted: int
    matched: int
    precision: float
    recall: float
    f1: float
    agreement: list[Agreement]
    by_sub_event_type: list[TypeRow]
    per_doc: list[DocScore]
    unknown_doc_ids: list[str]  # predictions for ids absent from the gold file (not scored)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def prf(correct: int, predicted: int, gold: int) -> tuple[float, float, float]:
    """Precision, recall, F1 (0.0 where undefined)."""
    precision = correct / predicted if predicted else 0.0
    recall = correct / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score_gold(
    gold_docs: Mapping[str, Sequence[Event]], predictions: Mapping[str, Sequence[Event]]
) -> GoldScore:
    """Score predicted reports against article-level gold events (ids present in gold only)."""
    agree: Counter[str] = Counter()
    n_pairs = 0
    gold_by_type: Counter[str] = Counter()
    pred_by_type: Counter[str] = Counter()
    correct_by_type: Counter[str] = Counter()
    per_doc: list[DocScore] = []
    for doc_id, gold in gold_docs.items():
        pred = list(predictions.get(doc_id, ()))
        pairs = match_events(gold, pred)
        n_pairs += len(pairs)
        for gi, pi in pairs:
            for name in AGREEMENT_FIELDS:
                agree[name] += field_agrees(name, gold[gi], pred[pi])
            if gold[gi].get("sub_event_type") == pred[pi].get("sub_event_type"):
                correct_by_type[str(gold[gi].get("sub_event_type"))] += 1
        gold_by_type.update(str(g.get("sub_event_type")) for g in gold)
        pred_by_type.update(str(p.get("sub_event_type")) for p in pred)
        per_doc.append(_doc_score(doc_id, gold, pred, pairs))
    n_gold = sum(len(g) for g in gold_docs.values())
    n_pred = sum(len(predictions.get(d, ())) for d in gold_docs)
    precision, recall, f1 = prf(n_pairs, n_pred, n_gold)
    return GoldScore(
        documents=len(gold_docs), gold=n_gold, predicted=n_pred, matched=n_pairs,
        precision=precision, recall=recall, f1=f1,
        agreement=[Agreement(n, agree[n], n_pairs, agree[n] / n_pairs if n_pairs else 0.0)
                   for n in AGREEMENT_FIELDS],
        by_sub_event_type=_type_rows(gold_by_type, pred_by_type, correct_by_type),
        per_doc=per_doc,
        unknown_doc_ids=sorted(set(predictions) - set(gold_docs)),
    )


def _doc_score(doc_id: str, gold: Sequence[Event], pred: Sequence[Event], pairs: list[tuple[int, int]]) -> DocScore:
    matched_gold = {gi for gi, _ in pairs}
    matched_pred = {pi for _, pi in pairs}
    return DocScore(
        doc_id=doc_id, gold=len(gold), predicted=len(pred), matched=len(pairs),
        missed=[str(g.get("sub_event_type")) for i, g in enumerate(gold) if i not in matched_gold],
        spurious=[str(p.get("sub_event_type")) for i, p in enumerate(pred) if i not in matched_pred],
    )


def _type_rows(gold: Counter[str], pred: Counter[str], correct: Counter[str]) -> list[TypeRow]:
    rows = []
    for name in sorted(set(gold) | set(pred), key=lambda n: (-gold[n], n)):
        p, r, f = prf(correct[name], pred[name], gold[name])
        rows.append(TypeRow(name, gold[name], pred[name], correct[name], p, r, f))
    return rows


# ----------------------------------------------------------------------------- ACLED-mode scoring

ACLED_FIELDS: tuple[str, ...] = (
    "event_type", "sub_event_type", "actor1", "actor1_base", "actor2", "actor2_base",
    "fatalities", "country", "admin1", "location", "date",
)


def acled_event(row: Mapping[str, Any]) -> dict[str, Any]:
    """An ACLED CSV row under the extraction field names (event_date → date)."""
    return {**row, "date": row.get("event_date") or row.get("date")}
ACLED_RADII_KM: tuple[float, ...] = (25.0, 161.0)


def best_report(row: Event, reports: Sequence[Event]) -> Event | None:
    """The predicted report that agrees best with an ACLED row (None when there are none)."""
    if not reports:
        return None
    row = acled_event(row)

    def affinity(report: Event) -> tuple[float, float]:
        score = 2.0 * (row.get("event_type") == report.get("event_type"))
        score += pair_affinity(row, report)
        score += 1.0 * places_compatible(row, report)
        km = distance_km(row, report)
        return score, -(km if km is not None else 1e6)

    return max(reports, key=affinity)


def weighted_f1(gold_labels: Sequence[str], pred_labels: Sequence[str]) -> float:
    """Support-weighted mean of per-class F1 over the gold classes (as sklearn's 'weighted')."""
    if not gold_labels:
        return 0.0
    per_class = class_f1(gold_labels, pred_labels)
    support = Counter(gold_labels)
    return sum(per_class[label] * n for label, n in support.items()) / len(gold_labels)


def class_f1(gold_labels: Sequence[str], pred_labels: Sequence[str]) -> dict[str, float]:
    """F1 of every label appearing in gold or predictions."""
    tp: Counter[str] = Counter()
    for g, p in zip(gold_labels, pred_labels, strict=True):
        tp[g] += g == p
    gold_n, pred_n = Counter(gold_labels), Counter(pred_labels)
    return {label: prf(tp[label], pred_n[label], gold_n[label])[2] for label in set(gold_n) | set(pred_n)}


@dataclass(slots=True)
class Confusion:
    gold: str
    predicted: str
    count: int


@dataclass(slots=True)
class AcledScore:
    rows: int
    detected: int
    detection_recall: float
    accuracy: dict[str, float]  # over all rows; a row with no prediction counts as wrong
    accuracy_on_detected: dict[str, float]
    sub_event_weighted_f1: float
    sub_event_rows: list[TypeRow]  # per gold sub-event type, worst F1 first
    top_confusions: list[Confusion]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def score_acled(rows: Sequence[Event], chosen: Sequence[Event | None], top_n: int = 10) -> AcledScore:
    """Score one chosen report (or None) per ACLED row: field accuracies, Acc@km, sub-event F1."""
    hits: Counter[str] = Counter()
    detected = 0
    for row, report in zip(map(acled_event, rows), chosen, strict=True):
        if report is None:
            continue
        detected += 1
        for name in ACLED_FIELDS:
            hits[name] += field_agrees(name, row, report)
        km = distance_km(row, report)
        for radius in ACLED_RADII_KM:
            hits[_radius_key(radius)] += km is not None and km <= radius
    names = [*ACLED_FIELDS, *(_radius_key(r) for r in ACLED_RADII_KM)]
    n = len(rows)
    gold_labels = [str(r.get("sub_event_type")) for r in rows]
    pred_labels = [str(c.get("sub_event_type")) if c is not None else NO_PREDICTION for c in chosen]
    return AcledScore(
        rows=n, detected=detected, detection_recall=detected / n if n else 0.0,
        accuracy={k: hits[k] / n if n else 0.0 for k in names},
        accuracy_on_detected={k: hits[k] / detected if detected else 0.0 for k in names},
        sub_event_weighted_f1=weighted_f1(gold_labels, pred_labels),
        sub_event_rows=_acled_type_rows(gold_labels, pred_labels),
        top_confusions=top_confusions(gold_labels, pred_labels, top_n),
    )


def _radius_key(radius: float) -> str:
    return f"acc@{radius:g}km"


def _acled_type_rows(gold_labels: Sequence[str], pred_labels: Sequence[str]) -> list[TypeRow]:
    correct = Counter(g for g, p in zip(gold_labels, pred_labels, strict=True) if g == p)
    rows = _type_rows(Counter(gold_labels), Counter(p for p in pred_labels if p != NO_PREDICTION), correct)
    gold_classes = set(gold_labels)
    return sorted((r for r in rows if r.sub_event_type in gold_classes), key=lambda r: (r.f1, -r.gold))


def top_confusions(gold_labels: Iterable[str], pred_labels: Iterable[str], top_n: int = 10) -> list[Confusion]:
    """The most frequent (gold, predicted) disagreements, NO_PREDICTION included."""
    counts: Counter[tuple[str, str]] = Counter(
        (g, p) for g, p in zip(gold_labels, pred_labels, strict=True) if g != p
    )
    return [Confusion(g, p, c) for (g, p), c in counts.most_common(top_n)]


def group_by_doc(reports: Iterable[Event]) -> dict[str, list[Event]]:
    """Predicted reports grouped by their doc_id, in input order."""
    grouped: dict[str, list[Event]] = defaultdict(list)
    for report in reports:
        grouped[str(report.get("doc_id"))].append(report)
    return dict(grouped)
