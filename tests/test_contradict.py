import json
import math
import os
from importlib import resources

import pytest

from claims.contradict import (
    CLASSES,
    CUE_FEATURES,
    FEATURES,
    MODEL_FEATURES,
    NLIScorer,
    NLIScores,
    Weights,
    _stem,
    analyse,
    is_denial_cue,
    load_lexicon,
    pair_features,
    role_swap,
    score_pair,
    score_texts,
    score_texts_nli,
    tokenize,
)
from claims.errors import ModelError
from claims.models import StoredClaim
from tests.conftest import toy_weights


def _claim(cid, text, party, cue="said"):
    return StoredClaim(cid, 1, text, "Someone", party, cue, "indirect", 1, "Wire", None, None)


# --------------------------------------------------------------------------- text handling


def test_tokenize_splits_contractions_and_keeps_clock_times():
    assert tokenize("They didn't land at 6 p.m.") == ["they", "did", "n't", "land", "at", "6 p.m."]
    assert tokenize("Talks cannot resume") == ["talks", "can", "not", "resume"]


@pytest.mark.parametrize(
    ("a", "b"),
    [("denied", "deny"), ("denies", "deny"), ("closed", "close"), ("sitting", "sits")]
    + [("won", "win"), ("increased", "increase"), ("refuses", "refuse"), ("agreed", "agree")],
)
def test_stemmer_joins_inflections(a, b):
    irregular = load_lexicon().irregular
    assert _stem(a, irregular) == _stem(b, irregular)


def test_stemmer_keeps_different_words_apart():
    irregular = load_lexicon().irregular
    assert _stem("confirmed", irregular) != _stem("denied", irregular)


# --------------------------------------------------------------------------- negation


@pytest.mark.parametrize(
    ("negated", "plain"),
    [
        ("The envoy did not sign the accord", "The envoy signed the accord"),
        ("There is no trace of the virus in the samples", "Traces of the virus are in the samples"),
        ("The pilots never crossed the border", "The pilots crossed the border"),
        ("The convoy wasn't stopped at the checkpoint", "The convoy was stopped at the checkpoint"),
        ("Nobody fired at the patrol", "Soldiers fired at the patrol"),
        ("None of the ships entered the strait", "Three ships entered the strait"),
        ("Nothing was agreed at the summit", "A lot was agreed at the summit"),
        ("No one was hurt in the blast", "Two guards were hurt in the blast"),
    ],
)
def test_negation_mismatch_fires_for_each_negator(negated, plain):
    assert pair_features(negated, plain, 0.8)["negation_mismatch"] == 1.0
    assert pair_features(plain, negated, 0.8)["negation_mismatch"] == 1.0


def test_negation_on_both_sides_is_no_mismatch():
    f = pair_features("The envoy did not sign the accord", "The accord was never signed", 0.8)
    assert f["negation_mismatch"] == 0.0


def test_two_negated_clauses_still_negate():
    f = pair_features(
        "The guard is not armed and is not on duty", "The guard is armed and on duty", 0.9
    )
    assert f["negation_mismatch"] == 1.0


@pytest.mark.parametrize(
    "text",
    ["There is no doubt that the envoy signed the accord", "Not only the envoy signed the accord"],
)
def test_affirmative_idioms_are_not_negations(text):
    assert pair_features(text, "The envoy signed the accord", 0.8)["negation_mismatch"] == 0.0


def test_negation_aligned_needs_the_negated_word_on_the_other_side():
    aligned = pair_features("The ferry did not leave the port", "The ferry left the port", 0.8)
    assert aligned["negation_aligned"] == 1.0
    unaligned = pair_features("The ferry did not leave the port", "Fog covered the bay", 0.3)
    assert unaligned["negation_mismatch"] == 1.0 and unaligned["negation_aligned"] == 0.0


def test_negation_phrase_is_kept_for_the_reason():
    side = analyse("Officials said there is no evidence of tampering")
    assert [phrase for phrase, _ in side.negations] == ["there is no evidence"]


