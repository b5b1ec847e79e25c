"""Create files atomically and never replace one that exists: content is never overwritten."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

# errno values from link(2) meaning "this filesystem has no hard links", not a real failure.
_NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS}
_FILE_MODE = 0o644


def write_new(path: Path, data: bytes) -> bool:
    """Create `path` holding `data`; False, and nothing written, when `path` already exists.

    The bytes go to a temporary file in the same folder, are flushed to disk, and the
    temporary file is then hard-linked to `path`: link(2) fails when the name exists, so an
    existing file is never replaced, and a reader (or a crash) never sees a half-written file.
    The temporary file is removed whatever happens. Other errors (permission denied, disk
    full, missing folder) raise OSError and leave nothing behind.
    """
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        try:
            os.fchmod(fd, _FILE_MODE)  # mkstemp makes 0600; content must be readable by all
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(tmp_name, path)
        except FileExistsError:
            return False
        except OSError as exc:
            if exc.errno not in _NO_HARD_LINKS:
                raise
            return _write_exclusive(path, data)
    finally:
        _remove_quietly(tmp_name)
    _sync_folder(path.parent)
    return True


def write_replace(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write `path` whole or not at all, replacing it if it exists (never for content/).

    For files the program owns (caches, build output): a reader sees the old bytes or the new,
    never a mix. `durable=False` skips the fsync, for data that can be recomputed.
    """
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        try:
            os.fchmod(fd, _FILE_MODE)
            _write_all(fd, data)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        Path(tmp_name).replace(path)
    finally:
        _remove_quietly(tmp_name)


def _write_exclusive(path: Path, data: bytes) -> bool:
    """Fallback without hard links: O_EXCL create; a failed write removes the partial file."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _FILE_MODE)
    except FileExistsError:
        return False
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        _remove_quietly(path)
        raise
    _sync_folder(path.parent)
    return True


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _sync_folder(folder: Path) -> None:
    """Persist the new directory entry; best effort (not every platform can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove_quietly(name: str | Path) -> None:
    Path(name).unlink(missing_ok=True)
