"""What fills a page's slots once Markdown has rendered it: a change's diff, a version's full
text (see `markup.slot`). Each is made as its page is written, so that the bulk of a site's
HTML is never in memory at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator.site.evidence_html import mark_evidence

if TYPE_CHECKING:
    from collections.abc import Iterable

    from generator.analysis.analyse import Analysis
    from generator.content.model import Archive, Document, Version
    from generator.site.fulltext import FullTexts


@dataclass(frozen=True)
class Slot:
    """HTML the plugin puts in place of a `markup.slot()` after Markdown rendering."""

    kind: str  # "text": a version's full text; "diff": a change's diff
    key: str  # Version.key or Change.key
    part: int = 0  # of a full text shown over several pages (fulltext.text_parts); 0: whole

    @property
    def indexed(self) -> bool:
        """Whether the search index gets it: diffs yes, full texts no.

        Slots are filled one page at a time, as MkDocs writes the page (diffs just before
        the search plugin indexes it, full texts just before it is written), so MkDocs never
        holds the bulk of the site in memory: it keeps every page's HTML until the end.
        """
        return self.kind == "diff"


def late_placeholder(name: str) -> str:
    """What stands for a slot until its page is written (survives the sanitiser)."""
    return f'<div class="pw-late" id="pw-late-{name}"></div>'


def change_diff_html(analysis: Analysis, document: Document, key: str) -> str:
    """A change's diff as safe HTML, its evidence words marked ("" for a first version)."""
    found = analysis.shown_diff(document, key)
    return "" if found is None else mark_evidence(found.shown, found.marks)


@dataclass(frozen=True)
class SlotFiller:
    """Produces the HTML for slots, on demand (one page at a time keeps memory flat)."""

    archive: Archive
    analysis: Analysis
    full_texts: FullTexts
    _versions: dict[str, Version] = field(default_factory=dict)
    _documents: dict[tuple[str, str], Document] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._versions.update((v.key, v) for v in self.archive.versions())
        self._documents.update(((d.platform, d.slug), d) for d in self.archive.documents())

    def html(self, slot: Slot) -> str:
        if slot.kind == "text":
            body = self.full_texts.html(self._versions[slot.key], slot.part)
            return f'<div class="pw-fulltext">{body}</div>'
        diff = change_diff_html(self.analysis, self._document(slot.key), slot.key)
        return f'<div class="pw-diff">{diff}</div>'

    def _document(self, key: str) -> Document:
        version = self._versions[key]
        return self._documents[(version.platform, version.document)]

    def identity(self, slot: Slot) -> str:
        """What a slot's HTML depends on, besides the code: a page whose Markdown and slot
        identities are unchanged need not be rendered again."""
        if slot.kind == "text":
            return f"text:{self._versions[slot.key].sha256}:{slot.part}"
        return "diff:" + self.analysis.diff_digests.get(slot.key, "")

    def identities(self, slots: Iterable[Slot]) -> list[str]:
        """The identities of a page's slots."""
        return [self.identity(slot) for slot in slots]

    def close(self) -> None:
        """Stop background work (call when the build ends, successful or not)."""
        self.full_texts.close()