# --------------------------------------------------------------------------- speech cues


@pytest.mark.parametrize("cue", ["denied", "flatly rejected", "dismissed", "refuted", "disputed"])
def test_denial_cues(cue):
    assert is_denial_cue(cue)


@pytest.mark.parametrize("cue", ["said", "confirmed", "did not deny", "told reporters"])
def test_not_denial_cues(cue):
    assert not is_denial_cue(cue)


def test_denial_cue_reverses_polarity():
    plain = pair_features("the capital asked for the call", "the capital asked for the call", 0.95)
    assert plain["negation_mismatch"] == 0.0
    denied = pair_features(
        "the capital asked for the call",
        "the capital asked for the call",
        0.95,
        cue_a="denied",
        cue_b="said",
    )
    assert denied["negation_mismatch"] == 1.0 and denied["negation_aligned"] == 1.0
    both = pair_features(
        "the capital asked for the call",
        "the capital asked for the call",
        0.95,
        cue_a="denied",
        cue_b="rejected",
    )
    assert both["negation_mismatch"] == 0.0


def test_denied_report_is_a_contradiction_not_an_agreement():
    w = Weights.load()
    minsk_denies = _claim(7, "it had asked for the call", "Belarus", cue="denied")
    warsaw = _claim(3, "Minsk asked for the call", "Poland", cue="said")
    pair = score_pair(minsk_denies, warsaw, 0.86, w)
    assert pair is not None and pair.relation == "contradiction"
    assert "Belarus denies the other side's account" in pair.reason
    same_cue = _claim(7, "it had asked for the call", "Belarus", cue="said")
    again = score_pair(same_cue, warsaw, 0.86, w)
    assert again is None or again.relation == "agreement"


# --------------------------------------------------------------------------- other cues


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The ministry confirmed the shipment arrived", "The ministry denied the shipment arrived"),
        ("The union accepted the offer", "The union rejected the offer"),
        ("Both sides agreed to a truce", "Both sides refused a truce"),
        ("The border crossing is open", "The border crossing is closed"),
        ("Grain exports increased this year", "Grain exports decreased this year"),
        ("The incumbent won the vote", "The incumbent lost the vote"),
        ("The city allows street protests", "The city bans street protests"),
    ],
)
def test_antonyms(a, b):
    f = pair_features(a, b, 0.8)
    assert f["antonym"] == 1.0 and f["negation_mismatch"] == 0.0


def test_negated_opposite_cancels_out():
    f = pair_features(
        "The ministry did not deny the report", "The ministry confirmed the report", 0.8
    )
    assert f["antonym"] == 0.0 and f["negation_mismatch"] == 0.0


def test_opposite_words_on_both_sides_do_not_fire():
    f = pair_features("Talks opened and then closed", "Talks opened and then closed early", 0.9)
    assert f["antonym"] == 0.0


def test_number_mismatch():
    assert pair_features("Twelve sailors were rescued", "Five sailors were rescued", 0.8)[
        "number_mismatch"
    ]
    assert pair_features("The strike killed 14 people", "The strike killed 9 people", 0.8)[
        "number_mismatch"
    ]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("About 40 lorries were waiting", "41 lorries were waiting"),
        ("The two sides met in Geneva", "Envoys met in Geneva for 3 hours"),
        ("1,900 trucks were queuing", "1900 trucks were queuing"),
    ],
)
def test_number_mismatch_quiet(a, b):
    assert pair_features(a, b, 0.8)["number_mismatch"] == 0.0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The depot burned on 6 March", "The depot burned on 9 March"),
        ("The talks were held on Monday", "The talks were held on Thursday"),
        ("The treaty was signed in 2019", "The treaty was signed in 2021"),
        ("The truce began at 6 p.m.", "The truce began at 20:30"),
    ],
)
def test_date_mismatch(a, b):
    f = pair_features(a, b, 0.8)
    assert f["date_mismatch"] == 1.0 and f["number_mismatch"] == 0.0


