"""Statements in French, German, Italian, Swedish and Dutch, against hand-written expectations.

The passages are written here in the shapes of the shared corpora's releases (Swiss FDJP
releases in fr/de/it, Swedish government releases, the Belgian presidency's Dutch seed); each
expectation is (speaker, role, the quote's or statement's first words).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from index.ingesting import ingest_paths
from index.store import PassageStore
from ingest.statements import extract_statements


def found(text: str, lang: str) -> list[tuple[str, str, str, str]]:
    return [(st.kind, st.speaker, st.role, st.text) for st in extract_statements(text, lang)]


def check(text: str, lang: str, expected: list[tuple[str, str, str, str]]) -> None:
    got = found(text, lang)
    assert [g[:3] for g in got] == [e[:3] for e in expected]
    for (*_, quote), (*_, opening) in zip(got, expected, strict=True):
        assert quote.startswith(opening), (quote, opening)
    for st in extract_statements(text, lang):
        assert text[st.start : st.end] == st.text


FRENCH = (
    "La conseillère fédérale Simonetta Sommaruga à Bruxelles\n"
    "La conseillère fédérale Simonetta Sommaruga a participé jeudi au comité mixte.\n"
    "« Il est important de protéger les frontières extérieures », a déclaré la conseillère fédérale.\n"
    "Mme Sommaruga a souligné que la Suisse est un partenaire fiable. Elle a ajouté que les retours "
    "volontaires sont préférables.\n"
    "La Suisse est prête à aider l'Italie, a dit la cheffe du DFJP.\n"
    "Le respect des règles communes est déterminant, a-t-elle expliqué.\n"
    "Le ministre de l'intérieur allemand Thomas de Maizière était présent. « Nous devons agir ensemble "
    "et vite », a affirmé Thomas de Maizière.\n"
    "Selon Mme Sommaruga, la coopération policière fonctionne bien.\n"
    "Comme l'a rappelé la conseillère fédérale, la Suisse entretient des liens étroits avec ses voisins.\n"
    "Karin Keller-Sutter, présidente de la Conférence des directeurs de police, a expliqué que les cantons "
    "soutiennent le projet.\n"
    "« La position de la Suisse est très claire : il faut aider vite », a dit Madame Keller-Sutter.\n"
)
POLICE = "présidente de la Conférence des directeurs de police"
FRENCH_EXPECTED = [
    ("quote", "Simonetta Sommaruga", "conseillère fédérale", "« Il est important de protéger"),
    ("statement", "Simonetta Sommaruga", "conseillère fédérale", "Mme Sommaruga a souligné que"),
    ("statement", "Simonetta Sommaruga", "conseillère fédérale", "Elle a ajouté que les retours"),
    ("statement", "Simonetta Sommaruga", "cheffe du DFJP", "La Suisse est prête à aider"),
    # "elle" is the last speaker, with the role of her last statement
    ("statement", "Simonetta Sommaruga", "cheffe du DFJP", "Le respect des règles communes"),
    ("quote", "Thomas de Maizière", "ministre de l'intérieur allemand", "« Nous devons agir ensemble"),
    ("statement", "Simonetta Sommaruga", "conseillère fédérale", "Selon Mme Sommaruga"),
    ("statement", "Simonetta Sommaruga", "conseillère fédérale", "Comme l'a rappelé"),
    ("statement", "Karin Keller-Sutter", POLICE, "Karin Keller-Sutter,"),
    ("quote", "Karin Keller-Sutter", POLICE, "« La position de la Suisse"),
]  # fmt: skip

GERMAN = (
    "Bundesrätin Karin Keller-Sutter am Treffen der Innenminister\n"
    "Bundesrätin Karin Keller-Sutter hat am Donnerstag in Brüssel am Treffen teilgenommen.\n"
    "«Wir werden die Menschen nicht im Stich lassen», sagte Keller-Sutter in Brüssel.\n"
    "Die EJPD-Vorsteherin betonte vor den Medien: «Die russische Aggression erinnert mich an 1956.»\n"
    "Bundesrätin Keller-Sutter betonte, dass die Schweiz eine verlässliche Partnerin sei.\n"
    "Es müssten klare Kriterien definiert werden, sagte Keller-Sutter.\n"
    "Sie wies darauf hin, dass auch die Schweiz davon betroffen sei.\n"
    "„Die Lage an der Aussengrenze bleibt angespannt“, erklärte der österreichische Innenminister Gerhard Karner.\n"
    "Der Schutz der Aussengrenzen sei zentral, so Keller-Sutter.\n"
    "Laut Bundesrätin Keller-Sutter ist die Zusammenarbeit mit Europol unverzichtbar.\n"
    "Für Bundesrätin Keller-Sutter ist klar: «Die Optimierung der Zusammenarbeit liegt im Interesse der Schweiz».\n"
    "»Ohne Solidarität funktioniert Dublin nicht«, fügte sie hinzu.\n"
)
GERMAN_EXPECTED = [
    ("quote", "Karin Keller-Sutter", "Bundesrätin", "«Wir werden die Menschen"),
    ("quote", "Karin Keller-Sutter", "EJPD-Vorsteherin", "«Die russische Aggression"),
    ("statement", "Karin Keller-Sutter", "Bundesrätin", "Bundesrätin Keller-Sutter betonte, dass"),
    ("statement", "Karin Keller-Sutter", "Bundesrätin", "Es müssten klare Kriterien"),
    ("statement", "Karin Keller-Sutter", "Bundesrätin", "Sie wies darauf hin"),
    ("quote", "Gerhard Karner", "österreichische Innenminister", "„Die Lage an der Aussengrenze"),
    ("statement", "Karin Keller-Sutter", "Bundesrätin", "Der Schutz der Aussengrenzen sei zentral"),
    ("statement", "Karin Keller-Sutter", "Bundesrätin", "Laut Bundesrätin Keller-Sutter"),
    ("quote", "Karin Keller-Sutter", "Bundesrätin", "«Die Optimierung der Zusammenarbeit"),
    ("quote", "Karin Keller-Sutter", "Bundesrätin", "»Ohne Solidarität funktioniert"),
]  # fmt: skip

ITALIAN = (
    "La consigliera federale Karin Keller‑Sutter a Bruxelles\n"
    "La consigliera federale Karin Keller‑Sutter ha partecipato giovedì al comitato misto.\n"
    "«Dalla pandemia abbiamo imparato quanto sia importante lo scambio di informazioni», ha dichiarato Keller‑Sutter.\n"
    "La consigliera federale ha sottolineato che la Svizzera sostiene una procedura coordinata.\n"
    "Keller‑Sutter ha affermato che la Svizzera appoggia gli sforzi dell'UE.\n"
    "È proprio in questa crisi che la sicurezza è importante, ha ricordato il capo del DFGP.\n"
    "Il ministro dell'interno italiano Matteo Piantedosi ha spiegato che gli arrivi sono aumentati.\n"
    '"Il rispetto delle regole comuni è decisivo in questa fase", ha affermato il ministro Piantedosi.\n'
    "Secondo Keller‑Sutter, la piattaforma di registrazione deve essere aperta a tutti.\n"
    "Adesso si tratta di attuarlo, ha aggiunto la consigliera federale, e di farlo presto.\n"
    "Lei ha ribadito che la Svizzera farà la sua parte.\n"
    "La presidente della Confederazione Simonetta Sommaruga ha precisato che occorre agire insieme.\n"
)
ITALIAN_EXPECTED = [  # the speaker's name with a plain hyphen, as a search types it
    ("quote", "Karin Keller-Sutter", "consigliera federale", "«Dalla pandemia"),
    ("statement", "Karin Keller-Sutter", "consigliera federale", "La consigliera federale ha sottolineato"),
    ("statement", "Karin Keller-Sutter", "consigliera federale", "Keller‑Sutter ha affermato che"),
    ("statement", "Karin Keller-Sutter", "capo del DFGP", "È proprio in questa crisi"),
    ("statement", "Matteo Piantedosi", "ministro dell'interno italiano", "Il ministro dell'interno"),
    ("quote", "Matteo Piantedosi", "ministro", "\"Il rispetto delle regole"),
    ("statement", "Karin Keller-Sutter", "consigliera federale", "Secondo Keller‑Sutter"),
    ("statement", "Karin Keller-Sutter", "consigliera federale", "Adesso si tratta di attuarlo"),
    ("statement", "Karin Keller-Sutter", "consigliera federale", "Lei ha ribadito che"),  # the last speaker
    ("statement", "Simonetta Sommaruga", "presidente della Confederazione", "La presidente della Confederazione"),
]  # fmt: skip

SWEDISH = (
    "Gunnar Strömmer deltar i nordiskt ministermöte\n"
    "Justitieminister Gunnar Strömmer deltar i mötet i Oslo.\n"
    "– Den organiserade brottsligheten är gränsöverskridande och samarbetet är avgörande, säger "
    "justitieminister Gunnar Strömmer.\n"
    "– Vi måste bryta rekryteringen av barn och unga in i gängen, säger socialtjänstminister Camilla "
    "Waltersson Grönvall.\n"
    "”Sverige kommer att driva på för ett starkt stöd till Ukraina”, säger EU-minister Jessica Rosencrantz.\n"
    "Strömmer betonade att polissamarbetet i Norden måste stärkas.\n"
    "Enligt Gunnar Strömmer är informationsutbytet mellan länderna helt avgörande.\n"
    "– Regeringen prioriterar att öka återvändandet av dem som fått ett utvisningsbeslut, säger "
    "statssekreterare Anders Hall.\n"
    "Migrationsminister Maria Malmer Stenergard sa att förhandlingarna om pakten tagit viktiga steg framåt.\n"
    "Hon konstaterade att fler länder måste ta ansvar.\n"
    "»Vi behöver en gemensam lägesbild i hela regionen«, sa Strömmer.\n"
    "– Givet det allvarliga säkerhetspolitiska läget är det viktigt att stärka krisberedskapen, säger "
    "ministern för civilt försvar Carl-Oskar Bohlin.\n"
)
SWEDISH_EXPECTED = [
    ("quote", "Gunnar Strömmer", "justitieminister", "Den organiserade brottsligheten"),
    ("quote", "Camilla Waltersson Grönvall", "socialtjänstminister", "Vi måste bryta rekryteringen"),
    ("quote", "Jessica Rosencrantz", "EU-minister", "”Sverige kommer att driva på"),
    ("statement", "Gunnar Strömmer", "justitieminister", "Strömmer betonade att"),  # his role nearest before
    ("statement", "Gunnar Strömmer", "justitieminister", "Enligt Gunnar Strömmer"),
    ("quote", "Anders Hall", "statssekreterare", "Regeringen prioriterar"),
    ("statement", "Maria Malmer Stenergard", "Migrationsminister", "Migrationsminister Maria Malmer"),
    ("statement", "Maria Malmer Stenergard", "Migrationsminister", "Hon konstaterade att"),
    ("quote", "Gunnar Strömmer", "justitieminister", "»Vi behöver en gemensam"),
    ("quote", "Carl-Oskar Bohlin", "ministern för civilt försvar", "Givet det allvarliga"),
]  # fmt: skip

DUTCH = (
    "Ministers bespreken migratie en veiligheid\n"
    "Na afloop van de bijeenkomst benadrukte Staatssecretaris voor Asiel en Migratie, Nicole de Moor, dat "
    "het pact snel moet worden uitgevoerd.\n"
    "“De strijd tegen drugscriminaliteit is een prioriteit”, zei minister Annelies Verlinden.\n"
    "Verlinden verklaarde dat de havens beter beschermd moeten worden.\n"
    "Volgens Nicole de Moor moet de bescherming van Oekraïners geharmoniseerd worden.\n"
    "De Europese samenwerking werkt, aldus minister Verlinden.\n"
)
DUTCH_EXPECTED = [
    ("statement", "Nicole de Moor", "Staatssecretaris voor Asiel en Migratie", "Na afloop van de bijeenkomst"),
    ("quote", "Annelies Verlinden", "minister", "“De strijd tegen drugscriminaliteit"),
    ("statement", "Annelies Verlinden", "minister", "Verlinden verklaarde dat"),
    ("statement", "Nicole de Moor", "", "Volgens Nicole de Moor"),
    ("statement", "Annelies Verlinden", "minister", "De Europese samenwerking werkt"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (FRENCH, "fr", FRENCH_EXPECTED),
        (GERMAN, "de", GERMAN_EXPECTED),
        (ITALIAN, "it", ITALIAN_EXPECTED),
        (SWEDISH, "sv", SWEDISH_EXPECTED),
        (DUTCH, "nl", DUTCH_EXPECTED),
    ],
    ids=["fr", "de", "it", "sv", "nl"],
)
def test_statements_in_each_language(text: str, lang: str, expected: list[tuple[str, str, str, str]]) -> None:
    check(text, lang, expected)


# Sentences that carry an attribution word or a capitalised subject but are no one's statement:
# institutions and countries, "so" and "sa" as ordinary words, "enligt" a law, "selon" a plan.
NOT_STATEMENTS = {
    "en": "The Council says nothing about the budget in its conclusions. The Decree states that prices fall.",
    "fr": (
        "La Suisse a souligné que l'accord fonctionne bien. Le Conseil a déclaré que le sujet reviendrait. "
        "Les travaux avancent selon le calendrier prévu. La délégation suisse a expliqué que la clause expire. "
        "Le projet dit de « frontières intelligentes » sera présenté en 2013."
    ),
    "de": (
        "Die Schweiz betonte, dass sie eine verlässliche Partnerin sei. Das Verfahren ist so, dass alle "
        "Staaten mitwirken. Der Bundesrat erklärte, dass er die Initiative ablehnt. Es war so kalt wie nie. "
        "Die Gruppierungen «Al-Qaida» und «Islamischer Staat» bleiben verboten. Laut Bundesamt für Statistik "
        "stieg die Zahl."
    ),
    "it": (
        "La Svizzera ha sottolineato che l'ALC comporta vantaggi. Il Consiglio ha dichiarato che tornerà sul "
        "tema. La delegazione svizzera ha informato l'UE. Secondo il diritto interno di entrambi gli Stati "
        "serve un reato."
    ),
    "sv": (
        "Regeringen anser att förslaget är bra. Förordningen tillämpas enligt EU-förordningen från 2014. "
        "Det var så han sa till sig själv. Enligt Europaparlamentets och rådets direktiv ska uppgifterna "
        "skyddas. Kommissionen konstaterar att målen nås. Han sa inget."
    ),
    "nl": "De Raad verklaarde dat de maatregelen werken. Volgens de planning is het pact in 2026 klaar.",
}


@pytest.mark.parametrize("lang", sorted(NOT_STATEMENTS))
def test_ordinary_sentences_are_no_statements(lang: str) -> None:
    for other in ("en", "fr", "de", "it", "nl", "sv"):
        assert extract_statements(NOT_STATEMENTS[lang], other) == (), (lang, other)


def test_english_shapes_are_kept_for_english_and_unknown_languages() -> None:
    text = "“We will not give in,” said Minister Pieter Jans. Mr Jans explained that the budget was final."
    assert (
        found(text, "en")
        == found(text, "xx")
        == [
            ("quote", "Pieter Jans", "Minister", "“We will not give in,”"),
            ("statement", "Pieter Jans", "Minister", "Mr Jans explained that the budget was final."),
        ]
    )


def test_ingest_reads_statements_in_the_documents_language(store: PassageStore, tmp_path: Path) -> None:
    """A small multilingual ingest: the pipeline detects each file's language, and the store's
    statements (what ``pressroom quotes`` prints) hold each language's speakers."""
    documents = {"fr.txt": FRENCH, "de.txt": GERMAN, "it.txt": ITALIAN, "sv.txt": SWEDISH, "nl.txt": DUTCH}
    for name, text in documents.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    events = list(ingest_paths(store, [tmp_path]))
    assert [e.status for e in events] == ["added"] * 5
    assert {sid: store.document(sid).lang for sid in documents} == {sid: sid[:2] for sid in documents}
    by_document = {sid: [st for st in store.statements() if st.source_id == sid] for sid in documents}
    assert {sid: len(found) for sid, found in by_document.items()} == {
        "fr.txt": 10, "de.txt": 10, "it.txt": 10, "sv.txt": 10, "nl.txt": 5,
    }  # fmt: skip
    assert [st.speaker for st in store.statements(speaker="Rosencrantz")] == ["Jessica Rosencrantz"]
    assert {st.source_id for st in store.statements(speaker="Keller-Sutter")} == {"fr.txt", "de.txt", "it.txt"}
    for found in by_document.values():
        for st in found:
            assert store.document(st.source_id).text[st.start : st.end] == st.text


