"""A briefing's Q&A preparation: the questions journalists are likely to ask on the topic, each
with the assistant's extractive answer (its quoted sentences, cited) or none, and the gaps
those answers and the topic's releases leave."""

from __future__ import annotations

from collections.abc import Callable, Collection

from assistant.assistant import Assistant
from assistant.briefing.gaps import ASPECTS, missing, speaks_to
from assistant.briefing.key_points import sentences_with_markers
from assistant.briefing.lines import QA, Line
from assistant.briefing.topic_match import named_in_text
from assistant.records import Citation
from index.filters import SearchFilters


def on_topic_line(topic: str, citation: Citation, releases: Collection[str] | None) -> bool:
    """Whether an answer's cited sentence speaks for the topic: it stands in one of the topic's
    ``releases`` (None: any document will do), or names the topic as a release must
    (``topic_match.named_in_text``: two thirds of its terms, and its names). Asked "what are the
    next steps for stöd till Ukraina", the assistant's best sentence may be another minister's
    "next step" on integration, or "stödet till befolkningen i Sudan".

    >>> c = Citation(1, "x", "", None, "sv", "", "", "", "Nu tar vi nästa steg för integrationen.", 0, 9, 1.0)
    >>> on_topic_line("stöd till Ukraina", c, {"a"}), on_topic_line("stöd till Ukraina", c, None)
    (False, True)
    >>> on_topic_line("integrationen", c, {"a"}), on_topic_line("stöd till Ukraina", c, {"x"})
    (True, True)
    >>> sudan = Citation(1, "s", "", None, "sv", "", "", "", "Regeringen ökar stödet till Sudan.", 0, 9, 1.0)
    >>> on_topic_line("stöd till Ukraina", sudan, {"a"})
    False
    """
    if releases is None or citation.source_id in releases:
        return True
    return named_in_text(topic, citation.quote, citation.lang or "en")


def prepare(
    assistant: Assistant,
    topic: str,
    filters: SearchFilters,
    releases: list[str],
    number: Callable[[Citation], int],
    lang: str = "en",
    sources: Collection[str] | None = None,
) -> tuple[list[QA], list[str]]:
    """The usual questions with their answers, and the aspects no release and no answer speaks to.

    The questions are asked in the briefing's language ``lang``, so that the search and the
    reader work in it, and the gap checks look for its words as well as English ones.

    An answer that does not speak to its question's aspect (the topic's best sentences, given
    to "how much funding is there" where no release names an amount) is no answer: the question
    is shown as not answered by the documents. Nor is a sentence of another document than the
    topic's releases (``sources``: their ids) that does not name the topic (``on_topic_line``):
    it neither answers the question nor closes the gap."""
    questions: list[QA] = []
    gaps: list[str] = []
    for aspect in ASPECTS:
        question = aspect.question(topic, lang)
        answer = assistant.ask(question, filters, mode="extractive")
        said = None if answer.abstained else answer.answer
        by_number = {c.n: c for c in answer.citations}
        kept = [
            (text, by_number[marks[0]]) for text, marks in sentences_with_markers(said or "")
            if marks and marks[0] in by_number and on_topic_line(topic, by_number[marks[0]], sources)
        ]  # fmt: skip
        if said is not None and sources is not None:
            said = " ".join(text for text, _ in kept) or None
        lines: list[Line] = []
        if said is not None and speaks_to(aspect, [said], lang):
            lines = [Line(text, number(citation)) for text, citation in kept]
        questions.append(QA(question, tuple(lines)))
        if missing(aspect, releases, said, lang):
            gaps.append(aspect.name)
    return questions, gaps
