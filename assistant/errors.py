"""The assistant package's exceptions."""


class AssistantFailure(Exception):
    """Base class of assistant errors."""


class QuoteMismatch(AssistantFailure):
    """A quote about to leave the assistant is not verbatim in its source."""


class LLMUnavailable(AssistantFailure):
    """The language model cannot be built or did not answer (missing package, server down)."""
