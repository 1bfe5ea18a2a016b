"""A learned attribution-cue classifier: which tokens head an attribution cue.

A logistic regression over sparse token features (lemma, part of speech, dependency
label, head, complements, neighbours, lexicon group). The weights live in
``claims/data/cue_model.json``, fitted on PolNeAR's training split by
``scripts/train_cue_model.py``; applying them needs only a dictionary lookup per
feature, no machine-learning library.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

CANDIDATE_POS = frozenset({"VERB", "AUX", "NOUN", "ADJ", "ADP", "PROPN"})
_COMPLEMENTS = ("ccomp", "xcomp", "dobj", "nsubj", "nsubjpass", "agent", "parataxis", "oprd")


def is_candidate(tok: Token) -> bool:
    """Tokens the classifier scores (content words that can head a cue)."""
    return tok.pos_ in CANDIDATE_POS and not tok.is_punct


def token_features(
    tok: Token, groups: dict[str, str], in_quote: bool, sent_quote: bool | None = None
) -> list[str]:
    """Binary features of a token, as strings.

    Args:
        tok: A spaCy token.
        groups: Cue lexicon: lemma -> group.
        in_quote: Whether the token is inside a quotation.
        sent_quote: Whether the token's sentence has a quote mark; computed when None
            (callers scoring many tokens pass it, finding sentences is slow).
    """
    lemma = tok.lemma_.lower()
    head = tok.head
    deps = sorted({c.dep_ for c in tok.children})
    comps = [d for d in deps if d in _COMPLEMENTS]
    preps = sorted({c.lower_ for c in tok.children if c.dep_ == "prep"})
    if sent_quote is None:
        sent_quote = any(t.is_quote for t in tok.sent)
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    prv = tok.doc[tok.i - 1] if tok.i > 0 else None
    group = groups.get(lemma, "none")
    feats = [
        "bias",
        f"lemma={lemma}",
        f"pos={tok.pos_}",
        f"tag={tok.tag_}",
        f"dep={tok.dep_}",
        f"group={group}",
        f"head_lemma={head.lemma_.lower()}",
        f"head_pos={head.pos_}",
        f"dep+head_pos={tok.dep_}|{head.pos_}",
        f"in_quote={in_quote}",
        f"next={nxt.lower_ if nxt is not None else '<end>'}",
        f"prev={prv.lower_ if prv is not None else '<start>'}",
        f"sent_quote={sent_quote}",
        f"ent={tok.ent_type_ or '-'}",
    ]
    feats += [f"child={d}" for d in deps]
    feats += [f"prep={p}" for p in preps]
    feats += [f"lemma+comp={lemma}|{c}" for c in comps] or [f"lemma+comp={lemma}|none"]
    feats += [f"group+comp={group}|{c}" for c in comps] or [f"group+comp={group}|none"]
    feats += [f"lemma+prep={lemma}|{p}" for p in preps]
    feats.append(f"lemma+dep={lemma}|{tok.dep_}")
    return feats


@dataclass(frozen=True)
class CueModel:
    """Fitted weights of the cue classifier."""

    weights: dict[str, float]
    threshold: float

    def probability(self, features: Iterable[str]) -> float:
        """Probability that a token with these features heads a cue."""
        z = sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))

    def to_json(self, prune: float = 0.05) -> str:
        """Serialise for the data file, dropping weights smaller than ``prune``.

        Pruning at 0.05 keeps about a quarter of the features and leaves the PolNeAR dev
        scores unchanged to the third decimal.
        """
        weights = {
            k: round(v, 4)
            for k, v in sorted(self.weights.items())
            if abs(v) >= prune or k == "bias"
        }
        return json.dumps({"threshold": self.threshold, "weights": weights}, indent=0)

    @classmethod
    def from_json(cls, text: str) -> CueModel:
        """Load from the data file's text."""
        data = json.loads(text)
        return cls(weights=dict(data["weights"]), threshold=float(data["threshold"]))


@cache
def bundled_cue_model() -> CueModel | None:
    """The cue model shipped with the package, or None if it was never trained."""
    path = resources.files("claims") / "data" / "cue_model.json"
    if not path.is_file():
        return None
    return CueModel.from_json(path.read_text(encoding="utf-8"))
