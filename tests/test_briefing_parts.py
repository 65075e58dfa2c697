"""The parts of a briefing for spokespeople (issue 22), on small real releases: no two key points
say the same thing, each gap check on releases that do and do not speak to its aspect, dates
without a year and deadlines in the timeline, speakers matched by surname, and the team's
topic set split by release."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from assistant.assistant import Assistant
from assistant.briefing import build_briefing, to_markdown
from assistant.briefing.gaps import ASPECTS, missing, speaks_to
from assistant.briefing.key_points import same_thing
from eval.briefing_eval import evaluate_briefings, load_topics, speaker_matches
from index.embedding import Embedder
from index.ingesting import ingest_paths
from index.store import PassageStore
from tests.conftest import ROOT, SHARED

# Two Federal Council releases on one decision (shortened from the Swiss corpus), and one on
# something else of the same weeks.
RELEASES = [
    {"id": "ncsc-1", "date": "2022-05-18", "lang": "en", "url": "",
     "title": "National Cybersecurity Centre to become federal office",
     "text": "During its meeting on 18 May 2022, the Federal Council decided to turn the National Cybersecurity "
             "Centre (NCSC) into a federal office. With around 40 employees, the NCSC performs core tasks in "
             "protecting Switzerland from cyberthreats. The Federal Council instructed the FDF to work out by the end "
             "of 2022 how the future federal office should be structured. \"Cybersecurity is an important task of "
             "the state,\" said Federal Councillor Ueli Maurer."},
    {"id": "ncsc-2", "date": "2022-12-02", "lang": "en", "url": "", "title": "NCSC to become federal office in DDPS",
     "text": "On 2 December, the Federal Council decided that the new federal office will be located in the DDPS. "
             "In spring 2022, the Federal Council decided that the NCSC would become a federal office. "
             "It instructed the DDPS to define the structures of the new federal office by end-March 2023. "
             "The new federal office will remain a civilian unit of the Federal Administration."},
    {"id": "bees", "date": "2022-06-09", "lang": "en", "url": "", "title": "Weak bees make strong colonies",
     "text": "Colonies of the Eastern honey bee survive infestations of Varroa mites that are fatal to Western honey "
             "bees. Infested larvae die faster and are expelled from the colony by their siblings."},
]  # fmt: skip


@pytest.fixture(scope="module")
def ncsc(embedder: Embedder, tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    from tests.conftest import memory_store

    feed = tmp_path_factory.mktemp("ncsc") / "releases.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in RELEASES), encoding="utf-8")
    store: PassageStore = memory_store(embedder, "ncsc_")
    list(ingest_paths(store, [feed]))
    return Assistant(store, embedder)


def test_no_two_key_points_say_the_same_thing(ncsc: Assistant, embedder: Embedder) -> None:
    # The redundancy check itself: rewordings of one decision are the same thing; two facts
    # told apart by their figures are not, however close their wording.
    pairs = [
        ("During its meeting on 2 December 2022, the Federal Council decided that the new federal office will be "
         "located in the DDPS.",
         "The Federal Council has now decided to locate the new federal office in the DDPS.", True),
        ("The Offset Register currently comprises seventeen offset obligations in the amount of CHF 5.34 billion, "
         "which must be awarded by foreign suppliers to Swiss companies.",
         "The Register, which is updated on a quarterly basis, currently includes seventeen ongoing offset "
         "programmes with a total amount of CHF 5.36 billion.", False),
        ("The exemption now applies until 12 September 2024.",
         "The Federal Council adopted initial sanctions against Syria on 18 May 2011.", False),
    ]  # fmt: skip
    for earlier, later, same in pairs:
        a, b = embedder.embed([earlier, later])
        assert same_thing(float(a @ b), later, earlier) is same, (earlier, later)
    # In a briefing: the two releases both say the NCSC becomes a federal office; it is said once.
    brief = build_briefing(ncsc, "NCSC to become a federal office", since="2022-05-01", until="2022-12-31")
    points = [line.text for line in brief.key_points]
    assert len(points) >= 4 and {c.source_id for c in brief.sources} >= {"ncsc-1", "ncsc-2"}
    vectors = embedder.embed(points)
    for i in range(len(points)):
        for j in range(i):
            assert not same_thing(float(vectors[i] @ vectors[j]), points[i], points[j]), (points[j], points[i])


def test_each_gap_check_on_releases_that_do_and_do_not_speak_to_it() -> None:
    speaking = {
        "what was decided": "During its meeting on 18 May 2022, the Federal Council decided to turn the NCSC into a "
                            "federal office.",
        "when it happened": "Typhoon Haiyan struck on 8 November 2013.",
        "who is responsible": "The Office of the Attorney General of Switzerland has opened a criminal proceeding.",
        "the next steps": "The final contract award is expected to be announced in summer 2023.",
        "the budget or funding": "Switzerland is also providing 1.5 million CHF to the ICRC and the WFP.",
    }  # fmt: skip
    silent = "Honey bees collect nectar from flowers and concentrate the sugar it contains to produce honey."
    for aspect in ASPECTS:
        assert speaks_to(aspect, [silent, speaking[aspect.name]]), aspect.name
        assert not speaks_to(aspect, [silent]), aspect.name
        # A gap only where no release speaks to it and the assistant's answer does not either.
        assert not missing(aspect, [speaking[aspect.name]], None)
        assert missing(aspect, [silent], None) and not missing(aspect, [silent], speaking[aspect.name])


def test_gap_checks_read_other_wordings_and_not_names_or_idioms() -> None:
    # Each aspect as releases also word it, and words that look like one but are not.
    speaking = [
        ("what was decided", "The jury selected three projects, and the winners were announced in Bern."),
        ("what was decided", "Switzerland has increased its humanitarian aid to the region."),
        ("who is responsible", "The Federal Customs Administration checks every consignment."),
        ("the next steps", "The measure now applies until 30 June 2025."),
        ("the budget or funding", "The programme is financed by the cantons."),
    ]
    silent = [
        ("the budget or funding", "The Federal Department of Finance published the report."),
        ("the next steps", "Leaving the hive is a major step in a bee's life."),
    ]
    by_name = {a.name: a for a in ASPECTS}
    for name, text in speaking:
        assert speaks_to(by_name[name], [text]), (name, text)
    for name, text in silent:
        assert not speaks_to(by_name[name], [text]), (name, text)


def test_timeline_resolves_dates_without_a_year_and_holds_deadlines(ncsc: Assistant) -> None:
    brief = build_briefing(ncsc, "NCSC to become a federal office", since="2022-05-01", until="2022-12-31")
    when = {w for line in brief.timeline for w in line.when.split("; ")}
    assert "2022-12-02" in when  # "On 2 December", in a release of 2022-12-02
    assert "/2023-03" in when  # "by end-March 2023": a deadline after the period, announced in it
    assert "/2022" in when  # "by the end of 2022"
    assert brief.quotes and speaker_matches("Ueli Maurer", brief.quotes[0].speaker)
    assert not any("bees" in c.title.lower() for c in brief.sources)


def test_speakers_are_matched_by_surname_as_well(ncsc: Assistant) -> None:
    assert speaker_matches("Beat Jans", "Mr Jans") and speaker_matches("Beat Jans", "Beat Jans, Federal Councillor")
    assert not speaker_matches("Beat Jans", "Janssen") and not speaker_matches("Ueli Maurer", "Ueli Steck")
    topic = {"topic": "NCSC to become a federal office", "since": "2022-05-01", "until": "2022-12-31",
             "quotes": ["Mr Maurer", "Ueli Maurer"], "dates": ["2022-12-02"], "facts": [["around 40 employees"]]}
    row = evaluate_briefings(ncsc, [topic])["topics"][0]
    assert row["scores"]["quotes_recall"] == 1.0 and row["scores"]["dates_recall"] == 1.0


CORPUS = SHARED / "corpus" / "swiss-en.jsonl.gz"


@pytest.mark.integration
@pytest.mark.skipif(not CORPUS.exists(), reason=f"team corpus not found at {CORPUS} (../shared is absent)")
def test_the_topic_set_is_written_from_the_releases_and_split_by_release() -> None:
    dev = load_topics(ROOT / "eval" / "briefing-topics-dev.jsonl")
    test = load_topics(ROOT / "eval" / "briefing-topics-test.jsonl")
    assert len(dev) + len(test) >= 30
    dev_docs = {d for t in dev for d in t["docs"]}
    test_docs = {d for t in test for d in t["docs"]}
    assert not dev_docs & test_docs  # no release in both splits
    wanted = dev_docs | test_docs
    texts = {}
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        for line in lines:
            if '"id": "nsb-' in line:
                r = json.loads(line)
                if r["id"] in wanted:
                    texts[r["id"]] = "\n".join(x for x in (r["title"], r.get("lead") or "", r["text"]) if x)
    for t in [*dev, *test]:
        assert 2 <= len(t["docs"]) <= 4 and t.get("since") and t.get("until"), t["topic"]
        body = "\n".join(texts[d] for d in t["docs"]).lower()
        for group in t["facts"]:  # every expected fact is copied from the topic's releases
            assert any(w.lower() in body for w in group), (t["topic"], group)


def test_topic_sets_load(tmp_path: Path) -> None:
    for name in ("briefing-topics-dev.jsonl", "briefing-topics-test.jsonl"):
        assert all(t["topic"] and "facts" in t for t in load_topics(ROOT / "eval" / name))


def test_max_points_bounds_the_key_points_and_every_release_still_speaks(ncsc: Assistant) -> None:
    brief = build_briefing(ncsc, "NCSC to become a federal office", since="2022-05-01", until="2022-12-31",
                           key_points=2)
    by_number = {c.n: c.source_id for c in brief.sources}
    assert len(brief.key_points) == 2 and {by_number[line.n] for line in brief.key_points} == {"ncsc-1", "ncsc-2"}
    assert "## Questions journalists may ask" in to_markdown(brief)


def test_the_key_points_budget_is_shared_among_the_releases(ncsc: Assistant) -> None:
    # One release of ten distinct figures: it gives them all (its share of the 24 key points is
    # all of them, not 6); with --max-points 4, four.
    from assistant.briefing.key_points import Scored, choose
    from assistant.records import Citation

    figures = [
        "The aid agency employs over 27,000 people in the region.",
        "UNRWA operates 711 schools for more than a million children.",
        "Switzerland contributes 20 million francs a year to the agency.",
        "Around 66,000 Ukrainians with protection status S live in Switzerland.",
        "At least 1500 people have died in the floods since July.",
        "Asset management expenses remain low, at 0.24% of the assets.",
        "The Federal Council decided on an annual growth rate of 2% for research.",
        "Switzerland had signed 42 double taxation agreements by October 2013.",
        "Approximately 200 groups resident in Switzerland are likely to be concerned.",
        "The register holds seventeen offset obligations worth CHF 5.34 billion.",
    ]
    pool = [Scored(Citation(0, "a", "", None, "en", "", "", "", text, k, k + 1, 1.0), 0.5 - k / 100)
            for k, text in enumerate(figures)]  # fmt: skip
    assert [len(group) for group in choose(ncsc, [list(pool)], None)] == [10]
    assert [len(group) for group in choose(ncsc, [list(pool)], 4)] == [4]


@pytest.mark.integration
@pytest.mark.skipif(not CORPUS.exists(), reason=f"team corpus not found at {CORPUS} (../shared is absent)")
def test_every_statement_of_a_release_about_the_topic_is_quoted(embedder: Embedder, tmp_path: Path) -> None:
    # Beat Jans's three releases of 2024 on his meetings with EU ministers (dev topics) and the bee
    # release of the topic set: his statements on border controls and integration stand in
    # passages the reader does not find on "meetings of ministers" (one of seven was quoted
    # before); they are his, in releases about the topic, so all are. None of the bees'.
    wanted = {"nsb-99843-en", "nsb-100296-en", "nsb-101747-en", "nsb-62088-en"}
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if any(f'"{w}"' in line for w in wanted)]
    feed = tmp_path / "releases.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in records if r["id"] in wanted), encoding="utf-8")
    from tests.conftest import memory_store

    store: PassageStore = memory_store(embedder, "jans_")
    list(ingest_paths(store, [feed]))
    brief = build_briefing(Assistant(store, embedder), "Beat Jans at meetings of EU justice and home affairs ministers",
                           since="2024-01-01", until="2024-07-31")
    assert len(brief.quotes) == 7 and all(speaker_matches("Beat Jans", line.speaker) for line in brief.quotes)
    assert any("no need for controls at the border" in line.text for line in brief.quotes)
