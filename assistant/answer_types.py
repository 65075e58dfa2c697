"""What kind of answer a question asks for, and whether a sentence holds one.

The kind comes from the question's interrogative (the grammar of each supported language, not
a list tuned on answers); whether a sentence holds it comes from spaCy's entity recogniser
(people, organisations, places), the date extractor of ingest (dates, periods, relative dates)
and the figures it states.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from assistant.durations import asks_age, asks_duration, durations, states_age
from assistant.figures import asks_when_too, clock_times, counts_asked, figures, not_figures, number_words
from assistant.money import asks_money, states_money
from ingest.dates import extract_dates
from ingest.entities import Entity
from ingest.records import Mention

# "Which countries …" asks for places by name, as "who" asks for people (English: its recogniser reads places).
_WHICH_PLACES = r"which (countries|member states|states|cities|towns|cantons|regions|ports)"
# Interrogatives by language: the kinds "who", "when", "figure" (how many / how much), "where", "why".
_ASKS: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (
        ("figure", r"how (many|much|high|large|big|long|old)|"
                   r"what (amount|percentage|share|number|sum|price|rate|salary|wage|budget|cost|fee|fine)|"
                   r"what (is|was|are|were) the (\S+ ){0,3}?(rate|ratio|share|percentage|proportion|price|cost|turnout|"
                   r"value|budget|amount|sum|fine|fee)s?\b|what (maximum|minimum|total)\b|"
                   r"what (does|did|do|will|would) (\S+ ){1,4}?cost\b"),
        ("when", r"when|until when|since when|(in|on|at) (what|which) (date|day|year|month|time)|what (date|time|day)|"
                 r"by when"),
        ("who", r"who|whom|whose|which (persons?|people|ministers?|officials?|organi[sz]ations?|authorit(y|ies)|"
                r"bod(y|ies)|agenc(y|ies)|compan(y|ies))"),
        ("where", r"where|in which (city|country|town|place|canton)|" + _WHICH_PLACES),
        ("why", r"why|for what reason|what (was|were|are|is) the reasons?|what reasons|how did .*\b(justify|explain)"),
    ),
    "nl": (
        ("figure", r"hoeveel|hoe (hoog|groot|lang|oud)|wat kost(te|ten|en)?"),
        ("when", r"wanneer|op welke (datum|dag)|in welk jaar|sinds wanneer|tot wanneer|hoe laat"),
        ("who", r"wie|welke (persoon|minister|organisatie|instantie)"),
        ("where", r"waar|in welke (stad|plaats)"),
        ("why", r"waarom|wat (is|was) de reden|welke redenen|hoe (rechtvaardigde|verklaarde)"),
    ),
    "fr": (
        ("figure", r"combien|quel(le)?s? (est|sont|était|étaient)? ?(le|la|les)? ?(montant|nombre|somme|part|"
                   r"pourcentage|coût|taux|prix)|à combien|quel âge"),
        ("when", r"quand|à quelle (date|heure)|en quelle année|depuis quand|jusqu'à quand|quel jour"),
        ("who", r"qui|quelle (personne|autorité|organisation)|quel (ministre|office|organisme)"),
        ("where", r"où|dans quelle (ville|commune|localité)|dans quel (pays|canton)"),
        (
            "why",
            r"pourquoi|pour quelles? raisons?|quel(le)?s? (est|sont|était|étaient) (la|les) raisons?|"
            r"comment .*\b(justifi|expliqu)\w*",
        ),
    ),
    "de": (
        ("figure", r"wie ?viel(?:e[nmrs]?)?(?! ?uhr)|wie (hoch|groß|gross|lange|alt)|"
                   r"(zu |auf |um )?welche[mnr]? ([^\W\d_]+)?(betrag|summe|anteil|zahl|preis)\b|in welcher höhe|"
                   r"was kost(et|en|ete|eten)"),
        ("when", r"wann|seit wann|bis wann|an welchem (tag|datum)|in welchem jahr|ab wann|um wie ?viel uhr|"
                 r"(zu|um) welcher uhrzeit"),
        ("who", r"wer|wem|wen|wessen|welche (person|behörde|organisation)|welcher (minister|bundesrat)"),
        ("where", r"wo|in welche[rm]? (stadt|land|kanton|ort)"),
        (
            "why",
            r"warum|weshalb|wieso|aus welchem grund|aus welchen gründen|welche gründe|was (war|ist) der grund|"
            r"wie (begründete|begründet|rechtfertigte)",
        ),
    ),
    "it": (
        ("figure", r"quant[ieoa]|a quanto|"
                   r"qual (è|era) (l'importo|il numero|la somma|la quota|il tasso|il prezzo|il costo)"),
        ("when", r"quando|in che (anno|data)|da quando|fino a quando|in quale (anno|data)|a che ora|a quale ora"),
        ("who", r"chi|quale (persona|autorità|organizzazione)|quale ministro"),
        ("where", r"dove|in quale (città|paese|cantone)"),
        (
            "why",
            r"perché|per quale motivo|per quali motivi|come mai|quali (sono|erano) (i motivi|le ragioni)|"
            r"qual (è|era) il motivo|come (ha|hanno) .*\b(giustificato|motivato)",
        ),
    ),
    "sv": (
        ("figure", r"hur (många|mycket|stor|stort|stora|hög|högt|höga|länge|lång|långt|gammal|gamla)|"
                   r"vilket (belopp|antal)|"
                   r"vad (kostar|kostade|har .{1,40} kostat)"),
        ("when", r"när|vilket år|vilket datum|sedan när|från och med när|vilken tid|hur dags|vilket klockslag"),
        ("who", r"vem|vilka(?! skäl)|vilken (person|myndighet|minister|organisation)"),
        ("where", r"^var|vart|i vilken (stad|kommun|land)"),  # "var" opening a question; inside it is "was"
        ("why", r"varför|av vilken anledning|av vilka skäl|vilka skäl|vad (var|är) skälet|hur motiverade"),
    ),
}
# A question for someone's name asks "who" in other words ("What is the name of …", "Wie heisst …").
_ASKS_NAME = re.compile(
    r"\b(what (is|was|are|were) the names? of|wie hei(ss|ß)(t|en)|wie lautet der name|"
    r"quel(le)?s? (est|sont|était|étaient) (le|les) noms?|comment s'appel|come si chiam|qual (è|era) il nome|"
    r"vad heter|vilket namn|hoe heet|wat is de naam)",
    re.I,
)


def asks_places(question: str) -> bool:
    """Whether an English question asks which places (countries, cities, …), to be named.

    >>> asks_places("Which member states opposed it?"), asks_places("Where is it published?")
    (True, False)
    """
    return bool(re.search(rf"\b{_WHICH_PLACES}\b", question, re.I))


def asks_name(question: str) -> bool:
    """Whether a question asks for someone's name.

    >>> asks_name("What is the name of the former employee?"), asks_name("Wie heisst die Verhaftete?")
    (True, True)
    >>> asks_name("What did the Council decide?")
    False
    """
    return bool(_ASKS_NAME.search(question))


# The interrogatives that ask for no kind in particular ("what", "welche", "vad").
_GENERIC = {
    lang: re.compile(rf"(^|[\s,;:(¿¡«\"'’])(?:{words})\b", re.I)
    for lang, words in {
        "en": "what|which",
        "nl": "wat|welke?",
        "fr": "que|qu['’]|quoi|quel(?:le)?s?",
        "de": "was|welche[mnrs]?",
        "it": "che|cosa|qual[ei]?",
        "sv": "vad|vilken|vilket|vilka",
    }.items()
}
# The interrogative may follow a preposition or a conjunction ("And when…", "Depuis quand…").
_COMPILED = {
    lang: tuple((kind, re.compile(rf"(^|[\s,;:(¿¡«\"'’])(?:{pattern})\b", re.I)) for kind, pattern in table)
    for lang, table in _ASKS.items()
}
KINDS = ("who", "when", "figure", "where", "why")
_LEAD_WORDS = 4  # the interrogative stands among a question's first words


def expected_kind(question: str, lang: str) -> str:
    """The kind of answer ``question`` asks for, or '' for any (what, how, list, …).

    >>> expected_kind("How many asylum applications were filed?", "en"), expected_kind("Wann trat es in Kraft?", "de")
    ('figure', 'when')
    >>> expected_kind("Wie zette dit op de agenda?", "nl"), expected_kind("Wie hoch ist die Busse?", "de")
    ('who', 'figure')
    >>> expected_kind("According to the press kit, on what date did it start?", "en")
    'when'
    >>> expected_kind("Vad var orsaken?", "sv"), expected_kind("Var möttes ministrarna?", "sv")
    ('', 'where')
    >>> expected_kind("Varför röstade Sverige ja?", "sv"), expected_kind("Quali sono i punti chiave?", "it")
    ('why', '')
    >>> expected_kind("Was kostete die Untersuchung?", "de"), expected_kind("What did the new building cost?", "en")
    ('figure', 'figure')
    >>> expected_kind("Hur stort är restriktionsområdet?", "sv"), expected_kind("Hur högt är taket?", "sv")
    ('figure', 'figure')
    """
    if asks_name(question):
        return "who"
    # The opening words, or those after an opening phrase ("According to the release, on what date …").
    words = question.split()
    heads = [" ".join(words[: _LEAD_WORDS + 2])]
    heads += [" ".join(question[i + 1 :].split()[: _LEAD_WORDS + 2]) for i, ch in enumerate(question) if ch == ","]
    for head in heads:
        head = head.strip()
        # The question's own interrogative is its first: in "What will ministers focus on when …" or
        # "Vad sa ministern när …", "when" opens a clause of the question, not the question.
        found = [(m.start(), n, kind) for n, (kind, pattern) in enumerate(_COMPILED.get(lang, _COMPILED["en"]))
                 if (m := pattern.search(head))]  # fmt: skip
        if found:
            at, _, kind = min(found)
            generic = _GENERIC.get(lang, _GENERIC["en"]).search(head)
            return "" if generic and generic.start() < at else kind
    return ""


# A "when" question that asks for the hour wants a clock time, not the day ("At what time did the
# press conference start?"): each language's way of asking for the hour.
_ASKS_CLOCK = re.compile(
    r"\b(what time|at what hour|hoe laat|om welk uur|à quelle heure|um wie ?viel uhr|(zu|um) welcher uhrzeit|"
    r"a che ora|a quale ora|vilken tid|hur dags|vilket klockslag)\b",
    re.I,
)


def asks_clock(question: str) -> bool:
    """Whether a question asks for the hour of something.

    >>> asks_clock("At what time did the press conference start?"), asks_clock("À quelle heure ?")
    (True, True)
    >>> asks_clock("When was the directive adopted?")
    False
    """
    return bool(_ASKS_CLOCK.search(question))


def _not_in(question: str, words: str) -> bool:
    return " ".join(words.lower().split()) not in " ".join(question.lower().split())


def names_person(found: tuple[Entity, ...], question: str) -> bool:
    """Whether ``found`` (a sentence's entities) has a person the question does not name.

    >>> names_person((Entity("Harald Krug", 0, 11, "person"),), "Who became Co-Editor-in-Chief?")
    True
    >>> names_person((Entity("Empa", 0, 4, "org"),), "Who became Co-Editor-in-Chief?")
    False
    """
    return any(e.kind == "person" and _not_in(question, e.text) for e in found)


_SOME_DAY = "2000-01-01"  # dates without a year are still dates where a document has no date

# The reader asks for the dates of the same sentences several times an answer (a sentence, then as
# its neighbours' neighbour), and of the question once per sentence: each is read once while recent.
_dates = lru_cache(maxsize=4096)(extract_dates)


def holds_kind(
    kind: str, text: str, question: str, found: tuple[Entity, ...], document_date: str | None, lang: str = "en"
) -> bool:
    """Whether ``text`` states something of ``kind`` that the question does not already say.

    ``found`` are the text's entities (``ingest.entities``); "when" reads dates with the
    ingest date extractor, "figure" the figures (in digits, or as words of ``lang``), "who" and
    "where" the entities.

    >>> holds_kind("when", "It starts on 1 May 2025.", "When does it start?", (), "2025-01-01")
    True
    >>> holds_kind("when", "It meets on 25 January.", "At what time does it meet?", (), None)
    False
    >>> holds_kind("figure", "The Council met in 2024.", "How many met in 2024?", (), None)
    False
    >>> holds_kind("figure", "It met on 4 March 2024.", "How many?", (), None)
    False
    >>> holds_kind("figure", "They meet on 24 and 25 January.", "How many?", (), None)
    False
    >>> holds_kind("figure", "Zehn Massnahmen wurden beschlossen.", "Wie viele Massnahmen?", (), None, "de")
    True
    """
    if kind == "who":
        return names_person(found, question) or any(e.kind == "org" and _not_in(question, e.text) for e in found)
    if kind == "where":
        return any(e.kind == "place" and _not_in(question, e.text) for e in found)
    if kind == "when" and asks_clock(question):
        return any(_not_in(question, t) for t in clock_times(text))
    if kind == "when":
        if any(_not_in(question, d.label) for d in _dates(text, document_date)) or any(
            e.kind == "time" and _not_in(question, e.text) for e in found
        ):
            return True
        # Asked when something happens on a day the question names ("When is the press conference
        # on 5 March?"), the hour answers.
        names_day = any(len(d.when) >= 10 for d in _dates(question, document_date or _SOME_DAY))
        return names_day and any(_not_in(question, t) for t in clock_times(text))
    if kind == "figure" and asks_age(question):
        return states_age(text)  # "how old": an age, not any figure ("since 2005")
    if kind == "figure":
        # A figure that is part of a date ("4 March 2024", "24 and 25 January" in an undated
        # document) answers "when", not "how many" ("how long" may take times of day).
        # Times of day, telephone numbers and references are not figures (``not_figures``).
        # A year that a date holds ("bis 2018") still answers "how many, and until when?".
        dated = " ".join(d.label for d in _dates(text, document_date or _SOME_DAY))
        dated = "" if asks_when_too(question) else dated
        asked = set(figures(question)) | set(figures(dated))
        text = not_figures(text, question)
        if asks_money(question) and not states_money(text):
            return False  # a sum of money is asked for, and no currency is named
        if not counts_asked(text, question, lang, asked):
            return False  # "how many people": a figure, but of something else ("6 cantons")
        if any(f not in asked for f in figures(text)):
            return True
        if set(number_words(text, lang)) - set(number_words(question, lang)):
            return True
        # "How long?": a duration written without a figure ("cirka ett år", "about a year").
        return asks_duration(question) and bool(durations(text, lang) - durations(question, lang))
    return False


# The verbs of saying in each language: read in the question's own, since one language's verb is
# another's common word (Swedish "sa" is French "sa", French "dit" Swedish "there", Italian "state"
# a participle); English "state" is mostly the noun ("state aircraft", "member states").
_SAYING = {
    "en": "say|said|says|stated|declare|declared|stress|stressed",
    "nl": "zei|zegt|verklaarde",
    "fr": "dit|déclaré",
    "de": "sagte|erklärte",
    "it": "ha detto",
    "sv": "sa|sade",
}
_ASKS_STATEMENT = {lang: re.compile(rf"\b({words})\b", re.I) for lang, words in _SAYING.items()}
_ANY_STATEMENT = re.compile(rf"\b({'|'.join(_SAYING.values())})\b", re.I)


def asks_statement(question: str, lang: str = "") -> bool:
    """Whether the question asks what someone said (so the whole statement is wanted), by the verbs
    of saying of its language ``lang`` (of any supported language where it is not one of them).

    >>> asks_statement("What did Annelies Verlinden say about drugs?", "en"), asks_statement("When was it?", "en")
    (True, False)
    >>> asks_statement("Da dove erano state trafugate?", "it"), asks_statement("Diffusée avant sa réédition ?", "fr")
    (False, False)
    """
    return bool(_ASKS_STATEMENT.get(lang, _ANY_STATEMENT).search(question))


def names_between(stored: Sequence[Mention], start: int, end: int) -> tuple[Entity, ...]:
    """The names read at ingest (``ingest.mentions``) inside the document's ``start``..``end``,
    as entities of that span's text.

    >>> names = (Mention("Ylva Johansson", "person", 10, 24), Mention("Europol", "org", 40, 47))
    >>> names_between(names, 5, 30)
    (Entity(text='Ylva Johansson', start=5, end=19, kind='person'),)
    """
    inside = (m for m in stored if start <= m.start < m.end <= end)
    return tuple(Entity(m.text, m.start - start, m.end - start, m.kind) for m in inside)


def names_in(stored: Sequence[Mention], text: str) -> tuple[Entity, ...]:
    """The names read at ingest that ``text`` (a heading) repeats."""
    return tuple(Entity(m.text, text.find(m.text), text.find(m.text) + len(m.text), m.kind) for m in stored
                 if m.text in text)  # fmt: skip


def needs_entities(kind: str) -> bool:
    """Whether checking ``kind`` needs the entity recogniser (slow), not only dates and figures."""
    return kind in ("who", "where")
