"""The ACLED and PLOVER ontologies as data: types, disorder, interaction, targeting, mapping."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from marsad.datafiles import load_yaml

ONTOLOGY_PACKAGE_DIR = "data/ontology"


def data_root() -> Path:
    """Directory of marsad's bundled data files."""
    return Path(str(resources.files("marsad"))) / "data"


def read_yaml(path: Path) -> Any:
    """Parse one YAML file (raises OSError / yaml.YAMLError with the file named by callers)."""
    with path.open(encoding="utf-8") as handle:
        return load_yaml(handle)


@dataclass(slots=True, frozen=True)
class Ontology:
    """ACLED event types, sub-event types, inter codes and the ACLED↔PLOVER mapping."""

    sub_to_type: dict[str, str]
    disorder_by_type: dict[str, str]
    disorder_by_sub: dict[str, str]
    inter_codes: dict[int, str]
    targeting_label: str
    targeting_rules: tuple[dict[str, Any], ...]
    plover_types: dict[str, tuple[str, ...]]
    plover_contexts: tuple[str, ...]
    plover_sectors: dict[str, str]
    acled_to_plover: dict[str, tuple[str | None, str | None]]
    plover_to_acled: dict[str, str]
    sole_multiplier: int = 10
    event_types: tuple[str, ...] = field(default=())

    @classmethod
    def load(cls, directory: Path | None = None) -> Ontology:
        """Load the ontology from marsad/data/ontology (or another directory)."""
        if directory is None:
            return _bundled_ontology()
        return _load_ontology(directory)

    # -- ACLED --------------------------------------------------------------
    @property
    def sub_event_types(self) -> tuple[str, ...]:
        return tuple(self.sub_to_type)

    def event_type_of(self, sub_event_type: str) -> str | None:
        """The ACLED event type a sub-event type belongs to (None if unknown)."""
        return self.sub_to_type.get(sub_event_type)

    def disorder_type(self, event_type: str, sub_event_type: str | None = None) -> str | None:
        """ACLED disorder type; some sub-events differ from their event type."""
        if sub_event_type and sub_event_type in self.disorder_by_sub:
            return self.disorder_by_sub[sub_event_type]
        return self.disorder_by_type.get(event_type)

    def interaction(self, inter1: int | None, inter2: int | None = None) -> int | None:
        """ACLED numeric interaction: both inter digits, smaller first; a sole actor is 10*inter."""
        codes = sorted(code for code in (inter1, inter2) if code)
        if not codes:
            return None
        if len(codes) == 1:
            return codes[0] * self.sole_multiplier
        return codes[0] * 10 + codes[1]

    def civilian_targeting(self, event_type: str, sub_event_type: str | None = None,
                           inter2: int | None = None) -> str | None:
        """"Civilian targeting" when civilians are the primary target per ACLED, else None."""
        for rule in self.targeting_rules:
            if rule.get("event_type") not in (None, event_type):
                continue
            if rule.get("sub_event_type") not in (None, sub_event_type):
                continue
            if "inter2" in rule and inter2 not in rule["inter2"]:
                continue
            return self.targeting_label
        return None

    def is_valid_pair(self, event_type: str, sub_event_type: str) -> bool:
        return self.sub_to_type.get(sub_event_type) == event_type

    # -- PLOVER -------------------------------------------------------------
    def plover_for(self, sub_event_type: str) -> tuple[str | None, str | None]:
        """Default PLOVER (type, mode) for an ACLED sub-event type."""
        return self.acled_to_plover.get(sub_event_type, (None, None))

    def acled_for_plover(self, plover_type: str) -> tuple[str, str] | None:
        """Default (event_type, sub_event_type) for a PLOVER type with no violent ACLED frame."""
        sub = self.plover_to_acled.get(plover_type)
        if not sub:
            return None
        return self.sub_to_type[sub], sub

    def is_plover_type(self, plover_type: str) -> bool:
        return plover_type in self.plover_types

    def is_plover_mode(self, plover_type: str, mode: str) -> bool:
        return mode in self.plover_types.get(plover_type, ())


@lru_cache(maxsize=1)
def _bundled_ontology() -> Ontology:
    return _load_ontology(data_root() / "ontology")


def _load_ontology(directory: Path) -> Ontology:
    acled = read_yaml(directory / "acled.yaml")
    plover = read_yaml(directory / "plover.yaml")
    mapping = read_yaml(directory / "mapping.yaml")
    sub_to_type: dict[str, str] = {}
    disorder_by_type: dict[str, str] = {}
    disorder_by_sub: dict[str, str] = {}
    for event_type, spec in acled["event_types"].items():
        disorder_by_type[event_type] = spec["disorder_type"]
        for sub, sub_spec in (spec.get("sub_event_types") or {}).items():
            sub_to_type[sub] = event_type
            if sub_spec and sub_spec.get("disorder_type"):
                disorder_by_sub[sub] = sub_spec["disorder_type"]
    targeting = acled.get("civilian_targeting") or {}
    return Ontology(
        sub_to_type=sub_to_type,
        disorder_by_type=disorder_by_type,
        disorder_by_sub=disorder_by_sub,
        inter_codes={int(k): v for k, v in acled["inter_codes"].items()},
        targeting_label=targeting.get("label", "Civilian targeting"),
        targeting_rules=tuple(targeting.get("rules") or ()),
        plover_types={k: tuple(v.get("modes") or ()) for k, v in plover["event_types"].items()},
        plover_contexts=tuple(plover.get("contexts") or ()),
        plover_sectors=dict(plover.get("sectors") or {}),
        acled_to_plover={k: (v.get("type"), v.get("mode")) for k, v in mapping["acled_to_plover"].items()},
        plover_to_acled=dict(mapping.get("plover_to_acled") or {}),
        sole_multiplier=int((acled.get("interaction") or {}).get("sole_actor_multiplier", 10)),
        event_types=tuple(acled["event_types"]),
    )
