import io
import json
from dataclasses import replace
from datetime import date

import numpy as np
from rich.console import Console

from claims.models import ClaimPair, StoredClaim, Topic
from claims.report import Report, TopicSection


def _claim(cid, text, party, speaker, outlet):
    return StoredClaim(
        cid,
        1,
        text,
        speaker,
        party,
        "said",
        "direct",
        1,
        outlet,
        f"https://{outlet}.example/a",
        date(2025, 3, 11),
    )


SECTION = TopicSection(
    topic=Topic(1, "Poland, Belarus: depot fire call", 4),
    parties=("Poland", "Belarus"),
    claims=(
        _claim(
            1,
            "There is no evidence linking our forces to the fire",
            "Poland",
            "Jan Nowicki",
            "vistula",
        ),
        _claim(
            2,
            "Polish special services organised the fire",
            "Belarus",
            "Viktor Hlebovich",
            "meridian",
        ),
        _claim(3, "The call lasted about an hour", "Belarus", "Andrei Sushko", "eastbound"),
        _claim(4, "Both sides will keep talking", None, "an official", "ledger"),
    ),
    pairs=(ClaimPair(1, 2, "contradiction", 0.91, "dispute cue 'no evidence'; one side negates"),),
)
REPORT = Report((SECTION,))


def render(width, report=REPORT):
    buf = io.StringIO()
    Console(file=buf, width=width, color_system=None).print(report)
    return buf.getvalue()


def _issues(n, contradictions):
    """``n`` issues, each one Polish and one Belarusian claim, with ``contradictions(i)``
    contradiction pairs in issue ``i``; returns claims, pairs and issue labels."""
    claims, pairs = [], []
    for i in range(n):
        a = _claim(2 * i + 1, f"Polish view {i}", "Poland", "A", "vistula")
        b = _claim(2 * i + 2, f"Belarus view {i}", "Belarus", "B", "meridian")
        claims += [replace(a, issue_id=i + 1), replace(b, issue_id=i + 1)]
        pairs += [ClaimPair(a.claim_id, b.claim_id, "contradiction", 0.8, "r")] * contradictions(i)
    return claims, pairs, {i + 1: f"point {i}" for i in range(n)}


def test_wide_terminal_has_party_columns_side_by_side():
    out = render(160)
    header = next(line for line in out.splitlines() if "Poland (1)" in line)
    assert "Belarus (2)" in header  # both columns on one line
    assert "Jan Nowicki" in out and "vistula · 2025-03-11" in out
    assert "contradiction 0.91" in out and "#1 (Poland) ↔ #2 (Belarus)" in out
    assert "party is unknown (1)" in out


def test_narrow_terminal_stacks_parties():
    out = render(70)
    lines = out.splitlines()
    assert not any("Poland (1)" in line and "Belarus (2)" in line for line in lines)
    assert any(line.startswith("Poland (1)") for line in lines)
    assert any(line.startswith("Belarus (2)") for line in lines)


def test_markdown_table():
    md = REPORT.to_markdown()
    assert "## Topic 1: Poland, Belarus: depot fire call" in md
    assert "| Poland | Belarus |" in md
    assert "|---|---|" in md
    rows = [line for line in md.splitlines() if line.startswith("|") and "#" in line]
    assert len(rows) == 2  # Belarus has two claims: two rows
    assert "**contradiction 0.91**" in md


def test_json():
    data = json.loads(json.dumps(REPORT.to_dict()))
    topic = data["topics"][0]
    assert list(topic["parties"]) == ["Poland", "Belarus", "party unknown"]
    assert topic["parties"]["Poland"][0]["speaker"] == "Jan Nowicki"
    assert topic["parties"]["Poland"][0]["published"] == "2025-03-11"
    assert topic["pairs"][0]["relation"] == "contradiction"


def test_empty_report():
    buf = io.StringIO()
    Console(file=buf, width=80).print(Report(()))
    assert "No topics yet" in buf.getvalue()


