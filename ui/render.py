"""How answers look: chat Markdown with linked markers, escaped source cards, Markdown footnotes,
and plain text for the terminal.

Document text is never trusted: every piece of it goes through ``html.escape`` before it
reaches the page, and Markdown output escapes the characters Markdown would act on.
"""

from __future__ import annotations

import html
import re

from assistant.dating import dates_line
from assistant.extractive import closing_markers
from assistant.messages import KIND_NAMES, also_in, kind_label, message
from assistant.records import Answer, Citation
from assistant.retriever import RankedPassage

_MARKER = re.compile(r"\[(\d+)\]")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")

KIND_LABELS = {kind: names["en"] for kind, names in KIND_NAMES.items()}  # the library's English labels


def md_escape(text: str) -> str:
    r"""Text that Markdown shows as written (no links, emphasis or HTML).

    >>> md_escape("<b>x</b> [1]")
    '\\<b\\>x\\</b\\> \\[1\\]'
    """
    return _MD_SPECIAL.sub(r"\\\1", text)


def _markers(answer: Answer, replace) -> str:  # noqa: ANN001 - a match -> str function
    """The answer's text with its citation markers replaced; in a quoted answer, a bracketed
    number that is part of a quote (a document's own footnote) stays as it is.

    >>> from assistant.records import Citation
    >>> c = Citation(1, "d", "", None, "en", "", "", "He leads.[1] In addition, he advises.",
    ...              "He leads.[1] In addition, he advises.", 0, 38, 1.0)
    >>> _markers(Answer("q", "He leads.[1] In addition, he advises. [1]", False, (c,)), lambda m: "<1>")
    'He leads.[1] In addition, he advises. <1>'
    """
    ends: set[int] | None = None
    if answer.mode == "extractive" and answer.citations:
        found, rest = closing_markers(answer.answer, answer.citations)
        ends = None if rest else found
    return _MARKER.sub(lambda m: replace(m) if ends is None or m.end() in ends else m.group(0), answer.answer)


def card_id(turn: int, n: int) -> str:
    """The HTML id of citation ``n`` of answer ``turn``: the target of its ``[n]`` link."""
    return f"src-{turn}-{n}"


def chat_markdown(answer: Answer, turn: int) -> str:
    """The answer for the chat: escaped text whose ``[n]`` markers link to their source cards.

    >>> from assistant.records import Answer
    >>> chat_markdown(Answer("q", "It is *so* [1].", False), 2)
    'It is \\\\*so\\\\* [\\\\[1\\\\]](#src-2-1).'
    """
    text = _markers(answer, lambda m: f"\x00{m.group(1)}\x01")
    text = md_escape(text)
    text = re.sub("\x00(\\d+)\x01", lambda m: f"[\\[{m.group(1)}\\]](#{card_id(turn, int(m.group(1)))})", text)
    if answer.abstained and answer.see_also:
        lines = [
            f"- [{md_escape(c.title)}](#{card_id(turn, c.n)}): “{md_escape(_short(c.quote))}”" for c in answer.see_also
        ]
        text += f"\n\n**{message('see_also', answer.lang)}**\n" + "\n".join(lines)
    if answer.dates:
        text += f"\n\n_{md_escape(dates_line(answer.dates, answer.lang))}_"
    if answer.notice:
        text = f"_{md_escape(answer.notice)}_\n\n{text}"
    elif answer.mode == "generative":
        dropped = sum(1 for s in answer.sentences if not s.kept)
        note = f"; {dropped} unsupported sentence{'s' * (dropped != 1)} removed" if dropped else ""
        text += f"\n\n_Written by a language model; each sentence checked against the passage it cites{note}._"
    return text


