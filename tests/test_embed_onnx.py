"""The int8 ONNX embedding backend: export, cache, accuracy against torch, lightness."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import claims.embed as embed_mod
import claims.embed_onnx as onnx_mod
from claims.embed import SentenceTransformerEmbedder, default_embedder
from claims.embed_onnx import (
    ONNX_MODEL_ID,
    OnnxEmbedder,
    cache_dir,
    cached_model_path,
    ensure_onnx_model,
)
from claims.errors import ModelError

pytest.importorskip("onnxruntime")

# Claim-like sentences of the kind the extractor produces, plus a few harder cases
# (non-English, a very long one past the 256 word-piece limit, quotes, numbers).
SENTENCES = [
    "Polish Foreign Minister Radoslaw Sikorski said the call lasted forty minutes.",
    "Belarus denied that its border guards had fired warning shots.",
    "The Kremlin called the report a provocation designed to derail the talks.",
    "According to a readout from the German chancellery, both leaders agreed to meet again.",
    "\u201cWe will not accept any ultimatum,\u201d the French president told reporters in Paris.",
    "A spokesman for the ministry said no such request had ever been received.",
    "Officials in Warsaw insisted the phone call was initiated by Minsk.",
    "The Chinese embassy said the allegations were groundless and irresponsible.",
    "Ukraine's defence ministry reported that three drones were shot down overnight.",
    "The prime minister's office said talks were constructive and frank.",
    "The US Secretary of State warned that sanctions would follow any further escalation.",
    "Turkish officials claimed the shipment had been inspected twice before departure.",
    "She said the ceasefire had been violated at least twelve times since Sunday.",
    "The Indian foreign secretary rejected the statement as baseless.",
    "Israel said the strike targeted a weapons depot, not a hospital.",
    "No evidence has been presented to support these claims, the ambassador said.",
    "The grain deal expired at midnight.",
    "Minsk asked for the call.",
    "Japan's prime minister said Tokyo would raise the matter at the G7 summit next month.",
    "Brazil's president told the assembly that deforestation fell by half last year.",
    "A senior EU diplomat said the draft was still being negotiated.",
    "The Iranian foreign ministry accused Western powers of hypocrisy over the nuclear file.",
    "Both sides agreed to exchange prisoners before the end of the week.",
    "Police said 14 people were detained after the protest turned violent.",
    "The company said profits rose 8% in the third quarter, beating forecasts.",
    "Russian Defence Ministry spokesman Igor Konashenkov said the units had withdrawn.",
    "\u201cThis is a lie from beginning to end,\u201d Lukashenko's press secretary wrote.",
    "The minister added that the border would remain closed until further notice, citing "
    "security concerns raised by intelligence services over the past several weeks.",
    "Analysts say the dispute is unlikely to be resolved before the elections.",
    "Die Regierung hat die Vorw\u00fcrfe zur\u00fcckgewiesen.",
    "Le ministre a d\u00e9clar\u00e9 que l'accord \u00e9tait historique.",
    " ".join(["The envoy said the negotiations over the corridor would continue."] * 30),
]
# Very short texts lose the most to int8 activations; documented, with a looser bound.
SHORT = ["Yes.", "No.", "Hi.", "phone call", "sanctions"]


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sum(a * b, axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


@pytest.fixture(scope="session")
def session_cache(tmp_path_factory) -> Path:
    """A cache folder private to this test session (nothing written to the user's home)."""
    return tmp_path_factory.mktemp("claims-cache")


@pytest.fixture(autouse=True)
def _hermetic_cache(session_cache, monkeypatch):
    monkeypatch.setenv("CLAIMS_CACHE_DIR", str(session_cache))


@pytest.fixture(scope="session")
def exported(session_cache) -> Path:
    """Export the bundled model once per session into the session cache."""
    messages: list[str] = []
    path = ensure_onnx_model(cache=session_cache, on_export=messages.append)
    assert path.is_file() and len(messages) == 1
    return path


@pytest.fixture(scope="session")
def onnx_embedder(exported, session_cache) -> OnnxEmbedder:
    return OnnxEmbedder(cache=session_cache).load()


@pytest.fixture(scope="session")
def torch_embedder() -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder()


def _fake_model_folder(folder: Path, weights: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "model.safetensors").write_bytes(weights)
    return folder


# --- fast: no model is loaded -------------------------------------------------------------


def test_model_id_says_which_backend():
    torch_e = default_embedder("torch")
    onnx_e = default_embedder("onnx")
    assert isinstance(torch_e, SentenceTransformerEmbedder)
    assert isinstance(onnx_e, OnnxEmbedder)
    assert torch_e.model_id == "all-MiniLM-L6-v2@sentence-transformers"
    assert onnx_e.model_id == ONNX_MODEL_ID == "all-MiniLM-L6-v2@onnx-int8"
    assert torch_e.dimensions == onnx_e.dimensions == 384


def test_auto_prefers_onnx_and_falls_back_to_torch(monkeypatch):
    assert isinstance(default_embedder(), OnnxEmbedder)
    assert isinstance(default_embedder("auto"), OnnxEmbedder)
    monkeypatch.setattr(embed_mod, "onnx_available", lambda: False)
    assert isinstance(default_embedder("auto"), SentenceTransformerEmbedder)
    with pytest.raises(ModelError, match="onnxruntime"):
        default_embedder("onnx")


def test_unknown_backend_is_a_model_error():
    with pytest.raises(ModelError, match="unknown embedding backend 'tensorflow'"):
        default_embedder("tensorflow")


def test_cache_dir_honours_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CLAIMS_CACHE_DIR", str(tmp_path / "here"))
    assert cache_dir() == tmp_path / "here"
    monkeypatch.delenv("CLAIMS_CACHE_DIR")
    assert cache_dir().name == "claims"


def test_cache_key_is_the_weights_hash(tmp_path):
    cache = tmp_path / "cache"
    a = cached_model_path(_fake_model_folder(tmp_path / "a", b"weights A"), cache)
    a_again = cached_model_path(_fake_model_folder(tmp_path / "a2", b"weights A"), cache)
    b = cached_model_path(_fake_model_folder(tmp_path / "b", b"weights B"), cache)
    assert a == a_again != b
    assert a.parent == b.parent == cache / "onnx"
    assert a.name.startswith("all-MiniLM-L6-v2-") and a.suffix == ".onnx"


def test_changed_weights_change_the_key(tmp_path):
    cache = tmp_path / "cache"
    folder = _fake_model_folder(tmp_path / "m", b"old weights")
    before = cached_model_path(folder, cache)
    (folder / "model.safetensors").write_bytes(b"new weights, longer")
    assert cached_model_path(folder, cache) != before


def test_missing_weights_is_a_model_error(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelError, match="no model weights"):
        cached_model_path(tmp_path / "empty", tmp_path / "cache")


def test_ensure_exports_once_then_reuses(tmp_path, monkeypatch):
    folder = _fake_model_folder(tmp_path / "m", b"weights")
    cache = tmp_path / "cache"
    calls: list[tuple[Path, Path]] = []

    def fake_export(model_path, target):
        calls.append((Path(model_path), Path(target)))
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        Path(target).write_bytes(b"onnx")
        return Path(target)

    monkeypatch.setattr(onnx_mod, "export_int8", fake_export)
    told: list[str] = []
    first = ensure_onnx_model(folder, cache, on_export=told.append)
    second = ensure_onnx_model(folder, cache, on_export=told.append)
    assert first == second and first.is_file()
    assert len(calls) == 1 and calls[0] == (folder, first)
    assert len(told) == 1 and "\n" not in told[0]


def test_empty_input_needs_no_model(tmp_path):
    embedder = OnnxEmbedder(tmp_path / "no-such-model", cache=tmp_path / "cache")
    out = embedder.embed([])
    assert out.shape == (0, 384) and out.dtype == np.float32


# --- slow: the real export (once per session) ---------------------------------------------


@pytest.mark.slow
def test_export_failure_is_a_one_line_model_error(tmp_path):
    folder = _fake_model_folder(tmp_path / "broken", b"not a model")
    with pytest.raises(ModelError) as info:
        onnx_mod.export_int8(folder, tmp_path / "out" / "model.onnx")
    assert "\n" not in str(info.value)
    assert not (tmp_path / "out" / "model.onnx").exists()
    assert not list((tmp_path / "out").glob(".export-*"))  # temporary files cleaned up


@pytest.mark.slow
def test_export_leaves_only_the_model_in_the_cache(exported):
    assert exported.name.endswith("-int8-v1.onnx")
    assert [p.name for p in exported.parent.iterdir()] == [exported.name]
    assert exported.stat().st_size < 40_000_000  # int8: about a quarter of the fp32 model


@pytest.mark.slow
def test_onnx_vectors_match_torch(onnx_embedder, torch_embedder):
    ours = onnx_embedder.embed(SENTENCES)
    ref = torch_embedder.embed(SENTENCES)
    assert ours.shape == (len(SENTENCES), 384) and ours.dtype == np.float32
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    cos = _cosines(ours, ref)
    print(f"onnx-int8 vs torch cosine: min {cos.min():.4f} mean {cos.mean():.4f}")
    assert cos.min() >= 0.98, [
        (s[:40], round(float(c), 4)) for s, c in zip(SENTENCES, cos, strict=True)
    ]
    assert cos.mean() >= 0.985


@pytest.mark.slow
def test_very_short_texts_stay_close(onnx_embedder, torch_embedder):
    cos = _cosines(onnx_embedder.embed(SHORT), torch_embedder.embed(SHORT))
    assert cos.min() >= 0.93, cos


@pytest.mark.slow
def test_pairwise_similarities_agree_with_torch(onnx_embedder, torch_embedder):
    ours = onnx_embedder.embed(SENTENCES)
    ref = torch_embedder.embed(SENTENCES)
    upper = np.triu_indices(len(SENTENCES), k=1)
    sim_ours, sim_ref = (ours @ ours.T)[upper], (ref @ ref.T)[upper]
    diff = np.abs(sim_ours - sim_ref)
    assert diff.max() < 0.08 and diff.mean() < 0.02
    rank_ours = np.argsort(np.argsort(sim_ours))
    rank_ref = np.argsort(np.argsort(sim_ref))
    assert np.corrcoef(rank_ours, rank_ref)[0, 1] >= 0.97  # Spearman's rho


@pytest.mark.slow
def test_order_duplicates_and_batching(onnx_embedder, session_cache):
    texts = [
        "Minsk asked for the call.",
        "The weather in Lisbon was sunny.",
        "Minsk asked for the call.",
    ]
    vecs = onnx_embedder.embed(texts)
    assert float(vecs[0] @ vecs[2]) == pytest.approx(1.0, abs=1e-5)
    assert float(vecs[0] @ vecs[1]) < 0.5
    small = OnnxEmbedder(cache=session_cache, batch_size=3).embed(SENTENCES)
    alone = np.stack([onnx_embedder.embed([s])[0] for s in SENTENCES[:6]])
    full = onnx_embedder.embed(SENTENCES)
    # Activations are quantized per batch, so batch-mates move a vector a little.
    assert _cosines(small, full).min() > 0.98
    assert _cosines(alone, full[:6]).min() > 0.98
    assert np.array_equal(onnx_embedder.embed(SENTENCES[:6]), onnx_embedder.embed(SENTENCES[:6]))


@pytest.mark.slow
def test_long_text_is_truncated_not_rejected(onnx_embedder):
    long_text = "word " * 2000
    vec = onnx_embedder.embed([long_text])
    assert vec.shape == (1, 384) and np.isfinite(vec).all()


@pytest.mark.slow
def test_second_load_reuses_the_cached_model(exported, session_cache, monkeypatch):
    mtime = exported.stat().st_mtime_ns

    def no_export(*args, **kwargs):
        raise AssertionError("exported again")

    monkeypatch.setattr(onnx_mod, "export_int8", no_export)
    told: list[str] = []
    again = OnnxEmbedder(cache=session_cache, on_export=told.append).load()
    assert again.onnx_path == exported and told == []
    assert again.embed(["Minsk asked for the call."]).shape == (1, 384)
    assert exported.stat().st_mtime_ns == mtime


@pytest.mark.slow
def test_cached_model_does_not_import_torch(exported, session_cache):
    probe = (
        "import json, sys\n"
        "from claims.embed import default_embedder\n"
        "e = default_embedder('onnx')\n"
        "v = e.embed(['Minsk asked for the call.'])\n"
        "heavy = [m for m in ('torch', 'sentence_transformers', 'transformers') "
        "if m in sys.modules]\n"
        "print(json.dumps({'id': e.model_id, 'shape': list(v.shape), 'heavy': heavy, "
        "'path': str(e.onnx_path)}))\n"
    )
    env = {**os.environ, "CLAIMS_CACHE_DIR": str(session_cache)}
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {
        "id": ONNX_MODEL_ID,
        "shape": [1, 384],
        "heavy": [],
        "path": str(exported),
    }
    assert out.stderr == ""  # the library prints nothing


def test_the_embedder_that_shares_cores_is_the_same_model_on_one_quiet_thread(onnx_embedder):
    quiet = onnx_embedder.sharing_cores()
    assert (quiet.threads, quiet.spin) == (1, False)
    assert (onnx_embedder.threads, onnx_embedder.spin) == (None, True)  # left as it was
    assert quiet.model_id == onnx_embedder.model_id
    cos = _cosines(quiet.embed(SENTENCES), onnx_embedder.embed(SENTENCES))
    assert cos.min() > 0.999
