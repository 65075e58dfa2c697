"""Near-duplicates (issue 18): a release re-published with small changes is grouped at ingest;
search and ``find`` list one document of a group with "n similar", answers cite one.

Small releases are written to a feed in ``tmp_path`` and ingested with the real pipeline and
model; the last tests read the shared Swiss English feed and skip where it is absent.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.assistant import Assistant
from index.embedding import Embedder
from index.ingesting import ingest_paths
from index.near_duplicates import Candidate, group, signature, titles_agree
from index.settings import IndexSettings
from index.store import PassageStore
from tests.conftest import SHARED

VIGNETTE = (
    "The Federal Council decided on Monday to raise the price of the motorway vignette from 2025. Drivers of cars "
    "and motorcycles will pay CHF {fee} a year for the sticker that gives access to the national roads. The "
    "revenue goes to the maintenance of the network and to the completion of the bypasses around Lucerne and "
    "Geneva. The Federal Roads Office will sell the electronic vignette online from 1 December, and the paper "
    "sticker stays on sale at post offices, petrol stations and border crossings. Vehicles registered abroad "
    "need the vignette as well. The last increase dates from 1995, when the price went from CHF 30 to CHF 40."
)
BOILERPLATE = (
    "Further information is available from the Communication Service of the Federal Department of Justice and "
    "Police, which can be reached by telephone on working days between 8 am and 5 pm. The documents mentioned in "
    "this press release, including the explanatory report and the results of the consultation, are published on "
    "the department's website, where journalists can also subscribe to the press releases of the Federal Council."
)
PORTS = (
    "Switzerland joins the European Ports Alliance as an observer. Customs officers at the Rhine ports of Basel "
    "will exchange risk analyses with the port authorities of Antwerp, Rotterdam and Hamburg, where most of the "
    "cocaine seized in Europe arrives in containers. The Federal Office for Customs and Border Security expects "
    "better targeted checks of the barges that carry containers up the Rhine."
)
SCHENGEN = (
    "The Schengen evaluation of Switzerland ends with a positive report. The experts of the member states praised "
    "the cooperation between the cantonal police forces and the border guards at Zurich and Geneva airports, and "
    "recommended more staff for the checks of visas issued by consulates in Africa and Asia. The Federal Council "
    "will present an action plan before the summer."
)
FEE_A, FEE_B, PORTS_ID, SCHENGEN_ID = "vignette-0304-en", "vignette-0305-en", "ports-0304-en", "schengen-0305-en"


def _records() -> list[dict]:
    title = "Federal Council raises the price of the motorway vignette"
    return [
        {"id": FEE_A, "title": title, "date": "2024-03-04", "lang": "en", "text": VIGNETTE.format(fee=70)},
        # Re-published the next day with the figure corrected.
        {"id": FEE_B, "title": title, "date": "2024-03-05", "lang": "en", "text": VIGNETTE.format(fee=60)},
        # Two different releases under one generic title, a day apart, sharing a boilerplate paragraph.
        {"id": PORTS_ID, "title": "Press release", "date": "2024-03-04", "lang": "en",
         "text": PORTS + "\n\n" + BOILERPLATE},
        {"id": SCHENGEN_ID, "title": "Press release", "date": "2024-03-05", "lang": "en",
         "text": SCHENGEN + "\n\n" + BOILERPLATE},
    ]  # fmt: skip


def _feed(folder: Path, records: list[dict], name: str = "releases.jsonl") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def home(embedder: Embedder, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with the four releases ingested by the real pipeline."""
    folder = tmp_path_factory.mktemp("near")
    store = PassageStore(IndexSettings(home=folder), embedder)
    try:
        assert [e.status for e in ingest_paths(store, [_feed(folder / "in", _records())])] == ["added"] * 4
    finally:
        store.close()
    return folder


@pytest.fixture
def opened(home: Path, embedder: Embedder) -> Iterator[PassageStore]:
    store = PassageStore(IndexSettings(home=home), embedder)
    yield store
    store.close()


# -- the rule, on small cases ---------------------------------------------------------------------


def test_titles_agree_with_a_prefix_or_a_corrected_figure_but_not_another_name() -> None:
    assert titles_agree("Consumer prices rose by 0.1% in May", "CORRECTION: Consumer prices rose by 0.2% in May")
    assert titles_agree("Informal WTO meeting in Davos", "REMINDER Informal WTO meeting in Davos")
    assert not titles_agree("Switzerland and Slovakia initial a tax agreement", "Switzerland and Greece initial a "
                            "tax agreement")  # fmt: skip
    assert not titles_agree("Consumer prices rose in May", "Consumer prices rose in June")


