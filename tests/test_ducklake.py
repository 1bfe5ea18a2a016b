"""Team mode: the same claims database in a DuckLake (SQLite or PostgreSQL catalog).

Every test runs against a ``ducklake:sqlite:`` catalog, and against a PostgreSQL catalog when
``CLAIMS_TEST_POSTGRES`` holds a libpq connection string of a running server (``.ci/run``
starts one with ``scripts/start_postgres.sh``); without it the PostgreSQL cases are skipped
with a reason that says so.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks.corpus import generate_corpus, write_corpus
from claims import pipeline
from claims.cli import cli
from claims.errors import DatabaseError
from claims.store import DuckLake, Store, ducklake_ddl, location, migrations
from tests.conftest import FakeEmbedder

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = os.environ.get("CLAIMS_TEST_POSTGRES", "").strip()
TABLES = (
    "documents",
    "claims",
    "appearances",
    "topics",
    "issues",
    "claim_pairs",
    "verdicts",
    "speaker_names",
)


def _psql() -> str | None:
    found = shutil.which("psql")
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/psql"))
    return str(candidates[-1]) if candidates else None


def _new_postgres_database() -> str:
    """A fresh, empty PostgreSQL database for one test; its connection string."""
    name = f"claims_test_{uuid.uuid4().hex[:12]}"
    psql = _psql()
    if psql is None:
        pytest.skip("PostgreSQL catalog tests SKIPPED: psql is not installed")
    subprocess.run(
        [psql, POSTGRES, "-q", "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True
    )
    return f"{POSTGRES} dbname={name}"


@pytest.fixture(params=["sqlite", "postgres"])
def lake(request, tmp_path) -> DuckLake:
    """An empty DuckLake target with its data folder."""
    data = str(tmp_path / "lake-data")
    if request.param == "sqlite":
        return DuckLake(f"sqlite:{tmp_path / 'catalog.sqlite'}", data)
    if not POSTGRES:
        pytest.skip(
            "PostgreSQL catalog tests SKIPPED: CLAIMS_TEST_POSTGRES is not set "
            '(run `eval "$(bash scripts/start_postgres.sh)"` first)'
        )
    return DuckLake(f"postgres:{_new_postgres_database()}", data)


def _articles(folder: Path, n: int, seed: int = 11) -> list[Path]:
    return write_corpus(generate_corpus(n, seed=seed), folder)


def _rows(store: Store, table: str) -> list[tuple]:
    _, rows = store.query(
        f"SELECT * EXCLUDE (ingested_at) FROM {table}"
        if table == "documents"
        else f"SELECT * FROM {table}"
    )
    out = []
    for row in rows:
        out.append(tuple(tuple(v) if isinstance(v, list | tuple) else v for v in row))
    return sorted(out, key=repr)


# ---------------------------------------------------------------------- schema
def test_every_migration_translates_to_ducklake_ddl():
    for _, _, sql in migrations():
        ddl = ducklake_ddl(sql)
        for banned in ("PRIMARY KEY", "UNIQUE", "CHECK", "INDEX", "FLOAT[384]"):
            assert banned not in ddl.upper()
    first = ducklake_ddl(migrations()[0][2])
    assert "content_hash  VARCHAR NOT NULL," in first
    assert "embedding        FLOAT[]" in first
    assert "reason    VARCHAR NOT NULL\n)" in first


def test_location_parses_targets(monkeypatch):
    monkeypatch.delenv("CLAIMS_DATA_PATH", raising=False)
    assert location("claims.duckdb") == "claims.duckdb"
    assert location("ducklake:sqlite:/x/c.sqlite") == DuckLake("sqlite:/x/c.sqlite", None)
    monkeypatch.setenv("CLAIMS_DATA_PATH", "s3://bucket/claims/")
    target = location("ducklake:postgres:dbname=claims host=db")
    assert target == DuckLake("postgres:dbname=claims host=db", "s3://bucket/claims/")
    assert location("ducklake:sqlite:c.sqlite", "/data").data_path == "/data"
    with pytest.raises(DatabaseError, match="unknown DuckLake target"):
        location("ducklake:mysql:db")


def test_open_creates_the_schema(lake):
    with Store.open(lake) as store:
        assert store.lake
        assert store.schema_version() == migrations()[-1][0]
        _, types = store.query(
            "SELECT data_type FROM information_schema.columns WHERE table_catalog = "
            "current_database() AND table_name = 'claims' AND column_name = 'embedding'"
        )
        assert types == [("FLOAT[]",)]
    with Store.open(lake, read_only=True) as store:  # opening again applies nothing
        assert store.counts()["documents"] == 0


def test_time_travel_is_only_for_ducklake(db_path):
    Store.open(db_path).close()
    with pytest.raises(DatabaseError, match="needs a DuckLake"):
        pipeline.run_sql(db_path, "SELECT 1", as_of="1")


# ---------------------------------------------------------------------- writers
def test_a_conflicting_writer_tries_again(lake, tmp_path, extractor):
    """Two writers on one snapshot: the one that commits second runs its work again."""
    (first,) = _articles(tmp_path / "in", 1)
    pipeline.ingest(lake, [str(first)], extractor=extractor, embedder=FakeEmbedder())
    with Store.open(lake) as a, Store.open(lake) as b:
        attempts = []

        def work() -> int:
            attempts.append(a.counts()["documents"])
            if len(attempts) == 1:  # another process commits while this one is writing
                b.write(lambda: b.add_verdict(1, "False", None, "b"))
            return a.add_verdict(1, "True", None, "a")

        verdict_id = a.write(work)
    assert len(attempts) == 2
    with Store.open(lake, read_only=True) as store:
        assert verdict_id == 2
        assert sorted(
            r[:2] for r in store.query("SELECT verdict_id, reviewer FROM verdicts")[1]
        ) == [
            (1, "b"),
            (2, "a"),
        ]


WORKER = """
import sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from claims import pipeline
from claims.extract import Extractor
from claims.store import location
from tests.conftest import FakeEmbedder

