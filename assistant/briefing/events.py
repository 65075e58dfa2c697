"""A briefing's timeline and quotes: the topic's dated events and statements, extracted at ingest."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import TypeVar

from assistant.assistant import Assistant
from assistant.briefing.deadlines import deadlines
from assistant.briefing.key_points import RELEASE_MIN_P, TopicPassage
from assistant.briefing.lines import Line
from assistant.briefing.topic_match import title_about
from assistant.records import Citation, record_citation
from index.catalogue import DocumentSummary, StatementRecord, TimelineEvent, about
from index.lexical import terms
from index.store import PassageStore

# Cosine of a quote to the topic that makes it "on the topic": on the seeds, quotes on the
# topic scored 0.55-0.61 and the others at most 0.46.
QUOTE_SIMILARITY = 0.5

Number = Callable[[Citation], int]  # a citation's number among the briefing's sources
Passages = dict[str, list[TopicPassage]]  # a release's passages on the topic
Found = TypeVar("Found", TimelineEvent, StatementRecord)


def timeline_lines(
    assistant: Assistant,
    topic: str,
    records: Mapping[str, DocumentSummary],
    retrieved: set[str],
    number: Number,
    *,
    since: str | None,
    until: str | None,
    lang: str | None,
    reading: str,
    passages: Passages | None = None,
    dated: list[TimelineEvent] | None = None,
) -> list[Line]:
    """The topic's dated events in date order, one line per sentence, in the briefing's language.

    Every dated event of the topic's ``passages`` (its releases' passages on it) is on it,
    those after ``until`` too (the next steps and deadlines they announce), with the deadlines
    ingest does not read (``deadlines.py``); elsewhere, the events of the period about the topic."""
    store = assistant.store
    passages = passages or {}
    lines: list[Line] = []
    if dated is None:  # the index's events from ``since`` on: a pass over all its records
        dated = store.timeline(None, since, None)
    period = [ev for ev in dated if not until or ev.when.lstrip("/")[:10][: len(until)] <= until]
    events = on_topic(assistant, topic, period, retrieved)
    held = {(ev.source_id, ev.start, ev.when) for ev in events}
    whole = whole_releases(topic, records, passages)

    def inside(ev: TimelineEvent) -> bool:
        return ev.source_id in whole or within(passages, ev.source_id, ev.start)

    for ev in dated:
        if inside(ev) and (ev.source_id, ev.start, ev.when) not in held:
            events.append(ev)
            held.add((ev.source_id, ev.start, ev.when))
    events += [
        ev for ev in due(store, list(passages), since)
        if inside(ev) and (ev.source_id, ev.start, ev.when) not in held
    ]  # fmt: skip
    for event in sorted(events, key=lambda ev: (ev.when.lstrip("/"), ev.source_id, ev.start)):
        if (lang and records[event.source_id].lang != lang) or other_version(store, event.source_id, reading):
            continue
        citation = record_citation(records[event.source_id], 0, event.start, event.end, passage=event.text)
        n = number(citation)
        same = next((i for i, line in enumerate(lines) if line.n == n), None)
        if same is None:
            lines.append(Line(event.text, n, when=event.when))
        else:  # one sentence, several dates ("on 19 October 2023 … until March 2025"): one line
            lines[same] = replace(lines[same], when=f"{lines[same].when}; {event.when}")
    return lines


def quote_lines(
    assistant: Assistant,
    topic: str,
    records: Mapping[str, DocumentSummary],
    retrieved: set[str],
    number: Number,
    *,
    since: str | None,
    until: str | None,
    lang: str | None,
    reading: str,
    passages: Passages | None = None,
    found: list[StatementRecord] | None = None,
) -> list[Line]:
    """The topic's statements, by speaker, in the briefing's language and period: all those of
    the topic's ``passages`` (its releases' passages on it), and elsewhere those about the topic."""
    store = assistant.store
    passages = passages or {}
    lines: list[Line] = []
    if found is None:  # the index's statements: a pass over all its records
        found = store.statements()
    # In a passage on the topic, a statement the reader finds on it too: a minister's quote on
    # migration stands in the passage of her quote on temporary protection. Unless the release is
    # about the topic as a whole (its title holds half the topic's terms), or the topic names the
    # speaker: then every statement of the release is on the topic.
    statements: list[StatementRecord] = []
    elsewhere: list[StatementRecord] = []
    whole = whole_releases(topic, records, passages)
    for st in found:
        on = (st.source_id in whole or (st.source_id in passages and named(topic, st.speaker))
              or spoken(passages, st))  # fmt: skip
        (statements if on else elsewhere).append(st)
    statements += on_topic(assistant, topic, elsewhere, retrieved)
    kept: list[StatementRecord] = []
    for st in sorted(statements, key=lambda st: (st.date or "", st.source_id, st.start)):
        day = st.date or ""
        if (since and day and day < since) or (until and day and day[: len(until)] > until):
            continue
        if (lang and st.lang != lang) or other_version(store, st.source_id, reading):
            continue
        kept.append(st)
    heading = speaker_headings([(st.speaker, st.role) for st in kept])
    for st in kept:
        citation = record_citation(records[st.source_id], 0, st.start, st.end, passage=st.text)
        lines.append(Line(st.text, number(citation), speaker=heading[st.speaker]))
    lines.sort(key=lambda line: line.speaker)
    return lines


def speaker_headings(spoken_by: Sequence[tuple[str, str]]) -> dict[str, str]:
    """One heading a speaker, whatever the role each release gives them: the speaker's fullest
    name (a surname alone, or a misspelt one, joins the full name it is part of) and the first
    role given, in date order.

    >>> h = speaker_headings([("Beat Jans", "conseiller fédéral"), ("Beat Jans", "chef du DFJP"), ("Jans", "")])
    >>> h["Beat Jans"], h["Jans"]
    ('Beat Jans, conseiller fédéral', 'Beat Jans, conseiller fédéral')
    >>> speaker_headings([("Anna Svensson", ""), ("Karin Svensson", "ministre")])["Anna Svensson"]
    'Anna Svensson'
    """
    names = list(dict.fromkeys(name for name, _ in spoken_by))

    def fullest(name: str) -> str:
        words = name.lower().split()
        within = [other for other in names if words and set(words) <= set(other.lower().split())]
        return max(within, key=lambda other: (len(other.split()), -names.index(other)), default=name)

    full = {name: fullest(name) for name in names}
    role: dict[str, str] = {}
    for name, given in spoken_by:
        if given:
            role.setdefault(full[name], given)
    return {name: ", ".join(x for x in (full[name], role.get(full[name], "")) if x) for name in names}


def whole_releases(topic: str, records: Mapping[str, DocumentSummary], passages: Passages) -> set[str]:
    """The topic's releases that are about it as a whole (their title holds half the topic's
    terms, a compound's part counting: ``topic_match.py``): all their statements and dated
    events are on the topic, those outside the passages the search found too."""
    return {source for source in passages
            if title_about(topic, records[source].title or "", records[source].lang or "en")}  # fmt: skip


def within(passages: Passages, source_id: str, start: int) -> bool:
    """Whether a sentence starting at ``start`` of the document lies in one of its topic passages.

    >>> p = {"a": [TopicPassage(0, 100, ())]}
    >>> within(p, "a", 40), within(p, "a", 100), within({}, "a", 1)
    (True, False, False)
    """
    return any(p.start <= start < p.end for p in passages.get(source_id, ()))


def named(topic: str, speaker: str) -> bool:
    """Whether the topic names the speaker, by surname at least.

    >>> named("Beat Jans at the JHA Council", "Beat Jans"), named("Jansen's visit", "Beat Jans")
    (True, False)
    """
    surname = speaker.split()[-1].lower() if speaker.split() else ""
    return bool(surname) and surname in re.findall(r"[\w'’-]+", topic.lower())


def spoken(passages: Passages, st: StatementRecord) -> bool:
    """Whether a statement stands in a topic passage, in sentences the reader finds on the topic.

    >>> p = {"a": [TopicPassage(0, 100, ((0, 50, 0.2), (50, 100, 0.001)))]}
    >>> st = StatementRecord("x", "", "", "", "quote", 10, 40, "a", "", None, "en", "")
    >>> spoken(p, st), spoken(p, replace(st, start=60, end=90))
    (True, False)
    """
    return any(
        a < st.end and st.start < b and p >= RELEASE_MIN_P
        for passage in passages.get(st.source_id, ())
        for a, b, p in passage.sentences
    )


def due(store: PassageStore, releases: Sequence[str], since: str | None) -> list[TimelineEvent]:
    """The deadlines and planned dates of the releases (on or after ``since``), as dated events."""
    out = []
    for source in releases:
        record = store.document(source)
        for d in deadlines(record.text or ""):
            if since and d.when.lstrip("/")[: len(since)] < since[: len(d.when.lstrip("/"))]:
                continue
            text = (record.text or "")[d.start : d.end]
            out.append(
                TimelineEvent(
                    d.when, text, text, "period", d.start, d.end, source, record.title, record.lang or "en", record.date
                )
            )
    return out


def other_version(store: PassageStore, source_id: str, lang: str) -> bool:
    """Whether the document's release has a version in ``lang`` other than this document."""
    preferred = store.versions(source_id).get(lang)
    return bool(preferred) and preferred != source_id


