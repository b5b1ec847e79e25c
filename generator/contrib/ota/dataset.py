"""Read an Open Terms Archive dataset folder: `<Service>/<Terms Type>/<stamp>.md`."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from generator.content.load import LoadOptions
from generator.content.model import parse_stamp
from generator.content.problems import Severity
from generator.contrib.ota.apply import import_documents
from generator.contrib.ota.plan import NO_FILTERS, Filters
from generator.contrib.ota.records import (
    Collector,
    ImportReport,
    Recorded,
    SourceDocument,
)

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from generator.content.doctypes import DocumentTypes

# `<stamp>.md`, or `<stamp>_<n>.md` for the n-th version recorded in the same second.
VERSION_FILE_RE = re.compile(r"(\d{4}-\d{2}-\d{2}(?:T\d{2}-\d{2}-\d{2}Z)?)(?:_([1-9]\d{0,5}))?\.md")
EXPECTED_LAYOUT = "<Service>/<Terms Type>/<YYYY-MM-DDTHH-MM-SSZ>.md"


class DatasetFiles:
    """Reads a dataset's version files."""

    def read(self, refs: Sequence[str]) -> Iterator[bytes | OSError]:
        for ref in refs:
            try:
                yield Path(ref).read_bytes()
            except OSError as exc:
                yield exc


def import_dataset(
    dataset_dir: Path,
    into: Path,
    document_types: DocumentTypes,
    *,
    skip_unchanged: bool = False,
    filters: Filters = NO_FILTERS,
    types_file: Path | None = None,
    max_bytes: int = LoadOptions.max_snapshot_bytes,
) -> ImportReport:
    """Write every version of every document of `dataset_dir` that `into` does not have yet.

    With a `types_file` (the site's document_types.yml), terms types it lacks are added to it.
    """
    run = Collector()
    documents = read_dataset(dataset_dir, run)
    run.described = "dataset folder"
    import_documents(
        documents,
        DatasetFiles(),
        into,
        document_types,
        run,
        filters=filters,
        types_file=types_file,
        skip_unchanged=skip_unchanged,
        max_bytes=max_bytes,
        label=dataset_dir.name,
    )
    if not run.documents and not run.problems:
        known = "of a known terms type " if run.unknown_types else ""
        wanted = "matching --service/--type " if filters.services or filters.types else ""
        run.problem(dataset_dir, f"no documents {known}{wanted}found: expected {EXPECTED_LAYOUT}")
    return run.report()


def read_dataset(dataset_dir: Path, run: Collector) -> tuple[SourceDocument, ...]:
    """Every document folder of the dataset (problems go to `run`)."""
    documents: list[SourceDocument] = []
    try:
        for service_dir in _subfolders(dataset_dir):
            for type_dir in _subfolders(service_dir):
                if not any(_version_names(type_dir)):
                    continue  # not a document folder
                versions = _dataset_versions(type_dir, run)
                documents.append(
                    SourceDocument(service_dir.name, type_dir.name, str(type_dir), versions)
                )
    except OSError as exc:
        run.problem(dataset_dir, f"cannot read the dataset: {exc.strerror or exc}")
    return tuple(documents)


def _subfolders(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if not p.name.startswith(".") and p.is_dir())


def _version_names(type_dir: Path) -> Iterator[str]:
    return (p.name for p in type_dir.iterdir() if VERSION_FILE_RE.fullmatch(p.name))


def _dataset_versions(type_dir: Path, run: Collector) -> tuple[Recorded, ...]:
    """The document's versions; `_2`, `_3` … rank after the plain stamp of their second."""
    kinds = _kinds(type_dir, run)
    found: list[Recorded] = []
    for name in sorted(_version_names(type_dir)):
        match = VERSION_FILE_RE.fullmatch(name)
        assert match is not None  # _version_names only yields matching names
        try:
            moment = parse_stamp(match[1])
        except ValueError as exc:
            run.problem(type_dir / name, f"{exc}; skipped", Severity.WARNING)
            continue
        file = type_dir / name
        recorded = f"{type_dir.parent.name}/{type_dir.name}/{name}"
        technical = kinds.get(name) == "technical_upgrade"
        rank = int(match[2] or 1)
        stamp = match[1] if rank == 1 else None
        found.append(Recorded(moment, rank, str(file), str(file), recorded, technical, stamp=stamp))
    return tuple(found)


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
