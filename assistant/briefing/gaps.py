"""What the documents do not say: the usual questions of a briefing that no release on the topic
speaks to, and the assistant, asked, does not answer.

An aspect is missing only when no sentence of the topic's releases speaks to it (``speaks_to``,
each check tested on releases that do and do not) and the assistant's answer to its question
abstains or does not touch it; the answers themselves are the briefing's Q&A (``qa.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.messages import message

_MONTHS = (r"(January|February|March|April|May|June|July|August|September|October|November|December)")


@dataclass(frozen=True)
class Aspect:
    """A usual question of a briefing and what a sentence must hold to speak to it."""

    name: str  # as the briefing records it, in English: "what was decided"
    key: str  # its words in assistant/messages.py: "gap_{key}" (the gap) and "q_{key}" (the question)
    signal: re.Pattern  # English words that speak to it; figures and years in any language
    # The same in the other languages: a French release speaks to "what was decided" with
    # "a décidé", and may quote English names ("Council", "CHF") too, so both are looked for.
    local: dict[str, re.Pattern] = field(default_factory=dict)

    def question(self, topic: str, lang: str = "en") -> str:
        """The journalist's question on ``topic``, in ``lang``.

        >>> ASPECTS[0].question("SRG licence"), ASPECTS[4].question("Schengen", "de")
        ('What was decided on SRG licence?', 'Wie viel Geld steht für Schengen zur Verfügung?')
        """
        return message(f"q_{self.key}", lang).format(topic=topic)

    def gap(self, lang: str = "en") -> str:
        """The briefing's sentence for this aspect as a gap, in ``lang``."""
        return message(f"gap_{self.key}", lang)


def _local(**patterns: str) -> dict[str, re.Pattern]:
    return {lang: re.compile(pattern, re.I) for lang, pattern in patterns.items()}


_DAY_MONTH = r"\b\d{{1,2}}(er|\.)?\s?({months})\b|\b({months})\s(19|20)\d\d\b"
_MONTHS_IN = {
    "fr": "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre",
    "de": "Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember",
    "it": "gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre",
    "nl": "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december",
    "sv": "januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december",
}
# Money, in every language: currencies and their signs.
_MONEY = r"€|\$|\b(CHF|EUR|SEK|USD|Fr\.)(?!\w)"

