"""Score a pair of claims from different parties for contradiction and agreement.

The scorer is built from interpretable features (embedding similarity, negation
mismatch, dispute words, opposite verbs, differing numbers, opposing parties); its
weights live in ``claims/data/scorer.json``. The ``reason`` of a pair names the
features that fired.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from importlib import resources

from claims.models import ClaimPair, StoredClaim

_NEGATION = re.compile(r"\b(?:not|no|never|none|nothing|neither|nor|without|n't)\b|n't\b", re.I)
_DISPUTE = re.compile(
    r"\b(?:lies|lie|lying|liars?|false(?:ly)?|fake|fabricat\w*|baseless|groundless|untrue|"
    r"manipulat\w*|propaganda|disinformation|misinformation|den(?:y|ied|ies|ial)|"
    r"nonsense|absurd|slander\w*|distort\w*|provocation|no information|no evidence|"
    r"reject\w*|refut\w*)\b",
    re.I,
)
_ANTONYMS = [
    (re.compile(x, re.I), re.compile(y, re.I))
    for x, y in [
        (r"\bconfirm\w*", r"\bden(?:y|ied|ies|ial)\b"),
        (r"\baccept\w*", r"\breject\w*"),
        (r"\bagre(?:e|ed|es|eing)\b", r"\brefus\w*"),
        (r"\badmit\w*", r"\bden(?:y|ied|ies|ial)\b"),
        (r"\b(?<!not )involved\b", r"\bnot (?:been )?involved\b"),
        (r"\brequest\w*", r"\brefus\w*"),
        (r"\bwon\b", r"\blost\b"),
        (r"\bincrease\w*", r"\bdecrease\w*"),
        (r"\bopen(?:ed)?\b", r"\bclosed?\b"),
    ]
]
_NUMBER = re.compile(r"\b\d[\d,.]*\b")


@dataclass(frozen=True)
class Weights:
    """Weights of the pair scorer (``claims/data/scorer.json``)."""

    bias: float
    similarity: float
    negation_mismatch: float
    dispute_cue: float
    antonym: float
    number_mismatch: float
    opposing_parties: float
    agreement_min_similarity: float

    @classmethod
    def load(cls) -> Weights:
        """Load the bundled weights."""
        raw = json.loads((resources.files("claims") / "data" / "scorer.json").read_text())
        return cls(**{k: v for k, v in raw.items() if not k.startswith("_")})


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def pair_features(text_a: str, text_b: str, similarity: float) -> dict[str, float]:
    """Interpretable features of a claim pair.

    Args:
        text_a: First claim's text.
        text_b: Second claim's text.
        similarity: Cosine similarity of their embeddings.
    """
    neg_a = len(_NEGATION.findall(text_a)) % 2
    neg_b = len(_NEGATION.findall(text_b)) % 2
    antonym = any(
        (x.search(text_a) and y.search(text_b)) or (y.search(text_a) and x.search(text_b))
        for x, y in _ANTONYMS
    )
    nums_a, nums_b = set(_NUMBER.findall(text_a)), set(_NUMBER.findall(text_b))
    return {
        "similarity": similarity,
        "negation_mismatch": float(neg_a != neg_b),
        "dispute_cue": float(bool(_DISPUTE.search(text_a) or _DISPUTE.search(text_b))),
        "antonym": float(antonym),
        "number_mismatch": float(bool(nums_a and nums_b and nums_a != nums_b)),
        "opposing_parties": 1.0,
    }


def score_pair(
    a: StoredClaim, b: StoredClaim, similarity: float, weights: Weights
) -> ClaimPair | None:
    """Score two claims from different parties; None when neither relation holds."""
    feats = pair_features(a.text, b.text, similarity)
    z = weights.bias + sum(getattr(weights, k) * v for k, v in feats.items())
    contra = _sigmoid(z)
    fired = []
    if feats["dispute_cue"]:
        cue = _DISPUTE.search(a.text) or _DISPUTE.search(b.text)
        fired.append(f"dispute cue '{cue.group(0).lower()}'" if cue else "dispute cue")
    if feats["negation_mismatch"]:
        fired.append("one side negates")
    if feats["antonym"]:
        fired.append("opposite verbs")
    if feats["number_mismatch"]:
        fired.append("numbers differ")
    tail = f"opposing parties ({a.party} vs {b.party}); similarity {similarity:.2f}"
    first, second = sorted((a.claim_id, b.claim_id))
    if contra >= 0.5 and fired:
        return ClaimPair(
            first, second, "contradiction", round(contra, 3), "; ".join(fired + [tail])
        )
    if not fired and similarity >= weights.agreement_min_similarity:
        reason = (
            f"same point from both sides ({a.party} and {b.party}); similarity {similarity:.2f}"
        )
        return ClaimPair(first, second, "agreement", round(similarity, 3), reason)
    return None
