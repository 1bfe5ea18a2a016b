from datetime import date

import numpy as np
import pytest

from claims.contradict import Weights, pair_features, score_pair
from claims.link import choose_topic, topic_label
from claims.models import Document, StoredClaim
from claims.store import TopicRow


def _stored(cid, text, party):
    return StoredClaim(cid, 1, text, "X", party, "said", "indirect", 1, "Wire", None, None)


def _unit(i, j=None):
    v = np.zeros(384, dtype=np.float32)
    v[i] = 1
    if j is not None:
        v[j] = 1
    return v / np.linalg.norm(v)


@pytest.mark.parametrize(
    ("a", "b", "feature"),
    [
        (
            "Ukraine was involved in the attack",
            "Ukraine was not involved in the attack",
            "negation_mismatch",
        ),
        ("The readout is full of lies", "The minister asked for the call", "dispute_cue"),
        (
            "Minsk confirmed the meeting took place",
            "Warsaw denied the meeting took place",
            "antonym",
        ),
        ("140 people were killed", "90 people were killed", "number_mismatch"),
    ],
)
def test_features_fire(a, b, feature):
    assert pair_features(a, b, 0.5)[feature] == 1.0


def test_features_quiet_on_plain_agreement():
    f = pair_features("The call lasted an hour", "The call lasted about an hour", 0.9)
    assert f["negation_mismatch"] == f["dispute_cue"] == f["antonym"] == 0.0


def test_contradiction_reason_names_features():
    w = Weights.load()
    pair = score_pair(
        _stored(2, "Our forces were not involved, and the claims are lies", "Poland"),
        _stored(1, "Polish forces were involved in the sabotage", "Belarus"),
        0.7,
        w,
    )
    assert pair.relation == "contradiction"
    assert (pair.claim_a, pair.claim_b) == (1, 2)
    assert "dispute word 'lies'" in pair.reason and "one side negates" in pair.reason
    assert "Poland vs Belarus" in pair.reason
    assert 0.5 <= pair.score <= 1


def test_agreement_and_nothing():
    w = Weights.load()
    agree = score_pair(
        _stored(1, "The call lasted an hour", "Poland"),
        _stored(2, "The call lasted about an hour", "Belarus"),
        0.9,
        w,
    )
    assert agree.relation == "agreement" and 0.5 <= agree.score <= 1
    assert (
        score_pair(
            _stored(1, "Talks went well", "Poland"),
            _stored(2, "Weather was fine", "Belarus"),
            0.2,
            w,
        )
        is None
    )


def test_choose_topic_by_similarity_entities_and_date():
    t = TopicRow(
        1, "call", 4, _unit(0), ("Poland", "Belarus"), date(2025, 3, 11), date(2025, 3, 12)
    )
    same, _ = choose_topic([t], _unit(0), ["Poland", "Belarus"], date(2025, 3, 13))
    assert same is t
    other, _ = choose_topic([t], _unit(5), ["Kenya"], date(2025, 3, 13))
    assert other is None
    months_later, _ = choose_topic([t], _unit(0), ["Poland", "Belarus"], date(2025, 7, 1))
    assert months_later is None


def _topic(tid, entities, last, first=None):
    return TopicRow(tid, "row", 4, _unit(0), tuple(entities), first or last, last)


@pytest.mark.parametrize(
    ("doc_entities", "published", "joins"),
    [
        # a shared person ties the document to the event, whatever the date inside the window
        (["Poland", "Belarus", "Jan Nowicki"], date(2025, 3, 20), True),
        # the same two countries, a name the topic lacks, two days after its latest article
        (["Belarus", "Poland", "Olga Sidorova"], date(2025, 3, 14), True),
        # ... but ten days after: another row between the same countries
        (["Poland", "Belarus", "Olga Sidorova"], date(2025, 3, 22), False),
        # one of the two countries, two days after: a different row
        (["Poland", "Lithuania", "Olga Sidorova"], date(2025, 3, 14), False),
        # an entity many topics share ties nothing together
        (["Poland", "Belarus", "European Union", "Olga Sidorova"], date(2025, 3, 22), False),
        # a document naming only parties is left to the similarity, as before
        (["Poland", "Belarus"], date(2025, 3, 22), True),
    ],
)
def test_choose_topic_needs_a_shared_name_or_the_same_sides_days_apart(
    doc_entities, published, joins
):
    """Related claims (cosine 0.71), but entities and time decide which row it is."""
    row = _topic(1, ["Poland", "Belarus", "Jan Nowicki", "European Union"], date(2025, 3, 12))
    others = [
        _topic(n, ["Kenya", f"Person {n}", "European Union"], date(2025, 1, 5)) for n in (2, 3)
    ]
    chosen, _ = choose_topic([row, *others], _unit(0, 1), doc_entities, published)
    assert (chosen is row) is joins
    # nearly the same claims join whatever the entities
    same, _ = choose_topic([row, *others], _unit(0), doc_entities, published)
    assert same is row


def test_choose_topic_measures_days_from_the_latest_article():
    """A topic's span does not make every date inside it near (it grew by joining rows)."""
    wide = _topic(1, ["Poland", "Belarus", "Jan Nowicki"], date(2025, 3, 30), date(2025, 3, 10))
    chosen, _ = choose_topic(
        [wide], _unit(0, 1), ["Poland", "Belarus", "Olga Sidorova"], date(2025, 3, 20)
    )
    assert chosen is None
    chosen, _ = choose_topic(
        [wide], _unit(0, 1), ["Poland", "Belarus", "Olga Sidorova"], date(2025, 3, 29)
    )
    assert chosen is wide


def test_topic_label_is_readable():
    doc = Document(
        text="x", title="Defence chiefs clash over depot fire", published=date(2025, 3, 11)
    )
    label = topic_label(["Poland", "Belarus", "Jan Nowicki"], doc)
    assert (
        label == "Poland, Belarus, Jan Nowicki: Defence chiefs clash over depot fire (11 Mar 2025)"
    )
