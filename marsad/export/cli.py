"""`marsad export`: stored events → ACLED CSV, PLOVER JSON, GeoJSON, JSON lines or GeoParquet."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from marsad.export.names import FORMATS  # the writers load pyarrow: imported only when exporting

if TYPE_CHECKING:
    from marsad.store import EventQuery, Store

DESCRIPTION = """\
Export the events of a Marsad database. Rejected events are left out unless
--include-rejected is given. Output is streamed, so large databases export in
constant memory.

examples:
  marsad export --format acled-csv -o events.csv
  marsad export --db postgresql://user@host/marsad --format geojson -o - --country Mali
  marsad export --format parquet -o events.parquet --date-from 2024-01-01
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export", help="write stored events as ACLED CSV, PLOVER JSON, GeoJSON, JSON lines or GeoParquet",
        description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--db", default="marsad.sqlite",
                        help="SQLite file or postgresql:// URL (default: marsad.sqlite)")
    parser.add_argument("--format", "-f", required=True, choices=FORMATS, help="output format")
    parser.add_argument("-o", "--output", default="-", help="output file, '-' for stdout (default)")
    parser.add_argument("--country", help="country name or ISO alpha-2 code")
    parser.add_argument("--date-from", metavar="YYYY-MM-DD", type=_iso_date, help="first event date to include")
    parser.add_argument("--date-to", metavar="YYYY-MM-DD", type=_iso_date, help="last event date to include")
    parser.add_argument("--event-type", help='ACLED event type, e.g. "Battles"')
    parser.add_argument("--include-rejected", action="store_true", help="also export events a reviewer rejected")
    parser.set_defaults(func=run_export)


def _iso_date(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text!r}") from None


def run_export(args: argparse.Namespace) -> int:
    """Handler of `marsad export`; returns the exit status."""
    import sqlalchemy as sa

    from marsad.store import EventQuery, Store

    if args.format == "parquet" and args.output == "-":
        return _fail("parquet is binary: give an output file with -o FILE")
    query = EventQuery(
        country=args.country, date_from=args.date_from, date_to=args.date_to,
        event_type=args.event_type, include_rejected=args.include_rejected, sort="date",
    )
    try:
        store = Store.open(args.db, create=False)
    except FileNotFoundError:
        return _fail(f"database file not found: {args.db}")
    except (ValueError, sa.exc.SQLAlchemyError) as exc:
        return _fail(f"cannot open database {args.db}: {_first_line(exc)}")
    try:
        count = _export(store, query, args.format, args.output)
    except OSError as exc:
        return _fail(f"cannot write {args.output}: {exc.strerror or exc}")
    except sa.exc.SQLAlchemyError as exc:
        return _fail(f"reading {args.db} failed: {_first_line(exc)}")
    finally:
        store.close()
    where = "stdout" if args.output == "-" else args.output
    print(f"marsad export: wrote {count} events ({args.format}) to {where}", file=sys.stderr)
    return 0


def _export(store: Store, query: EventQuery, fmt: str, output: str) -> int:
    from marsad.export.writers import write_events, write_parquet

    events = store.iter_events(query)
    if output == "-":
        count = write_events(events, fmt, sys.stdout)
        sys.stdout.flush()
        return count
    # Write beside the target and rename at the end, so a failed export leaves no half file.
    target = Path(output)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent if str(target.parent) else ".")
    try:
        if fmt == "parquet":
            os.close(fd)
            count = write_parquet(events, tmp)
        else:
            with open(fd, "w", encoding="utf-8", newline="") as stream:
                count = write_events(events, fmt, stream)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__


def _fail(message: str) -> int:
    print(f"marsad export: {message}", file=sys.stderr)
    return 2