def footnotes_markdown(answer: Answer) -> str:
    """The answer with its citations as Markdown footnotes (for copying, and for API clients).

    >>> from assistant.records import Answer, Citation
    >>> c = Citation(1, "a.txt", "Title", "2024-01-25", "en", "press_release", "", "P", "Q", 0, 1, 0.9)
    >>> print(footnotes_markdown(Answer("q", "Said [1].", False, (c,))))
    Said [^1].
    <BLANKLINE>
    [^1]: “Q” — Title, press release, 2024-01-25 (a.txt)
    """
    text = _inert(_markers(answer, lambda m: f"[^{m.group(1)}]"))
    cited = answer.see_also if answer.abstained else answer.citations
    notes = [f"[^{c.n}]: {_footnote(c, answer.lang)}" for c in cited]
    if answer.abstained and notes:
        text += f"\n\n{message('see_also', answer.lang)}:" + "".join(f" [^{c.n}]" for c in cited)
    return text + ("\n\n" + "\n".join(notes) if notes else "")


def _footnote(c: Citation, lang: str = "en") -> str:
    where = ", ".join(x for x in (c.title, kind_label(c.kind, lang), c.date or message("undated", lang)) if x)
    link = f" <{c.url}>" if c.url.startswith(("http://", "https://")) and " " not in c.url else ""
    return _inert(f"“{' '.join(c.quote.split())}” — {where} ({c.source_id})") + link


def _inert(text: str) -> str:
    """Document words for Markdown that a client may render as HTML: tags shown, not run.

    >>> _inert('A <script>alert(1)</script> b')
    'A &lt;script&gt;alert(1)&lt;/script&gt; b'
    """
    return text.replace("<", "&lt;").replace(">", "&gt;")


def answer_text(answer: Answer) -> str:
    """The answer for a terminal: its text, dates, and the numbered sources with their quotes.

    >>> from assistant.records import Answer, Citation
    >>> c = Citation(1, "a.txt", "Title", "2024-01-25", "en", "press_release", "", "P", "Q", 0, 1, 0.9)
    >>> print(answer_text(Answer("q", "Said [1].", False, (c,))))
    Said [1].
    <BLANKLINE>
    Sources:
    [1] Title — a.txt, 2024-01-25, en, press_release
        “Q” (characters 0–1)
    """
    lang, lines = answer.lang, []
    if answer.notice:
        lines += [f"{message('note', lang)}: {answer.notice}", ""]
    if answer.answer:
        lines.append(answer.answer)
    if answer.dates:
        lines.append(dates_line(answer.dates, lang))
    shown = answer.see_also if answer.abstained else answer.citations
    if shown:
        lines += ["", f"{message('see_also' if answer.abstained else 'sources', lang)}:"]
    for c in shown:
        lines.append(f"[{c.n}] {c.title} — {c.source_id}, {c.date or message('undated', lang)}, {c.lang}, {c.kind}"
                     f"{', ' + c.url if c.url else ''}")
        lines.append(f"    “{c.quote}” ({message('characters', lang)} {c.start}–{c.end})")
        if c.versions:
            lines.append(f"    {also_in(c.versions, lang)}")
    return "\n".join(lines)


def highlighted_passage(citation: Citation) -> str:
    """The passage as escaped HTML, with the quoted words marked.

    >>> from assistant.records import Citation
    >>> c = Citation(1, "a", "T", None, "en", "k", "", "a <b> said: yes.", "said: yes.", 0, 1, 0.5)
    >>> highlighted_passage(c)
    'a &lt;b&gt; <mark>said: yes.</mark>'
    """
    passage, quote = citation.passage, citation.quote
    at = passage.find(quote) if quote else -1
    if at < 0:
        return html.escape(passage)
    end = at + len(quote)
    return f"{html.escape(passage[:at])}<mark>{html.escape(quote)}</mark>{html.escape(passage[end:])}"


