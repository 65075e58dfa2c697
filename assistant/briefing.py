"""Briefings for spokespeople: key points, timeline, quotes by speaker, gaps and sources, on a topic.

Everything is extractive: every line is the documents' own words and cites where they stand.
Key points are the best-scoring sentences of the passages retrieved for the topic (two at
most from one passage); the timeline is the topic's dated events; quotes are the statements
extracted at ingest; "what the documents do not say" lists the usual questions of a briefing
that the assistant, asked them, abstains on or answers without touching the aspect (a
"how much funding" answer with no amount).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from llama_index.core.schema import QueryBundle

from assistant.assistant import Assistant
from assistant.dating import when_label
from assistant.extractive import candidates, cite
from assistant.records import Citation, record_citation
from index.catalogue import StatementRecord, TimelineEvent, about
from index.filters import SearchFilters
from index.lexical import terms
from index.store import PassageStore
from ingest.metadata import detect_language

# The usual questions of a briefing, and what an answer to each must contain: the assistant's
# answer is about the topic, so it counts only if it also speaks to the aspect.
ASPECTS = (
    ("what was decided", "What was decided on {topic}?",
     r"\b(decided|decision|adopted|agreed|approved|concluded|endorsed)\b"),
    ("when it happened", "When did {topic} happen?",
     r"\b(\d{1,2}(st|nd|rd|th)? (of )?(January|February|March|April|May|June|July|August|September|October|"
     r"November|December)|(January|February|March|April|May|June|July|August|September|October|November|"
     r"December) \d{4}|(19|20)\d\d)\b"),
    ("who is responsible", "Who is responsible for {topic}?",
     r"\b(Minister|Commissioner|Secretary|Commission|Council|Councillor|[Pp]residency|responsible|led by|"
     r"in charge|head of)\b"),
    ("the next steps", "What are the next steps for {topic}?",
     r"\b(will|next|plans?|planned|steps?|upcoming|future|by (19|20)\d\d)\b"),
    ("the budget or funding", "How much funding is there for {topic}?",
     r"(€|\bEUR\b|\beuros?\b|\bmillion\b|\bbillion\b|\bfunding\b|\bbudget\b|\bCHF\b|\bSEK\b|\$)"),
)  # fmt: skip
MAX_PER_PASSAGE = 2
SPECIFIC_BONUS = 0.05  # key points: added to the score of a sentence full of figures and names
REDUNDANCY = 0.15  # key points: taken off per unit of cosine to the closest one already chosen
# A key point is a sentence: a heading or an agenda line ("Protection for Ukrainian refugees
# temporary", "09:30 Public session") says what a section is about, not what happened.
_SENTENCE_END = re.compile(r"[.!?…][\"”’ˮ»)]*\s*$")
NOTHING = "The documents hold nothing on this topic."
# Cosine of a quote to the topic that makes it "on the topic": on the seeds, quotes on the
# topic scored 0.55-0.61 and the others at most 0.46.
QUOTE_SIMILARITY = 0.5
Found = TypeVar("Found", TimelineEvent, StatementRecord)


@dataclass(frozen=True)
class Line:
    """One line of a briefing: the documents' words and the number of their source."""

    text: str
    n: int
    when: str = ""  # timeline lines: the normalised date(s), "; "-separated
    speaker: str = ""  # quote lines


