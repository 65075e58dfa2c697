"""Following sources: feeds, sitemaps, pages and folders from a real HTTP server on 127.0.0.1.

Each test runs the real fetcher, feedparser, trafilatura and the real index (in memory, with the
packaged encoder) against ``tests/press_site.py``; afterwards the index is checked: no duplicate
passage, none without its document, none left from an older version of a document.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from index.followed import FollowError, FollowState, parse_every
from index.polling import poll, poll_due
from index.store import PassageStore
from ingest.errors import BadInput
from ingest.fetching import Fetcher, FetchError, FetchPolicy, Refused, check_url
from ingest.following import decode_page, read_listing
from tests.conftest import SHARED
from tests.press_site import NEW_RELEASE, RELEASES, Page, Site, atom, publish, rss, sitemap

FAST = FetchPolicy(timeout_s=1.0, deadline_s=5.0, max_bytes=2 * 2**20, host_delay_s=0.0, allow_private=True)


def check_index(store: PassageStore) -> None:
    """No duplicate passage, no passage without its document, none but the current version's."""
    payloads = store.passage_payloads()
    ids = [p["passage_id"] for p in payloads]
    assert len(ids) == len(set(ids)), "duplicate passages"
    records = {d.source_id: d for d in store.list_documents()}
    for p in payloads:
        assert p["source_id"] in records, f"orphan passage of {p['source_id']}"
    for source_id, summary in records.items():
        text = store.document(source_id).text
        mine = [p for p in payloads if p["source_id"] == source_id]
        assert len(mine) == summary.passages, f"{source_id}: {len(mine)} passages, record says {summary.passages}"
        for p in mine:
            assert text[p["start"] : p["end"]] == p["text"], f"stale passage in {source_id}"


# -- pure parts ---------------------------------------------------------------------------------


def test_intervals_and_names(tmp_path: Path) -> None:
    assert parse_every("45s") == 45 and parse_every("1d") == 86400
    with pytest.raises(FollowError, match="use a number with s, m, h or d"):
        parse_every("soon")
    state = FollowState(tmp_path / "f.sqlite3")
    source = state.add("https://www.example.org/press/rss.xml", parse_every("30m"))
    assert (source.name, source.kind, source.every_s) == ("example.org-press-rss.xml", "web", 1800)
    with pytest.raises(FollowError, match="followed already"):
        state.add("https://www.example.org/press/rss.xml", 60, name="again")
    with pytest.raises(FollowError, match="not a folder, nor an http"):
        state.add(str(tmp_path / "missing"), 60)
    state.remove(source.name)
    with pytest.raises(FollowError, match="no followed source named"):
        state.remove(source.name)
    assert state.finish(source.name, ok=True, error="", report={}) is None  # removed while it ran
    state.close()


def test_only_http_and_public_addresses_unless_allowed() -> None:
    with pytest.raises(Refused, match="only http and https"):
        check_url("file:///etc/passwd")
    with pytest.raises(Refused, match="ftp://x: only http"):
        check_url("ftp://x")
    for private in ("http://127.0.0.1/", "http://10.1.2.3/feed", "http://[::1]:8000/", "http://169.254.169.254/"):
        with pytest.raises(Refused, match="loopback or private address"):
            check_url(private)
    check_url("http://127.0.0.1/", allow_private=True)