def test_same_time_written_two_ways_is_no_mismatch():
    f = pair_features("The truce began at 6 p.m.", "The truce began at 18:00", 0.9)
    assert f["date_mismatch"] == 0.0


@pytest.mark.parametrize(
    "text",
    [
        "Their statement is a pack of lies",
        "The dossier was fabricated",
        "There is no evidence for the charge",
        "These accusations are baseless",
        "The video is manipulation",
    ],
)
def test_dispute_words(text):
    assert pair_features(text, "The minister spoke to the press", 0.4)["dispute_cue"] == 1.0


def test_lying_down_is_not_a_dispute():
    assert analyse("A dog is lying on the sofa").dispute == ""
    assert analyse("The spokesman is lying about the strike").dispute == "lying"


def test_lexical_overlap():
    f = pair_features("Rain flooded the old bridge", "Rain flooded the bridge yesterday", 0.7)
    # content stems: {rain, flood, old, bridge} vs {rain, flood, bridge, yesterday}
    assert f["jaccard"] == pytest.approx(3 / 5)
    assert f["containment_min"] == pytest.approx(3 / 4)
    assert f["containment_max"] == pytest.approx(3 / 4)


def test_conflict_features_combine_the_cues():
    quiet = pair_features("Rain flooded the bridge", "Rain flooded the bridge", 0.9)
    assert quiet["conflict"] == quiet["conflict_similarity"] == 0.0
    loud = pair_features("Rain flooded the bridge", "Rain never flooded the bridge", 0.9)
    assert loud["conflict"] == 1.0 and loud["conflict_similarity"] == pytest.approx(0.9)
    assert set(loud) == set(FEATURES)


# --------------------------------------------------------------------------- scoring


def test_bundled_weights_cover_the_model():
    w = Weights.load()
    assert set(w.coef) == set(CLASSES) == set(w.intercept)
    for cls in CLASSES:
        assert set(w.coef[cls]) <= set(MODEL_FEATURES)
    assert 0 < w.contradiction_threshold < 1 and 0 < w.agreement_threshold < 1
    assert 0 < w.related_threshold < 1
    raw = json.loads((resources.files("claims") / "data" / "scorer.json").read_text())
    assert raw["features"] == list(MODEL_FEATURES)


def test_probabilities_and_decisions_with_toy_weights():
    w = toy_weights()
    contra = score_texts(
        "The port is not open", "The port is open", 0.9, w, party_a="Chile", party_b="Peru"
    )
    assert contra.relation == "contradiction"
    assert 0.5 <= contra.contradiction <= 1 and 0 <= contra.agreement <= 1
    # logits: contradiction 8 * 0.9 - 4, agreement 8 * 0.9 - 8 - 6, neutral 0
    expected = math.exp(3.2) / (math.exp(3.2) + math.exp(-6.8) + 1)
    assert contra.contradiction == pytest.approx(expected)
    agree = score_texts(
        "The port is open", "The port is open again", 0.95, w, party_a="Chile", party_b="Peru"
    )
    assert agree.relation == "agreement" and agree.score == agree.agreement >= 0.5
    assert agree.reason.startswith("same point from both sides (Chile and Peru)")
    low = score_texts("The port is open", "The port is open again", 0.6, w)
    assert low.relation is None  # below agreement_min_similarity


def test_no_cue_means_no_contradiction_however_likely():
    w = toy_weights(intercept={"contradiction": 9.0, "agreement": -6.0, "neutral": 0.0})
    result = score_texts("Fog closed in", "A ferry sailed", 0.2, w, party_a="X", party_b="Y")
    assert result.contradiction > 0.9 and result.relation is None


