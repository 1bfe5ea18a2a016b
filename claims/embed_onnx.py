"""A faster embedding backend: all-MiniLM-L6-v2 as an int8 ONNX model.

The bundled sentence-transformers weights are exported once to ONNX (transformer forward,
attention-mask mean pooling and L2 normalisation in one graph), quantized to int8 with
per-channel weight scales, and cached in the user's cache folder under a name derived from
a hash of the weights file. Later runs load the cached file with plain ``onnxruntime`` and
tokenise with ``tokenizers``: neither torch nor sentence-transformers is imported then.
Exporting needs torch and transformers, which are imported only for that.

Vectors are close to the torch backend's (cosine about 0.99 on claim sentences, lower on
one-word texts) but not equal, so they carry their own ``model_id``. Activations are
quantized per batch, so a text's vector also moves slightly (cosine above 0.98) with the
texts it is batched with; texts are grouped by length, which keeps batch-mates alike.

The cache folder is ``$CLAIMS_CACHE_DIR`` when set, else ``platformdirs.user_cache_dir
("claims")`` when platformdirs is installed, else ``~/.cache/claims``.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from claims.embed import DEFAULT_MODEL_ID, DIMENSIONS, bundled_model_path
from claims.errors import ModelError

ONNX_MODEL_ID = f"{DEFAULT_MODEL_ID}@onnx-int8"
"""The ``model_id`` stored with vectors made by :class:`OnnxEmbedder`."""

MAX_SEQ_LENGTH = 256
"""Word pieces per text, special tokens included (sentence-transformers' max_seq_length)."""

EXPORT_FORMAT = 1
"""Bumped whenever the exported graph or the quantization changes (part of the cache key)."""

CACHE_ENV = "CLAIMS_CACHE_DIR"
_WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
_INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")
_OUTPUT_NAME = "embedding"

ExportCallback = Callable[[str], None]
"""Called with a one-line message just before the one-time export starts."""


def cache_dir() -> Path:
    """Return the folder that holds exported models (it may not exist yet)."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    try:
        import platformdirs
    except ImportError:
        return Path.home() / ".cache" / "claims"
    return Path(platformdirs.user_cache_dir("claims"))


def weights_file(model_path: str | Path) -> Path:
    """Return the weights file of a sentence-transformers model folder.

    Raises:
        ModelError: The folder has no ``model.safetensors`` or ``pytorch_model.bin``.
    """
    for name in _WEIGHT_FILES:
        candidate = Path(model_path) / name
        if candidate.is_file():
            return candidate
    raise ModelError(f"no model weights in {model_path}")


def weights_digest(model_path: str | Path, cache: Path | None = None) -> str:
    """Return the SHA-256 of a model folder's weights file.

    The digest is memoised in the cache folder under the file's path, size and modification
    time, so a warm start does not read the whole file again.

    Args:
        model_path: The sentence-transformers model folder.
        cache: The cache folder; :func:`cache_dir` by default.
    """
    weights = weights_file(model_path).resolve()
    stat = weights.stat()
    stamp = f"{weights}|{stat.st_size}|{stat.st_mtime_ns}"
    memo = (cache or cache_dir()) / "digests" / hashlib.sha1(stamp.encode()).hexdigest()
    try:
        digest = memo.read_text(encoding="ascii").strip()
        if len(digest) == 64:
            return digest
    except OSError:
        pass
    with weights.open("rb") as fh:
        digest = hashlib.file_digest(fh, "sha256").hexdigest()
    with contextlib.suppress(OSError):  # the memo is an optimisation only
        _atomic_write_bytes(memo, digest.encode("ascii"))
    return digest


def cached_model_path(model_path: str | Path | None = None, cache: Path | None = None) -> Path:
    """Return where the int8 ONNX export of a model folder is (or will be) cached.

    Args:
        model_path: The sentence-transformers model folder; the bundled one by default.
        cache: The cache folder; :func:`cache_dir` by default.
    """
    folder = Path(model_path or bundled_model_path())
    cache = cache or cache_dir()
    digest = weights_digest(folder, cache)
    return cache / "onnx" / f"{DEFAULT_MODEL_ID}-{digest[:16]}-int8-v{EXPORT_FORMAT}.onnx"


def ensure_onnx_model(
    model_path: str | Path | None = None,
    cache: Path | None = None,
    on_export: ExportCallback | None = None,
) -> Path:
    """Return the cached int8 ONNX model, exporting it first if it is not cached yet.

    Args:
        model_path: The sentence-transformers model folder; the bundled one by default.
        cache: The cache folder; :func:`cache_dir` by default.
        on_export: Told (one line) before a slow first-time export starts.

    Raises:
        ModelError: The export fails (torch or transformers missing, disk full...).
    """
    folder = Path(model_path or bundled_model_path())
    target = cached_model_path(folder, cache)
    if target.is_file():
        return target
    if on_export is not None:
        on_export(f"preparing the int8 ONNX embedding model (once; cached in {target.parent})")
    export_int8(folder, target)
    return target


def export_int8(model_path: str | Path, target: str | Path) -> Path:
    """Export a sentence-transformers MiniLM folder to an int8 ONNX file.

    The graph takes ``input_ids``, ``attention_mask`` and ``token_type_ids`` (int64, dynamic
    batch and sequence axes) and returns ``embedding``: mean-pooled, L2-normalised float32
    rows. Weights are quantized to int8 per channel (``quantize_dynamic``). The file is
    written to a temporary name next to ``target`` and renamed, so readers never see a
    half-written model.

    Args:
        model_path: The sentence-transformers model folder (``config.json`` + weights).
        target: Where to write the quantized model.

    Returns:
        ``target`` as a path.

    Raises:
        ModelError: torch, transformers or onnxruntime is missing, or the export fails.
    """
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".export-", dir=target.parent) as tmp:
            fp32 = Path(tmp) / "model-fp32.onnx"
            int8 = Path(tmp) / "model-int8.onnx"
            with _quiet():
                _export_fp32(Path(model_path), fp32)
                from onnxruntime.quantization import QuantType, quantize_dynamic

                quantize_dynamic(
                    str(fp32), str(int8), per_channel=True, weight_type=QuantType.QInt8
                )
            os.replace(int8, target)
    except ModelError:
        raise
    except ImportError as exc:
        raise ModelError(
            f"exporting the ONNX model needs torch, transformers and onnxruntime ({exc.name} "
            "is missing)"
        ) from exc
    except Exception as exc:
        message = f"{exc}".splitlines()[0] if str(exc) else type(exc).__name__
        raise ModelError(f"cannot export the ONNX embedding model: {message}") from exc
    return target


def _export_fp32(model_path: Path, out: Path) -> None:
    """Trace the transformer + pooling + normalisation into a float32 ONNX file."""
    _offline_env()
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    model = AutoModel.from_pretrained(str(model_path), attn_implementation="eager")
    model.eval()

    class MeanPooled(torch.nn.Module):
        """Transformer forward, attention-mask mean pooling and L2 normalisation."""

        def __init__(self, encoder: torch.nn.Module) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(
            self,
            input_ids: torch.Tensor,
            attention_mask: torch.Tensor,
            token_type_ids: torch.Tensor,
        ) -> torch.Tensor:
            tokens = self.encoder(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=token_type_ids,
            )[0]
            mask = attention_mask.unsqueeze(-1).to(tokens.dtype)
            summed = (tokens * mask).sum(dim=1)
            counts = mask.sum(dim=1).clamp(min=1e-9)
            return torch.nn.functional.normalize(summed / counts, p=2.0, dim=1)

    # A padded dummy batch, so that mask handling is traced in its general form.
    input_ids = torch.tensor(
        [[101, 7592, 2088, 2003, 2307, 1012, 102], [101, 7592, 102, 0, 0, 0, 0]]
    )
    attention_mask = (input_ids != 0).to(torch.long)
    token_type_ids = torch.zeros_like(input_ids)
    axes = {name: {0: "batch", 1: "sequence"} for name in _INPUT_NAMES}
    axes[_OUTPUT_NAME] = {0: "batch"}
    with torch.no_grad():
        torch.onnx.export(
            MeanPooled(model),
            (input_ids, attention_mask, token_type_ids),
            str(out),
            input_names=list(_INPUT_NAMES),
            output_names=[_OUTPUT_NAME],
            dynamic_axes=axes,
            opset_version=17,
            do_constant_folding=True,
            dynamo=False,
        )


class OnnxEmbedder:
    """all-MiniLM-L6-v2 as an int8 ONNX model run by onnxruntime.

    Same protocol as :class:`claims.embed.SentenceTransformerEmbedder`. The model is
    exported on first use if the cache does not hold it yet (that needs torch); afterwards
    only onnxruntime, tokenizers and numpy are used.

    Args:
        model_path: A sentence-transformers model folder (weights + ``tokenizer.json``);
            the bundled one by default.
        batch_size: Texts per forward pass (texts are grouped by length to limit padding).
        cache: The cache folder for the exported model; :func:`cache_dir` by default.
        threads: onnxruntime intra-op threads; onnxruntime's default (one per physical
            core) when None.
        spin: Let idle onnxruntime threads spin, waiting for the next batch (faster
            alone; off where other work needs the cores, see :meth:`sharing_cores`).
        on_export: Told (one line) before a slow first-time export starts.
    """

    dimensions = DIMENSIONS

    def __init__(
        self,
        model_path: str | Path | None = None,
        *,
        batch_size: int = 64,
        cache: str | Path | None = None,
        threads: int | None = None,
        spin: bool = True,
        on_export: ExportCallback | None = None,
    ) -> None:
        self.model_path = str(model_path) if model_path is not None else None
        self.batch_size = max(1, int(batch_size))
        self.cache = Path(cache) if cache is not None else None
        self.threads = threads
        self.spin = spin
        self.on_export = on_export
        self.model_id = ONNX_MODEL_ID
        self.onnx_path: Path | None = None
        self._session: Any = None
        self._tokenizer: Any = None
        self._input_names: tuple[str, ...] = ()

    def load(self) -> OnnxEmbedder:
        """Load (exporting first if needed) the model and tokenizer now; return self.

        Raises:
            ModelError: onnxruntime or tokenizers is missing, or the model cannot be loaded.
        """
        if self._session is not None:
            return self
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise ModelError(
                f"the ONNX embedding backend needs {exc.name}; install it or use the torch backend"
            ) from exc
        folder = Path(self.model_path or bundled_model_path())
        path = ensure_onnx_model(folder, self.cache, self.on_export)
        try:
            tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
            tokenizer.no_padding()
            tokenizer.enable_truncation(max_length=MAX_SEQ_LENGTH)
            options = ort.SessionOptions()
            options.log_severity_level = 3
            if self.threads:
                options.intra_op_num_threads = int(self.threads)
            if not self.spin:
                options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            session = ort.InferenceSession(
                str(path), sess_options=options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:
            message = f"{exc}".splitlines()[0] if str(exc) else type(exc).__name__
            raise ModelError(f"cannot load the ONNX embedding model {path}: {message}") from exc
        self._tokenizer = tokenizer
        self._session = session
        self._input_names = tuple(i.name for i in session.get_inputs())
        self.onnx_path = path
        return self

    def sharing_cores(self) -> OnnxEmbedder:
        """The same model on one thread that never spins.

        For an ingest, whose other stages need the other core: a pool of spinning threads
        took CPU from them while it waited for the next batch.
        """
        return OnnxEmbedder(
            self.model_path,
            batch_size=self.batch_size,
            cache=self.cache,
            threads=1,
            spin=False,
            on_export=self.on_export,
        )

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts; returns L2-normalised float32 rows, one per text, in order."""
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        if not texts:
            return out
        self.load()
        encodings = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), self.batch_size):
            rows = order[start : start + self.batch_size]
            out[rows] = self._run([encodings[i] for i in rows])
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out

    def _run(self, encodings: list[Any]) -> np.ndarray:
        """One forward pass over a batch of encodings, padded to the longest."""
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        types = np.zeros_like(ids)
        for row, enc in enumerate(encodings):
            n = len(enc.ids)
            ids[row, :n] = enc.ids
            mask[row, :n] = enc.attention_mask
            types[row, :n] = enc.type_ids
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        try:
            result = self._session.run(
                [_OUTPUT_NAME], {name: feeds[name] for name in self._input_names}
            )
        except Exception as exc:  # pragma: no cover - onnxruntime failure
            message = f"{exc}".splitlines()[0] if str(exc) else type(exc).__name__
            raise ModelError(f"ONNX embedding failed: {message}") from exc
        return np.asarray(result[0], dtype=np.float32)


def _offline_env() -> None:
    """Make Hugging Face libraries offline and quiet (as :mod:`claims.embed` does)."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


class _DropRecords(logging.Filter):
    """Drop log records of torch, transformers and onnxruntime (the quantizer logs to root)."""

    def filter(self, record: logging.LogRecord) -> bool:
        path = record.pathname.replace(os.sep, "/")
        return not any(part in path for part in ("/onnxruntime/", "/torch/", "/transformers/"))


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Silence warnings and root-logger chatter from torch.onnx and the quantizer."""
    root = logging.getLogger()
    dropper = _DropRecords()
    root.addFilter(dropper)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        root.removeFilter(dropper)


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write a small file through a temporary name and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
