"""The whole configuration, read from the environment at the entry points."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from assistant.settings import AssistantSettings
from index.settings import IndexSettings

ENVIRONMENT = {
    "PRESSROOM_HOME": "data folder (default: the per-user data folder, ~/.local/share/pressroom)",
    "PRESSROOM_QDRANT_URL": "a Qdrant server or cluster URL instead of the local folder",
    "PRESSROOM_QDRANT_API_KEY": "API key for that server",
    "PRESSROOM_EMBEDDING_MODEL": "sentence-transformers model name or folder (default: the packaged all-MiniLM-L6-v2)",
    "PRESSROOM_DEVICE": "torch device for the encoder (default: cpu)",
}


class PressroomSettings(BaseModel):
    """Settings of every layer, built once at an entry point and passed down."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    index: IndexSettings = Field(default_factory=IndexSettings)
    assistant: AssistantSettings = Field(default_factory=AssistantSettings)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, assistant: dict[str, str] | None = None) -> PressroomSettings:
        """Read the ``PRESSROOM_*`` variables (see ``ENVIRONMENT``), with assistant settings overridden."""
        env = dict(os.environ if env is None else env)
        index: dict[str, object] = {}
        if env.get("PRESSROOM_HOME"):
            index["home"] = Path(env["PRESSROOM_HOME"]).expanduser()
        if env.get("PRESSROOM_QDRANT_URL"):
            index["qdrant_location"] = env["PRESSROOM_QDRANT_URL"]
        if env.get("PRESSROOM_QDRANT_API_KEY"):
            index["qdrant_api_key"] = env["PRESSROOM_QDRANT_API_KEY"]
        if env.get("PRESSROOM_EMBEDDING_MODEL"):
            index["embedding_model"] = env["PRESSROOM_EMBEDDING_MODEL"]
        if env.get("PRESSROOM_DEVICE"):
            index["device"] = env["PRESSROOM_DEVICE"]
        return cls(index=IndexSettings(**index), assistant=AssistantSettings(**(assistant or {})))
