"""`mkdocs serve`: a saved snapshot should show in the browser within a second.

Two costs dominate a rebuild of a small site, and neither is ours: MkDocs polls watched
folders every 0.5 s, and it compiles the theme's templates afresh on every rebuild. Both are
trimmed here, through public hooks where MkDocs has them and defensively where it does not:
if MkDocs or watchdog change, these do nothing and serving works as before.

On a large site a third cost is ours: the pages outside the navigation (see writer.py). While
serving they are rendered when a browser first asks for one (`ServedPages`), so a reload
costs what the navigation's pages cost, whatever the size of the collection. And polling a
large content folder often is itself a cost: each folder is polled as often as its scans
allow, for at most POLL_SHARE of a core.
"""

from __future__ import annotations

import logging
import posixpath
import threading
import time
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from jinja2 import BytecodeCache

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from jinja2.bccache import Bucket
    from mkdocs.livereload import LiveReloadServer

    from generator.engine.writer import OwnPage, PageWriter
    from generator.site.render import Page
    from generator.site.slots import Slot, SlotFiller

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

POLL_SECONDS = 0.1  # a snapshot tree of a thousand files takes a few ms to scan
POLL_SHARE = 0.1
"""The most of one core the polling of a watched folder takes: a folder slower to scan is
polled less often. MkDocs' poller reads every file's metadata, and a whole collection's 42,000
files take 0.7 s: polled every 0.1 s, it scanned without pause, took a core while serving,
and a reload took 50 s where the same `mkdocs build` took 28 s (the scanning thread holds the
interpreter's lock)."""
REBUILD_WAIT = 120  # seconds a request waits for a rebuild under way before it is answered
HOOK_WAIT = 5  # seconds a first build waits for `on_serve` before it writes the pages itself


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory between the rebuilds of one process.

    Never on disk: compiled templates are code, and a cache folder could come from a pull
    request. Buckets are keyed by template name and source checksum, so edits still show.
    """

    _compiled: ClassVar[dict[str, bytes]] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


def poll_faster(
    server: LiveReloadServer, seconds: float = POLL_SECONDS, share: float = POLL_SHARE
) -> None:
    """Poll the folders already watched every `seconds` instead of every 0.5 s, and wait
    `seconds / 2` (not 0.1 s) for a burst of file events to end before rebuilding.

    A folder whose scan takes more than `share` of that time is polled less often: after
    each scan, its next one waits until scanning takes at most `share` of a core.
    """
    server.build_delay = min(server.build_delay, seconds / 2)
    for emitter in getattr(server.observer, "emitters", ()):
        if isinstance(getattr(emitter, "_timeout", None), int | float):
            emitter._timeout = seconds
            scan = getattr(emitter, "_take_snapshot", None)
            if callable(scan) and not isinstance(scan, _Paced):
                emitter._take_snapshot = _Paced(emitter, scan, seconds, share)


class _Paced:
    """A poller's scan that sets the wait before the next one from its own duration."""

    def __init__(self, emitter: Any, scan: Callable[[], Any], fastest: float, share: float):
        self.emitter, self.scan, self.fastest, self.share = emitter, scan, fastest, share

    def __call__(self) -> Any:
        # The scanning thread's own CPU time: not the time it waits for the interpreter's
        # lock while a build runs, which would stretch the next wait for nothing.
        start = time.thread_time()
        try:
            return self.scan()
        finally:
            took = time.thread_time() - start
            self.emitter._timeout = max(self.fastest, took * (1 - self.share) / self.share)


def prepare_on_request(server: LiveReloadServer, prepare: Callable[[str], None]) -> None:
    """Call `prepare` with the site-relative path of the file each request asks for, before
    the server looks for it: pages can be written when a browser first asks for them.

    MkDocs' server is a WSGI server; its application is wrapped, not replaced. A failing
    `prepare` is logged and the request answered as it would have been.
    """
    app = server.get_app()
    assert app is not None  # MkDocs' server sets its application when it is made
    mount = getattr(server, "mount_path", "/")

    def prepared_app(
        environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        path = str(environ.get("PATH_INFO", ""))
        if path.startswith(mount):
            relative = path[len(mount) :] + ("index.html" if path.endswith("/") else "")
            try:
                prepare(posixpath.normpath("/" + relative).lstrip("/"))
            except Exception:  # the page is served as it is (a 404 if it is not there)
                log.exception("policywatch: could not render %s", path)
        result: Iterable[bytes] = app(environ, start_response)
        return result

    server.set_app(prepared_app)


@dataclass(frozen=True)
class _Site:
    """The pages of one build, by the path of their file in the site."""

    writer: PageWriter
    pages: dict[str, tuple[Page, OwnPage]]
    slots: dict[str, dict[str, Slot]]
    filler: SlotFiller

    def prepare(self, path: str) -> None:
        found = self.pages.get(path)
        if found is None or (self.writer.carry.new_site / path).exists():
            return
        page, file = found
        slots = self.slots.get(page.source_uri, {})
        self.writer.write(page, file, partial(self.filler.identities, slots.values()))


class ServedPages:
    """The pages outside the navigation while serving: each rendered when a browser first
    asks for it, from the last site built (a request during a rebuild waits for it)."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._served: _Site | None = None  # the pages of the site being served
        self._next: _Site | None = None  # those of the site being built
        self._hooked = False  # requests render pages (live reload's `on_serve` ran)

    def rebuilding(self) -> None:
        """A build starts: requests wait for its pages."""
        with self._lock:
            self._served = self._next = None

    def built(
        self,
        writer: PageWriter,
        pages: dict[str, tuple[Page, OwnPage]],
        slots: dict[str, dict[str, Slot]],
        filler: SlotFiller,
    ) -> None:
        """The pages of the build under way, served once it is published."""
        self._next = _Site(writer, pages, slots, filler)

    def published(self) -> None:
        """The build is in place: its pages are rendered on request from now on. Without
        live reload MkDocs calls no `on_serve`, so nothing asks: they are all written now, in
        the background (each page as soon as it is asked for once the hook is there)."""
        with self._lock:
            self._served, self._next = self._next, None
            self._lock.notify_all()
            site = self._served
        if site is not None and not self._hooked:
            threading.Thread(target=self._write_unless_hooked, args=(site,), daemon=True).start()

    def hook(self, server: LiveReloadServer) -> None:
        """Render pages as the server is asked for them."""
        prepare_on_request(server, self._prepare)
        with self._lock:
            self._hooked = True
            self._lock.notify_all()

    def _prepare(self, path: str) -> None:
        with self._lock:
            self._lock.wait_for(lambda: self._served is not None, timeout=REBUILD_WAIT)
            if self._served is not None:
                self._served.prepare(path)

    def _write_unless_hooked(self, site: _Site) -> None:
        with self._lock:
            if self._lock.wait_for(lambda: self._hooked, timeout=HOOK_WAIT):
                return
        for path in site.pages:
            with self._lock:
                if self._served is not site:  # a rebuild started
                    return
                site.prepare(path)
