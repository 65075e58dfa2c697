"""Questions for a sum of money, and texts that state one: "how much did it cost", "quel montant",
"wie hoch war die Busse", "hur stor ersättning" ask for an amount in a currency, not a count or a share.
"""

from __future__ import annotations

import re

# A question for a count ("how many", "wie viele", "quanti", "hur många", "combien de", "hoeveel")
# is not answered by a sum of money, unless it asks about money.
_ASKS_COUNT = re.compile(
    r"\b(?:how many|wie ?viele[nmrs]?|quant[ie]|hur många|combien de|hoeveel)\b|\bcombien d['’]", re.I
)
MONEY = r"chf|fr\.|francs?|franken|franchi|eur|euros?|€|usd|\$|dollars?|dollari|sek|kronor|kr\.?|£|pounds?|gbp"
_ASKS_MONEY = re.compile(
    rf"(?:\b(?:{MONEY})(?!\w)|€|\$|£|\b(?:cost|kost|coût|cout)\w*|\b(?:money|budget|spend|spent|paid|price|funding|"
    r"fined?|geld|preis|busse|argent|prix|montant|amende|soldi|prezzo|importo|multa|pengar|pris|belopp|böter|bedrag|"
    r"prijs|boete|salar(?:y|ies)|wages?|fees?|earn(?:s|ed)?|gehalt|lohn|salaire|stipendio|lön|salaris|"
    # pay by another name, and what something is worth ("How much remuneration was suspended?", "How much
    # was the estate valued at?", "Wie hoch ist die Entschädigung?", "Hur stor ersättning?")
    r"remunerations?|rémunérations?|vergütung(?:en)?|remunerazion[ei]|bezoldiging|bonus(?:es)?|boni|"
    r"entschädigung(?:en)?|indemnités?|indennità|risarciment[oi]|ersättning(?:en|ar)?|"
    r"(?:schade)?vergoeding(?:en)?|worth|valued)\b"
    # paying and investing in each language ("how much did Sweden pay", "hur mycket betalar", "combien a
    # payé", "wie viel zahlt", "quanto ha pagato", "hoeveel betaalt", "invested")
    r"|\b(?:pay|paying|payer|pay[ée]e?s?|paie\w*|zahl(?:t|en|te)|bezahl\w*|gezahlt|pag(?:are|ato|ata|a|ano)|"
    r"betala\w*|betaal\w*|invest\w*)\b)",
    re.I,
)
_STATES_MONEY = re.compile(rf"(?<!\w)(?:{MONEY})(?!\w)", re.I)


def asks_count(question: str) -> bool:
    """Whether a question asks for a count rather than a sum of money.

    >>> asks_count("How many ministers attended?"), asks_count("How many francs did it cost?")
    (True, False)
    >>> asks_count("Wie viele Inspektionen gab es?"), asks_count("Wie viel kostete es?")
    (True, False)
    >>> asks_count("Combien de personnes ?"), asks_count("Combien d'États membres ?")
    (True, True)
    """
    return bool(_ASKS_COUNT.search(question)) and not _ASKS_MONEY.search(question)


# A question for a share asks for a percentage, a ratio or an index, not a sum, even where it names
# money ("What share of costs was financed by fees?", "Quel pourcentage du budget ?", "Hur stor andel av
# kostnaderna?", "What was the construction price index?").
_ASKS_SHARE = re.compile(
    r"\b(?:share|percentage|per ?cent|proportion|fraction|ratio|anteil|prozent|pourcentage|taux|"
    r"percentuale|proporzione|andel(?:en)?|procent|aandeel|quelle part|index|indices|indexes|indice|indici|indizes)\b",
    re.I,
)


def asks_money(question: str) -> bool:
    """Whether a question asks for a sum of money ("how much did it cost", "quel montant", "wie hoch
    war die Busse").

    >>> asks_money("How much did Belgium spend on the meeting?"), asks_money("How much CO2 was saved?")
    (True, False)
    >>> asks_money("Quanto è costata la costruzione?"), asks_money("Wie viel kostete der Bau?")
    (True, True)
    >>> asks_money("What salary will the new director earn?"), asks_money("Wie hoch ist das Gehalt?")
    (True, True)
    >>> asks_money("What share of public service costs was financed by fees?")
    False
    >>> asks_money("How much was the estate valued at?"), asks_money("How much deferred remuneration was suspended?")
    (True, True)
    """
    money = _ASKS_MONEY.search(question) and not _ASKS_SHARE.search(question)
    return bool(money) and not _ASKS_COUNT.search(question)


def states_money(text: str) -> bool:
    """Whether a text names a currency ("CHF", "francs", "kronor", "€"), as a sum of money needs.

    >>> states_money("It cost CHF 4.5 million."), states_money("Some twenty ministers attended.")
    (True, False)
    """
    return bool(_STATES_MONEY.search(text))
