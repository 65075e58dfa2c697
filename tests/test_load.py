"""Load on a real server: questions during an ingest, 20 concurrent clients, 1,000 questions in a row.

Only outcomes are asserted here (every request answered, nothing lost); the timings and the
server's memory under the same load are the benchmark's (``eval.bench.api_load``, ``make bench``).
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from eval.bench import api_load
from index.embedding import Embedder
from tests.conftest import ROOT, SAMPLE, LiveServer, start_server

pytestmark = pytest.mark.integration  # a real server

QUESTIONS = [json.loads(line)["question"] for line in (ROOT / "eval" / "gold-sample.jsonl").read_text().splitlines()]
VESSELS = (
    "albatross bittern cormorant dunlin egret flamingo gannet heron ibis jacana kestrel lapwing merlin nightjar "
    "osprey puffin quail razorbill sandpiper tern avocet bunting curlew dotterel eider fulmar goshawk harrier "
    "jackdaw kittiwake"
).split()


@pytest.fixture(scope="module")
def server(embedder: Embedder, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The sample corpus served with the rate limit off: the load here is one client address, on purpose."""
    served = start_server(embedder, tmp_path_factory.mktemp("load"), [SAMPLE], rate_limit=0)
    yield served
    served.stop()


def bulletin(i: int) -> bytes:
    """A small press note with facts found in no other document."""
    vessel = VESSELS[i].capitalize()
    return (
        f"Harbour bulletin {i + 1}: the {vessel}\n\nRotterdam, {i % 28 + 1} May 2024\n\n"
        f"The harbour master reported that the vessel {vessel} unloaded {100 + 7 * i} containers of "
        f"spare parts at pier {i + 1} on {i % 28 + 1} May 2024. Customs officers inspected the cargo of the "
        f"{vessel} and found no irregularities. The {vessel} left the port the next morning.\n"
    ).encode()


ROUTES = ["/api/ask", "/api/ask", "/api/search", "/v1/chat/completions"]


def upload_while_asking(url: str, files: list[tuple[str, tuple[str, bytes, str]]]) -> tuple[list[dict], int]:
    """Upload ``files`` in one request while four clients ask; every answer is checked.

    Returns the upload's results and how many answers came back while it ran.
    """
    ingested: dict[str, object] = {}
    started = threading.Event()

    def upload() -> None:
        started.set()
        ingested["began"] = time.monotonic()
        ingested["response"] = httpx.post(f"{url}/api/documents", files=files, timeout=600)
        ingested["ended"] = time.monotonic()

    asked: list[tuple[str, int, str, float]] = []  # route, status, body, when it came back

    def ask(route: str) -> None:
        started.wait()
        with httpx.Client(base_url=url, timeout=300) as http:
            for n in itertools.count():
                question = QUESTIONS[n % len(QUESTIONS)]
                if route == "/api/ask":
                    response = http.post(route, json={"question": question})
                elif route == "/api/search":
                    response = http.get(route, params={"q": question, "limit": 3})
                else:
                    response = http.post(route, json={"messages": [{"role": "user", "content": question}]})
                asked.append((route, response.status_code, response.text, time.monotonic()))
                if "ended" in ingested and n >= 2:
                    return

    threads = [threading.Thread(target=upload)] + [threading.Thread(target=ask, args=(r,)) for r in ROUTES]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)

    response = ingested["response"]
    assert isinstance(response, httpx.Response) and response.status_code == 200, response
    assert {status for _, status, _, _ in asked} == {200}, [a[:3] for a in asked if a[1] != 200][:3]
    for route, _, body, _ in asked:
        data = json.loads(body)
        if route == "/api/ask":
            assert data["answer"] and (data["citations"] or data["abstained"])
        elif route == "/v1/chat/completions":
            assert data["choices"][0]["message"]["content"]
    during = [a for a in asked if ingested["began"] < a[3] < ingested["ended"]]  # type: ignore[operator]
    return response.json(), len(during)


def held_once(url: str) -> list[str]:
    """The source ids of the library, after checking none is listed twice and every passage is counted once."""
    documents = httpx.get(f"{url}/api/documents").json()
    ids = [d["source_id"] for d in documents]
    assert len(ids) == len(set(ids))
    assert httpx.get(f"{url}/healthz").json()["passages"] == sum(d["passages"] for d in documents)
    return ids


def test_questions_are_answered_while_an_upload_ingests(server: LiveServer) -> None:
    url = server.url
    files = [("files", (f"bulletin_{i:02d}.txt", bulletin(i), "text/plain")) for i in range(len(VESSELS))]
    results, during = upload_while_asking(url, files)
    assert [r["status"] for r in results] == ["added"] * len(VESSELS) and all(r["passages"] for r in results)
    # With the store's lock held for the whole upload, about one answer per client came back
    # while it ran; held for one document at a time, questions get in between documents.
    assert during >= 2 * len(ROUTES), f"only {during} answers came back during the ingest"
    ids = held_once(url)
    assert {f"bulletin_{i:02d}.txt" for i in range(len(VESSELS))} <= set(ids)
    answer = httpx.post(f"{url}/api/ask", json={"question": "How many containers did the vessel Osprey unload?"},
                        timeout=60).json()
    assert "198 containers" in answer["answer"]
    assert answer["citations"][0]["source_id"] == "bulletin_14.txt"


def test_questions_are_answered_while_a_feed_ingests(server: LiveServer) -> None:
    """One file, 600 records: the lock is let go between the feed's batches too."""
    records = [{"id": f"notice-{i:03d}", "title": f"Lock notice {i}", "date": "2024-06-01",
                "text": f"Lock {i} of the canal closes for {i % 9 + 1} days of repairs; barge {i} waits at berth {i}."}
               for i in range(600)]
    feed = "".join(json.dumps(r) + "\n" for r in records).encode()
    results, during = upload_while_asking(server.url, [("files", ("locks.jsonl", feed, "application/x-ndjson"))])
    assert [r["status"] for r in results] == ["added"] * len(records)
    assert during >= 2 * len(ROUTES), f"only {during} answers came back during the ingest"
    assert {r["id"] for r in records} <= set(held_once(server.url))


def test_twenty_concurrent_clients_all_get_answers(server: LiveServer) -> None:
    result = api_load(server.url, QUESTIONS, clients=20, seconds=5.0)
    assert result["errors"] == 0, result["error_samples"]
    assert result["requests"] >= 20
    assert httpx.get(f"{server.url}/healthz").status_code == 200


@pytest.mark.slow
def test_a_thousand_questions_in_a_row_are_all_answered(server: LiveServer) -> None:
    """The server's memory over the same thousand questions is the benchmark's figure
    (``pressroom bench``: server memory at the start and after 500 and 1,000 answers)."""
    with httpx.Client(base_url=server.url, timeout=120) as http:
        for question in itertools.islice(itertools.cycle(QUESTIONS), 1000):
            response = http.post("/api/ask", json={"question": question})
            assert response.status_code == 200, response.text
            assert response.json()["answer"]


def test_a_warmed_server_leaves_what_it_loaded_out_of_the_full_collections(server: LiveServer) -> None:
    """What the server loads at start lives as long as it does: a full collection walking it took
    about 190 ms, stopping every request (``Services.warm`` ends with ``gc.freeze``)."""
    import gc

    gc.unfreeze()
    server.services.warm()
    frozen = gc.get_freeze_count()
    gc.unfreeze()  # the rest of the test session collects as usual
    assert frozen > 10_000
    assert api_load(server.url, QUESTIONS[:5], clients=2, seconds=1.0)["errors"] == 0
