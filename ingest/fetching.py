"""Fetching a URL politely and safely: the one place Pressroom reads from the web.

Polite: a user agent that names Pressroom, conditional GET (``If-None-Match`` /
``If-Modified-Since``), a delay between two requests to the same host, robots.txt respected.
Safe to expose: http(s) only; an address on the machine itself or in a private range is refused
unless ``allow_private`` (``PRESSROOM_FOLLOW_PRIVATE=1``); redirects are followed by hand, each hop
checked, up to a limit; a download stops at ``max_bytes`` and at ``deadline_s``. Standard library only.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import re
import socket
import threading
import time
import urllib.error
import urllib.request
import urllib.robotparser
import zlib
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from ingest.errors import IngestFailure

USER_AGENT = "Pressroom/0.1 (press-release follower)"
ROBOTS_AGENT = "Pressroom"
ROBOTS_TTL_S = 24 * 3600  # a site's robots.txt is read again after a day (serve runs for weeks)
_UNSAFE = re.compile("[\x00-\x20\x7f\ud800-\udfff]")  # spaces, control characters, lone surrogates


class FetchError(IngestFailure):
    """A URL that could not be fetched; the message says why in one line."""


class Refused(FetchError):
    """A URL Pressroom will not fetch (its scheme, its address, robots.txt)."""


@dataclass(frozen=True)
class FetchPolicy:
    """How fetching behaves; every limit is checked here, naming the bad value."""

    user_agent: str = USER_AGENT
    timeout_s: float = 15.0  # per connect and per read
    deadline_s: float = 60.0  # the whole download
    max_bytes: int = 10 * 2**20
    max_redirects: int = 5
    host_delay_s: float = 1.0  # between two requests to one host
    allow_private: bool = False  # loopback, private, link-local addresses (PRESSROOM_FOLLOW_PRIVATE=1)
    robots: bool = True

    def __post_init__(self) -> None:
        for name in ("timeout_s", "deadline_s", "max_bytes"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} {getattr(self, name)!r}: use a number above 0")
        if self.max_redirects < 0 or self.host_delay_s < 0:
            raise ValueError("max_redirects and host_delay_s must be 0 or more")


@dataclass(frozen=True)
class Fetched:
    """A response: the URL it came from after redirects, its status (304: not modified), body and headers."""

    url: str
    status: int
    body: bytes = b""
    content_type: str = ""
    charset: str = ""
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        """Whether the server said the resource is unchanged since the validators sent."""
        return self.status == 304


def check_url(url: str, allow_private: bool = False) -> None:
    """Refuse a URL that is not http(s), or whose host resolves to an address Pressroom must not reach.

    >>> check_url("file:///etc/passwd")
    Traceback (most recent call last):
    ...
    ingest.fetching.Refused: file:///etc/passwd: only http and https URLs are followed
    >>> try:
    ...     check_url("http://127.0.0.1:8000/feed.xml")
    ... except Refused as exc:
    ...     print(str(exc)[:64])
    http://127.0.0.1:8000/feed.xml: 127.0.0.1 is a loopback or priva
    """
    if _UNSAFE.search(url):  # http.client would refuse it at every request: refused once, here
        raise Refused(f"{url[:300]!r}: a URL cannot hold spaces, control characters or lone surrogates "
                      "(encode them, e.g. %20)")
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:  # "http://[::1", a port out of range
        raise Refused(f"{url}: not a valid URL ({exc})") from exc
    if parts.scheme not in ("http", "https"):
        raise Refused(f"{url}: only http and https URLs are followed")
    if not parts.hostname:
        raise Refused(f"{url}: no host in the URL")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (OSError, ValueError) as exc:
        raise FetchError(f"{url}: cannot resolve {parts.hostname} ({exc})") from exc
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global or address.is_multicast:
            raise Refused(f"{url}: {address} is a loopback or private address "
                          "(set PRESSROOM_FOLLOW_PRIVATE=1 to allow it)")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects come back as responses, so that each hop is checked and counted here."""

    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201 - urllib's signature
        return None


