"""Following and alerts fed bad input, as a careless or hostile user or site would: one-line errors
naming the URL or source, nothing stored lost, one bad feed never stopping the others.

Sites are served on 127.0.0.1 only: ``tests/press_site.py``, or a raw socket for answers no
well-behaved server gives (a body cut short, a compression that was not asked for).
"""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import feedparser
import pytest

from assistant.alert_output import atom_feed
from assistant.alerts import Alert, AlertError, AlertStore, Match
from index.followed import FollowError, FollowState, parse_every
from index.polling import poll, poll_due
from index.store import PassageStore
from ingest.errors import BadInput
from ingest.fetching import Fetcher, FetchError, Refused, check_url
from ingest.following import extract_article, read_feed_xml, read_listing
from tests.press_site import RELEASES, Page, Site, publish, rss
from tests.test_follow import FAST, check_index


def raw_site(answer: bytes) -> str:
    """A loopback server that answers every request with ``answer`` verbatim, then hangs up; its URL."""
    listener = socket.create_server(("127.0.0.1", 0))

    def loop() -> None:
        while True:
            conn, _ = listener.accept()
            with conn:
                conn.recv(65536)
                conn.sendall(answer)

    threading.Thread(target=loop, daemon=True).start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}/feed"


def _rss(items: str) -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>{items}'
            "</channel></rss>").encode()


# -- follow add: URLs, intervals, names --------------------------------------------------------------


@pytest.mark.parametrize("url", ["http://[::1", "http://feeds.invalid:99999/rss", "http://feeds.invalid/a b",
                                 "http://feeds.invalid/\nrss", "http://feeds.invalid/\udcff"])
def test_a_url_that_cannot_be_fetched_is_refused_at_once(url: str) -> None:
    for allow_private in (True, False):  # no host is resolved for these: they are refused before
        with pytest.raises(Refused) as refused:
            check_url(url, allow_private)
        assert "\n" not in str(refused.value) and ("not a valid URL" in str(refused.value)
                                                   or "cannot hold spaces" in str(refused.value))


def test_follow_and_alert_add_of_bad_urls_are_messages(run) -> None:  # noqa: ANN001 - conftest's runner
    for args in (["follow", "add", "http://[::1"], ["alert", "add", "hooked", "ports", "--webhook", "http://[::1"]):
        result = run(*args)
        assert result.exit_code == 2 and "not a valid URL" in result.stderr, result.output
        assert "Traceback" not in result.output and len(result.stderr.strip().splitlines()) == 1
    # An empty target is not the working folder.
    empty = run("follow", "add", "")
    assert empty.exit_code == 2 and "no URL or folder given" in empty.stderr, empty.output
    assert run("follow", "list").stdout == ""


def test_intervals_and_names_out_of_range(tmp_path: Path, state: FollowState) -> None:
    for every in ("999999999999999999999999d", "99999999d", "367d"):
        with pytest.raises(FollowError, match=r"at most 366d"):
            parse_every(every)
    assert parse_every("366d") == 366 * 86400
    with pytest.raises(FollowError, match="no URL or folder given"):
        state.add("", 60)
    with pytest.raises(FollowError, match="no URL or folder given"):
        state.add("   ", 60)
    alerts = AlertStore(tmp_path / "alerts.sqlite3")
    for name in ("-x", "--", ".", ".."):  # an option to the CLI; a dot segment in /api/follow/NAME
        with pytest.raises(FollowError, match="starting with a letter or a digit"):
            state.add("http://feeds.invalid/rss", 60, name=name)
        with pytest.raises(AlertError, match="starting with a letter or a digit"):
            alerts.add(name, "ports")
    hidden = tmp_path / ".inbox"
    hidden.mkdir()
    assert state.add(str(hidden), 60).name == "inbox"
    assert [s.name for s in state.sources()] == ["inbox"]
    alerts.close()


# -- what a source answers ------------------------------------------------------------------------


