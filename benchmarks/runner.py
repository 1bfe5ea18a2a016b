"""``python -m benchmarks``: speed of claims as ratios measured in one run.

Absolute times depend on the machine (and on whatever else runs on it), so every headline
number is a ratio of two things measured in the same run: ONNX vs torch embedding, the
whole ingest vs its slowest stage alone, claims vs llm. See ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.corpus import Article, claim_sentences, generate_corpus, write_corpus
from benchmarks.timing import Run, TimedEmbedder, median, run_command, timed

SECTIONS = (
    "embed", "ingest", "extract", "link", "coldstart", "search", "report", "ducklake", "llm",
    "memory",
)  # fmt: skip
EXTRACT_TARGET = 1.2
LINK_SIZES = (10_000, 100_000)
QUICK_LINK_SIZES = (1_000, 10_000)
LINK_CLAIMS_PER_DOC = 8
LINK_DOCS_PER_EVENT = 20
ONNX_TARGET = 1.8
COLD_START_TARGET = 0.5
SEARCH_TEXT = "who asked for the phone call"


@dataclass
class Row:
    """One line of the results table."""

    section: str
    measure: str
    value: str
    note: str = ""


@dataclass
class Results:
    """Everything measured: table rows and the same numbers as JSON-ready data."""

    rows: list[Row] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    def add(self, section: str, measure: str, value: str, note: str = "") -> None:
        """Add a table row."""
        self.rows.append(Row(section, measure, value, note))


@dataclass
class Context:
    """What the sections share: options, the corpus, folders, the ingested database."""

    args: argparse.Namespace
    articles: list[Article]
    sentences: list[str]
    workdir: Path
    corpus_dir: Path
    db_path: Path
    log: Callable[[str], None]
    ingested: bool = False


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (0.0 where unknown)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024


def _rate(count: float, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def _fmt_rate(value: float, unit: str) -> str:
    return f"{value:,.1f} {unit}" if value < 100 else f"{value:,.0f} {unit}"


def claims_command() -> list[str]:
    """Return the argv prefix that runs the ``claims`` CLI of this environment."""
    script = Path(sys.executable).with_name("claims")
    if script.is_file():
        return [str(script)]
    found = shutil.which("claims")
    if found:
        return [found]
    return [sys.executable, "-c", "from claims.cli import main; main()"]


# --- 1. embedding throughput ----------------------------------------------------------------


def bench_embed(ctx: Context, results: Results) -> None:
    """Sentences per second of the torch and the ONNX-int8 backend on the claim sentences."""
    from claims.embed import SentenceTransformerEmbedder
    from claims.embed_onnx import OnnxEmbedder, cached_model_path

    sentences = ctx.sentences[:300] if ctx.args.quick else ctx.sentences
    rounds = 1 if ctx.args.quick else ctx.args.rounds
    torch_e = SentenceTransformerEmbedder()
    onnx_e = OnnxEmbedder()
    was_cached = cached_model_path().is_file()
    ctx.log("embed: loading torch and onnx backends" + ("" if was_cached else " (exporting)"))
    torch_load, _ = timed(lambda: torch_e.embed(sentences[:8]))
    onnx_load, _ = timed(lambda: onnx_e.embed(sentences[:8]))
    torch_e.embed(sentences[:64])  # warm-up, untimed
    onnx_e.embed(sentences[:64])
    times: dict[str, list[float]] = {"torch": [], "onnx": []}
    vectors: dict[str, np.ndarray] = {}
    backends = {"torch": torch_e, "onnx": onnx_e}
    for r in range(rounds):
        order = ("torch", "onnx") if r % 2 == 0 else ("onnx", "torch")
        for name in order:
            ctx.log(f"embed: round {r + 1}/{rounds}, {name}, {len(sentences)} sentences")
            seconds, vecs = timed(lambda e=backends[name]: e.embed(sentences))
            times[name].append(seconds)
            vectors[name] = vecs
    torch_rate = _rate(len(sentences), min(times["torch"]))
    onnx_rate = _rate(len(sentences), min(times["onnx"]))
    ratio = onnx_rate / torch_rate
    cos = np.sum(vectors["torch"] * vectors["onnx"], axis=1)
    note = f"best of {rounds}, {len(sentences)} distinct claim sentences"
    results.add("embed", "torch (sentence-transformers)", _fmt_rate(torch_rate, "sent/s"), note)
    results.add("embed", "onnx-int8 (onnxruntime)", _fmt_rate(onnx_rate, "sent/s"), note)
    verdict = "PASS" if ratio >= ONNX_TARGET else "FAIL"
    results.add("embed", "onnx ÷ torch", f"{ratio:.2f}×", f"target ≥ {ONNX_TARGET}×: {verdict}")
    results.add(
        "embed",
        "cosine onnx vs torch",
        f"min {cos.min():.4f} / mean {cos.mean():.4f}",
        "same sentences, both backends",
    )
    results.add(
        "embed",
        "first vector (load)",
        f"torch {torch_load:.2f} s / onnx {onnx_load:.2f} s",
        "onnx cached" if was_cached else "onnx export included (first use)",
    )
    results.data["embed"] = {
        "sentences": len(sentences),
        "rounds": rounds,
        "torch_seconds": times["torch"],
        "onnx_seconds": times["onnx"],
        "torch_sentences_per_s": torch_rate,
        "onnx_sentences_per_s": onnx_rate,
        "ratio": ratio,
        "target": ONNX_TARGET,
        "pass": ratio >= ONNX_TARGET,
        "cosine_min": float(cos.min()),
        "cosine_mean": float(cos.mean()),
        "torch_load_seconds": torch_load,
        "onnx_load_seconds": onnx_load,
        "onnx_was_cached": was_cached,
    }


# --- 2. ingest vs its slowest stage -----------------------------------------------------------


def bench_ingest(ctx: Context, results: Results) -> None:
    """The whole ingest against the slowest stage alone, and each stage's busy time."""
    from claims.embed import default_embedder
    from claims.extract import load_nlp
    from claims.pipeline import ingest
    from claims.workers import auto_workers

    ctx.log("ingest: loading spaCy and the embedder")
    spacy_load, nlp = timed(load_nlp)
    embedder = default_embedder(ctx.args.backend)
    embed_load, _ = timed(lambda: embedder.embed(["Warm-up sentence."]))
    list(nlp.pipe(["A warm-up sentence, the minister said."]))
    texts = [a.text for a in ctx.articles]
    n = len(texts)
    workers = auto_workers(n) if ctx.args.workers == "auto" else int(ctx.args.workers)

    def parse() -> None:
        for _ in nlp.pipe(texts, batch_size=64):
            pass

    ctx.log(f"ingest: spaCy nlp.pipe over {n} articles (one process)")
    spacy_runs = [timed(parse)[0]]
    # What `claims ingest` embeds with: the one-thread copy (it loads here, outside the
    # timing).
    sharing = hasattr(embedder, "sharing_cores")
    ingest_embedder = embedder.sharing_cores() if sharing else embedder
    ingest_embedder.embed(["Warm-up sentence."])
    timed_embedder = TimedEmbedder(ingest_embedder)
    rss_before = peak_rss_mb()
    ctx.log(f"ingest: claims.pipeline.ingest of {n} articles, {workers} parsing worker(s)")
    ingest_seconds, outcome = timed(
        lambda: ingest(
            ctx.db_path,
            [str(ctx.corpus_dir)],
            embedder=timed_embedder,
            workers=workers,
        )
    )
    ctx.ingested = True
    rss_after = peak_rss_mb()
    claim_texts = list(dict.fromkeys(timed_embedder.texts))
    ctx.log(f"ingest: embedding alone ({len(claim_texts)} claims)")
    embed_seconds, _ = timed(lambda: embedder.embed(claim_texts))
    ctx.log("ingest: spaCy nlp.pipe again")
    spacy_runs.append(timed(parse)[0])
    spacy_seconds = min(spacy_runs)
    stages = {"spaCy nlp.pipe": spacy_seconds, "embedding": embed_seconds}
    slowest = max(stages, key=stages.__getitem__)
    ratio = stages[slowest] / ingest_seconds
    busy = dict(outcome.seconds)
    shares = {stage: busy.get(stage, 0.0) / ingest_seconds for stage in STAGES}

    counts = (
        f"{outcome.documents} articles, {outcome.claims} claims, {outcome.topics} topics, "
        f"{outcome.pairs} pairs"
    )
    results.add(
        "ingest", "ingest (whole pipeline)", _fmt_rate(_rate(n, ingest_seconds), "art/s"), counts
    )
    results.add(
        "ingest",
        "spaCy nlp.pipe alone",
        _fmt_rate(_rate(n, spacy_seconds), "art/s"),
        "one process, the model as claims loads it",
    )
    results.add(
        "ingest",
        f"embedding alone ({embedder.model_id.split('@')[-1]})",
        _fmt_rate(_rate(n, embed_seconds), "art/s"),
        _fmt_rate(_rate(len(claim_texts), embed_seconds), "claims/s"),
    )
    results.add(
        "ingest",
        "ingest ÷ slowest stage",
        f"{ratio:.2f}×",
        f"slowest alone: {slowest}; 1.0 = no overhead; {workers} parsing worker(s)",
    )
    for stage, label in STAGES.items():
        results.add(
            "ingest",
            f"busy: {label}",
            f"{shares[stage]:.0%}",
            f"{busy.get(stage, 0.0):.1f} s of {ingest_seconds:.1f} s; stages overlap",
        )
    results.add(
        "ingest",
        "peak RSS",
        f"{rss_after:,.0f} MB",
        f"{rss_before:,.0f} MB before the ingest (models loaded, articles parsed once); "
        "this process only (the memory section counts the workers too)",
    )
    results.add(
        "ingest",
        "model load (not timed above)",
        f"spaCy {spacy_load:.2f} s / embedder {embed_load:.2f} s",
    )
    results.data["ingest"] = {
        "articles": n,
        "claims": outcome.claims,
        "topics": outcome.topics,
        "pairs": outcome.pairs,
        "backend": embedder.model_id,
        "workers": workers,
        "ingest_seconds": ingest_seconds,
        "spacy_seconds": spacy_runs,
        "embed_alone_seconds": embed_seconds,
        "slowest_stage": slowest,
        "ratio": ratio,
        "busy_seconds": busy,
        "shares": shares,
        "peak_rss_mb_before": rss_before,
        "peak_rss_mb": rss_after,
        "spacy_load_seconds": spacy_load,
        "embedder_load_seconds": embed_load,
    }


