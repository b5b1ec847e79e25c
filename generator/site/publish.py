"""Replace the built site only after a successful build.

MkDocs empties `site_dir` before it builds, so a failed build used to leave a broken or empty
site behind. Instead the build goes to a fresh folder next to `site_dir` (same file system),
which takes the place of the old site by two renames once everything is written; a failed build
only removes its own folder. Hidden entries of the old site (`.git`, `.nojekyll`) move into the
new one, as MkDocs' own cleaning keeps them.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

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
