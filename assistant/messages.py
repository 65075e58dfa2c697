"""The words Pressroom writes itself, in the question's language (en, nl, fr, de, it, sv).

Answers quote the documents in theirs; abstentions, labels and notes follow the question.
A language without a translation gets English.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "abstain": {
        "en": 'The documents don\'t say. The closest passages are listed under "see also".',
        "nl": 'De documenten zeggen dit niet. De meest verwante passages staan onder "zie ook".',
        "fr": "Les documents ne le disent pas. Les passages les plus proches figurent sous « voir aussi ».",
        "de": "Die Dokumente sagen dazu nichts. Die nächstliegenden Passagen stehen unter „siehe auch“.",
        "it": "I documenti non lo dicono. I passaggi più vicini sono elencati sotto «vedi anche».",
        "sv": "Dokumenten säger inget om det. De närmaste avsnitten finns under ”se även”.",
    },
    "see_also": {
        "en": "See also", "nl": "Zie ook", "fr": "Voir aussi", "de": "Siehe auch", "it": "Vedi anche", "sv": "Se även",
    },
    "sources": {"en": "Sources", "nl": "Bronnen", "fr": "Sources", "de": "Quellen", "it": "Fonti", "sv": "Källor"},
    "when": {"en": "When", "nl": "Wanneer", "fr": "Quand", "de": "Wann", "it": "Quando", "sv": "När"},
    "also_in": {
        "en": "Also in", "nl": "Ook beschikbaar in", "fr": "Aussi disponible en", "de": "Auch verfügbar auf",
        "it": "Disponibile anche in", "sv": "Finns också på",
    },
    "undated": {
        "en": "undated", "nl": "zonder datum", "fr": "sans date", "de": "ohne Datum", "it": "senza data",
        "sv": "odaterad",
    },
    "sources_for": {
        "en": "Sources for", "nl": "Bronnen voor", "fr": "Sources pour", "de": "Quellen zu", "it": "Fonti per",
        "sv": "Källor för",
    },
    "see_also_for": {
        "en": "See also for", "nl": "Zie ook voor", "fr": "Voir aussi pour", "de": "Siehe auch zu",
        "it": "Vedi anche per", "sv": "Se även för",
    },
    "no_passages": {
        "en": "No passages.", "nl": "Geen passages.", "fr": "Aucun passage.", "de": "Keine Passagen.",
        "it": "Nessun passaggio.", "sv": "Inga avsnitt.",
    },
    "characters": {
        "en": "characters", "nl": "tekens", "fr": "caractères", "de": "Zeichen", "it": "caratteri", "sv": "tecken",
    },
    "original": {"en": "original", "nl": "origineel", "fr": "original", "de": "Original", "it": "originale",
                 "sv": "original"},
}  # fmt: skip

# Kinds of document, as a citation names them.
KIND_NAMES: dict[str, dict[str, str]] = {
    "press_release": {"en": "press release", "nl": "persbericht", "fr": "communiqué de presse",
                      "de": "Medienmitteilung", "it": "comunicato stampa", "sv": "pressmeddelande"},
    "press_kit": {"en": "press kit", "nl": "persmap", "fr": "dossier de presse", "de": "Pressemappe",
                  "it": "cartella stampa", "sv": "pressmaterial"},
    "meeting_page": {"en": "meeting page", "nl": "vergaderpagina", "fr": "page de la réunion",
                     "de": "Tagungsseite", "it": "pagina della riunione", "sv": "mötessida"},
    "news_item": {"en": "news item", "nl": "nieuwsbericht", "fr": "actualité", "de": "Nachricht",
                  "it": "notizia", "sv": "nyhet"},
    "fact_memo": {"en": "fact memo", "nl": "factsheet", "fr": "fiche d'information", "de": "Faktenblatt",
                  "it": "scheda informativa", "sv": "faktablad"},
    "speech": {"en": "speech", "nl": "toespraak", "fr": "discours", "de": "Rede", "it": "discorso", "sv": "tal"},
}  # fmt: skip

LANGUAGE_NAMES: dict[str, dict[str, str]] = {
    "en": {"en": "English", "nl": "Engels", "fr": "anglais", "de": "Englisch", "it": "inglese", "sv": "engelska"},
    "nl": {
        "en": "Dutch", "nl": "Nederlands", "fr": "néerlandais", "de": "Niederländisch", "it": "olandese",
        "sv": "nederländska",
    },
    "fr": {"en": "French", "nl": "Frans", "fr": "français", "de": "Französisch", "it": "francese", "sv": "franska"},
    "de": {"en": "German", "nl": "Duits", "fr": "allemand", "de": "Deutsch", "it": "tedesco", "sv": "tyska"},
    "it": {
        "en": "Italian", "nl": "Italiaans", "fr": "italien", "de": "Italienisch", "it": "italiano", "sv": "italienska",
    },
    "sv": {"en": "Swedish", "nl": "Zweeds", "fr": "suédois", "de": "Schwedisch", "it": "svedese", "sv": "svenska"},
}  # fmt: skip


def message(key: str, lang: str) -> str:
    """A message in ``lang``, or in English where there is no translation.

    >>> message("see_also", "de"), message("see_also", "sv"), message("see_also", "pl")
    ('Siehe auch', 'Se även', 'See also')
    """
    texts = MESSAGES[key]
    return texts.get(lang, texts["en"])


def kind_label(kind: str, lang: str) -> str:
    """A kind of document, named in ``lang`` (English where there is no translation; an unknown
    kind as it is stored).

    >>> kind_label("press_release", "sv"), kind_label("speech", "pl"), kind_label("circular", "fr")
    ('pressmeddelande', 'speech', 'circular')
    """
    names = KIND_NAMES.get(kind, {})
    return names.get(lang, names.get("en", kind))


def language_name(code: str, lang: str) -> str:
    """A language's name, written in ``lang``.

    >>> language_name("nl", "fr"), language_name("pl", "en")
    ('néerlandais', 'pl')
    """
    names = LANGUAGE_NAMES.get(code, {})
    return names.get(lang, names.get("en", code))


def also_in(versions: dict[str, str], lang: str) -> str:
    """The line naming the other languages a release exists in.

    >>> also_in({"nl": "003.txt", "fr": "005.txt"}, "en")
    'Also in: French (005.txt), Dutch (003.txt)'
    """
    if not versions:
        return ""
    listed = ", ".join(f"{language_name(code, lang)} ({sid})" for code, sid in sorted(versions.items()))
    return f"{message('also_in', lang)}: {listed}"
