"""`marsad events history` and `marsad events unmerge`: inspect and undo merges."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from marsad.commands import one_line

DEFAULT_DB = "marsad.sqlite"

DESCRIPTION = """\
Inspect how a canonical event was built, and undo a merge.

examples:
  marsad events history MRS1a2b3c4d5e --db marsad.sqlite
  marsad events unmerge MRS1a2b3c4d5e DOC_ID --who amina
  marsad events unmerge-event MRS1a2b3c4d5e MRS0f9e8d7c6b --who amina
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `events history` and `events unmerge`."""
    parser = subparsers.add_parser(
        "events", help="show an event's history or undo a merge",
        description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="events_command", metavar="ACTION")
    history = commands.add_parser(
        "history", help="table of an event's creation, merges (scores, reasons), reviews and unmerges",
        description="Print the history of one canonical event, oldest first: which document created it, "
        "which documents merged into it (with their scores and per-feature reasons and the fields "
        "they changed), reviews, and unmerges.",
    )
    history.add_argument("event_id", metavar="EVENT_ID",
                         help="canonical event id (MRS...), as shown by the web page, the API or `export --format jsonl`")
    _db_option(history)
    history.set_defaults(func=run_history)
    unmerge = commands.add_parser(
        "unmerge", help="detach one document's reports from an event",
        description="Undo a merge: the document's reports leave the event and form the event(s) they "
        "would form alone. The event keeps its id; both sides are re-merged, and the history "
        "records who did it and when.",
    )
    unmerge.add_argument("event_id", metavar="EVENT_ID", help="the event to detach the document from")
    unmerge.add_argument("doc_id", metavar="DOC_ID", help="id of the document to detach (see `events history`)")
    unmerge.add_argument("--who", default="cli", help="name recorded in the history (default: cli)")
    _db_option(unmerge)
    unmerge.set_defaults(func=run_unmerge)
    split = commands.add_parser(
        "unmerge-event", help="restore an event that was merged into another",
        description="Undo an automatic merge of two events (a report linked both): the absorbed event "
        "comes back with its id, reports and sources; both are re-merged, the history records who "
        "did it, and the two are never merged automatically again.",
    )
    split.add_argument("event_id", metavar="EVENT_ID", help="the event that absorbed the other")
    split.add_argument("absorbed", metavar="ABSORBED_ID", help="id of the absorbed event (see `events history`)")
    split.add_argument("--who", default="cli", help="name recorded in the history (default: cli)")
    _db_option(split)
    split.set_defaults(func=run_unmerge_event)
    parser.set_defaults(func=lambda args: _usage(parser))


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=DEFAULT_DB,
                        help=f"SQLite file or postgresql:// URL (default: {DEFAULT_DB})")


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _fail(message: str, status: int = 1) -> int:
    print(f"marsad: error: {message}", file=sys.stderr)
    return status


def _open(db: str):
    from marsad.store import Store

    return Store.open(db, create=False)


def run_history(args: argparse.Namespace) -> int:
    """Handler of `marsad events history`."""
    from rich.console import Console
    from rich.table import Table

    from marsad.store.history import history_rows

    try:
        store = _open(args.db)
    except Exception as exc:  # noqa: BLE001 - a bad path or unreachable server is one line
        return _fail(f"cannot open database {args.db}: {one_line(exc)}", 2)
    with store:
        history = store.event_history(args.event_id)
        exists = store.get_event(args.event_id) is not None
    if not history:
        return _fail(f"{args.db}: no event {args.event_id}" if not exists else f"no history for {args.event_id}")
    table = Table(title=f"History of event {args.event_id}" + ("" if exists else " (no longer exists)"))
    for column in ("when (UTC)", "who", "action", "document", "reports", "score", "details"):
        table.add_column(column, overflow="fold")
    for row in history_rows(history):
        table.add_row(row.at, row.who, row.action, row.document, row.reports, row.score, row.detail)
    Console(width=max(120, Console().width)).print(table)
    return 0


def _undo(args: argparse.Namespace, undo: Callable[[Any], Any]) -> tuple[Any, int]:
    """Run one undo on the store of `args.db`: (its result, 0), or (None, the exit code)."""
    try:
        store = _open(args.db)
    except Exception as exc:  # noqa: BLE001
        return None, _fail(f"cannot open database {args.db}: {one_line(exc)}", 2)
    with store:
        try:
            return undo(store), 0
        except KeyError:
            return None, _fail(f"{args.db}: no event {args.event_id}")
        except ValueError as exc:
            return None, _fail(str(exc))


def run_unmerge(args: argparse.Namespace) -> int:
    """Handler of `marsad events unmerge`."""
    result, code = _undo(args, lambda store: store.undo_merge(args.event_id, args.doc_id, who=args.who))
    if result is None:
        return code
    print(f"detached document {result.doc_id} (reports {', '.join(map(str, result.report_indices))}) "
          f"from {result.event_id} into {', '.join(result.new_event_ids)}")
    if result.changed:
        print(f"{result.event_id} changed: " + ", ".join(
            f"{name} {change['before']!r} → {change['after']!r}" for name, change in result.changed.items()))
    return 0


def run_unmerge_event(args: argparse.Namespace) -> int:
    """Handler of `marsad events unmerge-event`."""
    result, code = _undo(args, lambda store: store.undo_event_merge(args.event_id, args.absorbed, who=args.who))
    if result is None:
        return code
    print(f"restored {result.restored_id} ({len(result.report_ids)} reports) from {result.event_id}")
    return 0
