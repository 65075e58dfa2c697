"""The HTTP API and the OpenAI-compatible endpoint, against a real server on the sample corpus."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from assistant.assistant import Assistant
from pressroom.cli import app
from tests.conftest import ROOT, TOKEN, LiveServer

pytestmark = pytest.mark.integration


def ask(server: LiveServer, question: str, **body: object) -> dict:
    response = httpx.post(f"{server.url}/api/ask", json={"question": question, **body}, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()


def test_health_and_schema(live_server: LiveServer) -> None:
    assert httpx.get(f"{live_server.url}/healthz").json() == {"status": "ok", "passages": 46}
    paths = httpx.get(f"{live_server.url}/openapi.json").json()["paths"]
    for path in ("/api/ask", "/api/search", "/api/documents", "/v1/chat/completions", "/v1/models", "/healthz"):
        assert path in paths


def test_ask_quotes_are_exact_in_their_documents(live_server: LiveServer) -> None:
    answer = ask(live_server, "When was the European Ports Alliance launched?")
    assert not answer["abstained"]
    assert "24th of January" in answer["answer"]
    assert "[^1]" in answer["markdown"] and "[^1]: “" in answer["markdown"]
    for c in answer["citations"]:
        doc = httpx.get(f"{live_server.url}/api/documents/{c['source_id']}").json()
        assert doc["text"][c["start"] : c["end"]] == c["quote"]
        assert f"{c['quote']} [{c['n']}]" in answer["answer"]


def test_follow_up_carries_the_subject_over(live_server: LiveServer) -> None:
    answer = ask(live_server, "And when was it launched?", history=["What is the European Ports Alliance?"])
    assert "European Ports Alliance" in answer["resolved_question"]
    assert "24th of January" in answer["answer"]
    alone = ask(live_server, "And when was it launched?")
    assert alone["resolved_question"] == "And when was it launched?"


def test_abstains_with_see_also_and_filters_apply(live_server: LiveServer) -> None:
    answer = ask(live_server, "What is the price of a train ticket from Brussels to Paris?")
    assert answer["abstained"] and answer["see_also"] and not answer["citations"]
    dutch = ask(live_server, "Wat bespraken de ministers over migratie?", filters={"lang": "nl"})
    assert dutch["citations"] and {c["lang"] for c in dutch["citations"]} == {"nl"}
    bad = httpx.post(f"{live_server.url}/api/ask", json={"question": "x?", "filters": {"date_from": "March"}})
    assert bad.status_code == 422 and "'March'" in bad.text


def test_search_and_documents(live_server: LiveServer) -> None:
    hits = httpx.get(f"{live_server.url}/api/search", params={"q": "drug trafficking", "limit": 3}).json()
    assert len(hits) == 3 and hits[0]["rank"] == 1 and hits[0]["text"]
    only = httpx.get(f"{live_server.url}/api/search", params={"q": "migratie", "lang": "nl"}).json()
    assert only and {h["lang"] for h in only} == {"nl"}
    blank = httpx.get(f"{live_server.url}/api/search", params={"q": "   "})
    assert blank.status_code == 422 and "the query is empty" in blank.text
    docs = httpx.get(f"{live_server.url}/api/documents").json()
    assert len(docs) == 5
    assert {"source_id", "title", "date", "lang", "kind", "passages", "ingested_at"} <= set(docs[0])
    missing = httpx.get(f"{live_server.url}/api/documents/nope.txt")
    assert missing.status_code == 404 and "nope.txt" in missing.text
    # With a find query, where it matches: the offsets point at the words in the text.
    dutch = httpx.get(f"{live_server.url}/api/documents/003_74bc165e444463b9.txt", params={"q": "drugs*"}).json()
    assert len(dutch["matches"]) == 3
    assert all(dutch["text"][a:b].lower().startswith("drugs") for a, b in dutch["matches"])
    bad = httpx.get(f"{live_server.url}/api/documents/003_74bc165e444463b9.txt", params={"q": "drugs AND ("})
    assert bad.status_code == 400 and "at character" in bad.text


def test_same_answers_as_the_assistant(live_server: LiveServer, assistant: Assistant) -> None:
    """The server answers exactly as ``pressroom ask`` does on the same corpus."""
    gold = [json.loads(line) for line in (ROOT / "eval" / "gold-sample.jsonl").read_text().splitlines()]
    for item in gold[::8]:
        direct = assistant.ask(item["question"])
        served = ask(live_server, item["question"])
        assert served["answer"] == direct.answer, item["id"]
        assert [c["quote"] for c in served["citations"]] == [c.quote for c in direct.citations]


MODEL_IDS = ["pressroom", "pressroom-extractive", "pressroom-generative", "pressroom-llm"]


def test_openai_client_compatibility(live_server: LiveServer) -> None:
    from openai import OpenAI

    client = OpenAI(base_url=f"{live_server.url}/v1", api_key="unused", max_retries=0)
    assert [m.id for m in client.models.list()] == MODEL_IDS
    messages = [
        {"role": "system", "content": "You are helpful."},
        {"role": "user", "content": "What is the European Ports Alliance?"},
        {"role": "assistant", "content": "..."},
        {"role": "user", "content": "And when was it launched?"},
    ]
    reply = client.chat.completions.create(model="pressroom", messages=messages)  # type: ignore[arg-type]
    message = reply.choices[0].message
    assert "24th of January" in (message.content or "") and "[^1]: “" in (message.content or "")
    citations = (message.model_extra or {})["citations"]
    assert citations and citations[0]["quote"] in (message.content or "")
    stream = client.chat.completions.create(model="pressroom", messages=messages, stream=True)  # type: ignore[arg-type]
    chunks = list(stream)
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == message.content
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert (chunks[-1].model_extra or {})["citations"] == citations
    with pytest.raises(Exception, match="not found"):
        client.chat.completions.create(model="gpt-4o", messages=messages)  # type: ignore[arg-type]


def test_token_required_everywhere_but_health(secured_server: LiveServer) -> None:
    url = secured_server.url
    assert httpx.get(f"{url}/healthz").status_code == 200
    for path in ("/", "/api/documents", "/v1/models", "/openapi.json", "/gradio_api/info"):
        refused = httpx.get(f"{url}{path}")
        assert refused.status_code == 401, path
    wrong = {"Authorization": "Bearer wrong-token-wrong-token"}
    assert httpx.get(f"{url}/api/documents", headers=wrong).status_code == 401
    assert httpx.get(f"{url}/api/documents", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    with httpx.Client() as browser:
        first = browser.get(f"{url}/?token={TOKEN}")
        assert first.status_code == 303 and first.headers["location"] == "/"
        assert "HttpOnly" in first.headers["set-cookie"]
        assert browser.get(f"{url}/").status_code == 200  # the cookie now carries the token
    from openai import OpenAI

    client = OpenAI(base_url=f"{url}/v1", api_key=TOKEN, max_retries=0)
    assert [m.id for m in client.models.list()] == MODEL_IDS


def test_uploads_are_checked_sanitised_and_ingested(secured_server: LiveServer, tmp_path: Path) -> None:
    url, auth = secured_server.url, {"Authorization": f"Bearer {TOKEN}"}
    text = b"Port security update\n\nAntwerp, 2 May 2024\n\nThe harbour police seized 40 tonnes of cocaine in April.\n"
    files = [
        ("files", ("../../escape/harbour news.txt", text, "text/plain")),
        ("files", ("tool.exe", b"MZ\x90\x00", "application/octet-stream")),
        ("files", ("fake.pdf", b"<html>not a pdf</html>", "application/pdf")),
    ]
    results = httpx.post(f"{url}/api/documents", files=files, headers=auth, timeout=60).json()
    by_status = {r["source_id"]: r for r in results}
    assert by_status["harbour_news.txt"]["status"] == "added"
    assert "unsupported type '.exe'" in by_status["tool.exe"]["reason"]
    assert "not a .pdf file" in by_status["fake.pdf"]["reason"]
    uploads = secured_server.services.settings.uploads
    assert (uploads / "harbour_news.txt").read_bytes() == text
    assert not (uploads.parent / "escape").exists()
    again = httpx.post(f"{url}/api/documents", files=[files[0]], headers=auth, timeout=60).json()
    assert again == [{"source_id": "harbour_news.txt", "status": "unchanged", "passages": 0, "reason": ""}]
    too_big = httpx.post(f"{url}/api/documents", files=[("files", ("big.txt", b"a" * (1024 * 1024 + 1)))], headers=auth)
    assert too_big.status_code == 413 and "larger than the limit" in too_big.text
    assert httpx.post(f"{url}/api/documents", files=[files[1]], headers=auth).status_code == 415
    reingested = httpx.post(f"{url}/api/reingest/harbour_news.txt", headers=auth, timeout=60).json()
    assert reingested["status"] == "unchanged"
    answer = httpx.post(f"{url}/api/ask", json={"question": "How much cocaine did the harbour police seize?"},
                        headers=auth, timeout=60).json()
    assert "40 tonnes" in answer["answer"]
    assert httpx.delete(f"{url}/api/documents/harbour_news.txt", headers=auth).json()["deleted_passages"] >= 1
    assert not (uploads / "harbour_news.txt").exists()
    assert httpx.delete(f"{url}/api/documents/harbour_news.txt", headers=auth).status_code == 404


def test_feedback_is_stored_and_exported(secured_server: LiveServer) -> None:
    url, auth = secured_server.url, {"Authorization": f"Bearer {TOKEN}"}
    body = {"question": "q?", "answer": "a [1].", "rating": -1, "comment": "wrong date"}
    assert httpx.post(f"{url}/api/feedback", json=body, headers=auth).status_code == 200
    assert httpx.post(f"{url}/api/feedback", json={**body, "rating": 5}, headers=auth).status_code == 422
    rows = [json.loads(line) for line in httpx.get(f"{url}/api/feedback", headers=auth).text.splitlines()]
    assert rows[-1]["comment"] == "wrong date" and rows[-1]["rating"] == -1


def test_serve_refuses_other_addresses_without_a_token(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PRESSROOM_HOME", str(tmp_path))
    monkeypatch.delenv("PRESSROOM_TOKEN", raising=False)
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "refusing to listen on 0.0.0.0 without a token" in result.output
    monkeypatch.setenv("PRESSROOM_TOKEN", "short")
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2 and "too short" in result.output
