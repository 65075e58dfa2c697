"""Hostile content and hostile callers against a real server.

Markup and ``javascript:`` links in documents stay text (JSON) or are escaped (the web app's
Markdown and source cards); every route refuses a caller without the token; uploads over the
limit are refused and leave nothing behind; a client over the rate limit gets 429 with
Retry-After; questions of extreme length or odd characters get a 4xx with a message, or an
answer, never a 500 or a traceback. (Prompt injection in documents: ``test_generative.py``.)
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from index.embedding import Embedder
from pressroom.cli import app
from tests.conftest import TOKEN, LiveServer, start_server
from ui.render import chat_markdown, sources_html
from ui.server import RateLimit
from ui.settings import ServerSettings

FORGED = """<html><head><title>Forged pages</title></head><body>
<h1>Forged tracking pages &lt;img src=x onerror=alert('h')&gt;</h1>
<p>Brussels, 14 June 2024</p>
<p>The customs service warned that the snippet &lt;script&gt;alert(document.cookie)&lt;/script&gt; was hidden in
forged tracking pages.</p>
<p>Victims were asked to click <a href="javascript:alert('link')">javascript:alert('link')</a> to confirm a parcel.</p>
<p>A second lure read [track your parcel](javascript:alert('md')) in the body of the message.</p>
<script>window.pwned = 1</script>
</body></html>
"""
FEED = {
    "id": "ferry-notice",
    "title": "Ferry notice <script>alert(5)</script>",
    "url": "javascript:alert(6)",
    "date": "2024-06-15",
    "text": "The ferry operator said the text <img src=x onerror=alert(7)> appeared in its booking emails in June.",
}
SCRIPT = "<script>alert(document.cookie)</script>"
IMG = "<img src=x onerror=alert(7)>"


@pytest.fixture(scope="module")
def hostile(embedder: Embedder, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Documents full of markup, served with the default rate limit and a 1 MB upload limit."""
    folder = tmp_path_factory.mktemp("hostile-docs")
    (folder / "forged.html").write_text(FORGED, encoding="utf-8")
    (folder / "notices.jsonl").write_text(json.dumps(FEED) + "\n", encoding="utf-8")
    served = start_server(embedder, tmp_path_factory.mktemp("hostile"), [folder], max_upload_mb=1)
    yield served
    served.stop()


# -- markup in documents ----------------------------------------------------------------------


@pytest.mark.integration  # a real server
def test_markup_in_documents_is_plain_text_in_the_api(hostile: LiveServer) -> None:
    url = hostile.url
    found = httpx.get(f"{url}/api/search", params={"q": "snippet hidden in forged tracking pages", "limit": 1})
    assert found.headers["content-type"] == "application/json"
    assert SCRIPT in found.json()[0]["text"]
    record = httpx.get(f"{url}/api/documents/ferry-notice").json()
    assert record["title"] == FEED["title"] and record["url"] == "javascript:alert(6)" and IMG in record["text"]
    asked = httpx.post(f"{url}/api/ask", json={"question": "What appeared in the ferry operator's booking emails?"},
                       timeout=60)
    assert asked.headers["content-type"] == "application/json"
    answer = asked.json()
    assert IMG in answer["answer"] and IMG in answer["citations"][0]["quote"]
    chat = httpx.post(f"{url}/v1/chat/completions", timeout=60, json={
        "messages": [{"role": "user", "content": "What appeared in the ferry operator's booking emails?"}]})
    # The chat reply is Markdown that a client may render as HTML: markup shown, not run, and
    # only http(s) addresses become links.
    content = chat.json()["choices"][0]["message"]["content"]
    assert IMG.replace("<", "&lt;").replace(">", "&gt;") in content and "<img" not in content
    assert "<script" not in content and "javascript:" not in content
    assert "<img" not in answer["markdown"] and "javascript:" not in answer["markdown"]


