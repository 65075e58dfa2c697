"""Asked for one date, the answer quotes only the document of its best sentence: a second release's
other deadline for a like task is a second answer, not the same one (session 39)."""

from __future__ import annotations

from pathlib import Path

from index.embedding import Embedder
from tests.conftest import feed_assistant

# Written here in the shape of two Swedish government releases (in English): two assignments of
# one agency, each with its own deadline.
RELEASES = [
    {
        "id": "foster-care-2025",
        "lang": "en",
        "date": "2025-07-03",
        "title": "Assignment to map payments to foster homes",
        "text": "The government has asked the National Board of Health and Welfare to map the payments to foster "
        "homes. The National Board of Health and Welfare must submit its final report on the assignment "
        "by 17 June 2026.",
    },
    {
        "id": "foster-care-2024",
        "lang": "en",
        "date": "2024-04-11",
        "title": "Assignment to support foster homes",
        "text": "The government has asked the National Board of Health and Welfare to support foster homes. "
        "The National Board of Health and Welfare must submit its final report on the assignment by 15 April 2025.",
    },
]


def test_one_date_asked_is_answered_from_one_document(embedder: Embedder, tmp_path: Path) -> None:
    assistant = feed_assistant(embedder, tmp_path, RELEASES, "onedate_")
    question = "By when must the National Board of Health and Welfare report on the payments to foster homes?"
    answer = assistant.ask(question)
    assert not answer.abstained
    assert "17 June 2026" in answer.answer
    assert "15 April 2025" not in answer.answer
    assert {c.source_id for c in answer.citations} == {"foster-care-2025"}


def test_two_things_asked_may_take_two_documents(embedder: Embedder, tmp_path: Path) -> None:
    assistant = feed_assistant(embedder, tmp_path, RELEASES, "twodates_")
    answer = assistant.ask("Which reports must the National Board of Health and Welfare submit on foster homes, "
                           "and by when?")
    assert not answer.abstained
    assert "17 June 2026" in answer.answer and "15 April 2025" in answer.answer
