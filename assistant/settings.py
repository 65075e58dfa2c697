"""Settings of the assistant: retrieval depth, answer length and when to abstain."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

# The names the assistant accepts (assistant.assistant.MODES, assistant.llm.LLMS; tests/test_settings.py
# checks they agree), so that a bad value fails when the settings are read.
Mode = Literal["extractive", "generative"]
LLMName = Literal["local", "openai", "ollama"]
ReaderName = Literal["rules", "learned"]


class AssistantSettings(BaseModel):
    """How questions are answered."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    mode: Mode = Field(
        "extractive",
        description="'extractive' (verbatim sentences, no language model) or 'generative' (a language model "
        "writes the answer; every sentence is checked against its citation).",
    )
    top_k: int = Field(8, ge=1, le=100, description="Passages handed to the answerer.")
    candidates: int = Field(30, ge=1, le=500, description="Passages fetched by hybrid search before reranking.")
    max_sentences: int = Field(3, ge=1, le=20, description="Most sentences in an answer to a single question.")
    max_list_sentences: int = Field(6, ge=1, le=30, description="Most sentences when the question asks for a list.")
    reader: ReaderName = Field(
        "learned",
        description="How the answer's sentences are chosen: 'learned' (the fitted reader, "
        "assistant/reader_model.json; see docs/reader.md) or 'rules' (hand-set weights).",
    )
    ranking: ReaderName = Field(
        "learned",
        description="The order in which retrieved passages are read: 'learned' (the passage ranker fitted with "
        "the reader model, where it has one; docs/reader.md) or 'rules' (hand-set weights).",
    )
    abstention: ReaderName = Field(
        "rules",
        description="When to say the documents don't answer: 'rules' (no sentence scores min_score by the "
        "hand-set weights; the default while the learned probability misses the team's dev gates) or "
        "'learned' (the learned reader's probability that the documents answer is below min_answerable).",
    )
    min_score: float = Field(
        0.45, description="Rules abstention and briefings: abstain when the best sentence scores below this "
        "(calibrated on the team's dev set)."
    )
    min_lexical: float = Field(
        0.0, description="Rules abstention: abstain when the best sentence covers less of the question."
    )
    min_answerable: float | None = Field(
        None,
        ge=0.0,
        le=1.0,
        description="Learned abstention: abstain when the probability that the documents answer is below this "
        "(default: the operating point fitted with the reader model, see `pressroom fit-reader`).",
    )
    reader_model: str = Field(
        "", description="A reader model file from `pressroom fit-reader` or `fit-ranker` (default: packaged)."
    )
    see_also: int = Field(3, ge=0, le=10, description="Closest passages offered when abstaining.")
    llm: LLMName = Field("local", description="Language model of the generative mode: 'local', 'openai' or 'ollama'.")
    llm_model: str = Field(
        "",
        description="Model: for 'local' a folder, hub name or .gguf file (default: the packaged "
        "SmolLM2-135M-Instruct); for 'openai' and 'ollama' the server's model name.",
    )
    llm_base_url: str = Field("", description="Server of 'openai' (…/v1) or 'ollama' (default http://localhost:11434).")
    llm_api_key: str | None = Field(None, description="API key of an OpenAI-compatible server.")
    llm_max_tokens: int = Field(160, ge=8, le=4096, description="Longest generated answer, in tokens.")
    llm_temperature: float = Field(0.0, ge=0.0, le=2.0, description="0 is greedy (reproducible).")
    llm_timeout: float = Field(
        120.0, gt=0, description="Seconds to wait for a language model server, or for the local model's next words."
    )
    llm_passages: int = Field(4, ge=1, le=20, description="Passages given to the language model.")
    min_support: float = Field(
        0.65,
        ge=0.0,
        le=1.0,
        description="A generated sentence stays only if a passage it cites supports it this well "
        "(calibrated on the team's dev set, see docs/generative.md).",
    )
    drop_unsupported: bool = Field(True, description="Drop unsupported sentences (else keep them, marked).")

    @field_validator("reader_model")
    @classmethod
    def _readable_model(cls, value: str) -> str:
        """A named reader model must be one (checked where it is set, so that no question fails on it)."""
        if value:
            from assistant.reader_model import ReaderModel

            try:
                ReaderModel.load(Path(value).expanduser())
            except OSError as exc:
                raise ValueError(f"cannot read it: {exc.strerror or exc}") from None
            except (ValueError, KeyError, TypeError) as exc:
                kind = type(exc).__name__
                raise ValueError(f"not a reader model file from `pressroom fit-reader` ({kind})") from None
        return value
