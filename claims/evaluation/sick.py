"""Score the contradiction scorer on SICK (Marelli et al. 2014).

A SICK file is tab-separated with a header: ``pair_ID``, ``sentence_A``,
``sentence_B``, ``relatedness_score`` (1-5) and ``entailment_judgment``
(``ENTAILMENT``, ``NEUTRAL`` or ``CONTRADICTION``); extra columns are ignored.

Each pair is scored by :func:`claims.contradict.score_texts` as if the two sentences came
from two opposing parties (the product's setting): a contradiction counts as
``CONTRADICTION``, an agreement as ``ENTAILMENT`` and no relation as ``NEUTRAL``. The
report gives 3-way accuracy, precision/recall/F1 of the contradiction class (and of
entailment), and the Spearman correlation of the embeddings' cosine similarity with the
human relatedness score.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rich.table import Table

from claims.contradict import PairScore, Weights, score_texts
from claims.embed import Embedder, embed_unique
from claims.errors import InputError
from claims.evaluation.polnear import PRF

LABELS: tuple[str, ...] = ("CONTRADICTION", "ENTAILMENT", "NEUTRAL")
RELATION_TO_LABEL: dict[str | None, str] = {
    "contradiction": "CONTRADICTION",
    "agreement": "ENTAILMENT",
    None: "NEUTRAL",
}
PARTIES: tuple[str, str] = ("side A", "side B")
"""The two made-up opposing parties SICK sentences are scored under."""

_REQUIRED = ("pair_ID", "sentence_A", "sentence_B", "relatedness_score", "entailment_judgment")


@dataclass(frozen=True)
class SickPair:
    """One SICK sentence pair.

    Attributes:
        pair_id: The ``pair_ID`` column.
        sentence_a: First sentence.
        sentence_b: Second sentence.
        relatedness: Mean human relatedness score (1-5).
        label: ``ENTAILMENT``, ``NEUTRAL`` or ``CONTRADICTION``.
    """

    pair_id: str
    sentence_a: str
    sentence_b: str
    relatedness: float
    label: str


def load_sick(path: str | Path) -> list[SickPair]:
    """Read a SICK-format file.

    Args:
        path: The tab-separated file.

    Returns:
        The pairs, in file order.

    Raises:
        InputError: If the file is missing, lacks a column or has an unknown label.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"no SICK file at {path}")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = [c for c in _REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"{path.name}: missing SICK column(s) {', '.join(missing)}")
        pairs = []
        for line, row in enumerate(reader, start=2):
            label = (row["entailment_judgment"] or "").strip().upper()
            if label not in LABELS:
                raise InputError(f"{path.name}:{line}: unknown entailment judgment {label!r}")
            try:
                relatedness = float(row["relatedness_score"])
            except (TypeError, ValueError) as exc:
                raise InputError(f"{path.name}:{line}: bad relatedness score") from exc
            pairs.append(
                SickPair(
                    pair_id=row["pair_ID"].strip(),
                    sentence_a=row["sentence_A"].strip(),
                    sentence_b=row["sentence_B"].strip(),
                    relatedness=relatedness,
                    label=label,
                )
            )
    if not pairs:
        raise InputError(f"{path.name}: no sentence pairs")
    return pairs


def cosines(pairs: Sequence[SickPair], embedder: Embedder) -> np.ndarray:
    """Cosine similarity of each pair's two sentences (embeddings are unit length)."""
    vec_a = embed_unique(embedder, [p.sentence_a for p in pairs])
    vec_b = embed_unique(embedder, [p.sentence_b for p in pairs])
    return np.einsum("ij,ij->i", vec_a, vec_b).astype(float)


def score_sick_pair(pair: SickPair, similarity: float, weights: Weights) -> PairScore:
    """Score one SICK pair as two claims from opposing parties."""
    return score_texts(
        pair.sentence_a,
        pair.sentence_b,
        similarity,
        weights,
        party_a=PARTIES[0],
        party_b=PARTIES[1],
    )


