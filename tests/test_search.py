"""Search modes and the search index file (HNSW over vectors, BM25 over words)."""

from __future__ import annotations

import numpy as np
import pytest

from claims.errors import InputError
from claims.models import Document
from claims.search import build_index, reciprocal_rank_fusion, search
from claims.store import Store
from tests.conftest import make_claim

TEXTS = [
    "the minister said taxes will rise next year",
    "the union denied that a strike was planned",
    "heavy rain is expected tomorrow in the north",
    "the minister denied the new tax plan",
    "dock workers said the port strike closed every terminal",
    "the central bank kept interest rates unchanged",
    "farmers protested against the fuel tax",
    "the opposition called the budget a betrayal of pensioners",
]


def _add(store: Store, texts: list[str], embedder, outlet: str = "Wire") -> list[int]:
    """Store one document per text with the fake embedder's vectors."""
    ids = []
    with store.transaction():
        for text in texts:
            doc_id = store.add_document(Document(text=text, outlet=outlet))
            ids += store.add_claims(doc_id, [make_claim(text)], embedder.embed([text]), "fake")
    return ids


def _random_claims(store: Store, n: int, seed: int = 0) -> np.ndarray:
    """Store ``n`` claims with random unit vectors; return the vectors."""
    rng = np.random.default_rng(seed)
    vectors = rng.standard_normal((n, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    with store.transaction():
        doc_id = store.add_document(Document(text="random"))
        store.add_claims(doc_id, [make_claim(f"claim number {i}") for i in range(n)], vectors, "r")
    return vectors


@pytest.fixture
def texts_db(db_path, fake_embedder):
    with Store.open(db_path) as store:
        _add(store, TEXTS, fake_embedder)
    return db_path


def test_hnsw_returns_the_exact_top_results_and_is_used(db_path):
    with Store.open(db_path) as store:
        vectors = _random_claims(store, 300)
    build_index(db_path)
    rng = np.random.default_rng(1)
    with Store.open(db_path, read_only=True) as store:
        assert store.attach_search_index()
        assert store.search_index_status() == {"claims": 300, "vectors": 300, "texts": 300}
        for row in rng.choice(300, 10, replace=False):
            query = vectors[row] + 0.02 * rng.standard_normal(384).astype(np.float32)
            exact = store.search(query, 5, exact=True)
            indexed = store.search(query, 5)
            assert [c.claim_id for c, _ in indexed] == [c.claim_id for c, _ in exact]
            assert [s for _, s in indexed] == pytest.approx([s for _, s in exact], abs=1e-5)
        # Asking for more claims than the HNSW candidate list holds widens the list.
        assert len(store.search(vectors[0], 250)) == 250
        literal = "[" + ",".join(["0.05"] * 384) + "]::FLOAT[384]"
        plan = store.query(
            "EXPLAIN SELECT claim_id FROM claims_search_index.vectors "
            f"ORDER BY array_cosine_distance(embedding, {literal}) LIMIT 10"
        )[1][0][1]
        assert "HNSW_INDEX_SCAN" in plan


def test_claims_newer_than_the_index_are_found(db_path, fake_embedder):
    with Store.open(db_path) as store:
        _add(store, TEXTS[:4], fake_embedder)
    build_index(db_path)
    with Store.open(db_path) as store:
        (new_id,) = _add(store, [TEXTS[6]], fake_embedder)
    with Store.open(db_path, read_only=True) as store:
        store.attach_search_index()
        assert store.search_index_status()["vectors"] == 4
        ((hit, score),) = store.search(fake_embedder.embed([TEXTS[6]])[0], 1)
    assert hit.claim_id == new_id and score == pytest.approx(1.0)
    ((hit, _),) = search(db_path, TEXTS[6], 1, embedder=fake_embedder)
    assert hit.claim_id == new_id
    # A vector search does not write the search index; a keyword search rebuilds its BM25
    # part; `claims index` adds the new claim to the HNSW index.
    with Store.open(db_path, read_only=True) as store:
        store.attach_search_index()
        assert store.search_index_status() == {"claims": 5, "vectors": 4, "texts": 4}
    search(db_path, "port", 1, mode="keyword")
    with Store.open(db_path, read_only=True) as store:
        store.attach_search_index()
        assert store.search_index_status() == {"claims": 5, "vectors": 4, "texts": 5}
    assert build_index(db_path) == {"claims": 5, "vectors": 5, "texts": 5}


def test_vector_search_without_index_scans(texts_db, fake_embedder):
    ((hit, score),) = search(texts_db, TEXTS[5], 1, embedder=fake_embedder)
    assert hit.text == TEXTS[5] and score == pytest.approx(1.0)
    assert not texts_db.with_name(texts_db.name + ".search").exists()


def test_keyword_search_finds_word_matches_and_builds_its_index(texts_db):
    hits = search(texts_db, "strike", 5, mode="keyword")
    assert {c.text for c, _ in hits} == {TEXTS[1], TEXTS[4]}  # "strike" is in just these
    assert all(score > 0 for _, score in hits)
    stemmed = search(texts_db, "striking taxes", 10, mode="keyword")
    assert {TEXTS[0], TEXTS[1], TEXTS[4], TEXTS[3], TEXTS[6]} >= {c.text for c, _ in stemmed}
    assert search(texts_db, "zebra", 5, mode="keyword") == []


def test_keyword_index_is_rebuilt_after_an_ingest(texts_db, fake_embedder):
    assert search(texts_db, "glaciers", 5, mode="keyword") == []
    with Store.open(texts_db) as store:
        (new_id,) = _add(store, ["scientists said the glaciers are melting"], fake_embedder)
    ((hit, _),) = search(texts_db, "glaciers", 5, mode="keyword")
    assert hit.claim_id == new_id


def test_keyword_search_does_not_embed(texts_db):
    class Exploding:
        def embed(self, texts):
            raise AssertionError("keyword search must not embed")

    assert search(texts_db, "minister", 5, embedder=Exploding(), mode="keyword")


def test_hybrid_fuses_both_rankings(texts_db, fake_embedder):
    query = "minister tax"
    vector = search(texts_db, query, 8, embedder=fake_embedder)
    keyword = search(texts_db, query, 8, mode="keyword")
    hybrid = search(texts_db, query, 8, embedder=fake_embedder, mode="hybrid")
    ids = [c.claim_id for c, _ in hybrid]
    assert set(ids) <= {c.claim_id for c, _ in vector} | {c.claim_id for c, _ in keyword}
    assert [s for _, s in hybrid] == sorted((s for _, s in hybrid), reverse=True)
    # A claim both rankings put first is first in the fusion.
    if vector[0][0].claim_id == keyword[0][0].claim_id:
        assert ids[0] == vector[0][0].claim_id


def test_reciprocal_rank_fusion():
    def claims(*ids):
        return [(_stored(i), 0.0) for i in ids]

    fused = reciprocal_rank_fusion([claims(1, 2, 3), claims(3, 1)], limit=3, k=60)
    assert [c.claim_id for c, _ in fused] == [1, 3, 2]
    assert fused[0][1] == pytest.approx(1 / 61 + 1 / 62)
    assert reciprocal_rank_fusion([claims(1, 2), claims(2, 1)], limit=1)[0][0].claim_id == 1


def _stored(claim_id: int):
    from claims.models import StoredClaim

    return StoredClaim(
        claim_id, 1, f"c{claim_id}", None, None, "said", "direct", None, None, None, None
    )


def test_bad_mode_and_limit(texts_db):
    with pytest.raises(InputError, match="mode"):
        search(texts_db, "x", 5, mode="fuzzy")
    with pytest.raises(InputError, match="at least 1"):
        search(texts_db, "x", 0, mode="keyword")


def test_index_survives_reopening_and_plain_connections(texts_db, fake_embedder):
    status = build_index(texts_db)
    assert status == {"claims": 8, "vectors": 8, "texts": 8}
    sidecar = texts_db.with_name(texts_db.name + ".search")
    assert sidecar.exists() and not sidecar.with_name(sidecar.name + ".wal").exists()
    # The database itself has no index needing an extension: plain reads and writes work.
    with Store.open(texts_db) as store:
        assert store.query("SELECT count(*) FROM claims")[1] == [(8,)]
        assert store.query("SELECT count(*) FROM duckdb_indexes()")[1] == [(0,)]
        _add(store, ["a late claim about the budget"], fake_embedder)
        store.con.execute("UPDATE claims SET topic_id = 1 WHERE claim_id = 1")
    with Store.open(texts_db, read_only=True) as store:
        assert store.attach_search_index()
        assert store.search_index_status() == {"claims": 9, "vectors": 8, "texts": 8}
    assert build_index(texts_db) == {"claims": 9, "vectors": 9, "texts": 9}
    assert build_index(texts_db, rebuild=True) == {"claims": 9, "vectors": 9, "texts": 9}


def test_cli_sql_opens_a_database_with_a_search_index(texts_db):
    from click.testing import CliRunner

    from claims.cli import cli

    build_index(texts_db)
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", str(texts_db), "sql", "SELECT count(*) AS n FROM claims"])
    assert result.exit_code == 0, result.output
    assert "8" in result.output


def test_index_from_another_database_is_ignored(texts_db, tmp_path, fake_embedder):
    build_index(texts_db)
    other = tmp_path / "other.duckdb"
    with Store.open(other) as store:
        _add(store, list(reversed(TEXTS)), fake_embedder)
    (tmp_path / "other.duckdb.search").write_bytes(
        texts_db.with_name(texts_db.name + ".search").read_bytes()
    )
    with Store.open(other, read_only=True) as store:
        assert store.attach_search_index()
        assert store.search_index_status() == {"claims": 8, "vectors": None, "texts": None}
    ((hit, _),) = search(other, "glaciers strike", 1, mode="keyword")
    assert "strike" in hit.text
    assert build_index(other, rebuild=True)["vectors"] == 8


def test_unreadable_index_file_falls_back_to_a_scan(texts_db, fake_embedder):
    texts_db.with_name(texts_db.name + ".search").write_text("not a database")
    ((hit, _),) = search(texts_db, TEXTS[2], 1, embedder=fake_embedder)
    assert hit.text == TEXTS[2]


def test_database_from_before_the_search_index_still_works(db_path, fake_embedder):
    with Store.open(db_path, migrate_to=3) as store:
        _add(store, TEXTS, fake_embedder)
    assert build_index(db_path)["vectors"] == len(TEXTS)
    ((hit, _),) = search(db_path, TEXTS[7], 1, embedder=fake_embedder, mode="hybrid")
    assert hit.text == TEXTS[7]


def test_cli_search_modes_and_index(texts_db, fake_embedder, monkeypatch):
    from click.testing import CliRunner

    import claims.cli
    from claims.cli import cli

    monkeypatch.setattr(claims.cli, "_embedder", lambda obj: fake_embedder)
    runner = CliRunner(env={"COLUMNS": "200"})
    db = ["--db", str(texts_db)]
    result = runner.invoke(cli, [*db, "--no-color", "search", "strike", "--keyword"])
    assert result.exit_code == 0, result.output
    assert "strike was planned" in result.output and "interest rates" not in result.output
    result = runner.invoke(cli, [*db, "index"])
    assert result.exit_code == 0, result.output
    assert "8 of 8 claims in the HNSW index, 8 in the keyword index" in result.output
    for mode in ("--vector", "--hybrid", "--exact"):
        result = runner.invoke(cli, [*db, "search", TEXTS[5], "-n", "2", mode])
        assert result.exit_code == 0, result.output
        assert "central bank" in result.output, mode
    result = runner.invoke(cli, [*db, "index", "--rebuild", "--m", "8"])
    assert result.exit_code == 0, result.output


def test_keyword_search_imports_no_model_runtime(texts_db):
    import re
    import subprocess
    import sys

    probe = (
        "import sys; from claims.cli import cli\n"
        f"cli(['--db', {str(texts_db)!r}, 'search', 'strike', '--keyword'], "
        "standalone_mode=False)\n"
        "heavy = [m for m in ('torch', 'onnxruntime', 'sentence_transformers', 'tokenizers', "
        "'spacy') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"HEAVY \[\]", out), out
