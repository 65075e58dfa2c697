"""An English question asking which countries (cities, cantons …) is refused when no chosen sentence
names a place it does not already name, as "who" is without a name."""

from __future__ import annotations

from pathlib import Path

from index.embedding import Embedder
from tests.conftest import feed_assistant

RELEASES = [
    {
        "id": "drug-recommendation",
        "lang": "en",
        "date": "2024-03-04",
        "title": "Council agrees recommendation on drug trafficking capabilities",
        "text": "The Council agreed on a recommendation on the best practices of member states against drug "
        "trafficking. The recommendation was adopted by the home affairs ministers at their meeting.\n"
        "Ministers will assess its implementation next year.",
    },
    {
        "id": "joint-statement",
        "lang": "en",
        "date": "2019-11-29",
        "title": "Joint statement on the trade instrument",
        "text": "Belgium, Denmark, Finland and Norway signed a joint statement on the trade instrument. "
        "The statement supports the continued work of the instrument.",
    },
]


def test_which_countries_needs_a_country_named(embedder: Embedder, tmp_path: Path) -> None:
    assistant = feed_assistant(embedder, tmp_path, RELEASES, "places_")
    # The recommendation's release names no member state, let alone one that opposed it.
    refused = assistant.ask("Which member states opposed the Council recommendation on drug trafficking?")
    assert refused.abstained and refused.see_also
    answered = assistant.ask("Which countries signed the joint statement on the trade instrument?")
    assert not answered.abstained and "Denmark" in answered.answer
