"""A national capital named only by its title: "protesters marched in the capital" (capitals.yaml).

The title is the capital city of the country its neighbour words name ("the Malian capital",
"Burkinas capital", "العاصمة التشادية") or else of the one country the story is grounded in.
A title followed by a name ("the capital, Bamako") is left to that name.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from marsad.geo.data import countries_data, load_yaml
from marsad.geo.keys import Token, name_key
from marsad.text.normalize import fold

CAPITAL_CONFIDENCE = 0.7  # below an exact name (0.9): a town named in the sentence is likelier the place


@dataclass(slots=True, frozen=True)
class CapitalWords:
    """One language's capital titles and the words around them (capitals.yaml)."""

    words: frozenset[str]
    keys: frozenset[str]  # the words' name keys: a cheap first test on a token's keys
    before: frozenset[str]
    not_after: frozenset[str]
    adjective_prefix: str


@dataclass(slots=True, frozen=True)
class CapitalTitle:
    """A title at token `index` and the country its neighbour words name (ISO2), if any."""

    index: int
    country: str | None


@cache
def capital_words(language: str) -> CapitalWords | None:
    """The language's entry of capitals.yaml, or None."""
    entry = load_yaml("capitals.yaml").get(language)
    if not entry:
        return None
    return CapitalWords(
        words=frozenset(fold(w) for w in entry.get("words", [])),
        keys=frozenset(name_key(w) for w in entry.get("words", [])),
        before=frozenset(name_key(w) for w in entry.get("before", [])),
        not_after=frozenset(name_key(w) for w in entry.get("not_after", [])),
        adjective_prefix=fold(entry.get("adjective_prefix", "") or ""),
    )


@cache
def _country_keys() -> dict[str, str]:
    """Name keys of country names and demonyms → ISO2."""
    out = {}
    for iso, info in countries_data().items():
        for word in [*(info.get("names") or []), *(info.get("demonyms") or [])]:
            out[name_key(word)] = iso
    return out


def has_capital_word(tokens: list[Token], language: str) -> bool:
    """Does any token look like a capital title (checked on keys only, before the full reading)?"""
    book = capital_words(language)
    return book is not None and any(not book.keys.isdisjoint(t.keys) for t in tokens)


def capital_titles(tokens: list[Token], boundary: list[bool], language: str,
                   named_after: set[int]) -> list[CapitalTitle]:
    """The capital titles of a text. `boundary[k]`: punctuation before token k; `named_after`:
    the tokens where a place mention starts (a title followed by one is that place's)."""
    book = capital_words(language)
    if book is None:
        return []
    out = []
    for k, token in enumerate(tokens):
        if book.keys.isdisjoint(token.keys) or fold(token.text) not in book.words:
            continue
        country = _country_before(tokens, k, boundary) if book.before else None
        if book.before and country is None and (k == 0 or boundary[k] or tokens[k - 1].keys[0] not in book.before):
            continue
        follows = _after(tokens, k, boundary, book)
        if follows is False:
            continue
        if isinstance(follows, str):
            country = follows
        if any(j in named_after for j in range(k + 1, min(k + 4, len(tokens)))):
            continue  # "the capital, Bamako", "العاصمة التشادية نجامينا"
        out.append(CapitalTitle(k, country))
    return out


def _country_before(tokens: list[Token], k: int, boundary: list[bool]) -> str | None:
    """"the Malian capital", "Burkinas capital", "Burkina Faso's capital": the country named right before."""
    keys = _country_keys()
    for width in (1, 2):
        first = k - width
        if first < 0 or any(boundary[j] for j in range(first + 1, k + 1)):
            return None
        words = [t.keys[0] for t in tokens[first:k]]
        phrase = " ".join(words)
        iso = keys.get(phrase) or (keys.get(phrase[:-1]) if phrase.endswith("s") else None)
        if iso:
            return iso
    return None


def _after(tokens: list[Token], k: int, boundary: list[bool], book: CapitalWords) -> bool | str:
    """What follows the title: False when it makes the title something else ("capital of",
    العاصمة الاقتصادية), a country's ISO2 when a demonym qualifies it ("la capitale malienne",
    العاصمة التشادية), else True."""
    if k + 1 >= len(tokens) or boundary[k + 1]:
        return True
    after = tokens[k + 1]
    if after.keys[0] in book.not_after:
        return False
    iso = _country_keys().get(after.keys[0])
    if iso is not None:
        return iso
    return not (book.adjective_prefix and fold(after.text).startswith(book.adjective_prefix))
