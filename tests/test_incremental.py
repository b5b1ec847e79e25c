"""Pages outside the nav, rendered by PolicyWatch itself (generator.engine.writer): once, then
carried over while nothing that makes them changes; and the same as the pages MkDocs renders."""

from __future__ import annotations

import re
import subprocess
from typing import TYPE_CHECKING

import pytest
import yaml
from conftest import long_text, mkdocs, write_site, write_snapshot

if TYPE_CHECKING:
    from pathlib import Path

IDENT = ["-c", "user.name=Test", "-c", "user.email=test@example.invalid"]
TEXT = long_text("account")
# The pages MkDocs renders: those of the nav (and hand-written ones); every build writes them.
MKDOCS_PAGES = {
    "index.html",
    "platforms/index.html",
    "changes/index.html",
    "categories/index.html",
    "about/index.html",
    "contribute/index.html",
    "404.html",
}


def git(site: Path, *args: str) -> None:
    subprocess.run(["git", *IDENT, *args], cwd=site, check=True, capture_output=True)


def set_option(site: Path, **options: object) -> None:
    path = site / "mkdocs.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    for entry in config["plugins"]:
        if isinstance(entry, dict) and "policywatch" in entry:
            entry["policywatch"].update(options)
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


def make_site(root: Path) -> Path:
    """Two documents of one platform, committed; every page outside the nav."""
    content = write_site(root)
    set_option(root, nav_max_platforms=0, inline_text_max_bytes=1000)
    write_snapshot(content, "acme", "privacy-policy", "2022-01-01", TEXT)
    write_snapshot(content, "acme", "privacy-policy", "2023-01-01", TEXT + "\nWe may call you.\n")
    write_snapshot(content, "acme", "terms-of-service", "2022-05-05", long_text("terms"))
    write_snapshot(
        content, "acme", "terms-of-service", "2023-05-05", long_text("terms") + "\nBe nice.\n"
    )
    git(root, "init", "-q")
    git(root, "add", "content")
    git(root, "commit", "-q", "-m", "content")
    return root


def inodes(site: Path) -> dict[str, int]:
    """Every built file by path, with its inode: a file carried over keeps its inode."""
    built = site / "site"
    return {
        str(p.relative_to(built)): p.stat().st_ino
        for p in built.rglob("*")
        if p.is_file() and (p.suffix in {".html", ".txt"})
    }


def rendered(result: subprocess.CompletedProcess[str]) -> tuple[int, int]:
    found = re.search(r"policywatch: (\d+) pages rendered, (\d+) unchanged", result.stderr)
    assert found, result.stderr
    return int(found.group(1)), int(found.group(2))


def build(site: Path) -> subprocess.CompletedProcess[str]:
    result = mkdocs(site)
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path)


def test_a_rebuild_renders_no_unchanged_page(site: Path) -> None:
    first = build(site)
    made, kept = rendered(first)
    assert made > 10 and kept == 0
    before = inodes(site)
    second = build(site)
    assert rendered(second) == (0, made)
    # Only what MkDocs renders itself is written; the rest stays where it is, nothing removed.
    moved = re.search(
        r"site updated in place: (\d+) files written, (\d+) kept, 0 removed", second.stderr
    )
    assert moved and int(moved.group(2)) >= made
    after = inodes(site)
    own = [path for path in before if path not in MKDOCS_PAGES]
    assert own and all(after[path] == before[path] for path in own)


def test_a_new_snapshot_renders_again_exactly_the_pages_it_changes(site: Path) -> None:
    build(site)
    before = inodes(site)
    write_snapshot(
        site / "content",
        "acme",
        "privacy-policy",
        "2023-06-01",
        TEXT + "\nWe may call you on weekdays.\n",
    )
    git(site, "add", "content")
    git(site, "commit", "-q", "-m", "a new snapshot")
    build(site)
    after = inodes(site)
    new = {path for path in after if path not in before}
    again = {path for path in before if path in after and after[path] != before[path]}
    prefix = "platforms/acme/privacy-policy/"
    assert new == {
        f"{prefix}2023-06-01/index.html",
        f"{prefix}2023-06-01/text/index.html",  # a long text: on a page of its own
        f"{prefix}2023-06-01.txt",
    }
    assert again - MKDOCS_PAGES == {
        f"{prefix}2023-01-01/index.html",  # its "newer" link
        f"{prefix}index.html",  # the version history
        f"{prefix}compare/index.html",  # the versions to compare
        "platforms/acme/index.html",  # the platform's timeline
        "changes/2023/index.html",  # the year's timeline
    }