def test_listing_kinds() -> None:
    records = RELEASES[:2]
    assert read_listing(rss("http://s", records), "http://s/rss").kind == "feed"
    assert [e.key for e in read_listing(atom("http://s", records), "http://s/a").entries] == [
        "http://s/articles/ports-alliance", "http://s/articles/schengen-report"]
    found = read_listing(sitemap("http://s", records), "http://s/sitemap.xml")
    assert found.kind == "sitemap" and found.entries[1].date == "2024-03-04"
    assert read_listing(b"<!DOCTYPE html><html><p>hi</p></html>", "http://s/p").kind == "page"
    with pytest.raises(BadInput, match="a sitemap index of 1 sitemaps: follow the sitemaps it lists"):
        read_listing(b"<sitemapindex><sitemap><loc>http://s/a.xml</loc></sitemap></sitemapindex>", "http://s/i")
    cut = read_listing(rss("http://s", [dict(RELEASES[0], id=str(i)) for i in range(30)]), "http://s/rss", 10)
    assert len(cut.entries) == 10 and "lists 30 items, over the limit of 10" in cut.error
    bomb = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            b'<rss version="2.0"><channel><item><title>&b;</title></item></channel></rss>')
    with pytest.raises(BadInput, match="declares XML entities"):
        read_listing(bomb, "http://s/rss")
    # A feed that says UTF-8 but is Latin-1: read right, the lie noted.
    lying = rss("http://s", [dict(RELEASES[0], title="Réunion à Zürich")]).decode().encode("latin-1")
    read = read_listing(lying, "http://s/rss")
    assert read.entries[0].title == "Réunion à Zürich" and "declared as utf-8, but parsed as windows-1252" in read.error
    assert decode_page("Zürich".encode(), "iso-8859-1") == ("Zürich", "declared encoding iso-8859-1 is wrong: "
                                                            "read as UTF-8")


# -- a feed followed over time --------------------------------------------------------------------


@pytest.mark.integration
def test_rss_feed_followed_incrementally(site: Site, state: FollowState, store: PassageStore) -> None:
    publish(site, RELEASES)
    site.pages["/rss"] = Page(rss(site.url, RELEASES), "application/rss+xml")
    fetcher = Fetcher(FAST)
    source = state.add(f"{site.url}/rss", 60, name="council")

    first = poll(store, state, fetcher, source)
    assert (first.added, first.failed, first.error) == (3, 0, ""), first
    doc = store.document(f"{site.url}/articles/ports-alliance")
    assert doc.title == "Ministers launch the European Ports Alliance"
    assert (doc.date, doc.lang, doc.url) == ("2024-01-25", "en", f"{site.url}/articles/ports-alliance")
    assert doc.extra["author"] == "Press office" and doc.extra["followed_from"] == "council"
    assert "public-private partnership" in doc.text and "All rights reserved" not in doc.text
    agent = next(h for m, p, h in site.requests if p == "/articles/e-evidence")["User-Agent"]
    assert agent.startswith("Pressroom/")

    # Nothing changed: the feed answers 304, no article is fetched again.
    second = poll(store, state, fetcher, state.source("council"))
    assert second.not_modified and site.hits("/articles/e-evidence") == 1

    # A new item: only it is fetched.
    publish(site, [NEW_RELEASE])
    site.pages["/rss"] = Page(rss(site.url, [*RELEASES, NEW_RELEASE]), "application/rss+xml")
    third = poll(store, state, fetcher, state.source("council"))
    assert (third.added, third.unchanged, third.written) == (1, 3, [f"{site.url}/articles/cyber-resilience"])
    assert site.hits("/articles/e-evidence") == 1

    # A changed item replaces its passages; a removed one stays in the index, marked.
    changed = dict(RELEASES[1], title="Council discusses the Schengen report (corrected)",
                   text=RELEASES[1]["text"].replace("second", "annual"))
    publish(site, [changed])
    site.pages["/rss"] = Page(rss(site.url, [RELEASES[0], changed, NEW_RELEASE]), "application/rss+xml")
    fourth = poll(store, state, fetcher, state.source("council"))
    assert (fourth.updated, fourth.unchanged, fourth.gone) == (1, 2, 1), fourth
    schengen = store.document(f"{site.url}/articles/schengen-report")
    assert "annual state of Schengen" in schengen.text and "second state" not in schengen.text
    gone = state.items("council")[f"{site.url}/articles/e-evidence"]
    assert gone.gone_since and store.document(f"{site.url}/articles/e-evidence").title
    assert len(store.list_documents()) == 4
    check_index(store)
    report = state.source("council")
    assert report.failures == 0 and report.last_report["updated"] == 1


