"""The web app: a chat with checkable sources, and the document library."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from typing import TypeVar

import gradio as gr

from assistant.briefing import to_markdown
from assistant.messages import message
from assistant.records import Answer
from index.catalogue import DocumentSummary
from index.errors import IndexFailure, UnknownDocument
from index.filters import SearchFilters
from ingest.metadata import question_language
from ui.render import KIND_LABELS, chat_markdown, footnotes_markdown, md_escape, sources_html
from ui.services import Services
from ui.uploads import ALLOWED
from ui.web_checks import MAX_COMMENT, checked, checked_question, problem, read_uploads
from ui.web_follow import follow_tab
from ui.web_people import people_tab
from ui.web_search import search_tab

Turns = list[tuple[int, Answer]]
T = TypeVar("T")
_TEMPLATES = {
    "en": "What is “{}” about?",
    "nl": "Waar gaat “{}” over?",
    "fr": "De quoi parle « {} » ?",
    "de": "Worum geht es in „{}“?",
    "it": "Di che cosa tratta «{}»?",
    "sv": "Vad handlar ”{}” om?",
}
DOC_COLUMNS = ["source id", "title", "date", "language", "kind", "passages", "ingested at"]


def example_questions(services: Services, limit: int = 4, tries: int = 8) -> list[str]:
    """Questions the loaded corpus can answer, made from its newest documents' titles.

    Each is asked once, quoting (the gate that decides whether the documents answer is the same
    in both modes, and no language model need write at start); only those that get an answer (no
    abstention) are offered.
    """
    docs = sorted(services.documents(), key=lambda d: d.date or "", reverse=True)
    found: list[str] = []
    for doc in docs[:tries]:
        title = " ".join(doc.title.split())
        if not 3 <= len(title.split()) <= 14:
            continue
        question = _TEMPLATES.get(doc.lang, _TEMPLATES["en"]).format(title)
        try:
            if not services.ask(question, mode="extractive").answer.abstained:
                found.append(question)
        except (IndexFailure, ValueError):
            continue
        if len(found) == limit:
            break
    return found


def _filters(
    date_from: str | None, date_to: str | None, lang: str | None, kind: str | None, source: str | None
) -> SearchFilters:
    try:
        return SearchFilters(
            date_from=(date_from or "").strip() or None,
            date_to=(date_to or "").strip() or None,
            lang=lang or None,
            kind=kind or None,
            source=source or None,
        )
    except ValueError as exc:
        raise gr.Error(str(exc)) from exc


def _pieces(markdown: str) -> Iterator[str]:
    """The answer growing a few words at a time (links stay whole: they contain no spaces)."""
    words = re.findall(r"\S+\s*", markdown)
    for i in range(4, len(words) + 4, 4):
        yield "".join(words[:i])


def _document_rows(docs: list[DocumentSummary]) -> list[list]:
    return [
        [
            d.source_id,
            d.title,
            d.date or "",
            d.lang,
            KIND_LABELS.get(d.kind, d.kind),
            d.passages,
            d.ingested_at.replace("T", " ").rstrip("Z"),
        ]
        for d in docs
    ]


def _on_document(source_id: str | None, action: Callable[[str], T]) -> T:
    """Run a library action on the chosen document; problems become messages on the page."""
    if not source_id:
        raise gr.Error("Choose a document first.")
    try:
        return action(source_id)
    except UnknownDocument as exc:
        raise gr.Error(str(exc)) from exc


def build_web(services: Services) -> gr.Blocks:  # noqa: C901 - one place that lays out the page
    """The gradio Blocks of the chat and the library, bound to ``services``."""
    docs = services.documents()
    examples = example_questions(services)
    langs = sorted({d.lang for d in docs} - {""})
    kinds = sorted({d.kind for d in docs} - {""})
    sources = [d.source_id for d in docs]

    with gr.Blocks(title="Pressroom") as demo:
        turns = gr.State([])
        asked = gr.State([])  # the questions as understood, oldest first
        rated = gr.State(None)  # id of the last stored thumbs up/down, for its comment
        gr.Markdown("## Pressroom\nAsk about the press releases and Council documents. "
                    "Every sentence of an answer is quoted from a source, or written by a language model and "
                    "checked against one: click its number to see the words it rests on.")
        with gr.Tab("Ask"), gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(
                    label="Answers",
                    height=460,
                    elem_id="pr-chat",
                    placeholder="Ask a question about the documents, or pick an example.",
                    examples=[{"text": q} for q in examples] or None,
                    sanitize_html=True,
                    buttons=["copy"],
                )
                with gr.Row():
                    box = gr.Textbox(
                        placeholder="e.g. When was the European Ports Alliance launched?",
                        show_label=False,
                        scale=6,
                        elem_id="pr-question",
                        max_length=2000,
                    )
                    ask = gr.Button("Ask", variant="primary", scale=1, elem_id="pr-ask")
                mode = gr.Radio(
                    [("Quotes only", "extractive"), ("Written by a language model, checked", "generative")],
                    value=services.assistant.settings.mode,
                    label="Answers",
                    elem_id="pr-mode",
                )
                with gr.Accordion("Filters", open=False):
                    with gr.Row():
                        date_from = gr.Textbox(label="From", placeholder="YYYY-MM-DD")
                        date_to = gr.Textbox(label="To", placeholder="YYYY-MM-DD")
                    with gr.Row():
                        lang = gr.Dropdown(langs, label="Language", value=None, allow_custom_value=False)
                        kind = gr.Dropdown(kinds, label="Kind", value=None)
                        source = gr.Dropdown(sources, label="Document", value=None)
                with gr.Row():
                    copy = gr.Button("Copy as Markdown", size="sm", elem_id="pr-copy")
                    clear = gr.Button("New conversation", size="sm")
                markdown = gr.Textbox(label="Answer as Markdown", lines=8, visible=False, buttons=["copy"],
                                      elem_id="pr-markdown")
                with gr.Row():
                    comment = gr.Textbox(label="Comment on the answer you last rated (optional)", scale=5,
                                         elem_id="pr-comment")
                    send_comment = gr.Button("Send comment", size="sm", scale=1)
                status = gr.Markdown(elem_id="pr-status")
            with gr.Column(scale=2):
                panel = gr.HTML(sources_html([]), elem_id="pr-sources", label="Sources")

        search_tab(services)
        people_tab(services)
        follow_tab(services)  # followed sources and alerts (issue 19): ui/web_follow.py

        with gr.Tab("Briefing"):
            gr.Markdown("A one-page briefing on a topic: key points, timeline, quotes by speaker, what the "
                        "documents do not say, and sources. Every line is the documents' own words, cited.")
            with gr.Row():
                brief_topic = gr.Textbox(label="Topic", placeholder="e.g. European Ports Alliance", scale=4,
                                         elem_id="pr-brief-topic", max_length=2000)
                brief_since = gr.Textbox(label="Since", placeholder="YYYY-MM-DD", scale=1)
                brief_until = gr.Textbox(label="Until", placeholder="YYYY-MM-DD", scale=1)
                brief_lang = gr.Dropdown(langs, label="Language", value=None, scale=1)
            make_brief = gr.Button("Make briefing", variant="primary", elem_id="pr-brief-make")
            brief_files = gr.File(label="Download", file_count="multiple", interactive=False, elem_id="pr-brief-files")
            brief_view = gr.Markdown(elem_id="pr-brief")

        with gr.Tab("Library"):
            files = gr.File(label="Upload documents", file_count="multiple", file_types=list(ALLOWED),
                            elem_id="pr-upload")
            upload = gr.Button("Ingest uploaded files", variant="primary")
            upload_report = gr.Dataframe(headers=["file or document", "status", "passages", "reason"],
                                         interactive=False, visible=False, label="Upload results")
            table = gr.Dataframe(_document_rows(docs), headers=DOC_COLUMNS, interactive=False, label="Documents",
                                 elem_id="pr-docs")
            with gr.Row():
                chosen = gr.Dropdown(sources, label="Document", value=None, scale=4)
                reingest = gr.Button("Re-ingest", scale=1)
                delete = gr.Button("Delete", variant="stop", scale=1)
            library_status = gr.Markdown()

        def respond(
            question: str, history: list, turns_: Turns, asked_: list[str], mode_: str, *filters
        ) -> Iterator:
            question = checked_question(question)  # too long or not text: one line saying so
            if not question:
                yield history, "", turns_, asked_, gr.skip()
                return
            chosen_filters = _filters(*filters)
            asked_lang = question_language(question)  # the chat's own lines follow the question
            history = [*history, {"role": "user", "content": md_escape(question)},
                       {"role": "assistant", "content": f"_{message('searching', asked_lang)}_"}]
            yield history, "", turns_, asked_, gr.skip()
            turn = len(turns_) + 1
            result, written = None, ""
            try:
                for item in services.ask_stream(question, chosen_filters, asked_[-1:], mode_):
                    if item == "":  # the passages are read; the language model is writing
                        history[-1] = {"role": "assistant", "content": f"_{message('writing', asked_lang)}_"}
                        yield history, "", turns_, asked_, gr.skip()
                    elif isinstance(item, str):  # a checked sentence of a generative answer
                        written += item
                        shown = chat_markdown(Answer(question, written, False), turn)
                        history[-1] = {"role": "assistant", "content": shown}
                        yield history, "", turns_, asked_, gr.skip()
                    else:
                        result = item
            except (IndexFailure, ValueError) as exc:
                raise gr.Error(str(exc)) from exc
            text = chat_markdown(result.answer, turn)
            if result.resolved != question:
                text = f"_{message('understood_as', result.answer.lang)}: {md_escape(result.resolved)}_\n\n{text}"
            for partial in [] if written else _pieces(text):
                history[-1] = {"role": "assistant", "content": partial}
                yield history, "", turns_, asked_, gr.skip()
                time.sleep(0.02)
            turns_ = [*turns_, (turn, result.answer)]
            history[-1] = {"role": "assistant", "content": text}
            yield history, "", turns_, [*asked_, result.resolved], sources_html(turns_)

        chat_inputs = [box, chatbot, turns, asked, mode, date_from, date_to, lang, kind, source]
        chat_outputs = [chatbot, box, turns, asked, panel]
        ask.click(respond, chat_inputs, chat_outputs)
        box.submit(respond, chat_inputs, chat_outputs)
        def pick_example(data: gr.SelectData) -> str:
            return data.value["text"]

        chatbot.example_select(pick_example, None, box).then(respond, chat_inputs, chat_outputs)

        def reset() -> tuple:
            return [], [], [], sources_html([]), gr.update(value="", visible=False), ""

        clear.click(reset, None, [chatbot, turns, asked, panel, markdown, status])

        def as_markdown(turns_: Turns) -> dict:
            if not turns_:
                return gr.update(value="Ask a question first.", visible=True)
            return gr.update(value=footnotes_markdown(turns_[-1][1]), visible=True)

        copy.click(as_markdown, turns, markdown)

        def on_like(data: gr.LikeData, turns_: Turns) -> tuple:
            index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
            turn = index // 2 + 1 if isinstance(index, int) else 0  # a forged event names no answer
            answer = next((a for t, a in turns_ if t == turn), None)
            if answer is None or data.liked not in (True, False):
                return None, ""
            rating = 1 if data.liked else -1
            cited = [c.__dict__ for c in (answer.see_also if answer.abstained else answer.citations)]
            feedback_id = services.feedback.add(answer.question, answer.answer, rating, "", cited)
            verdict = "thumbs up" if rating > 0 else "thumbs down"
            return feedback_id, f"Thanks: your {verdict} is saved (#{feedback_id})."

        chatbot.like(on_like, turns, [rated, status])

        def on_comment(feedback_id: int | None, text: str) -> tuple:
            if feedback_id is None:
                return "Rate an answer with the thumbs under it first, then add a comment.", text
            if why := problem(text or "", "comment", MAX_COMMENT):
                return why, gr.skip()  # the box keeps its text (not sent back: a lone surrogate breaks the reply)
            services.feedback.comment(feedback_id, text)
            return f"Comment saved with feedback #{feedback_id}.", ""

        send_comment.click(on_comment, [rated, comment], [status, comment])

        def refreshed() -> tuple:
            now = services.documents()
            ids = [d.source_id for d in now]
            return (
                _document_rows(now),
                gr.update(choices=ids, value=None),
                gr.update(choices=ids, value=None),
                gr.update(choices=sorted({d.lang for d in now} - {""})),
                gr.update(choices=sorted({d.kind for d in now} - {""})),
            )

        refresh_outputs = [table, chosen, source, lang, kind]

        def on_upload(paths: list[str] | None, progress: gr.Progress = gr.Progress()) -> tuple:  # noqa: B008
            if not paths:
                raise gr.Error("Choose one or more files to upload first.")
            received = read_uploads(paths)
            events = services.upload(
                received, progress=lambda i, name: progress((i, len(received)), desc=f"Ingesting {name}")
            )
            rows = [[e.source_id, e.status, e.passages, e.reason] for e in events]
            failed = sum(e.status == "failed" for e in events)
            message = f"{len(events) - failed} ingested, {failed} failed." if events else "Nothing ingested."
            return (gr.update(value=rows, visible=True), message, None, *refreshed())

        upload.click(on_upload, files, [upload_report, library_status, files, *refresh_outputs])

        def on_delete(source_id: str | None) -> tuple:
            removed = _on_document(source_id, services.delete)
            return (f"Deleted {md_escape(source_id or '')} ({removed} passages).", *refreshed())

        delete.click(on_delete, chosen, [library_status, *refresh_outputs])

        def on_reingest(source_id: str | None) -> tuple:
            event = _on_document(source_id, services.reingest)
            detail = f": {md_escape(event.reason)}" if event.reason else f" ({event.passages} passages)"
            return (f"{md_escape(source_id or '')}: {event.status}{detail}.", *refreshed())

        reingest.click(on_reingest, chosen, [library_status, *refresh_outputs])
        def on_brief(topic: str, since: str, until: str, lang_: str | None) -> tuple:
            topic = checked(topic, "topic")  # control characters dropped; too long or not text: one line
            if not topic:
                raise gr.Error("Type a topic first.")
            try:
                since, until = (since or "").strip() or None, (until or "").strip() or None
                briefing, files = services.brief(topic, since, until, lang_ or None)
            except (IndexFailure, ValueError) as exc:
                raise gr.Error(str(exc)) from exc
            return [str(path) for path in files.values()], md_escape_html(to_markdown(briefing))

        make_brief.click(on_brief, [brief_topic, brief_since, brief_until, brief_lang], [brief_files, brief_view])
        brief_topic.submit(on_brief, [brief_topic, brief_since, brief_until, brief_lang], [brief_files, brief_view])

    return demo


def md_escape_html(markdown: str) -> str:
    """Markdown of document text, with any HTML in it shown as text, not run, and no link or image
    (a briefing makes none; a document's ``[x](url)`` or ``![x](url)`` stays text)."""
    escaped = markdown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n&gt; ", "\n> ")
    return escaped.replace("[", "\\[").replace("]", "\\]")
