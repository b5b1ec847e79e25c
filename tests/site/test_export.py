"""`policywatch export` writes the same JSON the site publishes under api/."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from click.testing import CliRunner
from conftest import CONFIG_DIR, long_text, write_snapshot

from generator.analysis.cache import Cache
from generator.build import load_and_analyse
from generator.cli import main
from generator.site.export import changes_json_bytes

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    import pytest

    from generator.analysis.analyse import Analysis
    from generator.content.model import Document, Platform


def test_export_writes_both_files(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_snapshot(content, "acme", "privacy-policy", "2023-01-01", long_text())
    write_snapshot(content, "acme", "privacy-policy", "2023-02-01", long_text("location"))
    out = tmp_path / "out"
    args = ["export", str(out), "--content-dir", str(content), "--config-dir", str(CONFIG_DIR)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "2 changes" in result.output and "2 versions" in result.output
    analysed = load_and_analyse(content, CONFIG_DIR)
    assert analysed.archive is not None and analysed.analysis is not None
    written = (out / "changes.json").read_text(encoding="utf-8")
    assert written == b"".join(changes_json_bytes(analysed.archive, analysed.analysis)).decode()
    documents = json.loads((out / "documents.json").read_text(encoding="utf-8"))
    assert [p["platform"] for p in documents["platforms"]] == ["acme"]


def test_the_exports_are_written_as_the_standard_library_would_indent_them() -> None:
    """The bytes published stay what `json.dumps(indent=1)` gave before a faster encoder,
    and before the export was written one record at a time."""
    from generator.site.export import _formatted, _item, _joined

    head = {"generated_by": "PolicyWatch [1]"}
    records = [
        {"summary": 'Données «personnelles» \u2028 \t "quoted" \\ </script> 😀', "n": 0.1},
        {"empty": [], "nothing": {}, "none": None, "yes": True, "big": 10**15, "f": 2.5},
        {"nested": [{"deeper": [[], {}]}], "line": "a\nb"},
    ]
    for items in (records, records[:1], []):
        data = {**head, "changes": items}
        pieces = list(_joined(head, "changes", map(_item, items)))
        assert len(pieces) == len(items) + 1  # one record at a time, then the end
        written = b"".join(pieces).decode()
        assert written == json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    tiny = {"f": [1e-07, 2.5e-05, 1e16]}  # written 1e-7, 0.000025, 1e16: the same numbers
    assert json.loads(_formatted(tiny)) == tiny


def test_export_refuses_bad_content_and_writes_nothing(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_snapshot(content, "acme", "privacy-policy", "2023-13-01", long_text())
    out = tmp_path / "out"
    args = ["export", str(out), "--content-dir", str(content), "--config-dir", str(CONFIG_DIR)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert "2023-13-01.md" in result.output
    assert not out.exists()


def test_the_exports_keep_each_documents_records_and_make_again_only_a_changed_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a cache, `changes.json` is made from each document's kept records, and
    `documents.json` from each platform's: a new snapshot makes its own document's and
    platform's again, and the bytes are those made without a cache."""
    import generator.site.export as export

    content = tmp_path / "content"
    write_snapshot(content, "acme", "privacy-policy", "2023-01-01", long_text())
    write_snapshot(content, "acme", "privacy-policy", "2023-02-01", long_text("location"))
    write_snapshot(content, "zed", "terms-of-service", "2023-01-05", long_text("terms"))
    cache = Cache(tmp_path / "cache")
    made: list[str] = []
    records, platform_records = export._records, export._platform_records

    def noted(analysis: Analysis, document: Document) -> Iterator[dict[str, Any]]:
        made.append(document.platform)
        return records(analysis, document)

    def noted_platform(platform: Platform) -> list[dict[str, Any]]:
        made.append(f"platform {platform.slug}")
        return platform_records(platform)

    monkeypatch.setattr(export, "_records", noted)
    monkeypatch.setattr(export, "_platform_records", noted_platform)

    def exported() -> tuple[bytes, bytes, bytes, bytes]:
        analysed = load_and_analyse(content, CONFIG_DIR)
        archive, analysis = analysed.archive, analysed.analysis
        assert archive is not None and analysis is not None
        groups = export.change_groups(archive, analysis)
        entries = [
            export.platform_made_from(p, [repr(d.versions) for d in p.documents])
            for p in archive.platforms
        ]
        plain = b"".join(export.changes_json_bytes(archive, analysis))
        documents = b"".join(export.documents_json_bytes(archive))
        made.clear()
        kept = b"".join(export.changes_json_bytes(archive, analysis, cache, groups))
        kept_documents = b"".join(export.documents_json_bytes(archive, cache, entries))
        return plain, kept, documents, kept_documents

    plain, kept, documents, kept_documents = exported()
    assert kept == plain and kept_documents == documents
    assert sorted(made) == ["acme", "platform acme", "platform zed", "zed"]
    assert [c["platform"] for c in json.loads(kept)["changes"]] == ["acme", "acme", "zed"]
    plain, kept, documents, kept_documents = exported()
    assert kept == plain and kept_documents == documents and made == []

    write_snapshot(content, "acme", "privacy-policy", "2023-03-01", long_text("biometric"))
    plain, kept, documents, kept_documents = exported()
    assert kept == plain and kept_documents == documents
    assert sorted(made) == ["acme", "platform acme"]
    assert len(json.loads(kept)["changes"]) == 4

    for entry in (tmp_path / "cache").rglob("*.json"):  # damaged entries are made again
        entry.write_bytes(entry.read_bytes()[:-5])
    plain, kept, documents, kept_documents = exported()
    assert kept == plain and kept_documents == documents
    assert sorted(made) == ["acme", "platform acme", "platform zed", "zed"]
