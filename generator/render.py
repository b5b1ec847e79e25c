"""Render the site: every generated page as Markdown, every generated file as text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator import urls
from generator.export import changes_json, documents_json
from generator.render_history import document_page, plain_text, version_page
from generator.render_index import changes_page, home_page, platform_page, platforms_page
from generator.safe_html import snapshot_html

if TYPE_CHECKING:
    from collections.abc import Iterator

    from generator.analyse import Analysis
    from generator.model import Archive, Version


@dataclass(frozen=True)
class Slot:
    """HTML the plugin puts in place of a `markup.slot()` after Markdown rendering."""

    kind: str  # "text": a version's full text; "diff": a change's diff
    key: str  # Version.key or Change.key

    @property
    def late(self) -> bool:
        """Filled into the finished page, after search indexing, one page at a time.

        Full texts are the bulk of the site: kept out of the search index and out of the
        pages MkDocs holds in memory until the end of the build.
        """
        return self.kind == "text"


def late_placeholder(name: str) -> str:
    """What stands for a late slot until the page is written (survives the sanitiser)."""
    return f'<div class="pw-late" id="pw-late-{name}"></div>'


@dataclass(frozen=True)
class Page:
    """A generated Markdown page."""

    url: str
    markdown: str
    in_nav: bool = False
    slots: dict[str, Slot] = field(default_factory=dict)

    @property
    def source_uri(self) -> str:
        return urls.source_uri(self.url)


@dataclass(frozen=True)
class StaticFile:
    """A generated file copied to the site as is (plain texts, JSON)."""

    url: str
    content: str


@dataclass(frozen=True)
class Site:
    """What the renderer needs to know."""

    archive: Archive
    analysis: Analysis
    site_name: str = "PolicyWatch"


def render_site(site: Site) -> Iterator[Page | StaticFile]:
    """Every page and file of the site, in a stable order."""
    archive, analysis = site.archive, site.analysis
    yield Page(urls.HOME, home_page(archive, analysis), in_nav=True)
    yield Page(urls.PLATFORMS, platforms_page(archive, analysis), in_nav=True)
    yield Page(urls.CHANGES, changes_page(archive, analysis), in_nav=True)
    for platform in archive.platforms:
        yield Page(urls.platform(platform.slug), platform_page(platform, analysis), in_nav=True)
        for document in platform.documents:
            changes = analysis.for_document(document)
            yield Page(
                urls.document(platform.slug, document.slug),
                document_page(platform, document, changes),
                in_nav=True,
            )
            by_stamp = {change.to_stamp: change for change in changes}
            for index, version in enumerate(document.versions):
                change = by_stamp.get(version.stamp)
                slots = {"text": Slot("text", version.key)}
                if change is not None and change.from_stamp is not None:
                    slots["diff"] = Slot("diff", change.key)
                yield Page(
                    urls.version(platform.slug, document.slug, version.stamp),
                    version_page(platform, document, index, change),
                    slots=slots,
                )
                yield StaticFile(
                    urls.plain_text(platform.slug, document.slug, version.stamp),
                    plain_text(version),
                )
    yield StaticFile(urls.CHANGES_JSON, changes_json(archive, analysis))
    yield StaticFile(urls.DOCUMENTS_JSON, documents_json(archive))


@dataclass(frozen=True)
class SlotFiller:
    """Produces the HTML for slots, on demand (one page at a time keeps memory flat)."""

    archive: Archive
    analysis: Analysis
    _versions: dict[str, Version] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._versions.update((v.key, v) for v in self.archive.versions())

    def html(self, slot: Slot) -> str:
        if slot.kind == "text":
            body = snapshot_html(self._versions[slot.key].text)
            return f'<div class="pw-fulltext">{body}</div>'
        return f'<div class="pw-diff">{self.analysis.diffs.get(slot.key, "")}</div>'
