"""Linking against a real database: merging across outlets, issues, relink, corrections."""

from datetime import date

import duckdb
import numpy as np
import pytest

from claims.link import link_document, merge_topics, move_claims, relink
from claims.models import Claim, Document, Span
from claims.store import Store, migrations


def _claim(text, party, speaker="Spokesperson", offset=0):
    return Claim(
        text=text,
        content=Span(offset, offset + len(text)),
        speaker=speaker,
        speaker_span=None,
        cue="said",
        cue_span=Span(0, 4),
        kind="indirect",
        party=party,
    )


def _add(store, embedder, doc, claims, entities=("Poland", "Belarus")):
    doc_id = store.add_document(doc)
    vecs = embedder.embed([c.text for c in claims])
    return link_document(store, doc_id, doc, claims, vecs, list(entities), embedder.model_id)


def test_same_claim_from_two_outlets_is_one_claim_with_two_appearances(fresh_db, fake_embedder):
    text = "the call was requested by Minsk on Monday"
    later = Document(text="x" * 50, outlet="Ledger", published=date(2025, 3, 12), url="u2")
    earlier = Document(text="y" * 50, outlet="Herald", published=date(2025, 3, 11), url="u1")
    with fresh_db.transaction():
        first = _add(fresh_db, fake_embedder, later, [_claim(text, "Poland")])
        second = _add(fresh_db, fake_embedder, earlier, [_claim(text, "Poland", offset=3)])
    assert len(first.claim_ids) == 1 and second.claim_ids == () and second.merged == 1
    (cid,) = first.claim_ids
    apps = fresh_db.appearances([cid])[cid]
    assert [a[3] for a in apps] == ["Herald", "Ledger"]  # earliest first
    doc_id, start = fresh_db.con.execute(
        "SELECT doc_id, start_char FROM claims WHERE claim_id = ?", [cid]
    ).fetchone()
    assert (doc_id, start) == (apps[0][0], 3)  # claims.doc_id points at the first appearance


def test_other_party_same_words_is_not_merged(fresh_db, fake_embedder):
    text = "the call was requested by Minsk on Monday"
    with fresh_db.transaction():
        _add(fresh_db, fake_embedder, Document(text="a"), [_claim(text, "Poland")])
        res = _add(fresh_db, fake_embedder, Document(text="b"), [_claim(text, "Belarus")])
    assert len(res.claim_ids) == 1


def test_issues_relink_merge_and_move(fresh_db, fake_embedder):
    d1 = Document(text="a", published=date(2025, 3, 11), title="Depot fire call")
    d2 = Document(text="b", published=date(2025, 3, 11), title="Depot fire call")
    with fresh_db.transaction():
        r1 = _add(
            fresh_db,
            fake_embedder,
            d1,
            [_claim("there is no evidence linking Polish forces to the depot fire", "Poland")],
        )
        r2 = _add(
            fresh_db,
            fake_embedder,
            d2,
            [_claim("Polish forces organised the depot fire", "Belarus")],
        )
        fresh_db.refresh_topic_counts()
    assert r1.topic_id == r2.topic_id
    issues = fresh_db.issues_in_topic(r1.topic_id)
    assert issues and all(n >= 1 for _, _, n in issues)
    claims = fresh_db.claims_in_topic(r1.topic_id)
    assert all(c.issue_id is not None for c in claims)
    with fresh_db.transaction():
        n_topics = relink(fresh_db)
    assert n_topics == 1
    relinked = fresh_db.claims_in_topic(fresh_db.topics()[0].topic_id)
    assert {c.claim_id for c in relinked} == {c.claim_id for c in claims}
    with fresh_db.transaction():
        new_topic = move_claims(fresh_db, [claims[0].claim_id], None)
    assert fresh_db.claim(claims[0].claim_id).topic_id == new_topic
    assert len(fresh_db.topics()) == 2
    with fresh_db.transaction():
        moved = merge_topics(fresh_db, fresh_db.claim(claims[1].claim_id).topic_id, new_topic)
    assert moved == 1 and len(fresh_db.topics()) == 1
    assert fresh_db.topics()[0].n_claims == 2