@dataclass
class Briefing:
    """A topic's briefing, with the sources its lines cite."""

    topic: str
    since: str | None = None
    until: str | None = None
    key_points: list[Line] = field(default_factory=list)
    timeline: list[Line] = field(default_factory=list)
    quotes: list[Line] = field(default_factory=list)
    not_said: list[str] = field(default_factory=list)
    sources: list[Citation] = field(default_factory=list)
    notice: str = ""  # why generated key points fell back to quoted ones


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
            for text, marks in _sentences_with_markers(written.answer):
                brief.key_points.append(Line(text, number(by_number[marks[0]])))
    # The briefing's language: the one asked for, else the topic's. A release in several
    # languages speaks once, in that language when it has it.
    reading = lang or detect_language(topic)
    nodes = assistant.retriever(reading, filters).retrieve(QueryBundle(topic))
    if not brief.key_points:
        for citation in _key_points(assistant, topic, nodes, key_points):
            brief.key_points.append(Line(citation.quote, number(citation)))

    store = assistant.store
    records = {r.source_id: r for r in store.list_documents()}
    retrieved = {node.node.metadata["source_id"] for node in nodes}
    events = _on_topic(assistant, topic, store.timeline(None, since, until), retrieved)
    for event in sorted(events, key=lambda ev: (ev.when.lstrip("/"), ev.source_id, ev.start)):
        listed = records.get(event.source_id)
        if (lang and (listed.lang if listed else None) != lang) or _other_version(store, event.source_id, reading):
            continue
        # list_documents' records carry no text: the event's sentence is the quote.
        citation = record_citation(records[event.source_id], 0, event.start, event.end, passage=event.text)
        n = number(citation)
        same = next((i for i, line in enumerate(brief.timeline) if line.n == n), None)
        if same is None:
            brief.timeline.append(Line(event.text, n, when=event.when))
        else:  # one sentence, several dates ("on 19 October 2023 … until March 2025"): one line
            brief.timeline[same] = replace(brief.timeline[same], when=f"{brief.timeline[same].when}; {event.when}")
    statements = _on_topic(assistant, topic, store.statements(), retrieved)
    for st in sorted(statements, key=lambda st: (st.date or "", st.source_id, st.start)):
        day = st.date or ""
        if (since and day and day < since) or (until and day and day[: len(until)] > until):
            continue
        if (lang and st.lang != lang) or _other_version(store, st.source_id, reading):
            continue
        citation = record_citation(records[st.source_id], 0, st.start, st.end, passage=st.text)
        who = ", ".join(x for x in (st.speaker, st.role) if x)
        brief.quotes.append(Line(st.text, number(citation), speaker=who))
    brief.quotes.sort(key=lambda line: line.speaker)

    gathered = [line.text for line in (*brief.key_points, *brief.timeline, *brief.quotes)]
    for aspect, template, signal in ASPECTS:
        if any(re.search(signal, text) for text in gathered):
            continue  # a cited line of the briefing already speaks to it
        answer = assistant.ask(template.format(topic=topic), filters, mode="extractive")
        if answer.abstained or not re.search(signal, answer.answer):
            brief.not_said.append(aspect)
    return brief


def _key_points(assistant: Assistant, topic: str, nodes: list, limit: int) -> list[Citation]:
    """The sentences that say most about the topic without repeating each other.

    Ranked by their answer score, a little higher when they carry specifics (figures, names
    beyond the topic's), and lower the closer they are to a key point already chosen: five
    rewordings of the topic ("the fight against drug trafficking was a main topic") tell a
    spokesperson less than the seizure figures and the alliance launched.
    """
    pool: list[Citation] = []
    per_passage: dict[int, int] = {}
    for c in candidates(nodes):
        if len(pool) >= 4 * limit:
            break
        if not c.fits or per_passage.get(c.rank, 0) >= MAX_PER_PASSAGE or c.score < assistant.settings.min_score:
            continue
        citation = cite(nodes[c.rank], 0, c.start, c.end, c.score)
        if not _SENTENCE_END.search(citation.quote) or any(p.quote == citation.quote for p in pool):
            continue
        per_passage[c.rank] = per_passage.get(c.rank, 0) + 1
        pool.append(citation)
    if not pool:
        return []
    vectors = assistant.embedder.embed([p.quote for p in pool])
    topic_words = {w.lower() for w in re.findall(r"\w+", topic)}
    value = [p.score + SPECIFIC_BONUS * _specific(p.quote, topic_words) for p in pool]
    chosen: list[int] = []
    while len(chosen) < min(limit, len(pool)):
        def gain(i: int) -> float:
            overlap = max((float(vectors[i] @ vectors[j]) for j in chosen), default=0.0)
            return value[i] - REDUNDANCY * overlap
        best = max((i for i in range(len(pool)) if i not in chosen), key=gain)
        chosen.append(best)
    return [pool[i] for i in chosen]


