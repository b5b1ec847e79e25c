"""What reading each snapshot file gave, kept between builds of the same content.

Loading a whole Open Terms Archive collection reads, parses and hashes some 40,000 files; a
warm build, or the build after one new snapshot, finds all but one as they were. The index
records, for each file that loaded cleanly, its checked front matter (with the line of each
field), the hash and size of its text, under the file's identity (size, modification and
change times, inode). A file whose identity is unchanged is not read again; any other is read
and checked as usual. The change time cannot be set back by hand or by a checkout, so a file
rewritten with the same size and modification time is still read again.

The index lives in the cache folder and is checked like the rest of it: an entry of the wrong
shape is ignored (the file is read). Texts are still verified against the recorded hash
whenever they are read (`Version.text`), so an index can never put other words on a page.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from generator.content.atomic import write_replace

if TYPE_CHECKING:
    from pathlib import Path

FORMAT = 1
INDEX_FILE = "snapshots.json"


def index_in(cache_root: Path | None) -> Path | None:
    """Where a build with this cache folder keeps its index (no cache folder: no index)."""
    return cache_root / INDEX_FILE if cache_root is not None else None


@dataclass(frozen=True)
class Indexed:
    """One clean snapshot file as it was read: its fields (checked), their lines, its text's
    SHA-256 and size in bytes."""

    fields: dict[str, object]
    lines: dict[str, int]
    sha256: str
    size: int


Identity = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode


def identity(info: os.stat_result) -> Identity:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


class SnapshotIndex:
    """The index of one content folder, read from and saved to one file (None: no index)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.hits = 0
        self._old: dict[str, object] = self._read() if path is not None else {}
        self._new: dict[str, list[object]] = {}

    def _read(self) -> dict[str, object]:
        assert self.path is not None
        try:
            data = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return {}
        entries = data.get("files")
        return entries if isinstance(entries, dict) else {}

    def get(self, path: Path, info: os.stat_result) -> Indexed | None:
        """What the file gave when it was last read, if it is still the same file."""
        entry = self._old.get(str(path))
        if not isinstance(entry, list) or len(entry) != 5 or entry[0] != list(identity(info)):
            return None
        found = _decode(entry)
        if found is not None:
            self._new[str(path)] = entry
            self.hits += 1
        return found

    def put(self, path: Path, info: os.stat_result, indexed: Indexed) -> None:
        """Record a file that has just been read and loaded cleanly."""
        fields = {name: _encode_value(value) for name, value in indexed.fields.items()}
        entry = [list(identity(info)), fields, indexed.lines, indexed.sha256, indexed.size]
        self._new[str(path)] = entry

    def save(self) -> None:
        """Keep what this load found (files no longer there drop out); no error if it cannot."""
        if self.path is None or self._new == self._old:
            return
        data = json.dumps({"format": FORMAT, "files": self._new}, separators=(",", ":"))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_replace(self.path, data.encode(), durable=False)
        except OSError:
            pass  # no index: the next build reads every file, and is right


def _encode_value(value: object) -> object:
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    return value


def _decode_value(value: object) -> object:
    if isinstance(value, dict) and len(value) == 1:
        (kind, text), *_ = value.items()
        if kind == "datetime" and isinstance(text, str):
            return datetime.fromisoformat(text)
        if kind == "date" and isinstance(text, str):
            return date.fromisoformat(text)
        raise ValueError(kind)
    if isinstance(value, str | bool):
        return value
    raise ValueError(value)


def _decode(entry: list[object]) -> Indexed | None:
    _, fields, lines, sha256, size = entry
    if not (isinstance(fields, dict) and isinstance(lines, dict) and isinstance(sha256, str)):
        return None
    if not isinstance(size, int) or not all(isinstance(n, int) for n in lines.values()):
        return None
    try:
        decoded = {str(name): _decode_value(value) for name, value in fields.items()}
    except ValueError:
        return None
    if not isinstance(decoded.get("source"), str):
        return None
    return Indexed(decoded, {str(k): v for k, v in lines.items()}, sha256, size)
