"""Asked for a list, an answer that quotes the first item of an enumeration ("Firstly, …") goes on
to its later items ("Secondly, …", "Finally, …") and what lies between them, in any language."""

from __future__ import annotations

from pathlib import Path

from assistant.enumeration import enumerator
from index.embedding import Embedder
from tests.conftest import feed_assistant

# Written here in the shape of a Council press kit's agenda (the sample corpus's "360-degree view").
AGENDA = {
    "id": "drugs-agenda",
    "lang": "en",
    "date": "2024-03-04",
    "title": "Informal meeting of justice ministers: the fight against drug trafficking",
    "text": "Background on the ministers' discussion of drug trafficking.\n"
    "The ministers' discussion of drug trafficking will look at three questions. "
    "Firstly, the Commission will present the latest figures on cocaine seizures in European ports. "
    "Secondly, the Presidency will report on the cooperation between customs authorities and port operators. "
    "This cooperation started in Antwerp. "
    "Finally, the ministers will discuss the protection of the judges and prosecutors who handle the cases.\n"
    "The press conference follows the meeting.",
}

ORDRE = {
    "id": "ordre-du-jour",
    "lang": "fr",
    "date": "2024-03-04",
    "title": "Réunion informelle des ministres de la justice : la lutte contre le trafic de drogue",
    "text": "La discussion des ministres sur le trafic de drogue portera sur trois questions. "
    "Premièrement, la Commission présentera les derniers chiffres des saisies de cocaïne dans les ports européens. "
    "Deuxièmement, la présidence fera rapport sur la coopération entre les douanes et les exploitants portuaires. "
    "Enfin, les ministres discuteront de la protection des juges et des procureurs chargés de ces affaires.\n"
    "La conférence de presse suit la réunion.",
}


def test_a_list_answer_goes_on_to_every_item_of_the_enumeration(embedder: Embedder, tmp_path: Path) -> None:
    assistant = feed_assistant(embedder, tmp_path, [AGENDA], "enum_en_")
    answer = assistant.ask("Which questions will the ministers' discussion of drug trafficking look at?")
    assert not answer.abstained
    assert "cocaine seizures" in answer.answer
    assert "customs authorities" in answer.answer
    assert "This cooperation started in Antwerp." in answer.answer  # between two items, it belongs to the second
    assert "judges and prosecutors" in answer.answer
    assert "press conference" not in answer.answer  # the enumeration ended with "Finally"


def test_a_french_enumeration_is_quoted_whole(embedder: Embedder, tmp_path: Path) -> None:
    assistant = feed_assistant(embedder, tmp_path, [ORDRE], "enum_fr_")
    answer = assistant.ask("Sur quelles questions portera la discussion des ministres sur le trafic de drogue ?")
    assert not answer.abstained
    for item in ("saisies de cocaïne", "douanes", "juges et des procureurs"):
        assert item in answer.answer


def test_enumeration_words_by_rank() -> None:
    assert [enumerator(s) for s in ("Firstly, a.", "Secondly, b.", "Thirdly, c.", "Finally, d.")] == [1, 2, 3, 9]
    assert [enumerator(s) for s in ("Erstens a.", "Zweitens b.", "Schliesslich c.")] == [1, 2, 9]
    assert [enumerator(s) for s in ("In primo luogo a.", "In secondo luogo b.", "Infine c.")] == [1, 2, 9]
    assert [enumerator(s) for s in ("För det första a.", "För det andra b.", "Slutligen c.")] == [1, 2, 9]
    assert enumerator("The first meeting took place in May.") == 0  # only an opening word counts
