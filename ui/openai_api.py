"""An OpenAI-compatible chat endpoint, so existing chat clients can ask Pressroom.

The last user message is the question; earlier user messages give follow-ups their subject.
Answers carry their citations twice: as Markdown footnotes in the text, and as a structured
``citations`` field on the message (and on the last chunk when streaming).
"""

from __future__ import annotations

import itertools
import json
import re
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse
from llama_index.core.base.llms.types import ChatMessage as LLMMessage
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, StrictInt
from pydantic_core import PydanticCustomError

from assistant.errors import LLMUnavailable
from assistant.llm import stream_reply
from index.errors import IndexFailure
from ingest.cleaning import LONE_SURROGATE
from ui.api import services
from ui.api_models import MAX_HISTORY, MAX_QUESTION
from ui.body_errors import openai_error
from ui.render import footnotes_markdown
from ui.services import Asked

router = APIRouter(tags=["openai"])
MODEL_ID = "pressroom"


class ChatMessage(BaseModel):
    """One message; content may be a string or a list of text parts."""

    model_config = ConfigDict(extra="allow")

    role: str
    content: str | list[dict[str, Any]] | None = None

    def text(self) -> str:
        """The message's text, with the text parts of a multi-part content joined."""
        if isinstance(self.content, list):
            return " ".join(str(p.get("text", "")) for p in self.content if p.get("type") == "text")
        return self.content or ""


def _one(n: int | None) -> int | None:
    if n not in (None, 1):
        raise PydanticCustomError("one_choice", "Pressroom gives one answer to a question: send n = 1 or leave it out")
    return n


class ChatRequest(BaseModel):
    """The subset of the OpenAI chat request that matters here; other fields (``user``, ``top_p``,
    ``max_tokens``...) are accepted and ignored. ``stream``, ``n`` and ``temperature`` are checked as
    OpenAI checks them: a bad value is a 400 naming it (ui/body_errors.py), not a guess at what was meant."""

    model_config = ConfigDict(extra="allow")

    model: str = MODEL_ID
    messages: list[ChatMessage] = Field(min_length=1)
    stream: StrictBool | None = False  # "yes" is not true
    n: Annotated[StrictInt | None, AfterValidator(_one)] = 1  # choices asked for: one answer, not n copies of it
    temperature: Annotated[float | None, Field(ge=0, le=2, strict=True, allow_inf_nan=False)] = None  # unused


class OpenAIError(Exception):
    """An error in the shape OpenAI clients read: ``{"error": {"message", "type", "param", "code"}}``."""

    def __init__(self, status: int, message: str, code: str) -> None:
        super().__init__(message)
        self.status, self.message, self.code = status, message, code

    def response(self) -> Response:
        """The error as the JSON response OpenAI clients expect."""
        return openai_error(self.status, self.message, self.code)


def _texts(messages: list[ChatMessage], users: bool) -> list[str]:
    """The texts that will be read: the user messages' with text, stripped (``users``), or every message's.

    Refused when no user message has text, or one read holds half of a surrogate pair: JSON can carry
    it as an escape, but it is not text, and nothing downstream can encode it.
    """
    asked = [m.text().strip() for m in messages if m.role == "user" and m.text().strip()]
    if not asked:
        raise OpenAIError(400, "no user message with text: put the question in a message with role 'user'",
                          "no_question")  # fmt: skip
    read = asked if users else [m.text() for m in messages]
    for text in read:
        if lone := LONE_SURROGATE.search(text):
            message = (f"a {'user ' if users else ''}message holds U+{ord(lone.group()):04X}, half of a surrogate "
                       "pair: send valid Unicode")  # fmt: skip
            raise OpenAIError(400, message, "invalid_text")
    return read


def _question_and_history(messages: list[ChatMessage]) -> tuple[str, list[str]]:
    asked = _texts(messages, users=True)
    if len(asked[-1]) > MAX_QUESTION:
        message = f"the question is {len(asked[-1])} characters long: ask in at most {MAX_QUESTION}"
        raise OpenAIError(400, message, "question_too_long")
    # Only the latest questions can give a follow-up its subject; a long chat is not refused for its length.
    return asked[-1], asked[-1 - MAX_HISTORY : -1]


# Model ids: Pressroom answering in the server's mode or in a chosen one, and the generative
# mode's language model on its own (no documents), which makes this an OpenAI-compatible server
# for that model too.
MODES = {MODEL_ID: None, f"{MODEL_ID}-extractive": "extractive", f"{MODEL_ID}-generative": "generative"}
LLM_ID = f"{MODEL_ID}-llm"


@router.get("/v1/models")
def models() -> dict:
    """The models this server offers."""
    return {
        "object": "list",
        "data": [
            {"id": name, "object": "model", "created": 0, "owned_by": "pressroom"} for name in [*MODES, LLM_ID]
        ],
    }


@router.post("/v1/chat/completions", response_model=None)
def chat_completions(body: ChatRequest, request: Request) -> dict | StreamingResponse | Response:
    """Answer the last user message, with citations; ``stream: true`` sends server-sent events."""
    completion_id = f"chatcmpl-{uuid.uuid4().hex}"
    created = int(time.time())
    try:
        if body.model == LLM_ID:
            return _plain_llm(body, request, completion_id, created)
        if body.model not in MODES:
            message = f"model {body.model!r} not found; this server offers {[*MODES, LLM_ID]}"
            raise OpenAIError(404, message, "model_not_found")
        question, history = _question_and_history(body.messages)
        if body.stream:
            first = _first_items(services(request).ask_stream(question, None, history, MODES[body.model]))
            return StreamingResponse(_answer_chunks(completion_id, created, body.model, first), media_type=SSE)
        asked = _asking(lambda: services(request).ask(question, None, history, MODES[body.model]))
    except OpenAIError as exc:
        return exc.response()
    answer = asked.answer
    content = footnotes_markdown(answer)
    return _completion(completion_id, created, body.model, question, content, _extra(asked))


