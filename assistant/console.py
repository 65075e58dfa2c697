"""What the two command sets share (ui's and eval's, joined into ``pressroom`` by ``pressroom.cli``):
settings checked at start-up, Pressroom opened with its failures as one-line messages, and
ingest with a progress bar. It sits below both, so that neither imports the other.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from assistant.config import PressroomSettings, SettingsError

if TYPE_CHECKING:
    from assistant.facade import Pressroom
    from index.store import IngestEvent


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
    try:
        return PressroomSettings.from_env(assistant=overrides)
    except SettingsError as exc:
        fail(f"invalid setting: {exc}")


@contextmanager
def session(chosen: PressroomSettings | None = None) -> Iterator[Pressroom]:
    """Pressroom opened on ``chosen`` (the environment's settings by default); failures become messages."""
    from assistant.facade import FAILURES, open_pressroom

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

    chosen = settings(overrides)
    with tempfile.TemporaryDirectory(prefix="pressroom-scratch-") as scratch:
        if ingest:
            chosen = chosen.in_folder(Path(scratch))
        with session(chosen) as room:
            if ingest:
                ingest_with_progress(room, ingest)
            yield room


def ingest_with_progress(room: Pressroom, paths: list[Path], quiet: bool = False) -> tuple[dict[str, int], list]:
    """Ingest with a progress bar on stderr and an ``error: FILE: reason`` line per failure."""
    from tqdm import tqdm

    counts = {"added": 0, "updated": 0, "unchanged": 0, "failed": 0}
    failures: list[IngestEvent] = []
    with tqdm(desc="ingest", unit="doc", file=sys.stderr, disable=quiet) as bar:
        for event in room.ingest(paths):
            counts[event.status] += 1
            bar.update(1)
            bar.set_postfix(counts, refresh=False)
            if event.status == "failed":
                failures.append(event)
                bar.write(f"error: {one_line(event.source_id)}: {one_line(event.reason)}", file=sys.stderr)
    return counts, failures
