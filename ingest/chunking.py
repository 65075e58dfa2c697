"""Clean text and passages from blocks: split along headings, paragraphs and sentences."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ingest.records import Block, Passage, content_hash
from ingest.sentences import split_sentences

TokenCounter = Callable[[str], int]
_WORDISH = re.compile(r"\w+|[^\w\s]")


def approx_tokens(text: str) -> int:
    """A tokenizer-free upper estimate of word pieces: about 1.3 per ordinary word or mark,
    and one per two characters of long or mixed runs (URLs, codes), which split finely.

    >>> approx_tokens("The Council agreed.")
    6
    """
    pieces = 0
    for word in _WORDISH.findall(text):
        plain = len(word) == 1 or (len(word) <= 10 and (word.isalpha() or word.isdigit()))
        pieces += 10 if plain else 5 * len(word)
    return (pieces * 13 + 99) // 100


def assemble(blocks: Sequence[Block]) -> tuple[str, list[tuple[int, int]]]:
    """Join blocks into the document's clean text, one block a line, with each block's span.

    >>> assemble([Block("heading", "Title", 1), Block("paragraph", "Body.")])
    ('Title\\nBody.', [(0, 5), (6, 11)])
    """
    spans, position = [], 0
    for block in blocks:
        spans.append((position, position + len(block.text)))
        position += len(block.text) + 1
    return "\n".join(b.text for b in blocks), spans


@dataclass
class _Group:
    start: int = -1
    end: int = -1
    tokens: int = 0
    has_content: bool = False
    heading_path: tuple[str, ...] = ()
    sentences: list[tuple[int, int]] | None = None
    headings: list[tuple[int, int]] | None = None

    def add(self, start: int, end: int, tokens: int, sentences: list[tuple[int, int]]) -> None:
        if self.start < 0:
            self.start = start
        self.end = end
        self.tokens += tokens
        self.sentences = (self.sentences or []) + sentences


def chunk(
    blocks: Sequence[Block],
    source_id: str,
    *,
    count_tokens: TokenCounter = approx_tokens,
    max_tokens: int = 200,
    min_tokens: int = 24,
    lang: str = "",
) -> tuple[str, tuple[Passage, ...]]:
    """Return the clean text and its passages, none over ``max_tokens`` by ``count_tokens``.

    A heading opens a new passage and stays with the text under it; paragraphs are kept
    whole when they fit, else cut between sentences, and a sentence too long on its own
    is cut between words.
    """
    text, spans = assemble(blocks)
    passages: list[Passage] = []
    stack: list[tuple[int, str]] = []
    group = _Group()

    def flush(last: bool = False) -> None:
        nonlocal group
        if group.start >= 0 and last and not group.has_content:
            # Trailing headings ("Outcome documents") have no text below them: keep them as text.
            group.sentences, group.headings, group.has_content = group.headings, [], True
        if group.start >= 0 and group.has_content:
            passages.append(_passage(text, source_id, group, lang))
        group = _Group(heading_path=tuple(h for _, h in stack))

    for block, (start, end) in zip(blocks, spans, strict=True):
        # A "heading" over the budget on its own is no heading: it is cut like a paragraph.
        if block.kind == "heading" and fits(block.text, count_tokens, max_tokens):
            tokens = count_tokens(block.text)
            # A passage of a few words ("Brussels, 4 March 2024") is no passage on its own:
            # it runs on into the next section, unless the heading would take it over the budget.
            if group.has_content and (group.tokens >= min_tokens or group.tokens + tokens > max_tokens):
                flush()
            elif group.start >= 0 and group.tokens + tokens > max_tokens:
                flush(last=True)  # headings with no text between them, too many for one passage
            while stack and stack[-1][0] >= block.level:
                stack.pop()
            stack.append((block.level, block.text))
            # Headings are kept apart from sentences: they title the text below them.
            group.add(start, end, tokens, [])
            group.headings = [*(group.headings or []), (start, end)]
            continue
        for piece_start, piece_end, sentences in _pieces(text, block, start, end, count_tokens, max_tokens):
            tokens = count_tokens(text[piece_start:piece_end])
            if group.has_content and group.tokens + tokens > max_tokens:
                flush()
            elif group.tokens + tokens > max_tokens:
                # Headings alone would overflow: let the content start its own passage.
                group = _Group(heading_path=tuple(h for _, h in stack))
            if not group.has_content:
                group.heading_path = tuple(h for _, h in stack)
            if group.sentences and _continues(text, group.sentences[-1], block, piece_start, piece_end):
                # One quotable unit: a list with the line that announces it ("... include:"), or a
                # run of short fragments (a title block, an address, "Meeting n°4009 / Brussels").
                group.sentences[-1] = (group.sentences[-1][0], piece_end)
                sentences = []
            group.add(piece_start, piece_end, tokens, sentences)
            group.has_content = True
    flush(last=True)
    return text, tuple(passages)


FRAGMENT_WORDS = 8
INTRO_WORDS = 5


def _is_fragment(text: str) -> bool:
    return len(text.split()) <= FRAGMENT_WORDS and not text.rstrip().endswith((".", "!", "?", ":", ";"))


def _continues(text: str, sentence: tuple[int, int], block: Block, start: int, end: int) -> bool:
    """Whether ``block`` (at ``start:end``) carries on the unit ``sentence`` right before it."""
    if text[sentence[1] : start].strip() or block.kind in ("heading", "line"):
        return False
    unit = text[sentence[0] : sentence[1]]
    first_line = unit.split("\n", 1)[0].rstrip()
    if first_line.endswith(":"):
        # A list goes with its introduction; a short label ("Inquiries:") with the lines below.
        return block.kind == "list_item" or (
            len(first_line.split()) <= INTRO_WORDS and len(text[start:end].split()) <= 25 and unit.count("\n") < 6
        )
    last_line = unit.rsplit("\n", 1)[-1]
    return _is_fragment(last_line) and _is_fragment(text[start:end]) and unit.count("\n") < 8


def _pieces(
    text: str, block: Block, start: int, end: int, count_tokens: TokenCounter, max_tokens: int
) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """Cut a block into pieces that fit, each with its sentence spans (document offsets)."""
    if block.kind == "paragraph":
        sentences = [(start + a, start + b) for a, b in split_sentences(block.text)]
    else:
        sentences = [(start, end)]
    if fits(block.text, count_tokens, max_tokens):
        return [(start, end, sentences)]
    pieces: list[tuple[int, int, list[tuple[int, int]]]] = []
    current: list[tuple[int, int]] = []
    for s_start, s_end in sentences:
        for a, b in _fit_words(text, s_start, s_end, count_tokens, max_tokens):
            if current and count_tokens(text[current[0][0] : b]) > max_tokens:
                pieces.append((current[0][0], current[-1][1], current))
                current = []
            current.append((a, b))
    if current:
        pieces.append((current[0][0], current[-1][1], current))
    return pieces


def fits(text: str, count_tokens: TokenCounter, max_tokens: int) -> bool:
    """Whether ``text`` is within the token budget.

    A word is one token at least, so a text of more words than the budget is over it: known
    without tokenizing it (a tokenizer held over 1 GB for a 10 MB line).

    >>> fits("The Council agreed.", approx_tokens, 6), fits("one two three", len, 2)
    (True, False)
    """
    return len(text.split(maxsplit=max_tokens)) <= max_tokens and count_tokens(text) <= max_tokens


def _fit_words(text: str, start: int, end: int, count_tokens: TokenCounter, max_tokens: int) -> list[tuple[int, int]]:
    if fits(text[start:end], count_tokens, max_tokens):
        return [(start, end)]
    words = [(start + m.start(), start + m.end()) for m in re.finditer(r"\S+", text[start:end])]
    out, first = [], 0
    while first < len(words):
        # The longest run of words that fits, found by bisection: a word is at least one token,
        # so no run past ``max_tokens`` words fits, and counting every longer prefix in turn made
        # a long unpunctuated paragraph quadratic (minutes per megabyte with the real tokenizer).
        low, high = first, min(len(words) - 1, first + max_tokens)
        while low < high:
            middle = (low + high + 1) // 2
            if count_tokens(text[words[first][0] : words[middle][1]]) <= max_tokens:
                low = middle
            else:
                high = middle - 1
        out.append((words[first][0], words[low][1]))
        first = low + 1
    return out


def _passage(text: str, source_id: str, group: _Group, lang: str) -> Passage:
    body = text[group.start : group.end]
    relative = tuple((a - group.start, b - group.start) for a, b in group.sentences or [])
    headings = tuple((a - group.start, b - group.start) for a, b in group.headings or [])
    return Passage(
        # The sentences too: a passage split anew (a pipeline change) is stored anew, its vectors with it.
        id=content_hash(f"{source_id}\x00{group.start}\x00{body}\x00{relative}"),
        source_id=source_id,
        text=body,
        start=group.start,
        end=group.end,
        heading_path=group.heading_path,
        sentences=relative,
        lang=lang,
        headings=headings,
    )
