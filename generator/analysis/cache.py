"""A content-addressed cache of analysis results on disk, so a rebuild redoes only what changed.

Entries are JSON files named by the hash of everything that determines them: the input
texts' hashes, the taxonomy, and the source code of the analysis itself, so editing the code
or the taxonomy invalidates exactly what it should. Writes are atomic (temp file, then
rename); an unreadable or corrupt entry is treated as missing and rewritten.
"""

from __future__ import annotations

import hashlib
import json
import logging
import subprocess
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from generator.content.atomic import write_replace

if TYPE_CHECKING:
    from collections.abc import Iterator
    from importlib.resources.abc import Traversable
    from pathlib import Path

log = logging.getLogger(__name__)


@cache
def code_fingerprint() -> str:
    """A hash of the package's code: a new release or a local edit starts a fresh cache.

    All modules count, not a hand-kept list of the ones that analyse: a list goes stale.
    """
    return package_fingerprint(resources.files("generator"))


def package_fingerprint(package: Traversable) -> str:
    """A hash of every module under a package folder, sub-packages included."""
    digest = hashlib.sha256()
    for name, source in sorted(_modules(package, ""), key=lambda found: found[0]):
        digest.update(name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()[:16]


def _modules(folder: Traversable, prefix: str) -> Iterator[tuple[str, Traversable]]:
    """Every `.py` file under a package folder, sub-packages included, by its relative path."""
    for entry in folder.iterdir():
        if entry.is_dir() and entry.name != "__pycache__":
            yield from _modules(entry, f"{prefix}{entry.name}/")
        elif entry.name.endswith(".py"):
            yield f"{prefix}{entry.name}", entry


def key(*parts: str) -> str:
    """A cache key from the strings that determine an entry."""
    return hashlib.sha256("\0".join((code_fingerprint(), *parts)).encode()).hexdigest()


class Cache:
    """JSON values by key under one folder; `None` as the folder turns caching off."""

    def __init__(self, root: Path | None) -> None:
        self.root = root
        self.hits = 0
        self.misses = 0
        self._writable = root is not None

    def _path(self, entry: str) -> Path:
        assert self.root is not None
        return self.root / entry[:2] / f"{entry}.json"

    def has(self, entry: str) -> bool:
        """Whether an entry is stored (without reading it)."""
        return self.root is not None and self._path(entry).is_file()

    def get(self, entry: str) -> Any | None:
        if self.root is None:
            self.misses += 1
            return None
        try:
            value = json.loads(self._path(entry).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, entry: str, value: Any) -> None:
        if self.root is None or not self._writable:
            return
        path = self._path(entry)
        data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_replace(path, data, durable=False)
        except OSError as exc:  # a read-only checkout still builds, just without caching
            self._writable = False
            log.warning("policywatch: analysis cache disabled, cannot write %s: %s", path, exc)


def tracked_by_git(folder: Path) -> bool:
    """Whether git tracks files under `folder`.

    A cache committed to the repository came with a pull request, not from this machine's
    builds: its entries could say anything (a diff, a kind), so it must not be read.
    """
    start = next((p for p in (folder, *folder.parents) if p.is_dir()), None)
    if start is None:
        return False
    try:
        found = subprocess.run(
            ["git", "ls-files", "-z", "--", str(folder)],
            cwd=start,
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):  # no git: nothing can be tracked either
        return False
    return found.returncode == 0 and bool(found.stdout)
