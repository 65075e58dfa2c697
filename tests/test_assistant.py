"""Answers: verbatim quotes with their offsets, citations with metadata, abstention, filters."""

from __future__ import annotations

import pytest
from llama_index.core.base.base_retriever import BaseRetriever

from assistant.assistant import Assistant
from assistant.errors import QuoteMismatch
from assistant.extractive import verify
from assistant.records import Citation
from index.filters import SearchFilters
from index.store import PassageStore


def _check_quotes(answer, store: PassageStore) -> None:
    for c in answer.citations:
        text = store.document(c.source_id).text
        assert text[c.start : c.end] == c.quote  # offsets point at the quote in the clean text
        assert c.quote in c.passage
        assert f"{c.quote} [{c.n}]" in answer.answer


@pytest.mark.parametrize(
    ("question", "fact", "source"),
    [
        ("When was the European Ports Alliance launched?", "24th of January", "001_a010568e1d0194d7.txt"),
        (
            "What does EMPACT stand for?",
            "European Multidisciplinary Platform Against Criminal Threats",
            "000_df7c086f3e8c4b2a.txt",
        ),
        (
            "Who said that Russia has used instrumentalised migration against Finland?",
            "Rantanen",
            "004_6d677f5f08688389.txt",
        ),
        ("Wanneer werd de European Ports Alliance gelanceerd?", "24 januari", "003_74bc165e444463b9.txt"),
    ],
)
def test_answers_quote_their_sources_exactly(
    assistant: Assistant, sample_store: PassageStore, question: str, fact: str, source: str
) -> None:
    answer = assistant.ask(question)
    assert not answer.abstained
    assert fact in answer.answer
    assert any(c.source_id == source and fact in c.quote for c in answer.citations)
    _check_quotes(answer, sample_store)
    cited = next(c for c in answer.citations if c.source_id == source)
    assert cited.title and cited.lang in ("en", "nl") and cited.kind


def test_json_shape_of_an_answer(assistant: Assistant) -> None:
    data = assistant.ask("Where do press representatives arrive?").to_dict()
    assert set(data) >= {"question", "answer", "abstained", "citations", "timings_ms"}
    assert set(data["citations"][0]) >= {
        "n",
        "source_id",
        "title",
        "date",
        "lang",
        "kind",
        "url",
        "passage",
        "quote",
        "start",
        "end",
        "score",
    }
    assert data["timings_ms"]["total"] > 0


def test_abstains_when_the_documents_do_not_say(assistant: Assistant) -> None:
    answer = assistant.ask("What did the Council decide about fisheries quotas for the Baltic Sea?")
    assert answer.abstained
    assert "don't say" in answer.answer
    assert answer.citations == () and answer.see_also  # the closest passages, for the reader to check


def test_filters_restrict_the_sources_of_an_answer(assistant: Assistant) -> None:
    answer = assistant.ask("European Ports Alliance", SearchFilters(lang="nl"))
    assert answer.citations and {c.lang for c in answer.citations} == {"nl"}
    none = assistant.ask("When was the European Ports Alliance launched?", SearchFilters(date_from="2030"))
    assert none.abstained and none.see_also == () and "no document fits the filters" in none.answer
    french = assistant.ask("Quand l'European Ports Alliance a-t-elle été lancée ?", SearchFilters(lang="sv"))
    assert french.answer.startswith("Aucun passage trouvé")  # before: "the closest passages are listed", none were


def test_retriever_is_a_llama_index_retriever(assistant: Assistant) -> None:
    retriever = assistant.retriever(top_k=3)
    assert isinstance(retriever, BaseRetriever)
    nodes = retriever.retrieve("three pillars of the European Port Alliance")
    assert len(nodes) == 3 and "three pillars" in nodes[0].node.get_content()
    assert nodes[0].score >= nodes[1].score >= nodes[2].score


def test_verify_rejects_words_that_are_not_in_the_source() -> None:
    citation = Citation(
        1, "d", "", None, "en", "", "", "The Council met on Monday.", "The Council met on Monday.", 0, 26, 1.0
    )
    verify("The Council met on Monday. [1]", (citation,))
    with pytest.raises(QuoteMismatch):
        verify("The Council met on Tuesday. [1]", (citation,))
    with pytest.raises(QuoteMismatch):
        verify("The Council met on Monday. [1] And decided everything.", (citation,))


def test_empty_question_is_refused_with_a_message(assistant: Assistant) -> None:
    with pytest.raises(ValueError, match="empty"):
        assistant.ask("   ")


def test_a_quote_holding_its_documents_own_footnote_marker_is_answered(embedder, tmp_path) -> None:  # noqa: ANN001
    # Seen at 13.5k releases: "… the electoral group that he leads.[1] In addition, …" made the
    # answer check refuse its own quote, and the server answered 500.
    from index.ingesting import ingest_paths
    from tests.conftest import memory_store

    (tmp_path / "director.txt").write_text(
        "New Executive Director for Switzerland at the World Bank Group\n\n"
        "On 17 May 2006, the Federal Council appointed Michel Mordasini to be the new executive director for "
        "Switzerland at the World Bank Group. The Swiss executive director represents the interests of the "
        "electoral group that he leads.[1] In addition, he advises Swiss private enterprises in their relations "
        "with the World Bank Group.\n\n[1] The electoral group comprises Switzerland, Poland and Serbia.\n",
        encoding="utf-8",
    )
    store = memory_store(embedder, "footnote_")
    assert [e.status for e in ingest_paths(store, [tmp_path])] == ["added"]
    answer = Assistant(store, embedder).ask("Whom does the Swiss executive director advise?")
    assert not answer.abstained and "leads.[1] In addition" in answer.answer
    _check_quotes(answer, store)
    # The document's own "[1]" stays text; only the marker after the quote links to its source.
    from ui.render import chat_markdown, footnotes_markdown

    notes = footnotes_markdown(answer)
    assert "leads.[1] In addition" in notes and notes.count("[^1]") == 2  # the marker and its note
    assert chat_markdown(answer, 1).count("(#src-1-1)") == 1
