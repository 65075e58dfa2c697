"""What the two command sets share (ui's and eval's, joined into ``pressroom`` by ``pressroom.cli``):
settings checked at start-up, Pressroom opened with its failures as one-line messages, and
ingest with a progress bar. It sits below both, so that neither imports the other.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from assistant.config import PressroomSettings, SettingsError

if TYPE_CHECKING:
    from assistant.facade import Pressroom
    from index.store import IngestEvent


@dataclass
class Served:
    """A command run inside ``pressroom serve`` for a CLI in another process (ui/local.py):
    the server's open Pressroom, its store lock, and the CLI's own ``PRESSROOM_*`` variables."""

    room: Pressroom
    lock: AbstractContextManager
    env: dict[str, str] = field(default_factory=dict)
    stepwise: bool = False  # ingest: the lock is taken for one document at a time, not the whole command


SERVED: ContextVar[Served | None] = ContextVar("pressroom_served", default=None)


def store_lock() -> AbstractContextManager:
    """The server's store lock when a command runs inside it, else nothing to hold."""
    served = SERVED.get()
    return served.lock if served else nullcontext()


def one_line(text: str) -> str:
    r"""Text for a one-line message: control characters (a newline in a file name) escaped.

    >>> one_line("bad\nname.txt")
    'bad\\nname.txt'
    """
    return "".join(ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode() for ch in text)


def fail(message: str) -> NoReturn:
    """Stop with a one-line error message and exit status 2 (no traceback)."""
    print(f"pressroom: error: {message}", file=sys.stderr)
    raise typer.Exit(2)


def settings(overrides: dict[str, str] | None = None) -> PressroomSettings:
    """The settings from the environment, or a one-line error naming the bad variable and its valid values."""
    served = SERVED.get()
    try:
        return PressroomSettings.from_env(served.env if served else None, assistant=overrides)
    except SettingsError as exc:
        fail(f"invalid setting: {exc}")


def detector_aside() -> None:
    """In a fresh process (not a command run inside ``pressroom serve``), load the language
    detector in a child process on the other core while this one opens the index; the index
    loads the multilingual encoder in a thread once open.

    The assistant's imports come first, before the index opens: imported after it, beside the
    encoder's thread, they made a cold ``ask`` 0.5 s slower (3.0 s against 2.5) while they held
    llama-index; an extractive answer no longer imports it (``assistant.nodes``)."""
    from index.multilingual import shared
    from ingest.metadata import load_language_detector_aside

    if SERVED.get() is None:
        load_language_detector_aside()
        shared().expect()
    import assistant.assistant  # noqa: F401


@contextmanager
def session(chosen: PressroomSettings | None = None) -> Iterator[Pressroom]:
    """Pressroom opened on ``chosen`` (the environment's settings by default); failures become messages.

    Inside ``pressroom serve`` (``SERVED``) it is the server's Pressroom instead, warm, with an
    assistant of the command's own settings, under the server's lock.
    """
    from assistant.facade import FAILURES, open_pressroom

    served = SERVED.get()
    if served is not None:
        with nullcontext() if served.stepwise else served.lock:
            try:
                yield served.room.with_assistant((chosen or settings()).assistant)
            except FAILURES as exc:
                fail(str(exc))
        return

    try:
        room = open_pressroom(chosen or settings())
    except FAILURES as exc:
        fail(str(exc))
    try:
        yield room
    except FAILURES as exc:
        fail(str(exc))
    finally:
        room.close()


@contextmanager
def scratch_session(ingest: list[Path] | None, overrides: dict[str, str] | None = None) -> Iterator[Pressroom]:
    """Pressroom over ``ingest`` in a fresh data folder of its own, or over the configured index."""
    import tempfile

    check_inputs(ingest or [])
    chosen = settings(overrides)
    with tempfile.TemporaryDirectory(prefix="pressroom-scratch-") as scratch:
        if ingest:
            chosen = chosen.in_folder(Path(scratch))
        with session(chosen) as room:
            if ingest:
                ingest_with_progress(room, ingest)
            yield room


def check_inputs(paths: list[Path]) -> None:
    """Stop with one line where a file or folder to ingest is not there: an evaluation over an
    index that lacks its documents would only say, later, that a gold document is missing."""
    for path in paths:
        if not path.exists():
            fail(f"cannot ingest {str(path)!r}: there is no such file or folder")


def ingest_with_progress(room: Pressroom, paths: list[Path], quiet: bool = False) -> tuple[dict[str, int], list]:
    """Ingest with a progress bar on stderr and an ``error: FILE: reason`` line per failure."""
    from tqdm import tqdm

    from ingest.pipeline import holds_files

    for path in paths:  # not a failure, but "0 added" alone would leave the user guessing
        if path.is_dir() and not holds_files(path):
            print(f"note: {path}: the folder holds no files to ingest (hidden ones are skipped)", file=sys.stderr)
    counts = {"added": 0, "updated": 0, "unchanged": 0, "failed": 0}
    failures: list[IngestEvent] = []
    with tqdm(desc="ingest", unit="doc", file=sys.stderr, disable=quiet) as bar:
        for event in _stepwise(room.ingest(paths)):
            counts[event.status] += 1
            bar.update(1)
            bar.set_postfix(counts, refresh=False)
            if event.status == "failed":
                failures.append(event)
                bar.write(f"error: {one_line(event.source_id)}: {one_line(event.reason)}", file=sys.stderr)
    return counts, failures


def _stepwise(events: Iterator[IngestEvent]) -> Iterator[IngestEvent]:
    """Ingest events, each worked out under the server's lock when run inside it: questions are
    answered between two documents (or two batches of a feed), never stalled by a whole ingest."""
    while True:
        with store_lock():
            event = next(events, None)
        if event is None:
            return
        yield event


def check_out(out: Path | None, *, folder: bool = False) -> None:
    """Stop with one line where ``out`` cannot be written: a folder where a file is asked for, or a
    file's parent folder that is not there; for a ``folder`` (made with its parents), a file in
    its place or above it. Checked before the work, so that a long briefing or evaluation is not
    lost at its end.

    >>> check_out(Path("/tmp"), folder=True)
    """
    if out is None:
        return
    if folder:
        existing = next(p for p in (out, *out.absolute().parents) if p.exists())
        if not existing.is_dir():
            fail(f"cannot write into {str(out)!r}: {str(existing)!r} is a file; name a folder")
        if not os.access(existing, os.W_OK | os.X_OK):  # a read-only disk says no to root as well
            fail(f"cannot write into {str(out)!r}: {str(existing)!r} is not writable")
        return
    if out.is_dir():
        fail(f"cannot write {str(out)!r}: it is a folder; name a file")
    if not out.parent.is_dir():
        fail(f"cannot write {str(out)!r}: there is no folder {str(out.parent)!r}")
    if not os.access(out if out.exists() else out.parent, os.W_OK):
        fail(f"cannot write {str(out)!r}: {str(out if out.exists() else out.parent)!r} is not writable")
