"""Bad input, crashes, concurrency and corrupt databases: clear errors, DB untouched."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.cli import cli
from claims.errors import InputError
from claims.ingest import MAX_BYTES, read_sources
from claims.models import Document
from claims.store import Store, TopicRow

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))


def _bad_inputs(folder: Path) -> list[tuple[str, list[str], str]]:
    """(case id, extra CLI args, expected message) for every bad input, written to folder."""
    folder.mkdir()
    files = {
        "empty.txt": b"",
        "blank.txt": b"   \n\n\t\n",
        "header_only.txt": b"URL: https://x.example/a\nOUTLET: X\n\n   \n",
        "binary.txt": b"\x00\x01\x02garbage\x00" * 100,
        "photo.png": PNG,
        "paper.pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
        "malformed.jsonl": b'{"text": "Fine line, the minister said."}\n{"text": oops\n',
        "list.jsonl": b'["not", "an", "object"]\n',
        "no_text.jsonl": b'{"url": "https://x.example/1", "outlet": "X"}\n',
        "blank_lines.jsonl": b"\n\n\n",
        "scripts_only.html": (
            b"<html><head><script>var a = 1;</script></head><body><nav><a href='/'>Home</a>"
            b"</nav><iframe src='x'></iframe></body></html>"
        ),
        "bad_date.txt": b"DATE: the day after tomorrow-ish\n\nThe minister said it rained.\n",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    with open(folder / "huge.txt", "wb") as fh:  # sparse: cheap to make, over the limit
        fh.truncate(MAX_BYTES + 1)
    (folder / "empty_dir").mkdir()
    return [
        ("empty", [str(folder / "empty.txt")], "the input is empty"),
        ("blank", [str(folder / "blank.txt")], "the input is empty"),
        ("header only", [str(folder / "header_only.txt")], "the input is empty"),
        ("binary", [str(folder / "binary.txt")], "looks like a binary file"),
        ("image", [str(folder / "photo.png")], "unsupported file type '.png'"),
        ("pdf", [str(folder / "paper.pdf")], "unsupported file type '.pdf'"),
        ("malformed jsonl", [str(folder / "malformed.jsonl")], "malformed.jsonl:2: malformed JSON"),
        ("jsonl not object", [str(folder / "list.jsonl")], "list.jsonl:1: each line must be"),
        (
            "jsonl no text",
            [str(folder / "no_text.jsonl")],
            'no_text.jsonl:1: missing or empty "text"',
        ),
        ("jsonl blank", [str(folder / "blank_lines.jsonl")], "the input is empty"),
        ("html no article", [str(folder / "scripts_only.html")], "no article text found"),
        ("bad header date", [str(folder / "bad_date.txt")], "cannot read"),
        ("huge", [str(folder / "huge.txt")], "larger than the 20 MB limit"),
        ("missing path", [str(folder / "nope.txt")], "no such file or folder"),
        ("empty folder", [str(folder / "empty_dir")], "no .txt, .md, .html or .jsonl files"),
        (
            "bad --published",
            [str(folder / "blank.txt"), "--published", "someday"],
            "--published: cannot read 'someday'",
        ),
        ("nothing", [], "Missing argument"),
    ]


def _checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _seed_db(path: Path) -> None:
    with Store.open(path) as store, store.transaction():
        store.add_document(Document(text="An article already in the database.", outlet="X"))
    con = duckdb.connect(str(path))
    con.execute("CHECKPOINT")
    con.close()


def test_bad_inputs_give_one_line_errors_and_leave_db_unchanged(tmp_path):
    cases = _bad_inputs(tmp_path / "bad")
    assert len(cases) >= 15
    db = tmp_path / "claims.duckdb"
    _seed_db(db)
    before = _checksum(db)
    runner = CliRunner()
    for case, args, message in cases:
        result = runner.invoke(cli, ["--db", str(db), "ingest", *args])
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert result.exit_code in (1, 2), (case, result.output)
        assert message in result.output, (case, result.output)
        if result.exit_code == 1:
            assert len(lines) == 1, (case, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), case
        assert _checksum(db) == before, case


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not a database" * 50, "DuckDB"),
        (None, "is a directory"),
        ("other", "not a claims database"),
    ],
)
def test_bad_database_files(tmp_path, content, message):
    db = tmp_path / "x.duckdb"
    if content is None:
        db.mkdir()
    elif content == "other":
        con = duckdb.connect(str(db))
        con.execute("CREATE TABLE mine (x INT)")
        con.close()
    else:
        db.write_bytes(content)
    before = None if db.is_dir() else _checksum(db)
    for args in (["sql", "select 1"], ["report"], ["topics"]):
        result = CliRunner().invoke(cli, ["--db", str(db), *args])
        assert result.exit_code == 1, result.output
        assert message in result.output
        assert len([ln for ln in result.output.splitlines() if ln.strip()]) == 1
    if before:
        assert _checksum(db) == before


def test_debug_shows_traceback(tmp_path):
    result = CliRunner().invoke(cli, ["--debug", "--db", str(tmp_path / "x.duckdb"), "report"])
    assert result.exit_code == 1 and result.exception is not None


def test_jsonl_on_error_skip(tmp_path, db_path, fake_embedder, extractor):
    from claims.pipeline import ingest

    bad = tmp_path / "batch.jsonl"
    bad.write_text(
        '{"text": "The Polish defence minister said the border would stay closed."}\n'
        "{broken\n"
        '{"text": "The Belarusian foreign ministry said the border should reopen."}\n'
    )
    with pytest.raises(InputError, match="batch.jsonl:2"):
        ingest(db_path, [str(bad)], extractor=extractor, embedder=fake_embedder)
    assert not db_path.exists()
    result = ingest(
        db_path, [str(bad)], extractor=extractor, embedder=fake_embedder, on_error="skip"
    )
    assert result.documents == 2
    assert len(result.warnings) == 1 and "batch.jsonl:2: malformed JSON" in result.warnings[0]


_HOLD_LOCK = """
import sys
from claims.store import Store, TopicRow
store = Store.open(sys.argv[1])
print("ready", flush=True)
sys.stdin.readline()
"""


def test_second_writer_and_readers_get_a_clear_message(tmp_path):
    db = tmp_path / "claims.duckdb"
    _seed_db(db)
    article = tmp_path / "a.txt"
    article.write_text("The minister said the talks had failed.")
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        for args in (["ingest", str(article)], ["sql", "select 1"], ["report"]):
            result = CliRunner().invoke(cli, ["--db", str(db), *args])
            assert result.exit_code == 1, result.output
            assert "in use by another process" in result.output
    finally:
        holder.communicate("done\n", timeout=30)


_SLOW_INGEST = """
import sys, time
sys.path.insert(0, sys.argv[3])
from tests.conftest import FakeEmbedder
from claims.models import Claim, ExtractedDocument, Span
from claims.pipeline import ingest