def test_a_body_is_not_its_member() -> None:
    """Without a name, "der Bundesrat" is the Federal Council, though "Bundesrat Jans" is a person."""
    text = "Bundesrat Beat Jans reiste nach Brüssel.\nDer Bundesrat betont, das Gesuch sei nicht reif gewesen.\n"
    assert extract_statements(text, "de") == ()
    assert found(text.replace("Der Bundesrat betont", "Bundesrat Jans betont"), "de")[0][:3] == (
        "statement", "Beat Jans", "Bundesrat",
    )  # fmt: skip


def test_a_quotation_continued_after_its_attribution_and_a_name_before_a_colon() -> None:
    text = (
        "Treffen in Lille\n"
        "Bundesrätin Karin Keller-Sutter reiste nach Lille. «Ich konnte mich mit Präsident Macron über die Rolle "
        "der assoziierten Staaten austauschen», sagte Bundesrätin Keller-Sutter am Treffen. «Herr Macron hat mir "
        "versichert, dass die Schweiz Teil dieses Schengen-Rates ist.»\n"
        "Bundesrätin Keller-Sutter: «Die Schweiz bleibt eine verlässliche Partnerin.»\n"
        "«Das ist ein guter Tag für Europa», sagte Keller-Sutter. «Frankreich», sagte Macron.\n"
        "Zentrale Botschaft der Kampagne: «Kinderpornografie ist kein Delikt ohne Opfer.»\n"  # nouns, no person
    )
    role = "Bundesrätin"
    check(text, "de", [
        ("quote", "Karin Keller-Sutter", role, "«Ich konnte mich mit Präsident Macron über die Rolle der assoziierten "
         "Staaten austauschen»"),
        ("quote", "Karin Keller-Sutter", role, "«Herr Macron hat mir versichert, dass die Schweiz Teil dieses "
         "Schengen-Rates ist.»"),
        ("quote", "Karin Keller-Sutter", role, "«Die Schweiz bleibt eine verlässliche Partnerin.»"),
        ("quote", "Karin Keller-Sutter", role, "«Das ist ein guter Tag für Europa»"),
    ])  # fmt: skip
    assert [st.text for st in extract_statements(text, "de")][1].endswith("ist.»")


