"""Asked why: the sentences around a chosen one that give the reason.

The reason is often beside the sentence that names what happened, or just before one that points
back to it ("For this reason, …", "Per tale motivo …", "Deshalb …"); these helpers add those
sentences, verbatim, from the same paragraph.
"""

from __future__ import annotations

import re

from assistant.extractive import Candidate, with_next_in_paragraph, with_one_that
from assistant.nodes import ScoredNode


def with_neighbours_in_paragraph(
    chosen: tuple[Candidate, ...], best: Candidate, found: list[Candidate], texts: list[str]
) -> tuple[Candidate, ...]:
    """Add the sentences before and after ``best`` in its paragraph. Asked why, the reason is often
    beside the sentence that names what happened, before it as often as after ("The route carries
    many migrants. Ministers discussed how to manage the flows.").

    >>> a, b, c = Candidate(0, 0, 9, 0.1, 0.4, 0.1), Candidate(0, 10, 19, 0.8, 0.5, 0.9), Candidate(0, 20, 28, 0, 0, 0)
    >>> [x.start for x in with_neighbours_in_paragraph((b,), b, [a, b, c], ["It is so. It was so. And so."])]
    [0, 10, 20]
    """
    chosen = with_next_in_paragraph(chosen, best, found, texts)
    prev = _previous_in_paragraph(best, found, texts)
    if prev is None:
        return chosen
    picked = {(c.rank, c.start): c for c in (*chosen, prev)}
    return tuple(sorted(picked.values(), key=lambda c: (c.rank, c.start)))


def _previous_in_paragraph(c: Candidate, found: list[Candidate], texts: list[str]) -> Candidate | None:
    """The sentence before ``c`` in its paragraph (its line), if any."""
    before = [o for o in found if o.rank == c.rank and o.end <= c.start]
    if not before:
        return None
    prev = max(before, key=lambda o: o.start)
    return None if "\n" in texts[c.rank][prev.end : c.start] else prev


# A sentence that opens by pointing back to its reason ("For this reason, the Federal Councillor
# defended …", "Per tale motivo …", "C'est pourquoi …", "Deshalb …", "Därför …").
_BECAUSE_OF_THAT = re.compile(
    r"^\W*(?:therefore|for this reason|for that reason|this is why|that is why|hence|thus|consequently|"
    r"c'est pourquoi|c’est pourquoi|pour cette raison|pour ces raisons|dès lors|par conséquent|ainsi|"
    r"deshalb|daher|darum|deswegen|aus diesem grund|aus diesen gründen|somit|folglich|"
    r"per tale motivo|per questo motivo|per questi motivi|per questo|pertanto|perciò|quindi|di conseguenza|"
    r"därför|av den anledningen|av detta skäl|följaktligen|daarom|om die reden|dus|derhalve)\b",
    re.I,
)
# ... or says so inside ("The EU has therefore decided …"), or opens on what it refers back to ("Its
# extent and worldwide spread call for …").
_BECAUSE_INSIDE = re.compile(
    r"\b(therefore|hence|consequently|donc|c'est pourquoi|par conséquent|dès lors|deshalb|daher|darum|deswegen|"
    r"somit|folglich|pertanto|perciò|quindi|därför|följaktligen|daarom|derhalve)\b",
    re.I,
)
_ANAPHOR = re.compile(
    r"^\W*(its|it|this|these|they|their|such|ce|cette|ces|il|elle|ils|elles|son|sa|ses|leur|leurs|dies|diese|dieser|"
    r"dieses|es|sie|er|sein|seine|ihr|ihre|questo|questa|questi|queste|ciò|esso|essa|det|den|dessa|denna|detta|dess|"
    r"deras|dit|deze|het|zij|hun)\b",
    re.I,
)


def with_reason_before(
    chosen: tuple[Candidate, ...], found: list[Candidate], texts: list[str]
) -> tuple[Candidate, ...]:
    """Add, before a chosen sentence that points back to a reason ("For this reason …", "… has
    therefore …", "Its extent …"), the sentence before it in its paragraph, which gives that reason.

    >>> a, b = Candidate(0, 0, 24, 0.1, 0.4, 0.1), Candidate(0, 25, 53, 0.8, 0.5, 0.9)
    >>> [c.start for c in with_reason_before((b,), [b, a], ["It is a national matter. Therefore she said no."])]
    [0, 25]
    """
    picked = {(c.rank, c.start): c for c in chosen}
    for c in chosen:
        text = texts[c.rank][c.start : c.end]
        if not (_BECAUSE_OF_THAT.match(text) or _BECAUSE_INSIDE.search(text) or _ANAPHOR.match(text)):
            continue
        prev = _previous_in_paragraph(c, found, texts)
        if prev is not None:
            picked.setdefault((prev.rank, prev.start), prev)
    return tuple(sorted(picked.values(), key=lambda c: (c.rank, c.start)))


# Words that state a reason or a purpose, in each language of ingest: grammar, like the
# interrogatives ("because", "due to", "parce que", "weil", "poiché", "eftersom", "omdat" …).
_REASON = re.compile(
    r"\b(?:(?:because|due to|owing to|on the grounds? (?:that|of)|as a result of|in order to|so that|the reasons?|"
    r"the cause|caused by|parce que|en raison d(?:e|u|es)|à cause d(?:e|u|es)|afin de|afin que|pour que|la raison|"
    r"les raisons|la cause|étant donné|vu que|puisque|du fait d(?:e|u|es)|weil|denn|wegen|aufgrund|auf grund|"
    r"damit|der grund|die gründe|die ursache|perché|poiché|siccome|a causa d(?:i|el|ella|ei|elle)|"
    r"dovut[oaie]|in quanto|per via d(?:i|el|ella|ei)|al fine di|affinché|il motivo|i motivi|la ragione|"
    r"la causa|in virtù d(?:i|el|ella|ei)|dato che|visto che|eftersom|på grund av|för att|därför att|skälet|"
    r"skälen|anledningen|orsaken|med anledning av|omdat|doordat|vanwege|wegens|zodat|de reden)(?!\w)|"
    r"(?:parce qu|en raison d|à cause d|afin d|afin qu|puisqu|du fait d|a causa d|per via d|al fine d|in virtù d)['’])",
    re.I,
)


def states_reason(text: str) -> bool:
    """Whether a sentence states a reason or a purpose, by its connectives.

    >>> states_reason("The decline was mainly due to the warmer weather."), states_reason("Er kam, weil es regnete.")
    (True, True)
    >>> states_reason("Ministers discussed the report on Monday."), states_reason("Il est parti parce qu'il pleut.")
    (False, True)
    """
    return bool(_REASON.search(text))


def with_stated_reason(
    chosen: tuple[Candidate, ...], best: Candidate, found: list[Candidate], texts: list[str], nodes: list[ScoredNode]
) -> tuple[Candidate, ...]:
    """Asked why, where no chosen sentence states a reason ("because", "due to", "weil" …), add the
    likeliest sentence of the reader's shortlist in the best one's document that does: the answer
    named what happened, and the reason comes further on ("… fell by 2.2 %"; "The decline … was
    mainly due to the warmer weather")."""
    return with_one_that(lambda c: states_reason(texts[c.rank][c.start : c.end]), chosen, best, found, nodes)
