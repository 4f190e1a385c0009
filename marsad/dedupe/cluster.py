"""Blocking and constrained agglomeration: the clustering engine behind assign() and cluster_reports().

Reports are blocked by (country, event type) and by overlapping date ranges, so the
work grows with the number of plausible pairs, not with n². Plausible pairs are
scored; links above the merge threshold are taken best-first, and two clusters join
only if no pair across them is vetoed (complete-link vetoes, single-link scores),
no two reports of the same document would end up together, and they do not hold two
different existing events.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from marsad.records import EventReport

from .config import DedupeConfig
from .embedder import Embedder
from .features import (
    PairScore,
    Veto,
    adjacent_day_confirmed,
    coarse_pair,
    date_interval,
    inferred_pair,
    is_day_gap_veto,
    structural_features,
    text_bounds,
    vague_place_unconfirmed,
    weighted_score,
)
from .normalise import fold
from .signature import minhash_signature, signature_similarity

# The fields a report is coded on: two reports of one document merge only if all are equal.
CODED_FIELDS: tuple[str, ...] = (
    "event_type", "sub_event_type", "date", "time_precision", "country", "iso", "admin1", "admin2",
    "location", "latitude", "longitude", "geo_precision", "actor1", "assoc_actor_1", "actor2",
    "assoc_actor_2", "fatalities", "modality",
)


def coded_identity(report: EventReport) -> tuple:
    return tuple(getattr(report, name) for name in CODED_FIELDS)


def same_document_mergeable(a: EventReport, b: EventReport, config: DedupeConfig) -> bool:
    """Two reports of one document are distinct events by construction, unless identical or
    (same_document "compatible") the coder told one event twice: the same sub-event type at the
    same named place, on the same day (or one undated), with no contradicting death toll."""
    if coded_identity(a) == coded_identity(b):
        return True
    if config.same_document != "compatible":
        return False
    return (a.sub_event_type == b.sub_event_type
            and bool(a.location) and fold(a.location, config.letter_folding) == fold(b.location or "",
                                                                                      config.letter_folding)
            and (not a.date or not b.date or a.date == b.date)
            and (a.fatalities <= 0 or b.fatalities <= 0 or a.fatalities == b.fatalities))


def canonical_order(reports: Sequence[EventReport]) -> list[int]:
    """Indices sorted by content, so labels do not depend on input order."""
    def key(i: int) -> tuple:
        r = reports[i]
        return (r.date or "", r.iso or r.country or "", r.event_type, r.sub_event_type, r.location or "",
                r.doc_id, r.evidence_start, r.evidence, i)
    return sorted(range(len(reports)), key=key)


def _country_key(report: EventReport, config: DedupeConfig) -> str:
    if report.iso:
        return report.iso.upper()
    return fold(report.country, config.letter_folding) if report.country else ""


def candidate_pairs(reports: Sequence[EventReport], config: DedupeConfig) -> list[tuple[int, int]]:
    """Pairs in the same (country, event type) block whose date ranges overlap or lie within the
    day tolerance of each other (wider when either date is inferred; undated: whole block)."""
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, report in enumerate(reports):
        blocks[(_country_key(report, config), report.event_type)].append(i)
    rules = config.dates
    tolerance, widest = rules.exact_tolerance_days, rules.widest_tolerance_days
    pairs: list[tuple[int, int]] = []
    for block in blocks.values():
        dated, undated = [], []
        for i in block:
            interval = date_interval(reports[i], config)
            (dated.append((interval[0], interval[1], i)) if interval else undated.append(i))
        dated.sort()
        for k, (_, end, i) in enumerate(dated):
            for start_j, _, j in dated[k + 1:]:
                if start_j > end + widest:
                    break
                if start_j <= end + tolerance or inferred_pair(reports[i], reports[j], config):
                    pairs.append((min(i, j), max(i, j)))
        for i in undated:
            pairs.extend((min(i, j), max(i, j)) for j in block if j != i and (j not in undated or j > i))
    return pairs


class PairScorer:
    """Scores pairs of reports, batching text embeddings and caching evidence signatures."""

    def __init__(self, reports: Sequence[EventReport], config: DedupeConfig, embedder_factory,
                 explain: bool = True) -> None:
        """explain=False skips the text feature where the coded fields alone already decide
        (batch clustering); explain=True computes it for every pair that could merge."""
        self.reports = reports
        self.explain = explain
        self.config = config
        self._embedder_factory = embedder_factory
        self._signatures: dict[int, list[int]] = {}

    def score_all(self, pairs: Sequence[tuple[int, int]]) -> dict[tuple[int, int], PairScore]:
        results: dict[tuple[int, int], PairScore] = {}
        needs_text: list[tuple[int, int]] = []
        for pair in pairs:
            result = self._structural(*pair)
            results[pair] = result
            if result.veto is None and self._text_decides(result, *pair):
                needs_text.append(pair)
        pending: list[tuple[tuple[int, int], float]] = []
        for pair in needs_text:
            wire = self._wire(*pair)
            if wire is None:
                continue
            if wire >= self.config.text.wire_threshold:  # a wire copy: no embedding needed
                results[pair] = self._with_text(pair, results[pair], 1.0, None, wire)
            else:
                pending.append((pair, wire))
        if pending:
            embedder: Embedder = self._embedder_factory()
            embedder.embed(sorted({self.reports[i].evidence for pair, _ in pending for i in pair}))  # one batch
            span = max(1e-9, embedder.ceiling - embedder.floor)
            for (i, j), wire in pending:
                cosine = embedder.similarity(self.reports[i].evidence, self.reports[j].evidence)
                text = min(1.0, max(0.0, (cosine - embedder.floor) / span))
                results[(i, j)] = self._with_text((i, j), results[(i, j)], text, cosine, wire)
        for (i, j), result in results.items():
            if result.veto is None and "day_gap" in result.features and not adjacent_day_confirmed(
                    result.features, self.config):
                results[(i, j)] = self._day_gap_veto(result)
            elif result.veto is None and vague_place_unconfirmed(
                    self.reports[i], self.reports[j], result.features, self.config):
                result.unconfirmed = "vague_place"
        return results

    @staticmethod
    def _day_gap_veto(result: PairScore) -> PairScore:
        """Exact dates a day apart merge only when the wording confirms it is one event."""
        return PairScore(0.0, result.features, veto="date")

    def _structural(self, i: int, j: int) -> PairScore:
        a, b = self.reports[i], self.reports[j]
        if a.doc_id == b.doc_id and not same_document_mergeable(a, b, self.config):
            return PairScore(0.0, {}, veto="same_document")
        try:
            features = structural_features(a, b, self.config)
        except Veto as veto:
            return PairScore(0.0, {}, veto=str(veto))
        return PairScore(weighted_score(features, self.config), features)

    def _text_decides(self, result: PairScore, i: int, j: int) -> bool:
        """Text is computed when it can change the decision (or, with explain, whenever it could merge):
        also for pairs that only the wording may confirm (a day gap, a vague place, an undated report)."""
        if not result.features:
            return False
        high = text_bounds(result.features, self.config)[1]
        return high >= self.config.merge_threshold and (self.explain or self._text_matters(result, i, j))

    def _text_matters(self, result: PairScore, i: int, j: int) -> bool:
        """Whether the coded fields leave the decision open, or only the wording can confirm the pair."""
        low = text_bounds(result.features, self.config)[0]
        return low < self.config.merge_threshold or self._must_confirm(result, i, j)

    def _must_confirm(self, result: PairScore, i: int, j: int) -> bool:
        """Only the wording can confirm the pair: a day gap, or vague evidence (see features)."""
        a, b = self.reports[i], self.reports[j]
        rules = self.config
        if "day_gap" in result.features and not adjacent_day_confirmed(result.features, rules):
            return True
        if a.doc_id == b.doc_id or a.event_type in rules.vague_exempt_types:
            return False
        if rules.places.coarse_min_text is not None and coarse_pair(a, b) and result.features.get("date", 0.0) < 1:
            return True
        return rules.dates.undated_ambiguity_days is not None and (not a.date or not b.date)

    def _signature(self, i: int) -> list[int]:
        if i not in self._signatures:
            self._signatures[i] = minhash_signature(
                self.reports[i].evidence, self.config.text.evidence_shingle_words, self.config)
        return self._signatures[i]

    def _wire(self, i: int, j: int) -> float | None:
        """MinHash similarity of the two evidence sentences; None when either is empty."""
        if not self.reports[i].evidence.strip() or not self.reports[j].evidence.strip():
            return None
        return signature_similarity(self._signature(i), self._signature(j))

    def _with_text(self, pair: tuple[int, int], result: PairScore, text: float, cosine: float | None,
                   wire: float) -> PairScore:
        """The pair with its text similarity. Text weighs in the score only where the coded fields
        leave the decision open: where they decide alone, text (noisy across languages and
        outlets) is shown in the reasons but must not reorder the merges, so that explaining
        (assign) and batch clustering rank links alike."""
        features = {**result.features, "text": text}
        score = weighted_score(features, self.config) if self._text_matters(result, *pair) else result.score
        scored = PairScore(score, features)
        if cosine is not None:
            scored.features["text_cosine"] = cosine
        scored.features["wire"] = wire
        return scored


@dataclass(slots=True)
class Clustering:
    """Result of agglomeration: a root per report, the link that placed each report, and the
    existing events each root holds (more than one when a new report bridged two events)."""

    root: list[int]
    best_link: dict[int, tuple[float, int, PairScore]] = field(default_factory=dict)
    nearest: dict[int, tuple[float, int, PairScore]] = field(default_factory=dict)
    events: dict[int, list[str]] = field(default_factory=dict)


PairScoring = Callable[[Sequence[tuple[int, int]]], dict[tuple[int, int], PairScore]]


def agglomerate(reports: Sequence[EventReport], event_of: Sequence[str | None],
                scores: dict[tuple[int, int], PairScore], config: DedupeConfig,
                score_more: PairScoring | None = None) -> Clustering:
    """Best-first merging under complete-link vetoes; items with the same event id start together.

    Two clusters holding different existing events join only through a link of at least
    config.event_merge_threshold, and only if `score_more` (which scores the pairs across the
    two events, never compared before) finds no veto between them."""
    parent = list(range(len(reports)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    members: dict[int, list[int]] = {i: [i] for i in range(len(reports))}
    owners: dict[int, list[str]] = {i: [e] if e else [] for i, e in enumerate(event_of)}
    first_of_event: dict[str, int] = {}
    for i, event_id in enumerate(event_of):
        if event_id is None:
            continue
        if event_id in first_of_event:
            _union(first_of_event[event_id], i, parent, members, owners)
        else:
            first_of_event[event_id] = i

    rank = {i: r for r, i in enumerate(canonical_order(reports))}
    edges = sorted(((s.score, pair) for pair, s in scores.items() if s.links
                    and s.score >= config.merge_threshold),
                   key=lambda e: (-e[0], rank[e[1][0]], rank[e[1][1]]))
    result = Clustering(root=[])
    for score, (i, j) in edges:
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        if owners[ri] and owners[rj]:
            if not _may_join_events(score, members[ri], members[rj], scores, config, score_more):
                continue
        elif not joinable(members[ri], members[rj], scores, config):
            continue
        _union(ri, rj, parent, members, owners)
        for x, y in ((i, j), (j, i)):
            if x not in result.best_link or result.best_link[x][0] < score:
                result.best_link[x] = (score, y, scores[(i, j)])
    for (i, j), s in scores.items():
        for x, y in ((i, j), (j, i)):
            if x not in result.nearest or result.nearest[x][0] < s.score:
                result.nearest[x] = (s.score, y, s)
    result.root = [find(i) for i in range(len(reports))]
    result.events = {root: list(found) for root, found in owners.items() if found and find(root) == root}
    return result


def mark_ambiguous_undated(reports: Sequence[EventReport], scores: dict[tuple[int, int], PairScore],
                           config: DedupeConfig) -> dict[tuple[int, int], PairScore]:
    """An undated report that links to reports dated more than `dates.undated_ambiguity_days`
    apart (the story's bombing, or the one a week later in the same town?) cannot say which
    event it tells: its links are then unconfirmed, except where the wording confirms one
    (text >= dates.adjacent_day_min_text: a translation or a wire copy), or a report of its own
    document (same_document). Event types in `vague_exempt_types` are exempt. Returns `scores`."""
    spread = config.dates.undated_ambiguity_days
    if spread is None:
        return scores
    partners: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for (i, j), result in scores.items():
        if result.links and result.score >= config.merge_threshold:
            partners[i].append((i, j))
            partners[j].append((i, j))
    for x, links in partners.items():
        if reports[x].date or reports[x].event_type in config.vague_exempt_types:
            continue
        ranges = [r for r in (date_interval(reports[j if i == x else i], config) for i, j in links) if r]
        if not ranges or max(start for start, _ in ranges) - min(end for _, end in ranges) <= spread:
            continue
        for i, j in links:
            if reports[i].doc_id != reports[j].doc_id \
                    and scores[(i, j)].features.get("text", 0.0) < config.dates.adjacent_day_min_text:
                scores[(i, j)].unconfirmed = "ambiguous_undated"
    return scores


def _may_join_events(score: float, left: list[int], right: list[int],
                     scores: dict[tuple[int, int], PairScore], config: DedupeConfig,
                     score_more: PairScoring | None) -> bool:
    """A strong link between two clusters that hold existing events: join them only when no
    pair across them is vetoed (the pairs between old reports are scored now, on demand)."""
    threshold = config.event_merge_threshold
    if score_more is None or threshold is None or score < threshold:
        return False
    missing = [(min(x, y), max(x, y)) for x in left for y in right if (min(x, y), max(x, y)) not in scores]
    if missing:
        scores.update(score_more(missing))
    return joinable(left, right, scores, config)


def joinable(left: Sequence[int], right: Sequence[int], scores: dict[tuple[int, int], PairScore],
             config: DedupeConfig) -> bool:
    """The complete-link guard: two clusters may join only if every pair across them was compared
    and none is vetoed, except that an unconfirmed day gap (exact dates a day apart that the pair
    alone does not confirm) is tolerated in at most `dates.day_gap_guard_share` of the pairs: one
    outlet that dates a siege on its second day, or gives a stray toll, must not keep a report away
    from the many reports of the event it matches on its own day."""
    soft = 0
    for x in left:
        for y in right:
            result = scores.get((x, y) if x < y else (y, x))
            if result is None:
                return False  # never compared: another block (country, event type) or date range
            if result.veto is None:
                continue
            if not is_day_gap_veto(result):
                return False
            soft += 1
    return soft <= config.dates.day_gap_guard_share * len(left) * len(right)


def _union(a: int, b: int, parent: list[int], members: dict[int, list[int]],
           owners: dict[int, list[str]]) -> None:
    ra, rb = a, b
    while parent[ra] != ra:
        ra = parent[ra]
    while parent[rb] != rb:
        rb = parent[rb]
    if ra == rb:
        return
    keep, drop = (ra, rb) if len(members[ra]) >= len(members[rb]) else (rb, ra)
    parent[drop] = keep
    members[keep].extend(members.pop(drop))
    # The larger cluster's event first: it is the one kept. Reports of one event start together.
    owners[keep].extend(e for e in owners.pop(drop) if e not in owners[keep])
