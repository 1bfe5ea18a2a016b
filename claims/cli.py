"""Command-line interface: parse arguments, call one library function, print the result.

This is the only module that imports click, and the only place where library errors
become messages.
"""

from __future__ import annotations

import io
import json
import os
import sys
from typing import Any

import click

from claims.errors import ClaimsError

DEFAULT_DB = "claims.duckdb"


class _Group(click.Group):
    """Turns library errors into one-line messages (``--debug`` shows the traceback)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ClaimsError as exc:
            if ctx.meta.get("claims.debug"):
                raise
            raise click.ClickException(str(exc)) from None


def _console():  # noqa: ANN202 - rich Console, imported lazily for a fast start
    from rich.console import Console

    return Console()


@click.group(cls=_Group)
@click.option(
    "--db",
    "db",
    envvar="CLAIMS_DB",
    default=DEFAULT_DB,
    show_default=True,
    help="DuckDB database file, or a team DuckLake: ducklake:sqlite:PATH or "
    "'ducklake:postgres:dbname=... host=...' (env CLAIMS_DB).",
)
@click.option(
    "--data-path",
    envvar="CLAIMS_DATA_PATH",
    help="Where a new DuckLake keeps its Parquet files: a folder or an s3:// URL "
    "(env CLAIMS_DATA_PATH; a SQLite catalog defaults to PATH.files).",
)
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.option("--no-color", is_flag=True, help="Plain output without colours.")
@click.option(
    "--backend",
    envvar="CLAIMS_BACKEND",
    type=click.Choice(["auto", "onnx", "torch"]),
    default="auto",
    show_default=True,
    help="Embedding backend: int8 ONNX (fast, default when onnxruntime is installed) or "
    "torch (sentence-transformers). Env CLAIMS_BACKEND.",
)
@click.option(
    "--nli-model",
    envvar="CLAIMS_NLI_MODEL",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder of an NLI cross-encoder (sentence-transformers CrossEncoder) that decides "
    "contradiction and agreement pairs instead of the bundled scorer, when commands score "
    "pairs (ingest, relink, party set, topic merge/split, claim move). Env CLAIMS_NLI_MODEL.",
)
@click.version_option(package_name="claims")
@click.pass_context
def cli(
    ctx: click.Context,
    db: str,
    data_path: str | None,
    debug: bool,
    no_color: bool,
    backend: str,
    nli_model: str | None,
) -> None:
    """Track claims and counterclaims: who said what, for which party, and where they clash."""
    ctx.obj = {
        "db": _location(db, data_path),
        "backend": backend,
        "data_path": data_path,
        "nli_model": nli_model,
    }
    if no_color:
        os.environ["NO_COLOR"] = "1"
    ctx.meta["claims.debug"] = debug


def _location(db: str, data_path: str | None) -> Any:
    """A ``--db`` value as the library takes it (DuckLake targets carry their data path)."""
    if not db.startswith("ducklake:"):  # claims.store (and DuckDB) load only when needed
        return db
    from claims.store import location

    return location(db, data_path)


def _embedder(obj: dict) -> Any:
    """The embedder for commands that embed (imported only by them)."""
    from claims.embed import default_embedder

    def told(message: str) -> None:
        click.echo(message, err=True)

    return default_embedder(obj["backend"], on_export=told)


def _progress_callback(console):  # noqa: ANN001, ANN202
    """A rich progress bar fed by the library's progress(stage, done, total) calls."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    progress = Progress(
        TextColumn("{task.description:<8}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
    )
    tasks: dict[str, Any] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = progress.add_task(stage, total=total)
        progress.update(tasks[stage], completed=done, total=total)

    return progress, update


