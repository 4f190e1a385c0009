"""Loaders for the geo knowledge files in marsad/data/geo (read once, read-only)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from marsad.datafiles import load_yaml as parse_yaml

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "geo"
LANGUAGES = ("ar", "fr", "en")


def _read(name: str) -> str:
    return (DATA_DIR / name).read_text(encoding="utf-8")


@cache
def load_yaml(name: str) -> Any:
    """Parse one data file of marsad/data/geo."""
    return parse_yaml(_read(name)) or {}


def data_fingerprint() -> str:
    """Hash of the data files that shape the gazetteer (a changed file triggers a rebuild)."""
    digest = hashlib.sha256()
    for name in ("transliteration.yaml", "region.yaml", "countries.yaml", "admin_aliases.yaml", "admin_terms.yaml",
                 "ar_places.yaml", "features.yaml"):
        digest.update(_read(name).encode("utf-8"))
    return digest.hexdigest()[:12]


@cache
def transliteration() -> dict[str, Any]:
    table = dict(load_yaml("transliteration.yaml"))
    table["latin_rules"] = [tuple(rule) for rule in table["latin_rules"]]
    return table


@cache
def focus_countries() -> dict[str, float]:
    return {k: float(v) for k, v in load_yaml("region.yaml")["focus_countries"].items()}


@cache
def wider_region() -> frozenset[str]:
    """Countries where province capitals resolve without the story naming their country."""
    return frozenset(load_yaml("region.yaml").get("wider_region", []))


@dataclass(slots=True, frozen=True)
class CueBook:
    """Per-language cues around toponyms, as sets of folded token tuples."""

    language: str
    capitalised: bool
    in_cues: frozenset[tuple[str, ...]]
    clitic_cues: frozenset[str]
    near_cues: frozenset[tuple[str, ...]]
    direction_cues: frozenset[tuple[str, ...]]
    settlement_cues: frozenset[tuple[str, ...]]
    admin_cues: frozenset[tuple[str, ...]]
    stopwords: frozenset[str]
    longest_cue: int
    # a guessed (skeleton) spelling needs one of these right before it; empty: any cue will do
    fuzzy_cues: frozenset[tuple[str, ...]] = frozenset()
    fuzzy_clitics: frozenset[str] = frozenset()  # proclitics on the word itself that count (بـ)
    # word shapes of the language's own vocabulary that foreign names never have (ال..., ...ات)
    native_prefixes: tuple[str, ...] = ()
    native_suffixes: tuple[str, ...] = ()
    # derived once by cuebook(): single words that are cues themselves (never part of a place name),
    # each cue phrase → its kind (near, direction, settlement, admin, in: the first group listing it),
    # and the words cue phrases can end with (a token that is none of them ends no cue)
    # unknown words after these are still places (geo.unresolved); see ar.yaml
    unresolved_cues: frozenset[tuple[str, ...]] = frozenset()
    unresolved_in_cues: frozenset[tuple[str, ...]] = frozenset()
    unresolved_after_cues: frozenset[str] = frozenset()  # "Sabse commune": unit nouns after the name
    unresolved_reject_suffixes: tuple[str, ...] = ()
    # "in X", "near X", "the area of X" (fr/en): an unknown capitalised name after these is a place too, when it is
    # no known word (unresolved.not_place_words, `unresolved_not_names`) and the sentence is not in title case
    unresolved_loose_cues: frozenset[tuple[str, ...]] = frozenset()
    unresolved_not_names: frozenset[str] = frozenset()
    unresolved_abroad: frozenset[str] = frozenset()  # name keys of cities abroad the gazetteer lacks ("Londres")
    unresolved_name_prefixes: frozenset[str] = frozenset()  # "In-Atès": stopwords that open names when capitalised
    # a country named as a border or river: phrases before it ("border with"), words after it ("border")
    border_before: frozenset[tuple[str, ...]] = frozenset()
    border_after: frozenset[str] = frozenset()
    # titles and roles ("Colonel", "the army spokesman"): the name right after one is a person's
    person_before: frozenset[tuple[str, ...]] = frozenset()
    # "(coded as Pensa at geoprecision 2)": the place a note says it is coded at follows these
    coded_cues: frozenset[tuple[str, ...]] = frozenset()
    # "between X and Y": the words before the pair and between its two places (en, fr)
    pair_before: frozenset[str] = frozenset()
    pair_joiners: frozenset[str] = frozenset()
    # endings of a possessive whose apostrophe was lost ("Malis capital"): the stem may be a country
    possessive_suffixes: tuple[str, ...] = ()
    # "X, a town in the region of Y" / "X in Y region": Y qualifies X like an admin context
    appositive_cues: frozenset[tuple[str, ...]] = frozenset()
    inside_cues: frozenset[tuple[str, ...]] = frozenset()
    articles: frozenset[str] = frozenset()
    # lowercase unit nouns that end a capitalised name ("the Eastern region")
    unit_tails: frozenset[str] = frozenset()
    # lowercase nouns that open a natural feature's name before a capitalised word ("lac Tchad")
    feature_heads: frozenset[str] = frozenset()
    # lowercase nouns between an unknown place and its admin context ("X area (Bosso, Diffa)")
    context_head_nouns: frozenset[str] = frozenset()
    cue_words: frozenset[str] = frozenset()
    kinds: dict[tuple[str, ...], str] = field(default_factory=dict, hash=False, compare=False)
    last_words: frozenset[str] = frozenset()


@cache
def cuebook(language: str) -> CueBook:
    """The cue book for `language` (unknown languages fall back to English)."""
    from marsad.geo.keys import name_key
    from marsad.text.normalize import fold

    if language not in LANGUAGES:
        language = "en"
    raw = load_yaml(f"{language}.yaml")

    for field_name, values in raw.items():
        if isinstance(values, list) and any(not isinstance(v, str) for v in values):
            raise ValueError(f"marsad/data/geo/{language}.yaml: {field_name} has a non-string item (quote it)")

    def phrases(name: str) -> frozenset[tuple[str, ...]]:
        return frozenset(tuple(_cue_key(p).split()) for p in raw.get(name, []) if _cue_key(p))

    def _cue_key(phrase: str) -> str:
        return name_key(phrase)

    groups = {f: phrases(f) for f in ("in_cues", "near_cues", "direction_cues", "settlement_cues", "admin_cues")}
    longest = max((len(p) for g in (*groups.values(), phrases("unresolved_cues"), phrases("unresolved_loose_cues"),
                                    phrases("border_before"),
                                    phrases("person_before"))
                   for p in g), default=1)
    stoplist = _stoplist(language)
    kinds: dict[tuple[str, ...], str] = {}
    for kind in ("near", "direction", "settlement", "admin", "in"):
        for phrase in groups[f"{kind}_cues"]:
            kinds.setdefault(phrase, kind)
    fuzzy = phrases("fuzzy_cues")
    return CueBook(
        language=language,
        cue_words=frozenset(words[0] for words in kinds if len(words) == 1),
        kinds=kinds,
        last_words=frozenset(words[-1] for words in (*kinds, *fuzzy)),
        capitalised=bool(raw.get("capitalised", False)),
        clitic_cues=frozenset(raw.get("clitic_cues", [])),
        stopwords=frozenset(_cue_key(w) for w in [*raw.get("stopwords", []), *stoplist]),
        longest_cue=max(longest, *(len(p) for p in fuzzy), 1),
        fuzzy_cues=fuzzy,
        unresolved_cues=phrases("unresolved_cues"),
        unresolved_in_cues=phrases("unresolved_in_cues"),
        unresolved_loose_cues=phrases("unresolved_loose_cues"),
        unresolved_not_names=frozenset(_cue_key(w) for w in raw.get("unresolved_not_names", [])),
        unresolved_abroad=frozenset(_cue_key(w) for w in raw.get("unresolved_abroad", [])),
        unresolved_name_prefixes=frozenset(_cue_key(w) for w in raw.get("unresolved_name_prefixes", [])),
        unresolved_after_cues=frozenset(_cue_key(w) for w in raw.get("unresolved_after_cues", [])),
        border_before=phrases("border_before"),
        border_after=frozenset(_cue_key(w) for w in raw.get("border_after", [])),
        person_before=phrases("person_before"),
        unresolved_reject_suffixes=tuple(fold(s) for s in raw.get("unresolved_reject_suffixes", [])),
        fuzzy_clitics=frozenset(raw.get("fuzzy_clitics", [])),
        native_prefixes=tuple(raw.get("native_prefixes", [])),
        native_suffixes=tuple(raw.get("native_suffixes", [])),
        possessive_suffixes=tuple(fold(s) for s in raw.get("possessive_suffixes", [])),
        coded_cues=phrases("coded_cues"),
        appositive_cues=phrases("appositive_cues"),
        inside_cues=phrases("inside_cues"),
        articles=frozenset(_cue_key(w) for w in raw.get("articles", [])),
        unit_tails=frozenset(_cue_key(w) for w in raw.get("unit_tails", [])),
        feature_heads=frozenset(_cue_key(w) for w in raw.get("feature_heads", [])),
        context_head_nouns=frozenset(_cue_key(w) for w in raw.get("context_head_nouns", [])),
        pair_before=frozenset(_cue_key(w) for w in raw.get("pair_before", [])),
        pair_joiners=frozenset(_cue_key(w) for w in raw.get("pair_joiners", [])),
        **groups,
    )


def _stoplist(language: str) -> list[str]:
    """Words of `language`_stoplist.yaml (every list in it): common words and first names that
    collide with gazetteer names."""
    if not (DATA_DIR / f"{language}_stoplist.yaml").exists():
        return []
    raw = load_yaml(f"{language}_stoplist.yaml")
    words = []
    for section, values in raw.items():
        if not isinstance(values, list) or any(not isinstance(v, str) for v in values):
            raise ValueError(f"marsad/data/geo/{language}_stoplist.yaml: {section} must be a list of words")
        words.extend(values)
    return words


@cache
def countries_data() -> dict[str, dict[str, Any]]:
    return load_yaml("countries.yaml")


@cache
def ar_places() -> list[dict[str, Any]]:
    """Curated Arabic spellings of Sahel places (ar_places.yaml), flattened, each with its `country`."""
    out = []
    for iso, entries in load_yaml("ar_places.yaml").items():
        for entry in entries or []:
            missing = [k for k in ("name", "lat", "lon") if entry.get(k) in (None, "")]
            if missing:
                raise ValueError(f"marsad/data/geo/ar_places.yaml: {iso} {entry!r} lacks {', '.join(missing)}")
            out.append({**entry, "country": iso})
    return out


@cache
def actor_areas() -> dict[str, list[str]]:
    """Actor id → the countries a cross-border armed group operates in (actor_areas.yaml)."""
    return {str(actor): [str(iso) for iso in isos] for actor, isos in load_yaml("actor_areas.yaml").items()}


@cache
def admin_aliases() -> dict[str, dict[str, dict[str, Any]]]:
    return load_yaml("admin_aliases.yaml")


@cache
def party_regions() -> dict[str, dict[str, str]]:
    """Actor id → {ISO: the admin1 its fighting in that country is concentrated in} (party_regions.yaml)."""
    return {str(actor): {str(iso): str(admin1) for iso, admin1 in (units or {}).items()}
            for actor, units in load_yaml("party_regions.yaml").items()}


@cache
def admin1_parents() -> frozenset[tuple[str, str, str]]:
    """(ISO, newer admin1, the admin1 it was carved from) triples (admin_history.yaml)."""
    return frozenset((str(iso), str(new), str(old)) for iso, units in load_yaml("admin_history.yaml").items()
                     for new, old in (units or {}).items())
