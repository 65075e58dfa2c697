"""Whether a release's title is about a briefing's topic, compounds included.

German, Swedish and Dutch write a subject as one word: the topic "ungdomskriminalitetsnämnder"
is the subject of a release titled "... utredningsförslag för att förebygga ungdomskriminalitet",
and "GRECO Evaluation" of "GRECO: Abschluss der vierten Evaluationsrunde", though no term of the
one is a term of the other. In those languages a topic term matches a title term that begins or
ends with it, or that it begins or ends with, when the shorter of the two has ``MIN_PART``
letters at least (short stems would match by chance: "ung" in "ungdom").
"""

from __future__ import annotations

from index.lexical import COMPOUNDING, part_of, terms


def title_about(topic: str, title: str, lang: str, share: float = 0.5) -> bool:
    """Whether ``title`` holds ``share`` of the topic's terms, a compound's part counting in the
    compounding languages.

    >>> title_about("ungdomskriminalitetsnämnder", "Regeringen tog emot förslag mot ungdomskriminalitet", "sv")
    True
    >>> title_about("ungdomskriminalitetsnämnder", "Ny ambassadör i Ungern", "sv")
    False
    >>> title_about("GRECO Evaluation der Schweiz", "GRECO: Abschluss der vierten Evaluationsrunde", "de")
    True
    >>> title_about("temporary protection", "Data protection rules", "en", share=2 / 3)
    False
    """
    wanted = set(terms(topic, lang))
    if not wanted:
        return True
    held = set(terms(title, lang))
    compound = lang in COMPOUNDING
    found = {w for w in wanted if any(part_of(w, h) for h in held)} if compound else wanted & held
    return len(found) >= share * len(wanted) - 1e-9


def _letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalpha())


def topic_names(topic: str, lang: str) -> list[str]:
    """The names a topic holds: a word in capitals after its first ("stöd till Ukraina",
    "Keller-Sutter visita di lavoro" is a name first), or an acronym anywhere ("GRECO"). German
    writes every noun with a capital: there only acronyms count.

    >>> topic_names("stöd till Ukraina", "sv"), topic_names("Keller-Sutter visita di lavoro", "it")
    (['Ukraina'], ['Keller-Sutter'])
    >>> topic_names("GRECO Evaluation der Schweiz", "de"), topic_names("Swiss support for UNRWA", "en")
    (['GRECO'], ['UNRWA'])
    """
    words = [w.strip(".,;:!?()«»\"'’") for w in topic.split()]
    out = []
    for k, word in enumerate(words):
        acronym = len(word) >= 2 and word.isupper()
        capital = len(word) >= 2 and word[:1].isupper() and (k > 0 or "-" in word) and lang != "de"
        if acronym or capital:
            out.append(word)
    return out


def named_in_text(topic: str, text: str, lang: str, share: float = 0.5) -> bool:
    """Whether ``text`` (a release's, a sentence's) names the topic: one of its names
    (``topic_names``), however hyphenated or inflected ("Keller Sutter", "Ukrainas"), or, for a
    topic without names, ``share`` of its terms, compounds as in titles.

    The search ranks a release close to the topic's best for one of its words: "stöd till
    Ukraina" brings "Sveriges stöd till befolkningen i krisdrabbade Sudan", "Keller-Sutter visita
    di lavoro" another councillor's "visita di lavoro". Such a release does not name the topic.
    (Every release that the 41 topics of eval/briefing-topics-*.jsonl list names its topic.)

    >>> named_in_text("stöd till Ukraina", "Sveriges stöd till befolkningen i Sudan ökar.", "sv")
    False
    >>> named_in_text("stöd till Ukraina", "Regeringen har beslutat om stöd till Ukrainas försvar.", "sv")
    True
    >>> named_in_text("Keller-Sutter visita di lavoro", "Il consigliere Jans in visita di lavoro a Berna.", "it")
    False
    >>> named_in_text("Keller-Sutter visita di lavoro", "La consigliera Keller Sutter in visita a Vienna.", "it")
    True
    >>> named_in_text("centres fédéraux pour requérants d'asile", "Les requérants d'asile déboutés.", "fr")
    True
    >>> named_in_text("centres fédéraux pour requérants d'asile", "Les centres de formation.", "fr")
    False
    """
    names = topic_names(topic, lang)
    if names:
        plain = _letters(text)
        return any(_letters(name) in plain for name in names)
    return title_about(topic, text, lang, share)
