"""The change walk: one document's versions, oldest first, each compared with the one before.

Kinds (DESIGN.md), checked in this order:
- `first`: no predecessor;
- `technical`: the new version is marked `technical` (only the extraction changed), or is a
  failed capture (a near-empty text after a full one, or a `technical` one that lost three
  quarters of the words; the next version is then compared with the last full one, and says
  so in `compared_with`);
- `reverted`: equal after normalisation to a version earlier than the previous one;
- `formatting`: equal to the previous version after normalisation;
- `substantive`: a data-practice category was gained or lost, or a negation or modal word next
  to one changed ("will not sell" -> "may sell": nothing gained or lost, yet it matters most);
- `editorial`: any other change of wording.

"Upcoming + current" pages (see `upcoming.py`) are recognised: the version that shows a new
text above the one in force `announces` it; the version where the new text alone remains is
compared, for its kind and labels, with the text that was in force, and shows its diff against
the announced text, so a doubling and a halving do not read as two rewrites.

The walk computes; it does not know where results are kept. It asks a `Memo` for what was
computed before and hands it what it computes (the cache is plugged in at the edge, in
`analyse.py`), and it asks the caller's `Present` to render each diff it keeps for pages.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Protocol

from generator.analysis.blocks import split_blocks
from generator.analysis.changes import Change, Kind
from generator.analysis.describe import Description, describe
from generator.analysis.diff import Diff, diff_texts
from generator.analysis.facts import DiffRef, DocumentResult, PairFacts, TextFacts
from generator.analysis.labels import Labels, Scan, change_labels, scan
from generator.analysis.metrics import text_metrics
from generator.analysis.normalise import comparison_key, words
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


class Memo(Protocol):
    """What was computed before: facts by text hash, and by pair of text hashes."""

    def text(self, sha256: str) -> TextFacts | None: ...

    def put_text(self, sha256: str, facts: TextFacts) -> None: ...

    def pair(self, old_sha256: str, new_sha256: str) -> PairFacts | None: ...

    def put_pair(self, old_sha256: str, new_sha256: str, facts: PairFacts) -> None: ...

    def diff_ref(
        self, shown: str, marks: dict[str, str], pair: tuple[str, str] | None
    ) -> DiffRef: ...


@dataclass
class Texts:
    """What is known about each distinct text, by SHA-256: computed once, then remembered."""

    taxonomy: Taxonomy
    memo: Memo
    present: Present = present_nothing
    sentences: SentenceCache = field(default_factory=dict)
    computed_pairs: int = 0  # pairs compared in this run (the rest were remembered)

    def scan(self, text: str) -> Scan:
        return scan(self.taxonomy, text, self.sentences)

    def describe(self, diff: Diff, old: Scan, new: Scan, labels: Labels) -> Description:
        """Sections, key sentences and changed quantities of a diff (see describe.py)."""
        return describe(diff, old, new, labels.flips, (*labels.added, *labels.removed))

    @cached_property
    def labels(self) -> dict[str, str]:
        """Category id -> label, for summaries."""
        return {c.id: c.label for c in self.taxonomy.categories}

    def facts(self, version: Version, text: str, scans: dict[str, Scan]) -> TextFacts:
        found = self.memo.text(version.sha256)
        if found is None:
            if version.sha256 not in scans:
                scans[version.sha256] = self.scan(text)
            parsed = scans[version.sha256]
            comparison = comparison_key(text).encode()
            found = TextFacts(
                hashlib.sha256(comparison).hexdigest(),
                tuple(sorted(parsed.ids)),
                text_metrics(parsed.prose),
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
    announcement: Announcement | None = None
    good: Version | None = None  # the last version before a failed capture
    recent: dict[str, str] = field(default_factory=dict)  # the last two texts read, by SHA-256

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
            self.facts[version.sha256] = self.texts.facts(version, self.text(version), self.scans)
        return self.facts[version.sha256]

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
            change = self._compare(base, version, failed=failed)
            if base is not old:
                change = replace(change, from_stamp=old.stamp, compared_with=base.stamp)
                # Its summary says what it was compared with.
                change = replace(change, auto_summary=auto_summary(change, self.texts.labels))
            self.seen[self.fact(old).key] = old.stamp
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
        """The two texts compared: remembered, or computed and handed to the memo."""
        if (old.sha256, new.sha256) in self.pairs:  # blinks repeat pairs
            return self.pairs[(old.sha256, new.sha256)]
        found = self.texts.memo.pair(old.sha256, new.sha256)
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
                self.texts.describe(diff, self.scan(old), self.scan(new), labels),
            )
            self.texts.computed_pairs += 1
            self.texts.memo.put_pair(old.sha256, new.sha256, found)
        self.pairs[(old.sha256, new.sha256)] = found
        return found

    def _compare(self, old: Version, new: Version, *, failed: bool) -> Change:
        pair = self._pair(old, new)
        # A failed capture's categories "removed" and then "added" again would be artefacts.
        labels = Labels() if failed else pair.labels
        shown = (pair.shown, pair.words_added, pair.words_removed)
        description = pair.description
        announced_in = None
        held = self.announcement
        announcement, in_force = (held, None) if failed else self._announcement(new, pair)
        if (
            announcement is None
            and held is not None
            and in_force is not None
            and takes_effect(held, self.text(new))
        ):
            # The announced text took effect: its labels against the text that was in force,
            # and its diff against the text that was announced.
            base = self.texts.scan(held.current_text)
            labels = change_labels(self.texts.taxonomy, base, self.scan(new), in_force)
            effective = diff_texts(held.new_text, self.text(new))
            shown = (
                self.texts.present(effective),
                effective.words_added,
                effective.words_removed,
            )
            announced_in = held.stamp
            # In words, the change is what the labels say: from the text that was in force.
            description = self.texts.describe(in_force, base, self.scan(new), labels).detached()
        elif announcement is not None and announcement.stamp == new.stamp:
            # A new announcement: what the announced text changes, not the page's doubling.
            description = self._announced(announcement, labels)
        self.announcement = announcement
        kind = self._kind(old, new, labels, failed=failed)
        key = f"{new.platform}/{new.document}/{new.stamp}"
        pair_shown = (old.sha256, new.sha256) if announced_in is None else None
        self.diffs[key] = self.texts.memo.diff_ref(shown[0], self._marks(labels), pair_shown)
        if kind.is_noise:
            description = Description()
        change = Change(
            new.platform,
            new.document,
            old.stamp,
            new.stamp,
            kind,
            self.fact(new).metrics,
            before=self.fact(old).metrics,
            reverted_to=self.seen.get(self.fact(new).key) if kind is Kind.REVERTED else None,
            categories_added=labels.added,
            categories_removed=labels.removed,
            categories_touched=labels.touched,
            evidence=labels.evidence,
            words_added=shown[1],
            words_removed=shown[2],
            summary=new.summary,
            announces=announcement.effective if announcement else None,
            announced_in=announced_in,
            quotes=labels.quotes or {},
            flips=labels.flips,
            sections=description.sections,
            key_sentences=description.key_sentences,
            numbers=description.numbers,
        )
        return replace(change, auto_summary=auto_summary(change, self.texts.labels))

    def _announced(self, announcement: Announcement, labels: Labels) -> Description:
        """The facts of an announced text against the text in force beside it."""
        current, announced = announcement.current_text, announcement.new_text
        diff = diff_texts(current, announced)
        return self.texts.describe(
            diff, self.texts.scan(current), self.texts.scan(announced), labels
        ).detached()

    def _announcement(
        self, new: Version, pair: PairFacts
    ) -> tuple[Announcement | None, Diff | None]:
        """The announcement `new` makes, if it shows a new text beside the one in force; and,
        while one is held, the diff from the text in force (reused if the new text took
        effect)."""
        held = self.announcement
        in_force = None
        if held is not None:
            # Still announcing: the page keeps both texts (perhaps edited).
            in_force = diff_texts(held.current_text, self.text(new))
            again = split_announcement(in_force, held.stamp, len(words(held.current_text)))
            if again is not None:
                return again, in_force
        made = replace(pair.announcement, stamp=new.stamp) if pair.announcement else None
        return made, in_force

    def _kind(self, old: Version, new: Version, labels: Labels, *, failed: bool) -> Kind:
        new_key = self.fact(new).key
        if new.technical or failed:
            return Kind.TECHNICAL
        if new_key != self.fact(old).key and new_key in self.seen:
            return Kind.REVERTED
        if new_key == self.fact(old).key:
            return Kind.FORMATTING
        if labels.added or labels.removed or labels.flips:
            return Kind.SUBSTANTIVE
        return Kind.EDITORIAL

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
    changes = tuple(walk.read(version) for version in document.live_versions)
    ids = {sha: facts.ids for sha, facts in walk.facts.items()}
    return DocumentResult(changes, walk.diffs, ids, texts.computed_pairs - before)
