"""Briefings in the language of the request (issue 20): a French and a Swedish briefing on small
inline releases written in those languages, and one in German on the team's JHA feed.

Each checks that the briefing's own words are in its language (section titles, gaps, the
questions it asks), that the timeline holds the releases' dates (a date without a year read
against the release's date), that quotes by speaker hold the minister, that a gap is reported
only where no release speaks to it, and that every line is cited: its words stand in its source.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document

from assistant.answer_types import expected_kind
from assistant.assistant import Assistant
from assistant.briefing import Briefing, build_briefing, to_html, to_markdown, write_docx
from assistant.briefing.gaps import ASPECTS, gap_sentence, missing, speaks_to
from assistant.briefing.language import briefing_language
from assistant.briefing.lines import QA, Line
from assistant.messages import MESSAGES, message
from assistant.records import Citation
from eval.briefing_eval import _cited, speaker_matches
from index.embedding import Embedder
from tests.conftest import SHARED, feed_assistant

# Three Federal Council releases on protection status S (written for the test in the corpus's
# style), and one on something else of the same weeks. None names an amount of money.
FRENCH = [
    {"id": "s-1", "date": "2022-03-11", "lang": "fr", "url": "", "kind": "press_release",
     "title": "Le Conseil fédéral active le statut de protection S pour les réfugiés ukrainiens",
     "text": "Lors de sa séance du 11 mars 2022, le Conseil fédéral a décidé d'activer pour la première fois le "
             "statut de protection S pour les personnes qui fuient la guerre en Ukraine. Le statut de protection S "
             "permet d'accueillir rapidement quelque 50 000 personnes sans procédure d'asile ordinaire. "
             "« La Suisse se montre solidaire avec la population ukrainienne », a déclaré la conseillère fédérale "
             "Karin Keller-Sutter. Le Secrétariat d'État aux migrations est responsable de l'enregistrement des "
             "personnes à protéger dans les centres fédéraux."},
    {"id": "s-2", "date": "2022-09-09", "lang": "fr", "url": "", "kind": "press_release",
     "title": "Le statut de protection S ne sera pas levé avant mars 2023",
     "text": "Le Conseil fédéral a décidé le 9 septembre que le statut de protection S ne sera pas levé avant le "
             "4 mars 2023. Quelque 60 000 personnes venues d'Ukraine ont obtenu le statut de protection S en "
             "Suisse. « Nous devons nous préparer à ce que ces personnes restent plus longtemps en Suisse », a "
             "déclaré la conseillère fédérale Karin Keller-Sutter. Le Département fédéral de justice et police "
             "présentera d'ici la fin de 2022 un rapport sur l'intégration des personnes à protéger."},
    {"id": "s-3", "date": "2022-11-04", "lang": "fr", "url": "", "kind": "press_release",
     "title": "Statut de protection S : la Suisse et les cantons font le point",
     "text": "Le 3 novembre, la conseillère fédérale Karin Keller-Sutter a rencontré les directrices et directeurs "
             "cantonaux des affaires sociales au sujet du statut de protection S. Les cantons hébergent "
             "aujourd'hui plus de 70 000 personnes venues d'Ukraine."},
    {"id": "abeilles", "date": "2022-06-09", "lang": "fr", "url": "", "kind": "press_release",
     "title": "Des abeilles faibles font des colonies fortes",
     "text": "Les colonies de l'abeille asiatique survivent aux infestations de varroa qui sont fatales aux abeilles "
             "occidentales. Les larves infestées meurent plus vite et sont expulsées de la colonie."},
]  # fmt: skip

# Three Swedish government releases on organised crime, and one on something else.
SWEDISH = [
    {"id": "gang-1", "date": "2023-09-28", "lang": "sv", "url": "", "kind": "press_release",
     "title": "Regeringen skärper straffen för gängkriminalitet",
     "text": "Regeringen beslutade den 28 september 2023 att lägga fram en lagrådsremiss om skärpta straff för "
             "brott i kriminella nätverk. Förslaget innebär att straffen för grova vapenbrott fördubblas. "
             "– Vi ska knäcka gängen och ge polisen de verktyg som behövs, säger justitieminister Gunnar Strömmer. "
             "Justitiedepartementet ansvarar för arbetet med lagstiftningen. Regeringen avser att lämna en "
             "proposition till riksdagen senast vid utgången av 2023."},
    {"id": "gang-2", "date": "2023-11-16", "lang": "sv", "url": "", "kind": "press_release",
     "title": "Nya befogenheter för polisen mot gängen",
     "text": "Den 15 november fattade regeringen beslut om att ge Polismyndigheten möjlighet att inrätta "
             "visitationszoner. Polismyndigheten har sedan tidigare fått 1 200 nya tjänster för arbetet mot "
             "gängkriminaliteten. – Polisen ska kunna visitera personer i områden där det finns risk för "
             "skjutningar, säger justitieminister Gunnar Strömmer. Lagändringarna träder i kraft den 1 april 2024."},
    {"id": "gang-3", "date": "2024-02-08", "lang": "sv", "url": "", "kind": "press_release",
     "title": "Justitieministern träffade nordiska kollegor om gängbrottsligheten",
     "text": "Den 7 februari träffade justitieminister Gunnar Strömmer sina nordiska kollegor i Oslo för att "
             "diskutera den gränsöverskridande gängbrottsligheten. Ministrarna enades om ett närmare samarbete "
             "mellan de nordiska polismyndigheterna."},
    {"id": "skog", "date": "2023-10-05", "lang": "sv", "url": "", "kind": "press_release",
     "title": "Skogens mångfald i fokus",
     "text": "Landsbygdsministern besökte en skog i Småland för att tala om biologisk mångfald. Skogen är viktig "
             "för klimatet och för de arter som lever där."},
]  # fmt: skip

TITLES = ("brief_key_points", "brief_timeline", "brief_quotes", "brief_not_said", "brief_qa", "sources")


@pytest.fixture(scope="module")
def french(embedder: Embedder, tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return feed_assistant(embedder, tmp_path_factory.mktemp("fr"), FRENCH, "fr_")


@pytest.fixture(scope="module")
def swedish(embedder: Embedder, tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return feed_assistant(embedder, tmp_path_factory.mktemp("sv"), SWEDISH, "sv_")


def _check_rendered(brief: Briefing, tmp_path: Path) -> None:
    """The briefing's own words are in its language in Markdown, HTML and Word, and no English
    section title is left."""
    lang = brief.lang
    markdown, page = to_markdown(brief), to_html(brief)
    word = "\n".join(p.text for p in Document(str(write_docx(brief, tmp_path / "brief.docx"))).paragraphs)
    for key in TITLES:
        assert f"## {message(key, lang)}" in markdown, key
        assert f"<h2>{message(key, lang)}</h2>" in page.replace("<ol>", ""), key
        assert message(key, lang) in word, key
    for english in ("Key points", "Timeline", "Quotes by speaker", "What the documents do not say", "Nothing on"):
        assert english not in markdown and english not in page and english not in word, english
    assert markdown.startswith(f"# {message('brief_title', lang)}: {brief.topic}")
    for qa in brief.qa:  # the questions asked of the documents are in the briefing's language
        assert f"**{qa.question}**" in markdown and qa.question in word
        if not qa.answer:
            assert f"_{message('brief_not_answered', lang)}_" in markdown


def _check_cited(assistant: Assistant, brief: Briefing) -> None:
    lines = [*brief.key_points, *brief.timeline, *brief.quotes, *(x for qa in brief.qa for x in qa.answer)]
    assert lines
    for line in lines:
        assert _cited(assistant, brief, line), line


@pytest.mark.slow
def test_french_briefing(french: Assistant, tmp_path: Path) -> None:
    brief = build_briefing(french, "statut de protection S pour les réfugiés ukrainiens")
    assert brief.lang == "fr"  # the topic's language: nothing asked for
    _check_rendered(brief, tmp_path)
    _check_cited(french, brief)
    assert {c.source_id for c in brief.sources} >= {"s-1", "s-2"}
    assert not any(c.source_id == "abeilles" for c in brief.sources)
    when = {w for line in brief.timeline for w in line.when.split("; ")}
    assert "2022-03-11" in when  # "Lors de sa séance du 11 mars 2022"
    assert "2022-09-09" in when  # "le 9 septembre", in a release of 2022-09-09
    assert "2023-03-04" in when  # "avant le 4 mars 2023"
    assert "/2022" in when  # a deadline: "d'ici la fin de 2022"
    assert f"**{message('brief_to', 'fr').format('2022')}**" in to_markdown(brief)  # "jusqu'à 2022"
    assert brief.quotes and all(speaker_matches("Karin Keller-Sutter", line.speaker) for line in brief.quotes)
    assert any("solidaire" in line.text for line in brief.quotes)
    # No release names an amount: the budget is a gap, said in French; the releases say who
    # is responsible ("est responsable", "Département fédéral") and what was decided.
    assert "the budget or funding" in brief.not_said
    assert "who is responsible" not in brief.not_said and "what was decided" not in brief.not_said
    assert f"- {message('gap_budget', 'fr')}" in to_markdown(brief)
    assert brief.qa[0].question == "Quelles décisions ont été prises concernant " + brief.topic + "\u202f?"


@pytest.mark.slow
def test_swedish_briefing(swedish: Assistant, tmp_path: Path) -> None:
    brief = build_briefing(swedish, "gängkriminalitet", lang="sv")
    assert brief.lang == "sv"
    _check_rendered(brief, tmp_path)
    _check_cited(swedish, brief)
    assert {c.source_id for c in brief.sources} >= {"gang-1", "gang-2"}
    assert not any(c.source_id == "skog" for c in brief.sources)
    when = {w for line in brief.timeline for w in line.when.split("; ")}
    assert "2023-09-28" in when  # "den 28 september 2023"
    assert "2023-11-15" in when  # "Den 15 november", in a release of 2023-11-16
    assert "2024-04-01" in when  # "träder i kraft den 1 april 2024"
    assert "/2023" in when  # a deadline: "senast vid utgången av 2023"
    assert brief.quotes and all(speaker_matches("Gunnar Strömmer", line.speaker) for line in brief.quotes)
    assert any("knäcka gängen" in line.text for line in brief.quotes)
    # No release names an amount of money ("1 200 nya tjänster" are posts): the budget is a gap,
    # in Swedish; "beslutade", "ansvarar" and "träder i kraft" speak to the others.
    assert brief.not_said == ["the budget or funding"]
    assert f"- {message('gap_budget', 'sv')}" in to_markdown(brief)
    assert brief.qa[0].question == "Vad beslutades om gängkriminalitet?"


def test_gap_checks_read_each_language() -> None:
    # Each aspect, in each language: a release that speaks to it, and one that does not.
    speaking = {
        "fr": ["Le Conseil fédéral a adopté le message.", "La séance a eu lieu le 3 mars.",
               "Le Secrétariat d'État aux migrations en est responsable.", "Le rapport sera présenté d'ici l'été.",
               "Le crédit s'élève à 12 millions de francs."],
        "de": ["Der Bundesrat hat die Botschaft verabschiedet.", "Die Sitzung fand am 3. März statt.",
               "Zuständig ist das Staatssekretariat für Migration.", "Der Bericht wird im Sommer vorgelegt.",
               "Der Kredit beträgt 12 Millionen Franken."],
        "it": ["Il Consiglio federale ha approvato il messaggio.", "La seduta si è svolta il 3 marzo.",
               "La Segreteria di Stato è responsabile.", "Il rapporto sarà presentato entro l'estate.",
               "Il credito ammonta a 12 milioni di franchi."],
        "nl": ["De ministers hebben het akkoord goedgekeurd.", "De vergadering vond plaats op 3 maart.",
               "De staatssecretaris is verantwoordelijk.", "Het verslag zal in de zomer verschijnen.",
               "Er is 12 miljoen euro beschikbaar."],
        "sv": ["Regeringen beslutade att lägga fram propositionen.", "Mötet hölls den 3 mars.",
               "Justitiedepartementet ansvarar för frågan.", "Rapporten ska lämnas i sommar.",
               "Satsningen omfattar 12 miljoner kronor."],
    }  # fmt: skip
    silent = {"fr": "Il a plu toute la journée.", "de": "Es regnete den ganzen Tag.",
              "it": "Ha piovuto tutto il giorno.", "nl": "Het regende de hele dag.",
              "sv": "Det regnade hela dagen."}  # fmt: skip
    for lang, sentences in speaking.items():
        for aspect, sentence in zip(ASPECTS, sentences, strict=True):
            assert speaks_to(aspect, [silent[lang], sentence], lang), (lang, aspect.name)
            assert not speaks_to(aspect, [silent[lang]], lang), (lang, aspect.name)
            assert missing(aspect, [silent[lang]], None, lang) and not missing(aspect, [sentence], None, lang)
            assert gap_sentence(aspect.name, lang) != gap_sentence(aspect.name, "en")
            assert aspect.question("X", lang) != aspect.question("X", "en") and "X" in aspect.question("X", lang)
            # The question asks for the kind of answer the English one asks for: the reader reads it so.
            assert expected_kind(aspect.question("X", lang), lang) == expected_kind(aspect.question("X"), "en")


@pytest.mark.parametrize("lang", ["nl", "fr", "de", "it", "sv"])
def test_each_language_renders_without_english_words(lang: str, tmp_path: Path) -> None:
    # A briefing as its builder fills it, every section with a line and one empty Q&A answer,
    # and an open period in the timeline: no English word of Pressroom's is left in any format.
    source = Citation(1, "r-1", "Release", None, lang, "press_release", "", "Text.", "Text.", 0, 5, 1.0)
    brief = Briefing("Schengen", since="2024-01-01", lang=lang, sources=[source],
                     key_points=[Line("Text.", 1)], timeline=[Line("Text.", 1, when="2024-03-01; /2025-03")],
                     quotes=[Line("Text.", 1, speaker="A. Person")], not_said=[a.name for a in ASPECTS],
                     qa=[QA(a.question("Schengen", lang)) for a in ASPECTS])  # fmt: skip
    _check_rendered(brief, tmp_path)
    markdown = to_markdown(brief)
    for english in ("since", "until", "undated", "characters"):
        assert english not in markdown, english
    assert message("brief_to", lang).format("2025-03") in markdown
    assert all(gap_sentence(a.name, lang) in markdown for a in ASPECTS)


def test_every_briefing_word_is_translated() -> None:
    for key, texts in MESSAGES.items():
        if key.startswith(("brief_", "gap_", "q_")):
            assert set(texts) == {"en", "nl", "fr", "de", "it", "sv"}, key
    for lang in ("nl", "fr", "de", "it", "sv"):
        asked = message("q_key_points", lang).format(topic="X")
        assert expected_kind(asked, lang) == expected_kind(message("q_key_points", "en"), "en"), asked
    # English stays as it was written.
    assert gap_sentence("the next steps") == "Nothing on the next steps."
    assert ASPECTS[1].question("COP27") == "When did COP27 happen?"


def test_briefing_language_follows_the_request_then_a_sure_topic() -> None:
    assert briefing_language("SRG licence", None, ["en"]) == "en"  # lingua says French, unsure
    assert briefing_language("Alpine Conference in Poschiavo", None, ["en", "en"]) == "en"
    assert briefing_language("gränsöverskridande brottslighet", None, []) == "sv"
    assert briefing_language("gränsöverskridande brottslighet", "en", []) == "en"
    assert briefing_language("Schengen", None, ["de", "de"]) == "de"  # the releases are German


JHA = SHARED / "corpus" / "jha-meetings.jsonl"


@pytest.mark.slow
@pytest.mark.integration
@pytest.mark.skipif(not JHA.exists(), reason=f"team corpus not found at {JHA} (../shared is absent)")
def test_german_briefing_on_the_jha_feed(embedder: Embedder, tmp_path: Path) -> None:
    # The German releases of mid-2011 to 2012 (14, so that the test ingests in seconds): the
    # Schengen states' debate on reintroducing internal border controls runs through them.
    records = [json.loads(line) for line in JHA.read_text(encoding="utf-8").splitlines() if line.strip()]
    german = [r for r in records if r.get("lang") == "de" and "2011-06" <= (r.get("date") or "") < "2013"]
    assistant = feed_assistant(embedder, tmp_path, german, "jhade_")
    brief = build_briefing(assistant, "Wiedereinführung von Binnengrenzkontrollen im Schengenraum")
    assert brief.lang == "de"  # the topic's language: nothing asked for
    _check_rendered(brief, tmp_path)
    _check_cited(assistant, brief)
    assert len({c.source_id for c in brief.sources}) >= 3
    assert brief.timeline and brief.quotes
    assert any(speaker_matches("Simonetta Sommaruga", line.speaker) for line in brief.quotes)
    assert brief.qa[0].question.startswith("Was wurde zu Wiedereinführung von Binnengrenzkontrollen")


@pytest.mark.slow
def test_brief_command_in_swedish(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # `pressroom brief` through its runner: the topic's language without --lang, and --lang's.
    from typer.testing import CliRunner

    from pressroom.cli import app

    monkeypatch.setenv("PRESSROOM_HOME", str(tmp_path / "home"))
    feed = tmp_path / "sv.jsonl"
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in SWEDISH), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(feed)]).exit_code == 0
    result = runner.invoke(app, ["brief", "gängkriminalitet"])
    assert result.exit_code == 0, result.output
    assert "# Pressunderlag: gängkriminalitet" in result.output and "## Citat per talare" in result.output
    page = runner.invoke(app, ["brief", "gängkriminalitet", "--lang", "fr", "--format", "html"])
    assert page.exit_code == 0 and "<h2>Chronologie</h2>" in page.output, page.output
