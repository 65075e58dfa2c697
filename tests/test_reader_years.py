"""A question about a year that no document the answer would cite is dated in or speaks of (after
they were published, or before) is refused; a document that announces that year's plans still
answers."""

from __future__ import annotations

from pathlib import Path

from index.embedding import Embedder
from tests.conftest import feed_assistant

# Written here in the shape of a Swiss asylum statistics release and a Swedish fisheries one.
RELEASES = [
    {
        "id": "asylum-q1-2015",
        "lang": "en",
        "date": "2015-04-20",
        "title": "Asylum statistics for the first quarter of 2015",
        "text": "From January to the end of March 2015, Switzerland registered 4,489 asylum applications. "
        "This is 21 per cent fewer than in the fourth quarter of 2014.\n"
        "The main countries of origin were Eritrea, Syria and Sri Lanka.",
    },
    {
        "id": "baltic-fishing",
        "lang": "en",
        "date": "2024-10-04",
        "title": "Fishing opportunities in the Baltic Sea",
        "text": "The Commission has proposed the fishing opportunities for 2025 in the Baltic Sea. "
        "Under the proposal, herring catches in the central Baltic fall by 20 per cent.\n"
        "Ministers will decide on the proposal at their meeting in October.",
    },
]


def test_a_year_after_the_documents_is_refused_and_a_planned_year_is_answered(
    embedder: Embedder, tmp_path: Path
) -> None:
    assistant = feed_assistant(embedder, tmp_path, RELEASES, "years_")
    # The release of April 2015 cannot report March 2025, though it gives a figure for March 2015.
    later = assistant.ask("How many asylum applications did Switzerland register by the end of March 2025?")
    assert later.abstained and later.see_also
    # Nor a year before the documents that they never look back on.
    earlier = assistant.ask("How many asylum applications did Switzerland register in the first quarter of 2009?")
    assert earlier.abstained
    # Nor a month of the documents' year that they do not reach: the April release gives the first quarter.
    other_month = assistant.ask("How many asylum applications did Switzerland register in September 2015?")
    assert other_month.abstained
    same = assistant.ask("How many asylum applications did Switzerland register by the end of March 2015?")
    assert not same.abstained and "4,489" in same.answer
    # A release of October 2024 speaks of 2025's plans, and answers for them.
    planned = assistant.ask("By how much do herring catches fall under the fishing opportunities for 2025?")
    assert not planned.abstained and "20 per cent" in planned.answer
