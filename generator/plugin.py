"""The `policywatch` MkDocs plugin: the adapter from the core to MkDocs (and ProperDocs).

It follows a build through the events MkDocs lets a plugin in on: the pipeline's pages and
files in `on_files`, the navigation, every generated page sanitised and its slots filled, the
pages outside the navigation and the swap of the finished site at the end, live reload. What
stands on its own is in `generator/engine/`: the staging folder, the page writer, serving.
"""

from __future__ import annotations

import html
import logging
import os
from functools import partial
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config import base
from mkdocs.config import config_options as opt
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files

from generator.analysis.backends import Backend, BackendError, backend_from
from generator.analysis.cache import Cache, tracked_by_git
from generator.analysis.pools import SigtermGuard, stop_on_sigterm
from generator.build import BuildResult, build_site
from generator.content.frontmatter import ContentChanged
from generator.content.load import LoadOptions
from generator.content.problems import grouped
from generator.content.snapshot_index import index_in
from generator.engine.memory import long_lived, release
from generator.engine.nav import arrange
from generator.engine.serve import MemoryBytecodeCache, ServedPages, poll_faster
from generator.engine.staging import Staging
from generator.engine.writer import OwnPage, PageWriter, text_file
from generator.site import render, search, sitemap, urls
from generator.site.carryover import Carry
from generator.site.freshness import STALE_AFTER_DAYS, build_now
from generator.site.markup import SLOT_RE
from generator.site.safe_html import sanitise_html
from generator.site.slots import late_placeholder

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

    from generator.site.slots import Slot, SlotFiller

log = logging.getLogger(f"mkdocs.plugins.{__name__}")


class PolicyWatchConfig(base.Config):
    enabled = opt.Type(bool, default=True)
    """Turn the generator off (e.g. to preview hand-written pages only)."""
    content_dir = opt.Type(str, default="content")
    """Folder of snapshots, relative to mkdocs.yml: `content_dir: content`."""
    config_dir = opt.Type(str, default="site_config")
    """Folder with document_types.yml and taxonomy.yml: `config_dir: site_config`."""
    max_snapshot_bytes = opt.Type(int, default=5_000_000)
    """Snapshots larger than this are refused: `max_snapshot_bytes: 5000000`."""
    cache_dir = opt.Type(str, default=".cache/policywatch")
    """Analysis and rendering cache, relative to mkdocs.yml; empty turns it off:
    `cache_dir: .cache/policywatch`. Safe to delete at any time."""
    nav_max_platforms = opt.Type(int, default=30)
    """Above this many platforms, platform and document pages leave the navigation (the
    Platforms page lists them): Material renders the whole nav into every page, so a nav
    that grows with the content makes the build grow faster than the content.
    `nav_max_platforms: 30`."""
    inline_text_max_bytes = opt.Type(int, default=render.INLINE_TEXT_MAX_BYTES)
    """A version's full text longer than this gets a page of its own, linked from the version's
    page, which stays light: `inline_text_max_bytes: 40000`."""
    executor = opt.Type(str, default="processes")
    """Where the analysis runs: `processes` (local worker processes, one per core), `inline`
    (this process only) or a Dask scheduler address: `executor: tcp://scheduler:8786`. The
    environment variable POLICYWATCH_DASK_SCHEDULER, when set, overrides it (see README)."""
    page_writers = opt.Type(int, default=0)
    """Processes writing pages (engine.forks), 0 for one per core: each one more shortens a
    first build of a large site, and adds memory. `page_writers: 1` keeps it to one."""
    stale_after_days = opt.Type(int, default=STALE_AFTER_DAYS)
    """Warn on a document page when its newest snapshot is older: `stale_after_days: 180`.

    "Now" is the build time, or SOURCE_DATE_EPOCH when set (reproducible builds)."""


