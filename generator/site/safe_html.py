"""Snapshot Markdown to safe HTML, and the nh3 policy for generated pages.

Snapshot text arrives by pull request, so it is rendered by its own Markdown engine with no
raw HTML, no attribute syntax, no includes and no templates, then cleaned with a strict nh3
allowlist. Links keep only http(s) and mailto targets; images are never embedded (a
transparency site must not load platform images into readers' browsers): they become their
alt text in brackets, linked to the image when its URL is http(s).
"""

from __future__ import annotations

import html
import re
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

from generator.analysis.blocks import split_blocks
from generator.site.link_scan import bound_links
from generator.site.quicker import quicken

if TYPE_CHECKING:
    from re import Match

LINK_SCHEMES = frozenset({"http", "https", "mailto"})

# C0 controls other than tab and newline: Python-Markdown uses STX/ETX for its own placeholders,
# so a snapshot must never smuggle them in.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Browsers drop these anywhere in a URL before reading its scheme (`jav\tascript:`).
_URL_JUNK_RE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\ufeff]")


def safe_url(url: str) -> str | None:
    """`url` decoded, if it is an absolute http(s) or mailto URL; otherwise None."""
    decoded = _URL_JUNK_RE.sub("", html.unescape(url.replace(AMP_SUBSTITUTE, "&")))
    try:
        parts = urlsplit(decoded)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in LINK_SCHEMES:
        return None
    if scheme != "mailto" and (not parts.netloc or "\\" in decoded):
        return None
    return decoded


class _LineBreakTag(InlineProcessor):  # type: ignore[misc]  # untyped library
    """`<br>` (and `<br/>`), which Open Terms Archive tables use inside cells, as a real break."""

    def handleMatch(self, m: Match[str], data: str) -> tuple[Element, int, int]:
        return Element("br"), m.start(0), m.end(0)


class _LinksAndImages(Treeprocessor):  # type: ignore[misc]
    """Unsafe links become plain text; images become bracketed alt text."""

    def run(self, root: Element) -> None:
        for element in root.iter():
            if element.tag == "a":
                href = safe_url(element.get("href", ""))
                title = element.get("title")
                element.attrib.clear()
                if href is None:
                    element.tag = "span"
                else:
                    element.set("href", href)
                    if title:
                        element.set("title", title)
            elif element.tag == "img":
                src = safe_url(element.get("src", ""))
                alt = (element.get("alt") or "").strip() or "image"
                element.attrib.clear()
                element.tag = "a" if src and src.startswith(("http:", "https:")) else "span"
                if element.tag == "a":
                    element.set("href", src or "")
                element.set("class", "pw-image")
                element.text = f"[{alt}]"


class _SafeSnapshot(Extension):  # type: ignore[misc]
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Raw HTML is not passed through: `<script>` stays the text "<script>".
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        # Obfuscated e-mail autolinks go through entity tricks that defeat URL checks.
        md.inlinePatterns.deregister("automail")
        md.inlinePatterns.register(_LineBreakTag(r"<[Bb][Rr][ \t]*/?>", md), "pw_line_break", 95)
        # A link's text and target must end within a few lines (`link_scan`).
        bound_links(md)
        # After inline parsing and unescaping, so the checked URL is the final one.
        md.treeprocessors.register(_LinksAndImages(md), "pw_links", -10)
        # Keep the number of an ordered list that does not start at 1 (a diff shows item 7 as 7).
        md.parser.blockprocessors["olist"].LAZY_OL = False


def plain_engine() -> markdown.Markdown:
    """A new snapshot engine as Python-Markdown builds it; pages use it quickened (`_engine`)."""
    return markdown.Markdown(
        extensions=["tables", "sane_lists", _SafeSnapshot()],
        extension_configs={"tables": {"use_align_attribute": True}},
        output_format="html",
    )


@cache
def _engine() -> markdown.Markdown:
    return quicken(plain_engine())


