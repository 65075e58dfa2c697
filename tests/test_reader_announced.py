"""A quoted sentence that ends with a colon is followed by what it announces, also where that opens
the next passage (session 49: the shape of the Swiss FOM release nsb-33198-de, written here in English)."""

from __future__ import annotations

from pathlib import Path

from assistant.continuation import announced, following
from index.embedding import Embedder
from tests.conftest import feed_assistant

RELEASE = {
    "id": "special-flights",
    "lang": "en",
    "date": "2010-05-19",
    "title": "Federal Office for Migration resumes special flights",
    "text": "Two months ago the Federal Office for Migration (FOM) suspended special flights for the forced return "
    "of rejected asylum seekers, after a detainee died shortly before the departure of a special flight at Zurich "
    "airport. Today the FOM decided to resume special flights step by step, in agreement with the cantons and the "
    "conference of cantonal justice and police directors. The analysis of the procedures was carried out together "
    "with the cantons and took into account the assessment of the public prosecutor who leads the criminal "
    "investigation into the death. A working group of federal and cantonal representatives will propose further "
    "improvements in the coming months, and its report will be published. The FOM regrets the death and expresses "
    "its condolences to the family of the deceased, with whom it remains in contact through the embassy. Special "
    "flights resume now that the procedures have been analysed and immediate measures in the areas of medical care "
    "and information have been taken:\n"
    "From now on the FOM provides a medical escort team (a doctor and a paramedic) on every special flight.\n"
    "The cantons ensure that medical data are passed on.\n"
    "No special flights to Nigeria will take place until the death of the Nigerian detainee has been clarified. "
    "Nigerian nationals may still be returned on special flights to Dublin states, which concerns about two thirds "
    "of the Nigerians who must leave Switzerland.",
}


def test_an_answer_ending_with_a_colon_quotes_what_it_announces_from_the_next_passage(
    embedder: Embedder, tmp_path: Path
) -> None:
    assistant = feed_assistant(embedder, tmp_path, [RELEASE], "announced_")
    store = assistant.store
    passages = sorted(store.passage_payloads(), key=lambda p: p["start"])
    assert passages[0]["text"].endswith("have been taken:")  # the announced lines open the next passage
    answer = assistant.ask("Which immediate measures were taken before special flights resumed?")
    assert not answer.abstained
    assert "have been taken: [1]" in answer.answer
    assert "a medical escort team (a doctor and a paramedic) on every special flight. [2]" in answer.answer
    assert answer.answer.endswith("The cantons ensure that medical data are passed on. [3]")
    text = store.document("special-flights").text
    assert [text[c.start : c.end] for c in answer.citations] == [c.quote for c in answer.citations]
    assert [c.n for c in answer.citations] == [1, 2, 3]


def test_what_a_colon_announces_is_a_list_of_short_lines_or_the_first_sentence_of_prose() -> None:
    text = "Ministers agreed on:\n- stronger borders;\n- faster returns.\n" + "The rest is prose. " * 10
    items = following(text, text.index(":") + 1)
    assert [text[a:b] for a, b, _, _ in items] == ["- stronger borders;", "- faster returns."]
    prose = "It was decided:\nThe office sends a doctor on each flight. The cantons pass on the data."
    assert [prose[a:b] for a, b, _, _ in following(prose, prose.index(":") + 1)] == [
        "The office sends a doctor on each flight."
    ]
    assert following("Nothing follows:", 16) == []


def test_a_release_deleted_since_the_search_adds_nothing_to_its_colon(embedder: Embedder, tmp_path: Path) -> None:
    assistant = feed_assistant(embedder, tmp_path, [RELEASE], "announced_gone_")
    answer = assistant.ask("Which immediate measures were taken before special flights resumed?")
    first = answer.citations[:1]
    assert first[0].quote.endswith("have been taken:")
    assistant.store.delete("special-flights")
    assert announced(first, assistant.store.document) == (f"{first[0].quote} [1]", first)
