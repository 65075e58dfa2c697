"""A readers–writer lock for the server's store: questions in parallel, writes one at a time.

Qdrant Edge guards its segments with its own read–write locks, so searches from several threads
at once are safe; what it does not do is order a search against a write of several steps (a
document's passages, then its record). So reads (answers, searches, listings, briefings) share
the lock, and a write (one document of an ingest, a delete) holds it alone. Turns alternate: a
waiting writer goes before readers who come after it, so that a steady stream of questions
cannot starve an upload, and the readers waiting when a write ends go before the next write, so
that an ingest (one write per document or batch) cannot starve the questions either.

Both modes are reentrant in the thread that holds them (a writer may also read), and
``shared`` and ``exclusive`` are reusable context managers.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class ReadWriteLock:
    """Many readers or one writer; writers first."""

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._readers: dict[int, int] = {}  # thread -> depth
        self._writer: int | None = None
        self._writer_depth = 0
        self._waiting_writers = 0
        self._waiting_readers = 0
        self._readers_turn = False  # readers who waited through a write enter before the next one
        self.shared = _Mode(self.acquire_read, self.release_read)
        self.exclusive = _Mode(self.acquire_write, self.release_write)

    def acquire_read(self) -> None:
        me = threading.get_ident()
        with self._cond:
            if self._writer == me or me in self._readers:
                self._readers[me] = self._readers.get(me, 0) + 1
                return
            self._waiting_readers += 1
            try:
                while self._writer is not None or (self._waiting_writers and not self._readers_turn):
                    self._cond.wait()
            finally:
                self._waiting_readers -= 1
                if not self._waiting_readers:
                    self._readers_turn = False
            self._readers[me] = 1

    def release_read(self) -> None:
        me = threading.get_ident()
        with self._cond:
            self._readers[me] -= 1
            if not self._readers[me]:
                del self._readers[me]
                self._cond.notify_all()

    def acquire_write(self) -> None:
        me = threading.get_ident()
        with self._cond:
            if self._writer == me:
                self._writer_depth += 1
                return
            if me in self._readers:
                raise RuntimeError("a reader cannot take the store lock to write (it would wait for itself)")
            self._waiting_writers += 1
            try:
                while self._writer is not None or self._readers or (self._readers_turn and self._waiting_readers):
                    self._cond.wait()
            finally:
                self._waiting_writers -= 1
            self._writer, self._writer_depth = me, 1

    def release_write(self) -> None:
        with self._cond:
            self._writer_depth -= 1
            if not self._writer_depth:
                self._writer = None
                self._readers_turn = self._waiting_readers > 0
                self._cond.notify_all()

    @contextmanager
    def suspended_read(self) -> Iterator[None]:
        """This thread's shared hold let go for a while and taken again after, at the same depth
        (a language model's generation, which reads nothing of the store, need not hold up a
        write). No-op for a thread that holds no shared hold.
        """
        me = threading.get_ident()
        with self._cond:
            depth = self._readers.pop(me, 0)
            if depth:
                self._cond.notify_all()
        try:
            yield
        finally:
            if depth:
                self.acquire_read()
                with self._cond:
                    self._readers[me] = depth

    # ``with lock:`` is the exclusive mode, as with a plain lock.
    def __enter__(self) -> ReadWriteLock:
        self.acquire_write()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release_write()


class _Mode:
    """One mode of the lock as a context manager that can be entered again and again."""

    def __init__(self, acquire, release) -> None:  # noqa: ANN001 - bound methods
        self._acquire, self._release = acquire, release

    def __enter__(self) -> None:
        self._acquire()

    def __exit__(self, *exc: object) -> None:
        self._release()