def _three_topics(store):
    """Topic sizes 3, 2, 2; only the last topic has a contradiction pair."""
    from claims.models import Claim, ClaimPair, Document, Span
    from claims.store import TopicRow

    def claim(text, party):
        return Claim(text, Span(0, len(text)), "A", None, "said", Span(0, 1), "indirect", party)

    topic_ids = []
    with store.transaction():
        for n, size in enumerate((3, 2, 2)):
            doc_id = store.add_document(Document(text=f"document {n}"))
            claims = [claim(f"point {n}.{k}", ("France", "Russia")[k % 2]) for k in range(size)]
            vecs = np.eye(384, dtype=np.float32)[[10 * n + k for k in range(size)]]
            ids = store.add_claims(doc_id, claims, vecs, "m")
            topic_id = store.save_topic(TopicRow(0, f"topic {n}", size, None, (), None, None))
            store.set_topic(ids, topic_id)
            topic_ids.append((topic_id, ids))
        last_topic, (a, b) = topic_ids[-1]
        store.add_pairs([ClaimPair(a, b, "contradiction", 0.9, "one side negates the other")])
        store.refresh_topic_counts()
    return [t for t, _ in topic_ids]


def test_report_shows_the_most_disputed_topics_first_and_says_what_it_leaves_out(fresh_db):
    big, _, disputed = _three_topics(fresh_db)
    report = Report.from_store(fresh_db, limit=2)
    assert [s.topic.topic_id for s in report.sections] == [disputed, big]
    assert report.more_topics == 1
    buf = io.StringIO()
    Console(file=buf, width=120).print(report)
    assert "1 more topic(s) not shown" in buf.getvalue()
    assert "1 more topic(s) not shown" in report.to_markdown()
    assert report.to_dict()["more_topics"] == 1
    everything = Report.from_store(fresh_db)
    assert len(everything.sections) == 3 and everything.more_topics == 0
    assert "not shown" not in everything.to_markdown()
    brief = Report.from_store(fresh_db, shown_only=True)  # topics without pairs too
    assert render(120, brief) == render(120, everything)
    assert brief.to_markdown() == everything.to_markdown()


def test_pairs_across_issues_are_listed_once_after_the_issues():

    claims = tuple(
        replace(c, issue_id=issue)
        for c, issue in zip(SECTION.claims, (10, 10, 20, None), strict=True)
    )
    across = ClaimPair(1, 3, "contradiction", 0.7, "numbers differ (1 vs 2)")
    section = replace(
        SECTION,
        claims=claims,
        pairs=(*SECTION.pairs, across),
        issue_labels={10: "who started the fire", 20: "how long was the call"},
    )
    groups = {g.issue_id: g for g in section.issues()}
    assert groups[10].pairs == SECTION.pairs and groups[20].pairs == ()
    assert section.cross_pairs() == (across,)
    text = render(120, Report((section,)))
    assert text.count("numbers differ (1 vs 2)") == 1
    assert text.index("Clashes across points") > text.index("who started the fire")
    markdown = Report((section,)).to_markdown()
    assert "### Clashes across points" in markdown and markdown.count("numbers differ") == 1


