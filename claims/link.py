"""Link claims into topics (events) and score pairs across parties.

Linking is per document and incremental: a new document's claims join the topic whose
centroid and key entities fit best (within a few weeks of its date), or open a new one.
Pairs of claims from different parties inside one topic are scored for contradiction
and agreement with interpretable features; the ``reason`` names those that fired.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources

import numpy as np

from claims.models import ClaimPair, Document, StoredClaim
from claims.store import Store, TopicRow

LINK_THRESHOLD = 0.55
ENTITY_WEIGHT = 0.25
MAX_DAYS_APART = 21
MIN_PAIR_SIMILARITY = 0.35

_NEGATION = re.compile(r"\b(?:not|no|never|none|nothing|neither|nor|without|n't)\b|n't\b", re.I)
_DISPUTE = re.compile(
    r"\b(?:lies|lie|lying|liars?|false(?:ly)?|fake|fabricat\w*|baseless|groundless|untrue|"
    r"manipulat\w*|propaganda|disinformation|misinformation|den(?:y|ied|ies|ial)|"
    r"nonsense|absurd|slander\w*|distort\w*|provocation|no information|no evidence|"
    r"reject\w*|refut\w*)\b",
    re.I,
)
_ANTONYMS = [
    (re.compile(x, re.I), re.compile(y, re.I))
    for x, y in [
        (r"\bconfirm\w*", r"\bden(?:y|ied|ies|ial)\b"),
        (r"\baccept\w*", r"\breject\w*"),
        (r"\bagre(?:e|ed|es|eing)\b", r"\brefus\w*"),
        (r"\badmit\w*", r"\bden(?:y|ied|ies|ial)\b"),
        (r"\b(?<!not )involved\b", r"\bnot (?:been )?involved\b"),
        (r"\brequest\w*", r"\brefus\w*"),
        (r"\bwon\b", r"\blost\b"),
        (r"\bincrease\w*", r"\bdecrease\w*"),
        (r"\bopen(?:ed)?\b", r"\bclosed?\b"),
    ]
]
_NUMBER = re.compile(r"\b\d[\d,.]*\b")


@dataclass(frozen=True)
class Weights:
    """Weights of the pair scorer (``claims/data/scorer.json``)."""

    bias: float
    similarity: float
    negation_mismatch: float
    dispute_cue: float
    antonym: float
    number_mismatch: float
    opposing_parties: float
    agreement_min_similarity: float

    @classmethod
    def load(cls) -> Weights:
        """Load the bundled weights."""
        raw = json.loads((resources.files("claims") / "data" / "scorer.json").read_text())
        return cls(**{k: v for k, v in raw.items() if not k.startswith("_")})


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _normalise(v: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(v))
    return v / norm if norm else v


def pair_features(text_a: str, text_b: str, similarity: float) -> dict[str, float]:
    """Interpretable features of a claim pair.

    Args:
        text_a: First claim's text.
        text_b: Second claim's text.
        similarity: Cosine similarity of their embeddings.
    """
    neg_a = len(_NEGATION.findall(text_a)) % 2
    neg_b = len(_NEGATION.findall(text_b)) % 2
    antonym = any(
        (x.search(text_a) and y.search(text_b)) or (y.search(text_a) and x.search(text_b))
        for x, y in _ANTONYMS
    )
    nums_a, nums_b = set(_NUMBER.findall(text_a)), set(_NUMBER.findall(text_b))
    return {
        "similarity": similarity,
        "negation_mismatch": float(neg_a != neg_b),
        "dispute_cue": float(bool(_DISPUTE.search(text_a) or _DISPUTE.search(text_b))),
        "antonym": float(antonym),
        "number_mismatch": float(bool(nums_a and nums_b and nums_a != nums_b)),
        "opposing_parties": 1.0,
    }


def score_pair(
    a: StoredClaim, b: StoredClaim, similarity: float, weights: Weights
) -> ClaimPair | None:
    """Score two claims from different parties; None when neither relation holds."""
    feats = pair_features(a.text, b.text, similarity)
    z = weights.bias + sum(getattr(weights, k) * v for k, v in feats.items())
    contra = _sigmoid(z)
    fired = []
    if feats["dispute_cue"]:
        cue = _DISPUTE.search(a.text) or _DISPUTE.search(b.text)
        fired.append(f"dispute cue '{cue.group(0).lower()}'" if cue else "dispute cue")
    if feats["negation_mismatch"]:
        fired.append("one side negates")
    if feats["antonym"]:
        fired.append("opposite verbs")
    if feats["number_mismatch"]:
        fired.append("numbers differ")
    tail = f"opposing parties ({a.party} vs {b.party}); similarity {similarity:.2f}"
    first, second = sorted((a.claim_id, b.claim_id))
    if contra >= 0.5 and fired:
        return ClaimPair(
            first, second, "contradiction", round(contra, 3), "; ".join(fired + [tail])
        )
    if not fired and similarity >= weights.agreement_min_similarity:
        reason = (
            f"same point from both sides ({a.party} and {b.party}); similarity {similarity:.2f}"
        )
        return ClaimPair(first, second, "agreement", round(similarity, 3), reason)
    return None


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
