"""The lexical ranking may weigh more for a question not in English, where the packaged encoder
reads English only (``other_language_lexical_weight``; docs/reader.md, session 28)."""

from __future__ import annotations

from index import searching
from index.embedding import Embedder
from index.lexical import query_vector
from index.store import PassageStore
from index.vectors import VectorBackend


def _ids(hits: list) -> list[str]:
    return [h.passage.id for h in hits]


def _passages(backend: VectorBackend, ranked: list[tuple[str, float]]) -> list[str]:
    return [f.payload["passage_id"] for f in backend.fetch([i for i, _ in ranked])]


def test_a_question_in_another_language_leans_on_the_lexical_ranking(
    sample_store: PassageStore, embedder: Embedder
) -> None:
    backend = sample_store.backend
    question = "georganiseerde misdaad en de havens"
    lexical = _passages(backend, backend.nearest("sparse", query_vector(question, "nl"), None, 5))
    encoded = _passages(backend, backend.nearest("dense", embedder.embed([question])[0].tolist(), None, 5))
    assert lexical != encoded
    leaning = searching.search(backend, embedder, question, limit=5, lang="nl", other_language_lexical_weight=1000)
    assert _ids(leaning) == lexical
    ignoring = searching.search(backend, embedder, question, limit=5, lang="nl", other_language_lexical_weight=0)
    assert _ids(ignoring) == encoded
    assert sample_store.settings.other_language_lexical_weight == 1.0  # as before session 28


def test_an_english_question_weighs_both_rankings_alike(sample_store: PassageStore, embedder: Embedder) -> None:
    backend = sample_store.backend
    question = "organised crime in the ports"
    plain = searching.search(backend, embedder, question, limit=5, lang="en", other_language_lexical_weight=1)
    weighted = searching.search(backend, embedder, question, limit=5, lang="en", other_language_lexical_weight=1000)
    assert _ids(plain) == _ids(weighted)


def test_the_weight_is_a_setting() -> None:
    from assistant.config import PressroomSettings

    assert PressroomSettings.from_env({"PRESSROOM_LEXICAL_WEIGHT": "2"}).index.other_language_lexical_weight == 2.0
    assert PressroomSettings.from_env({}).index.other_language_lexical_weight == 1.0
