"""The assistant: retrieve, answer extractively or abstain, and check every quote."""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.answer_types import asks_name, asks_places, asks_statement
from assistant.antecedents import with_antecedents
from assistant.continuation import announced
from assistant.dating import answer_dates, asks_about_other_years, dated_years, of_the_period
from assistant.enumeration import with_enumeration, with_listing
from assistant.errors import LLMUnavailable
from assistant.extractive import (
    Candidate,
    Selection,
    best_span,
    candidates,
    cite,
    compose,
    from_best_document,
    reader_candidates,
    select,
    verify,
    wants_list,
    with_each_part,
    with_introduction,
    with_list_items,
    with_next_in_paragraph,
    with_quote_continuation,
    with_rest_of_paragraph,
)
from assistant.messages import message
from assistant.nodes import ScoredNode
from assistant.question_shape import asks_two_things, second_part
from assistant.quoting import asks_about_statements, off_topic, reader_spans, statement_citation, statement_refusal
from assistant.reader import Reading
from assistant.reader_model import ReaderModel, packaged_model
from assistant.reasons import with_neighbours_in_paragraph, with_reason_before, with_stated_reason
from assistant.records import Answer, Citation
from assistant.refusals import abstention
from assistant.retriever import PassageRetriever
from assistant.scoring import expected_answer
from assistant.settings import AssistantSettings
from index.embedding import Embedder
from index.filters import SearchFilters
from index.lexical import terms
from index.store import PassageStore
from ingest.cleaning import CONTROL, LONE_SURROGATE
from ingest.metadata import question_language

if TYPE_CHECKING:  # an extractive answer imports no llama-index (``assistant.nodes``)
    from llama_index.core.llms import LLM

    from assistant.llama_retriever import PressroomRetriever


MODES = ("extractive", "generative")