def test_big_issue_shows_its_strongest_pairs_and_a_few_claims_unless_full():

    from claims.report import MAX_CLAIMS_SHOWN, MAX_PAIRS_SHOWN

    n = MAX_CLAIMS_SHOWN + 4
    poland = [_claim(i, f"Polish point {i}", "Poland", "A", "vistula") for i in range(1, n + 1)]
    belarus = [_claim(100 + i, f"Belarus point {i}", "Belarus", "B", "meridian") for i in range(n)]
    claims = tuple(replace(c, issue_id=1) for c in poland + belarus)
    pairs = tuple(
        ClaimPair(a.claim_id, b.claim_id, "contradiction", round(0.5 + 0.001 * k, 3), f"r{k}")
        for k, (a, b) in enumerate(zip(poland, belarus, strict=True))
    )
    section = replace(SECTION, claims=claims, pairs=pairs, issue_labels={1: "the point"})

    brief = render(160, Report((section,)))
    strongest = sorted(pairs, key=lambda p: -p.score)[:MAX_PAIRS_SHOWN]
    assert all(f"{p.score:.2f}  #{p.claim_a}" in brief for p in strongest)
    assert f"{len(pairs) - MAX_PAIRS_SHOWN} more pair(s)" in brief
    assert "4 more claim(s)" in brief
    assert "Polish point 12" in brief  # in the strongest pair, so shown
    assert "Polish point 5”" not in brief  # in no shown pair, not among the first ids
    full = render(160, Report((section,), full=True))
    assert "more pair(s)" not in full and "Polish point 5”" in full
    markdown = Report((section,)).to_markdown()
    assert f"{len(pairs) - MAX_PAIRS_SHOWN} more pair(s) not shown" in markdown
    assert len(Report((section,)).to_dict()["topics"][0]["pairs"]) == len(pairs)


def test_a_topic_with_many_issues_shows_the_most_disputed_ones():
    from claims.report import MAX_ISSUES_SHOWN

    n = MAX_ISSUES_SHOWN + 3
    # issues 1-3 are disputed but have no contradiction pair
    claims, pairs, labels = _issues(n, lambda i: int(i >= 3))
    section = replace(SECTION, claims=tuple(claims), pairs=tuple(pairs), issue_labels=labels)
    text = render(160, Report((section,)))
    assert "3 more issue(s) not shown" in text
    assert "Issue 4: point 3" in text and "Issue 1: point 0" not in text
    assert "more issue(s)" not in Report((section,), full=True).to_markdown()


def test_the_overview_shows_a_few_disputed_issues_per_topic_and_points_to_the_rest():
    from claims.report import OVERVIEW_ISSUES_SHOWN

    n = OVERVIEW_ISSUES_SHOWN + 2
    claims, pairs, labels = _issues(n, lambda i: i + 1)  # issue i+1: i+1 contradictions
    lone = replace(_claim(99, "A one-sided point", "Poland", "A", "vistula"), issue_id=n + 1)
    labels[n + 1] = f"point {n}"
    section = replace(SECTION, claims=(*claims, lone), pairs=tuple(pairs), issue_labels=labels)
    topic_id = section.topic.topic_id
    overview = Report((section,), overview=True)
    text = render(160, overview)
    shown = [i for i in range(n) if f"Issue {i + 1}: point {i}" in text]
    assert shown == list(range(n - OVERVIEW_ISSUES_SHOWN, n))  # the most contradicted
    assert "one-sided point" not in text
    note = f"3 more issue(s) in this topic: `claims report {topic_id}`"
    assert note in text and note in overview.to_markdown()
    single = Report((section,))  # one topic asked for: every issue (fewer than the cap)
    assert all(f"point {i}" in single.to_markdown() for i in range(n + 1))


