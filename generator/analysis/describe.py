"""What a change does, in words: the sections it touches, the sentences that matter most, and
the quantities that changed. Pages, feeds and the export show these; `summary.py` writes a
line from them.

Sentences are those of the two versions (`sentences.py`) that overlap changed text. In a
block changed word by word, an old and a new sentence that share most of their words are
two versions of one ("rewritten"); the others were added or removed. A sentence matters more
when it mentions a data-practice category (most when the change adds or removes it), holds a
negation or modal flip, states a quantity that changed, or defines a new term; a heading is
never one. Every fact carries the index of its block in the diff, the anchor the diff's HTML
gives that block, so a page can link to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

# Imported at run time, not for type checking only: the cache reads `Description` back from
# its annotations (generator.analysis.serial).
from generator.analysis.changes import KeySentence, NumberChange, Section
from generator.analysis.numbers import changed_quantities
from generator.analysis.sections import changed_sections, without_anchors
from generator.analysis.sentences import is_link_only, overlapping

if TYPE_CHECKING:
    from collections.abc import Iterable

    from generator.analysis.changes import Flip
    from generator.analysis.diff import BlockChange, Diff
    from generator.analysis.labels import Scan
    from generator.analysis.sentences import Sentence

MAX_KEY_SENTENCES = 3
MAX_NUMBERS = 5
SENTENCE_CHARS = 300  # a key sentence is cut, at a word, after about this many characters
MIN_WORDS = 4  # shorter sentences ("Learn more.") are never key sentences
SAME_SENTENCE = 0.5  # shared vocabulary (Dice) above which two sentences are versions of one
KEPT_SENTENCE = 0.7  # or: the share of the shorter one's words kept in the longer

_WORD_RE = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
_SPACE_BEFORE_RE = re.compile(r"\s+([.,;:!?)\]\u201d])")
_SPACE_AFTER_RE = re.compile(r"([(\[\u201c])\s+")
_DEFINED_RE = re.compile(
    r"[\u201c\"]\s*([^\W\d_][\w\u2019' -]{0,48}?)\s*[,.]?\s*[\u201d\"]\s*\)?,?\s*"
    r"(?:means|refers? to|shall mean|is defined as|has the meaning)\b"
    r"|\(\s*(?:the\s+|each\s+a\s+|together\s+|collectively\s+)?[\u201c\"]\s*"
    r"([^\W\d_][\w\u2019' -]{0,48}?)\s*[,.]?\s*[\u201d\"]\s*\)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Description:
    """The facts of a change, in words."""

    sections: tuple[Section, ...] = ()
    key_sentences: tuple[KeySentence, ...] = ()
    numbers: tuple[NumberChange, ...] = ()

    def detached(self) -> Description:
        """The same facts without anchors: for a diff that is not the one a page shows."""
        return Description(
            without_anchors(self.sections),
            tuple(replace(s, block=None) for s in self.key_sentences),
            tuple(replace(n, block=None) for n in self.numbers),
        )


@dataclass(frozen=True)
class _Side:
    """One version as the sentence search needs it."""

    scan: Scan
    starts: list[int]  # where its sentences start, in order
    flat: dict[int, str]  # sentence start -> the sentence on one line, once worked out

    @classmethod
    def of(cls, scan: Scan) -> _Side:
        return cls(scan, [s.start for s in scan.prose.sentences], {})

    def text(self, sentence: Sentence) -> str:
        if sentence.start not in self.flat:
            self.flat[sentence.start] = _flat(self.scan, sentence)
        return self.flat[sentence.start]


@dataclass(frozen=True)
class _Candidate:
    """A changed sentence: its text, the one it replaced, where it is, and its worth."""

    text: str
    change: str
    block: int
    position: int  # offset in its version: ties go to the earlier sentence
    before: str = ""
    categories: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    score: float = 0.0
    words: int = 0


def describe(
    diff: Diff,
    old: Scan,
    new: Scan,
    flips: Iterable[Flip] = (),
    gained: Iterable[str] = (),
) -> Description:
    """Sections, key sentences and changed quantities of a diff between two scanned texts.

    `flips` and `gained` (the categories added or removed) come from the change's labels:
    sentences that hold them matter most.
    """
    sections, places = changed_sections(diff)
    furniture = {section.path for section in sections if section.furniture}
    old_cats, new_cats = _categories(old), _categories(new)
    flip_words = [w.lower() for f in flips for w in (f.before, f.after) if w]
    gained_ids = frozenset(gained)
    candidates: list[_Candidate] = []
    numbers: dict[tuple[str, str, str], NumberChange] = {}
    old_side, new_side = _Side.of(old), _Side.of(new)
    old_at = new_at = 0
    for k, change in enumerate(diff.blocks):
        old_len, new_len = len(change.old_text), len(change.new_text)
        if (
            change.op != "equal"
            and (change.words_added or change.words_removed)  # not links or markup only
            and places.paths.get(k) not in furniture
            and k not in places.trivial  # moved, re-typeset, "3 days ago": nothing to quote
        ):
            heading = k in places.headings
            for old_s, new_s in _sentence_pairs(change, old_side, new_side, old_at, new_at):
                before = old_side.text(old_s) if old_s else ""
                after = new_side.text(new_s) if new_s else ""
                if before and after and _words(before) == _words(after):
                    continue  # punctuation or markup only
                found = []
                if before and after:
                    for topic, a, b in changed_quantities(before, after):
                        found.append(NumberChange(topic, a.text, b.text, _cut(after), k))
                for number in found:
                    numbers.setdefault((number.topic, number.before, number.after), number)
                if heading:
                    continue  # a heading alone is never a key sentence
                chosen = new_s or old_s
                assert chosen is not None
                version = new if new_s else old
                if is_link_only(version.prose.text, chosen):
                    continue
                cats = (new_cats if new_s else old_cats).get((chosen.start, chosen.end), ())
                kind = "rewritten" if before and after else "added" if after else "removed"
                candidates.append(
                    _worth(
                        _Candidate(
                            _cut(after or before),
                            kind,
                            k,
                            chosen.start,
                            before=_cut(before) if kind == "rewritten" else "",
                            categories=tuple(sorted(cats)),
                            words=len(_WORD_RE.findall(after or before)),
                        ),
                        flip_words,
                        gained_ids,
                        bool(found),
                        _defines_new_term(after, old) if after else False,
                    )
                )
        old_at += old_len
        new_at += new_len
    return Description(sections, _pick(candidates), tuple(numbers.values())[:MAX_NUMBERS])


def _worth(
    candidate: _Candidate, flips: list[str], gained: frozenset[str], number: bool, term: bool
) -> _Candidate:
    reasons: list[str] = []
    score = 0.0
    lower = candidate.text.lower() + " " + candidate.before.lower()
    if any(f in lower for f in flips):
        reasons.append("flip")
        score += 5
    if candidate.categories:
        reasons.append("category")
        score += 4 if gained.intersection(candidate.categories) else 2
    if number:
        reasons.append("number")
        score += 3
    if term:
        reasons.append("defined term")
        score += 2
    return replace(candidate, reasons=tuple(reasons), score=score)


def _pick(candidates: list[_Candidate]) -> tuple[KeySentence, ...]:
    """The sentences that matter most; without reasons, the longest few (at least 8 words)."""
    ranked = sorted(
        (c for c in candidates if c.words >= MIN_WORDS),
        key=lambda c: (-c.score, -c.words, c.block, c.position),
    )
    picked = [c for c in ranked if c.reasons][:MAX_KEY_SENTENCES]
    if len(picked) < 2:
        picked += [c for c in ranked if not c.reasons and c.words >= 8][: 2 - len(picked)]
    picked.sort(key=lambda c: (c.block, c.position))
    seen: set[str] = set()
    out: list[KeySentence] = []
    for c in picked:
        if c.text not in seen:
            seen.add(c.text)
            out.append(KeySentence(c.text, c.change, c.block, c.before, c.categories, c.reasons))
    return tuple(out)


def _categories(version: Scan) -> dict[tuple[int, int], tuple[str, ...]]:
    """The categories each sentence of a version mentions, by the sentence's offsets."""
    found: dict[tuple[int, int], list[str]] = {}
    for hit in version.hits:
        mine = found.setdefault((hit.sentence.start, hit.sentence.end), [])
        if hit.category not in mine:
            mine.append(hit.category)
    return {key: tuple(value) for key, value in found.items()}


