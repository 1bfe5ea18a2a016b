r"""Score an attribution extractor against the PolNeAR corpus.

PolNeAR (Newell et al., LREC 2018) annotates attribution relations in US political news
as brat standoff files: ``T`` lines hold Source, Cue and Content spans (plus a trigger
that repeats the cue), ``E`` lines link them into one attribution. A corpus folder has
``text/<name>.txt`` and ``attributions/<name>_<annotator>.ann``, optionally a
``metadata.tsv`` whose ``publisher`` column names the outlet.

Scores are precision, recall and F1 per role (source, cue, content), in two modes:
``exact`` (identical character fragments after trimming whitespace) and ``overlap``
(at least one shared ``\w+`` token). Roles are scored independently of the linking.
Articles annotated by several annotators are scored against each annotator and the
counts averaged, so every article weighs once.
"""

from __future__ import annotations

import bisect
import csv
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rich.table import Table

Fragments = tuple[tuple[int, int], ...]
"""Character offsets ``(start, end)`` into the article text, end exclusive, sorted."""

ROLES: tuple[str, ...] = ("source", "cue", "content")
MODES: tuple[str, ...] = ("exact", "overlap")
ALL = "ALL"

_TOKEN_RE = re.compile(r"\w+")
_TRIGGER_TYPES = frozenset({"Attribution", "Attribution-no-source"})
_T_LINE_RE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)(?:\t(.*))?$")
_E_LINE_RE = re.compile(r"^(E\d+)\t(.*)$")
# Any brat annotation line starts with an id such as T12, E3, R1, A2, N1, #1 or *.
_ANY_ANN_LINE_RE = re.compile(r"^(?:[TERAMN#]\d+|\*)\t")
_ROLE_SUFFIX_RE = re.compile(r"\d+$")


@dataclass(frozen=True)
class Attribution:
    """One attribution relation: who (source) says (cue) what (content).

    Attributes:
        source: Fragments of the source span, ``()`` when there is no source.
        cue: Fragments of the cue span, ``()`` when absent.
        content: Fragments of the content span (often several), ``()`` when absent.
    """

    source: Fragments = ()
    cue: Fragments = ()
    content: Fragments = ()

    def role(self, name: str) -> Fragments:
        """Return the fragments of the role ``name`` (one of :data:`ROLES`)."""
        if name not in ROLES:
            raise ValueError(f"unknown role {name!r}; expected one of {ROLES}")
        return getattr(self, name)


@dataclass(frozen=True)
class Article:
    """A PolNeAR article with the gold attributions of each annotator.

    Attributes:
        name: File stem, e.g. ``"nyt_2016-09-08_obama-on-climate-change-the-tren"``.
        outlet: Publisher code (``metadata.tsv``) or the file-name prefix before ``_``.
        text: The raw article text; all offsets index into it.
        annotations: One tuple of attributions per annotator file, in file-name order.
        annotators: The annotator ids, parallel to ``annotations`` (not compared).
    """

    name: str
    outlet: str
    text: str
    annotations: tuple[tuple[Attribution, ...], ...]
    annotators: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class BratSpan:
    """A text-bound (``T``) annotation of a brat standoff file.

    Attributes:
        tid: Annotation id, e.g. ``"T3"``.
        type: Span type, e.g. ``"Source"``, ``"Cue"``, ``"Content"``, ``"Discuss"``.
        fragments: Character offsets of the span, in file order (brat keeps the order
            in which the annotator selected the fragments, which is not always sorted).
        text: The span text recorded in the file (fragments joined by a space, in
            file order).
    """

    tid: str
    type: str
    fragments: Fragments
    text: str