def _specific(sentence: str, topic_words: set[str]) -> float:
    """How many specifics a sentence carries beyond the topic's words, up to 1: figures, and
    capitalised words not at its start.

    >>> _specific("Customs seized 116 tonnes of cocaine in Antwerp.", {"cocaine"})
    0.75
    >>> _specific("Drug trafficking was one of the main topics.", {"drug", "trafficking"})
    0.0
    """
    words = re.findall(r"[\w,.]+", sentence)[1:]
    figures = sum(1 for w in words if re.search(r"\d", w))
    names = sum(1 for w in words if w[:1].isupper() and w.strip(",.").lower() not in topic_words)
    return min(1.0, 0.5 * figures + 0.25 * names)


def _other_version(store: PassageStore, source_id: str, lang: str) -> bool:
    """Whether the document's release has a version in ``lang`` other than this document."""
    preferred = store.versions(source_id).get(lang)
    return bool(preferred) and preferred != source_id


def _sentences_with_markers(answer: str) -> list[tuple[str, list[int]]]:
    """The sentences of a checked generative answer, each with its citation numbers.

    >>> _sentences_with_markers("It met. [1] It agreed. [2][1]")
    [('It met.', [1]), ('It agreed.', [2, 1])]
    """
    out = []
    for match in re.finditer(r"(.+?)\s((?:\[\d+\])+)(?=\s|$)", answer):
        out.append((match.group(1).strip(), [int(n) for n in re.findall(r"\d+", match.group(2))]))
    return out


def _on_topic(assistant: Assistant, topic: str, found: list[Found], retrieved: set[str]) -> list[Found]:
    """Statements or dated events about the topic: two thirds of its terms, or, in the documents
    retrieved for it, half of them, a paragraph about it, or a meaning close to it (a quote often
    names the topic in other words: "support Ukrainians" for temporary protection). Only those
    few documents' sentences are encoded."""
    wanted: dict[str, set[str]] = {}
    lexical, nearby = [], []
    for st in found:
        lang = st.lang or "en"
        if lang not in wanted:
            wanted[lang] = set(terms(topic, lang))
        if about(wanted[lang], st.text, lang):
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
        if about(wanted[st.lang or "en"], st.text, st.lang or "en", share=0.5)
        or about(wanted[st.lang or "en"], paragraph(st), st.lang or "en")
    ]  # fmt: skip
    nearby = [st for st in nearby if st not in lexical]
    if nearby:
        vectors = assistant.embedder.embed([topic, *(st.text for st in nearby)])
        close = vectors[1:] @ vectors[0]
        lexical += [st for st, cosine in zip(nearby, close, strict=True) if cosine >= QUOTE_SIMILARITY]
    return lexical


def _flat(text: str) -> str:
    return " ".join(text.split())


def _period(brief: Briefing) -> str:
    if brief.since and brief.until:
        return f" ({brief.since} to {brief.until})"
    if brief.since or brief.until:
        return f" (since {brief.since})" if brief.since else f" (until {brief.until})"
    return ""


def _source_line(c: Citation) -> str:
    where = ", ".join(x for x in (c.title, c.date or "undated", c.source_id) if x)
    return f"[{c.n}] {where}, characters {c.start}–{c.end}" + (f", {c.url}" if c.url else "")


def to_markdown(brief: Briefing) -> str:
    """The briefing as Markdown: sections, each line followed by its source number."""
    out = [f"# Briefing: {brief.topic}{_period(brief)}", "", "## Key points", ""]
    if brief.notice:
        out += [f"_{brief.notice}_", ""]
    out += [f"- {_flat(line.text)} [{line.n}]" for line in brief.key_points] or [f"- {NOTHING}"]
    out += ["", "## Timeline", ""]
    out += [f"- **{when_label(line.when)}**: {_flat(line.text)} [{line.n}]" for line in brief.timeline] or [
        "- No dated events."
    ]
    out += ["", "## Quotes by speaker", ""]
    speaker = None
    for line in brief.quotes:
        if line.speaker != speaker:
            speaker = line.speaker
            out.append(f"**{speaker}**")
            out.append("")
        out.append(f"> {_flat(line.text)} [{line.n}]")
        out.append("")
    if not brief.quotes:
        out += ["- No quotations on this topic.", ""]
    out += ["## What the documents do not say", ""]
    out += [f"- Nothing on {aspect}." for aspect in brief.not_said] or ["- Each usual question has a source."]
    out += ["", "## Sources", ""]
    out += [f"{_source_line(c)}  " for c in brief.sources]
    return "\n".join(out) + "\n"


