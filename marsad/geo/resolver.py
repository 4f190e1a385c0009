"""Toponym recognition and disambiguation over the gazetteer (ar, fr, en).

Recognise: n-grams of token keys looked up in SQLite (exact keys, then consonant
skeletons for unknown cued words), filtered by per-language cues, stopwords and
capitalisation. Resolve: score each candidate from document context (countries,
regions, admin context "Boni (Douentza, Mopti)", neighbouring places, population,
feature class, regional prior). Ambiguity coarsens the precision instead of guessing.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import cache, lru_cache
from itertools import accumulate

from marsad.geo.capitals import CAPITAL_CONFIDENCE, capital_titles, has_capital_word
from marsad.geo.data import (
    CueBook,
    actor_areas,
    admin1_parents,
    countries_data,
    cuebook,
    focus_countries,
    load_yaml,
    party_regions,
    wider_region,
)
from marsad.geo.datelines import dateline_spans
from marsad.geo.gazetteer import Entry, Gazetteer
from marsad.geo.keys import Token, is_arabic, name_key, skeleton, skeleton_variants, tokenize, variant_key
from marsad.geo.outlets import outlet_country, outlet_region
from marsad.geo.romanise import romanise
from marsad.geo.unresolved import UnknownName, is_elided, name_text, native, unknown_names
from marsad.records import Mention, Place
from marsad.text import PhraseMatcher
from marsad.text.normalize import fold
from marsad.text.tokens import GAP, phrase_forms

MAX_NGRAM = 5
_BOUNDARY = re.compile(r"[.,;:!?()\[\]\"«»\n|/،؛]")
_SENTENCE_END = re.compile(r"[.!?\n؟]")
_PARAGRAPH = re.compile(r"\n\s*\n|\n")
_FEATURE_BASE = {"PCLI": 3.0, "PPLC": 2.5, "ADM1": 2.0, "PPLA": 1.5, "ADM2": 1.0, "PPLA2": 1.0}
NOTABLE_POPULATION = 50_000
MAJOR_CITY = 500_000
SEAT_CODES = frozenset({"PPLC", "PPLA"})  # national and province capitals
# Mentions that never place an event: datelines; countries named as borders, rivers or embassies, and lakes.
UNPLACED_ROLES = frozenset({"dateline", "border"})
NOT_EVENT_PLACES = UNPLACED_ROLES | {"context"}  # ... nor are the admin contexts of a named place
_APOSTROPHE_S = ("'s", "’s", "'S", "’S")
FOCUS_WEIGHT = 3.0
# how far from its seat a place may lie in a cercle/province/department of its region: the Saharan cercles of
# northern Mali span 300 km and more (Gossi lies 135 km from Gourma-Rharous)
UNIT_RADIUS_KM = 200.0
AMBIGUITY_MARGIN = 0.75
NEAR_KM = 150.0
KM_PER_DEGREE = 111.0  # a degree of latitude is 111.19 km on the haversine sphere (R = 6371 km)
LATIN_SIMILARITY = 0.8  # Latin fuzzy matches: Diabaly ~ Diabali (0.86), not Kargadjou ~ Ouargaye
NEIGHBOUR_KM = 300.0  # a village on the region's edge this close to the story's towns is in the same theatre
# the main name of a country, a capital or a city this large is no unknown village after a bare cue
ABROAD_FEATURES = frozenset({"PCLI", "PPLC"})
ABROAD_POPULATION = 150_000
# unknown villages (geo.unresolved): below exact matches (0.9); bare repeats of a cued name lower still
UNRESOLVED_CONFIDENCE = 0.6
REPEATED_CONFIDENCE = 0.5


@dataclass(slots=True)
class DocumentPlaces:
    """Place mentions of one document (value=Place), with the document's geographic context."""

    text: str
    language: str
    mentions: list[Mention] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)  # ISO codes, most weighted first
    dominant: Place | None = None
    # countries the document places itself in (named, in-region demonyms, actor hints, places);
    # "French forces" alone puts a story in no country
    grounded: list[str] = field(default_factory=list)
    # where the cross-border armed groups the document names fight (actor_areas.yaml); empty: unknown
    area: frozenset[str] = frozenset()
    parties: tuple[str, ...] = ()  # the actor ids the document names (resolve_document's `parties`)
    # (ISO, admin1) a local outlet of the document reports from (outlets.yaml regions), if any
    outlet_region: tuple[str, str] | None = None


@dataclass(slots=True)
class Candidate:
    """A span of tokens that may name a place, with its gazetteer entries."""

    first: int
    last: int
    entries: list[Entry]
    fuzzy: bool = False
    cue: str | None = None
    clitic: bool = False
    context_of: Candidate | None = None  # the head this "(A, B)" admin context qualifies
    key: str = ""  # the name key that matched (exact matches)
    border: bool = False  # a country named as a border or river ("the border with Mali")
    # readings matched only as a spelling variant of the written name (Kona → Konna): kept only
    # when no exact reading survives and they lie in a country the document is grounded in
    variants: frozenset[int] = frozenset()
    spelling: bool = False  # matched as a spelling variant (rule "geo.variant"), not as a skeleton guess


def haversine_km(a: Entry | Place, b: Entry | Place) -> float:
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return float("inf")
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def _near_any(entry: Entry, anchors: list[Entry], km: float) -> bool:
    """Is an anchor other than the entry itself closer than `km`? An anchor farther away in
    latitude alone cannot be (a degree of latitude is over KM_PER_DEGREE km): no trigonometry."""
    if entry.latitude is None:
        return False
    reach = km / KM_PER_DEGREE
    latitude = entry.latitude
    return any(haversine_km(entry, a) < km for a in anchors
               if a.id != entry.id and a.latitude is not None and abs(a.latitude - latitude) <= reach)


@cache
def _connectors(language: str) -> frozenset[str]:
    if language == "ar":
        return frozenset()
    return frozenset(name_key(w) for w in load_yaml(f"{language if language in ('fr', 'en') else 'en'}.yaml")
                     .get("name_connectors", []))


@cache
def _demonyms() -> dict[str, str]:
    out = {}
    for iso, info in countries_data().items():
        for word in info.get("demonyms", []) or []:
            out[name_key(word)] = iso
    return out


@cache
def _hints() -> dict[tuple[str, ...], str]:
    """Folded word tuples of one-country armed actors ("Katiba Macina" → ML), from countries.yaml."""
    out = {}
    for iso, info in countries_data().items():
        for phrase in info.get("hints", []) or []:
            words = tuple(name_key(phrase).split())
            if words:
                out[words] = iso
    return out


@cache
def _hint_heads() -> frozenset[str]:
    return frozenset(words[0] for words in _hints())


