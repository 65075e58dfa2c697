"""Session 28's reading: a reason stated before "for this reason", the reason after each sentence
that names what happened, a year is no count, paying asks for money, and "who" in English needs
a name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.answer_types import holds_kind
from assistant.assistant import Assistant
from assistant.money import asks_money
from index.embedding import Embedder
from index.ingesting import ingest_paths
from tests.conftest import memory_store

# Written here in the shape of a Swiss FDJP release (nsb-42691-it, in English): the reason comes
# first, then the sentence that restates what was done, opening with "For this reason".
RELEASE = {
    "id": "schengen-borders",
    "lang": "en",
    "date": "2011-12-13",
    "title": "Switzerland wants to keep the rules for reintroducing internal border controls",
    "text": "Switzerland takes part in the joint efforts to improve cooperation within Schengen.\n"
    "It is not in Switzerland's interest to hand a national competence over to the European Commission. "
    "For this reason, Federal Councillor Simonetta Sommaruga defended in Brussels today the position that "
    "reintroducing controls at internal borders must remain the sole competence of the Schengen states.\n"
    "The ministers will meet again in January.",
}


def test_asked_why_the_reason_before_a_sentence_that_points_back_to_it_is_quoted(
    embedder: Embedder, tmp_path: Path
) -> None:
    feed = tmp_path / "borders.jsonl"
    feed.write_text(json.dumps(RELEASE), encoding="utf-8")
    store = memory_store(embedder, "borders_")
    list(ingest_paths(store, [feed]))
    answer = Assistant(store, embedder).ask(
        "Why did Simonetta Sommaruga defend in Brussels that reintroducing internal border controls must remain "
        "the competence of the Schengen states?"
    )
    assert not answer.abstained
    assert "For this reason, Federal Councillor Simonetta Sommaruga defended" in answer.answer
    assert "It is not in Switzerland's interest to hand a national competence over" in answer.answer


@pytest.mark.parametrize(
    ("sentence", "question", "lang", "holds"),
    [
        (
            "Die Kommission schätzt die Abgabe für das Jahr 2008 auf über 517 Millionen Franken.",
            "Wie viele Inspektionen führte die Kommission im Jahr 2014 durch?",
            "de",
            False,
        ),
        ("Das Geschäftsjahr 2002 war ein Jahr des Umbruchs.", "Wie viele Casinos gab es?", "de", False),
        ("En 2011, 1895 demandes ont été déposées.", "Combien de demandes ont été déposées ?", "fr", True),
        ("Sie werden bis 2018 aufgenommen.", "Wie viele werden aufgenommen, und bis wann?", "de", True),
    ],
)
def test_a_year_named_as_one_is_no_count(sentence: str, question: str, lang: str, holds: bool) -> None:
    assert holds_kind("figure", sentence, question, (), None, lang) is holds


def test_paying_asks_for_a_sum_of_money() -> None:
    question = "Hur mycket kapital betalar Sverige för att bli delägare?"
    assert asks_money(question)
    assert not holds_kind("figure", "Stödet sträcker sig över 1,5 år.", question, (), None, "sv")
    assert holds_kind("figure", "Sverige betalar 1,5 miljoner kronor.", question, (), None, "sv")
    # "pays" is French for a country, not English for paying.
    assert not asks_money("Combien de pays sont concernés par cette affaire ?")


def test_an_english_who_question_whose_answer_names_no_one_is_refused(assistant: Assistant) -> None:
    # The agenda gives the hour of the press conference, and not who speaks at it.
    refused = assistant.ask("Who will speak at the 16:00 press conference after the justice ministers meet on 5 March?")
    assert refused.abstained and refused.see_also
    answered = assistant.ask("Who spoke at the press conference after the informal home affairs meeting of 25 January?")
    assert not answered.abstained and "Verlinden" in answered.answer


@pytest.mark.parametrize(
    "text",
    [
        "Drug trafficking is a serious security challenge. Its extent calls for strong action.",
        "Vanuatu has not remedied the shortcomings. The EU has therefore decided to act.",
        "La Svizzera non vuole cedere. Per tale motivo la consigliera federale si è opposta.",
    ],
)
def test_a_sentence_that_points_back_brings_the_one_before(text: str) -> None:
    from assistant.extractive import Candidate
    from assistant.reasons import with_reason_before

    cut = text.index(". ") + 1
    before, after = Candidate(0, 0, cut, 0.1, 0.4, 0.1), Candidate(0, cut + 1, len(text), 0.8, 0.5, 0.9)
    assert with_reason_before((after,), [after, before], [text]) == (before, after)
    alone = "The ministers met. The Council agreed on a recommendation."
    first, second = Candidate(0, 0, 18, 0.1, 0.4, 0.1), Candidate(0, 19, len(alone), 0.8, 0.5, 0.9)
    assert with_reason_before((second,), [second, first], [alone]) == (second,)


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("How did the minister justify the decision?", "en"),
        ("What were the reasons for the delay?", "en"),
        ("Pour quelles raisons les trafiquants avaient-ils choisi la Suisse ?", "fr"),
        ("Comment Karin Keller-Sutter a-t-elle justifié l'accord ?", "fr"),
        ("Wie begründete der Bundesrat den Entscheid?", "de"),
        ("Per quali motivi è stata sospesa?", "it"),
        ("Vilka skäl angav regeringen?", "sv"),
        ("Wat was de reden voor het besluit?", "nl"),
    ],
)
def test_asking_for_reasons_or_a_justification_asks_why(question: str, lang: str) -> None:
    from assistant.answer_types import expected_kind

    assert expected_kind(question, lang) == "why"
    assert expected_kind("Vilka länder deltog?", "sv") == "who"
