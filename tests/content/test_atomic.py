from __future__ import annotations

import errno
import os
import stat
from typing import TYPE_CHECKING

import pytest

from generator.content.atomic import write_new

if TYPE_CHECKING:
    from pathlib import Path


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _fail(err: int) -> object:
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(err, os.strerror(err))

    return fail


def test_creates_the_file_readable_by_all(tmp_path: Path) -> None:
    target = tmp_path / "2024-01-01.md"

    assert write_new(target, b"---\nsource: unknown\n---\nText\n") is True

    assert target.read_bytes() == b"---\nsource: unknown\n---\nText\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert _names(tmp_path) == ["2024-01-01.md"]


def test_never_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "2024-01-01.md"
    target.write_bytes(b"hand-written\n")

    assert write_new(target, b"imported\n") is False

    assert target.read_bytes() == b"hand-written\n"
    assert _names(tmp_path) == ["2024-01-01.md"]


def test_a_large_file_is_written_whole(tmp_path: Path) -> None:
    data = os.urandom(3_000_000)
    target = tmp_path / "big.md"

    assert write_new(target, data)

    assert target.read_bytes() == data


@pytest.mark.parametrize("call", ["fsync", "link", "write"])
def test_a_failure_mid_write_leaves_no_file_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, call: str
) -> None:
    monkeypatch.setattr(os, call, _fail(errno.EIO))

    with pytest.raises(OSError):
        write_new(tmp_path / "2024-01-01.md", b"text\n")

    monkeypatch.undo()
    assert _names(tmp_path) == []  # neither a partial final file nor a leftover temp file


def test_without_hard_links_it_still_creates_and_never_replaces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "link", _fail(errno.EPERM))  # link(2) on e.g. FAT or some FUSE
    target = tmp_path / "a.md"

    assert write_new(target, b"first\n") is True
    assert write_new(target, b"second\n") is False

    assert target.read_bytes() == b"first\n"
    assert _names(tmp_path) == ["a.md"]


def test_without_hard_links_a_failed_write_removes_the_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "link", _fail(errno.EPERM))
    real_write = os.write
    calls = []

    def write_then_fail(fd: int, data: bytes) -> int:
        calls.append(fd)
        if len(calls) > 1:  # the temp file is written; the fallback's own write fails
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write_then_fail)

    with pytest.raises(OSError):
        write_new(tmp_path / "a.md", b"text\n")

    monkeypatch.undo()
    assert _names(tmp_path) == []


def test_a_missing_folder_is_an_error_not_a_creation(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_new(tmp_path / "missing" / "a.md", b"text\n")

    assert _names(tmp_path) == []