def test_a_french_quotation_continued_after_its_attribution() -> None:
    text = (
        "« Nous avons pu discuter du rôle des États associés », a déclaré la conseillère fédérale Karin "
        "Keller-Sutter à Lille. « M. Macron m'a assuré que la Suisse fait partie du conseil. »\n"
    )
    role = "conseillère fédérale"
    check(text, "fr", [
        ("quote", "Karin Keller-Sutter", role, "« Nous avons pu discuter du rôle des États associés »"),
        ("quote", "Karin Keller-Sutter", role, "« M. Macron m'a assuré que la Suisse fait partie du conseil. »"),
    ])  # fmt: skip


def test_shapes_read_on_the_jha_feed() -> None:
    """Shapes of the JHA feed's releases, written here as small passages: a participle opening
    reported speech, a plural honorific, a relative clause after the speaker, a capitalised
    adjective heading a role."""
    french = (
        "La conseillère fédérale Simonetta Sommaruga à Bruxelles\n"
        "Mmes Sommaruga et Malmström ont discuté de la Syrie, soulignant que la réponse devait être coordonnée.\n"
        "Madame Sommaruga a réaffirmé la volonté de la Suisse, ajoutant que les règles doivent être respectées.\n"
        "Karin Keller-Sutter, qui a pu s'entretenir avec le président français du conseil, a fait savoir que "
        "la Suisse y participerait.\n"
        "António Guterres, Haut Commissaire des Nations Unies pour les réfugiés, a expliqué que la situation "
        "se dégrade.\n"
        '"Ces efforts doivent être entrepris par tous les États," a déclaré la conseillère fédérale, qui a '
        "également souligné la nécessité de programmes régionaux.\n"
    )
    check(french, "fr", [
        ("statement", "Simonetta Sommaruga", "conseillère fédérale", "Madame Sommaruga a réaffirmé"),
        ("statement", "Karin Keller-Sutter", "", "Karin Keller-Sutter, qui a pu"),
        ("statement", "António Guterres", "Haut Commissaire des Nations Unies pour les réfugiés", "António"),
        ("quote", "Simonetta Sommaruga", "conseillère fédérale", '"Ces efforts doivent être entrepris'),
    ])  # fmt: skip


