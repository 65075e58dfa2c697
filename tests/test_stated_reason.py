"""Asked why, where the answer's sentences name what happened but no reason, the sentence of the same
release that states one ("… was mainly due to …", "… weil …") joins the answer."""

from __future__ import annotations

from pathlib import Path

from assistant.reasons import states_reason
from index.embedding import Embedder
from tests.conftest import feed_assistant

# Written here in the shape of a statistics release: the lead says what happened, a later paragraph why.
ENERGY = {
    "id": "energy-statistics",
    "lang": "en",
    "date": "2019-06-20",
    "title": "Final energy consumption fell in 2018",
    "text": "Switzerland's final energy consumption fell by 2.2 per cent in 2018 compared with the year before.\n"
    "Heating oil sales reached their lowest level since the statistics began. "
    "Electricity consumption stayed at the level of the year before.\n"
    "The decline was mainly caused by the warmer weather: the winter months were milder than in 2017.\n"
    "The statistics office publishes the full figures in August.",
}


def test_asked_why_the_answer_takes_the_sentence_that_states_the_reason(embedder: Embedder, tmp_path: Path) -> None:
    assistant = feed_assistant(embedder, tmp_path, [ENERGY], "reason_")
    answer = assistant.ask("Why did Switzerland's final energy consumption fall in 2018?")
    assert not answer.abstained
    assert "fell by 2.2 per cent" in answer.answer
    assert "mainly caused by the warmer weather" in answer.answer
    assert "publishes the full figures" not in answer.answer


def test_reasons_in_each_language() -> None:
    assert states_reason("Les renvois sont suspendus parce qu'il y a des risques.")
    assert states_reason("Die Flüge wurden gestoppt, weil ein Häftling gestorben war.")
    assert states_reason("L'estradizione fu sospesa, poiché fu condannato.")
    assert states_reason("Kontrollen behövs för att motverka missbruket.")
    assert states_reason("De vluchten stopten omdat de luchthaven dicht was.")
    assert not states_reason("Ministers discussed the report on Monday.")
    assert not states_reason("The cable car carried 80 passengers.")  # "car" is no French "car"
