"""The generated pages MkDocs does not render: rendered here, each one once.

MkDocs renders every page it is handed on every build and keeps them all in memory until the
build ends; on a whole Open Terms Archive collection that is tens of thousands of version
pages, minutes and gigabytes for each new snapshot. So the plugin hands MkDocs only the pages
of its navigation. Every other generated page is known to MkDocs as a file (links to it
resolve and are checked, as for any page) and rendered here, through the same steps as
MkDocs' own build of a page: the plugin events (`on_pre_page` to `on_post_page`, so the
policywatch plugin sanitises it like any generated page), MkDocs' Markdown rendering and page
context, and the theme's template. One page is in memory at a time.

A page is rendered again only when something that makes it has changed: its Markdown, the HTML
that fills its slots, the code, or the page chrome (theme, configuration, navigation; seen by
rendering a probe page). Otherwise the previous site's file is carried over (see
generator.site.carryover). A version page is known by what its Markdown is made from
(`Page.key`), so the tens of thousands of an unchanged collection are not even made.
"""

from __future__ import annotations

import hashlib
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.commands.build import get_context
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import write_file

from generator.analysis.cache import code_fingerprint
from generator.engine.forks import can_fork, in_forks
from generator.site import markup, urls
from generator.site.carryover import fingerprint
from generator.site.render import Streamed

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation

    from generator.site import render
    from generator.site.carryover import Carry

PROBE_URL = "policywatch-probe/"
FORK_MIN_PAGES = 200
"""Fewer pages to render than this are rendered in this process alone (engine.forks)."""
FORK_RUN = 50
"""Consecutive pages a process takes at a time, those of no document (a document's pages are
taken together: `_document_of`)."""
PROBE = "---\ntitle: Probe\n---\n\n# Probe\n\nA page that is never written.\n"


class OwnPage(File):
    """A generated page rendered by `PageWriter`: a file to MkDocs (links to it resolve), not
    a page it renders, and nothing it copies."""

    def is_documentation_page(self) -> bool:
        return False

    def copy_file(self, dirty: bool = False) -> None:
        """Written by `PageWriter`, after MkDocs' own pages."""

    @classmethod
    def for_url(cls, config: MkDocsConfig, url: str) -> OwnPage:
        file = cls.generated(
            config, _source_uri(url), content="", inclusion=InclusionLevel.NOT_IN_NAV
        )
        file.dest_uri = posixpath.join(url, "index.html")
        return file  # type: ignore[return-value]  # `generated` builds `cls`


class KeptFile(File):
    """A file of the previous site kept where it is (generator.site.carryover, `in_place`):
    known to MkDocs, so links to it resolve, and never copied."""

    def copy_file(self, dirty: bool = False) -> None:
        """Already in the published site."""


def text_file(config: MkDocsConfig, static: render.StaticFile, carry: Carry | None) -> File:
    """A generated file (a version's plain text, a feed, an export), written straight into the
    site being built (MkDocs, finding it in place, leaves it there), or the previous site's
    when it is the same text: linked into the new folder, or kept where it is when the site is
    updated in place."""
    # Paths as strings, not Paths: a collection has tens of thousands of these files.
    target = f"{config.site_dir}/{static.url}"
    made: Path | None = None  # a streamed file, written beside its place while it is hashed
    if isinstance(static.data, Streamed) and static.key is None:
        made = _beside(target)
        identity, content = _write_streamed(made, static.data), None
    else:
        identity, content = static.made()
    made_from = f"text:{identity}"
    if carry is not None and carry.reuse(static.url, made_from):
        if made is not None:
            made.unlink()
        if carry.in_place:
            return KeptFile.generated(config, static.url, abs_src_path=carry.old_file(static.url))
    else:
        path = Path(target)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(static.data, Streamed):
            if made is None:  # a file with a key is made once it is known to have changed
                made = _beside(target)
                _write_streamed(made, static.data)
            made.replace(path)
        else:
            path.write_text(static.content if content is None else content, encoding="utf-8")
        if carry is not None:
            carry.wrote(static.url, made_from)
    return File.generated(config, static.url, abs_src_path=target)


def _beside(target: str) -> Path:
    """Where a streamed file is written before it takes its place."""
    return Path(target).with_name(f".{Path(target).name}.part")


def _write_streamed(path: Path, streamed: Streamed) -> str:
    """Write `streamed` into `path`, one piece at a time; the SHA-256 of what was written
    (as `StaticFile.made` gives it for the same text). Nothing is left behind on failure."""
    path.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    try:
        with path.open("wb") as out:
            for piece in streamed.make():
                digest.update(piece)
                out.write(piece)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return digest.hexdigest()


def _document_of(todo: tuple[render.Page, OwnPage]) -> str | None:
    """The document a page belongs to, if any: its pages are written by one process, which
    renders the sections their full texts share once."""
    return urls.document_of(todo[0].url)


