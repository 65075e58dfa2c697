"""One wiring: the store, the encoder and the assistant over one index, opened together.

The CLI, the server, eval and the benchmark all open Pressroom here, from settings built at their
entry point (``assistant.config.PressroomSettings``); none of them wires the parts itself.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.config import PressroomSettings
from assistant.errors import AssistantFailure
from assistant.settings import AssistantSettings
from index.embedding import Embedder, make_embedder
from index.errors import IndexFailure
from index.ingesting import ingest_paths
from index.store import IngestEvent, PassageStore
from ingest.errors import IngestFailure

if TYPE_CHECKING:  # the assistant, and llama-index with it (1 s to import), load on first use
    from llama_index.core.llms import LLM

    from assistant.assistant import Assistant

# What the layers raise for a user to read: the edges turn these into a message (a CLI error
# line, an HTTP status), never a traceback.
FAILURES = (IndexFailure, IngestFailure, AssistantFailure, ValueError)


@dataclass
class Pressroom:
    """The parts behind every command and request; ``close`` (or ``with``) when done.

    The assistant is made on first use (or given): a command that only reads or writes the index
    (``docs``, ``delete``, ``ingest``) does not import llama-index, which takes about 1 s."""

    settings: PressroomSettings
    store: PassageStore
    embedder: Embedder
    given: Assistant | None = None
    llm: LLM | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def assistant(self) -> Assistant:
        """The assistant over this index, made here the first time it is asked for."""
        with self._lock:
            if self.given is None:
                from assistant.assistant import Assistant

                self.given = Assistant(self.store, self.embedder, self.settings.assistant, self.llm)
            return self.given

    def ingest(self, paths: Iterable[Path]) -> Iterator[IngestEvent]:
        """Ingest files, folders and feeds: one event per document (added, updated, unchanged, failed)."""
        return ingest_paths(self.store, list(paths))

    def answering(self, settings: AssistantSettings) -> Assistant:
        """Another assistant over the same index and encoder (eval's side-by-side run of another mode)."""
        from assistant.assistant import Assistant

        return Assistant(self.store, self.embedder, settings)

    def with_assistant(self, settings: AssistantSettings) -> Pressroom:
        """This Pressroom, or one whose assistant has other settings over the same index, encoder
        and language model (a command run inside the server, with its own ``--mode`` or reader)."""
        if settings == self.assistant.settings:
            return self
        from assistant.assistant import Assistant

        assistant = Assistant(self.store, self.embedder, settings, self.assistant.shared_llm(settings))
        assistant.outside_store = self.assistant.outside_store
        return Pressroom(self.settings.model_copy(update={"assistant": settings}), self.store, self.embedder, assistant)

    def close(self) -> None:
        """Let go of the index (a local folder is locked while it is open), and stop the local
        language model's process if one runs: a reply it is still writing ends there, so that a
        server stopping does not wait for it."""
        try:
            self.store.close()
        finally:
            made = self.given  # not self.assistant: closing must not make one (index commands never import it)
            stop = getattr(made.shared_llm(made.settings), "stop", None) if made is not None else None
            if callable(stop):
                stop()

    def __enter__(self) -> Pressroom:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_pressroom(settings: PressroomSettings, embedder: Embedder | None = None, llm: LLM | None = None) -> Pressroom:
    """Open the index the settings name, with its encoder and an assistant over it.

    ``embedder`` and ``llm`` are parts already loaded (tests, the benchmark's counting encoder);
    otherwise the encoder is loaded here and the generative mode's model on first use.
    """
    home = settings.index.home
    if home.exists() and not home.is_dir():  # before loading the encoder, and in words a user knows
        raise IndexFailure(f"the data folder {home} is a file: set PRESSROOM_HOME to a folder")
    embedder = embedder or make_embedder(settings.index)
    return Pressroom(settings, PassageStore(settings.index, embedder), embedder, llm=llm)
