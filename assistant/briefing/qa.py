"""A briefing's Q&A preparation: the questions journalists are likely to ask on the topic, each
with the assistant's extractive answer (its quoted sentences, cited) or none, and the gaps
those answers and the topic's releases leave."""

from __future__ import annotations

from collections.abc import Callable

from assistant.assistant import Assistant
from assistant.briefing.gaps import ASPECTS, missing, speaks_to
from assistant.briefing.key_points import sentences_with_markers
from assistant.briefing.lines import QA, Line
from assistant.records import Citation
from index.filters import SearchFilters


def prepare(
    assistant: Assistant, topic: str, filters: SearchFilters, releases: list[str], number: Callable[[Citation], int],
    lang: str = "en",
) -> tuple[list[QA], list[str]]:
    """The usual questions with their answers, and the aspects no release and no answer speaks to.

    The questions are asked in the briefing's language ``lang``, so that the search and the
    reader work in it, and the gap checks look for its words as well as English ones.

    An answer that does not speak to its question's aspect (the topic's best sentences, given
    to "how much funding is there" where no release names an amount) is no answer: the question
    is shown as not answered by the documents."""
    questions: list[QA] = []
    gaps: list[str] = []
    for aspect in ASPECTS:
        question = aspect.question(topic, lang)
        answer = assistant.ask(question, filters, mode="extractive")
        said = None if answer.abstained else answer.answer
        lines: list[Line] = []
        if said is not None and speaks_to(aspect, [said], lang):
            by_number = {c.n: c for c in answer.citations}
            for text, marks in sentences_with_markers(said):
                if marks and marks[0] in by_number:
                    lines.append(Line(text, number(by_number[marks[0]])))
        questions.append(QA(question, tuple(lines)))
        if missing(aspect, releases, said, lang):
            gaps.append(aspect.name)
    return questions, gaps
