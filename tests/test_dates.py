"""Dates normalised and tied to their events, against hand-checked expectations on the seeds."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from index.store import PassageStore
from ingest.dates import extract_dates

# Read by hand from the seeds: (document, when, kind, words as written).
EXPECTED = {
    ("000_df7c086f3e8c4b2a.txt", "2024-01-25T09:30/12:15", "time", "09:30 – 12:15"),
    ("000_df7c086f3e8c4b2a.txt", "2024-01-25T17:20", "time", "17:20"),
    ("000_df7c086f3e8c4b2a.txt", "2022-02-24", "day", "24 February 2022"),
    ("000_df7c086f3e8c4b2a.txt", "2023-10-19", "day", "19 October 2023"),
    ("000_df7c086f3e8c4b2a.txt", "/2025-03", "period", "until March 2025"),
    ("001_a010568e1d0194d7.txt", "2024-01-25", "day", "Thursday the 25th of January"),
    ("001_a010568e1d0194d7.txt", "2024-01-24", "day", "the 24th of January"),
    ("002_f1c762c581d28226.txt", "2024-01-24", "day", "24 January 2024"),
    ("002_f1c762c581d28226.txt", "2023-07", "month", "In July 2023"),
    ("002_f1c762c581d28226.txt", "2024-09/2024-11", "relative", "in autumn this year"),
    ("002_f1c762c581d28226.txt", "2023-12-11/2023-12-12", "day", "11 and 12 December"),  # told in March 2024
    ("002_f1c762c581d28226.txt", "2024-03-05T16:00", "time", "16:00"),
}


def test_dates_of_the_seeds_with_their_events(sample_store: PassageStore) -> None:
    found = sample_store.timeline()
    got = {(ev.source_id, ev.when, ev.kind, ev.label) for ev in found}
    assert got >= EXPECTED, EXPECTED - got
    for ev in found:
        assert sample_store.document(ev.source_id).text[ev.start : ev.end] == ev.text
    agenda = [ev for ev in found if ev.when == "2024-01-25T09:30/12:15"]
    assert agenda[0].text.startswith("09:30 – 12:15 Working Session I – Strategic discussion on migration")
    assert [ev.when for ev in found] == sorted((ev.when for ev in found), key=lambda w: w.lstrip("/"))


def test_filters_and_relative_dates(sample_store: PassageStore) -> None:
    protection = sample_store.timeline(topic="temporary protection")
    # "foreseen to end in 2025": a year alone is a date too.
    assert {ev.when for ev in protection} == {"2023-10-19", "/2025-03", "2025"}
    assert all(ev.when.lstrip("/") >= "2024-03" for ev in sample_store.timeline(since="2024-03"))
    assert all(ev.when.lstrip("/")[:4] <= "2023" for ev in sample_store.timeline(until="2023"))
    (ev,) = extract_dates("The summit is next year. It met last year in spring.", "2024-05-02")[:1]
    assert (ev.when, ev.kind) == ("2025", "relative")
    assert extract_dates("It happened on 3 May.", None) == ()  # no year anywhere: no date
    (until,) = extract_dates("It was extended for a year until 4 March 2024.", "2023-05-02")
    assert (until.when, until.kind) == ("/2024-03-04", "period")
    (december,) = extract_dates("In early December, the Assembly decided.", "2024-12-12")
    assert (december.when, december.kind) == ("2024-12", "month")


@pytest.mark.slow  # the CLI loads the model for each command
def test_timeline_command(monkeypatch, tmp_path) -> None:  # noqa: ANN001
    from pressroom.cli import app
    from tests.conftest import SAMPLE

    monkeypatch.setenv("PRESSROOM_HOME", str(tmp_path))
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(SAMPLE)]).exit_code == 0
    result = runner.invoke(app, ["timeline", "--topic", "European Ports Alliance"])
    assert result.exit_code == 0 and "2024-01-24" in result.output, result.output
    day = ["--since", "2024-03-05", "--until", "2024-03-05"]
    data = json.loads(runner.invoke(app, ["timeline", "--json", *day]).output)
    assert data and all(ev["when"].startswith("2024-03-05") for ev in data)


def test_when_answers_carry_the_dates_in_their_quotes(assistant) -> None:  # noqa: ANN001
    answer = assistant.ask("When will the Entry Exit System enter into operation?")
    assert not answer.abstained
    by_when = {d.when: d for d in answer.dates}
    # "in autumn this year", read against the release's date (March 2024), inside the quote.
    autumn = by_when["2024-09/2024-11"]
    assert autumn.kind == "relative" and autumn.label in answer.citations[autumn.n - 1].quote
    assert "When: " in render_dates(answer)
    # Only "when" questions get dates.
    assert assistant.ask("What will the Entry Exit System do?").dates == ()


def render_dates(answer) -> str:  # noqa: ANN001
    from ui.render import chat_markdown

    return chat_markdown(answer, 1)


def test_dates_in_other_languages() -> None:
    cases = [
        ("Le Conseil fédéral a approuvé le 24 janvier 2024 le traité.", "2024-01-24"),
        ("Der Bundesrat hat am 3. März 2023 entschieden.", "2023-03-03"),
        ("Il 1° maggio 2022 è entrato in vigore.", "2022-05-01"),
        ("La réunion aura lieu les 12 et 13 décembre 2024.", "2024-12-12/2024-12-13"),
        ("En mars 2021, la Suisse a signé.", "2021-03"),
        ("Op 25 januari ontmoetten de ministers elkaar.", "2024-01-25"),  # the year from the document
    ]
    for text, when in cases:
        assert [ev.when for ev in extract_dates(text, "2024-01-25")] == [when], text
    assert extract_dates("It may rain in the south.", "2024-01-25") == ()  # "may" is not a month


def test_a_day_the_calendar_lacks_is_no_documents_date(embedder, tmp_path) -> None:  # noqa: ANN001
    # Found by tests/test_fuzz.py: "09:30 February" read as 30 February, and the ingest failed
    # with a traceback when the store made a filterable number of that date.
    from index.ingesting import ingest_paths
    from index.settings import IndexSettings
    from ingest.metadata import detect_date

    assert detect_date("2023 09:30 February") is None
    assert detect_date("On 29 February 2023 and on 3 March 2023") == "2023-03-03"
    (tmp_path / "odd.txt").write_text("The\n\n2023 09:30 February\n")
    store = PassageStore(IndexSettings(home=tmp_path / "home"), embedder)
    events = list(ingest_paths(store, [tmp_path / "odd.txt"]))
    assert [e.status for e in events] == ["added"] and store.document("odd.txt").date is None
