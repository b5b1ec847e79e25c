"""Files in the wrong place under `content/`, each told as one problem naming the move that fixes
it: a snapshot one folder too high or too deep, a document saved as a file, a misspelt
platform.yml, a document-type folder without its platform.

A snapshot the loader does not look at would be lost without a word, so anything that looks
like one (a stamp for a name, or snapshot front matter) is an error; other stray files (a
README, notes) are warnings.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from generator.content.frontmatter import shown
from generator.content.model import STAMP_RE
from generator.content.problems import Problem, Severity

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from generator.content.doctypes import DocumentTypes

    Scan = Callable[[Path], tuple[list[tuple[Path, bool]], list[Problem]]]

PLATFORM_FILE = "platform.yml"
_TEXT_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".text", ".html", ".htm"})
_HTML_SUFFIXES = frozenset({".html", ".htm"})
_HEAD_BYTES = 4096  # front matter starts on the first line and `source` is near the top
_SOURCE_LINE = re.compile(r"^source[ \t]*:", re.MULTILINE)
_MAX_DEPTH = 8  # sub-folders of a document looked into for lost snapshots


def _stamp(path: Path) -> str | None:
    """The stamp a file name starts with (`2023-09-29` of `2023-09-29.md.txt`), if any."""
    stem = path.name.split(".", 1)[0]
    return stem if STAMP_RE.fullmatch(stem) else None


def _has_snapshot_front_matter(path: Path) -> bool:
    if path.suffix.lower() not in _TEXT_SUFFIXES:
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD_BYTES).decode("utf-8", "replace").removeprefix("\ufeff")
    except OSError:
        return False
    return head.startswith("---") and _SOURCE_LINE.search(head) is not None


def looks_like_snapshot(path: Path) -> bool:
    """A stamp for a name, or front matter with a `source`: a snapshot, wherever it is."""
    return _stamp(path) is not None or _has_snapshot_front_matter(path)


def _file_name(path: Path) -> str:
    """The name the snapshot should have: its stamp with `.md`, or the pattern."""
    stamp = _stamp(path)
    return f"{stamp}.md" if stamp else "<stamp>.md (e.g. 2023-09-29.md)"


def _misspelt_platform_file(name: str) -> bool:
    """`platform.yaml`, `Platform.yml`, `platform.yml.txt`, `platforms.yml`…"""
    return name != PLATFORM_FILE and name.casefold().split(".", 1)[0] in ("platform", "platforms")


# --- content/ --------------------------------------------------------------------------------


def document_type_as_platform(folder: Path, types: DocumentTypes) -> Problem | None:
    """A document-type folder straight under content/ (the platform folder left out)."""
    doc_type = types.lookup(folder.name)
    if doc_type is None or (folder / PLATFORM_FILE).exists():
        return None
    message = (
        f"`{shown(folder.name)}` is a document type, not a platform: move the folder into its "
        f"platform's folder, as {folder.parent}/<platform>/{doc_type.slug}/"
    )
    return Problem(str(folder), 0, message)


def root_file(path: Path) -> Problem:
    """A file straight under content/, which holds only platform folders."""
    if path.name == PLATFORM_FILE or _misspelt_platform_file(path.name):
        message = (
            f"a platform file belongs in its platform's folder: move it to "
            f"{path.parent}/<platform>/{PLATFORM_FILE}"
        )
        return Problem(str(path), 0, message)
    if looks_like_snapshot(path):
        message = (
            "snapshot outside a document folder, not loaded: move it to "
            f"{path.parent}/<platform>/<document-type>/{_file_name(path)}"
        )
        return Problem(str(path), 0, message)
    message = "stray file: content/ holds only platform folders; move or remove it"
    return Problem(str(path), 0, message, Severity.WARNING)


# --- content/<platform>/ ---------------------------------------------------------------------


def is_misspelt_platform_file(path: Path) -> bool:
    return _misspelt_platform_file(path.name)


def platform_entry(path: Path, types: DocumentTypes, *, has_platform_file: bool) -> Problem:
    """A file in a platform folder other than platform.yml (which holds its document folders)."""
    folder = path.parent
    if _misspelt_platform_file(path.name):
        if has_platform_file:
            message = f"a second platform file, not read: {PLATFORM_FILE} is; remove this one"
            return Problem(str(path), 0, message, Severity.WARNING)
        message = f"the platform file must be named {PLATFORM_FILE}: rename it to {PLATFORM_FILE}"
        return Problem(str(path), 0, message)
    stem = path.name.split(".", 1)[0]
    doc_type = types.lookup(stem) if _stamp(path) is None else None
    if doc_type is not None and path.suffix.lower() in _TEXT_SUFFIXES:
        message = (
            "a document is a folder of dated snapshots, not a file: save this text as "
            f"{folder / doc_type.slug}/<stamp>.md (e.g. 2023-09-29.md) with its front matter"
        )
        return Problem(str(path), 0, message)
    if looks_like_snapshot(path):
        message = (
            "snapshot directly in the platform folder, not loaded: move it into its document "
            f"type's folder, e.g. {folder}/privacy-policy/{_file_name(path)}"
        )
        return Problem(str(path), 0, message)
    message = f"stray file: a platform folder holds {PLATFORM_FILE} and document folders; remove it"
    return Problem(str(path), 0, message, Severity.WARNING)


# --- content/<platform>/<document>/ ----------------------------------------------------------


def document_file(path: Path) -> Problem:
    """A file in a document folder that is not a `<stamp>.md` snapshot."""
    document = path.parent
    platform = document.parent
    stamp = _stamp(path)
    if path.name == PLATFORM_FILE or _misspelt_platform_file(path.name):
        message = (
            f"the platform file belongs one folder up: move it to {platform / PLATFORM_FILE} "
            "(merge its fields into that file if there is one)"
        )
        return Problem(str(path), 0, message)
    if stamp is not None and path.suffix.lower() in _HTML_SUFFIXES:
        message = (
            f"a saved web page is not a snapshot: convert it with `policywatch add "
            f"{shown(platform.name)} {shown(document.name)} {shown(str(path), 500)} --source <URL> "
            f"--stamp {stamp}`, which writes {stamp}.md, then remove this file"
        )
        return Problem(str(path), 0, message)
    if stamp is not None:
        message = f"snapshot files end in `.md`: rename `{shown(path.name)}` to `{stamp}.md`"
        return Problem(str(path), 0, message)
    if _has_snapshot_front_matter(path):
        message = (
            f"snapshot files are named by their stamp: rename `{shown(path.name)}` to "
            "<stamp>.md (e.g. 2023-09-29.md or 2023-09-29T14-30-00Z.md)"
        )
        return Problem(str(path), 0, message)
    message = "stray file: a document folder holds only <stamp>.md snapshots; remove it"
    return Problem(str(path), 0, message, Severity.WARNING)


def document_subfolder(folder: Path, types: DocumentTypes, scan: Scan) -> list[Problem]:
    """A folder inside a document folder: one error per snapshot in it (they are not loaded),
    or one for a whole document folder put inside another, or one warning when it holds none."""
    document = folder.parent
    doc_type = types.lookup(folder.name)
    if doc_type is not None:
        message = (
            "a document folder inside another, not loaded: move it up to "
            f"{document.parent / doc_type.slug}"
        )
        return [Problem(str(folder), 0, message)]
    below = _files_below(folder, scan)
    problems = [_lost_snapshot(path, document) for path in below if looks_like_snapshot(path)]
    if problems:
        return problems
    message = "stray folder: a document folder holds only <stamp>.md snapshots; remove it"
    return [Problem(str(folder), 0, message, Severity.WARNING)]


def _files_below(folder: Path, scan: Scan, depth: int = 0) -> list[Path]:
    if depth >= _MAX_DEPTH:
        return []
    entries, _problems = scan(folder)  # unsafe names and links are left alone down here
    files: list[Path] = []
    for path, is_dir in entries:
        files += _files_below(path, scan, depth + 1) if is_dir else [path]
    return files


def _lost_snapshot(path: Path, document: Path) -> Problem:
    # `old/2023-09-29.md`, or `2023-09-29/index.md`: the stamp is in the file's or a folder's name
    folders = path.relative_to(document).parent.parts
    stamp = _stamp(path) or next((f for f in reversed(folders) if STAMP_RE.fullmatch(f)), None)
    target = document / (f"{stamp}.md" if stamp else _file_name(path))
    taken = " (a snapshot with that name is there already: keep one of the two)"
    message = (
        f"snapshot in a sub-folder of the document, not loaded: move it to {target}"
        f"{taken if target.exists() else ''}"
    )
    return Problem(str(path), 0, message)