def _busy_topics(store, seed=3):
    """Two topics with many issues, parties, tied and untied pairs inside and across
    issues, claims outside any issue and more party-less claims than any view shows."""
    import random

    from claims.models import Claim, Document, Span
    from claims.store import TopicRow

    rng = random.Random(seed)
    parties = ["France", "Russia", "Poland", "Belarus", "Serbia", None]
    topic_ids = []
    with store.transaction():
        for t in range(2):
            doc_id = store.add_document(Document(text=f"busy document {t}"))
            texts = [f"topic {t} point {k}" for k in range(90)]
            claims = [  # the first issue (claims 5-10) has all five parties
                Claim(
                    x,
                    Span(0, len(x)),
                    f"S{k % 7}",
                    None,
                    "said",
                    Span(0, 1),
                    "indirect",
                    parties[k % 5] if 5 <= k < 11 else rng.choice(parties),
                )
                for k, x in enumerate(texts)
            ]
            vecs = np.eye(384, dtype=np.float32)[[90 * t + k for k in range(90)]]
            ids = store.add_claims(doc_id, claims, vecs, "m")
            topic_id = store.save_topic(TopicRow(0, f"busy {t}", 90, None, (), None, None))
            store.set_topic(ids, topic_id)
            topic_ids.append(topic_id)
            again = Document(
                text=f"busy reprint {t}", outlet=f"Reprint {t}", published=date(2025, 1, 2)
            )
            again_id = store.add_document(again)
            store.add_appearances(again_id, [(ids[k], claims[k]) for k in range(0, 90, 3)], again)
            for i in range(14):  # claims 0-4 stay outside any issue
                issue = store.new_issue(topic_id, f"busy {t} issue {i}")
                store.set_issue(ids[5 + 6 * i : 11 + 6 * i], issue)
            pairs = {}
            for _ in range(400):
                a, b = sorted(rng.sample(ids, 2))
                relation = rng.choice(["contradiction", "agreement"])
                pairs[a, b] = ClaimPair(a, b, relation, rng.choice([0.5, 0.75, 0.9]), f"r{a}-{b}")
            store.add_pairs(list(pairs.values()))
        store.refresh_topic_counts()
        store.refresh_issues()
    return topic_ids


def test_a_report_read_with_shown_only_renders_as_the_whole_topics_do(fresh_db):
    from claims.report import OVERVIEW_PARTIES_SHOWN

    topic_ids = _busy_topics(fresh_db)
    for topic_id in (None, *topic_ids):
        for full in (False, True):
            whole = Report.from_store(fresh_db, topic_id, full=full)
            digest = Report.from_store(fresh_db, topic_id, full=full, shown_only=True)
            assert any(s.digest for s in digest.sections) == (not full)
            for width in (70, 160):
                assert render(width, digest) == render(width, whole)
            assert digest.to_markdown() == whole.to_markdown()
    overview = render(200, Report.from_store(fresh_db, shown_only=True))
    assert "more part" in overview  # five parties: over the cap
    headers = [line for line in overview.splitlines() if line.count(")") > 1 and "│" in line]
    assert headers and max(h.count(")") for h in headers) == OVERVIEW_PARTIES_SHOWN
    single = render(200, Report.from_store(fresh_db, topic_ids[0], shown_only=True))
    assert "more part" not in single  # one topic: every column
    assert any(h.count(")") == 5 for h in single.splitlines() if "│" in h)


def test_a_shown_only_report_has_no_json(fresh_db):
    import pytest

    _busy_topics(fresh_db)
    with pytest.raises(ValueError, match="shown_only"):
        Report.from_store(fresh_db, shown_only=True).to_dict()


def test_the_overview_keeps_the_columns_of_the_strongest_pair():
    from claims.report import OVERVIEW_PARTIES_SHOWN

    sizes = {"France": 5, "Russia": 4, "Poland": 3, "Serbia": 1, "Chile": 1}
    claims, cid = [], 0
    for party, n in sizes.items():
        for k in range(n):
            cid += 1
            claims.append(replace(_claim(cid, f"{party} view {k}", party, "A", "x"), issue_id=1))
    serbia, chile = cid - 1, cid  # the two smallest parties hold the strongest pair
    pairs = (
        ClaimPair(serbia, chile, "contradiction", 0.95, "strongest"),
        ClaimPair(1, 6, "contradiction", 0.6, "weaker"),
    )
    section = replace(
        SECTION,
        parties=tuple(sizes),
        claims=tuple(claims),
        pairs=pairs,
        issue_labels={1: "the point"},
    )
    text = render(200, Report((section,), overview=True))
    header = next(line for line in text.splitlines() if "Serbia (1)" in line)
    assert "Chile (1)" in header and "France (5)" in header  # then the largest party
    assert header.count("(") == OVERVIEW_PARTIES_SHOWN
    assert "2 more parties on this point (Russia, Poland; 7 claim(s))" in text


