"""Gathering a briefing: its key points, timeline, quotes and gaps, each line numbered by its source."""

from __future__ import annotations

from assistant.assistant import Assistant
from assistant.briefing.events import quote_lines, timeline_lines
from assistant.briefing.key_points import (
    TopicPassage,
    choose,
    release_sentences,
    sentences_with_markers,
    topic_passages,
    topic_releases,
)
from assistant.briefing.language import briefing_language, records_lang
from assistant.briefing.lines import Briefing, Line
from assistant.briefing.qa import prepare
from assistant.briefing.topic_match import named_in_text
from assistant.messages import message
from assistant.records import Citation
from index.catalogue import DocumentRecord
from index.filters import SearchFilters
from index.lexical import terms
from index.store import PassageStore
from ingest.metadata import detect_language

TOPIC_PASSAGES = 24  # passages searched for the topic: its releases in the period, and their neighbours


class _Records(dict):
    """The documents a briefing cites, each read when first needed: listing them all is a pass
    over the whole index, and the timeline and the quotes already take one each."""

    def __init__(self, store: PassageStore) -> None:
        super().__init__()
        self._store = store

    def __missing__(self, source_id: str) -> DocumentRecord:
        record = self[source_id] = self._store.document(source_id)
        return record


def _same_lang(assistant: Assistant, source: str, lang: str) -> bool:
    return records_lang(assistant.store, source) == lang


def with_key_points(passages: dict[str, list[TopicPassage]], brief: Briefing) -> dict[str, list[TopicPassage]]:
    """The topic's passages and the sentences its key points quote, each as a passage of its own.

    >>> b = Briefing("t", key_points=[Line("x", 1)], sources=[Citation(1, "a", "", None, "en", "", "", "", "x",
    ...                                                                   5, 9, 1.0)])
    >>> with_key_points({}, b)
    {'a': [TopicPassage(start=5, end=9, sentences=())]}
    """
    out = {source: list(found) for source, found in passages.items()}
    sources = {c.n: c for c in brief.sources}
    for line in brief.key_points:
        if (c := sources.get(line.n)) is not None:
            out.setdefault(c.source_id, []).append(TopicPassage(c.start, c.end, ()))
    return out


def build_briefing(
    assistant: Assistant,
    topic: str,
    *,
    since: str | None = None,
    until: str | None = None,
    lang: str | None = None,
    key_points: int | None = None,
) -> Briefing:
    """Gather the briefing on ``topic`` from the index, within the dates and language given;
    ``key_points`` bounds the key points (by default their number follows the material)."""
    topic = " ".join(topic.split())
    if not topic:
        raise ValueError("the topic is empty")
    # The language read in: the one asked for, else the topic's. A release in several
    # languages speaks once, in that language when it has it.
    reading = lang or detect_language(topic)
    if not terms(topic, reading):  # "a", "the": every dated event and statement would be "about" it
        raise ValueError(f"the topic {topic!r} has no word to look for: name a subject, e.g. 'drug trafficking'")
    filters = SearchFilters(date_from=since, date_to=until, lang=lang)
    brief = Briefing(topic, since, until)
    numbers: dict[tuple[str, int, int], int] = {}

    def number(citation: Citation) -> int:
        key = (citation.source_id, citation.start, citation.end)
        if key not in numbers:
            numbers[key] = len(numbers) + 1
            brief.sources.append(Citation(**{**citation.__dict__, "n": numbers[key]}))
        return numbers[key]

    # A topic is no question: the hand-set order, whose scores the ratios of ``topic_releases`` were set on.
    retriever = assistant.passages(reading, filters, top_k=TOPIC_PASSAGES, learned=False)
    found = retriever.read(topic, assistant.reader_model)
    # A topic the reader finds no release answering ("zebra herding quotas") has no releases.
    releases = topic_releases(*found) if found[1].answerable >= assistant.threshold else []
    # A release after the best, in the language read, names the topic: one of its names, else half its terms.
    releases = [
        source for k, source in enumerate(releases)
        if k == 0 or not _same_lang(assistant, source, reading)
        or named_in_text(topic, assistant.store.document(source).text or "", reading)
    ]  # fmt: skip
    brief.lang = briefing_language(topic, lang, [records_lang(assistant.store, source) for source in releases])
    if assistant.settings.mode == "generative":
        # Key points written by the language model, each sentence checked against its source as
        # in a generative answer; quoted key points when nothing it wrote is supported.
        asked = message("q_key_points", brief.lang).format(topic=topic)
        written = assistant.ask(asked, filters, mode="generative")
        brief.notice = written.notice
        if written.mode == "generative":
            by_number = {c.n: c for c in written.citations}
            for text, marks in sentences_with_markers(written.answer):
                brief.key_points.append(Line(text, number(by_number[marks[0]])))
    if not brief.key_points:
        per_release = [release_sentences(assistant, topic, source, reading, filters, found) for source in releases]
        for group in choose(assistant, per_release, key_points):
            brief.key_points += [Line(citation.quote, number(citation)) for citation in group]

    records = _Records(assistant.store)
    retrieved = set(releases)
    passages = topic_passages(*found, releases)
    # The index's dated events and statements, read once and kept by the store until it changes.
    # A key point's sentence is on the topic: its dates and deadlines are the timeline's too.
    shared = {"since": since, "until": until, "lang": lang, "reading": reading}
    brief.timeline = timeline_lines(assistant, topic, records, retrieved, number,
                                    passages=with_key_points(passages, brief),
                                    dated=assistant.store.dated.events(since), **shared)  # fmt: skip
    brief.quotes = quote_lines(assistant, topic, records, retrieved, number, passages=passages,
                               found=assistant.store.dated.statements(), **shared)  # fmt: skip

    # A gap is an aspect that no release on the topic speaks to and the assistant does not answer.
    texts = [assistant.store.document(source).text or "" for source in releases]
    texts += [line.text for line in (*brief.key_points, *brief.timeline, *brief.quotes)]
    # The Q&A's answers speak for the topic from its releases (any of their language versions), or
    # where they name the topic; another document's sentence answers another subject's question.
    sources = {v for source in releases for v in (source, *assistant.store.versions(source).values())}
    brief.qa, brief.not_said = prepare(assistant, topic, filters, texts, number, brief.lang, sources)
    return brief
