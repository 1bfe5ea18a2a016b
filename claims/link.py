"""Link claims into topics (events) and score pairs across parties.

Linking is per document and incremental: a new document's claims join the topic whose
centroid and key entities fit best (within a few weeks of its date), or open a new one.
Pairs of claims from different parties inside one topic are scored by
:mod:`claims.contradict`.
"""

from __future__ import annotations

import re
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

import numpy as np

from claims.contradict import Weights, score_pair
from claims.models import Claim, ClaimPair, Document, StoredClaim
from claims.store import Store, TopicRow

LINK_THRESHOLD = 0.55
ENTITY_WEIGHT = 0.25
MAX_DAYS_APART = 21
SAME_EVENT_DAYS = 3
"""A document that names people or bodies joins a topic only if they share one of them, or
if both are about the same two parties and the document is dated within this many days of
the topic's latest article. Two rows between different countries, or between the same ones
months apart, are different events, and the wording diplomatic rows share ("X has nothing
to do with what happened in Y") took unrelated rows over ``LINK_THRESHOLD``: in the
benchmark corpus, 30% of the document pairs of different events, and a topic's centroid,
averaged over many such rows, came to look like any row (333 events became 8 topics)."""
SAME_EVENT_SIMILARITY = 0.9
"""Centroid cosine that joins a topic whatever the entities: nearly the same claims
("officials said the crossing at Kukuryki was closed" from either side)."""
COMMON_ENTITY_SHARE = 0.05
"""An entity among the key entities of at least this share of the topics (and of three)
ties nothing together, like a party: "European Union", "United Nations", an outlet."""
MIN_PAIR_SIMILARITY = 0.35
DUPLICATE_SIMILARITY = 0.9
MAX_PAIRS_PER_CLAIM = 20
MAX_CACHED_CLAIMS = 50_000
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
    """Pick the best existing topic for a document's claims, or None for a new one.

    A topic's score is the cosine of the centroids plus ``ENTITY_WEIGHT`` times the
    Jaccard overlap of their first ten entities; topics further than ``MAX_DAYS_APART``
    days away are skipped. A document naming people or bodies also skips the topics that
    share none of them (parties and the entities of many topics do not count, see
    ``COMMON_ENTITY_SHARE``), unless both are about the same two parties and it is dated
    within ``SAME_EVENT_DAYS`` of the topic's latest article, or the centroids are nearly
    the same (``SAME_EVENT_SIMILARITY``): entities and time separate
    events, embeddings alone merge events that share actors. The earliest of equally good
    topics wins.
    """
    near = [
        t
        for t in topics
        if t.centroid is not None
        and _days_apart(published, t.first_date, t.last_date) <= MAX_DAYS_APART
    ]
    if not near:
        return None, -1.0
    matrix = np.stack([t.centroid for t in near]).astype(np.float32, copy=False)
    norms = np.linalg.norm(matrix, axis=1)
    norms[norms == 0] = 1.0
    sims = (matrix @ np.asarray(centroid, dtype=np.float32)) / norms
    from claims.extract import party_names

    parties = party_names()
    generic = parties | _common_entities(topics)
    ents = set(entities[:10])
    named = bool(ents - generic)
    sides = _sides(entities, parties)
    best, best_score = None, -1.0
    for topic, sim in zip(near, sims.tolist(), strict=True):
        if sim + ENTITY_WEIGHT <= best_score:
            continue  # cannot win even with the same entities
        other = set(topic.entities[:10])
        if named and sim < SAME_EVENT_SIMILARITY and not (ents & other) - generic:
            latest = _days_apart(published, topic.last_date, topic.last_date)
            if not sides or sides != _sides(topic.entities, parties) or latest > SAME_EVENT_DAYS:
                continue  # nothing but the wording ties the document to this event
        jacc = len(ents & other) / len(ents | other) if ents | other else 0.0
        score = sim + ENTITY_WEIGHT * jacc
        if score > best_score:
            best, best_score = topic, score
    if best is not None and best_score >= LINK_THRESHOLD:
        return best, best_score
    return None, best_score


def _common_entities(topics: Sequence[TopicRow]) -> set[str]:
    """Entities among the key entities of many topics (see ``COMMON_ENTITY_SHARE``)."""
    counts = Counter(e for t in topics for e in set(t.entities[:10]))
    floor = max(3.0, COMMON_ENTITY_SHARE * len(topics))
    return {e for e, n in counts.items() if n >= floor}


