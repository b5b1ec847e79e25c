"""One import, whatever the source: plan, add the terms types it needs, write."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.content.load import LoadOptions
from generator.contrib.ota.plan import NO_FILTERS, Filters, fold, make_plan
from generator.contrib.ota.types_file import TypesFileError, add_types
from generator.contrib.ota.writer import write_targets

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from generator.content.doctypes import DocumentTypes
    from generator.contrib.ota.records import Collector, Source, SourceDocument


def import_documents(
    documents: Sequence[SourceDocument],
    source: Source,
    into: Path,
    known: DocumentTypes,
    run: Collector,
    *,
    filters: Filters = NO_FILTERS,
    types_file: Path | None = None,
    skip_unchanged: bool = False,
    max_bytes: int = LoadOptions.max_snapshot_bytes,
    label: str = "Open Terms Archive",
) -> None:
    """Import `documents` into `into`. With a `types_file`, terms types the site does not know
    are added to it first; without, documents of such types are left out (and listed)."""
    plan = make_plan(documents, known, filters, add_types=types_file is not None)
    for wanted in plan.unmatched_types:
        names = sorted({d.type_name for d in documents}, key=fold)
        close = known.suggest(wanted) or next((n for n in names if fold(wanted) in fold(n)), None)
        hint = f" (did you mean {close}?)" if close else ""
        run.problem("--type", f"{wanted!r} is not a known document type{hint}")
    run.unknown_types += [d.where for d in plan.unknown]
    targets = list(plan.targets)
    if plan.types_added and types_file is not None:
        comment = f"Added by `policywatch import-ota` ({label}): terms types the source uses"
        try:
            add_types(types_file, [a.doc_type for a in plan.types_added], comment)
            run.types_added += plan.types_added
        except TypesFileError as exc:
            run.problem(types_file, str(exc))
            refused = {a.doc_type.slug for a in plan.types_added}
            for target in targets:
                if target.doc_type.slug in refused:
                    run.unknown_types += [s.where for s in target.sources]
            targets = [t for t in targets if t.doc_type.slug not in refused]
    run.merged += plan.merged
    run.apart += plan.apart
    write_targets(targets, source, into, run, skip_unchanged=skip_unchanged, max_bytes=max_bytes)
