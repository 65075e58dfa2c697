"""The web app's pure parts: follow-ups, rendering, uploads, feedback and server settings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.followup import is_follow_up, named_subject, resolve
from assistant.records import Answer, Citation
from ui.feedback import FeedbackStore
from ui.render import chat_markdown, footnotes_markdown, source_card, sources_html
from ui.settings import ServerSettings
from ui.uploads import UploadRejected, check_upload, safe_name


def citation(n: int = 1, **fields: object) -> Citation:
    base = dict(
        n=n, source_id="a.html", title="T", date="2024-01-25", lang="en", kind="press_release", url="",
        passage="Before. The quote [2] is here. After.", quote="The quote [2] is here.", start=8, end=30, score=0.7,
    )
    return Citation(**{**base, **fields})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("question", "previous", "expected"),
    [
        ("And when was it launched?", "What is the European Ports Alliance?",
         "when was the European Ports Alliance launched?"),
        ("Who presented it?", "When was the European Ports Alliance launched?",
         "Who presented the European Ports Alliance?"),
        ("What about Europol?", "What will the European Ports Alliance deliver?", "What will Europol deliver?"),
        ("En wanneer was dat?", "Wat zei Annelies Verlinden over migratie?",
         "wanneer was Annelies Verlinden?"),
        ("When was the Schengen Information System set up?", "What is the European Ports Alliance?",
         "When was the Schengen Information System set up?"),
        ("And the date?", "What did the ministers discuss on drug trafficking?",
         "the date (ministers discuss on drug trafficking)?"),
    ],
)
def test_follow_ups_carry_the_subject(question: str, previous: str, expected: str) -> None:
    assert resolve(question, previous) == expected


def test_no_history_no_change() -> None:
    assert resolve("And when was it launched?", None) == "And when was it launched?"
    assert not is_follow_up("Who is Annelies Verlinden?")
    assert named_subject("When did the Belgian Presidency start?") == "Belgian Presidency"


def test_chat_markdown_escapes_document_text_and_links_markers() -> None:
    hostile = Answer("q", 'Use <img src=x onerror="alert(1)"> and *bold* [1].', False, (citation(),))
    text = chat_markdown(hostile, 3)
    assert not re.search(r"(?<!\\)<", text) and "\\<img" in text and "\\*bold\\*" in text
    assert text.endswith("[\\[1\\]](#src-3-1).")


def test_abstention_lists_see_also_everywhere() -> None:
    answer = Answer("q", "The documents don't say.", True, (), (citation(1), citation(2, title="U")))
    assert "**See also**" in chat_markdown(answer, 1) and "(#src-1-2)" in chat_markdown(answer, 1)
    notes = footnotes_markdown(answer)
    assert "See also: [^1] [^2]" in notes and "[^2]: “The quote [2] is here.” — U" in notes


def test_source_card_escapes_and_highlights() -> None:
    card = source_card(citation(title="<script>x()</script>", passage="a <b> The quote [2] is here.",
                                url="javascript:alert(1)"), 2)
    assert "<script>" not in card and "&lt;script&gt;" in card and "&lt;b&gt;" in card
    assert "<mark>The quote [2] is here.</mark>" in card
    assert "javascript:" not in card  # only http(s) links to the original are shown
    linked = source_card(citation(url='https://example.org/a?"x"'), 1)
    assert 'href="https://example.org/a?&quot;x&quot;"' in linked
    assert sources_html([]).startswith('<div class="pr-sources-empty">')


def test_upload_names_cannot_escape() -> None:
    for name in ("../../etc/passwd", "/abs/path/x.txt", "..\\..\\win.txt", "a/../../b.md"):
        safe = safe_name(name)
        assert "/" not in safe and "\\" not in safe and not safe.startswith(".")
    assert safe_name("x" * 300 + ".pdf").endswith(".pdf") and len(safe_name("x" * 300 + ".pdf")) == 120


@pytest.mark.parametrize(
    ("name", "data", "status"),
    [("a.exe", b"MZ", 415), ("a.txt", b"", 400), ("a.txt", b"x" * 11, 413), ("a.docx", b"not a zip", 415),
     ("feed.jsonl.gz", b"{}", 415), ("README", b"hello", 415)],
)
def test_uploads_rejected_with_a_reason(name: str, data: bytes, status: int) -> None:
    with pytest.raises(UploadRejected) as caught:
        check_upload(name, data, max_bytes=10)
    assert caught.value.status == status and str(caught.value).startswith(name)


def test_feedback_round_trip(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "f" / "feedback.sqlite3")
    first = store.add("q?", "a [1].", 1, citations=[{"n": 1}])
    store.comment(first, "  good  ")
    store.add("q2?", "b.", -1, "wrong")
    with pytest.raises(ValueError, match="rating"):
        store.add("q", "a", 0)
    with pytest.raises(KeyError):
        store.comment(999, "x")
    rows = store.all()
    assert [(r.rating, r.comment) for r in rows] == [(1, "good"), (-1, "wrong")] and rows[0].citations == [{"n": 1}]
    assert store.export_jsonl().count("\n") == 2
    store.close()
    assert len(FeedbackStore(tmp_path / "f" / "feedback.sqlite3").all()) == 2  # it persisted


def test_server_settings_guard_the_address(tmp_path: Path) -> None:
    assert ServerSettings(home=tmp_path).host == "127.0.0.1"
    with pytest.raises(ValueError, match="without a token"):
        ServerSettings(home=tmp_path, host="0.0.0.0")
    env = {"PRESSROOM_TOKEN": "t" * 20, "PRESSROOM_MAX_UPLOAD_MB": "2"}
    ok = ServerSettings.from_env(tmp_path, "0.0.0.0", 8080, env)
    assert ok.max_upload_bytes == 2 * 1024 * 1024 and ok.uploads == tmp_path / "uploads"
