"""The assistant: retrieve, answer extractively or abstain, and check every quote."""

from __future__ import annotations

import time

from llama_index.core.schema import QueryBundle

from assistant.extractive import (
    Candidate,
    asks_statement,
    candidates,
    cite,
    compose,
    select,
    verify,
    wants_list,
    with_list_items,
    with_quote_continuation,
    with_rest_of_paragraph,
)
from assistant.records import Answer, Citation
from assistant.retriever import PressroomRetriever
from assistant.settings import AssistantSettings
from index.embedding import Embedder
from index.filters import SearchFilters
from index.store import PassageStore
from ingest.metadata import detect_language

ABSTAIN_MESSAGES = {
    "en": 'The documents don\'t say. The closest passages are listed under "see also".',
    "nl": 'De documenten zeggen dit niet. De meest verwante passages staan onder "zie ook".',
    "fr": "Les documents ne le disent pas. Les passages les plus proches figurent sous « voir aussi ».",
    "de": "Die Dokumente sagen dazu nichts. Die nächstliegenden Passagen stehen unter „siehe auch“.",
}


class Assistant:
    """Answers questions over the index with verbatim, cited sentences."""

    def __init__(self, store: PassageStore, embedder: Embedder, settings: AssistantSettings | None = None) -> None:
        self.store = store
        self.embedder = embedder
        self.settings = settings or AssistantSettings()
        if self.settings.mode != "extractive":
            raise ValueError(f"unknown answer mode {self.settings.mode!r}; choose one of ['extractive']")

    def retriever(
        self, lang: str = "en", filters: SearchFilters | None = None, top_k: int | None = None
    ) -> PressroomRetriever:
        """The llama-index retriever this assistant answers from."""
        top_k = top_k or self.settings.top_k
        return PressroomRetriever(
            self.store,
            self.embedder,
            top_k=top_k,
            candidates=max(self.settings.candidates, top_k),
            filters=filters,
            lang=lang,
        )

    def ask(self, question: str, filters: SearchFilters | None = None) -> Answer:
        """Answer ``question`` from the documents, or abstain when they don't hold the answer."""
        started = time.perf_counter()
        question = " ".join(question.split())
        if not question:
            raise ValueError("the question is empty")
        lang = detect_language(question)
        nodes = self.retriever(lang, filters).retrieve(QueryBundle(question))
        retrieved = time.perf_counter()
        found = candidates(nodes)
        texts = [node.node.get_content() for node in nodes]
        # Only sentences that can hold the kind of answer asked for (a date for "when") may answer.
        fitting = [c for c in found if c.fits]
        selection = select(
            fitting,
            listing=wants_list(question),
            max_sentences=self.settings.max_sentences,
            max_list=self.settings.max_list_sentences,
        )
        if selection.best is None or self._too_weak(selection.best):
            see_also = tuple(
                cite(node, n, *_best_span(found, rank, len(node.node.get_content())))
                for n, (rank, node) in enumerate(list(enumerate(nodes))[: self.settings.see_also], start=1)
            )
            answer = Answer(question, ABSTAIN_MESSAGES.get(lang, ABSTAIN_MESSAGES["en"]), True, (), see_also, lang=lang)
        else:
            chosen = with_quote_continuation(with_list_items(selection.chosen, found, texts), found, texts)
            if asks_statement(question):
                chosen = with_rest_of_paragraph(chosen, found, texts)
            text, citations = compose(nodes, chosen)
            verify(text, citations)
            answer = Answer(question, text, False, citations, lang=lang)
        done = time.perf_counter()
        timings = {
            "retrieve": round((retrieved - started) * 1000, 1),
            "answer": round((done - retrieved) * 1000, 1),
            "total": round((done - started) * 1000, 1),
        }
        return Answer(
            answer.question, answer.answer, answer.abstained, answer.citations, answer.see_also, timings, answer.lang
        )

    def _too_weak(self, best: Candidate) -> bool:
        return best.score < self.settings.min_score or best.lexical < self.settings.min_lexical


def _best_span(found: list[Candidate], rank: int, length: int) -> tuple[int, int, float]:
    best = next((c for c in found if c.rank == rank), None)
    return (best.start, best.end, best.score) if best else (0, length, 0.0)


__all__ = ["ABSTAIN_MESSAGES", "Answer", "Assistant", "Citation"]
