"""An outlet's home country: a weak clue to where a story happens (marsad/data/geo/outlets.yaml).

A national outlet mostly reports its own country; the resolver uses this only when the text
itself grounds the story nowhere (see GeoResolver.resolve_document).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from urllib.parse import urlsplit

from marsad.geo.data import countries_data, load_yaml
from marsad.text.normalize import fold

_QUALIFIED = re.compile(r"\(([^()]+)\)\s*$")  # "AIB (Burkina Faso)"
_SEPARATORS = re.compile(r"[;|]")  # source lists: "Sidwaya; AFP; Le Faso"
_NOT_KEY = re.compile(r"[\W_]+")


def _key(name: str) -> str:
    """Outlet-name key: folded, spaces and punctuation dropped ("L'Observateur Paalga" → lobservateurpaalga)."""
    return _NOT_KEY.sub("", fold(name))


@cache
def _index() -> tuple[dict[str, str], dict[str, str]]:
    """Outlet name keys and web domains → ISO2 country code."""
    names: dict[str, str] = {}
    domains: dict[str, str] = {}
    for iso, entry in load_yaml("outlets.yaml").items():
        for name in [*(entry.get("names", []) or []), *(entry.get("regions", {}) or {})]:
            names[_key(name)] = iso
        for domain in entry.get("domains", []) or []:
            domains[domain.lower().removeprefix("www.")] = iso
    return names, domains


@cache
def _regions() -> dict[str, tuple[str, str]]:
    """Local outlet name keys → (ISO2, the admin1 they report from)."""
    return {_key(name): (iso, str(admin1)) for iso, entry in load_yaml("outlets.yaml").items()
            for name, admin1 in (entry.get("regions", {}) or {}).items()}


@cache
def _country_names() -> dict[str, str]:
    return {_key(name): iso for iso, info in countries_data().items() for name in info.get("names", []) or []}


def outlet_country(outlet: str | None, url: str | None = None) -> str | None:
    """The home country (ISO2) of a document's outlet(s) and URL host; None when none is known
    or when they disagree evenly ("Sidwaya; Studio Tamani"). One outlet abroad among several
    national ones of a country (a Malian weekly picking up a Burkinabè story) does not cancel
    them: the country named by more than half of the national outlets wins."""
    parts = [_one_outlet(part) for part in _SEPARATORS.split(outlet or "")]
    host = _host(url)
    found = Counter(iso for iso in (*parts, _domain_country(host) if host else None) if iso)
    if not found:
        return None
    iso, votes = found.most_common(1)[0]
    return iso if 2 * votes > found.total() else None


def outlet_region(outlet: str | None) -> tuple[str, str] | None:
    """(ISO2, admin1) of a document's local outlets ("Urgence Diffa" → NE, Diffa) when they name one
    region and no national outlet of another country outvotes them; else None."""
    parts = [_key(part) for part in _SEPARATORS.split(outlet or "") if part.strip()]
    found = {_regions()[key] for key in parts if key in _regions()}
    if len(found) != 1:
        return None
    region = found.pop()
    return region if outlet_country(outlet) in (region[0], None) else None


def _one_outlet(part: str) -> str | None:
    part = part.strip()
    if not part:
        return None
    names, _ = _index()
    iso = names.get(_key(part))
    if iso:
        return iso
    qualified = _QUALIFIED.search(part)
    if qualified:
        return _country_names().get(_key(qualified.group(1)))
    if "." in part and " " not in part:  # a bare domain given as the outlet: "lefaso.net"
        return _domain_country(_host(part) or "")
    return None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    return urlsplit(url if "//" in url else f"//{url}").hostname


def _domain_country(host: str) -> str | None:
    """The country of a host or of any domain it belongs to (news.example.bf → example.bf)."""
    _, domains = _index()
    labels = host.lower().removeprefix("www.").split(".")
    for first in range(len(labels) - 1):
        iso = domains.get(".".join(labels[first:]))
        if iso:
            return iso
    return None