@pytest.mark.integration  # a real server
def test_markup_and_script_links_stay_inert_in_the_web_app(hostile: LiveServer) -> None:
    """What the chat and the sources panel are given for answers that quote markup-laden documents."""
    questions = ["What appeared in the ferry operator's booking emails?",
                 "Which snippet was hidden in forged tracking pages?",
                 "What were victims asked to click to confirm a parcel?",
                 "What did the second lure read?"]
    answers = [hostile.services.ask(q).answer for q in questions]
    cited = " ".join(c.passage + c.title + c.url for a in answers for c in a.citations)
    assert all(s in cited for s in (SCRIPT, IMG, "<script>alert(5)</script>", "javascript:alert(6)",
                                    "javascript:alert('link')", "(javascript:alert('md'))"))
    for turn, answer in enumerate(answers, 1):
        text = chat_markdown(answer, turn)
        assert not re.search(r"(?<!\\)[<>]", text), text  # no raw tag: every < and > escaped
        assert not re.search(r"\]\((?!#src-)", text), text  # the only links are to source cards
    panel = sources_html(list(enumerate(answers, 1)))
    assert "&lt;script&gt;" in panel and "&lt;img src=x" in panel
    assert not re.search(r"<(script|img|iframe)\b", panel)
    assert "javascript:" not in " ".join(re.findall(r'href="([^"]*)"', panel))
    assert "window.pwned" not in cited  # the document's own <script> element was never text


# -- callers without the token ---------------------------------------------------------------


def routes(url: str) -> list[tuple[str, str]]:
    """Every API route of the schema (path parameters filled in) and the web app's own."""
    schema = httpx.get(f"{url}/openapi.json", headers={"Authorization": f"Bearer {TOKEN}"}).json()
    api = [(method.upper(), re.sub(r"\{[^}]+\}", "x", path))
           for path, methods in schema["paths"].items() for method in methods]
    web = [("GET", "/"), ("GET", "/config"), ("GET", "/gradio_api/info"), ("POST", "/gradio_api/queue/join"),
           ("POST", "/gradio_api/upload"), ("GET", "/gradio_api/queue/data"), ("GET", "/docs"), ("GET", "/redoc")]
    return api + web


@pytest.mark.integration  # a real server
def test_every_route_refuses_a_caller_without_the_right_token(secured_server: LiveServer) -> None:
    url, services = secured_server.url, secured_server.services
    every = routes(url)
    assert {("POST", "/api/ask"), ("POST", "/v1/chat/completions"), ("POST", "/api/documents"),
            ("DELETE", "/api/documents/x"), ("POST", "/api/feedback")} <= set(every)
    documents, feedback = len(services.documents()), len(services.feedback.all())
    wrong = [
        {},
        {"headers": {"Authorization": "Bearer wrong-token-wrong-token"}},
        {"headers": {"Authorization": f"Bearer {TOKEN[:-1]}"}},  # all but the last character
        {"headers": {"Authorization": f"Basic {TOKEN}"}},
        {"headers": {"Cookie": "pressroom_token=wrong-token-wrong-token"}},
        {"params": {"token": "wrong-token-wrong-token"}},
    ]
    body = {"question": "When was the European Ports Alliance launched?", "rating": 1, "answer": "x",
            "messages": [{"role": "user", "content": "hi"}]}
    for method, path in every:
        if path == "/healthz":
            continue
        for how in wrong:
            refused = httpx.request(method, f"{url}{path}", json=body if method == "POST" else None, **how)
            assert refused.status_code == 401, (method, path, how, refused.status_code)
            assert "missing or wrong token" in refused.json()["detail"]
            assert refused.headers["www-authenticate"] == "Bearer"
    # The token in the address works for a browser's GET only, not to post or delete with.
    posted = httpx.post(f"{url}/api/ask", params={"token": TOKEN}, json=body)
    assert posted.status_code == 401
    upload = httpx.post(f"{url}/api/documents", files=[("files", ("x.txt", b"Ports\n\nA note.\n"))])
    assert upload.status_code == 401
    assert not (services.settings.uploads / "x.txt").exists()
    assert (len(services.documents()), len(services.feedback.all())) == (documents, feedback)
    assert httpx.get(f"{url}/healthz").status_code == 200


# -- uploads over the limit ------------------------------------------------------------------


