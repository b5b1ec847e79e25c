"""The whole pipeline for one build: load, analyse, render (no MkDocs here)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.analysis.analyse import analyse_archive
from generator.analysis.cache import Cache
from generator.analysis.taxonomy import load_taxonomy
from generator.analysis.walk import Present, present_nothing
from generator.content.doctypes import load_document_types
from generator.content.load import LoadOptions, load_archive
from generator.content.problems import Problem, Severity
from generator.site.diff_html import diff_html
from generator.site.freshness import STALE_AFTER_DAYS
from generator.site.fulltext import FullTexts
from generator.site.render import (
    INLINE_TEXT_MAX_BYTES,
    Page,
    Site,
    StaticFile,
    render_site,
)
from generator.site.slots import SlotFiller

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime
    from pathlib import Path

    from generator.analysis.analyse import Analysis
    from generator.analysis.backends import Backend
    from generator.content.model import Archive, Platform
    from generator.site.slots import Slot


@dataclass(frozen=True)
class BuildResult:
    """Generated pages and files, or the problems that stopped the build."""

    problems: tuple[Problem, ...]
    pages: tuple[Page, ...] = ()
    static_files: tuple[StaticFile, ...] = ()
    filler: SlotFiller | None = None

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def slots(self) -> dict[str, dict[str, Slot]]:
        """Slots of each page that has some, by source URI."""
        return {page.source_uri: page.slots for page in self.pages if page.slots}


@dataclass(frozen=True)
class Analysed:
    """The loaded archive and its analysis, or the problems that stopped them."""

    problems: tuple[Problem, ...]
    archive: Archive | None = None
    analysis: Analysis | None = None

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)


def load_and_analyse(
    content_dir: Path,
    config_dir: Path,
    options: LoadOptions | None = None,
    cache: Cache | None = None,
    present: Present = present_nothing,
    backend: Backend | None = None,
    on_platform: Callable[[Platform], object] | None = None,
) -> Analysed:
    """Load the site configuration and the content, check them, and analyse every change.

    `present` renders the diffs pages show: the site's HTML for a build, nothing for tools
    that show none (the export). `backend` runs the analysis (default: local processes).
    `on_platform` is called with each platform as it is loaded (see `load_archive`).
    """
    types, type_problems = load_document_types(config_dir / "document_types.yml")
    taxonomy, taxonomy_problems = load_taxonomy(config_dir / "taxonomy.yml")
    config_problems = (*type_problems, *taxonomy_problems)
    if not content_dir.is_dir():
        missing = Problem(
            str(content_dir), 0, "content folder not found: create it or set `content_dir`"
        )
        return Analysed((*config_problems, missing))
    archive = load_archive(content_dir, types, options or LoadOptions(), on_platform)
    problems = (*config_problems, *archive.problems)
    if any(p.severity is Severity.ERROR for p in problems):
        return Analysed(problems)
    analysis = analyse_archive(archive, taxonomy, cache, present=present, backend=backend)
    return Analysed(problems, archive, analysis)


def build_site(
    content_dir: Path,
    config_dir: Path,
    *,
    options: LoadOptions | None = None,
    site_name: str = "PolicyWatch",
    site_url: str | None = None,
    now: datetime | None = None,
    stale_after_days: int = STALE_AFTER_DAYS,
    cache: Cache | None = None,
    inline_text_max_bytes: int = INLINE_TEXT_MAX_BYTES,
    backend: Backend | None = None,
) -> BuildResult:
    """Load and check the content, analyse every change, and render the site.

    With a `cache`, full texts start rendering in the background while the content is loaded,
    platform by platform, and go on while the analysis runs (see generator.site.fulltext): call
    `BuildResult.filler.close()` when the build ends.
    """
    full_texts = FullTexts(cache or Cache(None))
    try:
        analysed = load_and_analyse(
            content_dir,
            config_dir,
            options or LoadOptions(now=now),
            cache,
            present=diff_html,
            backend=backend,
            on_platform=lambda platform: full_texts.prepare(platform.versions()),
        )
        if analysed.archive is None or analysed.analysis is None:
            full_texts.close()
            return BuildResult(analysed.problems)
        archive, analysis = analysed.archive, analysed.analysis
        pages: list[Page] = []
        static: list[StaticFile] = []
        site = Site(
            archive,
            analysis,
            full_texts.part_count,
            site_name,
            site_url,
            now,
            stale_after_days,
            inline_text_max_bytes,
            cache or Cache(None),
        )
        for item in render_site(site):
            if isinstance(item, Page):
                pages.append(item)
            else:
                static.append(item)
    except BaseException:  # the background workers stop with the build
        full_texts.close()
        raise
    filler = SlotFiller(archive, analysis, full_texts)
    return BuildResult(analysed.problems, tuple(pages), tuple(static), filler)
