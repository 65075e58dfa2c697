"""What alerts print and serve: an Atom feed per alert, and the Markdown digest of ``pressroom digest``."""

from __future__ import annotations

import re
import time
from xml.sax.saxutils import escape as _escape
from xml.sax.saxutils import quoteattr as _quoteattr

from assistant.alerts import Alert, Match, now_text

_SINCE = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$")
_UNITS = {"m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # no XML 1.0 file may hold them
MAX_SINCE_DAYS = 36500  # 100 years: before any alert, and a time the platform's clock can still write


def since_time(text: str, now: float | None = None) -> str:
    """``24h``, ``90m``, ``7d`` or ``2w`` ago as a stored time (ISO 8601, UTC); at most ``MAX_SINCE_DAYS`` ago.

    >>> since_time("2h", now=7200.0)
    '1970-01-01T00:00:00.000Z'
    """
    found = _SINCE.match(text or "")
    if not found:
        raise ValueError(f"--since {text!r}: use a number with m, h, d or w, e.g. 24h or 7d")
    number, unit = found.group(1), _UNITS[found.group(2)]
    if len(number) > 12 or int(number) * unit > MAX_SINCE_DAYS * 86400:  # 12 digits: int() stays quick
        raise ValueError(f"--since {text!r}: too far back; at most {MAX_SINCE_DAYS} days (100 years)")
    return now_text((time.time() if now is None else now) - int(number) * unit)


def atom_feed(alert: Alert, matches: list[Match], self_url: str) -> str:
    """An Atom 1.0 feed of an alert's matches, newest first, for any feed reader.

    >>> print(atom_feed(Alert("ports", "ports", "find"), [], "http://x/alerts/ports.atom")[:38])
    <?xml version="1.0" encoding="utf-8"?>
    """
    updated = matches[0].found_at if matches else (alert.created_at or "1970-01-01T00:00:00.000Z")
    entries = []
    for m in matches:
        link = f"<link href={quoteattr(m.url)}/>" if m.url else ""
        published = f"<published>{m.date}T00:00:00Z</published>" if m.date and len(m.date) == 10 else ""
        entries.append(
            f"<entry><id>{escape(_tag(alert.name, m.source_id))}</id><title>{escape(m.title or m.source_id)}</title>"
            f"{link}<updated>{m.found_at}</updated>{published}"
            f"<summary>{escape(m.quote)}</summary><source><id>{escape(m.source_id)}</id></source></entry>"
        )
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            f"<id>{escape(_tag(alert.name))}</id><title>Pressroom alert: {escape(alert.name)}</title>"
            f"<subtitle>{escape(alert.query)}</subtitle><link rel=\"self\" href={quoteattr(self_url)}/>"
            f"<updated>{updated}</updated><author><name>Pressroom</name></author>{''.join(entries)}</feed>\n")


def escape(text: str) -> str:
    """Text for an XML element: escaped, and without the characters XML 1.0 forbids (a feed reader would
    reject the whole feed).

    >>> escape("a\x01 <b>")
    'a &lt;b&gt;'
    """
    return _escape(_NOT_XML.sub("", text))


def quoteattr(text: str) -> str:
    """Text for an XML attribute, quoted, without the characters XML 1.0 forbids."""
    return _quoteattr(_NOT_XML.sub("", text))


def _tag(*parts: str) -> str:
    return "tag:pressroom,2024:alert/" + "/".join(parts)


def digest_markdown(found: list[tuple[Alert, list[Match]]], since: str) -> str:
    """The digest: per alert, what arrived since ``since``, each with its title, date, source and sentence quoted."""
    lines = [f"# Pressroom digest since {since}", ""]
    for alert, matches in found:
        lines += [f"## {alert.name}: {len(matches)} new", "", f"Query: `{alert.query}`", ""]
        for m in matches:
            title = f"[{m.title or m.source_id}]({m.url})" if m.url else (m.title or m.source_id)
            lines.append(f"- **{title}** ({m.date or 'undated'}, {m.lang}; source `{m.source_id}`)")
            if m.quote:
                lines.append(f"  > {' '.join(m.quote.split())}")
        if not matches:
            lines.append("Nothing new.")
        lines.append("")
    if not found:
        lines.append("No alerts (add one with `pressroom alert add NAME QUERY`).")
    return "\n".join(lines).rstrip() + "\n"
