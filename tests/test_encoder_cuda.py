"""The encoder on a GPU (``PRESSROOM_DEVICE=cuda``): it loads, and its vectors are the CPU's, so
an index written on a GPU machine is searched on a CPU one and the other way round.

These run only where torch sees a CUDA device; elsewhere they skip, saying so."""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytestmark = pytest.mark.skipif(
    not torch.cuda.is_available(), reason="torch sees no CUDA device here: the GPU path runs where one is lent"
)

PACKAGED = "packaged:all-MiniLM-L6-v2"
TEXTS = [
    "Ministers agreed on the general approach to the Pact on Migration and Asylum.",
    "The Council adopted conclusions on the fight against drug trafficking.",
    "Le Conseil a adopté des conclusions sur la lutte contre le trafic de drogue.",
    "Sverige stödjer förslaget om en gemensam asylpolitik.",
    "Europol",
    "A long passage. " + "The presidency presented the state of play of the negotiations. " * 60,
]


def _embedder(device: str, precision: str = "fp32", batch_size: int = 4):  # noqa: ANN202 - the embedder
    from index.st_embedder import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(
        PACKAGED, device=device, precision=precision, batch_size=batch_size, runtime="torch"
    )


def test_vectors_on_the_gpu_are_the_cpus() -> None:
    cpu = _embedder("cpu").embed(TEXTS)
    gpu_embedder = _embedder("cuda")
    gpu = gpu_embedder.embed(TEXTS)
    assert gpu.dtype == np.float32 and gpu.shape == cpu.shape
    assert np.allclose(np.linalg.norm(gpu, axis=1), 1.0, atol=1e-5)
    assert (gpu * cpu).sum(1).min() > 0.9999
    assert gpu_embedder.count_tokens("Europol") == _embedder("cpu").count_tokens("Europol")


def test_bf16_on_the_gpu_keeps_the_neighbours() -> None:
    cpu = _embedder("cpu").embed(TEXTS)
    gpu = _embedder("cuda", precision="bf16").embed(TEXTS)
    assert (gpu * cpu).sum(1).min() > 0.99
    assert ((gpu @ gpu.T).argsort(1)[:, -2] == (cpu @ cpu.T).argsort(1)[:, -2]).all()


def test_the_settings_reach_the_gpu() -> None:
    from index.embedding import make_embedder
    from index.settings import IndexSettings

    embedder = make_embedder(IndexSettings(device="cuda"))
    assert type(embedder).__name__ == "SentenceTransformerEmbedder"
    assert embedder.runtime == "torch"
    vectors = embedder.embed(TEXTS[:2])
    assert vectors.shape == (2, embedder.dimension)
