"""Who holds a local index: a note in the data folder, so that another process can say so.

Qdrant Edge lets one process at a time open a shard (it locks the write-ahead log) but cannot
say which. So the process that opens a local index writes ``holder.json`` (its process id, its
command line and when), and ``pressroom serve`` also writes ``server.json`` (its address and the
key with which the same user's CLI commands run inside it, ui/local.py). A process refused the
index names the holder from these notes. Standard library only: the CLI reads them at start-up.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from pathlib import Path

HOLDER = "holder.json"
SERVER = "server.json"


def alive(pid: int) -> bool:
    """Whether a process with this id runs (another user's counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_note(home: Path, name: str, note: dict) -> Path:
    """Write ``note`` as ``home/name``, readable by this user alone, atomically."""
    home.mkdir(parents=True, exist_ok=True)
    path = home / name
    partial = path.with_name(f"{name}.{os.getpid()}.part")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(note, out)
    partial.replace(path)
    return path


def read_note(home: Path, name: str) -> dict | None:
    """The note of a live process, or None (a dead process's note is removed)."""
    path = home / name
    try:
        note = json.loads(path.read_text(encoding="utf-8"))
        pid = int(note["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if pid == os.getpid():
        return None
    if not alive(pid):
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    return note


def remove_note(home: Path, name: str) -> None:
    """Remove this process's note, if the note is still its own."""
    path = home / name
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        if int(json.loads(path.read_text(encoding="utf-8"))["pid"]) == os.getpid():
            path.unlink()


def claim(home: Path) -> None:
    """Note that this process holds the index in ``home``."""
    command = " ".join([Path(sys.argv[0]).name, *sys.argv[1:]])[:200] if sys.argv else "python"
    with contextlib.suppress(OSError):
        write_note(home, HOLDER, {"pid": os.getpid(), "command": command, "since": time.strftime("%Y-%m-%d %H:%M:%S")})


def in_use(home: Path) -> str:
    """That the index in ``home`` is in use, by whom, and what to do: one line for an error message."""
    server = read_note(home, SERVER)
    if server:
        return (f"the index in {home} is in use by another Pressroom process, `pressroom serve` (process "
                f"{server['pid']}) at {server.get('url', '?')}: ask, search, find, ingest, docs, delete, brief, quotes "
                "and timeline run through it; other commands need it stopped first (or --ingest, where offered)")
    holder = read_note(home, HOLDER)
    if holder:
        return (f"the index in {home} is in use by another Pressroom process, `{holder.get('command', 'pressroom')}` "
                f"(process {holder['pid']}, since {holder.get('since', '?')}): wait until it ends, or stop it")
    return f"the index in {home} is in use by another Pressroom process: wait until it ends, or stop it"
