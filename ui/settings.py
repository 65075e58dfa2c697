"""The server's settings, and the list of every ``PRESSROOM_*`` variable for ``pressroom --help``.

The settings of the layers below are read by ``assistant.config.PressroomSettings``.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

ENVIRONMENT = {
    "PRESSROOM_HOME": "data folder (default: the per-user data folder, ~/.local/share/pressroom)",
    "PRESSROOM_QDRANT_URL": "a Qdrant server or cluster URL instead of the local folder",
    "PRESSROOM_QDRANT_API_KEY": "API key for that server",
    "PRESSROOM_QDRANT_SHARDS": "shards of new collections on a Qdrant cluster",
    "PRESSROOM_QDRANT_REPLICAS": "replicas of each shard on a Qdrant cluster",
    "PRESSROOM_BACKEND": "vector store: auto (default: edge for a local folder, qdrant for a URL), edge or qdrant",
    "PRESSROOM_EMBEDDING_MODEL": "sentence-transformers model name or folder (default: the packaged all-MiniLM-L6-v2)",
    "PRESSROOM_DEVICE": "torch device for the encoder (default: cpu)",
    "PRESSROOM_EMBEDDING_BATCH_SIZE": "texts per encoder batch, 1 to 1024 (default: 16; 64 on a GPU)",
    "PRESSROOM_PRECISION": "encoder arithmetic: auto (bf16 where the CPU has it), fp32 or bf16",
    "PRESSROOM_RUNTIME": "where the encoder runs: auto (OpenVINO on a CPU when installed), torch or openvino",
    "PRESSROOM_CACHE": "where the encoder converted to OpenVINO IR is kept (default: ~/.cache/pressroom)",
    "PRESSROOM_MODE": "answer mode: extractive (default) or generative",
    "PRESSROOM_READER": "how the answer's sentences are chosen: learned (default) or rules (docs/reader.md)",
    "PRESSROOM_READER_MODEL": "a reader model file from `pressroom fit-reader` or `fit-ranker` (default: packaged)",
    "PRESSROOM_RANKING": "the order retrieved passages are read in: learned (the reader model's passage ranker, "
    "where it has one) or rules",
    "PRESSROOM_ABSTENTION": "when the documents are said not to answer: rules (default) or learned",
    "PRESSROOM_LLM": "language model of the generative mode: local (default), openai or ollama",
    "PRESSROOM_LLM_MODEL": "local: folder, hub name or .gguf (default: packaged SmolLM2-135M); else the server's model",
    "PRESSROOM_LLM_URL": "server of openai (an OpenAI-compatible …/v1 URL) or ollama (default http://localhost:11434)",
    "PRESSROOM_LLM_API_KEY": "API key of the OpenAI-compatible server",
    "PRESSROOM_TOKEN": "access token; required to serve on any address but localhost",
    "PRESSROOM_MAX_UPLOAD_MB": "largest accepted upload in MB (default: 25)",
    "PRESSROOM_MAX_FILE_MB": "largest file, feed record or unpacked DOCX ingested, in MB (default: 25)",
    "PRESSROOM_LEXICAL_WEIGHT": "weight of the lexical ranking against the encoder's for a question not in English "
    "(default: 1)",
    "PRESSROOM_RATE_LIMIT": "questions a minute per client on /api/ask, /api/search and /v1 (default: 120; 0: off)",
    "PRESSROOM_FOLLOW_PRIVATE": "1: followed URLs and webhooks may be on this machine or a private network (default 0)",
    "PRESSROOM_FOLLOW_DELAY": "seconds between two requests to one followed host (default 1)",
    "PRESSROOM_FOLLOW_TIMEOUT": "seconds to wait for a followed URL to connect or send (default 15)",
    "PRESSROOM_FOLLOW_MAX_MB": "largest followed feed or page downloaded, in MB (default 10)",
}

LOOPBACK = ("127.0.0.1", "localhost", "::1")


class ServerSettings(BaseModel):
    """How ``pressroom serve`` listens, who may use it, and what it accepts."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str = Field("127.0.0.1", description="Address to listen on; localhost unless a token is set.")
    port: int = Field(7860, ge=0, le=65535, description="TCP port (0 picks a free one).")
    token: str | None = Field(None, description="Bearer token every API call and the UI must present.")
    home: Path = Field(description="Data folder: uploads and feedback live here.")
    max_upload_mb: float = Field(25.0, gt=0, description="Largest accepted upload, in MB.")
    rate_limit: int = Field(
        120, ge=0, description="Questions a minute per client address (/api/ask, /api/search, /v1); 0 turns it off."
    )

    @property
    def briefings(self) -> Path:
        """Where the web app writes briefings for download."""
        return self.home / "briefings"

    @model_validator(mode="after")
    def _token_off_localhost(self) -> ServerSettings:
        if self.host not in LOOPBACK and not self.token:
            raise ValueError(
                f"refusing to listen on {self.host} without a token: set PRESSROOM_TOKEN "
                "(every API call and the web page will then require it), or use --host 127.0.0.1"
            )
        if self.token is not None and len(self.token) < 16:
            raise ValueError("PRESSROOM_TOKEN is too short: use at least 16 characters")
        return self

    @property
    def uploads(self) -> Path:
        """Where uploaded files are kept (they are the originals re-ingest reads)."""
        return self.home / "uploads"

    @property
    def feedback_db(self) -> Path:
        """The SQLite file of thumbs up/down and comments."""
        return self.home / "feedback.sqlite3"

    @property
    def max_upload_bytes(self) -> int:
        """The upload limit in bytes."""
        return int(self.max_upload_mb * 1024 * 1024)

    @classmethod
    def from_env(cls, home: Path, host: str, port: int, env: dict[str, str] | None = None) -> ServerSettings:
        """Server settings from the command line and ``PRESSROOM_TOKEN``/``_MAX_UPLOAD_MB``/``_RATE_LIMIT``."""
        env = dict(os.environ if env is None else env)
        extra: dict[str, object] = {}
        if env.get("PRESSROOM_MAX_UPLOAD_MB"):
            extra["max_upload_mb"] = env["PRESSROOM_MAX_UPLOAD_MB"]
        if env.get("PRESSROOM_RATE_LIMIT"):
            extra["rate_limit"] = env["PRESSROOM_RATE_LIMIT"]
        return cls(host=host, port=port, token=env.get("PRESSROOM_TOKEN") or None, home=home, **extra)

