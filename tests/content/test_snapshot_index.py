"""The snapshot index: a second load of unchanged content does not read the files again, and
gives exactly what reading them gives; an edited file, even one that keeps its size and
modification time, is read again; a damaged index is ignored."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest
from conftest import CONFIG_DIR, long_text, write_snapshot

from generator.content import load as load_module
from generator.content.doctypes import DocumentTypes, load_document_types
from generator.content.load import LoadOptions, load_archive
from generator.content.snapshot import parse_snapshot

if TYPE_CHECKING:
    from pathlib import Path

    from generator.content.model import Archive
    from generator.content.problems import Problem
    from generator.content.snapshot import Snapshot

NOW = datetime(2024, 6, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def types() -> DocumentTypes:
    return load_document_types(CONFIG_DIR / "document_types.yml")[0]


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The snapshot files parsed by loads (the real parser runs; each call is recorded)."""
    seen: list[str] = []

    def parse(raw: bytes, where: str) -> tuple[Snapshot | None, list[Problem]]:
        seen.append(where)
        return parse_snapshot(raw, where)

    monkeypatch.setattr(load_module, "parse_snapshot", parse)
    return seen


def _content(root: Path) -> Path:
    content = root / "content"
    write_snapshot(content, "x", "privacy-policy", "2023-01-01", long_text("a"))
    write_snapshot(
        content,
        "x",
        "privacy-policy",
        "2023-02-01",
        long_text("b"),
        captured=datetime(2023, 2, 1, 9, 30, tzinfo=UTC),
        effective="2023-01-20",
        summary="Adds a section",
        technical=True,
    )
    write_snapshot(content, "y", "terms-of-service", "2023-03-01T10-00-00Z", long_text("c"))
    return content


def _load(content: Path, types: DocumentTypes, index: Path | None) -> Archive:
    options = LoadOptions(now=NOW, provenance=False, index=index)
    return load_archive(content, types, options)


def test_a_second_load_reads_no_file_and_gives_the_same_archive(
    tmp_path: Path, types: DocumentTypes, reads: list[str]
) -> None:
    content, index = _content(tmp_path), tmp_path / "cache" / "snapshots.json"
    first = _load(content, types, index)
    assert len(reads) == 3 and index.is_file()
    reads.clear()
    second = _load(content, types, index)
    assert reads == []
    assert second.versions() and list(second.versions()) == list(first.versions())
    assert second.problems == first.problems
    without_index = _load(content, types, None)
    assert list(without_index.versions()) == list(second.versions())


def test_an_edited_file_is_read_again_even_with_its_old_size_and_time(
    tmp_path: Path, types: DocumentTypes, reads: list[str]
) -> None:
    content, index = _content(tmp_path), tmp_path / "snapshots.json"
    _load(content, types, index)
    path = content / "x" / "privacy-policy" / "2023-01-01.md"
    before = path.stat()
    data = path.read_bytes()
    path.write_bytes(data.replace(b"describe", b"descrybe", 1))  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same modification time
    reads.clear()
    edited = _load(content, types, index)
    assert reads == [str(path)]
    version = next(v for v in edited.versions() if v.stamp == "2023-01-01")
    assert "descrybe" in version.text  # the hash is the new text's: reading it checks out


def test_a_removed_file_leaves_the_index_and_a_new_one_enters_it(
    tmp_path: Path, types: DocumentTypes, reads: list[str]
) -> None:
    content, index = _content(tmp_path), tmp_path / "snapshots.json"
    _load(content, types, index)
    (content / "y" / "terms-of-service" / "2023-03-01T10-00-00Z.md").unlink()
    added = write_snapshot(content, "y", "terms-of-service", "2023-04-01", long_text("d"))
    reads.clear()
    archive = _load(content, types, index)
    assert reads == [str(added)]
    files = json.loads(index.read_text(encoding="utf-8"))["files"]
    assert sorted(files) == sorted(str(v.path) for v in archive.versions())


@pytest.mark.parametrize(
    "damage",
    [
        "not json",
        '{"format": 1, "files": []}',
        '{"format": 99, "files": {}}',
        "WRONG_SHAPE",
    ],
)
def test_a_damaged_index_is_ignored(
    tmp_path: Path, types: DocumentTypes, reads: list[str], damage: str
) -> None:
    content, index = _content(tmp_path), tmp_path / "snapshots.json"
    clean = _load(content, types, index)
    if damage == "WRONG_SHAPE":  # entries whose values are not what a load writes
        data = json.loads(index.read_text(encoding="utf-8"))
        for entry in data["files"].values():
            entry[1] = {"source": {"datetime": 5}}
            entry[4] = "large"
        damage = json.dumps(data)
    index.write_text(damage, encoding="utf-8")
    reads.clear()
    again = _load(content, types, index)
    assert len(reads) == 3
    assert list(again.versions()) == list(clean.versions())


def test_a_file_with_problems_is_not_indexed(
    tmp_path: Path, types: DocumentTypes, reads: list[str]
) -> None:
    content, index = _content(tmp_path), tmp_path / "snapshots.json"
    broken = write_snapshot(content, "x", "privacy-policy", "2023-05-01", "")  # no text
    first = _load(content, types, index)
    assert any(p.path == str(broken) for p in first.problems)
    reads.clear()
    second = _load(content, types, index)
    assert reads == [str(broken)]
    assert second.problems == first.problems
