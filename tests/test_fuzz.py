# Long: one property per cleaner, chunker, date, statement, filter and re-ingest shape, each with its examples.
"""Property tests (hypothesis): offsets always slice the text they claim, nothing is lost, and
re-ingesting is a no-op. A failure found here is kept below as an ``@example``."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from index.edge_backend import edge_filter
from index.filters import SearchFilters, date_number
from index.ingesting import ingest_paths
from index.qdrant_backend import qdrant_filter
from index.settings import IndexSettings
from index.store import PassageStore
from ingest.chunking import approx_tokens, chunk
from ingest.cleaning import clean_lines, normalise_space, strip_inline_html
from ingest.dates import extract_dates
from ingest.pipeline import ChunkSettings, build_document, load_paths
from ingest.records import Block, Document
from ingest.sentences import split_sentences
from ingest.statements import extract_statements

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- text that looks like press releases, and text that does not ----------------------------

WORDS = (
    "the Council ministers agreed on budget Brussels Minister Secretary State of Interior Mari Rantanen "
    "Jan Jans Nicole de Moor Mr Ms He She said says stressed explained noted that added: and in on at "
    "by until from since January February March May July December 2023 2024 2025 24 25th 1st 4 31 "
    "this next last year spring autumn early mid-June Thursday the 09:30 12:15 – - Press Release "
    "Belgian Swedish Prime European Commission Schengen e.g. Dr. No. 3. a b"
).split()
MARKS = [".", ",", ":", ";", "!", "?", "“", "”", '"', "«", "»", "(", ")", "…", "\n", "\n\n", "  ", "\t"]
MARKUP = ["<b>", "</b>", "<p>", "</p>", "<br>", "<li>", "<script>x</script>", "&amp;", "&lt;", "# ", "## ",
          "**", "*", "_", "---", "- ", "• ", "1. ", "\r\n", "\u00a0", "\u200b", "\x0c", "<!-- c -->", "<", ">"]

press_text = st.lists(st.sampled_from(WORDS + MARKS), max_size=80).map(
    lambda parts: "".join(p if p in MARKS else " " + p for p in parts)
)
any_text = st.text(max_size=300)
messy_text = st.lists(st.one_of(st.sampled_from(WORDS + MARKS + MARKUP), st.text(max_size=8)), max_size=60).map(
    "".join
)
texts = st.one_of(press_text, any_text, messy_text)


# -- cleaning ---------------------------------------------------------------------------------


@FAST
@given(texts)
def test_normalise_space_is_idempotent_and_trimmed(raw: str) -> None:
    clean = normalise_space(raw)
    assert normalise_space(clean) == clean
    assert clean == clean.strip()
    assert "  " not in clean and "\t" not in clean
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", clean)


@FAST
@given(texts)
def test_clean_lines_gives_clean_single_lines(raw: str) -> None:
    for line in clean_lines(raw):
        assert line.text and "\n" not in line.text and "\r" not in line.text
        assert normalise_space(line.text) == line.text
        assert 0 <= line.heading_level <= 6


@FAST
@given(st.lists(st.sampled_from([w for w in WORDS if re.fullmatch(r"[A-Za-z]+", w)] + [".", ",", "\n", " "]),
                max_size=60).map(" ".join))
def test_plain_text_keeps_every_word(raw: str) -> None:
    """Text without markup loses no word to the cleaner."""
    lines = clean_lines(raw)
    assert " ".join(line.text for line in lines).split() == raw.split()


@FAST
@given(texts)
def test_inline_html_stripping_keeps_text_without_markup(raw: str) -> None:
    stripped = strip_inline_html(raw)
    if "<" not in raw and "&" not in raw:
        assert stripped == raw


# -- sentences --------------------------------------------------------------------------------


@FAST
@given(texts)
def test_sentences_are_ordered_trimmed_and_cover_the_text(text: str) -> None:
    spans = split_sentences(text)
    covered = [False] * len(text)
    last = 0
    for a, b in spans:
        assert last <= a < b <= len(text)
        assert text[a:b] == text[a:b].strip() and text[a:b]
        covered[a:b] = [True] * (b - a)
        last = b
    assert all(covered[i] or text[i].isspace() for i in range(len(text)))


# -- chunking ---------------------------------------------------------------------------------

block_text = texts.map(normalise_space).filter(bool)
blocks = st.lists(
    st.builds(Block, st.sampled_from(["heading", "paragraph", "paragraph", "list_item", "line"]), block_text,
              st.integers(1, 4)),
    min_size=1, max_size=12,
)


def words_in(text: str) -> int:
    return len(text.split())


def letters(text: str) -> int:
    """A second token counter: characters other than spaces (as a tokenizer's, a text's count
    is the sum of its words': the chunker relies on that)."""
    return sum(not c.isspace() for c in text)


@FAST
@given(blocks, st.integers(8, 80), st.sampled_from(["approx", "letters"]))
@example([Block("paragraph", "a" * 40)], 8, "letters")  # one word over the budget: kept whole
@example([Block("heading", "the the the")], 8, "letters")  # was a passage over the budget
@example([Block("heading", "b " * 9, 1), Block("heading", "c " * 9, 2)], 16, "letters")  # two: also over
def test_passages_slice_the_text_fit_the_budget_and_lose_nothing(
    blocks: list[Block], max_tokens: int, counter: str
) -> None:
    count = approx_tokens if counter == "approx" else letters
    text, passages = chunk(blocks, "doc", count_tokens=count, max_tokens=max_tokens)
    assert text == "\n".join(b.text for b in blocks)
    covered = [False] * len(text)
    end = 0
    for p in passages:
        assert end <= p.start < p.end <= len(text)
        assert text[p.start : p.end] == p.text
        for a, b in (*p.sentences, *p.headings):
            assert 0 <= a < b <= len(p.text) and p.text[a:b].strip()
        # Over the budget only when it cannot be cut: one word, or a heading kept whole.
        heading_lines = {p.text[a:b] for a, b in p.headings}
        body = [p.text[a:b] for a, b in p.sentences if p.text[a:b] not in heading_lines]
        assert count(p.text) <= max_tokens or all(words_in(s) == 1 for s in body) or not body, p
        covered[p.start : p.end] = [True] * (p.end - p.start)
        end = p.end
    assert len({p.id for p in passages}) == len(passages)
    at = 0
    for block in blocks:
        if block.kind != "heading":  # a heading may stand only in its passages' heading path
            assert all(covered[i] or text[i].isspace() for i in range(at, at + len(block.text))), (block, passages)
        at += len(block.text) + 1
    assert chunk(blocks, "doc", count_tokens=count, max_tokens=max_tokens) == (text, passages)


# -- dates and statements -----------------------------------------------------------------------

document_dates = st.one_of(
    st.none(), st.dates().map(str), st.dates().map(lambda d: str(d)[:7]), st.sampled_from(["", "2024", "bad", "20x4"])
)
_ISO = r"\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}:\d{2})?)?)?"
WHEN = re.compile(rf"^(?:{_ISO}|/{_ISO}|{_ISO}/|{_ISO}/{_ISO}|{_ISO}/\d{{2}}:\d{{2}})$")
MONTH_NAMES = "January February March April May June July August September October November December".split()
date_phrases = st.one_of(
    st.builds("{} {} {}".format, st.integers(0, 40), st.sampled_from(MONTH_NAMES), st.integers(1990, 2030)),
    st.builds("on {} {}".format, st.integers(0, 40), st.sampled_from(MONTH_NAMES)),
    st.builds("{} {}, {}".format, st.sampled_from(MONTH_NAMES), st.integers(0, 40), st.integers(1990, 2030)),
    st.builds("until {} {}".format, st.sampled_from(MONTH_NAMES), st.integers(1990, 2030)),
    st.builds("\n{:02d}:{:02d} – {:02d}:{:02d} Working session\n".format, *[st.integers(0, 99)] * 4),
)
dated_text = st.lists(st.one_of(date_phrases, st.sampled_from(WORDS + MARKS)), max_size=30).map(" ".join)


def real_when(when: str) -> bool:
    """Whether every date and time in ``when`` exists on the calendar and the clock."""
    import datetime

    for part in filter(None, re.split(r"/", when)):
        day, _, time = part.partition("T")
        if re.fullmatch(r"\d{2}:\d{2}", day):  # the end of a time span
            day, time = "", day
        try:
            if day:
                datetime.date.fromisoformat(day if len(day) == 10 else (day + "-01-01")[:10])
            if time and time != "24:00":  # ISO 8601's end of a day
                datetime.time.fromisoformat(time)
        except ValueError:
            return False
    return True


@FAST
@given(st.one_of(dated_text, texts), document_dates)
@example("on 1 January", "0999-01-01")  # was '999-01-01'
@example("By JANUAR", "0999-01-01")  # was '999-01'
@example("4 March 2024\n25:10 – 26:00 Working session", None)  # was '2024-03-04T25:10/26:00'
@example("on 31 February 2024 and 29 February 2023", None)  # were '2024-02-31' and '2023-02-29'
def test_dated_events_slice_the_text_and_hold_their_label(text: str, document_date: str | None) -> None:
    for event in extract_dates(text, document_date):
        assert text[event.start : event.end] == event.text
        assert event.label and event.label in event.text
        assert WHEN.match(event.when), event
        assert real_when(event.when), event
        assert event.kind in {"day", "month", "year", "time", "period", "relative"}


quote_text = st.lists(
    st.sampled_from(WORDS + MARKS + ["“We agreed on the budget today,” said Minister Mari Rantanen.",
                                     "He said: “The Council will act on Schengen now.”",
                                     "Nicole de Moor, Belgian Minister of the Interior"]),
    max_size=40,
).map(lambda parts: " ".join(parts))


@FAST
@given(st.one_of(quote_text, texts))
def test_statements_slice_the_text(text: str) -> None:
    for statement in extract_statements(text):
        assert text[statement.start : statement.end] == statement.text
        assert statement.speaker and statement.kind in {"quote", "statement"}


@SLOW
@given(blocks, document_dates)
def test_a_built_document_keeps_every_offset(blocks: list[Block], document_date: str | None) -> None:
    document = build_document(blocks, "doc", "doc.txt", ChunkSettings(), date=document_date)
    for p in document.passages:
        assert document.text[p.start : p.end] == p.text
    for s in document.statements:
        assert document.text[s.start : s.end] == s.text
    for e in document.dates:
        assert document.text[e.start : e.end] == e.text


# -- query filters ------------------------------------------------------------------------------

prefixes = st.one_of(st.dates().map(str), st.dates().map(lambda d: str(d)[:7]), st.dates().map(lambda d: str(d)[:4]))


@FAST
@given(st.dates(), prefixes)
def test_a_date_filter_holds_exactly_the_dates_it_names(day, prefix: str) -> None:
    """``--from P --to P`` keeps a document dated ``D`` exactly when ``D`` starts with ``P``."""
    value = date_number(str(day))
    inside = date_number(prefix) <= value <= date_number(prefix, end=True)
    assert inside == str(day).startswith(prefix)


@FAST
@given(st.text(max_size=14))
@example("٢٠٢٤-٠٣")  # digits of another script are digits: March 2024
def test_a_date_filter_takes_a_date_or_says_why_not(value: str) -> None:
    try:
        number = date_number(value)
    except ValueError as exc:
        assert repr(value) in str(exc)
        return
    if number is not None:
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value.strip()), value
        assert qdrant_filter(SearchFilters(date_from=value, date_to=value)) is not None
        assert edge_filter(SearchFilters(date_from=value, date_to=value)) is not None


