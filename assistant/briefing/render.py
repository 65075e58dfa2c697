"""A briefing written out: Markdown, a standalone HTML page, or a Word document, its own words
in the briefing's language (``Briefing.lang``, assistant/messages.py)."""

from __future__ import annotations

import html
from pathlib import Path

from assistant.briefing.gaps import gap_sentence as _gap
from assistant.briefing.lines import Briefing, Line
from assistant.dating import when_label
from assistant.messages import message
from assistant.records import Citation


def _flat(text: str) -> str:
    return " ".join(text.split())


def _period(brief: Briefing) -> str:
    if brief.since and brief.until:
        return message("brief_period", brief.lang).format(since=brief.since, until=brief.until)
    if brief.since or brief.until:
        key = "brief_since" if brief.since else "brief_until"
        return message(key, brief.lang).format(since=brief.since, until=brief.until)
    return ""


def _title(brief: Briefing) -> str:
    return f"{message('brief_title', brief.lang)}: {brief.topic}{_period(brief)}"


def _when(when: str, lang: str) -> str:
    """A timeline line's date(s) for readers, open periods in the briefing's language.

    >>> _when("2023-10-19; /2025-03", "en"), _when("2023-11/; /2025-03", "de")
    ('2023-10-19; until 2025-03', 'ab 2023-11; bis 2025-03')
    """

    def one(part: str) -> str:
        if part.startswith("/"):
            return message("brief_to", lang).format(part[1:])
        if part.endswith("/"):
            return message("brief_from", lang).format(part[:-1])
        return when_label(part)

    return "; ".join(one(part) for part in when.split("; "))


def _source_line(c: Citation, lang: str = "en") -> str:
    where = ", ".join(x for x in (c.title, c.date or message("undated", lang), c.source_id) if x)
    return f"[{c.n}] {where}, {message('characters', lang)} {c.start}–{c.end}" + (f", {c.url}" if c.url else "")


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

    def w(key: str) -> str:
        return message(key, brief.lang)

    out = [f"# {_title(brief)}", "", f"## {w('brief_key_points')}", ""]
    if brief.notice:
        out += [f"_{brief.notice}_", ""]
    for release, lines in _by_release(brief):
        if release:
            out += [f"**{release}**", ""]
        out += [f"- {_flat(line.text)} [{line.n}]" for line in lines] + [""]
    if not brief.key_points:
        out += [f"- {w('brief_nothing')}", ""]
    out += [f"## {w('brief_timeline')}", ""]
    out += [f"- **{_when(line.when, brief.lang)}**: {_flat(line.text)} [{line.n}]" for line in brief.timeline] or [
        f"- {w('brief_no_events')}"
    ]
    out += ["", f"## {w('brief_quotes')}", ""]
    speaker = None
    for line in brief.quotes:
        if line.speaker != speaker:
            speaker = line.speaker
            out.append(f"**{speaker}**")
            out.append("")
        out.append(f"> {_flat(line.text)} [{line.n}]")
        out.append("")
    if not brief.quotes:
        out += [f"- {w('brief_no_quotes')}", ""]
    out += [f"## {w('brief_not_said')}", ""]
    out += [f"- {_gap(aspect, brief.lang)}" for aspect in brief.not_said] or [f"- {w('brief_no_gaps')}"]
    if brief.qa:
        out += ["", f"## {w('brief_qa')}", ""]
        for qa in brief.qa:
            out.append(f"**{qa.question}**")
            out.append("")
            out += [f"- {_flat(line.text)} [{line.n}]" for line in qa.answer] or [f"- _{w('brief_not_answered')}_"]
            out.append("")
    else:
        out.append("")
    out += [f"## {w('sources')}", ""]
    out += [f"{_source_line(c, brief.lang)}  " for c in brief.sources]
    return "\n".join(out) + "\n"


