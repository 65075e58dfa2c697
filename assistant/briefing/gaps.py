"""What the documents do not say: the usual questions of a briefing that no release on the topic
speaks to, and the assistant, asked, does not answer.

An aspect is missing only when no sentence of the topic's releases speaks to it (``speaks_to``,
each check tested on releases that do and do not) and the assistant's answer to its question
abstains or does not touch it; the answers themselves are the briefing's Q&A (``qa.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = (r"(January|February|March|April|May|June|July|August|September|October|November|December)")


@dataclass(frozen=True)
class Aspect:
    """A usual question of a briefing and what a sentence must hold to speak to it."""

    name: str  # as the briefing says it: "Nothing on {name}."
    question: str  # the journalist's question, with {topic}
    signal: re.Pattern


ASPECTS = (
    Aspect("what was decided", "What was decided on {topic}?", re.compile(
        r"\b(decided|decision|adopted|agreed|approved|concluded|endorsed|signed|initialled|extended|awarded|"
        r"elected|appointed|launched|ruled|resolved)\b", re.I)),
    Aspect("when it happened", "When did {topic} happen?", re.compile(
        rf"\b(\d{{1,2}}(st|nd|rd|th)? (of )?{_MONTHS}|{_MONTHS} \d{{1,2}}|{_MONTHS} \d{{4}}|(19|20)\d\d)\b")),
    Aspect("who is responsible", "Who is responsible for {topic}?", re.compile(
        r"\b(Minister|Commissioner|Secretary|Commission|Council|Councillor|[Pp]residency|President|Director|"
        r"Department|Office|Agency|Authority|Ministry|Government|Attorney|Court|responsible|led by|in charge|"
        r"head of|headed by|chaired by)\b")),
    Aspect("the next steps", "What are the next steps for {topic}?", re.compile(
        r"\b(will|next|plans?|planned|steps?|upcoming|future|scheduled|deadline|expected to|is to|are to|"
        r"by (the end of )?(19|20)\d\d)\b", re.I)),
    Aspect("the budget or funding", "How much funding is there for {topic}?", re.compile(
        r"(€|\$|\bEUR\b|\bUSD\b|\bCHF\b|\bSEK\b|\beuros?\b|\bfrancs\b|\bdollars\b|\bmillion\b|\bbillion\b|"
        r"\bfunding\b|\bfunds?\b|\bbudget\b|\bcosts?\b|\bfinanc(e|ed|ing)\b)", re.I)),
)  # fmt: skip


def speaks_to(aspect: Aspect, texts: list[str]) -> bool:
    """Whether any of ``texts`` (the topic's releases, the briefing's lines) speaks to the aspect.

    >>> budget = ASPECTS[4]
    >>> speaks_to(budget, ["Switzerland is providing CHF 1.5 million."]), speaks_to(budget, ["Ministers met."])
    (True, False)
    """
    return any(aspect.signal.search(text) for text in texts)


def missing(aspect: Aspect, releases: list[str], answer: str | None) -> bool:
    """Whether the aspect is a gap: no release speaks to it, and the assistant's answer to its
    question (None: it abstained) does not either.

    >>> who = ASPECTS[2]
    >>> missing(who, ["The Federal Council decided on 4 March."], None)
    False
    >>> missing(who, ["Ports handled 116 tonnes of cocaine."], None), missing(who, ["It rained."], "Ask the Minister.")
    (True, False)
    """
    return not speaks_to(aspect, releases) and (answer is None or not aspect.signal.search(answer))
