"""The benchmark runner and its synthetic corpus (no timing assertions: speed is a ratio)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from benchmarks import runner
from benchmarks.corpus import (
    ARTICLE_CLAIMS,
    ARTICLE_WORDS,
    COUNTRIES,
    TITLES,
    claim_sentences,
    generate_corpus,
    write_corpus,
)
from claims.ingest import read_sources

ROOT = Path(__file__).resolve().parent.parent
ADJECTIVES = "|".join(adj for _, adj, _ in COUNTRIES)
TITLED = re.compile(rf"\b(?:{ADJECTIVES}) (?:{'|'.join(TITLES)}) [A-Z][a-z]+ [A-Z][a-z]+")
QUOTED = re.compile(r"[\u201c\"][^\u201c\u201d\"]{10,}[\u201d\"]")
SPEECH = re.compile(r"\b(said|told|stated|insisted|claimed|added|argued|according to)\b")


def test_corpus_is_deterministic_per_seed():
    first = generate_corpus(12, seed=7)
    again = generate_corpus(12, seed=7)
    other = generate_corpus(12, seed=8)
    assert [a.text for a in first] == [a.text for a in again]
    assert first == again
    assert [a.text for a in first] != [a.text for a in other]


def test_articles_look_like_news():
    articles = generate_corpus(24, seed=1)
    assert len({a.text for a in articles}) == len(articles)  # no two identical
    assert len({a.event_id for a in articles}) == 4  # 24 // 6 events
    for article in articles:
        low, high = ARTICLE_WORDS
        assert low - 20 <= article.words <= high + 100, article.words
        assert ARTICLE_CLAIMS[0] <= len(article.claims) <= ARTICLE_CLAIMS[1]
        assert len(article.speakers) == len(article.claims)
        assert TITLED.search(article.text), article.text[:300]
        assert len(SPEECH.findall(article.text)) >= 5
        for claim in article.claims:
            assert claim in article.text
    assert sum(len(QUOTED.findall(a.text)) for a in articles) >= len(articles)
    sentences = claim_sentences(articles)
    assert len(sentences) == len(set(sentences)) > 100


def test_quote_density_is_near_real_news():
    """About half the paragraphs hold a written claim (PolNeAR: 68% hold an attribution)."""
    articles = generate_corpus(60, seed=4)
    paragraphs = [p for a in articles for p in a.text.split("\n\n")]
    with_claim = [p for p in paragraphs if any(c in p for a in articles for c in a.claims)]
    assert 0.4 <= len(with_claim) / len(paragraphs) <= 0.75
    assert 18 <= sum(a.words for a in articles) / len(paragraphs) <= 40  # words per paragraph


def test_written_corpus_reads_back_with_metadata(tmp_path):
    articles = generate_corpus(5, seed=2)
    paths = write_corpus(articles, tmp_path / "articles")
    assert len(paths) == 5 and all(p.suffix == ".txt" for p in paths)
    docs = read_sources([str(tmp_path / "articles")])
    by_url = {d.url: d for d in docs}
    for article in articles:
        doc = by_url[article.url]
        assert doc.outlet == article.outlet
        assert doc.title == article.title
        assert doc.published == article.published and isinstance(doc.published, date)
        assert doc.text.strip() == article.text.strip()


def test_parse_args():
    args = runner.parse_args(["--articles", "7", "--quick", "--sections", "report,coldstart"])
    assert args.articles == 7 and args.quick and args.repeats == 3
    assert args.sections == ["coldstart", "report"]  # runner order
    assert runner.parse_args([]).sections == list(runner.SECTIONS)
    with pytest.raises(SystemExit):
        runner.parse_args(["--sections", "embed,warp-drive"])
    with pytest.raises(SystemExit):
        runner.parse_args(["--articles", "0"])


def test_quick_run_prints_the_table_and_json(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(runner, "llm_available", lambda: False)
    out_json = tmp_path / "bench.json"
    argv = ["--articles", "3", "--quick", "--repeats", "1", "--json", str(out_json)]
    runner.main([*argv, "--sections", "coldstart,report,llm"])
    out = capsys.readouterr().out
    assert "claims benchmarks: 3 articles" in out
    for label in (
        "claims --help",
        "claims report",
        'claims sql "select 1"',
        "claims topics",
        "build_report (first call)",
        "build_report (median)",
    ):
        assert label in out, label
    assert "skipped" in out and "failed" not in out
    data = json.loads(out_json.read_text())
    assert data["corpus"]["articles"] == 3
    assert set(data["coldstart"]) == {
        "claims --help",
        "claims report",
        'claims sql "select 1"',
        "claims topics",
    }
    assert all(entry["ok"] for entry in data["coldstart"].values()), data["coldstart"]
    assert data["llm"] == {"skipped": True}
    assert "errors" not in data


def test_module_entry_point():
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--articles", "2", "--quick", "--repeats", "1"]
        + ["--sections", "report"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "build_report (median)" in proc.stdout


@pytest.mark.slow
def test_quick_ingest_section_with_real_spacy(tmp_path, capsys, monkeypatch, fake_embedder):
    import claims.embed

    monkeypatch.setattr(claims.embed, "default_embedder", lambda backend="auto": fake_embedder)
    out_json = tmp_path / "bench.json"
    runner.main(
        ["--articles", "3", "--quick", "--sections", "ingest,report", "--json", str(out_json)]
    )
    out = capsys.readouterr().out
    for label in (
        "ingest (whole pipeline)",
        "spaCy nlp.pipe alone",
        "ingest ÷ slowest stage",
        "busy: parse+extract",
        "busy: embed",
        "busy: link+store",
    ):
        assert label in out, label
    data = json.loads(out_json.read_text())["ingest"]
    assert data["articles"] == 3 and data["claims"] >= 3 * 5
    assert data["backend"] == fake_embedder.model_id
    assert data["workers"] == 0  # three articles: not worth a worker process
    assert set(data["shares"]) == {"extract", "embed", "link"}
    assert all(0 < share <= 1.0 for share in data["shares"].values())
    assert data["slowest_stage"] in {"spaCy nlp.pipe", "embedding"}
    assert fake_embedder.calls  # the ingest really embedded through the wrapper


@pytest.mark.slow
def test_quick_embed_section(tmp_path, capsys, monkeypatch):
    pytest.importorskip("onnxruntime")
    monkeypatch.setenv("CLAIMS_CACHE_DIR", str(tmp_path / "cache"))  # hermetic (exports once)
    out_json = tmp_path / "bench.json"
    runner.main(["--articles", "2", "--quick", "--sections", "embed", "--json", str(out_json)])
    out = capsys.readouterr().out
    for label in ("torch (sentence-transformers)", "onnx-int8 (onnxruntime)", "onnx ÷ torch"):
        assert label in out, label
    data = json.loads(out_json.read_text())["embed"]
    assert data["sentences"] > 0 and data["ratio"] > 0
    assert data["cosine_min"] >= 0.98
    assert data["onnx_was_cached"] is False


@pytest.mark.slow
def test_quick_extract_section(tmp_path, capsys):
    out_json = tmp_path / "bench.json"
    runner.main(["--articles", "2", "--quick", "--sections", "extract", "--json", str(out_json)])
    out = capsys.readouterr().out
    for label in (
        "nlp.pipe (article paragraphs)",
        "Extractor.extract_many",
        "extract ÷ nlp.pipe (paragraphs)",
    ):
        assert label in out, label
    data = json.loads(out_json.read_text())["extract"]
    assert data["articles"] == 2 and data["paragraphs"] >= 2 and data["claims"] >= 2
    assert data["ratio"] > 0 and data["ratio_texts"] > 0


def test_quick_ducklake_section(tmp_path, capsys, monkeypatch, fake_embedder):
    import claims.embed

    monkeypatch.setattr(claims.embed, "default_embedder", lambda backend="auto": fake_embedder)
    out_json = tmp_path / "bench.json"
    runner.main(
        ["--articles", "2", "--quick", "--sections", "ducklake", "--json", str(out_json)]
        + ["--keep", str(tmp_path / "work")]
    )
    out = capsys.readouterr().out
    assert "ingest time: ducklake ÷ file" in out and "search time: ducklake ÷ file" in out
    data = json.loads(out_json.read_text())["ducklake"]
    assert data["articles"] == 2 and data["target"].startswith("ducklake:sqlite:")
    assert data["ingest_ratio"] > 0 and data["search_ratio"] > 0


def test_parse_sizes():
    assert runner.parse_sizes("10k,100k,1M") == [10_000, 100_000, 1_000_000]
    assert runner.parse_sizes("2500, 0") == [2500]
    assert runner.parse_sizes("") == []
    with pytest.raises(ValueError):
        runner.parse_sizes("lots")
    args = runner.parse_args(["--search-sizes", "1k", "--ef-search", "32,64"])
    assert args.search_sizes == [1000] and args.ef_search == [32, 64]
    with pytest.raises(SystemExit):
        runner.parse_args(["--search-sizes", "many"])


def test_clustered_vectors_are_unit_length_and_clustered():
    blocks = list(runner.clustered_vectors(1000, seed=3, chunk=400))
    assert [len(b) for b in blocks] == [400, 400, 200]
    vectors = np.concatenate(blocks)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    again = np.concatenate(list(runner.clustered_vectors(1000, seed=3, chunk=400)))
    assert np.allclose(vectors, again)
    sims = vectors @ vectors.T
    np.fill_diagonal(sims, -1)
    # Nearest neighbours are far closer than random pairs of 384-d vectors (about 0).
    assert np.median(sims.max(axis=1)) > 0.3


def test_vector_index_section(tmp_path):
    args = runner.parse_args(["--search-sizes", "400", "--search-queries", "5"])
    args.ef_search = [16, 64]
    ctx = runner.Context(args, [], [], tmp_path, tmp_path, tmp_path / "x.duckdb", lambda m: None)
    results = runner.Results()
    data = runner.bench_vector_index(ctx, results, 400)
    assert data["claims"] == 400 and data["queries"] == 5
    assert set(data["hnsw"]) == {"16", "64"}
    assert all(0 <= entry["recall_at_10"] <= 1 for entry in data["hnsw"].values())
    measures = {row.measure for row in results.rows}
    assert {"exact scan p50 / p95", "HNSW build", "recall@10 (ef_search 64)"} <= measures
    assert all(row.section == "vectors 400" for row in results.rows)
    assert not list(tmp_path.glob("vectors-*"))  # no --keep: the databases are removed


def test_link_section_reports_each_size_and_the_ratio(tmp_path, capsys):
    out_json = tmp_path / "bench.json"
    runner.main(["--articles", "2", "--quick", "--sections", "link", "--link-sizes", "60,20",
                 "--json", str(out_json)])  # fmt: skip
    out = capsys.readouterr().out
    for label in ("20 claims", "60 claims", "time(60) ÷ time(20)"):
        assert label in out, label
    data = json.loads(out_json.read_text())["link"]
    assert [r["claims"] for r in data["runs"]] == [20, 60]
    assert all(r["topics"] >= 1 and r["seconds"] > 0 for r in data["runs"])
    assert data["growth"] == 3 and data["ratio"] > 0
    with pytest.raises(SystemExit):
        runner.parse_args(["--link-sizes", "ten"])


def test_synthetic_link_documents_cluster_by_event():
    docs = list(runner.synthetic_link_documents(2 * 8 * runner.LINK_DOCS_PER_EVENT))
    assert sum(len(claims) for _, claims, _ in docs) == 2 * 8 * runner.LINK_DOCS_PER_EVENT
    for doc, claims, vectors in docs[:3]:
        assert vectors.shape == (len(claims), 384)
        assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
        assert all(c.content.slice(doc.text) == c.text and c.party for c in claims)
    first = docs[0][2]
    other_event = docs[runner.LINK_DOCS_PER_EVENT][2]
    assert float((first @ first.T).mean()) > float(np.abs(first @ other_event.T).mean())


def test_llm_articles_hold_at_least_the_asked_claims():
    articles = generate_corpus(40, 3)
    chosen = runner.llm_articles(articles, claims=150)
    total = sum(len(a.attributions) for a in chosen)
    assert total >= 150 and total - len(chosen[-1].attributions) < 150  # the shortest prefix
    assert chosen == articles[: len(chosen)]
    assert runner.llm_articles(articles[:2], claims=10_000) == articles[:2]
    written = runner.llm_articles(articles, claims=150, written_only=True)
    total = sum(len(a.claims) for a in written)
    assert total >= 150 and total - len(written[-1].claims) < 150
    assert len(written) > len(chosen)


def test_background_claims_are_the_attributing_lines_of_the_text():
    from benchmarks.corpus import BACKGROUND_CLAIMS, FILLER

    assert set(BACKGROUND_CLAIMS) <= set(FILLER)
    articles = generate_corpus(30, seed=5)
    for article in articles:
        assert article.attributions == article.claims + article.background_claims
        for claim in article.background_claims:
            assert claim in article.text
        attributing = sum(
            len(re.findall(re.escape(t.split("{")[0]), article.text))
            for t in BACKGROUND_CLAIMS
            if not t.startswith("{")
        )
        assert len(article.background_claims) == attributing
    per_article = sum(len(a.background_claims) for a in articles) / len(articles)
    assert 5 <= per_article <= 15  # with the written ones, about PolNeAR's 20 per article


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_tree_rss_counts_the_children(tmp_path):
    import time

    child = subprocess.Popen(
        [sys.executable, "-c", "import time; x = bytearray(200 * 2**20); time.sleep(30)"]
    )
    try:
        time.sleep(1.0)
        alone = runner._tree_rss_mb(child.pid)
        with_us = runner._tree_rss_mb(os.getpid())
        assert alone is not None and alone > 150  # the child's 200 MB buffer
        assert with_us is not None and with_us > alone
    finally:
        child.kill()
        child.wait()


def test_pad_llm_writes_rows_llm_can_read(tmp_path):
    import sqlite3
    import struct

    db = tmp_path / "e.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE collections (id INTEGER PRIMARY KEY, name TEXT, model TEXT)")
    con.execute(
        "CREATE TABLE embeddings (collection_id INTEGER, id TEXT, embedding BLOB, content TEXT,"
        " content_blob BLOB, content_hash BLOB, metadata TEXT, updated INTEGER,"
        " PRIMARY KEY (collection_id, id))"
    )
    con.execute("INSERT INTO collections VALUES (1, 'claims', 'minilm')")
    con.commit()
    con.close()
    vectors = list(runner.clustered_vectors(25, seed=1, chunk=10))
    assert runner._pad_llm(db, "claims", vectors) == 25
    rows = sqlite3.connect(db).execute("SELECT id, embedding FROM embeddings").fetchall()
    assert len(rows) == 25 and len({r[0] for r in rows}) == 25
    first = struct.unpack("<" + "f" * 384, rows[0][1])
    assert np.allclose(first, vectors[0][0], atol=1e-6)


@pytest.mark.parametrize("fail_at", [None, 2])
def test_llm_comparison_takes_turns_into_fresh_stores(tmp_path, monkeypatch, fail_at):
    from types import SimpleNamespace

    from benchmarks.timing import Run

    calls: list[str] = []

    def fake_run(argv, repeats, env=None):
        tool = "llm" if "embed-multi" in argv else "claims"
        db = Path(argv[argv.index("-d" if tool == "llm" else "--db") + 1])
        assert not db.exists()  # each round starts from an empty store
        db.write_text("filled")
        calls.append(tool)
        ok = not (fail_at is not None and len(calls) == 2 * fail_at)
        return Run((float(len(calls)),), ok, "" if ok else "boom")

    monkeypatch.setattr(runner, "run_command", fake_run)
    ctx = SimpleNamespace(workdir=tmp_path, log=lambda message: None)
    articles = generate_corpus(2, seed=3)
    embed, ingest, emb_db, claims_db = runner._llm_embed_and_ingest(
        ctx, articles, ["a claim", "another"], "-t", {}, rounds=3
    )
    if fail_at is None:
        assert calls == ["llm", "claims"] * 3
        assert embed == Run((1.0, 3.0, 5.0), True) and ingest == Run((2.0, 4.0, 6.0), True)
        assert embed.median == 3.0 and ingest.median == 4.0
    else:
        assert calls == ["llm", "claims"] * fail_at  # stops at the failing round
        assert not ingest.ok and ingest.error == "boom"
    assert emb_db.exists() and claims_db.exists()  # the last round's stores are kept