class Assistant:
    """Answers questions over the index: verbatim cited sentences, or a checked generated answer."""

    def __init__(
        self,
        store: PassageStore,
        embedder: Embedder,
        settings: AssistantSettings | None = None,
        llm: LLM | None = None,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.settings = settings or AssistantSettings()
        if self.settings.mode not in MODES:
            raise ValueError(f"unknown answer mode {self.settings.mode!r}; choose one of {list(MODES)}")
        self._llm = llm
        self._reader: ReaderModel | None = None
        # What a language model's generation runs under: the server lets go of its store lock
        # there (``ReadWriteLock.suspended_read``), so that an ingest need not wait for a reply.
        self.outside_store: Callable[[], AbstractContextManager[None]] = nullcontext

    def passages(
        self, lang: str = "en", filters: SearchFilters | None = None, top_k: int | None = None, learned: bool = True
    ) -> PassageRetriever:
        """The passages it answers from, ranked (``assistant.ranker``) and read (``assistant.retriever``)."""
        model, top_k = self.reader_model, top_k or self.settings.top_k
        ranker = model.passages if learned and self.settings.ranking == "learned" else None
        return PassageRetriever(self.store, self.embedder, top_k=top_k, candidates=max(self.settings.candidates, top_k),
                                filters=filters, lang=lang, ranker=ranker, ranker_breadth=model.passages_breadth)

    def retriever(
        self, lang: str = "en", filters: SearchFilters | None = None, top_k: int | None = None
    ) -> PressroomRetriever:
        """The same passages as a llama-index retriever (``assistant/llama_retriever.py``)."""
        from assistant.llama_retriever import PressroomRetriever

        return PressroomRetriever(self.passages(lang, filters, top_k))

    def ask(self, question: str, filters: SearchFilters | None = None, mode: str | None = None) -> Answer:
        """Answer ``question`` from the documents, or abstain when they don't hold the answer."""
        answer = None
        for item in self.ask_stream(question, filters, mode):
            if isinstance(item, Answer):
                answer = item
        assert answer is not None  # ask_stream always ends with its answer
        return answer

    def ask_stream(
        self, question: str, filters: SearchFilters | None = None, mode: str | None = None
    ) -> Iterator[str | Answer]:
        """Yield the answer's text as checked sentences arrive (generative mode), then the ``Answer``.

        In generative mode an empty string comes first, once the passages are read and the model
        starts writing: a stream can start then (a bad question has failed by that point).
        """
        mode = mode or self.settings.mode
        if mode not in MODES:
            raise ValueError(f"unknown answer mode {mode!r}; choose one of {list(MODES)}")
        started = time.perf_counter()
        question = " ".join(CONTROL.sub(" ", question).split())
        if not question:
            raise ValueError("the question is empty")
        if LONE_SURROGATE.search(question):  # bytes a terminal could not decode
            raise ValueError("the question is not valid UTF-8 text: check the terminal's encoding")
        lang = question_language(question)
        retriever = self.passages(lang, filters)
        decide = self.settings.abstention == "learned"
        if decide or self.settings.reader == "learned":
            # The probability is read only where it decides: its features load the entity recogniser.
            nodes, reading = retriever.read(question, self.reader_model, decide=decide)
        else:
            nodes, reading = retriever.retrieve(question), None
        retrieved = time.perf_counter()
        if self.settings.reader == "learned":
            assert reading is not None
            answer = self._extractive(question, lang, nodes, reading)
            asks_when = reading.kind == "when"
        else:
            answer = self._extractive_rules(question, lang, nodes, reading)
            asks_when = expected_answer(question) == "time"
        if reading is not None and reading.answerable is not None:
            answer = replace(answer, confidence=round(reading.answerable, 4))
        # Where the documents hold no answer the extractive gate abstains, and no model is asked.
        if mode == "generative" and not answer.abstained:
            yield ""
            with self.outside_store():  # the passages are read; the model needs no store
                answer = yield from self._generative(question, lang, nodes, answer)
        if asks_when and not answer.abstained:
            answer = replace(answer, dates=answer_dates(answer.citations, self.store))
        done = time.perf_counter()
        timings = {
            "retrieve": round((retrieved - started) * 1000, 1),
            "answer": round((done - retrieved) * 1000, 1),
            "total": round((done - started) * 1000, 1),
        }
        yield replace(answer, timings_ms=timings)

    def shared_llm(self, settings: AssistantSettings) -> LLM | None:
        """The language model already loaded here, when ``settings`` would load the same one."""
        same = ("llm", "llm_model", "llm_base_url", "llm_api_key", "llm_timeout")
        if all(getattr(settings, k) == getattr(self.settings, k) for k in same):
            return self._llm
        return None

    def llm(self) -> LLM:
        """The generative mode's language model, built on first use."""
        if self._llm is None:
            from assistant.llm import make_llm

            self._llm = make_llm(self.settings)
        return self._llm

    @property
    def llm_where(self) -> str:
        """The language model in words, for messages."""
        s = self.settings
        if s.llm == "local":
            from assistant.llm import PACKAGED_LLM

            return f"local {s.llm_model or PACKAGED_LLM}"
        return s.llm_base_url or s.llm

    def _generative(
        self, question: str, lang: str, nodes: list[ScoredNode], extractive: Answer
    ) -> Generator[str, None, Answer]:
        from assistant.generative import Generated, GenerativeAnswerer

        try:
            answerer = GenerativeAnswerer(self.llm(), self.embedder, self.settings, self.llm_where)
            result = None
            for item in answerer.stream(question, lang, nodes):
                if isinstance(item, Generated):
                    result = item
                else:
                    yield item
        except LLMUnavailable as exc:
            return replace(extractive, notice=f"{exc}. {message('fallback', lang)}")
        if result is None or not result.citations:
            notice = f"{message('unsupported', lang)} {message('fallback', lang)}"
            return replace(extractive, notice=notice, sentences=result.sentences if result else ())
        return Answer(question, result.text, False, result.citations, lang=lang, mode="generative",
                      sentences=result.sentences)  # fmt: skip

    def _extractive(self, question: str, lang: str, nodes: list[ScoredNode], reading: Reading) -> Answer:
        """The learned reader's sentences; refused as ``settings.abstention`` decides."""
        if self.settings.abstention == "learned":
            refused = "improbable" if self._improbable(reading) else ""
        else:  # the rules' gate counts the question's words, which do not cross languages: it refuses in one only
            foreign = reading.best_in_another_language
            refused = "weak" if not foreign and self._rules_gate(question, lang, nodes, gate_only=True)[3] else ""
        refused, speaker = statement_refusal(question, lang, nodes, self.store, refused)  # X never quoted, or on else
        if asks_about_statements(question) and not refused:
            # "What did X say …", "who said …": the statement itself, whole, with who said it.
            read = reader_spans(reading, nodes)
            best = max((p for spans in read.values() for _, _, p in spans), default=0.0)
            # A statement holding a sentence the reader would put in its answer (``select``'s ratio).
            floor = best * self.reader_model.select_ratio
            quoted = statement_citation(question, nodes, self.store, self.embedder, read=read, min_p=floor, lang=lang)
            if quoted is not None and not off_topic(question, lang, [quoted]):  # X's words, on what was asked
                text = f"{quoted.quote} [1]"
                verify(text, (quoted,))
                return Answer(question, text, False, (quoted,), lang=lang)
        texts, model = [node.node.get_content() for node in nodes], self.reader_model
        listing, two = wants_list(question, lang), asks_two_things(question, lang)
        found = reader_candidates(reading)
        one_document = reading.kind in ("when", "figure") and not listing and not two  # several dates, figures: answers
        # The reader's shortlist answers; the rest may only complete a quotation or a list.
        selection = select(
            [c for c in found if c.fits],
            listing=listing,
            max_sentences=self.settings.max_sentences,
            max_list=self.settings.max_list_sentences,
            ratio=model.select_ratio_list if listing else model.select_ratio,
            at_least=2 if two else 1,  # a question that asks two things is rarely answered by one sentence
        )
        # In English (its recogniser is its own) "who" and "which countries" ask for names too.
        asks_for_name = asks_name(question) or (lang == "en" and (reading.kind == "who" or asks_places(question)))
        # "How many", "how much": the best sentence states no figure (digits or words): the passages are on the topic,
        # not the figure asked; for a name, likewise. One in a weaker sentence is most often of something else.
        best = selection.best
        kind_asked = reading.kind == "figure" or asks_for_name
        if not refused and best and kind_asked and not reading.holds_kind(best.rank, best.start):
            refused = "no_figure" if reading.kind == "figure" else "no_name"
        if selection.best is None or refused:
            return self._abstain(question, lang, nodes, found, refused or "weak", speaker or "")
        chosen = with_introduction(from_best_document(selection, nodes, one_document), found, texts)
        chosen = with_next_in_paragraph(chosen, selection.best, found, texts)  # in context: what it leads to
        second = second_part(question, lang)
        if second is not None:  # "…, and how many …": a sentence for each thing asked (the terms only it has)
            first, later = set(terms(question[: len(question) - len(second)], lang)), set(terms(second, lang))
            chosen = with_each_part(chosen, found, texts, (later - first, first - later), lang)
        if reading.best_in_another_language and reading.kind != "why":  # read less well: its neighbours too
            for anchor in chosen:
                chosen = with_neighbours_in_paragraph(chosen, anchor, found, texts)
        if reading.kind == "why":
            # The reason often follows a sentence that names what happened, or comes just before one
            # that points back to it ("For this reason, …").
            for anchor in chosen:
                chosen = with_neighbours_in_paragraph(chosen, anchor, found, texts)
            chosen = with_stated_reason(with_reason_before(chosen, found, texts), selection.best, found, texts, nodes)
        elif listing:  # a list's items go on after its first sentence, or a sentence of its document lists them
            chosen = with_enumeration(with_next_in_paragraph(chosen, selection.best, found, texts), found, texts)
            chosen = chosen if two else with_listing(chosen, selection.best, found, texts, nodes)
        chosen = with_quote_continuation(with_list_items(chosen, found, texts), found, texts)
        if asks_statement(question, lang):
            chosen = with_rest_of_paragraph(chosen, found, texts)
        chosen = chosen if two else of_the_period(question, chosen, best, nodes, self.store)  # one thing: one time
        if asks_about_other_years(question, cited := [nodes[c.rank] for c in chosen], self.store):  # not that year's
            return self._abstain(question, lang, nodes, found, "other_time", dated_years(cited))
        if not reading.best_in_another_language and off_topic(question, lang, cited):  # X, but on something else
            return self._abstain(question, lang, nodes, found, "off_topic")
        text, citations = announced(compose(nodes, with_antecedents(chosen, found, texts))[1], self.store.document)
        verify(text, citations)
        return Answer(question, text, False, citations, lang=lang)

    def _rules_gate(
        self, question: str, lang: str, nodes: list[ScoredNode], gate_only: bool = False
    ) -> tuple[Citation | None, list[Candidate], Selection, bool]:
        """The rules reader's statement, candidates and choice, and whether its hand-set gate
        (``min_score``, ``min_lexical``) refuses: a statement that answers is never refused.
        With ``gate_only`` the statement is looked for only where the gate would refuse without it."""
        found = candidates(nodes)
        # Only sentences that can hold the kind of answer asked for (a date for "when") may answer.
        selection = select(
            [c for c in found if c.fits],
            listing=wants_list(question, lang),
            max_sentences=self.settings.max_sentences,
            max_list=self.settings.max_list_sentences,
        )
        best = selection.best
        weak = best is None or best.score < self.settings.min_score or best.lexical < self.settings.min_lexical
        asks = asks_about_statements(question) and (weak or not gate_only)
        quoted = statement_citation(question, nodes, self.store, self.embedder) if asks else None
        return quoted, found, selection, quoted is None and weak

    def _extractive_rules(
        self, question: str, lang: str, nodes: list[ScoredNode], reading: Reading | None
    ) -> Answer:
        """The rules reader: hand-set sentence scores (``assistant.scoring``); refused as
        ``settings.abstention`` decides (``reading`` is the learned reader's, for 'learned')."""
        quoted, found, selection, refused = self._rules_gate(question, lang, nodes)
        learned = self.settings.abstention == "learned" and reading is not None
        refused = self._improbable(reading) if learned else refused  # type: ignore[arg-type]
        if refused or (quoted is None and selection.best is None):
            return self._abstain(question, lang, nodes, found, "improbable" if learned else "weak")
        if quoted is not None:
            text = f"{quoted.quote} [1]"
            verify(text, (quoted,))
            return Answer(question, text, False, (quoted,), lang=lang)
        texts = [node.node.get_content() for node in nodes]
        chosen = with_quote_continuation(with_list_items(selection.chosen, found, texts), found, texts)
        chosen = with_rest_of_paragraph(chosen, found, texts) if asks_statement(question, lang) else chosen
        text, citations = announced(compose(nodes, with_antecedents(chosen, found, texts))[1], self.store.document)
        verify(text, citations)
        return Answer(question, text, False, citations, lang=lang)

    def _abstain(self, question: str, lang: str, nodes: list[ScoredNode], found: list[Candidate], reason: str,
                 name: str = "") -> Answer:  # fmt: skip
        """The abstention, saying why (``assistant.refusals``), with the closest passages under "see also"."""
        see_also = tuple(
            cite(node, n, *best_span(found, rank, len(node.node.get_content())))
            for n, (rank, node) in enumerate(list(enumerate(nodes))[: self.settings.see_also], start=1)
        )
        reason = reason if nodes else "nothing_found"  # no passage at all: nothing to list under "see also"
        return Answer(question, abstention(reason, lang, name.title()), True, (), see_also, lang=lang, refusal=reason)

    @property
    def reader_model(self) -> ReaderModel:
        """The fitted reader (``assistant/reader_model.json`` unless settings name another file)."""
        if self._reader is None:
            path = self.settings.reader_model
            self._reader = ReaderModel.load(Path(path)) if path else packaged_model()
        return self._reader

    def _improbable(self, reading: Reading) -> bool:
        """Whether the learned reader's probability that the passages answer is below ``threshold``."""
        return reading.answerable is not None and reading.answerable < self.threshold

    @property
    def threshold(self) -> float:
        """Abstain below this P(the documents answer): the model's operating point or ``min_answerable``."""
        s = self.settings.min_answerable
        return self.reader_model.threshold if s is None else s


__all__ = ["MODES", "Answer", "Assistant", "Citation"]
