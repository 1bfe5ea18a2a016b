"""The side-by-side report: for each topic and each disputed point, one column per party.

:class:`Report` is a rich renderable (print it to a ``Console``) and also exports to
Markdown and JSON-ready dicts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from claims.errors import NotFoundError
from claims.models import ClaimPair, StoredClaim, Topic
from claims.store import PairGroup, Store

NARROW = 100
UNKNOWN = "party unknown"

Appearance = tuple[Any, ...]
"""``(doc_id, start_char, end_char, outlet, published, url)``"""


@dataclass(frozen=True)
class IssueGroup:
    """The claims of one disputed point (issue) inside a topic."""

    issue_id: int | None
    label: str
    claims: tuple[StoredClaim, ...]
    pairs: tuple[ClaimPair, ...]
    n_pairs: int | None = None
    """All pairs inside the issue, when ``pairs`` holds only the strongest."""

    @property
    def pair_count(self) -> int:
        """How many pairs the issue holds (shown or not)."""
        return len(self.pairs) if self.n_pairs is None else self.n_pairs

    @property
    def parties(self) -> tuple[str, ...]:
        """Parties with claims in this issue, most claims first."""
        return _parties_by_claims(self.claims)

    @property
    def disputed(self) -> bool:
        """True when at least two parties speak to this point."""
        return len(self.parties) >= 2 or bool(self.pairs)


@dataclass(frozen=True)
class Digest:
    """The part of a topic that the text and Markdown views show, with counts of the rest.

    A report built with ``shown_only`` reads just this from the database instead of every
    claim and pair of the topic (a topic can hold 100,000 pairs).
    """

    groups: tuple[IssueGroup, ...]
    """The issues shown, in display order, each with all its claims and strongest pairs."""
    hidden_issues: int
    across: tuple[ClaimPair, ...]
    """The strongest pairs across issues."""
    n_across: int
    unknown: tuple[StoredClaim, ...]
    """The first claims without a party."""
    n_unknown: int


@dataclass(frozen=True)
class TopicSection:
    """One topic of the report."""

    topic: Topic
    parties: tuple[str, ...]
    claims: tuple[StoredClaim, ...]
    pairs: tuple[ClaimPair, ...]
    issue_labels: dict[int, str] = field(default_factory=dict)
    appearances: dict[int, list[Appearance]] = field(default_factory=dict)
    digest: Digest | None = None
    """Set when ``claims`` and ``pairs`` are only what the text view shows."""

    def by_party(self, claims: Iterable[StoredClaim] | None = None) -> dict[str, list[StoredClaim]]:
        """Claims grouped by party (``party unknown`` last)."""
        groups: dict[str, list[StoredClaim]] = defaultdict(list)
        for claim in self.claims if claims is None else claims:
            groups[claim.party or UNKNOWN].append(claim)
        return groups

    def issues(self) -> list[IssueGroup]:
        """The topic's issues: disputed points first, then the rest, in id order."""
        members: dict[int | None, list[StoredClaim]] = defaultdict(list)
        for claim in self.claims:
            if claim.party:
                members[claim.issue_id].append(claim)
        issue_of = {c.claim_id: c.issue_id for cs in members.values() for c in cs}
        inside: dict[int | None, list[ClaimPair]] = defaultdict(list)
        for pair in self.pairs:  # one pass: a topic can hold 100,000 pairs
            issue = issue_of.get(pair.claim_a, -1)
            if issue != -1 and issue_of.get(pair.claim_b, -1) == issue:
                inside[issue].append(pair)
        groups = []
        for issue_id, claims in members.items():
            label = self.issue_labels.get(issue_id, "") if issue_id is not None else ""
            groups.append(IssueGroup(issue_id, label, tuple(claims), tuple(inside[issue_id])))
        return sorted(groups, key=lambda g: (not g.disputed, g.issue_id or 0))

    def cross_pairs(self) -> tuple[ClaimPair, ...]:
        """Pairs whose two claims sit in different issues, strongest first."""
        issue = {c.claim_id: c.issue_id for c in self.claims}
        return tuple(
            sorted(
                (p for p in self.pairs if issue.get(p.claim_a) != issue.get(p.claim_b)),
                key=lambda p: (p.relation, -p.score),
            )
        )

    def ordered(self, parties: Iterable[str]) -> tuple[str, ...]:
        """Parties in the topic's column order (the same side always on the same side)."""
        wanted = set(parties)
        return tuple(p for p in self.parties if p in wanted)

    def sources(self, claim: StoredClaim) -> list[Appearance]:
        """Where a claim was published, first appearance first."""
        found = self.appearances.get(claim.claim_id)
        if found:
            return found
        return [(claim.doc_id, None, None, claim.outlet, claim.published, claim.url)]


