"""Cleaning of raw text: stray inline HTML, markdown markers and whitespace."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

# Half of a surrogate pair, alone: what a file name's or a terminal's undecodable bytes become in
# Python (``surrogateescape``), or an unpaired ``\ud800`` JSON escape. It is not text, and nothing
# downstream can encode it.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")

# Tags that end a line of their own; everything else is inline and simply dropped.
_BREAK_TAGS = re.compile(r"<\s*(?:br|/p|p|/li|/ul|/ol|ul|ol|/div|div|/h[1-6]|h[1-6]|tr|/tr)\b[^>]*>", re.I)
_LI_OPEN = re.compile(r"<\s*li\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>|<!--.*?-->", re.S)
_SCRIPT_STYLE = re.compile(r"<\s*(script|style)\b.*?<\s*/\s*\1\s*>", re.I | re.S)
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_MD_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_BULLET = re.compile(r"^\s*(?:(?:[-*+•▪◦]|\d{1,2}[.)])\s+)+")
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u200b]+")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Line:
    """A cleaned line of a text file, with its markdown heading level (0 if none)."""

    text: str
    heading_level: int = 0
    bullet: bool = False


def strip_inline_html(text: str) -> str:
    """Remove HTML tags, turning block-level tags into line breaks and decoding entities.

    >>> strip_inline_html("17:20\\t<b><u>Press Conference</u></b> <ul><li>• a</li><li>• b</li></ul>")
    '17:20\\tPress Conference \\n\\n• • a\\n\\n• • b\\n\\n'
    """
    text = _SCRIPT_STYLE.sub(" ", text)
    text = _LI_OPEN.sub("\n• ", text)
    text = _BREAK_TAGS.sub("\n", text)
    text = _ANY_TAG.sub("", text)
    return html.unescape(text)


def normalise_space(text: str) -> str:
    """Collapse runs of spaces and tabs to one space and trim the ends.

    >>> normalise_space("  a\\t b\\u00a0 c ")
    'a b c'
    """
    return _SPACES.sub(" ", CONTROL.sub("", text)).strip()


def clean_lines(raw: str) -> list[Line]:
    """Split raw text (plain, markdown-ish, with stray HTML) into clean, non-empty lines.

    Headings keep their level, list items lose their bullet glyph, agenda lines
    (``17:20 Press Conference``) stay whole, emphasis markers and rules are dropped.
    """
    lines: list[Line] = []
    for raw_line in strip_inline_html(raw.replace("\r\n", "\n").replace("\r", "\n")).split("\n"):
        if _MD_RULE.match(raw_line):
            continue
        level = 0
        heading = _MD_HEADING.match(raw_line.strip())
        if heading:
            level, raw_line = len(heading.group(1)), heading.group(2)
        bullet = bool(_BULLET.match(raw_line)) and not level
        if bullet:
            raw_line = _BULLET.sub("", raw_line, count=1)
        text = normalise_space(_MD_EMPHASIS.sub(lambda m: m.group(2) or m.group(3), raw_line))
        text = text.strip("*_ ").strip() if text.count("**") % 2 or text.startswith("*") else text
        if text:
            lines.append(Line(text, level, bullet))
    return lines
