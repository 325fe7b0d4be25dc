"""What every request passes before a page sees it, and what every response carries.

:class:`Guard` is the outermost layer of the app (plain ASGI, so it can refuse a request before
its body is read):

- the ``Host`` header: in local mode only ``localhost``, ``127.0.0.1`` or ``[::1]`` with the
  port (a DNS-rebinding page cannot reach the store); in team mode, with ``--allowed-host``,
  those names and the loopback ones;
- proxy headers (``X-Forwarded-*``, ``Forwarded``) are refused in local mode: a proxy in front
  would open the store, which has no login in that mode, to everyone;
- a body larger than ``--max-upload-mb`` is refused (413): at once when ``Content-Length``
  says so, else as soon as the bytes read pass the limit, never after reading it whole;
- every response gets the security headers (CSP without inline scripts, no framing, no
  sniffing, same-origin referrers) and pages are not cached;
- an exception no page handled becomes the 500 page, with an id in the log, never a traceback.

CSRF: every form that changes anything carries the session's token (:func:`csrf_ok`).
"""

from __future__ import annotations

import hmac
import logging
import secrets
from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tracker.web.settings import WebSettings

log = logging.getLogger("tracker.web")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)
PROXY_HEADERS = (b"x-forwarded-", b"forwarded")
CSRF_FIELD = "csrf_token"


class RequestTooLarge(Exception):
    """The request's body passed ``--max-upload-mb`` while it was being read."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"request larger than {limit} bytes")
        self.limit = limit


#: Renders an error page: (status, title, message) -> (headers, body). Set by the app.
ErrorPage = Callable[[int, str, str], tuple[list[tuple[bytes, bytes]], bytes]]


def allowed_hosts(settings: WebSettings) -> frozenset[str] | None:
    """The ``Host`` values accepted (lower case); None: any (team mode without the option)."""
    port = settings.port
    loopback = {"localhost", "127.0.0.1", "[::1]"}
    if settings.local:
        hosts = {f"{h}:{port}" for h in loopback}
        if port == 80:
            hosts |= loopback
        return frozenset(hosts)
    if not settings.allowed_hosts:
        return None
    return frozenset(h.lower() for h in (*settings.allowed_hosts, *loopback))


def _host_only(value: str) -> str:
    """``name`` of ``name:port`` (``[::1]`` keeps its brackets)."""
    if value.startswith("["):
        return value.split("]", 1)[0] + "]"
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class Guard:
    """The outermost ASGI layer: host and proxy checks, size limit, headers, the 500 page."""

    def __init__(self, app: ASGIApp, settings: WebSettings, error_page: ErrorPage) -> None:
        self.app = app
        self.settings = settings
        self.error_page = error_page
        self.hosts = allowed_hosts(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one request through the checks."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await self._send_page(send, *refusal)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                extra = list(SECURITY_HEADERS)
                if not scope.get("path", "").startswith("/static/"):
                    extra.append((b"cache-control", b"no-store"))
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [
                    *message.get("headers", []),
                    *((k, v) for k, v in extra if k not in present),
                ]
            await send(message)

        try:
            await self.app(scope, self._limited(receive), send_with_headers)
        except RequestTooLarge as exc:
            if not started:
                await self._send_page(send, 413, *too_large_text(exc.limit))
        except Exception:
            # The app's own handler already sent the 500 page and logged the error with its
            # id (Starlette re-raises after that); anything else is logged and answered here.
            if not started:
                error_id = secrets.token_hex(4)
                log.exception("error %s on %s %s", error_id, scope.get("method"), scope.get("path"))
                await self._send_page(send, 500, *server_error_text(error_id))

    def _refusal(self, scope: Scope, headers: dict[bytes, bytes]) -> tuple[int, str, str] | None:
        """(status, title, message) when the request is refused before anything reads it."""
        host = headers.get(b"host", b"").decode("latin-1").strip().lower()
        if self.hosts is not None:
            candidate = host if self.settings.local else _host_only(host)
            if candidate not in self.hosts:
                where = f"http://127.0.0.1:{self.settings.port}/"
                return (
                    400,
                    "Not this address",
                    f"The tracker does not answer to the address {host or '(none)'!r}. "
                    + (
                        f"In local mode it answers on this machine only: open {where}"
                        if self.settings.local
                        else "Open it by one of the names it was started with (--allowed-host)."
                    ),
                )
        if self.settings.local and any(k.startswith(PROXY_HEADERS) for k in headers):
            return (
                403,
                "Refused: a proxy is in front",
                "This request came through a proxy (it carries X-Forwarded or Forwarded "
                "headers). In local mode the tracker has no login, so it refuses requests "
                "through a proxy: open it on this machine, or run it in team mode (without "
                "--local) with users and --forwarded-allow-ips.",
            )
        length = headers.get(b"content-length")
        if length is not None:
            try:
                size = int(length)
            except ValueError:
                return (400, "Bad request", "The request's Content-Length is not a number.")
            if size > self.settings.max_upload_bytes:
                return (413, *too_large_text(self.settings.max_upload_bytes))
        return None

    def _limited(self, receive: Receive) -> Receive:
        """``receive`` that raises :class:`RequestTooLarge` once the body passes the limit."""
        limit = self.settings.max_upload_bytes
        seen = 0

        async def inner() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise RequestTooLarge(limit)
            return message

        return inner

    async def _send_page(self, send: Send, status: int, title: str, message: str) -> None:
        headers, body = self.error_page(status, title, message)
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    *headers,
                    *SECURITY_HEADERS,
                    (b"cache-control", b"no-store"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def too_large_text(limit: int) -> tuple[str, str]:
    """The 413 page's title and message."""
    megabytes = limit / (1024 * 1024)
    return (
        "Too large",
        f"This request is larger than the {megabytes:g} MB the tracker accepts (tracker serve "
        "--max-upload-mb). Nothing was read or stored: send fewer or smaller files at a time.",
    )


def server_error_text(error_id: str) -> tuple[str, str]:
    """The 500 page's title and message."""
    return (
        "Something went wrong",
        "The tracker could not show this page, and nothing was changed by it. The error is in "
        f"the server's log as error {error_id}: tell whoever runs the tracker.",
    )


def csrf_ok(expected: str | None, given: Any) -> bool:
    """True when a form's token is the session's (compared in constant time)."""
    if not expected or not isinstance(given, str) or not given:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())


def same_origin(headers: Any, host: str) -> bool:
    """False when the browser says the request came from another site (``Origin`` header).

    Only the host and port are compared, not the scheme: behind a proxy that ends HTTPS the
    app may see plain HTTP. (The CSRF token is the protection; this is a second look.)
    """
    origin = headers.get("origin")
    if origin is None:
        return True
    _, _, netloc = origin.partition("://")
    return bool(netloc) and netloc.lower() == host.lower()
