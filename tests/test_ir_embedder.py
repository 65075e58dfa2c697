"""The question path without the training stack: the encoder's cached OpenVINO IR (issue 17)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from index.embedding import make_embedder
from index.errors import ModelUnavailable
from index.ir_embedder import IR_NAME, IREmbedder, ir_folder, mean_pooled
from index.settings import PACKAGED_MODEL, IndexSettings
from index.st_embedder import SentenceTransformerEmbedder, resolve_model

ROOT = Path(__file__).resolve().parents[1]
TEXTS = [
    "When did the Council meet?",
    "Die Schweizer Delegation wurde von Botschafterin Monique Jametti Greiner geleitet.",
    "Les ministres ont discuté du pacte sur la migration et l'asile le 4 mars 2024.",
    "word " * 400,  # longer than the model's 256 tokens: truncated alike
    "A",
]


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


def _ir(cache: Path, monkeypatch: pytest.MonkeyPatch, precision: str = "fp32") -> IREmbedder:
    monkeypatch.setenv("PRESSROOM_CACHE", str(cache))
    return IREmbedder(Path(resolve_model(PACKAGED_MODEL)), name=PACKAGED_MODEL, precision=precision)


def test_the_ir_gives_sentence_transformers_vectors_and_token_counts(cache, monkeypatch) -> None:
    reference = SentenceTransformerEmbedder(PACKAGED_MODEL, precision="fp32", runtime="torch")
    ir = _ir(cache, monkeypatch)
    cosines = (ir.embed(TEXTS) * reference.embed(TEXTS)).sum(axis=1)
    assert cosines.min() >= 0.999, cosines
    assert [ir.count_tokens(t) for t in TEXTS] == [reference.count_tokens(t) for t in TEXTS]
    assert (ir.dimension, ir.max_tokens) == (reference.dimension, reference.max_tokens)
    # A repeated text is encoded once and given to each place it holds.
    twice = ir.embed([TEXTS[0], TEXTS[1], TEXTS[0]])
    assert np.allclose(twice[0], twice[2]) and not np.allclose(twice[0], twice[1])


def test_the_default_embedder_is_the_ir_and_torch_is_left_on_request(cache, monkeypatch) -> None:
    monkeypatch.setenv("PRESSROOM_CACHE", str(cache))
    settings = IndexSettings(qdrant_location=":memory:")
    assert isinstance(make_embedder(settings), IREmbedder)
    torch_run = make_embedder(IndexSettings(qdrant_location=":memory:", encoder_runtime="torch"))
    assert isinstance(torch_run, SentenceTransformerEmbedder)


def test_a_question_is_encoded_without_importing_torch(cache, monkeypatch) -> None:
    _ir(cache, monkeypatch)  # the IR is in the cache
    code = (
        "import sys\n"
        "from index.embedding import make_embedder\n"
        "from index.settings import IndexSettings\n"
        "v = make_embedder(IndexSettings(qdrant_location=':memory:')).embed(['When did the Council meet?'])\n"
        "heavy = sorted(m for m in ('torch', 'transformers', 'sentence_transformers') if m in sys.modules)\n"
        "print(v.shape, heavy)\n"
    )
    env = {**os.environ, "PRESSROOM_CACHE": str(cache), "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "(1, 384) []"


def test_a_broken_cached_ir_is_a_clear_error(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PRESSROOM_CACHE", str(tmp_path))
    folder = ir_folder(Path(resolve_model(PACKAGED_MODEL)))
    folder.mkdir(parents=True)
    (folder / IR_NAME).write_text("<net>not a model", encoding="utf-8")
    with pytest.raises(ModelUnavailable, match="OpenVINO model in"):
        IREmbedder(Path(resolve_model(PACKAGED_MODEL)), name=PACKAGED_MODEL)


def test_the_cache_is_named_by_the_models_content_not_its_install(tmp_path, monkeypatch) -> None:
    # Before, the folder was named by the files' times: each new virtual environment (a fresh
    # clone's `make run`, CI) left another 174 MB IR and 79 MB of weights in the cache.
    import shutil

    monkeypatch.setenv("PRESSROOM_CACHE", str(tmp_path / "cache"))
    model = Path(resolve_model(PACKAGED_MODEL))
    copy = shutil.copytree(model, tmp_path / model.name)  # new times, as a new install has
    for path in copy.rglob("*"):
        os.utime(path, (1_000_000_000, 1_000_000_000))
    assert ir_folder(copy) == ir_folder(model)
    (copy / "tokenizer.json").write_text("{}", encoding="utf-8")  # another model
    assert ir_folder(copy) != ir_folder(model)


def test_only_mean_pooled_folders_qualify(tmp_path) -> None:
    assert mean_pooled(Path(resolve_model(PACKAGED_MODEL)))
    (tmp_path / "1_Pooling").mkdir()
    (tmp_path / "tokenizer.json").write_text("{}", encoding="utf-8")
    modules = [
        {"path": "", "type": "sentence_transformers.models.Transformer"},
        {"path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
    ]
    (tmp_path / "modules.json").write_text(json.dumps(modules), encoding="utf-8")
    (tmp_path / "1_Pooling" / "config.json").write_text(json.dumps({"pooling_mode_cls_token": True}), encoding="utf-8")
    assert not mean_pooled(tmp_path)
    assert not mean_pooled(tmp_path / "missing")
