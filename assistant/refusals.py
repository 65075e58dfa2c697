"""Why an answer abstains, in the question's language (en, nl, fr, de, it, sv).

Each rule that refuses has a reason code, kept on the answer (``Answer.refusal``) for clients and
the evaluation, and a clause the abstention states after "The documents don't say": a reporter
can tell a topic the documents miss from a figure they never give, or from documents of another
year than the one asked about.
"""

from __future__ import annotations

from assistant.messages import message

# The reason codes, in the order the answerer's rules run.
REASONS = ("weak", "improbable", "not_quoted", "off_topic", "no_figure", "no_name", "other_time", "nothing_found")

BECAUSE = {
    "en": 'The documents don\'t say: {reason}. The closest passages are listed under "see also".',
    "nl": 'De documenten zeggen dit niet: {reason}. De meest verwante passages staan onder "zie ook".',
    "fr": "Les documents ne le disent pas : {reason}. Les passages les plus proches figurent sous « voir aussi ».",
    "de": "Die Dokumente sagen dazu nichts: {reason}. Die nächstliegenden Passagen stehen unter „siehe auch“.",
    "it": "I documenti non lo dicono: {reason}. I passaggi più vicini sono elencati sotto «vedi anche».",
    "sv": "Dokumenten säger inget om det: {reason}. De närmaste avsnitten finns under ”se även”.",
}
CLAUSES: dict[str, dict[str, str]] = {
    "weak": {
        "en": "no passage matches the question closely enough",
        "nl": "geen passage sluit voldoende aan bij de vraag",
        "fr": "aucun passage ne correspond assez à la question",
        "de": "keine Passage passt genügend zur Frage",
        "it": "nessun passaggio corrisponde abbastanza alla domanda",
        "sv": "inget avsnitt stämmer tillräckligt väl med frågan",
    },
    "improbable": {
        "en": "the passages found are unlikely to answer the question",
        "nl": "de gevonden passages beantwoorden de vraag waarschijnlijk niet",
        "fr": "les passages trouvés ne répondent probablement pas à la question",
        "de": "die gefundenen Passagen beantworten die Frage wahrscheinlich nicht",
        "it": "i passaggi trovati probabilmente non rispondono alla domanda",
        "sv": "de funna avsnitten besvarar troligen inte frågan",
    },
    "not_quoted": {
        "en": "they name {name} but quote nothing {name} said",
        "nl": "ze noemen {name}, maar citeren niets van wat {name} zei",
        "fr": "ils nomment {name}, mais ne citent aucune déclaration de {name}",
        "de": "sie nennen {name}, zitieren aber keine Aussage von {name}",
        "it": "nominano {name}, ma non citano alcuna dichiarazione di {name}",
        "sv": "de nämner {name} men citerar inget som {name} har sagt",
    },
    "off_topic": {  # "what did X say about Y": the passages cited speak of X, not of Y
        "en": "the passages found speak of the person asked about, not of that subject",
        "nl": "de gevonden passages gaan over de gevraagde persoon, niet over dat onderwerp",
        "fr": "les passages trouvés parlent de la personne demandée, pas de ce sujet",
        "de": "die gefundenen Passagen sprechen von der erfragten Person, nicht von diesem Thema",
        "it": "i passaggi trovati parlano della persona richiesta, non di questo argomento",
        "sv": "de funna avsnitten handlar om den efterfrågade personen, inte om det ämnet",
    },
    "no_figure": {
        "en": "the closest passages give no figure for it",
        "nl": "de meest verwante passages geven er geen cijfer voor",
        "fr": "les passages les plus proches ne donnent aucun chiffre à ce sujet",
        "de": "die nächstliegenden Passagen nennen dazu keine Zahl",
        "it": "i passaggi più vicini non danno alcuna cifra al riguardo",
        "sv": "de närmaste avsnitten anger ingen siffra för det",
    },
    "no_name": {
        "en": "the closest passages name no one for it",
        "nl": "de meest verwante passages noemen er geen naam voor",
        "fr": "les passages les plus proches ne citent aucun nom à ce sujet",
        "de": "die nächstliegenden Passagen nennen dazu keinen Namen",
        "it": "i passaggi più vicini non fanno alcun nome al riguardo",
        "sv": "de närmaste avsnitten nämner inget namn för det",
    },
    "other_time": {  # {name}: the years of the documents the answer would have cited
        "en": "the closest documents date from {name}, not from the time asked about",
        "nl": "de meest verwante documenten dateren van {name}, niet van de gevraagde periode",
        "fr": "les documents les plus proches datent de {name}, pas de la période demandée",
        "de": "die nächstliegenden Dokumente stammen aus {name}, nicht aus dem erfragten Zeitraum",
        "it": "i documenti più vicini risalgono al {name}, non al periodo chiesto",
        "sv": "de närmaste dokumenten är från {name}, inte från den efterfrågade tiden",
    },
}


def abstention(reason: str, lang: str, name: str = "") -> str:
    """What an abstention says, with its reason ("nothing_found": no passage at all).

    >>> abstention("no_figure", "en")[:68]
    "The documents don't say: the closest passages give no figure for it."
    >>> abstention("not_quoted", "de", "Sommaruga").split(": ")[1].split(".")[0]
    'sie nennen Sommaruga, zitieren aber keine Aussage von Sommaruga'
    >>> abstention("other_time", "pl", "2015").split(": ")[1].split(",")[0]
    'the closest documents date from 2015'
    """
    if reason == "nothing_found":
        return message("nothing_found", lang)
    clauses = CLAUSES[reason]
    clause = clauses.get(lang, clauses["en"]).format(name=name)
    return BECAUSE.get(lang, BECAUSE["en"]).format(reason=clause)