# The classes diff and snapshot HTML carry, and what each means (the site's CSS styles them).
CSS_CLASSES = {
    "critic": "on <ins>/<del>: inserted/deleted words (Material styles these, light and dark)",
    "pw-block-insert": "on a block element (p, li, tr, h1-h6, pre, blockquote): a new block",
    "pw-block-delete": "on a block element: a block that was removed (shown struck through)",
    "pw-block-change": "on a block element: a block whose words changed (ins/del inside)",
    "pw-unchanged": "on <p>: a fold standing for unchanged blocks not shown, or the no-change note",
    "pw-truncated": "on <p>: the note that further changes were left out to keep the page light",
    "pw-image": "on <a>/<span>: an image shown as its bracketed alt text, never embedded",
}
_BLOCK_CLASSES = {"pw-block-insert", "pw-block-delete", "pw-block-change"}
_BLOCK_TAGS = ("p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote")
SNAPSHOT_CLASSES: dict[str, set[str]] = {
    **{tag: set(_BLOCK_CLASSES) for tag in _BLOCK_TAGS},
    "p": _BLOCK_CLASSES | {"pw-unchanged", "pw-truncated"},
    "ins": {"critic"},
    "del": {"critic"},
    "a": {"pw-image"},
    "span": {"pw-image"},
}
SNAPSHOT_TAGS = frozenset(
    {
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote",
        "pre", "code", "em", "strong", "a", "span", "table", "thead", "tbody", "tr", "th", "td",
        "ins", "del",
    }
)  # fmt: skip
_SNAPSHOT_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}


# Ids a diff gives its changed blocks (see diff_markers): the only ids snapshot HTML keeps.
_ANCHORED = frozenset({*_BLOCK_TAGS, "span"})
_ANCHOR_RE = re.compile(r"pw-change-[0-9]{1,9}")


