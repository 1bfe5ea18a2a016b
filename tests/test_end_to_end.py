"""End to end on the real model: the bundled example articles through the CLI."""

import json

import numpy as np
import pytest
from click.testing import CliRunner

from claims.cli import cli
from claims.embed import SentenceTransformerEmbedder, default_embedder
from claims.pipeline import examples_dir

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo") / "claims.duckdb"
    result = CliRunner().invoke(cli, ["--db", str(db), "demo"], terminal_width=160)
    assert result.exit_code == 0, result.output
    return db, result.output


def _sql(db, query):
    out = CliRunner().invoke(cli, ["--db", str(db), "sql", query, "--format", "json"])
    assert out.exit_code == 0, out.output
    return json.loads(out.output)


def test_real_model_vectors():
    emb = SentenceTransformerEmbedder()
    vecs = emb.embed(
        [
            "Minsk asked for the call.",
            "Minsk asked for the call.",
            "The weather in Lisbon was sunny.",
        ]
    )
    assert vecs.shape == (3, 384) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert float(vecs[0] @ vecs[1]) == pytest.approx(1.0, abs=1e-5)
    assert float(vecs[0] @ vecs[2]) < 0.5


def test_demo_sides_in_one_topic(demo_db):
    db, output = demo_db
    assert "Poland (" in output and "Belarus (" in output
    rows = _sql(
        db, "select topic_id, party, count(*) as n from claims where party is not null group by all"
    )
    topics_with_both = {r["topic_id"] for r in rows if r["party"] == "Poland"} & {
        r["topic_id"] for r in rows if r["party"] == "Belarus"
    }
    assert topics_with_both
    speakers = {(r["speaker"], r["party"]) for r in _sql(db, "select speaker, party from claims")}
    assert ("Jan Nowicki", "Poland") in speakers
    assert ("Viktor Hlebovich", "Belarus") in speakers


def test_demo_ignores_comments_and_furniture(demo_db):
    db, _ = demo_db
    texts = " ".join(r["text"] for r in _sql(db, "select text from claims"))
    for junk in ("lying", "Sign up", "Read more", "correction", "Facebook"):
        assert junk not in texts


def test_demo_contradiction_pairs_have_reasons(demo_db):
    db, _ = demo_db
    pairs = _sql(db, "select relation, score, reason from claim_pairs")
    contra = [p for p in pairs if p["relation"] == "contradiction"]
    assert contra
    assert all(0 <= p["score"] <= 1 and "opposing parties" in p["reason"] for p in contra)


def test_demo_offsets_and_embeddings(demo_db):
    db, _ = demo_db
    bad = _sql(
        db,
        "select count(*) as n from claims c join documents d using (doc_id) where "
        "substr(d.text, c.start_char + 1, c.end_char - c.start_char) <> c.text "
        "or substr(d.text, c.cue_start + 1, c.cue_end - c.cue_start) <> c.cue",
    )
    assert bad == [{"n": 0}]
    models = _sql(db, "select distinct embedding_model as m from claims")
    assert models == [{"m": default_embedder().model_id}]  # one backend, and it says which


def test_demo_twice_adds_nothing(demo_db):
    db, _ = demo_db
    before = _sql(db, "select count(*) as n from claims")
    again = CliRunner().invoke(cli, ["--db", str(db), "ingest", str(examples_dir())])
    assert again.exit_code == 0 and "Added 0 documents" in again.output
    assert _sql(db, "select count(*) as n from claims") == before


def test_search_finds_the_point(demo_db):
    db, _ = demo_db
    out = CliRunner().invoke(
        cli,
        ["--db", str(db), "search", "who requested the phone call", "-n", "3"],
        terminal_width=200,
    )
    assert out.exit_code == 0, out.output
    assert "call" in out.output.lower()


def test_events_sharing_actors_stay_apart(tmp_path):
    """The readout events (different dates, some with the same two countries) -> one topic each."""
    readouts = examples_dir().parent / "readouts"
    events = sorted(p for p in readouts.iterdir() if (p / "expected.json").exists())
    db = tmp_path / "events.duckdb"
    result = CliRunner().invoke(cli, ["--db", str(db), "ingest", *map(str, events)])
    assert result.exit_code == 0, result.output
    rows = _sql(
        db,
        "select d.path, c.topic_id from claims c join appearances a using (claim_id) "
        "join documents d on d.doc_id = a.doc_id",
    )
    topics_by_event: dict[str, set] = {}
    for row in rows:
        event = row["path"].split("/")[-2]
        topics_by_event.setdefault(event, set()).add(row["topic_id"])
    assert len(topics_by_event) == len(events)
    for event, topics in topics_by_event.items():
        assert len(topics) == 1, (event, topics)  # one event, one topic
    all_topics = [t for ts in topics_by_event.values() for t in ts]
    assert len(set(all_topics)) == len(events)  # and no two events share a topic


def test_readouts_dev_set_meets_the_bar(tmp_path):
    """Issue #4's acceptance on the bundled dev readouts: >= 85% of points, <= 2 FP/event."""
    from claims.evaluation.readouts import run_readouts

    report = run_readouts(examples_dir().parent / "readouts", db_path=tmp_path / "r.duckdb")
    assert len(report.events) >= 3
    assert report.share >= 0.85, report.to_dict()
    for event in report.events:
        assert event.false_positives <= 2, (event.event, event.false_claims)
