"""The only module that talks to DuckDB.

Every SQL statement of the library lives here, behind :class:`Store`. A database is either
one DuckDB file or a DuckLake (a SQL catalog in SQLite or PostgreSQL plus Parquet data files)
for a team: ``ducklake:sqlite:PATH`` or ``ducklake:postgres:dbname=... host=...``. Opening a
database applies pending numbered migrations from ``db/`` (one transaction each, recorded in
``schema_migrations``); a DuckLake gets the same migrations translated by
:func:`ducklake_ddl`.

DuckLake has no keys, unique constraints, indexes, sequences or fixed-size arrays, and lets
concurrent transactions append to the same table. So on a DuckLake every write transaction
first updates the one row of ``claims_writer``: two writers that overlap then conflict when
the second commits, and :meth:`Store.write` runs the whole unit of work again (with backoff)
on a fresh snapshot. Writers are thereby serialised, which keeps ``max() + 1`` ids and the
content-hash checks made inside the transaction correct across processes and machines.
A SQLite catalog is on one machine, so there writers also queue on an advisory file lock
(``PATH.lock``) instead of redoing work that would conflict.
"""

from __future__ import annotations

import math
import os
import random
import re
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import duckdb

try:  # POSIX: writers on one machine queue on a file lock
    import fcntl
except ImportError:  # pragma: no cover - Windows: conflicts are still retried
    fcntl = None  # type: ignore[assignment]

from claims.errors import DatabaseError, DatabaseLockedError, ReadOnlyError

if TYPE_CHECKING:  # numpy is imported where vectors are handled: `report`/`sql` start faster
    import numpy as np
from claims.models import (
    Claim,
    ClaimPair,
    Document,
    Speaker,
    StoredClaim,
    Topic,
    content_hash,
)

DIMENSIONS = 384
_MIGRATION_NAME = re.compile(r"^(\d{4})_([\w-]+)\.sql$")
_DUCKDB_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
DUCKLAKE_PREFIX = "ducklake:"
_LAKE_ALIAS = "lake"
_T = TypeVar("_T")
#: How often a conflicting DuckLake write is tried again, and the longest pause between tries.
WRITE_ATTEMPTS = 60
_MAX_BACKOFF = 2.0


@dataclass(frozen=True)
class DuckLake:
    """A DuckLake target: its catalog and where its Parquet files go.

    Attributes:
        catalog: ``sqlite:PATH`` or ``postgres:CONNINFO`` (what follows ``ducklake:``).
        data_path: Folder or ``s3://`` URL of the data files; needed when the catalog is
            created (a SQLite catalog defaults to ``PATH.files/`` beside it), then stored in it.
    """

    catalog: str
    data_path: str | None = None

    def __str__(self) -> str:
        return DUCKLAKE_PREFIX + self.catalog

    @property
    def kind(self) -> str:
        """``sqlite`` or ``postgres``."""
        return self.catalog.split(":", 1)[0]

    @property
    def sqlite_path(self) -> Path | None:
        """The catalog file of a SQLite catalog, else None."""
        if self.kind != "sqlite":
            return None
        return Path(self.catalog.split(":", 1)[1]).expanduser().resolve()


Location = str | Path | DuckLake
"""Where a claims database is: a DuckDB file, or a DuckLake (see :func:`location`)."""


def location(db: str | Path, data_path: str | None = None) -> str | Path | DuckLake:
    """Parse a ``--db`` value: a DuckDB file path or a DuckLake target.

    A DuckLake target is ``ducklake:sqlite:PATH`` or ``ducklake:postgres:CONNINFO``; its data
    path is ``data_path``, else env ``CLAIMS_DATA_PATH``, else (SQLite) ``PATH.files``.

    Raises:
        DatabaseError: A ``ducklake:`` target with an unknown catalog kind.
    """
    if isinstance(db, DuckLake):
        return db
    text = str(db)
    if not text.startswith(DUCKLAKE_PREFIX):
        return db
    catalog = text[len(DUCKLAKE_PREFIX) :]
    kind, _, rest = catalog.partition(":")
    if kind not in ("sqlite", "postgres") or not rest.strip():
        raise DatabaseError(
            f"unknown DuckLake target {text!r}: use ducklake:sqlite:PATH or "
            "ducklake:postgres:dbname=... host=..."
        )
    data = data_path or os.environ.get("CLAIMS_DATA_PATH") or None
    return DuckLake(catalog, data)


def ducklake_ddl(sql: str) -> str:
    """Translate a migration to the DDL a DuckLake accepts.

    DuckLake has no PRIMARY KEY, UNIQUE or CHECK constraints, no indexes and no fixed-size
    arrays. The translation drops constraints and index statements and turns ``FLOAT[N]``
    into ``FLOAT[]``; :class:`Store` enforces uniqueness itself on a DuckLake (ids are
    ``max() + 1`` and content hashes are checked inside serialised write transactions).
    Migrations must therefore keep to plain statements separated by ``;`` without ``;`` or
    ``--`` inside string literals (``tests/test_ducklake.py`` checks every migration).
    """
    out = []
    for statement in re.sub(r"--[^\n]*", "", sql).split(";"):
        statement = statement.strip()
        if not statement or re.match(r"(CREATE|DROP)\s+INDEX\b", statement, re.IGNORECASE):
            continue
        statement = re.sub(r"FLOAT\[\d+\]", "FLOAT[]", statement)
        statement = _strip_checks(statement)
        statement = re.sub(r",\s*PRIMARY\s+KEY\s*\([^)]*\)", "", statement, flags=re.IGNORECASE)
        statement = re.sub(r"\s+(PRIMARY\s+KEY|UNIQUE)\b", "", statement, flags=re.IGNORECASE)
        out.append(statement + ";")
    return "\n".join(out)


def _strip_checks(statement: str) -> str:
    """Remove every ``CHECK (...)`` clause (balanced parentheses) from a statement."""
    while match := re.search(r"\s+CHECK\s*\(", statement, re.IGNORECASE):
        depth, end = 0, match.end() - 1
        for end in range(match.end() - 1, len(statement)):
            depth += {"(": 1, ")": -1}.get(statement[end], 0)
            if depth == 0:
                break
        statement = statement[: match.start()] + statement[end + 1 :]
    return statement


def _is_conflict(exc: BaseException) -> bool:
    """Whether a DuckDB error is a DuckLake write conflict worth trying again."""
    message = str(exc).lower()
    return any(
        word in message
        for word in (
            "conflict",
            "database is locked",  # SQLite catalog: another writer is committing
            "could not serialize",  # PostgreSQL catalog
            "deadlock",
            "duplicate key",  # two commits took the same snapshot id in the catalog
        )
    )


SEARCH_INDEX_SUFFIX = ".search"
"""The search index of ``claims.duckdb`` is the file ``claims.duckdb.search``."""
HNSW_M = 16
"""Links per node of the HNSW graph (vss default)."""
HNSW_EF_CONSTRUCTION = 128
"""Candidate list while building (vss default). Half of it builds twice as fast, but at 1M
claims its graph tops out at recall@10 0.95 however wide the search (``benchmarks``)."""
HNSW_EF_SEARCH = 256
"""Candidate list while searching: recall@10 1.000 at 1M claims, p50 11 ms (128: 0.960,
9 ms; ``benchmarks``)."""
_SIDX = "claims_search_index"
"""Name under which the search index file is attached (not the stem of a claims file)."""


def migrations_dir() -> Path:
    """Return the folder of numbered SQL migrations (installed copy or source tree)."""
    installed = Path(__file__).resolve().parent / "_db"  # claims/_db in a wheel
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
    """A FLOAT[384] SQL literal (DuckDB plans vector search better with a literal).

    A string cast to the array type, not a list of 384 number literals: DuckDB binds the
    latter number by number (several milliseconds per query), the string in one cast.
    """
    return f"'{_vector_text(vector)}'::FLOAT[{DIMENSIONS}]"


def _retry(action: Callable[[], _T], creating: bool = False) -> _T:
    """Run ``action``; while it fails with a DuckLake write conflict, pause and run it again.

    Args:
        action: The unit of work (a whole transaction).
        creating: Also try again when another process created the same catalog or tables
            first (opening a new DuckLake).
    """
    attempts = WRITE_ATTEMPTS
    for attempt in range(1, attempts + 1):
        try:
            return action()
        except duckdb.Error as exc:
            if not _is_conflict(exc) and not (creating and _is_catalog_race(exc)):
                raise
            if attempt == attempts:
                raise DatabaseError(
                    f"gave up after {attempts} conflicting tries: {_one_line(exc)}"
                ) from exc
        pause = min(_MAX_BACKOFF, 0.02 * 2 ** min(attempt, 10))
        time.sleep(pause * (0.5 + random.random()))
    raise AssertionError("unreachable")  # pragma: no cover