def test_listings_with_a_byte_order_mark_utf16_or_nothing() -> None:
    feed = _rss("<item><title>Ports</title><link>http://feeds.invalid/1</link></item>")
    assert read_listing(b"\xef\xbb\xbf" + feed, "http://feeds.invalid/rss").kind == "feed"
    utf16 = feed.decode().replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16")
    listing = read_listing(utf16, "http://feeds.invalid/rss")
    assert listing.kind == "feed" and listing.entries[0].title == "Ports"
    for empty in (b"", b" \r\n "):
        with pytest.raises(BadInput, match=r"http://feeds.invalid/rss: the response is empty"):
            read_listing(empty, "http://feeds.invalid/rss")


def test_items_without_links_dates_in_the_future_and_control_characters() -> None:
    url = "http://feeds.invalid/rss"
    listing = read_feed_xml(_rss(
        "<item><title>Bad\x01title</title><guid isPermaLink='false'>1</guid><description>one</description>"
        "<pubDate>Mon, 01 Jan 3024 00:00:00 GMT</pubDate></item>"
        "<item><title>Script</title><link>javascript:alert(1)</link><guid>urn:uuid:5</guid><description>two</description>"
        "<pubDate>Mon, 01 Jan 0001 00:00:00 GMT</pubDate></item>"
        "<item><title>Mail</title><link>mailto:press@feeds.invalid</link><description>three</description></item>"
        "<item><title>Dated</title><link>/a/4</link><pubDate>Tue, 05 Mar 2024 09:00:00 GMT</pubDate></item>"), url)
    first, script, dated = listing.entries
    # An id that is no URI is unique in its feed only; no page is fetched for an item without a link.
    assert (first.key, first.link, first.title, first.date) == (f"{url}#1", "", "Bad title", None)
    assert (script.key, script.link, script.date) == ("urn:uuid:5", "", None)  # no javascript: link kept
    assert (dated.key, dated.date) == ("http://feeds.invalid/a/4", "2024-03-05")
    assert "neither a link nor an id: 1" in listing.error


def test_a_feed_parser_crash_is_the_feeds_error() -> None:
    with pytest.raises(BadInput, match="malformed feed"):
        read_feed_xml(_rss("<item><title>x&#xD800;</title><guid>g</guid></item>"), "http://feeds.invalid/rss")


def test_an_extractor_crash_is_the_items_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("lxml gave up\non this page")

    monkeypatch.setattr(trafilatura, "bare_extraction", broken)
    with pytest.raises(BadInput, match=r"^http://feeds.invalid/a: the page cannot be read \(RuntimeError: lxml gave"):
        extract_article(b"<html><body><p>text</p></body></html>", "http://feeds.invalid/a")


