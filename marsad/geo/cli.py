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
    raw = argparse.RawDescriptionHelpFormatter
    gazetteer = subparsers.add_parser(
        "gazetteer", help="build, extend and query the offline gazetteer", formatter_class=raw,
        description="Manage the offline SQLite gazetteer (GeoNames cities500 + admin units + countries).\n"
                    "Its path is $MARSAD_GAZETTEER or ~/.cache/marsad/gazetteer-<version>.sqlite; it is\n"
                    "built on first use (about 30 s). See docs/geo.md.",
        epilog="examples:\n"
               "  marsad gazetteer lookup Gao\n"
               "  marsad gazetteer lookup غاو --limit 3\n"
               "  marsad gazetteer import geonames ML.txt      (https://download.geonames.org/export/dump/ML.zip)\n"
               "  marsad gazetteer --path my-gazetteer.sqlite stats")
    gazetteer.add_argument("--path", help="gazetteer file (default: $MARSAD_GAZETTEER or the cache path); "
                                          "give it before the action")
    actions = gazetteer.add_subparsers(dest="gazetteer_command", metavar="ACTION")
    build = actions.add_parser("build", help="(re)build the gazetteer from the installed packages",
                               description="Rebuild the gazetteer from the installed packages and "
                                           "marsad/data/geo (about 30 s). Imported places are dropped: "
                                           "import your files again afterwards.",
                               epilog="example: marsad gazetteer build")
    build.set_defaults(func=_refusing(_build))
    importer = actions.add_parser("import", help="add villages from a GeoNames dump or a CSV file",
                                  formatter_class=raw,
                                  description="Add places to the gazetteer, from a GeoNames country dump (XX.txt,\n"
                                              "tab-separated, from https://download.geonames.org/export/dump/) or a\n"
                                              "CSV file with a header row and the columns name, alternate_names,\n"
                                              "latitude, longitude, country, admin1, admin2 (alternate names\n"
                                              "separated by ; or |).",
                                  epilog="examples:\n"
                                         "  marsad gazetteer import geonames ML.txt\n"
                                         "  marsad gazetteer import csv villages.csv")
    importer.add_argument("format", choices=("geonames", "csv"), help="kind of file: geonames or csv")
    importer.add_argument("file", help="the file to import")
    importer.set_defaults(func=_refusing(_import))
    stats = actions.add_parser("stats", help="size, counts and build information",
                               description="Print the gazetteer's path, size, place and name counts and "
                                           "build information, one tab-separated pair a line.")
    stats.set_defaults(func=_refusing(_stats))
    lookup = actions.add_parser("lookup", help="list gazetteer entries for a name (any script)",
                                description="List the entries a name can stand for (Arabic, French or English "
                                            "spelling): id, name, feature code, country, admin1, admin2, "
                                            "latitude, longitude, population, tab-separated.",
                                epilog="example: marsad gazetteer lookup Ménaka --limit 5")
    lookup.add_argument("name", help="place name in any script")
    lookup.add_argument("--limit", type=int, default=10, help="at most this many entries (default 10)")
    lookup.set_defaults(func=_refusing(_lookup))
    gazetteer.set_defaults(func=lambda args: (gazetteer.print_help(), 2)[1])

    geoparse = subparsers.add_parser(
        "geoparse", help="find and resolve place names in documents",
        description="Write one JSON object per resolved place mention: doc_id, start, end, text, name, "
                    "geonameid, latitude, longitude, country, admin1, admin2, feature_code, geo_precision. "
                    "start/end index the original document text.",
        epilog="example:\n  marsad geoparse samples/corpus/fr_001_gao_embuscade.txt -o places.jsonl",
        formatter_class=raw)
    geoparse.add_argument("inputs", nargs="+", metavar="INPUT",
                          help="files or directories (.txt, .html, .jsonl)")
    geoparse.add_argument("-o", "--output", default="-", help="output JSONL file ('-' = stdout, the default)")
    geoparse.add_argument("--language", choices=("ar", "fr", "en"),
                          help="force a language instead of the detected one")
    geoparse.add_argument("--path", help="gazetteer file (default: $MARSAD_GAZETTEER or the cache path)")
    geoparse.set_defaults(func=_refusing(_geoparse))


class _NotAGazetteer(Exception):
    """--path names a file that must not be (re)built over."""


def _open(args: argparse.Namespace) -> Gazetteer:
    _check_path(args)
    return Gazetteer.open(getattr(args, "path", None))


def _check_path(args: argparse.Namespace) -> None:
    from marsad.commands import gazetteer_problem

    problem = gazetteer_problem(getattr(args, "path", None))
    if problem:
        raise _NotAGazetteer(problem)


def _refusing(handler):
    """Wrap a handler: a --path that is not a gazetteer is one error line, exit status 2."""
    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except _NotAGazetteer as exc:
            print(f"marsad: error: {exc}", file=sys.stderr)
            return 2
    return run


def _build(args: argparse.Namespace) -> int:
    _check_path(args)
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
    except UnicodeDecodeError:
        print(f"marsad gazetteer import: {path}: not UTF-8 text", file=sys.stderr)
        return 1
    except (ImportError_, sqlite3.Error) as exc:
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
        "geonameid": place.geonames_id, "latitude": place.latitude, "longitude": place.longitude,
        "country": place.country, "admin1": place.admin1, "admin2": place.admin2,
        "feature_code": place.feature_code, "geo_precision": place.geo_precision,
    }


def _geoparse(args: argparse.Namespace) -> int:
    from marsad.geo.resolver import GeoResolver
    from marsad.ingest import ReadError, read_inputs

    resolver = GeoResolver(_open(args))
    status = 0
    try:
        stream = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        print(f"marsad geoparse: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 2
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
