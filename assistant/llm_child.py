"""The local language model in a child process of its own.

In one process the model shares the interpreter lock with everything else. Under ``pressroom
serve`` with 20 clients asking at once, a generative answer took about 50 s where it takes 4–6 s
alone (docs/performance.md): generating a token runs hundreds of small tensor operations, and
each must take the lock back from the request threads. In a child process the model has its own
lock and only shares the cores, at a lower priority (``NICE``).

The child loads ``LocalLLM`` and answers one request at a time, in JSON lines on its standard
input and output: the chat messages in, then ``["delta", text]`` lines and one ``["end", ""]``
or ``["error", reason]`` out. A stream that is left unfinished is read to its end before the
next request, so no reply can spill into another. A child that dies is started again on the
next call; the call it died in raises ``LLMUnavailable``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import weakref
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from llama_index.core.base.llms.types import ChatMessage
from pydantic import PrivateAttr

from assistant.errors import LLMUnavailable
from assistant.llm_local import LocalLLM, resolve_llm

# The child yields the cores to the server's request threads when both want them. Under 20
# clients (`pressroom bench`, sample corpus) their p50 rose 1.52x while a generative answer
# streamed at nice 0 and 1.17x at nice 10, and the answer itself took 9.0 s and 5.8 s.
NICE = 10
LOAD_TIMEOUT_S = 600.0  # importing transformers and loading the weights, on a busy machine
_CHILD = "import sys; from assistant.llm_child import serve; serve(*sys.argv[1:])"


def serve(model: str, max_new_tokens: str, temperature: str) -> None:  # pragma: no cover - runs in the child
    """The child's loop: load the model, say so, then answer each request on stdin in turn."""
    out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # whatever a library prints goes to stderr, not into the replies
    if hasattr(os, "nice"):
        os.nice(NICE)

    def send(kind: str, value: str) -> None:
        out.write(json.dumps([kind, value]) + "\n")
        out.flush()

    llm = LocalLLM(model=model, max_new_tokens=int(max_new_tokens), temperature=float(temperature))
    try:
        llm.load()
    except LLMUnavailable as exc:
        send("error", str(exc))
        return
    send("ready", "")
    for line in sys.stdin:
        messages = [ChatMessage(role=role, content=content) for role, content in json.loads(line)]
        try:
            for delta in llm._generate(llm._inputs(messages)):
                send("delta", delta)
        except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises it there
            send("error", f"the local language model failed: {exc}")
            continue
        send("end", "")


def _last_line(errors: Any, tail: int = 4096) -> str:
    """The last line written to ``errors`` (a temporary file), cut to 300 characters."""
    if errors is None:
        return ""
    try:
        errors.seek(0, os.SEEK_END)
        errors.seek(max(0, errors.tell() - tail))
        lines = [ln.strip() for ln in errors.read().decode("utf-8", "replace").splitlines() if ln.strip()]
    except (OSError, ValueError):
        return ""
    return lines[-1][:300] if lines else ""


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.kill()
        process.wait(5)


