"""Follow-up questions: carry the subject of the previous question over, without a language model.

"And when was it launched?" after "What is the European Ports Alliance?" is asked as
"when was the European Ports Alliance launched?". Retrieval then finds the passage, and the
answer type ("when" wants a date) comes from the follow-up itself.
"""

from __future__ import annotations

import re

# Words that stand for something named earlier, by language (en, nl, fr, de, it, sv). Words that
# are also articles or common determiners elsewhere ("de", "la", "questo") are left out.
_PRONOUNS = frozenset(
    "it they them he she this that these those him "
    "het hij zij ze dit dat deze "
    "il elle ils elles cela ceci "
    "es er sie dies das "
    "esso essa essi esse ciò lui lei "
    "det den han hon dem detta denna dessa".split()
)
# Possessives that an English question turns into "X's"; in the other languages a follow-up that
# only has a possessive gets the subject added in brackets instead.
_POSSESSIVES = frozenset("its their his her".split())
_OTHER_POSSESSIVES = frozenset(
    "zijn haar hun son sa ses leur leurs sein seine ihr ihre suo sua suoi sue dess deras hans hennes".split()
)
_OPENERS = re.compile(r"^(?:and|but|also|so|then|en|maar|et|mais|und|aber|e|ma|och|men)\b[\s,]*", re.IGNORECASE)
_WHAT_ABOUT = re.compile(
    r"^(?:and\s+|en\s+|et\s+|und\s+|e\s+|och\s+)?(?:(?:what|how)\s+about|wat\s+met|qu'en est-il de|was ist mit|"
    r"che dire di|e per quanto riguarda|hur är det med|vad gäller)\s+(?P<x>.+?)\??$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[\w’'&-]+", re.UNICODE)
# Lower-case words that may sit inside a name: "Ministry of Justice", "Ports of Antwerp and Bruges".
_CONNECTORS = frozenset("of for and the on in de van der het du des la le et für und di del della och för".split())
_QUESTION_OPENERS = frozenset(
    "what which who whom whose when where why how is are was were did does do can could will would should "
    "wat welke wie wanneer waar waarom hoe hoeveel is zijn was waren "
    "que quel quelle qui quand où pourquoi comment combien "
    "was welche wer wann wo warum wie "
    "che cosa chi quando dove perché come quanto quanti quale quali "
    "vad vem vilka vilken vilket när var varför hur".split()
)


def named_subject(question: str) -> str | None:
    """The longest name in a question: a run of capitalised words, connectors allowed inside.

    >>> named_subject("What is the European Ports Alliance?")
    'European Ports Alliance'
    >>> named_subject("Who chaired the meeting of the Ministry of Justice and Security?")
    'Ministry of Justice and Security'
    >>> named_subject("what did they decide?") is None
    True
    """
    words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(question)]
    best: tuple[int, int] | None = None
    i = 0
    while i < len(words):
        if not _is_name_word(words[i][0], first=i == 0):
            i += 1
            continue
        j = i
        while j + 1 < len(words) and (
            _is_name_word(words[j + 1][0], first=False)
            or (words[j + 1][0].lower() in _CONNECTORS and j + 2 < len(words) and _is_name_word(words[j + 2][0], False))
        ):
            j += 1
        span = (words[i][1], words[j][2])
        if best is None or span[1] - span[0] > best[1] - best[0]:
            best = span
        i = j + 1
    return question[best[0] : best[1]] if best else None


def _is_name_word(word: str, first: bool) -> bool:
    if first and word.lower() in _QUESTION_OPENERS:
        return False
    return word[:1].isupper() or (word.isupper() and len(word) > 1) or any(c.isdigit() for c in word[:1])


def _topic(question: str) -> str:
    """What a question is about when it names nothing: its words after the question words."""
    words = _WORD.findall(question)
    while words and (words[0].lower() in _QUESTION_OPENERS or words[0].lower() in _CONNECTORS):
        words.pop(0)
    return " ".join(words)


def is_follow_up(question: str) -> bool:
    """Whether a question leans on the one before it (an opener, a pronoun, or "what about X").

    >>> is_follow_up("And when was it launched?")
    True
    >>> is_follow_up("When was the European Ports Alliance launched?")
    False
    >>> is_follow_up("Who chaired it?"), is_follow_up("E quando è stato adottato?"), is_follow_up("När antogs den?")
    (True, True, True)
    """
    if _OPENERS.match(question) or _WHAT_ABOUT.match(question.strip()):
        return True
    words = {w.lower() for w in _WORD.findall(question)}
    return bool(words & (_PRONOUNS | _POSSESSIVES | _OTHER_POSSESSIVES)) and named_subject(question) is None


def resolve(question: str, previous: str | None) -> str:
    """The question to ask, with the subject of ``previous`` carried over when it is a follow-up.

    ``previous`` is the earlier question as it was resolved, so a chain of follow-ups keeps
    its subject.

    >>> resolve("And when was it launched?", "What is the European Ports Alliance?")
    'when was the European Ports Alliance launched?'
    >>> resolve("What about EMPACT?", "When was the European Ports Alliance launched?")
    'When was EMPACT launched?'
    >>> resolve("Who signed its declaration?", "What is the European Ports Alliance?")
    "Who signed the European Ports Alliance's declaration?"
    >>> resolve("Where is Schengen?", "What is the European Ports Alliance?")
    'Where is Schengen?'
    >>> resolve("När trädde den i kraft?", "Vad innebär Schengenavtalet?")
    'När trädde Schengenavtalet i kraft?'
    >>> resolve("Chi ha firmato la sua dichiarazione?", "Che cos'è EMPACT?")
    'Chi ha firmato la sua dichiarazione (EMPACT)?'
    """
    question = " ".join(question.split())
    if not previous or not is_follow_up(question):
        return question
    subject = named_subject(previous)
    about = _WHAT_ABOUT.match(question)
    if about:
        new = about.group("x")
        if subject:
            old = re.search(rf"(?:\bthe\s+)?{re.escape(subject)}", previous, re.IGNORECASE)
            return previous[: old.start()] + new.strip() + previous[old.end() :] if old else previous
        return f"{new.strip()} ({_topic(previous)})"
    subject = subject or _topic(previous)
    rest = _OPENERS.sub("", question, count=1)
    named = f"the {subject}" if subject and named_subject(previous) and _takes_article(previous, subject) else subject
    replaced, n = _replace_first(rest, named)
    return replaced if n else f"{rest.rstrip('?')} ({subject})?"


def _takes_article(previous: str, subject: str) -> bool:
    return bool(re.search(rf"\bthe\s+{re.escape(subject)}", previous, re.IGNORECASE))


def _replace_first(question: str, subject: str) -> tuple[str, int]:
    for match in _WORD.finditer(question):
        word = match.group().lower()
        if word in _PRONOUNS:
            return question[: match.start()] + subject + question[match.end() :], 1
        if word in _POSSESSIVES:
            return question[: match.start()] + subject + "'s" + question[match.end() :], 1
    return question, 0
