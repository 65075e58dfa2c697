"""A statement its attribution interrupts is quoted whole, and "what did X say about Y" quotes X on Y."""

from __future__ import annotations

from pathlib import Path

from index.embedding import Embedder
from tests.conftest import feed_assistant

# In the shape of the FDFA's release on the first Romansh language week (nsb-82384-en), written here:
# two statements of one speaker, the second interrupted by its attribution ("…," says X, "…").
RELEASE = {
    "id": "romansh-week",
    "lang": "en",
    "date": "2021-02-18",
    "title": "Federal Councillor launches the first Romansh language week",
    "text": "The Federal Department of Foreign Affairs is launching the first Romansh language week in Switzerland "
    "and abroad. \"Our country is made of many identities and cultures living together. And Romansh is a "
    "key ingredient of that melting pot: it teaches us to resolve conflicts through dialogue,\" highlights "
    "Ignazio Cassis.\n"
    "The embassies will show films and hold readings during the week.\n"
    "Switzerland's representations abroad promote the Romansh language in their countries. \"We excel in "
    "diplomacy,\" says Federal Councillor Ignazio Cassis, \"precisely because of our centuries of experience in "
    "bringing different identities and cultures together in harmony. We want to pass on this experience at the "
    "international level, through our good offices and mediation services. Switzerland is thus an important actor "
    "for peace, human rights and security in the world.\"",
}


def test_a_statement_interrupted_by_its_attribution_is_quoted_whole(embedder: Embedder, tmp_path: Path) -> None:
    assistant = feed_assistant(embedder, tmp_path, [RELEASE], "whole_")
    answer = assistant.ask("What did Ignazio Cassis say about diplomacy?")
    assert not answer.abstained, answer.answer
    assert '"We excel in diplomacy," says Federal Councillor Ignazio Cassis, "precisely because' in answer.answer
    assert "security in the world." in answer.answer


def test_what_someone_said_about_a_subject_is_their_statement_on_it(embedder: Embedder, tmp_path: Path) -> None:
    assistant = feed_assistant(embedder, tmp_path, [RELEASE], "about_")
    answer = assistant.ask("What did Ignazio Cassis say about Romansh?")
    assert not answer.abstained, answer.answer
    assert answer.answer.startswith('"Our country is made of many identities'), answer.answer