STAGES = {"extract": "parse+extract", "embed": "embed", "link": "link+store"}
"""The stages ``ingest`` times (``IngestResult.seconds``), with their table labels."""


# --- 2b. extraction vs bare parsing -----------------------------------------------------------


def bench_extract(ctx: Context, results: Results) -> None:
    """The whole extractor against bare ``nlp.pipe`` over the same texts, in the same run.

    The extractor parses the article paragraphs (boilerplate cut) with the same pipeline
    object, so both sides use the same model and the same enabled pipes. Rounds alternate
    the two sides and the best round of each counts; the headline ratio compares with
    parsing the same paragraphs, the second with parsing each article text whole. CPU time
    of this process is the measure (other processes on the machine barely move it); the
    wall-clock ratio is listed too.
    """
    from claims.boilerplate import article_paragraphs
    from claims.extract import Extractor, load_nlp
    from claims.models import Document

    ctx.log("extract: loading spaCy and the cue model")
    nlp = load_nlp()
    extractor = Extractor(nlp=nlp)
    texts = [a.text for a in ctx.articles]
    paragraphs = [t[s:e] for t in texts for s, e in article_paragraphs(t)]
    documents = [Document(text=t) for t in texts]
    list(extractor.extract_many(documents[:2]))  # warm-up, untimed
    n = len(texts)
    rounds = 1 if ctx.args.quick else max(1, ctx.args.rounds)

    def pipe(items: list[str]) -> None:
        for _ in nlp.pipe(items, batch_size=64):
            pass

    claims_found = 0

    def extract() -> None:
        nonlocal claims_found
        claims_found = sum(len(d.claims) for d in extractor.extract_many(documents))

    runners = {
        "paragraphs": lambda: pipe(paragraphs),
        "texts": lambda: pipe(texts),
        "extract": extract,
    }
    wall: dict[str, list[float]] = {name: [] for name in runners}
    cpu: dict[str, list[float]] = {name: [] for name in runners}
    for r in range(rounds):
        order = list(runners) if r % 2 == 0 else list(reversed(runners))
        for name in order:
            ctx.log(f"extract: round {r + 1}/{rounds}, {name}, {n} articles")
            cpu_start = time.process_time()
            wall[name].append(timed(runners[name])[0])
            cpu[name].append(time.process_time() - cpu_start)
    best = {name: min(values) for name, values in cpu.items()}
    best_wall = {name: min(values) for name, values in wall.items()}
    ratio = best["extract"] / best["paragraphs"]
    ratio_texts = best["extract"] / best["texts"]
    ratio_wall = best_wall["extract"] / best_wall["paragraphs"]
    verdict = f"≤ {EXTRACT_TARGET}: {'yes' if ratio <= EXTRACT_TARGET else 'no'}"
    results.add(
        "extract",
        "nlp.pipe (article paragraphs)",
        _fmt_rate(_rate(n, best["paragraphs"]), "art/s"),
        f"{len(paragraphs)} paragraphs; CPU time",
    )
    results.add("extract", "nlp.pipe (article texts)", _fmt_rate(_rate(n, best["texts"]), "art/s"))
    results.add(
        "extract",
        "Extractor.extract_many",
        _fmt_rate(_rate(n, best["extract"]), "art/s"),
        f"{claims_found} claims",
    )
    results.add(
        "extract",
        "extract ÷ nlp.pipe (paragraphs)",
        f"{ratio:.2f}×",
        f"CPU, best of {rounds}; {verdict}",
    )
    results.add("extract", "extract ÷ nlp.pipe (texts)", f"{ratio_texts:.2f}×", "CPU time")
    results.add("extract", "extract ÷ nlp.pipe (wall)", f"{ratio_wall:.2f}×", "paragraphs")
    results.data["extract"] = {
        "articles": n,
        "paragraphs": len(paragraphs),
        "claims": claims_found,
        "cpu_seconds": cpu,
        "wall_seconds": wall,
        "ratio": ratio,
        "ratio_texts": ratio_texts,
        "ratio_wall": ratio_wall,
        "target": EXTRACT_TARGET,
    }


