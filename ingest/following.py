"""What a followed source lists, and the documents its items make.

A source's response is read as one of three things: an RSS or Atom feed (feedparser), a sitemap
(its ``<loc>`` URLs), or a single page (the page is its only item). An item's linked article is
reduced to its main text by trafilatura, keeping title, date, author and URL; when the article
cannot be fetched the item's own summary stands in. Pure functions over bytes: the fetching is
``ingest/fetching.py``'s, the bookkeeping is the index's.
"""

from __future__ import annotations

import hashlib
import re
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from urllib.parse import quote, urljoin

from ingest.cleaning import CONTROL
from ingest.errors import BadInput, MissingDependency
from ingest.feeds import record_date
from ingest.pipeline import PIPELINE_VERSION, ChunkSettings, Known, build_document
from ingest.records import Block, Document, Unchanged

DEFAULT_MAX_ITEMS = 1000  # items read from one listing; a feed that suddenly lists more is cut, with an error
_TAGS = re.compile(r"<[^>]+>")
_HTML_LANG = re.compile(rb"<html[^>]*\blang=[\"']?([A-Za-z]{2,3})", re.I)
# The root element's name, after an XML declaration, comments and a DOCTYPE.
_XML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?"  # a UTF-8 byte order mark, then
                        rb"(?:(?:<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)\s*)*"
                        rb"<([\w:]+)", re.S)
_WEB = re.compile(r"^https?://", re.I)
_URI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")  # an absolute URI: tag:, urn:, http:...
_UTF16 = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class Entry:
    """One item a source lists: its key (the article's URL, else the feed's id) and what the listing says of it."""

    key: str
    link: str
    title: str = ""
    summary: str = ""
    date: str | None = None
    author: str = ""
    lang: str = ""
    fingerprint: str = ""  # changes when the listing's account of the item changes


@dataclass(frozen=True)
class Listing:
    """What a source lists: its kind (feed, sitemap, page), its items, and an error when part of it was refused."""

    kind: str
    entries: tuple[Entry, ...]
    error: str = ""


@dataclass(frozen=True)
class Article:
    """An article page reduced to its main text, and its metadata."""

    url: str
    title: str
    text: str
    date: str | None = None
    author: str = ""
    lang: str = ""
    warning: str = ""  # a fault that did not stop reading it (a declared encoding that lied)


def _fingerprint(*parts: str | None) -> str:
    return hashlib.sha256("\x00".join(p or "" for p in parts).encode()).hexdigest()[:24]


def read_listing(body: bytes, url: str, max_items: int = DEFAULT_MAX_ITEMS) -> Listing:
    """Read a source's response as a sitemap, a feed, or else a single page.

    >>> read_listing(b"<urlset><url><loc>http://a.example/1</loc></url></urlset>", "http://a.example/s").entries[0].key
    'http://a.example/1'
    """
    if not body.strip():
        raise BadInput(f"{url}: the response is empty (no feed, sitemap or page)")
    head = body[:65536]
    if head.startswith(_UTF16):  # a UTF-16 feed: its root element and entities are looked for in its text
        head = body[:131072].decode("utf-16", "replace").encode("utf-8", "replace")
    if b"<!ENTITY" in head:  # no feed or sitemap needs them; an entity bomb does
        raise BadInput("the document declares XML entities (<!ENTITY ...>): refused")
    root = _XML_START.match(head[:4096])
    tag = root.group(1).decode("ascii", "replace").split(":")[-1].lower() if root else ""
    if tag in ("urlset", "sitemapindex"):
        return read_sitemap(body, url, max_items)
    if tag in ("rss", "feed", "rdf") or (root and tag != "html"):
        return read_feed_xml(body, url, max_items)
    return Listing("page", (Entry(key=url, link=url, fingerprint=""),))


