"""An OpenAI-compatible chat endpoint, so existing chat clients can ask Pressroom.

The last user message is the question; earlier user messages give follow-ups their subject.
Answers carry their citations twice: as Markdown footnotes in the text, and as a structured
``citations`` field on the message (and on the last chunk when streaming).
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterator
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from index.errors import IndexFailure
from ui.api import services
from ui.render import footnotes_markdown

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


class ChatRequest(BaseModel):
    """The subset of the OpenAI chat request that matters here; other fields are accepted and ignored."""

    model_config = ConfigDict(extra="allow")

    model: str = MODEL_ID
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool = False


class OpenAIError(Exception):
    """An error in the shape OpenAI clients read: ``{"error": {"message", "type", "code"}}``."""

    def __init__(self, status: int, message: str, code: str) -> None:
        super().__init__(message)
        self.status, self.message, self.code = status, message, code

    def response(self) -> JSONResponse:
        """The error as the JSON response OpenAI clients expect."""
        kind = "invalid_request_error" if self.status < 500 else "server_error"
        return JSONResponse({"error": {"message": self.message, "type": kind, "code": self.code}}, self.status)


def _question_and_history(messages: list[ChatMessage]) -> tuple[str, list[str]]:
    asked = [m.text().strip() for m in messages if m.role == "user" and m.text().strip()]
    if not asked:
        message = "no user message with text: put the question in a message with role 'user'"
        raise OpenAIError(400, message, "no_question")
    return asked[-1], asked[:-1]


@router.get("/v1/models")
def models() -> dict:
    """The one model this server offers."""
    return {
        "object": "list",
        "data": [{"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "pressroom"}],
    }


@router.post("/v1/chat/completions", response_model=None)
def chat_completions(body: ChatRequest, request: Request) -> dict | StreamingResponse | JSONResponse:
    """Answer the last user message, with citations; ``stream: true`` sends server-sent events."""
    try:
        if body.model != MODEL_ID:
            message = f"model {body.model!r} not found; this server offers {MODEL_ID!r}"
            raise OpenAIError(404, message, "model_not_found")
        question, history = _question_and_history(body.messages)
        try:
            asked = services(request).ask(question, None, history)
        except IndexFailure as exc:
            raise OpenAIError(503, str(exc), "index_unavailable") from exc
        except ValueError as exc:
            raise OpenAIError(400, str(exc), "bad_question") from exc
    except OpenAIError as exc:
        return exc.response()
    answer = asked.answer
    content = footnotes_markdown(answer)
    citations = [c.__dict__ for c in (answer.see_also if answer.abstained else answer.citations)]
    extra = {"citations": citations, "abstained": answer.abstained, "resolved_question": asked.resolved}
    completion_id = f"chatcmpl-{uuid.uuid4().hex}"
    created = int(time.time())
    if body.stream:
        return StreamingResponse(
            _chunks(completion_id, created, content, extra), media_type="text/event-stream"
        )
    words = len(content.split())
    return {
        "id": completion_id,
        "object": "chat.completion",
        "created": created,
        "model": MODEL_ID,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, **extra},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": len(question.split()), "completion_tokens": words,
                  "total_tokens": words + len(question.split())},
        **extra,
    }


def _chunks(completion_id: str, created: int, content: str, extra: dict) -> Iterator[str]:
    def event(delta: dict, finish: Literal["stop"] | None = None, **more: Any) -> str:
        chunk = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": MODEL_ID,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            **more,
        }
        return f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n"

    yield event({"role": "assistant", "content": ""})
    for piece in re.findall(r"\S+\s*", content):
        yield event({"content": piece})
    yield event({}, "stop", **extra)
    yield "data: [DONE]\n\n"
