"""Data-practice labels of a change: categories added, removed and touched, evidence, flips.

- added / removed: mentioned (stated) in the new version, and not even named in the old (in a
  heading, a label, a link: words the rules may not read as a statement, over sentences that
  may say it in a wording they miss), or the reverse;
- touched: a category's signalling words lie in inserted or deleted text, or a negation or
  modal word next to them changed ("will not sell" -> "may sell": nothing is gained or lost,
  yet it is the change that matters most);
- flips: such negation or modal shifts, found by comparing the old and new sentences of one
  changed block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from generator.analysis.changes import Flip, Quote
from generator.analysis.phrases import Span, overlaps
from generator.analysis.quotes import quote_with_marks
from generator.analysis.sentences import Hit, Prose, Sentence, overlapping, prose
from generator.analysis.statements import practice_verb, says_practice
from generator.analysis.taxonomy import SentenceCache, Taxonomy

if TYPE_CHECKING:
    from generator.analysis.diff import Diff

MAX_QUOTES = 3  # evidence sentences per category and change
SAME_SENTENCE = 0.5  # vocabulary likeness above which two sentences are versions of one
KEPT_SENTENCE = 0.7  # or: the share of a sentence's words kept in a longer rewrite of it
MIN_KEPT_WORDS = 5  # ... when that sentence has at least this many distinct words


@dataclass(frozen=True)
class Scan:
    """One version ready for labelling: its sentences and every category it mentions."""

    prose: Prose
    hits: tuple[Hit, ...]
    named: frozenset[str]  # categories whose words appear, stating or not (`ids` among them)

    @property
    def ids(self) -> frozenset[str]:
        """The categories it states: a denial ("we do not collect biometric data") names one."""
        return frozenset(hit.category for hit in self.hits if not hit.denied)

    @cached_property
    def by_category(self) -> dict[str, tuple[Hit, ...]]:
        """The hits of each category, in text order."""
        found: dict[str, list[Hit]] = {}
        for hit in self.hits:
            found.setdefault(hit.category, []).append(hit)
        return {category: tuple(hits) for category, hits in found.items()}


def scan(taxonomy: Taxonomy, text: str, cache: SentenceCache | None = None) -> Scan:
    """A version's sentences and the categories they mention (`cache`: see Taxonomy.hits)."""
    ready = prose(text)
    hits, named = taxonomy.read(ready, cache)
    return Scan(ready, tuple(hits), named)


@dataclass(frozen=True)
class Labels:
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    touched: tuple[str, ...] = ()
    quotes: dict[str, tuple[Quote, ...]] | None = None
    flips: tuple[Flip, ...] = ()

    @property
    def evidence(self) -> dict[str, tuple[str, ...]]:
        return {cid: tuple(q.text for q in quotes) for cid, quotes in (self.quotes or {}).items()}


# --- Where the text changed --------------------------------------------------------------------


@dataclass(frozen=True)
class _Edit:
    """A run of changed blocks: the changed spans in the old and in the new text."""

    old_changed: tuple[Span, ...]
    new_changed: tuple[Span, ...]


def _edits(diff: Diff) -> list[_Edit]:
    """The runs of changed blocks of a diff, with offsets in the full old and new texts."""
    edits: list[_Edit] = []
    old_changed: list[Span] = []
    new_changed: list[Span] = []
    old_at = new_at = 0
    for change in [*diff.blocks, None]:
        if change is None or change.op == "equal":
            if old_changed or new_changed:
                edits.append(_Edit(tuple(old_changed), tuple(new_changed)))
                old_changed, new_changed = [], []
            if change is not None:
                old_at += len(change.old_text)
                new_at += len(change.new_text)
            continue
        old_len, new_len = len(change.old_text), len(change.new_text)
        if change.op == "replace":
            o, n = old_at, new_at
            for segment in change.segments:
                size = len(segment.text)
                # A deletion is also a point in the new text (and an insertion one in the
                # old), so "do not sell" -> "sell" compares the sentences on both sides.
                if segment.op == "delete" and segment.text.strip():
                    old_changed.append((o, o + size))
                    new_changed.append((n, n))
                elif segment.op == "insert" and segment.text.strip():
                    new_changed.append((n, n + size))
                    old_changed.append((o, o))
                o += size if segment.op != "insert" else 0
                n += size if segment.op != "delete" else 0
        else:
            if old_len:
                old_changed.append((old_at, old_at + old_len))
            if new_len:
                new_changed.append((new_at, new_at + new_len))
        old_at += old_len
        new_at += new_len
    return edits


def _sentences_in(scan_: Scan, spans: tuple[Span, ...]) -> tuple[Sentence, ...]:
    """The sentences of a version that overlap any of `spans`."""
    found = scan_.prose.sentences
    return tuple(overlapping(found, [s.start for s in found], spans))