def _sides(entities: Sequence[str], parties: frozenset[str]) -> frozenset[str]:
    """The two parties named most (the entities come most frequent first)."""
    return frozenset([e for e in entities if e in parties][:2])


class _TopicClaims:
    """One topic's claims in claim id order, with their vectors as one matrix."""

    def __init__(self, dimensions: int = 0) -> None:
        self.claims: list[StoredClaim] = []
        self._matrix = np.zeros((16, dimensions), dtype=np.float32)
        self._party = np.zeros(16, dtype=np.int64)  # code of the party, -1 for none
        self._speaker = np.zeros(16, dtype=np.int64)  # code of the lower-case speaker
        self._issue = np.zeros(16, dtype=np.int64)  # issue id, -1 for none
        self.index: dict[int, int] = {}  # claim id -> row
        self.by_text: dict[str, list[int]] = {}  # normalised text -> rows

    @property
    def matrix(self) -> np.ndarray:
        """The claims' vectors, row per claim."""
        return self._matrix[: len(self.claims)]

    @property
    def party(self) -> np.ndarray:
        """Party code per claim (-1: none)."""
        return self._party[: len(self.claims)]

    @property
    def speaker(self) -> np.ndarray:
        """Lower-case speaker code per claim."""
        return self._speaker[: len(self.claims)]

    @property
    def issue(self) -> np.ndarray:
        """Issue id per claim (-1: none yet)."""
        return self._issue[: len(self.claims)]

    def __len__(self) -> int:
        return len(self.claims)

    def add(self, claims: Sequence[StoredClaim], vectors: np.ndarray, codes: _Codes) -> None:
        """Append claims (re-sorting by id when they are not all newer)."""
        if not len(claims):
            return
        if not self.claims and self._matrix.shape[1] != vectors.shape[1]:
            self._matrix = np.zeros((len(self._matrix), vectors.shape[1]), dtype=np.float32)
        if self.claims and min(c.claim_id for c in claims) < self.claims[-1].claim_id:
            old = list(zip(self.claims, self.matrix.copy(), strict=True))
            merged = sorted(
                old + list(zip(claims, vectors, strict=True)), key=lambda cv: cv[0].claim_id
            )
            self.__init__(self._matrix.shape[1])  # type: ignore[misc]
            self.add([c for c, _ in merged], np.stack([v for _, v in merged]), codes)
            return
        n, k = len(self.claims), len(claims)
        if n + k > len(self._matrix):
            size = max(2 * len(self._matrix), n + k)
            self._matrix = _grow(self._matrix, size)
            self._party, self._speaker, self._issue = (
                _grow(a, size) for a in (self._party, self._speaker, self._issue)
            )
        self._matrix[n : n + k] = vectors
        for row, claim in enumerate(claims, start=n):
            self.claims.append(claim)
            self.index[claim.claim_id] = row
            self._party[row] = codes.of(claim.party)
            self._speaker[row] = codes.of((claim.speaker or "").lower())
            self._issue[row] = -1 if claim.issue_id is None else claim.issue_id
            self.by_text.setdefault(_normalise_text(claim.text), []).append(row)

    def update(self, claim: StoredClaim) -> None:
        """Replace a stored claim's row data (its first appearance moved)."""
        row = self.index[claim.claim_id]
        old = self.claims[row]
        self.claims[row] = claim
        if old.text != claim.text:
            rows = self.by_text.get(_normalise_text(old.text), [])
            if row in rows:
                rows.remove(row)
            bucket = self.by_text.setdefault(_normalise_text(claim.text), [])
            bucket.append(row)
            bucket.sort()

    def set_issue(self, claim_id: int, issue_id: int) -> None:
        """Record a claim's issue."""
        row = self.index[claim_id]
        self._issue[row] = issue_id
        self.claims[row] = replace(self.claims[row], issue_id=issue_id)


def _grow(array: np.ndarray, size: int) -> np.ndarray:
    out = np.zeros((size, *array.shape[1:]), dtype=array.dtype)
    out[: len(array)] = array
    return out


class _Codes:
    """Small integer codes for parties and speakers (vectorised equality tests)."""

    def __init__(self) -> None:
        self._codes: dict[str, int] = {}

    def of(self, name: str | None) -> int:
        if name is None:
            return -1
        return self._codes.setdefault(name, len(self._codes))


