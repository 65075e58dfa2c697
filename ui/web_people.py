"""The web app's People & organisations tab: the names the documents mention, an entity's page,
and screening a list of names against every document.

The same index as ``pressroom entities``, ``pressroom entity NAME`` and ``pressroom screen``
(``index/entities.py``, ``index/screening.py``).
"""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

import gradio as gr

from index.entities import EntityPage, EntitySummary
from index.errors import IndexFailure, UnknownDocument
from index.finding import Snippet
from index.screening import ScreenResult, read_names
from ui.services import Services
from ui.web_search import marked

KINDS = [("All", ""), ("People", "person"), ("Organisations", "org"), ("Places", "place")]
COLUMNS = ["name", "kind", "documents", "mentions", "also written"]
LISTED = 500  # rows of the listing; the filter box reaches the rest
MAX_NAMES = 1000


def entity_rows(found: list[EntitySummary], contains: str = "") -> list[list]:
    """The listing's rows, keeping those whose name or a variant contains ``contains``.

    >>> e = EntitySummary("Karin Keller-Sutter", "person", 3, 5, ("Keller-Sutter",))
    >>> entity_rows([e], "keller")
    [['Karin Keller-Sutter', 'person', 3, 5, 'Keller-Sutter']]
    >>> entity_rows([e], "Baume")
    []
    """
    wanted = contains.casefold().strip()
    return [
        [e.name, e.kind, e.documents, e.mentions, ", ".join(e.variants)]
        for e in found
        if not wanted or any(wanted in n.casefold() for n in (e.name, *e.variants))
    ]


def page_html(page: EntityPage) -> str:
    """An entity's page: its names, roles and titles, statements, documents by date (each with
    its first mention), and the entities named beside it."""
    def counted(items: dict[str, int]) -> str:
        return ", ".join(f"{html.escape(k)} ({v})" for k, v in items.items()) or "–"

    parts = [f"<h3>{html.escape(page.name)} <small>({html.escape(page.kind)})</small></h3>",
             f"<p><b>Written as:</b> {counted(page.variants)}</p>"]  # fmt: skip
    if page.roles:
        parts.append(f"<p><b>Roles and titles:</b> {counted(page.roles)}</p>")
    if page.statements:
        quotes = "".join(
            f"<li>“{html.escape(' '.join(st.text.split()))}” <small>— {html.escape(d.title or d.source_id)}, "
            f"{html.escape(d.date or 'undated')} ({html.escape(d.source_id)})</small></li>"
            for d, st in page.statements
        )
        parts.append(f"<p><b>Statements</b></p><ul class='pr-entity-statements'>{quotes}</ul>")
    docs = "".join(
        f"<li>{html.escape(d.date or 'undated')} · <b>{html.escape(d.title or d.source_id)}</b> "
        f"<small>({html.escape(d.source_id)}, {html.escape(d.lang)}, {len(d.mentions)} "
        f"mention{'s' if len(d.mentions) != 1 else ''}: “{html.escape(d.mentions[0][2]) if d.mentions else ''}”)"
        f"</small></li>"
        for d in page.documents
    )
    parts.append(f"<p><b>Documents</b> ({len(page.documents)})</p><ul class='pr-entity-docs'>{docs}</ul>")
    if page.cooccurring:
        beside = ", ".join(f"{html.escape(n)} <small>({html.escape(k)}, {c})</small>" for n, k, c in page.cooccurring)
        parts.append(f"<p><b>Named in the same documents:</b> {beside}</p>")
    return "".join(parts)


def _snippet(snippet: Snippet) -> str:
    return marked(snippet.text, snippet.matches, snippet.start)


def screen_html(results: list[ScreenResult]) -> str:
    """Per name: how many documents, how many new since the list was last screened, the best hits."""
    out = []
    for r in results:
        new = f", <b>{r.new} new</b>" if r.new else ""
        hits = "".join(
            f"<li>{h.score:.2f} · {html.escape(h.match)} “{html.escape(h.matched)}” · "
            f"{html.escape(h.title or h.source_id)} <small>({html.escape(h.source_id)}, "
            f"{html.escape(h.date or 'undated')})</small>{' · NEW' if h.new else ''}"
            + (f"<br><small>…{_snippet(h.snippet)}…</small>" if h.snippet else "")
            + "</li>"
            for h in r.hits
        )
        out.append(f"<div class='pr-screened'><b>{html.escape(r.name)}</b>: {r.documents} "
                   f"document{'s' if r.documents != 1 else ''}{new}<ul>{hits}</ul></div>")  # fmt: skip
    return "".join(out)


