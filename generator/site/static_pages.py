"""Every generated page as a ready page, for engines that run no plugin (Zensical).

A page here is what the MkDocs plugin makes of it: the page's Markdown rendered, sanitised by
the page policy, its diff and full text filled in. It is written as a Markdown file whose body
is that HTML, armoured so that the engine's own Markdown passes it through unchanged:

- one line, wrapped in a `<div>`: a raw HTML block, which Markdown does not parse inside;
- every ASCII punctuation mark, newline and tab of a text or attribute value written as a
  character reference (`{` as `&#123;`): no Markdown, template (`{{ }}`, `{% %}`), include
  (`--8<--`), CriticMarkup or maths syntax is left for the engine, or a plugin it may run
  (macros), to find, whatever a snapshot says. Browsers read the references as the characters.

Tags come only from the sanitised HTML's own well-formed tags; anything else is text.
"""

from __future__ import annotations

import html
import posixpath
import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import markdown
import yaml
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from generator.site import urls
from generator.site.markup import SLOT_RE
from generator.site.render import Page
from generator.site.safe_html import sanitise_html
from generator.site.slots import late_placeholder

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from generator.site.slots import Slot, SlotFiller

# The Markdown of generated pages needs these (the demo's mkdocs.yml has them); nothing else
# runs on it here, whatever the site enables for its hand-written pages.
PAGE_EXTENSIONS = (
    "tables",
    "admonition",
    "attr_list",
    "md_in_html",
    "toc",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tabbed",
)
PAGE_EXTENSION_CONFIGS = {"toc": {"permalink": True}, "pymdownx.tabbed": {"alternate_style": True}}

_FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.DOTALL)
_TAG = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z_:][-a-zA-Z0-9_.:]*(?:=\"[^\"]*\")?)*)\s*/?>"
)
_ATTRIBUTE = re.compile(r"([a-zA-Z_:][-a-zA-Z0-9_.:]*)(?:=\"([^\"]*)\")?")
_SPECIAL = re.compile(r"[^A-Za-z0-9 \u00a0-\u2027\u202a-\uffff]")
# Control characters are no text: dropped (browsers read `&#128;`-`&#159;` as other characters).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class _PageLinks(Treeprocessor):  # type: ignore[misc]  # untyped library
    """Links to source files (`../x/index.md`) as links to their pages (`../x/`), as MkDocs
    makes them. Generated pages are all `index.md`: other relative links need no change."""

    page_url = urls.HOME

    def run(self, root: Element) -> None:
        for link in root.iter("a"):
            link.set("href", page_link(self.page_url, link.get("href", "")))


def page_link(page_url: str, target: str) -> str:
    """`target`, a link in the page at `page_url`, as a link between built pages."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.endswith(".md"):
        return target
    here = posixpath.dirname(urls.source_uri(page_url))
    source = posixpath.normpath(posixpath.join(here, parts.path))
    stem = source.removesuffix(".md")
    url = stem.removesuffix("index") if posixpath.basename(stem) == "index" else f"{stem}/"
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return urls.href(page_url, url) + fragment


class _PageDialect(Extension):  # type: ignore[misc]
    def __init__(self) -> None:
        super().__init__()
        self.links: _PageLinks | None = None

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        self.links = _PageLinks(md)
        md.treeprocessors.register(self.links, "pw_page_links", 0)


class PageRenderer:
    """Renders generated pages one at a time, with one Markdown engine."""

    def __init__(self, filler: SlotFiller) -> None:
        self.filler = filler
        self._dialect = _PageDialect()
        self._engine = markdown.Markdown(
            extensions=[*PAGE_EXTENSIONS, self._dialect],
            extension_configs=PAGE_EXTENSION_CONFIGS,
            output_format="html",
        )

    def html(self, page: Page) -> str:
        """The page's body as safe HTML, as the plugin makes it: rendered, sanitised, slots
        filled (a full text marked to be left out of the search index, as in MkDocs)."""
        return page_html(page, self.filler, self._render(page))

    def ready(self, page: Page) -> str:
        """The page's Markdown file: its front matter, then its HTML, armoured."""
        return f'{_front_matter(page)}<div class="pw-page">{armour(self.html(page))}</div>\n'

    def _render(self, page: Page) -> str:
        assert self._dialect.links is not None
        self._dialect.links.page_url = page.url
        self._engine.reset()
        return str(self._engine.convert(_FRONT_MATTER.sub("", page.markdown, count=1)))


