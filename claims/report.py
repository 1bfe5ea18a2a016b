"""The side-by-side report: for each topic, each party's claims in its own column.

:class:`Report` is a rich renderable (print it to a ``Console``) and also exports to
Markdown and JSON-ready dicts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from claims.errors import NotFoundError
from claims.models import ClaimPair, StoredClaim, Topic
from claims.store import Store

NARROW = 100
UNKNOWN = "party unknown"


@dataclass(frozen=True)
class TopicSection:
    """One topic of the report."""

    topic: Topic
    parties: tuple[str, ...]
    claims: tuple[StoredClaim, ...]
    pairs: tuple[ClaimPair, ...]

    def by_party(self) -> dict[str, list[StoredClaim]]:
        """Claims grouped by party (``party unknown`` last)."""
        groups: dict[str, list[StoredClaim]] = defaultdict(list)
        for claim in self.claims:
            groups[claim.party or UNKNOWN].append(claim)
        return groups


def _source_line(claim: StoredClaim) -> str:
    parts = [claim.outlet or "unknown outlet"]
    if claim.published:
        parts.append(claim.published.isoformat())
    return " · ".join(parts)


def _claim_text(claim: StoredClaim) -> Text:
    text = Text()
    text.append(f"#{claim.claim_id} ", style="dim")
    text.append(f"\u201c{claim.text}\u201d")
    text.append(f"\n  \u2014 {claim.speaker or 'unnamed'} ({claim.cue})", style="italic")
    text.append(f"\n  {_source_line(claim)}", style="cyan")
    return text


def _pair_text(pair: ClaimPair, index: dict[int, StoredClaim]) -> Text:
    a, b = index.get(pair.claim_a), index.get(pair.claim_b)
    style = "bold red" if pair.relation == "contradiction" else "bold green"
    text = Text()
    text.append(f"{pair.relation} {pair.score:.2f}", style=style)
    left = f"#{pair.claim_a} ({a.party if a else '?'})"
    right = f"#{pair.claim_b} ({b.party if b else '?'})"
    text.append(f"  {left} \u2194 {right}: {pair.reason}")
    return text


@dataclass(frozen=True)
class Report:
    """The side-by-side report of one or more topics."""

    sections: tuple[TopicSection, ...]

    @classmethod
    def from_store(cls, store: Store, topic_id: int | None = None) -> Report:
        """Build the report from a database.

        Raises:
            NotFoundError: ``topic_id`` is given and does not exist.
        """
        if topic_id is not None:
            topic = store.topic(topic_id)
            if topic is None:
                raise NotFoundError(f"no topic {topic_id}; `claims topics` lists them")
            topics: Iterable[Topic] = [topic]
        else:
            topics = store.topics()
        sections = []
        for topic in topics:
            claims = store.claims_in_topic(topic.topic_id)
            counts: dict[str, int] = defaultdict(int)
            for claim in claims:
                if claim.party:
                    counts[claim.party] += 1
            parties = tuple(sorted(counts, key=lambda p: (-counts[p], p)))
            pairs = tuple(store.pairs_in_topic(topic.topic_id))
            sections.append(TopicSection(topic, parties, tuple(claims), pairs))
        return cls(tuple(sections))

    # ------------------------------------------------------------------ rich
    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if not self.sections:
            yield Text("No topics yet: ingest some articles with `claims ingest`.")
            return
        narrow = options.max_width < NARROW
        for section in self.sections:
            yield Rule(f"[bold]Topic {section.topic.topic_id}[/]: {section.topic.label}")
            yield from self._render_section(section, narrow)
            yield Text("")

    def _render_section(self, section: TopicSection, narrow: bool) -> RenderResult:
        groups = section.by_party()
        index = {c.claim_id: c for c in section.claims}
        if section.parties and not narrow:
            table = Table(show_lines=True, expand=True)
            for party in section.parties:
                table.add_column(f"{party} ({len(groups[party])})", ratio=1, vertical="top")
            cells = [Group(*(_claim_text(c) for c in groups[p])) for p in section.parties]
            table.add_row(*cells)
            yield table
        else:
            for party in section.parties:
                yield Text(f"{party} ({len(groups[party])})", style="bold underline")
                for claim in groups[party]:
                    yield _claim_text(claim)
        if groups.get(UNKNOWN):
            yield Text(f"Claims whose party is unknown ({len(groups[UNKNOWN])})", style="bold")
            for claim in groups[UNKNOWN]:
                yield _claim_text(claim)
        for pair in section.pairs:
            yield _pair_text(pair, index)

    # ------------------------------------------------------------------ exports
    def to_dict(self) -> dict:
        """A JSON-ready dict of the report."""
        out = []
        for section in self.sections:
            groups = section.by_party()
            out.append(
                {
                    "topic_id": section.topic.topic_id,
                    "label": section.topic.label,
                    "n_claims": section.topic.n_claims,
                    "parties": {
                        party: [_claim_dict(c) for c in groups[party]]
                        for party in (*section.parties, *([UNKNOWN] if groups.get(UNKNOWN) else []))
                    },
                    "pairs": [
                        {
                            "claim_a": p.claim_a,
                            "claim_b": p.claim_b,
                            "relation": p.relation,
                            "score": p.score,
                            "reason": p.reason,
                        }
                        for p in section.pairs
                    ],
                }
            )
        return {"topics": out}

    def to_markdown(self) -> str:
        """The report as Markdown, one side-by-side table per topic."""
        lines: list[str] = []
        for section in self.sections:
            lines.append(f"## Topic {section.topic.topic_id}: {section.topic.label}")
            lines.append("")
            groups = section.by_party()
            if section.parties:
                lines.append("| " + " | ".join(section.parties) + " |")
                lines.append("|" + "---|" * len(section.parties))
                depth = max(len(groups[p]) for p in section.parties)
                for row in range(depth):
                    cells = []
                    for party in section.parties:
                        claims = groups[party]
                        cells.append(_claim_md(claims[row]) if row < len(claims) else "")
                    lines.append("| " + " | ".join(cells) + " |")
                lines.append("")
            if groups.get(UNKNOWN):
                lines.append("Claims whose party is unknown:")
                lines.extend(f"- {_claim_md(c)}" for c in groups[UNKNOWN])
                lines.append("")
            for pair in section.pairs:
                lines.append(
                    f"- **{pair.relation} {pair.score:.2f}**: #{pair.claim_a} \u2194 "
                    f"#{pair.claim_b}: {pair.reason}"
                )
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"


def _claim_dict(claim: StoredClaim) -> dict:
    return {
        "claim_id": claim.claim_id,
        "text": claim.text,
        "speaker": claim.speaker,
        "party": claim.party,
        "cue": claim.cue,
        "kind": claim.kind,
        "outlet": claim.outlet,
        "url": claim.url,
        "published": claim.published.isoformat() if claim.published else None,
    }


def _claim_md(claim: StoredClaim) -> str:
    text = claim.text.replace("|", "\\|").replace("\n", " ")
    return (
        f"#{claim.claim_id} \u201c{text}\u201d \u2014 {claim.speaker or 'unnamed'} "
        f"({claim.cue}), {_source_line(claim)}"
    )