# --- linking cost against the number of claims ----------------------------------------------


def synthetic_link_documents(
    n_claims: int, seed: int = 0
) -> Iterator[tuple[Any, list, np.ndarray]]:
    """Documents of fake claims with clustered fake vectors, for timing the linking alone.

    Every ``LINK_DOCS_PER_EVENT`` documents report one event (a random direction), two
    days after the previous event starts; an event has four disputed points (directions
    near the event's) and two parties, and each claim's vector is its point's direction
    plus noise. Texts are distinct template sentences. Yields ``(Document, claims,
    vectors)`` with ``LINK_CLAIMS_PER_DOC`` claims each.
    """
    from datetime import date, timedelta

    from claims.models import Claim, Document, Span

    rng = np.random.default_rng(seed)
    countries = ["Poland", "Belarus", "France", "Mali", "India", "Pakistan", "Serbia", "Kosovo"]
    verbs = ["denied", "confirmed", "rejected", "insisted", "claimed", "acknowledged"]
    start = date(2020, 1, 1)
    made = 0
    doc = 0
    event_vec = points = parties = None
    while made < n_claims:
        event, nth = divmod(doc, LINK_DOCS_PER_EVENT)
        if nth == 0:
            event_vec = rng.normal(size=384)
            points = [event_vec + 0.9 * rng.normal(size=384) for _ in range(4)]
            parties = rng.choice(countries, size=2, replace=False).tolist()
        published = start + timedelta(days=2 * event + nth // 4)
        k = min(LINK_CLAIMS_PER_DOC, n_claims - made)
        texts, claims, vectors = [], [], []
        for i in range(k):
            point = int(rng.integers(4))
            party = parties[(i + nth) % 2]
            text = (
                f"{party} {verbs[(made + i) % len(verbs)]} that point {point} of event {event} "
                f"happened as reported in dispatch {made + i}"
            )
            texts.append(text)
            vec = points[point] + 0.6 * rng.normal(size=384)
            vectors.append(vec / np.linalg.norm(vec))
        body = ". ".join(texts) + "."
        offset = 0
        for i, text in enumerate(texts):
            span = Span(offset, offset + len(text))
            claims.append(
                Claim(text, span, f"Spokesperson {i % 3}", None, "said", span, "indirect",
                      party=text.split(" ", 1)[0])
            )  # fmt: skip
            offset += len(text) + 2
        document = Document(text=body, url=f"https://example.org/{doc}", outlet="Wire",
                            published=published, title=f"Event {event}")  # fmt: skip
        yield document, claims, np.asarray(vectors, dtype=np.float32)
        made += k
        doc += 1


def time_linking(db_path: Path, n_claims: int, seed: int = 0) -> dict[str, Any]:
    """Link ``n_claims`` synthetic claims into a fresh database, as ``ingest`` does.

    Returns:
        Seconds, documents, topics and pairs.
    """
    from claims.link import LinkCache, Weights, link_document
    from claims.store import Store

    if db_path.exists():
        db_path.unlink()
    documents = list(synthetic_link_documents(n_claims, seed))
    weights = Weights.load()
    pairs = topics = 0
    with Store.open(db_path) as store:
        start = time.perf_counter()
        with store.transaction():
            cache = LinkCache(store)
            for document, claims, vectors in documents:
                doc_id = store.add_document(document)
                result = link_document(
                    store, doc_id, document, claims, vectors, [], "synthetic", weights, cache
                )
                pairs += len(result.pairs)
                topics += int(result.created_topic)
            store.refresh_topic_counts()
        seconds = time.perf_counter() - start
    return {
        "claims": n_claims,
        "documents": len(documents),
        "seconds": seconds,
        "ms_per_claim": 1000 * seconds / n_claims,
        "topics": topics,
        "pairs": pairs,
    }


def bench_link(ctx: Context, results: Results) -> None:
    """Cost of linking (topics, duplicates, pair scoring, issues, writes) against its size."""
    sizes = ctx.args.link_sizes
    runs = []
    for size in sizes:
        ctx.log(f"link: linking {size:,} synthetic claims")
        run = time_linking(ctx.workdir / f"link-{size}.duckdb", size, ctx.args.seed)
        runs.append(run)
        results.add(
            "link",
            f"{size:,} claims",
            f"{run['ms_per_claim']:.2f} ms/claim",
            f"{run['seconds']:.1f} s; {run['documents']:,} docs, {run['topics']:,} topics, "
            f"{run['pairs']:,} pairs",
        )
    data: dict[str, Any] = {"runs": runs}
    if len(runs) >= 2:
        small, large = runs[0], runs[-1]
        growth = large["claims"] / small["claims"]
        ratio = large["seconds"] / small["seconds"]
        verdict = "sub-quadratic" if ratio < growth**2 / 2 else "quadratic or worse"
        results.add(
            "link",
            f"time({large['claims']:,}) ÷ time({small['claims']:,})",
            f"{ratio:.1f}×",
            f"{growth:.0f}× the claims; linear = {growth:.0f}×, quadratic = {growth**2:.0f}×: "
            f"{verdict}",
        )
        data.update({"ratio": ratio, "growth": growth})
    results.data["link"] = data


# --- 3. cold start of the CLI ----------------------------------------------------------------


def _ensure_db(ctx: Context) -> None:
    if not ctx.db_path.exists():
        from claims.store import Store

        Store.open(ctx.db_path).close()


def bench_coldstart(ctx: Context, results: Results) -> None:
    """Wall time of fresh ``claims`` processes for commands that embed nothing.

    The package's bytecode is compiled first, as after any first run (or a wheel install):
    with ``PYTHONDONTWRITEBYTECODE`` set, every run would compile the modules again.
    """
    import compileall

    import claims

    _ensure_db(ctx)
    compileall.compile_dir(str(Path(claims.__file__).parent), quiet=1)
    repeats = ctx.args.repeats
    base = claims_command()
    db = ["--db", str(ctx.db_path)]
    commands = {
        "claims --help": ["--help"],
        "claims report": [*db, "report"],
        'claims sql "select 1"': [*db, "sql", "select 1"],
        "claims topics": [*db, "topics"],
    }
    data = {}
    for label, args in commands.items():
        ctx.log(f"coldstart: {label} ×{repeats}")
        run = run_command([*base, *args], repeats)
        data[label] = _cold_row(results, "cold start", label, run, repeats)
    results.data["coldstart"] = data


def _cold_row(results: Results, section: str, label: str, run: Run, repeats: int) -> dict:
    if not run.ok:
        results.add(section, label, "failed", run.error[:60])
        return {"ok": False, "error": run.error, "seconds": list(run.seconds)}
    fast = run.median < COLD_START_TARGET
    verdict = f"< {COLD_START_TARGET} s: {'yes' if fast else 'no'}"
    results.add(section, label, f"{run.median:.3f} s", f"median of {repeats}; {verdict}")
    return {"ok": True, "median": run.median, "seconds": list(run.seconds), "fast": fast}


# --- search -----------------------------------------------------------------------------------


def bench_search(ctx: Context, results: Results) -> None:
    """Cold ``claims search`` (loads the embedder) and warm in-process search latency."""
    from claims.embed import default_embedder
    from claims.pipeline import search

    _ensure_db(ctx)
    repeats = ctx.args.repeats
    ctx.log(f"search: claims search ×{repeats}")
    run = run_command([*claims_command(), "--db", str(ctx.db_path), "search", SEARCH_TEXT], repeats)
    if run.ok:
        results.add(
            "search",
            "claims search (cold)",
            f"{run.median:.3f} s",
            f"median of {repeats}; loads the default embedder",
        )
    else:
        results.add("search", "claims search (cold)", "failed", run.error[:60])
    embedder = default_embedder(ctx.args.backend)
    embedder.embed(["warm-up"])
    warm = [timed(lambda: search(ctx.db_path, SEARCH_TEXT, 10, embedder))[0] for _ in range(5)]
    results.add("search", "search() warm", f"{median(warm) * 1000:.1f} ms", "median of 5")
    results.data["search"] = {
        "cold_ok": run.ok,
        "cold_seconds": list(run.seconds),
        "cold_median": run.median,
        "warm_median_seconds": median(warm),
        "vector_index": {},
    }
    for size in ctx.args.search_sizes:
        results.data["search"]["vector_index"][str(size)] = bench_vector_index(ctx, results, size)


def _size_label(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000}k"
    return str(n)


def parse_sizes(text: str) -> list[int]:
    """``"10k,100k,1M"`` -> ``[10000, 100000, 1000000]`` (``""`` or ``"0"``: none)."""
    sizes = []
    for part in text.replace("_", "").split(","):
        part = part.strip().lower()
        if not part or part == "0":
            continue
        factor = {"k": 1000, "m": 1_000_000}.get(part[-1], 1)
        number = part[:-1] if factor > 1 else part
        if not number.isdigit() or int(number) < 1:
            raise ValueError(f"not a size: {part!r}")
        sizes.append(int(number) * factor)
    return sizes


def clustered_vectors(
    n: int, seed: int, chunk: int = 100_000, spread: float = 0.9
) -> Iterator[np.ndarray]:
    """Yield ``n`` unit 384-d vectors in chunks, drawn around ``n // 200`` random centres.

    Each vector is a unit centre plus Gaussian noise of norm about ``spread`` (cosine to
    its centre about 0.75, to a neighbour of the same cluster about 0.55), normalised: a
    stand-in for sentence embeddings, which form topical clusters rather than uniform noise.
    """
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((max(10, n // 200), 384)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    for start in range(0, n, chunk):
        size = min(chunk, n - start)
        noise = rng.standard_normal((size, 384)).astype(np.float32) * (spread / np.sqrt(384))
        block = centres[rng.integers(0, len(centres), size)] + noise
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        yield block


def _insert_synthetic_claims(store: Any, vectors: Iterable[np.ndarray]) -> int:
    """Bulk-insert vectors as the claims of one new document (numpy columns, no per-row SQL).

    Returns:
        The number of claims added. Their ids follow the largest claim id stored.
    """
    con = store.con
    doc_id = int(con.execute("SELECT coalesce(max(doc_id), 0) + 1 FROM documents").fetchone()[0])
    first = int(con.execute("SELECT coalesce(max(claim_id), 0) + 1 FROM claims").fetchone()[0])
    con.execute(
        f"INSERT INTO documents (doc_id, content_hash, text) VALUES ({doc_id}, "
        f"'synthetic-{doc_id}', 'synthetic')"
    )
    columns = ", ".join(f"c{i}" for i in range(384))
    n = 0
    for block in vectors:
        chunk = {f"c{i}": np.ascontiguousarray(block[:, i]) for i in range(384)}
        chunk["id"] = np.arange(first + n, first + n + len(block), dtype=np.int64)
        con.execute(
            "INSERT INTO claims (claim_id, doc_id, cue, kind, text, start_char, end_char,"
            f" text_hash, embedding, embedding_model) SELECT id, {doc_id}, 'said', 'indirect',"
            " 'synthetic claim ' || id, 0, 0, md5(id::VARCHAR),"
            f" [{columns}]::FLOAT[384], 'synthetic' FROM chunk"
        )
        n += len(block)
    return n


def _latencies(search: Callable[[np.ndarray], list], queries: np.ndarray) -> tuple[list, list]:
    seconds, found = [], []
    for query in queries:
        elapsed, hits = timed(lambda q=query: search(q))
        seconds.append(elapsed)
        found.append([claim.claim_id for claim, _ in hits])
    return seconds, found


def _ms(seconds: Sequence[float], q: float) -> float:
    return float(np.percentile(seconds, q) * 1000)


def bench_vector_index(ctx: Context, results: Results, n: int) -> dict:
    """Exact scan vs the HNSW index on ``n`` synthetic claims: latency and recall@10."""
    from claims.store import HNSW_EF_CONSTRUCTION, HNSW_M, Store

    label = f"vectors {_size_label(n)}"
    path = ctx.workdir / f"vectors-{n}.duckdb"
    for leftover in (path, Path(f"{path}.wal"), Path(f"{path}.search")):
        leftover.unlink(missing_ok=True)
    n_queries = ctx.args.search_queries
    rng = np.random.default_rng(ctx.args.seed + 1)
    picks = set(rng.choice(n, size=min(n_queries, n), replace=False).tolist())
    sources: list[np.ndarray] = []

    def keep_sources(blocks: Iterator[np.ndarray]) -> Iterator[np.ndarray]:
        start = 0
        for block in blocks:
            end = start + len(block)
            sources.extend(block[i - start] for i in sorted(picks) if start <= i < end)
            start += len(block)
            yield block

    ctx.log(f"search: {n:,} synthetic claims")
    blocks = keep_sources(clustered_vectors(n, ctx.args.seed))
    with Store.open(path) as store:
        insert_s, _ = timed(lambda: _insert_synthetic_claims(store, blocks))
    # Queries near stored claims (cosine about 0.9 to the one they come from).
    queries = np.stack(sources) + rng.standard_normal((len(sources), 384)).astype(np.float32) * (
        0.45 / np.sqrt(384)
    )
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    data: dict[str, Any] = {"claims": n, "queries": len(queries), "insert_seconds": insert_s}
    with Store.open(path, read_only=True) as store:
        ctx.log(f"search: exact scan ×{len(queries)}")
        store.search(queries[0], 10, exact=True)  # warm the buffer pool
        exact_s, exact_ids = _latencies(lambda q: store.search(q, 10, exact=True), queries)
        ctx.log(f"search: HNSW build (M={HNSW_M}, ef_construction={HNSW_EF_CONSTRUCTION})")
        store.attach_search_index(write=True)
        build_s, _ = timed(store.build_vector_index)
        store.detach_search_index()
        size_mb = Path(f"{path}.search").stat().st_size / 1e6
        first_s, _ = timed(lambda: store.attach_search_index() and store.search(queries[0], 10))
        _latencies(lambda q: store.search(q, 10), queries)  # warm-up: pages of the hits' rows
        data.update(
            exact_p50_ms=_ms(exact_s, 50),
            exact_p95_ms=_ms(exact_s, 95),
            build_seconds=build_s,
            index_file_mb=size_mb,
            first_search_seconds=first_s,
            hnsw={},
        )
        results.add(
            label,
            "exact scan p50 / p95",
            f"{_ms(exact_s, 50):.1f} / {_ms(exact_s, 95):.1f} ms",
            f"{len(queries)} queries near stored claims; insert {insert_s:.1f} s",
        )
        results.add(
            label,
            "HNSW build",
            f"{build_s:.1f} s",
            f"M={HNSW_M}, ef_construction={HNSW_EF_CONSTRUCTION}; index file {size_mb:,.0f} MB",
        )
        results.add(label, "first search after attach", f"{first_s:.2f} s", "loads the HNSW index")
        for ef in ctx.args.ef_search:
            store.set_ef_search(ef)
            ctx.log(f"search: HNSW ef_search={ef} ×{len(queries)}")
            hnsw_s, hnsw_ids = _latencies(lambda q: store.search(q, 10), queries)
            recall = float(
                np.mean(
                    [
                        len(set(a) & set(b)) / len(b)
                        for a, b in zip(hnsw_ids, exact_ids, strict=True)
                    ]
                )
            )
            speedup = median(exact_s) / median(hnsw_s)
            results.add(
                label,
                f"HNSW p50 / p95 (ef_search {ef})",
                f"{_ms(hnsw_s, 50):.1f} / {_ms(hnsw_s, 95):.1f} ms",
                f"{speedup:.1f}× faster than exact at p50",
            )
            results.add(label, f"recall@10 (ef_search {ef})", f"{recall:.3f}", "vs exact scan")
            data["hnsw"][str(ef)] = {
                "p50_ms": _ms(hnsw_s, 50),
                "p95_ms": _ms(hnsw_s, 95),
                "recall_at_10": recall,
                "speedup_p50": speedup,
            }
    if not ctx.args.keep:
        for leftover in (path, Path(f"{path}.wal"), Path(f"{path}.search")):
            leftover.unlink(missing_ok=True)
    return data


# --- 4. report latency ------------------------------------------------------------------------


def bench_report(ctx: Context, results: Results) -> None:
    """``claims.pipeline.build_report`` on the ingested database.

    As ``claims report`` reads it for the text view (``shown_only``), and whole, as the
    JSON view reads it.
    """
    from claims.pipeline import build_report

    _ensure_db(ctx)
    ctx.log("report: build_report")
    first, report = timed(lambda: build_report(ctx.db_path, shown_only=True))
    runs = [
        timed(lambda: build_report(ctx.db_path, shown_only=True))[0]
        for _ in range(ctx.args.repeats)
    ]
    whole = [timed(lambda: build_report(ctx.db_path))[0] for _ in range(ctx.args.repeats)]
    n_topics = len(getattr(report, "sections", ()) or ())
    note = f"{n_topics} topics" if n_topics else ("empty database" if not ctx.ingested else "")
    results.add("report", "build_report (first call)", f"{first * 1000:.0f} ms", note)
    results.add(
        "report",
        "build_report (median)",
        f"{median(runs) * 1000:.0f} ms",
        f"of {len(runs)}; the text view's read",
    )
    results.add(
        "report",
        "build_report, everything (median)",
        f"{median(whole) * 1000:.0f} ms",
        f"of {len(whole)}; what --format json reads",
    )
    results.data["report"] = {
        "first_seconds": first,
        "seconds": runs,
        "median": median(runs),
        "whole_seconds": whole,
        "whole_median": median(whole),
    }


# --- optional: llm (simonw/llm) ---------------------------------------------------------------


def llm_available() -> bool:
    """Whether llm and its sentence-transformers plugin are installed."""
    import importlib.util

    return all(
        importlib.util.find_spec(name) is not None for name in ("llm", "llm_sentence_transformers")
    )


LLM_CLAIMS = 5_000
"""Claims in the articles of the llm ingest comparison (the issue's 5,000 claim sentences)."""
LLM_SEARCH_ROWS = 50_000
"""Rows in both stores for the llm search comparison (synthetic vectors fill them up)."""


def llm_articles(
    articles: Sequence[Article], claims: int = LLM_CLAIMS, *, written_only: bool = False
) -> list[Article]:
    """The first articles that together hold at least ``claims`` claims (all if fewer).

    An article holds its written claims and what its background lines attribute
    (:attr:`benchmarks.corpus.Article.attributions`); ``written_only`` counts the written
    ones alone, as runs before 2026-12-05 did.
    """
    out, total = [], 0
    for article in articles:
        if total >= claims:
            break
        out.append(article)
        total += len(article.claims if written_only else article.attributions)
    return out


def _llm_embed_and_ingest(
    ctx: Context,
    articles: list[Article],
    sentences: list[str],
    tag: str,
    env: dict[str, str],
    rounds: int = 1,
) -> tuple[Run, Run, Path, Path]:
    """``llm embed-multi`` of ``sentences``, then ``claims ingest`` of ``articles``.

    Both run ``rounds`` times, alternating, into fresh stores; the stores of the last
    round are kept (for the search comparison).
    """
    emb_db = ctx.workdir / f"llm-embeddings{tag}.db"
    claims_db = ctx.workdir / f"llm-compare{tag}.duckdb"
    corpus = ctx.workdir / f"llm-articles{tag}"
    shutil.rmtree(corpus, ignore_errors=True)
    write_corpus(articles, corpus)
    sentences_csv = ctx.workdir / f"claims{tag}.csv"
    with sentences_csv.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "content"])
        for i, sentence in enumerate(sentences):
            writer.writerow([i, sentence])
    llm = [sys.executable, "-m", "llm"]
    llm_times: list[float] = []
    claims_times: list[float] = []
    llm_embed = claims_ingest = Run((), True)
    for n in range(max(1, rounds)):
        # Fresh stores each round (llm skips rows it has), the two tools taking turns.
        for stale in (emb_db, claims_db):
            stale.unlink(missing_ok=True)
        ctx.log(f"llm: llm embed-multi of {len(sentences)} claim sentences ({n + 1}/{rounds})")
        llm_embed = run_command(
            [*llm, "embed-multi", "claims", str(sentences_csv), "--format", "csv", "-m",
             "minilm", "-d", str(emb_db)],
            1,
            env,
        )  # fmt: skip
        ctx.log(f"llm: claims ingest of {len(articles)} articles ({len(sentences)} claims)")
        claims_ingest = run_command(
            [*claims_command(), "--db", str(claims_db), "ingest", str(corpus)], 1, env
        )
        if not (llm_embed.ok and claims_ingest.ok):
            break
        llm_times += llm_embed.seconds
        claims_times += claims_ingest.seconds
    else:
        llm_embed = Run(tuple(llm_times), True)
        claims_ingest = Run(tuple(claims_times), True)
    return llm_embed, claims_ingest, emb_db, claims_db


def _pad_llm(emb_db: Path, collection: str, vectors: Iterable[np.ndarray]) -> int:
    """Add synthetic rows to an llm embeddings database, the way llm stores them."""
    import sqlite3
    import struct

    con = sqlite3.connect(emb_db)
    try:
        (collection_id,) = con.execute(
            "SELECT id FROM collections WHERE name = ?", [collection]
        ).fetchone()
        n = 0
        for block in vectors:
            rows = []
            for vector in block:
                n += 1
                text = f"synthetic claim {n}"
                rows.append(
                    (
                        collection_id,
                        f"synthetic-{n}",
                        struct.pack("<" + "f" * len(vector), *vector.tolist()),
                        text,
                        hashlib.md5(text.encode()).digest(),  # noqa: S324 - llm's own hash
                        int(time.time()),
                    )
                )
            con.executemany(
                "INSERT INTO embeddings (collection_id, id, embedding, content, content_hash,"
                " updated) VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )
        con.commit()
        return n
    finally:
        con.close()


def bench_llm(ctx: Context, results: Results) -> None:
    """Compare with llm + llm-sentence-transformers on the same MiniLM weights.

    Ingest: ``claims ingest`` of the first articles holding :data:`LLM_CLAIMS` claims
    (extraction included) against ``llm embed-multi`` of those articles' claim sentences,
    one per claim, written or attributed by a background line; then the same with the
    written claims alone counted (twice the articles for as many sentences). The first
    comparison takes turns three times (once with ``--quick``) and compares medians. Search: both
    stores filled up to :data:`LLM_SEARCH_ROWS` rows with the same synthetic vectors, then
    one ``claims search`` CLI call against one ``llm similar``.
    """
    if not llm_available():
        results.add("llm", "llm comparison", "skipped", "pip install -e '.[bench]' to run it")
        results.data["llm"] = {"skipped": True}
        return
    from claims.embed import bundled_model_path

    llm = [sys.executable, "-m", "llm"]
    home = ctx.workdir / "llm-home"
    home.mkdir(exist_ok=True)
    env = {"LLM_USER_PATH": str(home), "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    repeats = 1 if ctx.args.quick else 3
    ctx.log("llm: registering the bundled MiniLM with llm-sentence-transformers")
    reg = run_command(
        [
            *llm,
            "sentence-transformers",
            "register",
            bundled_model_path(),
            "--alias",
            "minilm",
            "--lazy",
        ],
        1,
        env,
    )
    if not reg.ok:
        results.add("llm", "llm comparison", "failed", reg.error[:60])
        results.data["llm"] = {"skipped": False, "error": reg.error}
        return
    # Written claims only (the selection of runs before 2026-12-05), shown for comparison:
    # those articles hold about twice as many claims, counting their background lines.
    written = llm_articles(ctx.articles, written_only=True)
    written_sentences = [c for article in written for c in article.claims]
    written_embed, written_ingest, _, _ = _llm_embed_and_ingest(
        ctx, written, written_sentences, "-written", env
    )
    articles = llm_articles(ctx.articles)
    sentences = [c for article in articles for c in article.attributions]
    llm_embed, claims_ingest, emb_db, claims_db = _llm_embed_and_ingest(
        ctx, articles, sentences, "", env, rounds=repeats
    )
    rows = stored = 0
    if llm_embed.ok and claims_ingest.ok:
        from claims.store import Store

        with Store.open(claims_db, read_only=True) as store:
            stored = store.con.execute("SELECT count(*) FROM claims").fetchone()[0]
        extra = max(0, LLM_SEARCH_ROWS - max(stored, len(sentences)))
        ctx.log(f"llm: adding {extra} synthetic rows to both stores")
        _pad_llm(emb_db, "claims", clustered_vectors(extra, seed=ctx.args.seed + 7))
        with Store.open(claims_db) as store:
            _insert_synthetic_claims(store, clustered_vectors(extra, seed=ctx.args.seed + 7))
        rows = stored + extra
    ctx.log(f"llm: llm similar vs claims search ×{repeats}")
    llm_similar = run_command(
        [*llm, "similar", "claims", "-c", SEARCH_TEXT, "-n", "10", "-d", str(emb_db)], repeats, env
    )
    claims_search = run_command(
        [*claims_command(), "--db", str(claims_db), "search", SEARCH_TEXT, "-n", "10"],
        repeats,
        env,
    )
    data: dict[str, Any] = {
        "skipped": False,
        "articles": len(articles),
        "claim_sentences": len(sentences),
        "claims_stored": stored,
        "written_only": {"articles": len(written), "claim_sentences": len(written_sentences)},
        "search_rows": rows,
    }
    for label, run in (
        ("llm embed-multi (embed only)", llm_embed),
        ("claims ingest (whole pipeline)", claims_ingest),
        ("llm embed-multi, written claims only", written_embed),
        ("claims ingest, written claims only", written_ingest),
        ("llm similar -c", llm_similar),
        ("claims search", claims_search),
    ):
        value = f"{run.median:.2f} s" if run.ok else "failed"
        note = run.error[:60] if not run.ok else (f"median of {len(run.seconds)}")
        results.add("llm", label, value, note)
        data[label] = {"ok": run.ok, "seconds": list(run.seconds), "error": run.error}
    if llm_embed.ok and claims_ingest.ok:
        ratio = llm_embed.median / claims_ingest.median
        results.add(
            "llm",
            "llm embed-multi ÷ claims ingest (time)",
            f"{ratio:.2f}×",
            f"{len(sentences)} sentences vs {len(articles)} articles ({stored:,} claims "
            "stored); ≥1: claims no slower",
        )
        data["ingest_ratio"] = ratio
    if written_embed.ok and written_ingest.ok:
        ratio = written_embed.median / written_ingest.median
        results.add(
            "llm",
            "the same, written claims only",
            f"{ratio:.2f}×",
            f"{len(written_sentences)} sentences vs {len(written)} articles, whose background "
            "lines hold as many claims again",
        )
        data["written_only"]["ingest_ratio"] = ratio
    if llm_similar.ok and claims_search.ok:
        ratio = llm_similar.median / claims_search.median
        results.add(
            "llm",
            "llm similar ÷ claims search (time)",
            f"{ratio:.2f}×",
            f"{rows:,} rows in each store; >1: claims faster",
        )
        data["search_ratio"] = ratio
    results.data["llm"] = data


# --- runner -----------------------------------------------------------------------------------

# --- DuckLake against the local file -------------------------------------------------------


def bench_ducklake(ctx: Context, results: Results) -> None:
    """Ingest and search throughput on a DuckLake against a local DuckDB file, same run.

    Both get the same corpus, extractor and (warm) embedder into a fresh database; the
    DuckLake is ``--ducklake TARGET`` (an empty one) or a SQLite catalog in the work folder.
    Every article is ingested by its own call (one transaction each, as a desk of several
    people would), then ``pipeline.search`` (opens the database each time, like the CLI) and
    ``Store.search`` on an open database are timed.
    """
    from claims.embed import default_embedder
    from claims.extract import Extractor
    from claims.pipeline import ingest, search
    from claims.store import Store, location

    extractor = Extractor()
    embedder = default_embedder(ctx.args.backend)
    embedder.embed(["Warm-up sentence."])
    files = sorted(ctx.corpus_dir.glob("*.txt"))
    lake = ctx.args.ducklake or f"ducklake:sqlite:{ctx.workdir / 'bench-lake.sqlite'}"
    data_path = os.environ.get("CLAIMS_DATA_PATH") or str(ctx.workdir / "bench-lake-data")
    targets = {
        "file": ctx.workdir / "bench-ducklake-local.duckdb",
        "ducklake": location(lake, data_path),
    }
    ingest_seconds: dict[str, float] = {}
    search_seconds: dict[str, float] = {}
    query_seconds: dict[str, float] = {}
    for name, target in targets.items():
        ctx.log(f"ducklake: ingest {len(files)} articles one by one into the {name}")

        def one_by_one(target: Any = target) -> None:
            for path in files:
                ingest(target, [str(path)], extractor=extractor, embedder=embedder)

        ingest_seconds[name], _ = timed(one_by_one)
        ctx.log(f"ducklake: search on the {name}")
        search(target, SEARCH_TEXT, 10, embedder)
        search_seconds[name] = median(
            [timed(lambda t=target: search(t, SEARCH_TEXT, 10, embedder))[0] for _ in range(5)]
        )
        vector = embedder.embed([SEARCH_TEXT])[0]
        with Store.open(target, read_only=True) as store:
            store.search(vector, 10)
            query_seconds[name] = median(
                [timed(lambda st=store, v=vector: st.search(v, 10))[0] for _ in range(5)]
            )
    n = len(files)
    for name in targets:
        results.add(
            "ducklake",
            f"ingest, one article per call ({name})",
            _fmt_rate(_rate(n, ingest_seconds[name]), "art/s"),
            f"{ingest_seconds[name]:.1f} s",
        )
    ratio = ingest_seconds["ducklake"] / ingest_seconds["file"]
    results.add("ducklake", "ingest time: ducklake ÷ file", f"{ratio:.2f}×", "1.0 = as fast")
    for name in targets:
        results.add(
            "ducklake",
            f"search() ({name})",
            f"{search_seconds[name] * 1000:.1f} ms",
            f"median of 5; Store.search alone {query_seconds[name] * 1000:.1f} ms",
        )
    search_ratio = search_seconds["ducklake"] / search_seconds["file"]
    query_ratio = query_seconds["ducklake"] / query_seconds["file"]
    results.add(
        "ducklake",
        "search time: ducklake ÷ file",
        f"{search_ratio:.2f}×",
        f"Store.search alone: {query_ratio:.2f}×",
    )
    results.data["ducklake"] = {
        "target": str(targets["ducklake"]),
        "articles": n,
        "ingest_seconds": ingest_seconds,
        "search_seconds": search_seconds,
        "store_search_seconds": query_seconds,
        "ingest_ratio": ratio,
        "search_ratio": search_ratio,
        "store_search_ratio": query_ratio,
    }


# --- memory of a whole `claims ingest` ------------------------------------------------------


def _tree_rss_mb(root: int) -> float | None:
    """Resident memory of a process and all its descendants, in MB (None off Linux)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    parents: dict[int, int] = {}
    rss: dict[int, float] = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = dict(
                line.split(":", 1) for line in (entry / "status").read_text().splitlines()
            )
            parents[int(entry.name)] = int(fields["PPid"])
            rss[int(entry.name)] = int(fields.get("VmRSS", "0 kB").split()[0]) / 1024
        except (OSError, ValueError, KeyError):
            continue  # the process ended meanwhile, or a kernel thread
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    return sum(rss.get(pid, 0.0) for pid in tree)


def bench_memory(ctx: Context, results: Results) -> None:
    """Peak memory of one ``claims ingest`` of the corpus, its worker processes included."""
    import subprocess

    db = ctx.workdir / "memory.duckdb"
    argv = [*claims_command(), "--db", str(db), "ingest", str(ctx.corpus_dir)]
    ctx.log(f"memory: claims ingest of {len(ctx.articles)} articles, sampling RSS")
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    peak, samples = 0.0, 0
    while proc.poll() is None:
        rss = _tree_rss_mb(proc.pid)
        if rss is None:
            break
        peak, samples = max(peak, rss), samples + 1
        time.sleep(0.5)
    error = proc.communicate()[1].decode("utf-8", "replace").strip().splitlines()
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        results.add("memory", "claims ingest", "failed", (error[-1] if error else "")[:60])
        results.data["memory"] = {"ok": False, "error": error[-1:] or ""}
        return
    if not samples:
        results.add("memory", "peak RSS, claims ingest", "n/a", "needs /proc (Linux)")
        results.data["memory"] = {"ok": True, "peak_rss_mb": None, "seconds": seconds}
        return
    results.add(
        "memory",
        "peak RSS, claims ingest",
        f"{peak:,.0f} MB",
        f"{len(ctx.articles)} articles in {seconds:.0f} s; sum over the process and its "
        f"parsing workers, sampled every 0.5 s",
    )
    results.data["memory"] = {
        "ok": True,
        "articles": len(ctx.articles),
        "peak_rss_mb": peak,
        "samples": samples,
        "seconds": seconds,
    }


BENCHES: dict[str, Callable[[Context, Results], None]] = {
    "embed": bench_embed,
    "ingest": bench_ingest,
    "extract": bench_extract,
    "link": bench_link,
    "coldstart": bench_coldstart,
    "search": bench_search,
    "report": bench_report,
    "ducklake": bench_ducklake,
    "llm": bench_llm,
    "memory": bench_memory,
}


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Speed of claims, as ratios measured in one run (see benchmarks/README.md).",
    )
    parser.add_argument("--articles", type=int, default=200, help="synthetic articles (200)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (0)")
    parser.add_argument(
        "--quick", action="store_true", help="one round, fewer repeats, at most 300 sentences"
    )
    parser.add_argument("--json", dest="json_path", help="also write the results as JSON here")
    parser.add_argument(
        "--sections",
        default=",".join(SECTIONS),
        help=f"comma-separated subset of {','.join(SECTIONS)} (all)",
    )
    parser.add_argument(
        "--backend",
        default="auto",
        choices=["auto", "onnx", "torch"],
        help="embedder for the ingest and search sections (auto)",
    )
    parser.add_argument(
        "--workers",
        default="auto",
        help="parsing processes of the ingest section: a number, or auto (one per spare "
        "core from 200 articles on, as `claims ingest` does)",
    )
    parser.add_argument("--rounds", type=int, default=3, help="embedding rounds per backend (3)")
    parser.add_argument("--repeats", type=int, default=None, help="cold-start runs (5; quick: 3)")
    parser.add_argument("--keep", help="keep the corpus and databases in this folder")
    parser.add_argument(
        "--ducklake",
        help="an empty DuckLake target for the ducklake section (a SQLite catalog in the "
        "work folder)",
    )
    parser.add_argument(
        "--search-sizes",
        default="10k,100k",
        help="synthetic claim counts for exact vs HNSW search, e.g. 10k,100k,1M (10k,100k; "
        "0: none); 1M needs about 6 GB of disk and 4 GB of memory",
    )
    parser.add_argument(
        "--search-queries", type=int, default=50, help="queries per search size (50)"
    )
    parser.add_argument(
        "--ef-search",
        default=None,
        help="HNSW ef_search values to measure, comma-separated (the library default)",
    )
    parser.add_argument(
        "--link-sizes",
        default=None,
        help="claims linked in the link section (10000,100000; quick: 1000,10000)",
    )
    args = parser.parse_args(argv)
    wanted = [s.strip() for s in args.sections.split(",") if s.strip()]
    unknown = sorted(set(wanted) - set(SECTIONS))
    if unknown:
        parser.error(f"unknown section(s): {', '.join(unknown)}")
    args.sections = [s for s in SECTIONS if s in wanted]
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    if args.link_sizes is None:
        args.link_sizes = ",".join(str(n) for n in (QUICK_LINK_SIZES if args.quick else LINK_SIZES))
    try:
        args.link_sizes = sorted(int(n) for n in str(args.link_sizes).split(",") if n.strip())
    except ValueError:
        parser.error("--link-sizes takes comma-separated numbers of claims")
    if not args.link_sizes or min(args.link_sizes) < 1:
        parser.error("--link-sizes takes positive numbers of claims")
    if args.repeats is None:
        args.repeats = 3 if args.quick else 5
    if args.workers != "auto" and not args.workers.isdigit():
        parser.error("--workers takes a number or auto")
    from claims.store import HNSW_EF_SEARCH

    try:
        args.search_sizes = parse_sizes(args.search_sizes)
        args.ef_search = parse_sizes(args.ef_search or "") or [HNSW_EF_SEARCH]
    except ValueError as exc:
        parser.error(str(exc))
    if args.search_queries < 1:
        parser.error("--search-queries must be at least 1")
    return args


def _table(results: Results, title: str) -> Any:
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    table.add_column("section", style="bold")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("note", style="dim")
    previous = None
    for row in results.rows:
        if previous is not None and row.section != previous:
            table.add_section()
        table.add_row(
            row.section if row.section != previous else "", row.measure, row.value, row.note
        )
        previous = row.section
    return table


def run(args: argparse.Namespace) -> Results:
    """Generate the corpus, run the chosen sections, print the table; return the results."""
    from rich.console import Console

    console = Console(width=None if sys.stdout.isatty() else 130)
    err = Console(stderr=True, width=None if sys.stderr.isatty() else 130)
    started = time.perf_counter()

    def log(message: str) -> None:
        err.print(f"[dim]{time.perf_counter() - started:6.1f}s[/] {message}", highlight=False)

    articles = generate_corpus(args.articles, args.seed)
    sentences = claim_sentences(articles)
    results = Results()
    words = [a.words for a in articles]
    results.data["corpus"] = {
        "articles": len(articles),
        "seed": args.seed,
        "claims": sum(len(a.claims) for a in articles),
        "distinct_claim_sentences": len(sentences),
        "words_min": min(words),
        "words_max": max(words),
        "words_mean": sum(words) / len(words),
    }
    results.data["machine"] = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "quick": args.quick,
        "sections": args.sections,
    }
    keep = Path(args.keep) if args.keep else None
    with tempfile.TemporaryDirectory(prefix="claims-bench-") as tmp:
        workdir = keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        corpus_dir = workdir / "articles"
        write_corpus(articles, corpus_dir)
        db_path = workdir / "bench.duckdb"
        if db_path.exists():
            db_path.unlink()
        ctx = Context(args, articles, sentences, workdir, corpus_dir, db_path, log)
        log(
            f"corpus: {len(articles)} articles, {results.data['corpus']['claims']} claims "
            f"({len(sentences)} distinct), seed {args.seed}"
        )
        for name in args.sections:
            try:
                BENCHES[name](ctx, results)
            except Exception as exc:  # a broken section must not hide the others
                message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                results.add(name, "error", "failed", message[:80])
                results.data.setdefault("errors", {})[name] = message
    corpus = results.data["corpus"]
    title = (
        f"claims benchmarks: {corpus['articles']} articles ({corpus['words_min']}-"
        f"{corpus['words_max']} words), {corpus['claims']} claims, seed {args.seed}, "
        f"{os.cpu_count()} CPUs{', quick' if args.quick else ''}"
    )
    console.print(_table(results, title))
    results.data["rows"] = [asdict(row) for row in results.rows]
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(results.data, indent=2), encoding="utf-8")
    return results


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m benchmarks``."""
    run(parse_args(argv))
    return 0
