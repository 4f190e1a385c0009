"""`marsad lexicon check`: validate the dictionaries and report coverage."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from marsad.lexicon.validate import check_all, coverage_lines


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `lexicon` command and its `check` subcommand."""
    lexicon = subparsers.add_parser(
        "lexicon", help="actor dictionaries and the ACLED/PLOVER ontology",
        description="Inspect and validate Marsad's dictionaries (actors, ontology, triggers). See docs/lexicon.md.",
        epilog="example: marsad lexicon check --quiet")
    commands = lexicon.add_subparsers(dest="lexicon_command", metavar="SUBCOMMAND")
    check = commands.add_parser(
        "check", help="validate all dictionaries and print coverage (exit 1 on errors)",
        description="Validate marsad/data: unknown inter codes, sectors and countries, missing ACLED "
                    "names, aliases shared by several actors or equal to common words, and trigger "
                    "files' event types against the ontology. Prints coverage; exits 1 on errors.",
        epilog="examples:\n  marsad lexicon check\n  marsad lexicon check --data-dir my-data --quiet",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    check.add_argument("--data-dir", type=Path, default=None,
                       help="a data directory laid out like marsad/data (default: the bundled one)")
    check.add_argument("--quiet", action="store_true", help="print only errors and the closing count")
    check.set_defaults(func=run_check)
    lexicon.set_defaults(func=lambda args: (lexicon.print_help(), 2)[1])


def run_check(args: argparse.Namespace) -> int:
    """Handler of `marsad lexicon check`."""
    if args.data_dir is not None and not args.data_dir.is_dir():
        print(f"marsad lexicon check: {args.data_dir}: not a directory", file=sys.stderr)
        return 1
    report = check_all(args.data_dir)
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)
    if not args.quiet:
        for warning in report.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        for line in coverage_lines(report):
            print(line)
    print(f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)")
    return 0 if report.ok else 1
