"""Score topic linking and the contradiction scorer on FNC-1 / ARC stance data.

A stance folder holds two CSV files in the FNC-1 format (Pomerleau & Rao 2017; ARC by
Hanselowski et al. 2018 uses it too): ``*stances*.csv`` with ``Headline``, ``Body ID``
and ``Stance`` (agree, disagree, discuss, unrelated) and ``*bodies*.csv`` with
``Body ID`` and ``articleBody``.

* **Related vs unrelated** uses the topic-linking signal: the cosine similarity of the
  headline's embedding and the best-matching chunk of the body, against
  ``related_threshold`` from ``claims/data/scorer.json``. MiniLM truncates long inputs,
  so a body is cut into chunks of whole sentences of at most about 60 words, embedded
  once per Body ID.
* **Agree vs disagree** (rows whose gold stance is agree or disagree): the headline is
  scored against the body chunks closest to it with
  :func:`claims.contradict.score_texts` as two opposing parties; a contradiction means
  *disagree*, anything else *agree*.
* **4-class**: unrelated below the threshold, else disagree on a contradiction, agree
  on an agreement, discuss otherwise.

The report gives macro-F1 of each view and the FNC-1 weighted score (0.25 for getting
related/unrelated right, 0.75 more for the exact label of a related pair), as a
percentage of the best possible score.
"""

from __future__ import annotations

import csv
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rich.table import Table

from claims.contradict import PairScore, Weights, score_texts
from claims.embed import Embedder, embed_unique
from claims.errors import InputError

STANCES: tuple[str, ...] = ("agree", "disagree", "discuss", "unrelated")
RELATED: tuple[str, ...] = ("agree", "disagree", "discuss")
PARTIES: tuple[str, str] = ("headline", "article")
"""The two made-up opposing parties a headline and an article are scored under."""

MAX_SENTENCES = 40
"""Body sentences read per article (ARC bodies have at most 20)."""
CHUNK_WORDS = 60
"""Sentences are grouped into chunks of at most this many words (one longer sentence
stays whole); MiniLM reads 256 word pieces at most."""
TOP_CHUNKS = 2
"""Body chunks closest to the headline that the stance is scored against."""

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"\u201d')\]])\s+|\n+")


@dataclass(frozen=True)
class StanceRow:
    """One (headline, body) pair with its gold stance."""

    headline: str
    body_id: str
    stance: str


def split_sentences(text: str, max_sentences: int = MAX_SENTENCES) -> list[str]:
    """Split an article body into at most ``max_sentences`` sentences.

    Splits after ``.``, ``!`` or ``?`` (and a closing quote or bracket) followed by
    whitespace, and at line breaks. A body without any sentence gives its first 500
    characters, an empty body an empty list.
    """
    parts = [p.strip() for p in _SENTENCE_END.split(text) if p and len(p.strip()) > 2]
    if not parts and text.strip():
        parts = [text.strip()[:500]]
    return parts[:max_sentences]


def chunk_body(
    text: str, max_words: int = CHUNK_WORDS, max_sentences: int = MAX_SENTENCES
) -> list[str]:
    """Cut an article body into chunks of whole sentences of at most ``max_words`` words.

    A sentence longer than ``max_words`` is a chunk of its own.
    """
    chunks: list[str] = []
    current: list[str] = []
    words = 0
    for sentence in split_sentences(text, max_sentences):
        n = len(sentence.split())
        if current and words + n > max_words:
            chunks.append(" ".join(current))
            current, words = [], 0
        current.append(sentence)
        words += n
    if current:
        chunks.append(" ".join(current))
    return chunks


