"""A generative answer lets go of the server's store lock while the language model writes, so an
upload or a delete does not wait for the reply (issue 17: generation outside any store lock); and
a streamed answer starts as soon as the passages are read, not when the model is done."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
from llama_index.core.base.llms.types import (
    ChatMessage,
    ChatResponse,
    ChatResponseGen,
    CompletionResponse,
    CompletionResponseGen,
    LLMMetadata,
)
from llama_index.core.llms import CustomLLM
from llama_index.core.llms.callbacks import llm_chat_callback, llm_completion_callback
from pydantic import PrivateAttr

from assistant.assistant import Assistant
from assistant.config import PressroomSettings
from assistant.facade import Pressroom
from assistant.settings import AssistantSettings
from index.embedding import Embedder
from index.ingesting import ingest_paths
from tests.conftest import SAMPLE, memory_store, start_server
from ui.feedback import FeedbackStore
from ui.services import Services
from ui.settings import ServerSettings

WAIT = 20.0
QUESTION = "When was the European Ports Alliance launched?"
REPLY = "The European Ports Alliance was launched on the 24th of January [1]."


class Gated(CustomLLM):
    """A stand-in model (not our code) that starts its reply only when the test lets it."""

    _asked: threading.Event = PrivateAttr(default_factory=threading.Event)
    _go: threading.Event = PrivateAttr(default_factory=threading.Event)

    @property
    def metadata(self) -> LLMMetadata:
        return LLMMetadata(is_chat_model=True, model_name="gated")

    def _reply(self) -> str:
        self._asked.set()
        assert self._go.wait(WAIT)
        return REPLY

    @llm_chat_callback()
    def chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponse:
        return ChatResponse(message=ChatMessage(role="assistant", content=self._reply()))

    @llm_chat_callback()
    def stream_chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponseGen:
        def gen() -> Iterator[ChatResponse]:
            text = self._reply()
            yield ChatResponse(message=ChatMessage(role="assistant", content=text), delta=text)

        return gen()

    @llm_completion_callback()
    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        return CompletionResponse(text=self._reply())

    @llm_completion_callback()
    def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponseGen:
        return iter([CompletionResponse(text=self._reply(), delta=self._reply())])


def test_a_delete_does_not_wait_for_a_generative_answer(embedder: Embedder, tmp_path: Path) -> None:
    store = memory_store(embedder, "unlocked_")
    assert [e.status for e in ingest_paths(store, [SAMPLE])] == ["added"] * 5
    model = Gated()
    settings = AssistantSettings(mode="generative")
    room = Pressroom(PressroomSettings(), store, embedder, Assistant(store, embedder, settings, model))
    services = Services(room, FeedbackStore(tmp_path / "feedback.sqlite3"), ServerSettings(home=tmp_path))
    answered: list = []
    asking = threading.Thread(target=lambda: answered.extend(services.ask_stream(QUESTION)), daemon=True)
    asking.start()
    assert model._asked.wait(WAIT)  # the passages are read and the model is writing
    other = next(d.source_id for d in store.list_documents() if "ports" not in d.title.lower())
    deleting = threading.Thread(target=services.delete, args=(other,), daemon=True)
    deleting.start()
    deleting.join(WAIT / 2)
    assert not deleting.is_alive(), "the delete waited for the language model"
    model._go.set()
    asking.join(WAIT)
    final = answered[-1].answer
    assert final.mode == "generative" and "24th of January" in final.answer
    assert other not in {d.source_id for d in store.list_documents()}
    with services.lock.exclusive:  # the answer let go of the lock at the end
        pass


def test_an_openai_stream_starts_while_the_model_is_still_writing(embedder: Embedder, tmp_path: Path) -> None:
    model = Gated()
    server = start_server(embedder, tmp_path / "home", [SAMPLE], llm=model, assistant={"mode": "generative"})
    body = {"model": "pressroom-generative", "stream": True, "messages": [{"role": "user", "content": QUESTION}]}
    try:
        # Before, the response (headers included) waited for the model's first checked sentence.
        with httpx.stream("POST", f"{server.url}/v1/chat/completions", json=body, timeout=WAIT / 4) as response:
            lines = response.iter_lines()
            first = next(line for line in lines if line.startswith("data: "))
            assert json.loads(first[6:])["choices"][0]["delta"] == {"role": "assistant", "content": ""}
            assert model._asked.wait(WAIT) and not model._go.is_set()  # the model is still writing
            model._go.set()
            rest = [line[6:] for line in lines if line.startswith("data: ")]
        events = [json.loads(x) for x in rest if x != "[DONE]"]
        assert rest[-1] == "[DONE]" and events[-1]["choices"][0]["finish_reason"] == "stop"
        text = "".join(e["choices"][0]["delta"].get("content", "") for e in events)
        assert "24th of January" in text and events[-1]["mode"] == "generative"
        assert all(e["choices"][0]["delta"].get("content") != "" for e in events)  # no empty chunk
    finally:
        model._go.set()
        server.stop()