ASPECTS = (
    Aspect("what was decided", "decided", re.compile(
        r"\b(decided|decision|adopted|agreed|approved|concluded|endorsed|signed|initialled|extended|awarded|"
        r"elected|appointed|launched|ruled|resolved|granted|selected|won|winners?|opened|introduced|established|"
        r"confirmed|(has|have|had) (been )?(increased|allocated))\b", re.I), _local(
        fr=r"\b(décid\w*|décision\w*|adopt[ée]\w*|approuv\w*|conclu\w*|sign[ée]\w*|paraph[ée]\w*|prolong[ée]\w*|"
           r"attribu[ée]\w*|élu\w*|nomm[ée]\w*|lanc[ée]\w*|arrêt[ée]\w*|accept[ée]\w*|approbation)",
        de=r"\b(beschl\w*|entschied\w*|entscheid\w*|verabschiede\w*|genehmig\w*|angenommen|gutgeheiss\w*|"
           r"gutgeheiß\w*|vereinbart|unterzeichne\w*|paraphiert|verlängert|vergeben|gewählt|ernannt|lanciert|"
           r"eröffnet|festgelegt)",
        it=r"\b(decis\w*|decid\w*|adottat\w*|approvat\w*|concluso|conclus\w*|firmat\w*|parafat\w*|"
           r"prorogat\w*|aggiudicat\w*|elett\w*|nominat\w*|lanciat\w*|deliberat\w*|stabilit\w*)",
        nl=r"\b(beslo\w*|besl[iu]\w*|aangenomen|goedgekeurd|overeengekomen|ondertekend|geparafeerd|verlengd|"
           r"toegekend|gekozen|benoemd|gelanceerd|vastgesteld)",
        sv=r"\b(beslut\w*|beslöt|besluta\w*|antag\w*|antog|godkän\w*|enades|överens\w*|underteckna\w*|"
           r"förläng\w*|tilldela\w*|vald[ae]?|utsedd\w*|utnämn\w*|lansera\w*|fastställ\w*)",
    )),
    Aspect("when it happened", "when", re.compile(
        rf"\b(\d{{1,2}}(st|nd|rd|th)? (of )?{_MONTHS}|{_MONTHS} \d{{1,2}}|{_MONTHS} \d{{4}}|(19|20)\d\d)\b"),
        {lang: re.compile(_DAY_MONTH.format(months=months), re.I) for lang, months in _MONTHS_IN.items()}),
    Aspect("who is responsible", "who", re.compile(
        r"\b(Minister|Commissioner|Secretary|Commission|Council|Councillor|[Pp]residency|President|Director|"
        r"Department|Office|Agency|Authority|Ministry|Government|Attorney|Court|Administration|Secretariat|"
        r"Inspectorate|Prosecutor|Police|Parliament|Chancellery|responsible|led by|in charge|"
        r"head of|headed by|chaired by)\b"), _local(
        fr=r"\b(ministre|conseill(er|ère)s?|Conseil|Commission|commissaire|présiden\w*|secrétaire|direct(eur|rice)|"
           r"départements?|office|agence|autorité|ministère|gouvernement|procureur\w*|tribunal|cour|"
           r"responsables?|chargée? de|dirigée? par|chef(fe)?)\b",
        de=r"\b(\w*minister\w*|bundesr[aä]t\w*|regierungsr[aä]t\w*|\w*departement\w*|bundesamt\w*|\w*behörde\w*|"
           r"kommission\w*|kommissar\w*|präsident\w*|direktor\w*|staatssekretär\w*|regierung\w*|\w*gericht\w*|"
           r"bundesanwalt\w*|zuständig\w*|verantwortlich\w*|vorsteher\w*|leitung|geleitet|vorsitz\w*)",
        it=r"\b(ministr[aoi]|consiglier[aei]|Consiglio|Commissione|commissari[oa]|president[ei]\w*|segretari[oa]|"
           r"dirett(ore|rice)|dipartimento|ufficio|agenzia|autorità|ministero|governo|procur\w*|tribunale|corte|"
           r"responsabil[ei]|incaricat[oa]|guidat[oa] da|presiedut[oa] da|capo)\b",
        nl=r"\b(\w*minister\w*|staatssecretaris|commissaris|Commissie|Raad|raadslid|voorzitter\w*|president|"
           r"directeur|departement|ministerie|dienst|agentschap|autoriteit|regering|kabinet|overheid|rechtbank|hof|"
           r"verantwoordelijk\w*|onder leiding van|geleid door)\b",
        sv=r"\b(\w*minister\w*|statsråd\w*|regering\w*|\w*departement\w*|myndighet\w*|\w*verket|kommission\w*|"
           r"kommissionär\w*|ordförande\w*|president\w*|\w*direktör\w*|åklagar\w*|domstol\w*|ansvar\w*|"
           r"leds av|ledd av|chef\w*)\b",
    )),
    Aspect("the next steps", "next", re.compile(
        r"\b(will|next|plans?|planned|(further|following) steps?|upcoming|future|scheduled|deadline|expected to|"
        rf"is to|are to|by (the end of )?(19|20)\d\d|until (\d{{1,2}} )?{_MONTHS}|until (19|20)\d\d)\b", re.I), _local(
        fr=r"\b(sera|seront|va|vont|devra|devront|prochaine?s?|prévue?s?|planifi\w*|étapes?|futur\w*|"
           r"échéance\w*|délai\w*|d'ici|d’ici|jusqu'(à|au|en)|jusqu’(à|au|en)|entrera en vigueur)\b",
        de=r"\b(wird|werden|soll|sollen|nächste\w*|geplant\w*|plant|Schritte?|künftig\w*|zukünftig\w*|"
           r"voraussichtlich|Frist\w*|bis (Ende|spätestens|zum)|in Kraft treten)\b",
        it=r"\b(sarà|saranno|dovrà|dovranno|prossim[aeio]|previst[aeio]|pianificat\w*|tapp[ae]|passi|futur[aeio]|"
           r"entro|scadenz[ae]|termine|entrerà in vigore)\b",
        nl=r"\b(zal|zullen|volgende|gepland\w*|plant|stappen|stap|toekomst\w*|binnenkort|uiterlijk|termijn|"
           r"deadline|in werking treden)\b",
        sv=r"\b(kommer att|ska|skall|nästa|planer\w*|planera\w*|steg|framtid\w*|senast|tidsfrist\w*|väntas|"
           r"träder i kraft)\b",
    )),
    Aspect("the budget or funding", "budget", re.compile(
        r"(€|\$|\bEUR\b|\bUSD\b|\bCHF\b|\bSEK\b|\beuros?\b|\bfrancs\b|\bdollars\b|\bmillion\b|\bbillion\b|"
        r"\bfunding\b|\bfunds?\b|\bbudget\b|\bcosts?\b|(?-i:\bfinanc(e|ed|ing)\b))", re.I), _local(
        fr=_MONEY + r"|\b(euros?|francs|millions?|milliards?|financ\w*|budg[eé]t\w*|fonds|coûts?|crédits?|montants?)\b",
        de=_MONEY + r"|\b(Euro|Franken|Millionen|Million|Milliarden?|Mio\.|Mrd\.|\w*finanz\w*|\w*budget\w*|"
                    r"\w*kosten|Mittel|\w*kredit\w*|Betr[aä]g\w*|Beitr[aä]g\w*)",
        it=_MONEY + r"|\b(euro|franchi|milion[ei]|miliard[oi]|finanz\w*|budget|bilancio|fond[oi]|cost[oi]|credit[oi]|"
                    r"importo|contribut[oi])\b",
        nl=_MONEY + r"|\b(euro|miljoen|miljard|financi\w*|begroting\w*|budget\w*|fonds(en)?|kosten|middelen|"
                    r"bedrag\w*|bijdrage\w*)\b",
        sv=_MONEY + r"|\b(euro|kronor|miljon(er)?|miljard(er)?|mnkr|mdkr|finansier\w*|budget\w*|fond\w*|kostnad\w*|"
                    r"medel|anslag\w*|bidrag\w*)\b",
    )),
)  # fmt: skip