def _changed_spans(
    change: BlockChange, old_at: int, new_at: int
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The changed stretches of a block, as offsets in the old and the new text."""
    if change.op != "replace":
        old = [(old_at, old_at + len(change.old_text))] if change.old is not None else []
        new = [(new_at, new_at + len(change.new_text))] if change.new is not None else []
        return old, new
    old_spans: list[tuple[int, int]] = []
    new_spans: list[tuple[int, int]] = []
    o, n = old_at, new_at
    for segment in change.segments:
        size = len(segment.text)
        if segment.op == "delete":
            if segment.text.strip():
                old_spans.append((o, o + size))
                new_spans.append((n, n))  # where the words went: the new sentence there
            o += size
        elif segment.op == "insert":
            if segment.text.strip():
                new_spans.append((n, n + size))
                old_spans.append((o, o))
            n += size
        else:
            o += size
            n += size
    return old_spans, new_spans


def _overlapping(version: Scan, starts: list[int], spans: list[tuple[int, int]]) -> list[Sentence]:
    """The sentences of a version that overlap (or, for a point, contain) any span
    (`starts`: where its sentences start)."""
    return overlapping(version.prose.sentences, starts, spans)


def _sentence_pairs(
    change: BlockChange, old: _Side, new: _Side, old_at: int, new_at: int
) -> list[tuple[Sentence | None, Sentence | None]]:
    """(old, new) sentences of a changed block: pairs for rewrites, one side for the rest."""
    old_spans, new_spans = _changed_spans(change, old_at, new_at)
    olds = _overlapping(old.scan, old.starts, old_spans)
    news = _overlapping(new.scan, new.starts, new_spans)
    if change.op != "replace" or not olds or not news:
        return [(s, None) for s in olds] + [(None, s) for s in news]
    old_words = [frozenset(w.lower() for w in _words(old.text(s))) for s in olds]
    new_words = [frozenset(w.lower() for w in _words(new.text(s))) for s in news]
    scored = sorted(
        (-likeness, i, j)
        for i, a in enumerate(old_words)
        for j, b in enumerate(new_words)
        if (likeness := _likeness(a, b)) >= SAME_SENTENCE
    )
    paired_old: dict[int, int] = {}
    paired_new: set[int] = set()
    for _, i, j in scored:
        if i in paired_old or j in paired_new:
            continue
        paired_old[i] = j
        paired_new.add(j)
    pairs: list[tuple[Sentence | None, Sentence | None]] = [
        (olds[i], news[j]) for i, j in sorted(paired_old.items())
    ]
    pairs += [(s, None) for i, s in enumerate(olds) if i not in paired_old]
    pairs += [(None, s) for j, s in enumerate(news) if j not in paired_new]
    return pairs


def _likeness(a: frozenset[str], b: frozenset[str]) -> float:
    """How much two sentences are versions of one: Dice, or a rewrite keeping the shorter."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    dice = 2 * shared / (len(a) + len(b))
    shorter = min(len(a), len(b))
    if dice < SAME_SENTENCE and shorter >= 5 and shared / shorter >= KEPT_SENTENCE:
        return SAME_SENTENCE
    return dice


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(text)


def _flat(version: Scan, sentence: Sentence) -> str:
    """A sentence on one line, its markup gone, without spaces before punctuation."""
    text = " ".join(version.prose.blanked[sentence.start : sentence.end].split())
    return _SPACE_AFTER_RE.sub(r"\1", _SPACE_BEFORE_RE.sub(r"\1", text))


def _cut(text: str, limit: int = SENTENCE_CHARS) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;:") + "…"


def _defines_new_term(sentence: str, old: Scan) -> bool:
    """Whether a sentence defines a term ("“Partners” means …") the old version did not."""
    for match in _DEFINED_RE.finditer(sentence):
        term = (match.group(1) or match.group(2) or "").strip()
        if not term:
            continue
        quoted = re.compile(
            r"[\u201c\"]\s*" + re.escape(term) + r"\s*[,.]?\s*[\u201d\"]", re.IGNORECASE
        )
        if quoted.search(old.prose.blanked) is None:
            return True
    return False
