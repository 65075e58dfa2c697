"""A quoted sentence that opens with a personal pronoun comes with the sentence before it, which
names whom the pronoun means (session 50: the shape of the Swiss release nsb-102815-en)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.antecedents import _PRONOUN_FIRST
from index.embedding import Embedder
from tests.conftest import feed_assistant

RELEASE = {
    "id": "new-state-secretary",
    "lang": "en",
    "date": "2024-10-16",
    "title": "Anna Keller appointed new State Secretary for Trade",
    "text": "At its meeting today, the Federal Council appointed Anna Keller as the new State Secretary for Trade. "
    "Anna Keller is currently Vice Director of the trade office. She will take up the post on 1 January 2025, "
    "succeeding Peter Brunner, who is moving to the foreign ministry.\n"
    "Anna Keller, who is 51, has worked in the federal administration since 2002, first as a research assistant "
    "and later as head of the export section. She studied economics in Basel and Geneva.",
}


def test_a_quote_that_opens_with_a_pronoun_names_whom_it_means(embedder: Embedder, tmp_path: Path) -> None:
    assistant = feed_assistant(embedder, tmp_path, [RELEASE], "antecedents_")
    answer = assistant.ask("When will the new State Secretary for Trade take up the post?")
    assert not answer.abstained
    quoted = " ".join(c.quote for c in answer.citations)
    assert "She will take up the post on 1 January 2025" in quoted
    assert "Anna Keller is currently Vice Director of the trade office. She will take up the post" in quoted
    text = assistant.store.document("new-state-secretary").text
    assert [text[c.start : c.end] for c in answer.citations] == [c.quote for c in answer.citations]


@pytest.mark.parametrize(
    ("sentence", "refers"),
    [
        ("He will take up the post.", True),
        ("“She said it was urgent.", True),
        ("Il a rencontré la ministre.", True),
        ("Il y a deux options.", False),  # impersonal
        ("Il Consiglio federale ha deciso.", False),  # the Italian article
        ("Er hat die Vereinbarung unterzeichnet.", True),
        ("Er werden 22 personen aangehouden.", False),  # Dutch "there are"
        ("Hon betonade vikten av samarbete.", True),
        ("Heute wurde entschieden.", False),
        ("The hearing ended.", False),
    ],
)
def test_which_openings_refer_to_someone_named_before(sentence: str, refers: bool) -> None:
    assert (_PRONOUN_FIRST.match(sentence) is not None) is refers
