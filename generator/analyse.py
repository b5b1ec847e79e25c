"""Change analysis: each version against the one before it, with the diff pages show.

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
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from generator.changes import Change, Kind, TextMetrics
from generator.diff import Diff, diff_texts
from generator.diff_html import diff_html
from generator.evidence_html import mark_evidence
from generator.labels import Labels, Scan, change_labels, scan
from generator.metrics import text_metrics
from generator.normalise import comparison_key, words
from generator.rules import SMALL_TEXT
from generator.taxonomy import SentenceCache, Taxonomy
from generator.upcoming import Announcement, split_announcement, takes_effect

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from generator.model import Archive, Document, Version


# A text under SMALL_TEXT bytes with under a quarter of the words before it is taken
# for a failed capture (FIELD-NOTES: near-empty versions between full ones).
FAILED_SHARE = 4
ENGLISH_TEXT = 0.15  # share of common English words above which a text reads as English


class LazyDiffs(Mapping[str, str]):
    """Change.key -> safe diff HTML, rendered when first asked for (pages ask one at a time)."""

    def __init__(self) -> None:
        self._pending: dict[str, tuple[Diff, dict[str, str]]] = {}
        self._done: dict[str, str] = {}

    def add(self, key: str, diff: Diff, marks: dict[str, str]) -> None:
        self._pending[key] = (diff, marks)

    def __getitem__(self, key: str) -> str:
        if key not in self._done:
            diff, marks = self._pending[key]
            self._done[key] = mark_evidence(diff_html(diff), marks)
        return self._done[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._pending)

    def __len__(self) -> int:
        return len(self._pending)


@dataclass(frozen=True)
class Analysis:
    """Every change of an archive, by document, and the rendered diff of each."""

    changes: dict[tuple[str, str], tuple[Change, ...]]  # (platform, document) -> oldest first
    diffs: Mapping[str, str]  # Change.key -> safe diff HTML (absent for `first`)
    taxonomy: Taxonomy = field(default_factory=lambda: Taxonomy(()))
    mentions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # Version.key -> ids

    def all_changes(self) -> Iterable[Change]:
        for changes in self.changes.values():
            yield from changes

    def for_document(self, document: Document) -> tuple[Change, ...]:
        return self.changes.get((document.platform, document.slug), ())


@dataclass
class _Texts:
    """What is known about each distinct text, by SHA-256: computed once per text."""

    taxonomy: Taxonomy
    keys: dict[str, str] = field(default_factory=dict)
    metrics: dict[str, TextMetrics] = field(default_factory=dict)
    ids: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sentences: SentenceCache = field(default_factory=dict)

    def key(self, version: Version) -> str:
        if version.sha256 not in self.keys:
            self.keys[version.sha256] = comparison_key(version.text)
        return self.keys[version.sha256]


@dataclass
class _Reader:
    """Walks one document's versions, oldest first, remembering what the next step needs."""

    texts: _Texts
    diffs: LazyDiffs
    previous: Version | None = None
    previous_scan: Scan | None = None
    seen: dict[str, str] = field(default_factory=dict)  # comparison key -> stamp, before prev.
    announcement: Announcement | None = None
    scans: dict[str, Scan] = field(default_factory=dict)  # this document's texts, by SHA-256
    pairs: dict[tuple[str, str], tuple[Diff, Labels]] = field(default_factory=dict)
    good: tuple[Version, Scan] | None = None  # the last version before a failed capture

    def scan(self, version: Version) -> Scan:
        found = self.scans.get(version.sha256) or self._scan(version.text)
        self.scans[version.sha256] = found
        self.texts.ids.setdefault(version.sha256, tuple(sorted(found.ids)))
        if version.sha256 not in self.texts.metrics:
            self.texts.metrics[version.sha256] = text_metrics(found.prose)
        return found

    def _scan(self, text: str) -> Scan:
        return scan(self.texts.taxonomy, text, self.texts.sentences)

    def read(self, version: Version) -> Change:
        new_scan = self.scan(version)
        after = self.texts.metrics[version.sha256]
        old, old_scan = self.previous, self.previous_scan
        if old is None or old_scan is None:
            change = Change(
                version.platform,
                version.document,
                None,
                version.stamp,
                Kind.FIRST,
                after,
                summary=version.summary,
            )
        else:
            # After a failed capture, the next version is compared with the one before it.
            base, base_scan = self.good or (old, old_scan)
            failed = self._failed(version, base)
            change = self._compare(base, base_scan, version, new_scan, failed=failed)
            if base is not old:
                change = replace(change, from_stamp=old.stamp, compared_with=base.stamp)
            self.seen[self.texts.key(old)] = old.stamp
            self.good = (base, base_scan) if failed else None
        self.previous, self.previous_scan = version, new_scan
        return change

    def _failed(self, new: Version, old: Version) -> bool:
        """A failed capture, not the platform's text: a near-empty text after a full one, a
        `technical` one that lost most of the text, or one in another language (a page served
        for another locale) when the documents says nothing of its language."""
        mine, before = self.texts.metrics[new.sha256], self.texts.metrics[old.sha256]
        small = len(new.text.encode("utf-8")) < SMALL_TEXT or new.technical
        if small and mine.words * FAILED_SHARE < before.words:
            return True
        same_language = new.language == old.language
        return same_language and before.english >= ENGLISH_TEXT > mine.english * 2

    def _compare(
        self, old: Version, old_scan: Scan, new: Version, new_scan: Scan, *, failed: bool
    ) -> Change:
        pair = (old.sha256, new.sha256)
        if pair not in self.pairs:  # blinks repeat the same pairs
            diff = diff_texts(old.text, new.text)
            self.pairs[pair] = (diff, change_labels(self.texts.taxonomy, old_scan, new_scan, diff))
        diff, labels = self.pairs[pair]
        if failed:
            # Its categories "removed" and then "added" again would be artefacts.
            labels = Labels()
        shown, announced_in = diff, None
        held = self.announcement
        announcement = (
            held if failed else self._announcement(new, diff, self.texts.metrics[old.sha256].words)
        )
        if announcement is None and held is not None and takes_effect(held, new.text):
            # The announced text took effect: its labels against the text that was in force,
            # and its diff against the text that was announced.
            in_force = diff_texts(held.current_text, new.text)
            base = self._scan(held.current_text)
            labels = change_labels(self.texts.taxonomy, base, new_scan, in_force)
            shown = diff_texts(held.new_text, new.text)
            announced_in = held.stamp
        self.announcement = announcement
        kind = self._kind(old, new, labels, failed=failed)
        self.diffs.add(f"{new.platform}/{new.document}/{new.stamp}", shown, self._marks(labels))
        return Change(
            new.platform,
            new.document,
            old.stamp,
            new.stamp,
            kind,
            self.texts.metrics[new.sha256],
            before=self.texts.metrics[old.sha256],
            reverted_to=self.seen.get(self.texts.key(new)) if kind is Kind.REVERTED else None,
            categories_added=labels.added,
            categories_removed=labels.removed,
            categories_touched=labels.touched,
            evidence=labels.evidence,
            words_added=shown.words_added,
            words_removed=shown.words_removed,
            summary=new.summary,
            announces=announcement.effective if announcement else None,
            announced_in=announced_in,
            quotes=labels.quotes or {},
            flips=labels.flips,
        )

    def _announcement(self, new: Version, diff: Diff, old_words: int) -> Announcement | None:
        """The announcement `new` makes, if it shows a new text beside the one in force."""
        held = self.announcement
        if held is not None:
            # Still announcing: the page keeps both texts (perhaps edited).
            in_force = diff_texts(held.current_text, new.text)
            again = split_announcement(in_force, held.stamp, len(words(held.current_text)))
            if again is not None:
                return again
        return split_announcement(diff, new.stamp, old_words)

    def _kind(self, old: Version, new: Version, labels: Labels, *, failed: bool) -> Kind:
        new_key = self.texts.key(new)
        if new.technical or failed:
            return Kind.TECHNICAL
        if new_key != self.texts.key(old) and new_key in self.seen:
            return Kind.REVERTED
        if new_key == self.texts.key(old):
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


