"""The edge of the analysis: every document of an archive walked, with the cache plugged in.

The walk (`walk.py`) compares versions and knows nothing of caching; here a document whose
versions, taxonomy, presenter and code are unchanged is read from the cache whole, the others
are walked (by an backend's workers when it pays: local processes or a Dask cluster, see
`backends.py`) with the cache as their memo, and the results are assembled into one `Analysis`.
"""

from __future__ import annotations

import logging
from concurrent.futures import FIRST_COMPLETED, CancelledError, Future, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from generator.analysis.backends import PROCESSES, Backend, BackendError, default_backend
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
# Documents handed to the backend ahead of the results: with texts on board (Dask), memory
# holds this many documents' texts, not the archive's.
IN_FLIGHT = 32


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
    ran_on: str = "inline"  # the backend that analysed the documents not in the cache

    def all_changes(self) -> Iterable[Change]:
        for changes in self.changes.values():
            yield from changes

    def for_document(self, document: Document) -> tuple[Change, ...]:
        return self.changes.get((document.platform, document.slug), ())

    def shown_diff(self, key: str) -> ShownDiff | None:
        """A change's shown diff, read when asked for (not held: memory stays flat)."""
        ref = self.diffs.get(key)
        return None if ref is None else ShownDiff(self.store.shown(ref), ref.marks)

    def quotes(self, version: Version) -> dict[str, tuple[str, ...]]:
        """Category id -> the sentences of the version's text that mention it, in text order;
        kept in the cache under the text's hash (category pages quote them at every build)."""
        return self.store.quotes(version.sha256, lambda: self.taxonomy.mentions(version.text))


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
    backend: Backend | None = None,
) -> Analysis:
    """Analyse every document of the archive, reusing cached results, in parallel if it pays.

    A document whose versions, taxonomy, presenter and code are unchanged is read from the
    cache whole; the others are analysed by the backend's workers, one document each (default:
    the environment's Dask scheduler if it names one, else local processes, `workers` of them
    or one per core), or in this process when there is little to do. `present` renders the
    diffs pages show (the site passes its HTML renderer; it must be a module-level function,
    so that workers can receive it). Raises BackendError when a Dask cluster cannot run it.
    """
    if backend is None:  # the environment may name a Dask scheduler; `workers` means local
        backend = default_backend() if workers is None else replace(PROCESSES, workers=workers)
    store = _store(taxonomy, cache, present)
    results: dict[tuple[str, str], DocumentResult] = {}
    todo: list[Document] = []
    for document in archive.documents():
        found = store.document(document)
        if found is None:
            todo.append(document)
        else:
            results[(document.platform, document.slug)] = found
    size = sum(len(d.live_versions) for d in todo)
    computed: list[DocumentResult] | None = None
    ran_on = "inline"
    if backend.parallel and len(todo) > 1 and size >= PARALLEL_MIN_VERSIONS:
        computed = _in_workers(todo, taxonomy, store.cache.root, backend, present)
        ran_on = backend.kind
    if computed is None:
        ran_on = "inline"
        texts = Texts(taxonomy, store, present)  # one sentence cache across documents
        computed = [walk_document(document, texts) for document in todo]
    for document, result in zip(todo, computed, strict=True):
        store.put_document(document, result)
        results[(document.platform, document.slug)] = result
    analysis = _assemble(archive, store, taxonomy, results, sum(r.fresh for r in computed))
    return replace(analysis, ran_on=ran_on)


def _in_workers(
    todo: list[Document],
    taxonomy: Taxonomy,
    cache_root: Path | None,
    backend: Backend,
    present: Present,
) -> list[DocumentResult] | None:
    """The documents analysed by the backend's workers; None if local workers could not run.

    Remote (Dask) workers get each document with its texts and no cache folder: they need no
    shared disk, and their results carry their diffs back.
    """
    # Largest documents first, so the last one to finish is a small one.
    order = sorted(range(len(todo)), key=lambda i: -sum(v.size for v in todo[i].versions))
    categories = taxonomy.categories
    root = None if backend.ships_texts else cache_root
    results: dict[int, DocumentResult] = {}
    try:
        with backend.executor(len(todo)) as pool:
            pending: dict[Future[DocumentResult], int] = {}
            for i in order:
                document = _with_texts(todo[i]) if backend.ships_texts else todo[i]
                pending[pool.submit(_analyse_in_worker, document, categories, root, present)] = i
                while len(pending) >= IN_FLIGHT:
                    _collect(pending, results, FIRST_COMPLETED)
            while pending:
                _collect(pending, results, FIRST_COMPLETED)
    except (BrokenProcessPool, OSError, CancelledError) as exc:
        if backend.kind == "dask":
            raise BackendError(f"the Dask cluster failed during the analysis: {exc}") from None
        # A main module without a __main__ guard, say. Information, not a warning: the
        # results are the same, and `--strict` must not fail a build over a worker that died.
        log.info("policywatch: worker processes failed (%s); analysing in one process", exc)
        return None
    except Exception as exc:
        if type(exc).__module__.split(".")[0] == "distributed":  # KilledWorker and the like
            raise BackendError(f"the Dask cluster failed during the analysis: {exc}") from None
        raise
    return [results[i] for i in range(len(todo))]


def _collect(
    pending: dict[Future[DocumentResult], int], results: dict[int, DocumentResult], when: str
) -> None:
    done, _ = wait(pending, return_when=when)
    for future in done:
        results[pending.pop(future)] = future.result()


def _with_texts(document: Document) -> Document:
    """The document with its live versions' texts on board (for workers without the files)."""
    versions = tuple(
        replace(v, body=v.text) if v.withdrawn is None else v for v in document.versions
    )
    return replace(document, versions=versions)


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