def test_opposing_parties_raise_the_contradiction_probability():
    w = toy_weights(opposing_parties=2.0)
    args = ("Aid never reached the town", "Aid reached the town", 0.6, w)
    opposed = score_texts(*args, party_a="Chile", party_b="Peru")
    same = score_texts(*args, party_a="Chile", party_b="Chile")
    unknown = score_texts(*args)
    assert opposed.contradiction > same.contradiction == pytest.approx(unknown.contradiction)
    assert "opposing parties (Chile vs Peru)" in opposed.reason
    assert "opposing parties" not in same.reason


def test_same_point_across_parties_weighs_contradiction_against_agreement():
    # logits at similarity 0.5 with a conflict cue: contradiction 8 * 0.5 - 4 = 0,
    # agreement 8 * 0.5 - 8 - 6 = -10, neutral 0: neutral keeps P(contradiction) at 0.5.
    w = toy_weights(contradiction_threshold=0.6, same_point_similarity=0.45)
    args = ("No fee was ever charged at the border", "A fee was charged at the border")
    opposed = score_texts(*args, 0.5, w, party_a="Chile", party_b="Peru")
    assert opposed.relation == "contradiction"
    assert opposed.contradiction == pytest.approx(1 / (1 + math.exp(-10)))
    assert "one side negates the other" in opposed.reason
    # Below the same-point similarity, same party, or unknown parties: SICK's decision.
    assert score_texts(*args, 0.4, w, party_a="Chile", party_b="Peru").relation is None
    assert score_texts(*args, 0.5, w, party_a="Chile", party_b="Chile").relation is None
    assert score_texts(*args, 0.5, w).relation is None
    # Without a conflict cue nothing is a contradiction, whatever the odds.
    calm = ("A fee was charged at the border", "Lorries paid a fee at the border")
    assert score_texts(*calm, 0.5, w, party_a="Chile", party_b="Peru").relation is None


def test_reason_names_the_cues_in_order():
    result = score_texts(
        "France never asked for the call, that readout is lies",
        "France asked for the call on 3 April",
        0.62,
        toy_weights(),
        party_a="France",
        party_b="Russia",
    )
    assert result.relation == "contradiction"
    assert result.reason == (
        "one side negates the other ('never asked'); dispute word 'lies'; "
        "opposing parties (France vs Russia); similarity 0.62"
    )


def test_reason_for_numbers_dates_and_opposites():
    result = score_texts(
        "The ministry confirmed 12 deaths on Monday",
        "The ministry denied 30 deaths on Tuesday",
        0.8,
        toy_weights(),
        party_a="A",
        party_b="B",
    )
    assert "opposite words ('confirmed' vs 'denied')" in result.reason
    assert "numbers differ (12 vs 30)" in result.reason
    assert "dates differ ('Monday' vs 'Tuesday')" in result.reason


def test_score_pair_orders_ids_and_returns_none():
    w = Weights.load()
    pair = score_pair(
        _claim(9, "Our troops did not cross the border", "Armenia"),
        _claim(4, "Armenian troops crossed the border", "Azerbaijan"),
        0.8,
        w,
    )
    assert pair is not None and pair.relation == "contradiction"
    assert (pair.claim_a, pair.claim_b) == (4, 9) and 0.5 <= pair.score <= 1
    assert "opposing parties (Armenia vs Azerbaijan)" in pair.reason
    unrelated = score_pair(
        _claim(1, "Wheat prices rose", "Armenia"),
        _claim(2, "The choir sang in the square", "Azerbaijan"),
        0.1,
        w,
    )
    assert unrelated is None


def test_bundled_weights_agree_on_a_paraphrase():
    pair = score_pair(
        _claim(1, "about 300 lorries were queuing at the border", "Poland"),
        _claim(2, "around 300 trucks were queuing at the border", "Belarus"),
        0.9,
        Weights.load(),
    )
    assert pair is not None and pair.relation == "agreement" and 0.5 <= pair.score <= 1


