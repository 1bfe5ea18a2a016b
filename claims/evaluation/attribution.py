"""Score the claim extractor on PolNeAR: claims → PolNeAR-style attributions.

The product stores a claim's content without its quote marks or a leading "that";
PolNeAR's spans include both, so predictions are widened to its conventions here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from claims.evaluation.polnear import (
    AgreementReport,
    Article,
    Attribution,
    EvalReport,
    agreement,
    evaluate,
    load_corpus,
)
from claims.extract import Extractor
from claims.models import Claim, Document

_QUOTES = '"\u201c\u201d\u00ab\u00bb'


def widen_content(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a content span to PolNeAR's: enclosing quote marks and a leading that/whether."""
    # closing punctuation and quote mark: '...lies,"' -> include ',"'
    probe = end
    while probe < len(text) and text[probe] in ",.?!":
        probe += 1
    opening, closing = _mark_before(text, start), _mark_at(text, probe)
    if opening and closing:
        start, end = start - opening, probe + closing
    before = text[max(0, start - 8) : start]
    for word in ("that ", "whether "):
        if before.lower().endswith(word):
            start -= len(word)
            break
    return start, end


_CUE_TAIL = re.compile(
    r"(?:\s+(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:\s+(?:night|morning|afternoon|evening))?|yesterday|today|then|later))?\s*:?",
)


_ABBREVIATION = re.compile(
    r"(?:\b(?:\w\.)+\w|\b[RDI]-[A-Z][a-z]{1,3}|\b(?:Jr|Sr|Inc|Corp|Co|Ltd))$"
)


# "Gingrich \u2014 mentioned as a running mate \u2014 said": the second dash closes the aside.
_CLOSING_DASH = re.compile(r"\s[\u2014\u2013-]{1,2}(?=\s)")
# "X, a strategist, who added ...": that comma opens the relative clause, it closes nothing.
_RELATIVE = re.compile(r",\s*(?:who|which|whose)\b")


def widen_source(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a source span to PolNeAR's.

    PolNeAR keeps an abbreviation's period ("the S.E.C.", "Sen. X, R-Wis.") and the comma
    closing an apposition ("Dean, a medical doctor, said"), but not one that opens a
    relative clause ("Dean, a medical doctor, who said"); likewise the dash closing an
    aside set off by dashes ("Dean \u2014 a medical doctor \u2014 said").
    """
    if text[end : end + 1] == "." and _ABBREVIATION.search(text[start:end]):
        end += 1
    if "," in text[start:end] and text[end : end + 1] == "," and not _RELATIVE.match(text, end):
        end += 1
    dash = _CLOSING_DASH.match(text, end)
    if dash and re.search(r"\s[\u2014\u2013-]{1,2}\s", text[start:end]):
        end = dash.end()
    return start, end


def widen_cue(text: str, start: int, end: int) -> tuple[int, int]:
    """PolNeAR's cue takes a time word right after the verb and a colon: "said Friday:"."""
    tail = _CUE_TAIL.match(text, end)
    if tail and tail.group(0).strip():
        end = tail.end()
    return start, end


def _mark_before(text: str, pos: int) -> int:
    """Width of a quote mark ending at ``pos`` ('' counts as one mark), else 0."""
    if text[max(0, pos - 2) : pos] == "''":
        return 2
    return 1 if pos > 0 and text[pos - 1] in _QUOTES else 0


def _mark_at(text: str, pos: int) -> int:
    """Width of a quote mark starting at ``pos``, else 0."""
    if text[pos : pos + 2] == "''":
        return 2
    return 1 if pos < len(text) and text[pos] in _QUOTES else 0


def claim_to_attribution(claim: Claim, text: str) -> Attribution:
    """One extracted claim as a PolNeAR attribution (source, cue, content spans)."""
    span = claim.speaker_span
    source = () if span is None else (widen_source(text, span.start, span.end),)
    return Attribution(
        source=source,
        cue=(widen_cue(text, claim.cue_span.start, claim.cue_span.end),),
        content=(widen_content(text, claim.content.start, claim.content.end),),
    )


def predictor(extractor: Extractor) -> Callable[[str], list[Attribution]]:
    """A PolNeAR ``predict`` function backed by the extractor."""

    def predict(text: str) -> list[Attribution]:
        result = extractor.extract(Document(text=text))
        return [claim_to_attribution(c, text) for c in result.claims]

    return predict


def _load(directory: str | Path) -> list[Article]:
    from claims.errors import InputError

    try:
        return load_corpus(Path(directory))
    except ValueError as exc:
        raise InputError(str(exc)) from exc


def run_polnear(directory: str | Path, extractor: Extractor | None = None) -> EvalReport:
    """Evaluate the extractor on a PolNeAR folder (``text/`` + ``attributions/``).

    Raises:
        InputError: The folder is not in PolNeAR format.
    """
    return evaluate(_load(directory), predictor(extractor or Extractor()))


def run_polnear_agreement(
    directory: str | Path, extractor: Extractor | None = None
) -> AgreementReport:
    """Score annotators against each other and the extractor against them.

    Only the articles of the PolNeAR folder that several annotators annotated count.

    Raises:
        InputError: The folder is not in PolNeAR format, or no article in it has
            several annotators.
    """
    from claims.errors import InputError

    articles = [a for a in _load(directory) if len(a.annotations) > 1]
    if not articles:
        raise InputError(f"no article in {directory} has several annotators")
    return agreement(articles, predictor(extractor or Extractor()))
