"""The HTTP API: ask, search, the document library, feedback and health, as JSON."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import PlainTextResponse
from starlette.concurrency import run_in_threadpool

from assistant.records import Answer
from index.errors import IndexFailure, UnknownDocument
from index.filters import SearchFilters
from ui.api_models import (
    MAX_QUESTION,
    AnswerOut,
    AskRequest,
    FeedbackIn,
    Filters,
    HitOut,
    IngestResult,
)
from ui.render import footnotes_markdown, search_row
from ui.services import Services

router = APIRouter()


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
