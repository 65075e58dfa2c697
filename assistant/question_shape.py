"""The shape of a question, in each language's grammar: whether it asks two things, or for a
list. The answer's selection reads them (``extractive.select``, ``extractive.wants_list``)."""

from __future__ import annotations

import re

from assistant.answer_types import expected_kind, number_words

# A question that asks two things: a second interrogative after "and" ("Where did it land, and where
# will it be based?") or two joined ("Où et quand …?"), in each language's grammar.
# A preposition may come first ("and until when", "et dans quel", "und in welchem", "e in quale").
_SECOND_ASK = {
    "en": r"and ((until|since|in|on|at|to|for|from|by|with|under) )?(how|what|when|where|who|whom|which|why)",
    "nl": r"en ((tot|sinds|vanaf|in|op|om|aan|voor|door|met) )?(hoe|wat|wanneer|waar|wie|welke|welk|waarom|hoeveel)",
    "fr": r"et ((à|de|depuis|jusqu'à|dans|en|pour|par|avec|sur) )?"
    r"(comment|quel|quelle|quels|quelles|quand|où|qui|combien|pourquoi|à quel|à quelle|depuis quand)",
    "de": r"und ((bis|seit|ab|in|an|auf|für|von|mit|unter|um|zu) )?"
    r"(wie|was|wann|wo|wer|wem|welche|welcher|welches|welchen|welchem|warum|weshalb|wieso|wozu|wohin|woher|seit wann)",
    "it": r"ed? ((fino a|entro|da|in|a|per|con|su|di) )?"
    r"(come|quale|quali|quando|dove|chi|quanti|quante|quanto|quanta|che cosa|cosa|perché|a quale|da quando)",
    "sv": r"och ((till|sedan|senast|i|på|för|av|med|från) )?(hur|vad|när|var|vem|vilken|vilket|vilka|varför)",
}
_JOINED_ASKS = r"(where|when|who|what) and (where|when|who|what)|(où|quand|qui) et (où|quand|qui)|" \
    r"(wo|wann|wer) und (wo|wann|wer)|(waar|wanneer|wie) en (waar|wanneer|wie)|" \
    r"(dove|quando|chi) e (dove|quando|chi)|(var|när|vem) och (var|när|vem)"
_ASKS_TWO = {
    lang: re.compile(rf"(^|[\s,;(])({pattern}|{_JOINED_ASKS})\b", re.I) for lang, pattern in _SECOND_ASK.items()
}


def asks_two_things(question: str, lang: str) -> bool:
    """Whether a question asks two things, so that one sentence rarely answers it.

    >>> asks_two_things("Where did the aircraft land, and where will it be based?", "en")
    True
    >>> asks_two_things("Où et quand a-t-elle été arrêtée ?", "fr"), asks_two_things("Wann und wo?", "de")
    (True, True)
    >>> asks_two_things("What did the ministers and the Commission discuss?", "en")
    False
    >>> asks_two_things("Quanti ne ha accolti, ed entro quando?", "it")
    True
    >>> asks_two_things("Quante denunce ha registrato la polizia, e quanta cocaina è stata sequestrata?", "it")
    True
    """
    return bool(_ASKS_TWO.get(lang, _ASKS_TWO["en"]).search(question))


# A question asks for several things when its interrogative is plural: "which/what" before a plural
# noun (the next word, or one a verb follows), "what/who are", French "quels/quelles", Italian
# "quali", Swedish "vilka"; Dutch "welke" and German "welche" (also singular) opening the question,
# as before; an imperative "list", "name"; or when it says how many ("which two cities").
_AUX = r"(do|does|did|are|were|is|was|have|has|had|will|would|can|could|should|must|may)"
_PLURAL_ASKS = {
    "en": rf"(which|what) (?!(?:does|is|was|has)\b)(\w+(?<![su]s)s|(\w+ ){{1,2}}\w+(?<![su]s)s {_AUX})"
    r"|(what|who) (are|were)",
    "fr": r"quels|quelles|qui sont",
    "it": r"quali|chi sono",
    "sv": r"vilka",
    "nl": r"wie (zijn|waren)",
    # "welchen" after a preposition that takes the dative is plural ("Aus welchen Kantonen …"); the
    # singular is "welchem"
    "de": r"wer (sind|waren)|(aus|mit|von|bei|nach|zu|seit) welchen",
}
_PLURAL_ASK = {
    lang: re.compile(rf"(^|[\s,;:(«\"'’])({pattern})\b", re.I) for lang, pattern in _PLURAL_ASKS.items()
}
_OPENS_LIST = re.compile(r"^\W*(list|name|welke|welche)\b", re.I)


