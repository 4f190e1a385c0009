"""Place names no gazetteer knows, recognised by the words around them.

Many Sahel villages are in no gazetteer, yet the press names them after a strong cue:
"قرية كوبو", "في برامي وسط ساحل العاج", "le village d'Inatès", "the village of Kobou".
These spans are found here; the resolver codes them to the admin unit or country around
them (rule `geo.unresolved`, docs/geo.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from marsad.geo.data import CueBook, countries_data
from marsad.geo.data import load_yaml as load_geo_yaml
from marsad.geo.keys import Token, is_arabic, tokenize
from marsad.lexicon.actors import ActorBase
from marsad.lexicon.ontology import data_root, read_yaml
from marsad.text.normalize import fold

MIN_LETTERS = 3
ELISION = ("'", "’")


@dataclass(slots=True, frozen=True)
class UnknownName:
    """Tokens first..last name a place the gazetteer lacks; `country` when the text says where."""

    first: int
    last: int
    cue: str  # "settlement": after قرية / village of; "direction-country": في X وسط <country>; "locative": in X
    country: str | None = None
    elided: bool = False  # the first token is "d'Inatès": the name starts after the apostrophe


def unknown_names(tokens: list[Token], boundary: list[bool], cues: CueBook, covered: set[int],
                  country_after: Callable[[int], str | None], notable: frozenset[int] | set[int] = frozenset(),
                  ) -> list[UnknownName]:
    """Spans of unknown names right after a strong cue, or between "في" and "<direction> <country>";
    after a bare locative cue ("in", "près de") or before a noun ("the X area") in fr/en.

    `covered`: tokens already read as places; `country_after(k)`: the ISO code of a country named
    by a direction phrase starting at token k ("وسط ساحل العاج"), else None; `notable`: tokens of names
    the gazetteer knows as a notable place abroad ("Geneva"), which only a strong cue makes a village.
    """
    out: list[UnknownName] = []
    taken: set[int] = set()
    # words a cue can end with: most tokens follow none of them and are passed over at once
    ends = {words[-1] for words in (*cues.unresolved_cues, *cues.unresolved_in_cues, *cues.unresolved_loose_cues)}
    for i, token in enumerate(tokens):
        if i in covered or i in taken or boundary[i]:
            continue  # the cue must touch the name ("village of Kobou", not "village, Kobou")
        elided = cues.language != "ar" and is_elided(token)
        unit_after = _unit_after(tokens, boundary, i, cues)
        if not elided and not unit_after and ends.isdisjoint(tokens[i - 1].keys):
            continue
        prefixed = _name_prefix(tokens, boundary, i, cues)
        if not prefixed and not _name_word(token, cues, elided):
            continue
        if unit_after:
            first = _word_before(tokens, boundary, i, cues, covered | taken)
            if _known_word(tokens, first, i, cues) or notable & {first, i}:
                continue  # "the Dogon village", "the Fulani area"
            found = UnknownName(first, i, "settlement")
            out.append(found)
            taken.update(range(found.first, found.last + 1))
            continue
        last = i + 1 if prefixed else _second_word(tokens, boundary, cues, i, covered)
        if _phrase_before(tokens, i, cues.unresolved_cues, cues, elided):
            found = UnknownName(i, last, "settlement", elided=elided)
        elif _phrase_before(tokens, i, cues.unresolved_loose_cues, cues, elided):
            if not _loose_name(tokens, boundary, i, last, cues) or notable & set(range(i, last + 1)):
                continue
            found = UnknownName(i, last, "locative", elided=elided)
        else:
            found = _before_direction_country(tokens, i, last, cues, country_after)
            if found is None:
                continue
        if found.cue != "direction-country" and (iso := country_after(found.last + 1)):
            found = UnknownName(found.first, found.last, found.cue, iso, found.elided)
        out.append(found)
        taken.update(range(found.first, found.last + 1))
    return out


def _loose_name(tokens: list[Token], boundary: list[bool], i: int, last: int, cues: CueBook) -> bool:
    """After a bare locative cue ("in", "near", "à"), tokens i..last name a place only when no word of
    them is a known word of another class (not_place_words), the cue is lowercase (a headline in title
    case, "Gunmen Kill Five In Raid", is no evidence), no capitalised word follows the name (a longer
    proper name: "in Tabital Pulaaku Association") and the name is no possessive ("Amadou's shop")."""
    if _known_word(tokens, i, last, cues) or tokens[last].keys[0].endswith("s") and tokens[last].text[-2:-1] in ELISION:
        return False
    cue = tokens[i - 1]
    if cue.text[:1].isupper() and not is_elided(tokens[i]):
        return False
    following = last + 1
    return following >= len(tokens) or boundary[following] or not tokens[following].text[:1].isupper()


def _name_prefix(tokens: list[Token], boundary: list[bool], i: int, cues: CueBook) -> bool:
    """"In-Atès", "In Khalil": a capitalised word that opens names (`unresolved_name_prefixes`, a stopword
    otherwise) joined to a capitalised name word."""
    j = i + 1
    return tokens[i].keys[0] in cues.unresolved_name_prefixes and tokens[i].text[:1].isupper() \
        and j < len(tokens) and not boundary[j] and tokens[j].text[:1].isupper() and _name_word(tokens[j], cues)


def _known_word(tokens: list[Token], first: int, last: int, cues: CueBook) -> bool:
    """Is a word of tokens first..last a word of another class (not_place_words, `unresolved_not_names`), or are
    they a city abroad by a name the gazetteer lacks (`unresolved_abroad`: "Londres", "Abou Dhabi")?"""
    blocked = not_place_words(cues.language)
    if " ".join(t.keys[0] for t in tokens[first:last + 1]) in cues.unresolved_abroad:
        return True
    return any(key in blocked or key in cues.unresolved_not_names or key in cues.unresolved_abroad
               for t in tokens[first:last + 1] for key in t.keys)


def _word_before(tokens: list[Token], boundary: list[bool], i: int, cues: CueBook, taken: set[int]) -> int:
    """The first token of a name before a unit noun: i, or i - 1 for two words ("the Tin Kalo area")."""
    k = i - 1
    if cues.capitalised and k >= 0 and not boundary[i] and k not in taken and tokens[k].text[:1].isupper() \
            and _name_word(tokens[k], cues):
        return k
    return i


@cache
def not_place_words(language: str) -> frozenset[str]:
    """Folded words that name no place after a bare locative cue ("in Ramadan", "near Fulani camps"): months
    and weekdays (marsad/data/timex), every word of the actor dictionaries' names (groups, peoples, forces:
    marsad/data/actors), demonyms and one-country hints (countries.yaml), outlets (outlets.yaml) and titles."""
    words: set[str] = set()
    timex = read_yaml(data_root() / "timex" / f"{language}.yaml") or {}
    for table in ("months", "weekdays"):
        words.update(str(w) for forms in (timex.get(table) or {}).values() for w in forms)
    for actor in ActorBase.load().actors.values():
        words.update(alias for alias in actor.aliases.get(language, ()))
    for info in countries_data().values():
        words.update(str(w) for key in ("demonyms", "hints") for w in info.get(key, []) or [])
    for entry in load_geo_yaml("outlets.yaml").values():
        words.update(str(w) for w in [*(entry.get("names", []) or []), *(entry.get("regions", {}) or {})])
    return frozenset(key for phrase in words for token in tokenize(phrase) for key in token.keys
                     if len(key) >= MIN_LETTERS)


def _unit_after(tokens: list[Token], boundary: list[bool], i: int, cues: CueBook) -> bool:
    """"Sabse commune": a unit noun right after the word names it (`unresolved_after_cues`)."""
    j = i + 1
    return j < len(tokens) and not boundary[j] and tokens[j].keys[0] in cues.unresolved_after_cues \
        and not tokens[j].text[:1].isupper()  # "Bourem Commune (Bourem, Gao)" is an admin context's head


def _before_direction_country(tokens: list[Token], i: int, last: int, cues: CueBook,
                              country_after: Callable[[int], str | None]) -> UnknownName | None:
    """"في X وسط مالي" (X one or two words): X is a place in that country."""
    if not _phrase_before(tokens, i, cues.unresolved_in_cues, cues, False):
        return None
    for end in dict.fromkeys((last, i)):
        iso = country_after(end + 1)
        if iso:
            return UnknownName(i, end, "direction-country", iso)
    return None


def is_elided(token: Token) -> bool:
    """French elision on a name: d'Inatès, l'Oudalan."""
    return len(token.text) > 3 and token.text[1] in ELISION and token.text[0] in "dDlL"


def name_text(token: Token, elided: bool) -> str:
    """The written name of a token (without a French elided article)."""
    return token.text[2:] if elided else token.text


def _phrase_before(tokens: list[Token], i: int, phrases: frozenset[tuple[str, ...]], cues: CueBook,
                   elided: bool) -> bool:
    """Does one of `phrases` end right before token i (or, with elision, on its "d'")?"""
    if not phrases:
        return False
    tail = (fold(tokens[i].text[0]),) if elided else ()
    for length in range(min(cues.longest_cue, i), 0, -1):
        rest = tuple(t.keys[0] for t in tokens[i - length + 1:i]) + tail
        if any((first, *rest) in phrases for first in tokens[i - length].keys):
            # "قرية كوبو" names a village; "القرية تعرضت" is "the village was attacked"
            return not any(_definite(t, cues) for t in tokens[i - length:i])
    return False


def _definite(token: Token, cues: CueBook) -> bool:
    """An Arabic noun with the article (المنطقة، بالمدينة) heads no name after it."""
    word = fold(token.text)
    return is_arabic(word) and any(word.startswith(p) for p in cues.native_prefixes)


def _name_word(token: Token, cues: CueBook, elided: bool = False) -> bool:
    """Could this word be (the start of) a place name the gazetteer lacks?"""
    if any(k in cues.stopwords or k in cues.cue_words for k in token.keys):
        return False
    text = name_text(token, elided)
    if is_arabic(text):
        word = fold(text)
        if len(word) < MIN_LETTERS or native(word, cues):
            return False
        return not any(word.endswith(s) and len(word) > len(s) + 1 for s in cues.unresolved_reject_suffixes)
    if not cues.capitalised or not text[:1].isupper() or len(text) < MIN_LETTERS:
        return False
    return not (text.isupper() and len(text) <= 4)  # acronyms (MSA, FDS) are organisations


def native(word: str, cues: CueBook) -> bool:
    """Arabic vocabulary shapes (article, plural/pronoun endings) that transliterated names lack."""
    return any(word.startswith(p) and len(word) - len(p) >= 3 for p in cues.native_prefixes) \
        or any(word.endswith(s) and len(word) - len(s) >= 3 for s in cues.native_suffixes)


def _second_word(tokens: list[Token], boundary: list[bool], cues: CueBook, i: int, covered: set[int]) -> int:
    """The last token of the name: i, or i + 1 for two-word names (Tin Zaouatene, Fada N'Gourma).

    Latin: a second capitalised word. Arabic (no capitals): a second name-like word only when
    punctuation, a cue word or the end of the text follows it, so verbs and nouns after a
    one-word name are not taken along ("قرية كوبو تعرضت")."""
    j = i + 1
    if j >= len(tokens) or boundary[j] or j in covered or not _name_word(tokens[j], cues):
        return i
    if cues.capitalised:
        return j
    if tokens[j].keys[0].startswith("و") and tokens[j].keys[1:]:
        return i  # "كوبو وبوني": a second village, not a second word
    following = j + 1
    if following >= len(tokens) or boundary[following] or tokens[following].keys[0] in cues.cue_words \
            or any(tokens[following].keys[0] == words[0] for words in cues.direction_cues):
        return j
    return i
