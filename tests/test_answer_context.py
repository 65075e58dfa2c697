"""An answer quotes its best sentence with the one that follows it in its paragraph: the sentence
that names what was asked about is often followed by the one that says it ("… the mapping of
high-risk criminal networks. Europol will soon deliver a report on this exercise.")."""

from __future__ import annotations

from pathlib import Path

from index.embedding import Embedder
from tests.conftest import feed_assistant

RELEASES = [
    {
        "id": "jha-roadmap",
        "lang": "en",
        "date": "2024-03-05",
        "title": "Home affairs ministers take stock of the fight against drug trafficking",
        "text": "The presidency highlighted its priority actions in the EU roadmap, such as the mapping of "
        "high-risk criminal networks that pose the greatest threats to society. Europol will soon deliver a "
        "report on this exercise.\nMinisters also discussed the situation at the external borders.",
    },
    {
        "id": "ports",
        "lang": "en",
        "date": "2024-01-24",
        "title": "European Ports Alliance launched",
        "text": "The European Ports Alliance was launched in Antwerp. It brings together customs, law enforcement "
        "and port authorities against drug smuggling.",
    },
]


def test_the_sentence_after_the_best_one_is_quoted_with_it(embedder: Embedder, tmp_path: Path) -> None:
    assistant = feed_assistant(embedder, tmp_path, RELEASES, "context_")
    answer = assistant.ask("What will happen with the mapping of high-risk criminal networks?")
    assert not answer.abstained
    assert "the mapping of high-risk criminal networks" in answer.answer
    assert "Europol will soon deliver a report on this exercise." in answer.answer
    # Not past the end of its paragraph.
    assert "external borders" not in answer.answer