def _anchor_ids_only(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return value if _ANCHOR_RE.fullmatch(value) else None
    return value


# Every link of snapshot text: no ranking passed to it, no referrer sent. `noreferrer` implies
# `noopener` (HTML, "link types"), so that word is not written again: on a full text of 5,000
# links it was 47 KB of the page.
SNAPSHOT_LINK_REL = "nofollow noreferrer"


def _snapshot_cleaner(*, anchors: bool) -> nh3.Cleaner:
    attributes = {k: set(v) for k, v in _SNAPSHOT_ATTRIBUTES.items()}
    if anchors:
        attributes.update({t: {"id", *_SNAPSHOT_ATTRIBUTES.get(t, ())} for t in _ANCHORED})
    return nh3.Cleaner(
        tags=set(SNAPSHOT_TAGS),
        attributes=attributes,
        attribute_filter=_anchor_ids_only if anchors else None,
        allowed_classes=SNAPSHOT_CLASSES,
        url_schemes=set(LINK_SCHEMES),
        url_relative="deny",
        link_rel=SNAPSHOT_LINK_REL,
        strip_comments=True,
    )


# Built once: a full text is cleaned section by section, thousands of calls per document.
_SNAPSHOT_CLEANERS = {anchors: _snapshot_cleaner(anchors=anchors) for anchors in (False, True)}


def clean_snapshot_html(fragment: str, *, anchors: bool = False) -> str:
    """The strict nh3 pass for HTML made from snapshot text; with `anchors`, a diff's own
    block ids (`pw-change-N`) are kept, and no other id."""
    return _SNAPSHOT_CLEANERS[anchors].clean(fragment)


# Real policies have at most a few dozen `[` in a paragraph; a paragraph with more than this
# many is hostile or broken, and its brackets are shown as text rather than parsed as links.
BRACKETS_PER_BLOCK = 200
_UNESCAPED_BRACKET_RE = re.compile(r"(\\*)\[")


def _escape_brackets(match: Match[str]) -> str:
    backslashes = match.group(1)
    return backslashes + ("\\[" if len(backslashes) % 2 == 0 else "[")


def _defuse_brackets(text: str) -> str:
    """`text` with the `[` of bracket-stuffed blocks escaped (link parsing is quadratic)."""
    if text.count("[") <= BRACKETS_PER_BLOCK:
        return text
    return "".join(
        _UNESCAPED_BRACKET_RE.sub(_escape_brackets, b.text)
        if b.text.count("[") > BRACKETS_PER_BLOCK
        else b.text
        for b in split_blocks(text)
    )


# Python-Markdown's inline pass rebuilds a block's text once per inline match (escape, entity,
# link, code span…): quadratic in the block's size. Real paragraphs stay under 11 KB and 200
# such characters (the corpus); a block far beyond either is hostile or broken, and is shown as
# plain text (linear) in place of the placeholder `_GIANT` + its number + `_GIANT`.
GIANT_BLOCK_CHARS = 50_000
GIANT_BLOCK_INLINE = 1_000
_INLINE_CHARACTERS = "&\\`<[]*_!"
_GIANT = "\x01"  # a control character: removed from the input first, so it cannot be forged


def _giant(text: str) -> bool:
    return (
        len(text) > GIANT_BLOCK_CHARS
        or sum(map(text.count, _INLINE_CHARACTERS)) > GIANT_BLOCK_INLINE
    )


def _set_aside_giants(text: str) -> tuple[str, list[str]]:
    """`text` with its giant blocks replaced by placeholder paragraphs, and those blocks."""
    if not _giant(text):
        return text, []
    kept: list[str] = []
    giants: list[str] = []
    for block in split_blocks(text):
        if _giant(block.text):
            kept.append(f"\n\n{_GIANT}{len(giants)}{_GIANT}\n\n")
            giants.append(block.text.strip("\n"))
        else:
            kept.append(block.text)
    return "".join(kept), giants


def _put_back_giants(html_text: str, giants: list[str]) -> str:
    for number, giant in enumerate(giants):
        html_text = html_text.replace(f"{_GIANT}{number}{_GIANT}", html.escape(giant, quote=False))
    return html_text


# Python-Markdown recurses once per level of list or quote nesting (a thousand levels crash
# it) and slows down quadratically with quote depth; policies nest a few levels at most.
MAX_DEPTH = 8
_DEEP_INDENT_RE = re.compile(rf"^(?:    |\t| {{0,3}}\t){{{MAX_DEPTH + 1},}}", re.MULTILINE)
_DEEP_QUOTE_RE = re.compile(rf"^((?:[ \t]*>){{{MAX_DEPTH}}})(?:[ \t]*>)+", re.MULTILINE)


def _limit_nesting(text: str) -> str:
    if "\t" in text or " " * 4 * (MAX_DEPTH + 1) in text:  # else no line is indented that deep
        text = _DEEP_INDENT_RE.sub("    " * MAX_DEPTH, text)
    return _DEEP_QUOTE_RE.sub(r"\1", text) if text.count(">") > MAX_DEPTH else text


_HEADING_TAG_RE = re.compile(r"<(/?)h([1-6])\b")


def _demote_headings(html_text: str) -> str:
    """Snapshot headings one level down: the page's own title is its only `<h1>` (safe as a
    regex: the engine escapes every `<` that came from the snapshot text)."""
    return _HEADING_TAG_RE.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}", html_text)


def render_markdown(text: str) -> str:
    """Snapshot Markdown to HTML by the safe engine, before the final nh3 pass."""
    engine = _engine()
    engine.reset()
    text, giants = _set_aside_giants(without_controls(text))
    text = _limit_nesting(_defuse_brackets(text))
    try:
        return _put_back_giants(_demote_headings(str(engine.convert(text))), giants)
    except RecursionError:  # not seen after the limits above; never a traceback for a reader
        engine.reset()
        paragraphs = (html.escape(p) for p in re.split(r"\n\s*\n", text) if p.strip())
        return "".join(f"<p>{p}</p>\n" for p in paragraphs)