def _workers_option(ctx: click.Context, param: click.Parameter, value: str) -> int | str:
    if value == "auto":
        return value
    if value.isdigit():
        return int(value)
    raise click.BadParameter("a number of processes, or auto")


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--outlet", help="Outlet name for inputs that do not give one.")
@click.option("--url", help="URL for inputs that do not give one.")
@click.option("--published", help="Publication date (YYYY-MM-DD) for inputs without one.")
@click.option("--title", help="Headline for inputs that do not give one.")
@click.option(
    "--on-error",
    type=click.Choice(["stop", "skip"]),
    default="stop",
    show_default=True,
    help="A malformed JSONL line stops the ingest (nothing written) or is skipped.",
)
@click.option(
    "--workers",
    default="auto",
    show_default=True,
    callback=_workers_option,
    help="Parsing processes beside the main one: a number (0: parse in the main process) "
    "or auto (one per core on 2+ cores, one per 20 new articles).",
)
@click.pass_obj
def ingest(
    obj: dict,
    paths: tuple[str, ...],
    outlet: str | None,
    url: str | None,
    published: str | None,
    title: str | None,
    on_error: str,
    workers: int | str,
) -> None:
    """Ingest articles: .txt, .md, .html, .jsonl files, folders, or - for stdin."""
    from claims.ingest import Metadata, parse_date
    from claims.pipeline import ingest as run_ingest

    meta = Metadata(
        url=url, outlet=outlet, published=parse_date(published, "--published"), title=title
    )
    console = _console()
    progress, update = _progress_callback(console)
    with progress:
        result = run_ingest(
            obj["db"],
            list(paths),
            meta,
            progress=update,
            on_error=on_error,
            embedder=_embedder(obj),
            nli_model=obj["nli_model"],
            workers=workers,
        )
    for warning in result.warnings:
        click.echo(f"Warning: skipped {warning}", err=True)
    console.print(
        f"Added {result.documents} documents, {result.claims} claims "
        f"(+{result.merged} appearances of known claims), {result.topics} new "
        f"topics, {result.pairs} claim pairs"
        + (
            f" ({result.skipped_duplicates} already in the database)"
            if result.skipped_duplicates
            else ""
        )
    )


@cli.command()
@click.argument("topic_id", type=int, required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="Without TOPIC_ID: show the N most disputed topics (0: all).",
)
@click.option(
    "--full",
    is_flag=True,
    help="Show every claim and pair (by default each issue shows its 5 strongest pairs and "
    "up to 8 claims per party; --format json always has everything).",
)
@click.pass_obj
def report(obj: dict, topic_id: int | None, fmt: str, limit: int, full: bool) -> None:
    """Show each topic's claims side by side, one column per party."""
    from claims.pipeline import build_report

    result = build_report(obj["db"], topic_id, limit, full, shown_only=fmt != "json")
    _print_report(result, fmt)