def second_part(question: str, lang: str) -> str | None:
    """What a question that asks two things asks second ("…, and when will it be based?"), or None
    (one thing asked, or two interrogatives joined: "Où et quand …?").

    >>> second_part("Where did the aircraft land, and where will it be based?", "en")
    'and where will it be based?'
    >>> second_part("Où et quand a-t-elle été arrêtée ?", "fr") is None
    True
    """
    match = _ASKS_TWO.get(lang, _ASKS_TWO["en"]).search(question)
    if match is None or match.start(2) < len(question) // 4:
        return None
    return question[match.start(2) :]


def asks_list(question: str, lang: str) -> bool:
    """Whether a question asks for several things (so several sentences may answer it).

    >>> asks_list("Which existing EU strategies does it build on?", "en"), asks_list("Which country chairs it?", "en")
    (True, False)
    >>> asks_list("What does the directive set out?", "en"), asks_list("Sur quels domaines ?", "fr")
    (False, True)
    >>> asks_list("Welke twee wetten?", "nl"), asks_list("Which two cities agreed?", "en")
    (True, True)
    >>> asks_list("Aus welchen Kantonen stammten sie?", "de"), asks_list("Für welchen Zeitraum gilt sie?", "de")
    (True, False)
    """
    if _OPENS_LIST.search(question) or _PLURAL_ASK.get(lang, _PLURAL_ASK["en"]).search(question):
        return True
    words = question.split()
    return any(number_words(w, lang) for w in words[1:4]) and expected_kind(question, lang) != "figure"


# The words that join a list's last item, in each language of ingest ("A, B and C").
_LAST_ITEM = {
    "en": r"and|or|as well as", "fr": r"et|ou|ainsi que", "de": r"und|oder|sowie", "it": r"e|ed|o|nonché",
    "sv": r"och|eller|samt", "nl": r"en|of|alsmede",
}
_JOIN = {lang: re.compile(rf",?\s+(?:{words})\s+", re.I) for lang, words in _LAST_ITEM.items()}
ITEM_WORDS = 10  # a list's item is a few words: a name, a body, a thing with what qualifies it


def list_items(sentence: str, lang: str) -> int:
    """How many items the longest list of a sentence has ("A, B and C": 3; 0 for none): the part
    after a joining word ("and", "et", "und", "och" …), the one before it and the parts before
    that between commas, while each is a few words.

    >>> list_items("The items are a statue from the Han Dynasty, a large wine vessel, and a coin.", "en")
    3
    >>> list_items("Treffen mit Präsident Maithripala Sirisena, Premierminister Ranil Wickremesinghe und "
    ...            "Justizministerin Thalatha Atukorale.", "de")
    3
    >>> list_items("Baden, Basilea/Aeroporto, Berna, Lugano, Lucerna, Montreux e San Gallo.", "it")
    7
    >>> list_items("The Director, Carine Bachmann, handed over five items to the ambassador, Shihting Wang.", "en")
    0
    >>> list_items("Together with the Malian authorities and with partners, the authorities worked.", "en")
    0
    """
    best = 0
    for join in _JOIN.get(lang, _JOIN["en"]).finditer(sentence):
        parts = [p for p in sentence[: join.start()].split(",") if p.strip()]
        if len(parts) < 2 or len(parts[-1].split()) > ITEM_WORDS:
            continue
        items = 2
        for part in reversed(parts[:-1]):
            items += 1
            if len(part.split()) > ITEM_WORDS:  # the sentence's opening, which names the list's first item
                break
        best = max(best, items)
    return best
