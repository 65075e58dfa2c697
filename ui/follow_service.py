"""The server's side of followed sources and alerts: a background poller, the alert feeds and the API.

``pressroom serve`` starts a ``Poller`` (ui/serving.py): every ``tick_s`` it runs the sources that
are due, each document written under the store lock's exclusive mode (questions are answered in
between), then the alerts under its shared mode. Routes (token-protected like every route but
/healthz): ``GET /alerts/NAME.atom``, ``/api/alerts`` and ``/api/follow``.
"""

from __future__ import annotations

import os
import sys
import threading
import time
import weakref
from typing import Annotated

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from assistant.alert_output import atom_feed
from assistant.alerts import AlertError
from assistant.following import Follower, FollowSettings
from index.followed import FollowError, parse_every
from ingest.fetching import FetchError, check_url
from ui.services import Services

router = APIRouter()
_followers: dict[int, Follower] = {}  # by id(services): Services is an unhashable dataclass
_opening = threading.Lock()


def follower_of(services: Services, settings: FollowSettings | None = None) -> Follower:
    """The server's one Follower over its store and assistant, opened on first use (settings from
    the environment unless given)."""
    with _opening:
        key = id(services)
        if key not in _followers:
            chosen = settings or FollowSettings.from_env(os.environ)
            _followers[key] = Follower.open(services.settings.home, services.store, services.assistant, chosen)
            weakref.finalize(services, _forget, key)
        return _followers[key]


def _forget(key: int) -> None:
    follower = _followers.pop(key, None)
    if follower is not None:
        follower.close()


class Poller:
    """Polls the followed sources in a thread of its own until ``stop``."""

    def __init__(self, services: Services, follower: Follower, tick_s: float = 5.0, sweep_s: float = 30.0) -> None:
        self.services, self.follower, self.tick_s, self.sweep_s = services, follower, tick_s, sweep_s
        # Documents that come another way (an upload, an ingest through the server) are found by
        # their ingest time, every sweep_s: the alerts run over those ingested since the last sweep.
        self._mark, self._swept = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), time.monotonic()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True, name="pressroom-follow")
        self.runs = 0  # completed rounds

    def start(self) -> Poller:
        """Start polling."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop after the current source (a fetch in flight ends within its timeout)."""
        self._stop.set()
        self._thread.join(timeout=self.follower.fetcher.policy.timeout_s + 5)

    def _loop(self) -> None:
        lock = self.services.lock
        while not self._stop.is_set():
            try:
                reports, found = self.follower.run(write_lock=lambda: lock.exclusive, read_lock=lambda: lock.shared)
                for r in reports:
                    if r.added or r.updated or r.error:
                        print(f"follow: {r.summary()}", file=sys.stderr, flush=True)
                if time.monotonic() - self._swept >= self.sweep_s:
                    mark, self._swept = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), time.monotonic()
                    for name, more in self.follower.sweep(self._mark, read_lock=lambda: lock.shared).items():
                        found.setdefault(name, []).extend(more)
                    self._mark = mark
                for name, matches in found.items():
                    print(f"alert {name}: {len(matches)} new", file=sys.stderr, flush=True)
            except Exception as exc:  # noqa: BLE001 - the poller outlives any one fault; it says what happened
                print(f"follow: a poll failed: {' '.join(str(exc).split())[:300]}", file=sys.stderr, flush=True)
            self.runs += 1
            self._stop.wait(self.tick_s)


def _follower(request: Request) -> Follower:
    try:
        return follower_of(request.app.state.services)
    except ValueError as exc:
        raise HTTPException(503, f"following is not configured: {exc}") from exc


@router.get("/alerts/{name}.atom", tags=["alerts"], response_class=Response)
def alert_atom(name: str, request: Request) -> Response:
    """An alert's Atom feed: the new documents that matched it, newest first, with the matching sentence."""
    alerts = _follower(request).alerts
    try:
        alert = alerts.alert(name)
    except AlertError as exc:
        raise HTTPException(404, str(exc)) from exc
    body = atom_feed(alert, alerts.matches(name), str(request.url))
    return Response(body, media_type="application/atom+xml; charset=utf-8")


