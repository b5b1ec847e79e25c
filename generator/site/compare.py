"""The compare page of a document: any two versions, diffed in the reader's browser.

The page lists every version's published plain text (`<stamp>.txt`), newest first; that list is
all a reader without JavaScript gets, and it is what `policywatch.js` reads to build the two
pickers. The script diffs the texts block by block and word by word with the vendored jsdiff,
and shows them rendered as the change pages do (headings, lists, tables, links) with the
vendored marked and DOMPurify, so the page works offline and snapshot text stays inert.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.site import markup, urls, widgets
from generator.site.history import document_title

if TYPE_CHECKING:
    from collections.abc import Sequence

    from generator.analysis.changes import Change
    from generator.content.model import Document, Platform


def compare_hash(from_stamp: str, to_stamp: str) -> str:
    """The permalink fragment of a comparison: `#FROM..TO`."""
    return f"#{from_stamp}..{to_stamp}"


def compare_link(from_url: str, platform: str, document: str, old: str, new: str) -> str:
    """A relative link from a page to the compare page, opened on two versions."""
    return urls.href(from_url, urls.compare(platform, document)) + compare_hash(old, new)


def compare_page(platform: Platform, document: Document, changes: Sequence[Change]) -> str:
    """Two pickers and a diff, built in the browser from the list of plain texts."""
    url = urls.compare(platform.slug, document.slug)
    title = document_title(platform, document)
    kinds = {change.to_stamp: change.kind.value for change in changes}
    items = []
    for version in reversed(document.versions):
        href = urls.href(url, urls.plain_text(platform.slug, document.slug, version.stamp))
        kind = "withdrawn" if version.withdrawn is not None else kinds.get(version.stamp, "")
        note = f' <span class="pw-compare__kind">{kind}</span>' if kind else ""
        items.append(f'<li><a href="{href}">{widgets.moment(version.stamp)}</a>{note}</li>')
    history = urls.relative(url, urls.document(platform.slug, document.slug))
    parts = [
        markup.front_matter(f"{title}: compare versions", search={"exclude": True}),
        f"# Compare versions of {markup.text(title)}\n",
        "Pick any two versions: the words removed and added between them are marked, as on "
        "the change pages. The comparison runs in your browser from the published plain "
        f"texts. Back to the [version history]({history}).\n",
        '<div class="pw-compare">\n'
        '<p class="pw-compare__nojs">Without JavaScript, open two plain texts below and compare '
        "them with any diff tool.</p>\n"
        f'<ol class="pw-compare__versions">\n{"".join(items)}\n</ol>\n'
        '<div class="pw-compare__output pw-diff" aria-live="polite"></div>\n'
        "</div>\n",
    ]
    if len(document.versions) < 2:
        parts.insert(3, "Only one version is recorded so far: there is nothing to compare.\n")
    return "\n".join(parts)
