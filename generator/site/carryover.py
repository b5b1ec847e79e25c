"""Files of the previous site carried into the new one when nothing that made them changed.

A new snapshot changes a handful of a collection's pages, yet a build writes every page into a
fresh folder (generator.site.publish). Each file the build writes itself is recorded in a
manifest with a fingerprint of everything it was made from; the next build, meeting the same
fingerprint, hard-links the previous site's file into the new folder (a copy where links are
not possible) instead of making it again.

The manifest lives in the cache folder, one per site folder. A file is carried over only if it
is still as it was written (same size and modification time): a site edited by hand, or a
manifest that is not this site's, makes the build render the file again, never reuse a wrong
one.

When the manifest also lists every other file of the previous site (what MkDocs itself wrote),
the build need not link anything: the files it keeps stay where they are, the new folder holds
only what this build wrote, and publishing moves those over the old site and deletes the files
no longer made (`in_place`; generator.site.publish.overlay). The manifest is forgotten before
the site is touched and written again once it is whole.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from generator.content.atomic import write_replace

if TYPE_CHECKING:
    from collections.abc import Iterable

FORMAT = 1


def fingerprint(*parts: str) -> str:
    """A fingerprint of the strings that make a file."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


class Carry:
    """What the previous build of a site wrote, and what this build writes.

    `old_site` is the site being replaced (absent on a first build) and `new_site` the folder
    being built; they are the same folder for a build in place (`--dirty`). Paths are relative
    to the site folder, with forward slashes.
    """

    def __init__(
        self, manifests: Path | None, old_site: Path, new_site: Path, *, in_place: bool = True
    ) -> None:
        self.old_site = old_site
        self.new_site = new_site
        self._old_root = os.fspath(old_site)
        self.carried = 0
        self.written = 0
        self._path = manifests / _name(old_site) if manifests is not None else None
        self._old: dict[str, list[str | int]] = {}
        self._old_others: list[str] | None = None  # None: the old site's other files unknown
        if self._path is not None:
            self._load()
        self._new: dict[str, list[str | int]] = {}
        self._others: list[str] | None = None  # known once the build is written (`finish`)
        self._folders: set[Path] = set()
        self.in_place = (
            in_place and self._old_others is not None and new_site != old_site and old_site.is_dir()
        )
        """Whether kept files stay in the old site and the new folder gets only new files
        (asked for with `in_place`, and possible: the old site's files are all known)."""

    def _load(self) -> None:
        assert self._path is not None
        try:  # msgspec: a collection's manifest is a hundred thousand entries
            data = msgspec.json.decode(self._path.read_bytes())
        except (OSError, msgspec.DecodeError):
            return
        ok = isinstance(data, dict) and data.get("format") == FORMAT
        if not ok or data.get("site") != str(_real(self.old_site)):
            return
        files, others = data.get("files"), data.get("others")
        if isinstance(files, dict):
            self._old = files
            if isinstance(others, list) and all(isinstance(o, str) for o in others):
                self._old_others = others

    def reuse(self, path: str, made_from: str) -> bool:
        """Put the previous site's `path` into the new site if it was made from `made_from`
        and is untouched since; False when it must be made again."""
        recorded = self._old.get(path)
        if not recorded or recorded[0] != made_from:
            return False
        try:  # a string, not a Path: a collection's site is a hundred thousand files
            stat = os.stat(self.old_file(path))  # noqa: PTH116
        except OSError:
            return False
        if [stat.st_size, stat.st_mtime_ns] != recorded[1:]:
            return False
        if self.new_site != self.old_site and not self.in_place:
            source, target = self.old_site / path, self.new_site / path
            if target.parent not in self._folders:  # thousands of files share a folder
                target.parent.mkdir(parents=True, exist_ok=True)
                self._folders.add(target.parent)
            try:
                os.link(source, target)
            except OSError:  # another file system, or links not allowed: a copy, same times
                shutil.copy2(source, target)
                stat = target.stat()
        self._new[path] = [made_from, stat.st_size, stat.st_mtime_ns]
        self.carried += 1
        return True

    def old_file(self, path: str) -> str:
        """Where the previous site holds `path`."""
        return f"{self._old_root}/{path}"

    def wrote(self, path: str, made_from: str) -> None:
        """Record a file this build has just written."""
        stat = (self.new_site / path).stat()
        self._new[path] = [made_from, stat.st_size, stat.st_mtime_ns]
        self.written += 1

    def paths(self) -> Iterable[str]:
        """Every path recorded by this build."""
        return self._new.keys()

    def finish(self, others: Iterable[str]) -> list[str]:
        """The build is written; `others` are the files of the new folder (those this build
        recorded among them). Returns the old site's files that are no longer part of the
        site, for `publish.overlay` (empty unless `in_place`)."""
        self._others = sorted(set(others).difference(self._new))
        if not self.in_place or self._old_others is None:
            return []
        current = set(self._new).union(self._others)
        return [p for p in (*self._old, *self._old_others) if p not in current]

    @property
    def others(self) -> list[str]:
        """The files of the new folder this build did not record (MkDocs' own), once known."""
        return self._others or []

    def forget(self) -> None:
        """The old site is about to change: its record no longer describes it."""
        if self._path is not None:
            self._path.unlink(missing_ok=True)

    def save(self, site: Path) -> None:
        """Keep this build's record for the next build of `site` (where the new folder now is).

        Call it once the new site is in place: until then the previous record still describes
        the previous site.
        """
        if self._path is None:
            return
        path = self._path.with_name(_name(site))
        data: dict[str, object] = {"format": FORMAT, "site": str(_real(site)), "files": self._new}
        if self._others is not None:
            data["others"] = self._others
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_replace(path, msgspec.json.encode(data), durable=False)
        except OSError:
            pass  # no record: the next build makes every file again, and is right


def _real(site: Path) -> Path:
    return Path(os.path.realpath(site))


def _name(site: Path) -> str:
    """The manifest's file name for a site folder."""
    return "site-" + hashlib.sha256(str(_real(site)).encode()).hexdigest()[:16] + ".json"
