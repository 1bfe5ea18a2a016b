"""Fit the attribution-cue classifier on PolNeAR's training split.

    python scripts/train_cue_model.py ../shared/data/polnear-train

Writes claims/data/cue_model.json. The threshold is chosen on a held-out 10% of the
training articles (never on the dev split that `claims eval polnear` reports).
"""

from __future__ import annotations

import argparse
import pickle
import random
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from claims.boilerplate import article_paragraphs
from claims.cuemodel import CueModel, is_candidate, token_features
from claims.evaluation.polnear import load_corpus
from claims.extract import Lexicon, load_nlp, quote_spans

OUT = Path(__file__).resolve().parent.parent / "claims" / "data" / "cue_model.json"


def cue_heads(article) -> set[int]:
    """Character offsets of the head tokens' starts are unknown here: return cue spans."""
    spans = set()
    for annotation in article.annotations[:1]:
        for attribution in annotation:
            if attribution.cue:
                spans.add((attribution.cue[0][0], attribution.cue[-1][1]))
    return spans


def held_out_ids(ids: list[int]) -> set[int]:
    """The held-out 10% of article indices (seed 7): they pick the threshold."""
    ids = list(ids)
    random.Random(7).shuffle(ids)
    return set(ids[: len(ids) // 10])


def held_out_articles(articles):
    """The held-out training articles, to score a model fitted ``--without-held-out``."""
    held = held_out_ids(list(range(len(articles))))
    return [a for n, a in enumerate(articles) if n in held]


def examples(articles, nlp, groups):
    rows, labels, groups_of = [], [], []
    jobs = []
    for n, art in enumerate(articles):
        for start, end in article_paragraphs(art.text):
            jobs.append((n, start, art.text[start:end]))
    spans_of = [cue_heads(a) for a in articles]
    for (n, offset, _), doc in zip(
        jobs, nlp.pipe((t for _, _, t in jobs), batch_size=64), strict=True
    ):
        quotes = quote_spans(doc.text)
        spans = spans_of[n]
        for tok in doc:
            if not is_candidate(tok):
                continue
            pos = offset + tok.idx
            inside = [s for s in spans if s[0] <= pos < s[1]]
            label = 0
            if inside:
                s = inside[0]
                head = tok.head
                head_in = s[0] <= offset + head.idx < s[1] and head.i != tok.i
                label = 0 if head_in else 1
            in_q = any(a <= tok.idx < b for a, b in quotes)
            rows.append({f: 1 for f in token_features(tok, groups, in_q)})
            labels.append(label)
            groups_of.append(n)
    return rows, np.array(labels), np.array(groups_of)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("train_dir", type=Path)
    parser.add_argument("--C", type=float, default=0.5)
    parser.add_argument("--cache", type=Path, help="Pickle of the parsed examples (reused).")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--without-held-out",
        action="store_true",
        help="Refit on the training articles only, leaving out the held-out 10%% that "
        "picks the threshold, so the extractor can be scored on them "
        "(see held_out_articles).",
    )
    args = parser.parse_args()
    articles = load_corpus(args.train_dir)
    if args.cache and args.cache.exists():
        rows, y, art = pickle.loads(args.cache.read_bytes())
    else:
        rows, y, art = examples(articles, load_nlp(), Lexicon.load().verbs)
        if args.cache:
            args.cache.write_bytes(pickle.dumps((rows, y, art)))
    print(f"{len(articles)} articles, {len(rows)} candidate tokens, {y.sum()} cue heads")
    held = held_out_ids(sorted(set(art.tolist())))
    mask = np.array([a not in held for a in art])
    vec = DictVectorizer()
    x = vec.fit_transform(rows)
    model = LogisticRegression(C=args.C, max_iter=2000)
    model.fit(x[mask], y[mask])
    probs = model.predict_proba(x[~mask])[:, 1]
    best = (0.0, 0.5)
    for thr in np.arange(0.2, 0.8, 0.025):
        pred = probs >= thr
        tp = int((pred & (y[~mask] == 1)).sum())
        p = tp / max(pred.sum(), 1)
        r = tp / max((y[~mask] == 1).sum(), 1)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        if f1 > best[0]:
            best = (f1, float(thr))
    print(f"held-out cue-head F1 {best[0]:.3f} at threshold {best[1]:.3f}")
    if not args.without_held_out:
        model.fit(x, y)
    weights = dict(zip(vec.get_feature_names_out(), model.coef_[0].tolist(), strict=True))
    weights["bias"] = weights.get("bias", 0.0) + float(model.intercept_[0])
    cue_model = CueModel(weights=weights, threshold=round(best[1], 3))
    args.out.write_text(cue_model.to_json() + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
