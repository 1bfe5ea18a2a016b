"""The library's entry points: each CLI command calls one function from here.

``ingest`` runs the whole pipeline (read → extract → embed → store → link) and writes
everything in one transaction, so a failure leaves the database as it was. Writes go through
:meth:`Store.write`, which on a shared DuckLake runs the transaction again when another
writer committed first.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Literal

from claims.errors import InputError, NotFoundError
from claims.ingest import Metadata, read_sources
from claims.models import Document, ExtractedDocument, IngestResult, StoredClaim
from claims.store import Location, Store

if TYPE_CHECKING:  # pragma: no cover
    from concurrent.futures import Future

    import numpy as np

    from claims.embed import Embedder
    from claims.extract import Extractor

Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)`` callback for long runs."""


def _noop(stage: str, done: int, total: int) -> None:
    return None


def _weights(nli_model: str | Path | None):  # noqa: ANN202 - Weights
    """The bundled scorer weights, deciding with the NLI model in ``nli_model`` if given."""
    from claims.contradict import Weights

    return Weights.load().with_nli(nli_model)


def ingest(
    db_path: Location,
    sources: Sequence[str],
    meta: Metadata | None = None,
    *,
    extractor: Extractor | None = None,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
    stdin: BinaryIO | None = None,
    on_error: str = "stop",
    nli_model: str | Path | None = None,
    workers: int | Literal["auto"] = 0,
) -> IngestResult:
    """Ingest articles into a claims database.

    Parsing, embedding and linking overlap: chunks of documents are parsed (in worker
    processes for a large ingest), their claims embedded in a thread, and linked and
    written by this thread as soon as both are done, all inside one transaction. This
    process keeps BLAS, DuckDB and the embedder to one thread each meanwhile, so that the
    stages keep their cores.

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
        nli_model: Folder of an NLI cross-encoder that decides claim pairs instead of
            the bundled feature scorer.
        workers: Parsing processes beside this one (0, the default: parse here), or
            ``"auto"``: one per core (on two or more) when there are enough documents
            (:func:`claims.workers.auto_workers`). Workers are started with ``spawn``, so
            a script that asks for them needs the usual ``if __name__ == "__main__":``
            guard. A given ``extractor`` always runs in this process.

    Returns:
        Counts of what was added, and the time spent in each stage.

    Raises:
        InputError: An input cannot be read (nothing is written).
        DatabaseError: The database cannot be opened or written.
        WorkerError: A parsing process died (nothing is written).
    """
    started = time.perf_counter()
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
        if extractor is not None:
            workers = 0
        elif workers == "auto":
            from claims.workers import auto_workers

            workers = auto_workers(len(fresh))
        if extractor is None and not workers:
            from claims.extract import Extractor

            extractor = Extractor(aliases=store.party_aliases())
        if embedder is None:
            from claims.embed import default_embedder

            embedder = default_embedder()
        if hasattr(embedder, "sharing_cores"):
            embedder = embedder.sharing_cores()

        from claims.link import LinkCache, link_document

        weights = _weights(nli_model)
        stream = _ClaimStream(store, extractor, embedder, fresh, progress, workers)

        def write() -> IngestResult:
            # Inside the transaction: another writer may have stored some of them meanwhile.
            taken = store.known_hashes([d.content_hash for d in fresh])
            n_docs = n_claims = n_pairs = n_topics = n_merged = n_done = 0
            cache = LinkCache(store)  # per attempt: a retried write starts from the database
            for items, vectors in stream:
                start = time.perf_counter()
                row = 0
                for item in items:
                    n_done += 1
                    doc_vectors = vectors[row : row + len(item.claims)]
                    row += len(item.claims)
                    if item.document.content_hash in taken:
                        continue
                    n_docs += 1
                    doc_id = store.add_document(item.document)
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
                    stream.remember_merged(
                        [item.claims[n].text for n in linked.merged_rows],
                        doc_vectors[list(linked.merged_rows)],
                    )
                    n_claims += len(linked.claim_ids)
                    n_merged += linked.merged
                    n_pairs += len(linked.pairs)
                    n_topics += int(linked.created_topic)
                    progress("store", n_done, len(fresh))
                stream.seconds["link"] += time.perf_counter() - start
            store.refresh_topic_counts()
            skipped = n_skipped + len(fresh) - n_docs
            return IngestResult(n_docs, skipped, n_claims, n_topics, n_pairs, n_merged, warnings)

        with stream, ExitStack() as limits:
            _share_cores(limits, store)
            result = store.write(write)
        stream.seconds["total"] = time.perf_counter() - started
        return replace(result, seconds=tuple(stream.seconds.items()))