def speaks_to(aspect: Aspect, texts: list[str], lang: str = "en") -> bool:
    """Whether any of ``texts`` (the topic's releases, the briefing's lines) speaks to the aspect,
    in English or in ``lang``.

    >>> budget = ASPECTS[4]
    >>> speaks_to(budget, ["Switzerland is providing CHF 1.5 million."]), speaks_to(budget, ["Ministers met."])
    (True, False)
    >>> decided = ASPECTS[0]
    >>> speaks_to(decided, ["Le Conseil fédéral a décidé."], "fr"), speaks_to(decided, ["Le Conseil a siégé."], "fr")
    (True, False)
    """
    return any(says(aspect, text, lang) for text in texts)


def says(aspect: Aspect, text: str, lang: str = "en") -> bool:
    """Whether ``text`` speaks to the aspect, in English or in ``lang``."""
    local = aspect.local.get(lang)
    return bool(aspect.signal.search(text) or (local and local.search(text)))


def missing(aspect: Aspect, releases: list[str], answer: str | None, lang: str = "en") -> bool:
    """Whether the aspect is a gap: no release speaks to it, and the assistant's answer to its
    question (None: it abstained) does not either.

    >>> who = ASPECTS[2]
    >>> missing(who, ["The Federal Council decided on 4 March."], None)
    False
    >>> missing(who, ["Ports handled 116 tonnes of cocaine."], None), missing(who, ["It rained."], "Ask the Minister.")
    (True, False)
    >>> missing(who, ["Hamnarna hanterade 116 ton kokain."], None, "sv")
    True
    >>> missing(who, ["Det regnade."], "Fråga justitieministern.", "sv")
    False
    """
    return not speaks_to(aspect, releases, lang) and (answer is None or not says(aspect, answer, lang))


def gap_sentence(name: str, lang: str = "en") -> str:
    """The briefing's sentence for a gap (an aspect's ``name``), in ``lang``.

    >>> gap_sentence("who is responsible"), gap_sentence("who is responsible", "sv")
    ('Nothing on who is responsible.', 'Inget om vem som är ansvarig.')
    """
    aspect = next((a for a in ASPECTS if a.name == name), None)
    return aspect.gap(lang) if aspect else f"Nothing on {name}."
