"""The web app's Search tab: ``pressroom find`` in the browser.

A query in the research desk's language, the exact count, facets that narrow the query when
clicked (they add ``lang:``, ``kind:`` or ``date:`` to it, in plain sight), a histogram of the
matches by month, a page of hits with their matches highlighted, the whole result exported as
CSV or JSON Lines, and any hit's document opened at its first match.
"""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

import gradio as gr

from index.errors import IndexFailure, UnknownDocument
from index.finding import FindHit, FindResult
from ui.find_output import similar_text, write_export
from ui.render import md_escape
from ui.services import Services
from ui.web_checks import problem

PER_PAGE = 10
HELP = (
    'Exact search over every document: words, `"exact phrases"`, `AND` / `OR` / `NOT` (or `-word`), '
    '`( )`, `word*`, `"drug ports"~5` (within 5 words), and `title:`, `lang:`, `kind:`, `source:`, '
    "`date:2024-01..2024-03`. Every match is counted; click a facet to narrow the search."
)
_FACETS = (("lang", "Language"), ("kind", "Kind"), ("year", "Year"))
_SCROLL_TO_MATCH = "() => { document.getElementById('pr-match-1')?.scrollIntoView({block: 'center'}); }"


def narrowed(query: str, field: str, value: str) -> str:
    """The query with one more filter: the facet a reader clicked.

    >>> narrowed("drug port*", "lang", "fr"), narrowed("x", "year", "2024")
    ('(drug port*) lang:fr', '(x) date:2024')
    """
    name = "date" if field == "year" else field
    return f"({query.strip()}) {name}:{value}"


def marked(text: str, matches: tuple[tuple[int, int], ...] | list[tuple[int, int]], offset: int = 0,
           first_id: str | None = None) -> str:  # fmt: skip
    """``text`` as HTML, each match (offsets from ``offset``) in a ``<mark>``; the first gets ``first_id``.

    >>> marked("a <b> drug", [(6, 10)], first_id="m")
    'a &lt;b&gt; <mark id="m">drug</mark>'
    """
    out, at = [], 0
    for n, (a, b) in enumerate(sorted(matches)):
        a, b = a - offset, b - offset
        if a < at or b > len(text):
            continue
        tag = f'<mark id="{first_id}">' if n == 0 and first_id else "<mark>"
        out += [html.escape(text[at:a]), tag, html.escape(text[a:b]), "</mark>"]
        at = b
    return "".join([*out, html.escape(text[at:])])


def histogram_html(months: dict[str, int]) -> str:
    """Matches by month as a row of bars (by year when they span more than four years)."""
    dated = {k: v for k, v in months.items() if k}
    if not dated:
        return ""
    years = sorted({k[:4] for k in dated})
    if len(years) > 4:
        counts: dict[str, int] = {}
        for k, v in dated.items():
            counts[k[:4]] = counts.get(k[:4], 0) + v
        dated = counts
    top = max(dated.values())
    bars = "".join(
        f'<div title="{html.escape(k)}: {v}" style="display:flex;flex-direction:column;align-items:center;'
        f'justify-content:flex-end;min-width:26px;height:110px">'
        f'<small>{v}</small><div style="width:18px;height:{max(2, round(80 * v / top))}px;background:#4a7bd0"></div>'
        f'<small style="font-size:10px">{html.escape(k[2:] if len(k) == 7 else k)}</small></div>'
        for k, v in sorted(dated.items())
    )
    undated = months.get("", 0)
    note = f"<small>{undated} undated</small>" if undated else ""
    return f'<div class="pr-histogram" style="display:flex;gap:2px;overflow-x:auto">{bars}</div>{note}'


