"""The whole pipeline on real spaCy with the small fake embedder."""

import hashlib

import duckdb
import pytest

from claims.errors import InputError
from claims.pipeline import build_report, ingest
from claims.store import Store
from tests.conftest import write_article

pytestmark = pytest.mark.slow

NORTH = """Polish Defence Minister Anna Kowal said on Friday that Belarus had asked for the call.

"Nothing links Polish troops to the explosion at the depot," Kowal told reporters.

Comments (2)
Reader1 said the minister is lying about everything.
"""
SOUTH = (
    "The Belarusian defence ministry said the explosion at the depot was organised by Polish "
    "troops.\n\nMinsk denied that it had asked for the call, according to a statement from the "
    "Belarusian foreign ministry.\n"
)


def _articles(tmp_path):
    folder = tmp_path / "in"
    write_article(folder, "north.txt", NORTH, outlet="North Wire", date="2025-05-02")
    write_article(folder, "south.txt", SOUTH, outlet="South Post", date="2025-05-02")
    return folder


def _checksum(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_ingest_report_and_reingest(tmp_path, db_path, extractor, fake_embedder):
    folder = _articles(tmp_path)
    result = ingest(db_path, [str(folder)], extractor=extractor, embedder=fake_embedder)
    assert result.documents == 2 and result.claims >= 4 and result.topics >= 1
    with Store.open(db_path, read_only=True) as store:
        rows = store.query("SELECT party, speaker, text FROM claims ORDER BY claim_id")[1]
        parties = {r[0] for r in rows}
        assert {"Poland", "Belarus"} <= parties
        assert not any("lying about everything" in r[2] for r in rows)
        # offsets slice back into the stored document text
        bad = store.query(
            "SELECT count(*) FROM claims c JOIN documents d USING (doc_id) "
            "WHERE substr(d.text, c.start_char + 1, c.end_char - c.start_char) <> c.text"
        )[1][0][0]
        assert bad == 0
    before = _checksum(db_path)
    again = ingest(db_path, [str(folder)], extractor=extractor, embedder=fake_embedder)
    assert (again.documents, again.claims, again.skipped_duplicates) == (0, 0, 2)
    assert _checksum(db_path) == before
    report = build_report(db_path)
    assert report.sections and set(report.sections[0].parties) >= {"Poland", "Belarus"}


def test_failed_ingest_leaves_db_unchanged(tmp_path, db_path, extractor, fake_embedder):
    folder = _articles(tmp_path)
    ingest(db_path, [str(folder / "north.txt")], extractor=extractor, embedder=fake_embedder)
    before = _checksum(db_path)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "A fine line, the minister said."}\n{oops\n')
    with pytest.raises(InputError, match="bad.jsonl:2"):
        ingest(
            db_path,
            [str(folder / "south.txt"), str(bad)],
            extractor=extractor,
            embedder=fake_embedder,
        )
    assert _checksum(db_path) == before


def test_error_mid_write_rolls_back(tmp_path, db_path, extractor, fake_embedder):
    folder = _articles(tmp_path)

    class Exploding(type(fake_embedder)):
        pass

    ingest(db_path, [str(folder / "north.txt")], extractor=extractor, embedder=fake_embedder)
    con = duckdb.connect(str(db_path))
    counts = con.execute(
        "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM claims)"
    ).fetchone()
    con.close()

    import claims.link

    original = claims.link.link_document

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    claims.link.link_document = boom
    try:
        with pytest.raises(RuntimeError):
            ingest(db_path, [str(folder / "south.txt")], extractor=extractor, embedder=Exploding())
    finally:
        claims.link.link_document = original
    con = duckdb.connect(str(db_path))
    after = con.execute(
        "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM claims)"
    ).fetchone()
    con.close()
    assert after == counts


def test_identical_claim_text_embedded_once(tmp_path, db_path, extractor, fake_embedder):
    same = "The minister said that the border crossing would reopen on Monday morning.\n"
    a = write_article(tmp_path, "a.txt", same, outlet="A", date="2025-01-01")
    b = write_article(
        tmp_path, "b.txt", same + "\nMore text here.\n", outlet="B", date="2025-01-01"
    )
    ingest(db_path, [str(a), str(b)], extractor=extractor, embedder=fake_embedder)
    embedded = [t for call in fake_embedder.calls for t in call]
    assert embedded.count("the border crossing would reopen on Monday morning") == 1
    c = write_article(
        tmp_path, "c.txt", same + "\nYet another line.\n", outlet="C", date="2025-01-02"
    )
    fake_embedder.calls.clear()
    ingest(db_path, [str(c)], extractor=extractor, embedder=fake_embedder)
    assert fake_embedder.calls == []  # vector reused from the database


class _BatchSensitiveEmbedder:
    """The fake bag-of-words embedder, nudged by the size of each batch.

    Like the int8 ONNX model, whose quantization is per batch: a text's vector depends a
    little on what it is embedded with.
    """

    def __init__(self, inner) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.dimensions = inner.dimensions
        self.calls: list[list[str]] = []

    def embed(self, texts):
        import numpy as np

        self.calls.append(list(texts))
        out = self.inner.embed(texts)
        out[:, 0] += 0.01 * len(texts)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_same_input_same_vectors_whatever_the_timing(
    tmp_path, extractor, fake_embedder, monkeypatch
):
    """A claim text linked as an appearance, then seen again, keeps its first vector.

    Whether a chunk is linked before the next one arrives depends on timing; both ways
    must store the same vectors. Here "FAILED!" in b.txt becomes an appearance of a.txt's
    claim (same text once normalised), and c.txt repeats it next to a new claim.
    """
    import claims.pipeline

    monkeypatch.setattr(claims.pipeline, "EXTRACT_CHUNK", 1)
    berg = "Ruritania's foreign minister Anna Berg said the border talks had {}\n\n"
    files = [
        write_article(tmp_path, "a.txt", berg.format("failed.") + "She added that the talks"
                      " would resume in May.\n", outlet="A", date="2025-01-01"),
        write_article(tmp_path, "b.txt", berg.format("FAILED!") + "Berg said more troops"
                      " were not needed.\n", outlet="B", date="2025-01-01"),
        write_article(tmp_path, "c.txt", berg.format("FAILED!") + "Berg said the harbour"
                      " would stay open to grain ships.\n", outlet="C", date="2025-01-02"),
    ]  # fmt: skip

    def run(done) -> dict:
        monkeypatch.setattr(claims.pipeline, "_done", done)
        db = tmp_path / f"{done.__name__}.duckdb"
        embedder = _BatchSensitiveEmbedder(fake_embedder)
        result = ingest(db, [str(f) for f in files], extractor=extractor, embedder=embedder)
        assert result.merged >= 2  # b's and c's repeats of a's claim
        with Store.open(db, read_only=True) as store:
            rows = store.con.execute("SELECT text, embedding FROM claims").fetchall()
        return {text: tuple(vector) for text, vector in rows}

    def embedded_then_linked(future):  # each chunk linked before the next arrives
        return future is None or future.result() is not None

    def linked_later(future):  # a chunk waits until the next one is queued
        return False

    first = run(embedded_then_linked)
    second = run(linked_later)
    assert "the harbour would stay open to grain ships" in first
    assert first == second


def test_speaker_name_corrections_apply_to_stored_claims_and_later_ingests(
    tmp_path, db_path, extractor, fake_embedder
):
    from claims.pipeline import set_party, set_speaker_name

    first = write_article(
        tmp_path / "a", "a.txt", "The Latvian envoy said the border would stay closed.\n",
        outlet="A", date="2025-05-01",
    )  # fmt: skip
    ingest(db_path, [str(first)], extractor=extractor, embedder=fake_embedder)
    with Store.open(db_path, read_only=True) as store:
        assert [c.speaker for c in store.all_claims()] == ["Latvian envoy"]
    set_party(db_path, "Ilze Ozola", "Latvia")
    assert set_speaker_name(db_path, "latvian ENVOY", "Ilze Ozola") == 1
    later = write_article(
        tmp_path / "b", "b.txt", "The Latvian envoy said the talks were over.\n",
        outlet="B", date="2025-05-02",
    )  # fmt: skip
    ingest(db_path, [str(later)], extractor=extractor, embedder=fake_embedder)
    with Store.open(db_path, read_only=True) as store:
        claims = store.all_claims()
    assert [(c.speaker, c.party) for c in claims] == [("Ilze Ozola", "Latvia")] * 2
    with pytest.raises(InputError):
        set_speaker_name(db_path, "Ilze Ozola", "Ilze Ozola")
