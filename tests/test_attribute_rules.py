"""The indexed attribute-ruler matcher gives exactly what spaCy's matcher gives."""

from __future__ import annotations

import pytest

from claims.attribute_rules import IndexedMatcher, UnsupportedPattern, speed_up_attribute_ruler
from claims.extract import SPACY_MODEL, load_nlp

# Written for this test: news prose plus the informal spellings the
# English model's rules single out (ain't, gonna, y'all, nothin', let's ...).
TEXTS = [
    "The minister said on Tuesday that the talks had failed, and he warned of new sanctions.",
    "\u201cWe are not going to accept this,\u201d the spokeswoman told reporters in Paris.",
    "According to the ministry, there were no casualties; officials didn't confirm the figure.",
    "I ain't gonna sign it, y'all know that. There's nothin' left to say, so let's go.",
    "C'mon, you gotta be kidding. It is what it is, and that's that.",
    "Those who did it had it done for you and me, which was what they'd promised.",
    "Whether or not the deal holds, neither side has said so publicly.",
    "  Two  spaces   and a\ttab \n inside a line.",
    "He 's gone . ' s",
    "",
    "n't",
]


@pytest.fixture(scope="module")
def stock_and_fast():
    import spacy

    stock = spacy.load(SPACY_MODEL)
    fast = spacy.load(SPACY_MODEL)
    assert speed_up_attribute_ruler(fast)
    return stock, fast


def _annotations(doc):
    return [
        (t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_) for t in doc
    ]


def test_same_matches_on_parsed_text(stock_and_fast):
    stock, fast = stock_and_fast
    stock_ruler = stock.get_pipe("attribute_ruler")
    fast_ruler = fast.get_pipe("attribute_ruler")
    assert isinstance(fast_ruler.matcher, IndexedMatcher)
    docs = list(stock.pipe(TEXTS, disable=["attribute_ruler", "lemmatizer", "ner"]))
    total = 0
    for doc in docs:
        expected = stock_ruler.match(doc)
        assert fast_ruler.match(doc) == expected, doc.text
        total += len(expected)
    # The rules fire on nearly every token: the comparison is not vacuous.
    assert total >= sum(len(doc) for doc in docs)


def test_same_annotations_through_the_whole_pipeline(stock_and_fast):
    stock, fast = stock_and_fast
    for a, b in zip(stock.pipe(TEXTS), fast.pipe(TEXTS), strict=True):
        assert _annotations(b) == _annotations(a)


def test_informal_spellings_still_get_their_lemmas(stock_and_fast):
    _, fast = stock_and_fast
    doc = fast("I ain't gonna do it, y'all.")
    lemmas = {t.lower_: t.lemma_ for t in doc}
    assert lemmas["gon"] == "go"
    assert lemmas["na"] == "to"
    assert lemmas["y'"] == "you"


def test_the_ruler_still_lists_and_serializes_its_patterns(stock_and_fast):
    stock, fast = stock_and_fast
    fast_ruler = fast.get_pipe("attribute_ruler")
    assert fast_ruler.patterns == stock.get_pipe("attribute_ruler").patterns
    assert fast_ruler.to_bytes()


def test_load_nlp_uses_the_indexed_matcher():
    assert isinstance(load_nlp().get_pipe("attribute_ruler").matcher, IndexedMatcher)


@pytest.mark.parametrize(
    "pattern",
    [
        [{"LOWER": "very", "OP": "+"}],
        [{"SHAPE": "Xxxx"}],
        [{"LOWER": {"FUZZY": "said"}}],
        [],
    ],
)
def test_patterns_it_cannot_index_are_refused(pattern):
    with pytest.raises(UnsupportedPattern):
        IndexedMatcher([(1, [pattern])])


def test_a_ruler_with_such_a_pattern_keeps_spacys_matcher():
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "very", "OP": "+"}]], {"LEMMA": "much"})
    matcher = ruler.matcher
    assert not speed_up_attribute_ruler(nlp)
    assert ruler.matcher is matcher
    assert [t.lemma_ for t in nlp("very very good")] == ["much", "much", ""]


def test_a_pipeline_without_a_ruler_is_left_alone():
    import spacy

    assert not speed_up_attribute_ruler(spacy.blank("en"))


def test_multi_token_and_regex_rules_on_a_blank_pipeline():
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "gon"}, {"LOWER": "na"}]], {"LEMMA": "go"})
    ruler.add([[{"LOWER": {"REGEX": "^n[ou]thin'?$"}}]], {"LEMMA": "nothing"})
    ruler.add([[{"ORTH": {"NOT_IN": ["gon", "na", "nothin"]}}]], {"LEMMA": "other"})
    assert speed_up_attribute_ruler(nlp)
    doc = nlp("gon na nothin gon")
    assert [t.lemma_ for t in doc] == ["go", "", "nothing", ""]
