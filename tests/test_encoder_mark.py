"""An index names the model that encoded its passages, and refuses another of the same size.

Before: only the vectors' size was checked, so an index built with the packaged MiniLM and opened
with ``PRESSROOM_EMBEDDING_MODEL`` set to another 384-dimensional model (as the README suggests for
multilingual collections) compared vectors of two models: every search and answer was quietly
wrong, and an ingest mixed the two in one index."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index.embedding import Embedder, make_embedder
from index.errors import StoreUnavailable
from index.ingesting import ingest_paths
from index.model_files import model_identity
from index.settings import PACKAGED_MODEL, IndexSettings
from index.store import PassageStore
from tests.conftest import SAMPLE

SHORT = SAMPLE / "004_6d677f5f08688389.txt"
REFUSED = (
    r"^the index at .+ was built with the embedding model 'packaged:all-MiniLM-L6-v2', not '.+': "
    "set PRESSROOM_EMBEDDING_MODEL back"
)


@pytest.fixture(scope="module")
def other_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A sentence-transformers folder of another model with the packaged one's 384 dimensions
    (one layer, random weights) and its vocabulary."""
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.models import Normalize, Pooling, Transformer
    from transformers import BertConfig, BertModel, BertTokenizerFast

    from index.model_files import resolve_model

    folder = tmp_path_factory.mktemp("models")
    tokenizer = BertTokenizerFast.from_pretrained(resolve_model(PACKAGED_MODEL))
    config = BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=384, num_hidden_layers=1,
                        num_attention_heads=6, intermediate_size=128)  # fmt: skip
    torch.manual_seed(0)
    BertModel(config).save_pretrained(folder / "hf")
    tokenizer.save_pretrained(folder / "hf")
    modules = [Transformer(str(folder / "hf"), max_seq_length=128), Pooling(384, pooling_mode="mean"), Normalize()]
    SentenceTransformer(modules=modules).save(str(folder / "other"))
    return folder / "other"


def _settings(home: Path, backend: str, model: str = PACKAGED_MODEL) -> IndexSettings:
    return IndexSettings(home=home, store_backend=backend, embedding_model=model, encoder_runtime="torch")


def _open(settings: IndexSettings, embedder: Embedder | None = None) -> PassageStore:
    return PassageStore(settings, embedder or make_embedder(settings))


@pytest.mark.parametrize("backend", ["edge", "qdrant"])
def test_another_model_of_the_same_size_is_refused(
    tmp_path: Path, embedder: Embedder, other_model: Path, backend: str
) -> None:
    home = tmp_path / "home"
    store = _open(_settings(home, backend), embedder)
    assert [e.status for e in ingest_paths(store, [SHORT])] == ["added"]
    store.close()
    with pytest.raises(StoreUnavailable, match=REFUSED):
        _open(_settings(home, backend, str(other_model)))
    again = _open(_settings(home, backend), embedder)  # the packaged model, in another runtime here
    assert again.count_passages() > 0
    again.close()


def test_an_index_without_passages_takes_any_model(tmp_path: Path, embedder: Embedder, other_model: Path) -> None:
    home = tmp_path / "home"
    store = _open(_settings(home, "edge"), embedder)
    list(ingest_paths(store, [SHORT]))
    store.delete(SHORT.name)
    store.close()
    other = _open(_settings(home, "edge", str(other_model)))
    assert [e.status for e in ingest_paths(other, [SHORT])] == ["added"]
    other.close()
    with pytest.raises(StoreUnavailable, match=f"was built with the embedding model '{other_model}', not 'packaged"):
        _open(_settings(home, "edge"), embedder)


def test_a_model_is_known_by_its_files_not_where_it_lies(tmp_path: Path, other_model: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(other_model, copy)
    assert model_identity(str(copy)) == model_identity(str(other_model)) != model_identity(PACKAGED_MODEL)
    (copy / "README.md").write_text("notes of our own", encoding="utf-8")
    assert model_identity(str(copy)) == model_identity(str(other_model))
    weights = copy / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[-1] ^= 1
    weights.write_bytes(bytes(data))
    assert model_identity(str(copy)) != model_identity(str(other_model))


def test_the_command_says_so_in_one_line(run, monkeypatch: pytest.MonkeyPatch, other_model: Path) -> None:
    assert run("ingest", str(SHORT)).exit_code == 0
    monkeypatch.setenv("PRESSROOM_EMBEDDING_MODEL", str(other_model))
    result = run("ask", "What will the ministers discuss?")
    assert result.exit_code == 2  # as for every index that cannot be opened
    assert result.stderr.startswith("pressroom: error: the index at ")
    assert "set PRESSROOM_EMBEDDING_MODEL back" in result.stderr and result.stderr.count("\n") == 1