def _print_report(result: Any, fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        click.echo(result.to_markdown(), nl=False)
    else:
        _console().print(result)


@cli.command()
@click.pass_obj
def topics(obj: dict) -> None:
    """List topics (events) with their claim counts."""
    from rich.table import Table

    from claims.pipeline import list_topics

    table = Table("id", "claims", "label")
    for topic in list_topics(obj["db"]):
        table.add_row(str(topic.topic_id), str(topic.n_claims), topic.label)
    _console().print(table)


@cli.command()
@click.option("--party", "party_name", metavar="PARTY", help="Only this party's speakers.")
@click.option(
    "--no-party", is_flag=True, help="Only speakers without a party (see `claims party set`)."
)
@click.option(
    "-n",
    "limit",
    type=click.IntRange(min=0),
    default=50,
    show_default=True,
    help="Show the N speakers with most claims (0: all).",
)
@click.pass_obj
def speakers(obj: dict, party_name: str | None, no_party: bool, limit: int) -> None:
    """List speakers with their party, claim count, outlets and dates."""
    from rich.table import Table

    from claims.pipeline import list_speakers

    rows, total = list_speakers(obj["db"], party_name, no_party, limit)
    table = Table("speaker", "party")
    table.add_column("claims", justify="right")
    table.add_column("articles", justify="right")
    table.add_column("outlets")
    table.add_column("dates", no_wrap=True)
    for s in rows:
        dates = [d.isoformat() for d in dict.fromkeys((s.first, s.last)) if d]
        table.add_row(
            s.name,
            s.party or "unknown",
            str(s.claims),
            str(s.articles),
            ", ".join(s.outlets),
            " \u2013 ".join(dates),
        )
    console = _console()
    console.print(table)
    if total > len(rows):
        console.print(f"{total - len(rows)} more speaker(s): `-n 0` shows all")


@cli.command()
@click.argument("text")
@click.option("-n", "limit", default=10, show_default=True, help="Number of results.")
@click.option(
    "--vector",
    "mode",
    flag_value="vector",
    default=True,
    help="Rank claims by closeness in meaning to TEXT (the default).",
)
@click.option(
    "--keyword",
    "mode",
    flag_value="keyword",
    help="Rank claims by the words they share with TEXT (BM25); loads no embedding model.",
)
@click.option(
    "--hybrid",
    "mode",
    flag_value="hybrid",
    help="Fuse the meaning and the keyword rankings (reciprocal rank fusion).",
)
@click.option(
    "--exact",
    is_flag=True,
    help="Compare TEXT with every claim instead of using the HNSW index of `claims index`.",
)
@click.pass_obj
def search(obj: dict, text: str, limit: int, mode: str, exact: bool) -> None:
    """Find the claims closest to TEXT in meaning (default), in words, or both.

    Score: cosine similarity (vector), BM25 (keyword) or fused rank score (hybrid).
    """
    from rich.table import Table

    from claims.pipeline import search as run_search

    embedder = None if mode == "keyword" else _embedder(obj)
    table = Table("score", "id", "party", "speaker", "claim", "outlet")
    for claim, score in run_search(obj["db"], text, limit, embedder, mode=mode, exact=exact):
        table.add_row(
            f"{score:.3f}" if mode != "hybrid" else f"{score:.4f}",
            str(claim.claim_id),
            claim.party or "",
            claim.speaker or "",
            claim.text,
            claim.outlet or "",
        )
    _console().print(table)


@cli.command("index")
@click.option("--rebuild", is_flag=True, help="Delete the search index file and build it anew.")
@click.option(
    "--m",
    "m",
    type=click.IntRange(2, 256),
    help="HNSW links per node (default 16; more: better recall, bigger and slower to build). "
    "Rebuilds the HNSW index.",
)
@click.option(
    "--ef-construction",
    type=click.IntRange(8, 4096),
    help="HNSW candidate list while building (default 128). Rebuilds the HNSW index.",
)
@click.pass_obj
def index(obj: dict, rebuild: bool, m: int | None, ef_construction: int | None) -> None:
    """Build or update the search index used by `claims search`.

    The index file sits beside the database (DB.search): an HNSW index of the claim vectors
    and a BM25 index of the claim words. Run it after large ingests; it adds only the new
    claims. Without it, vector search compares every claim (about 1 s at 100k claims,
    4 s at 1M).
    """
    from claims.pipeline import build_search_index

    status = build_search_index(obj["db"], rebuild=rebuild, m=m, ef_construction=ef_construction)
    click.echo(
        f"search index {obj['db']}.search: {status['vectors']} of {status['claims']} claims "
        f"in the HNSW index, {status['texts']} in the keyword index"
    )


@cli.command()
@click.argument("query")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--as-of",
    "as_of",
    metavar="SNAPSHOT",
    help="DuckLake only: query the database as it was at this snapshot id or time "
    "(e.g. 12 or '2026-11-23 09:00'); snapshots: SELECT * FROM ducklake_snapshots('lake').",
)
@click.pass_obj
def sql(obj: dict, query: str, fmt: str, as_of: str | None) -> None:
    """Run a read-only SQL QUERY against the database."""
    from claims.pipeline import run_sql

    columns, rows = run_sql(obj["db"], query, as_of=as_of)
    if fmt == "json":
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        click.echo(json.dumps(records, indent=2, default=str, ensure_ascii=False))
    elif fmt == "csv":
        import csv

        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(columns)
        writer.writerows(rows)
        click.echo(buf.getvalue(), nl=False)
    else:
        from rich.table import Table

        table = Table(*columns)
        for row in rows:
            table.add_row(*("" if v is None else str(v) for v in row))
        _console().print(table)


@cli.command("migrate-to")
@click.argument("dest")
@click.pass_obj
def migrate_to(obj: dict, dest: str) -> None:
    """Copy the database into a new, empty DEST, ids and all (e.g. into a team DuckLake).

    DEST is a DuckDB file or ducklake:...; --data-path applies to whichever is a DuckLake.
    """
    from claims.pipeline import migrate_to as run_migrate

    copied = run_migrate(obj["db"], _location(dest, obj["data_path"]))
    summary = ", ".join(f"{n} {table}" for table, n in sorted(copied.items()))
    click.echo(f"Copied into {dest}: {summary}")


