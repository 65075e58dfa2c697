"""One server: the FastAPI app with the HTTP API, the OpenAI-compatible endpoint and the web app."""

from __future__ import annotations

import errno
import hmac
import json
import math
import os
import socket
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no calls home from a newsroom

import gradio as gr  # noqa: E402
from fastapi import FastAPI  # noqa: E402
from fastapi.exceptions import RequestValidationError  # noqa: E402
from llama_index.core.llms import LLM  # noqa: E402
from mcp.server.streamable_http_manager import StreamableHTTPASGIApp, StreamableHTTPSessionManager  # noqa: E402
from mcp.server.transport_security import DEFAULT_MAX_REQUEST_BODY_SIZE as _MCP_MAX_BODY  # noqa: E402
from starlette.exceptions import HTTPException  # noqa: E402
from starlette.routing import Route  # noqa: E402

from assistant.config import PressroomSettings  # noqa: E402
from assistant.facade import open_pressroom  # noqa: E402
from index.embedding import Embedder  # noqa: E402
from ui import api, follow_service, local, openai_api  # noqa: E402
from ui.body_errors import http_error, unprocessable  # noqa: E402
from ui.feedback import FeedbackStore  # noqa: E402
from ui.mcp_server import MCP_PATH, build_mcp  # noqa: E402
from ui.render import CSS, HEAD  # noqa: E402
from ui.services import Services  # noqa: E402
from ui.settings import ServerSettings  # noqa: E402
from ui.web import build_web  # noqa: E402

COOKIE = "pressroom_token"
_OPEN_PATHS = ("/healthz",)


class TokenGate:
    """Require the token on every request but the health check (ASGI middleware).

    API clients send ``Authorization: Bearer <token>``. A browser opens ``/?token=<token>``
    once; the token then moves into an HttpOnly cookie and out of the address bar.
    """

    def __init__(self, app, token: str) -> None:
        self.app = app
        self.token = token.encode()

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] not in ("http", "websocket") or scope["path"] in _OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        query = dict(parse_qsl(scope.get("query_string", b"").decode()))
        if scope["type"] == "http" and scope["method"] == "GET" and self._ok(query.get("token", "").encode()):
            if scope["path"].startswith("/alerts/"):  # an alert's Atom feed: feed readers keep no cookie
                await self.app(scope, receive, send)
                return
            rest = urlencode({k: v for k, v in query.items() if k != "token"})
            await _send(send, 303, b"", [
                (b"location", (scope["path"] + ("?" + rest if rest else "")).encode()),
                (b"set-cookie", f"{COOKIE}={self.token.decode()}; HttpOnly; SameSite=Strict; Path=/".encode()),
            ])
            return
        bearer = headers.get(b"authorization", b"")
        cookie = SimpleCookie(headers.get(b"cookie", b"").decode(errors="replace")).get(COOKIE)
        if self._ok(bearer.removeprefix(b"Bearer ").strip()) or (cookie and self._ok(cookie.value.encode())):
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 4401})
            return
        detail = {"detail": "missing or wrong token: send 'Authorization: Bearer <PRESSROOM_TOKEN>', "
                            "or open /?token=<PRESSROOM_TOKEN> once in the browser"}
        await _send(send, 401, json.dumps(detail).encode(),
                    [(b"content-type", b"application/json"), (b"www-authenticate", b"Bearer")])

    def _ok(self, given: bytes) -> bool:
        return bool(given) and hmac.compare_digest(given, self.token)


