"""Score a pair of claims from different parties for contradiction and agreement.

The scorer is a small multinomial logistic regression (contradiction / agreement /
neutral) over interpretable features of the two texts. Concrete contradiction cues,
each 0 or 1 (:data:`CUE_FEATURES`):

* ``negation_mismatch``: one side is negated (``not``, ``no``, ``never``, ``n't``,
  ``nobody``, ``none``, ``nothing``, ``no one``, ``there is no`` ...) and the other is
  not. A speech cue such as "denied", "rejected" or "dismissed" reverses the polarity
  of its claim: "it had asked for the call" (cue *denied*) against "Minsk asked for the
  call" (cue *said*) is a mismatch, and "did not deny" is not a denial;
* ``antonym``: opposite words, one on each side (confirm/deny, open/closed, win/lose
  ...); an opposite under a one-sided negation ("did not deny" vs "confirmed") cancels
  out with it;
* ``number_mismatch`` and ``date_mismatch``: numbers, or dates/times of one kind, that
  differ on the two sides ("about 40" matches 41, "6 p.m." matches "18:00");
* ``dispute_cue``: words that call an account false ("lies", "fabricated", "baseless",
  "no evidence" ...).

The model weighs (:data:`MODEL_FEATURES`): the embeddings' cosine ``similarity`` (given
by the caller), content-word ``jaccard`` and ``containment_min``/``containment_max``
(share of each side's content words found on the other side), ``conflict`` (any cue
fired) and ``conflict_similarity`` (conflict times similarity: a cue on the same
point), and ``negation_aligned`` (a word under the negation appears un-negated on the
other side). Its weights were fitted on public data by ``scripts/fit_scorer.py`` and
live in ``claims/data/scorer.json``; the word lists are in
``claims/data/contradiction_lexicon.json``. Opposing parties are applied as a prior
shift of the contradiction logit outside the fitted model.

A contradiction is asserted only when a cue fired and its probability passes the
fitted threshold; an agreement only when no cue fired, the similarity is high and the
agreement probability passes its threshold. The ``reason`` names the cues that fired,
the parties and the similarity.

:class:`NLIScorer` optionally scores pairs with a local NLI cross-encoder instead.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from claims.errors import ModelError
from claims.models import ClaimPair, StoredClaim

CLASSES: tuple[str, ...] = ("contradiction", "agreement", "neutral")
"""The scorer's classes, in the order of its probability vectors."""

CUE_FEATURES: tuple[str, ...] = (
    "negation_mismatch",
    "antonym",
    "number_mismatch",
    "date_mismatch",
    "dispute_cue",
)
"""Concrete contradiction cues (0/1 each): a contradiction is asserted only when one fires."""

MODEL_FEATURES: tuple[str, ...] = (
    "similarity",
    "jaccard",
    "containment_min",
    "containment_max",
    "conflict",
    "conflict_similarity",
    "negation_aligned",
)
"""Features the fitted model weighs (the cues enter through ``conflict``)."""

FEATURES: tuple[str, ...] = MODEL_FEATURES + CUE_FEATURES
"""Every feature :func:`pair_features` returns."""

_TIME = r"\d{1,2}(?::\d{2})?\s?[ap]\.?m\b\.?|\d{1,2}:\d{2}\b"
_TOKEN = re.compile(_TIME + r"|n't|\d+(?:[.,]\d+)*|[a-z]+(?:-[a-z]+)*|[,;:.!?]")
_TIME_TOKEN = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s?(?:([ap])\.?m\.?)?$")
_DIGITS = re.compile(r"^\d+(?:[.,]\d+)*$")


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class Lexicon:
    """The word lists of ``claims/data/contradiction_lexicon.json``, ready to match."""

    negators: frozenset[str]
    negation_exceptions: frozenset[tuple[str, str]]
    clause_breaks: frozenset[str]
    denial_cues: frozenset[str]
    dispute_words: frozenset[str]
    dispute_phrases: tuple[tuple[str, ...], ...]
    lie_senses: frozenset[str]
    antonyms: tuple[tuple[str, str], ...]
    irregular: Mapping[str, str]
    stopwords: frozenset[str]
    approximators: frozenset[str]
    number_words: Mapping[str, int]
    months: Mapping[str, int]
    weekdays: frozenset[str]

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Lexicon:
        """Build a lexicon from the JSON structure of the bundled file."""
        irregular = {k.lower(): v.lower() for k, v in raw["irregular_forms"].items()}
        words = [w.lower() for w in raw["dispute_words"]]
        return cls(
            negators=frozenset(w.lower() for w in raw["negators"]),
            negation_exceptions=frozenset(
                (a.lower(), b.lower()) for a, b in raw["negation_exceptions"]
            ),
            clause_breaks=frozenset(raw["clause_breaks"]),
            denial_cues=frozenset(_stem(w, irregular) for w in raw["denial_cues"]),
            dispute_words=frozenset(w for w in words if " " not in w),
            dispute_phrases=tuple(tuple(w.split()) for w in words if " " in w),
            lie_senses=frozenset(raw["lie_senses_not_dispute"]),
            antonyms=tuple(
                (_stem(a.lower(), irregular), _stem(b.lower(), irregular))
                for a, b in raw["antonyms"]
            ),
            irregular=irregular,
            stopwords=frozenset(raw["stopwords"]),
            approximators=frozenset(raw["approximators"]),
            number_words=dict(raw["number_words"]),
            months=dict(raw["months"]),
            weekdays=frozenset(raw["weekdays"]),
        )

    @cached_property
    def antonym_index(self) -> dict[str, tuple[int, ...]]:
        """Stem -> positions in :attr:`antonyms` of the pairs it belongs to."""
        index: dict[str, list[int]] = {}
        for n, pair in enumerate(self.antonyms):
            for word in set(pair):
                index.setdefault(word, []).append(n)
        return {word: tuple(ns) for word, ns in index.items()}


