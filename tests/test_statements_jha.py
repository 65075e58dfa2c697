"""Statements of the JHA feed's French, German, Italian and Swedish releases, checked by hand.

Each expectation was read against its record's text: the speaker's full name, the role the
document gives them, and the statement's first and last words (a quotation whole, neither cut
nor run on). The floors are the counts measured over the whole feed, so a regression in any
language fails here. Statements come from ``extract_statements`` over the text ingest builds
(title, lead and text's paragraphs, one a line), without an index.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from ingest.chunking import assemble
from ingest.feeds import read_feed, record_blocks
from ingest.pipeline import reload_source
from ingest.records import Document, Statement
from ingest.statements import extract_statements
from tests.conftest import SHARED

JHA = SHARED / "corpus" / "jha-meetings.jsonl"
pytestmark = pytest.mark.skipif(not JHA.exists(), reason=f"the shared JHA feed is absent ({JHA})")

LANGUAGES = ("fr", "de", "it", "sv")
# Statements found over the feed's fr (122 records), de (121), it (76) and sv (48) releases.
FLOORS = {"fr": 149, "de": 161, "it": 57, "sv": 11}

CONSEILLERE, BUNDESRAETIN, CONSIGLIERA = "conseillère fédérale", "Bundesrätin", "consigliera federale"
SOMMARUGA, KELLER_SUTTER, BAUME = "Simonetta Sommaruga", "Karin Keller-Sutter", "Elisabeth Baume-Schneider"
ROSENCRANTZ = "Jessica Rosencrantz"
NORDIC = "g0vse-artiklar-2024-03-nordiskt-ministermote-om-barn-och-unga-i-kriminalitet"
# (record id, speaker, role, first words, last words)
EXPECTED = {
    "fr": [
        ("nsb-54787-fr", SOMMARUGA, CONSEILLERE, "La conseillère fédérale Simonetta Sommaruga a souligné que",
         "même en période de surcharge extraordinaire."),
        ("nsb-87441-fr", KELLER_SUTTER, CONSEILLERE, "« La position de la Suisse est très claire",
         "à tous les niveaux »"),
        ("nsb-39546-fr", SOMMARUGA, "cheffe du DFJP", "Comme l'a rappelé la cheffe du DFJP,", "des abus éventuels."),
        ("nsb-93611-fr", BAUME, "cheffe du DFJP", "« Le respect des droits humains", "crédible et résistant »"),
        ("nsb-76643-fr", KELLER_SUTTER, CONSEILLERE, "Madame Keller-Sutter a déclaré que des solutions ponctuelles",
         "l'adoption de solutions pérennes."),
        ("nsb-80639-fr", KELLER_SUTTER, CONSEILLERE, "« La Suisse salue en particulier", "le domaine migratoire »"),
        ("nsb-14316-fr", "Christoph Blocher", "conseiller fédéral", "Monsieur Blocher a expliqué que",
         "pour une intégration réussie."),
        ("nsb-56079-fr", SOMMARUGA, "présidente de la Confédération", "Le retour de personnes parties combattre",
         "se rendre dans des régions en conflit."),
        # a capitalised adjective heads the role
        ("nsb-47477-fr", "António Guterres", "Haut Commissaire des Nations Unies pour les réfugiés",
         "António Guterres, Haut Commissaire", "aucune solution ne semble en vue à court terme."),
        # a relative clause after the name is no role ("qui a pu s'entretenir avec le président français")
        ("nsb-87060-fr", KELLER_SUTTER, CONSEILLERE, "Karin Keller-Sutter, qui a pu s'entretenir",
         "et donc aussi la Suisse - y participeraient."),
    ],
    "de": [
        ("nsb-56079-de", SOMMARUGA, "Bundespräsidentin", "Bundespräsidentin Sommaruga betonte, dass",
         "bevor Revisionen in Angriff genommen werden."),
        ("nsb-87767-de", KELLER_SUTTER, BUNDESRAETIN, "Sie erklärte, dass die Schweiz bereit ist",
         "im Rahmen einer europäischen Initiative aufzunehmen."),
        ("nsb-40262-de", SOMMARUGA, BUNDESRAETIN, "Bundesrätin Simonetta Sommaruga wies darauf hin,",
         "Berechenbarkeit der Zusammenarbeit verbessern."),
        ("nsb-96849-de", BAUME, BUNDESRAETIN, "Die Schweiz sei bereit, ihren Beitrag", "erklärte Baume-Schneider."),
        ("nsb-74072-de", KELLER_SUTTER, BUNDESRAETIN, "Bundesrätin Keller-Sutter betonte, dass zuerst",
         "weiterer Massnahmen geplant wird."),
        ("nsb-80639-de", KELLER_SUTTER, BUNDESRAETIN, "«Die Schweiz begrüsst insbesondere",
         "mit einem umfassenden Ansatz angegangen werden»"),
        ("nsb-14316-de", "Christoph Blocher", "Bundesrat", "Bundesrat Blocher führte dabei aus,",
         "für eine gelungene Integration sind."),
        ("nsb-57706-de", SOMMARUGA, "Bundespräsidentin", "Bundespräsidentin Sommaruga sagte, die Schweiz sei bereit",
         "Verteilmechanismus für Asylsuchende beschliesst."),
        # "Sie" after "versicherte Sommaruga dem italienischen Innenminister Angelino Alfano, …" is Sommaruga
        ("nsb-53732-de", SOMMARUGA, BUNDESRAETIN, "Sie betonte gleichzeitig aber auch, dass",
         "im Rahmen des Dubliner Abkommens erfülle."),
        ("nsb-87441-de", KELLER_SUTTER, BUNDESRAETIN, "«Angesichts der Sicherheitslage an der Außengrenze",
         "innerhalb des Schengen-Raums zu wahren»"),
    ],
    "it": [
        ("nsb-87767-it", KELLER_SUTTER, "Capo del DFGP", "È proprio in questa crisi umanitaria",
         "nel proteggere la frontiera esterna."),
        ("nsb-100778-it", "Beat Jans", "consigliere",
         "Adesso si tratta di attuarlo, e fino ad allora, ha dichiarato Jans",
         "nel quadro della procedura Dublino."),
        ("nsb-73914-it", KELLER_SUTTER, CONSIGLIERA, "La consigliera federale Keller-Sutter ha sottolineato,",
         "Eurodac - sono insostituibili."),
        # "Keller‑Sutter" (a non-breaking hyphen) is the "Karin Keller Sutter" the release names first
        ("nsb-90710-it", KELLER_SUTTER, CONSIGLIERA, "Keller‑Sutter ha affermato che la Svizzera appoggia",
         "per combattere il traffico di armi."),
        ("nsb-57706-it", SOMMARUGA, "presidente della Confederazione", "Sommaruga ha sottolineato che alla luce",
         "e attuarle senza indugio."),
        # Italian drops the subject: "Ha aggiunto che" is the person last named
        ("nsb-54787-it", SOMMARUGA, CONSIGLIERA, "Ha aggiunto che, nell'ambito di una cooperazione",
         "sviluppare in modo sostanziale il sistema Dublino."),
        ("nsb-92680-it", BAUME, "capo del DFGP", "La capo del DFGP ha inoltre ricordato i partenariati",
         "ha concluso con otto Stati."),
        ("nsb-93611-it", BAUME, CONSIGLIERA, "Secondo la consigliera federale Baume-Schneider,",
         "applicato in modo uniforme."),
        ("nsb-56079-it", SOMMARUGA, "presidente della Confederazione",
         "La presidente della Confederazione Sommaruga ha sottolineato che, prima di procedere",
         "della cooperazione Schengen esistenti."),
        ("nsb-88995-it", KELLER_SUTTER, CONSIGLIERA, "«Dalla pandemia abbiamo imparato",
         "il coordinamento in una situazione di crisi»"),
    ],
    "sv": [
        (NORDIC, "Camilla Waltersson Grönvall", "socialtjänstminister", "Ska vi på allvar återupprätta tryggheten",
         "till exempel med våra nordiska grannar"),
        (NORDIC, "Gunnar Strömmer", "justitieminister", "Den organiserade brottsligheten är gränsöverskridande.",
         "att bryta rekryteringen av barn och unga in i gängen"),
        ("g0vse-pressmeddelanden-2024-11-eu-minister-jessica-rosencrantz-deltar-vid-ministerradsmote-i-bryssel",
         ROSENCRANTZ, "EU-minister", "Idag är det tusen dagar sedan", "Det är vår generations viktigaste uppgift"),
        ("g0vse-artiklar-2025-02-atervandande-i-fokus-nar-statssekreterare-anders-hall-besokte-frontex",
         "Anders Hall", "statssekreterare", "Regeringen prioriterar att öka återvändandet",
         "ansvarsfull och välfungerande migrationspolitik"),
        # "Ukraina fortsätter stå högt" is inside the quotation: the attribution is the last "säger"
        ("g0vse-pressmeddelanden-2025-02-stodet-till-ukraina-i-fokus-nar-jessica-rosencrantz-deltar-vid-"
         "ministerradsmote-i-bryssel", ROSENCRANTZ, "EU-minister", "Vi befinner oss i ett avgörande skede.",
         "Därför är det bra att Ukraina fortsätter stå högt på dagordningen när Europas ledare möts"),
        ("g0vse-artiklar-2022-12-schengen-migration-och-brottsbekampning-i-fokus-pa-eu-mote",
         "Maria Malmer Stenergard", "migrationsminister", "Vi behöver arbeta vidare både med det nuvarande systemet",
         "flyr och med återvändande"),
        ("g0vse-pressmeddelanden-2024-10-eu-minister-jessica-rosencrantz-deltar-vid-ministerradsmote-i-luxemburg",
         ROSENCRANTZ, "EU-minister", "Möjligheterna för judar att leva öppet",
         "respekt för våra gemensamma värderingar"),
        # the release never gives her role
        ("g0vse-pressmeddelanden-2024-09-paulina-brandberg-deltar-i-nordisk-baltiskt-seminarium-om-"
         "arbetslivskriminalitet", "Paulina Brandberg", "", "Det är angeläget att brott, fusk och missbruk",
         "att vi samarbetar mer över landgränserna"),
        ("g0vse-pressmeddelanden-2024-06-carl-oskar-bohlin-deltar-i-rif-mote-i-luxemburg", "Carl-Oskar Bohlin",
         "ministern för civilt försvar", "Givet utvecklingen med flera parallella",
         "en ansats som utgår från hela samhället"),
        ("g0vse-artiklar-2024-09-organiserade-brottsligheten-i-fokus-nar-nordiska-ministerradet-for-"
         "justitiefragor-mottes", "Gunnar Strömmer", "justitieminister", "Att bekämpa antisemitism är en högt",
         "också i det nordiska sammanhanget"),
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def feed() -> dict[str, tuple[str, str, tuple[Statement, ...]]]:
    """Every fr/de/it/sv record of the feed: its language, text and statements, by id."""
    out = {}
    for _, record in read_feed(JHA):
        assert isinstance(record, dict)
        lang = record["lang"].strip().lower()
        if lang in LANGUAGES:
            text, _ = assemble(record_blocks(record))
            out[str(record["id"])] = (lang, text, extract_statements(text, lang))
    return out


def test_the_text_is_the_one_ingest_stores(feed: dict[str, tuple[str, str, tuple[Statement, ...]]]) -> None:
    """The text read here, and so every offset, is the document ingest builds from the record."""
    source_id = EXPECTED["it"][5][0]
    (document,) = (d for d in reload_source(Path(JHA), source_id) if isinstance(d, Document))
    assert document.text == feed[source_id][1]
    assert document.statements == feed[source_id][2]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_hand_checked_statements(lang: str, feed: dict[str, tuple[str, str, tuple[Statement, ...]]]) -> None:
    assert len(EXPECTED[lang]) == 10
    assert len({source_id for source_id, *_ in EXPECTED[lang]}) >= 9  # spread over releases
    for source_id, speaker, role, first, last in EXPECTED[lang]:
        record_lang, text, statements = feed[source_id]
        assert record_lang == lang
        matches = [st for st in statements if st.text.startswith(first)]
        assert matches, f"{source_id}: no statement opens with {first!r}"
        (st,) = matches
        assert (st.speaker, st.role) == (speaker, role), (source_id, st.text[:80])
        assert st.text.endswith(last), (source_id, st.text)
        assert text[st.start : st.end] == st.text


def test_statements_found_in_every_language(feed: dict[str, tuple[str, str, tuple[Statement, ...]]]) -> None:
    counts = Counter({lang: 0 for lang in LANGUAGES})
    for lang, _, statements in feed.values():
        counts[lang] += len(statements)
    assert {lang: counts[lang] >= FLOORS[lang] for lang in LANGUAGES} == dict.fromkeys(LANGUAGES, True), counts