@cli.command()
@click.pass_obj
def demo(obj: dict) -> None:
    """Ingest the bundled example articles into the database and print the report."""
    from claims.pipeline import demo as run_demo

    console = _console()
    progress, update = _progress_callback(console)
    with progress:
        result = run_demo(obj["db"], progress=update, embedder=_embedder(obj))
    r = result.ingest
    console.print(
        f"Added {r.documents} documents, {r.claims} claims, {r.topics} new topics "
        f"({r.skipped_duplicates} already in {obj['db']})"
    )
    console.print(result.report)


@cli.command()
@click.pass_obj
def relink(obj: dict) -> None:
    """Rebuild all topics, issues and contradiction pairs from the stored claims."""
    from claims.pipeline import relink as run_relink

    click.echo(f"Relinked: {run_relink(obj['db'], obj['nli_model'])} topics")


@cli.group()
def topic() -> None:
    """Correct topics: merge two, or split claims out."""


@topic.command("merge")
@click.argument("into", type=int)
@click.argument("other", type=int)
@click.pass_obj
def topic_merge(obj: dict, into: int, other: int) -> None:
    """Merge topic OTHER into topic INTO."""
    from claims.pipeline import merge_topics

    n = merge_topics(obj["db"], into, other, obj["nli_model"])
    click.echo(f"Moved {n} claims from topic {other} into topic {into}")


@topic.command("split")
@click.argument("claim_ids", type=int, nargs=-1, required=True)
@click.pass_obj
def topic_split(obj: dict, claim_ids: tuple[int, ...]) -> None:
    """Move the claims CLAIM_IDS out of their topic into a new topic."""
    from claims.pipeline import move_claims

    new = move_claims(obj["db"], claim_ids, None, obj["nli_model"])
    click.echo(f"Moved {len(claim_ids)} claims into new topic {new}")


@cli.group()
def claim() -> None:
    """Look at single claims, or correct them."""


@claim.command("show")
@click.argument("claim_id", type=int)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.pass_obj
def claim_show(obj: dict, claim_id: int, fmt: str) -> None:
    """Show claim CLAIM_ID in its passage, with where it was published, pairs and verdicts."""
    from claims.pipeline import show_claim

    view = show_claim(obj["db"], claim_id)
    if fmt == "json":
        click.echo(json.dumps(view.to_dict(), indent=2, ensure_ascii=False))
    else:
        _console().print(view)


@claim.command("delete")
@click.argument("claim_ids", type=int, nargs=-1, required=True)
@click.pass_obj
def claim_delete(obj: dict, claim_ids: tuple[int, ...]) -> None:
    """Delete claims CLAIM_IDS that are not claims, with their appearances and pairs."""
    from claims.pipeline import delete_claims

    n = delete_claims(obj["db"], claim_ids)
    click.echo(f"Deleted {n} claim(s)")


@claim.command("move")
@click.argument("claim_id", type=int)
@click.argument("topic_id", type=int)
@click.pass_obj
def claim_move(obj: dict, claim_id: int, topic_id: int) -> None:
    """Move claim CLAIM_ID into topic TOPIC_ID."""
    from claims.pipeline import move_claims

    move_claims(obj["db"], [claim_id], topic_id, obj["nli_model"])
    click.echo(f"Moved claim {claim_id} into topic {topic_id}")


@cli.group()
def party() -> None:
    """Correct which party a speaker speaks for."""


@party.command("set")
@click.argument("speaker")
@click.argument("party_name", metavar="PARTY")
@click.pass_obj
def party_set(obj: dict, speaker: str, party_name: str) -> None:
    """Make SPEAKER always speak for PARTY (applied to stored claims too)."""
    from claims.pipeline import set_party

    n = set_party(obj["db"], speaker, party_name, obj["nli_model"])
    click.echo(f"{speaker} now speaks for {party_name}; {n} stored claims updated")


@party.command("list")
@click.pass_obj
def party_list(obj: dict) -> None:
    """List the party aliases you have set."""
    from rich.table import Table

    from claims.pipeline import party_aliases

    table = Table("speaker", "party")
    for alias, name in party_aliases(obj["db"]):
        table.add_row(alias, name)
    _console().print(table)


@cli.group("name")
def name_group() -> None:
    """Correct speaker names: in stored claims and in every later ingest."""


