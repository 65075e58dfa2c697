"""HTTP input that once ended in a 500, a traceback in the server's log, a wrong answer or lost
data (a sweep of session 36). Each is now a 4xx naming the field and the reason, or the right
result: a filter or feedback holding half of a surrogate pair, feedback that is not JSON, a
document's matches for a query with its own brackets, two uploads of one name, a failed upload
named by the server's path, the language model's chat unchecked, and a refused input echoed whole.
Later: chat fields OpenAI refuses (n other than 1, temperature "hot", stream "yes") were taken, and a
body not UTF-8 or nested too deeply got only "There was an error parsing the body".
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import httpx
import pytest

from index.embedding import Embedder
from tests.conftest import ROOT, LiveServer, start_server

pytestmark = pytest.mark.integration

SAMPLE = ROOT / "sample_corpus"
ENGLISH, DUTCH = "002_f1c762c581d28226.txt", "003_74bc165e444463b9.txt"  # "Council" six times, and never


@pytest.fixture(scope="module")
def server(embedder: Embedder, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Two sample documents served with a 1 MB upload limit; the tests here may write."""
    folder = tmp_path_factory.mktemp("docs")
    for name in (ENGLISH, DUTCH):
        shutil.copy(SAMPLE / name, folder / name)
    live = start_server(embedder, tmp_path_factory.mktemp("home"), [folder], max_upload_mb=1)
    yield live
    live.stop()


def post(server: LiveServer, path: str, body: str) -> httpx.Response:
    """Post a raw JSON body: ``\\ud800`` is valid JSON, and no Python string could send it encoded."""
    return httpx.post(server.url + path, content=body.encode(), headers={"content-type": "application/json"},
                      timeout=60)  # fmt: skip


@pytest.mark.parametrize("field", ["source", "kind"])
def test_a_filter_with_half_a_surrogate_pair_is_a_422_naming_it(server: LiveServer, field: str) -> None:
    response = post(server, "/api/ask", '{"question": "what", "filters": {"' + field + '": "a\\ud800"}}')
    assert response.status_code == 422, response.text
    assert response.json()["detail"] == f"{field} 'a\\ud800': it holds bytes that are not text (a lone surrogate)"


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ('{"question": "q", "answer": "a", "rating": 1, "citations": [{"x": "\\ud800"}]}', "lone surrogates"),
        ('{"question": "q", "answer": "a", "rating": 1, "citations": [{"\\ud800": 1}]}', "lone surrogates"),
        ('{"question": "q", "answer": "a", "rating": 1, "citations": [{"x": NaN}]}', "no NaN"),
        ('{"question": "q", "answer": "a", "rating": 1, "citations": [{"x": -Infinity}]}', "no NaN"),
        ('{"question": "q", "answer": "a", "rating": true}', "whole number 1 (up) or -1 (down)"),
        ('{"question": "q", "answer": "a", "rating": 1.0}', "whole number 1 (up) or -1 (down)"),
    ],
)
def test_feedback_that_would_not_read_back_is_refused(server: LiveServer, body: str, said: str) -> None:
    response = post(server, "/api/feedback", body)
    assert response.status_code == 422, response.text
    assert said in response.text
    exported = httpx.get(f"{server.url}/api/feedback").text
    assert "NaN" not in exported and "Infinity" not in exported


def test_feedback_as_sent_by_the_web_app_is_kept(server: LiveServer) -> None:
    body = '{"question": "q", "answer": "a", "rating": -1, "citations": [{"n": 1, "source_id": "x.txt"}]}'
    assert post(server, "/api/feedback", body).status_code == 200
    assert '"citations": [{"n": 1, "source_id": "x.txt"}]' in httpx.get(f"{server.url}/api/feedback").text


