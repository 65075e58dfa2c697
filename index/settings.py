"""Settings of the index: where vectors live and which model makes them."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

PACKAGED_MODEL = "packaged:all-MiniLM-L6-v2"

# The names each registry accepts (index/backend.py BACKENDS, index/st_embedder.py PRECISIONS and
# RUNTIMES, tests/test_settings.py checks they agree), so that a bad value fails when read.
StoreBackend = Literal["auto", "edge", "qdrant"]
Precision = Literal["auto", "fp32", "bf16"]
EncoderRuntime = Literal["auto", "torch", "openvino"]


def default_home() -> Path:
    """The data folder: ``$PRESSROOM_HOME``, else the per-user data folder."""
    if os.environ.get("PRESSROOM_HOME"):
        return Path(os.environ["PRESSROOM_HOME"]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "pressroom"


class IndexSettings(BaseModel):
    """Where the index lives and how passages are embedded."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    home: Path = Field(default_factory=default_home, description="Data folder (PRESSROOM_HOME).")
    qdrant_location: str = Field(
        "",
        description="'' for a local folder under home, ':memory:' for a throwaway store, "
        "or a Qdrant server URL such as http://qdrant:6333.",
    )
    qdrant_api_key: str | None = Field(None, description="API key for a Qdrant server.")
    store_backend: StoreBackend = Field(
        "auto",
        description="'auto' (Qdrant Edge for a local folder, qdrant-client for a URL or :memory:), 'edge' or 'qdrant'.",
    )
    shard_number: int | None = Field(None, ge=1, description="Shards of new collections on a Qdrant cluster.")
    replication_factor: int | None = Field(None, ge=1, description="Replicas of each shard on a Qdrant cluster.")
    collection_prefix: str = Field("pressroom_", description="Prefix of the Qdrant collection names.")
    embedding_model: str = Field(
        PACKAGED_MODEL,
        description="Sentence-transformers model: the packaged default, a local folder, or a hub name.",
    )
    other_language_lexical_weight: float = Field(
        1.0,
        ge=0,
        description="Weight of the lexical ranking, against the encoder's, for a question not in English "
        "(PRESSROOM_LEXICAL_WEIGHT). 2 found more evidence passages on the dev and test splits but the "
        "reader, fitted on weight 1, quoted fewer key facts on the test split (docs/reader.md, session 28).",
    )
    embedding_batch_size: int = Field(16, ge=1, le=1024, description="Passages per encoder batch (length-sorted).")
    max_passage_tokens: int = Field(
        200, ge=16, le=8192, description="Token budget of a passage, below the model's sequence length."
    )
    max_file_mb: float = Field(
        25.0, gt=0, description="Largest file, feed record or unpacked DOCX ingested, in MB (PRESSROOM_MAX_FILE_MB)."
    )
    device: str = Field("cpu", description="Torch device for the encoder.")
    precision: Precision = Field(
        "auto",
        description="Encoder arithmetic: 'fp32', 'bf16' (autocast), or 'auto' (bf16 where the CPU has "
        "AVX-512 BF16 or AMX, else fp32).",
    )
    encoder_runtime: EncoderRuntime = Field(
        "auto",
        description="Where the encoder's transformer runs: 'torch', 'openvino', or 'auto' (OpenVINO on a "
        "CPU when it is installed and the model is mean-pooled, else torch).",
    )

    @field_validator("qdrant_location")
    @classmethod
    def _location(cls, value: str) -> str:
        if value and value != ":memory:" and not value.startswith(("http://", "https://")):
            raise ValueError(f"qdrant_location {value!r}: use '', ':memory:' or an http(s):// URL")
        return value

    @property
    def backend(self) -> str:
        """The vector-store backend: Qdrant Edge for a local folder, qdrant-client otherwise."""
        if self.store_backend != "auto":
            return self.store_backend
        return "qdrant" if self.qdrant_location else "edge"

    @property
    def where(self) -> str:
        """Where the index lives, for messages."""
        if self.qdrant_location:
            return self.qdrant_location
        return str(self.home / "edge" if self.backend == "edge" else self.qdrant_path)

    @property
    def fulltext_path(self) -> Path | str:
        """The full-text table of ``find`` (``index/fulltext.py``): beside a local index, one per
        server and collection prefix for a Qdrant server, in memory for ``:memory:``."""
        if self.qdrant_location == ":memory:":
            return ":memory:"
        if self.qdrant_location:
            key = hashlib.sha1(f"{self.qdrant_location} {self.collection_prefix}".encode()).hexdigest()[:12]
            return self.home / f"fulltext-{key}.sqlite3"
        # Each local backend its own: one kept in step with the other's index would lose its rows.
        return self.home / "fulltext.sqlite3" if self.backend == "edge" else self.qdrant_path / "fulltext.sqlite3"

    @property
    def qdrant_path(self) -> Path:
        """The local Qdrant folder used when no server URL is set."""
        return self.home / "qdrant"

    @property
    def unread_index(self) -> str | None:
        """The other backend's folder under ``home`` where it holds an index this backend does not
        read (``edge/`` under ``PRESSROOM_BACKEND=qdrant``), for the hint of an empty listing."""
        if self.qdrant_location:
            return None
        if self.backend == "qdrant" and (self.home / "edge" / "documents").is_dir():
            return "edge/"
        if self.backend == "edge" and (self.qdrant_path / "collection" / f"{self.collection_prefix}documents").is_dir():
            return "qdrant/"
        return None
