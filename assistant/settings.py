"""Settings of the assistant: retrieval depth, answer length and when to abstain."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class AssistantSettings(BaseModel):
    """How questions are answered."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    mode: str = Field("extractive", description="Answer mode; 'extractive' needs no language model.")
    top_k: int = Field(8, ge=1, le=100, description="Passages handed to the answerer.")
    candidates: int = Field(30, ge=1, le=500, description="Passages fetched by hybrid search before reranking.")
    max_sentences: int = Field(3, ge=1, le=20, description="Most sentences in an answer to a single question.")
    max_list_sentences: int = Field(6, ge=1, le=30, description="Most sentences when the question asks for a list.")
    min_score: float = Field(
        0.45, description="Abstain when the best sentence scores below this (calibrated on the team's dev set)."
    )
    min_lexical: float = Field(0.0, description="Abstain when the best sentence covers less of the question.")
    see_also: int = Field(3, ge=0, le=10, description="Closest passages offered when abstaining.")