def test_a_documents_matches_are_its_own_whatever_the_query_says(server: LiveServer) -> None:
    for source_id, expected in ((DUTCH, 0), (ENGLISH, 6)):
        for q in ("council", "council OR council", '"council" OR (council AND NOT zzz)'):
            record = httpx.get(f"{server.url}/api/documents/{source_id}", params={"q": q}).json()
            assert len(record["matches"]) == expected, (source_id, q, record["matches"])
            assert all(record["text"][a:b].lower() == "council" for a, b in record["matches"])


def test_a_query_error_points_into_the_query_as_typed(server: LiveServer) -> None:
    # Its brackets once closed those the server put around it, and it found other documents' words.
    response = httpx.get(f"{server.url}/api/documents/{DUTCH}", params={"q": "council) OR (council"})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("query 'council) OR (council', at character 8:")


def test_an_unclosed_phrase_is_said_at_its_own_first_character(server: LiveServer) -> None:
    response = httpx.get(f"{server.url}/api/documents/{ENGLISH}", params={"q": '"unclosed'})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("query '\"unclosed', at character 1:")


def test_two_files_of_one_name_in_one_upload_keep_the_first(server: LiveServer) -> None:
    files = [("files", ("twice.txt", b"The first text about ports.\n")),
             ("files", ("twice.txt", b"The second text about trains.\n"))]  # fmt: skip
    events = httpx.post(f"{server.url}/api/documents", files=files, timeout=60).json()
    assert [(e["source_id"], e["status"]) for e in events] == [("twice.txt", "added"), ("twice.txt", "failed")]
    assert "same name came first" in events[1]["reason"]
    assert "ports" in httpx.get(f"{server.url}/api/documents/twice.txt").json()["text"]
    again = httpx.post(f"{server.url}/api/documents", files=[("files", ("twice.txt", b"A new version.\n"))]).json()
    assert again == [{"source_id": "twice.txt", "status": "updated", "passages": 1,
                      "reason": "replaced the document of the same name ingested before"}]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "data"),
    [("broken.pdf", b"%PDF-1.7 garbage"), ("lines.jsonl", b'{"id": "a", "title": "t"}\nnot json\n')],
)
def test_a_failed_upload_is_named_as_uploaded_not_by_the_servers_path(
    server: LiveServer, name: str, data: bytes
) -> None:
    events = httpx.post(f"{server.url}/api/documents", files=[("files", (name, data))], timeout=60).json()
    failed = [e for e in events if e["status"] == "failed"]
    assert failed, events
    home = str(server.services.settings.uploads)
    for event in failed:
        assert event["source_id"].startswith(name), event
        assert home not in event["source_id"] and home not in event["reason"], event


def test_an_upload_over_the_limit_does_not_guess_its_size(server: LiveServer) -> None:
    response = httpx.post(f"{server.url}/api/documents", files=[("files", ("big.txt", b"a" * 3_000_000))])
    assert response.status_code == 413
    assert response.json()["detail"] == "big.txt: larger than the limit of 1,048,576 bytes (PRESSROOM_MAX_UPLOAD_MB)"


@pytest.mark.parametrize(
    ("messages", "code"),
    [
        ('[{"role": "user", "content": "' + "word " * 4000 + '"}]', "chat_too_long"),
        ('[{"role": "user", "content": "hi \\ud800"}]', "invalid_text"),
        ('[{"role": "system", "content": "You are terse."}, {"role": "user", "content": null}]', "no_question"),
    ],
)
def test_the_language_model_alone_checks_its_chat_first(server: LiveServer, messages: str, code: str) -> None:
    response = post(server, "/v1/chat/completions", '{"model": "pressroom-llm", "messages": ' + messages + "}")
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == code
    assert server.services.room.assistant._llm is None  # refused before the model was loaded


def test_a_refused_input_is_echoed_short_and_v1_says_it_as_openai_does(server: LiveServer) -> None:
    huge = "x" * 300_000
    response = post(server, "/api/ask", '{"question": "' + huge + '"}')
    assert response.status_code == 422 and len(response.content) < 2_000
    assert response.json()["detail"][0]["loc"] == ["body", "question"]
    chat = post(server, "/v1/chat/completions", '{"model": "pressroom", "messages": []}')
    assert chat.status_code == 400
    assert chat.json()["error"]["type"] == "invalid_request_error"
    assert chat.json()["error"]["message"].startswith("messages: ")


