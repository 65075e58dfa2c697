"""What the server says of a request it cannot take: a body that is not text or not JSON, or fields
that are refused. On ``/v1`` the error takes OpenAI's shape, which its clients show.
"""

from __future__ import annotations

import json

from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException
from starlette.requests import Request

ECHOED = 200  # characters of a refused input shown back in a 422: enough to recognise it


def openai_error(status: int, message: str, code: str | None = None, param: str | None = None) -> Response:
    """``{"error": {"message", "type", "param", "code"}}``, ASCII-escaped: a lone surrogate cannot break it."""
    kind = "invalid_request_error" if status < 500 else "server_error"
    body = {"error": {"message": message, "type": kind, "param": param, "code": code}}
    return Response(json.dumps(body, ensure_ascii=True), status, media_type="application/json")


def _on_v1(request: Request) -> bool:
    return request.url.path.startswith("/v1/")


async def unprocessable(request: Request, exc: RequestValidationError) -> Response:
    """422 naming what is wrong; ASCII-escaped, so an echoed lone surrogate cannot break the response.

    The input is echoed cut short (a refused 5 MB field is not sent back whole), and on ``/v1`` the
    error is a 400 in OpenAI's shape: one line naming each field and the reason, ``param`` the first field.
    """
    errors = []
    for error in exc.errors():
        error = {k: v for k, v in error.items() if k not in ("url", "ctx")}
        if "Expected UploadFile" in str(error.get("msg")):  # multipart reads a part named "" as a field
            error["msg"] = 'a part without a file name: send each file with its name (filename="…")'
            error["input"] = None  # the file's content, not worth echoing
        shown = repr(error.get("input"))
        if len(shown) > ECHOED:
            error["input"] = shown[:ECHOED] + "…"
        errors.append(error)
    if _on_v1(request):
        first = exc.errors()[0] if exc.errors() else {}
        if first.get("type") == "json_invalid":  # loc is ("body", character): not a field
            why, where = first.get("ctx", {}).get("error"), first["loc"][-1]
            return openai_error(400, f"the request body is not valid JSON: {why} (character {where})")
        fields = [".".join(str(p) for p in e["loc"][1:]) for e in errors]
        said = "; ".join(f"{field or 'body'}: {e['msg']}" for field, e in zip(fields, errors, strict=True))
        return openai_error(400, said, param=(fields or [""])[0] or None)
    body = json.dumps(jsonable_encoder({"detail": errors}), ensure_ascii=True)
    return Response(body, 422, media_type="application/json")


def unreadable(exc: BaseException) -> str | None:
    """Why a request body could not be read as JSON, where FastAPI only says 'There was an error
    parsing the body' (fastapi/routing.py): bytes that are not text, or nesting deeper than the
    decoder goes. None for any other failure."""
    cause = exc.__cause__
    if isinstance(cause, UnicodeDecodeError):
        encoding = "UTF-8" if cause.encoding.lower().startswith("utf-8") else cause.encoding.upper()
        byte = cause.object[cause.start]
        return f"the request body is not {encoding} text (byte 0x{byte:02x} at position {cause.start})"
    if isinstance(cause, RecursionError):
        return "the request body is not valid JSON: nested too deeply"
    return None


async def http_error(request: Request, exc: HTTPException) -> Response:
    """FastAPI's own answer to an HTTP error, but a body it could not read says why (400), in
    OpenAI's shape on ``/v1``. The body is not read again: the decoder's error says where."""
    said = unreadable(exc) if exc.status_code == 400 else None
    if said is None:
        return await http_exception_handler(request, exc)
    if _on_v1(request):
        return openai_error(400, said)
    return Response(json.dumps({"detail": said}, ensure_ascii=True), 400, media_type="application/json")
