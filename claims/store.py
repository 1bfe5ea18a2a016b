"""The only module that talks to DuckDB.

Every SQL statement of the library lives here, behind :class:`Store`, so that another
backend (a shared team catalog) can later sit behind the same interface. Opening a
database applies pending numbered migrations from ``db/`` (one transaction each,
recorded in ``schema_migrations``).
"""

from __future__ import annotations

import math
import re
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from claims.errors import DatabaseError, DatabaseLockedError, ReadOnlyError

if TYPE_CHECKING:  # numpy is imported where vectors are handled: `report`/`sql` start faster
    import numpy as np
from claims.models import Claim, ClaimPair, Document, StoredClaim, Topic, content_hash

DIMENSIONS = 384
_MIGRATION_NAME = re.compile(r"^(\d{4})_([\w-]+)\.sql$")
_DUCKDB_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


def migrations_dir() -> Path:
    """Return the folder of numbered SQL migrations (installed copy or source tree)."""
    installed = Path(str(resources.files("claims"))) / "_db"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "db"


def migrations() -> list[tuple[int, str, str]]:
    """Return ``(version, name, sql)`` for every migration file, in order."""
    found = []
    for path in sorted(migrations_dir().glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if match:
            found.append((int(match.group(1)), match.group(2), path.read_text(encoding="utf-8")))
    return found


def extension_path(name: str) -> Path:
    """Return the ``.duckdb_extension`` file shipped by the ``duckdb-extension-NAME`` package."""
    module = __import__(f"duckdb_extension_{name}")
    root = Path(module.__file__).parent / "extensions"
    files = sorted(root.glob(f"*/{name}.duckdb_extension"))
    if not files:  # pragma: no cover - install problem
        raise DatabaseError(f"the duckdb-extension-{name} package has no extension file")
    return files[-1]


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else exc.__class__.__name__


def _vector_text(vector: np.ndarray) -> str:
    """A vector as DuckDB array text, to bind with ``?::FLOAT[384]``.

    Binding a Python list of floats makes DuckDB 1.5 try to import pandas once per
    element (about 70 ms a row when pandas is absent); text binds in microseconds.
    """
    import numpy as np

    values = np.asarray(vector, dtype=np.float32).tolist()
    return "[" + ",".join(map(repr, values)) + "]"


def _vector_literal(vector: np.ndarray) -> str:
    """A FLOAT[384] SQL literal (DuckDB plans vector search better with a literal)."""
    return f"{_vector_text(vector)}::FLOAT[{DIMENSIONS}]"


class _Sql(str):
    """SQL text written into a statement as it is (a vector literal, a cast)."""


def _inline(value: Any) -> str | None:
    """A value as a SQL literal, or None when it must be bound as a parameter instead.

    DuckDB 1.5 tries to import pandas for every bound parameter (two failed imports for a
    number, eight for a string: about 0.3 ms each when pandas is absent), so bulk writes
    spell plain values out. Strings double their quotes; a string holding a NUL byte is
    bound.
    """
    if value is None:
        return "NULL"
    if isinstance(value, _Sql):
        return str(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else f"'{value!r}'::DOUBLE"
    if isinstance(value, str):
        if "\x00" in value:
            return None
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, date):
        return f"DATE '{value.isoformat()}'"
    return None


def _ids(values: Sequence[int]) -> str:
    """A parenthesised list of integer ids for ``IN``, written inline (never empty)."""
    return "(" + (", ".join(str(int(v)) for v in values) or "NULL") + ")"


def _strings(values: Sequence[str]) -> str:
    """A parenthesised list of string literals for ``IN`` (hex hashes), never empty."""
    return "(" + (", ".join("'" + v.replace("'", "''") + "'" for v in values) or "NULL") + ")"


def _vector_sql(vector: np.ndarray | None) -> _Sql:
    """A FLOAT[384] literal (or NULL) to write inline."""
    return _Sql("NULL" if vector is None else f"'{_vector_text(vector)}'::FLOAT[{DIMENSIONS}]")


@dataclass(frozen=True)
class TopicRow:
    """A topic with what linking needs: centroid, entities and date range."""

    topic_id: int
    label: str
    n_claims: int
    centroid: np.ndarray | None
    entities: tuple[str, ...]
    first_date: date | None
    last_date: date | None


class Store:
    """A claims database in one DuckDB file.

    Use :meth:`open`; close with :meth:`close` or a ``with`` block.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str, read_only: bool) -> None:
        self.con = con
        self.path = path
        self.read_only = read_only
        # Claim vectors never change once stored: linking reads them many times per ingest.
        self._vectors: dict[int, np.ndarray] = {}
        # Topic rows as last written, while linking reads them once per document.
        self._topics: dict[int, TopicRow] | None = None

    def forget_cached(self) -> None:
        """Drop cached vectors and topic rows (after a rollback, or SQL run by hand)."""
        self._vectors.clear()
        self._topics = None

    # ------------------------------------------------------------------ lifecycle
    @classmethod
    def open(
        cls, path: str | Path, read_only: bool = False, migrate_to: int | None = None
    ) -> Store:
        """Open (creating if needed) a claims database and apply pending migrations.

        Args:
            path: The DuckDB file.
            read_only: Open without write access (the file must exist).
            migrate_to: Stop after this migration (tests of migrations use it).

        Raises:
            DatabaseLockedError: Another process is writing to it.
            DatabaseError: The file is missing (read-only), not a DuckDB database, or
                from a newer version of claims.
        """
        path = str(path)
        if read_only and not Path(path).exists():
            raise DatabaseError(f"no claims database at {path}; run `claims ingest` first")
        if Path(path).is_dir():
            raise DatabaseError(f"{path} is a directory, not a database file")
        try:
            con = duckdb.connect(path, read_only=read_only, config=_DUCKDB_CONFIG)
        except duckdb.IOException as exc:
            message = _one_line(exc)
            if "lock" in message.lower():
                raise DatabaseLockedError(
                    f"database {path} is in use by another process; try again when it finishes"
                ) from exc
            raise DatabaseError(f"cannot open {path}: {message}") from exc
        except duckdb.Error as exc:
            raise DatabaseError(
                f"{path} is not a usable DuckDB database: {_one_line(exc)}"
            ) from exc
        store = cls(con, path, read_only)
        try:
            store._migrate(migrate_to)
        except BaseException:
            con.close()
            raise
        return store

    def close(self) -> None:
        """Close the connection."""
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def load_extensions(self, names: tuple[str, ...] = ("vss", "fts")) -> None:
        """Load DuckDB extensions from their PyPI packages (never downloaded).

        Not done on open: plain reads and writes need none, and loading costs start-up time.
        """
        for name in names:
            try:
                self.con.execute(f"LOAD '{extension_path(name)}'")
            except duckdb.Error as exc:  # pragma: no cover - install problem
                raise DatabaseError(
                    f"cannot load the DuckDB {name} extension: {_one_line(exc)}"
                ) from exc

    def _migrate(self, migrate_to: int | None = None) -> None:
        applied = self.schema_version()
        known = [m for m in migrations() if migrate_to is None or m[0] <= migrate_to]
        newest = max((v for v, _, _ in known), default=0)
        if applied > newest:
            raise DatabaseError(
                f"{self.path} has schema version {applied}, newer than this claims "
                f"(knows up to {newest}); upgrade claims"
            )
        pending = [m for m in known if m[0] > applied]
        if not pending:
            return
        if self.read_only:
            raise DatabaseError(
                f"{self.path} needs schema migrations; open it once with a write command"
            )
        if applied > 0 and Path(self.path).exists():
            # The user's database is precious: keep a copy from before the upgrade.
            self.con.execute("CHECKPOINT")
            shutil.copy2(self.path, f"{self.path}.v{applied}.bak")
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            "version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
            "applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
        )
        for version, name, sql in pending:
            with self.transaction():
                self.con.execute(sql)
                self.con.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name]
                )

    def schema_version(self) -> int:
        """The newest migration applied to this database (0 for a new file)."""
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
        ).fetchone()[0]
        if not exists:
            tables = self.con.execute("SELECT count(*) FROM information_schema.tables").fetchone()
            if tables[0]:
                raise DatabaseError(f"{self.path} is a DuckDB file but not a claims database")
            return 0
        return self.con.execute(
            "SELECT coalesce(max(version), 0) FROM schema_migrations"
        ).fetchone()[0]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run a block in one transaction: all of it is written, or none."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.con.execute("ROLLBACK")
            self.forget_cached()
            raise
        self.con.execute("COMMIT")

    # ------------------------------------------------------------------ documents
    def known_hashes(self, hashes: Sequence[str]) -> set[str]:
        """Return which of these content hashes are already stored."""
        if not hashes:
            return set()
        rows = self.con.execute(
            f"SELECT content_hash FROM documents WHERE content_hash IN {_strings(hashes)}"
        ).fetchall()
        return {r[0] for r in rows}

    def _next_id(self, table: str, column: str) -> int:
        return self.con.execute(f"SELECT coalesce(max({column}), 0) + 1 FROM {table}").fetchone()[0]

    def add_document(self, document: Document) -> int:
        """Insert a document and return its id."""
        doc_id = self._next_id("documents", "doc_id")
        self._insert_many(
            "INSERT INTO documents (doc_id, url, outlet, published, title, path, content_hash,"
            " text) VALUES ",
            [
                [
                    doc_id,
                    document.url,
                    document.outlet,
                    document.published,
                    document.title,
                    document.path,
                    document.content_hash,
                    document.text,
                ]
            ],
        )
        return doc_id

    # ------------------------------------------------------------------ claims
    def cached_vectors(self, texts: Sequence[str], model_id: str) -> dict[str, np.ndarray]:
        """Vectors already stored for any of these claim texts by the same model."""
        hashes = {content_hash(t): t for t in texts}
        if not hashes:
            return {}
        rows = self.con.execute(
            "SELECT DISTINCT ON (text_hash) text_hash, embedding FROM claims "
            f"WHERE embedding_model = ? AND text_hash IN {_strings(list(hashes))}",
            [model_id],
        ).fetchall()
        import numpy as np

        return {hashes[h]: np.asarray(v, dtype=np.float32) for h, v in rows if v is not None}

    def add_claims(
        self,
        doc_id: int,
        claims: Sequence[Claim],
        vectors: np.ndarray,
        model_id: str,
        document: Document | None = None,
    ) -> list[int]:
        """Insert a document's claims with their vectors (and first appearances).

        Returns:
            The new claim ids, in order.
        """
        first = self._next_id("claims", "claim_id")
        rows = []
        for n, (claim, vector) in enumerate(zip(claims, vectors, strict=True)):
            sp = claim.speaker_span
            rows.append(
                [
                    first + n,
                    doc_id,
                    claim.speaker,
                    claim.party,
                    claim.cue,
                    claim.kind,
                    claim.text,
                    claim.content.start,
                    claim.content.end,
                    sp.start if sp else None,
                    sp.end if sp else None,
                    claim.cue_span.start,
                    claim.cue_span.end,
                    content_hash(claim.text),
                    _vector_sql(vector),
                    model_id,
                ]
            )
        if rows:
            self._insert_many(
                "INSERT INTO claims (claim_id, doc_id, speaker, party, cue, kind, text, start_char,"
                " end_char, speaker_start, speaker_end, cue_start, cue_end, text_hash, embedding,"
                " embedding_model) VALUES ",
                rows,
            )
            doc = document or Document(text="")
            self._insert_many(
                "INSERT INTO appearances (claim_id, doc_id, start_char, end_char, outlet,"
                " published, url) VALUES ",
                [[r[0], doc_id, r[7], r[8], doc.outlet, doc.published, doc.url] for r in rows],
            )
            import numpy as np

            for row, vector in zip(rows, vectors, strict=True):
                self._vectors[row[0]] = np.asarray(vector, dtype=np.float32)
        return [r[0] for r in rows]

    def _insert_many(self, head: str, rows: Sequence[Sequence[Any]], batch: int = 500) -> None:
        """Insert rows with one multi-row VALUES statement per batch.

        DuckDB's ``executemany`` runs one statement per row, and every bound parameter
        costs a failed pandas import (see :func:`_inline`): values are written inline.
        """
        for start in range(0, len(rows), batch):
            parts: list[str] = []
            params: list[Any] = []
            for row in rows[start : start + batch]:
                cells = []
                for value in row:
                    literal = _inline(value)
                    if literal is None:
                        params.append(value)
                        literal = "?"
                    cells.append(literal)
                parts.append("(" + ", ".join(cells) + ")")
            self.con.execute(head + ", ".join(parts), params)

    def add_appearance(self, claim_id: int, doc_id: int, claim: Claim, document: Document) -> None:
        """Record another place where a stored claim was published.

        When this appearance is earlier than the claim's first one, the claim's document
        and offsets move to it (``claims.doc_id`` always points at the first appearance).
        """
        self.add_appearances(doc_id, [(claim_id, claim)], document)

    def add_appearances(
        self, doc_id: int, found: Sequence[tuple[int, Claim]], document: Document
    ) -> list[int]:
        """Record appearances of stored claims in one document, as :meth:`add_appearance`.

        Args:
            doc_id: The document they appear in.
            found: ``(stored claim id, the claim as extracted from this document)``.
            document: The document.

        Returns:
            Ids of the claims whose first appearance moved to this document.
        """
        if not found:
            return []
        latest = dict(found)  # a claim found twice: the later match wins, as one by one
        first_seen: dict[tuple[int, int], Claim] = {}  # one row per primary key
        for claim_id, claim in found:
            first_seen.setdefault((claim_id, claim.content.start), claim)
        self._insert_many(
            "INSERT OR IGNORE INTO appearances (claim_id, doc_id, start_char, end_char, outlet,"
            " published, url) VALUES ",
            [
                [cid, doc_id, start, c.content.end, document.outlet, document.published,
                 document.url]
                for (cid, start), c in first_seen.items()
            ],
        )  # fmt: skip
        ids = ", ".join(str(int(cid)) for cid in latest)
        moved = [
            r[0]
            for r in self.con.execute(
                "SELECT claim_id, doc_id FROM appearances "
                f"WHERE claim_id IN ({ids}) QUALIFY row_number() OVER "
                "(PARTITION BY claim_id ORDER BY published NULLS LAST, doc_id) = 1"
            ).fetchall()
            if r[1] == doc_id
        ]
        for claim_id in moved:
            claim = latest[claim_id]
            sp = claim.speaker_span
            self.con.execute(
                "UPDATE claims SET doc_id = ?, start_char = ?, end_char = ?, text = ?,"
                " speaker_start = ?, speaker_end = ?, cue_start = ?, cue_end = ?, cue = ?"
                " WHERE claim_id = ?",
                [
                    doc_id,
                    claim.content.start,
                    claim.content.end,
                    claim.text,
                    sp.start if sp else None,
                    sp.end if sp else None,
                    claim.cue_span.start,
                    claim.cue_span.end,
                    claim.cue,
                    claim_id,
                ],
            )
        return moved

    def appearances(self, claim_ids: Sequence[int]) -> dict[int, list[tuple[Any, ...]]]:
        """Claim id -> its appearances, earliest first.

        Each appearance is ``(doc_id, start_char, end_char, outlet, published, url)``.
        """
        rows = self.con.execute(
            "SELECT claim_id, doc_id, start_char, end_char, outlet, published, url "
            "FROM appearances WHERE claim_id IN (SELECT unnest(?)) "
            "ORDER BY claim_id, published NULLS LAST, doc_id",
            [list(claim_ids)],
        ).fetchall()
        out: dict[int, list[tuple[Any, ...]]] = {}
        for row in rows:
            out.setdefault(row[0], []).append(tuple(row[1:]))
        return out

    def set_topic(self, claim_ids: Sequence[int], topic_id: int) -> None:
        """Attach claims to a topic."""
        self.con.execute(
            f"UPDATE claims SET topic_id = {int(topic_id)} WHERE claim_id IN {_ids(claim_ids)}"
        )

    def _claim_rows(self, where: str, params: list[Any]) -> list[StoredClaim]:
        rows = self.con.execute(
            "SELECT c.claim_id, c.doc_id, c.text, c.speaker, c.party, c.cue, c.kind, c.topic_id,"
            " d.outlet, d.url, d.published, c.issue_id"
            " FROM claims c JOIN documents d USING (doc_id) "
            f"WHERE {where} ORDER BY c.claim_id",
            params,
        ).fetchall()
        return [StoredClaim(*row) for row in rows]

    def claims_in_topic(self, topic_id: int) -> list[StoredClaim]:
        """All claims of one topic, in id order."""
        return self._claim_rows("c.topic_id = ?", [topic_id])

    def claim_vectors(self, claim_ids: Sequence[int]) -> dict[int, np.ndarray]:
        """Embeddings of the given claims (cached: stored vectors never change)."""
        missing = [cid for cid in claim_ids if cid not in self._vectors]
        if missing:
            rows = self.con.execute(
                f"SELECT claim_id, embedding FROM claims WHERE claim_id IN {_ids(missing)}"
            ).fetchall()
            import numpy as np

            for cid, v in rows:
                if v is not None:
                    self._vectors[cid] = np.asarray(v, dtype=np.float32)
        return {cid: self._vectors[cid] for cid in claim_ids if cid in self._vectors}

    def search(self, vector: np.ndarray, limit: int = 10) -> list[tuple[StoredClaim, float]]:
        """Claims nearest to a query vector by cosine similarity."""
        literal = _vector_literal(vector)
        rows = self.con.execute(
            f"SELECT claim_id, array_cosine_similarity(embedding, {literal}) AS sim FROM claims "
            "WHERE embedding IS NOT NULL ORDER BY sim DESC LIMIT ?",
            [limit],
        ).fetchall()
        by_id = {
            c.claim_id: c
            for c in self._claim_rows("c.claim_id IN (SELECT unnest(?))", [[r[0] for r in rows]])
        }
        return [(by_id[cid], float(sim)) for cid, sim in rows]

    # ------------------------------------------------------------------ topics
    def topic_rows(self) -> list[TopicRow]:
        """Every topic with its centroid, entities and dates (for linking), by id.

        Cached per connection: :meth:`save_topic` keeps the cache up to date, and whatever
        else changes topics drops it.
        """
        if self._topics is None:
            self._topics = {t.topic_id: t for t in self._read_topic_rows()}
        return list(self._topics.values())

    def _read_topic_rows(self) -> list[TopicRow]:
        import numpy as np

        rows = self.con.execute(
            "SELECT topic_id, label, n_claims, centroid, entities, first_date, last_date "
            "FROM topics ORDER BY topic_id"
        ).fetchall()
        return [
            TopicRow(
                topic_id=r[0],
                label=r[1],
                n_claims=r[2],
                centroid=None if r[3] is None else np.asarray(r[3], dtype=np.float32),
                entities=tuple(r[4] or ()),
                first_date=r[5],
                last_date=r[6],
            )
            for r in rows
        ]

    def save_topic(self, topic: TopicRow) -> int:
        """Insert or update a topic (``topic_id`` 0 inserts); return its id.

        An existing topic is updated in place (DuckDB's ``INSERT OR REPLACE`` deletes and
        re-inserts the row, several times slower, and it is done once per linked document).
        """
        names = [_inline(e) for e in topic.entities]
        entities: Any = list(topic.entities)
        if all(n is not None for n in names):
            entities = _Sql(f"[{', '.join(names)}]::VARCHAR[]")  # type: ignore[arg-type]
        values = [
            topic.label,
            topic.n_claims,
            _vector_sql(topic.centroid),
            entities,
            topic.first_date,
            topic.last_date,
        ]
        topic_id = topic.topic_id
        updated = False
        if topic_id:
            columns = ("label", "n_claims", "centroid", "entities", "first_date", "last_date")
            params: list[Any] = []
            sets = []
            for column, value in zip(columns, values, strict=True):
                literal = _inline(value)
                if literal is None:
                    params.append(value)
                    literal = "?"
                sets.append(f"{column} = {literal}")
            updated = bool(
                self.con.execute(
                    f"UPDATE topics SET {', '.join(sets)} WHERE topic_id = {int(topic_id)} "
                    "RETURNING topic_id",
                    params,
                ).fetchall()
            )
        if not updated:
            topic_id = topic_id or self._next_id("topics", "topic_id")
            self._insert_many(
                "INSERT INTO topics (topic_id, label, n_claims, centroid, entities,"
                " first_date, last_date) VALUES ",
                [[topic_id, *values]],
            )
        if self._topics is not None:
            self._topics[topic_id] = replace(topic, topic_id=topic_id)
        return topic_id

    def refresh_topic_counts(self) -> None:
        """Recount ``topics.n_claims`` and the issues from the claims table."""
        self._topics = None
        self.refresh_issues()
        self.con.execute(
            "UPDATE topics SET n_claims = (SELECT count(*) FROM claims c "
            "WHERE c.topic_id = topics.topic_id)"
        )

    def topics(self) -> list[Topic]:
        """All topics, largest first."""
        rows = self.con.execute(
            "SELECT topic_id, label, n_claims FROM topics ORDER BY n_claims DESC, topic_id"
        ).fetchall()
        return [Topic(*r) for r in rows]

    def topic(self, topic_id: int) -> Topic | None:
        """One topic by id, or None."""
        row = self.con.execute(
            "SELECT topic_id, label, n_claims FROM topics WHERE topic_id = ?", [topic_id]
        ).fetchone()
        return Topic(*row) if row else None

    # ------------------------------------------------------------------ issues
    def new_issue(self, topic_id: int, label: str) -> int:
        """Open a disputed point inside a topic; return its id."""
        issue_id = self._next_id("issues", "issue_id")
        self.con.execute(
            "INSERT INTO issues (issue_id, topic_id, label) VALUES (?, ?, ?)",
            [issue_id, topic_id, label],
        )
        return issue_id

    def set_issue(self, claim_ids: Sequence[int], issue_id: int) -> None:
        """Attach claims to an issue."""
        self.con.execute(
            f"UPDATE claims SET issue_id = {int(issue_id)} WHERE claim_id IN {_ids(claim_ids)}"
        )

    def set_issues(self, issue_of: dict[int, int]) -> None:
        """Attach each claim to its issue (``claim id -> issue id``) in one statement."""
        if issue_of:
            values = ", ".join(f"({int(c)}, {int(i)})" for c, i in issue_of.items())
            self.con.execute(
                "UPDATE claims SET issue_id = v.issue_id "
                f"FROM (VALUES {values}) v(claim_id, issue_id) WHERE claims.claim_id = v.claim_id"
            )

    def issues_in_topic(self, topic_id: int) -> list[tuple[int, str, int]]:
        """``(issue_id, label, n_claims)`` of a topic's issues."""
        return self.con.execute(
            "SELECT issue_id, label, n_claims FROM issues WHERE topic_id = ? ORDER BY issue_id",
            [topic_id],
        ).fetchall()

    def refresh_issues(self) -> None:
        """Recount issues, drop empty ones, and keep each issue in its claims' topic."""
        self.con.execute(
            "UPDATE issues SET n_claims = (SELECT count(*) FROM claims c "
            "WHERE c.issue_id = issues.issue_id)"
        )
        self.con.execute("DELETE FROM issues WHERE n_claims = 0")
        self.con.execute(
            "UPDATE issues SET topic_id = (SELECT any_value(c.topic_id) FROM claims c "
            "WHERE c.issue_id = issues.issue_id)"
        )

    # ------------------------------------------------------------------ corrections
    def clear_links(self) -> None:
        """Forget every topic, issue and pair (``claims relink`` rebuilds them)."""
        self._topics = None
        self.con.execute("UPDATE claims SET topic_id = NULL, issue_id = NULL")
        self.con.execute("DELETE FROM claim_pairs")
        self.con.execute("DELETE FROM issues")
        self.con.execute("DELETE FROM topics")

    def documents_in_order(self) -> list[tuple[int, Document]]:
        """Every document with its id, oldest publication first."""
        rows = self.con.execute(
            "SELECT doc_id, text, url, outlet, published, title, path FROM documents "
            "ORDER BY published NULLS LAST, doc_id"
        ).fetchall()
        return [(r[0], Document(*r[1:])) for r in rows]

    def claims_of_document(self, doc_id: int) -> list[StoredClaim]:
        """Claims whose first appearance is in a document."""
        return self._claim_rows("c.doc_id = ?", [doc_id])

    def move_claims(self, claim_ids: Sequence[int], topic_id: int) -> None:
        """Put claims in another topic (and out of their issue and pairs)."""
        ids = list(claim_ids)
        self.con.execute(
            "UPDATE claims SET topic_id = ?, issue_id = NULL WHERE claim_id IN (SELECT unnest(?))",
            [topic_id, ids],
        )
        self.con.execute(
            "DELETE FROM claim_pairs WHERE claim_a IN (SELECT unnest($1)) "
            "OR claim_b IN (SELECT unnest($1))",
            [ids],
        )

    def delete_topic(self, topic_id: int) -> None:
        """Remove a topic row (its claims must have moved)."""
        self._topics = None
        self.con.execute("DELETE FROM topics WHERE topic_id = ?", [topic_id])

    def claim(self, claim_id: int) -> StoredClaim | None:
        """One claim by id."""
        rows = self._claim_rows("c.claim_id = ?", [claim_id])
        return rows[0] if rows else None

    # ------------------------------------------------------------------ pairs
    def add_pairs(self, pairs: Sequence[ClaimPair]) -> None:
        """Insert or replace claim pairs."""
        if pairs:
            self._insert_many(
                "INSERT OR REPLACE INTO claim_pairs (claim_a, claim_b, relation, score, reason)"
                " VALUES ",
                [[p.claim_a, p.claim_b, p.relation, p.score, p.reason] for p in pairs],
            )

    def pairs_in_topic(self, topic_id: int) -> list[ClaimPair]:
        """Claim pairs whose claims are in a topic, strongest first."""
        rows = self.con.execute(
            "SELECT p.claim_a, p.claim_b, p.relation, p.score, p.reason FROM claim_pairs p "
            "JOIN claims a ON a.claim_id = p.claim_a WHERE a.topic_id = ? "
            "ORDER BY p.relation, p.score DESC",
            [topic_id],
        ).fetchall()
        return [ClaimPair(*r) for r in rows]

    # ------------------------------------------------------------------ whole-database reads
    def document_texts(self) -> list[tuple[int, str | None, str]]:
        """``(doc_id, path, text)`` of every document."""
        return self.con.execute(
            "SELECT doc_id, path, text FROM documents ORDER BY doc_id"
        ).fetchall()

    def all_claims(self) -> list[StoredClaim]:
        """Every claim."""
        return self._claim_rows("TRUE", [])

    def all_appearances(self) -> list[tuple[int, int, int, int]]:
        """``(claim_id, doc_id, start_char, end_char)`` of every appearance."""
        return self.con.execute(
            "SELECT claim_id, doc_id, start_char, end_char FROM appearances ORDER BY claim_id"
        ).fetchall()

    def all_pairs(self) -> list[ClaimPair]:
        """Every claim pair."""
        rows = self.con.execute(
            "SELECT claim_a, claim_b, relation, score, reason FROM claim_pairs"
        ).fetchall()
        return [ClaimPair(*r) for r in rows]

    # ------------------------------------------------------------------ verdicts
    def add_verdict(
        self, claim_id: int, rating: str, note: str | None, reviewer: str | None
    ) -> int:
        """Record a fact-checker's rating of a claim; return the verdict id."""
        verdict_id = self._next_id("verdicts", "verdict_id")
        self.con.execute(
            "INSERT INTO verdicts (verdict_id, claim_id, rating, note, reviewer)"
            " VALUES (?, ?, ?, ?, ?)",
            [verdict_id, claim_id, rating, note, reviewer],
        )
        return verdict_id

    def verdicts(self, topic_id: int | None = None) -> list[tuple[Any, ...]]:
        """Latest verdict per claim: ``(claim_id, rating, note, reviewer, created_at)``."""
        where = "" if topic_id is None else "WHERE c.topic_id = ?"
        return self.con.execute(
            "SELECT v.claim_id, v.rating, v.note, v.reviewer, v.created_at FROM verdicts v "
            f"JOIN claims c USING (claim_id) {where} "
            "QUALIFY row_number() OVER (PARTITION BY v.claim_id ORDER BY v.verdict_id DESC) = 1 "
            "ORDER BY v.claim_id",
            [] if topic_id is None else [topic_id],
        ).fetchall()

    def claims_for_export(self, topic_id: int | None = None) -> list[StoredClaim]:
        """Claims of one topic, or all."""
        if topic_id is None:
            return self.all_claims()
        return self.claims_in_topic(topic_id)

    # ------------------------------------------------------------------ parties
    def party_aliases(self) -> dict[str, str]:
        """User party aliases: speaker name (lower case) -> party."""
        rows = self.con.execute("SELECT lower(alias), party FROM parties").fetchall()
        return dict(rows)

    def set_party_alias(self, alias: str, party: str) -> list[int]:
        """Record that ``alias`` speaks for ``party`` and apply it to stored claims.

        Returns:
            Ids of the claims whose party changed.
        """
        self.con.execute(
            "INSERT OR REPLACE INTO parties (alias, party) VALUES (?, ?)", [alias.strip(), party]
        )
        rows = self.con.execute(
            "UPDATE claims SET party = ? WHERE lower(speaker) = lower(?) "
            "AND party IS DISTINCT FROM ? RETURNING claim_id",
            [party, alias.strip(), party],
        ).fetchall()
        ids = [r[0] for r in rows]
        if ids:
            self.con.execute(
                "DELETE FROM claim_pairs WHERE claim_a IN (SELECT unnest($1)) "
                "OR claim_b IN (SELECT unnest($1))",
                [ids],
            )
        return ids

    def party_alias_rows(self) -> list[tuple[str, str]]:
        """User party aliases as ``(alias, party)``, sorted by alias."""
        return self.con.execute("SELECT alias, party FROM parties ORDER BY lower(alias)").fetchall()

    def topics_of_claims(self, claim_ids: Sequence[int]) -> dict[int, set[int]]:
        """Topic id -> the given claims in it."""
        rows = self.con.execute(
            "SELECT topic_id, claim_id FROM claims WHERE claim_id IN (SELECT unnest(?)) "
            "AND topic_id IS NOT NULL",
            [list(claim_ids)],
        ).fetchall()
        out: dict[int, set[int]] = {}
        for topic_id, claim_id in rows:
            out.setdefault(topic_id, set()).add(claim_id)
        return out

    # ------------------------------------------------------------------ counts & SQL
    def counts(self) -> dict[str, int]:
        """Row counts of the main tables."""
        return {
            table: self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("documents", "claims", "appearances", "topics", "issues", "claim_pairs")
        }

    def query(self, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Run one SQL statement; return column names and rows.

        Raises:
            ReadOnlyError: A write statement on a read-only database.
            DatabaseError: Any other SQL error, as one line.
        """
        if not self.read_only:
            self.forget_cached()
        try:
            cursor = self.con.execute(sql)
        except duckdb.Error as exc:
            message = _one_line(exc)
            if self.read_only and "read-only" in message.lower():
                raise ReadOnlyError(
                    "claims sql is read-only: the statement would change the database"
                ) from exc
            raise DatabaseError(f"SQL error: {message}") from exc
        if cursor.description is None:
            return [], []
        columns = [d[0] for d in cursor.description]
        return columns, cursor.fetchall()
