"""Replace the built site only after a successful build.

MkDocs empties `site_dir` before it builds, so a failed build used to leave a broken or empty
site behind. Instead the build goes to a fresh folder next to `site_dir` (same file system);
a failed build only removes its own folder. Once everything is written the new site is put in
place one of two ways:

- `publish` (swap): the new folder holds the whole site and takes the place of the old one by
  two renames; the old one is deleted. Hidden entries of the old site (`.git`, `.nojekyll`)
  move into the new one, as MkDocs' own cleaning keeps them.
- `overlay`: the new folder holds only the files this build wrote, the rest being the old
  site's files it kept (generator.site.carryover); they are moved over the old site, and the
  files no longer part of the site are deleted. A new snapshot in a collection of 50,000 pages
  then moves a few hundred files instead of linking and deleting the whole site.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

_BUILDING = ".building-"
_OLD = ".old-"


def _target(site_dir: Path) -> Path:
    """The real folder to replace: a symlinked `site_dir` keeps its link, its target is swapped."""
    return Path(os.path.realpath(site_dir))


def start(site_dir: Path) -> Path:
    """A new empty folder to build into, next to `site_dir`; OSError when it cannot be made."""
    target = _target(site_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target)
    prefix = f".{target.name}{_BUILDING}{os.getpid()}-"
    return Path(tempfile.mkdtemp(prefix=prefix, dir=target.parent))


def publish(staging: Path, site_dir: Path) -> None:
    """Put the finished `staging` folder in place of `site_dir`, then delete the old site."""
    target = _target(site_dir)
    if not target.exists():
        staging.rename(target)
        return
    for entry in target.iterdir():
        if entry.name.startswith(".") and not (staging / entry.name).exists():
            entry.rename(staging / entry.name)
    old = target.with_name(f".{target.name}{_OLD}{os.getpid()}-{staging.name[-8:]}")
    target.rename(old)
    try:
        staging.rename(target)
    except OSError:
        old.rename(target)  # put the old site back as it was
        raise
    shutil.rmtree(old, ignore_errors=True)


def overlay(
    staging: Path, site_dir: Path, stale: Iterable[str], *, files: Iterable[str] | None = None
) -> None:
    """Move every file of `staging` over the site at `site_dir` (replacing what is there) and
    delete its `stale` files (paths relative to the site, with forward slashes); `staging` goes.
    `files`: those of `staging` (`files_in`), when the caller has listed them already.

    For a build that kept the rest of the old site where it is: the site is the new one once
    this returns. Stopped half-way, it is a mix of both, which the next build repairs (the
    caller forgets what the old site held first, so that build makes every file again).
    """
    target = _target(site_dir)
    for path in files_in(staging) if files is None else files:
        source, destination = staging / path, target / path
        try:
            source.replace(destination)
        except (FileNotFoundError, NotADirectoryError):  # a new folder, or a file in its way
            _make_folder(destination.parent, target)
            source.replace(destination)
        except IsADirectoryError:  # a folder of the old site is a file of the new one
            shutil.rmtree(destination)
            source.replace(destination)
    emptied: set[Path] = set()
    for path in stale:
        try:
            (target / path).unlink()
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            continue  # gone already, or the new site has a folder there or a file above it
        emptied.add((target / path).parent)
    _remove_empty_folders(emptied, target)
    shutil.rmtree(staging, ignore_errors=True)


def files_in(folder: Path) -> list[str]:
    """Every file below `folder` (symbolic links included), relative, with forward slashes."""
    found: list[str] = []
    pending = [("", str(folder))]
    while pending:
        prefix, path = pending.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((f"{prefix}{entry.name}/", entry.path))
                else:
                    found.append(prefix + entry.name)
    return found


def _make_folder(folder: Path, root: Path) -> None:
    """`folder` below `root`, made where a file of the old site may stand in its way."""
    for parent in (*reversed(folder.relative_to(root).parents), folder.relative_to(root)):
        if (root / parent).is_file():
            (root / parent).unlink()
    folder.mkdir(parents=True, exist_ok=True)


def _remove_empty_folders(folders: set[Path], root: Path) -> None:
    """Remove the folders (and then their parents, up to `root`) left empty."""
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        while folder != root and root in folder.parents:
            try:
                folder.rmdir()
            except OSError:  # not empty (or already gone with a child's turn)
                break
            folder = folder.parent


def discard(staging: Path) -> None:
    """Remove an unfinished build; the site it was meant to replace is untouched."""
    shutil.rmtree(staging, ignore_errors=True)


def remove_leftovers(target: Path) -> None:
    """Folders of earlier builds of this site that were killed before they could clean up."""
    pattern = re.compile(rf"\.{re.escape(target.name)}(?:{_BUILDING}|{_OLD})(\d+)-")
    try:
        siblings = list(target.parent.iterdir())
    except OSError:
        return
    for sibling in siblings:
        match = pattern.match(sibling.name)
        if match and sibling.is_dir() and not _alive(int(match.group(1))):
            shutil.rmtree(sibling, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's running process
    return True
