"""The HTTP API: ask, search, the document library, feedback and health, as JSON."""

from __future__ import annotations

import json
from typing import Annotated, Literal

from fastapi import APIRouter, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.concurrency import run_in_threadpool

from assistant.records import Answer, Citation
from index.errors import IndexFailure, UnknownDocument
from index.filters import SearchFilters
from ui.render import footnotes_markdown, search_row
from ui.services import Services

router = APIRouter()
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


def services(request: Request) -> Services:
    """The app's shared services."""
    return request.app.state.services


def to_filters(filters: Filters | None) -> SearchFilters | None:
    """API filters as search filters; a bad date is a 422 naming it."""
    if filters is None:
        return None
    try:
        return SearchFilters(**filters.model_dump())
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from exc


def answer_out(answer: Answer, resolved: str) -> AnswerOut:
    """The API shape of an answer."""
    data = answer.to_dict()
    return AnswerOut(**data, resolved_question=resolved, markdown=footnotes_markdown(answer))


@router.post("/api/ask", response_model=AnswerOut, tags=["answers"])
def ask(body: AskRequest, request: Request) -> AnswerOut:
    """Answer a question with cited sentences (verbatim, or generated and checked), or abstain and list
    the closest passages."""
    try:
        asked = services(request).ask(body.question, to_filters(body.filters), body.history, body.mode)
    except IndexFailure as exc:
        raise HTTPException(503, str(exc)) from exc
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from exc
    return answer_out(asked.answer, asked.resolved)


@router.get("/api/search", response_model=list[HitOut], tags=["answers"])
def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUESTION, description="The query.")],
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    date_from: str | None = None,
    date_to: str | None = None,
    lang: str | None = None,
    kind: str | None = None,
    source: str | None = None,
) -> list[HitOut]:
    """Passages that best match a query (dense and lexical search fused)."""
    filters = to_filters(Filters(date_from=date_from, date_to=date_to, lang=lang, kind=kind, source=source))
    try:
        hits = services(request).search(q, limit, filters)
    except IndexFailure as exc:
        raise HTTPException(503, str(exc)) from exc
    except ValueError as exc:  # a query of spaces
        raise HTTPException(422, str(exc)) from exc
    store = services(request).store
    return [HitOut(**search_row(i, r, store.versions(r.hit.passage.source_id), store.similar(r.hit.passage.source_id)))
            for i, r in enumerate(hits, 1)]  # fmt: skip


@router.get("/api/find", tags=["find"])
def find(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUESTION, description='The query: words, "phrases", '
                            'AND/OR/NOT, -word, (…), word*, "a b"~5, title:, lang:, kind:, source:, date:A..B.')],
    page: Annotated[int, Query(ge=1)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 20,
    sort: Literal["relevance", "date"] = "relevance",
) -> dict:
    """Every document matching a query: the exact count, facets (language, kind, year, month) and
    one page of hits with highlighted snippets and their character offsets. A query that cannot
    be read is a 400 saying where."""
    svc = services(request)
    try:
        with svc.lock.shared:
            return svc.store.find(q, sort=sort, page=page, per_page=per_page).to_dict()
    except IndexFailure as exc:
        raise HTTPException(503, str(exc)) from exc
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from exc


@router.get("/api/find/export", tags=["find"], response_class=PlainTextResponse)
def find_export(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUESTION, description="The query, as for /api/find.")],
    format: Literal["csv", "jsonl"] = "jsonl",  # noqa: A002 - the query parameter's name
    sort: Literal["relevance", "date"] = "relevance",
) -> PlainTextResponse:
    """Every matching document with all its snippets and offsets, as CSV or JSON Lines."""
    from ui.find_output import export_lines

    svc = services(request)
    try:
        with svc.lock.shared:
            body = "".join(export_lines(svc.store.find_all(q, sort=sort), format))
    except IndexFailure as exc:
        raise HTTPException(503, str(exc)) from exc
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from exc
    media = "text/csv" if format == "csv" else "application/x-ndjson"
    return PlainTextResponse(body, media_type=media,
                             headers={"content-disposition": f'attachment; filename="find.{format}"'})


