"""Exceptions raised by the claims library.

Only the command-line layer turns these into user-facing messages; every message is
written to be shown on one line as it is.
"""


class ClaimsError(Exception):
    """Base class for every error the library raises on purpose."""


class InputError(ClaimsError):
    """An input file or stream cannot be ingested (binary, empty, malformed...)."""


class DatabaseError(ClaimsError):
    """The database cannot be opened or used (corrupt, not DuckDB, newer schema...)."""


class DatabaseLockedError(DatabaseError):
    """Another process holds the database's write lock."""


class ReadOnlyError(DatabaseError):
    """A write statement was sent through a read-only connection."""


class NotFoundError(ClaimsError):
    """A topic, claim or other object named by the user does not exist."""


class ModelError(ClaimsError):
    """A bundled model (spaCy or sentence-transformers) cannot be loaded."""


class WorkerError(ClaimsError):
    """A helper process (parallel extraction) stopped before finishing its work."""
