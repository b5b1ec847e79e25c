"""The edge of the analysis: every document of an archive walked, with the cache plugged in.

The walk (`walk.py`) compares versions and knows nothing of caching; here a document whose
versions, taxonomy, presenter and code are unchanged is read from the cache whole, the others
are walked (by an backend's workers when it pays: local processes or a Dask cluster, see
`backends.py`) with the cache as their memo, and the results are assembled into one `Analysis`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from concurrent.futures import FIRST_COMPLETED, CancelledError, Future, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, NamedTuple

from cachetools import LRUCache

from generator.analysis import serial
from generator.analysis.backends import PROCESSES, Backend, BackendError, default_backend
from generator.analysis.cache import Cache
from generator.analysis.facts import ShownDiff
from generator.analysis.outlines import Shared, outline
from generator.analysis.store import Store, fingerprint
from generator.analysis.taxonomy import Category, Taxonomy
from generator.analysis.walk import Present, Texts, Walk, present_nothing, walk_document

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
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
# Documents whose changes in full a process keeps at hand (`Analysis.detailed`; pages are made
# in runs of one document's versions).
DETAILED_DOCUMENTS = 4


@dataclass(frozen=True)
class Analysis:
    """Every change of an archive, by document, and where the shown diff of each is.

    With a cache, `changes` holds each change in outline (`outline`): what lists, charts, the
    matrix, feeds and search show of it. What only its own page and the export show (quoted
    sentences, sections, key sentences, quantities, flips, where its diff is) is read again
    with its document when asked for (`detailed`, `diff_ref`): a collection's changes in full
    are hundreds of megabytes. `digests` and `diff_digests` tell pages when a change or its
    diff changed without reading them.
    """

    changes: dict[tuple[str, str], tuple[Change, ...]]  # (platform, document) -> oldest first
    diffs: dict[str, DiffRef]  # Change.key -> its diff (absent for `first`), if not in outline
    store: Store
    taxonomy: Taxonomy = field(default_factory=lambda: Taxonomy(()))
    mentions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # Version.key -> ids
    computed_pairs: int = 0  # pairs of texts compared in this run (the rest came from cache)
    ran_on: str = "inline"  # the backend that analysed the documents not in the cache
    digests: dict[str, str] = field(default_factory=dict)  # Change.key -> `digest` in full
    diff_digests: dict[str, str] = field(default_factory=dict)  # Change.key -> `diff_digest`
    outlined: frozenset[tuple[str, str]] = frozenset()  # documents whose changes are in outline
    present: Present = present_nothing  # how diffs are shown (to walk a document again)
    _read: _Documents = field(default_factory=lambda: _Documents(), repr=False, compare=False)

    def all_changes(self) -> Iterable[Change]:
        for changes in self.changes.values():
            yield from changes

    def for_document(self, document: Document) -> tuple[Change, ...]:
        return self.changes.get((document.platform, document.slug), ())

    def detailed(self, document: Document) -> tuple[Change, ...]:
        """The document's changes in full, oldest first: read from the cache (the last few
        documents' are kept), or walked again if the cache lost them during the build."""
        return tuple(self._full(document).changes.values())

    def detail(self, document: Document, stamp: str) -> Change | None:
        """The change to the document's version `stamp` in full; None for none."""
        return self._full(document).changes.get(stamp)

    def diff_ref(self, document: Document, key: str) -> DiffRef | None:
        """Where the shown diff of the document's change `key` is; None for none (`first`)."""
        return self._full(document).diffs.get(key)

    def shown_diff(self, document: Document, key: str) -> ShownDiff | None:
        """A change's shown diff, read when asked for (not held: memory stays flat)."""
        ref = self.diff_ref(document, key)
        return None if ref is None else ShownDiff(self.store.shown(ref), ref.marks)

    def _full(self, document: Document) -> _Full:
        key = (document.platform, document.slug)
        if key not in self.outlined:
            return self._read.get(key, lambda: self._held(document))
        return self._read.get(key, lambda: self._read_again(document))

    def _held(self, document: Document) -> _Full:
        changes = self.for_document(document)
        return _Full({change.to_stamp: change for change in changes}, self.diffs)

    def _read_again(self, document: Document) -> _Full:
        result = self.store.document(document)
        if result is None:  # the cache folder was emptied during the build: the same walk
            result = walk_document(document, Texts(self.taxonomy, self.store, self.present))
        return _Full({change.to_stamp: change for change in result.changes}, result.diffs)

    def digest(self, change: Change) -> str:
        """What identifies the change in full (pages made from it change when it does)."""
        return self.digests[change.key]

    def quotes(self, version: Version) -> dict[str, tuple[str, ...]]:
        """Category id -> the sentences of the version's text that mention it, in text order;
        kept in the cache under the text's hash (category pages quote them at every build)."""
        return self.store.quotes(version.sha256, lambda: self.taxonomy.mentions(version.text))