@pytest.mark.integration  # a real server
def test_uploads_over_the_limit_are_refused_and_leave_nothing(hostile: LiveServer) -> None:
    url, uploads = hostile.url, hostile.services.settings.uploads
    big = b"Harbour dues\n\n" + b"The dues rise. " * 80_000  # 1.2 MB, over the 1 MB limit
    note = b"Lock closure\n\nGhent, 3 June 2024\n\nThe Kennedy lock closes for repairs on 3 June 2024.\n"
    alone = httpx.post(f"{url}/api/documents", files=[("files", ("dues.txt", big))], timeout=60)
    assert alone.status_code == 413 and "larger than the limit" in alone.json()["detail"]
    mixed = httpx.post(f"{url}/api/documents", files=[("files", ("dues.txt", big)), ("files", ("lock.txt", note))],
                       timeout=60).json()
    assert {r["source_id"]: r["status"] for r in mixed} == {"dues.txt": "failed", "lock.txt": "added"}
    assert not (uploads / "dues.txt").exists() and not list(uploads.glob("*.part"))
    assert "dues.txt" not in [d.source_id for d in hostile.services.documents()]
    web = httpx.post(f"{url}/gradio_api/upload", files=[("files", ("dues.txt", big))], timeout=60)
    assert web.status_code == 413


# -- the rate limit ----------------------------------------------------------------------------


def test_rate_limit_is_a_bucket_per_client() -> None:
    now = [0.0]
    limit = RateLimit(None, per_minute=3, clock=lambda: now[0])
    assert [limit.take("10.0.0.1") for _ in range(3)] == [0.0, 0.0, 0.0]  # a minute's allowance at once
    assert limit.take("10.0.0.1") == pytest.approx(20.0)  # then one every 20 s
    assert limit.take("10.0.0.2") == 0.0  # another client has its own
    now[0] = 20.0
    assert limit.take("10.0.0.1") == 0.0 and limit.take("10.0.0.1") > 0
    with pytest.raises(ValueError, match="0 means no limit"):
        RateLimit(None, per_minute=0)
    assert ServerSettings(home=Path(".")).rate_limit == 120
    assert ServerSettings.from_env(Path("."), "127.0.0.1", 0, {"PRESSROOM_RATE_LIMIT": "0"}).rate_limit == 0
    with pytest.raises(ValueError, match="rate_limit"):
        ServerSettings.from_env(Path("."), "127.0.0.1", 0, {"PRESSROOM_RATE_LIMIT": "-1"})


@pytest.mark.integration  # a real server
def test_a_client_over_the_rate_limit_gets_429_with_retry_after(embedder: Embedder, tmp_path: Path) -> None:
    server = start_server(embedder, tmp_path, [], rate_limit=2)
    url, question = server.url, {"question": "When was the European Ports Alliance launched?"}
    try:
        assert [httpx.post(f"{url}/api/ask", json=question).status_code for _ in range(2)] == [200, 200]
        refused = httpx.post(f"{url}/api/ask", json=question)
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
        assert "at most 2 a minute per client (PRESSROOM_RATE_LIMIT)" in refused.json()["detail"]
        assert httpx.get(f"{url}/api/search", params={"q": "ports"}).status_code == 429
        chat = httpx.post(f"{url}/v1/chat/completions", json={"messages": [{"role": "user", "content": "ports?"}]})
        assert chat.status_code == 429 and chat.json()["error"]["code"] == "rate_limit_exceeded"
        from openai import OpenAI, RateLimitError

        with pytest.raises(RateLimitError):
            OpenAI(base_url=f"{url}/v1", api_key="unused", max_retries=0).chat.completions.create(
                model="pressroom", messages=[{"role": "user", "content": "ports?"}])
        # Routes that do not run the model are not counted.
        assert [httpx.get(f"{url}{p}").status_code for p in ("/healthz", "/api/documents", "/v1/models")] == [200] * 3
    finally:
        server.stop()


# -- questions of extreme length and odd characters ----------------------------------------------

ODD = {
    "100 KB": "What was launched? " * 5500,
    "NUL bytes": "When was the \x00European Ports\x00 Alliance launched?",
    "control characters": "\x01\x02\x1b[31m forged \x7f tracking pages",
    "right-to-left and zero-width": "\u202eWhich snippet\u200b was hidden in\u200d forged\ufeff tracking pages?\u200f",
    "only punctuation": "?!?…,;:—()[]{}<>\"'",
    "emoji": "🚢🎉 ferry 🛳️ booking emails? 👀",
    "markup": "<script>alert(1)</script> snippet?",
    "whitespace": " \t\n\u00a0\u3000 ",
}
LONE = ['"When was the \\ud800 alliance launched?"', '"\\udfff"', '"\\ud83d ferry"']  # halves of surrogate pairs


