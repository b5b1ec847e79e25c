"""The cyclic garbage collector and a build's long-lived objects.

A build of a whole collection holds millions of objects from `on_files` to its end: the
archive, its analysis, the pages and files handed to MkDocs. Python's collector scans every one
of them again each time the heap grows by a quarter, which made a fifth of a warm build of the
contrib collection (20.5 s, 15.6 s without it). So while the pipeline makes them the collector
waits (`long_lived`), and then they are frozen: out of the collector's reach, still freed by
reference counting. Page writing, which makes short-lived garbage with cycles (a Markdown
converter per page), runs with the collector on and scanning only what it makes. When the build
ends they are given back (`release`): `mkdocs serve` builds again in the same process, and one
build's objects must not outlive it.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator


@contextmanager
def long_lived() -> Iterator[None]:
    """Objects made inside live until the build ends: not scanned while made, then frozen."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def release() -> None:
    """The build is over: what it froze is the collector's again."""
    gc.unfreeze()