def source_card(citation: Citation, turn: int, lang: str = "en") -> str:
    """One source card: title, date, kind, language, a link to the original, the passage, and
    the other languages the release exists in."""
    meta = " · ".join(
        html.escape(x)
        for x in (citation.date or message("undated", lang), kind_label(citation.kind, lang), citation.lang)
        if x
    )  # fmt: skip
    others = also_in(citation.versions, lang)
    versions = f'<div class="pr-versions">{html.escape(others)}</div>' if others else ""
    link = ""
    if citation.url.startswith(("http://", "https://")):
        href = html.escape(citation.url, quote=True)
        link = f' · <a href="{href}" target="_blank" rel="noopener">{message("original", lang)}</a>'
    return (
        f'<div class="pr-card" id="{card_id(turn, citation.n)}">'
        f'<div class="pr-card-head"><span class="pr-n">[{citation.n}]</span> '
        f"<strong>{html.escape(citation.title)}</strong></div>"
        f'<div class="pr-meta">{meta}{link} · <code>{html.escape(citation.source_id)}</code></div>'
        f"{versions}"
        f'<blockquote class="pr-passage">{highlighted_passage(citation)}</blockquote></div>'
    )


def sources_html(turns: list[tuple[int, Answer]]) -> str:
    """The sources panel: the cards of every answer so far, the newest first."""
    if not turns:
        return '<div class="pr-sources-empty">Sources of each answer appear here.</div>'
    parts = []
    for turn, answer in reversed(turns):
        cited = answer.see_also if answer.abstained else answer.citations
        label = message("see_also_for" if answer.abstained else "sources_for", answer.lang)
        parts.append(
            f'<section class="pr-turn"><h4>{label} “{html.escape(_short(answer.question, 80))}”</h4>'
            + ("".join(source_card(c, turn, answer.lang) for c in cited)
               or f"<p>{message('no_passages', answer.lang)}</p>")
            + "</section>"
        )
    return "".join(parts)


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


CSS = """
.pr-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 10px; margin: 8px 0; }
.pr-card.pr-target, .pr-card:target { outline: 3px solid #f5b301; }
.pr-card-head { font-size: 1rem; }
.pr-n { font-weight: 700; color: var(--color-accent); }
.pr-meta { font-size: 0.85rem; opacity: 0.8; margin: 2px 0 6px; }
.pr-versions { font-size: 0.85rem; margin: 0 0 6px; }
.pr-passage { white-space: pre-wrap; font-size: 0.9rem; margin: 0; border-left: 3px solid #ccc; padding-left: 8px; }
.pr-passage mark { background: #ffe27a; color: inherit; padding: 0 1px; }
.pr-turn h4 { margin: 10px 0 4px; }
"""

# Clicking an [n] marker in the chat scrolls its source card into view and outlines it.
HEAD = """
<script>
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest('a[href^="#src-"]');
  if (!link) return;
  const card = document.getElementById(link.getAttribute("href").slice(1));
  if (!card) return;
  event.preventDefault();
  event.stopPropagation();
  document.querySelectorAll(".pr-card.pr-target").forEach((c) => c.classList.remove("pr-target"));
  card.classList.add("pr-target");
  card.scrollIntoView({behavior: "smooth", block: "center"});
}, true);
</script>
"""


def search_line(row: dict) -> str:
    """A search result's heading in the terminal: rank, title, id, date, score, near-duplicates."""
    similar = f" — {len(row['similar'])} similar: {', '.join(row['similar'])}" if row.get("similar") else ""
    date = row.get("date") or "undated"
    return f"[{row['rank']}] {row['title']} ({row['source_id']}, {date}) score {row['score']}{similar}"


def search_row(rank: int, ranked: RankedPassage, versions: dict[str, str], similar: tuple[str, ...] = ()) -> dict:
    """One search result as the CLI's --json and the API's /api/search give it; ``similar``:
    its document's near-duplicates, which search leaves out."""
    hit = ranked.hit
    passage = hit.passage
    return {
        "rank": rank,
        "score": round(ranked.score, 5),
        "source_id": passage.source_id,
        "passage_id": passage.id,
        "title": hit.title,
        "date": hit.date,
        "lang": hit.lang,
        "kind": hit.kind,
        "url": hit.url,
        "heading_path": list(passage.heading_path),
        "text": passage.text,
        "start": passage.start,
        "end": passage.end,
        "versions": {lang: sid for lang, sid in versions.items() if sid != passage.source_id},
        "similar": list(similar),
    }
