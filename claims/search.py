"""Searching claims: by meaning (vectors), by words (BM25) or both (hybrid).

The indexes live in a search index file beside the database (``claims.duckdb.search``,
see :meth:`claims.store.Store.attach_search_index`), so the database itself never holds an
index that needs an extension:

* vector search uses an HNSW index (DuckDB vss, cosine) once ``claims index`` has built
  it; without it every claim is compared (about 20 ms at 10k claims, 1 s at 100k, 4 s at
  1M on a busy 2-core machine, against 10-20 ms with the index). Claims ingested after
  the index was last updated are found by an exact scan of just those claims. A search
  never adds them to the HNSW index: DuckDB rewrites the whole index file when a changed
  HNSW index is checkpointed (12 s and the file doubling for 100 new claims on 100k), so
  that is left to ``claims index``.
* keyword search uses a BM25 index (DuckDB fts), built at the first keyword search and
  rebuilt by a search that finds claims newer than it (fts indexes do not update).
* hybrid search fuses the two rankings by reciprocal rank.

A search opens the database read-only; only the search index file is written, and when
another process holds it the search goes on with what it has.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from claims.errors import DatabaseError, InputError
from claims.models import StoredClaim
from claims.store import Location, Store

if TYPE_CHECKING:
    from claims.embed import Embedder

MODES = ("vector", "keyword", "hybrid")
"""Accepted values of :func:`search`'s ``mode``."""
RRF_K = 60
"""Rank offset of reciprocal rank fusion (the usual constant from Cormack et al., 2009)."""
HYBRID_DEPTH = 50
"""Each ranking fused by a hybrid search is at least this deep."""


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[tuple[StoredClaim, float]]], limit: int, k: int = RRF_K
) -> list[tuple[StoredClaim, float]]:
    """Fuse rankings: each claim scores the sum of ``1 / (k + rank)`` over the rankings.

    Args:
        rankings: Lists of ``(claim, score)``, best first (their scores are ignored).
        limit: How many claims to return.
        k: Rank offset; larger values flatten the difference between top ranks.

    Returns:
        ``(claim, fused score)``, best first; ties go to the lower claim id.
    """
    scores: dict[int, float] = {}
    claims: dict[int, StoredClaim] = {}
    for ranking in rankings:
        for rank, (claim, _) in enumerate(ranking, start=1):
            scores[claim.claim_id] = scores.get(claim.claim_id, 0.0) + 1.0 / (k + rank)
            claims[claim.claim_id] = claim
    best = sorted(scores, key=lambda cid: (-scores[cid], cid))[:limit]
    return [(claims[cid], scores[cid]) for cid in best]


def _refresh_keywords(store: Store, vss: bool) -> None:
    """Attach the search index read-only, first (re)building its BM25 part if stale.

    The BM25 part is stale when it is missing or older than the newest claims. When
    another process holds the search index, the search goes on with what it has.
    """
    if store.search_index_path() is None:
        return
    if store.attach_search_index(vss=vss):
        status = store.search_index_status()
        if status["texts"] == status["claims"]:
            return
    try:
        store.attach_search_index(write=True)
    except DatabaseError:  # in use by another process, or unreadable: do without
        pass
    else:
        store.build_keyword_index()
    store.attach_search_index(vss=vss)


def search(
    db_path: Location,
    text: str,
    limit: int = 10,
    embedder: Embedder | None = None,
    mode: str = "vector",
    exact: bool = False,
) -> list[tuple[StoredClaim, float]]:
    """Claims matching ``text``, best first, with their scores.

    Args:
        db_path: The claims database.
        text: What to look for.
        limit: How many claims to return.
        embedder: Embeds ``text`` (vector and hybrid modes); the default one if None.
        mode: ``vector`` (cosine similarity of meaning), ``keyword`` (BM25 over the claim
            words, no embedder loaded) or ``hybrid`` (reciprocal rank fusion of both).
        exact: Vector part: compare every claim instead of using the HNSW index.

    Returns:
        ``(claim, score)``: cosine similarity, BM25 score or fused score by mode.

    Raises:
        InputError: Unknown mode, or a limit below 1.
        DatabaseError: No database, or the keyword index cannot be built (locked).
    """
    if mode not in MODES:
        raise InputError(f"unknown search mode {mode!r} (choose {', '.join(MODES)})")
    if limit < 1:
        raise InputError("the number of results must be at least 1")
    with Store.open(db_path, read_only=True) as store:  # a missing database fails first
        vector = None
        if mode != "keyword":
            if embedder is None:
                from claims.embed import default_embedder

                embedder = default_embedder()
            vector = embedder.embed([text])[0]
        if mode == "vector":
            if not exact:
                store.attach_search_index()
            return store.search(vector, limit, exact=exact)
        if store.search_index_path() is None:
            raise InputError(
                f"{mode} search needs a search index file beside a local database; "
                "a DuckLake or in-memory database has vector search only"
            )
        _refresh_keywords(store, vss=mode == "hybrid" and not exact)
        if mode == "keyword":
            return store.keyword_search(text, limit)
        depth = max(limit, HYBRID_DEPTH)
        return reciprocal_rank_fusion(
            [store.search(vector, depth, exact=exact), store.keyword_search(text, depth)], limit
        )


def build_index(
    db_path: Location,
    rebuild: bool = False,
    m: int | None = None,
    ef_construction: int | None = None,
) -> dict[str, int | None]:
    """Build or update the search index: HNSW over claim vectors and BM25 over claim words.

    Args:
        db_path: The claims database.
        rebuild: Delete the search index file and build it anew (else only claims new
            since the last build are added to the HNSW index).
        m: HNSW links per node (a rebuild with other settings than the index has).
        ef_construction: HNSW candidate list size while building.

    Returns:
        :meth:`Store.search_index_status` afterwards.

    Raises:
        DatabaseLockedError: The database or its search index is in use by a writer.
    """
    from claims.store import HNSW_EF_CONSTRUCTION, HNSW_M

    with Store.open(db_path, read_only=True) as store:
        if store.search_index_path() is None:
            raise InputError(
                "a DuckLake or in-memory database has no search index (vector search scans)"
            )
        if rebuild:
            store.delete_search_index()
        store.attach_search_index(write=True)
        if rebuild or m is not None or ef_construction is not None:
            store.build_vector_index(m or HNSW_M, ef_construction or HNSW_EF_CONSTRUCTION)
        else:
            store.update_vector_index()
        status = store.search_index_status()
        if status["texts"] != status["claims"]:
            store.build_keyword_index()
        return store.search_index_status()
