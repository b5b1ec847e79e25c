"""Open data: `api/changes.json` and `api/documents.json` (fields fixed by DESIGN.md).

Deterministic: the same content gives the same bytes (no build time, stable order).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import partial
from typing import TYPE_CHECKING, Any

import msgspec

from generator import __version__
from generator.analysis.cache import Cache, code_fingerprint, digest
from generator.content.atomic import write_replace
from generator.site import urls
from generator.site.carryover import fingerprint

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence
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


def _item(value: Any) -> bytes:
    """One item as `_formatted` writes it inside a list: JSON strings hold no line break, so
    its lines are indented as they are there."""
    return b"\n".join(b"  " + line for line in _formatted(value).split(b"\n"))


def _joined(head: dict[str, Any], key: str, pieces: Iterable[bytes]) -> Iterator[bytes]:
    """The UTF-8 JSON of `{**head, key: [...]}` as `_formatted` writes it, with a final line
    break, made one piece at a time: each piece is one or more items (`_item`, joined by
    `,\n`).

    A whole collection's `changes.json` is 40 MB, and as one Python string four times that
    (one emoji in one quote makes every character four bytes): made whole, with its records
    and its encodings, it was the build's highest point of memory. Here one document's records
    are in memory at a time.
    """
    top = _formatted({**head, key: []})  # `key` comes last: its `[]` is the last one
    at = top.rindex(b"[]")
    first = True
    for piece in pieces:
        yield (top[:at] + b"[\n" if first else b",\n") + piece
        first = False
    yield top + b"\n" if first else b"\n ]" + top[at + 2 :] + b"\n"


def _group(cache: Cache, made_from: str, items: Callable[[], Iterable[Any]]) -> Iterator[bytes]:
    """A group of items as one piece for `_joined` (none when it is empty): kept in the cache
    under what it is made from, so that a new snapshot makes again its own document's records,
    not the whole collection's. Stored as the JSON list it is the inside of."""
    entry = digest("export group", made_from)
    kept = cache.read(entry)
    if kept == b"[]" or (kept and kept.startswith(b"[\n") and kept.endswith(b"\n]")):
        body = kept[2:-2]
    else:
        body = b",\n".join(map(_item, items()))
        cache.write(entry, b"[\n" + body + b"\n]" if body else b"[]")
    if body:
        yield body


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


def _in_order(archive: Archive) -> list[Document]:
    """Every document, ordered by platform then document (each one's changes by `to`)."""
    return sorted(archive.documents(), key=lambda d: (d.platform, d.slug))


def _by_date(changes: Iterable[Change]) -> list[Change]:
    return sorted(changes, key=lambda c: c.to_stamp)


def change_groups(archive: Archive, analysis: Analysis) -> list[tuple[Document, str]]:
    """Each document, in `changes.json`'s order, with what its records are made from: the code
    and each change in full (`Analysis.digest`) in the file's order; known without reading a
    change in full."""
    code = code_fingerprint("site.export")
    return [
        (document, fingerprint(code, GENERATED_BY, *map(analysis.digest, _by_date(changes))))
        for document in _in_order(archive)
        for changes in [analysis.for_document(document)]
    ]


def changes_json_bytes(
    archive: Archive,
    analysis: Analysis,
    cache: Cache | None = None,
    groups: Sequence[tuple[Document, str]] | None = None,
) -> Iterator[bytes]:
    """Every change, document after document (`change_groups`), as UTF-8 JSON made one
    document at a time (`_joined`): each document's records kept in `cache` under its
    `change_groups` key, or made in full from `Analysis.detailed`."""
    kept = cache or Cache(None)
    return _joined(
        {"generated_by": GENERATED_BY},
        "changes",
        (
            piece
            for document, made_from in groups or change_groups(archive, analysis)
            for piece in _group(kept, made_from, partial(_records, analysis, document))
        ),
    )


def _records(analysis: Analysis, document: Document) -> Iterator[dict[str, Any]]:
    """A document's changes as exported, in full (`Analysis.detailed`), by date."""
    return map(change_record, _by_date(analysis.detailed(document)))


def changes_json_made_from(groups: Iterable[tuple[Document, str]]) -> str:
    """What `changes_json_bytes` makes its file from (`change_groups`): a build in which no
    change changed keeps the file without making it again."""
    return fingerprint(code_fingerprint("site.export"), *(made for _, made in groups))


def documents_json_made_from(entries: Iterable[str]) -> str:
    """What `documents_json_bytes` makes its file from: each platform's `platform_made_from`,
    in the file's order; a build that changed none keeps the file."""
    return fingerprint(code_fingerprint("site.export"), *entries)


def platform_made_from(platform: Platform, documents: Iterable[str]) -> str:
    """What a platform's entry in `documents.json` is made from: the code, the platform's
    names and its documents, each as drawn (`site.planned.Inputs.made`: its names, every
    version as loaded, and its changes, which the file does not show: a key that moves more
    often than the entry, never less)."""
    names = repr((platform.slug, platform.name, platform.url, platform.aliases))
    return fingerprint(code_fingerprint("site.export"), GENERATED_BY, names, *documents)


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


def documents_json_bytes(
    archive: Archive, cache: Cache | None = None, made_from: Sequence[str] | None = None
) -> Iterator[bytes]:
    """Every platform, document and version with its stamp, hash and provenance, as UTF-8
    JSON made one platform at a time (`_joined`): each platform's entry kept in `cache` under
    its `made_from` (`platform_made_from`, in the archive's order), or made."""
    kept = cache if cache is not None and made_from is not None else Cache(None)
    keys = made_from or [""] * len(archive.platforms)  # no keys: nothing kept
    return _joined(
        {"generated_by": GENERATED_BY},
        "platforms",
        (
            piece
            for platform, key in zip(archive.platforms, keys, strict=True)
            for piece in _group(kept, key, partial(_platform_records, platform))
        ),
    )


def _platform_records(platform: Platform) -> list[dict[str, Any]]:
    """A platform's entry, as the one item of its group."""
    return [
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
    ]


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
