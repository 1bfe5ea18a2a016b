"""A faster matcher for spaCy's attribute ruler, with the same output.

The English pipeline's ``attribute_ruler`` holds about 180 token patterns
(mostly "this tag, maybe this word"). spaCy's general ``Matcher`` tries each
of them at every token, which costs about a tenth of the whole parse. The
patterns are all fixed-length and use a handful of token attributes, so
:class:`IndexedMatcher` files each pattern under its first token's word,
dependency label or tag and only tries the few that can start at a token.

:func:`speed_up_attribute_ruler` swaps it in only when every pattern is of
that simple kind; otherwise the ruler keeps spaCy's matcher. Either way the
ruler writes the same attributes (a test compares the two on real text).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

#: Token attributes the indexed matcher understands, in the order a pattern
#: is filed under them (most selective first).
_ATTRS = ("LOWER", "DEP", "TAG", "ORTH", "IS_SPACE")

Row = tuple[Any, ...]
Check = Callable[[Row], bool]


def _row(tok: Token) -> Row:
    return (tok.lower_, tok.dep_, tok.tag_, tok.text, tok.is_space)


class UnsupportedPattern(ValueError):
    """A pattern uses something the indexed matcher does not handle."""


def _value_check(attr: str, spec: Any) -> Check:
    col = _ATTRS.index(attr)
    if not isinstance(spec, dict):
        return lambda row: row[col] == spec
    if len(spec) != 1:
        raise UnsupportedPattern(f"{attr}: {spec!r}")
    ((op, arg),) = spec.items()
    if op == "IN":
        values = frozenset(arg)
        return lambda row: row[col] in values
    if op == "NOT_IN":
        values = frozenset(arg)
        return lambda row: row[col] not in values
    if op == "REGEX" and attr != "IS_SPACE":
        # spaCy's matcher searches the attribute's string with re.search.
        regex = re.compile(arg)
        return lambda row: regex.search(row[col]) is not None
    raise UnsupportedPattern(f"{attr}: {spec!r}")


def _token_check(spec: dict[str, Any]) -> Check:
    unknown = set(spec) - set(_ATTRS)
    if unknown or not spec:
        raise UnsupportedPattern(f"token pattern {spec!r}")
    checks = [_value_check(attr, value) for attr, value in spec.items()]
    if len(checks) == 1:
        return checks[0]
    return lambda row: all(check(row) for check in checks)


def _index_keys(spec: dict[str, Any]) -> tuple[int, tuple[Any, ...]] | None:
    """Where to file a pattern: its first token's exact value(s), if any."""
    for col, attr in enumerate(_ATTRS):
        value = spec.get(attr)
        if isinstance(value, (str, bool)):
            return col, (value,)
        if isinstance(value, dict) and set(value) == {"IN"}:
            return col, tuple(value["IN"])
    return None


class IndexedMatcher:
    """Drop-in for the ``Matcher`` call an ``AttributeRuler`` makes.

    Args:
        rules: ``(match_id, patterns)`` pairs, each pattern a list of token
            dicts, as the ruler added them to its matcher.
        stock: The matcher this one stands in for; ``get`` reads patterns
            from it, so the ruler's ``patterns`` and serialization still work.

    Raises:
        UnsupportedPattern: If a pattern has an operator, an unknown attribute
            or predicate, or is empty.
    """

    def __init__(
        self,
        rules: Iterable[tuple[int, list[list[dict[str, Any]]]]],
        stock: Any = None,
    ) -> None:
        self._stock = stock
        self._by: list[dict[Any, list[tuple[int, list[Check]]]]] = [{} for _ in _ATTRS]
        self._anywhere: list[tuple[int, list[Check]]] = []
        for match_id, patterns in rules:
            for pattern in patterns:
                if not pattern:
                    raise UnsupportedPattern("empty pattern")
                entry = (match_id, [_token_check(spec) for spec in pattern])
                where = _index_keys(pattern[0])
                if where is None:
                    self._anywhere.append(entry)
                    continue
                col, values = where
                for value in dict.fromkeys(values):
                    self._by[col].setdefault(value, []).append(entry)
        self._indexed = [(col, by) for col, by in enumerate(self._by) if by]

    def get(self, key: Any, default: Any = None) -> Any:
        """Return a rule's ``(on_match, patterns)`` from the stock matcher."""
        if self._stock is None:
            return default
        return self._stock.get(key, default)

    def __call__(
        self, doc: Doc, *, allow_missing: bool = False, as_spans: bool = False
    ) -> list[tuple[int, int, int]]:
        """Return ``(match_id, start, end)`` for every match, without repeats."""
        if as_spans:
            raise UnsupportedPattern("as_spans is not supported")
        rows = [_row(tok) for tok in doc]
        n = len(rows)
        found: dict[tuple[int, int, int], None] = {}
        for start, row in enumerate(rows):
            candidates = [e for col, by in self._indexed for e in by.get(row[col], ())]
            for match_id, checks in candidates + self._anywhere:
                end = start + len(checks)
                if end <= n and all(check(rows[start + i]) for i, check in enumerate(checks)):
                    found[(match_id, start, end)] = None
        return list(found)


def speed_up_attribute_ruler(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Give the pipeline's attribute ruler the indexed matcher, if it can.

    Args:
        nlp: A loaded spaCy pipeline.
        name: The attribute ruler's pipe name.

    Returns:
        True if the ruler now uses :class:`IndexedMatcher`; False if there is
        no such pipe or a pattern is outside what the indexed matcher handles.
    """
    if name not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe(name)
    strings = nlp.vocab.strings
    rules: dict[int, list[list[dict[str, Any]]]] = defaultdict(list)
    for i, entry in enumerate(ruler.patterns):
        # The ruler files the i-th rule's patterns under the string str(i).
        rules[strings.add(str(i))].extend(entry["patterns"])
    try:
        matcher = IndexedMatcher(rules.items(), stock=ruler.matcher)
    except UnsupportedPattern:
        return False
    ruler.matcher = matcher
    return True
