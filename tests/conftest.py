"""Shared fixtures: the real packaged model, loaded once, and the sample corpus indexed once."""

from __future__ import annotations

import os

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("UNSTRUCTURED_DISABLE_NOTICE", "1")

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.assistant import Assistant
from index.embedding import Embedder, make_embedder
from index.ingesting import ingest_paths
from index.settings import IndexSettings
from index.store import PassageStore

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_corpus"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The real packaged all-MiniLM-L6-v2, loaded once per session."""
    return make_embedder(IndexSettings(qdrant_location=":memory:"))


def memory_store(embedder: Embedder, prefix: str = "t_") -> PassageStore:
    """A fresh in-memory store."""
    return PassageStore(IndexSettings(qdrant_location=":memory:", collection_prefix=prefix), embedder)


@pytest.fixture(scope="session")
def sample_store(embedder: Embedder) -> PassageStore:
    """The sample corpus, indexed once, read-only for tests."""
    store = memory_store(embedder, "sample_")
    events = list(ingest_paths(store, [SAMPLE]))
    assert [e.status for e in events] == ["added"] * 5
    return store


@pytest.fixture(scope="session")
def assistant(sample_store: PassageStore, embedder: Embedder) -> Assistant:
    """The default (extractive) assistant over the sample corpus."""
    return Assistant(sample_store, embedder)


@pytest.fixture
def store(embedder: Embedder, request: pytest.FixtureRequest) -> PassageStore:
    """An empty in-memory store for a test that writes."""
    return memory_store(embedder, f"w{abs(hash(request.node.nodeid))}_")


class NetworkUsed(AssertionError):
    """Raised when code tries to open a network connection."""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail any attempt to connect to a network address (local sockets still work)."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise NetworkUsed(f"network connection attempted to {address!r}")
        return real_connect(self, address)

    def no_dns(*args: object, **kwargs: object) -> object:
        raise NetworkUsed(f"DNS lookup attempted for {args[0]!r}")

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: no_dns(*a))
    yield
