"""Actor dictionary: ACLED-named actors with inter codes, PLOVER sectors and ar/fr/en aliases.

Actors are data (marsad/data/actors/*.yaml); this module builds them, finds actor
mentions in text and resolves a mention to the ACLED name for an event's country
and date (including ACLED's regime-period suffixes such as "(2013-)").
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from marsad.lexicon.ontology import data_root, read_yaml
from marsad.records import Mention
from marsad.text import PhraseMatcher, lookup_key, tokenize

LANGUAGES: tuple[str, ...] = ("ar", "fr", "en")
ACTOR_FILES: tuple[str, ...] = (
    "countries.yaml", "state.yaml", "armed_groups.yaml", "international.yaml", "communal.yaml", "generic.yaml",
)
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_HAS_LOWER = re.compile(r"[^\W\d_]")


class LexiconError(ValueError):
    """A dictionary file is malformed; the message names the file."""


@dataclass(slots=True, frozen=True)
class ActorRef:
    """What an actor mention refers to, before the event's country and date are known."""

    actor_id: str
    kind: str | None = None  # generic kind ("civilians", "military" ...) when the actor needs a country
    country: str | None = None  # ISO3 named by the mention itself (demonym, "of Mali")
    hints: tuple[str, ...] = ()  # "presumed", "suspected", "claimed"
    alternatives: tuple[str, ...] = ()  # "JNIM and/or ISGS": the other actor ids


@dataclass(slots=True, frozen=True)
class ResolvedActor:
    """An actor as ACLED names it for one event."""

    name: str
    inter: int
    actor_id: str
    plover_sector: str | None = None
    wikidata: str | None = None
    country: str | None = None  # ACLED country name of the actor
    base_name: str = ""  # name without the period suffix
    parent: str | None = None  # ACLED name of the group it belongs to (Katiba Macina -> JNIM)
    primary: str | None = None  # the main actor ACLED codes with it ("Farmers (Mali)" -> "Civilians (Mali)")


@dataclass(slots=True, frozen=True)
class Period:
    """A regime period used by ACLED as a name suffix; runs until the next period starts."""

    start: str
    end: str | None

    def label(self, reference: str) -> str:
        """'(2013-)' while open at `reference`, '(2013-2020)' once closed."""
        if self.end is not None and self.end <= reference:
            return f"({self.start[:4]}-{self.end[:4]})"
        return f"({self.start[:4]}-)"


@dataclass(slots=True, frozen=True)
class DatedName:
    """An ACLED name valid from `start` (inclusive) to `end` (exclusive)."""

    name: str
    start: str | None = None
    end: str | None = None
    inter: int | None = None

    def covers(self, date: str) -> bool:
        return (self.start is None or self.start <= date) and (self.end is None or date < self.end)


@dataclass(slots=True, frozen=True)
class Attribution:
    """ACLED's attribution of an unnamed party in one country and period to a named group
    (unnamed "Islamists" in occupied northern Mali, 2012-13, were Ansar Dine)."""

    country: str  # ISO3 of the event country
    actor: str  # actor id
    start: str | None = None
    end: str | None = None
    authors_only: bool = False  # only the party's acts are the group's (AQIM's attacks are JNIM's, not its leaders)

    def applies(self, country: str, date: str) -> bool:
        return country == self.country and DatedName("", self.start, self.end).covers(date)


@dataclass(slots=True)
class Country:
    iso3: str
    acled: str
    iso2: str | None
    wikidata: str | None
    names: dict[str, tuple[str, ...]]
    demonyms: dict[str, tuple[str, ...]]
    periods: tuple[Period, ...]
    acled_the: bool = False

    @property
    def acled_phrase(self) -> str:
        """The country as it appears inside ACLED actor names ("the United States")."""
        return f"the {self.acled}" if self.acled_the else self.acled


@dataclass(slots=True)
class Actor:
    """One dictionary actor. `acled` may contain `{country}` for generic actors."""

    id: str
    acled: str
    inter: int
    sector: str | None
    source: str
    country: str | None = None
    wikidata: str | None = None
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    names: tuple[DatedName, ...] = ()
    variants: tuple[str, ...] = ()
    parent: str | None = None
    period_country: str | None = None  # whose regime periods suffix the name
    periods_from: str | None = None
    unit: str | None = None  # appended after the period: "... (2013-) Gendarmerie"
    inter_abroad: int | None = None
    by_country: dict[str, str] = field(default_factory=dict)
    kind: str | None = None
    state_role: str | None = None
    primary: str | None = None  # actor id of the main actor this one is associated with
    either_rank: int | None = None  # place in ACLED's "A and/or B" names (armed_groups.yaml either_order)
    attributed: tuple[Attribution, ...] = ()  # generic kinds ACLED attributed to a group, by country and period
    folds_members: bool = False  # an alliance ACLED names for a group told as its member: "X (JNIM)"
    takes_nationality: bool = False  # people a nationality names: "Burkinabe miners" (generic.yaml)

    @property
    def needs_country(self) -> bool:
        return "{country}" in self.acled or any("{country}" in n.name for n in self.names)


