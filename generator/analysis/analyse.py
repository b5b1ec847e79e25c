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

import hashlib
import logging
import multiprocessing
import os
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from generator.analysis.cache import Cache
from generator.analysis.changes import Change, Kind
from generator.analysis.diff import Diff, diff_texts
from generator.analysis.labels import Labels, Scan, change_labels, scan
from generator.analysis.metrics import text_metrics
from generator.analysis.normalise import comparison_key, words
from generator.analysis.store import DiffRef, DocumentResult, PairFacts, Store, TextFacts
from generator.analysis.store import taxonomy_fingerprint as _fingerprint
from generator.analysis.taxonomy import Category, SentenceCache, Taxonomy
from generator.analysis.upcoming import Announcement, split_announcement, takes_effect
from generator.content.rules import SMALL_TEXT
from generator.site.diff_html import diff_html
from generator.site.evidence_html import mark_evidence

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from pathlib import Path

    from generator.content.model import Archive, Document, Version

log = logging.getLogger(__name__)

# A text under SMALL_TEXT bytes with under a quarter of the words before it is taken
# for a failed capture (FIELD-NOTES: near-empty versions between full ones).
FAILED_SHARE = 4
ENGLISH_TEXT = 0.15  # share of common English words above which a text reads as English
# Below this many versions to analyse, starting worker processes costs more than it saves.
PARALLEL_MIN_VERSIONS = 100


class LazyDiffs(Mapping[str, str]):
    """Change.key -> safe diff HTML with the evidence marked, made when first asked for."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._refs: dict[str, DiffRef] = {}

    def update_from(self, diffs: Mapping[str, DiffRef]) -> None:
        self._refs.update(diffs)

    def __getitem__(self, key: str) -> str:
        ref = self._refs[key]
        return mark_evidence(self._store.diff_html(ref), ref.marks)

    def __iter__(self) -> Iterator[str]:
        return iter(self._refs)

    def __len__(self) -> int:
        return len(self._refs)


@dataclass(frozen=True)
class Analysis:
    """Every change of an archive, by document, and the rendered diff of each."""

    changes: dict[tuple[str, str], tuple[Change, ...]]  # (platform, document) -> oldest first
    diffs: Mapping[str, str]  # Change.key -> safe diff HTML (absent for `first`)
    taxonomy: Taxonomy = field(default_factory=lambda: Taxonomy(()))
    mentions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # Version.key -> ids
    computed_pairs: int = 0  # pairs of texts compared in this run (the rest came from cache)

    def all_changes(self) -> Iterable[Change]:
        for changes in self.changes.values():
            yield from changes

    def for_document(self, document: Document) -> tuple[Change, ...]:
        return self.changes.get((document.platform, document.slug), ())


@dataclass
class _Texts:
    """What is known about each distinct text, by SHA-256: computed once, then cached."""

    taxonomy: Taxonomy
    store: Store
    sentences: SentenceCache = field(default_factory=dict)

    def scan(self, text: str) -> Scan:
        return scan(self.taxonomy, text, self.sentences)

    def facts(self, version: Version, text: str, scans: dict[str, Scan]) -> TextFacts:
        found = self.store.text(version.sha256)
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
            self.store.put_text(version.sha256, found)
        return found


@dataclass
class _Reader:
    """Walks one document's versions, oldest first, remembering what the next step needs."""

    texts: _Texts
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
            base = self.good or old
            failed = self._failed(version, base)
            change = self._compare(base, version, failed=failed)
            if base is not old:
                change = replace(change, from_stamp=old.stamp, compared_with=base.stamp)
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
        """The two texts compared: from the cache, or computed and stored."""
        store = self.texts.store
        if (old.sha256, new.sha256) in self.pairs:  # blinks repeat pairs
            return self.pairs[(old.sha256, new.sha256)]
        found = store.pair(old.sha256, new.sha256)
        if found is None:
            diff = diff_texts(self.text(old), self.text(new))
            labels = change_labels(self.texts.taxonomy, self.scan(old), self.scan(new), diff)
            old_words = self.fact(old).metrics.words
            found = PairFacts(
                labels,
                diff.words_added,
                diff.words_removed,
                diff_html(diff),
                split_announcement(diff, "", old_words),
            )
            store.put_pair(old.sha256, new.sha256, found)
        self.pairs[(old.sha256, new.sha256)] = found
        return found

    def _compare(self, old: Version, new: Version, *, failed: bool) -> Change:
        pair = self._pair(old, new)
        # A failed capture's categories "removed" and then "added" again would be artefacts.
        labels = Labels() if failed else pair.labels
        shown = (pair.diff_html, pair.words_added, pair.words_removed)
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
            shown = (diff_html(effective), effective.words_added, effective.words_removed)
            announced_in = held.stamp
        self.announcement = announcement
        kind = self._kind(old, new, labels, failed=failed)
        key = f"{new.platform}/{new.document}/{new.stamp}"
        pair_shown = (old.sha256, new.sha256) if announced_in is None else None
        self.diffs[key] = self.texts.store.diff_ref(shown[0], self._marks(labels), pair_shown)
        return Change(
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
        )

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