def read_sitemap(body: bytes, url: str, max_items: int = DEFAULT_MAX_ITEMS) -> Listing:
    """The page URLs of a sitemap (with ``lastmod`` as their fingerprint); a sitemap index is refused."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise BadInput(f"malformed sitemap XML ({exc})") from exc
    if root.tag.split("}")[-1] == "sitemapindex":
        raise BadInput(f"a sitemap index of {len(root)} sitemaps: follow the sitemaps it lists instead")
    entries = []
    for node in root:
        loc = next((c.text or "" for c in node if c.tag.split("}")[-1] == "loc"), "").strip()
        lastmod = next((c.text or "" for c in node if c.tag.split("}")[-1] == "lastmod"), "").strip()
        if loc:
            link = urljoin(url, loc)
            entries.append(Entry(key=link, link=link, date=record_date({"date": lastmod}), fingerprint=lastmod))
    return _capped("sitemap", entries, max_items)


def read_feed_xml(body: bytes, url: str, max_items: int = DEFAULT_MAX_ITEMS) -> Listing:
    """The items of an RSS or Atom feed; a feed too malformed to yield any item is an error saying why."""
    try:
        import feedparser
    except ImportError as exc:
        raise MissingDependency("following feeds needs feedparser: pip install feedparser") from exc
    try:
        parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    except (ValueError, LookupError, RecursionError) as exc:  # a character reference to a lone surrogate...
        raise BadInput(f"malformed feed ({_one_line(exc)})") from exc
    if parsed.bozo and not parsed.entries:
        raise BadInput(f"malformed feed ({_one_line(parsed.get('bozo_exception'))})")
    if not parsed.version and not parsed.entries:
        raise BadInput("not a feed, a sitemap or a page (an XML document of another kind)")
    language = (parsed.feed.get("language") or "")[:2].lower()
    entries, skipped = [], 0
    for item in parsed.entries:
        link = urljoin(url, item.get("link") or "") if item.get("link") else ""
        guid = str(item.get("id") or "").strip()
        link = link if _WEB.match(link) else guid if not link and _WEB.match(guid) else ""  # no javascript:, mailto:
        # An id that is not a URI ("1", "abc-1") is unique in its feed only: two feeds' items "1" are two documents.
        key = link or (guid if _URI.match(guid) else f"{url}#{quote(guid, safe='')}" if guid else "")
        if not key:
            skipped += 1
            continue
        summary = _text(item.get("summary") or "")
        content = " ".join(_text(c.get("value", "")) for c in item.get("content") or [])
        date = _entry_date(item)
        title = " ".join(_text(item.get("title") or "").split())
        entries.append(Entry(
            key=key, link=link, title=title, summary=content if len(content) > len(summary) else summary, date=date,
            author=item.get("author") or "", lang=language,
            fingerprint=_fingerprint(item.get("updated"), item.get("published"), title, summary, content),
        ))
    if parsed.bozo and not entries:
        raise BadInput(f"malformed feed, no item could be read ({_one_line(parsed.get('bozo_exception'))})")
    listing = _capped("feed", entries, max_items)
    if skipped:
        note = f"items skipped, as they have neither a link nor an id: {skipped}"
        listing = replace(listing, error="; ".join(e for e in (listing.error, note) if e))
    if parsed.bozo and isinstance(parsed.get("bozo_exception"), Exception):
        note = f"feed read despite a fault: {_one_line(parsed['bozo_exception'])}"
        listing = replace(listing, error="; ".join(e for e in (listing.error, note) if e))
    return listing


def _capped(kind: str, entries: list[Entry], max_items: int) -> Listing:
    unique = list({e.key: e for e in reversed(entries)}.values())[::-1]  # a key listed twice: its first listing
    if len(unique) > max_items:
        return Listing(kind, tuple(unique[:max_items]),
                       f"the {kind} lists {len(unique)} items, over the limit of {max_items}: the first {max_items} "
                       "were read (raise it with --max-items)")
    return Listing(kind, tuple(unique))


def _entry_date(item: dict) -> str | None:
    """The item's date; None for one after tomorrow or before 1900 (a placeholder, a typo): the page's stands in."""
    latest = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 86400))
    for name in ("published_parsed", "updated_parsed"):
        value = item.get(name)
        if value:
            day = f"{value.tm_year:04d}-{value.tm_mon:02d}-{value.tm_mday:02d}"
            if "1900" <= day <= latest:
                return day
    return None


def _text(html: str) -> str:
    from html import unescape

    return CONTROL.sub(" ", unescape(_TAGS.sub(" ", html))).strip()


def _one_line(value: object) -> str:
    return " ".join(str(value).split())[:300]


def decode_page(body: bytes, declared: str) -> tuple[str, str]:
    """An HTML page's text, and a warning when its declared encoding was wrong.

    >>> decode_page("café".encode(), "iso-8859-1")
    ('café', 'declared encoding iso-8859-1 is wrong: read as UTF-8')
    """
    declared = (declared or "").lower()
    try:
        strict = body.decode("utf-8")
    except UnicodeDecodeError:
        strict = None
    if declared in ("", "utf-8", "utf8"):
        if strict is not None:
            return strict, ""
        return body.decode("cp1252", "replace"), (f"declared encoding {declared} is wrong: read as Windows-1252"
                                                    if declared else "")
    if strict is not None and not strict.isascii():
        return strict, f"declared encoding {declared} is wrong: read as UTF-8"
    try:
        return body.decode(declared), ""
    except (LookupError, UnicodeDecodeError):
        return body.decode("utf-8", "replace"), f"declared encoding {declared} cannot be read: read as UTF-8"


def extract_article(body: bytes, url: str, charset: str = "") -> Article:
    """The main text of an article page (trafilatura), with its title, date, author and language."""
    try:
        import trafilatura
    except ImportError as exc:
        raise MissingDependency("following web pages needs trafilatura: pip install trafilatura") from exc
    html, warning = decode_page(body, charset)
    try:
        found = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    except Exception as exc:  # noqa: BLE001 - a page trafilatura cannot read is that item's fault, not the run's
        raise BadInput(f"{url}: the page cannot be read ({type(exc).__name__}: {_one_line(exc)})") from exc
    meta = {name: (getattr(found, name, None) or "") for name in ("text", "title", "date", "author")}
    text = str(meta["text"]).strip()
    if not text:
        raise BadInput(f"{url}: no main text found in the page")
    lang = _HTML_LANG.search(body[:4096])
    return Article(
        url=url,
        title=" ".join(CONTROL.sub(" ", str(meta["title"])).split()),
        text=text,
        date=record_date({"date": str(meta["date"])}),
        author=str(meta["author"]),
        lang=lang.group(1).decode().lower()[:2] if lang else "",
        warning=warning,
    )


def entry_document(
    entry: Entry, article: Article | None, feed: str, settings: ChunkSettings, known: Known | None = None
) -> Document | Unchanged:
    """The document an item makes: its article's text, or the item's own summary when there is none.

    Its source id is the item's key (the article's URL), so an item seen again is the same document,
    and its source hash covers the text read: when ``known(source_id, source_hash)`` says that text
    is indexed already, it is not built again (``Unchanged``).
    """
    title = (article.title if article else "") or entry.title
    text = article.text if article else entry.summary
    if not text.strip() and not title:
        raise BadInput(f"{entry.key}: neither the page nor the item gives any text")
    author = (article.author if article else "") or entry.author
    raw = "\x00".join([PIPELINE_VERSION, str(settings.max_tokens), title, text, entry.date or "",
                       (article.date if article else "") or "", author])
    source_hash = hashlib.sha256(raw.encode()).hexdigest()[:32]
    if known and known(entry.key, source_hash):
        return Unchanged(entry.key)
    blocks = [Block("heading", title, 1)] if title else []
    for line in text.split("\n"):
        if line.strip() and " ".join(line.split()) != title:
            blocks.append(Block("paragraph", " ".join(line.split())))
    extra = {"followed_from": feed}
    if author:
        extra["author"] = author
    if article is None:
        extra["text_from"] = "the item's summary (the page could not be fetched)"
    fields: dict = {"title": title or None, "lang": ((article.lang if article else "") or entry.lang) or None,
                    "url": entry.link or None, "kind": "press_release", "extra": extra}
    if date := entry.date or (article.date if article else None):
        fields["date"] = date  # else read from the text, as for a file
    document = build_document(blocks, entry.key, entry.link or entry.key, settings, **fields)
    return replace(document, source_hash=source_hash)
