"""Pressroom's retrieval as a llama-index retriever, for llama-index's query engines and tools.

The assistant reads passages from ``assistant.retriever.PassageRetriever`` directly; this class
serves the same passages, in the same order, as llama-index ``NodeWithScore`` objects.
"""

from __future__ import annotations

from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.callbacks import CallbackManager
from llama_index.core.schema import NodeWithScore, QueryBundle

from assistant.nodes import to_llama
from assistant.retriever import PassageRetriever, RankedPassage


class PressroomRetriever(BaseRetriever):
    """Retrieve passages for a question, with filters, as llama-index nodes."""

    def __init__(self, passages: PassageRetriever) -> None:
        super().__init__(callback_manager=CallbackManager([]))
        self.passages = passages

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        return to_llama(self.passages.retrieve(query_bundle.query_str))

    def search(self, question: str) -> list[RankedPassage]:
        """The ranked passages, without reading them (``PassageRetriever.search``)."""
        return self.passages.search(question)
