import subprocess
import sys
import textwrap
from dataclasses import replace

import duckdb
import numpy as np
import pytest

from claims.errors import DatabaseError, DatabaseLockedError, ReadOnlyError
from claims.models import Document
from claims.store import Store, migrations
from tests.conftest import make_claim


def test_migrations_applied_and_recorded(fresh_db):
    versions = fresh_db.con.execute("SELECT version, name FROM schema_migrations").fetchall()
    assert versions == [(v, n) for v, n, _ in migrations()]
    cols = {r[0] for r in fresh_db.con.execute("DESCRIBE claims").fetchall()}
    assert {
        "claim_id",
        "doc_id",
        "speaker",
        "party",
        "cue",
        "kind",
        "text",
        "start_char",
        "end_char",
        "speaker_start",
        "speaker_end",
        "cue_start",
        "cue_end",
        "topic_id",
        "embedding",
    } <= cols
    emb_type = dict(
        fresh_db.con.execute(
            "SELECT column_name, data_type FROM "
            "information_schema.columns WHERE table_name='claims'"
        ).fetchall()
    )["embedding"]
    assert emb_type == "FLOAT[384]"


def test_reopen_does_not_reapply(db_path):
    Store.open(db_path).close()
    with Store.open(db_path) as store:
        n = store.con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0]
    assert n == len(migrations())


def test_newer_schema_is_refused(db_path):
    Store.open(db_path).close()
    con = duckdb.connect(str(db_path))
    con.execute("INSERT INTO schema_migrations (version, name) VALUES (9999, 'future')")
    con.close()
    with pytest.raises(DatabaseError, match="newer than this claims"):
        Store.open(db_path)


def test_duckdb_file_that_is_not_ours(db_path):
    con = duckdb.connect(str(db_path))
    con.execute("CREATE TABLE other (x INT)")
    con.close()
    with pytest.raises(DatabaseError, match="not a claims database"):
        Store.open(db_path)


def test_corrupt_file(db_path):
    db_path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(DatabaseError):
        Store.open(db_path)


def test_read_only_missing_file(tmp_path):
    with pytest.raises(DatabaseError, match="no claims database"):
        Store.open(tmp_path / "none.duckdb", read_only=True)


def test_read_only_refuses_writes(db_path):
    Store.open(db_path).close()
    with Store.open(db_path, read_only=True) as store:
        with pytest.raises(ReadOnlyError, match="read-only"):
            store.query("DROP TABLE claims")
        with pytest.raises(ReadOnlyError):
            store.query("INSERT INTO parties (alias, party) VALUES ('a', 'b')")
        cols, rows = store.query("SELECT count(*) AS n FROM claims")
    assert cols == ["n"] and rows == [(0,)]


def test_sql_error_is_one_line(fresh_db):
    with pytest.raises(DatabaseError) as info:
        fresh_db.query("SELEC nonsense")
    assert "\n" not in str(info.value)