# --- Negation and modality ---------------------------------------------------------------------

_NEGATORS = frozenset({"not", "never", "no", "neither", "nor", "cannot", "without", "none"})
_FIRM = frozenset({"will", "shall", "must"})
_PERMISSIVE = frozenset({"may", "might", "can", "could", "cannot"})
_AUXILIARIES = frozenset({"do", "does", "did", "is", "are", "will", "would", "shall", "should"})
# Cue words count only this close before the matched words, and within the same clause.
_CUE_WINDOW_WORDS = 4
_CLAUSE_BREAK_RE = re.compile(
    r"[,;:()]|\b(?:if|unless|except|when|where|which|that|who|but|and|or)\b", re.IGNORECASE
)
_WORD_RE = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)?")


@dataclass(frozen=True)
class _Stance:
    negated: bool
    modal: str  # "firm", "permissive" or ""
    cue: Span | None  # the first cue word before the match, if any
    clause: int  # where the match's clause starts (at most 60 characters before it)

    def differs(self, other: _Stance) -> bool:
        if self.negated != other.negated:
            return True
        return bool(self.modal and other.modal and self.modal != other.modal)


def _stance(blanked: str, sentence: Sentence, span: Span) -> _Stance:
    """Whether the words just before a match negate it, and which modal verb governs it."""
    start = max(sentence.start, span[0] - 60)
    for brk in _CLAUSE_BREAK_RE.finditer(blanked, start, span[0]):
        start = brk.end()
    window = list(_WORD_RE.finditer(blanked, start, span[0]))[-_CUE_WINDOW_WORDS:]
    negated, modal, cue = False, "", None
    for match in window:
        word = match.group().lower().replace("\u2019", "'")
        is_negation = word in _NEGATORS or word.endswith("n't")
        stem = {"won't": "will", "can't": "can", "shan't": "shall"}.get(word, word[:-3])
        if is_negation:
            negated = True
        verb = word if word in _FIRM | _PERMISSIVE else stem if word.endswith("n't") else ""
        if verb in _FIRM:
            modal = "firm"
        elif verb in _PERMISSIVE:
            modal = "permissive"
        if (is_negation or verb in _FIRM | _PERMISSIVE) and cue is None:
            cue = match.span()
    return _Stance(negated, modal, cue, start)


def _phrase(blanked: str, stance: _Stance, span: Span) -> str:
    """The cue words and the matched words: "do not sell", "may sell"; without a cue, a verb
    of practice just before them in their clause ("do not collect biometric" -> "collect
    biometric")."""
    if stance.cue is not None:
        start = stance.cue[0]
    else:
        verb = practice_verb(blanked, max(stance.clause, span[0] - 40), span[0])
        start = span[0] if verb is None else verb
    before = list(_WORD_RE.finditer(blanked, max(0, start - 12), start))
    if before and before[-1].group().lower() in _AUXILIARIES:
        start = before[-1].start()
    return " ".join(blanked[start : span[1]].split())


# --- Labels ------------------------------------------------------------------------------------


def change_labels(taxonomy: Taxonomy, old: Scan, new: Scan, diff: Diff) -> Labels:
    """Categories added, removed and touched between two versions, with evidence and flips."""
    # Gained: stated now, and not even named before (a wording the rules miss, or a heading,
    # leaves the old text naming what it did not state: a rewording, not a new practice).
    added = new.ids - old.named
    removed = old.ids - new.named
    old_touch: dict[str, list[Hit]] = {}
    new_touch: dict[str, list[Hit]] = {}
    flips: dict[str, Flip] = {}
    for edit in _edits(diff):
        old_seen = _touching(old, edit.old_changed)
        new_seen = _touching(new, edit.new_changed)
        for seen, into in ((old_seen, old_touch), (new_seen, new_touch)):
            for item in seen:
                if item.touches:
                    into.setdefault(item.hit.category, []).append(item.hit)
        for category, flip in _flips(old, new, old_seen, new_seen).items():
            flips.setdefault(category, flip)
    touched = set(old_touch) | set(new_touch) | set(flips)
    quotes: dict[str, tuple[Quote, ...]] = {}
    for category in sorted(touched | added | removed):
        if category in added:
            picks = _pick(new, new_touch.get(category, []), category, "new")
        elif category in removed:
            picks = _pick(old, old_touch.get(category, []), category, "old")
        else:
            picks = [
                *_pick(old, old_touch.get(category, []), category, "old", fill=False),
                *_pick(new, new_touch.get(category, []), category, "new", fill=False),
            ][:MAX_QUOTES]
        if picks:
            quotes[category] = tuple(dict.fromkeys(picks))
    return Labels(
        added=tuple(sorted(added)),
        removed=tuple(sorted(removed)),
        touched=tuple(sorted(touched)),
        quotes=quotes,
        flips=tuple(flips[c] for c in sorted(flips)),
    )


