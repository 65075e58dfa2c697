"""Whom a quoted sentence's pronoun means: "He will take up the post on 1 January" says nothing by
itself; the sentence before it names him ("Vincenzo Mascioli is currently Vice Director …").
"""

from __future__ import annotations

import re

from assistant.extractive import Candidate, with_previous

# A sentence that opens with a personal pronoun names its subject in the sentence before ("He will
# take up the post …"), in each supported language: French "il" before a verb (Italian "Il" is the
# article), German "Er" where it is not Dutch "er is", "er werden" ("there are").
_PRONOUN_FIRST = re.compile(
    r"[\W\d_]*(?:he|she|they|sie|elle|elles|lui|lei|egli|essa|han|hon|hij|zij"
    r"|ils?\s+(?:a|ont|avait|avaient|aura|est|sont|était|sera|se|s['’]|ne|n['’]|l['’]|les?|la|lui|leur|va|doit|peut)"
    r"|er(?!\s+(?:is|zijn|was|waren|wordt|worden|werd|werden|komt|komen|moet|kan|zal|gaat|staat|heeft|blijft)\b))\b",
    re.I,
)


def with_antecedents(
    chosen: tuple[Candidate, ...], found: list[Candidate], texts: list[str]
) -> tuple[Candidate, ...]:
    """Add, before a chosen sentence that opens with a personal pronoun, the sentence of its line
    that comes before it, which names whom the pronoun means ("X is Vice Director. He will …").

    >>> a, b = Candidate(0, 0, 20, 0.2, 0.1, 0.9), Candidate(0, 21, 39, 0.8, 0.4, 0.1)
    >>> [c.start for c in with_antecedents((b,), [b, a], ["Anna Berg was named. She starts in May."])]
    [0, 21]
    """
    def opens_with_pronoun(c: Candidate, _: Candidate) -> bool:
        return _PRONOUN_FIRST.match(texts[c.rank][c.start : c.end]) is not None

    return with_previous(chosen, found, texts, opens_with_pronoun)
