"""Full texts of versions as safe HTML: cached by text hash, rendered ahead of need in parallel.

Rendering every full text is the largest single cost of a cold build (tens of megabytes of
Markdown), and MkDocs builds pages one after another in one process. So the build starts
worker processes that render the texts into the cache while MkDocs works, and each page takes
its text from the cache when it is written: one text in memory at a time.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from generator.analysis.cache import Cache, code_fingerprint, digest
from generator.analysis.pools import process_pool
from generator.site.safe_html import clean_snapshot_html, snapshot_html

if TYPE_CHECKING:
    from collections.abc import Iterable
    from concurrent.futures import Future, ProcessPoolExecutor

    from generator.content.model import Version


def cache_key(sha256: str) -> str:
    """Under the text's hash and the code that renders it (not a page template's)."""
    return digest("fulltext", code_fingerprint("site.fulltext"), sha256)


def _render_into_cache(root: str, version: Version) -> None:
    """In a worker process: read one text (from its file, unless held), render it, store it."""
    Cache(Path(root)).put(cache_key(version.sha256), snapshot_html(version.text))


PARALLEL_MIN_TEXTS = 8
"""Fewer texts to render than this are rendered as their pages are written: a spawned worker
takes about half a second to start, a text renders in tens of milliseconds (a live reload after
one edited snapshot would otherwise wait for a worker)."""


def default_workers() -> int:
    """Leave one core to MkDocs, which renders pages meanwhile."""
    return max(1, (os.cpu_count() or 1) - 1)


class FullTexts:
    """The full-text HTML of each version, by its text's SHA-256."""

    def __init__(self, cache: Cache, workers: int | None = None) -> None:
        self.cache = cache
        self.workers = default_workers() if workers is None else workers
        self._pool: ProcessPoolExecutor | None = None
        self._pending: dict[str, Future[None]] = {}

    def prepare(self, versions: Iterable[Version]) -> None:
        """Start rendering, in the background, every text the cache does not hold yet."""
        if self.cache.root is None or self.workers < 1:
            return
        todo: dict[str, Version] = {}  # versions travel without their texts: workers read them
        for version in versions:
            if version.sha256 not in todo and not self.cache.has(cache_key(version.sha256)):
                todo[version.sha256] = version
        if len(todo) < PARALLEL_MIN_TEXTS:
            return
        # Spawned workers that die with the build, even a killed one (see analysis.pools).
        self._pool = process_pool(self.workers)
        root = str(self.cache.root)
        for sha256, version in todo.items():
            self._pending[sha256] = self._pool.submit(_render_into_cache, root, version)

    def html(self, version: Version) -> str:
        """The version's full text as safe HTML."""
        future = self._pending.pop(version.sha256, None)
        if future is not None:
            # Wait for the worker; if it died, the text is rendered here instead. Not
            # `result()`: a broken pool gives every future the same exception, and raising it
            # again and again would chain each page's frames (and its HTML) to it.
            with contextlib.suppress(Exception):
                future.exception()
        cached = self.cache.get(cache_key(version.sha256))
        if isinstance(cached, str):
            # The cache folder is not trusted (a committed `.cache`, a restored CI cache): what
            # comes out of it is cleaned again; a no-op for what snapshot_html wrote.
            return clean_snapshot_html(cached)
        rendered = snapshot_html(version.text)
        self.cache.put(cache_key(version.sha256), rendered)
        return rendered

    def close(self) -> None:
        """Stop the workers (texts not asked for are dropped; those being rendered finish, so
        that no worker is left starting up or writing while the build exits)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._pending.clear()
