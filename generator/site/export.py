"""Open data: `api/changes.json` and `api/documents.json` (fields fixed by DESIGN.md).

Deterministic: the same content gives the same bytes (no build time, stable order).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import msgspec

from generator import __version__
from generator.analysis.cache import code_fingerprint
from generator.content.atomic import write_replace
from generator.site import urls
from generator.site.carryover import fingerprint

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from pathlib import Path

    from generator.analysis.analyse import Analysis
    from generator.analysis.changes import Change
    from generator.content.model import Archive, Document, Platform, Version

GENERATED_BY = f"PolicyWatch {__version__}"


def _iso(value: datetime | date | None) -> str | None:
    """ISO 8601; UTC date-times end in `Z`."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def _formatted(value: Any) -> bytes:
    """JSON of `value`, one value per line (as `json.dumps(value, indent=1)` writes it,
    non-ASCII as is): msgspec's encoder, as the standard library's indents in Python and takes
    seconds on a whole collection's tens of megabytes."""
    return msgspec.json.format(msgspec.json.encode(value), indent=1)


def _streamed(head: dict[str, Any], key: str, items: Iterable[Any]) -> Iterator[bytes]:
    """The UTF-8 JSON of `{**head, key: [*items]}` as `_formatted` writes it, with a final
    line break, made one item at a time.

    A whole collection's `changes.json` is 40 MB, and as one Python string four times that
    (one emoji in one quote makes every character four bytes): made whole, with its records
    and its encodings, it was the build's highest point of memory. Here one record is in
    memory at a time. JSON strings hold no line break, so a record's lines are indented as
    they are inside the list.
    """
    top = _formatted({**head, key: []})  # `key` comes last: its `[]` is the last one
    at = top.rindex(b"[]")
    first = True
    for item in items:
        lines = _formatted(item).split(b"\n")
        yield (top[:at] + b"[\n" if first else b",\n") + b"\n".join(b"  " + ln for ln in lines)
        first = False
    yield top + b"\n" if first else b"\n ]" + top[at + 2 :] + b"\n"


def change_record(change: Change) -> dict[str, Any]:
    """One change as exported; field names and order follow DESIGN.md."""
    return {
        "platform": change.platform,
        "document": change.document,
        "from": change.from_stamp,
        "to": change.to_stamp,
        "kind": change.kind.value,
        "reverted_to": change.reverted_to,
        "categories_added": list(change.categories_added),
        "categories_removed": list(change.categories_removed),
        "categories_touched": list(change.categories_touched),
        "evidence": {cid: list(quotes) for cid, quotes in sorted(change.evidence.items())},
        "words_added": change.words_added,
        "words_removed": change.words_removed,
        "summary": change.summary,
        "url": urls.version(change.platform, change.document, change.to_stamp),
        "sections": [section.name for section in change.sections],
        "auto_summary": change.auto_summary,
    }


def _in_order(
    archive: Archive, changes: Callable[[Document], Iterable[Change]]
) -> Iterator[Change]:
    """Every document's `changes`, ordered by platform, document, then `to`."""
    for document in sorted(archive.documents(), key=lambda d: (d.platform, d.slug)):
        yield from sorted(changes(document), key=lambda c: c.to_stamp)


def changes_json_bytes(archive: Archive, analysis: Analysis) -> Iterator[bytes]:
    """Every change (`_in_order`) as UTF-8 JSON made one change at a time (`_streamed`), in
    full, one document at a time (`Analysis.detailed`)."""
    records = map(change_record, _in_order(archive, analysis.detailed))
    return _streamed({"generated_by": GENERATED_BY}, "changes", records)


def changes_json_made_from(archive: Archive, analysis: Analysis) -> str:
    """What `changes_json_bytes` makes its file from: the code, and each change in full
    (`Analysis.digest`) in the file's order; known without reading a change in full, so that a
    build in which no change changed keeps the file without making it again."""
    digests = map(analysis.digest, _in_order(archive, analysis.for_document))
    return fingerprint(code_fingerprint("site.export"), GENERATED_BY, *digests)


def documents_json_made_from(platforms: Iterable[tuple[Platform, Iterable[str]]]) -> str:
    """What `documents_json_bytes` makes its file from: the code, each platform's names and
    its documents, each as drawn (`site.planned.Inputs.made`: its names, every version as
    loaded, and its changes, which the file does not show: a key that moves more often than
    the file, never less), in the file's order; a build that changed none keeps the file."""
    drawn = (
        part
        for platform, documents in platforms
        for part in (
            repr((platform.slug, platform.name, platform.url, platform.aliases)),
            *documents,
        )
    )
    return fingerprint(code_fingerprint("site.export"), GENERATED_BY, *drawn)


def _version_record(version: Version) -> dict[str, Any]:
    prov = version.provenance
    return {
        "stamp": version.stamp,
        "observed": _iso(version.observed),
        "sha256": version.sha256,
        "source": version.source,
        "captured": _iso(version.captured),
        "effective": _iso(version.effective),
        "archive": version.archive,
        "technical": version.technical,
        "language": version.language,
        "withdrawn": version.withdrawn,
        "origin": version.origin,
        "provenance": {
            "status": prov.status.value,
            "commit": prov.commit,
            "author": prov.author,
            "date": _iso(prov.date),
            "edited": prov.edited,
            "reason": prov.reason,
        },
        "url": urls.version(version.platform, version.document, version.stamp),
        "text_url": urls.plain_text(version.platform, version.document, version.stamp),
    }


def documents_json_bytes(archive: Archive) -> Iterator[bytes]:
    """Every platform, document and version with its stamp, hash and provenance, as UTF-8
    JSON made one platform at a time (`_streamed`)."""
    platforms = (
        {
            "platform": platform.slug,
            "name": platform.name,
            "url": platform.url,
            "aliases": list(platform.aliases),
            "documents": [
                {
                    "document": document.slug,
                    "name": document.type.name,
                    "url": urls.document(platform.slug, document.slug),
                    "versions": [_version_record(v) for v in document.versions],
                }
                for document in platform.documents
            ],
        }
        for platform in archive.platforms
    )
    return _streamed({"generated_by": GENERATED_BY}, "platforms", platforms)


def write_exports(out_dir: Path, archive: Archive, analysis: Analysis) -> list[tuple[Path, str]]:
    """Write both JSON files into `out_dir`, each whole or not at all; what was written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    changes = sum(1 for _ in analysis.all_changes())
    versions = sum(1 for _ in archive.versions())
    files = [
        (out_dir / "changes.json", changes_json_bytes(archive, analysis), f"{changes} changes"),
        (out_dir / "documents.json", documents_json_bytes(archive), f"{versions} versions"),
    ]
    for path, pieces, _ in files:
        write_replace(path, b"".join(pieces))  # joined as bytes: as one string, up to 4x that
    return [(path, what) for path, _, what in files]
