"""Parallel extraction: worker processes give what the in-process extractor gives."""

import os
import signal
import textwrap
import time

import pytest

from claims.errors import WorkerError
from claims.models import Document
from claims.pipeline import _ClaimStream, ingest
from claims.store import Store
from claims.workers import MIN_DOCUMENTS_PER_WORKER, ExtractionWorkers, auto_workers
from tests.conftest import FakeEmbedder, write_article


@pytest.mark.parametrize(
    ("documents", "cpus", "expected"),
    [
        (10_000, 1, 0),  # one core: nothing to run beside the main process
        (10_000, 2, 2),  # one per core: the main process works in bursts
        (MIN_DOCUMENTS_PER_WORKER, 2, 1),
        (10_000, 16, 4),  # capped
        (MIN_DOCUMENTS_PER_WORKER - 1, 8, 0),  # too few to pay for a model load
        (3 * MIN_DOCUMENTS_PER_WORKER, 8, 3),
    ],
)
def test_auto_workers(documents, cpus, expected):
    assert auto_workers(documents, cpus=cpus) == expected


ARTICLE = (
    "Polish Foreign Minister Jan Nowak said on {day} that Belarus had asked for the talks.\n\n"
    '"We never asked for anything," the Belarusian foreign ministry said in a statement.\n\n'
    "Nowak told reporters that the border would stay closed until {day}.\n"
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _claims(db_path):
    with Store.open(db_path, read_only=True) as store:
        return store.query(
            "SELECT d.content_hash, c.speaker, c.party, c.cue, c.text, c.start_char "
            "FROM claims c JOIN documents d USING (doc_id) ORDER BY 1, 6"
        )[1]


@pytest.mark.slow
def test_worker_process_gives_the_same_claims(tmp_path, extractor, fake_embedder):
    folder = tmp_path / "in"
    for n, day in enumerate(DAYS):
        write_article(
            folder, f"a{n}.txt", ARTICLE.format(day=day), outlet=f"Wire {n}", date="2025-05-02"
        )
    here, there = tmp_path / "here.duckdb", tmp_path / "there.duckdb"
    a = ingest(here, [str(folder)], extractor=extractor, embedder=fake_embedder)
    b = ingest(there, [str(folder)], embedder=fake_embedder, workers=1)
    assert (a.documents, a.claims, a.merged, a.pairs) == (b.documents, b.claims, b.merged, b.pairs)
    assert a.claims + a.merged >= 2 * len(DAYS)  # repeated sentences are appearances
    assert _claims(here) == _claims(there)
    assert dict(b.seconds)["extract"] > 0


@pytest.mark.slow
def test_a_dead_worker_is_a_clear_error(tmp_path):
    docs = [Document(text=ARTICLE.format(day=d)) for d in DAYS]
    with ExtractionWorkers(1) as pool, pytest.raises(WorkerError, match="stopped"):
        # many chunks, so the worker cannot finish them all before it is killed
        results = pool.extract([[docs[i % len(docs)]] for i in range(500)])
        assert len(next(results)) == 1  # the worker is up and has done one chunk
        for pid in list(pool._pool._processes):  # noqa: SLF001 - the test kills the worker
            os.kill(pid, signal.SIGKILL)
        time.sleep(0.2)
        list(results)


class _CountingExtractor:
    def __init__(self, inner):
        self.inner = inner
        self.calls = 0

    def extract_many(self, documents):
        self.calls += 1
        return self.inner.extract_many(documents)


@pytest.mark.slow
def test_stream_replays_for_a_retried_write(fresh_db, extractor, fake_embedder, monkeypatch):
    """On a DuckLake (whose writes are retried) the chunks already made are replayed."""
    import claims.pipeline

    monkeypatch.setattr(claims.pipeline, "EXTRACT_CHUNK", 2)
    monkeypatch.setattr(fresh_db, "lake", True)  # as if a shared DuckLake
    docs = [Document(text=ARTICLE.format(day=d)) for d in DAYS]
    counting = _CountingExtractor(extractor)
    with _ClaimStream(
        fresh_db, counting, fake_embedder, docs, lambda *a: None, workers=0
    ) as stream:
        first = []
        for chunk in stream:  # a write attempt that fails half-way
            first.append(chunk)
            if len(first) == 2:
                break
        second = list(stream)  # the retry: the same chunks, then the rest
    assert counting.calls == 4  # 7 documents in chunks of 2: each chunk extracted once
    assert [c[0] for c in second[:2]] == [c[0] for c in first]
    assert sum(len(items) for items, _ in second) == len(docs)
    for items, vectors in second:
        assert vectors.shape == (sum(len(i.claims) for i in items), fake_embedder.dimensions)


def test_stream_keeps_nothing_for_a_local_file(fresh_db, extractor, fake_embedder, monkeypatch):
    """A local file's write is never retried: chunks handed out are not kept."""
    import claims.pipeline

    monkeypatch.setattr(claims.pipeline, "EXTRACT_CHUNK", 2)
    docs = [Document(text=ARTICLE.format(day=d)) for d in DAYS]
    with _ClaimStream(
        fresh_db, extractor, fake_embedder, docs, lambda *a: None, workers=0
    ) as stream:
        chunks = list(stream)
        assert stream._made == []
    assert sum(len(items) for items, _ in chunks) == len(docs)
    for items, vectors in chunks:
        assert vectors.shape == (sum(len(i.claims) for i in items), fake_embedder.dimensions)


@pytest.mark.slow
def test_a_worker_does_not_outlive_a_killed_ingest(tmp_path):
    import subprocess
    import sys

    script = (
        "from claims.models import Document\n"
        "from claims.workers import ExtractionWorkers\n"
        "docs = [Document(text='The minister said the talks failed.')]\n"
        "with ExtractionWorkers(1) as pool:\n"
        "    results = pool.extract([docs] * 1000)\n"
        "    next(results)\n"
        "    print(list(pool._pool._processes)[0], flush=True)\n"
        "    import time; time.sleep(60)\n"
    )
    path = tmp_path / "ingest.py"
    path.write_text("if __name__ == '__main__':\n" + textwrap.indent(script, "    "))
    parent = subprocess.Popen([sys.executable, str(path)], stdout=subprocess.PIPE, text=True)
    worker = int(parent.stdout.readline())
    parent.kill()  # SIGKILL: no clean shutdown of the pool
    parent.wait()
    deadline = time.time() + 15
    while time.time() < deadline and _alive(worker):
        time.sleep(0.2)
    assert not _alive(worker)


def _alive(pid: int) -> bool:
    try:
        state = open(f"/proc/{pid}/stat").read().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


class _SharingEmbedder(FakeEmbedder):
    """Records whether an ingest asked for a single-threaded copy, and what the copy saw."""

    def __init__(self) -> None:
        super().__init__()
        self.copy: _SharingEmbedder | None = None
        self.blas_threads: set[int] = set()

    def sharing_cores(self):
        self.copy = _SharingEmbedder()
        return self.copy

    def embed(self, texts):
        from threadpoolctl import threadpool_info

        pools = threadpool_info()
        self.blas_threads |= {p["num_threads"] for p in pools if p["user_api"] == "blas"}
        return super().embed(texts)


@pytest.mark.slow
def test_an_ingest_keeps_this_process_to_one_thread_per_library(tmp_path):
    folder = tmp_path / "in"
    for n, day in enumerate(DAYS):
        write_article(
            folder, f"a{n}.txt", ARTICLE.format(day=day), outlet="Wire", date="2025-05-02"
        )
    for workers in (0, 1):
        embedder = _SharingEmbedder()
        ingest(tmp_path / f"w{workers}.duckdb", [str(folder)], embedder=embedder, workers=workers)
        assert embedder.copy is not None and embedder.copy.calls and not embedder.calls
        assert embedder.copy.blas_threads <= {1}


@pytest.mark.slow
def test_a_worker_parses_without_importing_torch(extractor):
    """thinc imports torch when it can: a second of each worker's start, for nothing."""
    import json
    import subprocess
    import sys

    text = ARTICLE.format(day="Monday")
    script = textwrap.dedent(
        f"""
        import json, sys
        from claims.workers import keep_torch_out
        keep_torch_out()
        from claims.extract import Extractor
        from claims.models import Document
        found = Extractor().extract(Document(text={text!r}))
        print(json.dumps([[c.speaker, c.cue, c.text] for c in found.claims]))
        print(sys.modules.get("torch") is None)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    here = extractor.extract(Document(text=text))
    assert json.loads(out[0]) == [[c.speaker, c.cue, c.text] for c in here.claims]
    assert len(here.claims) >= 2
    assert out[1] == "True"


def test_keeping_torch_out_leaves_an_imported_torch_alone(monkeypatch):
    import sys

    from claims.workers import keep_torch_out

    sentinel = object()
    monkeypatch.setitem(sys.modules, "torch", sentinel)
    keep_torch_out()
    assert sys.modules["torch"] is sentinel
    monkeypatch.delitem(sys.modules, "torch")
    keep_torch_out()
    assert "torch" in sys.modules and sys.modules["torch"] is None
    with pytest.raises(ImportError):
        import torch  # noqa: F401


@pytest.mark.parametrize("n_docs", [0, 1, 3, 45, 207, 1000])
@pytest.mark.parametrize("workers", [1, 2, 4])
def test_worker_chunks_cover_every_document_in_order_and_shrink(n_docs, workers):
    from claims.pipeline import MIN_WORKER_CHUNK, WORKER_CHUNK, worker_chunks

    docs = [Document(text=f"article {n}") for n in range(n_docs)]
    chunks = worker_chunks(docs, workers)
    assert [d for chunk in chunks for d in chunk] == docs
    sizes = [len(c) for c in chunks]
    assert all(0 < s <= WORKER_CHUNK for s in sizes)
    assert all(s >= MIN_WORKER_CHUNK for s in sizes[:-1])
    assert sizes == sorted(sizes, reverse=True)  # never grow: the small ones come last
    if n_docs >= 10 * WORKER_CHUNK * workers:
        assert sizes[0] == WORKER_CHUNK
        assert sizes[-1] < WORKER_CHUNK  # the tail is cut finer than the body


@pytest.mark.slow
def test_workers_are_let_go_once_the_last_chunk_is_in():
    from claims.workers import ExtractionWorkers

    docs = [Document(text=ARTICLE.format(day=d)) for d in DAYS[:3]]
    with ExtractionWorkers(1) as pool:
        results = list(pool.extract([docs[:2], docs[2:]]))
        assert [len(r) for r in results] == [2, 1]
        with pytest.raises(RuntimeError):  # shut down: it takes no more work
            pool.extract([docs]).__next__()