def _store(taxonomy: Taxonomy, cache: Cache | None) -> Store:
    return Store(cache or Cache(None), _fingerprint(taxonomy))


def _read_document(document: Document, texts: _Texts) -> DocumentResult:
    before = texts.store.computed_pairs
    reader = _Reader(texts)
    changes = tuple(reader.read(version) for version in document.live_versions)
    ids = {sha: facts.ids for sha, facts in reader.facts.items()}
    fresh = texts.store.computed_pairs - before
    return DocumentResult(changes, reader.diffs, ids, fresh)


def analyse_document(
    document: Document, taxonomy: Taxonomy | None = None, cache: Cache | None = None
) -> tuple[list[Change], LazyDiffs]:
    """The changes of one document, oldest first, and their diffs.

    Without a taxonomy there are no labels, so no change is `substantive`: pass the site's.
    """
    taxonomy = taxonomy or Taxonomy(())
    store = _store(taxonomy, cache)
    result = _read_document(document, _Texts(taxonomy, store))
    diffs = LazyDiffs(store)
    diffs.update_from(result.diffs)
    return list(result.changes), diffs


def compare_versions(old: Version, new: Version, taxonomy: Taxonomy) -> Change:
    """The change between any two versions of a document, as if nothing came between them."""
    reader = _Reader(_Texts(taxonomy, _store(taxonomy, None)))
    reader.read(old)
    return reader.read(new)


def _analyse_in_worker(
    document: Document, categories: tuple[Category, ...], cache_root: Path | None
) -> DocumentResult:
    """One document, in a worker process (the taxonomy travels as its categories)."""
    taxonomy = Taxonomy(categories)
    return _read_document(document, _Texts(taxonomy, _store(taxonomy, Cache(cache_root))))


def analyse_archive(
    archive: Archive,
    taxonomy: Taxonomy,
    cache: Cache | None = None,
    workers: int | None = None,
) -> Analysis:
    """Analyse every document of the archive, reusing cached results, in parallel if it pays.

    A document whose versions, taxonomy and code are unchanged is read from the cache whole;
    the others are analysed in worker processes, one document each (`workers`: default, the
    number of cores), or in this process when there is little to do.
    """
    store = _store(taxonomy, cache)
    results: dict[tuple[str, str], DocumentResult] = {}
    todo: list[Document] = []
    for document in archive.documents():
        found = store.document(document)
        if found is None:
            todo.append(document)
        else:
            results[(document.platform, document.slug)] = found
    if workers is None:
        workers = os.cpu_count() or 1
    size = sum(len(d.live_versions) for d in todo)
    computed: list[DocumentResult] | None = None
    if workers > 1 and len(todo) > 1 and size >= PARALLEL_MIN_VERSIONS:
        computed = _in_workers(todo, taxonomy, store.cache.root, workers)
    if computed is None:
        texts = _Texts(taxonomy, store)  # one sentence cache across documents
        computed = [_read_document(document, texts) for document in todo]
    for document, result in zip(todo, computed, strict=True):
        store.put_document(document, result)
        results[(document.platform, document.slug)] = result
    return _assemble(archive, store, taxonomy, results, sum(r.fresh for r in computed))


def _in_workers(
    todo: list[Document], taxonomy: Taxonomy, cache_root: Path | None, workers: int
) -> list[DocumentResult] | None:
    """The documents analysed in worker processes; None if the workers could not run."""
    # Largest documents first, so the last one to finish is a small one.
    order = sorted(range(len(todo)), key=lambda i: -sum(v.size for v in todo[i].versions))
    context = multiprocessing.get_context("spawn")  # safe beside `mkdocs serve`'s threads
    try:
        with ProcessPoolExecutor(min(workers, len(todo)), mp_context=context) as pool:
            futures = {
                i: pool.submit(_analyse_in_worker, todo[i], taxonomy.categories, cache_root)
                for i in order
            }
            return [futures[i].result() for i in range(len(todo))]
    except (BrokenProcessPool, OSError) as exc:  # e.g. a main module without a __main__ guard
        # Information, not a warning: the results are the same, and `--strict` must not fail
        # a build over a worker that died.
        log.info("policywatch: worker processes failed (%s); analysing in one process", exc)
        return None


def _assemble(
    archive: Archive,
    store: Store,
    taxonomy: Taxonomy,
    results: dict[tuple[str, str], DocumentResult],
    computed_pairs: int,
) -> Analysis:
    changes: dict[tuple[str, str], tuple[Change, ...]] = {}
    diffs = LazyDiffs(store)
    mentions: dict[str, tuple[str, ...]] = {}
    for document in archive.documents():
        result = results[(document.platform, document.slug)]
        changes[(document.platform, document.slug)] = result.changes
        diffs.update_from(result.diffs)
        for version in document.live_versions:
            if version.sha256 in result.ids:
                mentions[version.key] = result.ids[version.sha256]
    return Analysis(changes, diffs, taxonomy, mentions, computed_pairs)
