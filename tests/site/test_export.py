"""`policywatch export` writes the same JSON the site publishes under api/."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from click.testing import CliRunner
from conftest import CONFIG_DIR, long_text, write_snapshot

from generator.build import load_and_analyse
from generator.cli import main
from generator.site.export import changes_json_bytes

if TYPE_CHECKING:
    from pathlib import Path


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
    from generator.site.export import _formatted, _streamed

    head = {"generated_by": "PolicyWatch [1]"}
    records = [
        {"summary": 'Données «personnelles» \u2028 \t "quoted" \\ </script> 😀', "n": 0.1},
        {"empty": [], "nothing": {}, "none": None, "yes": True, "big": 10**15, "f": 2.5},
        {"nested": [{"deeper": [[], {}]}], "line": "a\nb"},
    ]
    for items in (records, records[:1], []):
        data = {**head, "changes": items}
        pieces = list(_streamed(head, "changes", iter(items)))
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
