import csv
import json

import pytest
from rich.console import Console

from claims.errors import InputError
from claims.evaluation.stance import (
    StanceRow,
    chunk_body,
    find_stance_files,
    fnc_score,
    load_stance_data,
    macro_f1,
    run_stance,
    split_sentences,
)
from tests.conftest import toy_weights

BODIES = {
    "10": (
        "Officials say the harbour bridge collapsed after the storm. "
        "Engineers inspected the harbour bridge on Friday. Traffic was diverted."
    ),
    "20": (
        "The harbour bridge did not collapse in the storm. "
        "Engineers say the harbour bridge is safe."
    ),
    "30": "Farmers harvested a record crop of apples. Prices at the market fell.",
}
STANCES = [
    ("The harbour bridge collapsed after the storm", "10", "agree"),
    ("The harbour bridge collapsed after the storm", "20", "disagree"),
    ("The harbour bridge collapsed after the storm", "30", "unrelated"),
    ("Engineers inspected the harbour bridge", "10", "discuss"),
    ("Apple prices fell at the market", "10", "unrelated"),
    ("Apple prices fell at the market", "30", "agree"),
]


def write_folder(folder, stances=STANCES, bodies=BODIES, prefix="mini"):
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{prefix}_stances_train.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Headline", "Body ID", "Stance"])
        w.writerows(stances)
    with (folder / f"{prefix}_bodies.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Body ID", "articleBody"])
        w.writerows(bodies.items())
    return folder


def test_find_and_load(tmp_path):
    folder = write_folder(tmp_path / "arc")
    stances, bodies = find_stance_files(folder)
    assert stances.name == "mini_stances_train.csv" and bodies.name == "mini_bodies.csv"
    rows, texts = load_stance_data(folder)
    assert rows[1] == StanceRow("The harbour bridge collapsed after the storm", "20", "disagree")
    assert set(texts) == {"10", "20", "30"}


def test_load_errors(tmp_path):
    with pytest.raises(InputError, match="no stance data folder"):
        load_stance_data(tmp_path / "nowhere")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match=r"no file matching \*stances\*\.csv"):
        load_stance_data(empty)
    bad = write_folder(tmp_path / "bad", stances=[("Headline", "10", "maybe")])
    with pytest.raises(InputError, match="unknown stance 'maybe'"):
        load_stance_data(bad)
    orphan = write_folder(tmp_path / "orphan", stances=[("Headline", "99", "agree")])
    with pytest.raises(InputError, match="no body with Body ID 99"):
        load_stance_data(orphan)
    two = write_folder(tmp_path / "two")
    write_folder(two, prefix="other")
    with pytest.raises(InputError, match="more than one"):
        load_stance_data(two)


def test_split_and_chunk():
    text = 'He said "It fell." Then it rained! Did it stop? Yes.\nNew line here'
    assert split_sentences(text) == [
        'He said "It fell."',
        "Then it rained!",
        "Did it stop?",
        "Yes.",
        "New line here",
    ]
    assert split_sentences("one two three", max_sentences=5) == ["one two three"]
    assert split_sentences("") == []
    words = " ".join(["word"] * 30) + ". "
    chunks = chunk_body(words * 3 + "Short one.", max_words=60)
    assert [len(c.split()) for c in chunks] == [60, 32]
    long_sentence = " ".join(["w"] * 80) + "."
    assert chunk_body(long_sentence, max_words=60) == [long_sentence]


def test_fnc_score_by_hand():
    gold = ["agree", "unrelated", "disagree", "discuss", "unrelated"]
    pred = ["agree", "unrelated", "discuss", "unrelated", "agree"]
    # 1.0 (exact related) + 0.25 (unrelated) + 0.25 (related, wrong label) + 0 + 0
    score, best = fnc_score(gold, pred)
    assert score == pytest.approx(1.5)
    assert best == pytest.approx(1 + 0.25 + 1 + 1 + 0.25)


def test_macro_f1():
    gold = ["a", "a", "b", "b"]
    pred = ["a", "b", "b", "b"]
    # F1(a) = 2/3, F1(b) = 4/5
    assert macro_f1(gold, pred, ("a", "b")) == pytest.approx((2 / 3 + 4 / 5) / 2)
    assert macro_f1(["a"], ["a"], ("a", "c")) == pytest.approx(0.5)


def test_run_stance_with_fake_embedder(tmp_path, fake_embedder):
    folder = write_folder(tmp_path / "arc")
    report = run_stance(folder, embedder=fake_embedder, weights=toy_weights(related_threshold=0.35))
    assert report.n_rows == 6 and report.n_bodies == 3
    c = report.confusion
    assert c["unrelated"]["unrelated"] == 2
    assert c["disagree"]["disagree"] == 1  # "did not collapse" vs "collapsed"
    assert sum(c["agree"].values()) == 2
    assert report.agree_disagree["disagree"]["disagree"] == 1
    assert report.related_f1 == pytest.approx(1.0)
    data = report.to_dict()
    json.dumps(data)
    assert data["fnc_percent"] == pytest.approx(report.fnc_percent)
    assert 0 <= data["fnc_percent"] <= 100
    assert data["related_unrelated_macro_f1"] == pytest.approx(1.0)
    console = Console(record=True, width=140)
    console.print(report.table())
    text = console.export_text()
    assert "related/unrelated macro-F1" in text and "FNC-1 score" in text


def test_bodies_are_embedded_once(tmp_path, fake_embedder):
    folder = write_folder(tmp_path / "arc")
    run_stance(folder, embedder=fake_embedder, weights=toy_weights(related_threshold=0.35))
    embedded = [t for call in fake_embedder.calls for t in call]
    chunk = chunk_body(BODIES["10"])[0]
    assert embedded.count(chunk) == 1
    headline = "The harbour bridge collapsed after the storm"
    assert embedded.count(headline) == 1


def test_threshold_and_limit(tmp_path, fake_embedder):
    folder = write_folder(tmp_path / "arc")
    everything = run_stance(
        folder, embedder=fake_embedder, weights=toy_weights(related_threshold=-1.0)
    )
    assert sum(everything.confusion["unrelated"].values()) == 2
    assert everything.confusion["unrelated"]["unrelated"] == 0
    limited = run_stance(
        folder, embedder=fake_embedder, weights=toy_weights(related_threshold=0.35), limit=2
    )
    assert limited.n_rows == 2 and limited.limit == 2 and limited.n_bodies == 2
    with pytest.raises(InputError):
        run_stance(folder, embedder=fake_embedder, limit=0)
