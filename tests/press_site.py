"""A press office on 127.0.0.1 for the follow and alert tests: a real ``http.server`` in a thread.

It serves what a test puts in ``pages`` (RSS, Atom, a sitemap, article pages, built by the
functions below from small records), honours ETag / Last-Modified, counts every request, and
has the faults a followed source can show: a slow page, an endless body, a redirect loop.
It also takes webhook POSTs, kept in ``posted``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Page:
    """What one path answers."""

    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    validators: bool = True  # send ETag and Last-Modified, and answer 304 to a matching conditional GET
    location: str = ""  # a redirect's target
    delay_s: float = 0.0
    endless: bool = False  # stream zeros until the client hangs up
    drip_s: float = 0.0  # send the body a byte at a time, this many seconds apart
    gzip: bool = False  # send the body gzipped (Content-Encoding), whatever the client asked


@dataclass
class Site:
    """The pages of the test server, the requests it saw and the webhook bodies posted to it."""

    pages: dict[str, Page] = field(default_factory=dict)
    requests: list[tuple[str, str, dict]] = field(default_factory=list)  # (method, path, headers)
    posted: list[dict] = field(default_factory=list)
    url: str = ""

    def hits(self, path: str) -> int:
        """How many GETs ``path`` got (304s included)."""
        return sum(1 for m, p, _ in self.requests if m == "GET" and p == path)


def serve(site: Site) -> ThreadingHTTPServer:
    """Start the server on a free loopback port; ``site.url`` is its base URL. ``shutdown()`` stops it."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            length = int(self.headers.get("Content-Length") or 0)
            site.requests.append(("POST", self.path, dict(self.headers)))
            site.posted.append(json.loads(self.rfile.read(length) or b"null"))
            self._answer(204, b"", "text/plain")

        def do_GET(self) -> None:  # noqa: N802
            site.requests.append(("GET", self.path, dict(self.headers)))
            page = site.pages.get(self.path)
            if page is None:
                self._answer(404, b"not found", "text/plain")
                return
            if page.delay_s:
                time.sleep(page.delay_s)
            if page.location:
                self.send_response(page.status if page.status in (301, 302, 307, 308) else 302)
                self.send_header("Location", page.location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if page.drip_s:
                self.send_response(200)
                self.send_header("Content-Type", page.content_type)
                self.send_header("Content-Length", str(len(page.body)))
                self.end_headers()
                try:
                    for i in range(len(page.body)):
                        self.wfile.write(page.body[i : i + 1])
                        self.wfile.flush()
                        time.sleep(page.drip_s)
                except OSError:
                    self.close_connection = True
                return
            if page.endless:
                self.send_response(200)
                self.send_header("Content-Type", page.content_type)
                self.send_header("Connection", "close")
                self.end_headers()
                chunk = b"<p>" + b"x" * 65536 + b"</p>"
                try:
                    for _ in range(2000):  # up to about 130 MB; the client hangs up long before
                        self.wfile.write(chunk)
                except OSError:
                    pass
                self.close_connection = True
                return
            extra = {}
            if page.validators:
                etag = '"' + hashlib.sha256(page.body).hexdigest()[:16] + '"'
                extra = {"ETag": etag, "Last-Modified": formatdate(1_700_000_000, usegmt=True)}
                if self.headers.get("If-None-Match") == etag:
                    self._answer(304, b"", page.content_type, extra)
                    return
            if page.gzip:
                extra["Content-Encoding"] = "gzip"
                self._answer(page.status, gzip.compress(page.body), page.content_type, extra)
                return
            self._answer(page.status, page.body, page.content_type, extra)

        def _answer(self, status: int, body: bytes, content_type: str, extra: dict | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)) if status != 304 else "0")
            self.end_headers()
            if status != 304:
                try:
                    self.wfile.write(body)
                except OSError:  # the client hung up (a body over its limit)
                    self.close_connection = True

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True, name="press-site").start()
    return server


# -- pages built from records ({"id", "title", "date", "text", "lang"}) ---------------------------


