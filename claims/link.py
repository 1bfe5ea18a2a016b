"""Link claims into topics (events) and score pairs across parties.

Linking is per document and incremental: a new document's claims join the topic whose
centroid and key entities fit best (within a few weeks of its date), or open a new one.
Pairs of claims from different parties inside one topic are scored by
:mod:`claims.contradict`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from claims.contradict import Weights, score_pair
from claims.models import Claim, ClaimPair, Document, StoredClaim
from claims.store import Store, TopicRow

LINK_THRESHOLD = 0.55
ENTITY_WEIGHT = 0.25
MAX_DAYS_APART = 21
MIN_PAIR_SIMILARITY = 0.35
DUPLICATE_SIMILARITY = 0.9
ISSUE_SIMILARITY = 0.6


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


@dataclass(frozen=True)
class LinkResult:
    """What linking one document did."""

    topic_id: int | None
    created_topic: bool
    claim_ids: tuple[int, ...]
    merged: int
    pairs: tuple[ClaimPair, ...]


def _same_claim(
    claim: Claim, vector: np.ndarray, other: StoredClaim, other_vec: np.ndarray
) -> bool:
    """The same claim relayed by another outlet: same party and near-identical text."""
    if claim.party != other.party:
        return False
    if claim.party is None and (claim.speaker or "").lower() != (other.speaker or "").lower():
        return False
    if _normalise_text(claim.text) == _normalise_text(other.text):
        return True
    return float(np.dot(vector, other_vec)) >= DUPLICATE_SIMILARITY


def _normalise_text(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def link_document(
    store: Store,
    doc_id: int,
    document: Document,
    claims: Sequence[Claim],
    vectors: np.ndarray,
    entities: Sequence[str],
    model_id: str,
    weights: Weights | None = None,
) -> LinkResult:
    """Store one document's claims and attach them to a topic and to issues.

    Claims already known in the chosen topic (same party, near-identical text) become
    new appearances of the stored claim instead of new claims. New claims are scored
    against the other parties' claims of the topic, then grouped into issues.

    Args:
        store: Open database (inside the ingest transaction).
        doc_id: The stored document's id.
        document: The document the claims come from.
        claims: Its extracted claims.
        vectors: Their embeddings, row per claim.
        entities: The document's key entities, most frequent first.
        model_id: Which embedder made the vectors.
        weights: Scorer weights; the bundled ones by default.
    """
    if not claims:
        return LinkResult(None, False, (), 0, ())
    weights = weights or Weights.load()
    vectors = np.asarray(vectors, dtype=np.float32)
    centroid = _normalise(vectors.mean(axis=0))
    topic, _ = choose_topic(store.topic_rows(), centroid, entities, document.published)
    fresh: list[int] = []
    merged = 0
    if topic is not None:
        known = store.claims_in_topic(topic.topic_id)
        known_vecs = store.claim_vectors([c.claim_id for c in known])
        for n, (claim, vector) in enumerate(zip(claims, vectors, strict=True)):
            dup = next(
                (k for k in known if _same_claim(claim, vector, k, known_vecs[k.claim_id])), None
            )
            if dup is None:
                fresh.append(n)
            else:
                store.add_appearance(dup.claim_id, doc_id, claim, document)
                merged += 1
    else:
        fresh = list(range(len(claims)))
    new_claims = [claims[n] for n in fresh]
    new_vecs = vectors[fresh] if fresh else np.zeros((0, vectors.shape[1]), dtype=np.float32)
    ids = store.add_claims(doc_id, new_claims, new_vecs, model_id, document)
    topic_id, created, pairs = _join_topic(store, topic, ids, centroid, entities, document, weights)
    return LinkResult(topic_id, created, tuple(ids), merged, tuple(pairs))


def _join_topic(
    store: Store,
    topic: TopicRow | None,
    ids: list[int],
    centroid: np.ndarray,
    entities: Sequence[str],
    document: Document,
    weights: Weights,
) -> tuple[int, bool, list[ClaimPair]]:
    """Put stored claims in ``topic`` (a new one when None), then pair and group them."""
    topic_id, created = _save_topic(store, topic, centroid, entities, document, len(ids))
    store.set_topic(ids, topic_id)
    return topic_id, created, _pair_and_group(store, topic_id, ids, weights)


def _pair_and_group(
    store: Store, topic_id: int, ids: list[int], weights: Weights
) -> list[ClaimPair]:
    """Score the claims against the other parties' claims of the topic; assign issues."""
    pairs = score_new_pairs(store, topic_id, set(ids), weights)
    store.add_pairs(pairs)
    assign_issues(store, topic_id, ids, pairs)
    return pairs


def _save_topic(
    store: Store,
    topic: TopicRow | None,
    centroid: np.ndarray,
    entities: Sequence[str],
    document: Document,
    n_new: int,
) -> tuple[int, bool]:
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
        return store.save_topic(row), True
    old = topic.centroid if topic.centroid is not None else centroid
    merged = _normalise(old * max(topic.n_claims, 1) + centroid * max(n_new, 1))
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
    return store.save_topic(row), False


