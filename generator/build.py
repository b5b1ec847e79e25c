"""The whole pipeline for one build: load, analyse, render (no MkDocs here)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.analyse import analyse_archive
from generator.doctypes import load_document_types
from generator.freshness import STALE_AFTER_DAYS
from generator.load import LoadOptions, load_archive
from generator.model import Problem, Severity
from generator.render import Page, Site, SlotFiller, StaticFile, render_site

if TYPE_CHECKING:
    from datetime import datetime
    from pathlib import Path

    from generator.render import Slot


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


def build_site(
    content_dir: Path,
    config_dir: Path,
    *,
    max_snapshot_bytes: int = LoadOptions.max_snapshot_bytes,
    site_name: str = "PolicyWatch",
    site_url: str | None = None,
    now: datetime | None = None,
    stale_after_days: int = STALE_AFTER_DAYS,
) -> BuildResult:
    """Load and check the content, analyse every change, and render the site."""
    types, type_problems = load_document_types(config_dir / "document_types.yml")
    if not content_dir.is_dir():
        missing = Problem(
            str(content_dir), 0, "content folder not found: create it or set content_dir"
        )
        return BuildResult((*type_problems, missing))
    options = LoadOptions(max_snapshot_bytes=max_snapshot_bytes, now=now)
    archive = load_archive(content_dir, types, options)
    problems = (*type_problems, *archive.problems)
    if any(p.severity is Severity.ERROR for p in problems):
        return BuildResult(problems)
    analysis = analyse_archive(archive)
    pages: list[Page] = []
    static: list[StaticFile] = []
    site = Site(archive, analysis, site_name, site_url, now, stale_after_days)
    for item in render_site(site):
        if isinstance(item, Page):
            pages.append(item)
        else:
            static.append(item)
    return BuildResult(problems, tuple(pages), tuple(static), SlotFiller(archive, analysis))
