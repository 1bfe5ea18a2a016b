"""Read articles from files, folders, JSONL batches and stdin into :class:`Document` s.

Nothing here touches the database: a bad input raises :class:`InputError` before any
write, so a failed ingest leaves the database as it was.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlparse

from claims.errors import InputError
from claims.models import Document

TEXT_SUFFIXES = {".txt", ".md", ".text", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
MAX_BYTES = 20_000_000
MIN_HTML_WORDS = 5

_HEADER = re.compile(r"^(URL|OUTLET|DATE|PUBLISHED|TITLE|SOURCE)\s*:\s*(.*)$", re.IGNORECASE)
_DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%d.%m.%Y",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%SZ",
    "%Y-%m-%d %H:%M:%S",
)


@dataclass(frozen=True)
class Metadata:
    """Document metadata given on the command line; fills what the input lacks."""

    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    title: str | None = None


def parse_date(value: str | None, where: str = "date") -> date | None:
    """Parse a publication date in a common format; None for empty input.

    Raises:
        InputError: If the value is not a recognisable date.
    """
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    import dateparser  # slow to import: only for dates in less common formats

    parsed = dateparser.parse(text, settings={"PREFER_DAY_OF_MONTH": "first"})
    if parsed is not None:
        return parsed.date()
    raise InputError(f"{where}: cannot read {text!r} as a date (use YYYY-MM-DD)")


def outlet_from_url(url: str | None) -> str | None:
    """Derive an outlet name from a URL's host ("https://www.tass.com/x" -> "tass.com")."""
    if not url:
        return None
    host = urlparse(url if "//" in url else f"//{url}").hostname
    if not host:
        return None
    return host.removeprefix("www.")


def normalise_text(text: str) -> str:
    """Normalise newlines and drop a byte-order mark; offsets point into the result."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def repair_mojibake(text: str) -> str:
    """Undo text decoded with the wrong encoding ("dÃ©clarÃ©" -> "déclaré") with ftfy.

    Only encoding repairs are applied (``fix_encoding``), so clean text is left alone.
    """
    import ftfy

    return ftfy.fix_encoding(text)


def decode_bytes(data: bytes, where: str) -> str:
    """Decode a file's bytes as text, detecting the encoding.

    Raises:
        InputError: For empty, binary or undecodable input.
    """
    if not data.strip():
        raise InputError(f"{where}: the input is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{where}: invalid UTF-16 text") from exc
    if b"\x00" in data[:8192]:
        raise InputError(f"{where}: looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{where}: looks like a binary file, not text")
    return str(best)


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Split ``KEY: value`` header lines (URL, OUTLET, DATE, TITLE) from the article text.

    The header is recognised only when the text starts with such lines followed by a
    blank line.
    """
    lines = text.split("\n")
    header: dict[str, str] = {}
    for n, line in enumerate(lines):
        if not line.strip():
            if header:
                return header, "\n".join(lines[n + 1 :])
            return {}, text
        match = _HEADER.match(line)
        if not match:
            return {}, text
        header[match.group(1).lower()] = match.group(2).strip()
    return {}, text


def _document(
    text: str, meta: Metadata, fields: dict[str, str | None], path: str, where: str
) -> Document:
    text = repair_mojibake(normalise_text(text))
    if not text.strip():
        raise InputError(f"{where}: the input is empty")
    url = fields.get("url") or meta.url
    published = parse_date(fields.get("published") or fields.get("date"), where) or meta.published
    return Document(
        text=text,
        url=url,
        outlet=fields.get("outlet") or fields.get("source") or meta.outlet or outlet_from_url(url),
        published=published,
        title=fields.get("title") or meta.title,
        path=path,
    )


def read_text(data: bytes, path: str, meta: Metadata) -> Document:
    """A plain-text or Markdown article, with an optional ``KEY: value`` header."""
    header, body = split_header(normalise_text(decode_bytes(data, path)))
    return _document(body, meta, dict(header), path, path)


