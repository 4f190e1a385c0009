"""`marsad gazetteer ...` and `marsad geoparse ...` commands."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from pathlib import Path

from marsad.geo.build import ImportError_
from marsad.geo.gazetteer import Gazetteer, build_with_progress, default_path


def register(subparsers: argparse._SubParsersAction) -> None:
    gazetteer = subparsers.add_parser(
        "gazetteer", help="build, extend and query the offline gazetteer",
        description="Manage the offline SQLite gazetteer (GeoNames cities500 + admin units + countries). "
                    "Its path is $MARSAD_GAZETTEER or ~/.cache/marsad/gazetteer-<version>.sqlite.")
    gazetteer.add_argument("--path", help="gazetteer file (default: $MARSAD_GAZETTEER or the cache path)")
    actions = gazetteer.add_subparsers(dest="gazetteer_command", metavar="ACTION")
    build = actions.add_parser("build", help="(re)build the gazetteer from the installed packages")
    build.set_defaults(func=_build)
    importer = actions.add_parser("import", help="add villages from a GeoNames dump or a CSV file",
                                  description="Add places: `geonames XX.txt` (GeoNames country dump, tab-separated) "
                                              "or `csv FILE` (columns name, alternate_names, latitude, longitude, "
                                              "country, admin1, admin2; alternate names separated by ; or |).")
    importer.add_argument("format", choices=("geonames", "csv"))
    importer.add_argument("file")
    importer.set_defaults(func=_import)
    stats = actions.add_parser("stats", help="size, counts and build information")
    stats.set_defaults(func=_stats)
    lookup = actions.add_parser("lookup", help="list gazetteer entries for a name (any script)")
    lookup.add_argument("name")
    lookup.add_argument("--limit", type=int, default=10)
    lookup.set_defaults(func=_lookup)
    gazetteer.set_defaults(func=lambda args: (gazetteer.print_help(), 2)[1])

    geoparse = subparsers.add_parser(
        "geoparse", help="find and resolve place names in documents",
        description="Write one JSON object per resolved place mention: doc_id, start, end, text, name, "
                    "geonameid, latitude, longitude, country, admin1, admin2, feature_code, geo_precision.")
    geoparse.add_argument("inputs", nargs="+", metavar="INPUT", help="files or directories (txt, html, jsonl ...)")
    geoparse.add_argument("-o", "--output", default="-", help="output JSONL file ('-' for stdout)")
    geoparse.add_argument("--language", help="force a language (ar, fr, en) instead of the detected one")
    geoparse.add_argument("--path", help="gazetteer file")
    geoparse.set_defaults(func=_geoparse)


def _open(args: argparse.Namespace) -> Gazetteer:
    return Gazetteer.open(getattr(args, "path", None))


def _build(args: argparse.Namespace) -> int:
    target = Path(args.path) if args.path else default_path()
    started = time.monotonic()
    counts = build_with_progress(target, quiet=not sys.stderr.isatty())
    print(f"built {target}: {counts['places']} places, {counts['names']} names, {counts['skeletons']} skeleton keys "
          f"in {time.monotonic() - started:.1f}s")
    return 0


def _import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(f"marsad gazetteer import: {path}: no such file", file=sys.stderr)
        return 1
    gazetteer = _open(args)
    try:
        count = gazetteer.import_geonames(path) if args.format == "geonames" else gazetteer.import_csv(path)
    except (ImportError_, UnicodeDecodeError, sqlite3.Error) as exc:
        print(f"marsad gazetteer import: {exc}" if isinstance(exc, ImportError_) else
              f"marsad gazetteer import: {path}: {exc}", file=sys.stderr)
        return 1
    print(f"imported {count} places from {path}")
    return 0


def _stats(args: argparse.Namespace) -> int:
    for key, value in _open(args).stats().items():
        print(f"{key}\t{value}")
    return 0


def _lookup(args: argparse.Namespace) -> int:
    gazetteer = _open(args)
    entries = gazetteer.lookup(args.name)
    if not entries:
        print(f"no entry for {args.name!r}", file=sys.stderr)
        return 1
    for entry in entries[: args.limit]:
        print(f"{entry.id}\t{entry.name}\t{entry.feature_code}\t{gazetteer.country_name(entry.country)}\t"
              f"{entry.admin1 or ''}\t{entry.admin2 or ''}\t{entry.latitude}\t{entry.longitude}\t{entry.population}")
    return 0


def mention_record(doc_id: str, mention) -> dict:
    """The geoparse JSON object for one place mention."""
    place = mention.value
    return {
        "doc_id": doc_id, "start": mention.start, "end": mention.end, "text": mention.text, "name": place.name,
        "geonameid": place.geonameid, "latitude": place.latitude, "longitude": place.longitude,
        "country": place.country, "admin1": place.admin1, "admin2": place.admin2,
        "feature_code": place.feature_code, "geo_precision": place.geo_precision,
    }


def _geoparse(args: argparse.Namespace) -> int:
    from marsad.geo.resolver import GeoResolver
    from marsad.ingest import ReadError, read_inputs

    resolver = GeoResolver(_open(args))
    status = 0
    stream = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")  # noqa: SIM115
    try:
        for item in read_inputs(args.inputs):
            if isinstance(item, ReadError):
                print(f"marsad geoparse: {item}", file=sys.stderr)
                status = 1
                continue
            language = args.language or item.language or _detect(item.text)
            places = resolver.resolve_document(item.text, language)
            for mention in places.mentions:
                stream.write(json.dumps(mention_record(item.id, mention), ensure_ascii=False) + "\n")
    finally:
        if stream is not sys.stdout:
            stream.close()
    return status


def _detect(text: str) -> str:
    try:
        from marsad.text import detect_language

        return detect_language(text)
    except ImportError:
        return "en"
