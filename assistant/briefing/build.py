"""Gathering a briefing: its key points, timeline, quotes and gaps, each line numbered by its source."""

from __future__ import annotations

from llama_index.core.schema import QueryBundle

from assistant.assistant import Assistant
from assistant.briefing.events import quote_lines, timeline_lines
from assistant.briefing.gaps import not_said
from assistant.briefing.key_points import key_points as best_sentences
from assistant.briefing.key_points import sentences_with_markers
from assistant.briefing.lines import Briefing, Line
from assistant.records import Citation
from index.filters import SearchFilters
from ingest.metadata import detect_language


def build_briefing(
    assistant: Assistant,
    topic: str,
    *,
    since: str | None = None,
    until: str | None = None,
    lang: str | None = None,
    key_points: int = 5,
) -> Briefing:
    """Gather the briefing on ``topic`` from the index, within the dates and language given."""
    topic = " ".join(topic.split())
    if not topic:
        raise ValueError("the topic is empty")
    filters = SearchFilters(date_from=since, date_to=until, lang=lang)
    brief = Briefing(topic, since, until)
    numbers: dict[tuple[str, int, int], int] = {}

    def number(citation: Citation) -> int:
        key = (citation.source_id, citation.start, citation.end)
        if key not in numbers:
            numbers[key] = len(numbers) + 1
            brief.sources.append(Citation(**{**citation.__dict__, "n": numbers[key]}))
        return numbers[key]

    if assistant.settings.mode == "generative":
        # Key points written by the language model, each sentence checked against its source as
        # in a generative answer; quoted key points when nothing it wrote is supported.
        written = assistant.ask(f"What are the key points about {topic}?", filters, mode="generative")
        brief.notice = written.notice
        if written.mode == "generative":
            by_number = {c.n: c for c in written.citations}
            for text, marks in sentences_with_markers(written.answer):
                brief.key_points.append(Line(text, number(by_number[marks[0]])))
    # The briefing's language: the one asked for, else the topic's. A release in several
    # languages speaks once, in that language when it has it.
    reading = lang or detect_language(topic)
    nodes = assistant.retriever(reading, filters).retrieve(QueryBundle(topic))
    if not brief.key_points:
        for citation in best_sentences(assistant, topic, nodes, key_points):
            brief.key_points.append(Line(citation.quote, number(citation)))

    records = {r.source_id: r for r in assistant.store.list_documents()}
    retrieved = {node.node.metadata["source_id"] for node in nodes}
    brief.timeline = timeline_lines(assistant, topic, records, retrieved, number, since=since, until=until,
                                    lang=lang, reading=reading)
    brief.quotes = quote_lines(assistant, topic, records, retrieved, number, since=since, until=until, lang=lang,
                               reading=reading)

    gathered = [line.text for line in (*brief.key_points, *brief.timeline, *brief.quotes)]
    brief.not_said = not_said(assistant, topic, filters, gathered)
    return brief