def test_italian_drops_its_subjects() -> None:
    """ "Ha aggiunto che …" and "…, ha affermato durante il pranzo." name no subject: the person
    last named speaks. A gerund's subject is its clause's, and "I ministri" are no one person."""
    text = (
        "La consigliera federale Karin Keller Sutter ha partecipato all'incontro.\n"
        "La consigliera federale Keller‑Sutter si è dichiarata soddisfatta che il problema venga discusso. "
        "È giunto il momento di adottare misure efficienti, ha affermato durante il pranzo di lavoro. "
        "Ha inoltre aggiunto che è importante proteggere le frontiere esterne.\n"
        "Il capo del DFGP ha puntualizzato che la Svizzera pone l'accento sull'aiuto in loco.\n"
        "La consigliera federale ha apprezzato la discussione, osservando che occorre preservare Schengen.\n"
        "I ministri hanno preso atto degli sforzi della Grecia, ribadendo tuttavia che il Paese deve agire.\n"
    )
    name, role = "Karin Keller-Sutter", "consigliera federale"
    check(text, "it", [
        ("statement", name, role, "La consigliera federale Keller‑Sutter si è dichiarata soddisfatta"),
        ("statement", name, role, "È giunto il momento"),
        ("statement", name, role, "Ha inoltre aggiunto che"),
        ("statement", name, "capo del DFGP", "Il capo del DFGP ha puntualizzato"),
        ("statement", name, role, "La consigliera federale ha apprezzato"),
    ])  # fmt: skip


