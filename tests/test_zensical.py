"""Zensical builds the site from `policywatch export --pages`, with no plugin.

Zensical runs in an environment of its own (`make test` makes it with scripts/ensure-zensical;
it is skipped, saying why, when Zensical does not install here). The demo's export is built and
compared with the plugin's MkDocs build; the hardening suite's hostile site is exported and
built with every Markdown extension of tests/test_xss.py and Zensical's `macros` (templates in
pages) turned on, and must stay inert.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import html5lib
import pytest
import yaml
from conftest import REPO, long_text, write_site, write_snapshot
from engines import article, build, demo_copy, export_pages, run
from fixtures.hostile import inert
from test_xss import SECRET_FILES, configure, name_groups, plant_secrets, write_hostile_content

if TYPE_CHECKING:
    from subprocess import CompletedProcess

ZENSICAL_ENV = REPO / ".venv-zensical"
# The one change Zensical makes to a page's HTML: it drops the search-exclusion mark once it
# has left the element out of its index.
SEARCH_MARK = " data-search-exclude"
PAGE_LINE = re.compile(r'^<div class="pw-page">.*</div>$', re.MULTILINE)


def zensical() -> Path:
    command = ZENSICAL_ENV / "bin" / "zensical"
    if command.is_file():
        return command
    status = ZENSICAL_ENV / ".installed"
    reason = status.read_text().strip() if status.is_file() else "not set up"
    pytest.skip(f"Zensical is not installed in {ZENSICAL_ENV} ({reason}); `make test` tries")


def zensical_build(project: Path) -> CompletedProcess[str]:
    return run([str(zensical()), "build", "--clean", "-f", "mkdocs.yml"], project)


def export_and_build(site: Path) -> Path:
    """`policywatch export --pages` of the site in `site`, built by Zensical: the built site."""
    zensical()
    project = site / "pages"
    result = export_pages(site, project)
    assert result.returncode == 0, result.stdout + result.stderr
    result = zensical_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return project / "site"


# --- The demo ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The plugin's MkDocs build of the demo, and Zensical's build of its export."""
    root = demo_copy(tmp_path_factory.mktemp("demo"))
    by_zensical = export_and_build(root)
    result = build("mkdocs", root, root / "by-mkdocs")
    assert result.returncode == 0, result.stderr
    return root / "by-mkdocs", by_zensical


def test_every_page_of_the_site_is_built(demo: tuple[Path, Path]) -> None:
    by_mkdocs, by_zensical = demo
    pages = sorted(p.relative_to(by_mkdocs) for p in by_mkdocs.rglob("index.html"))
    missing = [page for page in pages if not (by_zensical / page).is_file()]
    assert not missing
    for page in [
        "platforms/chirp/privacy-policy/2023-09-29/index.html",  # a change page
        "categories/biometric/index.html",
        "platforms/chirp/privacy-policy/compare/index.html",
        "changes/index.html",
    ]:
        assert Path(page) in pages


def test_pages_read_as_in_the_mkdocs_build(demo: tuple[Path, Path]) -> None:
    by_mkdocs, by_zensical = demo
    pages = sorted(p.relative_to(by_mkdocs) for p in by_mkdocs.rglob("index.html"))
    assert len(pages) > 50
    for page in pages:
        assert article(by_zensical / page) == article(by_mkdocs / page), page


def test_feeds_data_and_texts_are_the_same_bytes(demo: tuple[Path, Path]) -> None:
    by_mkdocs, by_zensical = demo
    files = [
        p.relative_to(by_mkdocs)
        for pattern in ("feeds/**/*.xml", "api/*.json", "platforms/**/*.txt")
        for p in by_mkdocs.glob(pattern)
    ]
    assert len([f for f in files if f.parts[0] == "feeds"]) > 10
    for name in files:
        assert (by_zensical / name).read_bytes() == (by_mkdocs / name).read_bytes(), name


def test_generated_pages_pass_through_unchanged(demo: tuple[Path, Path]) -> None:
    """The armoured HTML of every page is in Zensical's page as written."""
    by_zensical = demo[1]
    docs = by_zensical.parent / "docs"
    _assert_passed_through(docs, by_zensical)


