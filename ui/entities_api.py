"""The HTTP API of people, organisations and places, and of name screening (``ui/api.py`` includes it)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, ConfigDict, Field

from index.errors import IndexFailure, UnknownDocument
from index.screening import MAX_NAMES
from ui.services import Services

router = APIRouter()


class ScreenRequest(BaseModel):
    """Names to screen against every document."""

    model_config = ConfigDict(extra="forbid")

    names: list[Annotated[str, Field(min_length=1, max_length=300)]] = Field(
        min_length=1, max_length=MAX_NAMES, description="The names, one per item (repeats are screened once)."
    )
    limit: int = Field(20, ge=1, le=1000, description="Documents listed per name (all are counted).")
    format: Literal["json", "csv", "jsonl"] = Field("json", description="json, or a csv or jsonl file to download.")


def _services(request: Request) -> Services:
    return request.app.state.services


@router.get("/api/entities", tags=["entities"])
def entities(
    request: Request,
    kind: Literal["person", "org", "place"] | None = None,
    limit: Annotated[int, Query(ge=1, le=10000)] = 100,
) -> list[dict]:
    """People, organisations and places named in the documents, those in most documents first,
    each with its other names."""
    svc = _services(request)
    try:
        with svc.lock.shared:
            return [e.to_dict() for e in svc.store.entities().listing(kind, limit)]
    except IndexFailure as exc:
        raise HTTPException(503, str(exc)) from exc


@router.get("/api/entities/{name:path}", tags=["entities"])
def entity(request: Request, name: Annotated[str, Path(min_length=1, max_length=300)]) -> dict:
    """An entity's page (any of its names, or a surname): names, roles and titles, documents by
    date with each mention's offsets, statements made, entities named in the same documents. 404
    names the closest entities when none has that name."""
    svc = _services(request)
    try:
        with svc.lock.shared:
            store = svc.store
            return store.entities().page(name, lambda sid: store.document(sid).statements).to_dict()
    except UnknownDocument as exc:
        raise HTTPException(404, str(exc)) from exc
    except IndexFailure as exc:
        raise HTTPException(503, str(exc)) from exc


@router.post("/api/screen", tags=["entities"], response_model=None)
def screen(body: ScreenRequest, request: Request) -> list[dict] | PlainTextResponse:
    """Screen names against every document: per name the number of documents, and the best of
    them with the match (exact, variant, alias, fuzzy), the words matched, a snippet with offsets
    and a score; documents new since the same list was last screened are marked."""
    from index.screening import read_names
    from ui.entities_cli import screen_export

    names = read_names("\n".join(body.names), csv_file=False)
    if not names:
        raise HTTPException(422, "no names to screen: give letters or digits")
    svc = _services(request)
    try:
        with svc.lock.shared:
            results = svc.store.screen(names, limit=body.limit)
    except IndexFailure as exc:
        raise HTTPException(503, str(exc)) from exc
    if body.format == "json":
        return [r.to_dict() for r in results]
    media = "text/csv" if body.format == "csv" else "application/x-ndjson"
    return PlainTextResponse(screen_export(results, body.format), media_type=media,
                             headers={"content-disposition": f'attachment; filename="screening.{body.format}"'})
