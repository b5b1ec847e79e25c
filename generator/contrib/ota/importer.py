"""`policywatch import-ota`: import Open Terms Archive histories into content/.

Two sources are understood: a versions git repository (`<Service>/<Terms Type>.md`, one commit
per version, bare or not; `repository.py`) and a dataset folder (`<Service>/<Terms Type>/
<stamp>.md`; `dataset.py`). Both are planned by `plan.py` (terms types, services sharing a
slug) and written by `writer.py`, which never overwrites.
"""

from __future__ import annotations

import sys
from functools import partial
from typing import TYPE_CHECKING

from generator.content.doctypes import load_document_types
from generator.content.load import LoadOptions
from generator.content.problems import Severity
from generator.contrib.ota.dataset import EXPECTED_LAYOUT, import_dataset
from generator.contrib.ota.plan import Filters
from generator.contrib.ota.records import ImportReport, platform_slug
from generator.contrib.ota.repository import import_repo, is_repository

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
    add_types: bool = True,
    ref: str | None = None,
    max_bytes: int = LoadOptions.max_snapshot_bytes,
    out: TextIO | None = None,
) -> int:
    """The `import-ota` command: import, print what was done; 0 on success, 1 on failure."""
    stdout = out or sys.stdout
    stderr = out or sys.stderr
    types_path = config_dir / "document_types.yml"
    document_types, type_problems = load_document_types(types_path)
    for problem in type_problems:
        print(str(problem), file=stderr)
    if type_problems or not document_types.by_slug:
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
    filters = Filters(tuple(services), tuple(types))
    types_file = types_path if add_types else None
    # A versions repository (bare, mirrored or cloned) or a dataset folder: the same options.
    run = partial(import_repo, ref=ref) if is_repository(source) else import_dataset
    report = run(
        source,
        into,
        document_types,
        skip_unchanged=skip_unchanged,
        filters=filters,
        types_file=types_file,
        max_bytes=max_bytes,
    )
    if report.described:
        print(f"{source}: {report.described}", file=stdout)
    print_report(report, types_path, stdout, stderr)
    return 1 if report.errors or not report.documents else 0


def print_report(report: ImportReport, types_path: Path, stdout: TextIO, stderr: TextIO) -> None:
    """A line per document, a line per decision taken for the collection, then the totals."""
    for doc in report.documents:
        empty = f", {len(doc.empty)} empty kept as withdrawn" if doc.empty else ""
        print(
            f"{doc.target}: {len(doc.written)} written, "
            f"{len(doc.skipped_existing)} already present, "
            f"{len(doc.skipped_unchanged)} unchanged skipped, "
            f"{len(doc.renamed)} same-second restamped{empty}",
            file=stdout,
        )
        for name, stamp in doc.renamed:
            print(f"  {name}: same second as another version; imported as {stamp}", file=stdout)
    for added in report.types_added:
        t = added.doc_type
        print(
            f"{types_path}: added terms type {t.slug!r} ({t.name}) for {added.documents} "
            f"document{'s' if added.documents != 1 else ''}: {added.why}",
            file=stdout,
        )
    for merge in report.merged:
        print(f"{merge.target}: merged {' + '.join(map(repr, merge.names))}", file=stdout)
    for apart in report.apart:
        print(
            f"{apart.slug}: {apart.service!r} has the slug of {apart.other!r} but a history "
            f"of its own; imported as {apart.slug}",
            file=stdout,
        )
    for unknown in report.unknown_types:
        print(
            f"{unknown}: terms type not in document_types.yml, skipped (without "
            "--no-add-types it is added)",
            file=stdout,
        )
    for problem in report.problems:
        prefix = "" if problem.severity is Severity.ERROR else "warning: "
        print(f"{problem.path}: {prefix}{problem.message}", file=stderr)
    print(totals(report), file=stdout)


def totals(report: ImportReport) -> str:
    reasons = report.skipped_reasons
    skipped = f"{len(report.skipped)} skipped"
    if reasons:
        skipped += " (" + ", ".join(f"{n} {why}" for why, n in sorted(reasons.items())) + ")"
    merged = ", ".join(m.target for m in report.merged) or "none"
    apart = ", ".join(a.slug for a in report.apart) or "none"
    added = len(report.types_added)
    return (
        f"total: {len(report.written)} written, {len(report.skipped_existing)} already present, "
        f"{len(report.skipped_unchanged)} unchanged skipped, "
        f"{len(report.renamed)} same-second restamped, "
        f"{len(report.empty)} empty texts kept as withdrawn, {skipped}, "
        f"{len(report.unknown_types)} of an unknown type; "
        f"{len(report.documents)} documents, {len(report.platforms_created)} platforms created, "
        f"{added} terms type{'s' if added != 1 else ''} added; "
        f"merged: {merged}; told apart: {apart}"
    )