def issue_label(text: str) -> str:
    """A short label for an issue, from the claim that opened it."""
    words = text.split()
    return " ".join(words[:12]) + ("…" if len(words) > 12 else "")


def assign_issues(
    store: Store, topic_id: int, new_ids: Sequence[int], pairs: Sequence[ClaimPair]
) -> None:
    """Put each new claim in a disputed point (issue) of its topic.

    A claim joins the issue of the most similar claim it contradicts or agrees with (the
    most similar, not the strongest pair: a sweeping denial clashes with many points);
    else the issue of the most similar claim of the topic (cosine at least
    ``ISSUE_SIMILARITY``); else it opens a new issue.
    """
    if not new_ids:
        return
    claims = {c.claim_id: c for c in store.claims_in_topic(topic_id)}
    vecs = store.claim_vectors(list(claims))
    issue_of = {cid: c.issue_id for cid, c in claims.items() if c.issue_id is not None}
    partners: dict[int, list[int]] = {}
    for pair in pairs:
        partners.setdefault(pair.claim_a, []).append(pair.claim_b)
        partners.setdefault(pair.claim_b, []).append(pair.claim_a)
    for cid in new_ids:
        issue = None
        grouped = [other for other in partners.get(cid, []) if other in issue_of]
        if grouped:
            closest = max(grouped, key=lambda other: float(np.dot(vecs[cid], vecs[other])))
            issue = issue_of[closest]
        if issue is None:
            best, best_sim = None, ISSUE_SIMILARITY
            for other, oid in issue_of.items():
                sim = float(np.dot(vecs[cid], vecs[other]))
                if sim >= best_sim:
                    best, best_sim = oid, sim
            issue = best
        if issue is None:
            issue = store.new_issue(topic_id, issue_label(claims[cid].text))
        store.set_issue([cid], issue)
        issue_of[cid] = issue


def relink(store: Store, weights: Weights | None = None) -> int:
    """Rebuild every topic, issue and pair from the stored claims, oldest document first.

    Returns:
        The number of topics.
    """
    weights = weights or Weights.load()
    store.clear_links()
    for doc_id, document in store.documents_in_order():
        stored = store.claims_of_document(doc_id)
        if not stored:
            continue
        ids = [c.claim_id for c in stored]
        vecs = store.claim_vectors(ids)
        matrix = np.stack([vecs[i] for i in ids])
        entities = document_entities(store, doc_id)
        centroid = _normalise(matrix.mean(axis=0))
        topic, _ = choose_topic(store.topic_rows(), centroid, entities, document.published)
        _join_topic(store, topic, ids, centroid, entities, document, weights)
    store.refresh_topic_counts()
    return len(store.topics())


def document_entities(store: Store, doc_id: int) -> list[str]:
    """Key entities of a stored document (speakers and parties of its claims)."""
    counts: dict[str, int] = {}
    for claim in store.claims_of_document(doc_id):
        for name in (claim.party, claim.speaker):
            if name:
                counts[name] = counts.get(name, 0) + 1
    return sorted(counts, key=lambda k: (-counts[k], k))


def merge_topics(store: Store, into: int, other: int, weights: Weights | None = None) -> int:
    """Move every claim of topic ``other`` into topic ``into`` and delete ``other``.

    Returns:
        How many claims moved.
    """
    moved = [c.claim_id for c in store.claims_in_topic(other)]
    return _move(store, moved, into, weights, drop_topic=other)


def move_claims(
    store: Store, claim_ids: Sequence[int], topic_id: int | None, weights: Weights | None = None
) -> int:
    """Move claims to a topic (a new one when ``topic_id`` is None); return the topic id."""
    if topic_id is None:
        first = store.claim(claim_ids[0])
        label = issue_label(first.text) if first else "split topic"
        vecs = store.claim_vectors(claim_ids)
        centroid = _normalise(np.stack(list(vecs.values())).mean(axis=0))
        topic_id = store.save_topic(
            TopicRow(0, f"Split: {label}", len(claim_ids), centroid, (), None, None)
        )
    _move(store, list(claim_ids), topic_id, weights)
    return topic_id


def _move(
    store: Store,
    claim_ids: list[int],
    topic_id: int,
    weights: Weights | None,
    drop_topic: int | None = None,
) -> int:
    weights = weights or Weights.load()
    store.move_claims(claim_ids, topic_id)
    if drop_topic is not None:
        store.delete_topic(drop_topic)
    _pair_and_group(store, topic_id, claim_ids, weights)
    store.refresh_topic_counts()
    return len(claim_ids)


def score_new_pairs(
    store: Store, topic_id: int, new_ids: set[int], weights: Weights
) -> list[ClaimPair]:
    """Score each new claim against every claim of another party in its topic.

    Only claims on related points (cosine similarity at least ``MIN_PAIR_SIMILARITY``)
    are compared; every pair the scorer relates is kept.
    """
    claims = [c for c in store.claims_in_topic(topic_id) if c.party]
    vecs = store.claim_vectors([c.claim_id for c in claims])
    found: dict[tuple[int, int], ClaimPair] = {}
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
            if pair is not None:
                found[(pair.claim_a, pair.claim_b)] = pair
    return sorted(found.values(), key=lambda p: (p.relation, -p.score))
