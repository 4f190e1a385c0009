"""The `marsad` command line: one entry point, one subcommand module per stage.

Each module in COMMAND_MODULES exposes `register(subparsers)`, which adds its
subcommands and sets `func` on them; `func(args)` returns the exit status.
"""

from __future__ import annotations

import argparse
import importlib
import sys

COMMAND_MODULES: tuple[str, ...] = (
    "marsad.commands",
    "marsad.export.cli",
    "marsad.evaluate.cli",
    "marsad.geo.cli",
    "marsad.lexicon.cli",
    "marsad.api.cli",
    "marsad.ingest.cli",
    "marsad.store.cli",
)

DESCRIPTION = """\
Turn news reports (Arabic, French, English) into geocoded, deduplicated,
source-traceable events coded in the ACLED and PLOVER vocabularies.

typical session:
  marsad extract article.txt -o -               code one article, print JSON lines
  marsad run samples/corpus --db marsad.sqlite  ingest, code, deduplicate, store
  marsad export --format acled-csv -o events.csv
  marsad serve --db marsad.sqlite               map, timeline and review in a browser

Inputs are .txt, .html and .jsonl files or directories of them; the database is
marsad.sqlite unless --db says otherwise (a SQLite path or a postgresql:// URL).
`marsad COMMAND --help` explains a command; README.md and docs/ explain the rest.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="marsad", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"marsad {_version()}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith(name):
                continue  # a stage not built yet contributes no commands
            raise
        module.register(subparsers)
    return parser


def _version() -> str:
    from marsad import __version__

    return __version__


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("marsad: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
