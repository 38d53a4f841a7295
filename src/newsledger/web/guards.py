"""Who may talk to the web app: a request must name the server by an address it was started on
(against DNS rebinding), a form may only be sent from the app's own pages (against cross-site
requests), and the ingest form carries a token only this server can make."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# Sec-Fetch-Site values a page of another origin gives its requests; the app's own pages send
# "same-origin", and "none" is a user's own navigation.
FOREIGN_FETCH_SITES = {"cross-site", "same-site"}


class HostGuard:
    """Answers 400 to a request whose Host is not an address this server was started on: the
    loopback names (localhost, 127.0.0.1, [::1]) when it listens on loopback, the address the
    request came in on, with the port it came in on, or a name given with ``--allow-host``.

    Without it, a page of another site whose name is made to resolve to 127.0.0.1 (DNS rebinding)
    is, to the browser, the same origin as the app, and can read every page and send the form.
    """

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str] = ()):
        self.app = app
        self.allowed = [split_host(name.strip().lower()) for name in allowed_hosts]
        if any(not name for name, _ in self.allowed):
            raise ValueError(f"not a host name: {list(allowed_hosts)!r}")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        host = Headers(scope=scope).get("host", "")
        if self.allows(host, scope.get("server")):
            await self.app(scope, receive, send)
            return
        response = PlainTextResponse(
            f"This server does not answer to the name {host!r}; open it at the address it was started on "
            "(such as http://127.0.0.1:PORT/), or start it with --allow-host NAME to let it answer to NAME.",
            status_code=400,
        )
        await response(scope, receive, send)

    def allows(self, host: str, server: tuple[str, int | None] | None) -> bool:
        name, port = split_host(host.strip().lower())
        if not name:
            return False
        for allowed_name, allowed_port in self.allowed:
            if name == allowed_name and (allowed_port is None or port == allowed_port):
                return True
        if server is None:  # a server that does not say where it listens: loopback names only
            return name in LOOPBACK_NAMES
        address, listening = server[0].lower(), server[1]
        names = {_bracketed(address)}
        if _is_loopback(address):
            names.update(LOOPBACK_NAMES)
        return name in names and (port == listening or (port is None and listening == 80))


def split_host(value: str) -> tuple[str, int | None]:
    """(name, port) of a Host header such as ``localhost:8000``, ``[::1]:8000`` or ``localhost``
    (port None); ("", None) when it is malformed, such as an IPv6 address without brackets."""
    if value.startswith("["):
        name, bracket, rest = value.partition("]")
        name += bracket
        if not bracket or (rest and not rest.startswith(":")):
            return "", None
        port = rest[1:]
    elif value.count(":") > 1:
        return "", None
    else:
        name, _, port = value.partition(":")
    if port and not (port.isascii() and port.isdigit() and len(port) <= 5):
        return "", None
    return name, int(port) if port else None


def _bracketed(address: str) -> str:
    return f"[{address}]" if ":" in address else address


def _is_loopback(address: str) -> bool:
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return False


class CrossSiteGuard:
    """Answers 403 to a request that would change something (any method but GET, HEAD and
    OPTIONS) when the browser says it comes from another site's page: ``Sec-Fetch-Site`` is
    cross-site or same-site, or ``Origin`` is not this server (``null`` included)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        fetch_site = headers.get("sec-fetch-site", "").lower()
        if fetch_site not in FOREIGN_FETCH_SITES and (origin is None or _same_origin(origin, headers.get("host", ""))):
            await self.app(scope, receive, send)
            return
        response = PlainTextResponse(
            f"Refused: this request came from another site's page ({origin or fetch_site}); "
            "the app takes forms only from its own pages: open its Add articles page and send the form from there.",
            status_code=403,
        )
        await response(scope, receive, send)


def _same_origin(origin: str, host: str) -> bool:
    """Whether ``Origin`` names this server: http(s) and the very host and port of the request."""
    try:
        parts = urlsplit(origin)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and parts.netloc.lower() == host.strip().lower()


class FormTokens:
    """The ingest form's token: a random nonce and its HMAC under this server's key, so a page can
    only send the form with a token it was given by the app. Each server process makes a key at
    start-up unless given one (``newsledger serve --workers N`` shares one among its processes)."""

    PURPOSE = b"newsledger ingest form"

    def __init__(self, key: bytes | None = None):
        self.key = key if key is not None else secrets.token_bytes(32)

    def issue(self) -> str:
        nonce = secrets.token_urlsafe(16)
        return f"{nonce}.{self._mac(nonce)}"

    def valid(self, token: str) -> bool:
        nonce, dot, mac = token.partition(".")
        return bool(dot and nonce) and hmac.compare_digest(mac.encode("ascii", "replace"), self._mac(nonce).encode("ascii"))

    def _mac(self, nonce: str) -> str:
        return hmac.new(self.key, self.PURPOSE + b"\0" + nonce.encode("utf-8", "replace"), hashlib.sha256).hexdigest()
