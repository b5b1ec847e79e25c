"""The edge of the analysis: every document of an archive walked, with the cache plugged in.

The walk (`walk.py`) compares versions and knows nothing of caching; here a document whose
versions, taxonomy, presenter and code are unchanged is read from the cache whole, the others
are walked (in worker processes when it pays) with the cache as their memo, and the results
are assembled into one `Analysis`.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator.analysis.cache import Cache
from generator.analysis.store import Store, fingerprint
from generator.analysis.taxonomy import Category, Taxonomy
from generator.analysis.walk import Present, Texts, Walk, present_nothing, walk_document

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from generator.analysis.changes import Change
    from generator.analysis.facts import DiffRef, DocumentResult
    from generator.content.model import Archive, Document, Version

log = logging.getLogger(__name__)

# Below this many versions to analyse, starting worker processes costs more than it saves.
PARALLEL_MIN_VERSIONS = 100


@dataclass(frozen=True)
class ShownDiff:
    """A change's diff as the presenter rendered it, and the evidence words to mark in it."""

    shown: str
    marks: dict[str, str]  # matched words -> the label of their category


@dataclass(frozen=True)
class Analysis:
    """Every change of an archive, by document, and where the shown diff of each is."""

    changes: dict[tuple[str, str], tuple[Change, ...]]  # (platform, document) -> oldest first
    diffs: dict[str, DiffRef]  # Change.key -> its diff (absent for `first`)
    store: Store
    taxonomy: Taxonomy = field(default_factory=lambda: Taxonomy(()))
    mentions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # Version.key -> ids
    computed_pairs: int = 0  # pairs of texts compared in this run (the rest came from cache)

    def all_changes(self) -> Iterable[Change]:
        for changes in self.changes.values():
            yield from changes

    def for_document(self, document: Document) -> tuple[Change, ...]:
        return self.changes.get((document.platform, document.slug), ())

    def shown_diff(self, key: str) -> ShownDiff | None:
        """A change's shown diff, read when asked for (not held: memory stays flat)."""
        ref = self.diffs.get(key)
        return None if ref is None else ShownDiff(self.store.shown(ref), ref.marks)


def _store(taxonomy: Taxonomy, cache: Cache | None, present: Present) -> Store:
    return Store(cache or Cache(None), fingerprint(taxonomy, present))


def analyse_document(
    document: Document,
    taxonomy: Taxonomy | None = None,
    cache: Cache | None = None,
    present: Present = present_nothing,
) -> list[Change]:
    """The changes of one document, oldest first.

    Without a taxonomy there are no labels, so no change is `substantive`: pass the site's.
    """
    taxonomy = taxonomy or Taxonomy(())
    texts = Texts(taxonomy, _store(taxonomy, cache, present), present)
    return list(walk_document(document, texts).changes)


def compare_versions(old: Version, new: Version, taxonomy: Taxonomy) -> Change:
    """The change between any two versions of a document, as if nothing came between them."""
    walk = Walk(Texts(taxonomy, _store(taxonomy, None, present_nothing)))
    walk.read(old)
    return walk.read(new)


def _analyse_in_worker(
    document: Document,
    categories: tuple[Category, ...],
    cache_root: Path | None,
    present: Present,
) -> DocumentResult:
    """One document, in a worker process (the taxonomy travels as its categories)."""
    taxonomy = Taxonomy(categories)
    store = _store(taxonomy, Cache(cache_root), present)
    return walk_document(document, Texts(taxonomy, store, present))


def analyse_archive(
    archive: Archive,
    taxonomy: Taxonomy,
    cache: Cache | None = None,
    workers: int | None = None,
    present: Present = present_nothing,
) -> Analysis:
    """Analyse every document of the archive, reusing cached results, in parallel if it pays.

    A document whose versions, taxonomy, presenter and code are unchanged is read from the
    cache whole; the others are analysed in worker processes, one document each (`workers`:
    default, the number of cores), or in this process when there is little to do. `present`
    renders the diffs pages show (the site passes its HTML renderer; it must be a module-level
    function, so that worker processes can receive it).
    """
    store = _store(taxonomy, cache, present)
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
        computed = _in_workers(todo, taxonomy, store.cache.root, workers, present)
    if computed is None:
        texts = Texts(taxonomy, store, present)  # one sentence cache across documents
        computed = [walk_document(document, texts) for document in todo]
    for document, result in zip(todo, computed, strict=True):
        store.put_document(document, result)
        results[(document.platform, document.slug)] = result
    return _assemble(archive, store, taxonomy, results, sum(r.fresh for r in computed))


def _in_workers(
    todo: list[Document],
    taxonomy: Taxonomy,
    cache_root: Path | None,
    workers: int,
    present: Present,
) -> list[DocumentResult] | None:
    """The documents analysed in worker processes; None if the workers could not run."""
    # Largest documents first, so the last one to finish is a small one.
    order = sorted(range(len(todo)), key=lambda i: -sum(v.size for v in todo[i].versions))
    context = multiprocessing.get_context("spawn")  # safe beside `mkdocs serve`'s threads
    categories = taxonomy.categories
    try:
        with ProcessPoolExecutor(min(workers, len(todo)), mp_context=context) as pool:
            futures = {
                i: pool.submit(_analyse_in_worker, todo[i], categories, cache_root, present)
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
    diffs: dict[str, DiffRef] = {}
    mentions: dict[str, tuple[str, ...]] = {}
    for document in archive.documents():
        result = results[(document.platform, document.slug)]
        changes[(document.platform, document.slug)] = result.changes
        diffs.update(result.diffs)
        for version in document.live_versions:
            if version.sha256 in result.ids:
                mentions[version.key] = result.ids[version.sha256]
    return Analysis(changes, diffs, store, taxonomy, mentions, computed_pairs)
