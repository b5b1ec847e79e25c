"""The change walk: one document's versions, oldest first, each compared with the one before.

Kinds (DESIGN.md), checked in this order; each noise kind carries its reason (`Noise`):
- `first`: no predecessor;
- `technical`: the new version is marked `technical` (only the extraction changed), or is a
  failed capture (a near-empty text after a full one, a `technical` one that lost three
  quarters of the words, or a page in another language; it is not diffed, and the next
  version is compared with the last full one, and says so in `compared_with`);
- `reverted`: reads the same as a version earlier than the previous one (a blink);
- `formatting`: reads the same as the previous version: equal after normalisation, or only
  link targets and image sources differ (a token that changes at every capture), or the same
  words in the same order (no word added or removed is never an edit);
- `substantive`: a data-practice category was gained or lost, or a negation or modal word next
  to one changed ("will not sell" -> "may sell": nothing gained or lost, yet it matters most);
- `editorial`: any other change of wording.
Then, over the whole history, changes whose differences all lie in page furniture (a part of
the page that changes at almost every capture, see `furniture.py`) become `technical`.

"Upcoming + current" pages (see `upcoming.py`) are recognised: the version that shows a new
text above the one in force `announces` it, and its diff, word counts and labels compare the
announced text with the text in force; the version where the new text alone remains takes
effect, and is compared with the text that was in force, so a doubling and a halving do not
read as two rewrites.

The walk computes; it does not know where results are kept. It asks a `Memo` for what was
computed before and hands it what it computes (the cache is plugged in at the edge, in
`analyse.py`), and it asks the caller's `Present` to render each diff it keeps for pages.

Longer than 400 lines: the walk is one piece of state (the last full text, the text in force,
what each version reads like) read by every rule above; cut apart, each part would need all of
it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Protocol

from generator.analysis.blocks import forget_sections, split_blocks
from generator.analysis.changes import Change, Kind, Noise
from generator.analysis.describe import Description, describe
from generator.analysis.diff import Diff, diff_texts, forget_tokens
from generator.analysis.facts import DiffRef, DocumentResult, PairFacts, TextFacts
from generator.analysis.furniture import (
    MIN_CHANGES,
    Lazily,
    Remembered,
    Units,
    furniture,
    units,
)
from generator.analysis.labels import Labels, Scan, change_labels
from generator.analysis.normalise import reading_key, words
from generator.analysis.quotes import quoted
from generator.analysis.sectioned import Parts
from generator.analysis.sections import document_sections
from generator.analysis.summary import auto_summary
from generator.analysis.taxonomy import SentenceCache, Taxonomy
from generator.analysis.upcoming import Announcement, split_announcement, takes_effect
from generator.content.rules import SMALL_TEXT

if TYPE_CHECKING:
    from generator.content.model import Document, Version

# A text under SMALL_TEXT bytes with under a quarter of the words before it is taken
# for a failed capture (FIELD-NOTES: near-empty versions between full ones).
FAILED_SHARE = 4
ENGLISH_TEXT = 0.15  # share of common English words above which a text reads as English

Present = Callable[[Diff], str]
"""Renders a diff for pages (the site's HTML); its result is kept with the pair's facts."""


def present_nothing(diff: Diff) -> str:
    """For callers that show no diff (the command line, the export): nothing to render."""
    return ""


class Memo(Remembered, Protocol):
    """What was computed before: facts by text hash, and by pair of text hashes; furniture
    by stretch (furniture.py)."""

    def text(self, sha256: str) -> TextFacts | None: ...

    def put_text(self, sha256: str, facts: TextFacts) -> None: ...

    def pair(self, old_sha256: str, new_sha256: str) -> PairFacts | None: ...

    def put_pair(self, old_sha256: str, new_sha256: str, facts: PairFacts) -> None: ...

    def units(self, sha256: str) -> Units | None: ...

    def put_units(self, sha256: str, units: Units) -> None: ...

    def put_quotes(self, sha256: str, quotes: dict[str, tuple[str, ...]]) -> None: ...

    def diff_ref(
        self, shown: str, marks: dict[str, str], pair: tuple[str, str] | None
    ) -> DiffRef: ...


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Texts:
    """What is known about each distinct text, by SHA-256: computed once, then remembered."""

    taxonomy: Taxonomy
    memo: Memo
    present: Present = present_nothing
    sentences: SentenceCache = field(default_factory=dict)
    computed_pairs: int = 0  # pairs compared in this run (the rest were remembered)
    parts: Parts = field(init=False)  # texts read part by part (sectioned.py)

    def __post_init__(self) -> None:
        self.parts = Parts(self.taxonomy, self.sentences)

    def scan(self, text: str) -> Scan:
        return self.parts.read(text).scan

    def describe(self, diff: Diff, old: Scan, new: Scan, labels: Labels) -> Description:
        """Sections, key sentences and changed quantities of a diff (see describe.py)."""
        return describe(diff, old, new, labels.flips, (*labels.added, *labels.removed))

    @cached_property
    def labels(self) -> dict[str, str]:
        """Category id -> label, for summaries."""
        return {c.id: c.label for c in self.taxonomy.categories}

    def facts(self, version: Version, text: Callable[[], str], scans: dict[str, Scan]) -> TextFacts:
        """A text's facts: remembered, or computed (the text read only then) and remembered."""
        found = self.memo.text(version.sha256)
        if found is None:
            reading = self.parts.read(text())
            parsed = scans.setdefault(version.sha256, reading.scan)
            found = TextFacts(
                _sha256(reading.key),
                tuple(sorted(parsed.ids)),
                reading.metrics,
                reading=_sha256(reading_key(reading.key)),
            )
            self.memo.put_text(version.sha256, found)
        return found


@dataclass
class Walk:
    """Walks one document's versions, oldest first, remembering what the next step needs."""

    texts: Texts
    diffs: dict[str, DiffRef] = field(default_factory=dict)
    pairs: dict[tuple[str, str], PairFacts] = field(default_factory=dict)  # this document's
    facts: dict[str, TextFacts] = field(default_factory=dict)  # this document's, by SHA-256
    scans: dict[str, Scan] = field(default_factory=dict)  # parsed only when a pair needs it
    previous: Version | None = None
    seen: dict[str, str] = field(default_factory=dict)  # comparison key -> stamp, before prev.
    seen_reading: dict[str, str] = field(default_factory=dict)  # the same, by reading key
    announcement: Announcement | None = None
    good: Version | None = None  # the last version before a failed capture
    recent: dict[str, str] = field(default_factory=dict)  # the last two texts read, by SHA-256
    shapes: dict[str, Units] = field(default_factory=dict)  # units of texts split for a diff
    # Pairs computed for the change being read, with their diff, handed to the memo once the
    # change's kind says whether they need a description.
    unsaved: dict[tuple[str, str], Diff] = field(default_factory=dict)

    def text(self, version: Version) -> str:
        """A version's text, read from its file once while the walk is at it or just past it
        (texts are not held: see Version.text)."""
        if version.sha256 not in self.recent:
            if len(self.recent) >= 2:
                del self.recent[next(iter(self.recent))]
            self.recent[version.sha256] = version.text
        return self.recent[version.sha256]

    def fact(self, version: Version) -> TextFacts:
        if version.sha256 not in self.facts:
            self.facts[version.sha256] = self.texts.facts(
                version, lambda: self.text(version), self.scans
            )
        return self.facts[version.sha256]

    def shape(self, version: Version) -> Units:
        """A version's units (furniture.py): remembered, or computed once and handed to the
        memo (a long history re-walked for one new snapshot splits no text again)."""
        sha = version.sha256
        if sha not in self.shapes:
            found = self.texts.memo.units(sha)
            if found is None:
                found = units(self.text(version))
                self.texts.memo.put_units(sha, found)
            self.shapes[sha] = found
        return self.shapes[sha]

    def scan(self, version: Version) -> Scan:
        if version.sha256 not in self.scans:
            self.scans[version.sha256] = self.texts.scan(self.text(version))
        return self.scans[version.sha256]

    def read(self, version: Version) -> Change:
        after = self.fact(version).metrics
        old = self.previous
        if old is None:
            blocks = split_blocks(self.text(version))
            change = Change(
                version.platform,
                version.document,
                None,
                version.stamp,
                Kind.FIRST,
                after,
                summary=version.summary,
                sections=document_sections(blocks, [len(words(b.text)) for b in blocks]),
            )
            change = replace(change, auto_summary=auto_summary(change, self.texts.labels))
        else:
            # After a failed capture, the next version is compared with the one before it.
            base = self.good or old
            failed = self._failed(version, base)
            change = self._not_compared(base, version) if failed else self._compare(base, version)
            if base is not old:
                change = replace(change, from_stamp=old.stamp, compared_with=base.stamp)
                # Its summary says what it was compared with.
                change = replace(change, auto_summary=auto_summary(change, self.texts.labels))
            self.seen[self.fact(old).key] = old.stamp
            self.seen_reading[self.fact(old).reading] = old.stamp
            self.good = base if failed else None
        self.previous = version
        return change

    def _failed(self, new: Version, old: Version) -> bool:
        """A failed capture, not the platform's text: a near-empty text after a full one, a
        `technical` one that lost most of the text, or one in another language (a page served
        for another locale) when the documents says nothing of its language."""
        mine, before = self.fact(new).metrics, self.fact(old).metrics
        small = new.size < SMALL_TEXT or new.technical
        if small and mine.words * FAILED_SHARE < before.words:
            return True
        same_language = new.language == old.language
        return same_language and before.english >= ENGLISH_TEXT > mine.english * 2

    def _pair(self, old: Version, new: Version) -> PairFacts:
        """The two texts compared: remembered, or computed (not described: `_described`) and
        handed to the memo by `_save`."""
        key = (old.sha256, new.sha256)
        if key in self.pairs:  # blinks repeat pairs
            return self.pairs[key]
        found = self.texts.memo.pair(*key)
        if found is None:
            diff = diff_texts(self.text(old), self.text(new))
            labels = change_labels(self.texts.taxonomy, self.scan(old), self.scan(new), diff)
            old_words = self.fact(old).metrics.words
            found = PairFacts(
                labels,
                diff.words_added,
                diff.words_removed,
                self.texts.present(diff),
                split_announcement(diff, "", old_words),
            )
            self.texts.computed_pairs += 1
            self.unsaved[key] = diff
        self.pairs[key] = found
        return found

    def _described(self, old: Version, new: Version, pair: PairFacts) -> PairFacts:
        """`pair` with its description, computed now if it has none (its diff is computed
        again only for a pair remembered from a change that was noise)."""
        if pair.description is not None:
            return pair
        key = (old.sha256, new.sha256)
        diff = self.unsaved.get(key)
        if diff is None:
            diff = diff_texts(self.text(old), self.text(new))
        described = self.texts.describe(diff, self.scan(old), self.scan(new), pair.labels)
        pair = replace(pair, description=described)
        self.pairs[key] = pair
        self.unsaved[key] = diff
        return pair

    def _save(self) -> None:
        """Hand the pairs computed or described for this change to the memo."""
        for key in self.unsaved:
            self.texts.memo.put_pair(*key, self.pairs[key])
        self.unsaved.clear()

    def _versus(self, old_text: str, new_text: str) -> tuple[PairFacts, tuple[str, str]]:
        """Two texts that are not both versions (an announced text, a text in force) compared
        like a pair, and remembered under their hashes."""
        hashes = (_sha256(old_text), _sha256(new_text))
        found = self.texts.memo.pair(*hashes)
        if found is None or found.description is None:  # not described: a noise change's pair
            diff = diff_texts(old_text, new_text)
            before, after = self.texts.scan(old_text), self.texts.scan(new_text)
            labels = change_labels(self.texts.taxonomy, before, after, diff)
            shown = self.texts.present(diff)
            description = self.texts.describe(diff, before, after, labels)
            found = PairFacts(
                labels, diff.words_added, diff.words_removed, shown, None, description
            )
            self.texts.computed_pairs += 1
            self.texts.memo.put_pair(*hashes, found)
        return found, hashes

    def _not_compared(self, old: Version, new: Version) -> Change:
        """A failed capture, not compared word by word: its text is not the platform's (an
        error page, or the page in another language), so a diff would only strike out the
        whole policy. Its words count as replacing the full text's; no category is gained
        or lost (they would come back at the next capture), and its page shows its own text.
        """
        before, after = self.fact(old).metrics, self.fact(new).metrics
        change = Change(  # noise: no summary of its own (`auto_summary`)
            new.platform,
            new.document,
            old.stamp,
            new.stamp,
            Kind.TECHNICAL,
            after,
            before=before,
            words_added=after.words,
            words_removed=before.words,
            summary=new.summary,
            noise=Noise.FAILED_CAPTURE,
        )
        self.diffs[change.key] = self.texts.memo.diff_ref("", {}, None)
        return change

    def _compare(self, old: Version, new: Version) -> Change:
        pair = self._pair(old, new)
        compared, shown_pair = pair, (old.sha256, new.sha256)
        labels = pair.labels
        announced_in = None
        held = self.announcement
        announcement, fresh, in_force = self._announcement(new, pair)
        if announcement is not None and fresh:
            # A new text shown beside the one in force: what it would change.
            compared, shown_pair = self._versus(announcement.current_text, announcement.new_text)
            labels = compared.labels
        elif (
            announcement is None
            and held is not None
            and in_force is not None
            and takes_effect(held, self.text(new))
        ):
            # The announced text took effect: compared with the text that was in force.
            compared, shown_pair = self._versus(held.current_text, self.text(new))
            labels = compared.labels
            announced_in = held.stamp
        self.announcement = announcement
        kind, noise = self._kind(old, new, labels, compared)
        if compared is pair and not kind.is_noise:
            compared = self._described(old, new, pair)
        self._save()  # before `diff_ref`, which refers to a pair the cache holds
        if kind in (Kind.EDITORIAL, Kind.SUBSTANTIVE):
            self.shape(old)  # for page furniture, while their blocks are cached from the diff
            self.shape(new)
        key = f"{new.platform}/{new.document}/{new.stamp}"
        self.diffs[key] = self.texts.memo.diff_ref(compared.shown, self._marks(labels), shown_pair)
        reverted_to = None
        if kind is Kind.REVERTED:
            fact = self.fact(new)
            reverted_to = self.seen.get(fact.key) or self.seen_reading.get(fact.reading)
        # What changed, in words: the facts of the diff shown (none for noise).
        description = compared.description
        if kind.is_noise or description is None:
            description = Description()
        change = Change(
            new.platform,
            new.document,
            old.stamp,
            new.stamp,
            kind,
            self.fact(new).metrics,
            before=self.fact(old).metrics,
            reverted_to=reverted_to,
            categories_added=labels.added,
            categories_removed=labels.removed,
            categories_touched=labels.touched,
            evidence=labels.evidence,
            words_added=compared.words_added,
            words_removed=compared.words_removed,
            summary=new.summary,
            announces=announcement.effective if announcement and fresh else None,
            announced_in=announced_in,
            quotes=labels.quotes or {},
            flips=labels.flips,
            noise=noise,
            sections=description.sections,
            key_sentences=description.key_sentences,
            numbers=description.numbers,
        )
        return replace(change, auto_summary=auto_summary(change, self.texts.labels))

    def _announcement(
        self, new: Version, pair: PairFacts
    ) -> tuple[Announcement | None, bool, Diff | None]:
        """The announcement `new` shows, if it shows a new text beside the one in force, and
        whether it is a new one (not the page of the previous capture, still announcing);
        while one is held, also the diff from the text in force."""
        held = self.announcement
        in_force = None
        if held is not None:
            # Still announcing: the page keeps both texts (perhaps edited).
            in_force = diff_texts(held.current_text, self.text(new))
            again = split_announcement(in_force, held.stamp, len(words(held.current_text)))
            if again is not None:
                return again, False, in_force
        made = replace(pair.announcement, stamp=new.stamp) if pair.announcement else None
        return made, made is not None, in_force

    def _kind(
        self, old: Version, new: Version, labels: Labels, compared: PairFacts
    ) -> tuple[Kind, Noise | None]:
        """The kind of a change compared word by word and, for a noise kind, why."""
        mine, before = self.fact(new), self.fact(old)
        if new.technical:
            return Kind.TECHNICAL, Noise.MARKED_TECHNICAL
        if mine.key != before.key and mine.key in self.seen:
            return Kind.REVERTED, Noise.BLINK
        if mine.key == before.key:
            return Kind.FORMATTING, Noise.SAME_TEXT
        if mine.reading == before.reading:
            return Kind.FORMATTING, Noise.LINKS
        if mine.reading in self.seen_reading:
            return Kind.REVERTED, Noise.BLINK
        if compared.words_added == compared.words_removed == 0:
            return Kind.FORMATTING, Noise.NO_WORDS  # punctuation or markup only
        if labels.added or labels.removed or labels.flips:
            return Kind.SUBSTANTIVE, None
        return Kind.EDITORIAL, None

    def _marks(self, labels: Labels) -> dict[str, str]:
        """Matched words of this change's evidence -> the label of their category."""
        marks: dict[str, str] = {}
        for category, quotes in sorted((labels.quotes or {}).items()):
            found = self.texts.taxonomy.get(category)
            label = found.label if found else category
            for quote in quotes:
                for start, end in quote.marks:
                    marks.setdefault(quote.text[start:end].lower(), label)
        return marks


def walk_document(document: Document, texts: Texts) -> DocumentResult:
    """Every change of one document, oldest first, with its diff and each text's categories."""
    before = texts.computed_pairs
    walk = Walk(texts)
    changes = [walk.read(version) for version in document.live_versions]
    _hand_quotes(walk, document.live_versions)
    texts.parts.forget()  # the next document shares few parts with this one
    _mark_furniture(walk, document.live_versions, changes)
    forget_sections()  # nor sections, nor blocks
    forget_tokens()
    ids = {sha: facts.ids for sha, facts in walk.facts.items()}
    return DocumentResult(tuple(changes), walk.diffs, ids, texts.computed_pairs - before)


def _hand_quotes(walk: Walk, versions: tuple[Version, ...]) -> None:
    """Hand the memo the quoted mentions of the first version, when it was read here: a
    category page quotes them for every category a first record already mentions (it has no
    evidence of its own), and would otherwise read the whole text again, one after another."""
    found = walk.scans.get(versions[0].sha256) if versions else None
    if found is not None:
        walk.texts.memo.put_quotes(versions[0].sha256, quoted(found.prose, found.hits))


def _mark_furniture(walk: Walk, versions: tuple[Version, ...], changes: list[Change]) -> None:
    """Edits whose differences all lie in page furniture become `technical` (furniture.py)."""
    edits = [
        n
        for n, change in enumerate(changes)
        if change.kind in (Kind.EDITORIAL, Kind.SUBSTANTIVE)
        and change.announces is None
        and change.announced_in is None
    ]
    if len(edits) < MIN_CHANGES:
        return
    position = {version.stamp: n for n, version in enumerate(versions)}
    pairs = [(position[changes[n].compared_with or changes[n].from_stamp or ""], n) for n in edits]
    shapes = Lazily(lambda n: walk.shape(versions[n]))
    names = [version.sha256 for version in versions]
    flags = furniture(shapes, pairs, names, walk.texts.memo)
    for n, flag in zip(edits, flags, strict=True):
        if flag:
            change = changes[n]
            changes[n] = replace(
                change,
                kind=Kind.TECHNICAL,
                noise=Noise.FURNITURE,
                categories_added=(),
                categories_removed=(),
                categories_touched=(),
                evidence={},
                quotes={},
                flips=(),
                sections=(),
                key_sentences=(),
                numbers=(),
                auto_summary=None,
            )
            walk.diffs[change.key] = replace(walk.diffs[change.key], marks={})
