"""Finding many phrases in a text at once, word by word.

One regular expression per category tried at every character of a 100 KB policy costs about
a second; looking each word up in a dictionary of first words costs milliseconds. Words are
compared in lower case and plural-tolerant (a phrase word matches itself and its plural:
"party" matches "parties", "cookie" matches "cookies"), words in CAPITALS (AI, GPS) must be
capitals in the text, a word ending in `*` matches any word it begins, and the words of a
phrase may be separated by whitespace (line breaks) and hyphens only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Generic, TypeVar

Target = TypeVar("Target")
Span = tuple[int, int]

_WORD_RE = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
_GAP_RE = re.compile(r"[\s\-\u2010\u2011]*")


def phrase_words(phrase: str) -> list[str]:
    """The words of a phrase as written (a trailing `*` kept); raises ValueError if none."""
    found = re.findall(r"[^\W_]+(?:['\u2019][^\W_]+)*\*?|\*", phrase)
    if not found:
        raise ValueError(f"{phrase!r} has no words")
    return found


def singulars(lower: str) -> tuple[str, ...]:
    """A lower-case word and the singular forms it may be the plural of."""
    if not lower.endswith("s") or len(lower) < 3 or lower.endswith(("ss", "us", "is")):
        return (lower,)
    forms = [lower, lower[:-1]]
    if lower.endswith("es") and len(lower) >= 4:
        forms.append(lower[:-2])
    if lower.endswith("ies") and len(lower) >= 5:
        forms.append(lower[:-3] + "y")
    return tuple(forms)


@dataclass(frozen=True)
class _Word:
    key: str  # lower case, apostrophes straight; a prefix when `prefix`
    prefix: bool
    capitals: bool


def _word(written: str) -> _Word:
    prefix = written.endswith("*")
    bare = written.rstrip("*")
    capitals = len(bare) >= 2 and bare.isalpha() and bare.isupper()
    return _Word(bare.lower().replace("\u2019", "'"), prefix, capitals)


def _matches(word: _Word, token: str, forms: tuple[str, ...]) -> bool:
    if word.capitals and not token[: len(word.key)].isupper():
        return False
    if word.prefix:
        return forms[0].startswith(word.key)
    return word.key in forms


class PhraseIndex(Generic[Target]):
    """Phrases, each with a target, found together in one pass over a text's words."""

    def __init__(self, phrases: list[tuple[str, Target]]) -> None:
        self._by_first: dict[str, list[tuple[tuple[_Word, ...], Target]]] = {}
        self._by_prefix: list[tuple[tuple[_Word, ...], Target]] = []
        for phrase, target in phrases:
            words = tuple(_word(w) for w in phrase_words(phrase))
            if words[0].prefix:
                self._by_prefix.append((words, target))
            else:
                self._by_first.setdefault(words[0].key, []).append((words, target))
        self._prefixes = tuple(words[0].key for words, _ in self._by_prefix)
        # Policies repeat their words: each word's forms and candidate phrases, worked out
        # once (bounded by the vocabulary of the texts seen).
        self._known: dict[str, tuple[tuple[str, ...], list[tuple[tuple[_Word, ...], Target]]]]
        self._known = {}

    def find(self, text: str) -> list[tuple[Target, Span]]:
        """Every (target, span) whose phrase occurs in `text`, in text order."""
        tokens = [(m.start(), m.end(), m.group()) for m in _WORD_RE.finditer(text)]
        known = self._known
        forms: list[tuple[str, ...]] = []
        firsts: list[list[tuple[tuple[_Word, ...], Target]]] = []
        for _, _, token in tokens:
            if token not in known:
                mine = singulars(token.lower().replace("\u2019", "'"))
                known[token] = (mine, self._candidates(mine))
            forms.append(known[token][0])
            firsts.append(known[token][1])
        out: list[tuple[Target, Span]] = []
        for index, (start, end, token) in enumerate(tokens):
            mine = forms[index]
            for words, target in firsts[index]:
                if len(words) == 1:
                    if _matches(words[0], token, mine):
                        out.append((target, (start, end)))
                    continue
                span = _match(text, tokens, forms, index, words)
                if span is not None:
                    out.append((target, span))
        return out

    def _candidates(self, mine: tuple[str, ...]) -> list[tuple[tuple[_Word, ...], Target]]:
        """The phrases that may start at a word with these forms."""
        found = [c for form in mine if form in self._by_first for c in self._by_first[form]]
        if self._prefixes and mine[0].startswith(self._prefixes):
            found.extend(self._by_prefix)
        return found


def _match(
    text: str,
    tokens: list[tuple[int, int, str]],
    forms: list[tuple[str, ...]],
    index: int,
    words: tuple[_Word, ...],
) -> Span | None:
    if index + len(words) > len(tokens):
        return None
    previous_end = tokens[index][0]
    for offset, word in enumerate(words):
        start, end, token = tokens[index + offset]
        if not _matches(word, token, forms[index + offset]):
            return None
        if offset and _GAP_RE.fullmatch(text, previous_end, start) is None:
            return None
        previous_end = end
    return tokens[index][0], previous_end