@dataclass(frozen=True)
class PRF:
    """Matching counts of one role and mode, with derived precision, recall and F1.

    Counts are floats because multi-annotator articles average their counts.

    Attributes:
        tp: Number of matched (predicted, gold) pairs.
        n_pred: Number of predicted spans.
        n_gold: Number of gold spans.
    """

    tp: float = 0.0
    n_pred: float = 0.0
    n_gold: float = 0.0

    @property
    def precision(self) -> float:
        """Return ``tp / n_pred``, or 0.0 when nothing was predicted."""
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        """Return ``tp / n_gold``, or 0.0 when there is no gold span."""
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        """Return the harmonic mean of precision and recall, or 0.0 when both are 0."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.n_pred + other.n_pred, self.n_gold + other.n_gold)

    def scaled(self, factor: float) -> PRF:
        """Return the counts multiplied by ``factor`` (used to average over annotators)."""
        return PRF(self.tp * factor, self.n_pred * factor, self.n_gold * factor)

    def to_dict(self) -> dict[str, float]:
        """Return precision, recall, f1 and the raw counts as a JSON-able dict."""
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "tp": self.tp,
            "n_pred": self.n_pred,
            "n_gold": self.n_gold,
        }


Scores = dict[tuple[str, str], PRF]


# --------------------------------------------------------------------------- parsing


def parse_brat(content: str) -> tuple[dict[str, BratSpan], list[dict[str, list[str]]]]:
    """Parse brat standoff text into its spans and its events.

    A span text that contains newlines continues on the following physical lines;
    those lines (and blank lines between them) are appended to the span's text. Other
    lines (notes, relations, malformed lines) are ignored.

    Args:
        content: The content of a ``.ann`` file.

    Returns:
        ``(spans, events)``: spans by id, and for each ``E`` line a mapping from its
        argument role (as written, e.g. ``"Attribution"``, ``"Content2"``) to the
        referenced span ids, in file order.
    """
    spans: dict[str, BratSpan] = {}
    events: list[dict[str, list[str]]] = []
    last_t: str | None = None
    blank_run = 0  # blank lines seen since the last span text line
    for line in content.split("\n"):
        line = line.rstrip("\r")
        t_match = _T_LINE_RE.match(line)
        if t_match:
            tid, typ, offsets, text = t_match.groups()
            frags = []
            for piece in offsets.split(";"):
                start, end = (int(x) for x in piece.split())
                frags.append((start, end))
            spans[tid] = BratSpan(tid, typ, tuple(frags), text or "")
            last_t, blank_run = tid, 0
            continue
        e_match = _E_LINE_RE.match(line)
        if e_match:
            args: dict[str, list[str]] = defaultdict(list)
            for arg in e_match.group(2).split():
                role, sep, ref = arg.partition(":")
                if sep and ref:
                    args[role].append(ref)
            events.append(dict(args))
            last_t, blank_run = None, 0
            continue
        if _ANY_ANN_LINE_RE.match(line):
            last_t = None
        elif not line:
            blank_run += 1
        elif last_t is not None:
            # A span text containing newlines continues on the next physical lines.
            prev = spans[last_t]
            extra = "\n" * (blank_run + 1) + line
            spans[last_t] = BratSpan(prev.tid, prev.type, prev.fragments, prev.text + extra)
            blank_run = 0
    return spans, events


def _event_to_attribution(args: dict[str, list[str]], spans: dict[str, BratSpan]) -> Attribution:
    frags: dict[str, list[tuple[int, int]]] = {role: [] for role in ROLES}
    for raw_role, refs in args.items():
        role = _ROLE_SUFFIX_RE.sub("", raw_role).lower()
        if role not in frags:
            continue  # the trigger (Attribution / Attribution-no-source) or an unknown role
        for ref in refs:
            span = spans.get(ref)
            if span is None or span.type in _TRIGGER_TYPES:
                continue
            frags[role].extend(span.fragments)
    return Attribution(**{role: tuple(sorted(set(f))) for role, f in frags.items()})


def read_ann(path: Path) -> list[Attribution]:
    """Read the attributions of one brat standoff ``.ann`` file.

    One :class:`Attribution` is built per ``E`` line from its ``Source``, ``Cue`` and
    ``Content`` arguments; numbered repeats (``Content2``) add fragments to the same
    role. The trigger span (``Attribution`` / ``Attribution-no-source``), ``Discuss``
    and ``Discard`` spans, and spans not linked from an ``E`` line are ignored.

    Args:
        path: Path of the ``.ann`` file (UTF-8).

    Returns:
        The attributions in file order.
    """
    with open(path, encoding="utf-8", newline="") as fh:
        spans, events = parse_brat(fh.read())
    return [_event_to_attribution(args, spans) for args in events]


def _read_text(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()


def _read_publishers(directory: Path) -> dict[str, str]:
    meta = directory / "metadata.tsv"
    if not meta.is_file():
        return {}
    with open(meta, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return {
            row["filename"]: row["publisher"]
            for row in reader
            if row.get("filename") and row.get("publisher")
        }


def _check_corpus_dir(directory: Path) -> tuple[Path, Path]:
    text_dir, ann_dir = directory / "text", directory / "attributions"
    if not (text_dir.is_dir() and ann_dir.is_dir() and any(text_dir.glob("*.txt"))):
        raise ValueError(
            f"{directory} is not a PolNeAR folder: expected text/*.txt and attributions/*.ann"
        )
    return text_dir, ann_dir


def _ann_files(ann_dir: Path) -> dict[str, list[tuple[str, Path]]]:
    by_name: dict[str, list[tuple[str, Path]]] = defaultdict(list)
    for path in sorted(ann_dir.glob("*.ann")):
        name, sep, annotator = path.stem.rpartition("_")
        if sep:
            by_name[name].append((annotator, path))
    return by_name


def load_corpus(directory: Path) -> list[Article]:
    """Load a PolNeAR folder (e.g. ``polnear-dev``) into articles with gold attributions.

    Texts are read as UTF-8 without newline translation so that the brat offsets index
    them directly. Articles without any annotation file are skipped (they cannot be
    scored), as are annotation files without a text.

    Args:
        directory: Folder holding ``text/``, ``attributions/`` and optionally
            ``metadata.tsv``.

    Returns:
        The articles, sorted by name.

    Raises:
        ValueError: If ``directory`` is not a PolNeAR folder.
    """
    directory = Path(directory)
    text_dir, ann_dir = _check_corpus_dir(directory)
    publishers = _read_publishers(directory)
    anns = _ann_files(ann_dir)
    articles = []
    for text_path in sorted(text_dir.glob("*.txt")):
        name = text_path.stem
        files = anns.get(name)
        if not files:
            continue
        outlet = publishers.get(name) or name.split("_", 1)[0]
        articles.append(
            Article(
                name=name,
                outlet=outlet,
                text=_read_text(text_path),
                annotations=tuple(tuple(read_ann(path)) for _, path in files),
                annotators=tuple(annotator for annotator, _ in files),
            )
        )
    return articles


@dataclass(frozen=True)
class OffsetCheck:
    """How many linked role spans of a corpus match the text at their offsets.

    Attributes:
        n_spans: Number of source, cue and content spans linked from ``E`` lines.
        n_match: Spans whose fragments, joined by a space, equal the recorded text.
        mismatches: Up to 20 examples ``(file, span id, recorded, found)``.
    """

    n_spans: int
    n_match: int
    mismatches: tuple[tuple[str, str, str, str], ...]

    @property
    def rate(self) -> float:
        """Return the fraction of spans that match (1.0 for an empty corpus)."""
        return self.n_match / self.n_spans if self.n_spans else 1.0


def check_offsets(directory: Path) -> OffsetCheck:
    """Verify that every linked span's offsets reproduce its recorded text.

    brat records a discontiguous span's text as its fragments joined by one space.

    Args:
        directory: A PolNeAR folder.

    Returns:
        The match counts and a few mismatching examples.

    Raises:
        ValueError: If ``directory`` is not a PolNeAR folder.
    """
    directory = Path(directory)
    text_dir, ann_dir = _check_corpus_dir(directory)
    n_spans = n_match = 0
    mismatches: list[tuple[str, str, str, str]] = []
    for name, files in sorted(_ann_files(ann_dir).items()):
        text_path = text_dir / f"{name}.txt"
        if not text_path.is_file():
            continue
        text = _read_text(text_path)
        for _, path in files:
            with open(path, encoding="utf-8", newline="") as fh:
                spans, events = parse_brat(fh.read())
            linked = {
                ref
                for args in events
                for role, refs in args.items()
                if _ROLE_SUFFIX_RE.sub("", role).lower() in ROLES
                for ref in refs
            }
            for tid in sorted(linked):
                span = spans.get(tid)
                if span is None or span.type in _TRIGGER_TYPES:
                    continue
                found = " ".join(text[s:e] for s, e in span.fragments)
                n_spans += 1
                if found == span.text:
                    n_match += 1
                elif len(mismatches) < 20:
                    mismatches.append((path.name, tid, span.text, found))
    return OffsetCheck(n_spans, n_match, tuple(mismatches))


# --------------------------------------------------------------------------- scoring


def _normalise(frags: Fragments, text: str) -> Fragments:
    """Clip to the text, strip whitespace per fragment, drop empties, merge touching ones."""
    out: list[list[int]] = []
    for start, end in sorted(frags):
        start, end = max(0, start), min(len(text), end)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        if out and (start <= out[-1][1] or not text[out[-1][1] : start].strip()):
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return tuple((s, e) for s, e in out)


class _Tokens:
    r"""``\w+`` tokens of a text, identified by their start offset."""

    def __init__(self, text: str) -> None:
        matches = list(_TOKEN_RE.finditer(text))
        self.starts = [m.start() for m in matches]
        self.ends = [m.end() for m in matches]

    def covered(self, frags: Fragments) -> frozenset[int]:
        """Return the start offsets of the tokens that intersect any fragment."""
        ids: set[int] = set()
        for start, end in frags:
            # first token ending after `start`, up to the last token starting before `end`
            lo = bisect.bisect_right(self.ends, start)
            hi = bisect.bisect_left(self.starts, end)
            ids.update(self.starts[lo:hi])
        return frozenset(ids)


def _match_exact(pred: list[Fragments], gold: list[Fragments]) -> int:
    return sum((Counter(pred) & Counter(gold)).values())


@dataclass(frozen=True)
class _OverlapSpan:
    r"""A span seen as ``\w+`` token ids, or as characters when it has no word token."""

    frags: Fragments
    words: frozenset[int]
    chars: frozenset[int]  # non-space character offsets, only for word-less spans (":")

    def covers(self, pos: int) -> bool:
        return any(start <= pos < end for start, end in self.frags)


def _overlap_span(frags: Fragments, tokens: _Tokens, text: str) -> _OverlapSpan:
    words = tokens.covered(frags)
    chars: frozenset[int] = frozenset()
    if not words:
        chars = frozenset(i for s, e in frags for i in range(s, e) if not text[i].isspace())
    return _OverlapSpan(frags, words, chars)


def _shared(p: _OverlapSpan, g: _OverlapSpan) -> float:
    """Return the number of shared word tokens; 0.5 for a word-less span inside the other."""
    shared = len(p.words & g.words)
    if shared:
        return float(shared)
    if p.chars and any(g.covers(i) for i in p.chars):
        return 0.5
    if g.chars and any(p.covers(i) for i in g.chars):
        return 0.5
    return 0.0


def _match_overlap(pred: list[_OverlapSpan], gold: list[_OverlapSpan]) -> int:
    """Return the size of a maximum one-to-one matching of overlapping spans.

    Candidates are tried by decreasing overlap, then augmenting paths re-pair spans when
    that lets one more pair match (a greedy pass alone can miss pairs).
    """
    edges: list[list[tuple[float, int]]] = [[] for _ in pred]
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            shared = _shared(p, g)
            if shared:
                edges[i].append((shared, j))
        edges[i].sort(key=lambda e: (-e[0], e[1]))
    gold_owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for _, j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in gold_owner or augment(gold_owner[j], seen):
                gold_owner[j] = i
                return True
        return False

    order = sorted(range(len(pred)), key=lambda i: -edges[i][0][0] if edges[i] else 0.0)
    return sum(augment(i, set()) for i in order if edges[i])


def score_article(pred: Sequence[Attribution], gold: Sequence[Attribution], text: str) -> Scores:
    r"""Match predicted against gold spans of one article, role by role.

    Each role is scored on its own (linking is ignored). A span is one attribution's
    fragments for that role; empty roles are not spans. Fragments are normalised first
    (whitespace stripped, whitespace-separated fragments merged). In ``exact`` mode a
    predicted span matches a gold span with identical fragments; in ``overlap`` mode it
    matches one sharing at least one ``\w+`` token (a span without any word token, such
    as a ``:`` cue, matches a span covering one of its characters). Each span is matched
    at most once; the number of matched pairs is maximised, preferring pairs with the
    most shared tokens. Duplicate gold spans (a source shared by two attributions) count
    twice.

    Args:
        pred: Predicted attributions.
        gold: Gold attributions of one annotator.
        text: The article text the offsets index into.

    Returns:
        Counts keyed by ``(role, mode)``, for every role in :data:`ROLES` and mode in
        :data:`MODES`.
    """
    tokens = _Tokens(text)
    scores: Scores = {}
    for role in ROLES:
        p_spans = [s for s in (_normalise(a.role(role), text) for a in pred) if s]
        g_spans = [s for s in (_normalise(a.role(role), text) for a in gold) if s]
        n_pred, n_gold = float(len(p_spans)), float(len(g_spans))
        scores[(role, "exact")] = PRF(float(_match_exact(p_spans, g_spans)), n_pred, n_gold)
        tp = _match_overlap(
            [_overlap_span(s, tokens, text) for s in p_spans],
            [_overlap_span(s, tokens, text) for s in g_spans],
        )
        scores[(role, "overlap")] = PRF(float(tp), n_pred, n_gold)
    return scores


def _empty_scores() -> Scores:
    return {(role, mode): PRF() for role in ROLES for mode in MODES}


def _add(total: Scores, part: Scores, factor: float = 1.0) -> None:
    for key, prf in part.items():
        total[key] = total.get(key, PRF()) + prf.scaled(factor)


def _scores_to_dict(scores: Scores) -> dict[str, dict[str, dict[str, float]]]:
    return {
        role: {mode: scores.get((role, mode), PRF()).to_dict() for mode in MODES} for role in ROLES
    }


_METRIC_LABELS = {"precision": "P", "recall": "R", "f1": "F1"}


def _add_score_columns(table: Table) -> None:
    """One right-aligned column per role × mode, in the order of :func:`_percent_cells`."""
    for role in ROLES:
        for mode in MODES:
            table.add_column(f"{role}\n{mode}", justify="right")


def _percent_cells(scores: Scores, metric: str) -> list[str]:
    """One table row's cells: ``metric`` in percent for every role and mode."""
    return [
        f"{100 * getattr(scores.get((role, mode), PRF()), metric):.1f}"
        for role in ROLES
        for mode in MODES
    ]