@dataclass(frozen=True)
class _Seen:
    """A hit in a changed sentence, and whether its words or a cue word before them changed."""

    hit: Hit
    touches: bool
    terms: dict[str, tuple[_Stance, bool]]  # matched words -> stance, whether its cue changed


def _term(blanked: str, span: Span) -> str:
    return " ".join(blanked[span[0] : span[1]].lower().split())


def _touching(version: Scan, changed: tuple[Span, ...]) -> list[_Seen]:
    """The hits in sentences that overlap changed text."""
    if not changed:
        return []
    blanked = version.prose.blanked
    out: list[_Seen] = []
    sentences = set(_sentences_in(version, changed))
    for hit in (h for h in version.hits if h.sentence in sentences):
        sentence = hit.sentence
        here = [s for s in changed if s[0] < sentence.end and sentence.start < s[1]]
        terms: dict[str, tuple[_Stance, bool]] = {}
        for span in hit.spans:
            stance = _stance(blanked, sentence, span)
            cue_changed = stance.cue is not None and overlaps(stance.cue, here)
            terms.setdefault(_term(blanked, span), (stance, cue_changed))
        touches = any(overlaps(span, here) for span in hit.spans) or any(
            cue_changed for _, cue_changed in terms.values()
        )
        out.append(_Seen(hit, touches, terms))
    return out


def _flips(old: Scan, new: Scan, old_seen: list[_Seen], new_seen: list[_Seen]) -> dict[str, Flip]:
    """Categories whose words are negated or governed by another modal in the new text.

    Only the same words are compared ("sell" with "sell"), in two versions of one sentence
    (most of their words shared), and only when a cue word before them changed: two unrelated
    sentences of a rewritten paragraph do not make a flip.
    """
    flips: dict[str, Flip] = {}
    for before in old_seen:
        for after in new_seen:
            category = before.hit.category
            if category != after.hit.category or category in flips:
                continue
            # The first words of each match ("sell" of "sell … information") must agree.
            (term, (old_stance, old_cue)), *_ = before.terms.items()
            (new_term, (new_stance, new_cue)), *_ = after.terms.items()
            if term != new_term or not (old_cue or new_cue) or not old_stance.differs(new_stance):
                continue
            if _same_sentence(old, before.hit.sentence, new, after.hit.sentence):
                flips[category] = Flip(
                    category,
                    _phrase(old.prose.blanked, old_stance, before.hit.spans[0]),
                    _phrase(new.prose.blanked, new_stance, after.hit.spans[0]),
                )
    return flips


def _same_sentence(old: Scan, before: Sentence, new: Scan, after: Sentence) -> bool:
    """Whether two sentences are versions of one: most words shared (Dice), or most of the
    shorter one's words kept in the longer (a sentence rewritten and extended: "We will not
    collect your precise location." -> "If you turn on Nearby, we may collect your precise
    location, using GPS signals…")."""
    a = {w.lower() for w in _WORD_RE.findall(old.prose.blanked, before.start, before.end)}
    b = {w.lower() for w in _WORD_RE.findall(new.prose.blanked, after.start, after.end)}
    if not a or not b:
        return False
    shared, shorter = len(a & b), min(len(a), len(b))
    if 2 * shared / (len(a) + len(b)) >= SAME_SENTENCE:
        return True
    return shorter >= MIN_KEPT_WORDS and shared / shorter >= KEPT_SENTENCE


def _informative(version: Scan, hit: Hit) -> bool:
    return not hit.denied and says_practice(version.prose.blanked, hit.sentence)


def _pick(
    version: Scan, preferred: list[Hit], category: str, side: str, *, fill: bool = True
) -> list[Quote]:
    """Up to MAX_QUOTES quotes: hits in changed text first, then (if `fill`) any others; in
    each group, sentences that say what is done with the data before the others."""
    hits = _informative_first(version, list(dict.fromkeys(preferred)))
    if fill and len(hits) < MAX_QUOTES:
        chosen = set(hits)
        others = [h for h in version.by_category.get(category, ()) if h not in chosen]
        hits.extend(_informative_first(version, others))
    quotes: list[Quote] = []
    for hit in hits[:MAX_QUOTES]:
        text, marks = quote_with_marks(version.prose, hit)
        quotes.append(Quote(text, marks, side))
    return quotes


def _informative_first(version: Scan, hits: list[Hit]) -> list[Hit]:
    """The first MAX_QUOTES hits, those that say what is done first (a category can have a
    hundred hits in one text: only as many are looked at as it takes)."""
    informative: list[Hit] = []
    rest: list[Hit] = []
    for hit in hits:
        (informative if _informative(version, hit) else rest).append(hit)
        if len(informative) >= MAX_QUOTES:
            break
    return (informative + rest)[:MAX_QUOTES]
