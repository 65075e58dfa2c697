"""Asked for a list, where the answer's sentences name the topic but list nothing, the sentence of
the same document that lists the items joins the answer ("The items are A, B, C and D")."""

from __future__ import annotations

from pathlib import Path

from assistant.question_shape import list_items
from index.embedding import Embedder
from tests.conftest import feed_assistant

# Written here in the shape of a restitution release: the lead names the topic, a later sentence the list.
RESTITUTION = {
    "id": "restitution",
    "lang": "en",
    "date": "2023-08-18",
    "title": "The Federal Office of Culture returns cultural property to Peru",
    "text": "The Director of the Federal Office of Culture today handed over six items of Peruvian cultural "
    "property to the ambassador of Peru in Bern. "
    "The items had been confiscated in cantonal criminal proceedings. "
    "The restitution takes place under the Federal Act on the International Transfer of Cultural Property. "
    "The items are a ceramic vessel from the Nazca culture, a textile fragment, a pair of gold ear ornaments "
    "from the Moche period and a wooden figure.\n"
    "The Act has been in force since 2005.",
}


def test_a_list_answer_takes_the_sentence_that_lists_the_items(embedder: Embedder, tmp_path: Path) -> None:
    assistant = feed_assistant(embedder, tmp_path, [RESTITUTION], "listing_")
    question = "Which Peruvian cultural objects did the Federal Office of Culture return to the ambassador?"
    answer = assistant.ask(question)
    assert not answer.abstained
    assert "ceramic vessel from the Nazca culture" in answer.answer
    assert "wooden figure" in answer.answer
    assert "in force since 2005" not in answer.answer


def test_list_items_in_each_language() -> None:
    assert list_items("Ministers from Belgium, Denmark, Finland, the Netherlands and Sweden met.", "en") == 5
    assert list_items("Elles se trouvent à Genève, Zurich et Lugano.", "fr") == 3
    assert list_items("Arterna torsk, sill, skarpsill, lax och rödspätta.", "sv") == 5
    assert list_items("Das EJPD, das EDA, das VBS und die Kantone.", "de") == 4
    # clauses, appositions and two things joined are not a list of items
    assert list_items("In 2023, the Council adopted the pact after long talks in Brussels and Strasbourg.", "en") < 4
    assert list_items("The Director, Carine Bachmann, handed five items to the ambassador, Shihting Wang.", "en") == 0
    assert list_items("The ministers met and discussed the report.", "en") == 0
