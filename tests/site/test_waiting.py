"""What a build holds while pages wait to be written: long Markdown compressed, and no
export or feed text at all (each is made when its file is written)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from conftest import CONFIG_DIR, long_text, write_site, write_snapshot
from mkdocs.commands.build import build
from mkdocs.config import load_config

import generator.engine.writer
import generator.site.paging
import generator.site.render
from generator.build import build_site
from generator.content.model import Version
from generator.site.render import PACKED_ABOVE, Packed, Page, Streamed

if TYPE_CHECKING:
    from pathlib import Path


def test_long_markdown_waits_compressed_and_comes_back_whole() -> None:
    long = "# Zoë's history\n\n" + "| 2024 | edited — «policy» |\n" * (PACKED_ABOVE // 10)
    page = Page("platforms/zoe/", long)
    assert isinstance(page.source, Packed)
    assert len(page.source.data) < len(long) // 5
    assert page.markdown == long
    short = Page("platforms/zoe/", "# Zoë\n")
    assert short.source == "# Zoë\n"


def content(root: Path) -> Path:
    folder = write_site(root)
    for month in range(1, 5):
        text = long_text("account") + f"\nWe keep logs for {month} months.\n"
        write_snapshot(folder, "acme", "privacy-policy", f"2023-0{month}-01", text)
    return folder


def test_exports_and_feeds_are_made_when_written_not_held(tmp_path: Path) -> None:
    folder = content(tmp_path)
    result = build_site(folder, CONFIG_DIR, site_url="https://watch.example/")
    made = [s for s in result.static_files if not isinstance(s.data, Version)]
    assert {s.url for s in made} >= {"api/changes.json", "api/documents.json", "feeds/all.xml"}
    assert not [s.url for s in made if isinstance(s.data, str)]
    # A feed and the documents export are known by what they are made from: not made to be
    # compared with the last one.
    for url in ("feeds/all.xml", "api/documents.json"):
        keyed = next(s for s in made if s.url == url)
        assert keyed.key is not None and keyed.made() == (f"key:{keyed.key}", None)
    # The export is made one document at a time as its file is written, never whole.
    export = next(s for s in made if s.url == "api/changes.json")
    assert isinstance(export.data, Streamed)
    pieces = list(export.data.make())
    assert len(pieces) == 1 + 1  # the document's 4 records, then the end
    assert pieces[0].count(b'\n  {\n   "platform": "acme"') == 4
    assert json.loads(b"".join(pieces))["changes"][-1]["to"] == "2023-04-01"


def site_files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root / "site")): p.read_bytes()
        for p in (root / "site").rglob("*")
        if p.is_file() and p.suffix in {".html", ".txt", ".xml", ".json"}
    }


def test_a_site_built_with_every_page_packed_is_the_site_built_with_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    sites = []
    for packed_above in (0, 10**9):
        monkeypatch.setattr(generator.site.render, "PACKED_ABOVE", packed_above)
        root = tmp_path / str(packed_above)
        content(root)
        build(load_config(str(root / "mkdocs.yml")))
        sites.append(site_files(root))
    assert len(sites[0]) > 20
    assert sites[0] == sites[1]


def test_a_site_whose_html_blocks_wait_apart_is_the_site_markdown_parses_them_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Version pages hand their change card and provenance to the page after rendering
    (site.markup.hold), and list pages their tables: the pages are byte for byte those
    Markdown makes with them inline, paged lists (a pager before a table) too."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setattr(generator.site.paging, "PAGE_BYTES", 1)  # a row a page
    render = generator.engine.writer.PageWriter._render
    held: list[int] = []

    def noted(self, file, blocks=()):  # type: ignore[no-untyped-def]
        held.append(len(blocks))
        return render(self, file, blocks)

    monkeypatch.setattr(generator.engine.writer.PageWriter, "_render", noted)
    sites = []
    for apart in (True, False):
        if not apart:
            monkeypatch.setattr(Page, "held_markdown", lambda self: (self.markdown, []))
        root = tmp_path / str(apart)
        content(root)
        build(load_config(str(root / "mkdocs.yml")))
        sites.append(site_files(root))
    assert held.count(2) >= 4  # each version page of the first build: its card, its provenance
    assert held.count(1) >= 5  # histories, timelines, categories: their tables
    assert any(b'class="pw-pager"' in page for page in sites[0].values())
    assert sites[0] == sites[1]
