"""Plain Latin spelling of Arabic-script place names (French style, as the Sahel writes them).

Used for villages no gazetteer knows: the event is still coded with a readable name
(برامي → Brami, بوندارام → Boundaram). Rules are data: marsad/data/geo/romanise.yaml.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from marsad.geo.data import load_yaml


@dataclass(slots=True, frozen=True)
class Romaniser:
    """Compiled romanisation table."""

    normalise: dict[str, str]
    patterns: tuple[tuple[re.Pattern[str], str], ...]
    letters: dict[str, str]

    def word(self, word: str) -> str:
        """One Arabic word in Latin letters (lower case); other characters pass through."""
        plain = "".join(self.normalise.get(c, c) for c in word if not unicodedata.combining(c) and c != "\u0640")
        for pattern, replacement in self.patterns:
            plain = pattern.sub(replacement, plain)
        return "".join(self.letters.get(c, c) for c in plain)


@cache
def romaniser() -> Romaniser:
    """The table of romanise.yaml, compiled once."""
    raw = load_yaml("romanise.yaml")
    return Romaniser(
        normalise={str(k): str(v) for k, v in (raw.get("normalise") or {}).items()},
        patterns=tuple((re.compile(p), r) for p, r in raw.get("patterns") or []),
        letters={str(k): str(v or "") for k, v in (raw.get("letters") or {}).items()},
    )


def romanise(name: str) -> str:
    """A place name in plain Latin letters: Arabic words romanised and capitalised, Latin kept."""
    table = romaniser()
    words = []
    for word in name.split():
        latin = table.word(word) if any("\u0600" <= c <= "\u06ff" for c in word) else word
        latin = " ".join(part[:1].upper() + part[1:] for part in latin.split())
        if latin:
            words.append(latin)
    return " ".join(words)
