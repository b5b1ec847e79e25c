"""`policywatch export --pages DIR`: the whole site as ready pages, for engines without plugins.

`DIR/docs/` holds every page: the generated ones rendered, sanitised, with their diffs and full
texts filled in and armoured against the engine's own Markdown (generator.site.static_pages);
the hand-written ones as they are; the site's files (plain texts, feeds, api/*.json) and the
plugin's assets. `DIR/mkdocs.yml` is the site's configuration without the policywatch plugin,
reading `DIR/docs`, with the navigation the plugin gives MkDocs. Zensical builds it
(`zensical build -f DIR/mkdocs.yml`), and so does MkDocs with no plugin.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from generator.analysis.cache import Cache, tracked_by_git
from generator.build import build_site
from generator.content.load import LoadOptions
from generator.content.problems import Problem, grouped
from generator.contrib.site_config import SiteConfig, read_site_config, without_plugin
from generator.site import publish, urls
from generator.site.freshness import STALE_AFTER_DAYS, build_now
from generator.site.render import INLINE_TEXT_MAX_BYTES
from generator.site.static_pages import PageRenderer, nav

if TYPE_CHECKING:
    from pathlib import Path
    from typing import TextIO

    from generator.build import BuildResult

MARKER = ".policywatch-pages"  # in DIR: an earlier export, which a new one may replace
CSS = f"{urls.ASSETS}policywatch.css"
JS = f"{urls.ASSETS}policywatch.js"
# Pages reachable by links, not from the navigation (gitignore-style, as MkDocs reads them):
# the timeline's year pages, categories, and every version, full-text and compare page.
NOT_IN_NAV = (f"/{urls.CHANGES}*/", f"/{urls.CATEGORIES}*/", f"/{urls.PLATFORMS}*/*/*/")


@dataclass(frozen=True)
class Exported:
    pages: int
    files: int


def run_export_pages(out: Path, config_file: Path, stream: TextIO) -> int:
    """Export the site of `config_file` into `out`; 1 (with the problems told) when it cannot."""
    config, problem = read_site_config(config_file)
    if config is None:
        print(problem, file=stream)
        return 1
    if _foreign(out):
        message = (
            "the folder is not empty and holds no earlier export: choose a new folder "
            "(an export replaces everything in it)"
        )
        print(Problem(str(out), 0, message), file=stream)
        return 1
    result = _build(config, stream)
    if result.errors or result.filler is None:
        print(f"export: {len(result.errors)} problem(s); nothing written", file=stream)
        return 1
    try:
        staging = publish.start(out)
        try:
            exported = _write(staging, config, result)
            publish.publish(staging, out)
        except BaseException:
            publish.discard(staging)
            raise
    except OSError as exc:
        print(f"export: cannot write {out}: {exc.strerror or exc}", file=stream)
        return 1
    finally:
        result.filler.close()
    print(
        f"{out}: {exported.pages} pages and {exported.files} files in {out / 'docs'}; "
        f"build them with `zensical build -f {out / 'mkdocs.yml'}`",
        file=stream,
    )
    return 0


def _foreign(out: Path) -> bool:
    """Whether `out` holds something other than an earlier export (never replaced)."""
    if not out.exists():
        return False
    if not out.is_dir():
        return True
    return not (out / MARKER).is_file() and any(out.iterdir())


def _build(config: SiteConfig, stream: TextIO) -> BuildResult:
    now = build_now(os.environ)
    cache_dir = config.options.get("cache_dir", ".cache/policywatch")
    cache_root = config.root / cache_dir if isinstance(cache_dir, str) and cache_dir else None
    if cache_root is not None and tracked_by_git(cache_root):
        print(f"{cache_root}:0: warning: committed to git, so not used", file=stream)
        cache_root = None
    result = build_site(
        config.folder("content_dir", "content"),
        config.folder("config_dir", "site_config"),
        options=LoadOptions(
            max_snapshot_bytes=config.option("max_snapshot_bytes", 5_000_000), now=now
        ),
        site_name=config.text("site_name", "PolicyWatch"),
        site_url=config.text("site_url") or None,
        now=now,
        stale_after_days=config.option("stale_after_days", STALE_AFTER_DAYS),
        cache=Cache(cache_root),
        inline_text_max_bytes=config.option("inline_text_max_bytes", INLINE_TEXT_MAX_BYTES),
    )
    for problem in grouped(result.problems):
        print(problem, file=stream)
    if not config.text("site_url"):
        print(f"{config.path}:0: warning: no `site_url`, so no feeds were written", file=stream)
    return result


def _write(folder: Path, config: SiteConfig, result: BuildResult) -> Exported:
    assert result.filler is not None
    docs = folder / "docs"
    hand_written = _copy_hand_written(config.folder("docs_dir", "docs"), docs)
    renderer = PageRenderer(result.filler)
    pages = [page for page in result.pages if page.source_uri not in hand_written]
    for page in pages:
        _write_text(docs / page.source_uri, renderer.ready(page))
    for static in result.static_files:
        _write_text(docs / static.url, static.content)
    assets = resources.files("generator.site").joinpath("assets")
    for name in urls.ASSET_FILES:
        target = docs / urls.ASSETS / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(assets.joinpath(name).read_bytes())
    platforms = len(result.filler.archive.platforms)
    in_nav = platforms <= config.option("nav_max_platforms", 30)
    site_nav = nav(pages, sorted(hand_written), platform_pages=in_nav)
    hidden = [*NOT_IN_NAV, *([] if in_nav else [f"/{urls.PLATFORMS}*/"])]
    engine_config = _engine_config(config, folder, site_nav, hidden)
    (folder / "mkdocs.yml").write_text(engine_config, encoding="utf-8")
    (folder / MARKER).write_text("policywatch export --pages\n", encoding="utf-8")
    files = len(result.static_files) + len(urls.ASSET_FILES)
    return Exported(len(pages) + len(hand_written), files)


def _copy_hand_written(source: Path, docs: Path) -> set[str]:
    """The site's own pages and files, copied; the docs-relative paths of its pages."""
    if source.is_dir():
        shutil.copytree(source, docs, ignore=shutil.ignore_patterns(".*"))
    docs.mkdir(parents=True, exist_ok=True)
    return {path.relative_to(docs).as_posix() for path in docs.rglob("*.md")}


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _engine_config(
    config: SiteConfig, folder: Path, site_nav: list[object], hidden: list[str]
) -> str:
    """The site's configuration for the exported pages: no plugin of ours, same look."""
    data: dict[str, Any] = dict(config.data)
    data["docs_dir"] = "docs"
    data["site_dir"] = "site"
    if "plugins" in data:
        data["plugins"] = without_plugin(data["plugins"])
    data["extra_css"] = _with(data.get("extra_css"), CSS)
    data["extra_javascript"] = _with(data.get("extra_javascript"), JS)
    theme = data.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        shutil.copytree(config.root / theme["custom_dir"], folder / "overrides")
        data["theme"] = {**theme, "custom_dir": "overrides"}
    if "nav" not in data:
        data["nav"] = site_nav
        listed = data.get("not_in_nav")
        data["not_in_nav"] = "\n".join([*([listed] if isinstance(listed, str) else []), *hidden])
    header = "# Written by `policywatch export --pages` from the site's mkdocs.yml: edit that.\n"
    return header + config.dump(data)


def _with(values: object, item: str) -> list[object]:
    listed = list(values) if isinstance(values, list) else []
    return listed if item in listed else [*listed, item]