def _source_uri(url: str) -> str:
    return f"{url}index.md"


class PageWriter:
    """Renders `OwnPage`s into the site being built, or carries them over unchanged."""

    def __init__(
        self,
        config: MkDocsConfig,
        env: Environment,
        nav: Navigation,
        files: Files,
        carry: Carry,
    ) -> None:
        self.config = config
        self.env = env
        self.nav = nav
        self.files = files
        self.carry = carry
        self.rendered = 0
        self._doc_files: Sequence[File] = files.documentation_pages()
        self._chrome = ""

    def start(self) -> None:
        """Render the probe page: what the theme, configuration and navigation put around a
        page's content, hashed into every page's fingerprint."""
        probe = OwnPage.for_url(self.config, PROBE_URL)
        probe.content_string = PROBE
        html = self._render(probe)
        config_file = self.config.config_file_path
        settings = hashlib.sha256(Path(config_file).read_bytes()).hexdigest() if config_file else ""
        self._chrome = fingerprint(code_fingerprint(), settings, html)

    def write(self, page: render.Page, file: OwnPage, slots: Callable[[], Sequence[str]]) -> bool:
        """Write `page` into the site (`slots`: the identities of what fills its slots); False
        when the previous site's file was carried over instead.

        A page is known by its Markdown, or by its `key` when it has one (its Markdown is then
        made only if the page is rendered), and its slot identities.
        """
        made_from = self._made_from(page, slots)
        if self.carry.reuse(file.dest_uri, made_from):
            return False
        self._make((page, file))
        self.carry.wrote(file.dest_uri, made_from)
        self.rendered += 1
        return True

    def write_all(
        self,
        pages: Sequence[tuple[render.Page, OwnPage, Callable[[], Sequence[str]]]],
        processes: int = 1,
        stop_threads: Callable[[], None] = lambda: None,
    ) -> None:
        """`write` every page; those to render shared with `processes - 1` forked copies of
        this process when there are at least FORK_MIN_PAGES (see engine.forks).
        `stop_threads` ends this process' other threads (background workers) before it forks.
        """
        todo: list[tuple[render.Page, OwnPage]] = []  # not their Markdown: made again in turn
        made: list[str] = []
        for page, file, slots in pages:
            made_from = self._made_from(page, slots)
            if not self.carry.reuse(file.dest_uri, made_from):
                todo.append((page, file))
                made.append(made_from)
        if len(todo) < FORK_MIN_PAGES:
            processes = 1
        elif processes > 1:
            stop_threads()
        in_forks(todo, self._make, processes if can_fork() else 1, FORK_RUN, _document_of)
        for (_, file), made_from in zip(todo, made, strict=True):
            self.carry.wrote(file.dest_uri, made_from)
        self.rendered += len(todo)

    def _made_from(self, page: render.Page, slots: Callable[[], Sequence[str]]) -> str:
        """The page's fingerprint: of its key, or of its Markdown when it has none."""
        made = f"key:{page.key}" if page.key is not None else f"markdown:{page.markdown}"
        return fingerprint(self._chrome, page.url, made, *slots())

    def _make(self, todo: tuple[render.Page, OwnPage]) -> None:
        """Render a page and write it into the site being built."""
        page, file = todo
        file.content_string, held = page.held_markdown()
        try:
            html = self._render(file, held)
        finally:
            file.content_string = ""  # the Markdown is not kept
        target = self.carry.new_site / file.dest_uri
        write_file(html.encode("utf-8", errors="xmlcharrefreplace"), str(target))

    def _render(self, file: OwnPage, held: Sequence[str] = ()) -> str:
        """A page rendered as MkDocs' build renders one (mkdocs.commands.build); `held`: the
        generated HTML blocks its Markdown stands for (site.markup.hold)."""
        config, plugins = self.config, self.config.plugins
        page = Page(None, file, config)
        config._current_page = page
        try:
            page = plugins.on_pre_page(page, config=config, files=self.files)
            page.read_source(config)
            page.meta["search"] = {"exclude": True}  # indexed by the plugin (site.search)
            assert page.markdown is not None
            page.markdown = plugins.on_page_markdown(
                page.markdown, page=page, config=config, files=self.files
            )
            page.render(config, self.files)
            assert page.content is not None
            page.content = plugins.on_page_content(
                markup.put_back(page.content, held), page=page, config=config, files=self.files
            )
            page.active = True
            context = get_context(self.nav, self._doc_files, config, page)
            template = self.env.get_template(page.meta.get("template", "main.html"))
            context = plugins.on_page_context(context, page=page, config=config, nav=self.nav)
            output = template.render(context)
            result: str = plugins.on_post_page(output, page=page, config=config)
            return result
        finally:
            page.active = False
            config._current_page = None
            file.page = None  # the page, its HTML and its table of contents go