def test_lexicon_file_is_well_formed():
    raw = json.loads(
        (resources.files("claims") / "data" / "contradiction_lexicon.json").read_text()
    )
    assert all(len(p) == 2 and p[0] != p[1] for p in raw["antonyms"])
    lex = load_lexicon()
    assert {"no", "not", "n't", "never", "nobody", "none", "nothing"} <= lex.negators
    assert all(a != b for a, b in lex.antonyms)
    assert set(CUE_FEATURES) <= set(FEATURES)


# --------------------------------------------------------------------------- NLI


def test_nli_scorer_needs_an_existing_folder(tmp_path):
    with pytest.raises(ModelError):
        NLIScorer(tmp_path / "missing")


def _tiny_nli_model(folder, id2label=None, bias=None):
    import torch
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizer

    words = "the a port is open closed not talks ended began troops crossed border".split()
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *words]
    vocab_file = folder / "vocab.txt"
    folder.mkdir(parents=True)
    vocab_file.write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tokenizer = BertTokenizer(vocab_file=str(vocab_file))
    kwargs = {}
    if id2label:
        kwargs = {"id2label": id2label, "label2id": {v: k for k, v in id2label.items()}}
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=64,
        num_labels=3,
        **kwargs,
    )
    torch.manual_seed(0)
    model = BertForSequenceClassification(config)
    if bias is not None:  # make one label win whatever the input
        with torch.no_grad():
            model.classifier.weight.zero_()
            model.classifier.bias.copy_(torch.tensor(bias))
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


@pytest.mark.slow
def test_nli_scorer_loads_a_local_model_offline(tmp_path):
    folder = _tiny_nli_model(tmp_path / "tiny-nli")
    scorer = NLIScorer(folder)
    results = scorer.predict([("the port is open", "the port is not open"), ("talks ended", "x")])
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert len(results) == 2
    for r in results:
        probs = (r.contradiction, r.entailment, r.neutral)
        assert all(0 <= p <= 1 for p in probs)
        assert sum(probs) == pytest.approx(1.0, abs=1e-5)
    assert scorer.labels == ("contradiction", "entailment", "neutral")
    assert scorer.predict([]) == []


@pytest.mark.slow
def test_nli_scorer_follows_the_config_label_order(tmp_path):
    folder = _tiny_nli_model(
        tmp_path / "tiny-nli", id2label={0: "ENTAILMENT", 1: "NEUTRAL", 2: "CONTRADICTION"}
    )
    from sentence_transformers import CrossEncoder

    raw = CrossEncoder(str(folder), local_files_only=True).predict(
        [["the port is open", "the port is closed"]], apply_softmax=True
    )[0]
    scorer = NLIScorer(folder)
    result = scorer.score("the port is open", "the port is closed")
    assert scorer.labels == ("entailment", "neutral", "contradiction")
    assert result.entailment == pytest.approx(float(raw[0]), abs=1e-5)
    assert result.contradiction == pytest.approx(float(raw[2]), abs=1e-5)


class _FixedNLI:
    """Stands in for a cross-encoder: the same probabilities for every pair, both ways."""

    def __init__(self, forward, backward):
        self.answers = [forward, backward]

    def predict(self, pairs):
        assert len(pairs) == 2 and pairs[0] == pairs[1][::-1]
        return list(self.answers)


def _nli_weights(forward, backward):
    from dataclasses import replace

    return replace(toy_weights(), nli=_FixedNLI(forward, backward))


def test_nli_decides_contradiction_from_both_directions():
    w = _nli_weights(NLIScores(0.9, 0.05, 0.05), NLIScores(0.5, 0.1, 0.4))
    result = score_texts_nli(
        "The port is not open", "The port is open", 0.8, w, party_a="Chile", party_b="Peru"
    )
    assert result.relation == "contradiction"
    assert result.contradiction == pytest.approx(0.7)
    assert result.reason.startswith("NLI model: contradiction 0.70; one side negates the other")
    assert "opposing parties (Chile vs Peru)" in result.reason