class LinkCache:
    """Topic claims and vectors kept in memory while one batch is linked.

    Linking a document reads its topic's claims; without a cache every document reads
    the whole topic again (several times), so the cost of a document grew with the size
    of its topic. Only linking may change the database while a cache is in use. Every
    change is written to the database too, so the topics used least recently are
    dropped once the cache holds more than ``max_claims`` claims, and read again when
    needed (an ingest of 10,000 articles kept all 150,000 claims otherwise).

    Args:
        store: The open database.
        max_claims: Claims kept in memory before old topics are dropped
            (``MAX_CACHED_CLAIMS`` by default).
    """

    def __init__(self, store: Store, max_claims: int | None = None) -> None:
        self.store = store
        self.codes = _Codes()
        self.max_claims = MAX_CACHED_CLAIMS if max_claims is None else max_claims
        self._topics: OrderedDict[int, _TopicClaims] = OrderedDict()

    def topic(self, topic_id: int) -> _TopicClaims:
        """A topic's claims (read from the database on first use)."""
        found = self._topics.get(topic_id)
        if found is not None:
            self._topics.move_to_end(topic_id)
        else:
            self._make_room()
            claims = self.store.claims_in_topic(topic_id)
            vecs = self.store.claim_vectors([c.claim_id for c in claims])
            found = _TopicClaims()
            kept = [c for c in claims if c.claim_id in vecs]
            if kept:
                found.add(kept, np.stack([vecs[c.claim_id] for c in kept]), self.codes)
            self._topics[topic_id] = found
        return found

    def new_topic(self, topic_id: int) -> None:
        """Start an empty topic (nothing to read)."""
        self._make_room()
        self._topics[topic_id] = _TopicClaims()

    def _make_room(self) -> None:
        """Drop the least recently used topics while the cache holds too many claims."""
        held = sum(len(t.claims) for t in self._topics.values())
        while held > self.max_claims and len(self._topics) > 1:
            _, dropped = self._topics.popitem(last=False)
            held -= len(dropped.claims)


@dataclass(frozen=True)
class LinkResult:
    """What linking one document did."""

    topic_id: int | None
    created_topic: bool
    claim_ids: tuple[int, ...]
    merged: int
    pairs: tuple[ClaimPair, ...]
    merged_rows: tuple[int, ...] = ()
    """Positions, in the claims given, of those that became appearances of stored claims."""