@FAST
@given(st.dates(), st.sampled_from(["month", "day"]), st.integers(32, 99))
@example(__import__("datetime").date(2024, 1, 1), "month", 13)
def test_a_date_filter_refuses_a_month_or_day_that_does_not_exist(day, part: str, number: int) -> None:
    value = f"{day.year}-{number}" if part == "month" else f"{day.year}-{day.month:02d}-{number}"
    with pytest.raises(ValueError, match=re.escape(repr(value))):
        date_number(value)


DATES = [None, "2023-12", "2024-01-15", "2024-03", "2024-03-04", "2024-12-31", "2025-01-01"]
LIBRARY = [
    {"id": f"f{n}", "title": f"Council meeting {n}", "text": f"The Council met on topic {n} and agreed.",
     "date": DATES[n % len(DATES)], "lang": ("en", "nl")[n % 2], "type": ("memorandum", "tal", "artiklar")[n % 3]}
    for n in range(14)
]
KINDS = {"memorandum": "press_release", "tal": "speech", "artiklar": "news_item"}


@pytest.fixture(scope="module", params=["qdrant", "edge"])
def library(request: pytest.FixtureRequest, embedder, tmp_path_factory: pytest.TempPathFactory) -> PassageStore:  # noqa: ANN001
    """Fourteen one-passage records of known dates, languages and kinds, in each backend."""
    import json

    folder = tmp_path_factory.mktemp(f"library_{request.param}")
    where = {"qdrant_location": ":memory:"} if request.param == "qdrant" else {"home": folder}
    store = PassageStore(IndexSettings(**where, store_backend=request.param, collection_prefix="lib_"), embedder)
    (folder / "library.jsonl").write_text("".join(json.dumps(r) + "\n" for r in LIBRARY))
    assert {e.status for e in ingest_paths(store, [folder / "library.jsonl"])} == {"added"}
    yield store
    store.close()