@dataclass(slots=True, frozen=True)
class _AliasHit:
    actor_id: str
    case_sensitive: bool
    head_noun: bool = False


def is_acronym(alias: str) -> bool:
    """Upper-case aliases (UN, EI, IS, CMA) match only upper-case text."""
    letters = [c for c in alias if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


class ActorBase:
    """All actors, their aliases per language, and resolution to ACLED names."""

    def __init__(self, actors: dict[str, Actor], countries: dict[str, Country],
                 hints: dict[str, dict[str, tuple[str, ...]]],
                 head_nouns: dict[str, tuple[str, ...]] | None = None,
                 either_words: dict[str, tuple[str, ...]] | None = None,
                 names_as_of: str | None = None) -> None:
        self.actors = actors
        self.names_as_of = names_as_of  # default naming snapshot of period suffixes (countries.yaml)
        self.countries = countries
        self.hints = hints
        self.head_nouns = head_nouns or {}
        self.either_words = {lang: tuple(v) for lang, v in (either_words or {}).items()}
        self._demonyms_by_language: dict[str, dict[str, str]] = {}
        self._by_name = _country_index(countries)
        self._matchers = {lang: self._build_matcher(lang) for lang in LANGUAGES}
        self._hint_matchers = {lang: self._build_hint_matcher(lang) for lang in LANGUAGES}
        self._demonym_matchers = {lang: self._build_demonym_matcher(lang) for lang in LANGUAGES}

    # -- loading ------------------------------------------------------------
    @classmethod
    def load(cls, directory: Path | None = None) -> ActorBase:
        """Load marsad/data/actors (or another directory with the same files)."""
        if directory is None:
            return _bundled_actor_base()
        return cls(*build_actors(directory), names_as_of=names_as_of(directory))

    # -- lookup -------------------------------------------------------------
    def country(self, name_or_code: str | None) -> Country | None:
        """A country by ISO2/ISO3 code or ACLED/English/French/Arabic name."""
        if not name_or_code:
            return None
        return self._by_name.get(name_or_code.strip().casefold())

    def get(self, actor_id: str) -> Actor | None:
        return self.actors.get(actor_id)

    # -- matching -----------------------------------------------------------
    def _build_matcher(self, language: str) -> PhraseMatcher:
        matcher = PhraseMatcher()
        for actor in self.actors.values():
            for alias in actor.aliases.get(language, ()):
                matcher.add(alias, _AliasHit(actor.id, is_acronym(alias)))
        for noun in self.head_nouns.get(language, ()):
            matcher.add(noun, _AliasHit("", is_acronym(noun), head_noun=True))
        return matcher

    def _build_hint_matcher(self, language: str) -> PhraseMatcher:
        matcher = PhraseMatcher()
        for hint, per_language in self.hints.items():
            for phrase in per_language.get(language, ()):
                matcher.add(phrase, hint)
        return matcher

    def _build_demonym_matcher(self, language: str) -> PhraseMatcher:
        matcher = PhraseMatcher()
        for country in self.countries.values():
            for form in country.demonyms.get(language, ()):
                matcher.add(form, country.iso3)
        return matcher

    def find_mentions(self, text: str, language: str) -> list[Mention]:
        """Actor mentions in `text` (kind="actor", value=ActorRef), in reading order.

        Generic nouns next to a named actor are folded into it ("JNIM militants",
        "jihadistes présumés du JNIM", "وزير الخارجية عبد الله ديوب" → one mention).
        """
        language = language if language in self._matchers else "en"
        tokens = tokenize(text)
        hints = self._hint_matchers[language].find(text, tokens=tokens)
        hint_tokens = {i for h in hints for i in range(h.first_token, h.last_token + 1)}
        found: list[tuple[Mention, int, int]] = []  # mention, first token, last token
        for match in self._matchers[language].find(text, tokens=tokens):
            if not _case_ok(match):
                continue
            hit: _AliasHit = match.payload
            if found and self._parent_in_brackets(found[-1][0], hit, match.start, text):
                _extend(found[-1][0], text, _closing_bracket(text, match.end))
                found[-1] = (found[-1][0], found[-1][1], match.last_token)
                continue
            if found and self._named_in_brackets(found[-1][0], hit, match.start, text):
                mention = found[-1][0]
                mention.value = self._ref(hit.actor_id)  # "Dogon militiamen (Dan Na Ambassagou)"
                mention.data["alias"] = match.phrase
                _extend(mention, text, _closing_bracket(text, match.end))
                found[-1] = (mention, found[-1][1], match.last_token)
                continue
            if found and self._joins_previous(found[-1], hit, match.first_token, tokens, hint_tokens):
                mention, first, _ = found[-1]
                if not hit.head_noun and self._specific(hit.actor_id):
                    mention.value = self._ref(hit.actor_id)  # the named actor wins over the noun
                    mention.data["alias"] = match.phrase
                _extend(mention, text, match.end)
                found[-1] = (mention, first, match.last_token)
                continue
            if hit.head_noun:
                continue  # a bare head noun ("fighters") is not an actor by itself
            actor = self.actors[hit.actor_id]
            mention = Mention(match.start, match.end, "actor", match.text, self._ref(actor.id),
                              rule=f"lexicon:{actor.source}", data={"alias": match.phrase})
            found.append((mention, match.first_token, match.last_token))
        found = _join_alternatives(found, tokens, text, self.either_words.get(language, ()))
        mentions = []
        for mention, first, last in found:
            found_hints = _hints_near(hints, (first, last))
            if found_hints:
                ref: ActorRef = mention.value
                mention.value = replace(ref, hints=found_hints)
                mention.data["hints"] = list(found_hints)
            mentions.append(mention)
        self._with_nationality(mentions, text, tokens, language)
        return self._with_coordinated_states(mentions, text, language)

    def _with_nationality(self, mentions: list[Mention], text: str, tokens: list, language: str) -> None:
        """People named with a nationality right next to them ("Burkinabe miners", "civils
        nigériens", "مدنيين ماليين") are that country's civilians wherever the event happens."""
        demonyms = [m for m in self._demonym_matchers[language].find(text, tokens=tokens)
                    if m.text[:1].isupper() or language != "en"]  # English capitalises nationalities
        for mention in mentions:
            ref: ActorRef = mention.value
            if ref.country is not None or not self.actors[ref.actor_id].takes_nationality:
                continue
            for demonym in demonyms:
                before = demonym.end <= mention.start and not text[demonym.end:mention.start].strip()
                after = demonym.start >= mention.end and not text[mention.end:demonym.start].strip()
                if before or after:
                    mention.value = replace(ref, country=demonym.payload)
                    mention.start, mention.end = min(mention.start, demonym.start), max(mention.end, demonym.end)
                    mention.text = text[mention.start:mention.end]
                    break


    def _with_coordinated_states(self, mentions: list[Mention], text: str, language: str) -> list[Mention]:
        """"French and Malian forces", "French or Burkinabe forces": the first demonym names
        its own state's force, a mention of its own in front of the one the noun completes."""
        demonyms = self._demonym_index(language)
        out: list[Mention] = []
        for mention in mentions:
            iso, _, role = str(getattr(mention.value, "actor_id", "")).partition(".")
            coordinated = _COORDINATED_DEMONYM.search(text[max(0, mention.start - COORDINATION_REACH):mention.start])
            other = demonyms.get(coordinated.group(1).casefold()) if coordinated and role in _FORCE_ROLES else None
            if other and other != iso and f"{other}.{role}" in self.actors \
                    and (not out or out[-1].end <= mention.start - len(coordinated.group(0))):
                start = mention.start - len(coordinated.group(0))
                out.append(Mention(start, start + len(coordinated.group(1)), "actor", coordinated.group(1),
                                   self._ref(f"{other}.{role}"), rule=mention.rule, data={"coordinated": True}))
            out.append(mention)
        return out

    def _demonym_index(self, language: str) -> dict[str, str]:
        """Folded demonyms of a language → ISO3 ("french" → FRA)."""
        index = self._demonyms_by_language.get(language)
        if index is None:
            index = {form.casefold(): country.iso3 for country in self.countries.values()
                     for form in country.demonyms.get(language, ())}
            self._demonyms_by_language[language] = index
        return index

    def _parent_in_brackets(self, previous: Mention, hit: _AliasHit, start: int, text: str) -> bool:
        """"Katiba Macina (JNIM)": the group a named actor belongs to, in brackets, is the same mention."""
        if hit.head_noun or text[previous.end:start].strip() != "(":
            return False
        actor = self.actors.get(previous.value.actor_id)
        return actor is not None and not actor.kind and actor.parent == hit.actor_id

    def _named_in_brackets(self, previous: Mention, hit: _AliasHit, start: int, text: str) -> bool:
        """"Dogon militiamen (Dan Na Ambassagou)": a named group in brackets says who a
        generic or communal party is; "Ansaroul Islam (JNIM)": an alliance ACLED names for
        its members (`folds_members`) says whose the group's act is."""
        if hit.head_noun or text[previous.end:start].strip() != "(" or not self._specific(hit.actor_id):
            return False
        actor = self.actors.get(previous.value.actor_id)
        named = self.actors[hit.actor_id]
        if actor is not None and not actor.kind and named.folds_members:
            return actor.parent != named.id and actor.id != named.id  # a component keeps its dated names
        return actor is not None and bool(actor.kind) and not actor.state_role and named.inter in (2, 3, 4)

    def _ref(self, actor_id: str) -> ActorRef:
        actor = self.actors[actor_id]
        return ActorRef(actor.id, actor.kind, None if actor.kind else actor.country)

    def _specific(self, actor_id: str) -> bool:
        return not self.actors[actor_id].kind

    def _joins_previous(self, previous: tuple[Mention, int, int], hit: _AliasHit, first: int,
                        tokens: list, hint_tokens: set[int]) -> bool:
        """Whether this match only qualifies the previous mention."""
        mention, _, last = previous
        between = range(last + 1, first)
        if len(between) > 3 or not all(i in hint_tokens or tokens[i].norm in _LINKERS for i in between):
            return False
        ref: ActorRef = mention.value
        if hit.actor_id == ref.actor_id and not self.actors[ref.actor_id].kind:
            return True  # "casques bleus de la MINUSMA"
        prev_generic = ref.kind in _HEAD_KINDS
        if hit.head_noun or hit.actor_id in _HEAD_IDS:
            return not self.actors[ref.actor_id].kind  # "JNIM militants"
        if prev_generic and self._specific(hit.actor_id):
            return True  # "militants of JNIM", "عناصر من داعش"
        role = self.actors[ref.actor_id].state_role
        adjacent = not between and tokens[first].start - mention.end <= 1  # one space, no comma
        if adjacent and not prev_generic and self._specific(ref.actor_id) and not role \
                and self.actors[hit.actor_id].state_role in _FORCE_ROLES:
            return True  # "MINUSMA soldiers", "Barkhane troops": the named force's own men
        return bool(role) and not between and hit.actor_id.endswith(f".{role}")  # role + office holder

    # -- resolution ---------------------------------------------------------
    def generic(self, kind: str, country: str | None, date: str | None = None) -> ResolvedActor | None:
        """A generic actor of a country by kind ("civilians", "police", "unidentified_armed_group")."""
        return self.resolve(ActorRef(f"generic.{kind}", kind=kind), country, date)

    def resolve(self, ref: ActorRef, country: str | None = None, date: str | None = None,
                as_of: str | None = None) -> ResolvedActor | None:
        """The ACLED name, inter code and sector of `ref` for an event in `country` on `date`.

        `country` is the event's country (name or ISO code); the mention's own country
        hint wins for state actors ("Malian soldiers" in Niger). Period suffixes name
        periods as closed by `as_of` ("latest" = everything known; "event" = as ACLED
        named them when the event was coded, open period "(2013-)"). Without `as_of`,
        the naming snapshot of the data (`names_as_of` in countries.yaml) applies, else
        the event date. Without a date the latest name is used. Returns None when a
        generic actor needs a country that is not known.
        """
        if as_of is None:
            as_of = self.names_as_of
        elif as_of == "event":
            as_of = None
        actor = self.actors.get(ref.actor_id)
        if actor is None:
            return None
        if ref.alternatives:
            return self._resolve_either(ref, country, date, as_of)
        event_country = self.country(country)
        if actor.by_country:
            target = actor.by_country.get(event_country.iso3) if event_country else None
            if target and target in self.actors:
                return self.resolve(ActorRef(target, None, ref.country, ref.hints), country, date, as_of)
        attributed = self._attributed(actor, event_country, date)
        if attributed is not None:
            return self.resolve(ActorRef(attributed, None, ref.country, ref.hints), country, date, as_of)
        if actor.state_role:
            home = self.country(ref.country) or event_country
            if home is None:
                return None
            state = self.actors.get(f"{home.iso3}.{actor.state_role}")
            if state is None:
                return self._generic_state(actor, home, event_country)
            actor = state
        actor_country = self.countries.get(actor.country) if actor.country else None
        fill = self.country(ref.country) if actor.needs_country and ref.country else None
        fill = fill or event_country or (actor_country if actor.needs_country else None)  # a group's homeland
        name, inter = self._dated_name(actor, date)
        if "{country}" in name:
            if fill is None:
                return None
            name = name.replace("{country}", fill.acled)
            actor_country = actor_country or fill
        base = name
        name = self._with_period(actor, name, date, as_of)
        if (actor.inter_abroad and event_country and actor.country
                and event_country.iso3 != actor.country):
            inter = actor.inter_abroad
        wikidata = actor.wikidata or (actor_country.wikidata if actor.state_role is None and actor.id.startswith(
            f"{actor.country}.") and actor_country else None)
        parent = self.resolve(ActorRef(actor.parent), country, date, as_of) if actor.parent else None
        # "Burkinabe miners": their nationality names the civilians they are coded as
        primary = self.resolve(ActorRef(actor.primary, None, ref.country if actor.needs_country else None),
                               country, date, as_of) if actor.primary else None
        return ResolvedActor(name, inter, actor.id, actor.sector, wikidata,
                             actor_country.acled if actor_country else None, base,
                             parent.name if parent else None, primary.name if primary else None)

    def _attributed(self, actor: Actor, event_country: Country | None, date: str | None) -> str | None:
        """The group ACLED names an unnamed party after, in this country on this date."""
        if event_country is None or not date:
            return None
        return next((a.actor for a in actor.attributed if not a.authors_only
                     and a.applies(event_country.iso3, date[:10]) and a.actor in self.actors), None)

    def as_author(self, resolved: ResolvedActor, country: str | None, date: str | None) -> ResolvedActor:
        """`resolved` as the author of an event: the group ACLED credits with its acts there
        and then (`authors_only` attributions), else itself."""
        actor = self.actors.get(resolved.actor_id)
        event_country = self.country(country)
        if actor is None or event_country is None or not date:
            return resolved
        target = next((a.actor for a in actor.attributed if a.authors_only
                       and a.applies(event_country.iso3, date[:10]) and a.actor in self.actors), None)
        credited = self.resolve(ActorRef(target), country, date) if target else None
        return credited or resolved

    def _resolve_either(self, ref: ActorRef, country: str | None, date: str | None,
                        as_of: str | None) -> ResolvedActor | None:
        """ACLED's uncertain attribution: "A and/or B"."""
        parts = [self.resolve(ActorRef(i, hints=ref.hints), country, date, as_of)
                 for i in (ref.actor_id, *ref.alternatives)]
        named = list({p.name: p for p in parts if p is not None}.values())  # "JNIM/Katiba Macina" in 2018: JNIM
        if not named:
            return None
        if len(named) == 1:
            return named[0]
        if len({p.country for p in named}) == 1 and all(self._is_state_force(p) for p in named):
            return named[0]  # "soldiers or gendarmes": ACLED names the first of one state's forces
        named.sort(key=self._either_rank)  # ACLED writes each pair in one fixed order
        first = named[0]
        return ResolvedActor(" and/or ".join(p.name for p in named), first.inter, first.actor_id,
                             first.plover_sector, first.wikidata, first.country,
                             " and/or ".join(p.base_name for p in named))

    @staticmethod
    def _is_state_force(resolved: ResolvedActor) -> bool:
        """An army, police or gendarmerie of a state ("BFA.gendarmerie")."""
        return resolved.inter in (1, 8) and resolved.actor_id.rpartition(".")[2] in _FORCE_ROLES

    def _either_rank(self, resolved: ResolvedActor) -> int:
        actor = self.actors.get(resolved.actor_id)
        rank = actor.either_rank if actor is not None else None
        return len(self.actors) if rank is None else rank

    def _dated_name(self, actor: Actor, date: str | None) -> tuple[str, int]:
        if actor.names:
            chosen = actor.names[-1]
            if date:
                chosen = next((n for n in actor.names if n.covers(date)), chosen)
            return chosen.name, chosen.inter or actor.inter
        return actor.acled, actor.inter

    def _with_period(self, actor: Actor, name: str, date: str | None, as_of: str | None) -> str:
        country = self.countries.get(actor.period_country) if actor.period_country else None
        unit = f" {actor.unit}" if actor.unit else ""
        if country is None or not country.periods:
            return name + unit
        periods = [p for p in country.periods if not actor.periods_from or (p.end or "9999") > actor.periods_from]
        period = _period_for(periods, date)
        if actor.periods_from and period.start < actor.periods_from:
            period = Period(actor.periods_from, period.end)
        reference = "9999-12-31" if as_of == "latest" else (as_of or date or "9999-12-31")
        if as_of is None and date is None:
            reference = ""  # unknown date: the latest period, open
        return f"{name} {period.label(reference)}{unit}"

    def _generic_state(self, role: Actor, home: Country, event_country: Country | None) -> ResolvedActor | None:
        """A state role in a country without templates: ACLED name without a period."""
        names = {"military": "Military Forces of {c}", "police": "Police Forces of {c}",
                 "government": "Government of {c}", "gendarmerie": "Police Forces of {c} Gendarmerie",
                 "national_guard": "Military Forces of {c} National Guard"}
        template = names.get(role.state_role or "")
        if template is None:
            return None
        inter = 8 if event_country and event_country.iso3 != home.iso3 else 1
        name = template.format(c=home.acled_phrase)
        return ResolvedActor(name, inter, f"{home.iso3}.{role.state_role}", role.sector, None, home.acled, name)

    def all_names(self, actor_id: str) -> tuple[str, ...]:
        """Every ACLED base name an actor has had (current, dated names, variants)."""
        actor = self.actors[actor_id]
        return tuple(dict.fromkeys([actor.acled, *(n.name for n in actor.names), *actor.variants]))


# -- helpers for find_mentions -------------------------------------------------
_LINKERS = {"of", "de", "du", "des", "d", "من", "the", "la", "le", "l", "a", "an"}
_HEAD_KINDS = {"jihadists", "unidentified_armed_group", "government", "rebels", "tuareg_rebels"}
_HEAD_IDS = {"generic.jihadists", "generic.unidentified_armed_group", "generic.rebels", "generic.tuareg_rebels"}
_FORCE_ROLES = {"military", "police", "gendarmerie"}
# "French and Malian forces", "French and/or Burkinabe forces" (a capitalised demonym before
# another state's force)
_COORDINATED_DEMONYM = re.compile(r"\b([A-Z][\w'-]+)\s*(?:,|and/or|and|or|et/ou|et|ou)\s+$")
COORDINATION_REACH = 40  # characters before a state force mention


def _join_alternatives(found: list, tokens: list, text: str, words: tuple[str, ...]) -> list:
    """Merge "A and/or B" (uncertain attribution) into one mention with alternatives."""
    either = {lookup_key(w) for w in words}
    out: list = []
    for item in found:
        if out:
            mention, first, last = out[-1]
            between = tuple(t.norm for t in tokens[last + 1:item[1]])
            slash = not between and text[mention.end:item[0].start].strip() == "/"
            ref, other = mention.value, item[0].value
            if (between in either or slash) and ref.actor_id != other.actor_id:
                mention.value = ActorRef(ref.actor_id, ref.kind, ref.country, ref.hints,
                                         (*ref.alternatives, other.actor_id))
                _extend(mention, text, item[0].end)
                out[-1] = (mention, first, item[2])
                continue
        out.append(item)
    return out


def _closing_bracket(text: str, end: int) -> int:
    """Past the ")" that closes a bracketed name ending at `end`, when it follows directly."""
    return end + 1 if text[end:end + 1] == ")" else end


def _extend(mention: Mention, text: str, end: int) -> None:
    mention.end = end
    mention.text = text[mention.start:end]


def _case_ok(match: Any) -> bool:
    hit: _AliasHit = match.payload
    if not hit.case_sensitive:
        return True
    return not any(c.islower() for c in match.text)


def _hints_near(hints: list, span: tuple[int, int]) -> tuple[str, ...]:
    found = []
    for hint in hints:
        before = span[0] - 3 <= hint.last_token < span[0]
        inside_or_after = span[0] <= hint.first_token <= span[1] + 2
        if before or inside_or_after:
            found.append(hint.payload)
    return tuple(dict.fromkeys(found))


def _period_for(periods: list[Period], date: str | None) -> Period:
    if not date:
        return periods[-1]
    chosen = periods[0]
    for period in periods:
        if period.start <= date:
            chosen = period
    return chosen


def _country_index(countries: dict[str, Country]) -> dict[str, Country]:
    index: dict[str, Country] = {}
    for country in countries.values():
        keys = [country.iso3, country.iso2 or "", country.acled, *itertools.chain(*country.names.values())]
        for key in keys:
            if key:
                index.setdefault(key.casefold(), country)
    return index


# -- building actors from the data files ---------------------------------------
@lru_cache(maxsize=1)
def _bundled_actor_base() -> ActorBase:
    directory = data_root() / "actors"
    return ActorBase(*build_actors(directory), names_as_of=names_as_of(directory))


def _load(directory: Path, name: str) -> dict[str, Any]:
    path = directory / name
    try:
        data = read_yaml(path)
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    except Exception as exc:  # yaml errors carry line numbers in their text
        raise LexiconError(f"{path}: invalid YAML: {exc}".splitlines()[0]) from exc
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: expected a mapping at the top level")
    return data


def _as_date(value: Any) -> str | None:
    return None if value is None else str(value)


def build_countries(raw: dict[str, Any], source: str = "countries.yaml") -> dict[str, Country]:
    """Countries keyed by ISO3."""
    countries: dict[str, Country] = {}
    for entry in raw.get("countries") or []:
        starts = [_as_date(p["from"]) for p in entry.get("periods") or []]
        periods = tuple(Period(start, starts[i + 1] if i + 1 < len(starts) else None)
                        for i, start in enumerate(starts))
        countries[entry["iso3"]] = Country(
            iso3=entry["iso3"], acled=entry["acled"], iso2=entry.get("iso2"), wikidata=entry.get("wikidata"),
            names={k: tuple(v or ()) for k, v in (entry.get("names") or {}).items()},
            demonyms={k: tuple(v or ()) for k, v in (entry.get("demonyms") or {}).items()},
            periods=periods, acled_the=bool(entry.get("acled_the")),
        )
    return countries


def _slots(country: Country, language: str) -> dict[str, tuple[str, ...]]:
    """Placeholder values of a country for one language's alias templates."""
    dem = country.demonyms.get(language, ())
    names = country.names.get(language, ())
    if language == "ar":
        return {"m": dem[:1], "f": dem[1:2], "pl": dem[2:], "name": names}
    if language == "fr":
        extra = dem[4:]
        return {"m": dem[:1] + extra, "f": dem[1:2] + extra, "mpl": dem[2:3] + extra,
                "fpl": dem[3:4] + extra, "name": names}
    return {"adj": dem[:1] + dem[2:], "pl": dem[1:2], "name": names}


def expand_template(template: str, slots: dict[str, tuple[str, ...]]) -> list[str]:
    """All phrases a template yields; a template with an empty slot yields nothing."""
    keys = _PLACEHOLDER.findall(template)
    if not keys:
        return [template]
    choices = [slots.get(key, ()) for key in keys]
    if not all(choices):
        return []
    out = []
    for combo in itertools.product(*choices):
        phrase = template
        for key, value in zip(keys, combo, strict=True):
            phrase = phrase.replace("{" + key + "}", value, 1)
        out.append(phrase)
    return out


def _aliases(raw: dict[str, Any] | None) -> dict[str, tuple[str, ...]]:
    return {lang: tuple(str(a) for a in (values or ())) for lang, values in (raw or {}).items()}


def _merge_aliases(*parts: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    merged: dict[str, list[str]] = {}
    for part in parts:
        for lang, values in part.items():
            merged.setdefault(lang, []).extend(values)
    return {lang: tuple(dict.fromkeys(values)) for lang, values in merged.items()}


def build_state_actors(raw: dict[str, Any], countries: dict[str, Country]) -> dict[str, Actor]:
    """Military, police, gendarmerie, government ... of each listed country."""
    actors: dict[str, Actor] = {}
    roles: dict[str, Any] = raw.get("roles") or {}
    overrides: dict[str, Any] = raw.get("overrides") or {}
    for iso3 in raw.get("countries") or []:
        country = countries[iso3]
        country_roles = dict(roles)
        for role, spec in (overrides.get(iso3) or {}).items():
            country_roles[role] = spec if role not in roles else {**roles[role], **spec, "_extra": spec.get("aliases")}
        for role, spec in country_roles.items():
            actors[f"{iso3}.{role}"] = _state_actor(iso3, role, spec, country, country_roles)
    for iso3, per_language in (raw.get("persons") or {}).items():
        government = actors.get(f"{iso3}.government")
        if government is not None:
            government.aliases = _merge_aliases(government.aliases, _aliases(per_language))
    return actors


def _state_actor(iso3: str, role: str, spec: dict[str, Any], country: Country,
                 roles: dict[str, Any]) -> Actor:
    parent = spec.get("parent")
    base_template = roles[parent]["acled"] if parent else spec["acled"]
    aliases: dict[str, tuple[str, ...]] = {}
    templated = spec.get("aliases") if "_extra" not in spec else _base_role_aliases(spec)
    for lang, templates in (templated or {}).items():
        slots = _slots(country, lang)
        aliases[lang] = tuple(p for t in templates or () for p in expand_template(str(t), slots))
    if "_extra" in spec:
        aliases = _merge_aliases(aliases, _aliases(spec["_extra"]))
    return Actor(
        id=f"{iso3}.{role}", acled=base_template.replace("{country}", country.acled_phrase),
        inter=int(spec.get("inter", 1)), sector=spec.get("sector"), source="state.yaml", country=iso3,
        wikidata=None, aliases=aliases, period_country=iso3 if country.periods else None,
        unit=spec.get("acled_unit"), inter_abroad=spec.get("inter_abroad"), parent=parent and f"{iso3}.{parent}",
    )


def _base_role_aliases(spec: dict[str, Any]) -> dict[str, Any]:
    """The role template aliases, without the override's literal aliases."""
    return spec.get("_template_aliases") or {}


def build_listed_actors(raw: dict[str, Any], source: str) -> dict[str, Actor]:
    """Actors listed one by one (armed groups, international organisations)."""
    actors: dict[str, Actor] = {}
    either_order = {actor_id: rank for rank, actor_id in enumerate(raw.get("either_order") or ())}
    for entry in raw.get("actors") or []:
        names = tuple(DatedName(n["acled"], _as_date(n.get("from")), _as_date(n.get("to")), n.get("inter"))
                      for n in entry.get("names") or ())
        actors[entry["id"]] = Actor(
            id=entry["id"], acled=entry["acled"], inter=int(entry["inter"]), sector=entry.get("sector"),
            source=source, country=entry.get("country"), wikidata=entry.get("wikidata"),
            aliases=_aliases(entry.get("aliases")), names=names, variants=tuple(entry.get("variants") or ()),
            parent=entry.get("parent"), period_country=entry.get("periods_of"),
            periods_from=_as_date(entry.get("periods_from")), by_country=dict(entry.get("by_country") or {}),
            either_rank=either_order.get(entry["id"]), attributed=_attributions(entry),
            folds_members=bool(entry.get("folds_members")),
        )
    return actors


def build_communal_actors(raw: dict[str, Any]) -> dict[str, Actor]:
    """'<Name> Ethnic Militia (<country>)' and '<Name> Ethnic Group (<country>)' per group."""
    actors: dict[str, Actor] = {}
    templates = raw.get("templates") or {}
    for group in raw.get("groups") or []:
        for kind, spec in templates.items():
            aliases = {}
            for lang, patterns in (spec.get("aliases") or {}).items():
                forms = tuple((group.get("forms") or {}).get(lang) or ())
                aliases[lang] = tuple(p for t in patterns for p in expand_template(str(t), {"form": forms}))
            if kind == "group":
                aliases = _merge_aliases(aliases, _aliases(group.get("plural_is_group")))
            actor_id = f"ethnic.{group['id']}.{kind}"
            actors[actor_id] = Actor(
                id=actor_id, acled=spec["acled"].replace("{name}", group["acled"]), inter=int(spec["inter"]),
                sector=spec.get("sector"), source="communal.yaml", aliases=aliases, kind=f"ethnic_{kind}",
                country=group.get("home"),
                primary=f"generic.{spec['primary']}" if spec.get("primary") else None,
            )
    return actors


def build_generic_actors(raw: dict[str, Any]) -> dict[str, Actor]:
    """Generic kinds completed with a country, and state roles named without one."""
    actors: dict[str, Actor] = {}
    nationals = set(raw.get("takes_nationality") or ())
    for kind, spec in (raw.get("kinds") or {}).items():
        names = tuple(DatedName(n["acled"], _as_date(n.get("from")), _as_date(n.get("to")), n.get("inter"))
                      for n in spec.get("names") or ())
        acled = spec.get("acled") or (names[-1].name if names else "")
        actors[f"generic.{kind}"] = Actor(
            id=f"generic.{kind}", acled=acled, inter=int(spec.get("inter") or (names[-1].inter if names else 1)),
            sector=spec.get("sector"), source="generic.yaml", aliases=_aliases(spec.get("aliases")),
            names=names, kind=kind, state_role=spec.get("state_role"),
            primary=f"generic.{spec['primary']}" if spec.get("primary") else None,
            attributed=_attributions(spec), takes_nationality=kind in nationals,
        )
    return actors


def _attributions(entry: dict[str, Any]) -> tuple[Attribution, ...]:
    """An entry's `attributed` list: the group ACLED names it as, by country and period."""
    return tuple(Attribution(a["country"], a["actor"], _as_date(a.get("from")), _as_date(a.get("to")),
                             bool(a.get("authors_only")))
                 for a in entry.get("attributed") or ())


def names_as_of(directory: Path) -> str | None:
    """The naming snapshot of period suffixes declared in countries.yaml (`names_as_of`)."""
    return _as_date(_load(directory, "countries.yaml").get("names_as_of"))


def build_actors(directory: Path) -> tuple[dict[str, Actor], dict[str, Country], dict[str, Any],
                                          dict[str, Any], dict[str, Any]]:
    """Read every actor file of `directory`: (actors, countries, hints, head nouns, and/or words)."""
    countries = build_countries(_load(directory, "countries.yaml"))
    state_raw = _load(directory, "state.yaml")
    for spec in (state_raw.get("overrides") or {}).values():
        for role, role_spec in spec.items():
            if role in (state_raw.get("roles") or {}):
                role_spec["_template_aliases"] = state_raw["roles"][role].get("aliases")
    actors: dict[str, Actor] = {}
    try:
        actors.update(build_state_actors(state_raw, countries))
        actors.update(build_listed_actors(_load(directory, "armed_groups.yaml"), "armed_groups.yaml"))
        actors.update(build_listed_actors(_load(directory, "international.yaml"), "international.yaml"))
        actors.update(build_communal_actors(_load(directory, "communal.yaml")))
        generic_raw = _load(directory, "generic.yaml")
        actors.update(build_generic_actors(generic_raw))
    except KeyError as exc:
        raise LexiconError(f"{directory}: an entry lacks the required field {exc}") from exc
    hints = {k: {lang: tuple(v or ()) for lang, v in per.items()} for k, per in (generic_raw.get("hints") or {}).items()}
    head_nouns = {lang: tuple(v or ()) for lang, v in (generic_raw.get("head_nouns") or {}).items()}
    either = {lang: tuple(v or ()) for lang, v in (generic_raw.get("either") or {}).items()}
    return actors, countries, hints, head_nouns, either