def people_tab(services: Services) -> None:  # noqa: C901 - one place that lays out the tab
    """The tab's components and events; call inside ``gr.Blocks``."""
    with gr.Tab("People & organisations"):
        def listing(kind_: str | None, contains_: str | None) -> list[list]:
            contains_ = contains_ or ""  # an API client may send null for either box
            try:
                with services.lock.shared:
                    found = services.store.entities().listing(kind_ or None, None if contains_.strip() else LISTED)
            except IndexFailure as exc:
                raise gr.Error(str(exc)) from exc
            return entity_rows(found, contains_)

        with gr.Row():
            kind = gr.Radio(KINDS, value="", label="Show", scale=3, elem_id="pr-entity-kind")
            contains = gr.Textbox(label="Name contains", scale=3, elem_id="pr-entity-filter")
            refresh = gr.Button("List", scale=1, elem_id="pr-entity-list")
        table = gr.Dataframe(lambda: listing("", ""), headers=COLUMNS, interactive=False, max_height=360,
                             label="Named in the documents (click a row)", elem_id="pr-entities")
        page = gr.HTML(elem_id="pr-entity-page")
        gr.Markdown("**Screen names**: one per line, or a CSV / text file of them (up to 1,000). Each name is "
                    "looked for in every document: exactly, as a variant (accents, spelling, a title), by an "
                    "alias the documents define (surname, acronym), or nearly.")  # fmt: skip
        with gr.Row():
            names = gr.Textbox(label="Names", lines=4, scale=3, elem_id="pr-screen-names")
            names_file = gr.File(label="or a file of names", file_types=[".csv", ".txt"], scale=2,
                                 elem_id="pr-screen-file")  # fmt: skip
        screen = gr.Button("Screen", variant="primary", elem_id="pr-screen-go")
        screened = gr.HTML(elem_id="pr-screen-results")
        screen_file = gr.File(label="Results as CSV", interactive=False, visible=False, elem_id="pr-screen-export")

        refresh.click(listing, [kind, contains], table)
        contains.submit(listing, [kind, contains], table)
        kind.change(listing, [kind, contains], table)

        def open_entity(rows: object, data: gr.SelectData) -> str:
            row = data.row_value if getattr(data, "row_value", None) else None
            name = row[0] if row else None
            if not name:
                return ""
            try:
                with services.lock.shared:
                    store = services.store
                    entity = store.entities().page(name, lambda sid: store.document(sid).statements)
            except UnknownDocument as exc:
                return f"<p>{html.escape(str(exc))}</p>"
            except IndexFailure as exc:
                raise gr.Error(str(exc)) from exc
            return page_html(entity)

        table.select(open_entity, [table], page)

        def run_screen(text: str, upload: str | None) -> tuple:
            try:
                listed = read_names(text or "", csv_file=False)
                if upload:
                    path = Path(upload)
                    listed += read_names(path.read_text(encoding="utf-8", errors="replace"),
                                         csv_file=path.suffix.lower() == ".csv")  # fmt: skip
            except (OSError, ValueError) as exc:
                raise gr.Error(f"cannot read the names: {exc}") from exc
            listed = list(dict.fromkeys(listed))
            if not listed:
                raise gr.Error("No names to screen: write one per line, or give a file of them.")
            if len(listed) > MAX_NAMES:
                raise gr.Error(f"{len(listed)} names: screen at most {MAX_NAMES} at a time.")
            try:
                with services.lock.shared:
                    results = services.store.screen(listed)
            except IndexFailure as exc:
                raise gr.Error(str(exc)) from exc
            from ui.entities_cli import screen_export

            out = Path(tempfile.mkdtemp(prefix="pressroom-screen-")) / "pressroom-screening.csv"
            out.write_text(screen_export(results, "csv"), encoding="utf-8")
            return screen_html(results), gr.update(value=str(out), visible=True)

        screen.click(run_screen, [names, names_file], [screened, screen_file])