@pytest.mark.integration
def test_atom_sitemap_and_page(site: Site, state: FollowState, store: PassageStore) -> None:
    publish(site, RELEASES)
    site.pages["/atom.xml"] = Page(atom(site.url, RELEASES[:1]), "application/atom+xml")
    site.pages["/sitemap.xml"] = Page(sitemap(site.url, RELEASES[1:]), "application/xml", validators=False)
    site.pages["/press/latest"] = site.pages["/articles/e-evidence"]
    fetcher = Fetcher(FAST)
    for name, target in (("a-atom", "/atom.xml"), ("b-sitemap", "/sitemap.xml"), ("c-page", "/press/latest")):
        state.add(site.url + target, 60, name=name)
    reports = poll_due(store, state, fetcher, time.time())
    assert [(r.added, r.error) for r in reports] == [(1, ""), (2, ""), (1, "")], [r.summary() for r in reports]
    # A sitemap without validators: its lastmod says the pages are unchanged, so none is fetched again.
    before = site.hits("/articles/e-evidence")
    again = poll(store, state, fetcher, state.source("b-sitemap"))
    assert (again.unchanged, again.added) == (2, 0) and site.hits("/articles/e-evidence") == before
    assert state.due(time.time()) == []
    check_index(store)
    # A web document is not re-read from a file: re-ingesting it says who fetches it again.
    from index.ingesting import reingest

    web = next(d.source_id for d in store.list_documents())
    event = reingest(store, web)
    assert event.status == "failed" and "pressroom follow run" in event.reason and "http" in event.reason
    check_index(store)


@pytest.mark.integration
def test_watched_folder(tmp_path: Path, state: FollowState, store: PassageStore) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a.md").write_text("# Ports alliance\n\nThe European Ports Alliance was launched on 24 January 2024.\n")
    source = state.add(str(folder), 60, name="inbox")
    assert poll(store, state, Fetcher(FAST), source).added == 1
    (folder / "b.md").write_text("# Schengen\n\nMinisters discussed the state of Schengen report in March 2024.\n")
    (folder / "a.md").unlink()
    report = poll(store, state, Fetcher(FAST), state.source("inbox"))
    assert (report.added, report.gone) == (1, 1)
    assert {d.source_id for d in store.list_documents()} == {"inbox/a.md", "inbox/b.md"}  # a.md kept, though gone
    assert state.items("inbox")["inbox/a.md"].gone_since
    other = tmp_path / "other"
    other.mkdir()
    (other / "b.md").write_text("# Elsewhere\n\nAnother office's note of the same name.\n")
    assert poll(store, state, Fetcher(FAST), state.add(str(other), 60, name="other")).added == 1
    assert "Ministers discussed" in store.document("inbox/b.md").text  # not replaced by the other b.md
    check_index(store)


# -- faults ---------------------------------------------------------------------------------------


@pytest.mark.integration
def test_faults_are_recorded_and_nothing_stored_is_lost(site: Site, state: FollowState, store: PassageStore) -> None:
    publish(site, RELEASES)
    site.pages["/rss"] = Page(rss(site.url, RELEASES), "application/rss+xml")
    fetcher = Fetcher(FAST)
    good = state.add(f"{site.url}/rss", 60, name="good")
    assert poll(store, state, fetcher, good).added == 3
    stored = store.count_passages()

    # The same source failing in each way: an error for it, a backoff, nothing removed.
    faults = {
        "HTTP 404": Page(b"gone", status=404),
        "HTTP 500": Page(b"oops", status=500),
        "malformed feed": Page(b'<?xml version="1.0"?><rss><channel><item><title>x</titl', "application/rss+xml"),
        "timed out after 1 s": Page(b"late", delay_s=2.5),
        "too large": Page(b"", endless=True),
        "redirect loop": Page(b"", location="/loop"),
    }
    site.pages["/loop"] = Page(b"", location="/rss")
    for expected, page in faults.items():
        site.pages["/rss"] = page
        report = poll(store, state, fetcher, state.source("good"))
        assert expected in report.error, (expected, report.error)
        assert store.count_passages() == stored and len(store.list_documents()) == 3
    failed = state.source("good")
    assert failed.failures == len(faults) and expected in failed.last_error
    assert failed.next_run - time.time() > 60 * 2 ** (len(faults) - 1)  # backing off
    assert state.due(time.time()) == []
    check_index(store)


