"""``pressroom find``: the query language, and exact counts checked against a plain scan.

The parser's tests are fast; those on an ingested home are ``slow``, those on the shared JHA feed
``integration``.

The scan below reads each document's words with a regular expression and evaluates the parsed
query on them by hand, nothing shared with the engine (SQLite FTS5) but the parse tree.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from index.embedding import Embedder
from index.finding import find, snippets
from index.fulltext import FullText
from index.ingesting import ingest_paths
from index.query import And, DateRange, Field, Not, Or, Phrase, QuerySyntaxError, Term, parse
from index.settings import IndexSettings
from index.store import PassageStore
from index.writing import document_record
from ingest.pipeline import load_paths
from ingest.records import Document
from tests.conftest import SAMPLE, SHARED

JHA = SHARED / "corpus" / "jha-meetings.jsonl"

# -- the parser ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "tree"),
    [
        ("ports", Term("ports")),
        ("Ports alliance", And((Term("ports"), Term("alliance")))),
        ('"ports alliance"', Phrase(("ports", "alliance"))),
        ("ports AND drugs OR cocaine", Or((And((Term("ports"), Term("drugs"))), Term("cocaine")))),
        ("ports AND (drugs OR cocaine)", And((Term("ports"), Or((Term("drugs"), Term("cocaine")))))),
        ("NOT schengen", Not(Term("schengen"))),
        ("migration -schengen", And((Term("migration"), Not(Term("schengen"))))),
        ('-"ports alliance"', Not(Phrase(("ports", "alliance")))),
        ("extradit*", Term("extradit", prefix=True)),
        ('"drug ports"~5', Phrase(("drug", "ports"), near=5)),
        ("Keller-Sutter", Phrase(("keller", "sutter"))),
        ("title:alliance", Term("alliance", title=True)),
        ('title:"ports alliance"', Phrase(("ports", "alliance"), title=True)),
        ("title:(ports OR drugs)", Or((Term("ports", title=True), Term("drugs", title=True)))),
        ("lang:EN kind:press_release", And((Field("lang", "en"), Field("kind", "press_release")))),
        ('source:"001_a.txt"', Field("source", "001_a.txt")),
        ("date:2024-01..2024-03", DateRange(20240100, 20240399)),
        ("date:2024", DateRange(20240000, 20241299)),
        ("date:..2024-02", DateRange(None, 20240299)),
        ("and or not", And((Term("and"), Term("or"), Term("not")))),  # lower case: words
        ("Müller", Term("müller")),
    ],
)
def test_good_queries_parse_into_their_trees(query: str, tree: object) -> None:
    assert parse(query) == tree


@pytest.mark.parametrize(
    ("query", "position", "words"),
    [
        ('"drug ports', 1, "no closing quote"),
        ("(ports OR drugs", 1, "never closed"),
        ("ports)", 6, "closes no ("),
        ("ports AND", 10, "after AND, found the end of the query"),
        ("ports OR OR drugs", 10, "after OR, found 'OR'"),
        ("()", 2, "empty parentheses"),
        ("colour:red", 1, "unknown field 'colour': use title:, lang:, kind:, source:, date:"),
        ("lang:", 6, "expected a value after lang:"),
        ("date:2024-13", 6, "no month 13"),
        ("date:last-week", 6, "use YYYY, YYYY-MM or YYYY-MM-DD"),
        ('"drug ports"~many', 14, "expected a number of words after ~"),
        ('"ports"~3', 1, "two or more words"),
        ("dr*gs", 1, "a * goes at the end of one word"),
        ("&", 1, "no letters or digits"),
        ("   ", 1, "the query is empty"),
        ("title:(lang:en)", 1, "title: takes words and phrases"),
    ],
)
def test_bad_queries_say_where_and_what_was_expected(query: str, position: int, words: str) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse(query)
    message = str(caught.value)
    assert message.startswith(f"query {query!r}, at character {position}: "), message
    assert words in message and "\n" not in message


# -- a plain scan: the reference the engine's counts must equal --------------------------------


def _words(text: str) -> list[str]:
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return [w.lower() for w in re.findall(r"[^\W_]+", folded)]


def _fold(word: str) -> str:
    return _words(word)[0]


def _has(words: list[str], node: Term | Phrase) -> bool:
    if isinstance(node, Term):
        wanted = _fold(node.word)
        return any(w.startswith(wanted) for w in words) if node.prefix else wanted in words
    wanted = [_fold(w) for w in node.words]
    if node.near is None:
        return any(words[i : i + len(wanted)] == wanted for i in range(len(words)))
    a, b = wanted  # the scan knows proximity of two words: at most `near` words between them
    at_a = [i for i, w in enumerate(words) if w == a]
    at_b = [i for i, w in enumerate(words) if w == b]
    return any(abs(i - j) - 1 <= node.near for i in at_a for j in at_b)


def _scan(node: object, doc: dict) -> bool:
    if isinstance(node, Term | Phrase):
        return _has(doc["title_words"], node) or (not node.title and _has(doc["text_words"], node))
    if isinstance(node, Field):
        return doc[node.name] == node.value
    if isinstance(node, DateRange):
        number = int(doc["date"][:10].replace("-", "").ljust(8, "0")) if doc["date"] else None
        return number is not None and (node.low or 0) <= number <= (node.high or 99999999)
    if isinstance(node, Not):
        return not _scan(node.part, doc)
    if isinstance(node, And):
        return all(_scan(p, doc) for p in node.parts)
    assert isinstance(node, Or)
    return any(_scan(p, doc) for p in node.parts)


def _scanned(record: object) -> dict:
    return {"title_words": _words(record.title), "text_words": _words(record.text or ""), "lang": record.lang.lower(),
            "kind": record.kind, "source": record.source_id, "date": record.date}  # fmt: skip


def scan_count(query: str, docs: list[dict]) -> int:
    """How many documents a plain scan of their words finds for ``query``."""
    node = parse(query)
    return sum(_scan(node, d) for d in docs)


# -- a small ingested home, shared by the module ------------------------------------------------


@pytest.fixture(scope="module")
def home(embedder: Embedder, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding the sample corpus (Qdrant Edge and the full-text table beside it)."""
    folder = tmp_path_factory.mktemp("find")
    store = PassageStore(IndexSettings(home=folder), embedder)
    try:
        assert [e.status for e in ingest_paths(store, [SAMPLE])] == ["added"] * 5
    finally:
        store.close()
    assert (folder / "fulltext.sqlite3").exists()  # written at ingest
    return folder