def test_a_pronoun_agrees_with_its_person_and_a_quotation_goes_on_from_reported_speech() -> None:
    """ "Sie" is not the Innenminister named last; a verb before its subject ("versicherte
    Sommaruga dem Innenminister Alfano") is the subject's; «…» after "sagte X." is X's."""
    text = (
        "Bundesrätin Simonetta Sommaruga in Luxemburg\n"
        "In einem Gespräch versicherte Sommaruga dem italienischen Innenminister Angelino Alfano, die Schweiz "
        "sei bereit zu helfen. Sie betonte aber auch, dass Italien seine Verpflichtungen erfüllen müsse.\n"
        "Diese Regelung sei nur teilweise verbindlich, sagte Sommaruga. «Es sollte möglich sein, den Krisenfall "
        "eng zu definieren.» Danach reiste sie ab.\n"
    )
    role = "Bundesrätin"
    check(text, "de", [
        ("statement", "Simonetta Sommaruga", role, "In einem Gespräch versicherte Sommaruga"),
        ("statement", "Simonetta Sommaruga", role, "Sie betonte aber auch"),
        ("statement", "Simonetta Sommaruga", role, "Diese Regelung sei"),
        ("quote", "Simonetta Sommaruga", role, "«Es sollte möglich sein, den Krisenfall eng zu definieren.»"),
    ])  # fmt: skip