@lru_cache(maxsize=1)
def party_words() -> dict[str, str]:
    """One-word country names, demonyms and metonyms -> party ("belarusian" -> Belarus)."""
    raw = json.loads((resources.files("claims") / "data" / "parties.json").read_text())
    return {
        word: party
        for key in ("countries", "demonyms", "metonyms")
        for word, party in raw[key].items()
        if " " not in word
    }


@lru_cache(maxsize=1)
def party_stems() -> frozenset[str]:
    """Stems of :func:`party_words` ("belarusian", "minsk").

    Two sides' claims share these words whatever they say, so they are no evidence that a
    denial or a negation bears on the other side's point.
    """
    irregular = load_lexicon().irregular
    return frozenset(_stem(w, irregular) for w in party_words())


def _first_party(side: Side) -> tuple[str, str] | None:
    """The first country word of a claim and its party, unless it is coordinated ("A and B")."""
    words = party_words()
    toks = side.tokens
    for i, tok in enumerate(toks):
        party = words.get(tok)
        if party:
            if "and" in toks[max(0, i - 2) : i] or "and" in toks[i + 1 : i + 3]:
                return None
            return tok, party
    return None


def role_swap(a: Side, b: Side, party_a: str | None, party_b: str | None) -> tuple[str, str] | None:
    """The two words when each side's claim names the other side first, else None.

    "Tajik guards fired first" from Kyrgyzstan and "Kyrgyz soldiers started the shooting"
    from Tajikistan put the other side in the actor's role.
    """
    if not (party_a and party_b and party_a != party_b):
        return None
    first_a, first_b = _first_party(a), _first_party(b)
    if first_a and first_b and first_a[1] == party_b and first_b[1] == party_a:
        return first_a[0], first_b[0]
    return None


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Load the bundled word lists (cached)."""
    text = (resources.files("claims") / "data" / "contradiction_lexicon.json").read_text()
    return Lexicon.from_dict(json.loads(text))


def _stem(word: str, irregular: Mapping[str, str]) -> str:
    """A light stemmer: irregular forms, -ies/-ied/-ing/-ed/-es/-s, a final -e, doubled consonants.

    Both sides of a comparison go through it, so "denied"/"denies"/"deny", "closed"/
    "close" and "sitting"/"sits" meet; it need not produce real words.
    """
    word = irregular.get(word, word)
    if len(word) <= 3 or not word.isalpha():
        return word
    suffix = False
    if word.endswith(("ies", "ied")) and len(word) > 4:
        word, suffix = word[:-3] + "y", True
    elif word.endswith("ing") and len(word) > 5:
        word, suffix = word[:-3], True
    elif word.endswith("ed") and len(word) > 4:
        word, suffix = word[:-2], True
    elif word.endswith(("sses", "shes", "ches", "xes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if (not suffix and word.endswith("e") and len(word) > 3) or word.endswith("ee"):
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiousl":
        word = word[:-1]
    return irregular.get(word, word)


def tokenize(text: str) -> list[str]:
    """Lower-case word, number and punctuation tokens; "don't" gives "do", "n't"."""
    text = text.lower().replace("\u2019", "'").replace("cannot", "can not")
    text = re.sub(r"(\w)n't\b", r"\1 n't", text)
    return _TOKEN.findall(text)


# --------------------------------------------------------------------------- one side


@dataclass(frozen=True)
class Side:
    """What the features need to know about one claim.

    Attributes:
        tokens: Lower-case tokens.
        content: Stems of the content words (no stopwords, negators or punctuation).
        negations: Each negation as written ("not involved", "there is no evidence")
            with the stems of the content words in its scope.
        negated: Stems of the content words inside a negation's scope.
        unnegated: Stems of the content words outside any negation's scope.
        denial_cue: The speech cue denies or rejects (it reverses the claim's polarity).
        numbers: Numbers mentioned (not dates), with whether an approximator precedes.
        dates: Dates mentioned, as ``(kind, value)`` such as ``("day", (3, 6))``.
        date_text: The dates as written, parallel to ``dates``.
        dispute: The first dispute word or phrase, or "".
    """

    tokens: tuple[str, ...]
    content: frozenset[str]
    negations: tuple[tuple[str, frozenset[str]], ...]
    negated: frozenset[str]
    unnegated: frozenset[str]
    denial_cue: bool
    numbers: tuple[tuple[float, bool, str], ...]
    dates: tuple[tuple[str, Any], ...]
    date_text: tuple[str, ...]
    dispute: str

    @property
    def negative(self) -> bool:
        """The claim's polarity is negative: a negator xor a denying cue."""
        return bool(self.negations) != self.denial_cue


_MONTH_ALONE_BEFORE = frozenset(
    {"in", "of", "since", "until", "till", "last", "next", "early", "late", "mid", "by"}
)


def _dates(
    tokens: Sequence[str], lex: Lexicon
) -> tuple[list[tuple[str, Any]], list[str], set[int]]:
    """Find dates; return them, their text, and the token positions they cover."""
    found: list[tuple[str, Any]] = []
    text: list[str] = []
    used: set[int] = set()
    n = len(tokens)
    for i, tok in enumerate(tokens):
        if i in used:
            continue
        if tok in lex.months:
            month = lex.months[tok]
            day = None
            if i > 0 and tokens[i - 1].isdigit() and 1 <= int(tokens[i - 1]) <= 31:
                day, span = int(tokens[i - 1]), (i - 1, i)
            elif i + 1 < n and tokens[i + 1].isdigit() and 1 <= int(tokens[i + 1]) <= 31:
                day, span = int(tokens[i + 1]), (i, i + 1)
            if day is not None:
                found.append(("day", (month, day)))
                text.append(" ".join(t.title() for t in tokens[span[0] : span[1] + 1]))
                used.update(range(span[0], span[1] + 1))
            elif (
                len(tok) > 3
                and tok not in ("march", "may")
                or (i > 0 and tokens[i - 1] in _MONTH_ALONE_BEFORE)
            ):
                found.append(("month", month))
                text.append(tok.title())
                used.add(i)
        elif tok in lex.weekdays:
            found.append(("weekday", tok))
            text.append(tok.title())
            used.add(i)
        elif ":" in tok or tok[0].isdigit() and tok[-1] in "m.":
            minutes = _minutes(tok)
            if minutes is not None:
                found.append(("time", minutes))
                text.append(tok)
                used.add(i)
        elif tok.isdigit() and len(tok) == 4 and 1900 <= int(tok) <= 2099:
            found.append(("year", int(tok)))
            text.append(tok)
            used.add(i)
    return found, text, used


def _minutes(token: str) -> int | None:
    """Minutes after midnight of a clock time ("6 p.m.", "18:00"), else None."""
    match = _TIME_TOKEN.match(token)
    if not match or (match.group(2) is None and match.group(3) is None):
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if match.group(3) == "p" and hour < 12:
        hour += 12
    elif match.group(3) == "a" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return hour * 60 + minute


def _numbers(tokens: Sequence[str], used: set[int], lex: Lexicon) -> list[tuple[float, bool, str]]:
    out = []
    for i, tok in enumerate(tokens):
        if i in used:
            continue
        value: float | None = None
        if _DIGITS.match(tok):
            try:
                value = float(tok.replace(",", ""))
            except ValueError:  # pragma: no cover - "1.2.3"
                continue
        elif tok in lex.number_words and not (i and tokens[i - 1] == "the"):
            # "the two sides" names a group; "two people were hurt" counts them
            value = float(lex.number_words[tok])
        if value is None:
            continue
        approx = any(t in lex.approximators for t in tokens[max(0, i - 3) : i])
        out.append((value, approx, tok))
    return out


def _negation(tokens: Sequence[str], lex: Lexicon) -> list[tuple[str, list[int]]]:
    """Negations: each as written (up to its first content word) and its scope.

    A negation's scope is the positions of the next three content words of its clause
    ("not involved in the attack" → involved, attack). "no one" and "there is no" are
    one negation each; "not only" and "no doubt" are none.
    """
    found: list[tuple[str, list[int]]] = []
    n = len(tokens)
    for i, tok in enumerate(tokens):
        if tok not in lex.negators:
            continue
        if i + 1 < n and (tok, tokens[i + 1]) in lex.negation_exceptions:
            continue  # "not only", "no doubt"
        start = i - 2 if tok == "no" and i >= 2 and tokens[i - 2] == "there" else i
        scope: list[int] = []
        for j in range(i + 1, n):
            t = tokens[j]
            if t in lex.clause_breaks:
                break
            if t in lex.stopwords or t in lex.negators or t == "one":
                continue
            scope.append(j)
            if len(scope) == 3:
                break
        end = min(scope[0] + 1, i + 5) if scope else i + 1
        found.append((" ".join(tokens[start:end]), scope))
    return found


_LIE_FORMS = frozenset({"lie", "lies", "lied", "lying"})
_LIE_BEFORE = frozenset(
    {"a", "the", "these", "those", "such", "outright", "blatant", "big", "of", "more", "pack"}
)
_LIE_AFTER = frozenset({"", ",", ";", ":", ".", "!", "?", "about", "to", "that", "and", "again"})


def _dispute(tokens: Sequence[str], lex: Lexicon) -> str:
    """The first dispute word or phrase; "lying on the grass" is not one."""
    n = len(tokens)
    for i, tok in enumerate(tokens):
        for phrase in lex.dispute_phrases:
            if tuple(tokens[i : i + len(phrase)]) == phrase:
                return " ".join(phrase)
        if tok not in lex.dispute_words:
            continue
        if tok in _LIE_FORMS:
            before = tokens[i - 1] if i else ""
            after = tokens[i + 1] if i + 1 < n else ""
            if after in lex.lie_senses or not (before in _LIE_BEFORE or after in _LIE_AFTER):
                continue
        return tok
    return ""


def is_denial_cue(cue: str, lex: Lexicon | None = None) -> bool:
    """Whether a speech cue denies what follows ("denied", "flatly rejected", "dismissed").

    A negated denial ("did not deny") does not.
    """
    lex = lex or load_lexicon()
    tokens = tokenize(cue)
    hit = any(_stem(t, lex.irregular) in lex.denial_cues for t in tokens)
    negated = any(t in lex.negators for t in tokens)
    return hit and not negated


@lru_cache(maxsize=8192)
def analyse(text: str, cue: str = "") -> Side:
    """Extract what the pair features need from one claim (cached).

    Args:
        text: The claim's content.
        cue: Its speech cue ("said", "denied" ...), if known.
    """
    lex = load_lexicon()
    tokens = tokenize(text)
    negations = _negation(tokens, lex)
    scope = {j for _, positions in negations for j in positions}
    dates, date_text, used = _dates(tokens, lex)
    content, negated, unnegated = set(), set(), set()
    for i, tok in enumerate(tokens):
        if tok in lex.stopwords or tok in lex.negators or not tok[0].isalnum():
            continue
        stem = _stem(tok, lex.irregular)
        content.add(stem)
        (negated if i in scope else unnegated).add(stem)
    return Side(
        tokens=tuple(tokens),
        content=frozenset(content),
        negations=tuple(
            (phrase, frozenset(_stem(tokens[j], lex.irregular) for j in positions))
            for phrase, positions in negations
        ),
        negated=frozenset(negated),
        unnegated=frozenset(unnegated),
        denial_cue=bool(cue) and is_denial_cue(cue, lex),
        numbers=tuple(_numbers(tokens, used, lex)),
        dates=tuple(dates),
        date_text=tuple(date_text),
        dispute=_dispute(tokens, lex),
    )


# --------------------------------------------------------------------------- pair features


@dataclass
class Evidence:
    """The spans behind the features that fired, for the reason string."""

    negated_side: int = 0
    negator: str = ""
    denial_side: int = 0
    antonym: tuple[str, str] = ("", "")
    numbers: tuple[str, str] = ("", "")
    dates: tuple[str, str] = ("", "")
    dispute: str = ""


def _antonym(a: Side, b: Side, lex: Lexicon) -> tuple[str, str] | None:
    """An opposite pair with one word only on each side, or None (first in lexicon order)."""
    index = lex.antonym_index
    found = {n for word in a.content | b.content for n in index.get(word, ())}
    for x, y in (lex.antonyms[n] for n in sorted(found)):
        for first, second in ((a, b), (b, a)):
            if (
                x in first.content
                and y in second.content
                and x not in second.content
                and y not in first.content
            ):
                return (x, y) if first is a else (y, x)
    return None


def _number_mismatch(a: Side, b: Side) -> tuple[str, str] | None:
    if not a.numbers or not b.numbers:
        return None

    def matched(value: float, approx: bool, others: Sequence[tuple[float, bool, str]]) -> bool:
        for other, other_approx, _ in others:
            if approx or other_approx:
                if abs(value - other) <= 0.1 * max(abs(value), abs(other)):
                    return True
            elif value == other:
                return True
        return False

    only_a = [t for v, ap, t in a.numbers if not matched(v, ap, b.numbers)]
    only_b = [t for v, ap, t in b.numbers if not matched(v, ap, a.numbers)]
    if only_a and only_b:
        return only_a[0], only_b[0]
    return None


def _date_mismatch(a: Side, b: Side) -> tuple[str, str] | None:
    for kind in ("day", "time", "weekday", "year", "month"):
        va = {v for k, v in a.dates if k == kind}
        vb = {v for k, v in b.dates if k == kind}
        if va and vb and not va & vb:
            ta = next(t for (k, _), t in zip(a.dates, a.date_text, strict=True) if k == kind)
            tb = next(t for (k, _), t in zip(b.dates, b.date_text, strict=True) if k == kind)
            return ta, tb
    return None


def compute_features(a: Side, b: Side, similarity: float) -> tuple[dict[str, float], Evidence]:
    """The pair features of two analysed claims, and the evidence behind them.

    Args:
        a: First claim (see :func:`analyse`).
        b: Second claim.
        similarity: Cosine similarity of their embeddings.
    """
    lex = load_lexicon()
    ev = Evidence()
    inter = a.content & b.content
    union = a.content | b.content
    jaccard = len(inter) / len(union) if union else 0.0
    cont_a = len(inter) / len(a.content) if a.content else 0.0
    cont_b = len(inter) / len(b.content) if b.content else 0.0

    neg = a.negative != b.negative
    aligned = False
    if neg:
        side, other = (a, b) if a.negative else (b, a)
        ev.negated_side = 1 if side is a else 2
        if side.denial_cue and not side.negations:
            # a denying cue negates the whole claim
            ev.denial_side = ev.negated_side
            aligned = bool((side.content & other.content) - party_stems())
        else:
            shared = (side.negated & other.unnegated) - party_stems()
            aligned = bool(shared)
            phrases = [p for p, stems in side.negations if stems & shared] or [side.negations[0][0]]
            ev.negator = phrases[0]
    ant = _antonym(a, b, lex)
    if ant and neg:
        # "did not deny" vs "confirmed": the negation and the opposite cancel out.
        neg = aligned = False
        ev.negated_side = ev.denial_side = 0
        ant = None
    if ant:
        ev.antonym = ant
    nums = _number_mismatch(a, b)
    if nums:
        ev.numbers = nums
    dates = _date_mismatch(a, b)
    if dates:
        ev.dates = dates
    ev.dispute = a.dispute or b.dispute
    cues = {
        "negation_mismatch": float(neg),
        "antonym": float(ant is not None),
        "number_mismatch": float(nums is not None),
        "date_mismatch": float(dates is not None),
        "dispute_cue": float(bool(ev.dispute)),
    }
    conflict = float(any(cues.values()))
    feats = {
        "similarity": float(similarity),
        "jaccard": jaccard,
        "containment_min": min(cont_a, cont_b),
        "containment_max": max(cont_a, cont_b),
        "conflict": conflict,
        "conflict_similarity": conflict * float(similarity),
        "negation_aligned": float(aligned),
        **cues,
    }
    return feats, ev


def pair_features(
    text_a: str, text_b: str, similarity: float, cue_a: str = "", cue_b: str = ""
) -> dict[str, float]:
    """Interpretable features of a claim pair (see :data:`FEATURES`).

    Args:
        text_a: First claim's text.
        text_b: Second claim's text.
        similarity: Cosine similarity of their embeddings.
        cue_a: First claim's speech cue; a denying cue reverses its polarity.
        cue_b: Second claim's speech cue.
    """
    feats, _ = compute_features(analyse(text_a, cue_a), analyse(text_b, cue_b), similarity)
    return feats


# --------------------------------------------------------------------------- weights


@dataclass(frozen=True)
class Weights:
    """Weights of the pair scorer (``claims/data/scorer.json``).

    The logit of class ``k`` is ``intercept[k] + sum(coef[k][f] * feature[f])`` over
    raw (unscaled) feature values; probabilities are the softmax over :data:`CLASSES`.

    Attributes:
        coef: Per class, per feature weights.
        intercept: Per class intercepts.
        contradiction_threshold: Minimum contradiction probability for a contradiction.
        agreement_threshold: Minimum agreement probability for an agreement.
        agreement_min_similarity: Minimum cosine similarity for an agreement.
        opposing_parties: Added to the contradiction logit when the two claims come from
            two different known parties: the log prior-odds shift from the training
            data's share of contradictions to the one assumed across parties. It
            changes the contradiction probability only; the agreement probability is
            the fitted model's.
        related_threshold: Cosine above which a headline and an article are about the
            same event (used by the stance evaluation).
        nli: An NLI cross-encoder that decides pairs instead of the fitted model (the
            features still explain the decision); see :meth:`with_nli`.
        same_point_similarity: Cosine above which two claims of opposing parties in one
            topic are taken to address the same point. For such a pair with a conflict
            cue, the contradiction is decided against agreement alone: SICK's neutral
            class stands for sentences about different scenes, which the linker has
            already ruled out.
        meta: Everything else in the file (provenance, data hashes, scores).
    """

    coef: Mapping[str, Mapping[str, float]]
    intercept: Mapping[str, float]
    contradiction_threshold: float = 0.5
    agreement_threshold: float = 0.5
    agreement_min_similarity: float = 0.6
    opposing_parties: float = 0.0
    related_threshold: float = 0.3
    same_point_similarity: float = 1.0
    meta: Mapping[str, Any] = field(default_factory=dict)
    nli: NLIScorer | None = field(default=None, compare=False, repr=False)

    def with_nli(self, model_path: str | Path | None) -> Weights:
        """These weights, deciding pairs with the NLI cross-encoder in ``model_path``.

        Raises:
            ModelError: The folder does not exist.
        """
        if model_path is None:
            return self
        return replace(self, nli=NLIScorer(model_path))

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Weights:
        """Build weights from the JSON structure of ``scorer.json``."""
        known = {
            "contradiction_threshold",
            "agreement_threshold",
            "agreement_min_similarity",
            "opposing_parties",
            "related_threshold",
            "same_point_similarity",
        }
        return cls(
            coef={k: dict(v) for k, v in raw["coef"].items()},
            intercept=dict(raw["intercept"]),
            meta={k: v for k, v in raw.items() if k not in known | {"coef", "intercept"}},
            **{k: float(raw[k]) for k in known if k in raw},
        )

    @classmethod
    def load(cls, path: str | Path | None = None) -> Weights:
        """Load the bundled weights, or those in ``path``."""
        if path is None:
            text = (resources.files("claims") / "data" / "scorer.json").read_text()
        else:
            text = Path(path).read_text(encoding="utf-8")
        return cls.from_dict(json.loads(text))

    def logits(self, feats: Mapping[str, float]) -> dict[str, float]:
        """Per-class logits of a feature dict."""
        return {
            k: self.intercept[k] + sum(w * feats.get(f, 0.0) for f, w in self.coef[k].items())
            for k in CLASSES
        }


def _softmax(logits: Mapping[str, float]) -> dict[str, float]:
    top = max(logits.values())
    exp = {k: math.exp(v - top) for k, v in logits.items()}
    total = sum(exp.values())
    return {k: v / total for k, v in exp.items()}


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class PairScore:
    """The scorer's verdict on a pair.

    Attributes:
        contradiction: Probability that the claims contradict each other (with the
            opposing-parties prior when they come from two different parties).
        agreement: Probability that they make the same point with the same polarity.
        relation: ``"contradiction"``, ``"agreement"`` or None.
        reason: Human-readable features that fired.
        features: The feature values.
    """

    contradiction: float
    agreement: float
    relation: str | None
    reason: str
    features: Mapping[str, float]

    @property
    def score(self) -> float:
        """The probability of the relation (0 when there is none)."""
        if self.relation == "contradiction":
            return self.contradiction
        if self.relation == "agreement":
            return self.agreement
        return 0.0


def _word(stem: str, side: Side, lex: Lexicon) -> str:
    """The token of ``side`` a stem came from (for readable reasons)."""
    for tok in side.tokens:
        if _stem(tok, lex.irregular) == stem:
            return tok
    return stem


def _fired(
    feats: Mapping[str, float], ev: Evidence, a: Side, b: Side, parties: tuple[str, str]
) -> dict[str, str]:
    lex = load_lexicon()
    out: dict[str, str] = {}
    if feats["negation_mismatch"]:
        if ev.denial_side:
            who = parties[ev.denial_side - 1] or "one side"
            out["negation_mismatch"] = f"{who} denies the other side's account"
        else:
            out["negation_mismatch"] = f"one side negates the other ('{ev.negator}')"
    if feats["antonym"]:
        x, y = ev.antonym
        out["antonym"] = f"opposite words ('{_word(x, a, lex)}' vs '{_word(y, b, lex)}')"
    if feats["number_mismatch"]:
        out["number_mismatch"] = f"numbers differ ({ev.numbers[0]} vs {ev.numbers[1]})"
    if feats["date_mismatch"]:
        out["date_mismatch"] = f"dates differ ('{ev.dates[0]}' vs '{ev.dates[1]}')"
    if feats["dispute_cue"]:
        out["dispute_cue"] = f"dispute word '{ev.dispute}'"
    return out


def _cues(
    text_a: str,
    text_b: str,
    similarity: float,
    cues: tuple[str, str],
    parties: tuple[str | None, str | None],
) -> tuple[dict[str, float], dict[str, str], list[str], Evidence]:
    """The pair's features, the conflict cues that fired (readable), their order, evidence.

    A role swap (:func:`role_swap`) counts as a conflict cue like the others: they all
    enter the fitted model through one ``conflict`` feature.
    """
    side_a, side_b = analyse(text_a, cues[0]), analyse(text_b, cues[1])
    feats, ev = compute_features(side_a, side_b, similarity)
    fired = _fired(feats, ev, side_a, side_b, (parties[0] or "", parties[1] or ""))
    swap = role_swap(side_a, side_b, *parties)
    if swap:
        feats = {**feats, "conflict": 1.0, "conflict_similarity": float(similarity)}
        fired["role_swap"] = f"each side names the other as the actor ('{swap[0]}' vs '{swap[1]}')"
    order = [f for f in (*CUE_FEATURES, "role_swap") if f in fired]
    return feats, fired, order, ev


def score_texts(
    text_a: str,
    text_b: str,
    similarity: float,
    weights: Weights,
    *,
    cue_a: str = "",
    cue_b: str = "",
    party_a: str | None = None,
    party_b: str | None = None,
) -> PairScore:
    """Score two claim texts for contradiction and agreement.

    Args:
        text_a: First claim's text.
        text_b: Second claim's text.
        similarity: Cosine similarity of their embeddings.
        weights: Scorer weights (:meth:`Weights.load`).
        cue_a: First claim's speech cue ("said", "denied" ...).
        cue_b: Second claim's speech cue.
        party_a: First claim's party, if known.
        party_b: Second claim's party, if known.

    Returns:
        Probabilities, the relation (or None) and the reason.
    """
    feats, fired, order, ev = _cues(text_a, text_b, similarity, (cue_a, cue_b), (party_a, party_b))
    logits = weights.logits(feats)
    agree = _softmax(logits)["agreement"]
    opposing = bool(party_a and party_b and party_a != party_b)
    if opposing:
        # the prior shift concerns contradictions; agreement keeps its fitted odds
        logits["contradiction"] += weights.opposing_parties
    contra = _softmax(logits)["contradiction"]
    tail = [f"opposing parties ({party_a} vs {party_b})"] if opposing else []
    tail.append(f"similarity {similarity:.2f}")
    relation = None
    if fired and contra >= weights.contradiction_threshold and contra >= agree:
        relation = "contradiction"
        reason = "; ".join([fired[f] for f in order] + tail)
    elif (
        not fired
        and agree >= weights.agreement_threshold
        and similarity >= weights.agreement_min_similarity
    ):
        relation = "agreement"
        both = (
            f"same point from both sides ({party_a} and {party_b})" if opposing else ("same point")
        )
        reason = f"{both}, same polarity; word overlap {feats['jaccard']:.2f}; " + tail[-1]
    elif (
        fired
        and opposing
        and similarity >= weights.same_point_similarity
        and (set(fired) != {"negation_mismatch"} or not ev.denial_side or feats["negation_aligned"])
    ):
        # Two sides on one point: neutral ("different scenes") is ruled out, so weigh the
        # contradiction against the agreement only. A bare denial ("X rejected ...") must
        # bear on the other claim's words.
        given = 1.0 / (1.0 + math.exp(logits["agreement"] - logits["contradiction"]))
        if given >= weights.contradiction_threshold:
            relation, contra = "contradiction", given
        reason = "; ".join([fired[f] for f in order] + tail)
    else:
        reason = "; ".join([fired[f] for f in order] + tail)
    return PairScore(
        contradiction=contra, agreement=agree, relation=relation, reason=reason, features=feats
    )


def score_texts_nli(
    text_a: str,
    text_b: str,
    similarity: float,
    weights: Weights,
    *,
    cue_a: str = "",
    cue_b: str = "",
    party_a: str | None = None,
    party_b: str | None = None,
) -> PairScore:
    """Score two claims with the NLI cross-encoder of ``weights.nli``.

    The model reads the pair both ways: the contradiction probability is the mean of the
    two directions, the agreement probability the smaller entailment (each claim must
    entail the other). A relation needs a probability of at least 0.5 that beats the
    other one. The reason names the model's probability and the interpretable features
    that fired (see :func:`score_texts`).

    Raises:
        ModelError: ``weights.nli`` is None or its model cannot be loaded.
    """
    if weights.nli is None:
        raise ModelError("no NLI model: use Weights.with_nli(PATH)")
    forward, backward = weights.nli.predict([(text_a, text_b), (text_b, text_a)])
    contra = (forward.contradiction + backward.contradiction) / 2
    agree = min(forward.entailment, backward.entailment)
    feats, fired, order, _ = _cues(text_a, text_b, similarity, (cue_a, cue_b), (party_a, party_b))
    cues = [fired[f] for f in order]
    tail = [f"similarity {similarity:.2f}"]
    if party_a and party_b and party_a != party_b:
        tail.insert(0, f"opposing parties ({party_a} vs {party_b})")
    relation = None
    if contra >= 0.5 and contra > agree:
        relation = "contradiction"
        reason = "; ".join([f"NLI model: contradiction {contra:.2f}", *cues, *tail])
    elif agree >= 0.5:
        relation = "agreement"
        reason = "; ".join([f"NLI model: each entails the other ({agree:.2f})", *tail])
    else:
        reason = "; ".join([f"NLI model: neutral ({max(contra, agree):.2f})", *cues, *tail])
    return PairScore(
        contradiction=contra, agreement=agree, relation=relation, reason=reason, features=feats
    )


def score_pair(
    a: StoredClaim, b: StoredClaim, similarity: float, weights: Weights
) -> ClaimPair | None:
    """Score two claims from different parties; None when neither relation holds.

    The pair's claim ids are ordered (smaller first); the score is the probability of
    the relation, and the reason names the features that fired.
    """
    score = score_texts_nli if weights.nli is not None else score_texts
    result = score(
        a.text,
        b.text,
        similarity,
        weights,
        cue_a=a.cue,
        cue_b=b.cue,
        party_a=a.party,
        party_b=b.party,
    )
    if result.relation is None:
        return None
    first, second = sorted((a.claim_id, b.claim_id))
    return ClaimPair(first, second, result.relation, round(result.score, 3), result.reason)


# --------------------------------------------------------------------------- NLI


@dataclass(frozen=True)
class NLIScores:
    """Probabilities of an NLI model for one (premise, hypothesis) pair; they sum to 1."""

    contradiction: float
    entailment: float
    neutral: float


DEFAULT_NLI_LABELS: tuple[str, ...] = ("contradiction", "entailment", "neutral")
"""Label order of the ``cross-encoder/nli-*`` models, used when the config has none."""


class NLIScorer:
    """An NLI cross-encoder (sentence-transformers ``CrossEncoder``) from a local folder.

    Nothing is downloaded: the folder must hold the model and its tokenizer. The label
    order comes from the model config's ``id2label`` when it names the three NLI labels,
    else :data:`DEFAULT_NLI_LABELS`.

    Args:
        model_path: Folder of a sequence-classification model with three labels.
        batch_size: Pairs per forward pass.
        device: Torch device.

    Raises:
        ModelError: If the folder does not exist (at construction) or the model cannot
            be loaded or has not three labels (on first use).
    """

    def __init__(self, model_path: str | Path, batch_size: int = 16, device: str = "cpu") -> None:
        self.model_path = Path(model_path)
        if not self.model_path.is_dir():
            raise ModelError(f"no NLI model folder at {self.model_path}")
        self.batch_size = batch_size
        self.device = device
        self._model = None
        self._labels: tuple[str, ...] = DEFAULT_NLI_LABELS

    def _load(self):  # noqa: ANN202 - returns a CrossEncoder
        if self._model is None:
            os.environ["HF_HUB_OFFLINE"] = "1"
            os.environ["TRANSFORMERS_OFFLINE"] = "1"
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            try:
                from sentence_transformers import CrossEncoder

                model = CrossEncoder(
                    str(self.model_path), device=self.device, local_files_only=True
                )
            except Exception as exc:
                raise ModelError(f"cannot load the NLI model: {exc}".splitlines()[0]) from exc
            config = model.model.config
            if config.num_labels != 3:
                raise ModelError(f"the NLI model has {config.num_labels} labels, not 3")
            names = tuple(str(config.id2label[i]).lower() for i in range(3))
            if sorted(names) == sorted(DEFAULT_NLI_LABELS):
                self._labels = names
            self._model = model
        return self._model

    @property
    def labels(self) -> tuple[str, ...]:
        """The model's label order (loads the model)."""
        self._load()
        return self._labels

    def predict(self, pairs: Sequence[tuple[str, str]]) -> list[NLIScores]:
        """Score (premise, hypothesis) pairs.

        Args:
            pairs: Text pairs.

        Returns:
            One :class:`NLIScores` per pair, in order.
        """
        if not pairs:
            return []
        model = self._load()
        probs = model.predict(
            [list(p) for p in pairs],
            batch_size=self.batch_size,
            apply_softmax=True,
            show_progress_bar=False,
        )
        out = []
        for row in probs:
            by_label = dict(zip(self._labels, (float(x) for x in row), strict=True))
            out.append(NLIScores(**by_label))
        return out

    def score(self, premise: str, hypothesis: str) -> NLIScores:
        """Score one pair (see :meth:`predict`)."""
        return self.predict([(premise, hypothesis)])[0]
