"""Read an Open Terms Archive dataset folder: `<Service>/<Terms Type>/<stamp>.md`."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from generator.content.model import format_stamp, parse_stamp
from generator.content.problems import Severity
from generator.contrib.ota.writer import (
    NO_FILTERS,
    Collector,
    Filters,
    ImportReport,
    Recorded,
    place,
    write_document,
)

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import datetime
    from pathlib import Path

    from generator.content.doctypes import DocumentTypes

# `<stamp>.md`, or `<stamp>_<n>.md` for the n-th version recorded in the same second.
VERSION_FILE_RE = re.compile(r"(\d{4}-\d{2}-\d{2}(?:T\d{2}-\d{2}-\d{2}Z)?)(?:_([1-9]\d{0,5}))?\.md")
EXPECTED_LAYOUT = "<Service>/<Terms Type>/<YYYY-MM-DDTHH-MM-SSZ>.md"


def import_dataset(
    dataset_dir: Path,
    into: Path,
    document_types: DocumentTypes,
    *,
    skip_unchanged: bool = False,
    filters: Filters = NO_FILTERS,
) -> ImportReport:
    """Write every version of every document of `dataset_dir` that `into` does not have yet."""
    run = Collector()
    try:
        for service_dir in _subfolders(dataset_dir):
            for type_dir in _subfolders(service_dir):
                if not any(_version_names(type_dir)):
                    continue  # not a document folder
                doc_type = document_types.lookup(type_dir.name)
                if doc_type is None:
                    run.unknown_types.append(type_dir)
                    continue
                if not filters.wants(service_dir.name, doc_type):
                    continue
                slug = run.claim_slug(service_dir.name, service_dir)
                if slug is None:
                    continue
                versions, renamed = _dataset_versions(type_dir, run)
                write_document(
                    type_dir,
                    service_dir.name,
                    slug,
                    doc_type,
                    versions,
                    into,
                    run,
                    skip_unchanged=skip_unchanged,
                    renamed=renamed,
                )
    except OSError as exc:
        run.problem(dataset_dir, f"cannot read the dataset: {exc.strerror or exc}")
    if not run.documents and not run.problems:
        known = "of a known terms type " if run.unknown_types else ""
        wanted = "matching --service/--type " if filters.services or filters.types else ""
        run.problem(dataset_dir, f"no documents {known}{wanted}found: expected {EXPECTED_LAYOUT}")
    return run.report()


def _subfolders(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if not p.name.startswith(".") and p.is_dir())


def _version_names(type_dir: Path) -> Iterator[str]:
    return (p.name for p in type_dir.iterdir() if VERSION_FILE_RE.fullmatch(p.name))


def _dataset_versions(
    type_dir: Path, run: Collector
) -> tuple[list[Recorded], list[tuple[str, str]]]:
    """The document's versions in stamp order, same-second ones moved to a free second."""
    kinds = _kinds(type_dir, run)
    found: list[tuple[datetime, int, str, Path]] = []
    for name in sorted(_version_names(type_dir)):
        match = VERSION_FILE_RE.fullmatch(name)
        assert match is not None  # _version_names only yields matching names
        try:
            moment = parse_stamp(match[1])
        except ValueError as exc:
            run.problem(type_dir / name, f"{exc}; skipped", Severity.WARNING)
            continue
        # `<stamp>.md` keeps its second; `_2`, `_3` … (rank 1, 2 …) take the next free one.
        found.append((moment, int(match[2] or 1) - 1, match[1], type_dir / name))
    moments = place([(moment, rank) for moment, rank, _, _ in found])
    placed: list[tuple[datetime, Recorded]] = []
    renamed: list[tuple[str, str]] = []
    for (moment, _, stamp, file), stamp_moment in zip(found, moments, strict=True):
        if stamp_moment != moment:
            stamp = format_stamp(stamp_moment)
            renamed.append((file.name, stamp))
        recorded = f"{type_dir.parent.name}/{type_dir.name}/{file.name}"
        technical = kinds.get(file.name) == "technical_upgrade"
        version = Recorded(stamp, file.read_bytes, str(file), recorded, technical)
        placed.append((stamp_moment, version))
    placed.sort(key=lambda p: p[0])
    return [version for _, version in placed], renamed


def _kinds(type_dir: Path, run: Collector) -> dict[str, str]:
    """File name -> `kind` from an optional versions.json; real OTA datasets have none."""
    path = type_dir / "versions.json"
    try:
        raw = json.loads(path.read_bytes())
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        run.problem(path, f"ignored, not readable JSON: {exc}", Severity.WARNING)
        return {}
    entries = raw.get("versions") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        run.problem(path, "ignored: no `versions` list", Severity.WARNING)
        return {}
    return {
        e["file"]: e["kind"]
        for e in entries
        if isinstance(e, dict) and isinstance(e.get("file"), str) and isinstance(e.get("kind"), str)
    }
