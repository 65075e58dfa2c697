"""An abstention says why, in the question's language, and carries the reason's code for clients
and the evaluation: a topic the documents miss, a figure or a name they never give, a time they do
not cover, a person they name and never quote."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.assistant import Assistant
from assistant.refusals import CLAUSES, REASONS
from assistant.settings import AssistantSettings
from eval.gold import GoldItem
from eval.report_calibration import refusals_markdown
from eval.runner import evaluate, summarise
from index.embedding import Embedder
from index.filters import SearchFilters
from tests.conftest import feed_assistant
from ui.api import answer_out


@pytest.mark.parametrize(
    ("question", "reason", "words"),
    [
        ("How many asylum applications did Belgium receive in 2023?", "no_figure", "give no figure"),
        ("What is the name of the judge who verified the deepfake evidence?", "no_name", "name no one"),
        ("What did Commissioner Ylva Johansson say at the press conference after the meeting?", "not_quoted",
         "they name Johansson but quote nothing Johansson said"),
        ("What are the fisheries quotas for the Baltic Sea?", "weak", "no passage matches the question"),
        # She is quoted, on Ukraine: her words are no answer about something else (session 49).
        ("What did Mari Rantanen say about the fisheries quotas in the Baltic Sea?", "off_topic",
         "speak of the person asked about, not of that subject"),
    ],
)
def test_an_abstention_says_why(assistant: Assistant, question: str, reason: str, words: str) -> None:
    answer = assistant.ask(question)
    assert answer.abstained and answer.refusal == reason and answer.see_also
    assert answer.answer.startswith("The documents don't say: ") and words in answer.answer
    assert answer_out(answer, question).refusal == reason  # the API's and MCP's answer carry it


def test_the_reason_is_given_in_the_questions_language(assistant: Assistant) -> None:
    answer = assistant.ask("Combien de demandes d'asile la Belgique a-t-elle reçues en 2023 ?")
    assert answer.lang == "fr" and answer.abstained and answer.refusal in CLAUSES
    assert answer.answer.startswith(f"Les documents ne le disent pas : {CLAUSES[answer.refusal]['fr']}.")
    assert all(set(CLAUSES[r]) == {"en", "nl", "fr", "de", "it", "sv"} for r in CLAUSES)
    assert set(REASONS) == {*CLAUSES, "nothing_found"}


def test_nothing_found_and_answers_carry_no_reason(assistant: Assistant) -> None:
    nothing = assistant.ask("What did the Council decide?", SearchFilters(date_from="2090"))
    assert nothing.abstained and nothing.refusal == "nothing_found" and not nothing.see_also
    answered = assistant.ask("What is the name of the Belgian Minister of the Interior?")
    assert not answered.abstained and answered.refusal == ""


def test_documents_of_another_year_are_the_reason(embedder: Embedder, tmp_path: Path) -> None:
    release = {
        "id": "asylum-q1-2015", "lang": "en", "date": "2015-04-20",
        "title": "Asylum statistics for the first quarter of 2015",
        "text": "From January to the end of March 2015, Switzerland registered 4,489 asylum applications.",
    }  # fmt: skip
    assistant = feed_assistant(embedder, tmp_path, [release], "refusal_")
    later = assistant.ask("How many asylum applications did Switzerland register by the end of March 2025?")
    assert later.refusal == "other_time" and "the closest documents date from 2015, not from the time" in later.answer


def test_an_answer_of_the_year_asked_adds_no_sentence_of_another(embedder: Embedder, tmp_path: Path) -> None:
    releases = [
        {"id": f"asylum-{year}", "lang": "en", "date": f"{year}-04-20", "title": f"Asylum statistics {year}",
         "text": f"In the first quarter, {count} people applied for asylum in Switzerland, most of them from {land}."}
        for year, count, land in ((2015, "4,489", "Eritrea"), (2016, "9,006", "Afghanistan"))
    ]  # fmt: skip
    assistant = feed_assistant(embedder, tmp_path, releases, "period_")
    answer = assistant.ask("How many people applied for asylum in Switzerland in the first quarter of 2016?")
    assert not answer.abstained and "9,006" in answer.answer and "4,489" not in answer.answer
    assert {c.source_id for c in answer.citations} == {"asylum-2016"}


def test_a_question_answered_in_another_language_is_not_refused_for_the_words_it_cannot_share(
    embedder: Embedder, tmp_path: Path
) -> None:
    releases = [
        {"id": "cop26-en", "lang": "en", "date": "2021-11-09", "title": "COP26: Switzerland pledges support",
         "text": "At the climate conference in Glasgow, Federal Councillor Simonetta Sommaruga announced new "
                 "contributions. Switzerland will give CHF 10 million to the UN Adaptation Fund and CHF 8 million to "
                 "the Climate and Clean Air Coalition."},
        {"id": "asyl-de", "lang": "de", "date": "2021-11-10", "title": "Asylstatistik Oktober 2021",
         "text": "Im Oktober 2021 wurden in der Schweiz 1803 Asylgesuche gestellt. Das sind 170 mehr als im Vormonat."},
    ]  # fmt: skip
    assistant = feed_assistant(embedder, tmp_path, releases, "across_")
    # The rules' gate counts the question's words, which an English sentence does not hold for a Dutch question.
    dutch = assistant.ask("Hoeveel geld beloofde Zwitserland in Glasgow aan het Adaptation Fund van de VN?")
    assert not dutch.abstained and "CHF 10 million" in dutch.answer
    assert {c.source_id for c in dutch.citations} == {"cop26-en"}
    assert assistant.ask("Hoeveel ton kabeljauw mocht Zweden in 2022 in de Oostzee vangen?").abstained


def test_an_answer_from_another_language_quotes_its_sentence_with_the_neighbours(
    embedder: Embedder, tmp_path: Path
) -> None:
    text = (
        "At the climate conference in Glasgow, Federal Councillor Simonetta Sommaruga announced a new contribution "
        "to the UN Adaptation Fund. The Federal Council had set its size on 3 November: CHF 10 million over four "
        "years.\nThe UN Adaptation Fund in Glasgow finances projects that help communities adapt to climate change. "
        "Switzerland also supports the Climate and Clean Air Coalition at the Glasgow conference."
    )
    releases = [{"id": "cop26-en", "lang": "en", "date": "2021-11-09", "title": "COP26", "text": text}]
    assistant = feed_assistant(embedder, tmp_path, releases, "neighbours_")
    # The reader ranks a sentence in another language poorly: the one after its choice says what was announced.
    answer = assistant.ask("Wat kondigde Simonetta Sommaruga aan op de klimaatconferentie in Glasgow?")
    assert not answer.abstained and "announced a new contribution" in answer.answer
    assert "CHF 10 million over four years" in answer.answer


def test_the_evaluation_counts_refusals_by_reason(assistant: Assistant) -> None:
    asked = ["How many asylum applications did Belgium receive in 2023?",
             "What are the fisheries quotas for the Baltic Sea?"]
    items = [GoldItem(f"u{n}", q, "en", "unanswerable", False, "", (), ()) for n, q in enumerate(asked)]
    summary = summarise(evaluate(assistant, items))
    assert summary["refusals"] == {"no_figure": {"unanswerable": 1, "answerable": 0},
                                   "weak": {"unanswerable": 1, "answerable": 0}}  # fmt: skip
    assert "| no_figure | 1 | 0 |" in refusals_markdown(summary["refusals"])


def test_the_learned_probability_is_its_own_reason(assistant: Assistant) -> None:
    learned = Assistant(assistant.store, assistant.embedder, AssistantSettings(abstention="learned"))
    refused = learned.ask("What did the Council decide about fisheries quotas for the Baltic Sea?")
    assert refused.refusal == "improbable" and refused.confidence is not None
    assert "the passages found are unlikely to answer the question" in refused.answer