def test_a_body_cut_short_or_compressed_unasked_is_an_error() -> None:
    fetcher = Fetcher(FAST)
    cut = raw_site(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n<html>partial")
    with pytest.raises(FetchError, match=r"/feed: connection closed after 13 of 1000 bytes$"):
        fetcher.get(cut)
    brotli = raw_site(b"HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nContent-Length: 5\r\n\r\nhello")
    with pytest.raises(FetchError, match=r"compressed as 'br', which cannot be read"):
        fetcher.get(brotli)
    garbage = raw_site(b"NOT HTTP AT ALL\r\n\r\n")
    with pytest.raises(FetchError) as error:
        fetcher.get(garbage)
    assert str(error.value).endswith("/feed: NOT HTTP AT ALL")


def test_a_webhook_payload_with_a_lone_surrogate_is_sent(site: Site) -> None:
    assert Fetcher(FAST).post_json(site.url + "/hook", {"quote": "half \ud800 a pair"}) == 204
    assert site.posted == [{"quote": "half ? a pair"}]


def test_an_alert_feed_stays_xml_whatever_the_documents_hold() -> None:
    alert = Alert("ports", "ports\x0b", "find", created_at="2024-03-05T09:00:00.000Z")
    match = Match("ports", "http://feeds.invalid/a", "Ports\x01 open", "2024-03-05", "http://feeds.invalid/a?x=1\x02",
                  "en", "The ports\x1f are open \ud800.", "2024-03-05T09:00:00.000Z")
    parsed = feedparser.parse(atom_feed(alert, [match], "http://127.0.0.1/alerts/ports.atom"))
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.entries[0].title == "Ports open" and parsed.entries[0].summary == "The ports are open ."


# -- runs: one bad source never stops the others, nothing stored is lost --------------------------------


@pytest.mark.integration
def test_one_feed_that_crashes_does_not_stop_the_others(
    site: Site, state: FollowState, store: PassageStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    publish(site, RELEASES)
    site.pages["/good"] = Page(rss(site.url, RELEASES), "application/rss+xml")
    site.pages["/crash"] = Page(_rss("<item><title>x&#xD800;</title><guid>g</guid></item>"), "application/rss+xml")
    state.add(f"{site.url}/crash", 60, name="a-crash")  # polled first
    state.add(f"{site.url}/good", 60, name="b-good")
    crash, good = poll_due(store, state, Fetcher(FAST), now=2e9)
    assert "malformed feed" in crash.error and good.added == 3, (crash.summary(), good.summary())
    assert state.source("a-crash").failures == 1 and state.source("b-good").failures == 0

    # A fault nobody foresaw is still the source's error, and its next run backs off.
    import index.polling

    def unforeseen(*args: object) -> object:
        raise RuntimeError("something\nunforeseen")

    monkeypatch.setattr(index.polling, "read_listing", unforeseen)
    site.pages["/good"] = Page(rss(site.url, RELEASES) + b" ", "application/rss+xml")  # changed: no 304
    report = poll(store, state, Fetcher(FAST), state.source("b-good"))
    assert report.error == f"{site.url}/good: cannot be read (RuntimeError: something unforeseen)"
    assert state.source("b-good").failures == 1 and len(store.list_documents()) == 3
    check_index(store)


@pytest.mark.integration
def test_items_of_two_feeds_with_the_same_id_and_no_link_are_two_documents(
    site: Site, state: FollowState, store: PassageStore
) -> None:
    site.pages["/a"] = Page(_rss("<item><title>Alpha</title><guid isPermaLink='false'>1</guid>"
                                 "<description>The alpha office says the ports are open.</description></item>"
                                 f"<item><title>A report</title><link>{site.url}/report.pdf</link>"
                                 "<description>The report on ports, in PDF.</description></item>"),
                            "application/rss+xml")  # fmt: skip
    site.pages["/b"] = Page(_rss("<item><title>Beta</title><guid isPermaLink='false'>1</guid>"
                                 "<description>The beta office says the ports are closed.</description></item>"),
                            "application/rss+xml")  # fmt: skip
    site.pages["/report.pdf"] = Page(b"%PDF-1.4\n" + b"binary " * 200, "application/pdf")
    fetcher = Fetcher(FAST)
    first = poll(store, state, fetcher, state.add(f"{site.url}/a", 60, name="alpha"))
    second = poll(store, state, fetcher, state.add(f"{site.url}/b", 60, name="beta"))
    assert (first.added, second.added, second.updated) == (2, 1, 0), (first.summary(), second.summary())
    assert store.document(f"{site.url}/a#1").text.endswith("ports are open.")
    assert store.document(f"{site.url}/b#1").text.endswith("ports are closed.")
    # The PDF is named for what it is; its summary stands in. The link-less items have no error to retry.
    assert dict(first.item_errors) == {f"{site.url}/report.pdf":
                                       f"{site.url}/report.pdf: not a web page (Content-Type application/pdf)"}
    assert {p for m, p, _ in site.requests} == {"/robots.txt", "/a", "/b", "/report.pdf"}
    check_index(store)