def analyse_document(
    document: Document, taxonomy: Taxonomy | None = None
) -> tuple[list[Change], LazyDiffs]:
    """The changes of one document, oldest first, and their diffs.

    Without a taxonomy there are no labels, so no change is `substantive`: pass the site's.
    """
    diffs = LazyDiffs()
    reader = _Reader(_Texts(taxonomy or Taxonomy(())), diffs)
    return [reader.read(version) for version in document.live_versions], diffs


def compare_versions(old: Version, new: Version, taxonomy: Taxonomy) -> Change:
    """The change between any two versions of a document, as if nothing came between them."""
    reader = _Reader(_Texts(taxonomy), LazyDiffs())
    reader.read(old)
    return reader.read(new)


def analyse_archive(archive: Archive, taxonomy: Taxonomy) -> Analysis:
    """Analyse every document of the archive."""
    changes: dict[tuple[str, str], tuple[Change, ...]] = {}
    diffs = LazyDiffs()
    texts = _Texts(taxonomy)
    for document in archive.documents():
        reader = _Reader(texts, diffs)
        changes[(document.platform, document.slug)] = tuple(
            reader.read(version) for version in document.live_versions
        )
    mentions = {v.key: texts.ids[v.sha256] for v in archive.versions() if v.sha256 in texts.ids}
    return Analysis(changes, diffs, taxonomy, mentions)
