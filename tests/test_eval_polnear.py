"""Tests for the PolNeAR scorer (claims.evaluation.polnear), on hand-made fixtures only."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console

from claims.evaluation.polnear import (
    MODES,
    PRF,
    ROLES,
    Article,
    Attribution,
    agreement,
    check_offsets,
    evaluate,
    gold_as_prediction,
    load_corpus,
    parse_brat,
    read_ann,
    score_article,
)

# --------------------------------------------------------------------------- helpers


def span(text: str, piece: str, occurrence: int = 0) -> tuple[int, int]:
    """Offsets of the ``occurrence``-th occurrence of ``piece`` in ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(piece, start + 1)
    return (start, start + len(piece))


def brat_offsets(*frags: tuple[int, int]) -> str:
    return ";".join(f"{s} {e}" for s, e in frags)


def brat_text(text: str, *frags: tuple[int, int]) -> str:
    return " ".join(text[s:e] for s, e in frags)


def t_line(tid: str, typ: str, text: str, *frags: tuple[int, int]) -> str:
    return f"{tid}\t{typ} {brat_offsets(*frags)}\t{brat_text(text, *frags)}"


def write(path: Path, content: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(content)
    return path


def one_role(role: str, *frags: tuple[int, int]) -> Attribution:
    return Attribution(**{role: tuple(frags)})


TEXT = (
    'Senator Jane Smith said that taxes will rise. "We will cut spending," '
    'the governor added, "and nobody will notice."\nAides were told to keep quiet.\n'
)


# --------------------------------------------------------------------------- read_ann


def standard_ann(text: str = TEXT) -> str:
    src = span(text, "Senator Jane Smith")
    cue = span(text, "said")
    content = span(text, "that taxes will rise")
    q1 = span(text, '"We will cut spending,"')
    q2 = span(text, '"and nobody will notice."')
    src2 = span(text, "the governor")
    cue2 = span(text, "added")
    cue3 = span(text, "were told")
    content3 = span(text, "to keep quiet")
    discuss = span(text, "Aides")
    lines = [
        t_line("T1", "Source", text, src),
        t_line("T2", "Cue", text, cue),
        t_line("T3", "Content", text, content),
        # trigger with deliberately different offsets: it must not become the cue
        t_line("T4", "Attribution", text, span(text, "Senator")),
        "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3",
        t_line("T5", "Content", text, q1, q2),  # discontiguous content
        t_line("T6", "Source", text, src2),
        t_line("T7", "Cue", text, cue2),
        t_line("T8", "Attribution", text, cue2),
        "E2\tAttribution:T8 Content:T5 Cue:T7 Source:T6",
        t_line("T9", "Cue", text, cue3),
        t_line("T10", "Content", text, content3),
        t_line("T11", "Attribution-no-source", text, cue3),
        "E3\tAttribution-no-source:T11 Cue:T9 Content:T10",
        t_line("T12", "Discuss", text, discuss),
        t_line("T13", "Source", text, discuss),  # never linked from an E line
        "#1\tAnnotatorNotes T12\tIs this an attribution?",
        "",
    ]
    return "\n".join(lines)


def test_read_ann_builds_one_attribution_per_event(tmp_path: Path) -> None:
    path = write(tmp_path / "a.ann", standard_ann())
    atts = read_ann(path)
    assert len(atts) == 3
    first = atts[0]
    assert first.source == (span(TEXT, "Senator Jane Smith"),)
    assert first.cue == (span(TEXT, "said"),)  # the trigger (offsets of "Senator") is ignored
    assert first.content == (span(TEXT, "that taxes will rise"),)


def test_read_ann_discontiguous_content(tmp_path: Path) -> None:
    atts = read_ann(write(tmp_path / "a.ann", standard_ann()))
    q1 = span(TEXT, '"We will cut spending,"')
    q2 = span(TEXT, '"and nobody will notice."')
    assert atts[1].content == (q1, q2)
    assert atts[1].source == (span(TEXT, "the governor"),)


def test_read_ann_missing_source(tmp_path: Path) -> None:
    atts = read_ann(write(tmp_path / "a.ann", standard_ann()))
    assert atts[2].source == ()
    assert atts[2].cue == (span(TEXT, "were told"),)
    assert atts[2].content == (span(TEXT, "to keep quiet"),)


def test_read_ann_ignores_discuss_and_unlinked_spans(tmp_path: Path) -> None:
    atts = read_ann(write(tmp_path / "a.ann", standard_ann()))
    aides = span(TEXT, "Aides")
    all_frags = [f for a in atts for role in ROLES for f in a.role(role)]
    assert aides not in all_frags


def test_read_ann_numbered_role_and_unsorted_fragments(tmp_path: Path) -> None:
    ann = "\n".join(
        [
            "T1\tContent 30 40;5 10\txxx",
            "T2\tContent 50 60\tyyy",
            "T3\tCue 20 24\tsaid",
            "T4\tAttribution 20 24\tsaid",
            "E1\tAttribution:T4 Cue:T3 Content:T1 Content2:T2",
            "E2\tAttribution:T4 Cue:T3 Content:T2 Content:T1",
        ]
    )
    first, second = read_ann(write(tmp_path / "a.ann", ann))
    assert first.content == ((5, 10), (30, 40), (50, 60))
    assert first.source == ()
    assert second.content == first.content


def test_read_ann_tolerates_odd_lines(tmp_path: Path) -> None:
    ann = "\n".join(
        [
            "",
            "T1\tContent 0 30\tfirst line of a quote",
            "second line of the span text",
            "",
            "third line after a blank",
            "garbage without tabs",
            "T2\tCue 31 35\tsaid",
            "T3\tAttribution 31 35\tsaid",
            "E1\tAttribution:T3 Cue:T2 Content:T1 Source:T99",  # T99 does not exist
            "E2\t",
            "R1\tRel Arg1:T1 Arg2:T2",
            "",
        ]
    )
    atts = read_ann(write(tmp_path / "a.ann", ann))
    assert atts == [Attribution(source=(), cue=((31, 35),), content=((0, 30),)), Attribution()]


def test_parse_brat_rebuilds_multiline_span_text() -> None:
    spans, events = parse_brat("T1\tContent 0 9\tab\n\ncd\nT2\tCue 10 14\tsaid\nE1\tCue:T2\n")
    assert spans["T1"].text == "ab\n\ncd"
    assert spans["T2"].text == "said"
    assert events == [{"Cue": ["T2"]}]


# --------------------------------------------------------------------------- load_corpus


def make_corpus(root: Path, metadata: bool = True) -> Path:
    """Two nyt articles (one with two annotators) and one politico article."""
    text_a = TEXT
    text_b = "Line one.\r\nThe mayor said the road is closed.\r\n"
    text_c = "Officials said: nothing happened. Critics disagreed with that claim."
    write(root / "text" / "nyt_2016-10-01_taxes.txt", text_a)
    write(root / "text" / "nyt_2016-10-02_road.txt", text_b)
    write(root / "text" / "politico_2016-10-03_claim-.txt", text_c)
    write(root / "text" / "nyt_2016-10-04_unannotated.txt", "No annotation here.")
    write(root / "attributions" / "nyt_2016-10-01_taxes_aaaa.ann", standard_ann(text_a))
    # second annotator: only the first attribution
    write(
        root / "attributions" / "nyt_2016-10-01_taxes_bbbb.ann",
        "\n".join(standard_ann(text_a).split("\n")[:5]) + "\n",
    )
    b_src, b_cue, b_cont = (
        span(text_b, "The mayor"),
        span(text_b, "said"),
        span(text_b, "the road is closed"),
    )
    write(
        root / "attributions" / "nyt_2016-10-02_road_cccc.ann",
        "\n".join(
            [
                t_line("T1", "Source", text_b, b_src),
                t_line("T2", "Cue", text_b, b_cue),
                t_line("T3", "Content", text_b, b_cont),
                t_line("T4", "Attribution", text_b, b_cue),
                "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3",
            ]
        )
        + "\n",
    )
    c_src, c_cue, c_cont = (
        span(text_c, "Officials"),
        span(text_c, "said:"),
        span(text_c, "nothing happened"),
    )
    write(
        root / "attributions" / "politico_2016-10-03_claim-_dddd.ann",
        "\n".join(
            [
                t_line("T1", "Source", text_c, c_src),
                t_line("T2", "Cue", text_c, c_cue),
                t_line("T3", "Content", text_c, c_cont),
                t_line("T4", "Attribution", text_c, c_cue),
                "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3",
            ]
        )
        + "\n",
    )
    if metadata:
        write(
            root / "metadata.tsv",
            "compartment\tfilename\tlevel\tannotators\tpublisher\ttitle\n"
            'dev\tnyt_2016-10-01_taxes\tNone\taaaa|bbbb\tnew-york-times\t"Taxes\n'
            "dev\tnyt_2016-10-02_road\tNone\tcccc\tnew-york-times\tRoad\n",
        )
    return root


def test_load_corpus_reads_articles_annotators_and_outlets(tmp_path: Path) -> None:
    articles = load_corpus(make_corpus(tmp_path / "dev"))
    by_name = {a.name: a for a in articles}
    assert sorted(by_name) == [
        "nyt_2016-10-01_taxes",
        "nyt_2016-10-02_road",
        "politico_2016-10-03_claim-",
    ]  # the unannotated article is skipped
    taxes = by_name["nyt_2016-10-01_taxes"]
    assert [len(x) for x in taxes.annotations] == [3, 1]
    assert taxes.annotators == ("aaaa", "bbbb")
    assert taxes.outlet == "new-york-times"  # from metadata.tsv
    assert by_name["politico_2016-10-03_claim-"].outlet == "politico"  # file-name prefix


def test_load_corpus_outlet_falls_back_to_prefix_without_metadata(tmp_path: Path) -> None:
    articles = load_corpus(make_corpus(tmp_path / "train", metadata=False))
    assert sorted({a.outlet for a in articles}) == ["nyt", "politico"]


def test_load_corpus_keeps_crlf_so_offsets_match(tmp_path: Path) -> None:
    articles = load_corpus(make_corpus(tmp_path / "dev"))
    road = next(a for a in articles if a.name == "nyt_2016-10-02_road")
    assert "\r\n" in road.text
    (att,) = road.annotations[0]
    assert [road.text[s:e] for s, e in att.source] == ["The mayor"]
    assert [road.text[s:e] for s, e in att.content] == ["the road is closed"]


def test_load_corpus_rejects_non_polnear_folder(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    with pytest.raises(ValueError, match="not a PolNeAR folder"):
        load_corpus(tmp_path)
    with pytest.raises(ValueError, match="not a PolNeAR folder"):
        load_corpus(tmp_path / "missing")


def test_check_offsets_counts_matches_and_mismatches(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "dev")
    ok = check_offsets(root)
    # 3+3+2 linked role spans (taxes aaaa) + 3 (taxes bbbb) + 3 (road) + 3 (politico)
    assert (ok.n_spans, ok.n_match, ok.rate) == (17, 17, 1.0)
    bad = root / "attributions" / "nyt_2016-10-02_road_cccc.ann"
    write(bad, bad.read_text(encoding="utf-8").replace("\tThe mayor", "\tThe mayo"))
    check = check_offsets(root)
    assert (check.n_spans, check.n_match) == (17, 16)
    assert check.mismatches[0][:3] == ("nyt_2016-10-02_road_cccc.ann", "T1", "The mayo")


# --------------------------------------------------------------------------- PRF


def test_prf_zero_division() -> None:
    assert (PRF().precision, PRF().recall, PRF().f1) == (0.0, 0.0, 0.0)
    only_pred = PRF(tp=0, n_pred=5, n_gold=0)
    assert (only_pred.precision, only_pred.recall, only_pred.f1) == (0.0, 0.0, 0.0)
    only_gold = PRF(tp=0, n_pred=0, n_gold=3)
    assert (only_gold.precision, only_gold.recall, only_gold.f1) == (0.0, 0.0, 0.0)


def test_prf_values() -> None:
    prf = PRF(tp=2, n_pred=4, n_gold=8)
    assert prf.precision == pytest.approx(0.5)
    assert prf.recall == pytest.approx(0.25)
    assert prf.f1 == pytest.approx(1 / 3)


# --------------------------------------------------------------------------- score_article

SCORE_TEXT = "The former senator from Ohio said on Monday that the plan would fail badly."


def test_score_article_has_all_keys() -> None:
    scores = score_article([], [], SCORE_TEXT)
    assert set(scores) == {(r, m) for r in ROLES for m in MODES}
    assert all(v == PRF() for v in scores.values())


def test_partial_overlap_counts_for_overlap_not_exact() -> None:
    gold = [one_role("source", span(SCORE_TEXT, "The former senator from Ohio"))]
    pred = [one_role("source", span(SCORE_TEXT, "senator"))]
    scores = score_article(pred, gold, SCORE_TEXT)
    assert scores[("source", "exact")] == PRF(0.0, 1.0, 1.0)
    assert scores[("source", "overlap")] == PRF(1.0, 1.0, 1.0)


def test_identical_span_counts_for_both_modes_after_whitespace_strip() -> None:
    start, end = span(SCORE_TEXT, "said")
    gold = [one_role("cue", (start, end))]
    pred = [one_role("cue", (start - 1, end + 1))]  # " said " with surrounding spaces
    scores = score_article(pred, gold, SCORE_TEXT)
    assert scores[("cue", "exact")].tp == 1.0
    assert scores[("cue", "overlap")].tp == 1.0


def test_no_overlap_gives_zero() -> None:
    gold = [one_role("content", span(SCORE_TEXT, "that the plan would fail badly"))]
    pred = [one_role("content", span(SCORE_TEXT, "on Monday"))]
    scores = score_article(pred, gold, SCORE_TEXT)
    assert scores[("content", "exact")] == PRF(0.0, 1.0, 1.0)
    assert scores[("content", "overlap")] == PRF(0.0, 1.0, 1.0)
    assert scores[("content", "overlap")].f1 == 0.0


def test_character_adjacency_without_shared_token_is_no_overlap() -> None:
    a, b = span(SCORE_TEXT, "Ohio"), span(SCORE_TEXT, "said")
    gold = [one_role("cue", b)]
    pred = [one_role("cue", (a[0], b[0]))]  # "Ohio " ends right where "said" starts
    assert score_article(pred, gold, SCORE_TEXT)[("cue", "overlap")].tp == 0.0


def test_token_boundary_inside_punctuation() -> None:
    text = "an anti-war senator"
    gold = [one_role("source", span(text, "war"))]
    pred = [one_role("source", span(text, "anti-"))]  # ends exactly where "war" starts
    assert score_article(pred, gold, text)[("source", "overlap")].tp == 0.0
    pred = [one_role("source", span(text, "anti-w"))]
    assert score_article(pred, gold, text)[("source", "overlap")].tp == 1.0


def test_gold_span_matched_at_most_once() -> None:
    gold = [one_role("content", span(SCORE_TEXT, "that the plan would fail badly"))]
    pred = [
        one_role("content", span(SCORE_TEXT, "the plan")),
        one_role("content", span(SCORE_TEXT, "would fail")),
    ]
    scores = score_article(pred, gold, SCORE_TEXT)
    assert scores[("content", "overlap")] == PRF(1.0, 2.0, 1.0)
    # the same holds for exact duplicates of one gold span
    dup = [gold[0], gold[0]]
    assert score_article(dup, gold, SCORE_TEXT)[("content", "exact")] == PRF(1.0, 2.0, 1.0)


def test_overlap_matching_finds_all_pairs_when_greedy_would_not() -> None:
    g1 = span(SCORE_TEXT, "The former senator")
    g2 = span(SCORE_TEXT, "from Ohio")
    p1 = (g1[0] + 4, g2[1] - 5)  # "former senator from": 2 tokens of g1, 1 of g2
    p2 = span(SCORE_TEXT, "The")  # only g1
    gold = [one_role("source", g1), one_role("source", g2)]
    pred = [one_role("source", p1), one_role("source", p2)]
    assert score_article(pred, gold, SCORE_TEXT)[("source", "overlap")].tp == 2.0


def test_duplicate_gold_sources_count_separately() -> None:
    src = span(SCORE_TEXT, "The former senator from Ohio")
    gold = [
        Attribution(source=(src,), cue=(span(SCORE_TEXT, "said"),)),
        Attribution(source=(src,), cue=(span(SCORE_TEXT, "would fail"),)),
    ]
    pred = [Attribution(source=(src,))]
    scores = score_article(pred, gold, SCORE_TEXT)
    assert scores[("source", "exact")] == PRF(1.0, 1.0, 2.0)
    assert scores[("cue", "exact")] == PRF(0.0, 0.0, 2.0)
    pred_twice = [Attribution(source=(src,)), Attribution(source=(src,))]
    scores = score_article(pred_twice, gold, SCORE_TEXT)
    assert scores[("source", "exact")] == PRF(2.0, 2.0, 2.0)
    assert scores[("source", "overlap")] == PRF(2.0, 2.0, 2.0)


def test_punctuation_only_cue_can_overlap() -> None:
    text = "Officials said: nothing happened."
    colon = span(text, ":")
    gold = [one_role("cue", colon)]
    assert score_article([one_role("cue", colon)], gold, text)[("cue", "overlap")].tp == 1.0
    wider = [one_role("cue", span(text, "said:"))]
    assert score_article(wider, gold, text)[("cue", "overlap")].tp == 1.0
    colon_in_wider_gold = [one_role("cue", span(text, "said:"))]
    assert score_article(gold, colon_in_wider_gold, text)[("cue", "overlap")].tp == 1.0
    elsewhere = [one_role("cue", span(text, "."))]
    assert score_article(elsewhere, gold, text)[("cue", "overlap")].tp == 0.0


def test_discontiguous_exact_needs_all_fragments() -> None:
    f1, f2 = span(SCORE_TEXT, "The former"), span(SCORE_TEXT, "Ohio")
    gold = [one_role("content", f1, f2)]
    assert (
        score_article([one_role("content", f1)], gold, SCORE_TEXT)[("content", "exact")].tp == 0.0
    )
    assert (
        score_article([one_role("content", f2, f1)], gold, SCORE_TEXT)[("content", "exact")].tp
        == 1.0
    )


# --------------------------------------------------------------------------- evaluate


def test_gold_against_itself_scores_one(tmp_path: Path) -> None:
    articles = load_corpus(make_corpus(tmp_path / "dev", metadata=False))
    first_only = [Article(a.name, a.outlet, a.text, a.annotations[:1]) for a in articles]
    by_text = {a.text: a for a in first_only}
    report = evaluate(first_only, lambda text: gold_as_prediction(by_text[text]))
    assert report.n_articles == 3
    for key, prf in report.overall.items():
        assert prf.f1 == pytest.approx(1.0), key
        assert prf.n_gold > 0, key


def taxes_predictor(
    tmp_path: Path,
) -> tuple[list[Article], Article, list[str], Callable[[str], list[Attribution]]]:
    """The corpus, its two-annotator article, and a predictor recording its calls.

    The predictor returns annotator aaaa's 3 attributions for any text.
    """
    articles = load_corpus(make_corpus(tmp_path / "dev"))
    taxes = next(a for a in articles if a.name == "nyt_2016-10-01_taxes")
    calls: list[str] = []

    def predict(text: str) -> list[Attribution]:
        calls.append(text)
        return gold_as_prediction(taxes)

    return articles, taxes, calls, predict


def test_multi_annotator_counts_are_averaged(tmp_path: Path) -> None:
    articles, taxes, calls, predict = taxes_predictor(tmp_path)
    report = evaluate([taxes], predict)
    assert calls == [taxes.text]  # called once, not once per annotator
    # annotator aaaa: 2 sources, 3 cues; annotator bbbb: 1 source, 1 cue (all matched)
    assert report.overall[("source", "exact")] == PRF(tp=1.5, n_pred=2.0, n_gold=1.5)
    assert report.overall[("cue", "exact")] == PRF(tp=2.0, n_pred=3.0, n_gold=2.0)
    assert report.n_articles == 1


def test_per_outlet_grouping(tmp_path: Path) -> None:
    articles = load_corpus(make_corpus(tmp_path / "train", metadata=False))
    report = evaluate(articles, lambda text: [])
    assert report.outlets == ["nyt", "politico"]
    assert report.articles_per_outlet == {"nyt": 2, "politico": 1}
    nyt, pol, total = (report.scores[k][("cue", "exact")] for k in ("nyt", "politico", "ALL"))
    assert nyt.n_gold == pytest.approx(2.0 + 1.0)  # taxes averaged (3+1)/2, road 1
    assert pol.n_gold == pytest.approx(1.0)
    assert total.n_gold == pytest.approx(nyt.n_gold + pol.n_gold)
    assert total.tp == 0.0 and total.f1 == 0.0


def test_to_dict_is_json_ready(tmp_path: Path) -> None:
    articles = load_corpus(make_corpus(tmp_path / "dev", metadata=False))
    by_text = {a.text: a for a in articles}
    report = evaluate(articles, lambda text: gold_as_prediction(by_text[text]))
    data = json.loads(json.dumps(report.to_dict()))
    assert data["n_articles"] == 3
    assert set(data["overall"]) == set(ROLES)
    assert set(data["overall"]["cue"]) == set(MODES)
    assert set(data["overall"]["cue"]["exact"]) == {
        "precision",
        "recall",
        "f1",
        "tp",
        "n_pred",
        "n_gold",
    }
    assert set(data["per_outlet"]) == {"nyt", "politico"}
    assert data["per_outlet"]["politico"]["source"]["exact"]["f1"] == pytest.approx(1.0)
    assert data["articles_per_outlet"] == {"nyt": 2, "politico": 1}


@pytest.mark.parametrize("detail", [False, True])
def test_table_renders_outlets_within_120_columns(tmp_path: Path, detail: bool) -> None:
    articles = load_corpus(make_corpus(tmp_path / "dev"))
    report = evaluate(articles, lambda text: [])
    buffer = io.StringIO()
    Console(file=buffer, width=120).print(report.table(detail=detail))
    out = buffer.getvalue()
    for name in ("ALL", "new-york-times", "politico", "source", "content", "overlap"):
        assert name in out
    assert max(len(line) for line in out.splitlines()) <= 120
    assert out.count(" F1 ") == 3  # ALL + two outlets
    assert out.count(" P ") == (3 if detail else 1)


def test_agreement_scores_annotators_against_each_other(tmp_path: Path) -> None:
    articles, taxes, calls, predict = taxes_predictor(tmp_path)
    report = agreement(articles, predict)
    assert calls == [taxes.text]  # the single-annotator articles are left out
    assert (report.n_articles, report.n_annotations) == (1, 2)
    # aaaa has 3 cues, bbbb 1 (aaaa's first): bbbb -> aaaa 1/1/3, aaaa -> bbbb 1/3/1, halved
    assert report.annotators[("cue", "exact")] == PRF(tp=1.0, n_pred=2.0, n_gold=2.0)
    assert report.annotators[("cue", "exact")].f1 == pytest.approx(0.5)
    # the extractor (aaaa's attributions): 3/3/3 against aaaa, 1/3/1 against bbbb, halved
    assert report.extractor[("cue", "exact")] == PRF(tp=2.0, n_pred=3.0, n_gold=2.0)
    data = json.loads(json.dumps(report.to_dict()))
    assert data["annotators"]["cue"]["exact"]["f1"] == pytest.approx(0.5)
    assert set(data) == {"n_articles", "n_annotations", "annotators", "extractor"}


def test_agreement_of_identical_annotators_is_one(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "dev")
    same = root / "attributions" / "nyt_2016-10-01_taxes_bbbb.ann"
    same.write_bytes((root / "attributions" / "nyt_2016-10-01_taxes_aaaa.ann").read_bytes())
    report = agreement(load_corpus(root), lambda text: [])
    for key, prf in report.annotators.items():
        assert prf.f1 == pytest.approx(1.0), key
        assert report.extractor[key].recall == 0.0, key


def test_agreement_table_renders_both_rows_within_120_columns(tmp_path: Path) -> None:
    report = agreement(load_corpus(make_corpus(tmp_path / "dev")), lambda text: [])
    buffer = io.StringIO()
    Console(file=buffer, width=120).print(report.table())
    out = buffer.getvalue()
    assert "annotators" in out and "extractor" in out
    assert "1 articles, 2 annotations" in out
    assert out.count(" F1 ") == 2
    assert max(len(line) for line in out.splitlines()) <= 120


def test_eval_polnear_agreement_cli(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from claims.cli import cli

    root = make_corpus(tmp_path / "dev")
    result = CliRunner().invoke(cli, ["eval", "polnear", str(root), "--agreement", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["n_articles"] == 1
    assert data["annotators"]["cue"]["exact"]["f1"] == pytest.approx(0.5)
    # one annotator per article: nothing to compare, a one-line error
    (root / "attributions" / "nyt_2016-10-01_taxes_bbbb.ann").unlink()
    result = CliRunner().invoke(cli, ["eval", "polnear", str(root), "--agreement"])
    assert result.exit_code == 1
    assert "several annotators" in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("text", "mention", "widened"),
    [
        (
            "Sen. Ada Lind, R-Wis., said the vote would fail.",
            "Sen. Ada Lind, R-Wis",
            "Sen. Ada Lind, R-Wis.,",
        ),
        ("The F.T.C. said the merger was unlawful.", "The F.T.C", "The F.T.C."),
        (
            "Ada Lind \u2014 a senator since 2010 \u2014 said it was late.",
            "Ada Lind \u2014 a senator since 2010",
            "Ada Lind \u2014 a senator since 2010 \u2014",
        ),
        ("Ada Lind - the senator - said it.", "Ada Lind - the senator", "Ada Lind - the senator -"),
        ("Ada Lind said it \u2014 twice.", "Ada Lind", "Ada Lind"),
        ("Ada Lind, a senator, said it.", "Ada Lind, a senator", "Ada Lind, a senator,"),
        (
            "Ada Lind, a senator, who said it was late, left.",
            "Ada Lind, a senator",
            "Ada Lind, a senator",
        ),
        ("The report came from Lind. She said it was late.", "Lind", "Lind"),
    ],
)
def test_adapter_widens_sources_to_polnear(text, mention, widened):
    from claims.evaluation.attribution import widen_source

    start = text.index(mention)
    s, e = widen_source(text, start, start + len(mention))
    assert text[s:e] == widened


@pytest.mark.parametrize(
    ("text", "cue", "widened"),
    [
        ("Ada Lind said Friday that it was late.", "said", "said Friday"),
        ("Ada Lind said Tuesday night that it was late.", "said", "said Tuesday night"),
        ("Ada Lind said:", "said", "said:"),
        ("Ada Lind said the night was long.", "said", "said"),
    ],
)
def test_adapter_widens_cues_to_polnear(text, cue, widened):
    from claims.evaluation.attribution import widen_cue

    start = text.index(cue)
    s, e = widen_cue(text, start, start + len(cue))
    assert text[s:e].strip() == widened  # the scorer strips whitespace
