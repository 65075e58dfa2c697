"""Quotations and statements with their speakers, against hand-checked expectations on the seeds."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from index.store import PassageStore
from ingest.mentions import extract_mentions
from ingest.statement_according import according_to
from ingest.statements import extract_statements, speaker_and_role

# Every quotation and statement of the five sample documents, read by hand:
# (document, kind, speaker, role, country, first words).
EXPECTED = [
    ("001_a010568e1d0194d7.txt", "statement", "Nicole de Moor", "State Secretary for asylum and migration", "",
     "After the meeting, State Secretary"),
    ("002_f1c762c581d28226.txt", "quote", "Annelies Verlinden",
     "Belgian Minister of the Interior, Institutional Reform and Democratic Renewal", "Belgium",
     "Drug criminality and organised crime"),
    ("002_f1c762c581d28226.txt", "quote", "Nicole de Moor", "State Secretary for Asylum and Migration", "",
     "With the conclusion of the pact"),
    # The Dutch version of 001 says the same in Dutch shapes ("benadrukte …, Nicole de Moor, dat").
    ("003_74bc165e444463b9.txt", "statement", "Nicole de Moor", "Staatssecretaris voor Asiel en Migratie", "",
     "Na afloop van de bijeenkomst benadrukte"),
    ("004_6d677f5f08688389.txt", "quote", "Mari Rantanen", "Minister of the Interior", "",
     "“Russia's war of aggression"),
    ("004_6d677f5f08688389.txt", "quote", "Mari Rantanen", "Minister of the Interior", "",
     '"Russia has also used instrumentalised migration'),
]  # fmt: skip


def test_every_statement_of_the_seeds_with_its_speaker(sample_store: PassageStore) -> None:
    found = [
        (st.source_id, st.kind, st.speaker, st.role, st.country, st.text)
        for st in sorted(sample_store.statements(), key=lambda st: (st.source_id, st.start))
    ]
    assert [f[:5] for f in found] == [e[:5] for e in EXPECTED]
    for (*_, text), (*_, opening) in zip(found, EXPECTED, strict=True):
        assert text.startswith(opening)
    for st in sample_store.statements():
        assert sample_store.document(st.source_id).text[st.start : st.end] == st.text


def test_filters_by_speaker_and_topic(sample_store: PassageStore) -> None:
    assert {st.speaker for st in sample_store.statements(speaker="de moor")} == {"Nicole de Moor"}
    about = sample_store.statements(topic="support Ukrainians")
    assert [st.speaker for st in about] == ["Mari Rantanen"]
    assert sample_store.statements(topic="bananas") == []
    listed = sample_store.list_documents()
    assert listed and all(not hasattr(record, "statements") for record in listed)


def test_attributions_in_other_shapes() -> None:
    text = (
        "Talks in Bern\n"
        "“We will not give in,” Jans said. Mr Jans explained that the budget was final.\n"
        "The Decree on Telecommunications Services states that prices fall.\n"
        "“It rained all day,” he says.\n"
        "In her address, President Micheline Calmy-Rey noted that the talks went well.\n"
        "Minister Pieter Jans met them.\n"
    )
    found = [(st.kind, st.speaker, st.role) for st in extract_statements(text)]
    assert found == [
        ("quote", "Pieter Jans", "Minister"),  # the role from "Minister Pieter Jans met them"
        ("statement", "Pieter Jans", "Minister"),
        ("quote", "Pieter Jans", "Minister"),
        ("statement", "Micheline Calmy-Rey", "President"),
    ]
    swiss = (
        "Federal Councillor Beat Jans attended the meeting.\n"
        'He said: "We are convinced that integration helps.ˮ Integration builds skills: "Switzerland is '
        'therefore making a contribution to Ukraine\'s recovery,ˮ Mr Jans explained.\n'
    )
    said, explained = extract_statements(swiss)  # the attribution before the quote, and after it
    assert (explained.speaker, explained.text) == ("Beat Jans", '"Switzerland is therefore making a contribution to '
                                                   "Ukraine's recovery,ˮ")
    assert (said.speaker, said.text) == ("Beat Jans", '"We are convinced that integration helps.ˮ')
    assert speaker_and_role("the nanotools specialist in Michler’s team, Stephan Fahlbusch") == (
        "Stephan Fahlbusch",
        "the nanotools specialist in Michler’s team",
    )


@pytest.mark.slow  # the CLI loads the model for each command
def test_quotes_command(sample_store: PassageStore, monkeypatch, tmp_path) -> None:  # noqa: ANN001
    from pressroom.cli import app
    from tests.conftest import SAMPLE

    monkeypatch.setenv("PRESSROOM_HOME", str(tmp_path))
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(SAMPLE)]).exit_code == 0
    result = runner.invoke(app, ["quotes", "--speaker", "Verlinden"])
    assert result.exit_code == 0, result.output
    assert "Annelies Verlinden, Belgian Minister of the Interior" in result.output and "said:" in result.output
    data = json.loads(runner.invoke(app, ["quotes", "--json", "--topic", "migratory pressure"]).output)
    assert [st["speaker"] for st in data] == ["Nicole de Moor"]


def test_ask_quotes_the_statement_with_who_said_it(assistant) -> None:  # noqa: ANN001
    answer = assistant.ask("What did Mari Rantanen say about support for Ukrainians?")
    (citation,) = answer.citations
    assert answer.answer == f"{citation.quote} [1]"
    assert citation.quote.startswith("“Russia's war of aggression") and citation.quote.endswith("Mari Rantanen.")
    document = assistant.store.document(citation.source_id).text
    assert document[citation.start : citation.end] == citation.quote
    who = assistant.ask("Which minister is quoted calling for international police cooperation against drug crime?")
    assert "Annelies Verlinden, Belgian Minister of the Interior" in who.answer  # the byline under the quote
    march = assistant.ask("What did Nicole de Moor say in March about the pact?")
    assert march.answer.startswith("With the conclusion of the pact")  # the March document, not January's


# Shapes of the Swiss federal releases (nsb-99843-en, nsb-90710-en), checked by hand.
SWISS = (
    "Federal Councillor Beat Jans at the meeting of ministers\n"
    "This was Mr Jans's first meeting since taking office. He said that no country could overcome "
    "these challenges on its own.\n"
    'Mr Jans does not see this as a contradiction: "We are convinced that integration is in the '
    'interests of the refugees.ˮ Through integration, refugees acquire skills.\n'
    '"There is no need for controls at the border with Switzerland,ˮ Mr Jans made clear.\n'
    "Ms Keller-Sutter noted that Switzerland supports the EU's efforts. The Council agreed that it would act."
)


def test_pronouns_colons_and_titled_surnames() -> None:
    found = [(st.kind, st.speaker, st.role, st.text[:30]) for st in extract_statements(SWISS)]
    assert found == [
        ("statement", "Beat Jans", "Federal Councillor", "He said that no country could "),
        ("quote", "Beat Jans", "Federal Councillor", '"We are convinced that integra'),
        ("quote", "Beat Jans", "Federal Councillor", '"There is no need for controls'),
        ("statement", "Keller-Sutter", "", "Ms Keller-Sutter noted that Sw"),
    ]


def test_single_quotes_colons_continued_quotes_and_things_that_are_no_speakers() -> None:
    text = (
        "Bees and honey\n"
        "A team from Agroscope and the Institute of Bee Health studied honey. ‘Due to the technical difficulties "
        "of measuring sugar, we still ignore much’, says senior author Vincent Dietemann from Agroscope.\n"
        "Federal Councillor Karin Keller-Sutter attended.\n"
        "Federal Councillor Keller-Sutter: «Schengen is a success for our country and for Europe.»\n"
        "“The number of projects far surpassed our expectations,” explained SDC Director-General Walter Fust. "
        "“Many young people are working on solutions to pressing world issues.” The jury met in May.\n"
        "“Bees need more protection from the mites,” said the Institute of Bee Health.\n"
        "Mr Pierre-Alain Reber, head of FOPH’s Infectious Diseases Division explained that cities grew.\n"
        "Swiss Finance Day: “Key data on the financial centre and its banks”\n"  # a bare name no person has
        "In Swissmedic’s view the pills are risky. “Even if it does not help, it does no harm,” says Swissmedic.\n"
    )
    found = [(st.speaker, st.role, st.text) for st in extract_statements(text)]
    assert found == [
        ("Vincent Dietemann", "senior author", "‘Due to the technical difficulties of measuring sugar, we still "
         "ignore much’"),
        ("Karin Keller-Sutter", "Federal Councillor", "«Schengen is a success for our country and for Europe.»"),
        ("Walter Fust", "SDC Director-General", "“The number of projects far surpassed our expectations,”"),
        ("Walter Fust", "SDC Director-General", "“Many young people are working on solutions to pressing world "
         "issues.”"),
    ]  # fmt: skip
    for st in extract_statements(text):
        assert text[st.start : st.end] == st.text


def test_quotes_closing_after_an_s_interrupted_quotes_and_attributions_without_a_colon() -> None:
    text = (
        "Honey in the hive\n"
        "‘We could, for the first time, measure the sugar in the wax cells’ adds lead author Michael Eyer from "
        "Agroscope. ‘The members’ rights are not at stake here’, says Vincent Dietemann from Agroscope.\n"
        "Co-author Peter Neumann from the Institute of Bee Health states «breeding will improve colony health.»\n"
        '"We excel in diplomacy," says Federal Councillor Ignazio Cassis, "because of our long experience."\n'
        "“The real problem here”, according to Eawag’s chemist Heinz Singer, “is that mixtures do harm”.\n"
        "“The quality of Swiss research is very convincing,” said Dell'Ambrogio. State Secretary Mauro "
        "Dell'Ambrogio opened the day.\n"
    )
    found = [(st.speaker, st.role, st.text) for st in extract_statements(text)]
    assert found == [
        ("Michael Eyer", "lead author", "‘We could, for the first time, measure the sugar in the wax cells’"),
        ("Vincent Dietemann", "", "‘The members’ rights are not at stake here’"),
        ("Peter Neumann", "Co-author", "«breeding will improve colony health.»"),
        ("Ignazio Cassis", "Federal Councillor", '"We excel in diplomacy,"'),
        ("Ignazio Cassis", "Federal Councillor", '"because of our long experience."'),
        ("Heinz Singer", "Eawag’s chemist", "“The real problem here”"),
        ("Heinz Singer", "Eawag’s chemist", "“is that mixtures do harm”"),
        ("Mauro Dell'Ambrogio", "State Secretary", "“The quality of Swiss research is very convincing,”"),
    ]  # fmt: skip
    for st in extract_statements(text):
        assert text[st.start : st.end] == st.text


def test_reported_speech_attributed_at_its_end_and_he_is_the_sentence_subject() -> None:
    text = (
        "Federal Councillor Beat Jans visited Serbia.\n"
        "Mr Jans spoke with Justice Minister Maja Popović about legal assistance. He recognised the efforts of his "
        "counterpart. He stated that this should bring Serbia closer to European standards.\n"
        "Switzerland will continue to monitor the situation closely, said Mr Jans.\n"
        "The joint declaration continues a long tradition of cooperation, they said.\n"
        "Switzerland will announce its support with the EU Water Initiative in Central Asia, announced the office.\n"
    )
    found = [(st.kind, st.speaker, st.role, st.text[:30]) for st in extract_statements(text)]
    assert found == [
        ("statement", "Beat Jans", "Federal Councillor", "He stated that this should bri"),
        ("statement", "Beat Jans", "Federal Councillor", "Switzerland will continue to m"),
    ]
    # Names in Latin Extended-A letters are whole: "Dačić", not "Da".
    said = extract_statements("“We agreed on returns,” said Interior Minister Ivica Dačić in Belgrade.")
    assert [(st.speaker, st.role) for st in said] == [("Ivica Dačić", "Interior Minister")]


def test_roles_in_small_letters_titles_as_heads_and_quotations_after_reported_speech() -> None:
    text = (
        "The team led by Thijs Defraeye from Empa built an avatar.\n"
        "“We take into account how the drug is metabolized in the body,” explains Empa researcher Defraeye.\n"
        "“It’s a race against time” asserts Denise Altenbach, Head of the ‘Molecular Diagnostics’ Research Group.\n"
        "SDC Director-General Walter Fust spoke. “Some 80 countries are short of water”, he explained.\n"
        "Mr Jans acknowledged that the Federal Council had set a very ambitious target. "
        "\"But we can achieve it if everyone pulls together.\" The conference followed.\n"
        "As an initial response Federal Councillor Moritz Leuenberger said, “We welcome the decision of the House.”\n"
        "After her meeting with Mr Nalbandian, Mrs Calmy-Rey said that Armenia was in an important region.\n"
        "Federal Councillor Micheline Calmy-Rey and Federal Councillor Beat Jans attended.\n"
    )
    found = [(st.kind, st.speaker, st.role, st.text[:24]) for st in extract_statements(text)]
    assert found == [
        ("quote", "Thijs Defraeye", "Empa researcher", "“We take into account ho"),
        ("quote", "Denise Altenbach", "Head of the ‘Molecular Diagnostics’ Research Group", "“It’s a race against tim"),
        ("quote", "Walter Fust", "Director-General", "“Some 80 countries are s"),
        ("statement", "Beat Jans", "Federal Councillor", "Mr Jans acknowledged tha"),
        ("quote", "Beat Jans", "Federal Councillor", '"But we can achieve it i'),
        ("quote", "Moritz Leuenberger", "Federal Councillor", "“We welcome the decision"),
        ("statement", "Micheline Calmy-Rey", "Federal Councillor", "After her meeting with M"),
    ]


def test_a_name_and_role_before_a_colon_quote_the_role_ending_at_a_speech_verb() -> None:
    text = (
        "Quotes\n"
        "Doris Bianchi, Director of PUBLICA: “PUBLICA wants to support the companies that it invests in.”\n"
        "Macky Sall, President of Senegal stressed the necessity of fighting hunger: “The pandemic that we "
        "have been experiencing is a threat.”\n"
        "Swiss Finance Day, Zurich, Key Figures: “Key data on the financial centre and its banks”\n"
    )
    found = [(st.speaker, st.role, st.text[:20]) for st in extract_statements(text)]
    assert found == [
        ("Doris Bianchi", "Director of PUBLICA", "“PUBLICA wants to su"),
        ("Macky Sall", "President of Senegal", "“The pandemic that w"),
    ]


def test_according_to_a_person_the_document_names_is_a_statement_and_to_an_institution_none() -> None:
    text = (  # nsb-63948-en's shape
        "Environmental toxicologist Kristin Schirmer co-led the project at Eawag.\n"
        "According to Kristin Schirmer, the study shows that fish tests need to be further refined: “If we want "
        "to have a better knowledge of the effects of such chemicals, we need a more detailed understanding.”\n"
        "According to Schirmer, the uptake through water is quite different.\n"
        "According to the Federal Statistical Office (FSO), overnight stays fell by 2.3 % in January.\n"
        "According to Europol, the network operated in twelve countries.\n"
    )
    found = according_to(text, "en", extract_mentions(text, "en"), extract_statements(text))
    assert [(st.kind, st.speaker, st.text[:24]) for st in found] == [
        ("statement", "Kristin Schirmer", "According to Kristin Sch"),
        ("statement", "Kristin Schirmer", "According to Schirmer, t"),
    ]
    assert according_to(text, "fr", extract_mentions(text, "en"), ()) == ()  # French has its own shapes ("selon")