def article_html(record: dict, charset: str = "utf-8") -> bytes:
    """An article page: navigation and a footer around the release, as press offices publish them."""
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in record["text"].split("\n") if p.strip())
    page = (f'<!DOCTYPE html><html lang="{record.get("lang", "en")}"><head><meta charset="{charset}">'
            f'<title>{escape(record["title"])}</title><meta name="author" content="Press office">'
            f'<meta property="article:published_time" content="{record["date"]}"></head><body>'
            '<nav><a href="/">Home</a> | <a href="/press">Press</a> | <a href="/contact">Contact</a></nav>'
            f'<article><h1>{escape(record["title"])}</h1>{paragraphs}</article>'
            "<footer>Press office. All rights reserved. Follow us.</footer></body></html>")
    return page.encode(charset)


def rss(site_url: str, records: list[dict], title: str = "Press releases") -> bytes:
    """An RSS 2.0 feed linking to ``/articles/ID``."""
    items = "".join(
        f"<item><title>{escape(r['title'])}</title><link>{site_url}/articles/{r['id']}</link>"
        f"<guid>{site_url}/articles/{r['id']}</guid><pubDate>{_rfc822(r['date'])}</pubDate>"
        f"<description>{escape(r['text'].split(chr(10))[0])}</description></item>"
        for r in records
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
            f"<link>{site_url}/</link><description>test</description>{items}</channel></rss>").encode()


def atom(site_url: str, records: list[dict]) -> bytes:
    """An Atom feed linking to ``/articles/ID``."""
    entries = "".join(
        f"<entry><title>{escape(r['title'])}</title><link href=\"{site_url}/articles/{r['id']}\"/>"
        f"<id>{site_url}/articles/{r['id']}</id><updated>{r['date']}T09:00:00Z</updated>"
        f"<summary>{escape(r['text'].split(chr(10))[0])}</summary></entry>"
        for r in records
    )
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Press</title><id>{site_url}/atom</id><updated>2024-03-05T09:00:00Z</updated>"
            f"{entries}</feed>").encode()


def sitemap(site_url: str, records: list[dict]) -> bytes:
    """A sitemap of ``/articles/ID`` pages with their dates as ``lastmod``."""
    urls = "".join(f"<url><loc>{site_url}/articles/{r['id']}</loc><lastmod>{r['date']}</lastmod></url>"
                   for r in records)  # fmt: skip
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>').encode()


def publish(site: Site, records: list[dict], charset: str = "utf-8") -> None:
    """Put each record's article page on the site, at ``/articles/ID``."""
    for r in records:
        site.pages[f"/articles/{r['id']}"] = Page(article_html(r, charset), f"text/html; charset={charset}")


def _rfc822(day: str) -> str:
    return formatdate(time.mktime(time.strptime(day + " 09:00", "%Y-%m-%d %H:%M")), usegmt=True)


RELEASES = [
    {"id": "ports-alliance", "date": "2024-01-25", "lang": "en",
     "title": "Ministers launch the European Ports Alliance",
     "text": "On 24 January the European Ports Alliance was launched as a public-private partnership.\n"
             "The alliance brings together customs, police and port authorities against drug trafficking.\n"
             "Ministers also discussed the situation of migration along the central Mediterranean route."},
    {"id": "schengen-report", "date": "2024-03-04", "lang": "en",
     "title": "Council discusses the state of Schengen report",
     "text": "Home affairs ministers discussed the second state of Schengen report in Brussels.\n"
             "The report finds that internal border controls remain in place at several borders.\n"
             "Ministers agreed to strengthen cooperation on returns and on the external borders."},
    {"id": "e-evidence", "date": "2024-03-05", "lang": "en",
     "title": "Justice ministers agree on electronic evidence rules",
     "text": "Justice ministers reached agreement on rules for access to electronic evidence across borders.\n"
             "The rules let judicial authorities ask service providers directly for data.\n"
             "The Belgian presidency welcomed the result as a step for criminal justice."},
]

NEW_RELEASE = {
    "id": "cyber-resilience", "date": "2024-03-06", "lang": "en",
    "title": "Ministers back a cyber resilience plan for hospitals",
    "text": "Ministers backed a cyber resilience plan to protect hospitals against ransomware attacks.\n"
            "The plan funds exercises and a rapid response team for the health sector.\n"
            "Ransomware groups targeted more than forty hospitals last year, the presidency said.",
}