def _is_catalog_race(exc: BaseException) -> bool:
    """Two processes creating the same new DuckLake (its tables) at the same time."""
    message = str(exc).lower()
    return "already exists" in message or "unique constraint" in message


_LOCKS_HELD: dict[str, int] = {}


@contextmanager
def _machine_lock(catalog: Path | None) -> Iterator[None]:
    """Hold the advisory write lock of a SQLite catalog (re-entrant within a process)."""
    if catalog is None or fcntl is None:
        yield
        return
    key = str(catalog)
    if _LOCKS_HELD.get(key):
        _LOCKS_HELD[key] += 1
        try:
            yield
        finally:
            _LOCKS_HELD[key] -= 1
        return
    with open(f"{catalog}.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        _LOCKS_HELD[key] = 1
        try:
            yield
        finally:
            _LOCKS_HELD[key] = 0
            fcntl.flock(handle, fcntl.LOCK_UN)


def _httpfs_path() -> Path:
    """The httpfs extension, for data files on S3 or HTTP (an optional package)."""
    try:
        return extension_path("httpfs")
    except ImportError as exc:
        raise DatabaseError(
            "a DuckLake data path on S3/HTTP needs `pip install duckdb-extension-httpfs==1.5.5`"
        ) from exc


def _new_sqlite_catalog(path: Path) -> None:
    """Create an empty SQLite catalog file in WAL mode.

    In WAL mode readers never block the writer; a second writer gets "database is locked",
    which :func:`_retry` treats as a conflict.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA journal_mode=WAL")
    finally:
        con.close()


def lake_attach_sql(
    target: DuckLake, alias: str, read_only: bool = False, as_of: str | None = None
) -> str:
    """The ``ATTACH`` statement of a DuckLake target (extensions must be loaded).

    Args:
        target: The DuckLake.
        alias: Name of the attached catalog.
        read_only: Attach read-only.
        as_of: A snapshot id (digits) or a timestamp, for time travel.
    """

    def quote(text: str) -> str:
        return "'" + text.replace("'", "''") + "'"

    catalog = target.catalog
    if target.sqlite_path is not None:
        catalog = f"sqlite:{target.sqlite_path}"
    options = []
    data_path = target.data_path
    if data_path is not None:
        if "://" not in data_path:
            data_path = str(Path(data_path).expanduser().resolve())
        options.append(f"DATA_PATH {quote(data_path)}")
    if read_only:
        options.append("READ_ONLY")
    if as_of is not None:
        as_of = str(as_of).strip()
        if as_of.isdigit():
            options.append(f"SNAPSHOT_VERSION {int(as_of)}")
        else:
            options.append(f"SNAPSHOT_TIME {quote(as_of)}")
    suffix = f" ({', '.join(options)})" if options else ""
    return f"ATTACH {quote(DUCKLAKE_PREFIX + catalog)} AS {alias}{suffix}"


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


def _inline_or_bind(value: Any, params: list[Any]) -> str:
    """``value`` as an inline literal, or ``?`` with the value appended to ``params``."""
    literal = _inline(value)
    if literal is None:
        params.append(value)
        return "?"
    return literal


def _literals(sql: str, params: Sequence[Any]) -> tuple[str, list[Any]]:
    """Write the ``?`` parameters of ``sql`` inline where :func:`_inline` can.

    ``sql`` must have no ``?`` other than its placeholders. Returns the new statement and
    the parameters still to bind.
    """
    pieces = sql.split("?")
    if len(pieces) != len(params) + 1:
        raise ValueError("one parameter per ? expected")
    left: list[Any] = []
    out = [pieces[0]]
    for value, piece in zip(params, pieces[1:], strict=True):
        out.append(_inline_or_bind(value, left) + piece)
    return "".join(out), left


def _ids(values: Sequence[int]) -> str:
    """A parenthesised list of integer ids for ``IN``, written inline (never empty)."""
    return "(" + (", ".join(str(int(v)) for v in values) or "NULL") + ")"


def _strings(values: Sequence[str]) -> str:
    """A parenthesised list of string literals for ``IN`` (hex hashes), never empty."""
    return "(" + (", ".join("'" + v.replace("'", "''") + "'" for v in values) or "NULL") + ")"


def _vector_sql(vector: np.ndarray | None, vector_type: str = f"FLOAT[{DIMENSIONS}]") -> _Sql:
    """A vector literal (or NULL) to write inline: ``FLOAT[384]``, or ``FLOAT[]`` on a lake."""
    return _Sql("NULL" if vector is None else f"'{_vector_text(vector)}'::{vector_type}")


@dataclass(frozen=True)
class PairGroup:
    """Pairs of one issue (or across a topic's issues): counts and the strongest ones."""

    topic_id: int
    across: bool
    """Pairs whose claims sit in different issues (``issue_id`` is then None)."""
    issue_id: int | None
    """The issue; None for pairs between claims outside any issue, or across issues."""
    n_pairs: int
    n_contradictions: int
    strongest: tuple[ClaimPair, ...]


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
    """A claims database in one DuckDB file, or in a DuckLake.

    Use :meth:`open`; close with :meth:`close` or a ``with`` block.
    """

    def __init__(
        self, con: duckdb.DuckDBPyConnection, path: str, read_only: bool, lake: bool = False
    ) -> None:
        self.con = con
        self.path = path
        self.read_only = read_only
        #: True on a DuckLake: no keys, ``FLOAT[]`` vectors, serialised writers.
        self.lake = lake
        self._vector_type = "FLOAT[]" if lake else f"FLOAT[{DIMENSIONS}]"
        self._writer_ready = False
        self._catalog_file: Path | None = None  # a DuckLake's SQLite catalog
        # Claim vectors never change once stored: linking reads them many times per ingest.
        self._vectors: dict[int, np.ndarray] = {}
        self._next_ids: dict[str, int] | None = None  # inside a transaction: table -> next id
        self._loaded: set[str] = set()
        self._attached: str | None = None  # access mode of the attached search index
        self._index_parts: dict[str, int] = {}  # its usable parts -> max claim_id covered
        self._ef_search = HNSW_EF_SEARCH
        # Topic rows as last written, while linking reads them once per document.
        self._topics: dict[int, TopicRow] | None = None

    def forget_cached(self) -> None:
        """Drop cached vectors, topic rows and next ids (after a rollback, or SQL by hand)."""
        self._vectors.clear()
        self._topics = None
        if self._next_ids is not None:
            self._next_ids.clear()

    # ------------------------------------------------------------------ lifecycle
    @classmethod
    def open(
        cls,
        path: Location,
        read_only: bool = False,
        migrate_to: int | None = None,
        as_of: str | None = None,
    ) -> Store:
        """Open (creating if needed) a claims database and apply pending migrations.

        Args:
            path: The DuckDB file, or a DuckLake target (see :func:`location`).
            read_only: Open without write access (the file must exist).
            migrate_to: Stop after this migration (tests of migrations use it).
            as_of: DuckLake only, read-only: a snapshot id, or a timestamp, to read the
                database as it was then.

        Raises:
            DatabaseLockedError: Another process is writing to it.
            DatabaseError: The file is missing (read-only), not a DuckDB database, or
                from a newer version of claims; or time travel on a DuckDB file.
        """
        target = location(path)
        if isinstance(target, DuckLake):
            store = cls._open_lake(target, read_only, as_of)
        else:
            if as_of is not None:
                raise DatabaseError(
                    "time travel (--as-of) needs a DuckLake database (ducklake:...)"
                )
            store = cls._open_file(str(target), read_only)
        if as_of is not None:  # the past is read as it was, whatever its schema version
            return store
        if read_only and migrate_to is None and store._needs_migrations():
            # A database from an older claims: upgraded once (with a backup of a file),
            # then read as asked.
            store.con.close()
            cls.open(path).close()
            return cls.open(path, read_only=True)
        try:
            store._migrate(migrate_to)
        except BaseException:
            store.con.close()
            raise
        return store

    def _needs_migrations(self) -> bool:
        try:
            applied = self.schema_version()
        except BaseException:
            self.con.close()
            raise
        return applied < max((v for v, _, _ in migrations()), default=0) and applied > 0

    @classmethod
    def _open_file(cls, path: str, read_only: bool) -> Store:
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
        return cls(con, path, read_only)

    @classmethod
    def _open_lake(cls, target: DuckLake, read_only: bool, as_of: str | None) -> Store:
        if as_of is not None and not read_only:
            raise DatabaseError("time travel (--as-of) is read-only")
        sqlite_file = target.sqlite_path
        new_sqlite = sqlite_file is not None and not sqlite_file.exists()
        if new_sqlite and read_only:
            raise DatabaseError(f"no DuckLake catalog at {sqlite_file}; ingest first")
        if new_sqlite and target.data_path is None:  # a new SQLite catalog: files beside it
            target = DuckLake(target.catalog, f"{sqlite_file}.files")
        con = duckdb.connect(config=_DUCKDB_CONFIG)
        try:
            for name in ("ducklake", f"{target.kind}_scanner"):
                con.execute(f"LOAD '{extension_path(name)}'")
            if target.data_path and "://" in target.data_path:
                con.execute(f"LOAD '{_httpfs_path()}'")
            if new_sqlite:
                _new_sqlite_catalog(sqlite_file)
            attach = lake_attach_sql(target, _LAKE_ALIAS, read_only=read_only, as_of=as_of)
            _retry(lambda: con.execute(attach), creating=True)
            con.execute(f"USE {_LAKE_ALIAS}")
        except duckdb.Error as exc:
            con.close()
            message = _one_line(exc)
            if "data_path" in message.lower() or "data path" in message.lower():
                message += " (give --data-path or CLAIMS_DATA_PATH when creating a DuckLake)"
            raise DatabaseError(f"cannot open DuckLake {target}: {message}") from exc
        except BaseException:
            con.close()
            raise
        store = cls(con, str(target), read_only, lake=True)
        store._catalog_file = sqlite_file
        return store

    def close(self) -> None:
        """Close the connection (checkpointing a search index attached for writing)."""
        try:
            self.detach_search_index()
        finally:
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
            if name in self._loaded:
                continue
            try:
                self.con.execute(f"LOAD '{extension_path(name)}'")
                self._loaded.add(name)
            except duckdb.Error as exc:  # pragma: no cover - install problem
                raise DatabaseError(
                    f"cannot load the DuckDB {name} extension: {_one_line(exc)}"
                ) from exc

    def _migrate(self, migrate_to: int | None = None) -> None:
        if self.lake:
            # Several processes may open a new DuckLake at once: the losers try again.
            _retry(lambda: self._migrate_once(migrate_to), creating=True)
            self._writer_ready = self._has_table("claims_writer")
        else:
            self._migrate_once(migrate_to)

    def _migrate_once(self, migrate_to: int | None) -> None:
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
        if applied > 0 and not self.lake and Path(self.path).exists():
            # The user's database is precious: keep a copy from before the upgrade.
            self.con.execute("CHECKPOINT")
            shutil.copy2(self.path, f"{self.path}.v{applied}.bak")
        if self.lake:
            self._create_lake_bookkeeping()
        else:
            self.con.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                "version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
                "applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
            )
        for version, name, sql in pending:
            with self.transaction():
                self.con.execute(ducklake_ddl(sql) if self.lake else sql)
                self.con.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name]
                )

    def _create_lake_bookkeeping(self) -> None:
        """Create ``schema_migrations`` and the ``claims_writer`` token row on a DuckLake."""
        if self._has_table("claims_writer"):
            self._writer_ready = True
            return
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.con.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL, "
                "name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
            )
            self.con.execute("CREATE TABLE claims_writer (writes BIGINT NOT NULL)")
            self.con.execute("INSERT INTO claims_writer VALUES (0)")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")
        self._writer_ready = True

    def _has_table(self, name: str) -> bool:
        return bool(
            self.con.execute(  # inline: binding costs a failed pandas import (see _inline)
                *_literals(
                    "SELECT count(*) FROM information_schema.tables "
                    "WHERE table_catalog = current_database() AND table_name = ?",
                    [name],
                )
            ).fetchone()[0]
        )

    def schema_version(self) -> int:
        """The newest migration applied to this database (0 for a new file)."""
        if not self._has_table("schema_migrations"):
            tables = self.con.execute(
                "SELECT count(*) FROM information_schema.tables "
                "WHERE table_catalog = current_database() AND table_name <> 'claims_writer'"
            ).fetchone()
            if tables[0]:
                raise DatabaseError(f"{self.path} is a DuckDB file but not a claims database")
            return 0
        return self.con.execute(
            "SELECT coalesce(max(version), 0) FROM schema_migrations"
        ).fetchone()[0]

    @contextmanager
    def threads(self, n: int) -> Iterator[None]:
        """Let DuckDB use at most ``n`` threads inside the block (then as before)."""
        before = self.con.execute("SELECT current_setting('threads')").fetchone()[0]
        self.con.execute(f"SET threads = {int(n)}")
        try:
            yield
        finally:
            self.con.execute(f"SET threads = {int(before)}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run a block in one transaction: all of it is written, or none.

        On a DuckLake the block claims the writer token first, so a concurrent writer makes
        the commit fail with a conflict; :meth:`write` tries the whole unit of work again.
        """
        self.con.execute("BEGIN TRANSACTION")
        self._next_ids = {}
        try:
            if self.lake and self._writer_ready and not self.read_only:
                self.con.execute("UPDATE claims_writer SET writes = writes + 1")
            yield
        except BaseException:
            self._next_ids = None
            self.con.execute("ROLLBACK")
            self.forget_cached()
            raise
        self._next_ids = None
        self.con.execute("COMMIT")

    def write(self, work: Callable[[], _T]) -> _T:
        """Run ``work`` in one transaction; on a DuckLake write conflict run it again.

        ``work`` must read what it depends on inside the transaction (it may run several
        times, each time on a newer snapshot). Pauses grow exponentially with jitter.

        Raises:
            DatabaseError: Still conflicting after :data:`WRITE_ATTEMPTS` tries.
        """

        def once() -> _T:
            try:
                with _machine_lock(self._catalog_file), self.transaction():
                    return work()
            except BaseException:
                # Claim ids of a rolled-back attempt are handed out again: forget their vectors.
                self.forget_cached()
                raise

        return _retry(once) if self.lake else once()

    # ------------------------------------------------------------------ documents
    def known_hashes(self, hashes: Sequence[str]) -> set[str]:
        """Return which of these content hashes are already stored."""
        if not hashes:
            return set()
        rows = self.con.execute(
            f"SELECT content_hash FROM documents WHERE content_hash IN {_strings(hashes)}"
        ).fetchall()
        return {r[0] for r in rows}

    def _next_id(self, table: str, column: str, count: int = 1) -> int:
        """The first of ``count`` new ids for a table (``max + 1``).

        Inside :meth:`transaction`, the table's maximum is read once and the ids handed out
        are counted here (an ingest asks for ids several times per document): every insert
        of new ids goes through this method, or through :meth:`_took_id`.
        """
        cached = None if self._next_ids is None else self._next_ids.get(table)
        first = (
            cached
            or self.con.execute(f"SELECT coalesce(max({column}), 0) + 1 FROM {table}").fetchone()[0]
        )
        if self._next_ids is not None:
            self._next_ids[table] = first + count
        return first

    def _took_id(self, table: str, taken: int) -> None:
        """An id was inserted without :meth:`_next_id`: never hand it out again."""
        if self._next_ids is not None and table in self._next_ids:
            self._next_ids[table] = max(self._next_ids[table], taken + 1)

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
        first = self._next_id("claims", "claim_id", len(claims))
        rows = []
        for n, claim in enumerate(claims):
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
                    model_id,
                ]
            )
        if rows:
            self._insert_claim_rows(rows, vectors)
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

    def _insert_claim_rows(self, rows: list[list[Any]], vectors: np.ndarray) -> None:
        """Insert claim rows (every column but ``embedding``) with their vectors.

        The vectors go in as numpy arrays that DuckDB scans by variable name (one value
        per row and dimension, regrouped by ``array_agg``), twice as fast as writing 384
        floats per claim as text for DuckDB to parse again.
        """
        import numpy as np

        matrix = np.asarray(vectors, dtype=np.float32)
        if matrix.ndim != 2 or len(matrix) != len(rows):  # pragma: no cover - caller bug
            raise ValueError("one vector per claim row expected")
        n, dims = matrix.shape
        claim_vectors = {  # noqa: F841 - read by DuckDB's replacement scan, by this name
            "n": np.repeat(np.arange(n, dtype=np.int64), dims),
            "j": np.tile(np.arange(dims, dtype=np.int64), n),
            "x": np.ascontiguousarray(matrix).ravel(),
        }
        params: list[Any] = []
        values = ", ".join(
            f"({k}, " + ", ".join(_inline_or_bind(v, params) for v in row) + ")"
            for k, row in enumerate(rows)
        )
        columns = (
            "claim_id, doc_id, speaker, party, cue, kind, text, start_char, end_char,"
            " speaker_start, speaker_end, cue_start, cue_end, text_hash"
        )
        self.con.execute(
            f"INSERT INTO claims ({columns}, embedding, embedding_model) "
            f"SELECT {', '.join('v.' + c.strip() for c in columns.split(','))}, e.embedding, "
            f"v.embedding_model FROM (VALUES {values}) v(n, {columns}, embedding_model) "
            "JOIN (SELECT n, array_agg(x ORDER BY j)::"
            f"{self._vector_type} AS embedding FROM claim_vectors GROUP BY n) e USING (n)",
            params,
        )

    def _insert_many(self, head: str, rows: Sequence[Sequence[Any]], batch: int = 500) -> None:
        """Insert rows with one multi-row VALUES statement per batch.

        DuckDB's ``executemany`` runs one statement per row, and every bound parameter
        costs a failed pandas import (see :func:`_inline`): values are written inline.
        """
        for start in range(0, len(rows), batch):
            parts: list[str] = []
            params: list[Any] = []
            for row in rows[start : start + batch]:
                parts.append("(" + ", ".join(_inline_or_bind(v, params) for v in row) + ")")
            self.con.execute(head + ", ".join(parts), params)

    def add_appearance(self, claim_id: int, doc_id: int, claim: Claim, document: Document) -> None:
        """Record another place where a stored claim was published.

        When this appearance is earlier than the claim's first one, the claim's document
        and offsets move to it (``claims.doc_id`` always points at the first appearance).
        """
        self.add_appearances(doc_id, [(claim_id, claim)], document)

    def add_appearances(
        self,
        doc_id: int,
        found: Sequence[tuple[int, Claim]],
        document: Document,
        *,
        new_document: bool = False,
    ) -> list[int]:
        """Record appearances of stored claims in one document, as :meth:`add_appearance`.

        Args:
            doc_id: The document they appear in.
            found: ``(stored claim id, the claim as extracted from this document)``.
            document: The document.
            new_document: The document was added in this transaction, so none of these
                appearances can be stored yet (a plain insert, twice as fast).

        Returns:
            Ids of the claims whose first appearance moved to this document.
        """
        if not found:
            return []
        latest = dict(found)  # a claim found twice: the later match wins, as one by one
        first_seen: dict[tuple[int, int], Claim] = {}  # one row per primary key
        for claim_id, claim in found:
            first_seen.setdefault((claim_id, claim.content.start), claim)
        rows = [
            [cid, doc_id, start, c.content.end, document.outlet, document.published, document.url]
            for (cid, start), c in first_seen.items()
        ]
        if self.lake:  # no primary key to ignore duplicates against
            for row in rows:
                self.con.execute(
                    "INSERT INTO appearances (claim_id, doc_id, start_char, end_char, outlet,"
                    " published, url) SELECT $1, $2, $3, $4, $5, $6, $7 WHERE NOT EXISTS"
                    " (SELECT 1 FROM appearances WHERE claim_id = $1 AND doc_id = $2"
                    " AND start_char = $3)",
                    row,
                )
        else:
            self._insert_many(
                ("INSERT" if new_document else "INSERT OR IGNORE")
                + " INTO appearances (claim_id, doc_id, start_char, end_char,"
                " outlet, published, url) VALUES ",
                rows,
            )
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
            sql, params = _literals(
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
            self.con.execute(sql, params)
        return moved

    def appearances(self, claim_ids: Sequence[int]) -> dict[int, list[tuple[Any, ...]]]:
        """Claim id -> its appearances, earliest first.

        Each appearance is ``(doc_id, start_char, end_char, outlet, published, url)``.
        """
        rows = self.con.execute(
            "SELECT claim_id, doc_id, start_char, end_char, outlet, published, url "
            f"FROM appearances WHERE claim_id IN {_ids(claim_ids)} "  # inline: see _inline
            "ORDER BY claim_id, published NULLS LAST, doc_id"
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

    def search(
        self, vector: np.ndarray, limit: int = 10, exact: bool = False
    ) -> list[tuple[StoredClaim, float]]:
        """Claims nearest to a query vector by cosine similarity, most similar first.

        With the search index attached (:meth:`attach_search_index`) and holding vectors,
        the HNSW index finds the indexed claims' nearest neighbours and an exact scan covers
        the claims stored after the index was last updated; otherwise (or with ``exact``)
        every claim is compared.

        Args:
            vector: The query vector (unit length, like the stored ones).
            limit: How many claims to return.
            exact: Compare every claim (the reference the index is measured against).
        """
        literal = _vector_literal(vector)
        limit = int(limit)
        top = None if exact else self._index_parts.get("vectors")
        if self.lake:  # DuckLake stores FLOAT[] lists and has no vector index: a scan
            ids = self.con.execute(
                f"SELECT claim_id FROM claims WHERE embedding IS NOT NULL ORDER BY "
                f"list_cosine_similarity(embedding, '{_vector_text(vector)}'::FLOAT[]) DESC, "
                f"claim_id LIMIT {limit}"
            ).fetchall()
        elif top is None:
            ids = self.con.execute(
                f"SELECT claim_id FROM claims WHERE embedding IS NOT NULL "
                f"ORDER BY array_cosine_similarity(embedding, {literal}) DESC, claim_id "
                f"LIMIT {limit}"
            ).fetchall()
        else:
            # DuckDB uses the HNSW index only for ORDER BY array_cosine_distance(column,
            # literal) LIMIT k (a bound parameter instead of the literal is several times
            # slower), and only the claim id is selected: projecting the embedding or the
            # distance makes DuckDB 1.5 read every row's embedding again.
            if limit > self._ef_search:
                self.set_ef_search(limit)
            ids = self.con.execute(
                f"SELECT claim_id FROM {_SIDX}.vectors "
                f"ORDER BY array_cosine_distance(embedding, {literal}) LIMIT {limit}"
            ).fetchall()
            # Claims stored since the index was last updated (none, usually: with the bound
            # written in, DuckDB skips every block by its min/max claim_id).
            ids += self.con.execute(
                f"SELECT claim_id FROM claims WHERE claim_id > {int(top)} "
                f"AND embedding IS NOT NULL "
                f"ORDER BY array_cosine_similarity(embedding, {literal}) DESC, claim_id "
                f"LIMIT {limit}"
            ).fetchall()
        import numpy as np

        query = np.asarray(vector, dtype=np.float64)
        query = query / (np.linalg.norm(query) or 1.0)
        scored = []
        for claim, embedding in self._claims_by_id([r[0] for r in ids]).values():
            stored = np.asarray(embedding, dtype=np.float64)
            scored.append((claim, float(query @ stored / (np.linalg.norm(stored) or 1.0))))
        scored.sort(key=lambda hit: (-hit[1], hit[0].claim_id))
        return scored[:limit]

    def _claims_by_id(self, ids: Sequence[int]) -> dict[int, tuple[StoredClaim, Any]]:
        """Claim id -> (claim, its embedding) for a few ids (search hits)."""
        if not ids:
            return {}
        id_list = ", ".join(str(int(i)) for i in ids)  # a literal list lets DuckDB skip blocks
        rows = self.con.execute(
            "SELECT c.claim_id, c.doc_id, c.text, c.speaker, c.party, c.cue, c.kind, c.topic_id,"
            " d.outlet, d.url, d.published, c.issue_id, c.embedding"
            # LEFT JOIN (every claim has its document) keeps claims the probe side: with an
            # inner join DuckDB may hash the claims table, embeddings and all.
            f" FROM claims c LEFT JOIN documents d USING (doc_id) WHERE c.claim_id IN ({id_list})"
        ).fetchall()
        return {row[0]: (StoredClaim(*row[:-1]), row[-1]) for row in rows}

    def keyword_search(self, text: str, limit: int = 10) -> list[tuple[StoredClaim, float]]:
        """Claims matching the words of ``text``, best BM25 score first.

        Needs the search index attached with its keyword part (see
        :meth:`build_keyword_index`); claims stored after that part was built are not found.

        Raises:
            DatabaseError: The search index has no keyword part.
        """
        if "texts" not in self._index_parts:
            raise DatabaseError(
                "the keyword index is missing; run `claims index` (--rebuild if it fails)"
            )
        rows = self.con.execute(
            f"SELECT claim_id, score FROM (SELECT claim_id, "
            f"{_SIDX}.fts_main_texts.match_bm25(claim_id, ?) AS score FROM {_SIDX}.texts) "
            "WHERE score IS NOT NULL ORDER BY score DESC, claim_id LIMIT ?",
            [text, limit],
        ).fetchall()
        found = self._claims_by_id([r[0] for r in rows])
        return [(found[cid][0], float(score)) for cid, score in rows if cid in found]

    # ------------------------------------------------------------------ search index
    def search_index_path(self) -> Path | None:
        """The search index file beside the database (None for an in-memory database)."""
        if self.lake or not self.path or self.path.startswith(":memory:"):
            return None  # a DuckLake has no file beside it: search scans
        return Path(f"{self.path}{SEARCH_INDEX_SUFFIX}")

    def attach_search_index(self, write: bool = False, vss: bool = True) -> bool:
        """Attach the search index file (``<database>.search``) to this connection.

        The HNSW and BM25 indexes live in that file, never in the database itself: a table
        with an HNSW index cannot be written (nor, in DuckDB 1.5, altered by a migration)
        by a connection that has not loaded vss, and vss persistence is experimental (its
        WAL recovery is incomplete). Everything in the file is derived from the database,
        so it can be deleted at any time; :meth:`search` then scans every claim.

        Args:
            write: Open it for writing, creating it if needed (to build or update indexes).
            vss: Load the vss extension (not needed to read the keyword part).

        Returns:
            Whether the file is attached; False when reading and the file is missing, in
            use by a writer, or unreadable.

        Raises:
            DatabaseLockedError: ``write`` and another process has the file open.
            DatabaseError: ``write`` and the file cannot be opened (delete it).
        """
        self.detach_search_index()
        path = self.search_index_path()
        if path is None or (not write and not path.exists()):
            return False
        self.load_extensions(("vss", "fts") if vss or write else ("fts",))
        if write:
            self.con.execute("SET hnsw_enable_experimental_persistence = true")
        quoted = str(path).replace("'", "''")
        mode = "READ_WRITE" if write else "READ_ONLY"
        try:
            self.con.execute(f"ATTACH '{quoted}' AS {_SIDX} ({mode})")
        except duckdb.Error as exc:
            if not write:
                return False
            message = _one_line(exc)
            if "lock" in message.lower():
                raise DatabaseLockedError(
                    f"search index {path} is in use by another process; try again"
                ) from exc
            raise DatabaseError(
                f"cannot open the search index {path} ({message}); rebuild it with "
                "`claims index --rebuild`"
            ) from exc
        self._attached = mode
        if write:
            self.con.execute(
                f"CREATE TABLE IF NOT EXISTS {_SIDX}.meta (part VARCHAR PRIMARY KEY, "
                "n_claims BIGINT NOT NULL, max_claim_id BIGINT NOT NULL, last_hash VARCHAR, "
                "settings VARCHAR, built_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
            )
        self._index_parts = self._valid_parts()
        if "vss" not in self._loaded:
            self._index_parts.pop("vectors", None)  # readable, but not searchable, without vss
        if "vectors" in self._index_parts:
            self.set_ef_search(HNSW_EF_SEARCH)
        return True

    def delete_search_index(self) -> None:
        """Detach and delete the search index file (it holds nothing but indexes)."""
        self.detach_search_index()
        path = self.search_index_path()
        if path is not None:
            for leftover in (path, Path(f"{path}.wal")):
                leftover.unlink(missing_ok=True)

    def detach_search_index(self) -> None:
        """Detach the search index file (writes are checkpointed into it first)."""
        if self._attached is None:
            return
        if self._attached == "READ_WRITE":
            self.con.execute(f"CHECKPOINT {_SIDX}")
        self.con.execute(f"DETACH {_SIDX}")
        self._attached = None
        self._index_parts = {}

    def set_ef_search(self, ef_search: int) -> None:
        """Size of the HNSW candidate list for the following searches (recall vs speed).

        A search for more claims than this widens it to the number asked for.
        """
        self._ef_search = int(ef_search)
        self.con.execute(f"SET hnsw_ef_search = {self._ef_search}")

    def _restart_part(self, part: str) -> int:
        """Forget a part of the (writable) search index before rebuilding it.

        Returns:
            The highest claim id now stored: the rebuilt part covers the claims up to it.
        """
        self._require_writable_index()
        top = self._watermark()[1]
        self.con.execute(f"DELETE FROM {_SIDX}.meta WHERE part = ?", [part])
        self._index_parts.pop(part, None)
        return top

    def _watermark(self, top: int | None = None) -> tuple[int, int, str | None]:
        """``(claims, max claim_id, its text_hash)`` of claims up to ``top`` (all: None)."""
        where = "" if top is None else "WHERE claim_id <= ?"
        n, high = self.con.execute(
            f"SELECT count(*), coalesce(max(claim_id), 0) FROM claims {where}",
            [] if top is None else [top],
        ).fetchone()
        row = self.con.execute("SELECT text_hash FROM claims WHERE claim_id = ?", [high]).fetchone()
        return n, high, row[0] if row else None

    def _valid_parts(self) -> dict[str, int]:
        """Parts of the attached index that match this database: part -> max claim_id.

        A part matches when the claims up to its ``max_claim_id`` are the ones it was built
        from (same count, same last claim): claims are never deleted nor their vectors
        changed, so only newer claims can be missing from it. A search index left from
        another database of the same name does not match.
        """
        try:
            meta = self.con.execute(
                f"SELECT part, n_claims, max_claim_id, last_hash FROM {_SIDX}.meta"
            ).fetchall()
        except duckdb.Error:
            return {}
        tables = {
            r[0]
            for r in self.con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = ?", [_SIDX]
            ).fetchall()
        }
        parts = {}
        for part, n, top, last_hash in meta:
            if part in tables and self._watermark(top) == (n, top, last_hash):
                parts[part] = top
        return parts

    def search_index_status(self) -> dict[str, int | None]:
        """Claims in the database and claims covered by each part of the attached index.

        Returns:
            ``{"claims": n, "vectors": n or None, "texts": n or None}``; None means the part
            is missing (or was built from another database).
        """
        total = self._watermark()[0]
        status: dict[str, int | None] = {"claims": total, "vectors": None, "texts": None}
        for part, top in self._index_parts.items():
            status[part] = self._watermark(top)[0]
        return status

    def _record_part(self, part: str, top: int, settings: str) -> None:
        n, high, last_hash = self._watermark(top)
        self.con.execute(
            f"INSERT OR REPLACE INTO {_SIDX}.meta (part, n_claims, max_claim_id, last_hash, "
            "settings) VALUES (?, ?, ?, ?, ?)",
            [part, n, high, last_hash, settings],
        )
        self._index_parts[part] = high

    def _require_writable_index(self) -> None:
        if self._attached != "READ_WRITE":
            raise DatabaseError("attach the search index for writing first")

    def build_vector_index(
        self, m: int = HNSW_M, ef_construction: int = HNSW_EF_CONSTRUCTION
    ) -> int:
        """(Re)build the HNSW index of claim embeddings (cosine) in the search index.

        Args:
            m: Links per graph node.
            ef_construction: Candidate list size while building.

        Returns:
            The number of vectors indexed.
        """
        top = self._restart_part("vectors")
        self.con.execute(f"DROP TABLE IF EXISTS {_SIDX}.vectors")
        self.con.execute(
            f"CREATE TABLE {_SIDX}.vectors (claim_id BIGINT NOT NULL, "
            f"embedding FLOAT[{DIMENSIONS}] NOT NULL)"
        )
        self.con.execute(
            f"INSERT INTO {_SIDX}.vectors SELECT claim_id, embedding FROM claims "
            "WHERE claim_id <= ? AND embedding IS NOT NULL ORDER BY claim_id",
            [top],
        )
        self.con.execute(
            f"CREATE INDEX vectors_hnsw ON {_SIDX}.vectors USING HNSW (embedding) "
            f"WITH (metric = 'cosine', M = {int(m)}, ef_construction = {int(ef_construction)})"
        )
        self._record_part("vectors", top, f"M={int(m)} ef_construction={int(ef_construction)}")
        self.con.execute(f"CHECKPOINT {_SIDX}")
        self.set_ef_search(HNSW_EF_SEARCH)
        return self.con.execute(f"SELECT count(*) FROM {_SIDX}.vectors").fetchone()[0]

    def update_vector_index(self) -> int:
        """Add claims stored since the HNSW index was built or updated (builds it if missing).

        Returns:
            The number of vectors added.
        """
        self._require_writable_index()
        previous = self._index_parts.get("vectors")
        if previous is None:
            return self.build_vector_index()
        top = self._watermark()[1]
        if top == previous:
            return 0
        added = self.con.execute(
            f"INSERT INTO {_SIDX}.vectors SELECT claim_id, embedding FROM claims "
            "WHERE claim_id > ? AND claim_id <= ? AND embedding IS NOT NULL ORDER BY claim_id",
            [previous, top],
        ).fetchone()[0]
        settings = self.con.execute(
            f"SELECT settings FROM {_SIDX}.meta WHERE part = 'vectors'"
        ).fetchone()[0]
        self._record_part("vectors", top, settings)
        self.con.execute(f"CHECKPOINT {_SIDX}")
        return added

    def build_keyword_index(self) -> int:
        """(Re)build the BM25 (fts) index of claim texts in the search index.

        DuckDB's full-text indexes do not follow changes to their table, so this copies
        the claim texts and indexes them anew (English stemmer and stop words).

        Returns:
            The number of claims indexed.
        """
        top = self._restart_part("texts")
        self.con.execute(
            f"CREATE OR REPLACE TABLE {_SIDX}.texts AS SELECT claim_id, text FROM claims "
            "WHERE claim_id <= ? ORDER BY claim_id",
            [top],
        )
        self.con.execute(
            f"PRAGMA create_fts_index('{_SIDX}.main.texts', 'claim_id', 'text', overwrite = 1)"
        )
        self._record_part("texts", top, "stemmer=porter stopwords=english")
        self.con.execute(f"CHECKPOINT {_SIDX}")
        return self.con.execute(f"SELECT count(*) FROM {_SIDX}.texts").fetchone()[0]

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
        if self.lake:  # no primary key or UPDATE ... RETURNING: delete and insert
            topic_id = topic.topic_id or self._next_id("topics", "topic_id")
            self._took_id("topics", topic_id)
            centroid = None if topic.centroid is None else _vector_text(topic.centroid)
            self.con.execute("DELETE FROM topics WHERE topic_id = ?", [topic_id])
            self.con.execute(
                "INSERT INTO topics (topic_id, label, n_claims, centroid, entities,"
                " first_date, last_date) VALUES (?, ?, ?, ?::FLOAT[], ?, ?, ?)",
                [
                    topic_id,
                    topic.label,
                    topic.n_claims,
                    centroid,
                    list(topic.entities),
                    topic.first_date,
                    topic.last_date,
                ],
            )
            if self._topics is not None:
                self._topics[topic_id] = replace(topic, topic_id=topic_id)
            return topic_id
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
            self._took_id("topics", topic_id)
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

    def most_disputed_topics(self, limit: int | None = None) -> tuple[list[Topic], int]:
        """Topics with the most contradiction pairs first, then the largest.

        Args:
            limit: At most this many topics (None: all).

        Returns:
            The topics, and how many topics there are in all.
        """
        total = self.con.execute("SELECT count(*) FROM topics").fetchone()[0]
        rows = self.con.execute(
            "SELECT t.topic_id, t.label, t.n_claims FROM topics t LEFT JOIN ("
            "  SELECT c.topic_id, count(*) AS n FROM claim_pairs p"
            "  JOIN claims c ON c.claim_id = p.claim_a"
            "  WHERE p.relation = 'contradiction' GROUP BY c.topic_id"
            ") d ON d.topic_id = t.topic_id "
            "ORDER BY coalesce(d.n, 0) DESC, t.n_claims DESC, t.topic_id "
            + ("" if limit is None else f"LIMIT {int(limit)}")
        ).fetchall()
        return [Topic(*r) for r in rows], total

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
            *_literals(
                "INSERT INTO issues (issue_id, topic_id, label) VALUES (?, ?, ?)",
                [issue_id, topic_id, label],
            )
        )
        return issue_id

    def next_issue_id(self) -> int:
        """The id the next new issue will get (for :meth:`add_issues`)."""
        return self._next_id("issues", "issue_id", 0)

    def add_issues(self, topic_id: int, first_id: int, labels: Sequence[str]) -> list[int]:
        """Open several issues of a topic in one statement, numbered from ``first_id``.

        A caller that decides issue by issue (:func:`claims.link.assign_issues`) numbers
        them from :meth:`next_issue_id` and writes them all at the end.

        Returns:
            Their ids, in order.
        """
        ids = [first_id + k for k in range(len(labels))]
        if ids:
            self._insert_many(
                "INSERT INTO issues (issue_id, topic_id, label) VALUES ",
                [[i, topic_id, label] for i, label in zip(ids, labels, strict=True)],
            )
            self._took_id("issues", ids[-1])
        return ids

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
        self.con.execute(
            f"UPDATE claims SET topic_id = {int(topic_id)}, issue_id = NULL "
            f"WHERE claim_id IN {_ids(claim_ids)}"
        )
        self._drop_pairs_of(claim_ids)

    def delete_claims(self, claim_ids: Sequence[int]) -> None:
        """Remove claims with their appearances and pairs; recount topics and issues.

        A topic left without claims goes too. The search index keeps the claims' vectors
        until ``claims index --rebuild``; searches skip them.
        """
        ids = _ids(claim_ids)
        touched = [
            r[0]
            for r in self.con.execute(
                f"SELECT DISTINCT topic_id FROM claims WHERE claim_id IN {ids} "
                "AND topic_id IS NOT NULL"
            ).fetchall()
        ]
        self._drop_pairs_of(claim_ids)
        self.con.execute(f"DELETE FROM appearances WHERE claim_id IN {ids}")
        self.con.execute(f"DELETE FROM claims WHERE claim_id IN {ids}")
        for claim_id in claim_ids:
            self._vectors.pop(int(claim_id), None)
        self.refresh_topic_counts()
        if touched:
            self.con.execute(
                f"DELETE FROM topics WHERE n_claims = 0 AND topic_id IN {_ids(touched)}"
            )

    def _drop_pairs_of(self, claim_ids: Sequence[int]) -> None:
        """Delete every claim pair that involves one of these claims."""
        ids = _ids(claim_ids)  # inline: a bound list costs a failed pandas import per id
        self.con.execute(f"DELETE FROM claim_pairs WHERE claim_a IN {ids} OR claim_b IN {ids}")

    def delete_topic(self, topic_id: int) -> None:
        """Remove a topic row (its claims must have moved)."""
        self._topics = None
        self.con.execute("DELETE FROM topics WHERE topic_id = ?", [topic_id])

    def claim(self, claim_id: int) -> StoredClaim | None:
        """One claim by id."""
        rows = self._claim_rows("c.claim_id = ?", [claim_id])
        return rows[0] if rows else None

    def claim_source(self, claim_id: int) -> tuple[Any, ...] | None:
        """Where a claim was first published, to show it in its passage.

        Returns:
            ``(text, title, start_char, end_char, speaker_start, speaker_end, cue_start,
            cue_end)`` of the claim's first document, or None for an unknown claim.
        """
        return self.con.execute(
            "SELECT d.text, d.title, c.start_char, c.end_char, c.speaker_start, c.speaker_end,"
            " c.cue_start, c.cue_end FROM claims c JOIN documents d USING (doc_id)"
            " WHERE c.claim_id = ?",
            [claim_id],
        ).fetchone()

    def pairs_of_claim(self, claim_id: int) -> list[ClaimPair]:
        """The contradiction and agreement pairs a claim is in, strongest first."""
        rows = self.con.execute(
            "SELECT claim_a, claim_b, relation, score, reason FROM claim_pairs"
            " WHERE claim_a = ? OR claim_b = ? ORDER BY relation, score DESC, claim_a, claim_b",
            [claim_id, claim_id],
        ).fetchall()
        return [ClaimPair(*r) for r in rows]

    def claims_by_id(self, claim_ids: Sequence[int]) -> dict[int, StoredClaim]:
        """Claim id -> claim, for a few ids."""
        if not claim_ids:
            return {}
        return {c.claim_id: c for c in self._claim_rows(f"c.claim_id IN {_ids(claim_ids)}", [])}

    def verdicts_of_claim(self, claim_id: int) -> list[tuple[Any, ...]]:
        """Every verdict on a claim, newest first: ``(rating, note, reviewer, created_at)``."""
        return self.con.execute(
            "SELECT rating, note, reviewer, created_at FROM verdicts WHERE claim_id = ?"
            " ORDER BY verdict_id DESC",
            [claim_id],
        ).fetchall()

    # ------------------------------------------------------------------ pairs
    def add_pairs(self, pairs: Sequence[ClaimPair], *, new: bool = False) -> None:
        """Insert or replace claim pairs.

        Args:
            pairs: The pairs, each once.
            new: None of them can be stored yet (each has a claim that had no pairs):
                a plain insert, twice as fast as one that replaces.
        """
        if pairs and self.lake and not new:  # no primary key to replace on
            pairs = list({(p.claim_a, p.claim_b): p for p in pairs}.values())
            self.con.execute(
                "DELETE FROM claim_pairs WHERE EXISTS (SELECT 1 FROM (SELECT unnest($1) AS a,"
                " unnest($2) AS b) k WHERE k.a = claim_a AND k.b = claim_b)",
                [[p.claim_a for p in pairs], [p.claim_b for p in pairs]],
            )
        if pairs:
            verb = "INSERT" if self.lake or new else "INSERT OR REPLACE"
            self._insert_many(
                f"{verb} INTO claim_pairs (claim_a, claim_b, relation, score, reason) VALUES ",
                [[p.claim_a, p.claim_b, p.relation, p.score, p.reason] for p in pairs],
            )

    def pairs_in_topic(self, topic_id: int) -> list[ClaimPair]:
        """Claim pairs whose claims are in a topic, strongest first."""
        rows = self.con.execute(
            "SELECT p.claim_a, p.claim_b, p.relation, p.score, p.reason FROM claim_pairs p "
            "JOIN claims a ON a.claim_id = p.claim_a WHERE a.topic_id = ? "
            "ORDER BY p.relation, p.score DESC, p.claim_a, p.claim_b",
            [topic_id],
        ).fetchall()
        return [ClaimPair(*r) for r in rows]

    # ------------------------------------------------------------------ report digests
    # The text and Markdown reports show a few issues, pairs and claims of each topic: these
    # read just those, and the counts of the rest, without loading every pair of a topic.

    def _pair_sides(self, topic_ids: Sequence[int]) -> str:
        """SQL of the pairs of some topics, with where each pair sits.

        Columns: ``topic_id`` (of the first claim), the pair's columns but ``reason``,
        ``inside`` (both claims have a party and share an issue, or are both outside any
        issue of the topic), ``across`` (their issues differ) and ``grp`` (for a pair
        inside, its issue as ``coalesce(issue_id, -topic_id)``).
        """
        # `key_a - key_b = 0`, not `key_a = key_b`: DuckDB turns an equality into a join
        # condition between the two claims (a many-to-many join on the issue, 20x slower).
        return (
            "SELECT a.topic_id, p.claim_a, p.claim_b, p.relation, p.score, "
            "  a.party IS NOT NULL AND b.party IS NOT NULL "
            "    AND coalesce(a.issue_id, -a.topic_id) - coalesce(b.issue_id, -b.topic_id) = 0"
            "    AS inside, "
            "  a.issue_id IS DISTINCT FROM "
            "    (CASE WHEN b.topic_id = a.topic_id THEN b.issue_id END) AS across, "
            "  CASE WHEN inside THEN coalesce(a.issue_id, -a.topic_id) END AS grp "
            "FROM claim_pairs p JOIN claims a ON a.claim_id = p.claim_a "
            "LEFT JOIN claims b ON b.claim_id = p.claim_b "
            f"WHERE a.topic_id IN {_ids(topic_ids)}"
        )

    def issue_parties(self, topic_ids: Sequence[int]) -> list[tuple[int, int | None, str, int]]:
        """``(topic_id, issue_id, label, n_parties)`` of some topics' issues.

        Only claims with a party count, as in the report's issue groups; ``issue_id`` None
        stands for a topic's claims with a party outside any issue.
        """
        return self.con.execute(
            "SELECT c.topic_id, c.issue_id, coalesce(any_value(i.label), ''), "
            "  count(DISTINCT c.party) FROM claims c "
            "LEFT JOIN issues i ON i.issue_id = c.issue_id "
            f"WHERE c.topic_id IN {_ids(topic_ids)} AND c.party IS NOT NULL "
            "GROUP BY c.topic_id, c.issue_id ORDER BY c.topic_id, c.issue_id NULLS FIRST"
        ).fetchall()

    def strongest_pairs(self, topic_ids: Sequence[int], per_group: int) -> list[PairGroup]:
        """Counts and strongest pairs of each issue, and across issues, of some topics.

        Strongest means contradictions first, then the highest score.

        A pair is inside an issue when both claims have a party and the same issue (or
        both none); across issues when its claims' issues differ.

        Args:
            topic_ids: The topics (a pair belongs to its first claim's topic).
            per_group: At most this many pairs per issue, and across issues per topic.
        """
        groups = self.con.execute(  # max_by(..., n): a top-n per group, no full sort
            f"WITH k AS ({self._pair_sides(topic_ids)}) "
            "SELECT topic_id, across, CASE WHEN grp > 0 THEN grp END, count(*), "
            "  count(*) FILTER (WHERE relation = 'contradiction'), "
            "  max_by((claim_a, claim_b), "
            f"    (relation = 'contradiction', score, -claim_a, -claim_b), {int(per_group)}) "
            "FROM k WHERE across OR inside GROUP BY topic_id, across, grp "
            "ORDER BY topic_id, across, grp"
        ).fetchall()
        keys = [tuple(key) for *_, top in groups for key in top]
        pairs: dict[tuple[int, int], ClaimPair] = {}
        if keys:
            values = ", ".join(f"({int(a)}, {int(b)})" for a, b in keys)
            for row in self.con.execute(
                "SELECT p.claim_a, p.claim_b, p.relation, p.score, p.reason FROM claim_pairs p "
                f"JOIN (VALUES {values}) v(a, b) ON p.claim_a = v.a AND p.claim_b = v.b"
            ).fetchall():
                pairs[row[0], row[1]] = ClaimPair(*row)
        return [
            PairGroup(topic_id, across, issue_id, n, n_contra, tuple(pairs[tuple(k)] for k in top))
            for topic_id, across, issue_id, n, n_contra, top in groups
        ]

    def party_counts(self, topic_ids: Sequence[int]) -> list[tuple[int, str | None, int]]:
        """``(topic_id, party, n_claims)`` of some topics; ``party`` None counts the unknown."""
        return self.con.execute(
            "SELECT topic_id, party, count(*) FROM claims "
            f"WHERE topic_id IN {_ids(topic_ids)} GROUP BY ALL ORDER BY ALL"
        ).fetchall()

    def claims_for_report(
        self,
        issues: Sequence[tuple[int, int | None]],
        claim_ids: Sequence[int],
        unknown_per_topic: int,
        topic_ids: Sequence[int],
    ) -> list[StoredClaim]:
        """The claims a report shows, in id order.

        Args:
            issues: ``(topic_id, issue_id)``: every claim with a party of these issues
                (``issue_id`` None: the topic's claims with a party outside any issue).
            claim_ids: These claims too.
            unknown_per_topic: And the first claims without a party of each topic.
            topic_ids: The topics of those party-less claims.
        """
        unknown = self.con.execute(
            f"SELECT claim_id FROM claims WHERE party IS NULL AND topic_id IN {_ids(topic_ids)} "
            f"QUALIFY row_number() OVER (PARTITION BY topic_id ORDER BY claim_id) "
            f"<= {int(unknown_per_topic)}"
        ).fetchall()
        numbered = [i for _, i in issues if i is not None]
        loose = [t for t, i in issues if i is None]  # issue ids are unique across topics
        picks = [
            f"c.claim_id IN {_ids([*claim_ids, *(r[0] for r in unknown)])}",
            f"(c.party IS NOT NULL AND c.issue_id IN {_ids(numbered)})",
            f"(c.party IS NOT NULL AND c.issue_id IS NULL AND c.topic_id IN {_ids(loose)})",
        ]
        return self._claim_rows(" OR ".join(picks), [])

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
            "SELECT claim_id, doc_id, start_char, end_char FROM appearances "
            "ORDER BY claim_id, doc_id, start_char"
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
    def speakers(
        self, party: str | None = None, no_party: bool = False, limit: int | None = None
    ) -> tuple[list[Speaker], int]:
        """Speakers with their party, most claims first, and how many there are in all.

        Args:
            party: Only the speakers of this party (any case).
            no_party: Only the speakers whose claims have no party.
            limit: At most this many (None: all).
        """
        where = "c.speaker IS NOT NULL"
        params: list[Any] = []
        if no_party:
            where += " AND c.party IS NULL"
        elif party is not None:
            where += " AND lower(c.party) = lower(?)"
            params.append(party)
        grouped = (
            "SELECT c.speaker, c.party, count(DISTINCT c.claim_id) AS n,"
            " count(DISTINCT a.doc_id), list_sort(list_distinct(list(a.outlet))),"
            " min(a.published), max(a.published)"
            " FROM claims c JOIN appearances a USING (claim_id)"
            f" WHERE {where} GROUP BY c.speaker, c.party"
        )
        total = self.con.execute(f"SELECT count(*) FROM ({grouped})", params).fetchone()[0]
        rows = self.con.execute(
            f"{grouped} ORDER BY n DESC, c.speaker, c.party NULLS LAST"
            + (f" LIMIT {int(limit)}" if limit else ""),
            params,
        ).fetchall()
        speakers = [Speaker(r[0], r[1], r[2], r[3], tuple(r[4] or ()), r[5], r[6]) for r in rows]
        return speakers, int(total)

    def party_aliases(self) -> dict[str, str]:
        """User party aliases: speaker name (lower case) -> party."""
        rows = self.con.execute("SELECT lower(alias), party FROM parties").fetchall()
        return dict(rows)

    def set_party_alias(self, alias: str, party: str) -> list[int]:
        """Record that ``alias`` speaks for ``party`` and apply it to stored claims.

        Returns:
            Ids of the claims whose party changed.
        """
        alias = alias.strip()
        if self.lake:  # no primary key to replace on, no RETURNING on updates
            self.con.execute("DELETE FROM parties WHERE alias = ?", [alias])
            self.con.execute("INSERT INTO parties (alias, party) VALUES (?, ?)", [alias, party])
            rows = self.con.execute(
                "SELECT claim_id FROM claims WHERE lower(speaker) = lower(?) "
                "AND party IS DISTINCT FROM ?",
                [alias, party],
            ).fetchall()
            self.con.execute(
                f"UPDATE claims SET party = ? WHERE claim_id IN {_ids([r[0] for r in rows])}",
                [party],
            )
        else:
            self.con.execute(
                "INSERT OR REPLACE INTO parties (alias, party) VALUES (?, ?)", [alias, party]
            )
            rows = self.con.execute(
                "UPDATE claims SET party = ? WHERE lower(speaker) = lower(?) "
                "AND party IS DISTINCT FROM ? RETURNING claim_id",
                [party, alias, party],
            ).fetchall()
        ids = [r[0] for r in rows]
        if ids:
            self._drop_pairs_of(ids)
        return ids

    def set_speaker_name(self, alias: str, name: str) -> list[int]:
        """Record that the speaker ``alias`` is ``name`` and rename stored claims.

        Names stay one step from an alias: corrections that pointed at ``alias`` now point
        at ``name``, and ``name`` itself stops being an alias.

        Returns:
            Ids of the claims renamed.
        """
        alias, name = alias.strip(), name.strip()
        self.con.execute(
            "UPDATE speaker_names SET speaker = ? WHERE lower(speaker) = lower(?)", [name, alias]
        )
        self.con.execute(
            "DELETE FROM speaker_names WHERE lower(alias) IN (lower(?), lower(?)) AND alias <> ?",
            [alias, name, alias],
        )
        if self.lake:  # no primary key to replace on
            self.con.execute("DELETE FROM speaker_names WHERE alias = ?", [alias])
            self.con.execute(
                "INSERT INTO speaker_names (alias, speaker) VALUES (?, ?)", [alias, name]
            )
        else:
            self.con.execute(
                "INSERT OR REPLACE INTO speaker_names (alias, speaker) VALUES (?, ?)", [alias, name]
            )
        rows = self.con.execute(
            "SELECT claim_id FROM claims WHERE lower(speaker) = lower(?) AND speaker <> ?",
            [alias, name],
        ).fetchall()
        ids = [r[0] for r in rows]
        if ids:
            self.con.execute(f"UPDATE claims SET speaker = ? WHERE claim_id IN {_ids(ids)}", [name])
        return ids

    def speaker_names(self) -> dict[str, str]:
        """Speaker name corrections: alias (lower case) -> name."""
        rows = self.con.execute("SELECT lower(alias), speaker FROM speaker_names").fetchall()
        return dict(rows)

    def speaker_name_rows(self) -> list[tuple[str, str]]:
        """Speaker name corrections as ``(alias, name)``, sorted by alias."""
        return self.con.execute(
            "SELECT alias, speaker FROM speaker_names ORDER BY lower(alias)"
        ).fetchall()

    def party_alias_rows(self) -> list[tuple[str, str]]:
        """User party aliases as ``(alias, party)``, sorted by alias."""
        return self.con.execute("SELECT alias, party FROM parties ORDER BY lower(alias)").fetchall()

    def topics_of_claims(self, claim_ids: Sequence[int]) -> dict[int, set[int]]:
        """Topic id -> the given claims in it."""
        rows = self.con.execute(
            f"SELECT topic_id, claim_id FROM claims WHERE claim_id IN {_ids(claim_ids)} "
            "AND topic_id IS NOT NULL"
        ).fetchall()
        out: dict[int, set[int]] = {}
        for topic_id, claim_id in rows:
            out.setdefault(topic_id, set()).add(claim_id)
        return out

    # ------------------------------------------------------------------ copying
    def copy_from(self, source: Location, version: int) -> dict[str, int]:
        """Copy every row of another claims database into this empty one, ids and all.

        The source (a DuckDB file or a DuckLake) is attached read-only to this connection
        and each table copied with one ``INSERT ... SELECT`` (vectors cast between
        ``FLOAT[384]`` and ``FLOAT[]``), all in one transaction.

        Args:
            source: The database to copy.
            version: Its schema version (this database must have the same).

        Returns:
            Rows copied per table.

        Raises:
            DatabaseError: This database is not empty or has another schema version.
        """
        if self.schema_version() != version:
            raise DatabaseError(
                f"{source} has schema version {version} but {self.path} has "
                f"{self.schema_version()}; upgrade the older one first"
            )
        alias = "claims_source"
        target = location(source)
        if isinstance(target, DuckLake):
            for name in ("ducklake", f"{target.kind}_scanner"):
                self.con.execute(f"LOAD '{extension_path(name)}'")
            attach = lake_attach_sql(target, alias, read_only=True)
        else:
            quoted = str(Path(target).resolve()).replace("'", "''")
            attach = f"ATTACH '{quoted}' AS {alias} (READ_ONLY)"
        try:
            self.con.execute(attach)
        except duckdb.Error as exc:
            raise DatabaseError(f"cannot open {source}: {_one_line(exc)}") from exc
        try:
            return self.write(lambda: self._copy_tables(alias))
        finally:
            self.con.execute(f"DETACH {alias}")

    def _copy_tables(self, alias: str) -> dict[str, int]:
        rows = self.con.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_catalog = current_database() "
            "AND table_name NOT IN ('schema_migrations', 'claims_writer') "
            "ORDER BY table_name, ordinal_position"
        ).fetchall()
        columns: dict[str, list[tuple[str, str]]] = {}
        for table, column, data_type in rows:
            columns.setdefault(table, []).append((column, data_type))
        busy = [t for t in columns if self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]]
        if busy:
            raise DatabaseError(
                f"{self.path} already holds data (tables {', '.join(sorted(busy))}); "
                "copy into a new, empty database"
            )
        copied = {}
        for table, cols in columns.items():
            names = ", ".join(c for c, _ in cols)
            select = ", ".join(f"CAST({c} AS {t})" for c, t in cols)
            self.con.execute(
                f"INSERT INTO {table} ({names}) SELECT {select} FROM {alias}.main.{table}"
            )
            copied[table] = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        if self._next_ids is not None:
            self._next_ids.clear()  # ids were inserted here: read the maxima again
        return copied

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