def find_stance_files(directory: str | Path) -> tuple[Path, Path]:
    """The ``*stances*.csv`` and ``*bodies*.csv`` files of a stance folder.

    Raises:
        InputError: If the folder is missing, or has not exactly one file of each kind.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise InputError(f"no stance data folder at {directory}")
    found = []
    for pattern in ("*stances*.csv", "*bodies*.csv"):
        matches = sorted(directory.glob(pattern))
        if len(matches) != 1:
            what = "no" if not matches else "more than one"
            raise InputError(f"{directory}: {what} file matching {pattern}")
        found.append(matches[0])
    return found[0], found[1]


def _read_csv(path: Path, columns: Sequence[str]) -> list[dict[str, str]]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"{path.name}: missing column(s) {', '.join(missing)}")
        return list(reader)


def load_stance_data(directory: str | Path) -> tuple[list[StanceRow], dict[str, str]]:
    """Read a stance folder.

    Returns:
        The stance rows in file order, and the bodies by Body ID.

    Raises:
        InputError: On a missing file or column, an unknown stance, or a row whose
            Body ID has no body.
    """
    stances_path, bodies_path = find_stance_files(directory)
    bodies = {
        r["Body ID"].strip(): r["articleBody"]
        for r in _read_csv(bodies_path, ("Body ID", "articleBody"))
    }
    rows = []
    for line, r in enumerate(_read_csv(stances_path, ("Headline", "Body ID", "Stance")), 2):
        stance = r["Stance"].strip().lower()
        if stance not in STANCES:
            raise InputError(f"{stances_path.name}:{line}: unknown stance {stance!r}")
        body_id = r["Body ID"].strip()
        if body_id not in bodies:
            raise InputError(f"{stances_path.name}:{line}: no body with Body ID {body_id}")
        rows.append(StanceRow(r["Headline"].strip(), body_id, stance))
    if not rows:
        raise InputError(f"{stances_path.name}: no stance rows")
    return rows, bodies


class BodyIndex:
    """Chunk embeddings of article bodies (:func:`chunk_body`), computed once per Body ID.

    Args:
        embedder: The sentence embedder.
        bodies: Body texts by Body ID.
    """

    def __init__(self, embedder: Embedder, bodies: dict[str, str]) -> None:
        self.embedder = embedder
        self.bodies = bodies
        self.chunks: dict[str, list[str]] = {}
        self.vectors: dict[str, np.ndarray] = {}

    def add(self, body_ids: Sequence[str]) -> None:
        """Embed the chunks of the bodies not embedded yet (in one batch)."""
        todo = [b for b in dict.fromkeys(body_ids) if b not in self.vectors]
        if not todo:
            return
        split = {b: chunk_body(self.bodies[b]) or [""] for b in todo}
        flat = [s for b in todo for s in split[b]]
        vecs = embed_unique(self.embedder, flat)
        row = 0
        for b in todo:
            k = len(split[b])
            self.chunks[b] = split[b]
            self.vectors[b] = vecs[row : row + k]
            row += k

    def similarities(self, body_id: str, vector: np.ndarray) -> np.ndarray:
        """Cosine similarity of a (unit) vector with each chunk of a body."""
        self.add([body_id])
        return self.vectors[body_id] @ vector


def relatedness(
    rows: Sequence[StanceRow], embedder: Embedder, index: BodyIndex
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Best chunk similarity of each row's headline and body.

    Returns:
        The per-row maximum cosine similarity, and the headline vectors by headline.
    """
    index.add([r.body_id for r in rows])
    heads = list(dict.fromkeys(r.headline for r in rows))
    head_vecs = dict(zip(heads, embed_unique(embedder, heads), strict=True))
    sims = np.array(
        [float(index.similarities(r.body_id, head_vecs[r.headline]).max()) for r in rows]
    )
    return sims, head_vecs


def stance_score(
    row: StanceRow,
    head_vec: np.ndarray,
    index: BodyIndex,
    weights: Weights,
    top: int = TOP_CHUNKS,
) -> PairScore:
    """Score a headline against the ``top`` body chunks closest to it.

    Returns:
        The first contradiction among them (closest first), else the first agreement,
        else the score against the closest chunk.
    """
    sims = index.similarities(row.body_id, head_vec)
    order = np.argsort(-sims, kind="stable")[:top]
    scores = [
        score_texts(
            row.headline,
            index.chunks[row.body_id][j],
            float(sims[j]),
            weights,
            party_a=PARTIES[0],
            party_b=PARTIES[1],
        )
        for j in order
    ]
    for relation in ("contradiction", "agreement"):
        for score in scores:
            if score.relation == relation:
                return score
    return scores[0]