def test_migration_0002_backfills_appearances(db_path):
    """Stop before 0002, write data in the old schema, then upgrade."""
    Store.open(db_path, migrate_to=1).close()
    con = duckdb.connect(str(db_path))
    con.execute(
        "INSERT INTO documents (doc_id, content_hash, text, outlet, published) "
        "VALUES (1, 'h', 'Minsk said the call went well.', 'Wire', DATE '2025-01-02')"
    )
    con.execute(
        "INSERT INTO claims (claim_id, doc_id, cue, kind, text, start_char, end_char, "
        "text_hash) VALUES (7, 1, 'said', 'indirect', 'the call went well', 11, 29, 'x')"
    )
    con.close()
    with Store.open(db_path) as store:
        assert store.schema_version() == max(v for v, _, _ in migrations())
        assert store.appearances([7]) == {7: [(1, 11, 29, "Wire", date(2025, 1, 2), None)]}
        assert store.claim(7).issue_id is None
    assert (db_path.parent / f"{db_path.name}.v1.bak").exists()  # backup before upgrading


def test_vectors_are_unit(fake_embedder):
    v = fake_embedder.embed(["a b c"])
    assert np.linalg.norm(v[0]) == pytest.approx(1.0)


def test_a_claim_joins_the_issue_of_its_closest_partner_not_its_strongest_pair(fresh_db):
    """A sweeping denial pairs strongly with many points; the issue follows similarity."""
    from claims.link import assign_issues
    from claims.models import ClaimPair
    from claims.store import TopicRow

    def unit(*weights):
        v = np.zeros(384, dtype=np.float32)
        v[: len(weights)] = weights
        return v / np.linalg.norm(v)

    texts = [("no lorries were turned back", "Poland"), ("the queue is nine km", "Poland")]
    vecs = np.stack([unit(1, 0, 0), unit(0, 1, 0), unit(0.1, 1, 0)])
    with fresh_db.transaction():
        doc_id = fresh_db.add_document(Document(text="d"))
        claims = [_claim(t, p) for t, p in texts] + [_claim("the queue is 2 km", "Belarus")]
        x, y, new = fresh_db.add_claims(doc_id, claims, vecs, "m")
        topic = fresh_db.save_topic(TopicRow(0, "t", 3, None, (), None, None))
        fresh_db.set_topic([x, y, new], topic)
        issue_x, issue_y = fresh_db.new_issue(topic, "x"), fresh_db.new_issue(topic, "y")
        fresh_db.set_issue([x], issue_x)
        fresh_db.set_issue([y], issue_y)
        pairs = [
            ClaimPair(x, new, "contradiction", 0.95, "denial"),
            ClaimPair(y, new, "contradiction", 0.6, "numbers differ"),
        ]
        assign_issues(fresh_db, topic, [new], pairs)
    assert fresh_db.claim(new).issue_id == issue_y


def test_each_new_claim_is_scored_against_at_most_the_most_similar_others(
    fresh_db, fake_embedder, monkeypatch
):
    import claims.link

    scored = []
    real = claims.link.score_pair

    def counting(a, b, sim, weights):
        scored.append((a.claim_id, b.claim_id, sim))
        return real(a, b, sim, weights)

    monkeypatch.setattr(claims.link, "score_pair", counting)
    cap = claims.link.MAX_PAIRS_PER_CLAIM
    base = "the depot fire was started by saboteurs on Monday night near the border"
    others = [_claim(f"{base} claim {n}", "Belarus", offset=n) for n in range(cap + 5)]
    day = date(2025, 3, 11)
    with fresh_db.transaction():
        _add(fresh_db, fake_embedder, Document(text="a", published=day), others)
        scored.clear()
        res = _add(fresh_db, fake_embedder, Document(text="b", published=day),
                   [_claim(f"{base} denied", "Poland")])  # fmt: skip
    (new_id,) = res.claim_ids
    assert len(scored) == cap and all(a == new_id for a, _, _ in scored)
    vecs = fresh_db.claim_vectors([c.claim_id for c in fresh_db.claims_in_topic(res.topic_id)])
    sims = sorted((float(np.dot(vecs[new_id], v)) for c, v in vecs.items() if c != new_id),
                  reverse=True)  # fmt: skip
    assert sorted((s for _, _, s in scored), reverse=True) == pytest.approx(sims[:cap])