class _Full(NamedTuple):
    """A document's changes in full, by `to_stamp`, and where their diffs are."""

    changes: dict[str, Change]
    diffs: dict[str, DiffRef]


class _Documents:
    """The last few documents' changes in full, read at most once each while they are used
    (thread-safe: `mkdocs serve` makes pages on request threads)."""

    def __init__(self) -> None:
        self._kept: LRUCache[tuple[str, str], _Full] = LRUCache(DETAILED_DOCUMENTS)
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str], read: Callable[[], _Full]) -> _Full:
        with self._lock:
            found = self._kept.get(key)
            if found is None:
                found = self._kept[key] = read()
            return found


def digest(change: Change) -> str:
    """A hash of every field of the change."""
    return hashlib.sha256(serial.encode(change)).hexdigest()[:32]


def diff_digest(fingerprint: str, ref: DiffRef) -> str:
    """A hash of what a change's diff as shown depends on, besides the code: the pair of texts
    (or the diff itself when it is held), how diffs are shown (`fingerprint`) and the
    evidence words marked in it. Pages whose diff has the same one need not be made again."""
    shown = hashlib.sha256(ref.shown.encode()).hexdigest() if ref.shown is not None else None
    held = [fingerprint, ref.pair, shown, sorted(ref.marks.items())]
    return hashlib.sha256(json.dumps(held, ensure_ascii=False).encode()).hexdigest()[:32]


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
    results = _Results(store)
    todo: list[Document] = []
    for document in archive.documents():
        if (held := store.outlined(document)) and results.add_outlined(document, held):
            continue  # what a build holds of it, read as such
        found = store.document(document)
        if found is None:
            todo.append(document)
        else:
            results.add(document, found, stored=True)
    size = sum(len(d.live_versions) for d in todo)
    done = False
    ran_on = "inline"
    if backend.parallel and len(todo) > 1 and size >= PARALLEL_MIN_VERSIONS:
        done = _in_workers(todo, taxonomy, store.cache.root, backend, present, results.computed)
        ran_on = backend.kind
    if not done:
        ran_on = "inline"
        texts = Texts(taxonomy, store, present)  # one sentence cache across documents
        for document in todo:  # those the workers did not finish, if they failed
            if (document.platform, document.slug) not in results.by_document:
                results.computed(document, walk_document(document, texts))
    return _assemble(archive, store, taxonomy, results, present, ran_on)