def macro_f1(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> float:
    """Unweighted mean of the per-label F1 scores (a label never seen nor predicted: 0)."""
    return float(np.mean([f1_of(gold, pred, label) for label in labels]))


def f1_of(gold: Sequence[str], pred: Sequence[str], label: str) -> float:
    """F1 of one label."""
    tp = sum(g == label and p == label for g, p in zip(gold, pred, strict=True))
    n_pred = sum(p == label for p in pred)
    n_gold = sum(g == label for g in gold)
    return 2 * tp / (n_pred + n_gold) if tp else 0.0


def fnc_score(gold: Sequence[str], pred: Sequence[str]) -> tuple[float, float]:
    """The FNC-1 weighted score and its maximum.

    0.25 when related/unrelated is right; 0.75 more when a related pair's label
    (agree, disagree, discuss) is exactly right.
    """
    score = best = 0.0
    for g, p in zip(gold, pred, strict=True):
        best += 0.25 if g == "unrelated" else 1.0
        if (g == "unrelated") == (p == "unrelated"):
            score += 0.25
            if g != "unrelated" and g == p:
                score += 0.75
    return score, best


@dataclass
class StanceReport:
    """Scores on a stance folder.

    Attributes:
        name: Folder name.
        n_rows: Number of (headline, body) rows scored.
        n_bodies: Number of distinct bodies embedded.
        related_threshold: Cosine threshold used for related vs unrelated.
        confusion: ``confusion[gold][predicted]`` counts over :data:`STANCES`.
        agree_disagree: ``confusion[gold][predicted]`` over agree/disagree, for the rows
            whose gold stance is agree or disagree.
        seconds: Wall time of the run (embedding included).
        model_id: The embedder used.
        limit: The row limit of the run, if any.
    """

    name: str
    n_rows: int
    n_bodies: int
    related_threshold: float
    confusion: dict[str, dict[str, int]]
    agree_disagree: dict[str, dict[str, int]]
    seconds: float = 0.0
    model_id: str = ""
    limit: int | None = None

    def _pairs(self, matrix: dict[str, dict[str, int]]) -> tuple[list[str], list[str]]:
        gold, pred = [], []
        for g, row in matrix.items():
            for p, n in row.items():
                gold += [g] * n
                pred += [p] * n
        return gold, pred

    @property
    def related_f1(self) -> float:
        """Macro-F1 of related vs unrelated."""
        gold, pred = self._pairs(self.confusion)
        to_rel = ["related" if s != "unrelated" else s for s in gold]
        pred_rel = ["related" if s != "unrelated" else s for s in pred]
        return macro_f1(to_rel, pred_rel, ("related", "unrelated"))

    @property
    def agree_disagree_f1(self) -> float:
        """Macro-F1 of agree vs disagree on the gold agree/disagree rows."""
        gold, pred = self._pairs(self.agree_disagree)
        return macro_f1(gold, pred, ("agree", "disagree"))

    @property
    def four_class_f1(self) -> float:
        """Macro-F1 over agree, disagree, discuss and unrelated."""
        gold, pred = self._pairs(self.confusion)
        return macro_f1(gold, pred, STANCES)

    @property
    def fnc(self) -> tuple[float, float]:
        """FNC-1 weighted score and its maximum."""
        return fnc_score(*self._pairs(self.confusion))

    @property
    def fnc_percent(self) -> float:
        """FNC-1 score as a percentage of the maximum."""
        score, best = self.fnc
        return 100 * score / best if best else 0.0

    def per_class_f1(self) -> dict[str, float]:
        """F1 of each of the four stances."""
        gold, pred = self._pairs(self.confusion)
        return {s: f1_of(gold, pred, s) for s in STANCES}

    def to_dict(self) -> dict[str, object]:
        """Return the report as a JSON-able dict.

        Returns:
            ``{"name", "n_rows", "n_bodies", "limit", "related_threshold",
            "related_unrelated_macro_f1", "agree_disagree_macro_f1",
            "four_class_macro_f1", "per_class_f1", "fnc_score", "fnc_max",
            "fnc_percent", "confusion", "agree_disagree_confusion", "seconds",
            "model_id"}``.
        """
        score, best = self.fnc
        return {
            "name": self.name,
            "n_rows": self.n_rows,
            "n_bodies": self.n_bodies,
            "limit": self.limit,
            "related_threshold": self.related_threshold,
            "related_unrelated_macro_f1": self.related_f1,
            "agree_disagree_macro_f1": self.agree_disagree_f1,
            "four_class_macro_f1": self.four_class_f1,
            "per_class_f1": self.per_class_f1(),
            "fnc_score": score,
            "fnc_max": best,
            "fnc_percent": self.fnc_percent,
            "confusion": {g: dict(r) for g, r in self.confusion.items()},
            "agree_disagree_confusion": {g: dict(r) for g, r in self.agree_disagree.items()},
            "seconds": self.seconds,
            "model_id": self.model_id,
        }

    def table(self) -> Table:
        """Render the scores and the 4-class confusion matrix as a rich table."""
        limit = f", first {self.limit} rows" if self.limit else ""
        table = Table(
            title=f"Stance {self.name}: {self.n_rows} rows, {self.n_bodies} bodies{limit} "
            f"({self.model_id})"
        )
        table.add_column("metric", no_wrap=True)
        table.add_column("value", justify="right")
        table.add_column("gold \\ predicted", no_wrap=True)
        for stance in STANCES:
            table.add_column(stance, justify="right")
        metrics = [
            ("related/unrelated macro-F1", f"{self.related_f1:.3f}"),
            ("agree/disagree macro-F1", f"{self.agree_disagree_f1:.3f}"),
            ("4-class macro-F1", f"{self.four_class_f1:.3f}"),
            ("FNC-1 score", f"{self.fnc_percent:.1f}%"),
            ("related threshold (cosine)", f"{self.related_threshold:.3f}"),
        ]
        for i, (name, value) in enumerate(metrics):
            if i < len(STANCES):
                gold = STANCES[i]
                cells = [gold, *(str(self.confusion[gold][p]) for p in STANCES)]
            else:
                cells = [""] * (len(STANCES) + 1)
            table.add_row(name, value, *cells, style="bold" if "F1" in name else None)
        return table


def evaluate_stance(
    rows: Sequence[StanceRow],
    bodies: dict[str, str],
    embedder: Embedder,
    weights: Weights | None = None,
    name: str = "",
) -> StanceReport:
    """Predict and score the stance of each row (see the module docstring)."""
    weights = weights or Weights.load()
    index = BodyIndex(embedder, bodies)
    sims, head_vecs = relatedness(rows, embedder, index)
    confusion = {g: dict.fromkeys(STANCES, 0) for g in STANCES}
    agree_disagree = {g: {"agree": 0, "disagree": 0} for g in ("agree", "disagree")}
    for row, sim in zip(rows, sims, strict=True):
        need_stance = sim >= weights.related_threshold or row.stance in ("agree", "disagree")
        relation = None
        if need_stance:
            relation = stance_score(row, head_vecs[row.headline], index, weights).relation
        if row.stance in ("agree", "disagree"):
            agree_disagree[row.stance]["disagree" if relation == "contradiction" else "agree"] += 1
        if sim < weights.related_threshold:
            predicted = "unrelated"
        elif relation == "contradiction":
            predicted = "disagree"
        elif relation == "agreement":
            predicted = "agree"
        else:
            predicted = "discuss"
        confusion[row.stance][predicted] += 1
    return StanceReport(
        name=name,
        n_rows=len(rows),
        n_bodies=len(index.vectors),
        related_threshold=weights.related_threshold,
        confusion=confusion,
        agree_disagree=agree_disagree,
    )


def run_stance(
    directory: str | Path,
    embedder: Embedder | None = None,
    weights: Weights | None = None,
    limit: int | None = None,
) -> StanceReport:
    """Evaluate related/unrelated linking and agree/disagree scoring on FNC-1/ARC data.

    Args:
        directory: Folder with a ``*stances*.csv`` and a ``*bodies*.csv`` file.
        embedder: Sentence embedder; the bundled all-MiniLM-L6-v2 by default.
        weights: Scorer weights (thresholds included); the bundled ones by default.
        limit: Score only the first ``limit`` stance rows (for a quick run).

    Returns:
        The report (``.table()`` for humans, ``.to_dict()`` for JSON).

    Raises:
        InputError: If the folder or its files are missing or malformed.
    """
    start = time.perf_counter()
    rows, bodies = load_stance_data(directory)
    if limit is not None:
        if limit < 1:
            raise InputError("limit must be a positive number of rows")
        rows = rows[:limit]
    if embedder is None:
        from claims.embed import default_embedder

        embedder = default_embedder()
    report = evaluate_stance(rows, bodies, embedder, weights, name=Path(directory).name)
    report.seconds = time.perf_counter() - start
    report.model_id = getattr(embedder, "model_id", "")
    report.limit = limit
    return report
