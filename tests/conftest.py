"""Shared fixtures: the real packaged model, loaded once, and the sample corpus indexed once."""

from __future__ import annotations

import os

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("UNSTRUCTURED_DISABLE_NOTICE", "1")

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.assistant import Assistant
from index.embedding import Embedder, make_embedder
from index.followed import FollowState
from index.ingesting import ingest_paths
from index.settings import IndexSettings
from index.store import PassageStore
from tests.press_site import Site, serve

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_corpus"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def local_llm():  # noqa: ANN201 - llama-index LLM
    """The real packaged SmolLM2-135M-Instruct (GGUF, run by transformers), loaded once, short replies."""
    from assistant.llm import LocalLLM

    llm = LocalLLM(max_new_tokens=48)
    llm.load()
    return llm


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The real packaged all-MiniLM-L6-v2, loaded once per session."""
    return make_embedder(IndexSettings(qdrant_location=":memory:"))


def memory_store(embedder: Embedder, prefix: str = "t_") -> PassageStore:
    """A fresh in-memory store."""
    return PassageStore(IndexSettings(qdrant_location=":memory:", collection_prefix=prefix), embedder)


def feed_assistant(embedder: Embedder, tmp_path: Path, records: list[dict], prefix: str) -> Assistant:
    """An assistant over ``records`` written as a JSON Lines feed and ingested into a fresh store."""
    feed = tmp_path / f"{prefix}feed.jsonl"
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    store = memory_store(embedder, prefix)
    list(ingest_paths(store, [feed]))
    return Assistant(store, embedder)


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
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The ``pressroom`` command through typer's runner, on a data folder of the test's own:
    ``run("ask", "…")`` gives the result (exit code, stdout, stderr)."""
    from typer.testing import CliRunner

    from pressroom.cli import app

    monkeypatch.setenv("PRESSROOM_HOME", str(tmp_path / "home"))
    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(args))


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


# -- a real server: uvicorn on a free local port, in a thread ------------------------------

HOSTILE = ROOT / "tests" / "fixtures" / "hostile.html"
TOKEN = "test-token-0123456789abcdef"


class LiveServer:
    """A running ``pressroom serve`` app: its base URL and the services behind it."""

    def __init__(self, services, token: str | None = None) -> None:
        import threading

        import uvicorn

        from ui.server import create_app

        self.services = services
        self.token = token
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        self._server = uvicorn.Server(uvicorn.Config(create_app(services), host="127.0.0.1", port=port,
                                                     log_level="warning"))
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        import time

        deadline = time.monotonic() + 60
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=15)
        self.services.close()


def start_server(
    embedder: Embedder,
    home: Path,
    paths: list[Path],
    llm: object = None,
    assistant: dict | None = None,
    **server: object,
) -> LiveServer:
    """Index ``paths`` into a local store under ``home`` and serve it."""
    from assistant.config import PressroomSettings
    from assistant.settings import AssistantSettings
    from ui.server import open_services
    from ui.settings import ServerSettings

    settings = PressroomSettings(index=IndexSettings(home=home), assistant=AssistantSettings(**(assistant or {})))
    services = open_services(settings, ServerSettings(home=home, **server), embedder, llm)  # type: ignore[arg-type]
    events = list(ingest_paths(services.store, paths))
    assert all(e.status == "added" for e in events), events
    return LiveServer(services, server.get("token"))  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def live_server(embedder: Embedder, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The sample corpus served without a token, read-only for tests."""
    server = start_server(embedder, tmp_path_factory.mktemp("serve"), [SAMPLE])
    yield server
    server.stop()


@pytest.fixture(scope="session")
def secured_server(embedder: Embedder, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A token-protected server with a 1 MB upload limit, holding a document full of markup."""
    server = start_server(embedder, tmp_path_factory.mktemp("secured"), [HOSTILE], token=TOKEN, max_upload_mb=1)
    yield server
    server.stop()


@pytest.fixture
def site() -> Iterator[Site]:
    """A fresh press office on a free loopback port (``tests/press_site.py``)."""
    site = Site()
    server = serve(site)
    yield site
    server.shutdown()
    server.server_close()


@pytest.fixture
def state(tmp_path: Path) -> Iterator[FollowState]:
    """An empty follow state in a temporary data folder."""
    state = FollowState(tmp_path / "follow.sqlite3")
    yield state
    state.close()
