"""The size limit on input, apart from the parsers, so that feeds can check it without loading unstructured."""

from __future__ import annotations

import math

from ingest.errors import BadInput

DEFAULT_MAX_FILE_MB = 25.0  # the same as the server's upload limit (PRESSROOM_MAX_UPLOAD_MB)
MAX_FILE_ENV = "PRESSROOM_MAX_FILE_MB"


def too_large(what: str, size: int, limit_mb: float) -> BadInput:
    """The error for input over the size limit, saying how to raise it.

    >>> str(too_large("file too large", 105 * 2**20, 25))
    'file too large (105 MB > limit 25 MB; set PRESSROOM_MAX_FILE_MB to raise it)'
    """
    # Rounded up, so a file just over the limit never reads as equal to it.
    size_mb = math.ceil(size / 2**20 * 10) / 10
    return BadInput(f"{what} ({size_mb:g} MB > limit {limit_mb:g} MB; set {MAX_FILE_ENV} to raise it)")