def page_html(page: Page, filler: SlotFiller, rendered: str) -> str:
    """A page's rendered Markdown, sanitised, with its slots filled."""
    placeholders = SLOT_RE.sub(
        lambda m: late_placeholder(m.group(1)) if m.group(1) in page.slots else "", rendered
    )
    safe = sanitise_html(placeholders)
    for name, slot in page.slots.items():
        safe = safe.replace(late_placeholder(name), _slot_html(filler, slot), 1)
    return safe


def _slot_html(filler: SlotFiller, slot: Slot) -> str:
    filled = sanitise_html(filler.html(slot))
    if slot.indexed:
        return filled
    return filled.replace(
        '<div class="pw-fulltext">', '<div class="pw-fulltext" data-search-exclude>', 1
    )


def armour(fragment: str) -> str:
    """Sanitised HTML on one line, every ASCII punctuation mark of its text and attribute values
    as a character reference: the same page in a browser, and nothing any Markdown or template
    engine reads as syntax."""
    out: list[str] = []
    position = 0
    for tag in _TAG.finditer(fragment):
        out.append(_text(fragment[position : tag.start()]))
        closing, name, attributes = tag.group(1), tag.group(2).lower(), tag.group(3)
        if closing:
            out.append(f"</{name}>")
        else:
            out.append(f"<{name}{''.join(_attributes(attributes))}>")
        position = tag.end()
    out.append(_text(fragment[position:]))
    return "".join(out)


def _front_matter(page: Page) -> str:
    """The page's front matter, its title armoured too: an engine may read the title as a
    template (Zensical does when `macros` is on) and put it in the page unescaped."""
    front = _FRONT_MATTER.match(page.markdown)
    meta = yaml.safe_load(front.group(1)) if front else {}
    if not isinstance(meta, dict):
        meta = {}
    if isinstance(meta.get("title"), str):
        meta["title"] = _text(meta["title"])  # HTML-escaped: read as HTML, written inert
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) + "---\n\n"


def _attributes(source: str) -> list[str]:
    shown = []
    for match in _ATTRIBUTE.finditer(source):
        name, value = match.group(1).lower(), match.group(2)
        shown.append(f" {name}" if value is None else f' {name}="{_text(value)}"')
    return shown


def _text(serialised: str) -> str:
    """Serialised HTML text (entities and all) as inert characters and references."""
    text = _CONTROL.sub("", html.unescape(serialised))
    return _SPECIAL.sub(lambda m: f"&#{ord(m.group())};", text)


def nav(pages: list[Page], hand_written: list[str], *, platform_pages: bool = True) -> list[object]:
    """The navigation the plugin gives MkDocs, spelt out for an engine without it: home,
    platforms (each platform with its documents), changes, categories, then hand-written pages.

    Platforms and documents are titled from their slugs, as MkDocs titles their folders (and
    no text from content goes into the configuration).
    """
    by_platform: dict[str, list[object]] = {}
    below = [p for p in pages if p.in_nav and p.url.startswith(urls.PLATFORMS)]
    for page in below if platform_pages else []:
        parts = page.url.removeprefix(urls.PLATFORMS).strip("/").split("/")
        if parts == [""]:
            continue  # the platforms page itself
        entry = page.source_uri if len(parts) == 1 else {_folder_title(parts[-1]): page.source_uri}
        by_platform.setdefault(parts[0], []).append(entry)
    platforms: list[object] = [urls.source_uri(urls.PLATFORMS)]
    platforms += [{_folder_title(slug): entries} for slug, entries in by_platform.items()]
    items: list[object] = [urls.source_uri(urls.HOME), {"Platforms": platforms}]
    items += [urls.source_uri(urls.CHANGES), urls.source_uri(urls.CATEGORIES)]
    return items + [uri for uri in hand_written if uri not in items]


def _folder_title(slug: str) -> str:
    """What MkDocs calls a folder in its navigation: `privacy-policy` -> `Privacy policy`."""
    return slug.replace("-", " ").replace("_", " ").capitalize()