def to_html(brief: Briefing) -> str:
    """The briefing as a standalone HTML page (every text escaped)."""
    e = html.escape

    def w(key: str) -> str:
        return message(key, brief.lang)

    def items(lines: list[str], empty: str) -> str:
        return "<ul>" + "".join(f"<li>{x}</li>" for x in lines or [e(empty)]) + "</ul>"

    cite_link = '<a href="#s{0}">[{0}]</a>'.format
    title = f"{w('brief_title')}: {brief.topic}"
    parts = [
        f"<!doctype html><html><head><meta charset='utf-8'><title>{e(title)}</title>",
        "<style>body{font:15px/1.5 system-ui,sans-serif;max-width:860px;margin:2em auto;padding:0 1em}"
        "blockquote{border-left:3px solid #999;margin:.5em 0;padding-left:1em;color:#333}</style></head><body>",
        f"<h1>{e(_title(brief))}</h1>",
        f"<h2>{e(w('brief_key_points'))}</h2>",
        *(
            (f"<h3>{e(release)}</h3>" if release else "")
            + items([f"{e(_flat(x.text))} {cite_link(x.n)}" for x in lines], w("brief_nothing"))
            for release, lines in (_by_release(brief) or [("", [])])
        ),
        f"<h2>{e(w('brief_timeline'))}</h2>",
        items([f"<b>{e(_when(x.when, brief.lang))}</b>: {e(_flat(x.text))} {cite_link(x.n)}" for x in brief.timeline],
              w("brief_no_events")),
        f"<h2>{e(w('brief_quotes'))}</h2>",
    ]
    speaker = None
    for line in brief.quotes:
        if line.speaker != speaker:
            speaker = line.speaker
            parts.append(f"<h3>{e(speaker)}</h3>")
        parts.append(f"<blockquote>{e(_flat(line.text))} {cite_link(line.n)}</blockquote>")
    if not brief.quotes:
        parts.append(f"<p>{e(w('brief_no_quotes'))}</p>")
    parts += [
        f"<h2>{e(w('brief_not_said'))}</h2>",
        items([e(_gap(a, brief.lang)) for a in brief.not_said], w("brief_no_gaps")),
    ]
    if brief.qa:
        parts.append(f"<h2>{e(w('brief_qa'))}</h2>")
        for qa in brief.qa:
            parts.append(f"<h3>{e(qa.question)}</h3>")
            parts.append(items([f"{e(_flat(x.text))} {cite_link(x.n)}" for x in qa.answer], w("brief_not_answered")))
    parts += [
        f"<h2>{e(w('sources'))}</h2><ol>",
        *(f"<li id='s{c.n}'>{e(_source_line(c, brief.lang)[len(f'[{c.n}] '):])}</li>" for c in brief.sources),
        "</ol></body></html>",
    ]
    return "\n".join(parts)


def write_docx(brief: Briefing, path: Path) -> Path:
    """The briefing as a Word document."""
    from docx import Document

    def w(key: str) -> str:
        return message(key, brief.lang)

    doc = Document()
    doc.add_heading(_title(brief), level=1)
    doc.add_heading(w("brief_key_points"), level=2)
    for release, lines in _by_release(brief) or [("", [Line(w("brief_nothing"), 0)])]:
        if release:
            doc.add_heading(release, level=3)
        for line in lines:
            doc.add_paragraph(_flat(line.text) + (f" [{line.n}]" if line.n else ""), style="List Bullet")
    doc.add_heading(w("brief_timeline"), level=2)
    for line in brief.timeline:
        paragraph = doc.add_paragraph(style="List Bullet")
        paragraph.add_run(_when(line.when, brief.lang)).bold = True
        paragraph.add_run(f": {_flat(line.text)} [{line.n}]")
    doc.add_heading(w("brief_quotes"), level=2)
    speaker = None
    for line in brief.quotes:
        if line.speaker != speaker:
            speaker = line.speaker
            doc.add_heading(speaker, level=3)
        doc.add_paragraph(f"{_flat(line.text)} [{line.n}]", style="Quote")
    doc.add_heading(w("brief_not_said"), level=2)
    for aspect in brief.not_said:
        doc.add_paragraph(_gap(aspect, brief.lang), style="List Bullet")
    if brief.qa:
        doc.add_heading(w("brief_qa"), level=2)
        for qa in brief.qa:
            doc.add_heading(qa.question, level=3)
            for line in qa.answer or (Line(w("brief_not_answered"), 0),):
                doc.add_paragraph(_flat(line.text) + (f" [{line.n}]" if line.n else ""), style="List Bullet")
    doc.add_heading(w("sources"), level=2)
    for c in brief.sources:
        doc.add_paragraph(_source_line(c, brief.lang))
    doc.save(str(path))
    return path
