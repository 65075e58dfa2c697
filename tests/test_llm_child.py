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


def test_the_settings_local_model_runs_in_a_child() -> None:
    assert isinstance(make_llm(AssistantSettings(mode="generative")), ChildLLM)
    with pytest.raises(LLMUnavailable, match="does not exist"):
        make_llm(AssistantSettings(llm_model="/nowhere/model.gguf")).load()  # type: ignore[attr-defined]