class GeoResolver:
    """Finds and resolves the places of a document against a Gazetteer."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.focus = focus_countries()
        self.region = frozenset(iso for iso, weight in self.focus.items() if weight >= 0.5)
        self.core = frozenset(iso for iso, weight in self.focus.items() if weight >= 1.0)
        self.wider = wider_region()

    # -- public API -----------------------------------------------------------

    def resolve_document(self, text: str, language: str | None, outlet: str | None = None,
                         url: str | None = None, parties: Iterable[str] = ()) -> DocumentPlaces:
        """Recognise and resolve every place mention of `text` (offsets into `text`). The outlet
        and URL are a weak clue (outlets.yaml), used only when the text grounds no country.
        `parties` are the actor ids the document names: the cross-border groups among them
        (actor_areas.yaml) say in which countries a small place they attacked can lie."""
        language = language if language in ("ar", "fr", "en") else ("ar" if is_arabic(text[:2000]) else "en")
        cues = cuebook(language)
        tokens = tokenize(text)
        parties = tuple(parties)
        doc = DocumentPlaces(text=text, language=language, area=party_area(parties), parties=parties,
                             outlet_region=outlet_region(outlet))
        if not tokens:
            return doc
        boundary, sentence_start = _token_flags(text, tokens)
        index = CueIndex(tokens, boundary, cues)
        candidates = self._recognise(text, index, sentence_start, language)
        notable = _notable_tokens(candidates)  # before readings abroad are dropped ("in Geneva")
        context = self._admin_context(text, tokens, candidates, cues)
        context += self._appositive_context(text, index, [c for c in candidates if not _inside_any(c, context)])
        if context:
            inside = {k for c in context for k in range(c.first, c.last + 1)}
            candidates = [c for c in candidates if not inside & set(range(c.first, c.last + 1))]
            heads = [c.context_of for c in context if c.context_of not in candidates]
            candidates = sorted(candidates + list({id(h): h for h in heads}.values()), key=lambda c: c.first)
            candidates += context
        candidates = _constrain_by_following_country(tokens, candidates, cues)
        regions = _macro_spans(text, tokens, language)
        candidates, regions = _outside_spans(tokens, candidates, regions, language)
        candidates = _outside_person_names(tokens, boundary, candidates, cues)
        _mark_borders(tokens, boundary, candidates, cues)
        countries, grounded, weak = self._country_context(tokens, candidates, cues, doc.area)
        if not grounded:
            grounded = self._fallback_grounds(outlet_country(outlet, url), countries, weak)
        doc.countries = [iso for iso, _ in countries.most_common()]
        doc.grounded = [iso for iso in doc.countries if iso in grounded]
        self._resolve(text, tokens, candidates, countries, cues, sentence_start, doc)
        _mark_datelines(text, doc.mentions)
        self._add_unresolved(index, candidates, sentence_start, notable, doc)
        self._add_capitals(index, doc)
        _mark_pairs(text, tokens, boundary, cues, doc)
        _mark_coded(tokens, cues, doc)
        doc.mentions = _outside_macro_regions(doc.mentions, regions)
        doc.dominant = self._dominant(doc)
        return doc

    def place_for_span(self, doc_places: DocumentPlaces, start: int, end: int) -> Place | None:
        """The event's place for evidence text[start:end] (see docs/geo.md for the order)."""
        places = [m for m in doc_places.mentions if m.data.get("role") not in NOT_EVENT_PLACES]
        inside = [m for m in places if m.start >= start and m.end <= end]
        if not inside:
            inside = [m for m in doc_places.mentions if m.start >= start and m.end <= end
                      and m.data.get("role") not in UNPLACED_ROLES]
        if inside:
            good = [m for m in inside if m.data.get("confidence", 0) >= 0.7] or inside
            # ACLED writes the place it codes with its admin context: "between Ansongo (Ansongo, Gao) and Gao"
            best = min(good, key=lambda m: (*place_rank(m), m.start))
            if _is_country(best.value):
                # "the village of Kalsaka in Burkina Faso": the village no gazetteer knows is the event's
                # place (coded at its region or the country's point), not the country named after it
                best = next((m for m in inside if m.rule == "geo.unresolved" and m.value.iso == best.value.iso), best)
            best = _village_before_unit(doc_places.text, inside, best)
            dominant = doc_places.dominant
            if _is_country(best.value) and dominant is not None and not _is_country(dominant) \
                    and dominant.iso == best.value.iso:
                return dominant  # "an attack on a hotel in central Mali" in a story about Sévaré
            return self._event_place(best.value)
        paragraph_start = _paragraph_start(doc_places.text, start)
        before = [m for m in places if paragraph_start <= m.start < start]
        if before:
            return self._event_place(max(before, key=lambda m: m.start).value)
        return doc_places.dominant

    def _event_place(self, place: Place) -> Place:
        """A country mention becomes the country-level event point (see region.yaml country_fallback)."""
        if place.feature_code and place.feature_code.startswith("PCL"):
            return self.country_point(place.iso) or place
        return place

    def country_place(self, name_or_iso: str) -> Place | None:
        """The country as a precision-3 Place (by ISO code or any of its names)."""
        value = name_or_iso.strip()
        entry = self.gazetteer.country_entry(value) if len(value) == 2 else None
        if entry is None:
            entry = next((e for e in self.gazetteer.lookup(value) if e.is_country), None)
        return self.gazetteer.to_place(entry, 3) if entry else None

    def theatre(self, actor_id: str, home: str | None) -> str | None:
        """The country an armed party's presence places an event in (ISO2), or None: its home for
        forces of the watched region; for groups that cross borders (actor_areas.yaml) the country
        of their area the region ranks highest, the home breaking ties. Forces of countries outside
        the region (French troops in Mali) say nothing about where they fought."""
        area = [iso for iso in actor_areas().get(actor_id, [home]) if iso in self.region]
        if not area:
            return None
        return max(area, key=lambda iso: (self.focus[iso], iso == home))

    # -- recognition ----------------------------------------------------------

    def _recognise(self, text: str, index: CueIndex, sentence_start: list[bool], language: str) -> list[Candidate]:
        tokens, boundary, cues = index.tokens, index.boundary, index.cues
        connectors = _connectors(language)
        heads = self.gazetteer.heads()
        spans: dict[tuple[int, int], list[str]] = {}
        words = [t.keys[0] for t in tokens]
        for i in range(len(tokens)):
            feature_head = False
            if cues.capitalised and not _capitalised(tokens[i]):
                feature_head = words[i] in cues.feature_heads and i + 1 < len(tokens) and _capitalised(tokens[i + 1])
                if not feature_head:
                    continue
            firsts = [k for k in tokens[i].keys if len(k) >= 2]
            if not (cues.capitalised and words[i] in connectors) and not feature_head:
                spans[(i, i)] = firsts  # a name does not end on "de"; "lac" alone is no name
            # longer names are looked up only when some gazetteer name starts with this word
            # ("" keeps the other keys' positions: a match on a later key is a clitic reading)
            firsts = [k if k in heads else "" for k in firsts]
            rest = ""  # the words after the first, grown one word per longer span
            for j in range(i + 1, min(i + MAX_NGRAM, len(tokens))) if any(firsts) else ():
                if boundary[j]:
                    break
                tail = cues.capitalised and not _capitalised(tokens[j]) and words[j] in cues.unit_tails
                if cues.capitalised and not _capitalised(tokens[j]) and words[j] not in connectors and not tail:
                    break
                rest = words[j] if j == i + 1 else f"{rest} {words[j]}"
                if tail:  # "the Eastern region": a lowercase unit noun ends the name
                    spans[(i, j)] = [f"{k} {rest}" if k else "" for k in firsts]
                    break
                if cues.capitalised and words[j] in connectors:
                    continue  # a name does not end on "de"
                spans[(i, j)] = [f"{k} {rest}" if k else "" for k in firsts]
        found = self.gazetteer.exact(k for keys in spans.values() for k in keys)
        cued = self.gazetteer.cued(k for keys in spans.values() for k in keys)
        candidates: list[Candidate] = []
        known = found.keys() | cued.keys()
        for (i, j), keys in spans.items():
            if known.isdisjoint(keys):
                continue
            cue = index.before(i)
            # a common word that is also a place name ("إطار", Atar) is the place only after
            # "town of / region of"; a plain "in" is not enough ("في إطار" = "within")
            strong = cue in ("settlement", "admin")
            entries: list[Entry] = []
            matched = ""
            for position, key in enumerate(keys):
                hits = found.get(key)
                if hits and (i != j or key not in cues.stopwords or strong):
                    entries, matched = hits, key
                    clitic = position > 0
                    break
            if not entries and any(cued.get(k) for k in keys):
                # names that are also ordinary words or first names (مروة) need a locative cue right
                # before them (بمروة counts, but بول is not بـ + ول); stoplisted ones need "town of"
                position, key = next((n, k) for n, k in enumerate(keys) if cued.get(k))
                locative = index.locative(i, clitic_allowed=position > 0)
                if locative and (key not in cues.stopwords or strong):
                    entries, matched, clitic, strong = cued[key], key, position > 0, True
            if entries and not self._stop_span(tokens, i, j, cues, strong):
                if is_arabic(tokens[i].text) and clitic and cue is None:
                    cue = "clitic" if _clitic_cue(tokens[i], cues) else None
                candidates.append(Candidate(i, j, entries, cue=cue, clitic=clitic, key=matched))
        possessives = self._possessive_countries(index, candidates)
        held = {k for c in possessives for k in range(c.first, c.last + 1)}
        candidates = _non_overlapping(possessives + [c for c in candidates if held.isdisjoint(range(c.first, c.last + 1))])
        if cues.capitalised:
            candidates = _not_name_tails(text, tokens, candidates, cues)
        candidates += self._fuzzy(text, index, candidates)
        return sorted(_non_overlapping(candidates), key=lambda c: c.first)

    def _possessive_countries(self, index: CueIndex, taken: list[Candidate]) -> list[Candidate]:
        """Names in the possessive, whose keys carry the "s" ("Gao's" is gaos). With the apostrophe
        ("Gao's 8th district", "Nigeria’s army", "Fada N'Gourma's market") the word or the two words
        ending on it without the "s" are a name like any other. Without it ("Malis capital", "Nigers
        army", "Timbuktus elders": `possessive_suffixes`) only a country or a main town or region of
        the region's core is read so. Either beats an obscure namesake abroad of the word as written
        ("Malis" is also Malliß, a German village)."""
        tokens, cues = index.tokens, index.cues
        covered = {k for c in taken if not self._obscure(c) for k in range(c.first, c.last + 1)}
        spans: dict[tuple[int, int], str] = {}
        lost: set[tuple[int, int]] = set()  # spans read through a lost apostrophe
        for i, token in enumerate(tokens):
            if i in covered or not _capitalised(token):
                continue
            key = token.keys[0]
            if token.text.endswith(_APOSTROPHE_S) and len(key) >= 3:
                spans[(i, i)] = key[:-1]
                if i > 0 and not index.boundary[i] and i - 1 not in covered and _capitalised(tokens[i - 1]):
                    spans[(i - 1, i)] = f"{tokens[i - 1].keys[0]} {key[:-1]}"
                continue
            stem = next((key[:-len(s)] for s in cues.possessive_suffixes if key.endswith(s)), "")
            if len(stem) >= 4:
                spans[(i, i)] = stem
                lost.add((i, i))
        found = self.gazetteer.exact(spans.values()) if spans else {}
        out = []
        for (first, last), stem in spans.items():
            entries = found.get(stem, [])
            if (first, last) in lost:
                entries = [e for e in entries if e.is_country or self._main_place(e)]
            if entries:
                out.append(Candidate(first, last, entries, cue=index.before(first), key=stem))
        return out

    def _obscure(self, candidate: Candidate) -> bool:
        """A one-word name whose every reading is a small place outside the watched region."""
        return candidate.first == candidate.last and all(
            e.country not in self.region and e.population < MAJOR_CITY and not e.is_country for e in candidate.entries)

    def _main_place(self, entry: Entry) -> bool:
        """A capital or first-level unit of the region's core (Timbuktu, Mopti): its possessive is common."""
        return entry.country in self.core and (entry.is_admin1 or entry.feature_code in ("PPLC", "PPLA"))

    def _stop_span(self, tokens: list[Token], i: int, j: int, cues: CueBook, strong: bool = False) -> bool:
        words = [t.keys[0] for t in tokens[i:j + 1]]
        if i == j and words[0] in cues.cue_words:
            return True  # a cue word alone ("عاصمة", "region") is not a place, whatever an alternate says
        if strong or (j > i and words[-1] in cues.unit_tails):
            return False  # "مدينة أطار", "the Eastern region": with a unit noun even a common word is a name
        return all(w in cues.stopwords or w in _connectors(cues.language) for w in words)

    def _fuzzy(self, text: str, index: CueIndex, taken: list[Candidate]) -> list[Candidate]:
        """Consonant-skeleton matches for cued words the exact index does not know. In Latin script
        also, as spelling variants (the same `variant_key`: Barsalogo ~ Barsalogho), a whole capitalised
        name without a cue, a short name, and an exact name whose every reading lies outside the core of
        the region (Kona, a village of Côte d'Ivoire, read also as Konna, Mali: Candidate.variants)."""
        tokens, boundary, cues = index.tokens, index.boundary, index.cues
        weak = {c.first: c for c in taken if cues.capitalised and not c.fuzzy
                and not any(e.country in self.core or e.is_country for e in c.entries)}
        covered = {k for c in taken if weak.get(c.first) is not c for k in range(c.first, c.last + 1)}
        queries: dict[tuple[int, int, str | None], list[str]] = {}
        forms: dict[tuple[int, int, str | None], str] = {}
        for i, token in enumerate(tokens):
            if i in covered or (cues.capitalised and not _capitalised(token)):
                continue
            # a guessed spelling needs a locative cue right before it (في، قرب، بلدة، ولاية...)
            # or the clitic بـ on the word itself; a capitalised Latin word is a name by its shape
            cue = index.locative(i)
            if cue is None and not (cues.capitalised and _name_start(text, tokens, i)):
                continue
            for j in (i, i + 1):
                if j >= len(tokens) or (j > i and (boundary[j] or j in covered)):
                    break
                if j > i and cues.capitalised and not _capitalised(tokens[j]):
                    break
                if any(k in cues.cue_words or k in cues.stopwords for k in tokens[i].keys):
                    break
                if any(_native_word(t, cues) for t in tokens[i:j + 1]):
                    break
                if j > i and cue == "clitic":
                    break  # a bare بـ vouches for one word, not a phrase (بدأوا يخرجون)
                keys = tokens[i].keys[1:] if cue == "clitic" else tokens[i].keys
                for key in keys:
                    words = [key] + [t.keys[0] for t in tokens[i + 1:j + 1]]
                    if any(w in cues.stopwords or w in cues.cue_words for w in words) or len(key) < 3:
                        continue
                    skel = skeleton(" ".join(words))
                    # Arabic words are built on three-consonant roots: a three-class skeleton after
                    # a mere "in" matches half the dictionary (هجمات ~ Jimeta); it needs "town of"
                    if len(skel) < 4 and is_arabic(key) and cue not in ("settlement", "admin", "near"):
                        break
                    if cues.capitalised and (cue is None or i in weak or len(skel) < 3):
                        # without a cue, for short names and for names known abroad: only one
                        # variant form of the spelling (Douna is not Donna, Bani not Tibani)
                        form = variant_key(" ".join(words))
                        if len(form) >= 3 and (i not in weak or weak[i].last == j) \
                                and (cue or _name_end(text, tokens, j)):
                            forms[(i, j, cue)] = form
                            break
                    elif len(skel) >= 3:
                        queries[(i, j, cue)] = skeleton_variants(skel)
                        break
        out = self._variant_matches(forms, weak)
        if not queries:
            return out
        found = self.gazetteer.fuzzy(v for variants in queries.values() for v in variants)
        for (i, j, cue), variants in queries.items():
            exact = found.get(variants[0], [])
            entries = exact or [e for v in variants[1:] for e in found.get(v, [])]
            entries = [e for e in entries if not e.is_country]
            if not is_arabic(tokens[i].text):
                # a Latin spelling is a variant of a Latin name only when most letters agree
                # (Diabaly ~ Diabali); skeletons alone equate Kargadjou with Ouargaye
                written = fold(" ".join(t.text for t in tokens[i:j + 1]))
                entries = [e for e in entries if _similar(written, fold(e.name))]
            if entries:
                out.append(Candidate(i, j, list({e.id: e for e in entries}.values()), fuzzy=True, cue=cue))
        return out

    def _variant_readings(self, name: str) -> list[Entry]:
        """Places (not countries) whose name has the variant form of `name` (Latin script)."""
        form = variant_key(name)
        return [e for e in self.gazetteer.variants([form]).get(form, []) if not e.is_country] if len(form) >= 3 else []

    def _variant_matches(self, forms: dict[tuple[int, int, str | None], str],
                         weak: dict[int, Candidate]) -> list[Candidate]:
        """Places whose name has the span's variant form: new fuzzy candidates, or readings added to
        an exact candidate known only abroad (kept only if no exact reading survives: _accept)."""
        found = self.gazetteer.variants(forms.values()) if forms else {}
        out = []
        for (i, j, cue), form in forms.items():
            entries = [e for e in found.get(form, []) if not e.is_country]
            if entries and i in weak:
                exact = weak[i]
                exact.variants = frozenset(e.id for e in entries if e not in exact.entries)
                exact.entries = exact.entries + [e for e in entries if e.id in exact.variants]
            elif entries:
                out.append(Candidate(i, j, entries, fuzzy=True, cue=cue, spelling=True))
        return out

    def _admin_context(self, text: str, tokens: list[Token], candidates: list[Candidate],
                       cues: CueBook) -> list[Candidate]:
        """ACLED-style "Place (Admin2, Admin1)": the parenthesised names become context candidates."""
        out: list[Candidate] = []
        by_last = {c.last: c for c in candidates}
        for match in re.finditer(r"\(([^()]{2,80})\)", text):
            inner_tokens = [k for k, t in enumerate(tokens) if match.start(1) <= t.start and t.end <= match.end(1)]
            if not inner_tokens or len(inner_tokens) > 8:
                continue
            head = inner_tokens[0] - 1
            if head < 0 or tokens[head].end > match.start():
                continue
            noun = tokens[head].keys[0]
            if cues.capitalised and head > 0 and (noun in cues.cue_words or noun in cues.context_head_nouns) \
                    and _capitalised(tokens[head - 1]):
                head -= 1  # "Sorobadougou Commune (Bandiagara, Mopti)", "Kouloudi area (Bosso, Diffa)": the noun follows its name
            parts = [p.strip() for p in match.group(1).split(",")]
            if not 1 <= len(parts) <= 3 or any(not p or len(p.split()) > 4 for p in parts):
                continue
            head_candidate = by_last.get(head)
            if head_candidate is not None and any(e.is_country for e in head_candidate.entries):
                continue  # "France (Barkhane)": a country is not qualified by an admin context
            if head_candidate is None:
                words = _head_words(text, tokens, head, cues)
                if not words:
                    continue
                head_candidate = Candidate(head - words + 1, head, [], cue="admin-context")
                if cues.capitalised:  # "N Guigmi area (Diffa)": a spelling of Nguigmi, kept if the context agrees
                    head_candidate.entries = self._variant_readings(text[tokens[head - words + 1].start:tokens[head].end])
                    head_candidate.fuzzy = head_candidate.spelling = bool(head_candidate.entries)
            offset = match.start(1)
            for part in parts:
                start = text.index(part, offset)
                offset = start + len(part)
                first = next(k for k in inner_tokens if tokens[k].start >= start)
                last = max(k for k in inner_tokens if tokens[k].end <= offset)
                entries = self._admin_entries(part, cues)
                if entries:
                    out.append(Candidate(first, last, entries, cue="admin-context", context_of=head_candidate))
        return out

    def _appositive_context(self, text: str, index: CueIndex, candidates: list[Candidate]) -> list[Candidate]:
        """"Bangui, a town in the region of Tahoua", "Djibo in Soum province", "X بولاية Y": the admin
        unit after the cue qualifies the place before it as an ACLED admin context "(Tahoua)" does:
        the place's readings stay inside the unit, and a name no gazetteer knows is coded at it."""
        tokens, cues = index.tokens, index.cues
        if not (cues.appositive_cues or cues.inside_cues):
            return []
        by_last = {c.last: c for c in candidates}
        out: list[Candidate] = []
        for unit in candidates:
            entries = [e for e in unit.entries if e.is_admin1 or e.is_admin2]
            called = unit.cue == "admin" or _unit_word_at(tokens, unit.last, cues)
            for appositive, head_last, unit_named in _appositive_links(tokens, index.boundary, unit.first, cues) \
                    if entries else ():
                if not (appositive or unit_named or called):
                    continue  # "Djibo in Soum": a bare "in" says nothing unless the unit is called one
                head = self._appositive_head(text, index, by_last, head_last, appositive)
                if head is not None:
                    out.append(Candidate(unit.first, unit.last, entries, cue="admin-context", context_of=head))
                    break
        return out

    @staticmethod
    def _appositive_head(text: str, index: CueIndex, by_last: dict[int, Candidate], last: int,
                         appositive: bool) -> Candidate | None:
        """The place an appositive or "in" links to a unit: a known place ending at token `last` (not a
        country), or capitalised unknown words there when the link says they are a settlement ("Tamboli,
        a village in ...") or they follow "the village of" (in Arabic unresolved.py places those)."""
        head = by_last.get(last)
        if head is not None:
            return None if any(e.is_country for e in head.entries) else head
        tokens, cues = index.tokens, index.cues
        words = _head_words(text, tokens, last, cues) if cues.capitalised and last >= 0 else 0
        first = last - words + 1
        if not words or not (appositive or index.before(first) == "settlement"):
            return None
        return Candidate(first, last, [], cue="admin-context")

    def _admin_entries(self, part: str, cues: CueBook) -> list[Entry]:
        key = name_key(part)
        if is_arabic(part):
            # Arabic writers gloss in parentheses ("(بوكو حرام)", "(وسط)"): only admin units
            # of the watched region named exactly count as ACLED-style context there
            if any(w in cues.stopwords or w in cues.cue_words for w in key.split()):
                return []
            return [e for e in self.gazetteer.exact([key]).get(key, [])
                    if (e.is_admin1 or e.is_admin2) and e.country in self.region]
        if part.isupper() or (cues.capitalised and not part[:1].isupper()):
            return []  # "(MNJ)", "(CCVC)" gloss a name, "(west)" a direction: no admin unit
        entries = self.gazetteer.exact([key]).get(key, [])
        if not entries:
            skel = skeleton(part)
            if len(skel) >= 3:
                found = self.gazetteer.fuzzy(skeleton_variants(skel))
                entries = found.get(skel) or [e for v in skeleton_variants(skel)[1:] for e in found.get(v, [])]
                # a spelling variant agrees on most letters (Tillabery ~ Tillaberi), as in recognition
                entries = [e for e in entries if _similar(fold(part), fold(e.name))]
        return [e for e in entries if not e.is_country]

    # -- context and resolution ------------------------------------------------

    def _country_context(self, tokens: list[Token], candidates: list[Candidate], cues: CueBook,
                         area: frozenset[str] = frozenset()) -> tuple[Counter, set[str], set[str]]:
        """Countries the document talks about (weights), those it is grounded in, and those only
        small places on the region's edge point to (weak: they ground a story nothing else does).

        Evidence: country names, demonyms, one-country actor hints, unambiguous places. A place
        votes only when it is in the watched region or a major city named by its own name: an
        obscure namesake abroad (a Slovenian municipality "Grad", "Ahmad" for Al Ahmadi) must not
        vouch for itself. A village outside the region's core (Zuenda, Côte d'Ivoire) does not
        outweigh a story's other evidence ("Malian troops near Zuenda"). Heads of an admin context
        do not vote: the context names the unit more reliably than a homonymous village does.
        """
        weights: Counter = Counter()
        grounded: set[str] = set()
        weak: set[str] = set()
        anchors: list[Entry] = []  # readings of the places that ground the story
        edge: list[Candidate] = []  # small places on the region's edge
        demonyms = _demonyms()
        for k, token in enumerate(tokens):
            for key in token.keys[:2]:
                if key in demonyms:
                    iso = demonyms[key]
                    # "French forces" in a Malian story: foreign demonyms say little about where,
                    # and "the Malian border" says where a story is not
                    # and "an Algerian diplomat", "Malian refugees" (nationals.yaml) say who, not where
                    abroad = _border_after(tokens, k + 1, {}, cues) or _nationals_next(tokens, k, cues.language)
                    focus = 0.0 if abroad else self.focus.get(iso, 0.0)
                    weights[iso] += max(0.2, focus)
                    if focus > 0:
                        grounded.add(iso)
                    break
        for iso in self._hinted_countries(tokens):
            weights[iso] += 0.5
            grounded.add(iso)
        heads = {id(c.context_of) for c in candidates if c.context_of is not None}
        for candidate in candidates:
            countries = {e.country for e in candidate.entries if e.id not in candidate.variants}
            if any(e.is_country for e in candidate.entries):
                iso = next(e.country for e in candidate.entries if e.is_country)
                weights[iso] += 0.5 if candidate.border else 2.0
                if not candidate.border:  # "near the border with Mali" does not say on which side
                    grounded.add(iso)
            elif id(candidate) in heads or candidate.border:
                continue  # a lake says no country: its shores are several
            elif len(countries) == 1 and not candidate.fuzzy:
                iso = next(iter(countries))
                if _outside_area(candidate.entries, area):
                    continue  # "ISWAP attacked the village of Kaya": not Kaya, Burkina Faso
                if self._vouches(iso, candidate):
                    weights[iso] += 1.0 if candidate.context_of is None else 2.0
                    grounded.add(iso)
                    anchors += [e for e in candidate.entries if not e.is_country]
                elif iso in self.region:
                    weights[iso] += 1.0
                    edge.append(candidate)
            elif candidate.context_of is not None:
                for country in countries:
                    weights[country] += 1.0 / len(countries)
        for candidate in edge:  # a village across the border from the story's towns (Damaturu, Maroua) counts
            iso = candidate.entries[0].country or ""
            near = any(haversine_km(e, a) <= NEIGHBOUR_KM for e in candidate.entries for a in anchors)
            (grounded if near else weak).add(iso)
        return weights, grounded, weak

    def _vouches(self, iso: str, candidate: Candidate) -> bool:
        """Does a place with readings in one country ground the story there by itself?"""
        if iso in self.core:
            return True
        if iso in self.region and (candidate.context_of is not None or any(_notable(e) for e in candidate.entries)):
            return True
        return any(e.population >= MAJOR_CITY and self._own_name(e, candidate, []) for e in candidate.entries)

    def _fallback_grounds(self, home: str | None, countries: Counter, weak: set[str]) -> set[str]:
        """Where a story its text does not ground is: the home of its outlet when that is a
        national outlet of the watched region, else the countries its small places point to."""
        if home in self.region:
            countries[home] += 1.0
            return {home}
        return weak

    @staticmethod
    def _hinted_countries(tokens: list[Token]) -> list[str]:
        hints = _hints()
        if not hints:
            return []
        longest = max(len(words) for words in hints)
        firsts = _hint_heads()
        # "Tandja's plan": a possessive does not hide the name
        words = [t.keys[0][:-1] if t.text.endswith(("'s", "’s")) else t.keys[0] for t in tokens]
        # "President Tandjas bid", "Djermas and Tuaregs": a capitalised name whose possessive lost
        # its apostrophe, or a plural, is the name (tried only when the word itself is no hint)
        stems = [w[:-1] if len(w) > 4 and w.endswith("s") and t.text[:1].isupper() else w
                 for w, t in zip(words, tokens, strict=True)]
        found = []
        for i in range(len(words)):
            if words[i] not in firsts and stems[i] not in firsts:
                continue
            for n in range(min(longest, len(words) - i), 0, -1):
                phrase = tuple(words[i:i + n])
                iso = hints.get(phrase) or hints.get((*phrase[:-1], stems[i + n - 1]))
                if iso:
                    found.append(iso)
                    break
        return found

    def _score(self, entry: Entry, countries: Counter, admin1s: set[str], anchors: list[Entry],
               context: list[Entry]) -> float:
        score = _FEATURE_BASE.get(entry.feature_code, 0.5)
        if entry.source.startswith("import:"):
            score += 0.8
        score += 0.25 * math.log10(entry.population + 1)
        score += FOCUS_WEIGHT * self.focus.get(entry.country or "", 0.0)
        if countries:
            top = countries.most_common(1)[0][1]
            score += 3.0 * countries.get(entry.country, 0) / top
        if entry.admin1 and entry.admin1 in admin1s and not entry.is_admin1:
            score += 2.0
        if context:
            score += 4.0 if any(_consistent(entry, c) for c in context) else -2.0
        if anchors and _near_any(entry, anchors, NEAR_KM):
            score += 1.0
        return score

    def _resolve(self, text: str, tokens: list[Token], candidates: list[Candidate], countries: Counter,
                 cues: CueBook, sentence_start: list[bool], doc: DocumentPlaces) -> None:
        admin1s = {e.name for c in candidates for e in c.entries if e.is_admin1 and len(c.entries) <= 2}
        anchors = [c.entries[0] for c in candidates if len({e.country for e in c.entries}) == 1
                   and len(c.entries) == 1 and not c.entries[0].is_country]
        groups: dict[int, list[Candidate]] = {}
        for c in candidates:
            if c.context_of is not None:
                groups.setdefault(id(c.context_of), []).append(c)
        chosen: dict[int, Entry] = {}  # id(context candidate) → its entry, chosen jointly per group
        contexts: dict[int, list[Entry]] = {}
        for key, parts in groups.items():
            picked = self._resolve_context(parts, countries)
            chosen.update(picked)
            contexts[key] = [picked[id(p)] for p in parts if id(p) in picked]
        resolved_context: dict[int, Entry] = {}
        emitted: set[int] = set()
        for candidate in candidates:
            context = contexts.get(id(candidate), [])
            if candidate.context_of is not None:
                entry = chosen.get(id(candidate))
                if entry is not None:
                    resolved_context.setdefault(id(candidate.context_of), entry)
                    self._emit(doc, text, tokens, candidate, entry, _precision(entry, None), 0.9)
                continue
            if context:
                # a head whose admin context contradicts every reading is an unknown village
                candidate.entries = [e for e in candidate.entries if any(_consistent(e, c) for c in context)]
            if not candidate.context_of:
                candidate.entries = [e for e in candidate.entries if not _outside_area([e], doc.area)
                                     or e.country in doc.grounded]
            if not candidate.entries or not self._accept(candidate, tokens, cues, sentence_start, countries,
                                                         context, doc.grounded):
                continue
            self._settlement_or_unit(candidate, tokens, cues)
            scored = sorted(((self._score(e, countries, admin1s, anchors, context), e) for e in candidate.entries),
                            key=lambda pair: (-pair[0], pair[1].id))
            entry, precision, confidence = self._decide(scored, candidate)
            if entry is None:
                continue
            if candidate.context_of is not None:
                resolved_context.setdefault(id(candidate.context_of), entry)
            else:
                emitted.add(id(candidate))
            self._emit(doc, text, tokens, candidate, entry, precision, confidence, _older_admin1(entry, context))
            if context:
                doc.mentions[-1].data["headed"] = True  # named with its admin context: the coded place
        heads = {id(c.context_of): c.context_of for c in candidates if c.context_of is not None}
        for key, head in heads.items():
            if key not in emitted and key in resolved_context:
                entry = resolved_context[key]
                self._emit_unknown_head(doc, text, tokens, head, entry, _older_admin1(entry, contexts.get(key, [])))
        doc.mentions.sort(key=lambda m: m.start)

    def _resolve_context(self, parts: list[Candidate], countries: Counter) -> dict[int, Entry]:
        """Choose entries for "(A, B)" from the most general part back, each consistent with the next."""
        picked: dict[int, Entry] = {}
        later: Entry | None = None
        for part in reversed(parts):
            entries = part.entries
            if later is None:
                # the last part of "(Commune, Cercle)" or "(Cercle, Region)" is an admin unit:
                # "Gao" there is the region, not a namesake village abroad
                entries = [e for e in entries if e.is_admin1 or e.is_admin2] or entries
            else:
                entries = [e for e in entries if e.id == later.id or _consistent(e, later)] or []
            if not entries:
                continue
            units_first = sorted(entries, key=lambda e: (-self._context_score(e, countries), e.id))
            picked[id(part)] = later = units_first[0]
        return picked

    def _context_score(self, entry: Entry, countries: Counter) -> float:
        """Admin-context parts: region prior and document countries; unit level says nothing here."""
        score = 1.5 * self.focus.get(entry.country or "", 0.0) + 0.1 * math.log10(entry.population + 1)
        if countries:
            score += 3.0 * countries.get(entry.country, 0) / countries.most_common(1)[0][1]
        return score + (0.5 if entry.is_admin else 0.0)

    def _plausible(self, entry: Entry, candidate: Candidate, grounded: list[str]) -> bool:
        """Regional prior as a filter: which readings of a name may be kept at all.

        Kept: countries, curated features, imported places, places in the countries the document is grounded in
        and in the core of the watched region. Elsewhere in the region only notable places, and
        only when the document names no country (a Malian story's "Lere" is not Lere, Nigeria).
        Beyond that, provinces named in several words and, by their own name, province capitals
        of the wider region (Africa), and major cities: an obscure namesake abroad is a false friend ("Human" → Uman), and so is a major
        city's alternate ("Amani" → Amman).
        """
        if entry.is_country or entry.is_curated_feature or entry.source.startswith("import:"):
            return True
        if entry.country in grounded[:3] or entry.country in self.core:
            return True
        if entry.country in self.region and not grounded and _notable(entry):
            return True
        if entry.country in self.wider:
            if entry.is_admin1 and candidate.last > candidate.first:
                return True  # "North Kivu", "Cabo Delgado": a province's name of several words
            if entry.feature_code in SEAT_CODES and entry.population >= NOTABLE_POPULATION:
                return self._own_name(entry, candidate, grounded)
        return entry.population >= MAJOR_CITY and self._own_name(entry, candidate, grounded)

    @staticmethod
    def _own_name(entry: Entry, candidate: Candidate, grounded: list[str]) -> bool:
        """Named by its main name; in Arabic (GeoNames has no Arabic main names) by an Arabic
        alternate when it is a national capital or the document is grounded nowhere else
        (بوني in a Malian story is Boni, not Pune)."""
        if is_arabic(candidate.key):
            return entry.feature_code == "PPLC" or not grounded
        return name_key(entry.name) == candidate.key

    def _accept(self, candidate: Candidate, tokens: list[Token], cues: CueBook, sentence_start: list[bool],
                countries: Counter, context: list[Entry], grounded: list[str]) -> bool:
        entries = candidate.entries
        if context:
            return True
        if cues.capitalised and candidate.first == candidate.last and tokens[candidate.first].text.isupper() \
                and len(tokens[candidate.first].text) <= 4 and not any(e.is_country for e in entries):
            return False  # acronyms (NGO, MSA, CMA) are organisations, not places
        if candidate.fuzzy:
            # a guessed spelling stays inside the countries the document is about (or, when it
            # names none and a cue vouches for the name, the core of the watched region): Kpindima
            # must not become Goundam; a bare capitalised word opening a sentence is no name by itself
            if candidate.cue is None and candidate.first == candidate.last and sentence_start[candidate.first]:
                return False
            allowed = set(grounded[:2]) if grounded or candidate.cue is None else self.core
            entries = candidate.entries = [e for e in entries if e.country in allowed
                                           or e.source.startswith("import:")]
            return bool(entries)
        entries = [e for e in entries if e.id not in candidate.variants and self._plausible(e, candidate, grounded)]
        if not entries and candidate.variants:
            # every exact reading is a namesake abroad: the spelling variant in the story's country
            entries = [e for e in candidate.entries if e.id in candidate.variants and e.country in grounded[:2]]
            candidate.fuzzy = candidate.spelling = bool(entries)
        candidate.entries = entries
        if not entries:
            return False
        notable = any(_notable(e) for e in entries)
        multi = candidate.last > candidate.first
        if notable or candidate.cue is not None:
            return True
        if cues.capitalised:
            return multi or not sentence_start[candidate.first]
        # Arabic without capitals: a bare single word needs the document's country behind it
        known = {iso for iso, _ in countries.most_common(2)}
        return (multi or len(tokens[candidate.first].keys[-1]) >= 4) and any(e.country in known for e in entries)

    def _settlement_or_unit(self, candidate: Candidate, tokens: list[Token], cues: CueBook) -> None:
        """'Mopti' the town vs Mopti the region: the town unless an admin word is next to the name.
        A name that is also a country's is the country unless a settlement/admin word says otherwise
        (بنين is Benin, not Benin City; النيجر is Niger, not Niger State)."""
        following = tokens[candidate.last + 1].keys[0] if candidate.last + 1 < len(tokens) else ""
        if following in cues.cue_words and (following,) in cues.admin_cues:
            candidate.cue = "admin"
        countries = [e for e in candidate.entries if e.is_country]
        if countries and candidate.cue not in ("settlement", "admin"):
            candidate.entries = countries
            return
        units = [e for e in candidate.entries if e.is_admin1 or e.is_admin2]
        if not units:
            return
        if candidate.cue in ("admin", "admin-context"):
            candidate.entries = units + [e for e in candidate.entries if e not in units and e.is_country]
            if candidate.cue == "admin" or candidate.context_of is None:
                return
        towns = [e for e in candidate.entries if e not in units and not e.is_country]
        kept = [u for u in units if not any(haversine_km(u, t) < 5 for t in towns)]
        if len(kept) < len(units) and candidate.cue != "admin-context":
            candidate.entries = [e for e in candidate.entries if e not in units or e in kept]
        elif not towns and candidate.cue in ("settlement", "near", "direction"):
            capitals = [c for c in (self.gazetteer.capital_of(u) for u in units) if c is not None]
            if capitals:
                candidate.entries = capitals

    def _decide(self, scored: list[tuple[float, Entry]], candidate: Candidate) -> tuple[Entry | None, int, float]:
        best_score, best = scored[0]
        # a spelling variant vouched for by a cue or an admin context is surer than a skeleton guess
        confidence = 0.9 if not candidate.fuzzy else 0.7 if candidate.spelling and candidate.cue else 0.6
        if candidate.cue is None and not _notable(best):
            confidence = 0.6  # a bare capitalised word: plausible, not established
        precision = _precision(best, candidate.cue)
        rivals = [e for s, e in scored[1:] if s >= best_score - AMBIGUITY_MARGIN and haversine_km(e, best) > 50]
        if rivals:
            confidence -= 0.3
            if candidate.fuzzy and any(r.country != best.country for r in rivals):
                return None, 0, 0.0  # a guessed spelling in an unknown country: no point beats a wrong one
            if all(r.country == best.country for r in rivals) and best.country:
                same_admin1 = all(r.admin1 == best.admin1 for r in rivals) and best.admin1
                unit = self.gazetteer.admin1_entry(best.country, best.admin1) if same_admin1 else None
                unit = unit or self.gazetteer.country_entry(best.country)
                if unit is not None:
                    return unit, 3, confidence
        if best.latitude is None:
            unit = self.gazetteer.admin1_entry(best.country, best.admin1) or self.gazetteer.country_entry(best.country or "")
            return unit, 3, confidence - 0.2
        return best, precision, confidence

    def _emit(self, doc: DocumentPlaces, text: str, tokens: list[Token], candidate: Candidate, entry: Entry,
              precision: int, confidence: float, admin1: str | None = None) -> None:
        start, end = tokens[candidate.first].start, tokens[candidate.last].end
        if _article_before_name(tokens[candidate.first], entry):
            start += 2  # "près d'Agadez", "de l'Oudalan": the mention is the name, without the elided article
        place = self.gazetteer.to_place(entry, precision)
        if admin1:
            place = replace(place, admin1=admin1)
        role = "context" if candidate.context_of is not None else "border" if candidate.border else "place"
        doc.mentions.append(Mention(
            start=start, end=end, kind="place", text=text[start:end], value=place,
            rule="geo.variant" if candidate.spelling else "geo.fuzzy" if candidate.fuzzy else "geo.exact",
            data={"role": role, "confidence": round(confidence, 2), "cue": candidate.cue},
        ))

    def _emit_unknown_head(self, doc: DocumentPlaces, text: str, tokens: list[Token], head: Candidate,
                           entry: Entry, admin1: str | None = None) -> None:
        """'Kobou (Douentza, Mopti)' with Kobou unknown: code it near the first admin-context place."""
        start, end = tokens[head.first].start, tokens[head.last].end
        # "le village d'Inatès, dans la région de Tillabéri" names Inatès
        start += 2 if is_elided(tokens[head.first]) else 0
        written = text[start:end]
        if entry.latitude is None:
            entry = self.gazetteer.admin1_entry(entry.country, entry.admin1) or entry
        precision = 3 if entry.is_admin1 else 2
        # an Arabic name is written in Latin letters, as an unknown village after "قرية" is (romanise.yaml)
        place = self.gazetteer.to_place(entry, precision, name=romanise(written))
        if admin1:
            place = replace(place, admin1=admin1)
        doc.mentions.append(Mention(
            start=start, end=end, kind="place", text=text[start:end], value=place, rule="geo.admin-context",
            data={"role": "place", "confidence": 0.8, "cue": "admin-context", "headed": True},
        ))

    def _add_unresolved(self, index: CueIndex, candidates: list[Candidate], sentence_start: list[bool],
                        notable: set[int], doc: DocumentPlaces) -> None:
        """Villages no gazetteer knows, named after a cue (unresolved.py): coded to the admin unit or
        country around them; later bare mentions of the same name too. `notable`: tokens of notable places
        anywhere, which no bare cue makes a village."""
        tokens, cues = index.tokens, index.cues
        at = _token_positions(tokens, doc.mentions)
        covered = {k for first, last in at.values() for k in range(first, last + 1)}
        covered |= {k for c in candidates if c.context_of is not None for k in range(c.first, c.last + 1)}
        by_first = {c.first: c for c in candidates if c.context_of is None}
        names = unknown_names(tokens, index.boundary, cues, covered,
                              lambda k: _country_after(tokens, k, by_first, cues), notable)
        if not names:
            return
        sentence = list(accumulate(int(flag) for flag in sentence_start))
        known = [(at[id(m)], m) for m in doc.mentions if m.data.get("role") not in UNPLACED_ROLES
                 and id(m) in at]
        added: list[Mention] = []
        for name in names:
            iso, near = self._unresolved_setting(name, sentence, known, doc)
            if iso is None:
                continue
            words = [name_text(tokens[name.first], name.elided), *(t.text for t in tokens[name.first + 1:name.last + 1])]
            start = tokens[name.first].start + (2 if name.elided else 0)
            end = tokens[name.last].end
            written = doc.text[start:end] if not name.elided else " ".join(words)
            place = self._unresolved_place(romanise(written), iso, near)
            added.append(_unresolved_mention(doc.text, start, end, place, UNRESOLVED_CONFIDENCE, name.cue))
            covered.update(range(name.first, name.last + 1))
            added += self._repeats(doc.text, tokens, name, place, covered, cues)
        doc.mentions = sorted(doc.mentions + added, key=lambda m: m.start)

    def _add_capitals(self, index: CueIndex, doc: DocumentPlaces) -> None:
        """"In the capital" (capitals.py): the national capital of the country its words name, or of
        the one country the story is grounded in; not after a near/direction cue ("km from the capital")."""
        tokens = index.tokens
        if not has_capital_word(tokens, doc.language):
            return
        at = _token_positions(tokens, doc.mentions)
        starts = {first for first, _last in at.values()}
        covered = {k for first, last in at.values() for k in range(first, last + 1)}
        added = []
        for title in capital_titles(tokens, index.boundary, doc.language, starts):
            k = title.index
            iso = title.country or (doc.grounded[0] if len(doc.grounded) == 1 else None)
            if iso is None or k in covered or any(index.before(j) in ("near", "direction")
                                                  for j in range(max(0, k - 2), k + 1)):
                continue
            capital = self.gazetteer.national_capital(iso)
            if capital is None:
                continue
            token = tokens[k]
            added.append(Mention(start=token.start, end=token.end, kind="place", text=token.text,
                                 value=self.gazetteer.to_place(capital, 1), rule="geo.capital",
                                 data={"role": "place", "confidence": CAPITAL_CONFIDENCE, "cue": "in"}))
        if added:
            doc.mentions = sorted(doc.mentions + added, key=lambda m: m.start)

    def _unresolved_setting(self, name: UnknownName, sentence: list[int],
                            known: list[tuple[tuple[int, int], Mention]],
                            doc: DocumentPlaces) -> tuple[str | None, Place | None]:
        """The country and the point an unknown village is coded at. Its sentence's nearest town or
        admin unit (ACLED codes an unknown village at the nearest known place), in the country of a
        direction-country phrase after it if there is one; else the sentence's country; else the
        document's single admin1, or its main country."""
        allowed = set(doc.grounded) or set(self.region)
        if name.country:
            allowed = {name.country}
        here = sentence[name.first]
        nearby = [m.value for _, m in sorted(((abs(first - name.first), first), m) for (first, _last), m in known
                                             if sentence[first] == here and m.value.iso in allowed)]
        for place in nearby:
            if not _is_country(place) and place.feature_code != "PPLC" and place.admin1 \
                    and place.latitude is not None:
                return place.iso, place
        countries = [p.iso for p in nearby]
        if name.country or countries:
            iso = name.country or countries[0]
            return iso, self._home_region(iso, doc)
        admin1s = Counter((m.value.iso, m.value.admin1) for _, m in known
                          if m.value.admin1 and m.value.iso in allowed).most_common(2)
        if admin1s and (len(admin1s) == 1 or admin1s[0][1] > max(1, admin1s[1][1])):
            (iso, admin1), _ = admin1s[0]  # the document's only or main admin1
            unit = self.gazetteer.admin1_entry(iso, admin1)
            return iso, self.gazetteer.to_place(unit, 3) if unit is not None else None
        iso = doc.grounded[0] if doc.grounded else self._party_theatre(doc.parties)
        return iso, self._home_region(iso, doc)

    def _party_theatre(self, parties: tuple[str, ...]) -> str | None:
        """A story grounded nowhere: the country a named group is placed in (`theatre`), when the group
        has a home region there (party_regions.yaml) that can place its unknown village."""
        regions = party_regions()
        return next((iso for party in parties if (iso := self.theatre(party, None)) in regions.get(party, {})), None)

    def _home_region(self, iso: str | None, doc: DocumentPlaces) -> Place | None:
        """The region a village no gazetteer knows in `iso` most likely lies in: the one its local
        outlet reports from ("Urgence Diffa"), else the one the named groups concentrate in."""
        if doc.outlet_region is not None and doc.outlet_region[0] == iso:
            unit = self.gazetteer.admin1_entry(iso, doc.outlet_region[1])
            if unit is not None:
                return self.gazetteer.to_place(unit, 3)
        return self._party_region(iso, doc.parties)

    def _party_region(self, iso: str | None, parties: tuple[str, ...]) -> Place | None:
        """The one admin1 where the named groups fighting in `iso` concentrate (party_regions.yaml)."""
        regions = {party_regions().get(party, {}).get(iso or "") for party in parties} - {None}
        if len(regions) != 1:
            return None
        unit = self.gazetteer.admin1_entry(iso or "", regions.pop())
        return self.gazetteer.to_place(unit, 3) if unit is not None else None

    def _unresolved_place(self, name: str, iso: str, near: Place | None) -> Place:
        """An unknown village at the point of a known place near it (precision 2), or at the
        country's (precision 3: only the country is known)."""
        if near is not None:
            return Place(name=name, latitude=near.latitude, longitude=near.longitude, country=near.country,
                         iso=iso, admin1=near.admin1, admin2=near.admin2, geonameid=None, feature_code="PPL",
                         geo_precision=2)
        point = self.country_point(iso)  # the capital or the centroid, as for country-level events
        return Place(name=name, latitude=point.latitude if point else None,
                     longitude=point.longitude if point else None, country=self.gazetteer.country_name(iso),
                     iso=iso, geonameid=None, feature_code="PPL", geo_precision=3)

    @staticmethod
    def _repeats(text: str, tokens: list[Token], name: UnknownName, place: Place, covered: set[int],
                 cues: CueBook) -> list[Mention]:
        """The same unknown name again without its cue ("... بكوبو"): the same place, less sure."""
        first = tokens[name.first].keys[-1 if name.elided else 0]
        rest = [t.keys[0] for t in tokens[name.first + 1:name.last + 1]]
        width = len(rest)
        out = []
        for k, token in enumerate(tokens):
            if k + width >= len(tokens) or first not in token.keys:
                continue  # most words are not the name: the cheap test first
            span = range(k, k + width + 1)
            if any(j in covered for j in span):
                continue
            if [t.keys[0] for t in tokens[k + 1:k + width + 1]] != rest:
                continue
            if (cues.capitalised and not token.text[:1].isupper()) or native(fold(token.text), cues):
                continue  # "الفندق" is "the hotel", whatever "منطقة فندق" was read as
            covered.update(span)
            start = token.start + (2 if is_elided(token) and not is_arabic(token.text) else 0)
            out.append(_unresolved_mention(text, start, tokens[k + width].end, place, REPEATED_CONFIDENCE, None))
        return out

    def _dominant(self, doc: DocumentPlaces) -> Place | None:
        """Where the story happens when a sentence names no place: its main town (named at least
        twice, more than any other, in a grounded country), else its single admin1 (when its places give
        none, its local outlet's region in its country, else the named groups' home region there), else
        its country."""
        places = [m.value for m in doc.mentions if m.data.get("role") not in UNPLACED_ROLES]
        if not places and not doc.grounded:
            return None
        # an unknown village coded at its country's point is no town to place other events at
        towns = Counter(_town_key(p) for p in places if p.feature_code and p.feature_code.startswith("PPL")
                        and (p.iso in doc.grounded or not doc.grounded)
                        and (p.geonameid is not None or p.admin1))
        ranked = towns.most_common(2)
        if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            town = next(p for p in places if _town_key(p) == ranked[0][0])
            return replace(town, geo_precision=max(town.geo_precision or 1, 2))
        admin1s = Counter((p.iso, p.admin1) for p in places if p.admin1)
        if not admin1s and doc.outlet_region is not None and doc.outlet_region[0] in doc.grounded[:1]:
            admin1s[doc.outlet_region] += 1  # a local outlet's story that names no region is in its region
        if not admin1s and doc.grounded:
            # nor the named groups' one home region there: ACLED codes their attacks on villages no
            # gazetteer knows, which most such stories name, in that region
            region = self._party_region(doc.grounded[0], doc.parties)
            if region is not None:
                admin1s[(region.iso, region.admin1)] += 1
        if admin1s and len(admin1s) == 1:
            (iso, admin1), _ = admin1s.most_common(1)[0]
            entry = self.gazetteer.admin1_entry(iso, admin1)
            if entry is not None:
                return self.gazetteer.to_place(entry, 3)
        if doc.grounded:
            iso = doc.grounded[0]
        elif places:
            iso = Counter(p.iso for p in places).most_common(1)[0][0]
        else:
            return None
        return self.country_point(iso) if iso else None

    def country_point(self, iso: str | None) -> Place | None:
        """A country-level event's place: the capital (ACLED's convention) or the country centroid."""
        if iso and load_yaml("region.yaml").get("country_fallback") == "capital":
            capital = self.gazetteer.national_capital(iso)
            if capital is not None:
                return self.gazetteer.to_place(capital, 3)
        return self.country_place(iso) if iso else None