def test_second_writer_gets_clear_error(db_path):
    Store.open(db_path).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sys, time
            from claims.store import Store
            s = Store.open({str(db_path)!r})
            print("ready", flush=True)
            sys.stdin.readline()
        """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(DatabaseLockedError, match="in use by another process"):
            Store.open(db_path)
    finally:
        holder.communicate("done\n", timeout=30)


def test_documents_claims_roundtrip(fresh_db):
    doc = Document(text="the talks failed, he said", outlet="Wire")
    with fresh_db.transaction():
        doc_id = fresh_db.add_document(doc)
        vec = np.zeros((1, 384), dtype=np.float32)
        vec[0, 0] = 1
        ids = fresh_db.add_claims(doc_id, [make_claim(party="France")], vec, "m")
    assert fresh_db.known_hashes([doc.content_hash, "x"]) == {doc.content_hash}
    assert fresh_db.cached_vectors(["the talks failed"], "m")["the talks failed"][0] == 1
    assert fresh_db.cached_vectors(["the talks failed"], "other-model") == {}
    ((hit, score),) = fresh_db.search(vec[0], 5)
    assert hit.claim_id == ids[0] and score == pytest.approx(1.0)


def test_transaction_rolls_back(fresh_db):
    with pytest.raises(RuntimeError):
        with fresh_db.transaction():
            fresh_db.add_document(Document(text="x"))
            raise RuntimeError("boom")
    assert fresh_db.counts()["documents"] == 0


def test_ids_handed_out_in_a_transaction_are_counted_not_read_again(fresh_db):
    from claims.store import TopicRow

    vecs = np.eye(384, dtype=np.float32)[:3]
    claims = [make_claim(f"point {k}") for k in range(3)]
    with fresh_db.transaction():
        doc_a = fresh_db.add_document(Document(text="a"))
        first = fresh_db.add_claims(doc_a, claims, vecs, "m")
        doc_b = fresh_db.add_document(Document(text="b"))
        second = fresh_db.add_claims(doc_b, claims[:2], vecs[:2], "m")
        topic = fresh_db.save_topic(TopicRow(0, "t", 1, None, (), None, None))
        fresh_db.save_topic(TopicRow(topic + 5, "given id", 1, None, (), None, None))
        after = fresh_db.save_topic(TopicRow(0, "next", 1, None, (), None, None))
        issues = [fresh_db.new_issue(topic, "i"), fresh_db.new_issue(topic, "j")]
    assert (doc_a, doc_b) == (1, 2)
    assert first + second == [1, 2, 3, 4, 5]
    assert after == topic + 6  # past the id given by hand
    assert issues == [1, 2]
    with pytest.raises(RuntimeError), fresh_db.transaction():
        fresh_db.add_document(Document(text="c"))
        raise RuntimeError("boom")
    with fresh_db.transaction():  # the rolled-back id is free again
        assert fresh_db.add_document(Document(text="d")) == 3
    fresh_db.query("INSERT INTO issues (issue_id, topic_id, label) VALUES (7, 1, 'by hand')")
    with fresh_db.transaction():
        assert fresh_db.new_issue(topic, "k") == 8


@pytest.mark.parametrize("in_transaction", [True, False])
def test_issues_opened_together_take_the_next_ids(fresh_db, in_transaction):
    from contextlib import nullcontext

    from claims.store import TopicRow

    topic = fresh_db.save_topic(TopicRow(0, "t", 1, None, (), None, None))
    fresh_db.new_issue(topic, "before")
    with fresh_db.transaction() if in_transaction else nullcontext():
        first = fresh_db.next_issue_id()
        assert fresh_db.next_issue_id() == first  # asking twice reserves nothing
        ids = fresh_db.add_issues(topic, first, ["x", "y", "z"])
        assert fresh_db.add_issues(topic, fresh_db.next_issue_id(), []) == []
        after = fresh_db.new_issue(topic, "after")
    assert first == 2
    assert ids == [2, 3, 4]
    assert after == 5
    _, rows = fresh_db.query("SELECT issue_id, topic_id, label FROM issues ORDER BY issue_id")
    assert rows == [(1, topic, "before"), (2, topic, "x"), (3, topic, "y"), (4, topic, "z"),
                    (5, topic, "after")]  # fmt: skip


def test_extensions_load_from_packages(fresh_db):
    fresh_db.load_extensions()
    loaded = {
        r[0]
        for r in fresh_db.con.execute(
            "SELECT extension_name FROM duckdb_extensions() WHERE loaded"
        ).fetchall()
    }
    assert {"vss", "fts"} <= loaded


def test_bulk_rows_keep_quotes_nul_bytes_dates_and_nulls(fresh_db):
    from datetime import date

    from claims.models import Document

    text = "It's \"quoted\" -- 'single' \\ back\nslash\x00nul; DROP TABLE claims; --"
    doc = Document(text=text, url=None, outlet="O'Brien's", published=date(2025, 3, 1),
                   title="a 'title'")  # fmt: skip
    doc_id = fresh_db.add_document(doc)
    row = fresh_db.con.execute(
        "SELECT text, url, outlet, published, title FROM documents WHERE doc_id = ?", [doc_id]
    ).fetchone()
    assert row == (text, None, "O'Brien's", date(2025, 3, 1), "a 'title'")
    assert fresh_db.known_hashes([doc.content_hash, "nope'"]) == {doc.content_hash}


def test_literals_inline_what_they_can_and_bind_the_rest(fresh_db):
    from datetime import date

    from claims.store import _literals

    sql, params = _literals(
        "SELECT ?, ?, ?, ?, ?", [7, "it's", None, date(2025, 5, 2), "nul\x00byte"]
    )
    assert sql == "SELECT 7, 'it''s', NULL, DATE '2025-05-02', ?"
    assert params == ["nul\x00byte"]
    assert fresh_db.con.execute(sql, params).fetchone() == (
        7,
        "it's",
        None,
        date(2025, 5, 2),
        "nul\x00byte",
    )
    with pytest.raises(ValueError):
        _literals("SELECT ?", [])


def test_threads_are_limited_inside_the_block_only(fresh_db):
    def threads():
        return fresh_db.con.execute("SELECT current_setting('threads')").fetchone()[0]

    before = threads()
    with fresh_db.threads(1):
        assert threads() == 1
    assert threads() == before


def test_speakers_count_claims_articles_and_outlets_per_party(fresh_db):
    from datetime import date

    from claims.models import Claim, Span

    def claim(text, speaker, party):
        return Claim(text, Span(0, len(text)), speaker, None, "said", Span(0, 1), "indirect", party)

    first = Document("a", "https://a.example/1", "Vistula Herald", date(2025, 3, 11))
    second = Document("b", "https://b.example/2", "Meridian Wire", date(2025, 3, 12))
    vecs = np.eye(384, dtype=np.float32)
    with fresh_db.transaction():
        d1 = fresh_db.add_document(first)
        ids = fresh_db.add_claims(
            d1,
            [
                claim("the call was requested by Minsk", "Jan Nowicki", "Poland"),
                claim("nothing links our forces to the fire", "Jan Nowicki", "Poland"),
                claim("Warsaw asked for the call", "Alena Kavalchuk", "Belarus"),
                claim("the hotline stays open", "an official", None),
            ],
            vecs[:4],
            "m",
            first,
        )
        d2 = fresh_db.add_document(second)
        fresh_db.add_appearance(
            ids[0], d2, claim("the call was requested by Minsk", "", ""), second
        )
        fresh_db.add_claims(
            d2, [claim("it was Warsaw", "Jan Nowicki", "Belarus")], vecs[4:5], "m", second
        )

    speakers, total = fresh_db.speakers()
    assert total == 4
    top = speakers[0]
    assert (top.name, top.party, top.claims, top.articles) == ("Jan Nowicki", "Poland", 2, 2)
    assert top.outlets == ("Meridian Wire", "Vistula Herald")
    assert (top.first, top.last) == (date(2025, 3, 11), date(2025, 3, 12))
    # the same name given another party is its own row: worth a `claims party set`
    assert [(s.name, s.party) for s in fresh_db.speakers(party="BELARUS")[0]] == [
        ("Alena Kavalchuk", "Belarus"),
        ("Jan Nowicki", "Belarus"),
    ]
    assert [s.name for s in fresh_db.speakers(no_party=True)[0]] == ["an official"]
    shown, total = fresh_db.speakers(limit=1)
    assert len(shown) == 1 and total == 4


def test_deleting_claims_recounts_topics_and_issues_and_drops_an_empty_topic(fresh_db):
    from claims.models import ClaimPair
    from claims.store import TopicRow

    vecs = np.eye(384, dtype=np.float32)
    with fresh_db.transaction():
        doc = fresh_db.add_document(Document(text="one"))
        ids = fresh_db.add_claims(
            doc,
            [make_claim(f"point {n}", ("Poland", "Belarus")[n % 2]) for n in range(3)],
            vecs[:3],
            "m",
        )
        keep = fresh_db.save_topic(TopicRow(0, "kept", 2, None, (), None, None))
        lone = fresh_db.save_topic(TopicRow(0, "lone", 1, None, (), None, None))
        fresh_db.set_topic(ids[:2], keep)
        fresh_db.set_topic(ids[2:], lone)
        issue = fresh_db.new_issue(keep, "the call")
        fresh_db.set_issue(ids[:2], issue)
        fresh_db.add_pairs([ClaimPair(ids[0], ids[1], "contradiction", 0.9, "r")])
        fresh_db.refresh_topic_counts()
        fresh_db.delete_claims([ids[1], ids[2]])
    assert [(t.topic_id, t.n_claims) for t in fresh_db.topics()] == [(keep, 1)]
    assert fresh_db.issues_in_topic(keep) == [(issue, "the call", 1)]
    assert fresh_db.pairs_of_claim(ids[0]) == []
    assert fresh_db.claim(ids[0]) is not None and fresh_db.claim(ids[1]) is None


def test_speaker_names_stay_one_step_from_an_alias(fresh_db):
    vecs = np.eye(384, dtype=np.float32)
    with fresh_db.transaction():
        doc = fresh_db.add_document(Document(text="one"))
        claims = [make_claim("the call was requested"), make_claim("the talks failed")]
        claims[1] = replace(claims[1], speaker="the envoy")
        ids = fresh_db.add_claims(doc, claims, vecs[:2], "m")
        assert fresh_db.set_speaker_name("a", "Anna Berg") == [ids[0]]  # any case
        assert fresh_db.set_speaker_name("Anna Berg", "Anna M. Berg") == [ids[0]]
        assert fresh_db.set_speaker_name("The Envoy", "Anna M. Berg") == [ids[1]]
    assert fresh_db.speaker_names() == {
        "a": "Anna M. Berg",
        "anna berg": "Anna M. Berg",
        "the envoy": "Anna M. Berg",
    }
    assert {fresh_db.claim(i).speaker for i in ids} == {"Anna M. Berg"}
    with fresh_db.transaction():  # back again: the name is no longer an alias of itself
        fresh_db.set_speaker_name("Anna M. Berg", "A")
    assert fresh_db.speaker_name_rows() == [
        ("Anna Berg", "A"),
        ("Anna M. Berg", "A"),
        ("The Envoy", "A"),
    ]


def test_a_database_from_before_speaker_names_is_upgraded_with_its_claims(db_path):
    with Store.open(db_path, migrate_to=3) as store:
        with store.transaction():
            doc = store.add_document(Document(text="one"))
            store.add_claims(doc, [make_claim("the talks failed")], np.eye(384)[:1], "m")
        assert not store._has_table("speaker_names")
    with Store.open(db_path) as store:
        assert store.schema_version() == 4 and store.speaker_names() == {}
        assert [c.text for c in store.all_claims()] == ["the talks failed"]
        with store.transaction():
            assert len(store.set_speaker_name("A", "Anna Berg")) == 1


def test_a_read_only_command_upgrades_an_older_database_once(db_path):
    with Store.open(db_path, migrate_to=3) as store:
        with store.transaction():
            doc = store.add_document(Document(text="one"))
            store.add_claims(doc, [make_claim("the talks failed")], np.eye(384)[:1], "m")
    with Store.open(db_path, read_only=True) as store:  # `claims report` after an upgrade
        assert store.read_only and store.schema_version() == migrations()[-1][0]
        assert [c.text for c in store.all_claims()] == ["the talks failed"]
    assert db_path.with_name(db_path.name + ".v3.bak").exists()