def read_html(data: bytes, path: str, meta: Metadata) -> Document:
    """An HTML page: main text via trafilatura (navigation and comments dropped)."""
    html = decode_bytes(data, path)
    import trafilatura

    text = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_precision=True
    )
    if not text or len(text.split()) < MIN_HTML_WORDS:
        # a page of navigation links only ("Home") is not an article
        raise InputError(f"{path}: no article text found in the HTML")
    info = trafilatura.extract_metadata(html)
    fields: dict[str, str | None] = {}
    if info is not None:
        fields = {
            "url": info.url,
            "outlet": info.sitename,
            "date": info.date,
            "title": info.title,
        }
    return _document(text, meta, fields, path, path)


def read_jsonl(
    data: bytes, path: str, meta: Metadata, skipped: list[str] | None = None
) -> list[Document]:
    """One document per line: ``text`` required; ``url``, ``outlet``, ``published``, ``title``.

    Args:
        data: The file's bytes.
        path: Its name, for messages.
        meta: Metadata filling what a line lacks.
        skipped: When given, a bad line is skipped and its message appended here
            (``--on-error skip``); otherwise the first bad line stops everything.

    Raises:
        InputError: Naming ``file:line`` for the first malformed line.
    """
    text = normalise_text(decode_bytes(data, path))
    docs = []
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            docs.append(_jsonl_line(line, f"{path}:{n}", path, meta))
        except InputError as exc:
            if skipped is None:
                raise
            skipped.append(str(exc))
    if not docs:
        raise InputError(f"{path}: the input is empty")
    return docs


def _jsonl_line(line: str, where: str, path: str, meta: Metadata) -> Document:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: malformed JSON ({exc.msg})") from exc
    if not isinstance(record, dict):
        raise InputError(f"{where}: each line must be a JSON object")
    body = record.get("text")
    if not isinstance(body, str) or not body.strip():
        raise InputError(f'{where}: missing or empty "text" field')
    fields = {
        k: (None if record.get(k) is None else str(record.get(k)))
        for k in ("url", "outlet", "published", "date", "title")
    }
    return _document(body, meta, fields, path, where)


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                f"{path}: {size / 1e6:.0f} MB is larger than the {MAX_BYTES / 1e6:.0f} MB limit"
            )
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc


def _files(path: Path) -> Iterator[Path]:
    if path.is_dir():
        found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED)
        if not found:
            raise InputError(f"{path}: no .txt, .md, .html or .jsonl files in this folder")
        yield from found
    elif path.exists():
        yield path
    else:
        raise InputError(f"{path}: no such file or folder")


def read_file(
    path: Path, meta: Metadata = Metadata(), skipped: list[str] | None = None
) -> list[Document]:
    """Read one file into documents according to its suffix."""
    suffix = path.suffix.lower()
    data = _read_bytes(path)
    if suffix in JSONL_SUFFIXES:
        return read_jsonl(data, str(path), meta, skipped)
    if suffix in HTML_SUFFIXES:
        return [read_html(data, str(path), meta)]
    if suffix in TEXT_SUFFIXES or not suffix:
        return [read_text(data, str(path), meta)]
    raise InputError(f"{path}: unsupported file type {suffix!r} (use .txt, .md, .html or .jsonl)")


def read_sources(
    sources: Sequence[str],
    meta: Metadata = Metadata(),
    stdin: BinaryIO | None = None,
    skipped: list[str] | None = None,
) -> list[Document]:
    """Read every source (file, folder, or ``-`` for stdin) into documents.

    Args:
        sources: Paths, folders, or ``-``.
        meta: Metadata that fills what the inputs do not say.
        stdin: Stream read for ``-`` (defaults to the process's stdin).
        skipped: Collects the messages of skipped bad JSONL lines; None stops at the first.

    Raises:
        InputError: For the first input that cannot be read; nothing is returned then.
    """
    if not sources:
        raise InputError("nothing to ingest: give a file, a folder or - for stdin")
    docs: list[Document] = []
    for source in sources:
        if source == "-":
            stream = stdin or sys.stdin.buffer
            data = stream.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                raise InputError(f"stdin: larger than the {MAX_BYTES / 1e6:.0f} MB limit")
            doc = read_text(data, "-", meta)
            docs.append(replace(doc, path="-"))
            continue
        for path in _files(Path(source)):
            docs.extend(read_file(path, meta, skipped))
    return docs
