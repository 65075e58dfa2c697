"""The HTTP API's request and response shapes (``ui/api.py`` serves them; MCP reuses some)."""

from __future__ import annotations

import json
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.records import Citation

MAX_QUESTION = 2000  # characters; far above any question, far below what would tie up the server
MAX_HISTORY = 100  # earlier questions a follow-up may look back over
MAX_CITATIONS_JSON = 200_000  # characters of a feedback's citations: an answer's, with room to spare


class Filters(BaseModel):
    """Restrict retrieval; every field is optional."""

    model_config = ConfigDict(extra="forbid")

    date_from: str | None = Field(None, description="YYYY[-MM[-DD]], inclusive.")
    date_to: str | None = Field(None, description="YYYY[-MM[-DD]], inclusive.")
    lang: str | None = Field(None, description="ISO 639-1 language code, e.g. en or nl.")
    kind: str | None = Field(None, description="press_release, press_kit, meeting_page, news_item...")
    source: str | None = Field(None, description="A document's source id.")


class AskRequest(BaseModel):
    """A question, with the conversation so far for follow-ups."""

    model_config = ConfigDict(extra="forbid")

    question: str = Field(min_length=1, max_length=MAX_QUESTION)
    history: list[Annotated[str, Field(max_length=MAX_QUESTION)]] = Field(
        default_factory=list, max_length=MAX_HISTORY, description="Earlier questions of the conversation, oldest first."
    )
    filters: Filters | None = None
    mode: Literal["extractive", "generative"] | None = Field(
        None, description="extractive (verbatim quotes) or generative (checked sentences); default: the server's."
    )


class SentenceOut(BaseModel):
    """A sentence a language model wrote, as the check judged it."""

    text: str
    cited: list[int] = Field(description="Passage numbers the model cited (of the passages it was given).")
    support: float
    supported: bool
    quotes_verbatim: bool
    repaired: bool
    kept: bool
    backed_by: list[int]
    supported_by: list[int]


class DateOut(BaseModel):
    """A date the cited words give, normalised at ingest against the document's date."""

    n: int = Field(description="The number of the citation whose quote holds it.")
    when: str = Field(description="ISO 8601: a day, a month, a time range (T09:30/12:15) or a period (a/b).")
    label: str = Field(description="The words that gave it, as written.")
    kind: str = Field(description="day, month, time, period or relative.")


class AnswerOut(BaseModel):
    """An answer whose sentences are each followed by ``[n]``, the number of their citation."""

    question: str
    resolved_question: str = Field(description="The question as understood (follow-ups carry their subject).")
    answer: str
    abstained: bool
    citations: list[Citation]
    see_also: list[Citation] = Field(description="Closest passages, when the answer abstains.")
    markdown: str = Field(description="The answer with its citations as Markdown footnotes.")
    lang: str
    timings_ms: dict[str, float]
    mode: str = Field(description="How the answer was written: extractive or generative.")
    notice: str = Field(description="Why a generative answer fell back to quoting, if it did.")
    sentences: list[SentenceOut] = Field(
        description="Generative answers: each sentence the model wrote, its support, and whether it was kept."
    )
    dates: list[DateOut] = Field(
        default_factory=list, description='"When" answers: the dates in the quoted words, normalised.'
    )
    refusal: str = Field(
        "", description="Why it abstained: weak, improbable, not_quoted, off_topic, no_figure, no_name, other_time or "
        "nothing_found (see the README); empty for an answer.",
    )


class HitOut(BaseModel):
    """A passage found by search."""

    rank: int
    score: float
    source_id: str
    passage_id: str
    title: str
    date: str | None
    lang: str
    kind: str
    url: str
    heading_path: list[str]
    text: str
    start: int
    end: int
    versions: dict[str, str] = Field(
        default_factory=dict, description="The release in other languages: language → source id."
    )
    similar: list[str] = Field(
        default_factory=list, description="Near-duplicates of its document (the release re-published), left out."
    )


class IngestResult(BaseModel):
    """What became of one uploaded file or document."""

    source_id: str
    status: Literal["added", "updated", "unchanged", "failed"]
    passages: int
    reason: str


class FeedbackIn(BaseModel):
    """A thumbs up or down on an answer."""

    model_config = ConfigDict(extra="forbid")

    question: str = Field(min_length=1, max_length=2000)
    answer: str = Field(max_length=20000)
    rating: Literal[1, -1]
    comment: str = Field("", max_length=4000)
    citations: list[dict] = Field(default_factory=list, max_length=MAX_HISTORY)

    @field_validator("rating", mode="before")
    @classmethod
    def _a_whole_number(cls, value: object) -> object:
        if isinstance(value, bool) or not isinstance(value, int):  # true and 1.0 are not ratings
            raise ValueError("rating must be the whole number 1 (up) or -1 (down)")
        return value

    @field_validator("citations")
    @classmethod
    def _storable(cls, value: list[dict]) -> list[dict]:
        # Stored and exported as JSON: NaN, Infinity and lone surrogates would not read back.
        try:
            text = json.dumps(value, ensure_ascii=False, allow_nan=False)
            text.encode("utf-8")
        except (ValueError, UnicodeEncodeError) as exc:
            message = "citations must be plain JSON text and numbers (no NaN, Infinity or lone surrogates)"
            raise ValueError(message) from exc
        if len(text) > MAX_CITATIONS_JSON:
            raise ValueError(f"citations take {len(text):,} characters as JSON; at most {MAX_CITATIONS_JSON:,}")
        return value