def test_a_batch_cache_links_like_one_document_at_a_time(tmp_path, fake_embedder):
    from claims.link import LinkCache

    texts = [
        "the call was requested by Minsk on Monday",
        "Warsaw asked for the call on Monday",
        "the depot fire was an accident",
        "the depot fire was arson by Polish agents",
        "the call was requested by Minsk on Monday morning",
    ]
    docs = [
        (Document(text=f"doc {n}", published=date(2025, 3, 10 + n % 3), outlet=f"O{n}"),
         [_claim(texts[(n + k) % len(texts)], ("Poland", "Belarus", None)[(n + k) % 3],
                 speaker=f"S{k % 2}", offset=k) for k in range(3)])
        for n in range(8)
    ]  # fmt: skip

    def run(path, shared):
        with Store.open(path) as store, store.transaction():
            cache = LinkCache(store) if shared else None
            for doc, claims in docs:
                doc_id = store.add_document(doc)
                vecs = fake_embedder.embed([c.text for c in claims])
                link_document(store, doc_id, doc, claims, vecs, ["Poland"], "m", cache=cache)
            store.refresh_topic_counts()
        with Store.open(path, read_only=True) as store:
            claims = store.all_claims()
            return (
                [(c.claim_id, c.doc_id, c.text, c.topic_id, c.issue_id) for c in claims],
                sorted((p.claim_a, p.claim_b, p.relation, p.score) for p in store.all_pairs()),
                store.all_appearances(),
            )

    assert run(tmp_path / "a.duckdb", True) == run(tmp_path / "b.duckdb", False)


def test_rollback_forgets_cached_topics_and_vectors(fresh_db, fake_embedder):
    text = "the call was requested by Minsk on Monday"
    with pytest.raises(RuntimeError), fresh_db.transaction():
        _add(fresh_db, fake_embedder, Document(text="a"), [_claim(text, "Poland")])
        assert fresh_db.topic_rows()
        raise RuntimeError("abort")
    assert fresh_db.topic_rows() == []
    assert fresh_db.claim_vectors([1]) == {}


def test_the_outlets_own_name_does_not_tie_two_events(fresh_db, fake_embedder):
    """The outlet named in its own article ("she told the Herald") ties no two events."""
    text = "the crossing was closed without any warning"
    first = Document(text="a", outlet="Herald", published=date(2025, 3, 11), url="u1")
    other = Document(text="b", outlet="Herald", published=date(2025, 5, 2), url="u2")
    with fresh_db.transaction():
        a = _add(fresh_db, fake_embedder, first, [_claim(text, "Poland")],
                 entities=("Poland", "Belarus", "Herald", "Jan Nowicki"))  # fmt: skip
        b = _add(fresh_db, fake_embedder, other, [_claim(text, "Kenya")],
                 entities=("Kenya", "Uganda", "Herald", "Amina Otieno"))  # fmt: skip
    assert a.topic_id != b.topic_id
    assert all("Herald" not in t.entities for t in fresh_db.topic_rows())


@pytest.mark.slow
def test_a_small_link_cache_links_the_same(tmp_path, extractor, fake_embedder, monkeypatch):
    """Topics dropped from the cache and read again give the very same database."""
    import claims.link
    from benchmarks.corpus import generate_corpus, write_corpus
    from claims.pipeline import ingest

    folder = tmp_path / "in"
    write_corpus(generate_corpus(18, seed=5), folder)
    tables = {}
    for cap in (1, 1_000_000):
        monkeypatch.setattr(claims.link, "MAX_CACHED_CLAIMS", cap)
        db = tmp_path / f"cap{cap}.duckdb"
        ingest(db, [str(folder)], extractor=extractor, embedder=fake_embedder)
        with Store.open(db, read_only=True) as store:
            tables[cap] = [
                store.con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                for t in ("claims", "claim_pairs", "issues", "appearances")
            ] + [store.con.execute("SELECT topic_id, n_claims FROM topics ORDER BY 1").fetchall()]
    assert len(tables[1][-1]) > 1  # several topics: the small cache dropped some
    assert tables[1] == tables[1_000_000]