# -- helpers -------------------------------------------------------------------


def _token_flags(text: str, tokens: list[Token]) -> tuple[list[bool], list[bool]]:
    """For each token: is there punctuation before it (no name crosses it); does it start a sentence."""
    boundary, sentence_start = [True], [True]
    for previous, token in zip(tokens, tokens[1:], strict=False):
        gap = text[previous.end:token.start]
        boundary.append(bool(_BOUNDARY.search(gap)))
        sentence_start.append(bool(_SENTENCE_END.search(gap)))
    return boundary, sentence_start


def _capitalised(token: Token) -> bool:
    """A capitalised word, after a French elided article too: "d'Agadez", "l'Oudalan", "l'Est"."""
    text = token.text
    return text[:1].isupper() or (text[:1] in "dl" and is_elided(token) and text[2:3].isupper())


def _clitic_cue(token: Token, cues: CueBook) -> bool:
    folded = token.keys[0]
    return any(folded.startswith(c) and folded[len(c):] in token.keys for c in cues.clitic_cues)


@dataclass(slots=True)
class CueIndex:
    """The cues around each token of one document, each position worked out at most once."""

    tokens: list[Token]
    boundary: list[bool]
    cues: CueBook
    _ending: dict[int, tuple[str | None, int]] = field(default_factory=dict)
    _before: dict[int, str | None] = field(default_factory=dict)

    def ending_at(self, i: int) -> tuple[str | None, int]:
        """The kind and length (in tokens) of the cue phrase ending right before token i."""
        found = self._ending.get(i)
        if found is None:
            found = self._ending[i] = _cue_ending_at(self.tokens, i, self.cues)
        return found

    def before(self, i: int) -> str | None:
        """The kind of cue right before token i (near/direction win over settlement/admin/in)."""
        if i not in self._before:
            self._before[i] = self._cue_before(i)
        return self._before[i]

    def _cue_before(self, i: int) -> str | None:
        found = None
        position = i
        for _hop in range(3):
            kind, length = self.ending_at(position)
            if kind is None:
                break
            if kind in ("near", "direction"):
                return kind
            found = found or kind
            position -= length
            # allow "north of the town of X", "near the village of X"
            if position > 0 and self.tokens[position - 1].keys[0] in ("the", "la", "le", "l", "les"):
                position -= 1
        return found

    def locative(self, i: int, clitic_allowed: bool = True) -> str | None:
        """The cue that vouches for a guessed or word-like name at token i: a phrase of `fuzzy_cues`
        ending right before it (its kind: in/near/settlement/admin), or a clitic of `fuzzy_clitics`
        on the word itself ("clitic"). Languages without `fuzzy_cues` accept any cue."""
        tokens, cues = self.tokens, self.cues
        if not cues.fuzzy_cues:
            return self.before(i)
        token = tokens[i]
        if clitic_allowed and len(token.keys) > 1 and any(
                token.keys[0].startswith(c) and token.keys[0][len(c):] in token.keys[1:] for c in cues.fuzzy_clitics):
            return "clitic"
        if self.boundary[i] or cues.last_words.isdisjoint(tokens[i - 1].keys):
            return None
        for length in range(min(cues.longest_cue, i), 0, -1):
            rest = tuple(t.keys[0] for t in tokens[i - length + 1:i])
            if any((first, *rest) in cues.fuzzy_cues for first in tokens[i - length].keys):
                return self.ending_at(i)[0] or "in"
        return None


