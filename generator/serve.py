"""`mkdocs serve` speed-ups: a saved snapshot should show in the browser within a second.

Two costs dominate a rebuild of a small site, and neither is ours: MkDocs polls watched
folders every 0.5 s, and it compiles the theme's templates afresh on every rebuild. Both are
trimmed here, through public hooks where MkDocs has them and defensively where it does not:
if MkDocs or watchdog change, these do nothing and serving works as before.
"""

from __future__ import annotations

import logging
import posixpath
from typing import TYPE_CHECKING, Any, ClassVar

from jinja2 import BytecodeCache

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from jinja2.bccache import Bucket
    from mkdocs.livereload import LiveReloadServer

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

POLL_SECONDS = 0.1  # a snapshot tree of a thousand files takes a few ms to scan


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


def poll_faster(server: LiveReloadServer, seconds: float = POLL_SECONDS) -> None:
    """Poll the folders already watched every `seconds` instead of every 0.5 s, and wait
    `seconds` (not 0.1 s) for a burst of file events to end before rebuilding."""
    server.build_delay = min(server.build_delay, seconds / 2)
    for emitter in getattr(server.observer, "emitters", ()):
        if isinstance(getattr(emitter, "_timeout", None), int | float):
            emitter._timeout = seconds


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
