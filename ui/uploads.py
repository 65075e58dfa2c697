"""Uploaded files: safe names, a size limit and a type check before anything reaches ingest."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

ALLOWED = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx", ".jsonl", ".jsonl.gz")
FEEDS = (".jsonl", ".jsonl.gz")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
# What the first bytes of a binary type must be, so a renamed executable is not parsed as a PDF.
_MAGIC = {".pdf": b"%PDF-", ".docx": b"PK\x03\x04", ".jsonl.gz": b"\x1f\x8b"}


class UploadRejected(ValueError):
    """An upload refused before ingest; ``status`` is the HTTP status that fits."""

    def __init__(self, name: str, reason: str, status: int = 400) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason
        self.status = status


def suffix_of(name: str) -> str:
    """The file type by name, with ``.jsonl.gz`` as one suffix.

    >>> suffix_of("feed.JSONL.gz"), suffix_of("a.b.pdf"), suffix_of("README")
    ('.jsonl.gz', '.pdf', '')
    """
    lower = name.lower()
    if lower.endswith(".jsonl.gz"):
        return ".jsonl.gz"
    return Path(lower).suffix


def safe_name(name: str) -> str:
    """A file name that cannot leave the upload folder or surprise a shell.

    >>> safe_name("../../etc/passwd")
    'passwd'
    >>> safe_name("C:\\\\Users\\\\me\\\\Persbericht één.docx")
    'Persbericht_een.docx'
    >>> safe_name("...")
    'upload'
    """
    base = re.split(r"[\\/]", name)[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    base = _UNSAFE.sub("_", base).strip("._-")
    if len(base) > 120:
        suffix = suffix_of(base)
        base = base[: 120 - len(suffix)] + suffix
    return base or "upload"


def check_upload(name: str, data: bytes, max_bytes: int) -> str:
    """Return the safe name for an acceptable upload, or raise ``UploadRejected`` saying why.

    >>> try:
    ...     check_upload("a.exe", b"MZ", 100)
    ... except UploadRejected as exc:
    ...     print(exc.status, exc.reason.split(";")[0])
    415 unsupported type '.exe'
    >>> check_upload("../Persbericht.PDF", b"%PDF-1.7 ...", 100)
    'Persbericht.PDF'
    """
    safe = safe_name(name)
    suffix = suffix_of(safe)
    if suffix not in ALLOWED:
        kind = repr(suffix) if suffix else "(no suffix)"
        raise UploadRejected(name, f"unsupported type {kind}; upload one of {', '.join(ALLOWED)}", 415)
    if len(data) > max_bytes:
        # Only one byte past the limit is read, so the file's own size is not known here.
        raise UploadRejected(name, f"larger than the limit of {max_bytes:,} bytes (PRESSROOM_MAX_UPLOAD_MB)", 413)
    if not data:
        raise UploadRejected(name, "the file is empty")
    magic = _MAGIC.get(suffix)
    if magic and not data.startswith(magic):
        raise UploadRejected(name, f"the content is not a {suffix} file", 415)
    return safe
