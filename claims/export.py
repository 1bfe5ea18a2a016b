"""Exports for fact-checkers: ClaimReview JSON-LD, JSONL, CSV, Markdown and HTML.

ClaimReview follows schema.org (https://schema.org/ClaimReview): one review per claim
that has a verdict, with the claim's author (speaker and party), every appearance and
the first one.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from claims.errors import NotFoundError
from claims.models import StoredClaim
from claims.store import Store

FORMATS = ("claimreview", "jsonl", "csv", "markdown", "html")
CSV_COLUMNS = (
    "claim_id", "topic_id", "issue_id", "party", "speaker", "cue", "kind", "text", "outlet",
    "url", "published", "rating",
)  # fmt: skip


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def _appearance(app: tuple[Any, ...]) -> dict[str, Any]:
    doc = {"@type": "CreativeWork", "datePublished": _iso(app[4])}
    if app[5]:
        doc["url"] = app[5]
    if app[3]:
        doc["publisher"] = {"@type": "Organization", "name": app[3]}
    return doc


def claim_review(
    claim: StoredClaim,
    verdict: tuple[Any, ...],
    appearances: Sequence[tuple[Any, ...]],
    publisher: str = "claims",
) -> dict[str, Any]:
    """One schema.org ClaimReview for a rated claim.

    Args:
        claim: The claim.
        verdict: ``(claim_id, rating, note, reviewer, created_at)``.
        appearances: Its appearances, earliest first.
        publisher: Name of the fact-checking organisation.
    """
    _, rating, note, reviewer, created = verdict
    author: dict[str, Any] = {"@type": "Person" if claim.speaker else "Organization"}
    author["name"] = claim.speaker or claim.party or "unknown"
    if claim.party:
        author["affiliation"] = {"@type": "Organization", "name": claim.party}
    apps = [_appearance(a) for a in appearances] or [
        _appearance((claim.doc_id, None, None, claim.outlet, claim.published, claim.url))
    ]
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": claim.text,
        "datePublished": _iso(created.date() if isinstance(created, datetime) else created),
        "author": {"@type": "Organization", "name": publisher},
        "reviewRating": {"@type": "Rating", "alternateName": rating},
        "itemReviewed": {
            "@type": "Claim",
            "author": author,
            "datePublished": apps[0].get("datePublished"),
            "appearance": apps,
            "firstAppearance": apps[0],
        },
    }
    if reviewer:
        review["author"]["employee"] = {"@type": "Person", "name": reviewer}
    if note:
        review["reviewBody"] = note
    return review


def export(store: Store, fmt: str, topic_id: int | None = None) -> str:
    """Export claims (of one topic, or all) in a format of :data:`FORMATS`.

    Raises:
        NotFoundError: ``topic_id`` does not exist.
    """
    if topic_id is not None and store.topic(topic_id) is None:
        raise NotFoundError(f"no topic {topic_id}; `claims topics` lists them")
    if fmt in ("markdown", "html"):
        from claims.report import Report

        report = Report.from_store(store, topic_id, full=True)
        return report.to_markdown() if fmt == "markdown" else report_html(report)
    claims = store.claims_for_export(topic_id)
    verdicts = {v[0]: v for v in store.verdicts(topic_id)}
    appearances = store.appearances([c.claim_id for c in claims])
    if fmt == "claimreview":
        reviews = [
            claim_review(c, verdicts[c.claim_id], appearances.get(c.claim_id, []))
            for c in claims
            if c.claim_id in verdicts
        ]
        return json.dumps(reviews, indent=2, ensure_ascii=False) + "\n"
    rows = [_row(c, verdicts.get(c.claim_id)) for c in claims]
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
        return buf.getvalue()
    raise ValueError(f"unknown export format {fmt!r}")


def _row(claim: StoredClaim, verdict: tuple[Any, ...] | None) -> dict[str, Any]:
    return {
        "claim_id": claim.claim_id,
        "topic_id": claim.topic_id,
        "issue_id": claim.issue_id,
        "party": claim.party,
        "speaker": claim.speaker,
        "cue": claim.cue,
        "kind": claim.kind,
        "text": claim.text,
        "outlet": claim.outlet,
        "url": claim.url,
        "published": _iso(claim.published),
        "rating": verdict[1] if verdict else None,
    }


def report_html(report: Any, width: int = 140) -> str:
    """The side-by-side report as a standalone HTML page (rendered by rich)."""
    from rich.console import Console

    console = Console(record=True, width=width, file=io.StringIO())
    console.print(report)
    return console.export_html(inline_styles=True)