def wanted(record: dict, f: SearchFilters) -> bool:
    """The filter's meaning, said in Python: what Qdrant must return."""
    number = date_number(record["date"])
    low, high = date_number(f.date_from), date_number(f.date_to, end=True)
    if (low is not None or high is not None) and number is None:
        return False
    return (
        (low is None or number >= low) and (high is None or number <= high)
        and f.lang in (None, record["lang"]) and f.kind in (None, KINDS[record["type"]])
        and f.source in (None, record["id"])
    )


bounds = st.sampled_from([None, "2023", "2023-12", "2024", "2024-01", "2024-03", "2024-03-04", "2024-12-31", "2025"])


@pytest.mark.integration
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.tuples(bounds, bounds, st.sampled_from([None, "en", "nl"]),
                 st.sampled_from([None, "press_release", "speech", "news_item"]),
                 st.sampled_from([None, "f3", "f4", "nope"]))
       # A range that ends before it starts is an error (SearchFilters says so), not a search.
       .filter(lambda t: not (t[0] and t[1] and date_number(t[0]) > date_number(t[1], end=True)))
       .map(lambda t: SearchFilters(*t)))
def test_a_search_filter_returns_exactly_what_it_names(library: PassageStore, f: SearchFilters) -> None:
    hits = library.search("Council meeting topic", limit=50, filters=f)
    assert sorted(h.passage.source_id for h in hits) == sorted(r["id"] for r in LIBRARY if wanted(r, f))