def _native_word(token: Token, cues: CueBook) -> bool:
    """Does the word have a shape of the language's own vocabulary (Arabic article, plural or
    pronoun suffix: الهجمات، مخيمات، معاقلها)? Transliterated foreign names do not."""
    word = fold(token.text)
    return any(word.startswith(p) and len(word) - len(p) >= 3 for p in cues.native_prefixes) \
        or any(word.endswith(s) and len(word) - len(s) >= 3 for s in cues.native_suffixes)


def _constrain_by_following_country(tokens: list[Token], candidates: list[Candidate],
                                    cues: CueBook) -> list[Candidate]:
    """'X وسط ساحل العاج' / 'X north of Mali': X lies in that country; readings elsewhere go,
    and a name with no reading there is not that place at all (برامي is not Bourem, Mali)."""
    by_first = {c.first: c for c in candidates if c.context_of is None}
    kept = []
    for candidate in candidates:
        iso = None
        if candidate.context_of is None and not any(e.is_country for e in candidate.entries):
            iso = _country_after(tokens, candidate.last + 1, by_first, cues)
        if iso is None:
            kept.append(candidate)
            continue
        candidate.entries = [e for e in candidate.entries if e.country == iso]
        if candidate.entries:
            kept.append(candidate)
    return kept


def _inside_any(candidate: Candidate, context: list[Candidate]) -> bool:
    """Whether the candidate's tokens overlap an admin-context part."""
    return any(c.first <= candidate.last and candidate.first <= c.last for c in context)