async def _send(send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [*headers, (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class RateLimit:
    """At most ``per_minute`` questions a minute from each client address (ASGI middleware).

    A token bucket per address: a client may spend a minute's allowance at once, then gets one
    question every ``60 / per_minute`` seconds; over it, 429 with ``Retry-After``. Only the
    routes that run the model are counted. Behind a proxy that does not pass the client's
    address on, every client shares the proxy's bucket.
    """

    PATHS = ("/api/ask", "/api/search", "/v1/chat/completions")  # and MCP's calls of the tools that search
    KEEP = 10_000  # addresses remembered before idle (full) buckets are forgotten

    def __init__(self, app, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        if per_minute < 1:
            raise ValueError(f"rate limit {per_minute!r}: use 1 or more questions a minute (0 means no limit)")
        self.app = app
        self.per_minute = per_minute
        self.clock = clock
        self.buckets: dict[str, tuple[float, float]] = {}  # address -> (tokens left, when counted)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["path"] == MCP_PATH and scope["method"] == "POST":
            received, receive = await _buffered(receive)
            if not _calls_model(received):  # the MCP handshake, listings, documents: not questions
                await self.app(scope, receive, send)
                return
        elif scope["type"] != "http" or scope["path"] not in self.PATHS:
            await self.app(scope, receive, send)
            return
        address = (scope.get("client") or ("unknown",))[0]
        wait = self.take(address)
        if not wait:
            await self.app(scope, receive, send)
            return
        retry = max(1, math.ceil(wait))
        message = (f"too many questions from {address}: at most {self.per_minute} a minute per client "
                   f"(PRESSROOM_RATE_LIMIT); retry in {retry} s")
        # OpenAI clients read {"error": {...}} and retry a 429 after Retry-After by themselves; MCP
        # clients show a JSON-RPC error's message (the request's id is not needed: they know it).
        body: dict = ({"error": {"message": message, "type": "rate_limit_error", "code": "rate_limit_exceeded"}}
                      if scope["path"].startswith("/v1/") else {"detail": message})
        if scope["path"] == MCP_PATH:
            body = {"jsonrpc": "2.0", "id": None, "error": {"code": -32000, "message": message}}
        await _send(send, 429, json.dumps(body).encode(),
                    [(b"content-type", b"application/json"), (b"retry-after", str(retry).encode())])

    def take(self, address: str) -> float:
        """Spend one question of ``address``'s allowance: 0 when there was one, else the seconds to wait."""
        now, rate = self.clock(), self.per_minute / 60
        tokens, then = self.buckets.get(address, (float(self.per_minute), now))
        tokens = min(float(self.per_minute), tokens + (now - then) * rate)
        if tokens >= 1:
            self.buckets[address] = (tokens - 1, now)
            if len(self.buckets) > self.KEEP:
                self._forget_idle(now)
            return 0.0
        self.buckets[address] = (tokens, now)
        return (1 - tokens) / rate

    def _forget_idle(self, now: float) -> None:
        full = 60.0  # seconds after which any bucket has refilled: forgetting it changes nothing
        self.buckets = {a: (t, w) for a, (t, w) in self.buckets.items() if now - w < full}


_MCP_COUNTED = frozenset({"ask", "search", "brief"})  # the MCP tools that run the model


async def _buffered(receive) -> tuple[bytes, Callable]:
    """The request body (up to MCP's own limit), and a ``receive`` that gives it again to the app."""
    chunks, more, size = [], True, 0
    while more and size <= _MCP_MAX_BODY:  # past it the SDK refuses the request; the rest streams on
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        size += len(chunks[-1])
        more = message.get("more_body", False)
    body, sent = b"".join(chunks), False

    async def replay() -> dict:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": more}

    return body, replay


def _calls_model(body: bytes) -> bool:
    """Whether an MCP message (or batch) calls a tool that runs the model."""
    try:
        messages = json.loads(body)
    except ValueError:
        return False
    messages = messages if isinstance(messages, list) else [messages]
    return any(isinstance(m, dict) and m.get("method") == "tools/call" and isinstance(m.get("params"), dict)
               and m["params"].get("name") in _MCP_COUNTED for m in messages)


def open_services(
    settings: PressroomSettings, server: ServerSettings, embedder: Embedder | None = None, llm: LLM | None = None
) -> Services:
    """Pressroom (``open_pressroom``) and the feedback table for one server.

    ``embedder`` and ``llm`` are parts already loaded; otherwise the encoder is loaded here and
    the generative mode's language model on first use.
    """
    return Services(room=open_pressroom(settings, embedder, llm), feedback=FeedbackStore(server.feedback_db),
                    settings=server)


def create_app(services: Services, commands: Any = None, advert: local.Advert | None = None) -> FastAPI:
    """The FastAPI app: ``/api``, ``/v1`` (OpenAI-compatible), ``/healthz``, and the web app at ``/``.

    With ``commands`` (the ``pressroom`` command group) and the ``advert`` written for this data
    folder, CLI commands of the same user run here (``/api/local/run``, ui/local.py).
    """
    # MCP over streamable HTTP at /mcp: its session manager runs for as long as the app does.
    mcp_sessions = mcp_session_manager(services)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        threading.Thread(target=services.warm, daemon=True, name="pressroom-warm").start()
        async with mcp_sessions.run():
            yield

    app = FastAPI(
        title="Pressroom",
        description="Questions over press releases and Council documents, answered with verbatim citations.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.services = services
    # FastAPI's own handler echoes the input in UTF-8, and a lone surrogate (valid as a JSON
    # escape, not as text) turned a 422 into a 500.
    app.add_exception_handler(RequestValidationError, unprocessable)  # type: ignore[arg-type]
    # FastAPI says only 'There was an error parsing the body' of bytes that are not text or too deep JSON.
    app.add_exception_handler(HTTPException, http_error)  # type: ignore[arg-type]
    app.include_router(api.router)
    app.include_router(openai_api.router)
    app.include_router(follow_service.router)  # /alerts/NAME.atom, /api/alerts, /api/follow (issue 19)
    app.router.routes.append(Route(MCP_PATH, endpoint=StreamableHTTPASGIApp(mcp_sessions)))  # before the web app's "/"
    if commands is not None and advert is not None:
        app.state.commands, app.state.advert = commands, advert
        local.install_streams()
        app.include_router(local.router)
    theme = gr.themes.Soft(font=["system-ui", "sans-serif"], font_mono=["ui-monospace", "monospace"])
    app = gr.mount_gradio_app(
        app,
        build_web(services),
        path="/",
        css=CSS,
        head=HEAD,
        theme=theme,
        ssr_mode=False,
        max_file_size=services.settings.max_upload_bytes,
        footer_links=["api"],
        allowed_paths=[str(services.settings.briefings)],  # the Briefing tab's downloads
    )
    if services.settings.rate_limit:
        app.add_middleware(RateLimit, per_minute=services.settings.rate_limit)
    if services.settings.token:  # added last, so it runs first: a caller without the token spends nothing
        app.add_middleware(TokenGate, token=services.settings.token)
    return app


def mcp_session_manager(services: Services) -> StreamableHTTPSessionManager:
    """The MCP server's streamable HTTP sessions, for ``MCP_PATH`` of the app.

    The SDK guards against DNS rebinding (Host and Origin checked) when the server listens on a loopback
    address; on any other address the token is the guard.
    """
    server = build_mcp(services)
    server.streamable_http_app(streamable_http_path=MCP_PATH, host=services.settings.host)
    return server.session_manager


def why_not_listen(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be listened on now, or None where it can."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    except (socket.gaierror, UnicodeError):
        return f"there is no address {host!r} (use an address of this machine, e.g. 127.0.0.1)"
    with socket.socket(family) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return "the port is in use (pick another with --port)"
            if exc.errno == errno.EADDRNOTAVAIL:
                return "this machine has no such address (use one of its own, e.g. 127.0.0.1)"
            return f"{exc.strerror or exc}"
    return None