def hit_html(n: int, hit: FindHit) -> str:
    """One hit: its number, title and metadata, how many matches, its snippets highlighted."""
    said = f"{hit.match_count} match{'es' if hit.match_count != 1 else ''}" if hit.match_count else ""
    similar = similar_text(hit.similar) if hit.similar else ""  # its near-duplicates, folded into it
    meta = " · ".join(x for x in (hit.source_id, hit.date or "undated", hit.lang, hit.kind, said, similar) if x)
    title = html.escape(hit.title or hit.source_id)
    if hit.url.startswith(("http://", "https://")):
        title = f'<a href="{html.escape(hit.url)}" target="_blank" rel="noopener">{title}</a>'
    snippets = "".join(f"<li>…{marked(s.text, s.matches, s.start)}…</li>" for s in hit.snippets)
    return (f'<div class="pr-hit"><b>[{n}] {title}</b><br><small>{html.escape(meta)}</small>'
            f"<ul>{snippets}</ul></div>")  # fmt: skip


def results_html(result: FindResult) -> str:
    """The page of hits."""
    first = (result.page - 1) * result.per_page + 1
    return "".join(hit_html(n, hit) for n, hit in enumerate(result.hits, first)) or "<p>No document matches.</p>"


def summary_text(result: FindResult) -> str:
    """The count, the page and the sort."""
    said = "document matches" if result.total == 1 else "documents match"
    folded = f", {result.listed} listed (near-duplicates once)" if result.listed not in (None, result.total) else ""
    return (f"**{result.total}** {said} “{md_escape(result.query)}”{folded} (page {result.page} of {result.pages}, "
            f"by {result.sort})")  # fmt: skip


def _facet_update(counts: dict[str, int]) -> dict:
    choices = [(f"{k} ({v})", k) for k, v in counts.items() if k]
    return gr.update(choices=choices, value=None, visible=len(choices) > 1)