CHAT = '"messages": [{"role": "user", "content": "What will the presidency present?"}]'


@pytest.mark.parametrize(
    ("field", "said"),
    [
        ('"n": 2', "n: Pressroom gives one answer to a question: send n = 1 or leave it out"),
        ('"n": 0', "n: Pressroom gives one answer to a question: send n = 1 or leave it out"),
        ('"temperature": "hot"', "temperature: Input should be a valid number"),
        ('"temperature": 2.5', "temperature: Input should be less than or equal to 2"),
        ('"stream": "yes"', "stream: Input should be a valid boolean"),
    ],
)
def test_chat_fields_openai_would_refuse_are_refused_in_its_shape(server: LiveServer, field: str, said: str) -> None:
    # They were taken: n=2 gave one choice, n=0 and temperature "hot" an answer, stream "yes" a stream.
    response = post(server, "/v1/chat/completions", "{" + field + ", " + CHAT + "}")
    assert response.status_code == 400, response.text
    param = field.split('"')[1]
    assert response.json() == {"error": {"message": said, "type": "invalid_request_error", "param": param,
                                         "code": None}}  # fmt: skip


@pytest.mark.parametrize(
    "fields",
    [
        '"n": 1, "temperature": 0.7, "stream": false, "top_p": 1, "max_tokens": 50, "user": "desk-3"',
        '"n": null, "temperature": null, "stream": null',  # OpenAI's "not given"; stream null was refused
    ],
)
def test_chat_fields_openai_clients_send_are_accepted(server: LiveServer, fields: str) -> None:
    response = post(server, "/v1/chat/completions", "{" + fields + ", " + CHAT + "}")
    assert response.status_code == 200, response.text
    assert len(response.json()["choices"]) == 1 and response.json()["choices"][0]["message"]["content"]


DEEP = b"[" * 100_000 + b"]" * 100_000
NOT_TEXT, NOT_JSON = "the request body is not UTF-8 text", "the request body is not valid JSON"


@pytest.mark.parametrize(
    ("path", "body", "said"),
    [
        ("/api/ask", b'{"question":"what \xff\xfe is"}', f"{NOT_TEXT} (byte 0xff at position 18)"),
        (
            "/v1/chat/completions",
            b'{"messages": [{"role": "user", "content": "\xc3("}]}',
            f"{NOT_TEXT} (byte 0xc3 at position 43)",
        ),
        ("/api/ask", DEEP, f"{NOT_JSON}: nested too deeply"),
        ("/v1/chat/completions", DEEP, f"{NOT_JSON}: nested too deeply"),
        ("/v1/chat/completions", b'{"messages": ', f"{NOT_JSON}: Expecting value (character 13)"),
    ],
)
def test_a_body_that_is_not_text_or_not_json_says_why(server: LiveServer, path: str, body: bytes, said: str) -> None:
    # FastAPI said only "There was an error parsing the body" (and /v1 "13: JSON decode error").
    response = httpx.post(server.url + path, content=body, headers={"content-type": "application/json"}, timeout=60)
    assert response.status_code == 400, response.text
    if path.startswith("/v1/"):
        assert response.json() == {"error": {"message": said, "type": "invalid_request_error", "param": None,
                                             "code": None}}  # fmt: skip
    else:
        assert response.json() == {"detail": said}


def test_an_upload_part_without_a_file_name_says_so(server: LiveServer) -> None:
    # Before: "Value error, Expected UploadFile, received: <class 'str'>" (a part with filename="").
    response = httpx.post(f"{server.url}/api/documents", files=[("files", ("", b"Some text.\n"))])
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["msg"] == "a part without a file name: send each file with its name (filename=\"…\")", detail
