"""`policywatch check`: validate the content folder and report every problem."""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING

from generator.content.doctypes import load_document_types
from generator.content.load import LoadOptions, load_archive
from generator.content.model import Archive
from generator.content.problems import Problem, Severity, grouped

if TYPE_CHECKING:
    from pathlib import Path
    from typing import TextIO

# Terminal controls, and lone surrogates from file names that are not UTF-8 (unprintable).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def run_check(
    content_dir: Path,
    config_dir: Path,
    *,
    fmt: str = "text",
    out: TextIO | None = None,
    max_snapshot_bytes: int = LoadOptions.max_snapshot_bytes,
    all_warnings: bool = False,
) -> int:
    """Print every problem, then a summary line; 1 when there is any error, else 0.

    Warnings repeated across a document are told in one line each (see `grouped`), unless
    `all_warnings`; errors are always told one by one.
    """
    out = out or sys.stdout
    if not content_dir.is_dir():
        problem = Problem(
            str(content_dir),
            0,
            "content folder not found: run from the repository root or pass the folder, "
            "e.g. `policywatch check content`",
        )
        _emit([problem], fmt, out)
        return 1
    types, problems = load_document_types(config_dir / "document_types.yml")
    archive = Archive(content_dir)
    if types.by_slug:  # without types every document folder would be reported as unknown
        options = LoadOptions(max_snapshot_bytes=max_snapshot_bytes, provenance=False)
        archive = load_archive(content_dir, types, options)
    problems += archive.problems
    shown = problems if all_warnings else grouped(problems)
    _emit(shown, fmt, out)
    print(_summary(content_dir, archive, problems, len(shown)), file=out)
    return 1 if any(p.severity is Severity.ERROR for p in problems) else 0


def _emit(problems: list[Problem], fmt: str, out: TextIO) -> None:
    for problem in problems:
        print(_printable(_github(problem) if fmt == "github" else str(problem)), file=out)


def _summary(content_dir: Path, archive: Archive, problems: list[Problem], lines: int) -> str:
    documents = sum(1 for _ in archive.documents())
    versions = sum(1 for _ in archive.versions())
    counts = (
        f"{_count(len(archive.platforms), 'platform')}, {_count(documents, 'document')}, "
        f"{_count(versions, 'version')}"
    )
    if not problems:
        return f"{_printable(str(content_dir))}: {counts} — no problems"
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    found = f"{_count(errors, 'error')}, {_count(len(problems) - errors, 'warning')}"
    if lines < len(problems):
        found += (
            f" (in {_count(lines, 'line')}: repeated warnings grouped by document; "
            "--all-warnings lists each)"
        )
    return f"{_printable(str(content_dir))}: {counts} loaded cleanly — {found}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _printable(text: str) -> str:
    """One terminal line: a hostile file name must not move the cursor or fake another line."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text.replace("\n", "\\n"))


def _github(problem: Problem) -> str:
    """A GitHub Actions workflow command that annotates the file in a pull request."""
    command = "error" if problem.severity is Severity.ERROR else "warning"
    properties = f"file={_escape_property(problem.path)}"
    if problem.line > 0:
        properties += f",line={problem.line}"
    return f"::{command} {properties}::{_escape_data(problem.message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
