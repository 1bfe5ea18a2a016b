"""Small timing helpers: wall clocks, medians, subprocess cold starts, timed wrappers."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

T = TypeVar("T")


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    """Run ``fn`` once; return (seconds, result)."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def median(values: Sequence[float]) -> float:
    """Return the median (0.0 for no values)."""
    return float(statistics.median(values)) if values else 0.0


@dataclass(frozen=True)
class Run:
    """Wall times of repeated runs of one command."""

    seconds: tuple[float, ...]
    ok: bool
    error: str = ""

    @property
    def median(self) -> float:
        """Return the median wall time."""
        return median(self.seconds)


def run_command(
    argv: Sequence[str], repeats: int, env: dict[str, str] | None = None, timeout: float = 600
) -> Run:
    """Run a command ``repeats`` times (output discarded) and record each wall time.

    Stops at the first failure; ``ok`` is False then and ``error`` holds the last line of
    its stderr.
    """
    seconds = []
    full_env = {**os.environ, **(env or {})}
    for _ in range(max(1, repeats)):
        start = time.perf_counter()
        proc = subprocess.run(
            list(argv),
            env=full_env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            timeout=timeout,
        )
        seconds.append(time.perf_counter() - start)
        if proc.returncode != 0:
            lines = [line for line in proc.stderr.splitlines() if line.strip()]
            return Run(tuple(seconds), False, lines[-1] if lines else f"exit {proc.returncode}")
    return Run(tuple(seconds), True)


class TimedEmbedder:
    """Wraps an embedder, adding up the time spent in ``embed`` and recording the texts."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.dimensions = inner.dimensions
        self.seconds = 0.0
        self.texts: list[str] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed through the wrapped embedder, timing the call."""
        start = time.perf_counter()
        try:
            return self.inner.embed(texts)
        finally:
            self.seconds += time.perf_counter() - start
            self.texts.extend(texts)