# -- re-ingest is a no-op ---------------------------------------------------------------------

paragraphs = st.lists(press_text.map(normalise_space).filter(lambda t: len(t.split()) > 2), min_size=1, max_size=6)
corpora = st.lists(st.tuples(st.sampled_from(WORDS).map(str.capitalize), paragraphs), min_size=1, max_size=4)


def write_corpus(folder: Path, corpus: list[tuple[str, list[str]]]) -> None:
    for n, (title, body) in enumerate(corpus):
        (folder / f"doc{n}.md").write_text(f"# {title} {n}\n\n" + "\n\n".join(body) + "\n")


@SLOW
@given(corpora)
def test_loading_the_same_files_twice_gives_the_same_documents(corpus: list[tuple[str, list[str]]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        write_corpus(Path(folder), corpus)
        first, second = list(load_paths([Path(folder)])), list(load_paths([Path(folder)]))
    assert all(isinstance(d, Document) for d in first)
    assert first == second


@pytest.fixture(scope="module")
def shared_store(embedder) -> PassageStore:  # noqa: ANN001 - the session's real model
    return PassageStore(IndexSettings(qdrant_location=":memory:", collection_prefix="fuzz_"), embedder)


@pytest.mark.integration
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpus=corpora)
def test_reingest_is_a_no_op(shared_store: PassageStore, corpus: list[tuple[str, list[str]]]) -> None:
    """Ingesting the same documents again reports them unchanged and leaves every passage as it was."""
    store = shared_store
    with tempfile.TemporaryDirectory() as folder:
        for record in store.list_documents():
            store.delete(record.source_id)
        write_corpus(Path(folder), corpus)
        first = list(ingest_paths(store, [Path(folder)]))
        passages = sorted((p["passage_id"], p["start"], p["text"]) for p in store.passage_payloads())
        records = {r.source_id: r.content_hash for r in store.list_documents()}
        second = list(ingest_paths(store, [Path(folder)]))
    assert [e.status for e in first] == ["added"] * len(corpus)
    assert [e.status for e in second] == ["unchanged"] * len(corpus)
    assert sorted((p["passage_id"], p["start"], p["text"]) for p in store.passage_payloads()) == passages
    assert {r.source_id: r.content_hash for r in store.list_documents()} == records
    assert len(passages) == sum(e.passages for e in first)