def search_tab(services: Services) -> None:  # noqa: C901 - one place that lays out the tab
    """The Search tab's components and events; call inside ``gr.Blocks``."""
    with gr.Tab("Search"):
        gr.Markdown(HELP)
        with gr.Row():
            query = gr.Textbox(label="Query", placeholder='e.g. "drug trafficking" AND port* -Antwerp', scale=6,
                               elem_id="pr-find-q", max_length=2000)  # fmt: skip
            sort = gr.Radio([("Relevance", "relevance"), ("Newest", "date")], value="relevance", label="Sort",
                            scale=2, elem_id="pr-find-sort")  # fmt: skip
            go = gr.Button("Search", variant="primary", scale=1, elem_id="pr-find-go")
        summary = gr.Markdown(elem_id="pr-find-summary")
        with gr.Row():
            facets = [gr.Radio([], label=label, visible=False, elem_id=f"pr-facet-{name}") for name, label in _FACETS]
        histogram = gr.HTML(elem_id="pr-find-histogram")
        results = gr.HTML(elem_id="pr-find-results")
        with gr.Row():
            previous = gr.Button("← Previous", size="sm", elem_id="pr-find-prev")
            following = gr.Button("Next →", size="sm", elem_id="pr-find-next")
            export_csv = gr.Button("Export all as CSV", size="sm", elem_id="pr-find-csv")
            export_jsonl = gr.Button("Export all as JSON Lines", size="sm", elem_id="pr-find-jsonl")
        exported = gr.File(label="Export", interactive=False, visible=False, elem_id="pr-find-export")
        opened = gr.Dropdown([], label="Open a document at its first match", value=None, elem_id="pr-find-doc")
        view = gr.HTML(elem_id="pr-find-view")
        ran = gr.State("")  # the query as last run
        page = gr.State(1)

        def run(q: str, sort_: str, page_: int) -> tuple:
            q = " ".join((q or "").split())
            if not q:
                return (gr.skip(),) * 4 + (*(gr.skip(),) * len(_FACETS), "", page_, gr.skip(), gr.skip())
            try:
                if why := problem(q, "query"):  # too long, or not text: it would break the page's stream
                    raise ValueError(why)
                with services.lock.shared:
                    result = services.store.find(q, sort=sort_, page=page_, per_page=PER_PAGE)
                    if result.page > result.pages:  # Next pressed on the last page: stay there
                        result = services.store.find(q, sort=sort_, page=result.pages, per_page=PER_PAGE)
            except (ValueError, IndexFailure) as exc:  # a query it cannot read says where
                empty = gr.update(visible=False)
                return (f"⚠️ {md_escape(str(exc))}", "", "", gr.update(choices=[], value=None),
                        *(empty,) * len(_FACETS), q, 1, gr.update(visible=False), "")  # fmt: skip
            f = result.facets
            docs = gr.update(choices=[(f"{h.title or h.source_id} ({h.source_id})", h.source_id) for h in result.hits],
                             value=None)  # fmt: skip
            return (summary_text(result), histogram_html(f.month), results_html(result), docs,
                    *(_facet_update(getattr(f, name)) for name, _ in _FACETS), q, result.page,
                    gr.update(visible=False), "")  # fmt: skip

        outputs = [summary, histogram, results, opened, *facets, ran, page, exported, view]
        go.click(lambda q, s: run(q, s, 1), [query, sort], outputs)
        query.submit(lambda q, s: run(q, s, 1), [query, sort], outputs)
        sort.change(lambda q, s: run(q, s, 1), [ran, sort], outputs)
        previous.click(lambda q, s, p: run(q, s, max(1, p - 1)), [ran, sort, page], outputs)
        following.click(lambda q, s, p: run(q, s, p + 1), [ran, sort, page], outputs)

        for (name, _), radio in zip(_FACETS, facets, strict=True):
            def on_facet(value: str | None, q: str, sort_: str, name: str = name) -> tuple:
                if not value or not q:
                    return (gr.skip(),) * (len(outputs) + 1)
                new = narrowed(q, name, value)
                return (new, *run(new, sort_, 1))

            radio.input(on_facet, [radio, ran, sort], [query, *outputs])

        def export(q: str, sort_: str, fmt: str) -> dict:
            if not q:
                raise gr.Error("Search first, then export.")
            if why := problem(q, "query"):
                raise gr.Error(why)
            path = Path(tempfile.mkdtemp(prefix="pressroom-find-")) / f"pressroom-find.{fmt}"
            try:
                with services.lock.shared:
                    written = write_export(services.store.find_all(q, sort=sort_), path)
            except (ValueError, IndexFailure) as exc:
                raise gr.Error(str(exc)) from exc
            gr.Info(f"{written} document{'s' if written != 1 else ''} exported.")
            return gr.update(value=str(path), visible=True)

        export_csv.click(lambda q, s: export(q, s, "csv"), [ran, sort], exported)
        export_jsonl.click(lambda q, s: export(q, s, "jsonl"), [ran, sort], exported)

        def open_document(source_id: str | None, q: str) -> str:
            if not source_id or not q:
                return ""
            try:
                record = services.document(source_id)
            except (UnknownDocument, ValueError, IndexFailure) as exc:  # deleted meanwhile, or the index failed
                return f"<p>{html.escape(str(exc))}</p>"
            try:
                with services.lock.shared:
                    hits = list(services.store.find_all(q, source=record.source_id))
            except (ValueError, IndexFailure):
                hits = []
            matches = [m for hit in hits for s in hit.snippets for m in s.matches]
            meta = " · ".join(x for x in (record.source_id, record.date or "undated", record.lang, record.kind) if x)
            body = marked(record.text or "", matches, first_id="pr-match-1")
            return (f"<h3>{html.escape(record.title or record.source_id)}</h3><small>{html.escape(meta)} · "
                    f"{len(matches)} matches</small>"
                    f'<div style="white-space:pre-wrap;max-height:520px;overflow-y:auto;border:1px solid #ddd;'
                    f'padding:8px">{body}</div>')  # fmt: skip

        opened.input(open_document, [opened, ran], view).then(None, js=_SCROLL_TO_MATCH)