def _normalise_text(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


_EPS = 1e-5  # matrix products round differently from one dot product: recheck near a threshold


def _at_least(
    rows: np.ndarray, sims: np.ndarray, matrix: np.ndarray, vector: np.ndarray, threshold: float
) -> np.ndarray:
    """The rows whose cosine with ``vector`` is at least ``threshold``.

    ``sims`` (one matrix product) decides, except within ``_EPS`` of the threshold, where
    the cosine is computed as one dot product, exactly as pair by pair.
    """
    near = rows[np.abs(sims[rows] - threshold) < _EPS]
    keep = rows[sims[rows] >= threshold + _EPS]
    if len(near):
        exact = [r for r in near.tolist() if float(np.dot(vector, matrix[r])) >= threshold]
        keep = np.sort(np.concatenate([keep, np.asarray(exact, dtype=keep.dtype)]))
    return keep


def _find_duplicates(
    known: _TopicClaims, claims: Sequence[Claim], vectors: np.ndarray, codes: _Codes
) -> list[int | None]:
    """For each claim, the row of the first known claim it repeats, or None.

    The same claim relayed by another outlet: same party (same speaker when the party is
    unknown) and the same normalised text or a cosine of at least ``DUPLICATE_SIMILARITY``.
    """
    if not len(known):
        return [None] * len(claims)
    sims = known.matrix @ vectors.T
    found: list[int | None] = []
    for j, claim in enumerate(claims):
        same = known.party == codes.of(claim.party)
        if claim.party is None:
            same &= known.speaker == codes.of((claim.speaker or "").lower())
        rows = np.flatnonzero(same & (sims[:, j] > DUPLICATE_SIMILARITY - _EPS))
        rows = _at_least(rows, sims[:, j], known.matrix, vectors[j], DUPLICATE_SIMILARITY)
        first = int(rows[0]) if len(rows) else None
        for row in known.by_text.get(_normalise_text(claim.text), ()):
            if same[row] and (first is None or row < first):
                first = row
                break
        found.append(first)
    return found


def link_document(
    store: Store,
    doc_id: int,
    document: Document,
    claims: Sequence[Claim],
    vectors: np.ndarray,
    entities: Sequence[str],
    model_id: str,
    weights: Weights | None = None,
    cache: LinkCache | None = None,
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
        cache: Topic claims kept in memory across the documents of one batch; without
            one, each call reads its topic once.
    """
    if not claims:
        return LinkResult(None, False, (), 0, ())
    weights = weights or Weights.load()
    cache = cache or LinkCache(store)
    vectors = np.asarray(vectors, dtype=np.float32)
    centroid = _normalise(vectors.mean(axis=0))
    # The outlet's own name ("..., she told the Herald") is the article's, not the event's.
    entities = [e for e in entities if e != document.outlet] if document.outlet else entities
    topic, _ = choose_topic(store.topic_rows(), centroid, entities, document.published)
    fresh: list[int] = []
    merged = 0
    if topic is not None:
        known = cache.topic(topic.topic_id)
        repeats: list[tuple[int, Claim]] = []
        for n, row in enumerate(_find_duplicates(known, claims, vectors, cache.codes)):
            if row is None:
                fresh.append(n)
            else:
                repeats.append((known.claims[row].claim_id, claims[n]))
        for claim_id in store.add_appearances(doc_id, repeats, document, new_document=True):
            claim = dict(repeats)[claim_id]
            known.update(
                replace(
                    known.claims[known.index[claim_id]],
                    doc_id=doc_id,
                    text=claim.text,
                    cue=claim.cue,
                    outlet=document.outlet,
                    url=document.url,
                    published=document.published,
                )
            )
        merged = len(repeats)
    else:
        fresh = list(range(len(claims)))
    new_claims = [claims[n] for n in fresh]
    new_vecs = vectors[fresh] if fresh else np.zeros((0, vectors.shape[1]), dtype=np.float32)
    ids = store.add_claims(doc_id, new_claims, new_vecs, model_id, document)
    stored = [
        StoredClaim(
            cid, doc_id, c.text, c.speaker, c.party, c.cue, c.kind, None,
            document.outlet, document.url, document.published, None,
        )
        for cid, c in zip(ids, new_claims, strict=True)
    ]  # fmt: skip
    topic_id, created, pairs = _join_topic(
        store, cache, topic, stored, new_vecs, centroid, entities, document, weights
    )
    merged_rows = tuple(sorted(set(range(len(claims))) - set(fresh)))
    return LinkResult(topic_id, created, tuple(ids), merged, tuple(pairs), merged_rows)


def _join_topic(
    store: Store,
    cache: LinkCache,
    topic: TopicRow | None,
    members: Sequence[StoredClaim],
    vectors: np.ndarray,
    centroid: np.ndarray,
    entities: Sequence[str],
    document: Document,
    weights: Weights,
) -> tuple[int, bool, list[ClaimPair]]:
    """Put stored claims in ``topic`` (a new one when None), then pair and group them."""
    ids = [c.claim_id for c in members]
    topic_id, created = _save_topic(store, topic, centroid, entities, document, len(ids))
    store.set_topic(ids, topic_id)
    if created:
        cache.new_topic(topic_id)
    cache.topic(topic_id).add(
        [replace(c, topic_id=topic_id, issue_id=None) for c in members], vectors, cache.codes
    )
    return topic_id, created, _pair_and_group(store, topic_id, ids, weights, cache)


def _pair_and_group(
    store: Store,
    topic_id: int,
    ids: list[int],
    weights: Weights,
    cache: LinkCache | None = None,
) -> list[ClaimPair]:
    """Score the claims against the other parties' claims of the topic; assign issues."""
    cache = cache or LinkCache(store)
    pairs = score_new_pairs(store, topic_id, set(ids), weights, cache)
    store.add_pairs(pairs, new=True)  # new claims, or moved ones whose pairs were dropped
    assign_issues(store, topic_id, ids, pairs, cache)
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
    store: Store,
    topic_id: int,
    new_ids: Sequence[int],
    pairs: Sequence[ClaimPair],
    cache: LinkCache | None = None,
) -> None:
    """Put each new claim in a disputed point (issue) of its topic.

    A claim joins the issue of the most similar claim it contradicts or agrees with (the
    most similar, not the strongest pair: a sweeping denial clashes with many points);
    else the issue of the most similar claim of the topic (cosine at least
    ``ISSUE_SIMILARITY``); else it opens a new issue.
    """
    if not new_ids:
        return
    topic = (cache or LinkCache(store)).topic(topic_id)
    partners: dict[int, list[int]] = {}
    for pair in pairs:
        partners.setdefault(pair.claim_a, []).append(pair.claim_b)
        partners.setdefault(pair.claim_b, []).append(pair.claim_a)
    matrix = topic.matrix
    chosen: dict[int, int] = {}
    first_new: int | None = None
    opened: list[str] = []  # labels of the issues opened here, written at the end
    for cid in new_ids:
        row = topic.index[cid]
        issue = None
        grouped = [
            other_row
            for other in partners.get(cid, [])
            if (other_row := topic.index.get(other)) is not None and topic.issue[other_row] >= 0
        ]
        if grouped:
            # the closest partner; among equals the first paired
            closest = max(grouped, key=lambda other_row: float(matrix[other_row] @ matrix[row]))
            issue = int(topic.issue[closest])
        if issue is None:
            with_issue = np.flatnonzero(topic.issue >= 0)
            if len(with_issue):
                sims = matrix[with_issue] @ matrix[row]
                best = float(sims.max())
                if best > ISSUE_SIMILARITY - _EPS:
                    # the most similar (dot products near the top redone one by one); among
                    # equals the last, as a running ">=" maximum over the claims in order
                    best_sim = ISSUE_SIMILARITY
                    for other in with_issue[sims > best - 2 * _EPS].tolist():
                        sim = float(np.dot(matrix[row], matrix[other]))
                        if sim >= best_sim:
                            issue, best_sim = int(topic.issue[other]), sim
        if issue is None:
            if first_new is None:
                first_new = store.next_issue_id()
            issue = first_new + len(opened)
            opened.append(issue_label(topic.claims[row].text))
        topic.set_issue(cid, issue)
        chosen[cid] = issue
    if first_new is not None:
        store.add_issues(topic_id, first_new, opened)
    store.set_issues(chosen)


def relink(store: Store, weights: Weights | None = None) -> int:
    """Rebuild every topic, issue and pair from the stored claims, oldest document first.

    Returns:
        The number of topics.
    """
    weights = weights or Weights.load()
    store.clear_links()
    cache = LinkCache(store)
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
        _join_topic(store, cache, topic, stored, matrix, centroid, entities, document, weights)
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
    store: Store,
    topic_id: int,
    new_ids: set[int],
    weights: Weights,
    cache: LinkCache | None = None,
) -> list[ClaimPair]:
    """Score each new claim against the most related claims of other parties in its topic.

    Only claims on related points (cosine similarity at least ``MIN_PAIR_SIMILARITY``)
    are compared, and of those at most ``MAX_PAIRS_PER_CLAIM``, the most similar: the
    cost of a claim does not grow with the size of its topic. Every pair the scorer
    relates is kept.
    """
    topic = (cache or LinkCache(store)).topic(topic_id)
    n = len(topic)
    if not n:
        return []
    matrix = topic.matrix
    parties = topic.party
    ids = np.array([c.claim_id for c in topic.claims], dtype=np.int64)
    is_new = np.isin(ids, np.fromiter(new_ids, dtype=np.int64, count=len(new_ids)))
    found: dict[tuple[int, int], ClaimPair] = {}
    for row in np.flatnonzero(is_new & (parties >= 0)):
        a = topic.claims[row]
        sims = matrix @ matrix[row]
        ok = (parties >= 0) & (parties != parties[row]) & (sims > MIN_PAIR_SIMILARITY - _EPS)
        ok &= ~(is_new & (ids < ids[row]))  # a pair of new claims is scored once
        rows = _at_least(np.flatnonzero(ok), sims, matrix, matrix[row], MIN_PAIR_SIMILARITY)
        if len(rows) > MAX_PAIRS_PER_CLAIM:
            top = np.argpartition(-sims[rows], MAX_PAIRS_PER_CLAIM - 1)[:MAX_PAIRS_PER_CLAIM]
            rows = np.sort(rows[top])
        for other in rows.tolist():
            sim = float(np.dot(matrix[row], matrix[other]))
            pair = score_pair(a, topic.claims[other], sim, weights)
            if pair is not None:
                found[(pair.claim_a, pair.claim_b)] = pair
    return sorted(found.values(), key=lambda p: (p.relation, -p.score))