@pytest.fixture
def opened(home: Path, embedder: Embedder) -> Iterator[PassageStore]:
    store = PassageStore(IndexSettings(home=home), embedder)
    yield store
    store.close()


@pytest.fixture(scope="module")
def sample_docs(home: Path, embedder: Embedder) -> list[dict]:
    store = PassageStore(IndexSettings(home=home), embedder)
    try:
        return [_scanned(store.document(s.source_id)) for s in store.list_documents()]
    finally:
        store.close()


SAMPLE_QUERIES = [
    "ports",
    "Ports",
    '"ports alliance"',
    '"European Ports Alliance" AND drugs',
    "port*",
    "migra*",
    "ports OR schengen",
    "migration NOT schengen",
    "migration -schengen",
    "-ports",
    "NOT (ports OR schengen)",
    "(schengen OR europol) AND -lang:nl",
    "lang:nl",
    "lang:en kind:press_release",
    "date:2024-03",
    "date:2024-01..2024-02 ministers",
    "date:..2024-01-31 OR -ports",
    '"drug ports"~5',
    '"criminal ports"~3',
    "title:ministers",
    'title:"home affairs"',
    "EMPACT",
    "Müller OR mueller",
    "zzzz-not-there",
]


@pytest.mark.slow
@pytest.mark.parametrize("query", SAMPLE_QUERIES)
def test_counts_on_the_sample_equal_a_plain_scan(opened: PassageStore, sample_docs: list[dict], query: str) -> None:
    result = opened.find(query)
    assert result.total == scan_count(query, sample_docs)
    assert sum(result.facets.lang.values()) == result.total


