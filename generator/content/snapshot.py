"""One snapshot file's bytes read: its checked front matter, the line of each field, and its
text normalised, with every problem found (nothing raises)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.content import frontmatter as fm
from generator.content import rules
from generator.content.problems import Problem

if TYPE_CHECKING:
    from pathlib import Path


@dataclass(frozen=True)
class Snapshot:
    fields: dict[str, object]
    lines: dict[str, int]
    text: str


def parse_snapshot_text(
    raw: bytes, path: Path
) -> tuple[dict[str, object] | None, str, list[Problem]]:
    """Checked front-matter values, normalised body and problems of one snapshot file's bytes.

    The front matter is None when it cannot be read at all; fields with bad values are left
    out of it (and reported).
    """
    snapshot, problems = parse_snapshot(raw, str(path))
    if snapshot is None:
        return None, "", problems
    return snapshot.fields, snapshot.text, problems


def parse_snapshot(raw: bytes, where: str) -> tuple[Snapshot | None, list[Problem]]:
    text, problems = fm.decode_text(raw, where)
    if text is None:
        return None, problems
    if not text.strip():
        message = (
            "the file is empty: write `---`, a line `source: https://…`, `---`, "
            "then the policy text"
        )
        return None, [Problem(where, 0, message)]
    split, problems = fm.split_front_matter(text, where)
    if split is None:
        return None, problems
    entries, problems = fm.parse_mapping(split.yaml_text, where, 2, "front matter")
    if entries is None:
        return None, problems
    fields, lines, field_problems = rules.read_fields(entries, rules.SNAPSHOT_FIELDS, where, 1)
    problems += field_problems
    body = fm.normalise_body(split.body)
    if not rules.has_text(body) and "withdrawn" not in fields:
        # A withdrawn snapshot may keep no text: a failed capture kept on record.
        message = (
            "no policy text after the front matter: paste the text below the closing `---` "
            "(a failed capture with no text is kept as `withdrawn: <reason>`)"
        )
        problems.append(Problem(where, split.body_line, message))
    return Snapshot(fields, lines, body), problems
