"""ASGI middleware for the API: body size limit, per-client rate limit, security headers.

Pure ASGI (no BaseHTTPMiddleware) so streaming responses and request bodies pass
through untouched except for the checks.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.exceptions import HTTPException

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# The page loads only its own script, style and data: no CDN, no inline script.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


class RequestTooLarge(HTTPException):
    """A request body went over the configured limit (answered with 413).

    An HTTPException, so FastAPI's body parser passes it through instead of a generic 400.
    """

    def __init__(self, message: str) -> None:
        super().__init__(status_code=413, detail=message)


async def _send_json(send: Send, status: int, payload: dict, headers: tuple = ()) -> None:
    body = json.dumps(payload).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *headers]})
    await send({"type": "http.response.body", "body": body})


class BodySizeLimit:
    """Refuse request bodies larger than `max_bytes` (declared or actually sent) with 413."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await _send_json(send, 400, {"message": "invalid Content-Length header", "detail": None})
                return
            if int(declared) > self.max_bytes:
                await _send_json(send, 413, {"message": self._message(), "detail": None})
                return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise RequestTooLarge(self._message())  # answered 413 by the app's handler
            return message

        await self.app(scope, limited_receive, send)

    def _message(self) -> str:
        return f"request body larger than {self.max_bytes} bytes"


class RateLimit:
    """At most `per_minute` requests per client address in any fixed one-minute window (429)."""

    def __init__(self, app: ASGIApp, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.app = app
        self.per_minute = per_minute
        self.clock = clock
        self.windows: dict[str, tuple[int, int]] = {}  # client → (minute, count)
        self.lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not self._allow(scope):
            await _send_json(send, 429, {"message": "too many requests: slow down", "detail": None},
                             ((b"retry-after", b"60"),))
            return
        await self.app(scope, receive, send)

    def _allow(self, scope: Scope) -> bool:
        client = (scope.get("client") or ("unknown", 0))[0]
        minute = int(self.clock() // 60)
        with self.lock:
            if len(self.windows) > 10_000:  # forget old clients rather than grow without bound
                self.windows = {k: v for k, v in self.windows.items() if v[0] == minute}
            window, count = self.windows.get(client, (minute, 0))
            count = count + 1 if window == minute else 1
            self.windows[client] = (minute, count)
            return count <= self.per_minute


class SecurityHeaders:
    """Add CSP, nosniff, no-referrer and frame denial to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)
