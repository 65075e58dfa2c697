"""A "how many" question counts something: a figure of something else does not answer it."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer_types import expected_kind, holds_kind
from assistant.assistant import Assistant
from assistant.figures import counted_words
from index.embedding import Embedder
from tests.conftest import feed_assistant


@pytest.mark.parametrize(
    ("sentence", "question", "lang", "holds"),
    [
        ("The operation involved police from six cantons.", "How many people were detained?", "en", False),
        ("Police detained twelve people in six cantons.", "How many people were detained?", "en", True),
        ("Ninety-five of the reports concerned the attacks.", "How many of the reports concerned them?", "en", True),
        ("L'opération a mobilisé 300 policiers.", "Combien de personnes ont été arrêtées ?", "fr", False),
        ("Au total, neuf banques sont concernées.", "Combien de banques étaient touchées ?", "fr", True),
        ("Von den 28 Massnahmen wurden 20 umgesetzt.", "Wie viele der 28 Massnahmen wurden umgesetzt?", "de", True),
        ("Die Kommission hat 4 Mitglieder ernannt.", "Wie viele Inspektionen gab es 2014?", "de", False),
        ("Sono state presentate 1200 domande d'asilo.", "Quante domande d'asilo sono state presentate?", "it", True),
        ("Sverige får 9 750 doser i en första leverans.", "Hur många vaccindoser ingick i leveransen?", "sv", True),
        ("Rådet har 12 ledamöter sedan 2020.", "Hur många personer omfattas av höjningen?", "sv", False),
        ("Er werden 22 personen aangehouden.", "Hoeveel personen werden aangehouden?", "nl", True),
        # A figure joined to the word after it qualifies that word, not the counted one further on.
        ("Ministers take a 360-degree view on asylum and migration.", "How many asylum applications were filed?",
         "en", False),
        ("The 10-point plan lists 12 asylum measures.", "How many asylum measures does it list?", "en", True),
        # A duration counts its units of time, not what the question counts, unless that is time.
        ("The costs cover the twelve months following applications for asylum.",
         "How many asylum applications were filed?", "en", False),
        ("Sur deux ans, les demandes d'asile ont augmenté.", "Combien de demandes d'asile ont été déposées ?", "fr",
         False),
        ("Innert zwei Jahren wurden 300 Gesuche gestellt.", "Wie viele Gesuche wurden gestellt?", "de", True),
        ("The mission lasted 12 days.", "How many days did the mission last?", "en", True),
        # A salary is a sum of money: a career's years and dates state none.
        ("He will leave at the end of June 2023 after more than 24 years of service.",
         "What salary will the new head earn?", "en", False),
        ("The head of the division earns CHF 250,000 a year.", "What salary will the new head earn?", "en", True),
        # A share of costs is a percentage, though the question names fees.
        ("In 2020, an average of 75% of costs were financed by fees.",
         "What share of public service costs were financed by fees in 2020?", "en", True),
        ("The construction price index reached 99.0 points (base October 2015 = 100).",
         "What was the construction price index in April 2018?", "en", True),
        # "How long?": a duration written without a figure answers it; a duration the question names does not.
        ("Stödet fortsätter efter avslutad vård, under cirka ett år.", "Hur länge får ungdomarna stöd?", "sv", True),
        ("The support continues for about a year.", "How long does the support last?", "en", True),
        ("The support continues after a year.", "How long does the support last after a year?", "en", False),
        ("The support continues for the year.", "How long does the support last?", "en", False),
        # An order number is a reference, not a count.
        ("La versione stampata può essere ordinata all'indirizzo www.bundespublikationen.admin.ch (n. dell'articolo "
         "403.220.i).", "Quanti esemplari dell'opuscolo sono stati stampati?", "it", False),
        # "How old?": an age, not any figure.
        ("Vincenzo Mascioli, who is 54, has worked here since 2005.", "How old is Vincenzo Mascioli?", "en", True),
        ("He heads a unit with around 1,300 employees.", "How old is the new director?", "en", False),
        ("Die 48-jährige Juristin leitet das Amt ab Mai.", "Wie alt ist die neue Direktorin?", "de", True),
        # What something is worth, or pay by another name, is a sum of money: a year or a century is none.
        ("He was one of the most important curators of the last quarter of the 20th century.",
         "How much was the estate of the curator valued at?", "en", False),
        ("The estate was valued at CHF 2 million.", "How much was the estate of the curator valued at?", "en", True),
        ("The FDF is suspending deferred variable remuneration for the financial years up to 2022.",
         "How much deferred variable remuneration did the FDF suspend?", "en", False),
        ("Die Broschüre ist ab sofort erhältlich.", "Was kostet die Broschüre?", "de", False),
        # "Mit wie vielen …" (the dative) counts, as "wie viele" does.
        ("Die Schweiz hat bisher mit 16 europäischen Ländern Polizeiabkommen abgeschlossen.",
         "Mit wie vielen europäischen Ländern hat die Schweiz Polizeiabkommen abgeschlossen?", "de", True),
        ("Die Schweiz hat mit 2 Abkommen in 16 Jahren begonnen.",
         "Mit wie vielen europäischen Ländern hat die Schweiz Polizeiabkommen abgeschlossen?", "de", False),
    ],
)
def test_a_count_must_count_what_is_asked(sentence: str, question: str, lang: str, holds: bool) -> None:
    assert holds_kind("figure", sentence, question, (), None, lang) is holds


def test_what_a_question_counts() -> None:
    assert counted_words("Combien de perquisitions, et combien de pays ?") == [("perquisitions",), ("pays",)]
    assert counted_words("Wie viel kostete der Bau?") == []  # a sum of money, not a count


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("What was the total budget of the research project?", "en"),
        ("What was the estimated market value of the five objects?", "en"),
        ("What maximum prison sentence does the directive provide for?", "en"),
        ("Zu welchem Preis erwarb das Staatssekretariat das Gebäude?", "de"),
        ("Auf welchen Höchstbetrag sollen die Gerichtskosten steigen?", "de"),
        ("Was kostete die Untersuchung?", "de"),
        ("What did the new building cost?", "en"),
        ("Vad kostade renoveringen?", "sv"),
        ("Hur stort är restriktionsområdet för afrikansk svinpest?", "sv"),
        ("Mit wie vielen europäischen Ländern hat die Schweiz Polizeiabkommen abgeschlossen?", "de"),
    ],
)
def test_asking_for_a_budget_a_value_or_a_price_asks_for_a_figure(question: str, lang: str) -> None:
    assert expected_kind(question, lang) == "figure"


RELEASE = {
    "id": "raid-2004",
    "lang": "en",
    "date": "2004-05-06",
    "title": "Nationwide operation against child pornography",
    "text": "The Federal Criminal Police and six cantons carried out a coordinated operation on Wednesday.\n"
    "Officers searched 40 homes and seized computers and storage media. "
    "The seized material will now be analysed by specialists.",
}


def test_a_figure_of_something_else_is_refused_and_the_asked_count_answers(
    embedder: Embedder, tmp_path: Path
) -> None:
    assistant = feed_assistant(embedder, tmp_path, [RELEASE], "raid_")
    refused = assistant.ask("How many people were arrested in the coordinated operation against child pornography?")
    assert refused.abstained
    answered = assistant.ask("How many homes did officers search in the operation against child pornography?")
    assert not answered.abstained and "40 homes" in answered.answer


ROUTE = {
    "id": "route-council",
    "lang": "en",
    "date": "2024-03-05",
    "title": "Justice and Home Affairs Council, 4-5 March 2024",
    "text": "Ministers exchanged views on the action plan for the Eastern Mediterranean route. "
    "How many irregular migrants reached the European Union along the Eastern Mediterranean route this "
    "year has not yet been published.\n"
    "Greece returned 300 migrants to Türkiye last year.",
}


def test_the_best_sentence_must_state_the_figure(embedder: Embedder, tmp_path: Path) -> None:
    # The sentence that matches the question best states no figure; the figure of migrants beside it
    # is another figure (returns, not arrivals). The reader chooses both (the second is close enough
    # to the best by the fitted model's ratio), so only the best sentence's kind tells them apart.
    assistant = feed_assistant(embedder, tmp_path, [ROUTE], "route_")
    refused = assistant.ask(
        "How many irregular migrants reached the European Union along the Eastern Mediterranean route?"
    )
    assert refused.abstained, refused.answer
    answered = assistant.ask("How many irregular migrants did Greece return to Türkiye?")
    assert not answered.abstained and "300 migrants" in answered.answer


def test_a_view_of_360_degrees_is_no_count_of_applications(assistant: Assistant) -> None:
    """The press kit speaks of "a 360-degree view on asylum and migration" and gives no count of
    asylum applications: the question is refused, not answered with that sentence."""
    answer = assistant.ask("How many asylum applications did the EU receive in 2023?")
    assert answer.abstained and answer.refusal == "no_figure", answer.answer