def test_nli_agreement_needs_entailment_both_ways():
    both = _nli_weights(NLIScores(0.1, 0.8, 0.1), NLIScores(0.1, 0.6, 0.3))
    one = _nli_weights(NLIScores(0.1, 0.8, 0.1), NLIScores(0.1, 0.2, 0.7))
    args = ("The port reopened", "The port is open again", 0.9)
    agreed = score_texts_nli(*args, both)
    assert agreed.relation == "agreement" and agreed.agreement == pytest.approx(0.6)
    assert score_texts_nli(*args, one).relation is None


def test_score_pair_uses_the_nli_model_when_given():
    w = _nli_weights(NLIScores(0.95, 0.0, 0.05), NLIScores(0.95, 0.0, 0.05))
    calm = (_claim(1, "Lorries paid a fee", "Chile"), _claim(2, "A fee was paid", "Peru"))
    # No conflict cue: the fitted scorer would never call this a contradiction.
    assert score_pair(*calm, 0.7, toy_weights()) is None
    pair = score_pair(*calm, 0.7, w)
    assert pair.relation == "contradiction" and pair.reason.startswith("NLI model")


def test_nli_scoring_without_a_model_is_an_error():
    with pytest.raises(ModelError):
        score_texts_nli("a", "b", 0.5, toy_weights())


@pytest.mark.slow
def test_relink_with_a_local_nli_model_from_the_cli(tmp_path, db_path, extractor, fake_embedder):
    """``claims --nli-model PATH relink``: the cross-encoder decides every pair."""
    from click.testing import CliRunner

    from claims.cli import cli
    from claims.pipeline import ingest
    from claims.store import Store
    from tests.conftest import write_article

    folder = tmp_path / "in"
    write_article(
        folder,
        "a.txt",
        "Polish officials said the border crossing at Kukuryki was closed.\n",
        outlet="North Wire",
        date="2025-07-15",
    )
    write_article(
        folder,
        "b.txt",
        "Belarusian officials said the border crossing at Kukuryki was closed.\n",
        outlet="South Post",
        date="2025-07-15",
    )
    ingest(db_path, [str(folder)], extractor=extractor, embedder=fake_embedder)
    model = _tiny_nli_model(tmp_path / "nli", bias=[8.0, -8.0, -8.0])  # always contradiction
    out = CliRunner().invoke(cli, ["--db", str(db_path), "--nli-model", str(model), "relink"])
    assert out.exit_code == 0, out.output
    with Store.open(db_path, read_only=True) as store:
        pairs = store.all_pairs()
    assert pairs and all(p.relation == "contradiction" for p in pairs)
    assert all(p.reason.startswith("NLI model: contradiction") for p in pairs)
    missing = CliRunner().invoke(
        cli, ["--db", str(db_path), "--nli-model", str(tmp_path / "nope"), "relink"]
    )
    assert missing.exit_code == 1 and "no NLI model folder" in missing.output


def test_each_side_naming_the_other_as_actor_is_a_contradiction():
    w = toy_weights(same_point_similarity=0.45)
    swapped = score_texts(
        "Peruvian troops fired first at a Chilean patrol",
        "Chilean soldiers started the shooting",
        0.7,
        w,
        party_a="Chile",
        party_b="Peru",
    )
    assert swapped.relation == "contradiction"
    assert swapped.reason.startswith(
        "each side names the other as the actor ('peruvian' vs 'chilean')"
    )
    # Each naming its own side first, or both sides together, or no parties: no swap.
    own = ("Chilean troops held their fire", "Peruvian soldiers held their fire")
    joint = ("Chilean and Peruvian ministers agreed", "Peruvian and Chilean ministers agreed")
    for a, b in (own, joint):
        result = score_texts(a, b, 0.7, w, party_a="Chile", party_b="Peru")
        assert "names the other" not in result.reason
    peru, chile = analyse("Peruvian troops fired"), analyse("Chilean troops fired")
    assert role_swap(peru, chile, "Chile", "Peru") == ("peruvian", "chilean")
    assert role_swap(peru, chile, None, None) is None