def to_html(brief: Briefing) -> str:
    """The briefing as a standalone HTML page (every text escaped)."""
    e = html.escape

    def items(lines: list[str], empty: str) -> str:
        return "<ul>" + "".join(f"<li>{x}</li>" for x in lines or [e(empty)]) + "</ul>"

    cite_link = '<a href="#s{0}">[{0}]</a>'.format
    parts = [
        f"<!doctype html><html><head><meta charset='utf-8'><title>Briefing: {e(brief.topic)}</title>",
        "<style>body{font:15px/1.5 system-ui,sans-serif;max-width:860px;margin:2em auto;padding:0 1em}"
        "blockquote{border-left:3px solid #999;margin:.5em 0;padding-left:1em;color:#333}</style></head><body>",
        f"<h1>Briefing: {e(brief.topic)}{e(_period(brief))}</h1>",
        "<h2>Key points</h2>",
        items([f"{e(_flat(x.text))} {cite_link(x.n)}" for x in brief.key_points], NOTHING),
        "<h2>Timeline</h2>",
        items([f"<b>{e(when_label(x.when))}</b>: {e(_flat(x.text))} {cite_link(x.n)}" for x in brief.timeline],
              "No dated events."),
        "<h2>Quotes by speaker</h2>",
    ]
    speaker = None
    for line in brief.quotes:
        if line.speaker != speaker:
            speaker = line.speaker
            parts.append(f"<h3>{e(speaker)}</h3>")
        parts.append(f"<blockquote>{e(_flat(line.text))} {cite_link(line.n)}</blockquote>")
    if not brief.quotes:
        parts.append("<p>No quotations on this topic.</p>")
    parts += [
        "<h2>What the documents do not say</h2>",
        items([f"Nothing on {e(a)}." for a in brief.not_said], "Each usual question has a source."),
        "<h2>Sources</h2><ol>",
        *(f"<li id='s{c.n}'>{e(_source_line(c)[len(f'[{c.n}] '):])}</li>" for c in brief.sources),
        "</ol></body></html>",
    ]
    return "\n".join(parts)


def write_docx(brief: Briefing, path: Path) -> Path:
    """The briefing as a Word document."""
    from docx import Document

    doc = Document()
    doc.add_heading(f"Briefing: {brief.topic}{_period(brief)}", level=1)
    doc.add_heading("Key points", level=2)
    for line in brief.key_points or [Line(NOTHING, 0)]:
        doc.add_paragraph(_flat(line.text) + (f" [{line.n}]" if line.n else ""), style="List Bullet")
    doc.add_heading("Timeline", level=2)
    for line in brief.timeline:
        paragraph = doc.add_paragraph(style="List Bullet")
        paragraph.add_run(when_label(line.when)).bold = True
        paragraph.add_run(f": {_flat(line.text)} [{line.n}]")
    doc.add_heading("Quotes by speaker", level=2)
    speaker = None
    for line in brief.quotes:
        if line.speaker != speaker:
            speaker = line.speaker
            doc.add_heading(speaker, level=3)
        doc.add_paragraph(f"{_flat(line.text)} [{line.n}]", style="Quote")
    doc.add_heading("What the documents do not say", level=2)
    for aspect in brief.not_said:
        doc.add_paragraph(f"Nothing on {aspect}.", style="List Bullet")
    doc.add_heading("Sources", level=2)
    for c in brief.sources:
        doc.add_paragraph(_source_line(c))
    doc.save(str(path))
    return path
