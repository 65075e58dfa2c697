"""One index, any number of commands: CLI commands run inside a running ``pressroom serve``.

A local folder's index can be open in one process only (Qdrant Edge locks its write-ahead log).
While ``serve`` holds it, the server advertises itself in ``PRESSROOM_HOME/server.json`` (its
address, process id and a key, readable by its user alone), and a CLI command on the same data
folder sends its arguments there instead of opening the index (``ui/remote.py``). The server
runs the very same command on its open, warm Pressroom, under its store lock
(``assistant.console.SERVED``), and streams back what the command prints and its exit status,
so the output is the same byte for byte as when the command opens the index itself.
"""

from __future__ import annotations

import base64
import hmac
import json
import os
import queue
import secrets
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from assistant.console import SERVED, Served
from index.holder import SERVER, remove_note, write_note
from ui.remote import EVALUATING, FORWARDED, forwarded
from ui.services import Services

KEY_HEADER = "x-pressroom-local"

_local = threading.local()


class _Stream:
    """``sys.stdout`` or ``sys.stderr`` for the whole server: what a served command's thread writes
    goes to its request, everything else to the real stream."""

    def __init__(self, real: Any, name: str) -> None:
        self._real = real
        self._name = name
        self.buffer = _Bytes(self)

    def _sink(self) -> Any:
        return getattr(_local, "sink", None)

    def write(self, text: str) -> int:
        sink = self._sink()
        if sink is None:
            return self._real.write(text)
        if text:
            sink.put({self._name: text})
        return len(text)

    def flush(self) -> None:
        if self._sink() is None:
            self._real.flush()

    def isatty(self) -> bool:
        sink = self._sink()
        return bool(getattr(_local, "tty", False)) if sink is not None else self._real.isatty()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


class _Bytes:
    """The ``buffer`` of a ``_Stream``: bytes (a Word file to standard output) travel as base64."""

    def __init__(self, stream: _Stream) -> None:
        self._stream = stream

    def write(self, data: bytes) -> int:
        sink = self._stream._sink()
        if sink is None:
            return self._stream._real.buffer.write(data)
        sink.put({self._stream._name + "_b64": base64.b64encode(data).decode()})
        return len(data)

    def flush(self) -> None:
        if self._stream._sink() is None:
            self._stream._real.buffer.flush()


def install_streams() -> None:
    """Route served commands' output to their requests (once per process)."""
    if not isinstance(sys.stdout, _Stream):
        sys.stdout = _Stream(sys.stdout, "out")  # type: ignore[assignment]
    if not isinstance(sys.stderr, _Stream):
        sys.stderr = _Stream(sys.stderr, "err")  # type: ignore[assignment]


@dataclass(frozen=True)
class Advert:
    """What ``server.json`` holds: where the server listens, who it is, and the local key."""

    url: str
    pid: int
    key: str
    token: str | None = None


def new_advert(host: str, port: int, token: str | None) -> Advert:
    """An advert, with a fresh key, for this process serving on ``host:port``."""
    shown = f"[{host}]" if ":" in host else host
    if host in ("0.0.0.0", "::", ""):
        shown = "127.0.0.1"
    return Advert(f"http://{shown}:{port}", os.getpid(), secrets.token_urlsafe(24), token)


def advertise(home: Path, advert: Advert) -> None:
    """Write the advert to ``home``, readable by this user alone (once the server listens)."""
    write_note(home, SERVER, {"url": advert.url, "pid": advert.pid, "key": advert.key, "token": advert.token})


def withdraw(home: Path) -> None:
    """Remove this server's advert."""
    remove_note(home, SERVER)


def key_ok(given: str, advert: Advert | None) -> bool:
    """Whether a request carries this server's local key."""
    return advert is not None and bool(given) and hmac.compare_digest(given.encode(), advert.key.encode())


def run_command(root: Any, services: Services, argv: list[str], env: dict[str, str], tty: bool) -> Iterator[bytes]:
    """Run ``pressroom ARGV`` on the server's Pressroom; yield JSON lines of its output, then its exit status."""
    sink: queue.Queue = queue.Queue()
    writes = bool(argv) and argv[0] in ("ingest", "delete")
    lock = services.lock.exclusive if writes else services.lock.shared
    served = Served(services.room, lock, env, stepwise=bool(argv) and argv[0] == "ingest")

    def work() -> None:
        _local.sink, _local.tty = sink, tty
        SERVED.set(served)
        code = 0
        try:
            root.main(args=argv, prog_name="pressroom", standalone_mode=True)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except Exception as exc:  # noqa: BLE001 - reported to the client as one line, never a traceback
            sink.put({"err": f"pressroom: error: the server failed to run the command: {type(exc).__name__}: {exc}\n"})
            code = 1
        finally:
            _local.sink = None
            sink.put({"exit": code})

    threading.Thread(target=work, daemon=True, name="pressroom-command").start()
    while True:
        item = sink.get()
        yield (json.dumps(item, ensure_ascii=False) + "\n").encode()
        if "exit" in item:
            return


class RunRequest(BaseModel):
    """A CLI command for the server to run: its arguments, the CLI's ``PRESSROOM_*`` variables,
    and whether its standard output is a terminal."""

    argv: list[str]
    env: dict[str, str] = {}
    tty: bool = False


router = APIRouter()


@router.get("/api/local/ping", include_in_schema=False)
def ping(request: Request) -> dict:
    """Whether this is the server of the advert (no lock taken: it answers while a command runs)."""
    if not key_ok(request.headers.get(KEY_HEADER, ""), getattr(request.app.state, "advert", None)):
        raise HTTPException(403, "not this server's key")
    return {"pid": os.getpid()}


@router.post("/api/local/run", include_in_schema=False)
def run(body: RunRequest, request: Request) -> StreamingResponse:
    """Run a CLI command of this machine's user (who can read ``server.json``) on the open index."""
    state = request.app.state
    if not key_ok(request.headers.get(KEY_HEADER, ""), getattr(state, "advert", None)):
        raise HTTPException(403, "only a pressroom command of this data folder's user may run commands here")
    if not forwarded(body.argv):
        raise HTTPException(400, f"not a command the server runs: {body.argv[:1]}; it runs {sorted(FORWARDED)}, "
                                 f"and {sorted(EVALUATING)} without --ingest")
    return StreamingResponse(
        run_command(state.commands, state.services, body.argv, body.env, body.tty), media_type="application/x-ndjson"
    )