def on_topic(assistant: Assistant, topic: str, found: list[Found], retrieved: set[str]) -> list[Found]:
    """Statements or dated events about the topic: two thirds of its terms, or, in the documents
    retrieved for it, half of them, a paragraph about it, or a meaning close to it (a quote often
    names the topic in other words: "support Ukrainians" for temporary protection). Only those
    few documents' sentences are encoded."""
    wanted: dict[str, set[str]] = {}

    def wanted_in(lang: str) -> set[str]:
        if lang not in wanted:
            wanted[lang] = set(terms(topic, lang))
        return wanted[lang]

    # Those the store keeps are judged from its postings, as ``about`` would judge them.
    on, kept = assistant.store.dated.holding(topic)
    lexical: list[Found] = []
    nearby: list[Found] = []
    for st in found:
        lang = st.lang or "en"
        if id(st) in on if id(st) in kept else about(wanted_in(lang), st.text, lang):
            lexical.append(st)
        elif st.source_id in retrieved:
            nearby.append(st)
    # In the documents retrieved for the topic, half its terms will do, or a paragraph holding
    # two thirds of them ("On 24 January, ministers visited the port of Antwerp …" under a
    # paragraph on drug trafficking), or a meaning close to it.
    texts = {source: assistant.store.document(source).text or "" for source in {st.source_id for st in nearby}}

    def paragraph(st: Found) -> str:
        text = texts[st.source_id]
        end = text.find("\n", st.end)
        return text[text.rfind("\n", 0, st.start) + 1 : len(text) if end == -1 else end]

    lexical += [
        st for st in nearby
        if about(wanted_in(st.lang or "en"), st.text, st.lang or "en", share=0.5)
        or about(wanted_in(st.lang or "en"), paragraph(st), st.lang or "en")
    ]  # fmt: skip
    nearby = [st for st in nearby if st not in lexical]
    if nearby:
        vectors = assistant.embedder.embed([topic, *(st.text for st in nearby)])
        close = vectors[1:] @ vectors[0]
        lexical += [st for st, cosine in zip(nearby, close, strict=True) if cosine >= QUOTE_SIMILARITY]
    return lexical