class ChildLLM(LocalLLM):
    """``LocalLLM`` run in a child process: the same replies (greedy by default), its own lock.

    The chat and completion methods are ``LocalLLM``'s; only loading and generating differ.
    """

    # Seconds to wait for the next piece of a reply (the first one includes reading the prompt):
    # a model that writes nothing for that long is stopped, and the caller gets LLMUnavailable
    # instead of a request (and the server's shutdown) waiting on it without end.
    timeout: float = 120.0
    _process: Any = PrivateAttr(default=None)
    _stopped: bool = PrivateAttr(default=False)
    _errors: Any = PrivateAttr(default=None)  # the child's standard error, for the reason it ended

    @property
    def pid(self) -> int | None:
        """The child's process id while it runs."""
        return self._process.pid if self._process is not None and self._process.poll() is None else None

    def load(self) -> None:
        """Start the child and wait until its model is loaded (the first call otherwise does)."""
        with self._lock:
            self._start()

    def _start(self) -> None:
        if self._process is not None and self._process.poll() is None:
            return
        if self._stopped:
            raise LLMUnavailable("the local language model was stopped: the server is shutting down")
        resolve_llm(self.model)  # a missing package or file is said here, without a process
        root = str(Path(__file__).resolve().parents[1])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
        try:
            self._errors = tempfile.TemporaryFile()  # noqa: SIM115 - open as long as the child runs
            process = subprocess.Popen(
                [sys.executable, "-c", _CHILD, self.model, str(self.max_new_tokens), str(self.temperature)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._errors, env=env, cwd=root,
                encoding="utf-8",
            )
        except OSError as exc:
            raise LLMUnavailable(f"cannot start the local language model's process: {exc}") from exc
        self._process = process
        weakref.finalize(self, _stop, process)
        kind, value = self._receive(LOAD_TIMEOUT_S)
        if kind != "ready":
            self._forget()
            raise LLMUnavailable(value)

    def _receive(self, timeout: float | None = None, waiting: str = "did not load") -> tuple[str, str]:
        process = self._process
        # A timer, not select(): the pipe is read through a buffer, and lines already in it (a
        # reply's last pieces) would leave select() waiting on an empty pipe for the whole time.
        expired = threading.Event()

        def expire() -> None:
            expired.set()
            if process.poll() is None:
                process.kill()  # readline below then returns at once

        timer = threading.Timer(timeout, expire) if timeout is not None else None
        if timer is not None:
            timer.daemon = True
            timer.start()
        try:
            line = process.stdout.readline()
        finally:
            if timer is not None:
                timer.cancel()
        if expired.is_set():
            self._forget()
            raise LLMUnavailable(f"the local language model {waiting} in {timeout:g} s")
        if not line:
            ended = self._ended(process)
            self._forget()
            raise LLMUnavailable(f"the local language model's process ended ({ended})")
        kind, value = json.loads(line)
        return kind, value

    def _ended(self, process: subprocess.Popen) -> str:
        """How the child ended: its exit status or signal, and the last line it wrote to standard
        error (a Python error's own line), read before the process is stopped for good."""
        try:
            code = process.wait(5)  # its standard output closed: it is ending
        except subprocess.TimeoutExpired:
            return "it closed its output and did not exit"
        if code < 0:
            name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
            said = f"killed by {name}" + (": out of memory?" if code == -signal.SIGKILL else "")
        else:
            said = f"exit code {code}"
        last = _last_line(self._errors)
        return f"{said}: {last}" if last else said

    def stop(self) -> None:
        """Stop the child process for good, as its owner closes: a reply being written ends with
        LLMUnavailable, and so does every call after (none starts the model again)."""
        self._stopped = True
        self._forget()

    def _forget(self) -> None:
        if self._process is not None:
            _stop(self._process)
        self._process = None
        if self._errors is not None:
            self._errors.close()
            self._errors = None

    def _inputs(self, messages: Sequence[ChatMessage]) -> Any:
        return [(m.role.value, m.content or "") for m in messages]  # the child applies the chat template

    def _generate(self, input_ids: Any) -> Iterator[str]:
        with self._lock:
            self._start()
            try:
                self._process.stdin.write(json.dumps(input_ids) + "\n")
                self._process.stdin.flush()
            except (BrokenPipeError, OSError):
                self._forget()
                raise LLMUnavailable("the local language model's process ended") from None
            done = False
            try:
                while True:
                    kind, value = self._receive(self.timeout, "wrote nothing")
                    if kind == "delta":
                        yield value
                        continue
                    done = True
                    if kind == "error":
                        raise LLMUnavailable(value)
                    return
            finally:
                while not done and self._process is not None:  # a stream left unfinished: read its rest
                    done = self._receive(self.timeout, "did not finish")[0] in ("end", "error")
