"""Add terms types to a site's `document_types.yml`, keeping what its owner wrote.

New entries go at the end of the `types:` list, indented like the entries above them, under a
comment saying where they came from; comments, order and spacing of the rest are untouched. The
result is read back with the site's own loader before it replaces the file (atomically): an
edit that would not load as exactly the old types plus the new is not made.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from generator.content.atomic import write_replace
from generator.content.doctypes import load_document_types
from generator.contrib.ota.writer import quoted

if TYPE_CHECKING:
    from collections.abc import Sequence

    from generator.content.model import DocumentType


class TypesFileError(Exception):
    """The types could not be added; the message says what to add by hand."""


def add_types(path: Path, new: Sequence[DocumentType], comment: str) -> None:
    """Append `new` to the `types:` list of `path`. Raises TypesFileError."""
    if not new:
        return
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TypesFileError(_by_hand(path, new, f"cannot be read ({exc})")) from None
    before, problems = load_document_types(path)
    if problems:
        raise TypesFileError(_by_hand(path, new, "it has problems of its own: fix them first"))
    indent, at = _list_end(text)
    if indent is None:
        raise TypesFileError(_by_hand(path, new, "its `types:` list is not a block list"))
    lines = [f"{' ' * indent}# {comment}"]
    for doc_type in new:
        lines.append(f"{' ' * indent}- slug: {doc_type.slug}")
        lines.append(f"{' ' * indent}  name: {quoted(doc_type.name)}")
    head = text[:at]
    if head and not head.endswith("\n"):
        head += "\n"
    edited = head + "\n".join(lines) + "\n" + text[at:]
    _verify(path, edited, before.by_slug, new)
    try:
        write_replace(path, edited.encode("utf-8"))
    except OSError as exc:
        raise TypesFileError(_by_hand(path, new, f"cannot be written ({exc.strerror})")) from None


def _list_end(text: str) -> tuple[int | None, int]:
    """The indentation of the `types:` entries and the offset just after the list's last one."""
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(root, yaml.MappingNode):
        return None, 0
    for key, value in root.value:
        if key.value != "types" or not isinstance(value, yaml.SequenceNode):
            continue
        if value.flow_style or not value.value:
            return None, 0
        indent = value.value[0].start_mark.column - 2  # the `- ` before the entry
        last_line = _last_line(value.value[-1])
        offsets = [0]
        for line in text.splitlines(keepends=True):
            offsets.append(offsets[-1] + len(line))
        return max(indent, 0), offsets[min(last_line + 1, len(offsets) - 1)]
    return None, 0


def _last_line(node: yaml.Node) -> int:
    """The line a node's text ends on (a block collection ends where the next token starts,
    so its last child is asked)."""
    if isinstance(node, yaml.MappingNode) and node.value:
        return _last_line(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
        return _last_line(node.value[-1])
    return int(node.end_mark.line)


def _verify(
    path: Path, edited: str, before: dict[str, DocumentType], new: Sequence[DocumentType]
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        trial = Path(scratch) / path.name
        trial.write_text(edited, encoding="utf-8")
        after, problems = load_document_types(trial)
    expected = {**before, **{t.slug: t for t in new}}
    if problems or after.by_slug != expected:
        raise TypesFileError(_by_hand(path, new, "the edit would not read back as intended"))


def _by_hand(path: Path, new: Sequence[DocumentType], why: str) -> str:
    entries = "; ".join(f"`- slug: {t.slug}` with `name: {t.name}`" for t in new)
    return f"cannot add terms types to {path}: {why}. Add them by hand: {entries}"
