"""The words Pressroom writes itself, in the question's language (en, nl, fr, de, it, sv).

Answers quote the documents in theirs; abstentions, labels and notes follow the question.
A language without a translation gets English.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "nothing_found": {
        "en": "No passage matches: no document fits the filters, or none is indexed yet.",
        "nl": "Geen passage gevonden: geen document past bij de filters, of er is nog niets geïndexeerd.",
        "fr": "Aucun passage trouvé : aucun document ne correspond aux filtres, ou rien n'est encore indexé.",
        "de": "Keine Passage gefunden: Kein Dokument passt zu den Filtern, oder es ist noch nichts indexiert.",
        "it": "Nessun passaggio trovato: nessun documento corrisponde ai filtri, o non è ancora indicizzato nulla.",
        "sv": "Inget avsnitt hittades: inget dokument matchar filtren, eller så är inget indexerat ännu.",
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
    # The chat's progress lines, and the notice of a generative answer that fell back to quotes.
    "searching": {
        "en": "Searching the documents…", "nl": "De documenten worden doorzocht…",
        "fr": "Recherche dans les documents…", "de": "Die Dokumente werden durchsucht…",
        "it": "Ricerca nei documenti…", "sv": "Söker i dokumenten…",
    },
    "writing": {
        "en": "The language model is writing; each sentence is checked against the passages before it is shown…",
        "nl": "Het taalmodel schrijft; elke zin wordt aan de passages getoetst voordat hij verschijnt…",
        "fr": "Le modèle de langue rédige ; chaque phrase est vérifiée dans les passages avant d'être affichée…",
        "de": "Das Sprachmodell schreibt; jeder Satz wird an den Passagen geprüft, bevor er erscheint…",
        "it": "Il modello linguistico sta scrivendo; ogni frase è verificata sui passaggi prima di essere mostrata…",
        "sv": "Språkmodellen skriver; varje mening kontrolleras mot avsnitten innan den visas…",
    },
    "understood_as": {
        "en": "Understood as", "nl": "Begrepen als", "fr": "Compris comme", "de": "Verstanden als",
        "it": "Inteso come", "sv": "Tolkat som",
    },
    "note": {"en": "Note", "nl": "Opmerking", "fr": "Remarque", "de": "Hinweis", "it": "Nota", "sv": "Obs"},
    "unsupported": {
        "en": "No sentence of the language model's answer was supported by the passages it cited.",
        "nl": "Geen enkele zin van het antwoord van het taalmodel werd gestaafd door de passages die het aanhaalde.",
        "fr": "Aucune phrase de la réponse du modèle de langue n'était étayée par les passages qu'il citait.",
        "de": "Kein Satz der Antwort des Sprachmodells wurde von den Passagen gestützt, die es zitierte.",
        "it": "Nessuna frase della risposta del modello linguistico era sostenuta dai passaggi che citava.",
        "sv": "Ingen mening i språkmodellens svar stöddes av de avsnitt den hänvisade till.",
    },
    "fallback": {
        "en": "This answer quotes the documents instead.",
        "nl": "Dit antwoord citeert in plaats daarvan de documenten.",
        "fr": "Cette réponse cite plutôt les documents.", "de": "Diese Antwort zitiert stattdessen die Dokumente.",
        "it": "Questa risposta cita invece i documenti.", "sv": "Det här svaret citerar i stället dokumenten.",
    },
}  # fmt: skip

# A briefing's own words (assistant/briefing/): its title, section titles, the lines it writes
# where a section is empty, each gap's sentence and the questions it asks of the documents.
# French questions take the narrow no-break space before "?" that French typography wants. Each
# question asks for the same kind of answer as the English one (assistant/answer_types.py): "Vilka
# är nästa steg" would ask for people, "Qu'est-ce qui" too.
BRIEFING_MESSAGES: dict[str, dict[str, str]] = {
    "brief_title": {"en": "Briefing", "nl": "Briefing", "fr": "Note d'information", "de": "Briefing",
                    "it": "Nota informativa", "sv": "Pressunderlag"},
    "brief_period": {"en": " ({since} to {until})", "nl": " ({since} tot {until})",
                     "fr": " (du {since} au {until})", "de": " ({since} bis {until})",
                     "it": " (dal {since} al {until})", "sv": " ({since} till {until})"},
    "brief_since": {"en": " (since {since})", "nl": " (sinds {since})", "fr": " (depuis le {since})",
                    "de": " (seit {since})", "it": " (dal {since})", "sv": " (sedan {since})"},
    "brief_until": {"en": " (until {until})", "nl": " (tot {until})", "fr": " (jusqu'au {until})",
                    "de": " (bis {until})", "it": " (fino al {until})", "sv": " (till {until})"},
    "brief_key_points": {"en": "Key points", "nl": "Kernpunten", "fr": "Points clés", "de": "Kernpunkte",
                         "it": "Punti chiave", "sv": "Huvudpunkter"},
    "brief_timeline": {"en": "Timeline", "nl": "Tijdlijn", "fr": "Chronologie", "de": "Chronologie",
                       "it": "Cronologia", "sv": "Tidslinje"},
    "brief_quotes": {"en": "Quotes by speaker", "nl": "Citaten per spreker", "fr": "Citations par intervenant",
                     "de": "Zitate nach Person", "it": "Citazioni per persona", "sv": "Citat per talare"},
    "brief_not_said": {"en": "What the documents do not say", "nl": "Wat de documenten niet zeggen",
                       "fr": "Ce que les documents ne disent pas", "de": "Was die Dokumente nicht sagen",
                       "it": "Ciò che i documenti non dicono", "sv": "Det som dokumenten inte säger"},
    "brief_qa": {"en": "Questions journalists may ask", "nl": "Vragen die journalisten kunnen stellen",
                 "fr": "Questions que les journalistes pourraient poser",
                 "de": "Mögliche Fragen von Journalistinnen und Journalisten",
                 "it": "Domande che i giornalisti potrebbero porre", "sv": "Frågor som journalister kan ställa"},
    "brief_nothing": {"en": "The documents hold nothing on this topic.",
                      "nl": "De documenten bevatten niets over dit onderwerp.",
                      "fr": "Les documents ne contiennent rien sur ce sujet.",
                      "de": "Die Dokumente enthalten nichts zu diesem Thema.",
                      "it": "I documenti non contengono nulla su questo tema.",
                      "sv": "Dokumenten innehåller inget om detta ämne."},
    "brief_no_events": {"en": "No dated events.", "nl": "Geen gedateerde gebeurtenissen.",
                        "fr": "Aucun événement daté.", "de": "Keine datierten Ereignisse.",
                        "it": "Nessun evento datato.", "sv": "Inga daterade händelser."},
    "brief_no_quotes": {"en": "No quotations on this topic.", "nl": "Geen citaten over dit onderwerp.",
                        "fr": "Aucune citation sur ce sujet.", "de": "Keine Zitate zu diesem Thema.",
                        "it": "Nessuna citazione su questo tema.", "sv": "Inga citat om detta ämne."},
    "brief_no_gaps": {"en": "Each usual question has a source.", "nl": "Elke gebruikelijke vraag heeft een bron.",
                      "fr": "Chaque question habituelle a une source.", "de": "Jede übliche Frage hat eine Quelle.",
                      "it": "Ogni domanda abituale ha una fonte.", "sv": "Varje vanlig fråga har en källa."},
    "brief_not_answered": {"en": "Not answered by the documents.", "nl": "Niet beantwoord door de documenten.",
                           "fr": "Les documents n'y répondent pas.", "de": "Die Dokumente beantworten dies nicht.",
                           "it": "I documenti non rispondono.", "sv": "Dokumenten besvarar inte frågan."},
    "brief_from": {"en": "from {}", "nl": "vanaf {}", "fr": "à partir de {}", "de": "ab {}", "it": "da {}",
                   "sv": "från {}"},
    "brief_to": {"en": "until {}", "nl": "tot {}", "fr": "jusqu'à {}", "de": "bis {}", "it": "fino a {}",
                 "sv": "till {}"},
    # Gaps, one sentence per aspect (assistant/briefing/gaps.py ASPECTS).
    "gap_decided": {"en": "Nothing on what was decided.", "nl": "Niets over wat er besloten is.",
                    "fr": "Rien sur ce qui a été décidé.", "de": "Nichts dazu, was beschlossen wurde.",
                    "it": "Nulla su ciò che è stato deciso.", "sv": "Inget om vad som beslutades."},
    "gap_when": {"en": "Nothing on when it happened.", "nl": "Niets over wanneer het gebeurde.",
                 "fr": "Rien sur la date des faits.", "de": "Nichts dazu, wann es geschah.",
                 "it": "Nulla su quando è avvenuto.", "sv": "Inget om när det hände."},
    "gap_who": {"en": "Nothing on who is responsible.", "nl": "Niets over wie verantwoordelijk is.",
                "fr": "Rien sur qui est responsable.", "de": "Nichts dazu, wer zuständig ist.",
                "it": "Nulla su chi è responsabile.", "sv": "Inget om vem som är ansvarig."},
    "gap_next": {"en": "Nothing on the next steps.", "nl": "Niets over de volgende stappen.",
                 "fr": "Rien sur les prochaines étapes.", "de": "Nichts zu den nächsten Schritten.",
                 "it": "Nulla sui prossimi passi.", "sv": "Inget om nästa steg."},
    "gap_budget": {"en": "Nothing on the budget or funding.", "nl": "Niets over het budget of de financiering.",
                   "fr": "Rien sur le budget ou le financement.", "de": "Nichts zum Budget oder zur Finanzierung.",
                   "it": "Nulla sul budget o sul finanziamento.", "sv": "Inget om budget eller finansiering."},
    # The questions a briefing asks of the documents, in its language ({topic}: the topic as given).
    "q_key_points": {"en": "What are the key points about {topic}?", "nl": "Wat zijn de kernpunten over {topic}?",
                     "fr": "Quels sont les points clés concernant {topic}\u202f?",
                     "de": "Was sind die Kernpunkte zu {topic}?",
                     "it": "Quali sono i punti principali su {topic}?", "sv": "Vad är det viktigaste om {topic}?"},
    "q_decided": {"en": "What was decided on {topic}?", "nl": "Wat is er besloten over {topic}?",
                  "fr": "Quelles décisions ont été prises concernant {topic}\u202f?",
                  "de": "Was wurde zu {topic} beschlossen?",
                  "it": "Che cosa è stato deciso su {topic}?", "sv": "Vad beslutades om {topic}?"},
    "q_when": {"en": "When did {topic} happen?", "nl": "Wanneer vond {topic} plaats?",
               "fr": "Quand a eu lieu {topic}\u202f?", "de": "Wann fand {topic} statt?",
               "it": "Quando è avvenuto {topic}?", "sv": "När ägde {topic} rum?"},
    "q_who": {"en": "Who is responsible for {topic}?", "nl": "Wie is verantwoordelijk voor {topic}?",
              "fr": "Qui est responsable de {topic}\u202f?", "de": "Wer ist für {topic} zuständig?",
              "it": "Chi è responsabile di {topic}?", "sv": "Vem ansvarar för {topic}?"},
    "q_next": {"en": "What are the next steps for {topic}?", "nl": "Wat zijn de volgende stappen voor {topic}?",
               "fr": "Quelles sont les prochaines étapes pour {topic}\u202f?",
               "de": "Welche nächsten Schritte sind bei {topic} geplant?",
               "it": "Quali sono i prossimi passi per {topic}?", "sv": "Vad är nästa steg för {topic}?"},
    "q_budget": {"en": "How much funding is there for {topic}?", "nl": "Hoeveel financiering is er voor {topic}?",
                 "fr": "Quel montant est prévu pour {topic}\u202f?",
                 "de": "Wie viel Geld steht für {topic} zur Verfügung?",
                 "it": "Quanti fondi sono previsti per {topic}?", "sv": "Hur mycket pengar finns det för {topic}?"},
}  # fmt: skip
MESSAGES.update(BRIEFING_MESSAGES)

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
