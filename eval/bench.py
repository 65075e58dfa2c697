# Long: the stages of one run (ingest, search, ask, cold start, API load) and their report change together.
"""The benchmark: ingest a corpus in steps, time search and ask at each size, beside the yardstick.

One run, one machine, one model: Pressroom's ingest and the yardstick's (plain llama-index) over
the same documents, latency at each checkpoint size, the gold set on the full index, and the
figures as JSON and plots. Timings live here, never in tests.
"""

from __future__ import annotations

import json
import platform
import resource
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from itertools import cycle, islice
from pathlib import Path

import numpy as np

from assistant.briefing import build_briefing
from assistant.config import PressroomSettings
from assistant.facade import Pressroom, open_pressroom
from index.embedding import Embedder
from index.ingesting import chunk_settings
from index.store import PassageStore
from ingest.pipeline import load_paths
from ingest.records import Document, IngestError

BRIEFINGS = 5  # briefings timed at each checkpoint (a briefing asks five questions of its own)


@dataclass(frozen=True)
class Checkpoint:
    """Latency and cost at one corpus size."""

    documents: int
    passages: int
    ingest_seconds: float  # cumulative, Pressroom
    search_ms: dict[str, float]
    ask_ms: dict[str, float]
    yardstick_ingest_seconds: float | None = None
    yardstick_search_ms: dict[str, float] | None = None
    index_bytes: int = 0
    brief_ms: dict[str, float] | None = None  # pressroom brief, the first BRIEFINGS questions as topics


@dataclass
class BenchResult:
    """Everything one benchmark run measured."""

    machine: dict
    settings: dict
    checkpoints: list[Checkpoint] = field(default_factory=list)
    ingest: dict = field(default_factory=dict)
    yardstick: dict = field(default_factory=dict)
    gold: dict = field(default_factory=dict)
    cold_start_s: dict = field(default_factory=dict)
    load: dict = field(default_factory=dict)
    load_streaming: dict = field(default_factory=dict)  # the same load while a generative answer streams
    huge_input: dict = field(default_factory=dict)


class CountingEmbedder:
    """An embedder that counts what it encodes (texts and word pieces), for throughput figures."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.dimension = inner.dimension
        self.max_tokens = inner.max_tokens
        self.texts = 0
        self.tokens = 0  # word pieces inside the model's window: what the encoder reads
        self.offered = 0  # word pieces of the texts as given, cut or not

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Encode and count."""
        self._count(texts)
        return self.inner.embed(texts)

    def _count(self, texts: Sequence[str]) -> None:
        self.texts += len(texts)
        counts = [self.inner.count_tokens(t) for t in texts]
        self.offered += sum(counts)
        self.tokens += sum(min(n, self.max_tokens - 2) for n in counts)

    def count_tokens(self, text: str) -> int:
        """The inner model's token count."""
        return self.inner.count_tokens(text)


def percentiles(values_ms: list[float]) -> dict[str, float]:
    """p50, p95 and mean of a list of milliseconds.

    >>> percentiles([1.0, 2.0, 3.0, 4.0])
    {'p50': 2.5, 'p95': 3.85, 'mean': 2.5}
    """
    array = np.asarray(values_ms, dtype=float)
    return {
        "p50": round(float(np.percentile(array, 50)), 2),
        "p95": round(float(np.percentile(array, 95)), 2),
        "mean": round(float(statistics.fmean(values_ms)), 2),
    }


def timed(fn: Callable[[str], object], queries: Sequence[str]) -> dict[str, float]:
    """Latency of ``fn`` over ``queries`` after one warm-up call."""
    fn(queries[0])
    times = []
    for query in queries:
        started = time.perf_counter()
        fn(query)
        times.append((time.perf_counter() - started) * 1000)
    return percentiles(times)