def _appositive_links(tokens: list[Token], boundary: list[bool], unit: int,
                      cues: CueBook) -> list[tuple[bool, int, bool]]:
    """The cues that may link a place to the admin unit at token `unit` ("X, a town in the region of Y",
    "X in Y region"), longest first: (appositive or bare "in", the place's last token, whether an admin
    cue such as "region of" names the unit). Punctuation may follow the place only (the comma)."""
    links = _links_by_first_word(cues.language)
    found: list[tuple[bool, int, bool]] = []
    for start in range(unit - 1, max(unit - 9, 0), -1):
        if boundary[start + 1]:
            break  # "Gao. In the Mopti region": no link across punctuation
        between = tokens[start:unit]
        for phrase, appositive in (link for key in between[0].keys for link in links.get(key, ())):
            if len(phrase) > len(between) or any(w not in t.keys for w, t in zip(phrase[1:], between[1:], strict=False)):
                continue
            rest = [t.keys[0] for t in between[len(phrase):]]
            if rest and rest[0] in cues.articles:
                rest = rest[1:]
            if not rest or cues.kinds.get(tuple(rest)) == "admin":
                found.append((appositive, start - 1, bool(rest)))
    return found[::-1]


@cache
def _links_by_first_word(language: str) -> dict[str, list[tuple[tuple[str, ...], bool]]]:
    """The appositive (True) and "in" (False) link phrases of a language, by their first word."""
    cues = cuebook(language)
    out: dict[str, list[tuple[tuple[str, ...], bool]]] = {}
    for phrases, appositive in ((cues.appositive_cues, True), (cues.inside_cues, False)):
        for phrase in phrases:
            out.setdefault(phrase[0], []).append((phrase, appositive))
    return out