@pytest.mark.integration
def test_item_faults(site: Site, state: FollowState, store: PassageStore) -> None:
    latin = dict(RELEASES[0], id="zurich", title="Réunion à Zürich des ministres",
                 text="Les ministres se sont réunis à Zürich pour discuter de la sécurité intérieure.", lang="fr")
    publish(site, [latin, RELEASES[1]])
    # The page says ISO-8859-1 but its bytes are UTF-8: read right, and the lie noted.
    site.pages["/articles/zurich"].content_type = "text/html; charset=iso-8859-1"
    site.pages["/articles/schengen-report"] = Page(b"", endless=True)  # a 50 MB page: the item's summary stands in
    records = [latin, RELEASES[1], RELEASES[2]]  # the third page is missing: 404, its summary stands in
    site.pages["/rss"] = Page(rss(site.url, records), "application/rss+xml")
    fetcher = Fetcher(FAST)
    report = poll(store, state, fetcher, state.add(f"{site.url}/rss", 60, name="office"))
    assert (report.added, report.failed, report.error) == (3, 0, ""), report.summary()
    errors = dict(report.item_errors)
    assert "declared encoding iso-8859-1 is wrong" in errors[f"{site.url}/articles/zurich"]
    assert "too large" in errors[f"{site.url}/articles/schengen-report"]
    assert "HTTP 404" in errors[f"{site.url}/articles/e-evidence"]
    assert "Zürich" in store.document(f"{site.url}/articles/zurich").text
    summary_only = store.document(f"{site.url}/articles/e-evidence")
    assert summary_only.text.endswith("across borders.") and "summary" in summary_only.extra["text_from"]
    items = state.items("office")
    assert items[f"{site.url}/articles/e-evidence"].error.startswith(f"{site.url}/articles/e-evidence: HTTP 404")

    # Next run: the failed pages are tried again (the page is back), the encoding warning is not.
    publish(site, [RELEASES[2]])
    hits = site.hits("/articles/zurich")
    site.pages["/rss"] = Page(rss(site.url, records) + b" ", "application/rss+xml")
    again = poll(store, state, fetcher, state.source("office"))
    assert site.hits("/articles/zurich") == hits
    assert again.updated == 1, again.summary()
    assert "service providers" in store.document(f"{site.url}/articles/e-evidence").text
    # The 50 MB page failed twice in a row: the next run leaves it alone (its backoff), the others are as before.
    assert state.items("office")[f"{site.url}/articles/schengen-report"].failures == 2
    endless = site.hits("/articles/schengen-report")
    site.pages["/rss"] = Page(rss(site.url, records) + b"  ", "application/rss+xml")
    third = poll(store, state, fetcher, state.source("office"))
    assert (third.waiting, third.unchanged) == (1, 2) and site.hits("/articles/schengen-report") == endless
    check_index(store)


@pytest.mark.integration
def test_huge_feed_is_cut_with_an_error(site: Site, state: FollowState, store: PassageStore) -> None:
    many = [dict(RELEASES[0], id=f"n{i}", title=f"Release number {i}", text=f"Release number {i} says {i}.")
            for i in range(10_000)]  # fmt: skip
    site.pages["/rss"] = Page(rss(site.url, many), "application/rss+xml")
    publish(site, many[:5])
    source = state.add(f"{site.url}/rss", 60, name="flood", max_items=5)
    report = poll(store, state, Fetcher(FetchPolicy(host_delay_s=0, allow_private=True)), source)  # a 2.4 MB feed
    assert report.added == 5 and "lists 10000 items, over the limit of 5" in report.warning
    assert state.source("flood").failures == 0 and "10000 items" in state.source("flood").last_error
    check_index(store)


