"""Shared fixtures: temporary databases, a small deterministic embedder, the spaCy model."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
import pytest

from claims.models import Claim, Span
from claims.store import Store

WORD = re.compile(r"[a-z0-9]+")


class FakeEmbedder:
    """Deterministic bag-of-words hashing embedder (tests only).

    Texts sharing words get similar vectors, so linking behaves sensibly without torch.
    """

    model_id = "fake-bow@tests"
    dimensions = 384

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def embed(self, texts):
        self.calls.append(list(texts))
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in WORD.findall(text.lower()):
                h = int(hashlib.md5(word.encode()).hexdigest(), 16)
                out[row, h % self.dimensions] += 1.0 if (h >> 20) % 2 else -1.0
            norm = np.linalg.norm(out[row])
            out[row] = out[row] / norm if norm else out[row]
        return out


@pytest.fixture(scope="session", autouse=True)
def _hermetic_model_cache(tmp_path_factory):
    """Exported ONNX models go to a per-run folder, not the user's cache."""
    import os

    if "CLAIMS_CACHE_DIR" not in os.environ:
        os.environ["CLAIMS_CACHE_DIR"] = str(tmp_path_factory.mktemp("model-cache"))
    yield


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "claims.duckdb"


@pytest.fixture
def fresh_db(db_path: Path):
    store = Store.open(db_path)
    yield store
    store.close()


@pytest.fixture(scope="session")
def nlp():
    from claims.extract import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def extractor(nlp):
    from claims.extract import Extractor

    return Extractor(nlp=nlp)


def make_claim(text: str = "the talks failed", party: str | None = None) -> Claim:
    """A claim spoken by "A" with the cue "said", its content the whole text."""
    return Claim(
        text=text,
        content=Span(0, len(text)),
        speaker="A",
        speaker_span=None,
        cue="said",
        cue_span=Span(0, 4),
        kind="indirect",
        party=party,
    )


def write_article(
    folder: Path, name: str, body: str, *, outlet: str, date: str, url: str = "", title: str = ""
) -> Path:
    """Write an article with the KEY: value header the ingester reads."""
    folder.mkdir(parents=True, exist_ok=True)
    host = outlet.lower().replace(" ", "")
    header = [
        f"URL: {url or f'https://{host}.example/{name}'}",
        f"OUTLET: {outlet}",
        f"DATE: {date}",
    ]
    if title:
        header.append(f"TITLE: {title}")
    path = folder / name
    path.write_text("\n".join(header) + "\n\n" + body, encoding="utf-8")
    return path


def toy_weights(**overrides):
    """Hand-set weights, so decision tests do not depend on the fitted file."""
    raw = {
        "coef": {
            "contradiction": {"conflict_similarity": 8.0},
            "agreement": {"similarity": 8.0, "conflict": -8.0},
            "neutral": {},
        },
        "intercept": {"contradiction": -4.0, "agreement": -6.0, "neutral": 0.0},
        "contradiction_threshold": 0.5,
        "agreement_threshold": 0.5,
        "agreement_min_similarity": 0.7,
        "opposing_parties": 0.0,
        "related_threshold": 0.3,
    }
    raw.update(overrides)
    from claims.contradict import Weights

    return Weights.from_dict(raw)