def _unit_word_at(tokens: list[Token], last: int, cues: CueBook) -> bool:
    """"Mopti region", "Soum province", "the Eastern region": an admin unit noun ends the name or follows it."""
    words = [t.keys[0] for t in tokens[last:last + 2]]
    return any(w in cues.unit_tails for w in words) or (len(words) == 2 and cues.kinds.get((words[1],)) == "admin")


def _mark_borders(tokens: list[Token], boundary: list[bool], candidates: list[Candidate], cues: CueBook) -> None:
    """Countries named as a border or a river: "the border with Mali", "the Mali-Niger border",
    "the Niger river", "على الحدود مع النيجر" (cues `border_before` / `border_after`), and lakes."""
    for candidate in candidates:
        if candidate.entries and all(e.is_water for e in candidate.entries):
            candidate.border = True  # a lake (features.yaml) is shared by its shores' countries
    if not (cues.border_before or cues.border_after):
        return
    by_first = {c.first: c for c in candidates if c.context_of is None}
    for candidate in candidates:
        if candidate.context_of is not None or not any(e.is_country for e in candidate.entries):
            continue
        after = candidate.last + 1
        if _border_before(tokens, candidate.first, cues) \
                or (after < len(tokens) and not boundary[after] and _border_after(tokens, after, by_first, cues)):
            candidate.border = True


