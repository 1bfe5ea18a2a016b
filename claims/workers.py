"""Extraction in separate processes, so parsing runs beside embedding, linking and storing.

spaCy holds the GIL for about half of its parsing time, so a parsing thread slows the
linking thread down as much as it helps. A parsing *process* does not: on a machine with
two cores one core parses while the other embeds, links and writes. Each worker loads its
own spaCy model once (under a second: :func:`keep_torch_out`), which is why
:func:`auto_workers` only asks for workers when there are enough documents to pay for it.

Workers are started with ``spawn`` (not ``fork``): the parent already runs onnxruntime,
DuckDB and embedding threads, which must not be copied into a child mid-flight.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

from claims.errors import WorkerError
from claims.models import Document, ExtractedDocument

if TYPE_CHECKING:  # pragma: no cover
    from claims.extract import Extractor

MIN_DOCUMENTS_PER_WORKER = 20
"""Below this many new documents per worker, starting a worker costs more than it saves
(measured when its model load took two seconds, now under one: on 2 cores, 40 news-length
articles took 9.1 s parsed in the main process, 8.9 s with one worker and 7.6 s with two)."""

MAX_WORKERS = 4

_extractor: Extractor | None = None
_aliases: dict[str, str] = {}


def auto_workers(n_documents: int, cpus: int | None = None) -> int:
    """How many parsing processes to start for an ingest of ``n_documents``.

    One per core: the parent's work (embedding, linking, writing) comes in bursts, and
    with one core left to it the parent idled while a lone worker parsed (on 2 cores, 383
    articles took 55 s with one worker and 44 s with two). None are started for a small
    ingest or on a single core.

    Args:
        n_documents: New documents to extract.
        cpus: Usable cores; those of this process by default.
    """
    if cpus is None:
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cores = cpus or 1
    if cores < 2:
        return 0
    return min(cores, MAX_WORKERS, n_documents // MIN_DOCUMENTS_PER_WORKER)


def _init(aliases: dict[str, str]) -> None:
    global _aliases
    _aliases = aliases
    keep_torch_out()
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()


def keep_torch_out() -> None:
    """Make ``import torch`` fail in this process, unless torch is already imported.

    spaCy's thinc imports torch when it can (about a second of a worker's two-second
    start) though the bundled pipeline never uses it; thinc takes the ImportError as "no
    torch". Only for a process that does nothing but extract: the torch embedding backend
    needs the real module.
    """
    sys.modules.setdefault("torch", None)  # type: ignore[arg-type]


def _exit_with_parent(parent: int, every: float = 1.0) -> None:
    """Worker side: exit once the ingest process is gone (killed rather than shut down).

    Otherwise an orphaned worker would go on parsing, or wait on its queue for ever.
    """
    while os.getppid() == parent:
        time.sleep(every)
    os._exit(1)


def _extract_chunk(documents: Sequence[Document]) -> tuple[list[ExtractedDocument], float]:
    """Worker side: extract one chunk with this process's extractor (made on first use)."""
    global _extractor
    start = time.perf_counter()
    if _extractor is None:
        from claims.extract import Extractor

        _extractor = Extractor(aliases=_aliases)
        _extractor.nlp  # noqa: B018 - load the model now, inside the timed part
    items = list(_extractor.extract_many(documents))
    return items, time.perf_counter() - start


class ExtractionWorkers:
    """A pool of processes that extract chunks of documents, results in input order.

    Use as a context manager; leaving it early cancels the chunks not started yet.

    Args:
        workers: Number of processes (at least 1).
        aliases: User party aliases, as :class:`claims.extract.Extractor` takes them.
    """

    def __init__(self, workers: int, aliases: dict[str, str] | None = None) -> None:
        import multiprocessing

        self._pool = ProcessPoolExecutor(
            max_workers=max(1, workers),
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init,
            initargs=(dict(aliases or {}),),
        )
        self.seconds = 0.0
        """Time the workers spent extracting (model loads included), summed over chunks."""

    def __enter__(self) -> ExtractionWorkers:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def extract(self, chunks: Sequence[Sequence[Document]]) -> Iterator[list[ExtractedDocument]]:
        """Extract every chunk (all are queued at once), yielding each chunk's results in order.

        The workers are told to exit once the last result is in, so a pool extracts one
        batch of chunks.

        Raises:
            WorkerError: A worker process died (killed, out of memory).
            ClaimsError: Whatever the extractor raised in the worker (a missing model...).
        """
        futures: list[Future] = [self._pool.submit(_extract_chunk, list(c)) for c in chunks]
        try:
            for future in futures:
                items, seconds = future.result()
                self.seconds += seconds
                if future is futures[-1]:
                    # Nothing left to parse: let the workers exit while the caller links.
                    self._pool.shutdown(wait=False)
                yield items
        except BrokenProcessPool as exc:
            raise WorkerError(
                "a parsing process stopped unexpectedly (out of memory?); "
                "try again with --workers 0"
            ) from exc
        finally:
            for future in futures:
                future.cancel()
