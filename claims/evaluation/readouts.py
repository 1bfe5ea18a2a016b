"""Score the whole pipeline on annotated "competing readouts" events.

A readouts folder holds one sub-folder per event: article ``.txt`` files (``URL:``,
``OUTLET:``, ``DATE:`` header lines, a blank line, then the text) and an
``expected.json`` naming the parties, the contradictions and agreements (each side with
anchors: exact substrings of a file's article text) and strings that must not become
claims. Every event is ingested into ONE fresh database, as a newsroom would.

Per contradiction (and per agreement) four points: both sides' anchors extracted as
claims, with the right parties, in the same topic, and flagged with the right relation.
False positives: claims from ``non_claims`` text, and agreements flagged as
contradictions.
"""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.table import Table

from claims.errors import InputError
from claims.models import ClaimPair, StoredClaim
from claims.store import Store

CHECKS = ("extracted", "parties", "same_topic", "flagged")


@dataclass
class EventScore:
    """Points and false positives of one event."""

    event: str
    points: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    max_points: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    false_claims: list[str] = field(default_factory=list)
    agreements_as_contradictions: int = 0
    details: list[dict[str, Any]] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Points scored."""
        return sum(self.points.values())

    @property
    def maximum(self) -> int:
        """Points available."""
        return sum(self.max_points.values())

    @property
    def false_positives(self) -> int:
        """Non-claims extracted plus agreements flagged as contradictions."""
        return len(self.false_claims) + self.agreements_as_contradictions


@dataclass
class ReadoutsReport:
    """Scores of every event, plus the database the run built."""

    events: list[EventScore]
    db_path: str

    @property
    def share(self) -> float:
        """Points scored as a share of the points available."""
        maximum = sum(e.maximum for e in self.events)
        return sum(e.total for e in self.events) / maximum if maximum else 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready scores."""
        return {
            "share_of_points": round(self.share, 4),
            "db_path": self.db_path,
            "events": [
                {
                    "event": e.event,
                    "points": e.total,
                    "max_points": e.maximum,
                    "by_check": {c: [e.points[c], e.max_points[c]] for c in CHECKS},
                    "false_positives": e.false_positives,
                    "non_claims_extracted": e.false_claims,
                    "agreements_flagged_as_contradictions": e.agreements_as_contradictions,
                    "details": e.details,
                }
                for e in self.events
            ],
        }

    def table(self) -> Table:
        """A rich table: one row per event, a total row."""
        table = Table(title=f"Readouts: {self.share:.1%} of points")
        table.add_column("event")
        for check in CHECKS:
            table.add_column(check.replace("_", " "), justify="right")
        table.add_column("points", justify="right")
        table.add_column("false pos.", justify="right")
        for e in self.events:
            table.add_row(
                e.event,
                *(f"{e.points[c]}/{e.max_points[c]}" for c in CHECKS),
                f"{e.total}/{e.maximum} ({e.total / max(e.maximum, 1):.0%})",
                str(e.false_positives),
            )
        return table


def event_folders(directory: Path) -> list[Path]:
    """Sub-folders holding an ``expected.json``, sorted.

    Raises:
        InputError: None found.
    """
    folders = sorted(p.parent for p in directory.glob("*/expected.json"))
    if not folders:
        raise InputError(f"{directory}: no event folders with an expected.json")
    return folders


def _locate(text: str, needle: str) -> list[tuple[int, int]]:
    spans, start = [], text.find(needle)
    while start >= 0:
        spans.append((start, start + len(needle)))
        start = text.find(needle, start + 1)
    return spans


class _Index:
    """Where every claim appears, and which text spans each file holds."""

    def __init__(self, store: Store) -> None:
        self.docs = {path: (doc_id, text) for doc_id, path, text in store.document_texts() if path}
        self.claims = {c.claim_id: c for c in store.all_claims()}
        self.appearances: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
        for claim_id, doc_id, start, end in store.all_appearances():
            self.appearances[doc_id].append((claim_id, start, end))
        self.pairs: dict[frozenset[int], ClaimPair] = {
            frozenset((p.claim_a, p.claim_b)): p for p in store.all_pairs()
        }

    def document(self, folder: Path, name: str) -> tuple[int, str] | None:
        wanted = str(folder / name)
        for path, found in self.docs.items():
            if path == wanted or path.endswith(f"{folder.name}/{name}"):
                return found
        return None

    def claims_at(self, folder: Path, name: str, text: str) -> list[StoredClaim]:
        found = self.document(folder, name)
        if found is None:
            return []
        doc_id, doc_text = found
        hits = []
        for start, end in _locate(doc_text, text):
            for claim_id, c_start, c_end in self.appearances.get(doc_id, []):
                if c_start < end and start < c_end:
                    hits.append(self.claims[claim_id])
        return hits