def without_controls(text: str) -> str:
    """`text` without the control characters the engine never sees (tab and breaks stay)."""
    return _CONTROL_RE.sub("", text)


# --- Generated pages -------------------------------------------------------------------------

# Everything Material for MkDocs and the usual pymdownx extensions put in page content.
PAGE_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd",
        "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2",
        "h3", "h4", "h5", "h6", "hr", "i", "input", "ins", "kbd", "label", "li", "mark", "nav",
        "ol", "p", "path", "pre", "q", "s", "samp", "section", "small", "span", "strong",
        "sub", "summary", "sup", "svg", "table", "tbody", "td", "tfoot", "th", "thead", "time",
        "tr", "u", "ul", "var", "wbr",
        # Our own pages: inline SVG charts and the timeline's filters (read by policywatch.js).
        "circle", "desc", "g", "line", "option", "polygon", "polyline", "rect",
        "select", "text", "title", "tspan",
    }
)  # fmt: skip
_PAGE_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "id", "title", "lang", "dir", "aria-label", "aria-hidden", "role"},
    # `rel` kept as given: snapshot links carry SNAPSHOT_LINK_REL from `snapshot_html`; the
    # site's own links need none (nothing opens a new window).
    "a": {"href", "hreflang", "type", "rel"},
    "abbr": {"title"},
    "col": {"span"},
    "colgroup": {"span"},
    "details": {"open"},
    "div": {"data-tabs", "aria-live", "hidden"},
    "input": {"type", "name", "checked", "disabled"},
    "label": {"for"},
    "ol": {"start", "reversed", "type"},
    "path": {"d", "fill", "fill-rule", "clip-rule"},
    "q": {"cite"},
    "svg": {"xmlns", "viewBox", "viewbox", "width", "height", "fill", "focusable"}
    | {"aria-labelledby", "preserveAspectRatio", "preserveaspectratio"},
    "circle": {"cx", "cy", "r"},
    "line": {"x1", "x2", "y1", "y2"},
    "rect": {"x", "y", "width", "height", "rx"},
    "text": {"x", "y", "dx", "dy", "text-anchor"},
    "tspan": {"x", "y", "dx", "dy"},
    "polygon": {"points"},
    "polyline": {"points"},
    "g": {"transform"},
    "select": {"name", "multiple"},
    "option": {"value", "selected", "data-noise"},
    "tr": {"data-platform", "data-document", "data-kind", "data-categories"},
    "td": {"align", "colspan", "rowspan", "style"},
    "th": {"align", "colspan", "rowspan", "scope", "style"},
    "time": {"datetime"},
}


# Content tabs use radio buttons and task lists checkboxes; any other input (a text field, a
# button, or one whose type was dropped, which browsers show as a text field) goes.
_STRAY_INPUT_RE = re.compile(r'<input\b(?![^>]*\stype="(?:radio|checkbox)")[^>]*>')
# Built once, as the snapshot cleaners are: a collection has tens of thousands of pages.
_PAGE_CLEANER = nh3.Cleaner(
    tags=set(PAGE_TAGS),
    attributes=_PAGE_ATTRIBUTES,
    generic_attribute_prefixes={"data-search-"},
    link_rel=None,
    url_schemes=set(LINK_SCHEMES),
    filter_style_properties={"text-align"},
    strip_comments=True,
)


def sanitise_html(fragment: str) -> str:
    """The nh3 policy for generated pages: keeps Material's markup, drops anything active.

    Kept: headings with ids and headerlinks, admonitions, details, content tabs (radio inputs
    and labels), task lists, tables (text-align only), footnotes, inline SVG icons, `time`,
    `data-search-exclude`, classes and ids. Dropped: scripts, styles, event handlers, forms,
    iframes, images, and URLs other than http(s), mailto and relative ones.
    """
    return _STRAY_INPUT_RE.sub("", _PAGE_CLEANER.clean(fragment))