@dataclass
class EvalReport:
    """Scores of an extractor over a corpus, overall and per outlet.

    Attributes:
        scores: Counts keyed by outlet (``"ALL"`` for the whole corpus), then by
            ``(role, mode)``.
        n_articles: Number of articles scored.
        articles_per_outlet: Number of articles scored per outlet.
    """

    scores: dict[str, Scores]
    n_articles: int
    articles_per_outlet: dict[str, int]

    @property
    def overall(self) -> Scores:
        """Return the corpus-wide counts keyed by ``(role, mode)``."""
        return self.scores[ALL]

    @property
    def outlets(self) -> list[str]:
        """Return the outlet names, sorted (without ``"ALL"``)."""
        return sorted(k for k in self.scores if k != ALL)

    def to_dict(self) -> dict[str, object]:
        """Return the report as a JSON-able dict.

        Returns:
            ``{"n_articles", "overall": {role: {mode: {...}}}, "per_outlet":
            {outlet: {role: {mode: {...}}}}, "articles_per_outlet": {outlet: n}}``
            where each innermost dict has precision, recall, f1, tp, n_pred, n_gold.
        """
        return {
            "n_articles": self.n_articles,
            "overall": _scores_to_dict(self.overall),
            "per_outlet": {o: _scores_to_dict(self.scores[o]) for o in self.outlets},
            "articles_per_outlet": {o: self.articles_per_outlet[o] for o in self.outlets},
        }

    def table(self, detail: bool = False) -> Table:
        """Render the scores as a rich table (percentages).

        Rows are precision, recall and F1 for ``ALL``, then F1 for each outlet (or
        all three when ``detail`` is true); columns are each role × mode.

        Args:
            detail: Also show precision and recall for every outlet.

        Returns:
            A :class:`rich.table.Table` that fits in 120 columns.
        """
        table = Table(title=f"PolNeAR attribution scores ({self.n_articles} articles, %)")
        table.add_column("outlet", no_wrap=True)
        table.add_column("docs", justify="right")
        table.add_column("", no_wrap=True)
        _add_score_columns(table)

        def add_rows(name: str, metrics: Sequence[str], bold_f1: bool, end: bool) -> None:
            scores = self.scores[name]
            n_docs = self.n_articles if name == ALL else self.articles_per_outlet[name]
            for k, metric in enumerate(metrics):
                table.add_row(
                    name if k == 0 else "",
                    str(n_docs) if k == 0 else "",
                    _METRIC_LABELS[metric],
                    *_percent_cells(scores, metric),
                    style="bold" if bold_f1 and metric == "f1" else None,
                    end_section=end and k == len(metrics) - 1,
                )

        add_rows(ALL, ("precision", "recall", "f1"), bold_f1=True, end=True)
        outlet_metrics = ("precision", "recall", "f1") if detail else ("f1",)
        for outlet in self.outlets:
            add_rows(outlet, outlet_metrics, bold_f1=False, end=detail)
        return table


