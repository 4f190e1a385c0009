"""Dedupe settings, loaded from marsad/data/dedupe/config.yaml (data, not code)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.datafiles import load_yaml
from marsad.records import DATE_SOURCES, EventReport

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "dedupe"
CONFIG_PATH = DATA_DIR / "config.yaml"
OUTLETS_PATH = DATA_DIR / "outlets.yaml"
DYAD_VETOES = ("decisive", "armed_groups", "none")  # see actors.dyad_veto in config.yaml
SAME_DOCUMENT = ("identical", "compatible")  # see same_document in config.yaml


@dataclass(slots=True, frozen=True)
class DateRules:
    exact_tolerance_days: int = 0
    adjacent_day_score: float = 0.0
    adjacent_day_min_text: float = 0.75
    adjacent_day_min_place: float = 0.9
    adjacent_day_min_fatalities: float = 0.3
    day_gap_guard_share: float = 0.0
    inferred_sources: tuple[str, ...] = ()
    inferred_tolerance_days: int = 0
    inferred_gap_score: float = 0.0
    week_halfwidth_days: int = 6
    coarse_score: float = 0.6
    undated_ambiguity_days: int | None = None
    reported_lag_days: int = 0

    def inferred(self, report: EventReport) -> bool:
        """The report's date was not told with its event (records.DATE_SOURCES): an unknown
        source (None, rows stored before provenance was recorded) counts as stated."""
        return report.date_source in self.inferred_sources

    @property
    def widest_tolerance_days(self) -> int:
        """The largest day gap any pair of exact dates may have without a date veto."""
        return max(self.exact_tolerance_days, self.inferred_tolerance_days)


@dataclass(slots=True, frozen=True)
class PlaceRules:
    precise_near_km: float = 5.0
    precise_max_km: float = 30.0
    approximate_near_km: float = 20.0
    approximate_max_km: float = 75.0
    coarse_score: float = 0.6
    coarse_min_text: float | None = None


@dataclass(slots=True, frozen=True)
class ActorRules:
    generic_patterns: tuple[re.Pattern[str], ...] = ()
    state_patterns: tuple[re.Pattern[str], ...] = ()
    civilian_patterns: tuple[re.Pattern[str], ...] = ()
    generic_match_score: float = 0.7
    affiliate_match_score: float = 0.8
    affiliate_min_chars: int = 6
    armed_group_inters: tuple[int, ...] = (2, 3, 4)
    swapped_factor: float = 0.9
    dyad_veto: str = "armed_groups"
    state_family_score: float = 0.5


@dataclass(slots=True, frozen=True)
class TextRules:
    backend: str = "auto"
    threads: int = 1
    embedding_floor: float = 0.35
    embedding_ceiling: float = 0.80
    ngram_floor: float = 0.15
    ngram_ceiling: float = 0.70
    ngram_size: int = 3
    cache_size: int = 100_000
    wire_threshold: float = 0.7
    evidence_shingle_words: int = 3


@dataclass(slots=True, frozen=True)
class SignatureRules:
    num_perm: int = 64
    shingle_words: int = 5
    bands: int = 8
    seed: int = 1
    scheme: str = "affine32"
    near_duplicate_threshold: float = 0.8


@dataclass(slots=True, frozen=True)
class DedupeConfig:
    """Everything the deduplicator decides with; see docs/dedupe.md."""

    window_days: int = 31
    merge_threshold: float = 0.62
    event_merge_threshold: float | None = None
    same_document: str = "identical"
    weights: dict[str, float] = field(default_factory=dict)
    subtype_mismatch_score: float = 0.2
    related_subtypes: frozenset[frozenset[str]] = frozenset()
    related_subtype_score: float = 0.6
    fatalities_floor: float = 0.2
    confidence_cap: float = 0.99
    dates: DateRules = DateRules()
    places: PlaceRules = PlaceRules()
    actors: ActorRules = ActorRules()
    text: TextRules = TextRules()
    signature: SignatureRules = SignatureRules()
    letter_folding: dict[str, str] = field(default_factory=dict)
    vague_exempt_types: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> DedupeConfig:
        """Build a config from the YAML structure (unknown keys are an error)."""
        actors = dict(raw.get("actors", {}))
        types = raw.get("types", {})
        for key in ("generic_patterns", "state_patterns", "civilian_patterns"):
            actors[key] = tuple(re.compile(p) for p in actors.get(key, ()))
        if actors.get("dyad_veto", "armed_groups") not in DYAD_VETOES:
            raise ValueError(f"actors.dyad_veto must be one of {', '.join(DYAD_VETOES)}")
        if "armed_group_inters" in actors:
            actors["armed_group_inters"] = tuple(int(code) for code in actors["armed_group_inters"])
        return cls(
            window_days=int(raw.get("window_days", 31)),
            merge_threshold=float(raw.get("merge_threshold", 0.62)),
            event_merge_threshold=_optional_float(raw.get("event_merge_threshold")),
            same_document=_choice(raw.get("same_document", "identical"), SAME_DOCUMENT, "same_document"),
            weights={k: float(v) for k, v in raw.get("weights", {}).items()},
            subtype_mismatch_score=float(types.get("subtype_mismatch_score", 0.2)),
            related_subtypes=frozenset(frozenset(group) for group in types.get("related", [])),
            related_subtype_score=float(types.get("related_score", 0.6)),
            fatalities_floor=float(raw.get("fatalities", {}).get("floor", 0.2)),
            confidence_cap=float(raw.get("merge", {}).get("confidence_cap", 0.99)),
            dates=_date_rules(raw.get("dates", {})),
            places=PlaceRules(**raw.get("places", {})),
            vague_exempt_types=tuple(raw.get("vague_exempt_types") or ()),
            actors=ActorRules(**actors),
            text=TextRules(**raw.get("text", {})),
            signature=SignatureRules(**raw.get("signature", {})),
            letter_folding=dict(raw.get("letter_folding", {})),
        )

    @classmethod
    def load(cls, path: str | Path | None = None) -> DedupeConfig:
        """Load from a YAML file (default: the packaged config.yaml)."""
        if path is None:
            return default_config()
        with open(path, encoding="utf-8") as handle:
            return cls.from_dict(load_yaml(handle) or {})


def _date_rules(raw: dict[str, Any]) -> DateRules:
    rules = dict(raw)
    if "inferred_sources" in rules:
        rules["inferred_sources"] = tuple(str(source) for source in rules["inferred_sources"] or ())
        unknown = set(rules["inferred_sources"]) - set(DATE_SOURCES)
        if unknown:
            raise ValueError(f"dates.inferred_sources: unknown {', '.join(sorted(unknown))} "
                             f"(one of {', '.join(DATE_SOURCES)})")
    return DateRules(**rules)


def _choice(value: Any, allowed: tuple[str, ...], name: str) -> str:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}")
    return str(value)


def _optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


@functools.lru_cache(maxsize=1)
def default_config() -> DedupeConfig:
    """The packaged configuration, read once."""
    with open(CONFIG_PATH, encoding="utf-8") as handle:
        return DedupeConfig.from_dict(load_yaml(handle) or {})


@functools.lru_cache(maxsize=1)
def load_outlets() -> dict[str, Any]:
    """The packaged outlet → scale table, read once."""
    with open(OUTLETS_PATH, encoding="utf-8") as handle:
        return load_yaml(handle) or {}
