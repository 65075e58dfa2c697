"""Language models behind llama-index's LLM interface: local (in a child process), OpenAI-compatible or Ollama.

``make_llm`` builds the one named in the settings. Whatever goes wrong while building or
calling it (a missing optional package, an unreachable server, a model file that is not
there) is raised as ``LLMUnavailable`` with a message a user can act on; the assistant then
answers extractively and says so.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator, Sequence

from llama_index.core.base.llms.types import ChatMessage
from llama_index.core.llms import LLM

from assistant.errors import LLMUnavailable
from assistant.llm_child import ChildLLM
from assistant.llm_local import PACKAGED_LLM, LocalLLM, resolve_llm
from assistant.settings import AssistantSettings

__all__ = ["LLMS", "PACKAGED_LLM", "ChildLLM", "LocalLLM", "make_llm", "resolve_llm", "stream_reply"]


def _local(settings: AssistantSettings) -> LLM:
    return ChildLLM(
        model=settings.llm_model or PACKAGED_LLM,
        max_new_tokens=settings.llm_max_tokens,
        temperature=settings.llm_temperature,
        timeout=settings.llm_timeout,
    )


def _openai(settings: AssistantSettings) -> LLM:
    if importlib.util.find_spec("llama_index.llms.openai_like") is None:
        raise LLMUnavailable(
            "llm 'openai' needs llama-index-llms-openai-like; `pip install llama-index-llms-openai-like`"
        )
    if not settings.llm_base_url:
        raise LLMUnavailable("llm 'openai' needs a base URL (PRESSROOM_LLM_URL), such as http://localhost:8000/v1")
    from llama_index.llms.openai_like import OpenAILike

    return OpenAILike(
        model=settings.llm_model or "default",
        api_base=settings.llm_base_url,
        api_key=settings.llm_api_key or "unused",
        is_chat_model=True,
        context_window=8192,
        max_tokens=settings.llm_max_tokens,
        temperature=settings.llm_temperature,
        timeout=settings.llm_timeout,
        max_retries=0,
    )


def _ollama(settings: AssistantSettings) -> LLM:
    if importlib.util.find_spec("llama_index.llms.ollama") is None:
        raise LLMUnavailable("llm 'ollama' needs llama-index-llms-ollama; `pip install llama-index-llms-ollama`")
    from llama_index.llms.ollama import Ollama

    return Ollama(
        model=settings.llm_model or "llama3.2",
        base_url=settings.llm_base_url or "http://localhost:11434",
        request_timeout=settings.llm_timeout,
        temperature=settings.llm_temperature,
        context_window=8192,
    )


LLMS: dict[str, Callable[[AssistantSettings], LLM]] = {"local": _local, "openai": _openai, "ollama": _ollama}


def make_llm(settings: AssistantSettings) -> LLM:
    """Build the language model named by ``settings.llm``; the error lists the valid names."""
    try:
        factory = LLMS[settings.llm]
    except KeyError:
        raise LLMUnavailable(f"unknown llm {settings.llm!r}; choose one of {sorted(LLMS)}") from None
    return factory(settings)


def stream_reply(llm: LLM, messages: Sequence[ChatMessage], where: str) -> Iterator[str]:
    """The reply's text deltas; any failure of the model or its server becomes ``LLMUnavailable``."""
    try:
        for part in llm.stream_chat(list(messages)):
            if part.delta:
                yield part.delta
    except LLMUnavailable:
        raise
    except Exception as exc:  # noqa: BLE001 - servers fail in many library-specific ways
        reason = " ".join(str(exc).split())[:300] or type(exc).__name__
        raise LLMUnavailable(f"the language model at {where} did not answer: {reason}") from exc
