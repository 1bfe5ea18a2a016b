import json
import math

import pytest
from rich.console import Console

from claims.errors import InputError
from claims.evaluation.sick import (
    SickPair,
    evaluate_sick,
    load_sick,
    rankdata,
    run_sick,
    spearman,
)
from tests.conftest import toy_weights

HEADER = "pair_ID\tsentence_A\tsentence_B\trelatedness_score\tentailment_judgment\n"
ROWS = [
    ("1", "A cook is slicing an onion", "A cook is not slicing an onion", "3.9", "CONTRADICTION"),
    ("2", "A girl is riding a red bike", "A girl is riding a red bike", "5.0", "ENTAILMENT"),
    ("3", "A dog is chasing a ball", "Two women are singing on a stage", "1.1", "NEUTRAL"),
    (
        "4",
        "Nobody is swimming in the lake",
        "A boy is swimming in the lake",
        "3.7",
        "CONTRADICTION",
    ),
    ("5", "An old man is reading a paper", "A man is reading", "4.1", "ENTAILMENT"),
    ("6", "A cat is sleeping on a mat", "A horse is jumping a fence", "1.0", "NEUTRAL"),
]


def write_sick(path, rows=ROWS, header=HEADER):
    path.write_text(header + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_load_sick(tmp_path):
    pairs = load_sick(write_sick(tmp_path / "SICK_mini.txt"))
    assert len(pairs) == 6
    assert pairs[0] == SickPair(
        "1", "A cook is slicing an onion", "A cook is not slicing an onion", 3.9, "CONTRADICTION"
    )


def test_load_sick_rejects_bad_files(tmp_path):
    with pytest.raises(InputError, match="no SICK file"):
        load_sick(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="entailment_judgment"):
        load_sick(write_sick(tmp_path / "a.txt", header="pair_ID\tsentence_A\tsentence_B\n"))
    bad = [("1", "x", "y", "3.0", "MAYBE")]
    with pytest.raises(InputError, match="unknown entailment judgment"):
        load_sick(write_sick(tmp_path / "b.txt", rows=bad))
    with pytest.raises(InputError, match="no sentence pairs"):
        load_sick(write_sick(tmp_path / "c.txt", rows=[]))


def test_rankdata_averages_ties():
    assert list(rankdata([10, 20, 20, 5])) == [2.0, 3.5, 3.5, 1.0]


def test_spearman():
    assert spearman([1, 2, 3, 4], [10, 20, 30, 45]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    # ranks x = 1,2,3 and y = 1,3,2: rho = 1 - 6 * 2 / (3 * 8) = 0.5
    assert spearman([1, 2, 3], [1, 3, 2]) == pytest.approx(0.5)
    assert math.isnan(spearman([1, 1, 1], [1, 2, 3]))
    with pytest.raises(ValueError):
        spearman([1, 2], [1])


def test_evaluate_sick_counts_and_maps_relations():
    pairs = [
        SickPair(
            "1", "A cook is slicing an onion", "A cook is not slicing an onion", 4, "CONTRADICTION"
        ),
        SickPair("2", "A girl rides a bike", "A girl rides a bike", 5, "ENTAILMENT"),
        SickPair("3", "A dog runs", "A woman sings", 1, "NEUTRAL"),
        SickPair("4", "A dog runs", "A dog runs fast", 4, "NEUTRAL"),
    ]
    report = evaluate_sick(pairs, [0.9, 0.95, 0.1, 0.9], toy_weights(), name="mini")
    c = report.confusion
    assert c["CONTRADICTION"]["CONTRADICTION"] == 1
    assert c["ENTAILMENT"]["ENTAILMENT"] == 1
    assert c["NEUTRAL"]["NEUTRAL"] == 1 and c["NEUTRAL"]["ENTAILMENT"] == 1
    assert report.accuracy == pytest.approx(3 / 4)
    assert report.contradiction.precision == report.contradiction.recall == 1.0
    assert report.prf("ENTAILMENT").precision == pytest.approx(0.5)
    assert report.spearman == pytest.approx(spearman([0.9, 0.95, 0.1, 0.9], [4, 5, 1, 4]))


def test_run_sick_with_fake_embedder(tmp_path, fake_embedder):
    path = write_sick(tmp_path / "SICK_mini.txt")
    report = run_sick(path, embedder=fake_embedder, weights=toy_weights())
    assert report.n_pairs == 6 and report.name == "SICK_mini.txt"
    assert report.model_id == "fake-bow@tests" and report.seconds >= 0
    contra = report.contradiction
    assert contra.n_gold == 2 and contra.tp == 2 and contra.n_pred == 2
    assert report.confusion["NEUTRAL"]["NEUTRAL"] == 2
    assert report.spearman > 0.5
    data = report.to_dict()
    json.dumps(data)
    assert data["contradiction"]["f1"] == pytest.approx(1.0)
    assert set(data) >= {"accuracy", "contradiction", "spearman", "confusion", "n_pairs"}
    console = Console(record=True, width=120)
    console.print(report.table())
    text = console.export_text()
    assert "contradiction F1" in text and "SICK SICK_mini.txt: 6 pairs" in text


def test_run_sick_with_bundled_weights(tmp_path, fake_embedder):
    report = run_sick(write_sick(tmp_path / "SICK_mini.txt"), embedder=fake_embedder)
    # the obvious negated copies are contradictions, the unrelated pairs neutral
    assert report.confusion["CONTRADICTION"]["CONTRADICTION"] == 2
    assert report.confusion["NEUTRAL"]["NEUTRAL"] == 2