def evaluate(
    articles: Sequence[Article], predict: Callable[[str], Sequence[Attribution]]
) -> EvalReport:
    """Run ``predict`` on every article and score it against the gold attributions.

    ``predict`` is called once per article. An article with several annotators is
    scored against each, and its counts are averaged over them, so it weighs once.
    Counts are then summed over articles, overall and per outlet. Articles without
    any annotation are skipped.

    Args:
        articles: Articles from :func:`load_corpus`.
        predict: Maps an article text to predicted attributions (offsets into it).

    Returns:
        The report.
    """
    scores: dict[str, Scores] = {ALL: _empty_scores()}
    per_outlet: dict[str, int] = defaultdict(int)
    n_articles = 0
    for article in articles:
        if not article.annotations:
            continue
        pred = list(predict(article.text))
        factor = 1.0 / len(article.annotations)
        outlet_scores = scores.setdefault(article.outlet, _empty_scores())
        for gold in article.annotations:
            part = score_article(pred, gold, article.text)
            _add(scores[ALL], part, factor)
            _add(outlet_scores, part, factor)
        per_outlet[article.outlet] += 1
        n_articles += 1
    return EvalReport(scores=scores, n_articles=n_articles, articles_per_outlet=dict(per_outlet))


def gold_as_prediction(article: Article) -> list[Attribution]:
    """Return the first annotator's gold attributions (a sanity-check "predictor")."""
    return list(article.annotations[0]) if article.annotations else []


