"""`marsad serve`: the REST API and the web page over a Marsad database."""

from __future__ import annotations

import argparse
import errno
import os
import socket
import sys

TOKEN_ENV = "MARSAD_API_TOKEN"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve the REST API and the web map over a database",
        description="Serve the Marsad REST API (OpenAPI at /openapi.json) and the web page "
                    "(map, timeline, evidence, review queue) at http://HOST:PORT/. Reads are open "
                    f"unless --private; writes need the bearer token from ${TOKEN_ENV} or --token. "
                    "See docs/api.md for the endpoints.",
        epilog="examples:\n"
               "  marsad serve --db marsad.sqlite                  then open http://127.0.0.1:8000/\n"
               f"  {TOKEN_ENV}=change-me marsad serve --db marsad.sqlite --port 8080 --private",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--db", required=True, metavar="PATH",
                        help="database: a SQLite file path, sqlite:///file or postgresql://... URL")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    parser.add_argument("--token", default=None,
                        help=f"API token for writes (default: ${TOKEN_ENV}); prefer the variable: "
                             "a command-line token is visible to other users of the machine")
    parser.add_argument("--private", action="store_true", help="require the token for reads too")
    parser.add_argument("--max-body", type=int, default=4 * 1024 * 1024, metavar="BYTES",
                        help="largest accepted request body (default: 4 MiB)")
    parser.add_argument("--rate-limit", type=int, default=None, metavar="N",
                        help="at most N requests per minute per client address (default: unlimited)")
    parser.add_argument("--cors-origin", action="append", default=[], metavar="ORIGIN",
                        help="allow cross-origin requests from ORIGIN (repeatable; default: none)")
    parser.set_defaults(func=serve)


def serve(args: argparse.Namespace) -> int:
    """Open the store and run uvicorn until interrupted."""
    token = args.token or os.environ.get(TOKEN_ENV) or None
    if args.private and not token:
        print(f"marsad serve: --private needs a token (set {TOKEN_ENV} or pass --token)", file=sys.stderr)
        return 2
    if not 0 < args.port < 65536:
        print(f"marsad serve: invalid port {args.port}", file=sys.stderr)
        return 2
    if _looks_like_path(args.db) and not os.path.exists(args.db):
        print(f"marsad serve: {args.db}: no such database file", file=sys.stderr)
        return 1
    problem = _cannot_listen(args.host, args.port)
    if problem:
        print(f"marsad serve: cannot listen on {args.host}:{args.port}: {problem}", file=sys.stderr)
        return 1
    import uvicorn

    from marsad.api.app import create_app

    try:
        app = create_app(args.db, token=token, private=args.private, max_body_bytes=args.max_body,
                         rate_limit_per_minute=args.rate_limit, cors_origins=tuple(args.cors_origin))
    except Exception as exc:  # a bad URL or an unreadable file: one line, no traceback
        from marsad.commands import one_line

        print(f"marsad serve: {args.db}: {one_line(exc)}", file=sys.stderr)
        return 1
    if token is None:
        print(f"marsad serve: no token ({TOKEN_ENV}): read-only, reviews and submissions disabled",
              file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info", server_header=False)
    return 0


def _cannot_listen(host: str, port: int) -> str | None:
    """Why uvicorn would fail to bind (port in use, unknown host), or None.

    Checked before starting so that the user gets one line instead of uvicorn's log.
    """
    try:
        with socket.create_server((host, port)):
            return None
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            return "the port is already in use (try --port)"
        return (exc.strerror or str(exc)).split(" (while attempting")[0]


def _looks_like_path(db: str) -> bool:
    return "://" not in db
