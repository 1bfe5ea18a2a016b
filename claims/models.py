"""Small frozen dataclasses passed between pipeline stages."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date


def content_hash(text: str) -> str:
    """Return the SHA-256 hex digest identifying a text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Document:
    """One article as ingested; ``text`` is what every claim offset points into.

    Attributes:
        text: The article's main text (normalised newlines, boilerplate kept in place).
        url: Where the article was published, if known.
        outlet: The publishing outlet, if known.
        published: Publication date, if known.
        title: Headline, if known.
        path: The file it was read from (``-`` for stdin), if any.
    """

    text: str
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    title: str | None = None
    path: str | None = None

    @property
    def content_hash(self) -> str:
        """SHA-256 of the text: the same article ingested twice has the same hash."""
        return content_hash(self.text)


@dataclass(frozen=True)
class Span:
    """A half-open character range ``[start, end)`` into a document's text."""

    start: int
    end: int

    def slice(self, text: str) -> str:
        """Return the characters this span covers in ``text``."""
        return text[self.start : self.end]


@dataclass(frozen=True)
class Claim:
    """An assertion attributed to a speaker, with offsets into its document.

    Attributes:
        text: The content of the claim (what was said), equal to ``content.slice(doc.text)``.
        content: Span of the content.
        speaker: The speaker as resolved (fullest name known in the document), or None.
        speaker_span: Where the speaker is mentioned for this claim, if mentioned.
        cue: The attribution cue as written ("said", "according to", ...).
        cue_span: Where the cue is. It may share words with the content when the
            stance is in them ("expressed deep concern about" / "deep concern about X").
        kind: ``direct``, ``indirect``, ``according_to`` or ``mixed``.
        party: Country or organisation the speaker speaks for, or None when unknown.
    """

    text: str
    content: Span
    speaker: str | None
    speaker_span: Span | None
    cue: str
    cue_span: Span
    kind: str
    party: str | None = None


@dataclass(frozen=True)
class ExtractedDocument:
    """A document with the claims found in it and its key entities."""

    document: Document
    claims: tuple[Claim, ...]
    entities: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class StoredClaim:
    """A claim as read back from the database, with where it came from."""

    claim_id: int
    doc_id: int
    text: str
    speaker: str | None
    party: str | None
    cue: str
    kind: str
    topic_id: int | None
    outlet: str | None
    url: str | None
    published: date | None
    issue_id: int | None = None


@dataclass(frozen=True)
class Speaker:
    """A speaker as stored: how often, where and when they were quoted.

    Attributes:
        name: The resolved speaker (``claims.speaker``).
        party: The party those claims were given (a speaker given two parties is listed
            once per party: one of them is probably worth a ``claims party set``).
        claims: How many claims.
        articles: How many articles those claims appeared in.
        outlets: The outlets that published them, sorted.
        first: The earliest publication date of an appearance, if known.
        last: The latest, if known.
    """

    name: str
    party: str | None
    claims: int
    articles: int
    outlets: tuple[str, ...]
    first: date | None
    last: date | None


@dataclass(frozen=True)
class Topic:
    """One real-world event that claims are about."""

    topic_id: int
    label: str
    n_claims: int


@dataclass(frozen=True)
class ClaimPair:
    """Two claims from different parties in one topic, with their relation."""

    claim_a: int
    claim_b: int
    relation: str
    score: float
    reason: str


@dataclass(frozen=True)
class IngestResult:
    """What one ingest call added to the database."""

    documents: int
    skipped_duplicates: int
    claims: int
    topics: int
    pairs: int
    merged: int = 0
    warnings: tuple[str, ...] = ()
    seconds: tuple[tuple[str, float], ...] = field(default=(), compare=False)
    """Time per stage, as ``(stage, seconds)``: ``extract`` (parsing included; summed over
    worker processes when there are some), ``embed``, ``link`` (linking and writing, in
    this process) and ``total``. Stages overlap, so they can add up to more than ``total``."""
