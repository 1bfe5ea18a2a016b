"""Score the claim extractor on PolNeAR: claims → PolNeAR-style attributions.

The product stores a claim's content without its quote marks or a leading "that";
PolNeAR's spans include both, so predictions are widened to its conventions here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from claims.evaluation.polnear import Attribution, EvalReport, evaluate, load_corpus
from claims.extract import Extractor
from claims.models import Claim, Document

_QUOTES = '"\u201c\u201d\u00ab\u00bb'


def widen_content(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a content span to PolNeAR's: enclosing quote marks and a leading that/whether."""
    # closing punctuation and quote mark: '...lies,"' -> include ',"'
    probe = end
    while probe < len(text) and text[probe] in ",.?!":
        probe += 1
    if probe < len(text) and text[probe] in _QUOTES and start > 0 and text[start - 1] in _QUOTES:
        start, end = start - 1, probe + 1
    elif start > 0 and text[start - 1] in _QUOTES and end < len(text) and text[end] in _QUOTES:
        start, end = start - 1, end + 1
    before = text[max(0, start - 8) : start]
    for word in ("that ", "whether "):
        if before.lower().endswith(word):
            start -= len(word)
            break
    return start, end


def claim_to_attribution(claim: Claim, text: str) -> Attribution:
    """One extracted claim as a PolNeAR attribution (source, cue, content spans)."""
    source = (
        () if claim.speaker_span is None else ((claim.speaker_span.start, claim.speaker_span.end),)
    )
    return Attribution(
        source=source,
        cue=((claim.cue_span.start, claim.cue_span.end),),
        content=(widen_content(text, claim.content.start, claim.content.end),),
    )


def predictor(extractor: Extractor) -> Callable[[str], list[Attribution]]:
    """A PolNeAR ``predict`` function backed by the extractor."""

    def predict(text: str) -> list[Attribution]:
        result = extractor.extract(Document(text=text))
        return [claim_to_attribution(c, text) for c in result.claims]

    return predict


def run_polnear(directory: str | Path, extractor: Extractor | None = None) -> EvalReport:
    """Evaluate the extractor on a PolNeAR folder (``text/`` + ``attributions/``).

    Raises:
        InputError: The folder is not in PolNeAR format.
    """
    from claims.errors import InputError

    try:
        articles = load_corpus(Path(directory))
    except ValueError as exc:
        raise InputError(str(exc)) from exc
    return evaluate(articles, predictor(extractor or Extractor()))
