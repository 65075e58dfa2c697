"""``pressroom serve``: open the index, ingest what is asked first, listen, and advertise the server
to the other commands of its data folder (ui/local.py) until it stops."""

from __future__ import annotations

import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

import uvicorn

from assistant.config import PressroomSettings
from assistant.console import fail, ingest_with_progress
from assistant.facade import FAILURES
from ui.follow_service import Poller, follower_of
from ui.local import advertise, new_advert, withdraw
from ui.remote import find_server
from ui.server import create_app, open_services, why_not_listen
from ui.settings import ServerSettings


def serve_forever(commands: Any, chosen: PressroomSettings, host: str, port: int, ingest_first: list[Path]) -> None:
    """Serve until stopped; ``commands`` is the ``pressroom`` command group that CLI commands run in."""
    try:
        server = ServerSettings.from_env(chosen.index.home, host, port)
    except ValueError as exc:
        fail(_first_error(exc))
    if (reason := why_not_listen(host, port)) is not None:
        fail(f"cannot listen on {host}:{port}: {reason}")
    local_folder = not chosen.index.qdrant_location
    running = find_server(chosen.index.home) if local_folder else None
    if running is not None:
        fail(f"pressroom serve (process {running['pid']}) already serves the index in {chosen.index.home} at "
             f"{running['url']}; use that one, or stop it first")
    try:
        services = open_services(chosen, server)
    except FAILURES as exc:
        fail(str(exc))
    advert = poller = None
    try:
        if ingest_first:
            _, failures = ingest_with_progress(services.room, ingest_first)
            print(f"ingested {', '.join(map(str, ingest_first))}: {len(services.documents())} documents"
                  + (f", {len(failures)} failed" if failures else ""))
        try:
            follower = follower_of(services)  # followed sources and alerts (ui/follow_service.py)
        except ValueError as exc:  # a bad value of a follow setting (PRESSROOM_FOLLOW_DELAY...)
            fail(f"invalid setting: {exc}")
        advert = new_advert(host, port, server.token) if local_folder else None
        # A request still running 10 s after Ctrl+C or SIGTERM is cut short (a language model's
        # reply can take minutes); closing the services below then stops the model's process.
        served = uvicorn.Server(uvicorn.Config(create_app(services, commands, advert), host=host, port=port,
                                               log_level="warning", timeout_graceful_shutdown=SHUTDOWN_S))

        def announce() -> None:  # once it listens, other commands on this data folder run here
            while not served.started and not served.should_exit:
                time.sleep(0.05)
            if not served.started:
                return
            if advert is not None:
                advertise(chosen.index.home, advert)
            shown = f"[{host}]" if ":" in host else host
            print(f"Pressroom is serving http://{shown}:{port}/  (API docs: /docs; Ctrl+C stops)", flush=True)

        threading.Thread(target=announce, daemon=True, name="pressroom-announce").start()
        poller = Poller(services, follower).start()  # followed sources, on their schedule
        # uvicorn raises SIGTERM again once it has shut down; a plain exit then lets the notes go below.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        served.run()
    finally:
        if poller is not None:
            poller.stop()
        if advert is not None:
            withdraw(chosen.index.home)
        services.close()


SHUTDOWN_S = 10  # seconds a stopping server waits for the requests it is answering


# Where each server setting comes from, to name it in an error.
_NAMED = {"port": "--port", "host": "--host", "max_upload_mb": "PRESSROOM_MAX_UPLOAD_MB",
          "rate_limit": "PRESSROOM_RATE_LIMIT", "token": "PRESSROOM_TOKEN"}  # fmt: skip


def _first_error(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        said = []
        for e in errors():
            message = str(e.get("msg", "")).removeprefix("Value error, ")
            field = e.get("loc", ("",))[0] if e.get("loc") else ""
            named = _NAMED.get(str(field))
            said.append(f"invalid setting: {named}={e.get('input')!r}: {message}" if named else message)
        return "; ".join(said)
    return str(exc)