def answered_or_refused(response: httpx.Response) -> None:
    """A 200 with an answer (or an abstention), or a 4xx whose JSON says what is wrong."""
    assert response.status_code < 500, response.text[:300]
    data = response.json()
    if response.status_code == 200:
        assert data if isinstance(data, list) or "choices" in data else data["answer"]
    else:
        assert 400 <= response.status_code < 500 and (data.get("detail") or data["error"]["message"])


@pytest.mark.integration  # a real server
@pytest.mark.parametrize("kind", ODD)
def test_odd_questions_get_an_answer_or_a_message(hostile: LiveServer, kind: str) -> None:
    url, text = hostile.url, ODD[kind]
    ask = httpx.post(f"{url}/api/ask", json={"question": text, "history": [text]}, timeout=60)
    answered_or_refused(ask)
    search = httpx.get(f"{url}/api/search", params={"q": text[:2000]}, timeout=60)
    answered_or_refused(search)
    chat = httpx.post(f"{url}/v1/chat/completions", json={"messages": [{"role": "user", "content": text}]}, timeout=60)
    answered_or_refused(chat)
    if kind == "100 KB":
        assert ask.status_code == 422 and "at most 2000 characters" in ask.text
        assert chat.status_code == 400 and chat.json()["error"]["code"] == "question_too_long"
        assert httpx.get(f"{url}/api/search", params={"q": text[:8000]}).status_code == 422
    if kind == "whitespace":
        assert ask.status_code == 422 and chat.status_code == 400


@pytest.mark.integration  # a real server
def test_halves_of_surrogate_pairs_are_refused_with_a_message(hostile: LiveServer) -> None:
    url, headers = hostile.url, {"content-type": "application/json"}
    for text in LONE:
        ask = httpx.post(f"{url}/api/ask", content=f'{{"question": {text}}}', headers=headers)
        assert ask.status_code == 422 and ask.json()["detail"][0]["type"] == "string_unicode"
        follow = httpx.post(f"{url}/api/ask", content=f'{{"question": "ferry?", "history": [{text}]}}', headers=headers)
        assert follow.status_code == 422
        feedback = httpx.post(f"{url}/api/feedback", headers=headers,
                              content=f'{{"question": {text}, "answer": "a", "rating": 1}}')
        assert feedback.status_code == 422
        for stream in ("false", "true"):
            chat = httpx.post(f"{url}/v1/chat/completions", headers=headers,
                              content=f'{{"stream": {stream}, "messages": [{{"role": "user", "content": {text}}}]}}')
            assert chat.status_code == 400 and chat.json()["error"]["code"] == "invalid_text", chat.text
            assert "half of a surrogate pair" in chat.json()["error"]["message"]
    # In a URL they arrive as bytes that are not UTF-8, which are read as U+FFFD.
    for raw in ("%ED%A0%80", "%FF%FE", "%00"):
        answered_or_refused(httpx.get(f"{url}/api/search?q=ferry{raw}"))
    too_many = httpx.post(f"{url}/api/ask", json={"question": "ferry?", "history": ["ports?"] * 101})
    assert too_many.status_code == 422 and "at most 100 items" in too_many.text
    not_utf8 = httpx.post(f"{url}/api/ask", content=b'{"question": "ferry \xff\xfe?"}', headers=headers)
    assert not_utf8.status_code in (400, 422)


@pytest.mark.slow  # the CLI loads the model for each command
def test_cli_ask_prints_a_message_for_odd_questions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRESSROOM_HOME", str(tmp_path / "home"))
    (tmp_path / "forged.html").write_text(FORGED, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(tmp_path / "forged.html")]).exit_code == 0
    for text in [*ODD.values(), "When \udcff was it?"]:  # a byte not UTF-8 in argv arrives as U+DCxx
        result = runner.invoke(app, ["ask", text])
        assert "Traceback" not in result.output, result.output
        if result.exit_code == 0:
            assert result.exception is None and result.stdout.strip()
        else:
            assert result.exit_code == 2 and isinstance(result.exception, SystemExit), (text[:40], result.output)
            assert result.stderr.startswith("pressroom: error: ")
