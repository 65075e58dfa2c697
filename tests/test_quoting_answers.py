"""Answers to "what did X say": the speaker's statement where the documents report one, a refusal
where they name X and quote nothing of X's."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.assistant import Assistant
from assistant.quoting import statement_citation
from index.embedding import Embedder
from index.ingesting import ingest_paths
from tests.conftest import feed_assistant, memory_store

# A French release in the shape of the Swiss FDJP's (nsb-87368-fr), written here: the quotation is
# attributed by role ("a dit la conseillère fédérale"), the speaker named earlier.
RELEASES = [
    {
        "id": "kks-bruxelles",
        "lang": "fr",
        "date": "2022-02-27",
        "title": "Karin Keller-Sutter à Bruxelles pour la réunion extraordinaire des ministres européens "
        "de l'intérieur sur l'Ukraine",
        "text": "La conseillère fédérale Karin Keller-Sutter a participé le 27 février 2022 à Bruxelles à la "
        "réunion extraordinaire des ministres de la justice et des affaires intérieures des États Schengen sur "
        "la crise en Ukraine. Le soutien humanitaire et la coordination de l'accueil des personnes en fuite "
        "étaient au centre des échanges.\n"
        "La cheffe du Département fédéral de justice et police a dit devant la presse que l'agression russe "
        "lui rappelait l'invasion de la Hongrie en 1956.\n"
        "La Suisse est prête à accueillir des personnes qui fuient l'Ukraine et coordonne son action avec les "
        "États Schengen. « Nous n'allons pas laisser ces familles seules face à leur détresse », a dit la "
        "conseillère fédérale.\n"
        "Les ministres se retrouveront au début du mois de mars pour poursuivre les discussions.",
    },
    {
        "id": "kks-lille",
        "lang": "fr",
        "date": "2022-02-03",
        "title": "La réforme de l'espace Schengen au cœur des discussions de Karin Keller-Sutter à Lille",
        "text": "Karin Keller-Sutter a rencontré les ministres européens de l'intérieur à Lille le 3 février "
        "2022. Comme l'a déclaré Madame Keller-Sutter, la réforme du code frontières Schengen revêt une "
        "importance prioritaire pour la Suisse. Une gestion efficace des frontières est la base d'une "
        "politique migratoire crédible, a insisté Madame Keller-Sutter.",
    },
]


def test_a_named_speakers_quotation_is_quoted_though_the_encoder_reads_it_as_far(
    embedder: Embedder, tmp_path: Path
) -> None:
    feed = tmp_path / "kks.jsonl"
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in RELEASES), encoding="utf-8")
    store = memory_store(embedder, "kks_")
    list(ingest_paths(store, [feed]))
    answer = Assistant(store, embedder).ask(
        "Qu'a dit Karin Keller-Sutter au sujet des personnes fuyant l'Ukraine lors de la réunion des ministres "
        "à Bruxelles, le 27 février 2022 ?"
    )
    # The reader would quote it; the English encoder finds a French quotation far from the question.
    assert answer.answer.startswith("« Nous n'allons pas laisser ces familles seules")
    assert answer.answer.endswith("a dit la conseillère fédérale. [1]")


def test_what_someone_the_documents_name_but_never_quote_said_is_refused(assistant: Assistant) -> None:
    # The press kit names Commissioner Ylva Johansson among the press conference's speakers, and
    # reports nothing she said.
    refused = assistant.ask("What did Commissioner Ylva Johansson say at the press conference after the meeting?")
    assert refused.abstained and refused.see_also
    # "tell" asks for words too; the agenda names "Mr Kostin" and quotes nothing of his.
    told = assistant.ask("What did Prosecutor General Kostin tell the justice ministers about war crimes?")
    assert told.abstained and told.see_also
    answered = assistant.ask("What did Mari Rantanen say about Ukraine?")
    assert not answered.abstained and "common European solutions" in answered.answer


def test_asking_how_someone_justified_or_warned_asks_for_their_words() -> None:
    from assistant.quoting import asks_about_statements

    asked = [
        "Comment Karin Keller-Sutter a-t-elle justifié l'accord avec le Liechtenstein ?",
        "Quelle mise en garde la conseillère fédérale a-t-elle formulée à Bruxelles ?",
        "How did the minister justify the new rules?",
        "What warning did the Commissioner give?",
        "Wie begründete Bundesrätin Keller-Sutter den Entscheid?",
        "Come ha giustificato la consigliera federale la decisione?",
        "Hur motiverade ministern beslutet?",
        "Hoe rechtvaardigde de minister het besluit?",
    ]
    assert [asks_about_statements(q) for q in asked] == [True] * len(asked)
    not_asked = ["Comment la Suisse a-t-elle mis en œuvre l'accord ?", "Wie viele Gesuche gingen ein?",
                 "How did the Council vote?", "Hur många asylsökande kom 2023?"]
    assert [asks_about_statements(q) for q in not_asked] == [False] * len(not_asked)


def test_how_a_named_speaker_justified_something_is_answered_with_their_quotation(
    embedder: Embedder, tmp_path: Path
) -> None:
    answer = feed_assistant(embedder, tmp_path, RELEASES, "kksj_").ask(
        "Comment Karin Keller-Sutter a-t-elle justifié l'accueil des familles qui fuient l'Ukraine en février 2022 ?"
    )
    assert answer.answer.startswith("« Nous n'allons pas laisser ces familles seules")


# A Swedish release in the shape of the government's (g0vse, 2025-02), written here: the minister's words
# follow a dash, and the sentence that only names her shares the question's words.
FORUM = [
    {
        "id": "forum-jamstalldhet",
        "lang": "sv",
        "date": "2025-02",
        "title": "Jämställdhetsministern deltar på Forum Jämställdhet",
        "text": "Jämställdhets- och arbetslivsminister Anna Berg kommer att medverka i ett flertal aktiviteter under "
        "den 5 februari. Bland annat ett lunchseminarium som handlar om våld i ungas nära relationer.\n"
        "– Forskning visar att det finns stora likheter mellan det våld som förekommer i ungas parrelationer och "
        "vuxnas. För mig som jämställdhetsminister är det viktigt att belysa ungas våldsutsatthet så att vi lättare "
        "kan upptäcka och förhindra den, säger jämställdhets- och arbetslivsminister Anna Berg.\n"
        "Forum Jämställdhet arrangeras av Jämställdhetsmyndigheten i Göteborg.",
    },
    {
        "id": "uppdrag-vald",
        "lang": "sv",
        "date": "2024-11",
        "title": "Nya uppdrag om våld i ungas nära relationer",
        "text": "Regeringen ger Jämställdhetsmyndigheten i uppdrag att kartlägga våld i ungas nära relationer. "
        "Myndigheten ska också lämna förslag till hur arbetet för att förebygga och upptäcka våld i ungas nära "
        "relationer kan förbättras. Uppdraget ska redovisas senast den 1 oktober 2025.",
    },
]


def test_what_a_speaker_said_is_their_statement_in_the_document_the_reader_prefers(
    embedder: Embedder, tmp_path: Path
) -> None:
    # The reader's likeliest sentence names the topic ("Bland annat ett lunchseminarium …"), not what the
    # minister said; her statement in that same release answers.
    assistant = feed_assistant(embedder, tmp_path, FORUM, "forum_")
    answer = assistant.ask("Vad sa Anna Berg om våld i ungas nära relationer?")
    assert answer.answer.startswith("Forskning visar att det finns stora likheter"), answer.answer
    assert answer.answer.endswith("säger jämställdhets- och arbetslivsminister Anna Berg. [1]")


# Two English releases in the shape of the FDFA's (nsb-85794-en and a speech), written here: the minister's
# words on the EU are reported speech in the first; the second quotes him on another subject.
CASSIS = [
    {
        "id": "cassis-wilmes",
        "lang": "en",
        "date": "2021-11-09",
        "title": "Discussion with Belgian Foreign Minister Sophie Wilmès",
        "text": "The head of the FDFA, Federal Councillor Ignazio Cassis, met his Belgian counterpart Sophie Wilmès "
        "for a virtual exchange on 9 November 2021. The exchange focused on Switzerland's relationship with the EU.\n"
        "In discussing Switzerland's EU policy Mr Cassis underscored Switzerland's commitment to remaining a "
        "reliable partner. He also stressed that it is in the shared interests of Switzerland and the EU to "
        "safeguard their well-established approach to cooperation.",
    },
    {
        "id": "cassis-geneva",
        "lang": "en",
        "date": "2021-06-14",
        "title": "Geneva celebrates a century as host to international organisations",
        "text": "International Geneva marks a hundred years as a seat of international organisations.\n"
        "\"We excel in diplomacy,\" says Federal Councillor Ignazio Cassis, \"precisely because of our centuries of "
        "experience in bringing different identities and cultures together in harmony.\"",
    },
]


def test_a_statement_in_another_release_does_not_overrule_the_readers_release(
    embedder: Embedder, tmp_path: Path
) -> None:
    assistant = feed_assistant(embedder, tmp_path, CASSIS, "cassis_")
    question = "What did Cassis say about Switzerland's EU policy?"
    nodes, _ = assistant.passages("en").read(question)
    eu, geneva = (assistant.store.document(source) for source in ("cassis-wilmes", "cassis-geneva"))
    underscored = eu.text.index("In discussing")
    quoted = geneva.statements[0]
    # The reader's likeliest sentence (the one that reports what he underscored, which ingest reads as no
    # statement) is in the first release; the quotation in the second is nearly as likely.
    stressed = eu.text.index("He also")
    read = {"cassis-wilmes": [(underscored, stressed - 1, 0.365), (stressed, len(eu.text), 0.137)],
            "cassis-geneva": [(quoted.start, quoted.end, 0.337)]}  # fmt: skip
    cited = statement_citation(question, nodes, assistant.store, embedder, read=read, min_p=0.365 * 0.55)
    assert cited is not None and cited.source_id == "cassis-wilmes", cited
    assert cited.quote.startswith("He also stressed that it is in the shared interests")
