"""`policywatch export --pages DIR`: the site as ready pages and a configuration for an engine
that runs no plugin. Built here by MkDocs with no plugin, and compared with the plugin's build;
tests/test_zensical.py builds it with Zensical."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import pytest
import yaml
from click.testing import CliRunner
from conftest import long_text, write_platform, write_site, write_snapshot
from engines import article, build, export_pages

from generator.cli import main
from generator.contrib.export_pages import run_export_pages

if TYPE_CHECKING:
    from pathlib import Path

OLD = long_text("account") + "\nWe keep your data for as long as your account is open.\n"
NEW = long_text("account") + "\nWe sell your biometric data to partners.\n"


def _site(root: Path) -> Path:
    content = write_site(root)
    write_platform(content, "acme", name="Acme <Social> {{ 7*7 }}")
    write_snapshot(content, "acme", "privacy-policy", "2023-01-01", OLD, summary="First")
    write_snapshot(content, "acme", "privacy-policy", "2023-06-01T10-00-00Z", NEW)
    write_snapshot(content, "acme", "terms-of-service", "2022-05-05", long_text("terms"))
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The plugin's MkDocs build, and MkDocs' build of the export with no plugin."""
    root = _site(tmp_path_factory.mktemp("site"))
    result = build("mkdocs", root, root / "by-plugin")
    assert result.returncode == 0, result.stderr
    result = export_pages(root, root / "pages")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "build them with `zensical build -f" in result.stdout
    result = build("mkdocs", root / "pages", root / "pages" / "site")
    assert result.returncode == 0, result.stderr
    return root / "by-plugin", root / "pages" / "site"


def test_the_configuration_has_no_plugin_of_ours_and_the_same_navigation(
    built: tuple[Path, Path],
) -> None:
    pages = built[1].parent
    config = yaml.safe_load((pages / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["plugins"] == ["search"]
    assert (config["docs_dir"], config["site_dir"]) == ("docs", "site")
    assert config["extra_css"] == ["assets/policywatch/policywatch.css"]
    assert config["extra_javascript"] == ["assets/policywatch/policywatch.js"]
    assert config["nav"][:2] == [
        "index.md",
        {
            "Platforms": [
                "platforms/index.md",
                {
                    "Acme": [
                        "platforms/acme/index.md",
                        {"Privacy policy": "platforms/acme/privacy-policy/index.md"},
                        {"Terms of service": "platforms/acme/terms-of-service/index.md"},
                    ]
                },
            ]
        },
    ]
    assert (pages / "overrides" / "main.html").is_file()
    assert (pages / "docs" / "about.md").is_file()  # the hand-written pages


def test_every_page_reads_as_in_the_plugins_build(built: tuple[Path, Path]) -> None:
    by_plugin, by_export = built
    pages = sorted(p.relative_to(by_plugin) for p in by_plugin.rglob("index.html"))
    assert len(pages) > 20
    for page in pages:
        assert article(by_export / page) == article(by_plugin / page), page


def test_files_are_the_same_bytes(built: tuple[Path, Path]) -> None:
    by_plugin, by_export = built
    files = [
        p.relative_to(by_plugin)
        for pattern in (
            "feeds/**/*.xml",
            "api/*.json",
            "platforms/**/*.txt",
            "assets/policywatch/**/*",
        )
        for p in by_plugin.glob(pattern)
        if p.is_file()
    ]
    assert len(files) > 10
    for name in files:
        assert (by_export / name).read_bytes() == (by_plugin / name).read_bytes(), name


def test_a_name_is_shown_as_written(built: tuple[Path, Path]) -> None:
    page = (built[1] / "platforms/acme/index.html").read_text(encoding="utf-8")
    assert "<title>Acme &#60;Social&#62; &#123;&#123; 7&#42;7 &#125;&#125; - " in page


def export(root: Path, out: Path) -> tuple[int, str]:
    """The export, in this process: its exit code and what it printed."""
    printed = io.StringIO()
    return run_export_pages(out, root / "mkdocs.yml", printed), printed.getvalue()


def test_a_new_export_replaces_the_last_and_nothing_else(tmp_path: Path) -> None:
    root = _site(tmp_path)
    out = root / "pages"
    assert export(root, out)[0] == 0
    (out / "docs" / "stale.md").write_text("old\n")
    assert export(root, out)[0] == 0
    assert not (out / "docs" / "stale.md").exists()
    mine = root / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me\n")
    code, printed = export(root, mine)
    assert code == 1
    assert "the folder is not empty and holds no earlier export" in printed
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]


def test_content_errors_write_nothing(tmp_path: Path) -> None:
    root = _site(tmp_path)
    (root / "content" / "acme" / "2031-01-01.md").write_text("---\nsource: x\n---\n")
    code, printed = export(root, root / "pages")
    assert code == 1
    assert "acme/2031-01-01.md:0: snapshot directly in the platform folder" in printed
    assert not (root / "pages").exists()


def test_settings_the_export_does_not_read_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _site(tmp_path)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("site_name: PolicyWatch", "site_name: !ENV [PW_NAME, Watch]")
    config += "extra:\n  emoji: !!python/name:material.extensions.emoji.twemoji\n"
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    monkeypatch.setenv("PW_NAME", "Policy Watch")
    assert export(root, root / "pages")[0] == 0
    written = (root / "pages" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_name: !ENV\n- PW_NAME\n- Watch\n" in written
    assert "!!python/name:material.extensions.emoji.twemoji" in written
    feed = (root / "pages" / "docs" / "feeds" / "all.xml").read_text(encoding="utf-8")
    assert "<title>Policy Watch" in feed  # the export read `!ENV` as MkDocs does


def test_without_pages_export_writes_the_json_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _site(tmp_path)
    monkeypatch.chdir(root)
    runner = CliRunner()
    assert runner.invoke(main, ["export", "--pages", "pages"]).exit_code == 0
    assert not (root / "api").exists()  # --pages alone writes no api/ folder in the project
    assert runner.invoke(main, ["export", "out"]).exit_code == 0
    assert sorted(p.name for p in (root / "out").iterdir()) == ["changes.json", "documents.json"]
