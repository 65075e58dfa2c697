"""A search that names a year or a month also looks among the documents dated then: monthly
releases say "in June", not "in June 2019", and other years' releases on the topic can fill the
candidates the ranking reads."""

from __future__ import annotations

from pathlib import Path

from assistant.retriever import PassageRetriever
from index.embedding import Embedder
from index.filters import SearchFilters
from tests.conftest import feed_assistant

# Monthly releases in the shape of the Swiss asylum statistics; no text names its year.
RELEASES = [
    {
        "id": f"asylum-june-{year}", "lang": "en", "date": f"{year}-07-10", "title": "Asylum statistics for June",
        "text": f"In June, {1000 + year} asylum applications were filed in Switzerland."
        + (" Asylum applications from Eritrea rose, and asylum applications from Syria fell." if year != 2019 else ""),
    }
    for year in range(2012, 2021)
]  # fmt: skip


def _firsts(retriever: PassageRetriever, query: str) -> list[str]:
    return [r.hit.passage.source_id for r in retriever.search(query)]


def test_a_search_naming_a_month_finds_the_release_of_that_month(embedder: Embedder, tmp_path: Path) -> None:
    assistant = feed_assistant(embedder, tmp_path, RELEASES, "period_")
    # Few candidates, as at scale: the other years' fuller releases take them all.
    narrow = PassageRetriever(assistant.store, embedder, top_k=3, candidates=3)
    assert "asylum-june-2019" not in _firsts(narrow, "asylum applications in June")
    assert "asylum-june-2019" in _firsts(narrow, "asylum applications June 2019")
    assert "asylum-june-2019" in _firsts(narrow, "asylum applications in 2019")
    # The user's own dates prevail over the query's.
    before = PassageRetriever(assistant.store, embedder, top_k=3, candidates=3, filters=SearchFilters(date_to="2016"))
    assert all(source < "asylum-june-2017" for source in _firsts(before, "asylum applications June 2019"))
