"""The index package's exceptions."""


class IndexFailure(Exception):
    """Base class of index errors."""


class StoreUnavailable(IndexFailure):
    """The vector store cannot be opened or reached; the message says where and why."""


class ModelUnavailable(IndexFailure):
    """The embedding model cannot be loaded; the message says which and how to fix it."""


class UnknownDocument(IndexFailure):
    """No document has the given source id."""
