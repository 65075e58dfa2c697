"""Embeddings with sentence-transformers, from the packaged model by default."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from index.errors import ModelUnavailable
from index.model_files import cpu_has_bf16, encode_once, resolve_model
from index.settings import PACKAGED_MODEL

__all__ = ["SentenceTransformerEmbedder", "cpu_has_bf16", "resolve_model"]


PRECISIONS = ("auto", "fp32", "bf16")


RUNTIMES = ("auto", "torch", "openvino")
OPENVINO_FROM = 8  # texts in a batch before OpenVINO is compiled; questions come one at a time


def _mean_pooled(model: object) -> bool:
    """Whether a sentence-transformers model is a transformer, mean pooling and at most a
    normalisation: then its transformer can run in any runtime and be pooled here."""
    from sentence_transformers.models import Normalize, Pooling, Transformer

    modules = list(model)  # type: ignore[call-overload]
    if len(modules) < 2 or not isinstance(modules[0], Transformer) or not isinstance(modules[1], Pooling):
        return False
    pooling = modules[1]
    return getattr(pooling, "pooling_mode", "mean") == "mean" and all(isinstance(m, Normalize) for m in modules[2:])


class SentenceTransformerEmbedder:
    """A sentence-transformers model, loaded once, encoding in length-sorted batches.

    For mean-pooled models (the packaged one) the transformer runs in torch or in OpenVINO
    (``runtime``) and its token embeddings are pooled here; other models go through
    ``SentenceTransformer.encode``.
    """

    def __init__(
        self,
        model: str,
        *,
        device: str = "cpu",
        batch_size: int = 16,
        precision: str = "fp32",
        runtime: str = "torch",
    ) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        if precision not in PRECISIONS:
            raise ValueError(f"unknown precision {precision!r}; choose one of {list(PRECISIONS)}")
        if runtime not in RUNTIMES:
            raise ValueError(f"unknown encoder runtime {runtime!r}; choose one of {list(RUNTIMES)}")
        path = resolve_model(model)
        if model != PACKAGED_MODEL and not Path(path).exists() and os.environ.get("HF_HUB_OFFLINE") == "1":
            raise ModelUnavailable(f"embedding model {model!r} is not a local folder and the hub is offline")
        _check_device(device)
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # the weight-loading bar is noise in a CLI

        try:
            self._model = SentenceTransformer(path, device=device)
        except (OSError, ValueError, RuntimeError, AssertionError) as exc:  # torch's: a device it lacks
            raise ModelUnavailable(f"cannot load embedding model {model!r}: {exc}") from exc
        self.name = model
        self.batch_size = batch_size
        # bf16 where the CPU has it: measured 2.1x faster here, gold metrics unchanged.
        if precision == "auto":
            precision = "bf16" if cpu_has_bf16() and device == "cpu" else "fp32"
        self.precision = precision
        self.dimension = int(self._model.get_embedding_dimension() or 0)
        self.max_tokens = int(self._model.max_seq_length)
        self._tokenizer = self._model.tokenizer
        self._own_pass = _mean_pooled(self._model) and bool(getattr(self._tokenizer, "is_fast", False))
        if runtime == "auto":
            runtime = "openvino" if device == "cpu" and self._own_pass and _has_openvino() else "torch"
        if runtime == "openvino" and not self._own_pass:
            raise ModelUnavailable(f"embedding model {model!r} is not mean-pooled; use runtime 'torch'")
        if runtime == "openvino" and not _has_openvino():
            raise ModelUnavailable("runtime 'openvino' needs the openvino package; `pip install openvino`")
        self.runtime = runtime
        self._compiled = None  # the OpenVINO model, compiled on first use

    # -- encoding ------------------------------------------------------------------------

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Encode ``texts`` into normalised float32 vectors.

        >>> SentenceTransformerEmbedder.__name__
        'SentenceTransformerEmbedder'
        """
        return encode_once(texts, self._encode, self.dimension)

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        if self._own_pass:
            return _unit(self._pass(texts))
        import torch

        autocast = torch.autocast(self._model.device.type, dtype=torch.bfloat16, enabled=self.precision == "bf16")
        with autocast:
            vectors = self._model.encode(
                list(texts),
                batch_size=self.batch_size,
                normalize_embeddings=False,
                convert_to_tensor=True,
                show_progress_bar=False,
            )
        return _unit(vectors.float().cpu().numpy())

    def _pass(self, texts: Sequence[str]) -> np.ndarray:
        """Tokenize in length-sorted batches, run the transformer, mean-pool over the mask."""
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        # Length-sorted batches pad little; 16 measured best here (8 to 128 tried).
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            chunk = [texts[i] for i in batch]
            features = self._tokenizer(
                chunk, padding=True, truncation=True, max_length=self.max_tokens, return_tensors="np"
            )
            mask = features["attention_mask"].astype(np.float32)[..., None]
            tokens = self._token_embeddings(dict(features))
            vectors[batch] = (tokens * mask).sum(1) / np.maximum(mask.sum(1), 1e-9)
        return vectors

    def _token_embeddings(self, features: dict[str, np.ndarray]) -> np.ndarray:
        """The transformer's last hidden states, float32, for a padded batch.

        OpenVINO takes full batches only: converting and compiling the model costs about two
        seconds, which a process that only encodes questions (a CLI ``ask``) should not pay.
        """
        if self.runtime == "openvino" and (self._compiled is not None or len(features["input_ids"]) >= OPENVINO_FROM):
            if self._compiled is None:
                self._compiled = self._compile_openvino()
            inputs = {name: features[name] for name in self._compiled_inputs}
            return np.asarray(self._compiled(inputs)[0], dtype=np.float32)
        import torch

        transformer = self._model[0]
        device = self._model.device  # the tokenizer's arrays go to the model's device (a GPU's too)
        bf16 = torch.autocast(device.type, dtype=torch.bfloat16, enabled=self.precision == "bf16")
        with torch.inference_mode(), bf16:
            out = transformer({k: torch.from_numpy(v).to(device) for k, v in features.items()})
        return out["token_embeddings"].float().cpu().numpy()

    def _compile_openvino(self):  # noqa: ANN202 - openvino type
        """Convert the transformer to OpenVINO in memory (about a second) and compile it."""
        import warnings

        import openvino as ov
        import torch
        from transformers.utils import logging as transformers_logging

        transformer = self._model[0].auto_model.eval()
        example = self._tokenizer(["a b", "c"], padding=True, return_tensors="pt")
        level = transformers_logging.get_verbosity()
        transformers_logging.set_verbosity_error()  # tracing logs config notes that mean nothing here
        try:
            with torch.no_grad(), warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the tracer's notes about Python booleans
                converted = ov.convert_model(transformer, example_input=dict(example))
        finally:
            transformers_logging.set_verbosity(level)
        hint = "bf16" if self.precision == "bf16" else "f32"
        compiled = ov.Core().compile_model(
            converted, "CPU", {"INFERENCE_PRECISION_HINT": hint, "PERFORMANCE_HINT": "LATENCY"}
        )
        self._compiled_inputs = [port.get_any_name() for port in compiled.inputs]
        return compiled

    def count_tokens(self, text: str) -> int:
        """The number of word pieces the model sees for ``text``."""
        return len(self._tokenizer(text, add_special_tokens=False, truncation=False, verbose=False)["input_ids"])


def _has_openvino() -> bool:
    import importlib.util

    return importlib.util.find_spec("openvino") is not None


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32, copy=False)


def _check_device(device: str) -> None:
    """A device torch cannot use is a ``ModelUnavailable`` naming the setting, not torch's traceback."""
    import torch

    try:
        chosen = torch.device(device)
    except (RuntimeError, TypeError):
        said = f"PRESSROOM_DEVICE {device!r} is not a torch device; use cpu, or cuda with a GPU"
        raise ModelUnavailable(said) from None
    if chosen.type == "cuda":
        count = torch.cuda.device_count() if torch.cuda.is_available() else 0
        if count == 0 or (chosen.index or 0) >= count:
            raise ModelUnavailable(f"PRESSROOM_DEVICE {device!r}: torch sees {count} CUDA devices here; use cpu")