@dataclass
class Fetcher:
    """Fetch URLs under one policy, remembering each host's last request and robots.txt."""

    policy: FetchPolicy = field(default_factory=FetchPolicy)
    _last: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser | None]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._opener = urllib.request.build_opener(_NoRedirect, urllib.request.ProxyHandler({}))

    def get(self, url: str, etag: str = "", last_modified: str = "") -> Fetched:
        """GET ``url`` (conditionally, given validators); raises ``FetchError`` saying why it failed."""
        seen: list[str] = []
        for _ in range(self.policy.max_redirects + 1):
            check_url(url, self.policy.allow_private)
            if self.policy.robots and not self.allowed(url):
                raise Refused(f"{url}: disallowed by the site's robots.txt")
            response = self._request(url, etag, last_modified)
            if isinstance(response, str):  # a redirect's target
                seen.append(url)
                url = urljoin(url, response)
                if url in seen:
                    raise FetchError(f"{seen[0]}: redirect loop ({' -> '.join([*seen, url])[:300]})")
                continue
            return response
        raise FetchError(f"{seen[0]}: more than {self.policy.max_redirects} redirects")

    def allowed(self, url: str) -> bool:
        """Whether the site's robots.txt lets Pressroom fetch ``url`` (no robots.txt: yes)."""
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self._robots or time.monotonic() - self._robots[site][0] > ROBOTS_TTL_S:
            rules: urllib.robotparser.RobotFileParser | None = None
            try:
                found = self._request(site + "/robots.txt")
                if isinstance(found, Fetched) and found.status == 200:
                    rules = urllib.robotparser.RobotFileParser()
                    rules.parse(found.body.decode("utf-8", "replace").splitlines())
            except FetchError:
                rules = None  # unreachable robots.txt: as good as none
            self._robots[site] = (time.monotonic(), rules)
        rules = self._robots[site][1]
        return rules is None or rules.can_fetch(ROBOTS_AGENT, url)

    def _wait_for_host(self, host: str) -> None:
        with self._lock:
            wait = self._last.get(host, -1e9) + self.policy.host_delay_s - time.monotonic()
            self._last[host] = time.monotonic() + max(wait, 0)
        if wait > 0:
            time.sleep(wait)

    def _request(self, url: str, etag: str = "", last_modified: str = "") -> Fetched | str:
        """One request: the response, or the Location of a redirect."""
        self._wait_for_host(urlsplit(url).netloc)
        headers = {"User-Agent": self.policy.user_agent, "Accept-Encoding": "identity"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            response = self._opener.open(urllib.request.Request(url, headers=headers), timeout=self.policy.timeout_s)
        except urllib.error.HTTPError as exc:
            if exc.code in (301, 302, 303, 307, 308) and exc.headers.get("Location"):
                return exc.headers["Location"]
            if exc.code == 304:
                return Fetched(url, 304, etag=etag, last_modified=last_modified)
            raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}") from exc
        except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, socket.timeout | TimeoutError):
                raise FetchError(f"{url}: timed out after {self.policy.timeout_s:g} s") from exc
            raise FetchError(f"{url}: {_one_line(reason)}") from exc
        with response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > self.policy.max_bytes:
                raise FetchError(f"{url}: too large ({_mb(int(declared))} > limit {_mb(self.policy.max_bytes)})")
            body = self._read_capped(url, response)
            encoding = (response.headers.get("Content-Encoding") or "").strip().lower()
            if encoding in ("gzip", "x-gzip", "deflate"):  # sent though identity was asked for
                body = _inflate(url, body, encoding, self.policy.max_bytes)
            elif encoding not in ("", "identity"):  # br, zstd...: bytes that would be read as garbage
                raise FetchError(f"{url}: the body is compressed as {_one_line(encoding)!r}, which cannot be read")
            return Fetched(
                url=url,
                status=response.status,
                body=body,
                content_type=response.headers.get_content_type(),
                charset=response.headers.get_content_charset() or "",
                etag=response.headers.get("ETag", ""),
                last_modified=response.headers.get("Last-Modified", ""),
            )

    def _read_capped(self, url: str, response: http.client.HTTPResponse) -> bytes:
        chunks, size, started = [], 0, time.monotonic()
        try:
            while chunk := response.read1(65536):  # what has come: a slow drip still meets the deadline
                size += len(chunk)
                if size > self.policy.max_bytes:
                    raise FetchError(f"{url}: too large (over the limit of {_mb(self.policy.max_bytes)})")
                if time.monotonic() - started > self.policy.deadline_s:
                    raise FetchError(f"{url}: download took over {self.policy.deadline_s:g} s")
                chunks.append(chunk)
        except (OSError, http.client.HTTPException) as exc:
            if isinstance(exc, socket.timeout | TimeoutError):
                raise FetchError(f"{url}: timed out after {self.policy.timeout_s:g} s") from exc
            raise FetchError(f"{url}: connection broken ({_one_line(exc)})") from exc
        declared = response.headers.get("Content-Length") or ""
        if declared.isdigit() and size < int(declared):  # the server hung up mid-body: a cut page is no page
            raise FetchError(f"{url}: connection closed after {size} of {int(declared)} bytes")
        return b"".join(chunks)

    def post_json(self, url: str, payload: object) -> int:
        """POST ``payload`` as JSON (a webhook); return the status, or raise ``FetchError``."""
        check_url(url, self.policy.allow_private)
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8", "replace")  # a lone surrogate: "?"
        request = urllib.request.Request(url, data=data, method="POST", headers={
            "User-Agent": self.policy.user_agent, "Content-Type": "application/json"})
        try:
            with self._opener.open(request, timeout=self.policy.timeout_s) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}") from exc
        except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as exc:
            raise FetchError(f"{url}: {_one_line(getattr(exc, 'reason', exc))}") from exc


def _one_line(value: object) -> str:
    return " ".join(str(value).split())[:300]


def _inflate(url: str, body: bytes, encoding: str, limit: int) -> bytes:
    """A compressed body inflated up to ``limit`` bytes: a small bomb stays small.

    >>> import gzip; _inflate("u", gzip.compress(b"feed"), "gzip", 100)
    b'feed'
    """
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 32 if encoding != "deflate" else zlib.MAX_WBITS)
    try:
        out = inflater.decompress(body, limit + 1)
    except zlib.error as exc:
        raise FetchError(f"{url}: a {encoding} body that cannot be inflated ({exc})") from exc
    if len(out) > limit:
        raise FetchError(f"{url}: too large once inflated (over the limit of {_mb(limit)})")
    return out


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f} MB"
