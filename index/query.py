"""The query language of ``pressroom find``: a small recursive-descent parser into a typed tree.

What a reporter types in Datashare or Aleph::

    migration "drug ports"            words and exact phrases (any case; accents folded)
    ports AND (drugs OR cocaine)      AND, OR, parentheses; words side by side mean AND
    NOT schengen   -schengen          NOT, or a minus before a word, phrase or group
    extradit*                         a word's prefix
    "drug ports"~5                    the words within 5 words of each other, in any order
    title:alliance  title:"ports alliance"   in the title only
    lang:en  kind:press_release  source:001_a.txt  date:2024-01..2024-03  date:2024  date:..2024-02
    person:keller-sutter  org:FDJP  place:Brussels   documents naming the entity (any of its names)

Operators are upper case (``and``, ``or`` and ``not`` in lower case are words). Brackets, NOT,
minus and ``title:`` nest at most ``MAX_DEPTH`` (20) levels deep. A query that cannot be read
raises ``QuerySyntaxError`` with the position and what was expected there::

    >>> parse('"drug ports')
    Traceback (most recent call last):
    ...
    index.query.QuerySyntaxError: query '"drug ports', at character 1: the phrase opened here has no closing quote
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.filters import date_number

FIELDS = ("title", "lang", "kind", "source", "date", "person", "org", "place")
# A word's letters and digits as the full-text engine cuts them (SQLite FTS5's unicode61:
# letters, digits and private-use characters; everything else separates).
_TOKEN = re.compile(r"[^\W_]+")
# How deep brackets, NOT, minus and title: may nest: far above any query a person writes (a few
# levels), below Python's recursion limit (the parser takes four of its 1000 frames a level) and
# below what SQLite's and FTS5's parsers take (their stacks overflow from 24 levels of
# ``person:x OR (person:x OR (...``, 27 of ``lang:en OR (...``, 41 of ``NOT NOT ...``).
MAX_DEPTH = 20


class QuerySyntaxError(ValueError):
    """A query that cannot be read; the message gives the position (from 1) and what was expected."""

    def __init__(self, position: int, message: str, query: str | None = None) -> None:
        where = f"query {query!r}, " if query is not None else ""
        super().__init__(f"{where}at character {position + 1}: {message}")
        self.position = position
        self.reason = message


@dataclass(frozen=True)
class Term:
    """A word (``prefix``: any word starting with it); ``title``: in the title only."""

    word: str
    prefix: bool = False
    title: bool = False


@dataclass(frozen=True)
class Phrase:
    """Words in this order, side by side; with ``near``, within ``near`` words of each other, any order."""

    words: tuple[str, ...]
    near: int | None = None
    title: bool = False


@dataclass(frozen=True)
class Field:
    """A metadata filter: ``lang``, ``kind`` or ``source`` equal to ``value``; ``person``, ``org``
    or ``place``: the documents naming the entity one of whose names is ``value``."""

    name: str
    value: str


@dataclass(frozen=True)
class DateRange:
    """Documents dated from ``low`` to ``high`` (sortable YYYYMMDD numbers; None is open)."""

    low: int | None
    high: int | None


@dataclass(frozen=True)
class Not:
    """Documents that do not match ``part``."""

    part: Node


@dataclass(frozen=True)
class And:
    """Documents that match every part."""

    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    """Documents that match any part."""

    parts: tuple[Node, ...]


Node = Term | Phrase | Field | DateRange | Not | And | Or


def words_of(text: str) -> list[str]:
    """The words the engine sees in ``text``: letters and digits, anything else separates.

    >>> words_of("Keller-Sutter's n°4009")
    ['Keller', 'Sutter', 's', 'n', '4009']
    """
    return _TOKEN.findall(text)


# -- the lexer ----------------------------------------------------------------------------------

_LEX = re.compile(
    r"""(?P<space>\s+)
      | (?P<open>\()
      | (?P<close>\))
      | (?P<phrase>"(?P<body>[^"]*)"(?:~(?P<near>\S*))?)
      | (?P<unclosed>"[^"]*$)
      | (?P<minus>-(?=[^\s)]))
      | (?P<word>[^\s()"]+)""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class _Token:
    kind: str  # open, close, phrase, minus, word, end
    text: str
    at: int
    body: str = ""
    near: str | None = None


def _lex(query: str) -> list[_Token]:
    tokens = []
    for m in _LEX.finditer(query):
        kind = m.lastgroup or ""
        if kind == "space":
            continue
        if kind == "unclosed":
            raise QuerySyntaxError(m.start(), "the phrase opened here has no closing quote")
        tokens.append(_Token(kind, m.group(), m.start(), m.group("body") or "", m.group("near")))
    tokens.append(_Token("end", "", len(query)))
    return tokens


# -- the parser -----------------------------------------------------------------------------------


def parse(query: str) -> Node:
    """The tree of a query, or ``QuerySyntaxError`` pointing at the problem.

    >>> parse('ports -drugs')
    And(parts=(Term(word='ports', prefix=False, title=False), Not(part=Term(word='drugs', prefix=False, title=False))))
    >>> parse('"drug ports"~5 OR title:alli*')
    Or(parts=(Phrase(words=('drug', 'ports'), near=5, title=False), Term(word='alli', prefix=True, title=True)))
    >>> parse('(ports')
    Traceback (most recent call last):
    ...
    index.query.QuerySyntaxError: query '(ports', at character 1: the ( opened here is never closed: add a )
    """
    try:
        return _parse(query)
    except QuerySyntaxError as exc:
        raise QuerySyntaxError(exc.position, exc.reason, query) from None


def _parse(query: str) -> Node:
    if not query.strip():
        raise QuerySyntaxError(0, "the query is empty: type words, \"phrases\", or field:value filters")
    tokens = _lex(query)
    _check_depth(tokens)
    parser = _Parser(tokens)
    node = parser.or_expr()
    token = parser.peek()
    if token.kind == "close":
        raise QuerySyntaxError(token.at, "this ) closes no (")
    if token.kind != "end":  # pragma: no cover - or_expr consumes everything else
        raise QuerySyntaxError(token.at, f"unexpected {token.text!r}")
    return node


def _check_depth(tokens: list[_Token]) -> None:
    """``QuerySyntaxError`` past ``MAX_DEPTH`` levels, counted without recursion: as the parser reads
    them, a (, NOT, minus or bare title: opens a level, a ) closes its (, and a word, phrase or ) ends
    the NOTs and title: waiting for it."""
    levels: list[str] = []  # "(" or "unary", innermost last
    deepest, past = 0, None
    for token in tokens:
        name, colon, value = token.text.partition(":")
        if token.kind in ("open", "minus") or (
            token.kind == "word" and (token.text == "NOT" or (colon and not value and name.lower() == "title"))
        ):
            levels.append("(" if token.kind == "open" else "unary")
            deepest = max(deepest, len(levels))
            past = token.at if past is None and deepest > MAX_DEPTH else past
            continue
        if token.kind == "close":
            while levels and levels.pop() == "unary":  # up to and with its (
                pass
        elif token.kind not in ("phrase", "word") or token.text in ("AND", "OR"):
            continue
        while levels and levels[-1] == "unary":
            levels.pop()
    if past is not None:
        raise QuerySyntaxError(past, f"the query nests {deepest} levels deep (brackets, NOT, -, title:); "
                                     f"at most {MAX_DEPTH}")


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.i = 0

    def peek(self) -> _Token:
        return self.tokens[self.i]

    def take(self) -> _Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def or_expr(self) -> Node:
        parts = [self.and_expr()]
        while self.peek().kind == "word" and self.peek().text == "OR":
            self.take()
            parts.append(self.and_expr("OR"))
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def and_expr(self, after: str | None = None) -> Node:
        parts = [self.unary(after)]
        while True:
            token = self.peek()
            if token.kind in ("end", "close") or (token.kind == "word" and token.text == "OR"):
                break
            if token.kind == "word" and token.text == "AND":
                self.take()
                parts.append(self.unary("AND"))
            else:
                parts.append(self.unary())
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def unary(self, after: str | None = None) -> Node:
        token = self.peek()
        if token.kind == "minus" or (token.kind == "word" and token.text == "NOT"):
            self.take()
            return Not(self.unary("NOT" if token.kind == "word" else "-"))
        return self.primary(after)

    def primary(self, after: str | None) -> Node:
        token = self.take()
        if token.kind == "open":
            if self.peek().kind == "close":
                raise QuerySyntaxError(self.peek().at, "empty parentheses: put words or filters inside")
            node = self.or_expr()
            if self.peek().kind != "close":
                raise QuerySyntaxError(token.at, "the ( opened here is never closed: add a )")
            self.take()
            return node
        if token.kind == "phrase":
            return _phrase(token)
        if token.kind == "word" and token.text not in ("AND", "OR", "NOT"):
            return self.word(token)
        found = "the end of the query" if token.kind == "end" else repr(token.text)
        where = f" after {after}" if after else ""
        raise QuerySyntaxError(token.at, f"expected a word, a \"phrase\", a field:value or ({where}, found {found}")

    def word(self, token: _Token) -> Node:
        name, colon, value = token.text.partition(":")
        if colon and name.isalpha():
            return self.field(token, name.lower(), value)
        return _term(token.text, token.at)

    def field(self, token: _Token, name: str, value: str) -> Node:
        if name not in FIELDS:
            raise QuerySyntaxError(token.at, f"unknown field {name!r}: use {', '.join(f + ':' for f in FIELDS)}")
        value_at = token.at + len(name) + 1
        if name == "title":
            if not value:  # title:"a phrase" or title:(a OR b)
                return _in_title(self.primary(f"{name}:"), token.at)
            return _in_title(_term(value, value_at), token.at)
        if not value and self.peek().kind == "phrase" and self.peek().at == value_at:
            value = self.take().body  # source:"a file name.txt"
        if not value:
            raise QuerySyntaxError(value_at, f"expected a value after {name}:")
        if name == "date":
            return _date_range(value, value_at)
        return Field(name, value if name == "source" else value.lower())


def _term(text: str, at: int) -> Node:
    prefix = text.endswith("*")
    words = words_of(text[:-1] if prefix else text)
    if not words:
        raise QuerySyntaxError(at, f"{text!r} has no letters or digits to search for")
    if "*" in text[:-1] or (prefix and len(words) > 1):
        raise QuerySyntaxError(at, f"{text!r}: a * goes at the end of one word, as in extradit*")
    if len(words) > 1:  # Keller-Sutter, n°4009: the engine's words side by side
        return Phrase(tuple(w.lower() for w in words))
    return Term(words[0].lower(), prefix)


def _phrase(token: _Token) -> Node:
    words = tuple(w.lower() for w in words_of(token.body))
    if not words:
        raise QuerySyntaxError(token.at, "this phrase has no letters or digits to search for")
    if token.near is None:
        return Phrase(words) if len(words) > 1 else Term(words[0])
    if not token.near.isdigit():
        raise QuerySyntaxError(token.at + len(token.body) + 3, "expected a number of words after ~, as in \"a b\"~5")
    if len(words) < 2:
        raise QuerySyntaxError(token.at, "~ needs two or more words in the phrase, as in \"drug ports\"~5")
    return Phrase(words, int(token.near))


def _in_title(node: Node, at: int) -> Node:
    if isinstance(node, Term | Phrase):
        return type(node)(**{**node.__dict__, "title": True})
    if isinstance(node, Not):
        return Not(_in_title(node.part, at))
    if isinstance(node, And | Or):
        return type(node)(tuple(_in_title(p, at) for p in node.parts))
    raise QuerySyntaxError(at, "title: takes words and phrases, not other field filters")


def _date_range(value: str, at: int) -> DateRange:
    low, dots, high = value.partition("..")
    try:
        if not dots:
            return DateRange(date_number(value), date_number(value, end=True))
        if not low and not high:
            raise ValueError("date:.. needs a date on at least one side")
        return DateRange(date_number(low) if low else None, date_number(high, end=True) if high else None)
    except ValueError as exc:
        raise QuerySyntaxError(at, f"{exc} (a range: date:2024-01..2024-03)") from None