def rankdata(values: Sequence[float]) -> np.ndarray:
    """Ranks starting at 1, ties getting their average rank."""
    arr = np.asarray(values, dtype=float)
    order = np.argsort(arr, kind="mergesort")
    ranks = np.empty(len(arr), dtype=float)
    sorted_vals = arr[order]
    start = 0
    while start < len(arr):
        end = start
        while end + 1 < len(arr) and sorted_vals[end + 1] == sorted_vals[start]:
            end += 1
        ranks[order[start : end + 1]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman rank correlation (Pearson correlation of average ranks); nan if undefined."""
    if len(x) != len(y):
        raise ValueError("spearman: sequences of different lengths")
    if len(x) < 2:
        return float("nan")
    rx, ry = rankdata(x), rankdata(y)
    rx, ry = rx - rx.mean(), ry - ry.mean()
    denom = float(np.sqrt((rx * rx).sum() * (ry * ry).sum()))
    return float((rx * ry).sum() / denom) if denom else float("nan")


@dataclass
class SickReport:
    """Scores of the contradiction scorer on one SICK file.

    Attributes:
        name: File name.
        n_pairs: Number of pairs scored.
        confusion: ``confusion[gold][predicted]`` counts over :data:`LABELS`.
        spearman: Spearman correlation of cosine similarity vs relatedness score.
        seconds: Wall time of the run (embedding included).
        model_id: The embedder used.
    """

    name: str
    n_pairs: int
    confusion: dict[str, dict[str, int]]
    spearman: float
    seconds: float = 0.0
    model_id: str = ""

    @property
    def accuracy(self) -> float:
        """Share of pairs whose 3-way label is right."""
        right = sum(self.confusion[label][label] for label in LABELS)
        return right / self.n_pairs if self.n_pairs else 0.0

    def prf(self, label: str) -> PRF:
        """Precision/recall counts of one label."""
        tp = self.confusion[label][label]
        n_pred = sum(self.confusion[g][label] for g in LABELS)
        n_gold = sum(self.confusion[label].values())
        return PRF(float(tp), float(n_pred), float(n_gold))

    @property
    def contradiction(self) -> PRF:
        """Precision, recall and F1 of the CONTRADICTION label."""
        return self.prf("CONTRADICTION")

    def to_dict(self) -> dict[str, object]:
        """Return the report as a JSON-able dict.

        Returns:
            ``{"name", "n_pairs", "accuracy", "contradiction": {precision, recall, f1,
            tp, n_pred, n_gold}, "entailment": {...}, "spearman", "confusion",
            "seconds", "model_id"}``.
        """
        return {
            "name": self.name,
            "n_pairs": self.n_pairs,
            "accuracy": self.accuracy,
            "contradiction": self.contradiction.to_dict(),
            "entailment": self.prf("ENTAILMENT").to_dict(),
            "spearman": self.spearman,
            "confusion": {g: dict(row) for g, row in self.confusion.items()},
            "seconds": self.seconds,
            "model_id": self.model_id,
        }

    def table(self) -> Table:
        """Render the scores and the confusion matrix as a rich table."""
        contra, entail = self.contradiction, self.prf("ENTAILMENT")
        table = Table(title=f"SICK {self.name}: {self.n_pairs} pairs ({self.model_id})")
        table.add_column("metric", no_wrap=True)
        table.add_column("value", justify="right")
        table.add_column("gold \\ predicted", no_wrap=True)
        for label in LABELS:
            table.add_column(label.lower()[:13], justify="right")
        metrics = [
            ("3-way accuracy", f"{100 * self.accuracy:.1f}%"),
            ("contradiction P", f"{100 * contra.precision:.1f}%"),
            ("contradiction R", f"{100 * contra.recall:.1f}%"),
            ("contradiction F1", f"{contra.f1:.3f}"),
            ("entailment F1", f"{entail.f1:.3f}"),
            ("Spearman cos~relatedness", f"{self.spearman:.3f}"),
        ]
        for i, (name, value) in enumerate(metrics):
            if i < len(LABELS):
                gold = LABELS[i]
                row = [gold.lower(), *(str(self.confusion[gold][p]) for p in LABELS)]
            else:
                row = ["", "", "", ""]
            table.add_row(name, value, *row, style="bold" if "F1" in name else None)
        return table


def evaluate_sick(
    pairs: Sequence[SickPair],
    similarities: Sequence[float],
    weights: Weights | None = None,
    name: str = "",
) -> SickReport:
    """Score pairs whose cosine similarities are already known.

    Args:
        pairs: SICK pairs.
        similarities: Cosine similarity of each pair, in order.
        weights: Scorer weights; the bundled ones by default.
        name: Label of the data in the report.
    """
    if len(pairs) != len(similarities):
        raise ValueError("one similarity per pair is needed")
    weights = weights or Weights.load()
    confusion = {g: dict.fromkeys(LABELS, 0) for g in LABELS}
    for pair, sim in zip(pairs, similarities, strict=True):
        predicted = RELATION_TO_LABEL[score_sick_pair(pair, float(sim), weights).relation]
        confusion[pair.label][predicted] += 1
    rho = spearman(list(similarities), [p.relatedness for p in pairs])
    return SickReport(name=name, n_pairs=len(pairs), confusion=confusion, spearman=rho)


def run_sick(
    path: str | Path, embedder: Embedder | None = None, weights: Weights | None = None
) -> SickReport:
    """Evaluate the contradiction scorer on a SICK-format file.

    Args:
        path: The tab-separated SICK file (e.g. ``SICK_trial.txt``).
        embedder: Sentence embedder; the bundled all-MiniLM-L6-v2 by default.
        weights: Scorer weights; the bundled ``scorer.json`` by default.

    Returns:
        The report (``.table()`` for humans, ``.to_dict()`` for JSON).

    Raises:
        InputError: If the file is missing or malformed.
    """
    start = time.perf_counter()
    pairs = load_sick(path)
    if embedder is None:
        from claims.embed import default_embedder

        embedder = default_embedder()
    sims = cosines(pairs, embedder)
    report = evaluate_sick(pairs, sims, weights, name=Path(path).name)
    report.seconds = time.perf_counter() - start
    report.model_id = getattr(embedder, "model_id", "")
    return report
