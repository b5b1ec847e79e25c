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
from itertools import accumulate, chain
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

Target = TypeVar("Target")
Span = tuple[int, int]


def overlaps(span: Span, others: Iterable[Span]) -> bool:
    """Whether `span` shares a character with any of `others`."""
    return any(start < span[1] and span[0] < end for start, end in others)


# Each word with the text before it (the gap from the previous word): offsets then follow
# from lengths, so no match object is made per word (that was half the time of a search).
_GAP_AND_WORD_RE = re.compile(r"([\W_]*)([^\W_]+(?:['\u2019][^\W_]+)*)")
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


_Phrases = list[tuple[tuple[_Word, ...], Target]]  # phrases as words, with their targets
_Entry = tuple[tuple[str, ...], _Phrases[Target]]  # a word's forms, the phrases starting there


class PhraseIndex(Generic[Target]):
    """_Phrases, each with a target, found together in one pass over a text's words."""

    def __init__(self, phrases: list[tuple[str, Target]]) -> None:
        self._by_first: dict[str, _Phrases[Target]] = {}
        self._by_prefix: _Phrases[Target] = []
        for phrase, target in phrases:
            words = tuple(_word(w) for w in phrase_words(phrase))
            if words[0].prefix:
                self._by_prefix.append((words, target))
            else:
                self._by_first.setdefault(words[0].key, []).append((words, target))
        self._prefixes = tuple(words[0].key for words, _ in self._by_prefix)
        self._known = _Known(self._candidates)

    def find(self, text: str) -> list[tuple[Target, Span]]:
        """Every (target, span) whose phrase occurs in `text`, in text order."""
        # Up to the last word only: a long run of non-words at the end would otherwise be
        # tried from each of its characters, in quadratic time.
        end = len(text)
        while end and not text[end - 1].isalnum():  # isalnum() is the class [^\W_]
            end -= 1
        pairs = _GAP_AND_WORD_RE.findall(text, 0, end)
        entries = list(map(self._known.__getitem__, [token for _, token in pairs]))
        # Where word k starts and ends: bounds[2k] and bounds[2k + 1].
        bounds = list(accumulate(map(len, chain.from_iterable(pairs))))
        out: list[tuple[Target, Span]] = []
        for index, (_, candidates) in enumerate(entries):
            following = entries[index + 1][0] if index + 1 < len(entries) else ()
            for words, target in candidates:
                # Most phrases that may start here differ at their second word: ruled out
                # here, without a call.
                second = words[1] if len(words) > 1 else None
                if second and not second.prefix and second.key not in following:
                    continue
                if _match(pairs, entries, index, words):
                    last = index + len(words) - 1
                    out.append((target, (bounds[2 * index], bounds[2 * last + 1])))
        return out

    def _candidates(self, mine: tuple[str, ...]) -> _Phrases[Target]:
        """The phrases that may start at a word with these forms."""
        found = [c for form in mine if form in self._by_first for c in self._by_first[form]]
        if self._prefixes and mine[0].startswith(self._prefixes):
            found.extend(self._by_prefix)
        return found


class _Known(dict[str, _Entry[Target]]):
    """Word as written -> its forms and the phrases that may start at it, worked out when
    first looked up: policies repeat their words, so most words cost one dictionary lookup
    (the dictionary grows with the vocabulary of the texts seen)."""

    def __init__(self, candidates: Callable[[tuple[str, ...]], _Phrases[Target]]) -> None:
        super().__init__()
        self._candidates = candidates

    def __missing__(self, token: str) -> _Entry[Target]:
        forms = singulars(token.lower().replace("\u2019", "'"))
        entry = self[token] = (forms, self._candidates(forms))
        return entry


def _match(
    pairs: list[tuple[str, str]],
    entries: list[_Entry[Target]],
    index: int,
    words: tuple[_Word, ...],
) -> bool:
    """Whether the phrase of `words` starts at word `index` (`pairs`: gap and word each)."""
    if index + len(words) > len(pairs):
        return False
    for offset, word in enumerate(words):
        gap, token = pairs[index + offset]
        if not _matches(word, token, entries[index + offset][0]):
            return False
        if offset and _GAP_RE.fullmatch(gap) is None:
            return False
    return True