def test_politeness(site: Site) -> None:
    site.pages["/robots.txt"] = Page(b"User-agent: Pressroom\nDisallow: /private/\n", "text/plain")
    site.pages["/private/feed"] = Page(b"<rss/>", "application/rss+xml")
    site.pages["/a"] = Page(b"<html><p>a</p></html>")
    site.pages["/hop1"] = Page(b"", location="/hop2")
    site.pages["/hop2"] = Page(b"", location="/a")
    fetcher = Fetcher(FetchPolicy(timeout_s=1.0, host_delay_s=0.3, allow_private=True, max_redirects=1))
    with pytest.raises(Refused, match="disallowed by the site's robots.txt"):
        fetcher.get(f"{site.url}/private/feed")
    started = time.monotonic()
    first = fetcher.get(f"{site.url}/a")
    again = fetcher.get(f"{site.url}/a", etag=first.etag)
    assert time.monotonic() - started >= 0.55 and again.not_modified
    with pytest.raises(FetchError, match="more than 1 redirects"):
        fetcher.get(f"{site.url}/hop1")
    assert Fetcher(FetchPolicy(allow_private=True, host_delay_s=0, max_redirects=2)).get(f"{site.url}/hop1").url \
        == f"{site.url}/a"
    site.pages["/zipped"] = Page(b"<html><p>compressed</p></html>", gzip=True)
    site.pages["/bomb"] = Page(b"0" * (30 * 2**20), gzip=True)  # 30 MB of zeros in 30 KB
    assert Fetcher(FAST).get(f"{site.url}/zipped").body == b"<html><p>compressed</p></html>"
    with pytest.raises(FetchError, match="too large once inflated"):
        Fetcher(FAST).get(f"{site.url}/bomb")
    site.pages["/drip"] = Page(b"<html><p>" + b"a" * 100 + b"</p></html>", drip_s=0.05)  # each byte in time
    with pytest.raises(FetchError, match="download took over 1 s"):
        Fetcher(FetchPolicy(allow_private=True, host_delay_s=0, timeout_s=1, deadline_s=1)).get(f"{site.url}/drip")
    with pytest.raises(Refused, match="PRESSROOM_FOLLOW_PRIVATE=1"):
        Fetcher(FetchPolicy(host_delay_s=0)).get(f"{site.url}/a")


@pytest.mark.integration
def test_shared_corpus_articles(site: Site, state: FollowState, store: PassageStore) -> None:
    """Releases of the shared JHA feed published as article pages, listed by RSS, Atom and a sitemap."""
    path = SHARED / "corpus" / "jha-meetings.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not found: the shared corpora are not mounted here")
    records = []
    for line in path.read_text(encoding="utf-8").splitlines()[:6]:
        r = json.loads(line)
        records.append({"id": r["id"], "date": r["date"], "lang": r["lang"], "title": r["title"],
                        "text": "\n".join(x for x in (r.get("lead"), r.get("text")) if x)})
    publish(site, records)
    site.pages["/rss"] = Page(rss(site.url, records[:2]), "application/rss+xml")
    site.pages["/atom"] = Page(atom(site.url, records[2:4]), "application/atom+xml")
    site.pages["/sitemap.xml"] = Page(sitemap(site.url, records[4:]), "application/xml")
    for name in ("rss", "atom", "sitemap.xml"):
        state.add(f"{site.url}/{name}", 60, name=name)
    reports = poll_due(store, state, Fetcher(FAST), time.time())
    assert [(r.added, r.error) for r in reports] == [(2, "")] * 3, [r.summary() for r in reports]
    for r in records:
        doc = store.document(f"{site.url}/articles/{r['id']}")
        assert (doc.title, doc.date, doc.lang) == (r["title"], r["date"], r["lang"])
        assert " ".join(r["text"].split("\n")[0].split()[:12]) in " ".join(doc.text.split())
    assert [r.not_modified for r in poll_due(store, state, Fetcher(FAST), time.time() + 61)] == [True] * 3
    check_index(store)