def _share_cores(stack: ExitStack, store: Store) -> None:
    """Keep this process's libraries to one thread each during an ingest.

    The stages already run side by side (parsing, embedding, linking); idle BLAS,
    onnxruntime and DuckDB threads spun or woke on every small call and took the cores
    from them: 300 articles took 33 s of CPU in the main process instead of 17 s with a
    parsing worker, and 64 s instead of 50 s without one. The embedder gets its own
    single thread (:meth:`claims.embed_onnx.OnnxEmbedder.sharing_cores`).
    """
    from threadpoolctl import threadpool_limits

    stack.enter_context(threadpool_limits(limits=1))
    stack.enter_context(store.threads(1))


EXTRACT_CHUNK = 64
"""Documents parsed per call of the extractor: the parses of one chunk are held in memory,
and the claims of a chunk are embedded while the next chunk is parsed."""

WORKER_CHUNK = 16
"""Most documents per chunk sent to a worker process: smaller, so that the last chunk,
linked after all parsing is over, is short."""

MIN_WORKER_CHUNK = 4
"""Fewest documents per worker chunk (see :func:`worker_chunks`)."""


def worker_chunks(documents: Sequence[Document], workers: int) -> list[list[Document]]:
    """Cut documents into chunks for worker processes, shrinking toward the end.

    Each chunk takes a share of what is left (``remaining / (2 * workers)``, between
    :data:`MIN_WORKER_CHUNK` and :data:`WORKER_CHUNK` documents). Full-size chunks keep
    the per-chunk cost low; the small last ones let the workers finish together and leave
    little to embed and link once parsing is over (with 13 equal chunks on 2 workers, one
    worker idled for the whole last chunk).

    Args:
        documents: The documents, in order.
        workers: Number of worker processes.
    """
    chunks: list[list[Document]] = []
    start = 0
    while start < len(documents):
        remaining = len(documents) - start
        share = -(-remaining // (2 * max(1, workers)))
        size = max(MIN_WORKER_CHUNK, min(WORKER_CHUNK, share))
        chunks.append(list(documents[start : start + size]))
        start += size
    return chunks


class _ClaimStream:
    """The new documents' extractions and claim vectors, one chunk at a time, in order.

    Parsing runs ahead in worker processes (or in this thread when there are none), each
    chunk's claims are embedded in a thread, and a chunk is handed out once its vectors are
    there. On a shared DuckLake, iterating again (a retried write) replays the chunks
    already made, then goes on; a local file is never retried, so nothing is kept once
    handed out (10,000 articles held about a gigabyte of chunks and vectors). Vectors
    already stored for a text are reused, and each distinct text is embedded once.
    """

    def __init__(
        self,
        store: Store,
        extractor: Extractor | None,
        embedder: Embedder,
        documents: Sequence[Document],
        progress: Progress,
        workers: int,
    ) -> None:
        self.store = store
        self.extractor = extractor
        self.embedder = embedder
        self.documents = documents
        self.progress = progress
        self.workers = workers
        self.seconds = {"extract": 0.0, "embed": 0.0, "link": 0.0}
        self._made: list[tuple[list[ExtractedDocument], np.ndarray]] = []
        self._stack = ExitStack()
        self._live: Generator[tuple[list[ExtractedDocument], np.ndarray]] | None = None
        self._merged: dict[str, np.ndarray] = {}

    def __enter__(self) -> _ClaimStream:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._live is not None:
            self._live.close()
        self._stack.close()

    def __iter__(self) -> Iterator[tuple[list[ExtractedDocument], np.ndarray]]:
        if self._live is None:
            self._live = self._produce()
        if not self.store.lake:
            yield from self._live  # one pass: Store.write retries only on a DuckLake
            return
        n = 0
        while True:
            if n == len(self._made):
                try:
                    self._made.append(next(self._live))
                except StopIteration:
                    return
            yield self._made[n]
            n += 1

    def remember_merged(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Keep the vectors of claim texts that were linked as appearances, not stored.

        A text seen again later is then given the same vector, whether or not its first
        chunk was linked by the time the next one arrived. Otherwise it was embedded
        again, in another batch, and the int8 model's per-batch quantization moved its
        vector and its batch-mates' vectors: the same input could give another database.
        """
        for text, vector in zip(texts, vectors, strict=True):
            self._merged.setdefault(text, vector)

    def _extracted_chunks(self) -> Iterator[list[ExtractedDocument]]:
        names = self.store.speaker_names()
        if not names:
            yield from self._extracted()
            return
        parties = self.store.party_aliases()
        for items in self._extracted():
            yield [_renamed(item, names, parties) for item in items]

    def _extracted(self) -> Iterator[list[ExtractedDocument]]:
        if self.extractor is None:
            from claims.workers import ExtractionWorkers

            pool = self._stack.enter_context(
                ExtractionWorkers(self.workers, self.store.party_aliases())
            )
            for items in pool.extract(worker_chunks(self.documents, self.workers)):
                self.seconds["extract"] = pool.seconds
                yield items
            return
        size = EXTRACT_CHUNK
        chunks = [self.documents[i : i + size] for i in range(0, len(self.documents), size)]
        for chunk in chunks:
            start = time.perf_counter()
            items = list(self.extractor.extract_many(chunk))
            self.seconds["extract"] += time.perf_counter() - start
            yield items

    def _embed(self, texts: list[str]) -> np.ndarray:
        from claims.embed import embed_unique

        start = time.perf_counter()
        vectors = embed_unique(self.embedder, texts)
        self.seconds["embed"] += time.perf_counter() - start
        return vectors

    def _produce(self) -> Generator[tuple[list[ExtractedDocument], np.ndarray]]:
        import numpy as np

        vectors: dict[str, np.ndarray] = {}
        pending: deque[tuple[list[ExtractedDocument], list[str], Future[np.ndarray] | None]]
        pending = deque()
        n_extracted = n_embedded = n_missing = 0
        model_id = self.embedder.model_id

        def finish() -> tuple[list[ExtractedDocument], np.ndarray]:
            nonlocal n_embedded
            items, new, future = pending.popleft()
            if future is not None:
                vectors.update(zip(new, future.result(), strict=True))
                n_embedded += len(new)
                self.progress("embed", n_embedded, n_missing)
            texts = [c.text for item in items for c in item.claims]
            if not texts:
                return items, np.zeros((0, self.embedder.dimensions), dtype=np.float32)
            matrix = np.stack([vectors[t] for t in texts])
            # Forget what no queued chunk needs: once this chunk is linked, a text seen
            # again is found among the stored claims (Store.cached_vectors).
            queued = {c.text for group, _, _ in pending for item in group for c in item.claims}
            for text in set(texts) - queued:
                vectors.pop(text, None)
            return items, matrix

        from concurrent.futures import ThreadPoolExecutor

        pool = self._stack.enter_context(
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="claims-embed")
        )
        for items in self._extracted_chunks():
            n_extracted += len(items)
            self.progress("extract", n_extracted, len(self.documents))
            queued = {t for _, group, _ in pending for t in group}
            texts = {c.text for item in items for c in item.claims}
            new = sorted(t for t in texts if t not in vectors and t not in queued)
            if new:
                vectors.update(self.store.cached_vectors(new, model_id))
                merged = {t: self._merged[t] for t in new if t in self._merged}
                vectors.update({t: v for t, v in merged.items() if t not in vectors})
                new = [t for t in new if t not in vectors]
            n_missing += len(new)
            pending.append((items, new, pool.submit(self._embed, new) if new else None))
            # Hand out the oldest chunk once its vectors are there, or when one more is
            # already queued behind it: linking it overlaps the next chunk's embedding.
            while pending and (len(pending) > 1 or _done(pending[0][2])):
                yield finish()
        while pending:
            yield finish()


def _done(future: Future | None) -> bool:
    return future is None or future.done()


def search(
    db_path: Location,
    text: str,
    limit: int = 10,
    embedder: Embedder | None = None,
    mode: str = "vector",
    exact: bool = False,
) -> list[tuple[StoredClaim, float]]:
    """Claims matching ``text`` by meaning, words or both (see :func:`claims.search.search`)."""
    from claims.search import search as run_search

    return run_search(db_path, text, limit, embedder=embedder, mode=mode, exact=exact)


def build_search_index(
    db_path: Location,
    rebuild: bool = False,
    m: int | None = None,
    ef_construction: int | None = None,
) -> dict[str, int | None]:
    """Build or update the search index (see :func:`claims.search.build_index`)."""
    from claims.search import build_index

    return build_index(db_path, rebuild=rebuild, m=m, ef_construction=ef_construction)


def run_sql(db_path: Location, sql: str, as_of: str | None = None) -> tuple[list[str], list[tuple]]:
    """Run one SQL statement on a read-only connection.

    Args:
        db_path: The database.
        sql: One statement.
        as_of: DuckLake only: a snapshot id or a timestamp (``2026-11-23 09:00``) to query the
            database as it was then.
    """
    with Store.open(db_path, read_only=True, as_of=as_of) as store:
        return store.query(sql)


def migrate_to(db_path: Location, dest: Location) -> dict[str, int]:
    """Copy a claims database into an empty one elsewhere, ids and all.

    Typically a local DuckDB file into a new DuckLake for a team, or a DuckLake back into a
    file. The destination gets the same schema; every row is copied in one transaction.

    Returns:
        Rows copied per table.

    Raises:
        DatabaseError: The destination already holds claims, or the schemas differ.
    """
    with Store.open(db_path, read_only=True) as source:
        version = source.schema_version()
    with Store.open(dest) as store:
        return store.copy_from(db_path, version)


def list_topics(db_path: Location):  # noqa: ANN201 - list[Topic]
    """All topics, largest first."""
    with Store.open(db_path, read_only=True) as store:
        return store.topics()


def build_report(  # noqa: ANN201
    db_path: Location,
    topic_id: int | None = None,
    limit: int | None = None,
    full: bool = False,
    shown_only: bool = False,
):
    """The side-by-side report of one topic, or of the most disputed topics.

    Args:
        db_path: The database.
        topic_id: One topic; the most disputed topics first when None.
        limit: At most this many topics when ``topic_id`` is None (None or 0: all).
        full: Every claim and pair in the text and Markdown views (else the strongest).
        shown_only: Read only what the text and Markdown views show, not every claim and
            pair (no JSON then); see :meth:`claims.report.Report.from_store`.

    Raises:
        NotFoundError: ``topic_id`` does not exist.
    """
    from claims.report import Report

    with Store.open(db_path, read_only=True) as store:
        return Report.from_store(store, topic_id, limit or None, full, shown_only)


def list_speakers(  # noqa: ANN201 - tuple[list[Speaker], int]
    db_path: Location, party: str | None = None, no_party: bool = False, limit: int | None = None
):
    """Speakers with their party, most claims first, and how many there are in all.

    See :meth:`claims.store.Store.speakers`.
    """
    with Store.open(db_path, read_only=True) as store:
        return store.speakers(party, no_party, limit or None)


def show_claim(db_path: Location, claim_id: int):  # noqa: ANN201 - ClaimView
    """One claim in full: its passage in the article, appearances, pairs and verdicts.

    Raises:
        NotFoundError: No claim has this id.
    """
    from claims.report import ClaimView

    with Store.open(db_path, read_only=True) as store:
        return ClaimView.from_store(store, claim_id)


def set_party(
    db_path: Location, alias: str, party: str, nli_model: str | Path | None = None
) -> int:
    """Make a speaker name always speak for a party, including claims already stored.

    Contradiction pairs of the changed claims are scored again.

    Returns:
        How many stored claims changed party.
    """
    from claims.link import score_new_pairs

    if not alias.strip() or not party.strip():
        raise InputError("both a speaker name and a party are needed")
    weights = _weights(nli_model)

    def write(store: Store) -> int:
        changed = store.set_party_alias(alias, party.strip())
        for topic_id, ids in store.topics_of_claims(changed).items():
            store.add_pairs(score_new_pairs(store, topic_id, ids, weights))
        return len(changed)

    with Store.open(db_path) as store:
        return store.write(lambda: write(store))


def set_speaker_name(
    db_path: Location, alias: str, name: str, nli_model: str | Path | None = None
) -> int:
    """Correct a speaker's name, in stored claims and in every later ingest.

    "Poland's foreign minister" -> "Katarzyna Wrobel": the claims move to the name, and
    a party set for the name (``claims party set``) follows them.

    Returns:
        How many stored claims were renamed.

    Raises:
        InputError: A name is empty, or both are the same.
    """
    from claims.link import score_new_pairs

    alias, name = alias.strip(), name.strip()
    if not alias or not name:
        raise InputError("both the speaker as stored and the right name are needed")
    if alias == name:
        raise InputError("the two names are the same")
    weights = _weights(nli_model)

    def write(store: Store) -> int:
        renamed = store.set_speaker_name(alias, name)
        party = store.party_aliases().get(name.lower())
        if party is not None:
            changed = store.set_party_alias(name, party)
            for topic_id, ids in store.topics_of_claims(changed).items():
                store.add_pairs(score_new_pairs(store, topic_id, ids, weights))
        return len(renamed)

    with Store.open(db_path) as store:
        return store.write(lambda: write(store))


def speaker_names(db_path: Location) -> list[tuple[str, str]]:
    """The user's speaker name corrections, ``(alias, name)``."""
    with Store.open(db_path, read_only=True) as store:
        return store.speaker_name_rows()


def _renamed(
    extracted: ExtractedDocument, names: dict[str, str], parties: dict[str, str]
) -> ExtractedDocument:
    """Apply the user's speaker name corrections (and the names' parties) to new claims."""
    claims = []
    for claim in extracted.claims:
        name = names.get((claim.speaker or "").lower())
        if name is not None:
            claim = replace(claim, speaker=name, party=parties.get(name.lower(), claim.party))
        claims.append(claim)
    return replace(extracted, claims=tuple(claims))


def party_aliases(db_path: Location) -> list[tuple[str, str]]:
    """The user's party aliases."""
    with Store.open(db_path, read_only=True) as store:
        return store.party_alias_rows()


def relink(db_path: Location, nli_model: str | Path | None = None) -> int:
    """Rebuild every topic, issue and claim pair; return the number of topics."""
    from claims.link import relink as run_relink

    weights = _weights(nli_model)
    with Store.open(db_path) as store:
        return store.write(lambda: run_relink(store, weights))


def merge_topics(
    db_path: Location, into: int, other: int, nli_model: str | Path | None = None
) -> int:
    """Merge topic ``other`` into topic ``into``; return how many claims moved.

    Raises:
        NotFoundError: Either topic does not exist.
    """
    from claims.link import merge_topics as run_merge

    if into == other:
        raise InputError("give two different topics")
    weights = _weights(nli_model)

    def write(store: Store) -> int:
        for topic_id in (into, other):
            if store.topic(topic_id) is None:
                raise NotFoundError(f"no topic {topic_id}; `claims topics` lists them")
        return run_merge(store, into, other, weights)

    with Store.open(db_path) as store:
        return store.write(lambda: write(store))


def move_claims(
    db_path: Location,
    claim_ids: Sequence[int],
    topic_id: int | None,
    nli_model: str | Path | None = None,
) -> int:
    """Move claims to a topic, or split them into a new one (``topic_id`` None).

    Returns:
        The topic the claims are now in.

    Raises:
        NotFoundError: A claim or the topic does not exist.
    """
    from claims.link import move_claims as run_move

    if not claim_ids:
        raise InputError("give at least one claim id")
    weights = _weights(nli_model)

    def write(store: Store) -> int:
        for claim_id in claim_ids:
            if store.claim(claim_id) is None:
                raise NotFoundError(f"no claim {claim_id}")
        if topic_id is not None and store.topic(topic_id) is None:
            raise NotFoundError(f"no topic {topic_id}; `claims topics` lists them")
        return run_move(store, list(claim_ids), topic_id, weights)

    with Store.open(db_path) as store:
        return store.write(lambda: write(store))


def delete_claims(db_path: Location, claim_ids: Sequence[int]) -> int:
    """Delete claims that are not claims (a caption, a misread sentence), for good.

    Their appearances and contradiction/agreement pairs go with them, and the topic and
    issue counts follow. Ingesting the same article again does not bring them back (the
    article is already stored).

    Returns:
        How many claims were deleted.

    Raises:
        NotFoundError: A claim does not exist.
        InputError: No id, or a claim has a verdict (a fact-checker's rating is not
            thrown away with it).
    """
    ids = sorted(set(claim_ids))
    if not ids:
        raise InputError("give at least one claim id")

    def write(store: Store) -> int:
        for claim_id in ids:
            if store.claim(claim_id) is None:
                raise NotFoundError(f"no claim {claim_id}")
            if store.verdicts_of_claim(claim_id):
                raise InputError(
                    f"claim {claim_id} has a verdict; it is kept (see `claims claim show "
                    f"{claim_id}`)"
                )
        store.delete_claims(ids)
        return len(ids)

    with Store.open(db_path) as store:
        return store.write(lambda: write(store))


def add_verdict(
    db_path: Location, claim_id: int, rating: str, note: str | None, reviewer: str | None
) -> int:
    """Store a fact-checker's rating of a claim; return the verdict id.

    Raises:
        NotFoundError: The claim does not exist.
    """
    if not rating.strip():
        raise InputError("the rating cannot be empty")

    def write(store: Store) -> int:
        if store.claim(claim_id) is None:
            raise NotFoundError(f"no claim {claim_id}")
        return store.add_verdict(claim_id, rating.strip(), note, reviewer)

    with Store.open(db_path) as store:
        return store.write(lambda: write(store))


def export(db_path: Location, fmt: str, topic_id: int | None = None) -> str:
    """Export claims as ClaimReview JSON-LD, JSONL, CSV, Markdown or HTML."""
    from claims.export import export as run_export

    with Store.open(db_path, read_only=True) as store:
        return run_export(store, fmt, topic_id)


def examples_dir() -> Path:
    """The bundled example articles (installed copy or source tree)."""
    installed = Path(__file__).resolve().parent / "_examples" / "articles"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "examples" / "articles"


@dataclass(frozen=True)
class DemoResult:
    """What ``claims demo`` did: the ingest counts and the report."""

    ingest: IngestResult
    report: object


def demo(
    db_path: Location, progress: Progress | None = None, embedder: Embedder | None = None
) -> DemoResult:
    """Ingest the bundled example articles and build the report."""
    folder = examples_dir()
    if not folder.is_dir():
        raise NotFoundError(f"the bundled examples are missing ({folder})")
    result = ingest(db_path, [str(folder)], progress=progress, embedder=embedder)
    return DemoResult(result, build_report(db_path))
