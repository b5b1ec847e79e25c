"""ProperDocs, the maintained fork of MkDocs 1.x, builds the demo as MkDocs does.

Both engines build a copy of the demo (`--strict`, the same SOURCE_DATE_EPOCH); every file of
the two sites is compared byte for byte. The one difference, named here and in the README: each
HTML page's `<meta name="generator">` says which engine made it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from engines import ENGINE_DIFFERENCE, build, demo_copy, engine

if TYPE_CHECKING:
    from pathlib import Path

pytest.importorskip("properdocs", reason="ProperDocs is not installed: pip install -e '.[dev]'")


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    demo = demo_copy(tmp_path_factory.mktemp("demo"))
    for name in ("mkdocs", "properdocs"):
        result = build(name, demo, demo / f"site-{name}")
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
    return demo / "site-mkdocs", demo / "site-properdocs"


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_the_same_files_byte_for_byte_but_the_generator_tag(sites: tuple[Path, Path]) -> None:
    by_mkdocs, by_properdocs = (_files(site) for site in sites)
    assert sorted(by_mkdocs) == sorted(by_properdocs)
    differ = sorted(name for name in by_mkdocs if by_mkdocs[name] != by_properdocs[name])
    html = sorted(name for name in by_mkdocs if name.endswith(".html"))
    assert differ == html  # every page says which engine made it, and nothing else differs
    for name in differ:
        mkdocs_page = ENGINE_DIFFERENCE.sub(b"", by_mkdocs[name])
        assert mkdocs_page == ENGINE_DIFFERENCE.sub(b"", by_properdocs[name]), name
    tags = {m.group() for m in ENGINE_DIFFERENCE.finditer(by_properdocs["index.html"])}
    assert len(tags) == 1 and b"ProperDocs" in tags.pop()


def test_the_site_has_every_kind_of_page_and_file(sites: tuple[Path, Path]) -> None:
    """What the comparison covers: change, category, compare and full-text pages, feeds, data."""
    site = sites[1]
    for path in [
        "index.html",
        "changes/index.html",
        "categories/index.html",
        "categories/biometric/index.html",
        "platforms/chirp/privacy-policy/index.html",
        "platforms/chirp/privacy-policy/2023-09-29/index.html",
        "platforms/chirp/privacy-policy/2023-09-29.txt",
        "platforms/chirp/privacy-policy/compare/index.html",
        "feeds/all.xml",
        "feeds/chirp/privacy-policy.xml",
        "feeds/categories/biometric.xml",
        "api/changes.json",
        "api/documents.json",
        "search/search_index.json",
        "sitemap.xml",
    ]:
        assert (site / path).is_file(), path
    change = (site / "platforms/chirp/privacy-policy/2023-09-29/index.html").read_text()
    assert re.search(r'<(ins|del) class="critic', change)  # the diff is filled in


def test_a_failed_strict_build_keeps_the_previous_site(tmp_path: Path) -> None:
    """ProperDocs counts warnings on its own logger: the plugin must see them too, or a build
    that --strict fails would replace the published site."""
    demo = demo_copy(tmp_path, site_url=None)  # no site_url: a warning, fatal with --strict
    site = demo / "site"
    site.mkdir()
    (site / "previous.txt").write_text("the published site\n")
    result = build("properdocs", demo, site)
    assert result.returncode != 0
    assert "no feeds were written" in result.stderr
    assert [p.name for p in site.iterdir()] == ["previous.txt"]


def test_the_properdocs_command_is_installed() -> None:
    assert engine("properdocs").is_file()
