"""The timeline and the quotations show one language version of each release, as search and
answers do, and say in which other languages it exists.

Before: a release in German, French and Italian gave each of its dates and quotations three
times (`pressroom timeline --topic Schengen` on the JHA feed listed the meeting of 28 March
2022 once in each language)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

RELEASE = [
    {"id": "r-de", "message_id": "r", "lang": "de", "date": "2024-03-01", "url": "https://example.org/de",
     "title": "Die Schweiz führt Grenzkontrollen ein",
     "text": "Die Schweiz führt an der Grenze Kontrollen ein. Die Grenzkontrollen treten am 15. März 2024 in Kraft. "
             "«Wir schützen die Grenze und bleiben offen für den Handel», sagte Bundesrat Beat Jans."},
    {"id": "r-fr", "message_id": "r", "lang": "fr", "date": "2024-03-01", "url": "https://example.org/fr",
     "title": "La Suisse introduit des contrôles aux frontières",
     "text": "La Suisse introduit des contrôles à la frontière. Les contrôles aux frontières entrent en vigueur "
             "le 15 mars 2024. « Nous protégeons la frontière et restons ouverts au commerce », a déclaré le "
             "conseiller fédéral Beat Jans."},
    {"id": "other", "lang": "en", "date": "2024-02-01", "url": "https://example.org/en",
     "title": "Ministers meet in Brussels",
     "text": "The ministers met in Brussels on 1 February 2024 to discuss border controls."},
]  # fmt: skip


@pytest.fixture
def ingested(run, tmp_path: Path):  # noqa: ANN201 - the run fixture
    feed = tmp_path / "releases.jsonl"
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in RELEASE), encoding="utf-8")
    assert run("ingest", str(feed)).exit_code == 0
    return run


def test_a_date_of_a_release_in_two_languages_is_listed_once(ingested) -> None:  # noqa: ANN001
    events = json.loads(ingested("timeline", "--json").stdout)
    march = [ev for ev in events if ev["when"].lstrip("/").startswith("2024-03-15")]
    assert len(march) == 1, march
    assert {ev["source_id"] for ev in events} <= {"r-de", "r-fr", "other"}
    printed = ingested("timeline").stdout
    assert printed.count("2024-03-15") == 1 and "also in " in printed


@pytest.mark.parametrize(("topic", "source"), [("Grenzkontrollen", "r-de"), ("contrôles aux frontières", "r-fr")])
def test_the_topic_language_picks_the_version(ingested, topic: str, source: str) -> None:  # noqa: ANN001
    events = json.loads(ingested("timeline", "--topic", topic, "--json").stdout)
    assert [ev["source_id"] for ev in events] == [source]


def test_a_quotation_of_a_release_in_two_languages_is_listed_once(ingested) -> None:  # noqa: ANN001
    found = json.loads(ingested("quotes", "--speaker", "Jans", "--json").stdout)
    assert len(found) == 1 and found[0]["speaker"] == "Beat Jans", found
    other = "fr" if found[0]["source_id"] == "r-de" else "de"
    assert f"also in {other})" in ingested("quotes", "--speaker", "Jans").stdout
