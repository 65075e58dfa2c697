"""The ingest package's exceptions."""


class IngestFailure(Exception):
    """Base class of ingest errors."""


class BadInput(IngestFailure):
    """A file or record that cannot be ingested; the message says why."""


class MissingDependency(IngestFailure):
    """An optional package is missing; the message says how to install it."""