def folder_bytes(path: Path) -> int:
    """Bytes on disk under ``path``."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def peak_memory_mb() -> float:
    """Peak resident memory of this process so far."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def documents(paths: Sequence[Path], store: PassageStore, errors: list[str]) -> Iterator[Document]:
    """Parsed documents of ``paths`` (errors collected, not raised)."""
    for item in load_paths(paths, chunk_settings(store)):
        if isinstance(item, IngestError):
            errors.append(f"{item.path}: {item.reason}")
        elif isinstance(item, Document):
            yield item


def run_bench(
    room: Pressroom,
    counter: CountingEmbedder,
    corpus: Sequence[Path],
    sizes: Sequence[int],
    queries: Sequence[str],
    *,
    yardstick: Callable[[], object] | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> BenchResult:
    """Ingest ``corpus`` up to each size in ``sizes``, measuring Pressroom (opened on ``counter``) and
    the yardstick."""
    store, assistant = room.store, room.assistant
    stick = yardstick() if yardstick else None
    result = BenchResult(
        machine={
            "python": platform.python_version(),
            "cpu": platform.processor() or platform.machine(),
            "cores": _cores(),
            "platform": platform.platform(),
        },
        settings={
            "embedding_model": store.settings.embedding_model,
            "precision": getattr(counter.inner, "precision", store.settings.precision),
            "encoder_runtime": getattr(counter.inner, "runtime", store.settings.encoder_runtime),
            "backend": store.settings.backend,
            "store": store.where,
            "sizes": list(sizes),
            "queries": len(queries),
        },
    )
    errors: list[str] = []
    stream = documents(corpus, store, errors)
    done = passages = tokens = offered = 0
    ingest_s = stick_s = 0.0
    stick_chunks = stick_tokens = stick_encoded = 0
    for size in sizes:
        batch = list(islice(stream, size - done))
        if not batch:
            break
        started, before, offered_before = time.perf_counter(), counter.tokens, counter.offered
        for event in store.index(iter(batch)):
            passages += event.passages
            if progress:
                progress("ingest", 1)
        store.optimize()  # part of ingest time: the index is built before it is searched
        ingest_s += time.perf_counter() - started
        tokens += counter.tokens - before
        offered += counter.offered - offered_before
        done += len(batch)
        stick_search = None
        if stick is not None:
            report = stick.ingest([(d.source_id, d.text) for d in batch])  # type: ignore[attr-defined]
            stick_s += report.seconds
            stick_chunks += report.chunks
            stick_tokens += report.tokens
            stick_encoded += report.tokens_encoded
            stick_search = timed(lambda q: stick.search(q, 10), queries)  # type: ignore[attr-defined]
        result.checkpoints.append(
            Checkpoint(
                documents=done,
                passages=passages,
                ingest_seconds=round(ingest_s, 2),
                search_ms=timed(lambda q: store.search(q, limit=10), queries),
                ask_ms=timed(assistant.ask, queries),
                yardstick_ingest_seconds=round(stick_s, 2) if stick is not None else None,
                yardstick_search_ms=stick_search,
                index_bytes=folder_bytes(Path(store.where)) if not store.settings.qdrant_location else 0,
                brief_ms=timed(lambda q: build_briefing(assistant, q), queries[:BRIEFINGS]),
            )
        )
        if progress:
            progress(f"checkpoint {done}", 0)
    result.ingest = {
        "documents": done,
        "passages": passages,
        "seconds": round(ingest_s, 1),
        "documents_per_s": round(done / ingest_s, 2) if ingest_s else 0.0,
        "passages_per_s": round(passages / ingest_s, 2) if ingest_s else 0.0,
        "tokens_encoded": tokens,
        "tokens_per_s": round(tokens / ingest_s, 1) if ingest_s else 0.0,
        # passages (with their title line) cover the text; the share is what of them fit the window
        "share_of_text_encoded": round(tokens / offered, 3) if offered else 0.0,
        "peak_memory_mb": peak_memory_mb(),
        "index_bytes": result.checkpoints[-1].index_bytes if result.checkpoints else 0,
        "errors": errors[:20],
    }
    if stick is not None:
        result.yardstick = {
            "documents_per_s": round(done / stick_s, 2) if stick_s else 0.0,
            "seconds": round(stick_s, 1),
            "chunks": stick_chunks,
            "tokens": stick_tokens,
            "tokens_encoded": stick_encoded,
            "share_of_text_encoded": round(stick_encoded / stick_tokens, 3) if stick_tokens else 0.0,
            "ingest_ratio": round((done / ingest_s) / (done / stick_s), 3) if ingest_s and stick_s else 0.0,
        }
        stick.close()  # type: ignore[attr-defined]
    return result


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def write_bench(result: BenchResult, out: Path) -> Path:
    """Write ``bench.json`` and the plots; return the JSON's path."""
    out.mkdir(parents=True, exist_ok=True)
    data = asdict(result)
    path = out / "bench.json"
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    _plots(result, out)
    return path


def _plots(result: BenchResult, out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [c.documents for c in result.checkpoints]
    if not sizes:
        return
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(sizes, [c.ask_ms["p50"] for c in result.checkpoints], "o-", label="Pressroom ask p50")
    ax.plot(sizes, [c.ask_ms["p95"] for c in result.checkpoints], "o--", label="Pressroom ask p95")
    ax.plot(sizes, [c.search_ms["p50"] for c in result.checkpoints], "s-", label="Pressroom search p50")
    if result.checkpoints[0].yardstick_search_ms:
        ax.plot(
            sizes,
            [c.yardstick_search_ms["p50"] for c in result.checkpoints if c.yardstick_search_ms],
            "^-",
            label="yardstick retrieve p50",
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("documents in the index")
    ax.set_ylabel("milliseconds")
    ax.set_title("Latency against corpus size")
    ax.legend()
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(out / "latency.png", dpi=110)
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(sizes, [c.ingest_seconds for c in result.checkpoints], "o-", label="Pressroom")
    if result.checkpoints[0].yardstick_ingest_seconds is not None:
        ax.plot(sizes, [c.yardstick_ingest_seconds for c in result.checkpoints], "^-", label="yardstick")
    ax.set_xlabel("documents ingested")
    ax.set_ylabel("cumulative ingest seconds")
    ax.set_title("Ingest time against corpus size")
    ax.legend()
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    fig.savefig(out / "ingest.png", dpi=110)
    plt.close(fig)


def cold_start(home: Path, question: str, yardstick: Path | None = None) -> dict[str, float]:
    """Wall seconds of a fresh ``pressroom search`` and ``pressroom ask`` process on the index at
    ``home``, and of the yardstick's fresh process retrieving once from its store at ``yardstick``."""
    import os
    import subprocess
    import sys

    command = [sys.executable, "-m", "pressroom"]
    env = {**os.environ, "PRESSROOM_HOME": str(home), "HF_HUB_OFFLINE": "1"}
    env.pop("PRESSROOM_QDRANT_URL", None)
    seconds = {}
    for verb in ("search", "ask"):
        started = time.perf_counter()
        subprocess.run([*command, verb, question], env=env, capture_output=True, check=False, timeout=1800)
        seconds[verb] = round(time.perf_counter() - started, 2)
    if yardstick is not None and yardstick.exists():
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "index.yardstick", str(yardstick), question], env=env,
                       capture_output=True, check=False, timeout=1800)
        seconds["yardstick"] = round(time.perf_counter() - started, 2)
    return seconds


def rss_mb(pid: int | str = "self") -> float:
    """Resident memory of a process now (``VmRSS``), in MB; 0 where ``/proc`` is absent."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    kb = next((line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")), "0")
    return round(int(kb) / 1024, 1)


def api_load(
    url: str,
    questions: Sequence[str],
    clients: int = 20,
    seconds: float = 60.0,
    headers: dict[str, str] | None = None,
    memory: Callable[[], float] | None = None,
    streaming: bool = False,
) -> dict:
    """``clients`` threads asking ``questions`` in turn at ``url``'s ``/api/ask`` for ``seconds``;
    with ``streaming``, one more client streams generative answers (``/v1/chat/completions``)
    meanwhile, one after the other, and ``streams`` says how many ended and how long each took.

    Returns requests, errors (anything but a 200 carrying an answer: a status, a timeout, a
    refused connection; the first few described), throughput, latency, and the server's memory
    (``memory()``) at the start and after 500 and 1,000 answers. The server's rate limit must be
    off or above the load (``PRESSROOM_RATE_LIMIT=0``), or the 429s count as errors.
    """
    import threading
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    latencies: list[float] = []
    errors: list[str] = []
    rss = {"start": memory()} if memory else {}
    lock = threading.Lock()
    start = threading.Barrier(clients)

    def client(k: int) -> None:
        with httpx.Client(base_url=url, headers=headers, timeout=300) as http:
            start.wait()
            stop, i = time.monotonic() + seconds, k
            while time.monotonic() < stop:
                question, i = questions[i % len(questions)], i + clients
                began = time.perf_counter()
                try:
                    response = http.post("/api/ask", json={"question": question})
                    answered = response.status_code == 200 and isinstance(response.json().get("answer"), str)
                    problem = "" if answered else f"{response.status_code}: {response.text[:200]}"
                except (httpx.HTTPError, ValueError) as exc:
                    problem = f"{type(exc).__name__}: {exc}"
                with lock:
                    latencies.append((time.perf_counter() - began) * 1000)
                    if problem:
                        errors.append(problem)
                    if memory and len(latencies) in (500, 1000):
                        rss[f"after_{len(latencies)}"] = memory()

    done, streams = threading.Event(), []
    if streaming:
        threading.Thread(target=_stream_generative, args=(url, questions, headers, done, streams), daemon=True).start()
    began = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    wall = time.perf_counter() - began
    done.set()
    return {
        **({"streams": streams} if streaming else {}),
        "clients": clients,
        "seconds": seconds,
        "requests": len(latencies),
        "errors": len(errors),
        "error_samples": errors[:5],
        "throughput_rps": round(len(latencies) / wall, 2),
        "latency_ms": percentiles(latencies) if latencies else {},
        "server_rss_mb": rss | ({"end": memory()} if memory else {}),
    }


def _stream_generative(url: str, questions: Sequence[str], headers: dict[str, str] | None, done, streams: list) -> None:  # noqa: ANN001
    """Generative answers streamed one after the other until ``done``: seconds and chunks of each."""
    import httpx

    with httpx.Client(base_url=url, headers=headers, timeout=600) as http:
        for question in cycle(questions):
            if done.is_set():
                return
            messages = [{"role": "user", "content": question}]
            body = {"model": "pressroom-generative", "stream": True, "messages": messages}
            began = time.perf_counter()
            try:
                with http.stream("POST", "/v1/chat/completions", json=body) as response:
                    chunks = sum(line.startswith("data: {") for line in response.iter_lines())
                streams.append({"seconds": round(time.perf_counter() - began, 1), "chunks": chunks,
                                "status": response.status_code})
            except httpx.HTTPError as exc:
                streams.append({"seconds": round(time.perf_counter() - began, 1), "error": str(exc)})


@contextmanager
def serving(home: Path, timeout_s: float = 900) -> Iterator[tuple[str, int]]:
    """A ``pressroom serve`` process on the index at ``home``, rate limit off; yields its URL and pid."""
    import os
    import socket
    import subprocess
    import sys

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PRESSROOM_HOME": str(home), "HF_HUB_OFFLINE": "1", "PRESSROOM_RATE_LIMIT": "0"}
    env.pop("PRESSROOM_QDRANT_URL", None)
    env.pop("PRESSROOM_TOKEN", None)
    command = [sys.executable, "-m", "pressroom", "serve", "--port", str(port)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"pressroom serve stopped: {server.stderr.read() if server.stderr else ''}")
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"pressroom serve did not answer within {timeout_s:.0f} s")
            time.sleep(0.5)
        yield url, server.pid
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def run_and_report(
    scratch: Path,
    corpus: Sequence[Path],
    sizes: Sequence[int],
    gold: Path | None,
    n_queries: int,
    with_yardstick: bool,
    out: Path,
    progress: Callable[[str, int], None] | None = None,
    *,
    load_seconds: float = 60.0,
    load_clients: int = 20,
) -> str:
    """The whole benchmark in a fresh data folder under ``scratch``; returns a one-paragraph summary.

    The last stage serves the full index and puts ``load_clients`` concurrent API clients on it
    for ``load_seconds`` (0 skips it).
    """
    from eval.big_inputs import input_memory
    from eval.gold import load_gold
    from eval.runner import evaluate, summarise
    from index.embedding import make_embedder
    from index.yardstick import Yardstick

    # The default settings, over a data folder of the benchmark's own.
    settings = PressroomSettings().in_folder(scratch / "pressroom")
    counter = CountingEmbedder(make_embedder(settings.index))
    items = load_gold(gold) if gold else []
    questions = [i.question for i in items] or _default_questions()
    queries = [questions[i % len(questions)] for i in range(max(1, n_queries))]
    model = settings.index.embedding_model
    factory = (lambda: Yardstick(scratch / "yardstick", model)) if with_yardstick else None
    with open_pressroom(settings, counter) as room:  # type: ignore[arg-type]
        result = run_bench(room, counter, corpus, sizes, queries, yardstick=factory, progress=progress)
        if items:
            overall = summarise(evaluate(room.assistant, items))["overall"]
            wanted = ("recall@5", "key_fact_recall", "mrr")
            result.gold = {"set": str(gold), **{k: overall[k] for k in wanted if k in overall}}
        # The load asks many different questions, as a newsroom's reporters would: the gold set's,
        # then the indexed documents' titles as headlines pasted in (up to 2,000, spread over the
        # index), so that the server's caches of recent passages are not all it measures.
        titles = [d.title for d in room.store.list_documents() if d.title.strip()]
        load_questions = questions + titles[:: max(1, len(titles) // 2000)][:2000]
    home = settings.index.home
    result.cold_start_s = cold_start(home, queries[0], scratch / "yardstick" if with_yardstick else None)
    if progress:
        progress("huge input: memory and seconds of loading each", 0)
    result.huge_input = input_memory(scratch / "huge-input")
    if load_seconds > 0:
        if progress:
            progress(f"API load: {load_clients} clients for {load_seconds:g} s", 0)
        with serving(home) as (url, pid):
            result.load = api_load(url, load_questions, load_clients, load_seconds, memory=lambda: rss_mb(pid))
            if progress:
                progress(f"API load: {load_clients} clients while a generative answer streams", 0)
            result.load_streaming = api_load(url, load_questions, load_clients, load_seconds, streaming=True)
    path = write_bench(result, out)
    (out / "bench.md").write_text(markdown(result), encoding="utf-8")
    return f"wrote {path}, {out / 'bench.md'}, latency.png, ingest.png\n" + markdown(result)


def _default_questions() -> list[str]:
    sample = Path(__file__).with_name("gold-sample.jsonl")
    return [json.loads(line)["question"] for line in sample.read_text(encoding="utf-8").splitlines() if line.strip()]


def markdown(result: BenchResult) -> str:
    """The figures as a Markdown report."""
    lines = [
        f"Machine: {result.machine['cores']} cores, {result.machine['platform']}, Python {result.machine['python']}.",
        f"Model: {result.settings['embedding_model']} ({result.settings['precision']}).",
        "",
        "| documents | passages | ingest s | search p50/p95 ms | ask p50/p95 ms | yardstick ingest s | "
        "yardstick retrieve p50/p95 ms | index MB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for c in result.checkpoints:
        stick = c.yardstick_search_ms
        stick_ms = f"{stick['p50']}/{stick['p95']}" if stick else "-"
        lines.append(
            f"| {c.documents} | {c.passages} | {c.ingest_seconds} | {c.search_ms['p50']}/{c.search_ms['p95']} | "
            f"{c.ask_ms['p50']}/{c.ask_ms['p95']} | {c.yardstick_ingest_seconds if stick else '-'} | "
            f"{stick_ms} | {round(c.index_bytes / 1e6, 1)} |"
        )
    briefs = [f"{c.documents} documents {c.brief_ms['p50']}/{c.brief_ms['p95']}" for c in result.checkpoints
              if c.brief_ms]
    if briefs:
        lines += ["", f"Briefing (`pressroom brief`, {BRIEFINGS} questions as topics) p50/p95 ms: {'; '.join(briefs)}."]
    ingest, stick = result.ingest, result.yardstick
    lines += [
        "",
        f"Ingest: {ingest.get('documents_per_s')} documents/s, {ingest.get('passages_per_s')} passages/s, "
        f"{ingest.get('tokens_per_s')} tokens/s encoded, share of text encoded "
        f"{ingest.get('share_of_text_encoded')}, peak memory {ingest.get('peak_memory_mb')} MB.",
    ]
    if stick:
        lines.append(
            f"Yardstick: {stick['documents_per_s']} documents/s, share of text encoded "
            f"{stick['share_of_text_encoded']}; Pressroom/yardstick documents/s ratio {stick['ingest_ratio']}."
        )
    if result.gold:
        lines.append(f"Gold set on the full index: {result.gold}.")
    if result.cold_start_s:
        cold = result.cold_start_s
        lines.append(f"Cold start of the CLI (seconds, new process): {cold}"
                     + (f"; ask takes {cold['ask'] / cold['yardstick']:.2f}x the yardstick's cold query."
                        if cold.get("yardstick") else "."))
    if huge := result.huge_input:
        rows = ", ".join(f"{name} {row['peak_mb_over_baseline']} MB in {row['seconds']} s"
                         for name, row in huge.items() if isinstance(row, dict))
        lines.append(f"Huge input, loaded in a fresh process at the default settings (peak memory above the "
                     f"{huge['baseline_mb']} MB of the loaded parsers): {rows}. Refused unread: huge.txt (100 MB), "
                     "bomb.docx (1 GB unpacked), liar.docx and forger.docx (lying sizes), bomb.jsonl.gz (512 MB "
                     "line); read: line.txt (10 MB, one line).")
    if load := result.load:
        latency, rss = load["latency_ms"], load["server_rss_mb"]
        lines.append(
            f"API under load ({load['clients']} clients asking for {load['seconds']:g} s, `POST /api/ask`, the gold "
            f"questions then up to 2,000 document titles, rate "
            f"limit off): {load['requests']} requests, {load['errors']} errors, {load['throughput_rps']} requests/s, "
            f"latency p50 {latency.get('p50')} ms, p95 {latency.get('p95')} ms; server memory (MB) {rss}."
        )
    if (both := result.load_streaming) and (p50 := result.load["latency_ms"].get("p50")):
        streams = both["streams"]
        lines.append(
            f"The same load while one client streams generative answers (`/v1/chat/completions`, one after the "
            f"other; {len(streams)} ended, {[s['seconds'] for s in streams]} s): {both['requests']} requests, "
            f"{both['errors']} errors, {both['throughput_rps']} requests/s, latency p50 "
            f"{both['latency_ms'].get('p50')} ms ({both['latency_ms'].get('p50', 0) / p50:.2f}x the p50 without), "
            f"p95 {both['latency_ms'].get('p95')} ms."
        )
    return "\n".join(lines) + "\n"