def test_a_week_apart_groups_a_month_apart_and_a_title_alone_do_not() -> None:
    text = VIGNETTE.format(fee=70)
    changed = VIGNETTE.format(fee=60)
    title = "Federal Council raises the price of the motorway vignette"
    texts = {"a": text, "b": changed, "c": VIGNETTE.format(fee=80), "d": text, "e": "Ny ambassadör till Sverige",
             "f": "Ny ambassadör till Sverige"}  # fmt: skip
    docs = [Candidate("a", "en", "2024-03-04", title, signature(text)),
            Candidate("b", "en", "2024-03-11", title, signature(changed)),  # a week on, a figure changed
            Candidate("c", "en", "2024-04-11", title, signature(texts["c"])),  # a month on: another of a series
            Candidate("d", "en", "2025-03-04", title, signature(text)),  # the same words a year on: a template
            Candidate("e", "sv", "2021-03", texts["e"], signature(texts["e"])),  # a title without a text ...
            Candidate("f", "sv", "2021-03", texts["f"], signature(texts["f"]))]  # ... says too little  # fmt: skip
    assert group(docs, texts.get) == {"a": "near:a", "b": "near:a"}


# -- ingest, search, find and answers over small releases ----------------------------------------


@pytest.mark.slow
def test_a_corrected_release_groups_and_boilerplate_does_not(opened: PassageStore) -> None:
    assert opened.similar(FEE_A) == (FEE_B,) and opened.similar(FEE_B) == (FEE_A,)
    assert opened.similar(PORTS_ID) == () and opened.similar(SCHENGEN_ID) == ()
    records = {r.source_id: r for r in opened.list_documents()}
    assert records[FEE_A].near == records[FEE_B].near == f"near:{FEE_A}"  # a field of each record
    assert records[PORTS_ID].near == records[SCHENGEN_ID].near == ""  # compared, in no group
    assert opened.link_near_duplicates() == 0  # linking again finds nothing new


@pytest.mark.slow
def test_find_lists_one_of_a_group_with_its_similar_and_counts_both(opened: PassageStore) -> None:
    result = opened.find("vignette")
    assert result.total == 2 and result.listed == 1 and result.pages == 1  # the count stays exact
    (hit,) = result.hits
    assert hit.source_id in (FEE_A, FEE_B) and hit.similar == tuple({FEE_A, FEE_B} - {hit.source_id})
    assert result.to_dict()["hits"][0]["similar"] == list(hit.similar)
    both = opened.find('"Press release"')
    assert both.total == both.listed == 2 and all(h.similar == () for h in both.hits)
    exported = list(opened.find_all("vignette"))  # an export keeps every document
    assert {h.source_id for h in exported} == {FEE_A, FEE_B}


@pytest.mark.slow
def test_search_lists_one_of_a_group_and_an_answer_cites_one(opened: PassageStore, embedder: Embedder) -> None:
    assistant = Assistant(opened, embedder)
    ranked = assistant.retriever("en", top_k=8).search("price of the motorway vignette")
    sources = [r.hit.passage.source_id for r in ranked]
    assert {FEE_A, FEE_B} & set(sources) == {FEE_B}, sources  # the newer: the correction
    answer = assistant.ask("How much will the motorway vignette cost?")
    assert not answer.abstained, answer.answer
    cited = {c.source_id for c in answer.citations}
    assert {FEE_A, FEE_B} & cited == {FEE_B}, cited  # without the grouping, the same sentence from both