def _one_call(store, *, filler=""):
    """An article with a Polish and a Belarusian claim, a pair between them and a verdict;
    ``filler`` lengthens the Polish claim's paragraph. Returns the two claim ids."""
    from claims.models import Claim, Document, Span

    polish = "Warsaw said the call had been requested by Minsk."
    belarus = 'Minsk said "Warsaw asked for this conversation".'
    text = f"Headline line\n\n{filler}In Warsaw, {polish}\n\n{belarus}\n\nComments (2)"
    doc = Document(text, "https://ledger.example/call", "Northern Ledger", date(2025, 3, 12))

    def claim(sentence, content, party):
        at = text.index(sentence)
        start = at + sentence.index(content)
        return Claim(
            content,
            Span(start, start + len(content)),
            party,
            Span(at, at + 6),
            "said",
            Span(at + 7, at + 11),
            "indirect",
            party,
        )

    with store.transaction():
        doc_id = store.add_document(doc)
        claims = [
            claim(polish, "the call had been requested by Minsk", "Poland"),
            claim(belarus, "Warsaw asked for this conversation", "Belarus"),
        ]
        a, b = store.add_claims(doc_id, claims, np.eye(384, dtype=np.float32)[:2], "m", doc)
        store.add_pairs([ClaimPair(a, b, "contradiction", 0.93, "each side names the other")])
        store.add_verdict(a, "False", "the readouts disagree", "ana")
    return a, b


def _show(view, width=100):
    buf = io.StringIO()
    Console(file=buf, width=width, color_system=None).print(view)
    return buf.getvalue()


def test_claim_view_shows_the_claim_in_its_paragraph_with_sources_pairs_and_verdicts(fresh_db):
    from claims.report import ClaimView

    a, b = _one_call(fresh_db)
    view = ClaimView.from_store(fresh_db, a)
    out = _show(view)
    assert "Claim #1 · Poland" in out
    assert "In Warsaw, Warsaw said the call had been requested by Minsk." in out
    assert "Headline line" not in out and "Comments" not in out  # only its paragraph
    assert "Northern Ledger · 2025-03-12  (first)" in out
    assert "https://ledger.example/call" in out
    assert f"contradiction 0.93  #{b} (Belarus) “Warsaw asked for this conversation”" in out
    assert "False  ana, " in out and "the readouts disagree" in out
    data = view.to_dict()
    passage, start = data["passage"], data["passage_start"]
    for role, (s, e) in data["spans"].items():
        assert (
            passage[s - start : e - start]
            == {
                "content": "the call had been requested by Minsk",
                "cue": "said",
                "speaker": "Warsaw",
            }[role]
        )
    assert data["pairs"] == [
        {"claim_id": b, "relation": "contradiction", "score": 0.93,
         "reason": "each side names the other"}
    ]  # fmt: skip
    assert ClaimView.from_store(fresh_db, b).to_dict()["pairs"][0]["claim_id"] == a


def test_claim_view_cuts_a_long_paragraph_around_the_claim(fresh_db):
    from claims.report import MAX_PASSAGE, ClaimView

    a, _ = _one_call(fresh_db, filler="Background sentence. " * 100)
    passage = ClaimView.from_store(fresh_db, a).passage()[0]
    assert len(passage) <= MAX_PASSAGE
    assert "Warsaw said the call had been requested by Minsk." in passage
    out = _show(ClaimView.from_store(fresh_db, a))
    assert "…Background sentence" in out or "… Background sentence" in out


def test_claim_view_of_an_unknown_claim_is_a_clear_error(fresh_db):
    import pytest

    from claims.errors import NotFoundError
    from claims.report import ClaimView

    _one_call(fresh_db)
    with pytest.raises(NotFoundError, match="no claim 99"):
        ClaimView.from_store(fresh_db, 99)