@router.get("/api/documents", tags=["library"])
def documents(request: Request) -> list[dict]:
    """Every document: source id, title, date, language, kind, passages, when it was ingested."""
    return [r.to_dict() for r in services(request).documents()]


@router.get("/api/documents/{source_id:path}", tags=["library"])
def document(
    source_id: str,
    request: Request,
    q: Annotated[str | None, Query(max_length=MAX_QUESTION, description="A find query: its matches in the text "
                                   "are listed as [start, end] character offsets, first to last.")] = None,
) -> dict:
    """One document's record, with its clean text (and, with ``q``, where the query matches it)."""
    svc = services(request)
    try:
        record = svc.document(source_id).to_dict()
        if q:
            with svc.lock.shared:
                hits = list(svc.store.find_all(q, source=record["source_id"]))
            record["matches"] = sorted(m for hit in hits for s in hit.snippets for m in s.matches)
        return record
    except UnknownDocument as exc:
        raise HTTPException(404, str(exc)) from exc
    except IndexFailure as exc:
        raise HTTPException(503, str(exc)) from exc
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from exc


@router.post("/api/documents", response_model=list[IngestResult], tags=["library"])
async def upload(request: Request, files: Annotated[list[UploadFile], File(description="Documents or feeds.")]):
    """Upload and ingest files (txt, md, html, pdf, docx, jsonl, jsonl.gz); one result per document.

    A rejected file (type, size, empty) is reported and the others still land. When every
    file is rejected the status is that of the first rejection (413, 415 or 400).
    """
    svc = services(request)
    limit = svc.settings.max_upload_bytes
    # One byte over the limit is enough to know a file is too large.
    received = [(item.filename or "upload", await item.read(limit + 1)) for item in files]
    accepted, rejected = svc.check(received)
    if rejected and not accepted:
        raise HTTPException(rejected[0].status, str(rejected[0]))
    events = await run_in_threadpool(svc.ingest_uploads, accepted)
    results = [IngestResult(source_id=r.name, status="failed", passages=0, reason=r.reason) for r in rejected]
    return results + [IngestResult(**e.__dict__) for e in events]


@router.delete("/api/documents/{source_id:path}", tags=["library"])
def delete(source_id: str, request: Request) -> dict:
    """Delete a document and all its passages."""
    try:
        removed = services(request).delete(source_id)
    except UnknownDocument as exc:
        raise HTTPException(404, str(exc)) from exc
    return {"source_id": source_id, "deleted_passages": removed}


@router.post("/api/reingest/{source_id:path}", response_model=IngestResult, tags=["library"])
def reingest(source_id: str, request: Request) -> IngestResult:
    """Parse a document again from its original file; it is replaced if its text changed."""
    try:
        event = services(request).reingest(source_id)
    except UnknownDocument as exc:
        raise HTTPException(404, str(exc)) from exc
    return IngestResult(**event.__dict__)


@router.post("/api/feedback", tags=["feedback"])
def add_feedback(body: FeedbackIn, request: Request) -> dict:
    """Store a thumbs up (1) or down (-1) on an answer, with an optional comment."""
    feedback_id = services(request).feedback.add(body.question, body.answer, body.rating, body.comment, body.citations)
    return {"id": feedback_id}


@router.get("/api/feedback", tags=["feedback"], response_class=PlainTextResponse)
def export_feedback(request: Request) -> PlainTextResponse:
    """All feedback as JSON Lines."""
    return PlainTextResponse(services(request).feedback.export_jsonl(), media_type="application/x-ndjson")


@router.get("/healthz", tags=["health"])
def healthz(request: Request) -> dict:
    """Liveness and the size of the index."""
    svc = services(request)
    try:
        with svc.lock.shared:
            passages = svc.store.count_passages()
    except IndexFailure as exc:
        raise HTTPException(503, str(exc)) from exc
    return {"status": "ok", "passages": passages}


# People, organisations and places, and name screening (ui/entities_api.py).
from ui.entities_api import router as _entity_routes  # noqa: E402 - after this module's own routes

router.include_router(_entity_routes)
