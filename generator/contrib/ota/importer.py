"""`policywatch import-ota`: import Open Terms Archive histories into content/.

Two sources are understood: a versions git repository (`<Service>/<Terms Type>.md`, one commit
per version; `repository.py`) and a dataset folder (`<Service>/<Terms Type>/<stamp>.md`;
`dataset.py`). Both write through `writer.py`, which never overwrites.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from generator.content.doctypes import load_document_types
from generator.content.problems import Severity
from generator.contrib.ota.dataset import EXPECTED_LAYOUT, import_dataset
from generator.contrib.ota.repository import import_repo, is_repository
from generator.contrib.ota.writer import Filters, ImportReport, platform_slug, resolve_types

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path
    from typing import TextIO

__all__ = ["ImportReport", "import_dataset", "import_repo", "platform_slug", "run_import"]


def run_import(
    source: Path,
    into: Path,
    config_dir: Path,
    *,
    skip_unchanged: bool = False,
    services: Sequence[str] = (),
    types: Sequence[str] = (),
    out: TextIO | None = None,
) -> int:
    """The `import-ota` command: import, print what was done; 0 on success, 1 on failure."""
    stdout = out or sys.stdout
    stderr = out or sys.stderr
    document_types, type_problems = load_document_types(config_dir / "document_types.yml")
    for problem in type_problems:
        print(f"{problem.path}: {problem.message}", file=stderr)
    if not document_types.by_slug:
        return 1
    try:
        filters = Filters(tuple(services), resolve_types(types, document_types))
    except ValueError as exc:
        print(str(exc), file=stderr)
        return 1
    if not source.is_dir():
        print(
            f"{source}: not a folder; expected a versions repository or {EXPECTED_LAYOUT} "
            "inside it",
            file=stderr,
        )
        return 1
    if into.exists() and not into.is_dir():
        print(f"{into}: not a folder; pass the content folder with --into", file=stderr)
        return 1
    if is_repository(source):
        print(f"{source}: versions repository (one commit per version)", file=stdout)
        report = import_repo(
            source, into, document_types, skip_unchanged=skip_unchanged, filters=filters
        )
    else:
        print(f"{source}: dataset folder", file=stdout)
        report = import_dataset(
            source, into, document_types, skip_unchanged=skip_unchanged, filters=filters
        )
    _print_report(report, stdout, stderr)
    return 1 if report.errors or not report.documents else 0


def _print_report(report: ImportReport, stdout: TextIO, stderr: TextIO) -> None:
    for doc in report.documents:
        print(
            f"{doc.target}: {len(doc.written)} written, "
            f"{len(doc.skipped_existing)} already present, "
            f"{len(doc.skipped_unchanged)} unchanged skipped, "
            f"{len(doc.renamed)} same-second restamped",
            file=stdout,
        )
        for name, stamp in doc.renamed:
            print(f"  {name}: same second as another version; imported as {stamp}", file=stdout)
    for unknown in report.unknown_types:
        print(
            f"{unknown}: unknown terms type {unknown.stem!r}, skipped; "
            "add it or an alias to document_types.yml to import it",
            file=stdout,
        )
    for problem in report.problems:
        prefix = "" if problem.severity is Severity.ERROR else "warning: "
        print(f"{problem.path}: {prefix}{problem.message}", file=stderr)
    created = ", ".join(report.platforms_created) or "none"
    print(
        f"total: {len(report.written)} written, {len(report.skipped_existing)} already present, "
        f"{len(report.skipped_unchanged)} unchanged skipped, "
        f"{len(report.renamed)} same-second restamped, "
        f"{len(report.documents)} documents, {len(report.unknown_types)} unknown types; "
        f"platforms created: {created}",
        file=stdout,
    )