class OneClaimPerDoc:
    def extract_many(self, docs):
        for doc in docs:
            end = len(doc.text.rstrip())
            claim = Claim(text=doc.text[:end], content=Span(0, end), speaker="Spokesman",
                          speaker_span=None, cue="said", cue_span=Span(0, 1), kind="indirect",
                          party="Poland")
            yield ExtractedDocument(doc, (claim,), ("Poland",))

def progress(stage, done, total):
    if stage == "store":
        print("storing", done, flush=True)
        time.sleep(0.05)

ingest(sys.argv[1], [sys.argv[2]], extractor=OneClaimPerDoc(), embedder=FakeEmbedder(),
       progress=progress)
print("finished", flush=True)
"""


def test_kill_9_during_ingest_leaves_no_partial_document(tmp_path):
    db = tmp_path / "claims.duckdb"
    _seed_db(db)
    folder = tmp_path / "feed"
    folder.mkdir()
    for n in range(200):
        (folder / f"{n:03d}.txt").write_text(f"Report number {n} says the depot burned on day {n}.")
    root = str(Path(__file__).resolve().parent.parent)
    proc = subprocess.Popen(
        [sys.executable, "-c", _SLOW_INGEST, str(db), str(folder), root],
        stdout=subprocess.PIPE,
        text=True,
    )
    seen = 0
    for line in proc.stdout:
        if line.startswith("storing"):
            seen += 1
            if seen == 20:
                os.kill(proc.pid, signal.SIGKILL)
                break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    with Store.open(db) as store:
        counts = store.counts()
        orphans = store.query(
            "SELECT count(*) FROM claims WHERE doc_id NOT IN (SELECT doc_id FROM documents)"
        )[1][0][0]
    assert counts["documents"] == 1  # only the seed: the killed batch left nothing
    assert counts["claims"] == 0 and orphans == 0


def test_claimreview_export_round_trips(tmp_path):
    import numpy as np

    from claims.models import Claim, Span

    db = tmp_path / "claims.duckdb"
    doc = Document(
        text="Minsk said Polish agents set the depot fire.",
        outlet="Meridian Wire",
        url="https://meridian.example/a",
        published=__import__("datetime").date(2025, 3, 11),
    )
    claim = Claim(
        text="Polish agents set the depot fire",
        content=Span(11, 43),
        speaker="Minsk",
        speaker_span=Span(0, 5),
        cue="said",
        cue_span=Span(6, 10),
        kind="indirect",
        party="Belarus",
    )
    with Store.open(db) as store, store.transaction():
        doc_id = store.add_document(doc)
        vec = np.zeros((1, 384), dtype=np.float32)
        (cid,) = store.add_claims(doc_id, [claim], vec, "m", doc)
        topic_id = store.save_topic(TopicRow(0, "Depot fire", 1, None, (), None, None))
        store.set_topic([cid], topic_id)
        store.refresh_topic_counts()
    runner = CliRunner()
    out = runner.invoke(
        cli, ["--db", str(db), "verdict", str(cid), "--rating", "False", "--reviewer", "Ana"]
    )
    assert out.exit_code == 0, out.output
    exported = runner.invoke(cli, ["--db", str(db), "export", "--format", "claimreview"])
    assert exported.exit_code == 0, exported.output
    (review,) = json.loads(exported.output)
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == claim.text
    assert review["reviewRating"]["alternateName"] == "False"
    assert review["datePublished"]
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"]["name"] == "Minsk"
    assert item["author"]["affiliation"]["name"] == "Belarus"
    assert item["appearance"][0]["url"] == "https://meridian.example/a"
    assert item["firstAppearance"]["datePublished"] == "2025-03-11"
    md = runner.invoke(cli, ["--db", str(db), "export", "--format", "markdown"])
    assert md.exit_code == 0 and "| Belarus |" in md.output
    csv_out = runner.invoke(cli, ["--db", str(db), "export", "--format", "csv"])
    assert csv_out.output.splitlines()[0].startswith("claim_id,topic_id")
    assert "False" in csv_out.output.splitlines()[1]
    missing = runner.invoke(cli, ["--db", str(db), "verdict", "999", "--rating", "True"])
    assert missing.exit_code == 1 and "no claim 999" in missing.output


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash_ingest(tmp_path, data):
    path = tmp_path / "fuzz.txt"
    path.write_bytes(data)
    try:
        docs = read_sources([str(path)])
    except InputError as exc:
        assert "\n" not in str(exc)
    else:
        assert docs and docs[0].text.strip()


@pytest.mark.slow
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=80),
            st.sampled_from(
                [
                    'The minister said "we will not talk".',
                    "\u201cNo,\u201d he told reporters.",
                    "According to Minsk, the call",
                    "Comments (3)",
                    '"unclosed quote said X',
                    "\n\n",
                    "said:",
                ]
            ),
        ),
        max_size=8,
    )
)
def test_extractor_survives_arbitrary_text_and_offsets_slice_back(extractor, parts):
    text = " ".join(parts)
    result = extractor.extract(Document(text=text))
    for claim in result.claims:
        assert text[claim.content.start : claim.content.end] == claim.text
        assert text[claim.cue_span.start : claim.cue_span.end] == claim.cue
        if claim.speaker_span is not None:
            assert 0 <= claim.speaker_span.start <= claim.speaker_span.end <= len(text)
