"""The server's store lock: readers together, a writer alone, and neither starves the other."""

from __future__ import annotations

import threading

import pytest

from ui.rwlock import ReadWriteLock

WAIT = 10.0  # seconds a step may take before the test calls it stuck


def _in_thread(target) -> threading.Thread:  # noqa: ANN001
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread


def test_readers_share_and_a_writer_waits_for_them() -> None:
    lock = ReadWriteLock()
    inside, release, wrote = threading.Barrier(3), threading.Event(), threading.Event()

    def reader() -> None:
        with lock.shared:
            inside.wait(WAIT)  # both readers are in at once, or this times out
            release.wait(WAIT)

    readers = [_in_thread(reader) for _ in range(2)]
    inside.wait(WAIT)

    def writer() -> None:
        with lock.exclusive:
            wrote.set()

    writing = _in_thread(writer)
    assert not wrote.wait(0.3)  # the readers still hold it
    release.set()
    assert wrote.wait(WAIT)
    for t in [*readers, writing]:
        t.join(WAIT)


def test_an_ingest_of_many_writes_lets_questions_in_between() -> None:
    lock = ReadWriteLock()
    stop, answered = threading.Event(), []

    def ingest() -> None:  # one write per document, back to back, as an upload does
        while not stop.is_set():
            with lock.exclusive:
                pass

    writing = _in_thread(ingest)
    for _ in range(50):
        done = threading.Event()

        def question() -> None:
            with lock.shared:
                answered.append(1)
            done.set()  # noqa: B023 - read at once, in this iteration

        _in_thread(question)
        assert done.wait(WAIT), "a question waited behind the whole ingest"
    stop.set()
    writing.join(WAIT)
    assert len(answered) == 50


def test_a_stream_of_questions_lets_a_write_in() -> None:
    lock = ReadWriteLock()
    stop, wrote = threading.Event(), threading.Event()

    def questions() -> None:
        while not stop.is_set():
            with lock.shared:
                pass

    readers = [_in_thread(questions) for _ in range(4)]

    def write() -> None:
        with lock.exclusive:
            wrote.set()

    _in_thread(write)
    assert wrote.wait(WAIT), "a write waited forever behind the questions"
    stop.set()
    for t in readers:
        t.join(WAIT)


def test_both_modes_are_reentrant_and_a_reader_cannot_upgrade() -> None:
    lock = ReadWriteLock()
    with lock.exclusive, lock.exclusive, lock.shared, lock:
        pass
    with lock.shared, lock.shared, pytest.raises(RuntimeError, match="cannot take the store lock to write"):
        lock.acquire_write()
    with lock.exclusive:  # everything was let go
        pass


def test_a_reader_suspended_lets_a_write_through_and_holds_again_after() -> None:
    lock = ReadWriteLock()
    wrote, suspended, resume, resumed = threading.Event(), threading.Event(), threading.Event(), threading.Event()

    def reader() -> None:  # a generative answer: passages read, then the model writes
        with lock.shared, lock.shared:
            with lock.suspended_read():
                suspended.set()
                resume.wait(WAIT)
            resumed.set()
            with pytest.raises(RuntimeError, match="cannot take the store lock"):
                lock.acquire_write()  # it is a reader again, at its depth

    reading = _in_thread(reader)
    assert suspended.wait(WAIT)

    def write() -> None:
        with lock.exclusive:
            wrote.set()

    writing = _in_thread(write)
    assert wrote.wait(WAIT), "the write waited for a reader that had let go"
    resume.set()
    assert resumed.wait(WAIT)
    reading.join(WAIT)
    writing.join(WAIT)
    with lock.exclusive:  # both holds were let go at the end
        pass
    with lock.suspended_read():  # a thread holding nothing suspends nothing
        pass
