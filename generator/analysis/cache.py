"""A content-addressed cache of analysis results on disk, so a rebuild redoes only what changed.

Entries are JSON files named by the hash of everything that determines them: the input
texts' hashes, the taxonomy, and the source code of the analysis itself, so editing the code
or the taxonomy invalidates exactly what it should. Writes are atomic (temp file, then
rename); an unreadable or corrupt entry is treated as missing and rewritten.
"""

from __future__ import annotations

import ast
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
def code_fingerprint(*modules: str) -> str:
    """A hash of code: a new release or a local edit starts a fresh cache.

    With no argument, every module of the package. With names of sub-packages or modules of
    `generator` (`"analysis"`, `"site.safe_html"`), those, and every module of the package
    they import, transitively: what a cached result was computed by, found by reading the
    imports rather than from a hand-kept list (a list goes stale). An edit of a page template
    then leaves the analysis cache alone.
    """
    return package_fingerprint(resources.files("generator"), modules)


def package_fingerprint(package: Traversable, modules: tuple[str, ...] = ()) -> str:
    """A hash of every module under a package folder, sub-packages included; or of the named
    modules and sub-packages of it and of the package's modules they import."""
    found = _closure(package, modules) if modules else set(_modules(package, ""))
    return _fingerprint(sorted(found, key=lambda module: module[0]))


def _fingerprint(modules: list[tuple[str, Traversable]]) -> str:
    digest = hashlib.sha256()
    for name, source in modules:
        digest.update(name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()[:16]


def _modules(folder: Traversable, prefix: str) -> Iterator[tuple[str, Traversable]]:
    """Every `.py` file under a package folder, sub-packages included, by its relative path."""
    for entry in folder.iterdir():
        if entry.is_dir() and entry.name != "__pycache__":
            yield from _modules(entry, f"{prefix}{entry.name}/")
        elif entry.name.endswith(".py"):
            yield f"{prefix}{entry.name}", entry


def _closure(package: Traversable, names: tuple[str, ...]) -> set[tuple[str, Traversable]]:
    """The named modules and sub-packages of `package`, and what they import of it."""
    found: dict[str, Traversable] = {}
    todo = list(names)
    while todo:
        for relative, source in _module_files(package, todo.pop()):
            if relative not in found:
                found[relative] = source
                todo.extend(_imported(source, package.name))
    return set(found.items())


def _module_files(package: Traversable, dotted: str) -> list[tuple[str, Traversable]]:
    """The files of one module (`site.safe_html`) or whole sub-package (`analysis`)."""
    parts = dotted.split(".") if dotted else []
    folder = package.joinpath(*parts) if parts else package
    if folder.is_dir():
        prefix = "/".join(parts) + "/" if parts else ""
        return [(f"{prefix}{name}", source) for name, source in _modules(folder, "")]
    module = package.joinpath(*parts[:-1], f"{parts[-1]}.py")
    return [("/".join(parts) + ".py", module)] if module.is_file() else []


def _imported(source: Traversable, top: str) -> tuple[str, ...]:
    """The modules of package `top` a module imports, relative to it (`from top.a import b`
    names `a.b` when b is a module, else `a`; both are looked up, the missing one is empty)."""
    return _imports_in(source.read_bytes(), top)


@cache  # a build asks for the closures of several modules, which share most of their imports
def _imports_in(code: bytes, top: str) -> tuple[str, ...]:
    found: list[str] = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        else:
            continue
        found.extend(name[len(top) + 1 :] for name in names if name.partition(".")[0] == top)
    return tuple(found)


def digest(*parts: str) -> str:
    """A cache key from exactly the strings given (which should name the code that matters)."""
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


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
        """The JSON value stored under `entry`, or None."""
        data = self.read(entry)
        try:
            return None if data is None else json.loads(data)
        except ValueError:
            self.hits -= 1
            self.misses += 1
            return None

    def read(self, entry: str) -> bytes | None:
        """The JSON text stored under `entry`, or None (to read it straight into types)."""
        if self.root is None:
            self.misses += 1
            return None
        try:
            data = self._path(entry).read_bytes()
        except OSError:
            self.misses += 1
            return None
        self.hits += 1
        return data

    def put(self, entry: str, value: Any) -> None:
        """Store a JSON value under `entry`."""
        self.write(entry, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())

    def write(self, entry: str, data: bytes) -> None:
        """Store JSON text under `entry`."""
        if self.root is None or not self._writable:
            return
        path = self._path(entry)
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