class PolicyWatchPlugin(BasePlugin[PolicyWatchConfig]):
    def __init__(self) -> None:
        self._result: BuildResult | None = None
        self._generated: set[str] = set()  # source URIs of the pages we added
        self._slots: dict[str, dict[str, Slot]] = {}  # source URI -> its slots
        self._nav_titles: dict[str, str] = {}  # source URI of a section's index -> its name
        self._root = Path.cwd()
        self._dirty = False
        self._staging = Staging()
        self._backend: Backend | None = None
        self._sigterm: SigtermGuard | None = None
        self._own: list[tuple[render.Page, OwnPage]] = []  # pages rendered by PageWriter
        self._carry: Carry | None = None
        self._nav: Navigation | None = None
        self._env: Environment | None = None
        self._files: Files | None = None
        self._serving = False
        self._served = ServedPages()  # serve: pages rendered when a browser asks for them

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._dirty = dirty  # a dirty build updates the site in place: nothing to swap
        self._serving = command == "serve"
        # SIGTERM stops the workers and ends the command through on_shutdown (analysis.pools).
        self._sigterm = stop_on_sigterm()

    def on_shutdown(self) -> None:
        """The command ends, normally or stopped (SIGTERM): no worker left running, no
        unfinished site left behind."""
        self._finish()
        self._staging.discard()
        if self._sigterm is not None:
            self._sigterm.restore()
            self._sigterm = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        if self.config.enabled:
            if not config.use_directory_urls:
                raise PluginError("policywatch: set `use_directory_urls: true` in mkdocs.yml")
            config.extra_css.append("assets/policywatch/policywatch.css")
            # The vendored libraries are not listed: policywatch.js loads them on compare
            # pages only.
            config.extra_javascript.append("assets/policywatch/policywatch.js")
            try:
                self._backend = backend_from(self.config.executor, origin="mkdocs.yml")
            except ValueError as exc:
                raise PluginError(f"policywatch: {exc}") from None
            if self._backend.kind != "processes":
                log.info("policywatch: the analysis runs on %s", self._backend.describe())
        return config

    @event_priority(100)  # First, so that other plugins already see the staging folder.
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self._served.rebuilding()  # requests wait for the new site
        if self.config.enabled and not self._dirty:
            self._staging.start(config)

    def _path(self, value: str) -> Path:
        return (self._root / value).resolve()

    def _cache_root(self) -> Path | None:
        root = self._path(self.config.cache_dir) if self.config.cache_dir else None
        if root is not None and tracked_by_git(root):
            log.warning(
                "policywatch: the cache folder %s is committed to git, so its entries are not "
                "trusted and the build does not use it: remove it from the repository "
                "(`git rm -r --cached %s`)",
                root,
                self.config.cache_dir,
            )
            return None
        return root

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.config.enabled:
            return files
        with long_lived():  # the build's pages and files, and what makes them (engine.memory)
            cache_root = self._cache_root()
            self._result = result = self._build(config, cache_root)
            platforms = len(result.filler.archive.platforms) if result.filler else 0
            many_platforms = platforms > self.config.nav_max_platforms
            self._carry = self._new_carry(config, cache_root)
            self._generated.clear()
            self._own = []
            for page in result.pages:
                uri = page.source_uri
                if files.get_file_from_path(uri) is not None:
                    log.info("policywatch: %s is hand-written; not generating it", uri)
                    continue
                below_platforms = page.url.startswith(urls.PLATFORMS) and page.url != urls.PLATFORMS
                if page.in_nav and not (many_platforms and below_platforms):
                    # MkDocs renders the pages of its navigation; PageWriter all the others.
                    files.append(File.generated(config, uri, content=page.markdown))
                else:
                    own = OwnPage.for_url(config, page.url)
                    files.append(own)
                    self._own.append((page, own))
                self._generated.add(uri)
            self._slots = result.slots
            titles = {page.source_uri: page.nav_title for page in result.pages}
            self._nav_titles = {uri: html.escape(t) for uri, t in titles.items() if t}
            for static in result.static_files:
                files.append(self._static_file(static, config))
            for name in urls.ASSET_FILES:
                content = resources.files("generator.site").joinpath("assets", name).read_bytes()
                files.append(File.generated(config, f"{urls.ASSETS}{name}", content=content))
            return files

    def _build(self, config: MkDocsConfig, cache_root: Path | None) -> BuildResult:
        """The pipeline's pages and files, with what it found logged; stops on errors."""
        now = build_now(os.environ)
        try:
            result = build_site(
                self._path(self.config.content_dir),
                self._path(self.config.config_dir),
                options=LoadOptions(
                    self.config.max_snapshot_bytes, now, index=index_in(cache_root)
                ),
                site_name=config.site_name,
                site_url=config.site_url or None,
                now=now,
                stale_after_days=self.config.stale_after_days,
                cache=Cache(cache_root),
                inline_text_max_bytes=self.config.inline_text_max_bytes,
                backend=self._backend,
            )
        except (ContentChanged, BackendError) as exc:  # a snapshot edited while it was analysed
            raise PluginError(f"policywatch: {exc}") from None
        if not config.site_url:
            log.warning(
                "policywatch: no feeds were written, because Atom feeds need absolute URLs. "
                "Set `site_url` in mkdocs.yml (e.g. `site_url: https://example.org/`) to "
                "publish them."
            )
        if result.filler is not None:
            analysis = result.filler.analysis
            total = sum(1 for c in analysis.all_changes() if c.from_stamp is not None)
            fresh = min(analysis.computed_pairs, total)
            counts = (total, fresh, total - fresh)
            log.info("policywatch: %d changes: %d analysed, %d from the cache", *counts)
        for problem in grouped(result.problems):  # a warning repeated in a document: one line
            log.info("%s", problem) if problem.severity == "warning" else log.error("%s", problem)
        if result.errors:
            raise PluginError(
                f"policywatch: {len(result.errors)} problem(s) in the content or site_config; "
                "nothing was built. Fix them (`policywatch check` lists them) and build again."
            )
        return result

    def _static_file(self, static: render.StaticFile, config: MkDocsConfig) -> File:
        """A generated file (a version's plain text, a feed, an export), written straight into
        the site (one text in memory at a time), or kept from the previous site when it is the
        same (engine.writer.text_file)."""
        try:
            return text_file(config, static, self._carry)
        except ContentChanged as exc:
            raise PluginError(f"policywatch: {exc}") from None

    def _new_carry(self, config: MkDocsConfig, root: Path | None) -> Carry | None:
        """What this build can take from the site it replaces (needs the cache folder)."""
        if root is None:
            return None
        old, new = self._staging.site_dir(config), Path(config.site_dir)
        # Serving renders pages into the site when they are asked for: a site updated in
        # place would keep last build's, so it is built anew each time.
        return Carry(root / "sites", old, new, in_place=not self._serving)

    def _finish(self) -> None:
        release()
        if self._result is not None and self._result.filler is not None:
            self._result.filler.close()
        if not self._serving:  # serve renders pages on request until the next build
            self._result = None
            self._own = []
            self._nav = self._env = self._files = None

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Home, platforms, changes and categories first; sections named after platforms."""
        arrange(nav, self._nav_titles)
        self._nav = nav
        return nav

    @event_priority(-50)  # After other plugins changed the HTML: our sanitiser has the last word.
    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Every generated page is sanitised; its slots wait as placeholders (see Slot)."""
        if page.file.src_uri not in self._generated:
            return html
        slots = self._slots.get(page.file.src_uri, {})
        placeholders = SLOT_RE.sub(
            lambda m: late_placeholder(m.group(1)) if m.group(1) in slots else "", html
        )
        return sanitise_html(placeholders)

    @event_priority(50)  # Before the search plugin indexes the page: diffs are searchable.
    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        filler = self._result.filler if self._result else None
        slots = self._slots.get(page.file.src_uri)
        if filler is None or not slots or page.content is None:
            return context
        for name, slot in slots.items():
            if slot.indexed:
                html = sanitise_html(self._fill(filler, slot))
                page.content = page.content.replace(late_placeholder(name), html, 1)
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """Full texts go in last, and a generated page lets go of its text once written.

        MkDocs keeps every page's Markdown and HTML until the build ends, though nothing reads
        them after this (the search plugin has its copy): only one page's diff and full text
        are ever in memory.
        """
        filler = self._result.filler if self._result else None
        if page.file.src_uri in self._generated:
            # MkDocs reads a page's title from its Markdown: keep it, or later pages' navs
            # name this page "None".
            page.title = page.title
            page.markdown = page.content = None
        slots = self._slots.get(page.file.src_uri)
        if filler is None or not slots:
            return output
        for name, slot in slots.items():
            if not slot.indexed:
                output = output.replace(late_placeholder(name), self._fill(filler, slot), 1)
        return output

    @staticmethod
    def _fill(filler: SlotFiller, slot: Slot) -> str:
        try:
            return filler.html(slot)
        except ContentChanged as exc:  # edited or deleted during the build
            raise PluginError(f"policywatch: {exc}") from None

    @event_priority(100)  # Before other plugins finish: they see these pages' events too.
    def _write_pages(self, *, config: MkDocsConfig) -> None:
        """Render the pages MkDocs did not (see generator.engine.writer), or carry them over."""
        filler = self._result.filler if self._result else None
        if not self._own or filler is None or self._nav is None or self._env is None:
            return
        assert self._files is not None
        if self._serving:
            final = self._staging.site_dir(config)
            in_place = Carry(None, final, final)
            writer = PageWriter(config, self._env, self._nav, self._files, in_place)
            writer.start()
            pages = {file.dest_uri: (page, file) for page, file in self._own}
            self._served.built(writer, pages, self._slots, filler)
            log.info("policywatch: %d pages rendered when a browser asks for them", len(pages))
            return
        carry = self._carry or Carry(None, Path(config.site_dir), Path(config.site_dir))
        writer = PageWriter(config, self._env, self._nav, self._files, carry)
        writer.start()
        own = [
            (page, file, partial(filler.identities, self._slots.get(page.source_uri, {}).values()))
            for page, file in self._own
        ]
        processes = self.config.page_writers or os.cpu_count() or 1  # engine.forks
        writer.write_all(own, processes, stop_threads=filler.close)
        message = "policywatch: %d pages rendered, %d unchanged ones kept from the previous site"
        log.info(message, writer.rendered, len(self._own) - writer.rendered)

    @event_priority(-100)  # Last: every plugin has written its files when the site is swapped in.
    def _publish(self, *, config: MkDocsConfig) -> None:
        self._index_own_pages(config)
        self._finish()
        carry, self._carry = self._carry, None
        site = self._staging.publish(config, carry)
        if site is None:  # MkDocs fails this build right after us
            return
        if carry is not None:
            carry.save(site)
        self._served.published()

    on_post_build = CombinedEvent(_write_pages, _publish)

    def _index_own_pages(self, config: MkDocsConfig) -> None:
        """The pages PageWriter renders go into the search index and the sitemap too."""
        site = Path(config.site_dir)
        if config.site_url:
            listed = [page.url for page, _ in self._own if not urls.is_full_text(page.url)]
            sitemap.add_pages(site, config.site_url, listed)
        search.add_to_site(site, [(p.url, p.search) for p, _ in self._own if p.search])

    def on_build_error(self, *, error: Exception) -> None:
        """The build failed: drop the unfinished site; the previous one is still in place."""
        self._carry = None
        self._finish()
        self._staging.discard()

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: object
    ) -> LiveReloadServer:
        if self.config.enabled:
            server.watch(str(self._path(self.config.content_dir)))
            server.watch(str(self._path(self.config.config_dir)))
            poll_faster(server)
            self._served.hook(server)
        return server

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        """Theme templates compiled once per process, not once per rebuild (serve)."""
        if env.bytecode_cache is None:
            env.bytecode_cache = MemoryBytecodeCache()
        self._env, self._files = env, files
        return env
