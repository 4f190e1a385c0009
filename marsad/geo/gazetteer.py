"""The offline gazetteer: a SQLite file of places and their normalised name keys."""

from __future__ import annotations

import os
import sqlite3
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from marsad.geo import build as builder
from marsad.geo import data
from marsad.geo.keys import name_key
from marsad.records import Place

_CHUNK = 900
_KEY_CACHE_LIMIT = 200_000  # cached key lookups (hits and misses) before the cache starts afresh
# a read-mostly connection: map the file and keep hot pages in memory (imports switch query_only off)
_READ_PRAGMAS = ("PRAGMA query_only = ON", "PRAGMA mmap_size = 268435456", "PRAGMA cache_size = -65536",
                 "PRAGMA temp_store = MEMORY")
_COLUMNS = "p.id, p.name, p.latitude, p.longitude, p.country, p.admin1, p.admin2, p.feature_code, p.population, p.source"


@dataclass(slots=True, frozen=True)
class Entry:
    """One gazetteer row."""

    id: int
    name: str
    latitude: float | None
    longitude: float | None
    country: str | None
    admin1: str | None
    admin2: str | None
    feature_code: str
    population: int
    source: str

    @property
    def is_country(self) -> bool:
        return self.feature_code.startswith("PCL")

    @property
    def is_curated_feature(self) -> bool:
        """A lake, forest, mountain range, desert, delta or park of features.yaml."""
        return self.source == "marsad:features"

    @property
    def is_water(self) -> bool:
        return self.feature_code == "LK"

    @property
    def is_admin1(self) -> bool:
        return self.feature_code == "ADM1"

    @property
    def is_admin2(self) -> bool:
        return self.feature_code == "ADM2"

    @property
    def is_admin(self) -> bool:
        return self.feature_code.startswith("ADM") or self.is_country


def default_path() -> Path:
    """$MARSAD_GAZETTEER, else ~/.cache/marsad/gazetteer-<schema version>.sqlite."""
    env = os.environ.get("MARSAD_GAZETTEER")
    if env:
        return Path(env).expanduser()
    return Path.home() / ".cache" / "marsad" / f"gazetteer-{builder.SCHEMA_VERSION}.sqlite"


