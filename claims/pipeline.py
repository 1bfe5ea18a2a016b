"""The library's entry points: each CLI command calls one function from here.

``ingest`` runs the whole pipeline (read → extract → embed → store → link) and writes
everything in one transaction, so a failure leaves the database as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from claims.errors import InputError, NotFoundError
from claims.ingest import Metadata, read_sources
from claims.models import Document, ExtractedDocument, IngestResult, StoredClaim
from claims.store import Store

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

    from claims.embed import Embedder
    from claims.extract import Extractor

Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)`` callback for long runs."""


def _noop(stage: str, done: int, total: int) -> None:
    return None


def ingest(
    db_path: str | Path,
    sources: Sequence[str],
    meta: Metadata | None = None,
    *,
    extractor: Extractor | None = None,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
    stdin: BinaryIO | None = None,
    on_error: str = "stop",
) -> IngestResult:
    """Ingest articles into a claims database.

    Args:
        db_path: The DuckDB file (created if missing).
        sources: Files, folders, or ``-`` for stdin.
        meta: Outlet, URL, date and title that fill what the inputs lack.
        extractor: Claim extractor; spaCy-based by default.
        embedder: Claim embedder; the bundled MiniLM by default.
        progress: Optional progress callback.
        stdin: Stream for ``-``.
        on_error: ``stop`` (a malformed JSONL line stops the ingest, nothing written) or
            ``skip`` (bad lines are skipped and reported in the result's warnings).

    Returns:
        Counts of what was added.

    Raises:
        InputError: An input cannot be read (nothing is written).
        DatabaseError: The database cannot be opened or written.
    """
    progress = progress or _noop
    skipped: list[str] | None = [] if on_error == "skip" else None
    documents = read_sources(sources, meta or Metadata(), stdin=stdin, skipped=skipped)
    warnings = tuple(skipped or ())
    with Store.open(db_path) as store:
        known = store.known_hashes([d.content_hash for d in documents])
        seen: set[str] = set(known)
        fresh = []
        for doc in documents:
            if doc.content_hash not in seen:
                seen.add(doc.content_hash)
                fresh.append(doc)
        n_skipped = len(documents) - len(fresh)
        if not fresh:
            return IngestResult(0, n_skipped, 0, 0, 0, warnings=warnings)
        if extractor is None:
            from claims.extract import Extractor

            extractor = Extractor(aliases=store.party_aliases())
        if embedder is None:
            from claims.embed import default_embedder

            embedder = default_embedder()
        extracted, vectors = _extract_and_embed(store, extractor, embedder, fresh, progress)

        from claims.link import LinkCache, Weights, link_document

        weights = Weights.load()
        n_claims = n_pairs = n_topics = n_merged = 0
        row = 0
        with store.transaction():
            cache = LinkCache(store)
            for n, item in enumerate(extracted, start=1):
                doc_id = store.add_document(item.document)
                k = len(item.claims)
                doc_vectors = vectors[row : row + k]
                row += k
                linked = link_document(
                    store,
                    doc_id,
                    item.document,
                    item.claims,
                    doc_vectors,
                    item.entities,
                    embedder.model_id,
                    weights,
                    cache,
                )
                n_claims += len(linked.claim_ids)
                n_merged += linked.merged
                n_pairs += len(linked.pairs)
                n_topics += int(linked.created_topic)
                progress("store", n, len(extracted))
            store.refresh_topic_counts()
        return IngestResult(len(fresh), n_skipped, n_claims, n_topics, n_pairs, n_merged, warnings)


EXTRACT_CHUNK = 64
"""Documents parsed per call of the extractor: the parses of one chunk are held in memory,
and the claims of a chunk are embedded while the next chunk is parsed."""


def _extract_and_embed(
    store: Store,
    extractor: Extractor,
    embedder: Embedder,
    documents: Sequence[Document],
    progress: Progress,
) -> tuple[list[ExtractedDocument], np.ndarray]:
    """Extract claims chunk by chunk, embedding each chunk's claims in a second thread.

    Parsing (spaCy) and embedding (onnxruntime or torch) both spend most of their time
    outside the GIL, so they overlap. Vectors already stored for a text are reused, and
    each distinct text is embedded once.

    Returns:
        The extracted documents, and one vector row per claim in document order.
    """
    import numpy as np

    from claims.embed import embed_unique

    extracted: list[ExtractedDocument] = []
    vectors: dict[str, np.ndarray] = {}
    pending: list[tuple[list[str], Future[np.ndarray]]] = []
    n_embedded = n_missing = 0

    def collect(block: bool) -> None:
        nonlocal n_embedded
        while pending and (block or pending[0][1].done()):
            texts, future = pending.pop(0)
            for text, vec in zip(texts, future.result(), strict=True):
                vectors[text] = vec
            n_embedded += len(texts)
            progress("embed", n_embedded, n_missing)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="claims-embed") as pool:
        for start in range(0, len(documents), EXTRACT_CHUNK):
            chunk = documents[start : start + EXTRACT_CHUNK]
            texts: list[str] = []
            for item in extractor.extract_many(chunk):
                extracted.append(item)
                texts.extend(c.text for c in item.claims)
                progress("extract", len(extracted), len(documents))
            queued = {t for group, _ in pending for t in group}
            new = sorted({t for t in texts if t not in vectors and t not in queued})
            if new:
                vectors.update(store.cached_vectors(new, embedder.model_id))
                new = [t for t in new if t not in vectors]
            if new:
                n_missing += len(new)
                pending.append((new, pool.submit(embed_unique, embedder, new)))
            collect(block=False)
        collect(block=True)
    texts = [c.text for item in extracted for c in item.claims]
    if not texts:
        return extracted, np.zeros((0, embedder.dimensions), dtype=np.float32)
    return extracted, np.stack([vectors[t] for t in texts])