def _source_line(appearance: Appearance) -> str:
    outlet, published = appearance[3], appearance[4]
    parts = [outlet or "unknown outlet"]
    if published:
        parts.append(published.isoformat())
    return " · ".join(parts)


def _sources_text(section: TopicSection, claim: StoredClaim) -> str:
    sources = section.sources(claim)
    line = _source_line(sources[0])
    if len(sources) > 1:
        others = sorted({s[3] or "?" for s in sources[1:]})
        line += f"  (+{len(sources) - 1}: {', '.join(others)})"
    return line


def _claim_text(section: TopicSection, claim: StoredClaim) -> Text:
    text = Text()
    text.append(f"#{claim.claim_id} ", style="dim")
    text.append(f"\u201c{claim.text}\u201d")
    text.append(f"\n  \u2014 {claim.speaker or 'unnamed'} ({claim.cue})", style="italic")
    text.append(f"\n  {_sources_text(section, claim)}", style="cyan")
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


MAX_PAIRS_SHOWN = 5
"""Pairs shown per issue (and across issues) in the text and Markdown views, strongest first."""
MAX_CLAIMS_SHOWN = 8
"""Claims shown per party and issue in the text and Markdown views (JSON has all)."""
MAX_ISSUES_SHOWN = 10
"""Disputed issues (most contradictions first), and one-sided ones, shown per topic."""
OVERVIEW_ISSUES_SHOWN = 3
"""Disputed issues shown per topic when the report covers several topics (no one-sided
ones): the overview points at each topic's own report for the rest."""
OVERVIEW_PAIRS_SHOWN = 3
"""Pairs shown per issue in the several-topics overview."""
OVERVIEW_CLAIMS_SHOWN = 2
"""Claims shown per party and issue in the several-topics overview."""
OVERVIEW_PARTIES_SHOWN = 3
"""Party columns per issue in the several-topics overview: the parties of the pairs shown
first; the others are named under the issue."""


