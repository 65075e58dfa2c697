"""What the documents do not say: the usual questions of a briefing that get no answer on the topic."""

from __future__ import annotations

import re

from assistant.assistant import Assistant
from index.filters import SearchFilters

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


def not_said(assistant: Assistant, topic: str, filters: SearchFilters, gathered: list[str]) -> list[str]:
    """The aspects no line of the briefing (``gathered``) speaks to and the assistant, asked, has
    no answer to: it abstains, or its answer does not touch the aspect."""
    missing = []
    for aspect, template, signal in ASPECTS:
        if any(re.search(signal, text) for text in gathered):
            continue  # a cited line of the briefing already speaks to it
        answer = assistant.ask(template.format(topic=topic), filters, mode="extractive")
        if answer.abstained or not re.search(signal, answer.answer):
            missing.append(aspect)
    return missing