@name_group.command("set")
@click.argument("speaker")
@click.argument("name")
@click.pass_obj
def name_set(obj: dict, speaker: str, name: str) -> None:
    """Make SPEAKER (as `claims speakers` lists it) be NAME from now on."""
    from claims.pipeline import set_speaker_name

    n = set_speaker_name(obj["db"], speaker, name, obj["nli_model"])
    click.echo(f"{speaker} is now {name}; {n} stored claims renamed")


@name_group.command("list")
@click.pass_obj
def name_list(obj: dict) -> None:
    """List the speaker name corrections you have made."""
    from rich.table import Table

    from claims.pipeline import speaker_names

    table = Table("speaker", "name")
    for alias, name in speaker_names(obj["db"]):
        table.add_row(alias, name)
    _console().print(table)


@cli.group("eval")
def eval_group() -> None:
    """Measure accuracy on public annotated data."""


def _print_scores(result: Any, as_json: bool, **table_options: Any) -> None:
    """An evaluation's scores: its rich table, or its dict as JSON."""
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))
    else:
        _console().print(result.table(**table_options))


@eval_group.command("polnear")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--detail", is_flag=True, help="Precision and recall for every outlet too.")
@click.option(
    "--agreement",
    is_flag=True,
    help="Only the articles several people annotated: the annotators scored against "
    "each other, beside the extractor against them.",
)
def eval_polnear(directory: str, as_json: bool, detail: bool, agreement: bool) -> None:
    """Score source, cue and content spans on a PolNeAR folder (P/R/F1, exact and overlap)."""
    from claims.evaluation.attribution import run_polnear, run_polnear_agreement

    if agreement:
        _print_scores(run_polnear_agreement(directory), as_json)
    else:
        _print_scores(run_polnear(directory), as_json, detail=detail)


@eval_group.command("sick")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_sick(file: str, as_json: bool) -> None:
    """Score contradiction detection on SICK pairs: 3-way accuracy, contradiction P/R/F1."""
    from claims.evaluation.sick import run_sick

    _print_scores(run_sick(file), as_json)


@eval_group.command("stance")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--limit", type=int, help="Only the first N stance rows.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_stance(directory: str, limit: int | None, as_json: bool) -> None:
    """Score FNC-1/ARC stance: related vs unrelated (linking), agree vs disagree (scorer)."""
    from claims.evaluation.stance import run_stance

    _print_scores(run_stance(directory, limit=limit), as_json)


@eval_group.command("readouts")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--keep-db", type=click.Path(), help="Build the evaluation database here.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_readouts(directory: str, keep_db: str | None, as_json: bool) -> None:
    """Ingest annotated events into one fresh DB and score claims, parties, topics, pairs."""
    from claims.evaluation.readouts import run_readouts

    result = run_readouts(directory, db_path=keep_db)
    _print_scores(result, as_json)
    if not as_json:
        click.echo(f"database: {result.db_path}")


@cli.command()
@click.argument("claim_id", type=int)
@click.option("--rating", required=True, help='The rating, e.g. "False", "Misleading".')
@click.option("--note", help="Why: the fact-checker's explanation.")
@click.option("--reviewer", help="Who rated it.")
@click.pass_obj
def verdict(obj: dict, claim_id: int, rating: str, note: str | None, reviewer: str | None) -> None:
    """Record a fact-checker's rating of claim CLAIM_ID."""
    from claims.pipeline import add_verdict

    verdict_id = add_verdict(obj["db"], claim_id, rating, note, reviewer)
    click.echo(f"Verdict {verdict_id}: claim {claim_id} rated {rating!r}")


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["claimreview", "jsonl", "csv", "markdown", "html"]),
    default="claimreview",
    show_default=True,
    help="Export format (ClaimReview JSON-LD covers rated claims).",
)
@click.option("--topic", "topic_id", type=int, help="Only this topic.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to a file.")
@click.pass_obj
def export(obj: dict, fmt: str, topic_id: int | None, output: str | None) -> None:
    """Export claims: ClaimReview JSON-LD, JSONL, CSV, or a Markdown/HTML report."""
    from claims.pipeline import export as run_export

    text = run_export(obj["db"], fmt, topic_id)
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        click.echo(text, nl=False)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="claims")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
