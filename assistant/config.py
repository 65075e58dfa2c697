"""The settings of every layer, read once from the ``PRESSROOM_*`` variables at an entry point.

Kept free of the heavy parts (the store, the encoder, the answerers), so that every command can
check its settings at start-up before it loads anything.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TypeVar, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails

from assistant.settings import AssistantSettings
from index.settings import IndexSettings

# Environment variables that set an index setting as they are.
INDEX_ENV = {
    "PRESSROOM_QDRANT_URL": "qdrant_location",
    "PRESSROOM_QDRANT_API_KEY": "qdrant_api_key",
    "PRESSROOM_QDRANT_SHARDS": "shard_number",
    "PRESSROOM_QDRANT_REPLICAS": "replication_factor",
    "PRESSROOM_BACKEND": "store_backend",
    "PRESSROOM_EMBEDDING_MODEL": "embedding_model",
    "PRESSROOM_DEVICE": "device",
    "PRESSROOM_EMBEDDING_BATCH_SIZE": "embedding_batch_size",
    "PRESSROOM_PRECISION": "precision",
    "PRESSROOM_RUNTIME": "encoder_runtime",
    "PRESSROOM_MAX_FILE_MB": "max_file_mb",
    "PRESSROOM_LEXICAL_WEIGHT": "other_language_lexical_weight",
}
# Environment variables that set an assistant setting as they are.
ASSISTANT_ENV = {
    "PRESSROOM_MODE": "mode",
    "PRESSROOM_READER": "reader",
    "PRESSROOM_READER_MODEL": "reader_model",
    "PRESSROOM_RANKING": "ranking",
    "PRESSROOM_ABSTENTION": "abstention",
    "PRESSROOM_LLM": "llm",
    "PRESSROOM_LLM_MODEL": "llm_model",
    "PRESSROOM_LLM_URL": "llm_base_url",
    "PRESSROOM_LLM_API_KEY": "llm_api_key",
}

M = TypeVar("M", bound=BaseModel)


class SettingsError(ValueError):
    """A setting given a value it cannot take; the one-line message names where it was set and what it may be."""


class PressroomSettings(BaseModel):
    """Settings of every layer, built once at an entry point and passed down."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    index: IndexSettings = Field(default_factory=IndexSettings)
    assistant: AssistantSettings = Field(default_factory=AssistantSettings)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, assistant: dict[str, str] | None = None) -> PressroomSettings:
        """Read the ``PRESSROOM_*`` variables, with assistant settings overridden (``--mode``, ``--set``).

        A bad value is a ``SettingsError`` naming the variable (or the overridden setting) and the
        values it may take:

        >>> PressroomSettings.from_env({"PRESSROOM_LLM": "olama"})
        Traceback (most recent call last):
        ...
        assistant.config.SettingsError: PRESSROOM_LLM='olama': use one of local, openai, ollama
        """
        env = dict(os.environ if env is None else env)
        index: dict[str, object] = {field: env[name] for name, field in INDEX_ENV.items() if env.get(name)}
        if env.get("PRESSROOM_HOME"):
            index["home"] = Path(env["PRESSROOM_HOME"]).expanduser()
        chosen: dict[str, object] = {field: env[name] for name, field in ASSISTANT_ENV.items() if env.get(name)}
        overrides = assistant or {}
        names = {field: name for name, field in INDEX_ENV.items() | ASSISTANT_ENV.items()}
        names |= {field: field for field in overrides}
        return cls(
            index=_checked(IndexSettings, index, names),
            assistant=_checked(AssistantSettings, chosen | overrides, names),
        )

    def in_folder(self, home: Path) -> PressroomSettings:
        """The same settings over a local data folder of their own (a scratch run's), never a server."""
        local = {"home": home, "qdrant_location": "", "qdrant_api_key": None}
        return self.model_copy(update={"index": IndexSettings(**(self.index.model_dump() | local))})


def _checked(model: type[M], values: dict[str, object], names: dict[str, str]) -> M:
    try:
        return model(**values)
    except ValidationError as exc:
        raise SettingsError("; ".join(_described(model, e, names) for e in exc.errors())) from None


def _described(model: type[BaseModel], error: ErrorDetails, names: dict[str, str]) -> str:
    """One error of one setting: where it was set, the value, and what it may be."""
    field = str(error["loc"][0]) if error.get("loc") else ""
    where = f"{names.get(field, field)}={error.get('input')!r}"
    choices = get_args(model.model_fields[field].annotation) if field in model.model_fields else ()
    if error["type"] == "literal_error" and choices:
        return f"{where}: use one of {', '.join(map(str, choices))}"
    if error["type"] == "extra_forbidden":
        return f"{where}: no such setting; the settings are {', '.join(model.model_fields)}"
    return f"{where}: {str(error['msg']).removeprefix('Value error, ')}"