def test_feeds_and_exports_are_kept_until_they_change(site: Path) -> None:
    build(site)
    made = ["api/changes.json", "api/documents.json", "feeds/all.xml"]
    before = {name: (site / "site" / name).stat().st_ino for name in made}
    build(site)
    assert {name: (site / "site" / name).stat().st_ino for name in made} == before
    assert not list((site / "site").rglob("*.part"))  # nothing left of the streamed exports
    write_snapshot(
        site / "content", "acme", "privacy-policy", "2023-06-01", TEXT + "\nWe may text you.\n"
    )
    git(site, "add", "content")
    git(site, "commit", "-q", "-m", "a new snapshot")
    build(site)
    for name in made:
        path = site / "site" / name
        assert path.stat().st_ino != before[name] and "2023-06-01" in path.read_text("utf-8")


def test_a_renamed_platform_renders_its_version_pages_again(site: Path) -> None:
    """Version pages are known by what makes them (render.document_key), not by their
    Markdown: what they show besides the texts and their analysis must be part of it."""
    build(site)
    before = inodes(site)
    meta = site / "content/acme/platform.yml"
    meta.write_text("name: Acme Renamed\n", encoding="utf-8")
    build(site)
    after = inodes(site)
    page = "platforms/acme/privacy-policy/2023-01-01/index.html"
    assert after[page] != before[page]
    assert "Acme Renamed Privacy Policy" in (site / "site" / page).read_text(encoding="utf-8")
    full_text = "platforms/acme/terms-of-service/2023-05-05/text/index.html"
    assert after[full_text] != before[full_text]
    platform = "platforms/acme/index.html"  # known by a key too (site.planned)
    assert after[platform] != before[platform]
    for keyed in (platform, "api/documents.json"):
        assert "Acme Renamed" in (site / "site" / keyed).read_text(encoding="utf-8")


def test_a_file_edited_in_the_site_is_made_again(site: Path) -> None:
    build(site)
    page = site / "site/platforms/acme/terms-of-service/2023-05-05/index.html"
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "<!-- edited -->", encoding="utf-8")
    result = build(site)
    assert rendered(result)[0] == 1
    assert page.read_text(encoding="utf-8") == original


def test_an_edited_theme_renders_every_page_again(site: Path) -> None:
    made, _ = rendered(build(site))
    overrides = site / "site_config" / "overrides" / "main.html"
    overrides.write_text(
        overrides.read_text(encoding="utf-8") + "\n{% block announce %}Hello{% endblock %}\n",
        encoding="utf-8",
    )
    result = build(site)
    assert rendered(result) == (made, 0)
    page = site / "site/platforms/acme/terms-of-service/2023-05-05/index.html"
    assert "Hello" in page.read_text(encoding="utf-8")


def article(html: str) -> str:
    return html[html.index("<article") : html.index("</article>")]


def header(html: str) -> str:
    return html[html.index("<header") : html.index("</header>")]


def test_a_page_looks_the_same_rendered_by_mkdocs_or_by_policywatch(tmp_path: Path) -> None:
    pages = {}
    for name, limit in (("by-mkdocs", 30), ("by-policywatch", 0)):
        site = make_site(tmp_path / name)
        set_option(site, nav_max_platforms=limit)
        build(site)
        pages[name] = (site / "site/platforms/acme/index.html").read_text(encoding="utf-8")
    mkdocs_page, own_page = pages["by-mkdocs"], pages["by-policywatch"]
    assert article(own_page) == article(mkdocs_page)
    assert header(own_page) == header(mkdocs_page)  # title, palette toggle, search box
    for part in ('class="md-search"', 'data-md-component="palette"', "policywatch.css"):
        assert part in own_page


def test_pages_policywatch_renders_are_sanitised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Defence in depth, as for the pages MkDocs renders (test_build)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    import generator.site.render

    leaky = generator.site.render.version_page

    def version_page_with_a_hole(*args: object, **kwargs: object) -> str:
        hole = '\n<p><img src="x" onerror="alert(1)">hole</p>\n'
        return str(leaky(*args, **kwargs)) + hole  # type: ignore[arg-type]

    monkeypatch.setattr(generator.site.render, "version_page", version_page_with_a_hole)
    site = make_site(tmp_path)
    mkdocs_build(load_config(str(site / "mkdocs.yml")))
    html = (site / "site/platforms/acme/privacy-policy/2023-01-01/index.html").read_text(
        encoding="utf-8"
    )
    assert "hole" in html
    assert "onerror" not in html and "<img" not in html