@pytest.mark.slow
def test_the_counts_are_not_trivially_all_or_nothing(opened: PassageStore) -> None:
    counts = {q: opened.find(q).total for q in ("ports", '"ports alliance"', "-ports", "lang:nl", "date:2024-03")}
    assert counts == {"ports": 5, '"ports alliance"': 4, "-ports": 0, "lang:nl": 1, "date:2024-03": 1}


@pytest.mark.slow
def test_pages_list_every_match_once_in_date_order(opened: PassageStore) -> None:
    whole = opened.find("ministers", sort="date", per_page=100)
    pages = [opened.find("ministers", sort="date", page=p, per_page=2) for p in (1, 2, 3)]
    assert pages[0].pages == 3 and pages[0].total == whole.total == 5
    listed = [h.source_id for p in pages for h in p.hits]
    assert listed == [h.source_id for h in whole.hits] and len(set(listed)) == 5
    dates = [h.date for h in whole.hits]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True) and dates[len(dated) :] == [None] * (5 - len(dated))
    assert opened.find("ministers", page=9).hits == ()


@pytest.mark.slow
def test_relevance_lists_the_best_scores_first(opened: PassageStore) -> None:
    hits = opened.find('"ports alliance" OR title:ports').hits
    assert hits[0].score >= hits[-1].score
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


@pytest.mark.slow
def test_snippets_mark_every_match_at_its_offsets(opened: PassageStore) -> None:
    hit = opened.find('"European Ports Alliance"').hits[0]
    text = opened.document(hit.source_id).text
    assert hit.snippets and hit.match_count >= 1
    for snippet in hit.snippets:
        assert text[snippet.start : snippet.end] == snippet.text
        for a, b in snippet.matches:
            assert text[a:b].lower() == "european ports alliance"
        assert "**European Ports Alliance**" in snippet.highlighted()


def test_snippets_of_marked_text() -> None:
    found, count = snippets("a \ue000b\ue001 c " + "x " * 100 + "\ue000b\ue001", context=4)
    assert count == 2 and [s.matches for s in found] == [((2, 3),), ((206, 207),)]
    assert found[0].highlighted("[", "]") == "a [b] c x"


@pytest.mark.slow
def test_facets_count_by_language_kind_year_and_month(opened: PassageStore) -> None:
    facets = opened.find("ports").facets
    assert facets.lang == {"en": 4, "nl": 1}
    assert sum(facets.kind.values()) == 5
    assert facets.year == {"": 1, "2024": 4}
    assert facets.month == {"": 1, "2024-01": 3, "2024-03": 1}


