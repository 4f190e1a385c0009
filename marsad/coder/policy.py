"""The coding policy (marsad/data/coder/*.yaml): precedence, families, defaults, role cues."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from marsad.datafiles import load_yaml
from marsad.text import PhraseMatcher

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(slots=True)
class RoleCues:
    """Words that mark the actor after them as target or agent, and passive triggers."""

    target: PhraseMatcher
    agent: PhraseMatcher
    passive: frozenset[str]


@dataclass(slots=True)
class Policy:
    """Which sub-event wins, which share a frame, and default actors."""

    precedence: dict[str, int]
    family_of: dict[str, str]
    default_actor1: dict[str, str]
    default_actor2: dict[str, str]
    min_confidence: float
    state_metonyms: frozenset[str] = frozenset()
    not_events: frozenset[str] = frozenset()
    negation: dict[str, PhraseMatcher] = field(default_factory=dict)
    negation_reach: int = 4
    roles: dict[str, RoleCues] = field(default_factory=dict)
    background: dict[str, PhraseMatcher] = field(default_factory=dict)
    max_event_fatalities: int = 1000
    # "in 2012": a year told alone (background.yaml `year_leads`), per language
    year_only: dict[str, re.Pattern[str]] = field(default_factory=dict)
    participants: dict = field(default_factory=dict)  # marsad/data/coder/participants.yaml
    # participants.yaml entries that map a language to a phrase list, as matchers built once
    phrase_cues: dict[str, dict[str, PhraseMatcher]] = field(default_factory=dict)

    def cues(self, key: str, language: str) -> PhraseMatcher | None:
        """The matcher of participants.yaml phrase list `key` in `language` (None: no list)."""
        return self.phrase_cues.get(key, {}).get(language)

    def rank(self, sub_event_type: str) -> int:
        return self.precedence.get(sub_event_type, len(self.precedence))

    def is_event(self, plover_type: str | None, plover_mode: str | None) -> bool:
        """False for talk that PLOVER records and ACLED does not (threats, phone calls)."""
        return plover_type not in self.not_events and f"{plover_type}/{plover_mode}" not in self.not_events

    def family(self, sub_event_type: str) -> str:
        return self.family_of.get(sub_event_type, sub_event_type)


def _matcher(phrases: list[str]) -> PhraseMatcher:
    matcher = PhraseMatcher()
    for phrase in phrases:
        matcher.add(phrase, phrase)
    return matcher


def _year_pattern(leads: list[str]) -> re.Pattern[str]:
    """A year after one of `leads` (a conjunction glued to an Arabic lead allowed): "وفي 2012"."""
    words = "|".join(sorted((re.escape(w) for w in leads), key=len, reverse=True))
    return re.compile(rf"(?<!\w)[وف]?(?:{words})\s+((?:19|20)\d\d)(?!\d)", re.IGNORECASE)


def _phrase_cues(participants: dict) -> dict[str, dict[str, PhraseMatcher]]:
    """Every entry shaped {language: [phrases]}, each list as a matcher."""
    return {
        key: {lang: _matcher(phrases) for lang, phrases in value.items()}
        for key, value in participants.items()
        if isinstance(value, dict) and value and all(isinstance(p, list) and all(isinstance(x, str) for x in p)
                                                     for p in value.values())
    }


def _load_roles(language_file: Path) -> RoleCues:
    from marsad.text import fold

    data = load_yaml(language_file.read_text(encoding="utf-8"))
    return RoleCues(
        target=_matcher(data.get("target", [])),
        agent=_matcher(data.get("agent", [])),
        passive=frozenset(fold(word) for word in data.get("passive", [])),
    )


@lru_cache(maxsize=4)
def load_policy(data_dir: Path = DATA_DIR) -> Policy:
    """Load the coding policy and the per-language role cues."""
    data = load_yaml((data_dir / "coder" / "policy.yaml").read_text(encoding="utf-8"))
    family_of = {sub: family for family, subs in data["families"].items() for sub in subs}
    roles = {path.stem: _load_roles(path) for path in sorted((data_dir / "roles").glob("*.yaml"))}
    background = load_yaml((data_dir / "coder" / "background.yaml").read_text(encoding="utf-8"))
    participants = load_yaml((data_dir / "coder" / "participants.yaml").read_text(encoding="utf-8"))
    return Policy(
        precedence={sub: rank for rank, sub in enumerate(data["precedence"])},
        family_of=family_of,
        default_actor1=dict(data.get("default_actor1", {})),
        default_actor2=dict(data.get("default_actor2", {})),
        min_confidence=float(data.get("min_confidence", 0.35)),
        state_metonyms=frozenset(data.get("state_metonyms", [])),
        not_events=frozenset(data.get("not_events", [])),
        negation={lang: _matcher(p) for lang, p in data.get("negation", {}).items()},
        negation_reach=int(data.get("negation_reach", 4)),
        roles=roles,
        background={lang: _matcher(phrases) for lang, phrases in background.items()
                    if isinstance(phrases, list)},
        max_event_fatalities=int(background.get("max_event_fatalities", 1000)),
        year_only={lang: _year_pattern(leads) for lang, leads in (background.get("year_leads") or {}).items()},
        participants=participants,
        phrase_cues=_phrase_cues(participants),
    )
