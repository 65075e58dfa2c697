"""One wiring: the store, the encoder and the assistant over one index, opened together.

The CLI, the server, eval and the benchmark all open Pressroom here, from settings built at their
entry point (``assistant.config.PressroomSettings``); none of them wires the parts itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from llama_index.core.llms import LLM

from assistant.assistant import Assistant
from assistant.config import PressroomSettings
from assistant.errors import AssistantFailure
from assistant.settings import AssistantSettings
from index.embedding import Embedder, make_embedder
from index.errors import IndexFailure
from index.ingesting import ingest_paths
from index.store import IngestEvent, PassageStore
from ingest.errors import IngestFailure

# What the layers raise for a user to read: the edges turn these into a message (a CLI error
# line, an HTTP status), never a traceback.
FAILURES = (IndexFailure, IngestFailure, AssistantFailure, ValueError)


@dataclass
class Pressroom:
    """The parts behind every command and request; ``close`` (or ``with``) when done."""

    settings: PressroomSettings
    store: PassageStore
    embedder: Embedder
    assistant: Assistant

    def ingest(self, paths: Iterable[Path]) -> Iterator[IngestEvent]:
        """Ingest files, folders and feeds: one event per document (added, updated, unchanged, failed)."""
        return ingest_paths(self.store, list(paths))

    def answering(self, settings: AssistantSettings) -> Assistant:
        """Another assistant over the same index and encoder (eval's side-by-side run of another mode)."""
        return Assistant(self.store, self.embedder, settings)

    def with_assistant(self, settings: AssistantSettings) -> Pressroom:
        """This Pressroom, or one whose assistant has other settings over the same index, encoder
        and language model (a command run inside the server, with its own ``--mode`` or reader)."""
        if settings == self.assistant.settings:
            return self
        assistant = Assistant(self.store, self.embedder, settings, self.assistant.shared_llm(settings))
        assistant.outside_store = self.assistant.outside_store
        return Pressroom(self.settings.model_copy(update={"assistant": settings}), self.store, self.embedder, assistant)

    def close(self) -> None:
        """Let go of the index (a local folder is locked while it is open)."""
        self.store.close()

    def __enter__(self) -> Pressroom:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_pressroom(settings: PressroomSettings, embedder: Embedder | None = None, llm: LLM | None = None) -> Pressroom:
    """Open the index the settings name, with its encoder and an assistant over it.

    ``embedder`` and ``llm`` are parts already loaded (tests, the benchmark's counting encoder);
    otherwise the encoder is loaded here and the generative mode's model on first use.
    """
    embedder = embedder or make_embedder(settings.index)
    store = PassageStore(settings.index, embedder)
    try:
        assistant = Assistant(store, embedder, settings.assistant, llm)
    except BaseException:
        store.close()
        raise
    return Pressroom(settings, store, embedder, assistant)
