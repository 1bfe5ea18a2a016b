"""Link claims into topics (events) and score pairs across parties.

Linking is per document and incremental: a new document's claims join the topic whose
centroid and key entities fit best (within a few weeks of its date), or open a new one.
Pairs of claims from different parties inside one topic are scored by
:mod:`claims.contradict`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np

from claims.contradict import Weights, score_pair
from claims.models import ClaimPair, Document
from claims.store import Store, TopicRow

LINK_THRESHOLD = 0.55
ENTITY_WEIGHT = 0.25
MAX_DAYS_APART = 21
MIN_PAIR_SIMILARITY = 0.35


def _normalise(v: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(v))
    return v / norm if norm else v


def _days_apart(a: date | None, first: date | None, last: date | None) -> int:
    if a is None or first is None or last is None:
        return 0
    if first <= a <= last:
        return 0
    return min(abs((a - first).days), abs((a - last).days))


def topic_label(entities: Sequence[str], document: Document) -> str:
    """A readable topic label: key entities and a short phrase from the title or lead."""
    people = [e for e in entities[:6]]
    head = ", ".join(people[:3])
    phrase = (document.title or document.text.strip().split("\n", 1)[0]).strip()
    if len(phrase) > 70:
        phrase = phrase[:67].rsplit(" ", 1)[0] + "…"
    when = f" ({document.published:%d %b %Y})" if document.published else ""
    return f"{head}: {phrase}{when}" if head else f"{phrase}{when}"


def choose_topic(
    topics: Sequence[TopicRow],
    centroid: np.ndarray,
    entities: Sequence[str],
    published: date | None,
) -> tuple[TopicRow | None, float]:
    """Pick the best existing topic for a document's claims, or None for a new one."""
    best, best_score = None, -1.0
    ents = set(entities[:10])
    for topic in topics:
        if topic.centroid is None:
            continue
        if _days_apart(published, topic.first_date, topic.last_date) > MAX_DAYS_APART:
            continue
        sim = float(np.dot(centroid, _normalise(topic.centroid)))
        other = set(topic.entities[:10])
        jacc = len(ents & other) / len(ents | other) if ents | other else 0.0
        score = sim + ENTITY_WEIGHT * jacc
        if score > best_score:
            best, best_score = topic, score
    if best is not None and best_score >= LINK_THRESHOLD:
        return best, best_score
    return None, best_score


def link_document(
    store: Store,
    document: Document,
    claim_ids: Sequence[int],
    vectors: np.ndarray,
    entities: Sequence[str],
    weights: Weights | None = None,
) -> tuple[int | None, bool, list[ClaimPair]]:
    """Attach one stored document's claims to a topic and score new cross-party pairs.

    Args:
        store: Open database (inside the ingest transaction).
        document: The document the claims come from.
        claim_ids: Ids of its stored claims.
        vectors: Their embeddings, row per claim.
        entities: The document's key entities, most frequent first.
        weights: Scorer weights; the bundled ones by default.

    Returns:
        ``(topic_id, created, pairs)``: the topic used (None when there are no claims),
        whether it is new, and the pairs added.
    """
    if not claim_ids:
        return None, False, []
    weights = weights or Weights.load()
    centroid = _normalise(np.asarray(vectors, dtype=np.float32).mean(axis=0))
    topic, _ = choose_topic(store.topic_rows(), centroid, entities, document.published)
    n_new = len(claim_ids)
    if topic is None:
        row = TopicRow(
            topic_id=0,
            label=topic_label(entities, document),
            n_claims=n_new,
            centroid=centroid,
            entities=tuple(entities[:10]),
            first_date=document.published,
            last_date=document.published,
        )
        created = True
    else:
        old = topic.centroid if topic.centroid is not None else centroid
        merged = _normalise(old * topic.n_claims + centroid * n_new)
        ents = list(topic.entities) + [e for e in entities if e not in topic.entities]
        dates = [d for d in (topic.first_date, topic.last_date, document.published) if d]
        row = TopicRow(
            topic_id=topic.topic_id,
            label=topic.label,
            n_claims=topic.n_claims + n_new,
            centroid=merged,
            entities=tuple(ents[:10]),
            first_date=min(dates) if dates else None,
            last_date=max(dates) if dates else None,
        )
        created = False
    topic_id = store.save_topic(row)
    store.set_topic(claim_ids, topic_id)
    pairs = score_new_pairs(store, topic_id, set(claim_ids), weights)
    store.add_pairs(pairs)
    return topic_id, created, pairs


def score_new_pairs(
    store: Store, topic_id: int, new_ids: set[int], weights: Weights
) -> list[ClaimPair]:
    """Pair each new claim with its strongest counterpart from another party.

    Only claims on the same point (cosine similarity at least ``MIN_PAIR_SIMILARITY``)
    are compared; each new claim keeps its best contradiction and its best agreement.
    """
    claims = [c for c in store.claims_in_topic(topic_id) if c.party]
    vecs = store.claim_vectors([c.claim_id for c in claims])
    best: dict[tuple[int, str], ClaimPair] = {}
    for a in claims:
        if a.claim_id not in new_ids:
            continue
        for b in claims:
            if a.party == b.party or (b.claim_id in new_ids and b.claim_id < a.claim_id):
                continue
            sim = float(np.dot(vecs[a.claim_id], vecs[b.claim_id]))
            if sim < MIN_PAIR_SIMILARITY:
                continue
            pair = score_pair(a, b, sim, weights)
            if pair is None:
                continue
            key = (a.claim_id, pair.relation)
            if key not in best or pair.score > best[key].score:
                best[key] = pair
    unique = {(p.claim_a, p.claim_b): p for p in best.values()}
    return sorted(unique.values(), key=lambda p: (p.relation, -p.score))