class _Results:
    """Documents' results as they come: stored in the cache, and each change held in outline
    when the cache can give it back in full (`Analysis.detailed`)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.by_document: dict[tuple[str, str], DocumentResult] = {}
        self.digests: dict[str, str] = {}
        self.diff_digests: dict[str, str] = {}
        self.outlined: set[tuple[str, str]] = set()
        self.computed_pairs = 0
        self.shared = Shared()

    def computed(self, document: Document, result: DocumentResult) -> None:
        result = self._with_digests(result)  # stored with it: a warm build reads them back
        self.store.put_document(document, result)
        self.computed_pairs += result.fresh
        self.add(document, result, stored=self.store.has_document(document))

    def add(self, document: Document, result: DocumentResult, *, stored: bool) -> None:
        if result.digests.keys() != {c.key for c in result.changes} or (
            result.diff_digests.keys() != result.diffs.keys()
        ):  # a cache entry without them (the cache folder is not trusted)
            result = self._with_digests(result)
        if stored:  # `Analysis.detailed` reads the rest again
            outlined = replace(result, changes=tuple(map(outline, result.changes)), diffs={})
            self.store.put_outlined(document, outlined)
            self.add_outlined(document, outlined)
            return
        self.digests.update(result.digests)
        self.diff_digests.update(result.diff_digests)
        key = (document.platform, document.slug)
        self.by_document[key] = replace(result, digests={}, diff_digests={})  # held above, once

    def add_outlined(self, document: Document, result: DocumentResult) -> bool:
        """A document's changes in outline as `add` stored them (`Store.outlined`); False
        when the entry does not hold what `add` keeps (then the document is read in full)."""
        if result.diffs or result.digests.keys() != {c.key for c in result.changes}:
            return False
        self.digests.update(result.digests)
        self.diff_digests.update(result.diff_digests)
        changes = tuple(map(self.shared.change, result.changes))  # each value held once
        key = (document.platform, document.slug)
        self.by_document[key] = replace(result, changes=changes, digests={}, diff_digests={})
        self.outlined.add(key)
        return True

    def _with_digests(self, result: DocumentResult) -> DocumentResult:
        fingerprint = self.store.fingerprint
        return replace(
            result,
            digests={change.key: digest(change) for change in result.changes},
            diff_digests={k: diff_digest(fingerprint, r) for k, r in result.diffs.items()},
        )


def _in_workers(
    todo: list[Document],
    taxonomy: Taxonomy,
    cache_root: Path | None,
    backend: Backend,
    present: Present,
    done: Callable[[Document, DocumentResult], None],
) -> bool:
    """The documents analysed by the backend's workers, each result handed to `done` as it
    comes; False if local workers could not run.

    Remote (Dask) workers get each document with its texts and no cache folder: they need no
    shared disk, and their results carry their diffs back.
    """
    # Largest documents first, so the last one to finish is a small one.
    order = sorted(range(len(todo)), key=lambda i: -sum(v.size for v in todo[i].versions))
    categories = taxonomy.categories
    root = None if backend.ships_texts else cache_root
    try:
        with backend.executor(len(todo)) as pool:
            pending: dict[Future[DocumentResult], Document] = {}
            for i in order:
                document = _with_texts(todo[i]) if backend.ships_texts else todo[i]
                future = pool.submit(_analyse_in_worker, document, categories, root, present)
                pending[future] = todo[i]
                while len(pending) >= IN_FLIGHT:
                    _collect(pending, done)
            while pending:
                _collect(pending, done)
    except (BrokenProcessPool, OSError, CancelledError) as exc:
        if backend.kind == "dask":
            raise BackendError(f"the Dask cluster failed during the analysis: {exc}") from None
        # A main module without a __main__ guard, say. Information, not a warning: the
        # results are the same, and `--strict` must not fail a build over a worker that died.
        log.info("policywatch: worker processes failed (%s); analysing in one process", exc)
        return False
    except Exception as exc:
        if type(exc).__module__.split(".")[0] == "distributed":  # KilledWorker and the like
            raise BackendError(f"the Dask cluster failed during the analysis: {exc}") from None
        raise
    return True


def _collect(
    pending: dict[Future[DocumentResult], Document],
    done: Callable[[Document, DocumentResult], None],
) -> None:
    finished, _ = wait(pending, return_when=FIRST_COMPLETED)
    for future in finished:
        result = future.result()
        done(pending.pop(future), result)


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
    results: _Results,
    present: Present,
    ran_on: str,
) -> Analysis:
    changes: dict[tuple[str, str], tuple[Change, ...]] = {}
    diffs: dict[str, DiffRef] = {}
    mentions: dict[str, tuple[str, ...]] = {}
    for document in archive.documents():
        result = results.by_document[(document.platform, document.slug)]
        changes[(document.platform, document.slug)] = result.changes
        diffs.update(result.diffs)
        for version in document.live_versions:
            if version.sha256 in result.ids:
                mentions[version.key] = results.shared.texts(result.ids[version.sha256])
    return Analysis(
        changes,
        diffs,
        store,
        taxonomy,
        mentions,
        results.computed_pairs,
        ran_on,
        results.digests,
        results.diff_digests,
        frozenset(results.outlined),
        present,
    )