def _border_before(tokens: list[Token], first: int, cues: CueBook) -> bool:
    return _phrase_before(tokens, first, cues.border_before, cues.longest_cue)


def _phrase_before(tokens: list[Token], first: int, phrases: frozenset[tuple[str, ...]], longest: int) -> bool:
    """One of `phrases` ends right before token `first` (its first word clitic-aware)."""
    for length in range(1, min(longest, first) + 1):
        rest = tuple(t.keys[0] for t in tokens[first - length + 1:first])
        if any((key, *rest) in phrases for key in tokens[first - length].keys):
            return True
    return False


def _border_after(tokens: list[Token], k: int, by_first: dict[int, Candidate], cues: CueBook) -> bool:
    """A border word at token k, or after another country or demonym there ("Mali-Niger border",
    "the Algerian-Malian border")."""
    if k >= len(tokens):
        return False
    if tokens[k].keys[0] in cues.border_after:
        return True
    other = by_first.get(k)
    if other is not None and any(e.is_country for e in other.entries):
        k = other.last
    elif tokens[k].keys[0] not in _demonyms():
        return False
    return k + 1 < len(tokens) and tokens[k + 1].keys[0] in cues.border_after


def _country_after(tokens: list[Token], start: int, by_first: dict[int, Candidate], cues: CueBook) -> str | None:
    """The country named right after a direction phrase that starts at token `start`."""
    for length in range(min(cues.longest_cue, len(tokens) - start - 1), 0, -1):
        words = tuple(t.keys[0] for t in tokens[start:start + length])
        if words in cues.direction_cues:
            country = by_first.get(start + length)
            entry = next((e for e in country.entries if e.is_country), None) if country else None
            return entry.country if entry else None
    return None


def _cue_ending_at(tokens: list[Token], i: int, cues: CueBook) -> tuple[str | None, int]:
    if cues.capitalised and i < len(tokens) and is_elided(tokens[i]):
        # "près d'Ansongo", "région d'Agadez": the cue's last word is the name's elided article
        kind, length = _elided_cue_ending_at(tokens, i, cues)
        if kind is not None:
            return kind, length
    # a cue phrase ends with one of a few words: most tokens are rejected by one set lookup
    if i <= 0 or cues.last_words.isdisjoint(tokens[i - 1].keys):
        return None, 0
    kinds = cues.kinds
    for length in range(min(cues.longest_cue, i), 0, -1):
        rest = tuple(t.keys[0] for t in tokens[i - length + 1:i])
        for first in tokens[i - length].keys:  # "وقرب" is "قرب" with a conjunction
            kind = kinds.get((first, *rest))
            if kind is not None:
                return kind, length
    return None, 0


def _elided_cue_ending_at(tokens: list[Token], i: int, cues: CueBook) -> tuple[str | None, int]:
    """A cue phrase whose last word is the elided article of token i ("près d'", "région d'"); its
    length counts the tokens before i ("d'Agadez" alone after "à" is no cue: length 0 is not tried)."""
    tail = fold(tokens[i].text[0])
    if tail not in cues.last_words:
        return None, 0
    for length in range(min(cues.longest_cue - 1, i), 0, -1):
        rest = tuple(t.keys[0] for t in tokens[i - length + 1:i])
        for first in tokens[i - length].keys:
            kind = cues.kinds.get((first, *rest, tail))
            if kind is not None:
                return kind, length
    return None, 0


def _head_words(text: str, tokens: list[Token], head: int, cues: CueBook) -> int:
    """How many capitalised words end at `head` (an unknown place before an admin context), not
    across punctuation: "Tonbara [Tondoura Kouna] (Bandiagara, Mopti)" is headed by Tondoura Kouna."""
    count = 0
    k = head
    while k >= 0 and count < 3:
        token = tokens[k]
        if (cues.capitalised and not _capitalised(token)) or token.keys[0] in cues.stopwords \
                or token.keys[0] in cues.cue_words:
            break
        count += 1
        k -= 1
        if not cues.capitalised or (k >= 0 and _BOUNDARY.search(text[tokens[k].end:token.start])):
            break
    return count


def _article_before_name(token: Token, entry: Entry) -> bool:
    """A French elided article written onto a name the gazetteer has without it (d'Agadez, not L'Aquila)."""
    return is_elided(token) and not name_key(entry.name).startswith(token.keys[0][:2])


def _name_start(text: str, tokens: list[Token], i: int) -> bool:
    """Token i opens a name: the word before it is no capitalised word joined by a space or hyphen
    ("Diabaly-Wéré", "Sidi Diabaly": their last word alone is no place)."""
    return i == 0 or not _capitalised(tokens[i - 1]) or text[tokens[i - 1].end:tokens[i].start] not in (" ", "-")


def _name_end(text: str, tokens: list[Token], j: int) -> bool:
    """Token j closes a name: no capitalised word follows it across a space or hyphen."""
    return j + 1 >= len(tokens) or not _capitalised(tokens[j + 1]) \
        or text[tokens[j].end:tokens[j + 1].start] not in (" ", "-")


def _not_name_tails(text: str, tokens: list[Token], candidates: list[Candidate], cues: CueBook) -> list[Candidate]:
    """A word that ends a longer proper name is not a place by itself: "Bakary Lafia" is no Lafia,
    "the Bintou Toure hospital" no Touro. The word before must be capitalised,
    one space before it, and neither a cue, a common word, a demonym nor part of another place
    (the "Djibo-Dori" axis and "Gao & Ansongo" name two places)."""
    covered = {k for c in candidates for k in range(c.first, c.last + 1)}
    demonyms = _demonyms()

    def name_word(k: int) -> bool:
        key = tokens[k].keys[0]
        return _capitalised(tokens[k]) and k not in covered and key not in cues.stopwords \
            and key not in cues.cue_words and key not in _connectors(cues.language) and key not in demonyms \
            and not tokens[k].text.isupper() and not tokens[k].text.endswith(("'s", "’s"))  # "Mopti's Sévaré"

    return [c for c in candidates if any(e.is_country for e in c.entries) or c.first == 0
            or text[tokens[c.first - 1].end:tokens[c.first].start] != " " or not name_word(c.first - 1)]


def _non_overlapping(candidates: list[Candidate]) -> list[Candidate]:
    ordered = sorted(candidates, key=lambda c: (c.fuzzy, -(c.last - c.first), c.first))
    taken: set[int] = set()
    out = []
    for candidate in ordered:
        span = set(range(candidate.first, candidate.last + 1))
        if span & taken:
            continue
        taken |= span
        out.append(candidate)
    return out


def place_rank(mention: Mention) -> tuple[bool, bool, bool, int]:
    """How to rank place mentions as an event's place, best first: the place a note says it codes
    the event at ("coded as"), then not the second of "between X and Y" (the event is coded at X),
    then a place named with its admin context (ACLED writes the place it codes so), then the most
    precise."""
    data = mention.data
    return not data.get("coded"), data.get("pair") == "second", not data.get("headed"), \
        mention.value.geo_precision or 3


def _place_starts(tokens: list[Token], mentions: list[Mention]) -> dict[int, Mention]:
    """Place mentions by the start of their first token (a mention after an elided article starts 2 later)."""
    positions = _token_positions(tokens, [m for m in mentions if m.data.get("role") == "place"])
    return {tokens[positions[id(m)][0]].start: m for m in mentions if id(m) in positions}


def _mark_coded(tokens: list[Token], cues: CueBook, doc: DocumentPlaces) -> None:
    """"(coded as Pensa at geoprecision 2)": the place a note says it codes the event at
    (`coded_cues`) gets data["coded"] and ranks first; the cue vouches for it as "town of" would."""
    if not cues.coded_cues:
        return
    starts = _place_starts(tokens, doc.mentions)
    longest = max(len(p) for p in cues.coded_cues)
    ends = {p[-1] for p in cues.coded_cues}
    for k in range(1, len(tokens)):
        if tokens[k].start not in starts or tokens[k - 1].keys[0] not in ends:
            continue
        for width in range(1, min(longest, k) + 1):
            if tuple(t.keys[0] for t in tokens[k - width:k]) in cues.coded_cues:
                data = starts[tokens[k].start].data
                data["coded"] = True
                data["confidence"] = max(data.get("confidence", 0), 0.9)
                break


def _mark_pairs(text: str, tokens: list[Token], boundary: list[bool], cues: CueBook, doc: DocumentPlaces) -> None:
    """"between X and Y" (`pair_before`, `pair_joiners`): Y is marked data["pair"] = "second" and
    ranks after X. An X no gazetteer knows, when Y is headed by an admin context ("between Ougarou
    and Matiakoali (Matiacoali, Gourma)"), is coded at that context like an unknown head."""
    if not cues.pair_before:
        return
    starts = _place_starts(tokens, doc.mentions)
    added: list[Mention] = []
    for k, token in enumerate(tokens):
        if token.keys[0] not in cues.pair_before:
            continue
        joiner = next((j for j in range(k + 2, min(k + 6, len(tokens) - 1)) if tokens[j].keys[0] in cues.pair_joiners),
                      None)
        if joiner is None or any(boundary[i] for i in range(k + 1, joiner + 2)):
            continue
        named = tokens[k + 1:joiner]
        first, second = starts.get(named[0].start), starts.get(tokens[joiner + 1].start)
        if second is None:
            continue
        second.data["pair"] = "second"
        if first is not None and first.value.iso == second.value.iso:
            continue
        if not second.data.get("headed") or not cues.capitalised or not all(_capitalised(t) for t in named):
            continue
        context = next((m for m in doc.mentions if m.start > second.end and m.data.get("role") == "context"), None)
        if context is None or ")" in text[second.end:context.start]:
            continue
        place = replace(context.value, name=text[named[0].start:named[-1].end], admin1=second.value.admin1,
                        geo_precision=3 if context.value.feature_code == "ADM1" else 2)
        added.append(Mention(start=named[0].start, end=named[-1].end, kind="place", text=place.name, value=place,
                             rule="geo.admin-context",
                             data={"role": "place", "confidence": 0.8, "cue": "admin-context", "headed": True}))
        if first is not None:  # a namesake in another country than the pair's context: not this X
            doc.mentions.remove(first)
    doc.mentions = sorted(doc.mentions + added, key=lambda m: m.start)