class AlertIn(BaseModel):
    """A saved search."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=80)
    query: str = Field(min_length=1, max_length=2000, description="A find query, or a question ending with ?")
    kind: str | None = Field(None, description="find or question (default: question when it ends with ?).")
    webhook: str = Field("", max_length=2000, description="POST each batch of new matches as JSON here.")
    lang: str | None = Field(None, max_length=10, description="Only documents in this language.")
    doc_kind: str | None = Field(None, max_length=40, description="Only documents of this kind.")
    date_from: str | None = Field(None, description="Only documents dated on or after (YYYY[-MM[-DD]]).")
    date_to: str | None = Field(None, description="Only documents dated on or before.")


@router.get("/api/alerts", tags=["alerts"])
def list_alerts(request: Request) -> list[dict]:
    """Every alert with its count of matches not yet looked at."""
    alerts = _follower(request).alerts
    return [{**a.to_dict(), "new": alerts.unseen(a.name)} for a in alerts.alerts()]


@router.post("/api/alerts", tags=["alerts"])
def add_alert(body: AlertIn, request: Request) -> dict:
    """Save an alert (a find query that cannot be read is a 400 saying where)."""
    follower = _follower(request)
    try:
        if body.webhook:
            check_url(body.webhook, follower.fetcher.policy.allow_private)
        filters = {"lang": body.lang, "kind": body.doc_kind, "date_from": body.date_from, "date_to": body.date_to}
        return follower.alerts.add(body.name, body.query, body.kind, body.webhook, filters).to_dict()
    except (AlertError, FetchError, ValueError) as exc:
        raise HTTPException(400, str(exc)) from exc


@router.get("/api/alerts/{name}", tags=["alerts"])
def alert_matches(name: str, request: Request) -> dict:
    """An alert's matches, newest first; reading them clears its "new" count."""
    alerts = _follower(request).alerts
    try:
        alert, new = alerts.alert(name), alerts.unseen(name)
    except AlertError as exc:
        raise HTTPException(404, str(exc)) from exc
    matches = [m.to_dict() for m in alerts.matches(name)]
    alerts.mark_seen(name)
    return {**alert.to_dict(), "new": new, "matches": matches}


@router.delete("/api/alerts/{name}", tags=["alerts"])
def remove_alert(name: str, request: Request) -> dict:
    """Delete an alert and its matches."""
    try:
        _follower(request).alerts.remove(name)
    except AlertError as exc:
        raise HTTPException(404, str(exc)) from exc
    return {"removed": name}


class FollowIn(BaseModel):
    """A source to follow."""

    model_config = ConfigDict(extra="forbid")

    target: Annotated[str, Field(min_length=1, max_length=2000, description="An http(s) URL: feed, sitemap or page.")]
    every: str = Field("30m", description="How often: 30m, 2h, 1d...")
    name: str | None = Field(None, max_length=80)
    max_items: int = Field(500, ge=1, le=100_000)


@router.get("/api/follow", tags=["follow"])
def list_sources(request: Request) -> list[dict]:
    """The followed sources: schedule, last run, what it brought, errors."""
    return [s.to_dict() for s in _follower(request).state.sources()]


@router.post("/api/follow", tags=["follow"])
def add_source(body: FollowIn, request: Request) -> dict:
    """Follow a URL (folders are added from the command line, on the server's own machine)."""
    follower = _follower(request)
    try:
        check_url(body.target, follower.fetcher.policy.allow_private)
        return follower.state.add(body.target, parse_every(body.every), body.name, body.max_items).to_dict()
    except (FollowError, FetchError) as exc:
        raise HTTPException(400, str(exc)) from exc


@router.delete("/api/follow/{name}", tags=["follow"])
def remove_source(name: str, request: Request) -> dict:
    """Stop following a source; its documents stay."""
    try:
        _follower(request).state.remove(name)
    except FollowError as exc:
        raise HTTPException(404, str(exc)) from exc
    return {"removed": name}


@router.post("/api/follow/{name}/run", tags=["follow"])
async def run_source(name: str, request: Request) -> dict:
    """Poll one source now, due or not, and run the alerts over what it brought."""
    follower, lock = _follower(request), request.app.state.services.lock
    try:
        follower.state.source(name)
    except FollowError as exc:
        raise HTTPException(404, str(exc)) from exc
    reports, found = await run_in_threadpool(
        follower.run, [name], due_only=False, write_lock=lambda: lock.exclusive, read_lock=lambda: lock.shared)
    return {"report": reports[0].to_dict(), "alerts": {k: len(v) for k, v in found.items()}}