def search(
    db_path: str | Path, text: str, limit: int = 10, embedder: Embedder | None = None
) -> list[tuple[StoredClaim, float]]:
    """Claims most similar in meaning to ``text``."""
    if embedder is None:
        from claims.embed import default_embedder

        embedder = default_embedder()
    with Store.open(db_path, read_only=True) as store:
        vector = embedder.embed([text])[0]
        return store.search(vector, limit)


def run_sql(db_path: str | Path, sql: str) -> tuple[list[str], list[tuple]]:
    """Run one SQL statement on a read-only connection."""
    with Store.open(db_path, read_only=True) as store:
        return store.query(sql)


def list_topics(db_path: str | Path):  # noqa: ANN201 - list[Topic]
    """All topics, largest first."""
    with Store.open(db_path, read_only=True) as store:
        return store.topics()


def build_report(db_path: str | Path, topic_id: int | None = None):  # noqa: ANN201
    """The side-by-side report of one topic, or of every topic.

    Raises:
        NotFoundError: ``topic_id`` does not exist.
    """
    from claims.report import Report

    with Store.open(db_path, read_only=True) as store:
        return Report.from_store(store, topic_id)


def set_party(db_path: str | Path, alias: str, party: str) -> int:
    """Make a speaker name always speak for a party, including claims already stored.

    Contradiction pairs of the changed claims are scored again.

    Returns:
        How many stored claims changed party.
    """
    from claims.link import Weights, score_new_pairs

    if not alias.strip() or not party.strip():
        raise InputError("both a speaker name and a party are needed")
    with Store.open(db_path) as store, store.transaction():
        changed = store.set_party_alias(alias, party.strip())
        weights = Weights.load()
        for topic_id, ids in store.topics_of_claims(changed).items():
            store.add_pairs(score_new_pairs(store, topic_id, ids, weights))
        return len(changed)


def party_aliases(db_path: str | Path) -> list[tuple[str, str]]:
    """The user's party aliases."""
    with Store.open(db_path, read_only=True) as store:
        return store.party_alias_rows()


def relink(db_path: str | Path) -> int:
    """Rebuild every topic, issue and claim pair; return the number of topics."""
    from claims.link import relink as run_relink

    with Store.open(db_path) as store, store.transaction():
        return run_relink(store)


def merge_topics(db_path: str | Path, into: int, other: int) -> int:
    """Merge topic ``other`` into topic ``into``; return how many claims moved.

    Raises:
        NotFoundError: Either topic does not exist.
    """
    from claims.link import merge_topics as run_merge

    if into == other:
        raise InputError("give two different topics")
    with Store.open(db_path) as store, store.transaction():
        for topic_id in (into, other):
            if store.topic(topic_id) is None:
                raise NotFoundError(f"no topic {topic_id}; `claims topics` lists them")
        return run_merge(store, into, other)


def move_claims(db_path: str | Path, claim_ids: Sequence[int], topic_id: int | None) -> int:
    """Move claims to a topic, or split them into a new one (``topic_id`` None).

    Returns:
        The topic the claims are now in.

    Raises:
        NotFoundError: A claim or the topic does not exist.
    """
    from claims.link import move_claims as run_move

    if not claim_ids:
        raise InputError("give at least one claim id")
    with Store.open(db_path) as store, store.transaction():
        for claim_id in claim_ids:
            if store.claim(claim_id) is None:
                raise NotFoundError(f"no claim {claim_id}")
        if topic_id is not None and store.topic(topic_id) is None:
            raise NotFoundError(f"no topic {topic_id}; `claims topics` lists them")
        return run_move(store, list(claim_ids), topic_id)


def add_verdict(
    db_path: str | Path, claim_id: int, rating: str, note: str | None, reviewer: str | None
) -> int:
    """Store a fact-checker's rating of a claim; return the verdict id.

    Raises:
        NotFoundError: The claim does not exist.
    """
    if not rating.strip():
        raise InputError("the rating cannot be empty")
    with Store.open(db_path) as store, store.transaction():
        if store.claim(claim_id) is None:
            raise NotFoundError(f"no claim {claim_id}")
        return store.add_verdict(claim_id, rating.strip(), note, reviewer)


def export(db_path: str | Path, fmt: str, topic_id: int | None = None) -> str:
    """Export claims as ClaimReview JSON-LD, JSONL, CSV, Markdown or HTML."""
    from claims.export import export as run_export

    with Store.open(db_path, read_only=True) as store:
        return run_export(store, fmt, topic_id)


def examples_dir() -> Path:
    """The bundled example articles (installed copy or source tree)."""
    installed = Path(str(resources.files("claims"))) / "_examples" / "articles"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "examples" / "articles"


@dataclass(frozen=True)
class DemoResult:
    """What ``claims demo`` did: the ingest counts and the report."""

    ingest: IngestResult
    report: object


def demo(
    db_path: str | Path, progress: Progress | None = None, embedder: Embedder | None = None
) -> DemoResult:
    """Ingest the bundled example articles and build the report."""
    folder = examples_dir()
    if not folder.is_dir():
        raise NotFoundError(f"the bundled examples are missing ({folder})")
    result = ingest(db_path, [str(folder)], progress=progress, embedder=embedder)
    return DemoResult(result, build_report(db_path))
