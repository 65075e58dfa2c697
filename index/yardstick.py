"""The yardstick: what a user would build with llama-index defaults, to measure Pressroom against.

``SentenceSplitter`` (1,024-token chunks) + ``HuggingFaceEmbedding`` (the same packaged model) +
``QdrantVectorStore`` on qdrant-client's local mode. Nothing here is used by the product.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from index.model_files import resolve_model


@dataclass(frozen=True)
class YardstickIngest:
    """What the yardstick's ingest did and how long it took."""

    documents: int
    chunks: int
    seconds: float
    tokens: int  # word pieces in all chunks
    tokens_encoded: int  # of those, how many fit in the model's window (the rest is cut off)


class Yardstick:
    """A plain llama-index pipeline over a local Qdrant folder."""

    def __init__(self, path: Path, model: str, *, batch_size: int = 32) -> None:
        from llama_index.embeddings.huggingface import HuggingFaceEmbedding
        from llama_index.vector_stores.qdrant import QdrantVectorStore
        from qdrant_client import QdrantClient

        path.mkdir(parents=True, exist_ok=True)
        self.client = QdrantClient(path=str(path))
        self.embed_model = HuggingFaceEmbedding(model_name=resolve_model(model), device="cpu",
                                                embed_batch_size=batch_size)
        self.store = QdrantVectorStore(collection_name="yardstick", client=self.client)
        self._index = None

    def ingest(self, texts: Sequence[tuple[str, str]]) -> YardstickIngest:
        """Split, embed and store ``(doc_id, text)`` pairs the way the llama-index docs show."""
        from llama_index.core import Document
        from llama_index.core.ingestion import IngestionPipeline
        from llama_index.core.node_parser import SentenceSplitter

        started = time.perf_counter()
        docs = [Document(text=text, id_=doc_id) for doc_id, text in texts]
        pipeline = IngestionPipeline(transformations=[SentenceSplitter(), self.embed_model], vector_store=self.store)
        nodes = pipeline.run(documents=docs)
        seconds = time.perf_counter() - started
        tokenizer = self.embed_model._model.tokenizer  # the same tokenizer the encoder truncates with
        window = int(self.embed_model._model.max_seq_length) - 2  # [CLS] and [SEP]
        counts = [len(tokenizer(n.get_content(), add_special_tokens=False, verbose=False)["input_ids"]) for n in nodes]
        return YardstickIngest(len(docs), len(nodes), seconds, sum(counts), sum(min(c, window) for c in counts))

    def search(self, query: str, top_k: int = 10) -> list[str]:
        """The ids of the documents of the ``top_k`` nearest chunks."""
        if self._index is None:
            from llama_index.core import VectorStoreIndex

            self._index = VectorStoreIndex.from_vector_store(self.store, embed_model=self.embed_model)
        nodes = self._index.as_retriever(similarity_top_k=top_k).retrieve(query)
        return [n.node.ref_doc_id or "" for n in nodes]

    def close(self) -> None:
        """Release the local folder."""
        self.client.close()


def main(argv: Sequence[str]) -> None:
    """``python -m index.yardstick PATH QUESTION``: the yardstick's cold query, as a fresh process
    makes it (load the model and the store, retrieve once); the benchmark times it."""
    from index.settings import PACKAGED_MODEL

    stick = Yardstick(Path(argv[0]), PACKAGED_MODEL)
    try:
        print(len(stick.search(argv[1])))
    finally:
        stick.close()


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