def build_with_progress(path: Path, quiet: bool = False) -> dict[str, int]:
    """Build the gazetteer at `path`, showing a rich progress bar on stderr."""
    if quiet:
        return builder.build(path)
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    with Progress(TextColumn("gazetteer: {task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=console, transient=not console.is_terminal) as bar:
        task = bar.add_task("starting", total=1.0)
        return builder.build(path, progress=lambda stage, f: bar.update(task, description=stage, completed=f))


class Gazetteer:
    """Read access (and imports) over a built gazetteer file."""

    def __init__(self, connection: sqlite3.Connection, path: Path):
        self.connection = connection
        self.path = path
        self._countries: dict[str, tuple[str, int | None]] = {
            iso: (name, pid) for iso, name, pid in connection.execute("SELECT iso, name, place_id FROM countries")
        }
        self._entries: dict[int, Entry] = {}
        # per-instance memo of read-only lookups (cleared by imports): kind → key → entries, misses included
        self._keys: dict[int, dict[str, tuple[Entry, ...]]] = {}
        self._heads: frozenset[str] | None = None
        self._capitals: dict[str, Entry] | None = None
        self._unit_capitals: dict[int, Entry | None] = {}
        for pragma in _READ_PRAGMAS:
            connection.execute(pragma)

    @classmethod
    def open(cls, path: str | os.PathLike | None = None, quiet: bool | None = None) -> Gazetteer:
        """Open the gazetteer, building it first when missing or out of date."""
        target = Path(path) if path else default_path()
        if quiet is None:
            quiet = not sys.stderr.isatty()
        if not target.exists() or not _is_current(target):
            build_with_progress(target, quiet=quiet)
        connection = sqlite3.connect(target, check_same_thread=False)
        return cls(connection, target)

    def close(self) -> None:
        self.connection.close()

    # -- lookups --------------------------------------------------------------

    def _query(self, keys: Iterable[str], kind: int) -> dict[str, list[Entry]]:
        """Entries by key; only keys not seen before go to SQLite (one IN query per 900 keys)."""
        memo = self._keys.setdefault(kind, {})
        found: dict[str, list[Entry]] = {}
        missing = []
        for key in dict.fromkeys(keys):
            if not key:
                continue
            cached = memo.get(key)
            if cached is None:
                missing.append(key)
            elif cached:
                found[key] = list(cached)
        if not missing:
            return found
        fetched: dict[str, list[Entry]] = defaultdict(list)
        for start in range(0, len(missing), _CHUNK):
            chunk = missing[start:start + _CHUNK]
            sql = (f"SELECT n.key, {_COLUMNS} FROM names n JOIN places p ON p.id = n.place_id "
                   f"WHERE n.kind = {kind} AND n.key IN ({','.join('?' * len(chunk))})")
            for key, *row in self.connection.execute(sql, chunk):
                fetched[key].append(self._entry(row))
        if len(memo) + len(missing) > _KEY_CACHE_LIMIT:
            memo.clear()
        for key in missing:
            hits = fetched.get(key)
            memo[key] = tuple(hits) if hits else ()
            if hits:
                found[key] = hits
        return found

    def heads(self) -> frozenset[str]:
        """First words of every multi-word name key (exact and cue-only): an n-gram whose first
        word is not among them cannot name a place, so the recogniser does not look it up."""
        if self._heads is None:
            has_table = self.connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'heads'").fetchone()
            sql = "SELECT word FROM heads" if has_table else builder.HEADS_QUERY
            self._heads = frozenset(word for (word,) in self.connection.execute(sql))
        return self._heads

    def _forget(self) -> None:
        """Drop memoised lookups (after an import changed the file)."""
        self._entries.clear()
        self._keys.clear()
        self._heads = None
        self._capitals = None
        self._unit_capitals.clear()

    def _entry(self, row: list) -> Entry:
        cached = self._entries.get(row[0])
        if cached is None:
            cached = Entry(*row[:7], feature_code=row[7] or "PPL", population=row[8] or 0, source=row[9])
            if len(self._entries) < 200_000:
                self._entries[row[0]] = cached
        return cached

    def exact(self, keys: Iterable[str]) -> dict[str, list[Entry]]:
        """Entries by normalised name key (keys as built by marsad.geo.keys.name_key)."""
        return self._query(keys, builder.NAME_EXACT)

    def cued(self, keys: Iterable[str]) -> dict[str, list[Entry]]:
        """Entries by names that are also ordinary words (valid only right after a locative cue)."""
        return self._query(keys, builder.NAME_CUED)

    def fuzzy(self, skeletons: Iterable[str]) -> dict[str, list[Entry]]:
        """Entries by consonant skeleton (only focus-region, admin and imported places have them)."""
        return self._query(skeletons, builder.NAME_SKELETON)

    def variants(self, forms: Iterable[str]) -> dict[str, list[Entry]]:
        """Entries by Latin variant form (marsad.geo.keys.variant_key; region and imported places)."""
        return self._query(forms, builder.NAME_VARIANT)

    def lookup(self, name: str) -> list[Entry]:
        """All entries named `name` (any script), most populous first."""
        entries = self.exact([name_key(name)]).get(name_key(name), [])
        return sorted(entries, key=lambda e: (-e.is_country, -e.is_admin1, -e.population))

    def entry(self, place_id: int) -> Entry | None:
        row = self.connection.execute(f"SELECT {_COLUMNS} FROM places p WHERE p.id = ?", (place_id,)).fetchone()
        return self._entry(list(row)) if row else None

    def country_name(self, iso: str | None) -> str | None:
        return self._countries.get(iso or "", (None, None))[0]

    def country_entry(self, iso: str) -> Entry | None:
        pid = self._countries.get(iso.upper(), (None, None))[1]
        return self.entry(pid) if pid is not None else None

    def admin1_entry(self, country: str | None, admin1: str | None) -> Entry | None:
        """The ADM1 unit named `admin1` in `country`."""
        if not country or not admin1:
            return None
        for entry in self.exact([name_key(admin1)]).get(name_key(admin1), []):
            if entry.is_admin1 and entry.country == country:
                return entry
        return None

    def capital_of(self, unit: Entry) -> Entry | None:
        """The populated place an admin unit is located at (its capital), if any."""
        if unit.latitude is None:
            return None
        if unit.id not in self._unit_capitals:
            row = self.connection.execute(
                f"SELECT {_COLUMNS} FROM places p WHERE p.latitude = ? AND p.longitude = ? AND p.country = ? "
                "AND p.feature_code LIKE 'PPL%' ORDER BY p.population DESC LIMIT 1",
                (unit.latitude, unit.longitude, unit.country)).fetchone()
            self._unit_capitals[unit.id] = self._entry(list(row)) if row else None
        return self._unit_capitals[unit.id]

    def national_capital(self, iso: str | None) -> Entry | None:
        """The country's capital city (feature PPLC), if the gazetteer has it."""
        if not iso:
            return None
        if self._capitals is None:
            # one pass over the capitals of every country, most populous last so it wins
            rows = self.connection.execute(
                f"SELECT {_COLUMNS} FROM places p WHERE p.feature_code = 'PPLC' "
                "ORDER BY p.population ASC, p.id DESC").fetchall()
            self._capitals = {row[4]: self._entry(list(row)) for row in rows if row[4]}
        return self._capitals.get(iso.upper())

    def to_place(self, entry: Entry, precision: int, name: str | None = None) -> Place:
        """The records.Place for an entry, coded at ACLED `precision`."""
        return Place(
            name=name or entry.name, latitude=entry.latitude, longitude=entry.longitude,
            country=self.country_name(entry.country), iso=entry.country,
            admin1=None if entry.is_country else entry.admin1,
            admin2=entry.admin2 if not entry.is_admin1 else None, geonameid=entry.id,
            feature_code=entry.feature_code, population=entry.population, geo_precision=precision,
        )

    # -- maintenance ----------------------------------------------------------

    def import_geonames(self, path: str | os.PathLike) -> int:
        """Add a GeoNames country dump (XX.txt); returns the number of places added."""
        with self._writable():
            count = builder.import_geonames(self.connection, Path(path))
        self._forget()
        return count

    def import_csv(self, path: str | os.PathLike) -> int:
        """Add places from a CSV (name, alternate_names, latitude, longitude, country, admin1, admin2)."""
        with self._writable():
            count = builder.import_csv(self.connection, Path(path))
        self._forget()
        return count

    @contextmanager
    def _writable(self) -> Iterator[None]:
        self.connection.execute("PRAGMA query_only = OFF")
        try:
            yield
        finally:
            self.connection.execute("PRAGMA query_only = ON")

    def stats(self) -> dict[str, str | int]:
        meta = dict(self.connection.execute("SELECT key, value FROM meta"))
        by_feature = dict(self.connection.execute(
            "SELECT feature_code, COUNT(*) FROM places GROUP BY feature_code ORDER BY COUNT(*) DESC LIMIT 8"))
        return {"path": str(self.path), "size_bytes": self.path.stat().st_size, **meta,
                **{f"feature:{k}": v for k, v in by_feature.items()}}


def _is_current(path: Path) -> bool:
    try:
        with sqlite3.connect(path) as con:
            meta = dict(con.execute("SELECT key, value FROM meta"))
    except sqlite3.DatabaseError:
        return False
    if meta.get("schema_version") != str(builder.SCHEMA_VERSION):
        return False
    if meta.get("data_fingerprint") != data.data_fingerprint():
        if meta.get("imported", "0") != "0":
            # never silently drop a user's imported villages: ask for an explicit rebuild
            print(f"marsad: {path} was built from older geo data files; run `marsad gazetteer build` "
                  "and re-import your files to refresh it", file=sys.stderr)
            return True
        return False
    return True