def test_a_swedish_quotation_holding_a_verb_of_saying() -> None:
    """ "Ukraina fortsätter stå högt" is inside the quotation: the attribution is the line's last verb."""
    text = (
        "– Därför är det bra att Ukraina fortsätter stå högt på dagordningen när Europas ledare möts, "
        "säger EU-minister Jessica Rosencrantz.\n"
    )
    check(text, "sv", [
        ("quote", "Jessica Rosencrantz", "EU-minister", "Därför är det bra att Ukraina fortsätter stå högt på "
         "dagordningen när Europas ledare möts"),
    ])  # fmt: skip
    assert extract_statements(text, "sv")[0].text.endswith("möts")


def test_an_inversion_without_its_comma_and_a_role_followed_by_its_circumstances() -> None:
    text = (
        "La conseillère fédérale Karin Keller-Sutter à Bruxelles\n"
        "La protection des frontières extérieures est importante a-t-elle ajouté, soulignant le rôle de Frontex.\n"
        "Il est important que la Suisse participe, a déclaré la conseillère fédérale lors de la conférence de presse.\n"
    )
    check(text, "fr", [
        ("statement", "Karin Keller-Sutter", "conseillère fédérale", "La protection des frontières extérieures"),
        ("statement", "Karin Keller-Sutter", "conseillère fédérale", "Il est important que la Suisse participe"),
    ])  # fmt: skip
    german = "Bundesrätin Karin Keller-Sutter kündigte an, dass die Schweiz eine konstruktive Rolle spielen werde.\n"
    assert found(german, "de")[0][:3] == ("statement", "Karin Keller-Sutter", "Bundesrätin")
    german = "Der UNO-Flüchtlingshochkommissar António Guterres wies darauf hin, dass die Lage eskaliere.\n"
    assert found(german, "de")[0][1:3] == ("António Guterres", "UNO-Flüchtlingshochkommissar")
    role = "Vorsteherin des Eidgenössischen Justiz- und Polizeidepartements (EJPD)"
    german = (
        "Bundesrätin Karin Keller-Sutter in Brüssel\n"
        f"Die {role} betonte vor den Medien: «Die russische Aggression erinnert mich an 1956.»\n"
    )
    quote = "«Die russische Aggression erinnert mich an 1956.»"
    assert found(german, "de") == [("quote", "Karin Keller-Sutter", role, quote)]


