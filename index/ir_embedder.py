"""The encoder without the training stack: an OpenVINO IR of the transformer and its tokenizer.

Loading sentence-transformers imports torch and transformers, which takes seconds: more than a
question takes to answer. A mean-pooled model (the packaged one) is therefore converted once to
OpenVINO's IR, cached on disk, and run here with ``openvino`` and ``tokenizers`` alone. Only the
conversion needs torch (``build_ir``); every later process, a CLI ``ask`` included, reads the IR.

The cache lives in ``$PRESSROOM_CACHE`` (default ``$XDG_CACHE_HOME/pressroom``, else
``~/.cache/pressroom``), one folder per model and OpenVINO version, keyed by the model's files, so
that every data folder of the machine shares it; ``make install`` builds it.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from index.errors import ModelUnavailable
from index.model_files import encode_once, file_key

IR_NAME = "encoder.xml"


def cache_root() -> Path:
    """Where converted encoders are kept: ``$PRESSROOM_CACHE``, else the per-user cache folder."""
    if os.environ.get("PRESSROOM_CACHE"):
        return Path(os.environ["PRESSROOM_CACHE"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pressroom"


def mean_pooled(model_dir: Path) -> bool:
    """Whether a sentence-transformers folder is a transformer, mean pooling and at most a
    normalisation, read from its configuration files (nothing is imported)."""
    try:
        modules = json.loads((model_dir / "modules.json").read_text(encoding="utf-8"))
        pooling = json.loads((model_dir / modules[1]["path"] / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, IndexError, KeyError, TypeError):
        return False
    kinds = [str(m.get("type", "")).rsplit(".", 1)[-1] for m in modules]
    modes = {k: v for k, v in pooling.items() if k.startswith("pooling_mode_")}
    return (
        kinds[:2] == ["Transformer", "Pooling"]
        and all(k == "Normalize" for k in kinds[2:])
        and modes.get("pooling_mode_mean_tokens") is True
        and not any(v for k, v in modes.items() if k != "pooling_mode_mean_tokens")
        and (model_dir / "tokenizer.json").is_file()
    )


def ir_folder(model_dir: Path) -> Path:
    """The cache folder of a model's IR: named by the model's files and the OpenVINO version."""
    import openvino

    digest = hashlib.sha256(openvino.__version__.encode())
    for path in sorted(model_dir.rglob("*")):
        if path.is_file():
            digest.update(f"{path.relative_to(model_dir)}:{file_key(path)}".encode())
    return cache_root() / "encoders" / f"{model_dir.name}-{digest.hexdigest()[:16]}"


def build_ir(model_dir: Path, target: Path) -> Path:
    """Convert the model's transformer to an IR in ``target`` (needs torch; a few seconds).

    The IR is written to a temporary folder and moved into place, so that a process reading the
    cache never sees half a model, and two processes building at once both succeed.
    """
    import warnings

    import openvino as ov
    import torch
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as transformers_logging

    transformers_logging.set_verbosity_error()  # tracing logs config notes that mean nothing here
    model = AutoModel.from_pretrained(str(model_dir)).eval()
    example = AutoTokenizer.from_pretrained(str(model_dir))(["a b", "c"], padding=True, return_tensors="pt")
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the tracer's notes about Python booleans
        converted = ov.convert_model(model, example_input=dict(example))
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".building-", dir=target.parent))
    ov.save_model(converted, str(staging / IR_NAME), compress_to_fp16=False)
    try:
        staging.rename(target)
    except OSError:  # another process finished first: keep its copy
        import shutil

        shutil.rmtree(staging, ignore_errors=True)
    return target


class IREmbedder:
    """A mean-pooled sentence-transformers model run from its cached OpenVINO IR.

    Vectors are those of sentence-transformers (cosine ≥ 0.999, tests/test_ir_embedder.py).
    """

    def __init__(self, model_dir: Path, *, name: str, precision: str = "fp32", batch_size: int = 16) -> None:
        import openvino as ov
        from tokenizers import Tokenizer

        folder = ir_folder(model_dir)
        if not (folder / IR_NAME).is_file():
            try:
                build_ir(model_dir, folder)
            except OSError as exc:
                raise ModelUnavailable(
                    f"cannot write the encoder's converted model under {cache_root()} (PRESSROOM_CACHE): "
                    f"{exc.strerror or exc}; point PRESSROOM_CACHE at a folder this user can write"
                ) from None
        config = _read_json(model_dir / "sentence_bert_config.json")
        self.name = name
        self.batch_size = batch_size
        self.precision = precision
        self.runtime = "openvino"
        self.max_tokens = int(config.get("max_seq_length") or 256)
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()
        self._counter = Tokenizer.from_file(str(model_dir / "tokenizer.json"))  # counts without limits
        self._counter.no_padding()
        self._counter.no_truncation()
        self._tokenizer.enable_truncation(max_length=self.max_tokens)
        pad_id = self._tokenizer.token_to_id("[PAD]") or 0
        self._tokenizer.enable_padding(pad_id=pad_id, pad_token="[PAD]")
        hint = "bf16" if precision == "bf16" else "f32"
        core = ov.Core()
        try:
            model = core.read_model(str(folder / IR_NAME))
            self._compiled = core.compile_model(
                model,
                "CPU",
                {"INFERENCE_PRECISION_HINT": hint, "PERFORMANCE_HINT": "LATENCY", "CACHE_DIR": str(folder / "blobs")},
            )
        except RuntimeError as exc:
            raise ModelUnavailable(f"cannot load the encoder's OpenVINO model in {folder}: {exc}") from exc
        self._inputs = [port.get_any_name() for port in self._compiled.inputs]
        self._requests = threading.local()  # an infer request per thread: the server encodes in parallel
        self.dimension = int(self._compiled.outputs[0].get_partial_shape()[-1].get_length())

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Encode ``texts`` into normalised float32 vectors, in length-sorted batches."""
        return encode_once(texts, self._encode, self.dimension)

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            encodings = self._tokenizer.encode_batch([texts[i] for i in batch])
            features = {
                "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
            }
            tokens = np.array(self._request().infer({k: features[k] for k in self._inputs})[0], dtype=np.float32)
            mask = features["attention_mask"].astype(np.float32)[..., None]
            vectors[batch] = (tokens * mask).sum(1) / np.maximum(mask.sum(1), 1e-9)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return (vectors / np.maximum(norms, 1e-12)).astype(np.float32, copy=False)

    def _request(self):  # noqa: ANN202 - openvino type
        request = getattr(self._requests, "request", None)
        if request is None:
            request = self._requests.request = self._compiled.create_infer_request()
        return request

    def count_tokens(self, text: str) -> int:
        """The number of word pieces the model sees for ``text``."""
        return len(self._counter.encode(text, add_special_tokens=False).ids)


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def main() -> None:
    """Build the packaged encoder's IR in the cache (``make install`` runs this once)."""
    from index.model_files import resolve_model
    from index.settings import PACKAGED_MODEL

    folder = Path(resolve_model(PACKAGED_MODEL))
    target = ir_folder(folder)
    if not (target / IR_NAME).is_file():
        build_ir(folder, target)
    print(f"encoder IR: {target}")


if __name__ == "__main__":
    main()