SSE = "text/event-stream"


def _asking(call: Callable[[], Any]) -> Any:
    try:
        return call()
    except IndexFailure as exc:
        raise OpenAIError(503, str(exc), "index_unavailable") from exc
    except ValueError as exc:
        raise OpenAIError(400, str(exc), "bad_question") from exc


def _first_items(items: Iterator[Any]) -> Iterator[Any]:
    """Start the answer now, so a bad question is an error response, not a broken stream."""
    first = _asking(lambda: next(items))
    return itertools.chain([first], items)


def _extra(asked: Asked) -> dict:
    answer = asked.answer
    citations = [c.__dict__ for c in (answer.see_also if answer.abstained else answer.citations)]
    return {
        "citations": citations,
        "abstained": answer.abstained,
        "resolved_question": asked.resolved,
        "mode": answer.mode,
        "notice": answer.notice,
        "sentences": [s.__dict__ for s in answer.sentences],
    }


def _completion(completion_id: str, created: int, model: str, prompt: str, content: str, extra: dict) -> dict:
    words = len(content.split())
    return {
        "id": completion_id,
        "object": "chat.completion",
        "created": created,
        "model": model,
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": content, **extra}, "finish_reason": "stop"}
        ],
        "usage": {"prompt_tokens": len(prompt.split()), "completion_tokens": words,
                  "total_tokens": words + len(prompt.split())},
        **extra,
    }


def _plain_llm(body: ChatRequest, request: Request, completion_id: str, created: int) -> dict | StreamingResponse:
    """The language model alone: the messages as given, no documents, no checking."""
    assistant = services(request).assistant
    _check_chat(body.messages)
    chat = [LLMMessage(role=m.role if m.role in ROLES else "user", content=m.text()) for m in body.messages]
    try:
        llm = assistant.llm()
        deltas = stream_reply(llm, chat, assistant.llm_where)
        first = next(deltas, "")
    except LLMUnavailable as exc:
        raise OpenAIError(503, str(exc), "llm_unavailable") from exc
    parts = itertools.chain([first], deltas)
    if body.stream:
        return StreamingResponse(_text_chunks(completion_id, created, LLM_ID, parts), media_type=SSE)
    prompt = " ".join(m.text() for m in body.messages)
    return _completion(completion_id, created, LLM_ID, prompt, "".join(parts), {})


ROLES = {"system", "user", "assistant"}
# Characters of a whole chat for the language model alone: about 4,000 tokens, half of SmolLM2's
# context. A longer one would keep the model (shared by every generative answer) busy for minutes.
MAX_CHAT = 16_000


def _check_chat(messages: list[ChatMessage]) -> None:
    """The language model's chat, refused as the answering models' questions are: with no user text,
    with half of a surrogate pair, or too long to read in reasonable time."""
    total = sum(len(text) for text in _texts(messages, users=False))
    if total > MAX_CHAT:
        message = f"the chat is {total:,} characters long: the language model reads at most {MAX_CHAT:,}"
        raise OpenAIError(400, message, "chat_too_long")


def _event(completion_id: str, created: int, model: str, delta: dict, finish: str | None = None, **more: Any) -> str:
    chunk = {
        "id": completion_id,
        "object": "chat.completion.chunk",
        "created": created,
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        **more,
    }
    return f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n"


def _text_chunks(completion_id: str, created: int, model: str, parts: Iterator[str]) -> Iterator[str]:
    yield _event(completion_id, created, model, {"role": "assistant", "content": ""})
    try:
        for part in parts:
            if part:
                yield _event(completion_id, created, model, {"content": part})
    except LLMUnavailable as exc:
        yield _event(completion_id, created, model, {"content": f"\n\n[{exc}]"})
    yield _event(completion_id, created, model, {}, "stop")
    yield "data: [DONE]\n\n"


def _answer_chunks(completion_id: str, created: int, model: str, items: Iterator[Any]) -> Iterator[str]:
    """Checked sentences as they come (generative), then what is left of the Markdown, then the fields."""
    yield _event(completion_id, created, model, {"role": "assistant", "content": ""})
    sent = ""
    asked = None
    for item in items:
        if isinstance(item, Asked):
            asked = item
        elif item:  # an empty string: the model started writing (the role event above went out)
            text = _MARKER.sub(lambda m: f"[^{m.group(1)}]", item)
            sent += text
            yield _event(completion_id, created, model, {"content": text})
    if asked is None:
        return
    content = footnotes_markdown(asked.answer)
    # Sent sentences begin the Markdown, unless the answer fell back to quoting after they went out.
    rest = content[len(sent) :] if content.startswith(sent) else f"\n\n{asked.answer.notice}\n\n{content}"
    for piece in re.findall(r"\S+\s*|\s+", rest) if not sent else [rest]:
        if piece:
            yield _event(completion_id, created, model, {"content": piece})
    yield _event(completion_id, created, model, {}, "stop", **_extra(asked))
    yield "data: [DONE]\n\n"


_MARKER = re.compile(r"\[(\d+)\]")