def party_area(parties: Iterable[str]) -> frozenset[str]:
    """The countries where the cross-border armed groups among `parties` (actor ids) fight, together
    (actor_areas.yaml); empty when none of them is such a group."""
    areas = actor_areas()
    return frozenset(iso for party in parties for iso in areas.get(party, ()))


def _outside_area(entries: list[Entry], area: frozenset[str]) -> bool:
    """Small places (not admin units, not notable towns) all outside the parties' area: a namesake
    village abroad, not where those groups fought."""
    return bool(area) and all(e.country not in area and not _notable(e) and not e.is_admin for e in entries)


@cache
def _nationals(language: str) -> frozenset[str]:
    """Folded keys of nouns of people abroad (nationals.yaml)."""
    return frozenset(name_key(w) for w in load_yaml("nationals.yaml").get(language, []) or [])


def _nationals_next(tokens: list[Token], k: int, language: str) -> bool:
    """Is the demonym at token k next to a noun of people abroad ("Algerian diplomat", "الرهائن الجزائريين")?"""
    nouns = _nationals(language)
    return any(0 <= j < len(tokens) and not nouns.isdisjoint(tokens[j].keys[:2]) for j in (k - 1, k + 1))


def _notable_tokens(candidates: list[Candidate]) -> set[int]:
    """Tokens of names that are the main name of a notable place anywhere (a country, a capital, a large city:
    "in Geneva", "in Strasbourg"), whatever reading the document kept: no bare cue makes them an unknown village.
    Alternate names (Inata ~ Inada, Japan) and smaller namesakes (Yoro, Honduras) do not count."""
    return {k for c in candidates if not c.fuzzy
            for e in c.entries if (e.feature_code in ABROAD_FEATURES or e.population >= ABROAD_POPULATION)
            and e.id not in c.variants and name_key(e.name) == c.key
            for k in range(c.first, c.last + 1)}


def _village_before_unit(text: str, inside: list[Mention], best: Mention) -> Mention:
    """"in the area of Tarkont, Gao Region", "in Dorbeye, Ntillit Commune (Gao, Gao)": a village no
    gazetteer knows written right before the admin unit it lies in (a comma between) is the place ACLED
    codes, not the unit; a known town after the comma ("Tarkont, Kaya and Dori") is a list."""
    if best.value.feature_code not in ("ADM1", "ADM2"):
        return best
    for m in inside:
        if m.rule == "geo.unresolved" and m.end < best.start and text[m.end:best.start].strip() == "," \
                and m.value.iso == best.value.iso and m.value.admin1 == best.value.admin1:
            return m
    return best


def _is_country(place: Place) -> bool:
    return bool(place.feature_code) and place.feature_code.startswith("PCL")


def _similar(written: str, name: str) -> bool:
    """Two Latin spellings of one name: a similarity ratio of at least LATIN_SIMILARITY."""
    return SequenceMatcher(None, written, name).ratio() >= LATIN_SIMILARITY


def _notable(entry: Entry) -> bool:
    return entry.is_country or entry.is_admin1 or entry.population >= NOTABLE_POPULATION


def _consistent(entry: Entry, context: Entry) -> bool:
    """Can `entry` lie inside/near the admin-context place `context`?"""
    if entry.id == context.id:
        return True
    if entry.country != context.country:
        return False
    if context.is_admin1:
        return _within_admin1(entry.country, entry.admin1, context.name)
    if context.is_admin2:
        if entry.admin2 == context.name:
            return True
        if not _within_admin1(entry.country, entry.admin1, context.admin1):
            return False
        return context.latitude is None or haversine_km(entry, context) < UNIT_RADIUS_KM
    if entry.is_admin1:
        return _within_admin1(context.country, context.admin1, entry.name)
    return haversine_km(entry, context) < 120


def _older_admin1(entry: Entry, context: list[Entry]) -> str | None:
    """The admin1 an admin context names for `entry` when it is the older unit its own admin1 was
    carved from ("Tin Abaw (Menaka, Gao)"): the writer's map, which the place is coded on."""
    return next((c.name for c in context if c.is_admin1 and c.name != entry.admin1
                 and (entry.country, entry.admin1, c.name) in admin1_parents()), None)


def _within_admin1(iso: str | None, admin1: str | None, unit: str | None) -> bool:
    """Is admin1 `unit`, or a newer unit carved from it (Ménaka from Gao: ACLED contexts use the older map)?"""
    return admin1 == unit or (iso, admin1, unit) in admin1_parents()


def _precision(entry: Entry, cue: str | None) -> int:
    if entry.is_country or entry.is_admin1:
        return 3
    if entry.is_admin2 or entry.is_curated_feature or cue in ("near", "direction"):
        return 2  # a forest or a range is an area: a town named with the event is more precise
    return 1


def _paragraph_start(text: str, position: int) -> int:
    start = 0
    for match in _PARAGRAPH.finditer(text, 0, position):
        start = match.end()
    return start


@lru_cache(maxsize=4)
def _macro_regions(language: str) -> PhraseMatcher:
    matcher = PhraseMatcher()
    for phrase in load_yaml("macro_regions.yaml").get(language, []):
        matcher.add(phrase, phrase)
    return matcher


def _macro_spans(text: str, tokens: list[Token], language: str) -> list[tuple[int, int]]:
    """Character spans of "the Sahel", "West Africa", "the G5 Sahel" and other supra-national regions."""
    words = " ".join(t.keys[0] for t in tokens)
    if not any(all(core in words for core in cores) for cores in _macro_cores(language)):
        return []  # no phrase can match: skip the phrase matcher's own tokenisation
    return [(r.start, r.end) for r in _macro_regions(language).find(text)]


def _outside_spans(tokens: list[Token], candidates: list[Candidate], spans: list[tuple[int, int]],
                   language: str) -> tuple[list[Candidate], list[tuple[int, int]]]:
    """Drop place readings inside a supra-national region phrase (before they vote for a country),
    or starting in one and ending on a lowercase unit noun ("the Sahel region" is the wide Sahel, "the
    Sahel Region" Burkina Faso's), unless they are an admin context: "(Dori, Seno, Sahel)" is Burkina
    Faso's Sahel region, or the unit of a country named right after them ("the Sahel region of Burkina
    Faso": that phrase is then no supra-national region). Returns the candidates kept and the phrases
    that still are regions."""
    if not spans:
        return candidates, spans
    tails = cuebook(language).unit_tails
    kept = []
    for c in candidates:
        wide = not _capitalised(tokens[c.last]) and tokens[c.last].keys[0] in tails
        inside = [(start, end) for start, end in spans if start <= tokens[c.first].start
                  and (wide or tokens[c.last].end <= end)]
        if c.context_of is None and inside:
            iso = _country_of_after(tokens, candidates, c, language)
            c.entries = [e for e in c.entries if iso is not None and e.country == iso and not e.is_country]
            if not c.entries:
                continue
            spans = [span for span in spans if span not in inside]
        kept.append(c)
    return kept, spans


def _country_of_after(tokens: list[Token], candidates: list[Candidate], candidate: Candidate,
                      language: str) -> str | None:
    """The country named right after a name with a connector between ("Sahel region of Burkina Faso")."""
    link = candidate.last + 1
    if link >= len(tokens) or tokens[link].keys[0] not in _connectors(language):
        return None
    following = next((c for c in candidates if c.first == link + 1), None)
    countries = [e.country for e in following.entries if e.is_country] if following else []
    return countries[0] if countries else None


PERSON_NAME_TOKENS = 2  # a name after a title: "Colonel Tukur Gusau", "العقيد توكور غوساو"


def _outside_person_names(tokens: list[Token], boundary: list[bool], candidates: list[Candidate],
                          cues: CueBook) -> list[Candidate]:
    """Drop town readings of a person's name: the words right after a title or role
    ("the army spokesman Tukur Gusau", "الكولونيل توكور غوساو": cues `person_before`) name a
    person, even when a town bears that name. Countries stay ("the Malian president" is no title)."""
    if not cues.person_before:
        return candidates
    named: set[int] = set()
    for end in range(1, len(tokens)):
        if _phrase_before(tokens, end, cues.person_before, cues.longest_cue):
            stop = end + PERSON_NAME_TOKENS
            named.update(k for k in range(end, min(stop, len(tokens))) if not any(boundary[end:k + 1]))
    return [c for c in candidates if c.context_of is not None or c.first not in named
            or any(e.is_country for e in c.entries)]


def _outside_macro_regions(mentions: list[Mention], spans: list[tuple[int, int]]) -> list[Mention]:
    """Drop place mentions inside a supra-national region phrase, admin contexts apart."""
    if not spans:
        return mentions
    return [m for m in mentions
            if m.data.get("role") == "context" or not any(start <= m.start and m.end <= end for start, end in spans)]


@lru_cache(maxsize=4)
def _macro_cores(language: str) -> tuple[tuple[str, ...], ...]:
    """For each macro-region phrase, its words without the article: every match of the phrase
    contains them all, so a document lacking them needs no phrase matching."""
    cores = []
    for phrase in load_yaml("macro_regions.yaml").get(language, []):
        forms = tuple(min(variants, key=len).rstrip("*") for variants in phrase_forms(phrase) if variants != (GAP,))
        if forms:
            cores.append(forms)
    return tuple(cores)


def _mark_datelines(text: str, mentions: list[Mention]) -> None:
    """A town that fills a dateline ("باماكو (أ ف ب) -") is where the story was filed: role "dateline".
    A country there ("مالي - ...") is a topic label, and stays a place."""
    spans = set(dateline_spans(text)) if mentions else set()
    for mention in mentions:
        if (mention.start, mention.end) in spans and mention.data.get("role") == "place" \
                and not _is_country(mention.value):
            mention.data["role"] = "dateline"


def _token_positions(tokens: list[Token], mentions: list[Mention]) -> dict[int, tuple[int, int]]:
    """id(mention) → (first, last) token of each mention (mentions start and end on token edges, or
    after a French elided article: "d'Agadez" is mentioned from its A)."""
    starts = [t.start for t in tokens]
    out = {}
    for mention in mentions:
        first = bisect_right(starts, mention.start) - 1
        if first < 0 or not (starts[first] == mention.start
                             or (starts[first] + 2 == mention.start and is_elided(tokens[first]))):
            continue
        last = first
        while last + 1 < len(tokens) and tokens[last + 1].end <= mention.end:
            last += 1
        out[id(mention)] = (first, last)
    return out


def _unresolved_mention(text: str, start: int, end: int, place: Place, confidence: float,
                        cue: str | None) -> Mention:
    return Mention(start=start, end=end, kind="place", text=text[start:end], value=place, rule="geo.unresolved",
                   data={"role": "place", "confidence": confidence, "cue": cue})


def _town_key(place: Place) -> int | str:
    """Towns are counted by GeoNames id; villages no gazetteer knows by name."""
    return place.geonameid if place.geonameid is not None else f"{place.iso}:{place.name}"
