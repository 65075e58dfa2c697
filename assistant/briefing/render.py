"""A briefing written out: Markdown, a standalone HTML page, or a Word document."""

from __future__ import annotations

import html
from pathlib import Path

from assistant.briefing.lines import Briefing, Line
from assistant.dating import when_label
from assistant.records import Citation

NOTHING = "The documents hold nothing on this topic."
NOT_ANSWERED = "Not answered by the documents."


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


def _by_release(brief: Briefing) -> list[tuple[str, list[Line]]]:
    """The key points grouped by the release they quote ("title, date"), in the order of the
    releases' first key point; one release: one group without a heading."""
    sources = {c.n: c for c in brief.sources}
    groups: dict[str, list[Line]] = {}
    for line in brief.key_points:
        c = sources.get(line.n)
        name = ", ".join(x for x in (c.title, c.date) if x) if c else ""
        groups.setdefault(name, []).append(line)
    if len(groups) == 1:
        return [("", brief.key_points)]
    return list(groups.items())


def to_markdown(brief: Briefing) -> str:
    """The briefing as Markdown: sections, each line followed by its source number."""
    out = [f"# Briefing: {brief.topic}{_period(brief)}", "", "## Key points", ""]
    if brief.notice:
        out += [f"_{brief.notice}_", ""]
    for release, lines in _by_release(brief):
        if release:
            out += [f"**{release}**", ""]
        out += [f"- {_flat(line.text)} [{line.n}]" for line in lines] + [""]
    if not brief.key_points:
        out += [f"- {NOTHING}", ""]
    out += ["## Timeline", ""]
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
    if brief.qa:
        out += ["", "## Questions journalists may ask", ""]
        for qa in brief.qa:
            out.append(f"**{qa.question}**")
            out.append("")
            out += [f"- {_flat(line.text)} [{line.n}]" for line in qa.answer] or [f"- _{NOT_ANSWERED}_"]
            out.append("")
    else:
        out.append("")
    out += ["## Sources", ""]
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
        *(
            (f"<h3>{e(release)}</h3>" if release else "")
            + items([f"{e(_flat(x.text))} {cite_link(x.n)}" for x in lines], NOTHING)
            for release, lines in (_by_release(brief) or [("", [])])
        ),
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
    ]
    if brief.qa:
        parts.append("<h2>Questions journalists may ask</h2>")
        for qa in brief.qa:
            parts.append(f"<h3>{e(qa.question)}</h3>")
            parts.append(items([f"{e(_flat(x.text))} {cite_link(x.n)}" for x in qa.answer], NOT_ANSWERED))
    parts += [
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
    for release, lines in _by_release(brief) or [("", [Line(NOTHING, 0)])]:
        if release:
            doc.add_heading(release, level=3)
        for line in lines:
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
    if brief.qa:
        doc.add_heading("Questions journalists may ask", level=2)
        for qa in brief.qa:
            doc.add_heading(qa.question, level=3)
            for line in qa.answer or (Line(NOT_ANSWERED, 0),):
                doc.add_paragraph(_flat(line.text) + (f" [{line.n}]" if line.n else ""), style="List Bullet")
    doc.add_heading("Sources", level=2)
    for c in brief.sources:
        doc.add_paragraph(_source_line(c))
    doc.save(str(path))
    return path