@pytest.mark.slow
def test_an_export_holds_every_match_and_reads_back(opened: PassageStore, tmp_path: Path) -> None:
    from ui.find_output import write_export

    total = opened.find("ports").total
    assert write_export(opened.find_all("ports", sort="date"), tmp_path / "ports.jsonl") == total
    assert write_export(opened.find_all("ports", sort="date"), tmp_path / "ports.csv") == total
    lines = [json.loads(line) for line in (tmp_path / "ports.jsonl").read_text(encoding="utf-8").splitlines()]
    with (tmp_path / "ports.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["source_id"] for r in rows] == [d["source_id"] for d in lines] and len(rows) == total
    first = lines[0]
    assert set(first) >= {"source_id", "title", "date", "lang", "kind", "url", "snippets", "match_count"}
    text = opened.document(first["source_id"]).text
    for snippet in first["snippets"]:  # every match, with offsets into the document's text
        assert all(text[a:b].lower() == "ports" for a, b in snippet["matches"])
    assert sum(len(s["matches"]) for s in first["snippets"]) == first["match_count"]
    assert rows[0]["offsets"].count("-") == first["match_count"]


@pytest.mark.slow
def test_a_deleted_document_leaves_the_results(home: Path, embedder: Embedder, tmp_path: Path) -> None:
    shutil.copytree(home, tmp_path / "copy")
    store = PassageStore(IndexSettings(home=tmp_path / "copy"), embedder)
    try:
        before = store.find('"ports alliance"')
        assert "003_74bc165e444463b9.txt" in {h.source_id for h in before.hits}
        store.delete("003_74bc165e444463b9.txt")
        after = store.find('"ports alliance"')
        assert after.total == before.total - 1 and "nl" not in after.facets.lang
        assert store.find("source:003_74bc165e444463b9.txt").total == 0
    finally:
        store.close()


@pytest.mark.slow
def test_documents_indexed_before_the_table_existed_become_findable(
    home: Path, embedder: Embedder, tmp_path: Path
) -> None:
    shutil.copytree(home, tmp_path / "old")
    (tmp_path / "old" / "fulltext.sqlite3").unlink()
    for stray in (tmp_path / "old").glob("fulltext.sqlite3-*"):
        stray.unlink()
    store = PassageStore(IndexSettings(home=tmp_path / "old"), embedder)
    seen: list[tuple[int, int]] = []
    try:
        assert store.find("ports", progress=lambda done, total: seen.append((done, total))).total == 5
        assert seen == [(5, 5)]
        assert store.find("schengen", progress=lambda *_: seen.append((0, 0))).total >= 1
        assert seen == [(5, 5)]  # brought level once per process
    finally:
        store.close()


# -- the CLI and the API ------------------------------------------------------------------------

@pytest.mark.slow
def test_the_cli_counts_lists_exports_and_says_what_is_wrong(home: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from pressroom.cli import app

    monkeypatch.setenv("PRESSROOM_HOME", str(home))
    runner = CliRunner()
    counted = runner.invoke(app, ["find", '"ports alliance"', "--count"])
    assert counted.exit_code == 0, counted.output
    assert counted.stdout.strip() == "4"
    listed = runner.invoke(app, ["find", "ports -lang:nl", "--sort", "date", "--json", "--per-page", "2"])
    data = json.loads(listed.stdout)
    assert data["total"] == 4 and data["pages"] == 2 and len(data["hits"]) == 2
    assert data["facets"]["lang"] == {"en": 4}
    assert data["hits"][0]["snippets"][0]["highlighted"].count("**") >= 2
    text = runner.invoke(app, ["find", "EMPACT"]).stdout
    assert text.startswith("1 document matches 'EMPACT' (page 1 of 1, by relevance)") and "**EMPACT**" in text
    exported = runner.invoke(app, ["find", "ports", "--export", str(tmp_path / "all.csv")])
    assert exported.stdout.strip() == f"wrote 5 documents to {tmp_path / 'all.csv'}"
    bad = runner.invoke(app, ["find", "ports AND (drugs"])
    assert bad.exit_code == 2 and "Traceback" not in bad.output
    assert bad.stderr.strip() == ("pressroom: error: query 'ports AND (drugs', at character 11: the ( opened here "
                                  "is never closed: add a )")
    wrong = runner.invoke(app, ["find", "ports", "--export", str(tmp_path / "all.xlsx")])
    assert wrong.exit_code == 2 and "name a .csv or .jsonl file" in wrong.stderr
    nowhere = runner.invoke(app, ["find", "ports", "--export", str(tmp_path / "no" / "such" / "all.csv")])
    assert nowhere.exit_code == 2 and "cannot write" in nowhere.stderr and "Traceback" not in nowhere.output


@pytest.mark.slow
def test_the_api_returns_counts_facets_and_hits(home: Path, embedder: Embedder) -> None:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from assistant.config import PressroomSettings
    from ui.api import router
    from ui.server import open_services
    from ui.settings import ServerSettings

    app = FastAPI()
    app.include_router(router)
    app.state.services = open_services(PressroomSettings(index=IndexSettings(home=home)), ServerSettings(home=home),
                                       embedder)
    try:
        client = TestClient(app)
        page = client.get("/api/find", params={"q": '"ports alliance"', "per_page": 3, "page": 2})
        data = page.json()
        assert page.status_code == 200 and data["total"] == 4 and data["page"] == 2 and len(data["hits"]) == 1
        assert set(data["facets"]) == {"lang", "kind", "year", "month", "people", "orgs"}
        bad = client.get("/api/find", params={"q": "ports OR OR"})
        assert bad.status_code == 400 and "at character 10" in bad.json()["detail"]
        exported = client.get("/api/find/export", params={"q": "ports", "format": "csv"})
        assert exported.status_code == 200 and len(list(csv.DictReader(exported.text.splitlines()))) == 5
    finally:
        app.state.services.close()


# -- the shared JHA feed: the engine against a plain scan on 373 real documents -------------------

JHA_QUERIES = [
    "schengen",
    '"border controls"',
    '"contrôles aux frontières"',
    '"Karin Keller-Sutter"',
    "migra*",
    "europol AND frontex",
    "europol OR frontex",
    "(asylum OR migration) -schengen",
    "NOT schengen",
    "lang:de grenz*",
    "lang:fr (migration OR asile)",
    "date:2023 schengen",
    "date:2015-01..2016-12 -lang:en",
    '"external borders"~3',
    "title:conseil",
    "title:schengen kind:press_release",
    "Sommaruga OR Keller-Sutter",
]


@pytest.fixture(scope="module")
def jha() -> tuple[FullText, list[dict]]:
    if not JHA.exists():
        pytest.skip(f"the shared corpus is not here ({JHA}); see ../shared/corpus/README.md")
    documents = [d for d in load_paths([JHA]) if isinstance(d, Document)]
    records = [document_record(d) for d in documents]
    table = FullText(":memory:")
    table.upsert(records)
    return table, [_scanned(r) for r in records]


@pytest.mark.integration
@pytest.mark.parametrize("query", JHA_QUERIES)
def test_counts_on_the_jha_feed_equal_a_plain_scan(jha: tuple[FullText, list[dict]], query: str) -> None:
    table, docs = jha
    assert len(docs) == 373
    result = find(table, query, parse(query))
    assert result.total == scan_count(query, docs)
    assert 0 < result.total < len(docs) or query in ("NOT schengen",)


# -- the Swiss English feed: 13,500 releases, the engine against a plain scan ---------------------

SWISS_EN = SHARED / "corpus" / "swiss-en.jsonl.gz"
SWISS_QUERIES = [
    '"federal council"', "sanction*", "europol AND frontex", "(asylum OR migration) -schengen",
    '"money laundering"~2', "title:covid", "date:2015..2016 schengen", "NOT federal", "Keller-Sutter OR Sommaruga",
]  # fmt: skip


@pytest.fixture(scope="module")
def swiss() -> tuple[FullText, list[dict]]:
    """The feed's records as they come (title, lead and text), in the full-text table: the count
    check is of the engine, so the ingest pipeline (minutes for 13,500 releases) is left out."""
    import gzip

    from index.catalogue import DocumentRecord

    if not SWISS_EN.exists():
        pytest.skip(f"the shared corpus is not here ({SWISS_EN}); see ../shared/corpus/README.md")
    with gzip.open(SWISS_EN, "rt", encoding="utf-8") as feed:
        raw = [json.loads(line) for line in feed if line.strip()]
    records = [DocumentRecord(source_id=r["id"], title=r.get("title") or "", lang=r.get("lang") or "en",
                              kind="press_release", date=r.get("date"), url=r.get("url") or "",
                              content_hash=str(i), text="\n".join(r.get(k) or "" for k in ("lead", "text")),
                              mentions=())  # no names: they are not what is counted
               for i, r in enumerate(raw)]  # fmt: skip
    records = list({r.source_id: r for r in records}.values())  # an id twice in the feed: the table keeps the last
    table = FullText(":memory:")
    table.upsert(records)
    return table, [_scanned(r) for r in records]


@pytest.mark.integration
@pytest.mark.slow
@pytest.mark.parametrize("query", SWISS_QUERIES)
def test_counts_on_the_swiss_english_feed_equal_a_plain_scan(swiss: tuple[FullText, list[dict]], query: str) -> None:
    table, docs = swiss
    assert len(docs) > 13_000
    result = find(table, query, parse(query))
    assert result.total == scan_count(query, docs)
    assert 0 < result.total < len(docs)