target, ready, go, *batches = sys.argv[1:]
extractor, embedder = Extractor(), FakeEmbedder()
extractor.nlp  # loaded before the start: the race is between the writes
Path(ready).touch()
for _ in range(6000):  # all workers start writing together (bounded wait)
    if Path(go).exists():
        break
    time.sleep(0.01)
for batch in batches:
    pipeline.ingest(location(target), batch.split(","), extractor=extractor, embedder=embedder)
"""


def test_four_processes_ingest_at_once(lake, tmp_path, extractor):
    """Acceptance 1: every document and claim is there exactly once afterwards."""
    paths = _articles(tmp_path / "in", 5)
    shared = paths[-1]  # every worker also ingests this one: it must be stored once
    Store.open(lake).close()  # the schema exists before the race (creation races too, below)
    control = tmp_path / "control"
    control.mkdir()
    go = control / "go"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CLAIMS_DATA_PATH": lake.data_path}
    workers = []
    for n in range(4):
        batches = [f"{paths[n]},{shared}"]  # one ingest (one transaction) each
        workers.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    WORKER.format(root=str(ROOT)),
                    str(lake),
                    str(control / f"ready{n}"),
                    str(go),
                    *batches,
                ],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
        )
    try:
        for n in range(4):  # each worker has loaded spaCy (bounded wait)
            for _ in range(30000):
                if (control / f"ready{n}").exists() or workers[n].poll() is not None:
                    break
                time.sleep(0.01)
        go.touch()
        outputs = [w.communicate()[0] for w in workers]
    finally:
        for w in workers:
            if w.poll() is None:
                w.kill()
    for w, out in zip(workers, outputs, strict=True):
        assert w.returncode == 0, out

    reference = tmp_path / "reference.duckdb"
    pipeline.ingest(
        reference, [str(p) for p in paths], extractor=extractor, embedder=FakeEmbedder()
    )
    with Store.open(lake, read_only=True) as store, Store.open(reference, True) as local:
        _, docs = store.query("SELECT doc_id, content_hash FROM documents")
        assert len(docs) == len(paths)
        assert len({d for d, _ in docs}) == len({h for _, h in docs}) == len(paths)
        _, local_hashes = local.query("SELECT content_hash FROM documents")
        assert {h for _, h in docs} == {h for (h,) in local_hashes}
        # Each extracted claim is stored once: as a claim or as another appearance of one.
        _, ids = store.query("SELECT claim_id FROM claims")
        assert len(ids) == len(set(ids))
        # (Which near-identical claims merge into one depends on the order of ingestion.)
        sql = (
            "SELECT d.content_hash, a.start_char, a.end_char FROM appearances a "
            "JOIN documents d ON d.doc_id = a.doc_id"
        )
        assert sorted(store.query(sql)[1]) == sorted(local.query(sql)[1])
        _, lonely = store.query(
            "SELECT count(*) FROM claims WHERE claim_id NOT IN (SELECT claim_id FROM appearances)"
        )
        assert lonely == [(0,)]
        _, orphans = store.query(
            "SELECT count(*) FROM claims WHERE topic_id IS NULL OR topic_id NOT IN "
            "(SELECT topic_id FROM topics)"
        )
        assert orphans == [(0,)]


# ---------------------------------------------------------------------- copies
def test_report_and_search_match_on_a_ducklake_copy(lake, tmp_path, extractor):
    """Acceptance 3, and ``migrate-to`` there and back keeps every row and id."""
    local = tmp_path / "local.duckdb"
    embedder = FakeEmbedder()
    pipeline.ingest(
        local,
        [str(p) for p in _articles(tmp_path / "in", 5)],
        extractor=extractor,
        embedder=embedder,
    )
    pipeline.add_verdict(local, 3, "False", "no such depot", "ana")
    pipeline.set_speaker_name(local, "the envoy", "Ilze Ozola")
    copied = pipeline.migrate_to(local, lake)
    assert copied["documents"] == 5 and copied["verdicts"] == 1
    assert copied["speaker_names"] == 1

    assert pipeline.build_report(lake).to_dict() == pipeline.build_report(local).to_dict()
    brief_lake = pipeline.build_report(lake, shown_only=True).to_markdown()
    assert brief_lake == pipeline.build_report(local, shown_only=True).to_markdown()
    assert brief_lake == pipeline.build_report(local).to_markdown()
    for query in ("the minister denied the report", "troops crossed the border", "ceasefire"):
        here = pipeline.search(local, query, 7, embedder=embedder)
        there = pipeline.search(lake, query, 7, embedder=embedder)
        assert [(c, round(s, 5)) for c, s in here] == [(c, round(s, 5)) for c, s in there]

    back = tmp_path / "back.duckdb"
    pipeline.migrate_to(lake, back)
    with Store.open(local, True) as a, Store.open(back, True) as b:
        for table in TABLES:
            assert _rows(a, table) == _rows(b, table), table
    with pytest.raises(DatabaseError, match="already holds data"):
        pipeline.migrate_to(local, lake)


def test_every_command_works_on_a_ducklake(lake, tmp_path, monkeypatch, extractor):
    """The CLI against a DuckLake target, unchanged: writes, reads and time travel."""
    local = tmp_path / "local.duckdb"
    pipeline.ingest(
        local,
        [str(p) for p in _articles(tmp_path / "in", 3)],
        extractor=extractor,
        embedder=FakeEmbedder(),
    )
    db = ["--db", str(lake), "--data-path", lake.data_path]
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(cli, [*db, *args])
        assert result.exit_code == 0, result.output
        return result.output

    moved = runner.invoke(
        cli, ["--db", str(local), "--data-path", lake.data_path, "migrate-to", str(lake)]
    )
    assert moved.exit_code == 0 and "Copied into" in moved.output, moved.output
    before = json.loads(
        run("sql", "SELECT max(snapshot_id) AS s FROM lake.snapshots()", "--format", "json")
    )[0]["s"]
    topics = run("topics")
    assert "claims" in topics
    run("verdict", "2", "--rating", "Misleading", "--reviewer", "bo")
    run("party", "set", "Jan Nowicki", "Poland")
    assert "Jan Nowicki" in run("party", "list")
    run("relink")
    first_topic = json.loads(
        run("sql", "SELECT min(topic_id) AS t FROM topics", "--format", "json")
    )[0]["t"]
    run("topic", "split", "1")
    run("claim", "move", "1", str(first_topic))
    assert json.loads(run("report", "--format", "json"))["topics"]
    assert "Misleading" in run("export", "--format", "jsonl")
    now = run("sql", "SELECT count(*) FROM verdicts", "--format", "csv").splitlines()[1]
    then = run("sql", "--as-of", str(before), "SELECT count(*) FROM verdicts", "--format", "csv")
    assert (now, then.splitlines()[1]) == ("1", "0")
    bad = runner.invoke(cli, [*db, "sql", "DELETE FROM claims"])
    assert bad.exit_code == 1 and "read-only" in bad.output