def _side_claims(index: _Index, folder: Path, side: dict[str, Any]) -> list[StoredClaim]:
    found: dict[int, StoredClaim] = {}
    for anchor in side.get("anchors", []):
        for claim in index.claims_at(folder, anchor["file"], anchor["text"]):
            found[claim.claim_id] = claim
    return list(found.values())


def _right_party(claims: Iterable[StoredClaim], party: str, aliases: Iterable[str]) -> list:
    names = {party.lower(), *(a.lower() for a in aliases)}
    return [c for c in claims if c.party and c.party.lower() in names]


def score_event(index: _Index, folder: Path) -> EventScore:
    """Score one event folder against the database."""
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    parties: dict[str, list[str]] = expected.get("parties", {})
    score = EventScore(event=folder.name)
    for relation, items in (
        ("contradiction", expected.get("contradictions", [])),
        ("agreement", expected.get("agreements", [])),
    ):
        for item in items:
            a = _side_claims(index, folder, item["side_a"])
            b = _side_claims(index, folder, item["side_b"])
            pa = _right_party(a, item["side_a"]["party"], parties.get(item["side_a"]["party"], []))
            pb = _right_party(b, item["side_b"]["party"], parties.get(item["side_b"]["party"], []))
            same_topic = [
                (x, y) for x in a for y in b if x.topic_id is not None and x.topic_id == y.topic_id
            ]
            pairs = [index.pairs.get(frozenset((x.claim_id, y.claim_id))) for x in a for y in b]
            flagged = any(p is not None and p.relation == relation for p in pairs)
            checks = {
                "extracted": bool(a and b),
                "parties": bool(pa and pb),
                "same_topic": bool(same_topic),
                "flagged": flagged,
            }
            for check, ok in checks.items():
                score.max_points[check] += 1
                score.points[check] += int(ok)
            if relation == "agreement" and any(
                p is not None and p.relation == "contradiction" for p in pairs
            ):
                score.agreements_as_contradictions += 1
            score.details.append(
                {
                    "id": item.get("id"),
                    "relation": relation,
                    "issue": item.get("issue"),
                    **checks,
                    "claims_a": [c.claim_id for c in a],
                    "claims_b": [c.claim_id for c in b],
                }
            )
    files = sorted(p.name for p in folder.glob("*.txt"))
    for junk in expected.get("non_claims", []):
        for name in files:
            for claim in index.claims_at(folder, name, junk):
                score.false_claims.append(f"#{claim.claim_id} {claim.text[:60]!r}")
    return score


def run_readouts(
    directory: str | Path,
    *,
    db_path: str | Path | None = None,
    extractor: Any = None,
    embedder: Any = None,
) -> ReadoutsReport:
    """Ingest every event of a readouts folder into one fresh database and score it.

    Args:
        directory: The readouts folder.
        db_path: Where to build the database (a temporary file by default; it must not
            exist yet).
        extractor: Claim extractor (the default one if None).
        embedder: Embedder (the bundled model if None).

    Raises:
        InputError: The folder has no events, or ``db_path`` already exists.
    """
    from claims.pipeline import ingest

    directory = Path(directory)
    folders = event_folders(directory)
    if db_path is None:
        db_path = Path(tempfile.mkdtemp(prefix="claims-readouts-")) / "readouts.duckdb"
    db_path = Path(db_path)
    if db_path.exists():
        raise InputError(f"{db_path} exists; the readouts evaluation needs a fresh database")
    files = [str(p) for folder in folders for p in sorted(folder.glob("*.txt"))]
    ingest(db_path, files, extractor=extractor, embedder=embedder)
    with Store.open(db_path, read_only=True) as store:
        index = _Index(store)
    return ReadoutsReport([score_event(index, folder) for folder in folders], str(db_path))