def test_german_capitalised_nouns_are_no_names_and_a_role_finds_a_person_of_its_gender() -> None:
    """German writes no small words between a role and its name, so "Bundesrätin nutzte ihren
    Auftritt" names no "Auftritt"; "Die Vorsteherin des EJPD" is the woman the release names, not
    the minister it names first; "Poiché" opens a clause, not a name."""
    text = (
        "Innenminister Claudio Scajola empfing Bundesrätin Ruth Metzler-Arnold in Rom.\n"
        "Die Vorsteherin des Eidgenössischen Justiz- und Polizeidepartementes hielt fest, das Abkommen sei gut.\n"
        "Die Bundesrätin nutzte ihren Auftritt. Sie wies darauf hin, dass die Vorschriften streng seien.\n"
    )
    role = "Vorsteherin des Eidgenössischen Justiz- und Polizeidepartementes"
    check(text, "de", [
        ("statement", "Ruth Metzler-Arnold", role, "Die Vorsteherin des"),
        ("statement", "Ruth Metzler-Arnold", role, "Sie wies darauf hin"),
    ])  # fmt: skip
    assert found("Poiché Bortone ha sostenuto che il suo caso era politico, il tribunale decise.\n", "it") == []
    spanish = (
        "Bundesrat Christoph Blocher traf Innenminister Angel Acebes.\n"
        "Der EJPD-Vorsteher versicherte seinem spanischen Kollegen, dass der Mann in Haft bleibe.\n"
    )
    assert found(spanish, "de")[0][:3] == ("statement", "Christoph Blocher", "EJPD-Vorsteher")


def test_the_speaker_is_the_first_person_named_after_the_verb_not_one_named_later() -> None:
    """In the shapes of nsb-54944-de and a Swedish government article: the person the attribution
    names first speaks; the people named after ("an dem Treffen mit …", "som är statssekreterare åt
    …") are the company they keep. Before, the last name of the run was taken."""
    german = (
        "«Für Herausforderungen, die uns grenzüberschreitend betreffen, braucht es gemeinsame Lösungen», "
        "sagte Bundesrätin Simonetta Sommaruga an dem Treffen mit Thomas de Maizière (Deutschland).\n"
    )
    assert [f[1] for f in found(german, "de")] == ["Simonetta Sommaruga"]
    swedish = (
        "Vi har alla förutsättningar, men det krävs kraftfulla åtgärder, sa Sara Modig som är "
        "statssekreterare åt näringsminister Ebba Busch.\n"
    )
    assert [f[1] for f in found(swedish, "sv")] == ["Sara Modig"]


def test_a_swedish_quotation_may_open_with_a_minus_sign() -> None:
    """100 lines of the Swedish feed open a quotation with U+2212 ("− I det allvarliga läge …"),
    where most use an en dash; the whole line is the minister's, not only its last sentence."""
    text = (
        "− I det allvarliga läge vi är i nu behöver vi ge tydliga signaler om att alla kilowattimmar räknas. "
        "Vi måste värna vår fossilfria vattenkraft, säger energi- och näringsminister Ebba Busch.\n"
    )
    check(text, "sv", [("quote", "Ebba Busch", "energi- och näringsminister", "I det allvarliga läge")])


def test_a_coordinated_role_keeps_its_first_half() -> None:
    # "energi- och näringsminister" is one role, as "Justiz- und Innenminister" is.
    check("– Det här är ett viktigt steg, säger energi- och näringsminister Ebba Busch.", "sv",
          [("quote", "Ebba Busch", "energi- och näringsminister", "Det här är ett viktigt steg")])
    check("«Das ist wichtig», sagte der Justiz- und Innenminister Hans Muster.", "de",
          [("quote", "Hans Muster", "Justiz- und Innenminister", "«Das ist wichtig")])
