"""The local language model in a child process: the same replies as in-process, one at a time,
and a child that dies is a message (then started again), never a hang or a mixed-up reply."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import pytest
from llama_index.core.base.llms.types import ChatMessage

from assistant.errors import LLMUnavailable
from assistant.llm import make_llm
from assistant.llm_child import ChildLLM
from assistant.settings import AssistantSettings

pytestmark = pytest.mark.slow
HELLO = [ChatMessage(role="user", content="Say hello.")]
COUNT = [ChatMessage(role="user", content="Count from one to ten in words.")]


@pytest.fixture(scope="module")
def child() -> Iterator[ChildLLM]:
    llm = ChildLLM(max_new_tokens=48)
    llm.load()
    yield llm
    llm._forget()


def test_the_child_replies_as_the_model_in_this_process(child: ChildLLM, local_llm: object) -> None:
    assert child.pid is not None and child.pid != os.getpid()
    assert child.chat(HELLO).message.content == local_llm.chat(HELLO).message.content  # type: ignore[attr-defined]
    parts = [p.delta for p in child.stream_chat(COUNT)]
    assert len(parts) > 3 and "".join(parts) == local_llm.chat(COUNT).message.content  # type: ignore[attr-defined]


def test_a_stream_left_unfinished_does_not_spill_into_the_next_reply(child: ChildLLM) -> None:
    whole = child.chat(COUNT).message.content
    stream = child.stream_chat(COUNT)
    next(stream)
    stream.close()  # a client that went away
    assert child.chat(HELLO).message.content != whole
    assert child.chat(COUNT).message.content == whole


def test_a_child_that_dies_is_a_message_then_starts_again(child: ChildLLM) -> None:
    stream = child.stream_chat(COUNT)
    next(stream)
    os.kill(child.pid, signal.SIGKILL)  # type: ignore[arg-type]
    with pytest.raises(LLMUnavailable, match="process ended"):
        list(stream)
    assert child.pid is None
    assert child.chat(HELLO).message.content  # a new child


def test_a_child_that_fails_says_how_it_ended(child: ChildLLM) -> None:
    # Before, the child was killed before its exit status was read, and its standard error went
    # nowhere: any crash read "exit code -9".
    child.load()
    child._process.stdin.write("not a chat\n")  # the child's loop fails on it, outside any reply
    child._process.stdin.flush()
    with pytest.raises(LLMUnavailable, match=r"process ended \(exit code 1: json\.decoder\.JSONDecodeError: Expecting"):
        child._receive(30)
    child.load()  # a new child
    os.kill(child.pid, signal.SIGKILL)  # type: ignore[arg-type]
    with pytest.raises(LLMUnavailable, match=r"process ended \(killed by SIGKILL: out of memory\?"):
        child._receive(30)
    assert child.chat(HELLO).message.content  # a new child


def test_the_settings_local_model_runs_in_a_child() -> None:
    assert isinstance(make_llm(AssistantSettings(mode="generative")), ChildLLM)
    with pytest.raises(LLMUnavailable, match="does not exist"):
        make_llm(AssistantSettings(llm_model="/nowhere/model.gguf")).load()  # type: ignore[attr-defined]


def test_a_model_that_writes_nothing_in_time_is_stopped_and_said() -> None:
    # Before, a reply was awaited without end: a 200,000-character chat kept the model (shared by
    # every generative answer) busy for over ten minutes, and the server could not stop meanwhile.
    slow = ChildLLM(max_new_tokens=8, timeout=0.001)  # less than any model takes to read a prompt
    slow.load()
    try:
        with pytest.raises(LLMUnavailable, match=r"^the local language model wrote nothing in 0.001 s$"):
            slow.chat(COUNT)
        assert slow.pid is None  # stopped, not left writing
        # Started again for the next question; and pieces of a reply already read ahead into the
        # pipe's buffer are not waited for (a select() on the pipe once stalled there for the whole
        # timeout, then failed the reply).
        slow.timeout = 30.0
        for _ in range(3):
            assert slow.chat(COUNT).message.content
    finally:
        slow._forget()


def test_a_server_stops_while_the_model_is_still_writing(tmp_path) -> None:  # noqa: ANN001
    """Before, SIGTERM left `pressroom serve` waiting on the model's reply (minutes), then kill -9
    left the model's process behind; now the request is cut short and the process stopped."""
    import socket
    import subprocess
    import sys
    import time

    import httpx

    from tests.conftest import ROOT

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PRESSROOM_HOME": str(tmp_path), "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    server = subprocess.Popen([sys.executable, "-m", "pressroom", "serve", "--port", str(port)], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        deadline = time.monotonic() + 180
        while True:
            assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
            try:
                httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.5)
        chat = {"model": "pressroom-llm", "messages": [{"role": "user", "content": "Tell me about ministers. " * 500}]}
        import threading

        for _ in range(4):  # one reads the prompt, three wait for the model: minutes of work in all
            threading.Thread(target=lambda: httpx.post(f"http://127.0.0.1:{port}/v1/chat/completions", json=chat,
                                                       timeout=600), daemon=True).start()  # fmt: skip
        time.sleep(20)  # the model loads and starts reading the first long prompt
        children = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=45)  # 10 s for the running requests, then the model's process is stopped
        time.sleep(1)
        left = [pid for pid in children if os.path.exists(f"/proc/{pid}")]
        assert not left, f"processes of the server still run: {left}"
    finally:
        server.kill()