@dataclass(frozen=True)
class Report:
    """The side-by-side report of one or more topics."""

    sections: tuple[TopicSection, ...]
    more_topics: int = 0
    full: bool = False
    overview: bool = False

    @classmethod
    def from_store(
        cls,
        store: Store,
        topic_id: int | None = None,
        limit: int | None = None,
        full: bool = False,
        shown_only: bool = False,
    ) -> Report:
        """Build the report from a database.

        Args:
            store: The database.
            topic_id: One topic; all topics (most disputed first) when None.
            limit: At most this many topics when ``topic_id`` is None (None: all).
            full: Show every claim and pair; else the text and Markdown views show the
                strongest :data:`MAX_PAIRS_SHOWN` pairs of each issue and at most
                :data:`MAX_CLAIMS_SHOWN` claims per party and issue (JSON has everything);
                without ``topic_id``, an overview: each topic's
                :data:`OVERVIEW_ISSUES_SHOWN` most disputed issues with fewer pairs and
                claims (the ``OVERVIEW_*`` caps).
            shown_only: Without ``full``, read only what the text and Markdown views show
                (and counts of the rest): fast on large topics, but :meth:`to_dict` then
                refuses the report.

        Raises:
            NotFoundError: ``topic_id`` is given and does not exist.
        """
        more = 0
        if topic_id is not None:
            topic = store.topic(topic_id)
            if topic is None:
                raise NotFoundError(f"no topic {topic_id}; `claims topics` lists them")
            topics: Iterable[Topic] = [topic]
        else:
            topics, total = store.most_disputed_topics(limit)
            more = total - len(topics)
        if shown_only and not full:
            return cls(
                _digests(store, list(topics), topic_id is None), more, overview=topic_id is None
            )
        sections = []
        for topic in topics:
            claims = store.claims_in_topic(topic.topic_id)
            parties = _parties_by_claims(claims)
            pairs = tuple(store.pairs_in_topic(topic.topic_id))
            labels = {i: label for i, label, _ in store.issues_in_topic(topic.topic_id)}
            appearances = store.appearances([c.claim_id for c in claims])
            sections.append(TopicSection(topic, parties, tuple(claims), pairs, labels, appearances))
        return cls(tuple(sections), more, full, overview=topic_id is None)

    @property
    def more_note(self) -> str:
        """What the report leaves out, and how to see it ("" when nothing)."""
        if not self.more_topics:
            return ""
        return (
            f"{self.more_topics} more topic(s) not shown: `claims report TOPIC_ID` for one, "
            "`claims report --limit 0` for all, `claims topics` to list them."
        )

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
        if self.more_topics:
            yield Text(self.more_note, style="dim")

    def _issues_shown(self, section: TopicSection) -> tuple[list[IssueGroup], int]:
        """The issues to show (all with ``full``) and how many are left out."""
        if section.digest:
            return list(section.digest.groups), section.digest.hidden_issues
        groups = section.issues()
        if self.full:
            return groups, 0
        by_id = {g.issue_id: g for g in groups}
        picked, hidden = _pick_issues(
            [
                (g.issue_id, g.disputed, sum(p.relation == "contradiction" for p in g.pairs))
                for g in sorted(groups, key=lambda g: g.issue_id or 0)
            ],
            self.overview,
        )
        return [by_id[i] for i in picked], hidden

    def _hidden_note(self, section: TopicSection, hidden: int) -> str:
        topic_id = section.topic.topic_id
        if self.overview:
            return f"{hidden} more issue(s) in this topic: `claims report {topic_id}`"
        return f"{hidden} more issue(s) not shown: `claims report {topic_id} --full`"

    def _render_section(self, section: TopicSection, narrow: bool) -> RenderResult:
        index = {c.claim_id: c for c in section.claims}
        singles: list[StoredClaim] = []
        groups, hidden = self._issues_shown(section)
        if hidden:
            yield Text(self._hidden_note(section, hidden), style="dim")
        for group in groups:
            if not group.disputed:
                singles.extend(group.claims)
                continue
            if group.label:
                yield Text(f"Issue {group.issue_id}: {group.label}", style="bold magenta")
            shown = self._strongest(group.pairs)
            featured = {i for p in shown for i in (p.claim_a, p.claim_b)}
            parties, others = self._parties_shown(section, group, shown)
            yield from self._columns(section, group.claims, parties, narrow, featured)
            if others:
                yield Text(self._others_note(section, group, others), style="dim")
            yield from (_pair_text(pair, index) for pair in shown)
            yield from self._more_pairs(group.pair_count, shown, section.topic.topic_id)
        across, n_across = _cross_pairs(section)
        if across:
            yield Text("Clashes across points", style="bold magenta")
            shown = self._strongest(across)
            yield from (_pair_text(pair, index) for pair in shown)
            yield from self._more_pairs(n_across, shown, section.topic.topic_id)
        if singles:
            yield Text("Other claims", style="bold")
            parties = section.ordered({c.party for c in singles if c.party})
            yield from self._columns(section, singles, parties, narrow)
        unknown, n_unknown = self._unknown_shown(section)
        if n_unknown:
            yield Text(f"Claims whose party is unknown ({n_unknown})", style="bold")
            yield from (_claim_text(section, claim) for claim in unknown)
            if n_unknown > len(unknown):
                yield Text(f"… {n_unknown - len(unknown)} more claim(s)", style="dim")

    def _unknown_shown(self, section: TopicSection) -> tuple[list[StoredClaim], int]:
        """The claims without a party to show, and how many there are."""
        if section.digest:
            return list(section.digest.unknown), section.digest.n_unknown
        unknown = [c for c in section.claims if not c.party]
        return self._claims_shown(unknown, set())[0], len(unknown)

    def _parties_shown(
        self, section: TopicSection, group: IssueGroup, shown: Sequence[ClaimPair]
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """An issue's party columns to show, and the other parties (only the overview caps).

        The overview keeps the parties of the shown pairs, strongest pair first, then the
        parties with the most claims, up to :data:`OVERVIEW_PARTIES_SHOWN`.
        """
        parties = section.ordered(group.parties)
        if self.full or not self.overview or len(parties) <= OVERVIEW_PARTIES_SHOWN:
            return parties, ()
        party_of = {c.claim_id: c.party for c in group.claims}
        speaking = [party_of.get(i) for p in shown for i in (p.claim_a, p.claim_b)]
        keep: list[str] = []
        for party in (*speaking, *parties):
            if party and party in parties and party not in keep:
                keep.append(party)
        keep = keep[:OVERVIEW_PARTIES_SHOWN]
        return (
            tuple(p for p in parties if p in keep),
            tuple(p for p in parties if p not in keep),
        )

    @staticmethod
    def _others_note(section: TopicSection, group: IssueGroup, others: Sequence[str]) -> str:
        n = sum(c.party in others for c in group.claims)
        return (
            f"{len(others)} more part{'y' if len(others) == 1 else 'ies'} on this point "
            f"({', '.join(others)}; {n} claim(s)): `claims report {section.topic.topic_id}`"
        )

    def _strongest(self, pairs: Sequence[ClaimPair]) -> Sequence[ClaimPair]:
        """The pairs to show: all with ``full``, else the strongest, contradictions first."""
        if self.full:
            return pairs
        ranked = sorted(pairs, key=lambda p: (p.relation != "contradiction", -p.score))
        return ranked[: OVERVIEW_PAIRS_SHOWN if self.overview else MAX_PAIRS_SHOWN]

    @staticmethod
    def _more_pairs(total: int, shown: Sequence[ClaimPair], topic_id: int) -> RenderResult:
        if total > len(shown):
            yield Text(
                f"  … {total - len(shown)} more pair(s): `claims report {topic_id} --full`",
                style="dim",
            )

    def _claims_shown(
        self, claims: list[StoredClaim], featured: set[int]
    ) -> tuple[list[StoredClaim], int]:
        """A party's claims to show (those in the shown pairs first) and how many are left."""
        cap = OVERVIEW_CLAIMS_SHOWN if self.overview else MAX_CLAIMS_SHOWN
        if self.full or len(claims) <= cap:
            return claims, 0
        keep = _first_claims(claims, featured, cap)
        return [c for c in claims if c.claim_id in keep], len(claims) - len(keep)

    def _columns(
        self,
        section: TopicSection,
        claims: Sequence[StoredClaim],
        parties: Sequence[str],
        narrow: bool,
        featured: set[int] | None = None,
    ) -> RenderResult:
        groups = section.by_party(claims)
        cells: dict[str, list[Any]] = {}
        for party in parties:
            shown, left = self._claims_shown(groups[party], featured or set())
            cells[party] = [_claim_text(section, c) for c in shown]
            if left:
                cells[party].append(Text(f"… {left} more claim(s)", style="dim"))
        if narrow:
            for party in parties:
                yield Text(f"{party} ({len(groups[party])})", style="bold underline")
                yield from cells[party]
            return
        table = Table(show_lines=True, expand=True)
        for party in parties:
            table.add_column(f"{party} ({len(groups[party])})", ratio=1, vertical="top")
        table.add_row(*(Group(*cells[p]) for p in parties))
        yield table

    # ------------------------------------------------------------------ exports
    def to_dict(self) -> dict:
        """A JSON-ready dict of the report (everything: not a ``shown_only`` report).

        Raises:
            ValueError: The report was read with ``shown_only``.
        """
        if any(section.digest for section in self.sections):
            raise ValueError("a report read with shown_only has only what the text view shows")
        out = []
        for section in self.sections:
            groups = section.by_party()
            out.append(
                {
                    "topic_id": section.topic.topic_id,
                    "label": section.topic.label,
                    "n_claims": section.topic.n_claims,
                    "parties": {
                        party: [_claim_dict(section, c) for c in groups[party]]
                        for party in (*section.parties, *([UNKNOWN] if groups.get(UNKNOWN) else []))
                    },
                    "issues": [
                        {
                            "issue_id": g.issue_id,
                            "label": g.label,
                            "disputed": g.disputed,
                            "claims": [c.claim_id for c in g.claims],
                        }
                        for g in section.issues()
                    ],
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
        return {"topics": out, "more_topics": self.more_topics}

    def to_markdown(self) -> str:
        """The report as Markdown, one side-by-side table per disputed point."""
        lines: list[str] = []
        for section in self.sections:
            lines += [f"## Topic {section.topic.topic_id}: {section.topic.label}", ""]
            groups, hidden = self._issues_shown(section)
            if hidden:
                lines += [f"_{self._hidden_note(section, hidden)}_", ""]
            for group in groups:
                title = f"Issue {group.issue_id}: {group.label}" if group.label else "Claims"
                if not group.disputed:
                    title = f"{title} (one side only)"
                lines += [f"### {title}", ""]
                shown = self._strongest(group.pairs)
                featured = {i for p in shown for i in (p.claim_a, p.claim_b)}
                parties, others = self._parties_shown(section, group, shown)
                by_party = section.by_party(group.claims)
                claims = [
                    c for party in parties for c in self._claims_shown(by_party[party], featured)[0]
                ]
                lines += _markdown_table(section, claims, parties)
                if others:
                    lines.append(f"_{self._others_note(section, group, others)}_")
                elif len(claims) < len(group.claims):
                    lines.append(f"_{len(group.claims) - len(claims)} more claim(s) not shown_")
                lines += [_pair_md(pair) for pair in shown]
                if len(shown) < group.pair_count:
                    lines.append(f"- _{group.pair_count - len(shown)} more pair(s) not shown_")
                lines.append("")
            across, n_across = _cross_pairs(section)
            if across:
                shown = self._strongest(across)
                lines += ["### Clashes across points", ""]
                lines += [_pair_md(pair) for pair in shown]
                if len(shown) < n_across:
                    lines.append(f"- _{n_across - len(shown)} more pair(s) not shown_")
                lines.append("")
            unknown, n_unknown = self._unknown_shown(section)
            if n_unknown:
                lines.append("Claims whose party is unknown:")
                lines.extend(f"- {_claim_md(section, c)}" for c in unknown)
                if n_unknown > len(unknown):
                    lines.append(f"- _{n_unknown - len(unknown)} more claim(s) not shown_")
                lines.append("")
        if self.more_topics:
            lines += [f"_{self.more_note}_", ""]
        return "\n".join(lines).rstrip() + "\n"


def _cross_pairs(section: TopicSection) -> tuple[Sequence[ClaimPair], int]:
    """A topic's pairs across issues (the strongest only in a digest), and how many."""
    if section.digest:
        return section.digest.across, section.digest.n_across
    across = section.cross_pairs()
    return across, len(across)


def _digests(store: Store, topics: list[Topic], overview: bool) -> tuple[TopicSection, ...]:
    """Read only what the text and Markdown views show of each topic (see :class:`Digest`).

    The issues, pairs and claims chosen are those :class:`Report` would pick from the whole
    topic: the most disputed issues (and, in one topic's report, the first one-sided ones),
    each issue's strongest pairs, the strongest pairs across issues, the first claims
    without a party.
    """
    if not topics:
        return ()
    ids = [t.topic_id for t in topics]
    pair_cap = OVERVIEW_PAIRS_SHOWN if overview else MAX_PAIRS_SHOWN
    claim_cap = OVERVIEW_CLAIMS_SHOWN if overview else MAX_CLAIMS_SHOWN
    inside: dict[tuple[int, int | None], PairGroup] = {}
    across: dict[int, PairGroup] = {}
    for group in store.strongest_pairs(ids, pair_cap):
        if group.across:
            across[group.topic_id] = group
        else:
            inside[group.topic_id, group.issue_id] = group
    stats: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for topic_id, issue_id, label, n_parties in store.issue_parties(ids):
        pairs = inside.get((topic_id, issue_id))
        n_pairs, n_contra = (pairs.n_pairs, pairs.n_contradictions) if pairs else (0, 0)
        stats[topic_id].append((issue_id, label, n_parties, n_pairs, n_contra))
    party_counts: dict[int, dict[str | None, int]] = defaultdict(dict)
    for topic_id, party, n in store.party_counts(ids):
        party_counts[topic_id][party] = n
    shown: dict[int, list[tuple[Any, ...]]] = {}
    hidden: dict[int, int] = {}
    for topic_id in ids:
        rows = stats[topic_id]  # (issue_id, label, n_parties, n_pairs, n_contradictions)
        by_id = {r[0]: r for r in rows}
        picked, hidden[topic_id] = _pick_issues(
            [(r[0], r[2] >= 2 or r[3] > 0, r[4]) for r in rows], overview
        )
        shown[topic_id] = [by_id[i] for i in picked]
    no_pairs = PairGroup(0, True, None, 0, 0, ())
    claims = store.claims_for_report(
        [(t, r[0]) for t in ids for r in shown[t]],
        sorted({i for g in across.values() for p in g.strongest for i in (p.claim_a, p.claim_b)}),
        claim_cap,
        ids,
    )
    built = []
    for topic in topics:
        topic_id = topic.topic_id
        mine = [c for c in claims if c.topic_id == topic_id]
        members: dict[int | None, list[StoredClaim]] = defaultdict(list)
        for claim in mine:
            if claim.party:
                members[claim.issue_id].append(claim)
        groups = tuple(
            IssueGroup(
                issue_id,
                label,
                tuple(members[issue_id]),
                inside.get((topic_id, issue_id), no_pairs).strongest,
                n_pairs,
            )
            for issue_id, label, _, n_pairs, _ in shown[topic_id]
        )
        known = party_counts[topic_id]
        clashes = across.get(topic_id, no_pairs)
        digest = Digest(
            groups,
            hidden[topic_id],
            clashes.strongest,
            clashes.n_pairs,
            tuple([c for c in mine if not c.party][:claim_cap]),
            known.get(None, 0),
        )
        parties = _most_first({p: n for p, n in known.items() if p})
        built.append((topic, parties, mine, digest))
    shown_ids = [i for *_, digest in built for i in _claims_on_screen(digest, claim_cap)]
    appearances = store.appearances(shown_ids)  # the sources under each claim shown
    return tuple(
        TopicSection(
            topic,
            parties,
            tuple(mine),
            tuple(p for ps in (*(g.pairs for g in digest.groups), digest.across) for p in ps),
            {g.issue_id: g.label for g in digest.groups if g.issue_id is not None},
            {c.claim_id: appearances[c.claim_id] for c in mine if c.claim_id in appearances},
            digest,
        )
        for topic, parties, mine, digest in built
    )


def _claims_on_screen(digest: Digest, cap: int) -> set[int]:
    """Ids of every claim the text view can show of a digest (a few more at most).

    Per issue and party, the claims of the shown pairs first, then the lowest ids, as
    :meth:`Report._claims_shown` picks them; and the party-less claims shown.
    """
    ids = {c.claim_id for c in digest.unknown}
    for group in digest.groups:
        featured = {i for p in group.pairs for i in (p.claim_a, p.claim_b)}
        by_party: dict[str | None, list[StoredClaim]] = defaultdict(list)
        for claim in group.claims:
            by_party[claim.party].append(claim)
        for claims in by_party.values():
            ids |= _first_claims(claims, featured, cap)
    return ids


def _first_claims(claims: Iterable[StoredClaim], featured: set[int], cap: int) -> set[int]:
    """Ids of the ``cap`` claims a column shows first: those in shown pairs, then by id."""
    ranked = sorted(claims, key=lambda c: (c.claim_id not in featured, c.claim_id))
    return {c.claim_id for c in ranked[:cap]}


def _pick_issues(
    issues: Sequence[tuple[int | None, bool, int]], overview: bool
) -> tuple[list[int | None], int]:
    """Which issues a view shows, in order, and how many it leaves out.

    Args:
        issues: ``(issue_id, disputed, n_contradictions)`` in issue order.
        overview: The several-topics overview: fewer issues, no one-sided ones.

    Returns:
        The disputed issues with the most contradictions first, then (one topic's view)
        the first one-sided ones, each capped; and the number not shown.
    """
    cap = OVERVIEW_ISSUES_SHOWN if overview else MAX_ISSUES_SHOWN
    disputed = sorted((i for i in issues if i[1]), key=lambda i: (-i[2], i[0] or 0))[:cap]
    one_sided = [] if overview else [i for i in issues if not i[1]][:cap]
    picked = [i[0] for i in (*disputed, *one_sided)]
    return picked, len(issues) - len(picked)


def _parties_by_claims(claims: Iterable[StoredClaim]) -> tuple[str, ...]:
    """The parties of some claims, most claims first."""
    counts: dict[str, int] = defaultdict(int)
    for claim in claims:
        if claim.party:
            counts[claim.party] += 1
    return _most_first(counts)


def _most_first(counts: dict[str, int]) -> tuple[str, ...]:
    """Parties by their claim counts, most first (ties by name): the column order."""
    return tuple(sorted(counts, key=lambda p: (-counts[p], p)))


def _pair_md(pair: ClaimPair) -> str:
    return (
        f"- **{pair.relation} {pair.score:.2f}**: #{pair.claim_a} \u2194 "
        f"#{pair.claim_b}: {pair.reason}"
    )


def _markdown_table(
    section: TopicSection, claims: Sequence[StoredClaim], parties: Sequence[str]
) -> list[str]:
    groups = section.by_party(claims)
    lines = ["| " + " | ".join(parties) + " |", "|" + "---|" * len(parties)]
    depth = max((len(groups[p]) for p in parties), default=0)
    for row in range(depth):
        cells = [
            _claim_md(section, groups[p][row]) if row < len(groups[p]) else "" for p in parties
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    return lines


def _claim_dict(section: TopicSection, claim: StoredClaim) -> dict:
    return {
        "claim_id": claim.claim_id,
        "issue_id": claim.issue_id,
        "text": claim.text,
        "speaker": claim.speaker,
        "party": claim.party,
        "cue": claim.cue,
        "kind": claim.kind,
        "outlet": claim.outlet,
        "url": claim.url,
        "published": claim.published.isoformat() if claim.published else None,
        "appearances": [
            {
                "outlet": a[3],
                "published": a[4].isoformat() if a[4] else None,
                "url": a[5],
            }
            for a in section.sources(claim)
        ],
    }


def _claim_md(section: TopicSection, claim: StoredClaim) -> str:
    text = claim.text.replace("|", "\\|").replace("\n", " ")
    return (
        f"#{claim.claim_id} \u201c{text}\u201d \u2014 {claim.speaker or 'unnamed'} "
        f"({claim.cue}), {_sources_text(section, claim)}"
    )


MAX_CLAIM_PAIRS_SHOWN = 5
"""Pairs shown under one claim by :class:`ClaimView`, contradictions first, strongest
first (JSON has all)."""
MAX_PASSAGE = 700
"""Characters of the article shown around a claim by :class:`ClaimView` (a longer
paragraph is cut, with an ellipsis, around the claim)."""


@dataclass(frozen=True)
class ClaimView:
    """One claim in full: its passage in the article, every appearance, pairs, verdicts.

    What a fact-checker checks before trusting a claim: the words around it, who said it
    and where it was published. Print it to a ``Console``, or :meth:`to_dict` for JSON.
    """

    claim: StoredClaim
    source: tuple[Any, ...]  # see Store.claim_source
    appearances: tuple[Appearance, ...]
    pairs: tuple[ClaimPair, ...]
    others: dict[int, StoredClaim]  # the other claim of each pair
    verdicts: tuple[tuple[Any, ...], ...]  # (rating, note, reviewer, created_at), newest first
    topic: Topic | None = None
    issue: str | None = None

    @classmethod
    def from_store(cls, store: Store, claim_id: int) -> ClaimView:
        """Read one claim and what surrounds it.

        Raises:
            NotFoundError: No claim has this id.
        """
        claim = store.claim(claim_id)
        source = store.claim_source(claim_id)
        if claim is None or source is None:
            raise NotFoundError(f"no claim {claim_id}; `claims sql` can list them")
        pairs = store.pairs_of_claim(claim_id)
        others = store.claims_by_id(
            sorted({p.claim_b if p.claim_a == claim_id else p.claim_a for p in pairs})
        )
        topic = store.topic(claim.topic_id) if claim.topic_id is not None else None
        issue = None
        if topic is not None and claim.issue_id is not None:
            labels = {i: label for i, label, _ in store.issues_in_topic(topic.topic_id)}
            issue = labels.get(claim.issue_id)
        return cls(
            claim=claim,
            source=tuple(source),
            appearances=tuple(store.appearances([claim_id]).get(claim_id, [])),
            pairs=tuple(pairs),
            others=others,
            verdicts=tuple(tuple(v) for v in store.verdicts_of_claim(claim_id)),
            topic=topic,
            issue=issue,
        )

    def passage(self) -> tuple[str, int]:
        """The paragraph holding the claim, cut to :data:`MAX_PASSAGE` around it.

        A claim whose speaker, cue and content together run longer (a quotation over
        several paragraphs) is shown whole.

        Returns:
            The passage and the offset of its first character in the article.
        """
        text = self.source[0]
        spans = [(s, e) for s, e in self._spans().values()]
        lo, hi = min(s for s, _ in spans), max(e for _, e in spans)
        start = text.rfind("\n", 0, lo) + 1
        end = text.find("\n", hi)
        end = len(text) if end < 0 else end
        if end - start > MAX_PASSAGE:
            margin = max(0, (MAX_PASSAGE - (hi - lo)) // 2)
            start, end = max(start, lo - margin), min(end, hi + margin)
        return text[start:end], start

    def _spans(self) -> dict[str, tuple[int, int]]:
        _, _, start, end, s_start, s_end, c_start, c_end = self.source
        spans = {"content": (start, end), "cue": (c_start, c_end)}
        if s_start is not None and s_end is not None:
            spans["speaker"] = (s_start, s_end)
        return spans

    def _passage_text(self) -> Text:
        passage, offset = self.passage()
        text = Text(passage)
        styles = {"content": "bold", "cue": "italic magenta", "speaker": "bold cyan"}
        for role, (start, end) in self._spans().items():
            text.stylize(styles[role], max(0, start - offset), max(0, end - offset))
        before = "\u2026" if offset > 0 and self.source[0][offset - 1] != "\n" else ""
        stop = offset + len(passage)
        after = "\u2026" if stop < len(self.source[0]) and self.source[0][stop] != "\n" else ""
        return Text(before) + text + Text(after)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        c = self.claim
        head = Text(f"Claim #{c.claim_id}", style="bold")
        head.append(f" \u00b7 {c.party or UNKNOWN}")
        if self.topic is not None:
            head.append(f" \u00b7 topic {self.topic.topic_id}: {self.topic.label}", style="dim")
        yield head
        if self.issue:
            yield Text(f"Issue: {self.issue}", style="dim")
        yield Text(f"\u201c{c.text}\u201d")
        yield Text(f"  \u2014 {c.speaker or 'unnamed'} ({c.cue}) \u00b7 {c.kind}", style="italic")
        yield Text("")
        title = self.source[1]
        named = f" \u201c{title}\u201d" if title else ""
        yield Text(f"In the article{named}:", style="bold")
        yield self._passage_text()
        yield Text("")
        yield Text("Published", style="bold")
        for n, appearance in enumerate(self.appearances):
            line = Text(f"  {_source_line(appearance)}", style="cyan")
            if n == 0:
                line.append("  (first)", style="dim")
            if appearance[5]:
                line.append(f"\n    {appearance[5]}")
            yield line
        if self.pairs:
            yield Text("")
            yield Text("Pairs", style="bold")
            for pair in self.pairs[:MAX_CLAIM_PAIRS_SHOWN]:
                other_id = pair.claim_b if pair.claim_a == c.claim_id else pair.claim_a
                other = self.others.get(other_id)
                style = "bold red" if pair.relation == "contradiction" else "bold green"
                line = Text(f"  {pair.relation} {pair.score:.2f}", style=style)
                party = other.party if other else None
                line.append(f"  #{other_id} ({party or UNKNOWN})")
                if other is not None:
                    line.append(f" \u201c{other.text}\u201d \u2014 {other.speaker or 'unnamed'}")
                line.append(f"\n    {pair.reason}", style="dim")
                yield line
            hidden = len(self.pairs) - MAX_CLAIM_PAIRS_SHOWN
            if hidden > 0:
                yield Text(
                    f"  \u2026 {hidden} more pair(s): "
                    f"`claims claim show {c.claim_id} --format json`",
                    style="dim",
                )
        if self.verdicts:
            yield Text("")
            yield Text("Verdicts (newest first)", style="bold")
            for rating, note, reviewer, created in self.verdicts:
                line = Text(f"  {rating}", style="bold")
                line.append(f"  {reviewer or 'anonymous'}, {created:%Y-%m-%d}")
                if note:
                    line.append(f": {note}")
                yield line

    def to_dict(self) -> dict:
        """JSON-ready: the claim, its spans, passage, appearances, pairs and verdicts."""
        c = self.claim
        passage, offset = self.passage()
        return {
            "claim_id": c.claim_id,
            "text": c.text,
            "speaker": c.speaker,
            "party": c.party,
            "cue": c.cue,
            "kind": c.kind,
            "topic_id": c.topic_id,
            "topic": self.topic.label if self.topic else None,
            "issue_id": c.issue_id,
            "issue": self.issue,
            "doc_id": c.doc_id,
            "title": self.source[1],
            "spans": {role: list(span) for role, span in self._spans().items()},
            "passage": passage,
            "passage_start": offset,
            "appearances": [
                {
                    "doc_id": a[0],
                    "outlet": a[3],
                    "published": a[4].isoformat() if a[4] else None,
                    "url": a[5],
                }
                for a in self.appearances
            ],
            "pairs": [
                {
                    "claim_id": p.claim_b if p.claim_a == c.claim_id else p.claim_a,
                    "relation": p.relation,
                    "score": round(p.score, 4),
                    "reason": p.reason,
                }
                for p in self.pairs
            ],
            "verdicts": [
                {
                    "rating": r,
                    "note": n,
                    "reviewer": w,
                    "created_at": t.isoformat() if t else None,
                }
                for r, n, w, t in self.verdicts
            ],
        }