@dataclass
class AgreementReport:
    """How far annotators agree with each other, beside the extractor on the same articles.

    Only articles with several annotators count. Every annotator is scored against every
    other one (each ordered pair, so precision one way is recall the other), and the
    extractor against each annotator; counts are averaged per article so that every
    article weighs once, as in :func:`evaluate`.

    Attributes:
        annotators: Counts of annotator against annotator, keyed by ``(role, mode)``.
        extractor: Counts of the extractor against the annotators, keyed likewise.
        n_articles: Number of articles with several annotators.
        n_annotations: Number of annotation files of those articles.
    """

    annotators: Scores
    extractor: Scores
    n_articles: int
    n_annotations: int

    def to_dict(self) -> dict[str, object]:
        """Return the report as a JSON-able dict.

        Returns:
            ``{"n_articles", "n_annotations", "annotators": {role: {mode: {...}}},
            "extractor": {role: {mode: {...}}}}``, innermost dicts as in
            :meth:`EvalReport.to_dict`.
        """
        return {
            "n_articles": self.n_articles,
            "n_annotations": self.n_annotations,
            "annotators": _scores_to_dict(self.annotators),
            "extractor": _scores_to_dict(self.extractor),
        }

    def table(self) -> Table:
        """Render both rows as a rich table (percentages) that fits in 120 columns."""
        table = Table(
            title=(
                f"PolNeAR annotator agreement ({self.n_articles} articles, "
                f"{self.n_annotations} annotations, %)"
            )
        )
        table.add_column("who", no_wrap=True)
        table.add_column("", no_wrap=True)
        _add_score_columns(table)
        for name, scores in (("annotators", self.annotators), ("extractor", self.extractor)):
            for k, metric in enumerate(_METRIC_LABELS):
                table.add_row(
                    name if k == 0 else "",
                    _METRIC_LABELS[metric],
                    *_percent_cells(scores, metric),
                    style="bold" if metric == "f1" else None,
                    end_section=k == len(_METRIC_LABELS) - 1,
                )
        return table


def agreement(
    articles: Sequence[Article], predict: Callable[[str], Sequence[Attribution]]
) -> AgreementReport:
    """Score annotators against each other, and ``predict`` against them, on the same articles.

    This is the ceiling to read the extractor's scores against: an exact-match F1 that
    the annotators themselves do not reach is a convention, not a skill.

    Args:
        articles: Articles from :func:`load_corpus`; those with one annotator are skipped.
        predict: Maps an article text to predicted attributions (called once per article).

    Returns:
        The report (all counts zero when no article has several annotators).
    """
    humans, machine = _empty_scores(), _empty_scores()
    n_articles = n_annotations = 0
    for article in articles:
        golds = article.annotations
        if len(golds) < 2:
            continue
        pred = list(predict(article.text))
        pairs = len(golds) * (len(golds) - 1)
        for i, gold in enumerate(golds):
            _add(machine, score_article(pred, gold, article.text), 1.0 / len(golds))
            for j, other in enumerate(golds):
                if i != j:
                    _add(humans, score_article(other, gold, article.text), 1.0 / pairs)
        n_articles += 1
        n_annotations += len(golds)
    return AgreementReport(humans, machine, n_articles, n_annotations)
