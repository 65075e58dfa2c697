"""The passages an answer is read from, shaped as llama-index's nodes, without importing it.

Importing ``llama_index.core`` takes about a second (its package imports indices, chat engines
and sqlalchemy), more than a cold ``pressroom ask`` spends on everything else but Python itself.
The extractive answer needs none of it, so the retriever hands the assistant these plain records:
the attributes of llama-index's ``NodeWithScore`` and ``TextNode`` that Pressroom reads
(``node.metadata``, ``node.get_content()``, ``score``). ``to_llama`` makes llama-index's own nodes
of them for its retriever interface (``assistant/llama_retriever.py``); the generative mode reads
these records as they are, and only its language model comes from llama-index.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from llama_index.core.schema import NodeWithScore

# Metadata the passage's text stands without: neither the encoder nor a language model reads them.
HIDDEN_METADATA = ["sentences", "start", "end", "path", "versions"]


@dataclass(slots=True)
class PassageNode:
    """A retrieved passage: its text, and its metadata (source, title, date, sentence scores…).

    >>> PassageNode("p1", "Ministers met.", {"source_id": "a.txt"}).get_content()
    'Ministers met.'
    """

    id_: str
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def node_id(self) -> str:
        return self.id_

    def get_content(self, metadata_mode: object = None) -> str:
        """The passage's text (``metadata_mode`` is llama-index's argument; the text never carries
        metadata here)."""
        return self.text


@dataclass(slots=True)
class ScoredNode:
    """A passage with the retriever's score, as llama-index's ``NodeWithScore``."""

    node: PassageNode
    score: float | None = None


def to_llama(nodes: Sequence[ScoredNode]) -> list[NodeWithScore]:
    """llama-index's nodes for ``nodes``: the same text, metadata and scores."""
    from llama_index.core.schema import NodeWithScore, TextNode

    return [
        NodeWithScore(
            node=TextNode(
                id_=n.node.id_,
                text=n.node.text,
                metadata=n.node.metadata,
                excluded_embed_metadata_keys=list(HIDDEN_METADATA),
                excluded_llm_metadata_keys=list(HIDDEN_METADATA),
            ),
            score=n.score,
        )
        for n in nodes
    ]