def _assert_passed_through(docs: Path, site: Path) -> int:
    checked = 0
    for source in sorted(docs.rglob("*.md")):
        (line,) = PAGE_LINE.findall(source.read_text(encoding="utf-8")) or [None]
        if line is None:
            continue  # a hand-written page
        built = site / source.relative_to(docs).with_suffix(".html")
        if source.name != "index.md":
            built = site / source.relative_to(docs).with_suffix("") / "index.html"
        assert line.replace(SEARCH_MARK, "") in built.read_text(encoding="utf-8"), source
        checked += 1
    assert checked > 20
    return checked


def test_long_full_texts_stay_out_of_the_search_index(tmp_path: Path) -> None:
    content = write_site(tmp_path)
    marker = "Zanzibarquux"  # a word only the full text has
    write_snapshot(content, "acme", "privacy-policy", "2023-01-01", long_text() + marker)
    site = export_and_build(tmp_path)
    index = (site / "search.json").read_text(encoding="utf-8")
    assert marker not in index
    page = (site / "platforms/acme/privacy-policy/2023-01-01/index.html").read_text()
    assert marker in page


# --- The hostile site -------------------------------------------------------------------------

Zensical = tuple[Path, Path]  # site root, built site


def _hostile_config(site: Path) -> None:
    """The hardening suite's configuration, plus Zensical's templates in pages (macros)."""
    configure(site)
    path = site / "mkdocs.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config["plugins"].append("macros")
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def control(tmp_path_factory: pytest.TempPathFactory) -> inert.Allowlist:
    """Zensical's own scripts and styles, from a benign site with the same configuration."""
    root = tmp_path_factory.mktemp("control")
    content = write_site(root)
    _hostile_config(root)
    write_snapshot(content, "acme", "privacy-policy", "2023-01-01", long_text("a"))
    write_snapshot(content, "acme", "privacy-policy", "2023-02-01", long_text("b"))
    allow = inert.Allowlist.from_site(export_and_build(root))
    assert allow.script_srcs
    return allow


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Zensical:
    root = tmp_path_factory.mktemp("hostile") / "site-root"
    root.mkdir()
    content = write_site(root)
    _hostile_config(root)
    plant_secrets(root)
    write_hostile_content(root, content)
    return root, export_and_build(root)


def test_hostile_pages_pass_through_unchanged(hostile: Zensical) -> None:
    _, site = hostile
    assert _assert_passed_through(site.parent / "docs", site) >= len(name_groups()) * 6


def test_every_output_file_is_inert(hostile: Zensical, control: inert.Allowlist) -> None:
    _, site = hostile
    found, counts = inert.check_site(site, control)
    assert not found, "\n".join(found[:40]) + f"\n… {len(found)} findings"
    assert counts["html"] > 50 and counts["xml"] >= 2
    for item in json.loads((site / "search.json").read_text(encoding="utf-8"))["items"]:
        for key in ("title", "text"):
            assert not inert.check_fragment(item.get(key) or "", f"{item['location']} {key}")


def test_names_are_shown_literally_in_title_and_heading(hostile: Zensical) -> None:
    """Not read as HTML, Markdown or a template (Zensical renders titles with macros on)."""
    _, site = hostile
    for k, group in enumerate(name_groups()):
        page = site / "platforms" / f"p{k:02d}" / "index.html"
        tree = html5lib.parse(page.read_bytes(), namespaceHTMLElements=False)
        title, h1 = tree.find(".//title"), tree.find(".//article//h1")
        assert title is not None and h1 is not None
        shown = " ".join(" ".join(group).split())
        assert "".join(title.itertext()) == f"{shown} - PolicyWatch"
        assert " ".join("".join(h1.itertext()).split()).rstrip("¶").strip() == shown


def test_nothing_outside_content_is_published(hostile: Zensical) -> None:
    _, site = hostile
    for where, data in inert.all_bytes(site):
        for token in SECRET_FILES.values():
            assert token.encode() not in data, where