@pytest.mark.slow
def test_the_cli_shows_one_with_1_similar(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pressroom.cli import app

    monkeypatch.setenv("PRESSROOM_HOME", str(home))
    runner = CliRunner()
    found = runner.invoke(app, ["find", "vignette"])
    assert found.exit_code == 0, found.output
    assert found.stdout.startswith("2 documents match 'vignette', 1 listed (near-duplicates once)")
    assert found.stdout.count("1 similar: vignette-030") == 1
    searched = runner.invoke(app, ["search", "motorway vignette price", "--json"])
    assert searched.exit_code == 0, searched.output
    rows = json.loads(searched.stdout)
    fee_rows = [r for r in rows if r["source_id"] in (FEE_A, FEE_B)]
    assert {r["source_id"] for r in fee_rows} | set(fee_rows[0]["similar"]) == {FEE_A, FEE_B}
    assert len({r["source_id"] for r in fee_rows}) == 1
    text = runner.invoke(app, ["search", "motorway vignette price"]).stdout
    assert "— 1 similar: vignette-030" in text


@pytest.mark.slow
def test_a_later_ingest_joins_the_group_and_a_delete_leaves_it(store: PassageStore, tmp_path: Path) -> None:
    first, second = _records()[0], _records()[1]
    assert [e.status for e in ingest_paths(store, [_feed(tmp_path, [first], "a.jsonl")])] == ["added"]
    assert store.similar(FEE_A) == ()
    assert [e.status for e in ingest_paths(store, [_feed(tmp_path, [second], "b.jsonl")])] == ["added"]
    assert store.similar(FEE_A) == (FEE_B,)
    store.delete(FEE_B)
    assert store.similar(FEE_A) == () and store.find("vignette").listed == 1


@pytest.mark.slow
def test_records_stored_before_signatures_get_one_and_their_group(store: PassageStore, tmp_path: Path) -> None:
    from index.vectors import record_id

    assert {e.status for e in ingest_paths(store, [_feed(tmp_path, _records()[:2])])} == {"added"}
    for source_id in (FEE_A, FEE_B):  # as an index written before near-duplicates left them
        payload = store.backend.document(record_id(source_id))
        assert payload is not None and payload.pop("minhash") and payload.pop("near")
        store.backend.upsert_documents([(record_id(source_id), payload)])
    assert store.link_near_duplicates() == 2 and store.similar(FEE_A) == (FEE_B,)
    assert store.document(FEE_A).minhash is not None


# -- the shared Swiss English feed ---------------------------------------------------------------

SWISS_EN = SHARED / "corpus" / "swiss-en.jsonl.gz"
# Checked by hand (index/near_duplicates.py says how): the same release re-published ...
REPUBLISHED = [("nsb-1578-en", "nsb-4013-en"), ("nsb-20908-en", "nsb-20926-en"), ("nsb-10195-en", "nsb-10295-en"),
               ("nsb-79161-en", "nsb-79164-en"), ("nsb-65358-en", "nsb-65385-en")]  # fmt: skip
# ... and different releases written from one template, or about one event.
DIFFERENT = [("nsb-32198-en", "nsb-32385-en"), ("nsb-70095-en", "nsb-74314-en"), ("nsb-29855-en", "nsb-30006-en"),
             ("nsb-86135-en", "nsb-86549-en"), ("nsb-72842-en", "nsb-73261-en")]  # fmt: skip


@pytest.fixture(scope="module")
def swiss() -> dict[str, dict]:
    if not SWISS_EN.exists():
        pytest.skip(f"the shared corpus is not here ({SWISS_EN}); see ../shared/corpus/README.md")
    with gzip.open(SWISS_EN, "rt", encoding="utf-8") as feed:
        return {r["id"]: r for r in (json.loads(line) for line in feed if line.strip())}


@pytest.mark.integration
@pytest.mark.slow
def test_the_feeds_republished_releases_group_through_ingest(swiss: dict[str, dict], store: PassageStore,
                                                             tmp_path: Path) -> None:  # fmt: skip
    ids = sorted({i for pair in REPUBLISHED + DIFFERENT for i in pair})
    feed = _feed(tmp_path, [swiss[i] for i in ids])
    assert {e.status for e in ingest_paths(store, [feed])} == {"added"}
    for a, b in REPUBLISHED:
        assert store.similar(a) == (b,), (a, b)
    for a, b in DIFFERENT:
        assert b not in store.similar(a), (a, b)


@pytest.mark.integration
@pytest.mark.slow
def test_the_whole_feed_groups_only_republished_releases(swiss: dict[str, dict]) -> None:
    texts = {i: "\n".join(r.get(k) or "" for k in ("title", "lead", "text")) for i, r in swiss.items()}
    docs = [Candidate(i, r.get("lang") or "", r.get("date"), r.get("title") or "", signature(texts[i]))
            for i, r in swiss.items()]  # fmt: skip
    groups = group(docs, texts.get)
    pairs = {tuple(sorted(i for i in groups if groups[i] == name)) for name in set(groups.values())}
    assert {tuple(sorted(p)) for p in REPUBLISHED} <= pairs
    assert not any(set(p) <= set(groups) and groups[p[0]] == groups[p[1]] for p in DIFFERENT)
    assert len(pairs) <= 10, pairs  # the feed's eight, checked by hand (bench/near_duplicates.py lists them)
