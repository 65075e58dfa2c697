"""From paths to documents: walk folders, parse files and feeds, clean, chunk."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from ingest.chunking import TokenCounter, approx_tokens, chunk
from ingest.dates import extract_dates
from ingest.errors import BadInput
from ingest.feeds import FEED_SUFFIXES, is_feed, one_line, read_feed, record_blocks, record_date, record_metadata
from ingest.limits import DEFAULT_MAX_FILE_MB, too_large
from ingest.mentions import extract_mentions
from ingest.metadata import detect_date, detect_kind, detect_language, detect_title
from ingest.parsing import SUPPORTED_SUFFIXES, configure_unstructured, parse_file
from ingest.records import Block, Document, IngestError, Unchanged, content_hash
from ingest.statement_according import according_to
from ingest.statements import extract_statements

# Bump when parsing, cleaning or chunking changes, so unchanged files are parsed again.
PIPELINE_VERSION = "19"
Known = Callable[[str, str], bool]
Item = Document | IngestError | Unchanged

_FEED_KINDS = {
    "memorandum": "press_release",
    "pressmeddelanden": "press_release",
    "artiklar": "news_item",
    "tal": "speech",
    "faktapromemoria": "fact_memo",
    "press release": "press_release",
}


@dataclass(frozen=True)
class ChunkSettings:
    """How passages are sized (a token counter and the budget per passage), and the largest input read."""

    count_tokens: TokenCounter = approx_tokens
    max_tokens: int = 200
    # A file is read whole, and parsing holds about 50 bytes per byte of text (540 MB for a
    # 10 MB text file): larger files, feed records and unpacked DOCX are refused, not read.
    max_file_mb: float = DEFAULT_MAX_FILE_MB

    def __post_init__(self) -> None:
        if not self.max_file_mb > 0:
            raise ValueError(f"max_file_mb {self.max_file_mb!r}: use a number of MB above 0")


def iter_sources(paths: Iterable[Path]) -> Iterator[tuple[Path, str]]:
    """Yield ``(file, source_id)`` for every file under ``paths``, folders walked in name order.

    A file's source id is its path relative to the folder given, or its name when the
    file itself was given. Hidden files are skipped.
    """
    for root in paths:
        if root.is_dir():
            for path in sorted(p for p in root.rglob("*") if _visible_file(root, p)):
                yield path, path.relative_to(root).as_posix()
        else:
            yield root, root.name


def holds_files(folder: Path) -> bool:
    """Whether ``iter_sources`` finds anything in ``folder``; stops at the first file."""
    return any(_visible_file(folder, p) for p in folder.rglob("*"))


def _visible_file(root: Path, path: Path) -> bool:
    return path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts)


def build_document(
    blocks: list[Block], source_id: str, path: str, settings: ChunkSettings, **known: str | None
) -> Document:
    """Assemble a document from blocks, reading whatever metadata ``known`` lacks from content."""
    if not blocks:
        raise BadInput("no text found")
    text, _ = chunk(blocks, source_id, count_tokens=len, max_tokens=1 << 60)
    lang = known.get("lang") or detect_language(text)
    text, passages = chunk(
        blocks, source_id, count_tokens=settings.count_tokens, max_tokens=settings.max_tokens, lang=lang
    )
    if len(passages) > 1:  # a passage may be in another language than its document (a quote, an annex)
        passages = tuple(replace(p, lang=passage_language(p.text, lang)) for p in passages)
    date = known["date"] if "date" in known else detect_date(text)
    mentions = extract_mentions(text, lang)
    return Document(
        source_id=source_id,
        path=path,
        title=known.get("title") or detect_title(blocks),
        text=text,
        lang=lang,
        kind=known.get("kind") or detect_kind(blocks),
        date=date,
        url=known.get("url") or "",
        # The version too: what is read from the text (statements, dates, mentions) is written again.
        content_hash=content_hash(f"{PIPELINE_VERSION}\x00{text}"),
        passages=passages,
        extra=dict(known.get("extra") or {}),  # type: ignore[arg-type]
        statements=according_to(text, lang, mentions, extract_statements(text, lang)),
        dates=extract_dates(text, date),
        mentions=mentions,
    )


PASSAGE_LANGUAGE_MIN = 200  # characters: shorter passages (agenda lines, names) keep the document's language
# Addresses, e-mail addresses and handles are words of no language: a list of a press office's
# accounts ("Facebook https://www.facebook.com/EU2024BE ...") read as Portuguese.
_NO_LANGUAGE = re.compile(r"\S+://\S+|www\.\S+|\S+@\S+|[@#]\w+")


def passage_language(text: str, document_lang: str) -> str:
    """A passage's language: detected on its first 400 characters, without addresses and
    handles, when what is left is long enough to tell, else its document's.

    >>> passage_language("Short line.", "de")
    'de'
    >>> passage_language("Facebook https://www.facebook.com/EU2024BE " * 8, "en")
    'en'
    """
    words = " ".join(_NO_LANGUAGE.sub(" ", text).split())
    if len(words) < PASSAGE_LANGUAGE_MIN:
        return document_lang
    return detect_language(words[:400], default=document_lang)


def load_file(path: Path, source_id: str, settings: ChunkSettings) -> Document:
    """Parse one file into a document; raises ``BadInput`` saying why it cannot."""
    configure_unstructured()  # else unstructured would download a spaCy model of its own
    return build_document(parse_file(path, settings.max_file_mb), source_id, str(path), settings)


def source_hash(data: bytes, settings: ChunkSettings) -> str:
    """Hash of raw input and of everything that shapes its passages."""
    digest = hashlib.sha256(f"{PIPELINE_VERSION}\x00{settings.max_tokens}\x00".encode())
    digest.update(data)
    return digest.hexdigest()[:32]


def load_feed(path: Path, settings: ChunkSettings, known: Known | None = None) -> Iterator[Item]:
    """Yield a document per record of a feed, or an error naming the file, line and reason."""
    seen: set[str] = set()
    for number, record in read_feed(path, settings.max_file_mb):
        where = f"{path}:{number}" if number else str(path)
        if isinstance(record, BadInput):
            yield IngestError(where, str(record))
            continue
        try:
            blocks = record_blocks(record)
            source_id = str(record["id"]).strip()
            if source_id in seen:
                raise BadInput(f"duplicate id {source_id!r} (the first record with it is kept)")
            seen.add(source_id)
            raw_hash = source_hash(json.dumps(record, sort_keys=True).encode(), settings)
            if known and known(source_id, raw_hash):
                yield Unchanged(source_id)
                continue
            document = build_document(
                blocks,
                source_id,
                str(path),
                settings,
                title=one_line(record.get("title") or "") or None,
                lang=(record.get("lang") or "").strip().lower() or None,
                url=record.get("url") or None,
                date=record_date(record),
                kind=_FEED_KINDS.get(str(record.get("type", "")).lower(), "press_release"),
                extra=record_metadata(record),  # type: ignore[arg-type]
            )
            yield replace(document, source_hash=raw_hash)
        except BadInput as exc:
            yield IngestError(where, str(exc))


def load_paths(
    paths: Iterable[Path], settings: ChunkSettings | None = None, known: Known | None = None
) -> Iterator[Item]:
    """Yield a document or an error per file (per record for feeds) under ``paths``.

    One broken file never stops the batch: its error names the file and the reason.
    ``known(source_id, source_hash)`` says whether that exact input is already indexed,
    in which case it is not parsed again.
    """
    yield from load_sources(iter_sources(paths), settings, known)


def load_sources(
    sources: Iterable[tuple[Path, str]], settings: ChunkSettings | None = None, known: Known | None = None
) -> Iterator[Item]:
    """Like ``load_paths``, for files already paired with their source ids."""
    settings = settings or ChunkSettings()
    for path, source_id in sources:
        if fault := _name_fault(path, source_id):
            # Stored names are UTF-8 text: such a name would fail in the store, for the whole batch.
            yield IngestError(_shown_name(str(path)), fault)
            continue
        if not path.exists():
            link = path.is_symlink()
            yield IngestError(str(path), "broken symbolic link (or a loop)" if link else "no such file or folder")
            continue
        if not path.is_file():
            # A FIFO or a device given by name would block or never end when read.
            yield IngestError(str(path), "not a regular file")
            continue
        if is_feed(path):
            yield from load_feed(path, settings, known)
            continue
        try:
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                supported = ", ".join((*SUPPORTED_SUFFIXES, *FEED_SUFFIXES))
                raise BadInput(f"unsupported file type {path.suffix.lower() or '(none)'}; supported: {supported}")
            size = path.stat().st_size
            if size > settings.max_file_mb * 2**20:
                raise too_large("file too large", size, settings.max_file_mb)
            raw_hash = source_hash(path.read_bytes(), settings)
            if known and known(source_id, raw_hash):
                yield Unchanged(source_id)
                continue
            yield replace(load_file(path, source_id, settings), source_hash=raw_hash)
        except BadInput as exc:
            yield IngestError(str(path), str(exc))
        except OSError as exc:
            yield IngestError(str(path), f"cannot read: {exc.strerror or exc}")


def _name_fault(path: Path, source_id: str) -> str:
    """Why a file's name or its source id cannot be stored (it is not UTF-8 text), or '' when it can."""
    if not _is_utf8(path.name) or not _is_utf8(source_id.rsplit("/", 1)[-1]):
        return "its name is not valid UTF-8; rename it"
    if not _is_utf8(source_id) or not _is_utf8(str(path)):
        return "the name of a folder it is in is not valid UTF-8; rename the folder"
    return ""


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a name's undecodable bytes come as lone surrogates
        return False
    return True


def _shown_name(name: str) -> str:
    """A name as printable text, its undecodable bytes escaped (``\\xff``).

    >>> _shown_name(os.fsdecode(b"odd\\xff.txt"))
    'odd\\\\xff.txt'
    """
    try:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate a file system name cannot hold (an upload's name, say)
        return name.encode("utf-8", "backslashreplace").decode("utf-8")


def reload_source(path: Path, source_id: str, settings: ChunkSettings | None = None) -> Iterator[Item]:
    """Parse one document again from its original file (or its record in a feed), skipping nothing."""
    if path.exists() and is_feed(path):
        # Every other record of the feed counts as known, so only this one is rebuilt.
        items = load_feed(path, settings or ChunkSettings(), known=lambda sid, _: sid != source_id)
        yield from (i for i in items if not isinstance(i, Unchanged))
    else:
        yield from load_sources([(path, source_id)], settings)
