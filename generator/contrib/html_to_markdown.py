"""A saved HTML page in, the policy's main text as Markdown out.

The page is parsed with Beautiful Soup, cut down to its main content, and converted with
markdownify. Cutting is deliberately conservative: a policy that loses a paragraph is worse
than one that keeps a stray line, and the contributor reads the result before opening a pull
request. What goes: scripts, styles, embedded media, forms and buttons, navigation, page-level
headers, footers and sidebars, dialogs and cookie banners, and short page furniture named so
by its class (`footer`, `breadcrumbs`, `votes` …). What stays: headings, paragraphs, lists,
tables, emphasis and links (made absolute, script links dropped). Furniture a page does not
label stays too: the contributor reads the result.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, ProcessingInstruction, Tag
from markdownify import MarkdownConverter

# Never policy text: code, styling, media, widgets.
_DROPPED_TAGS = frozenset(
    {
        *("script", "style", "noscript", "template", "link", "meta"),
        *("iframe", "object", "embed", "svg", "canvas", "video", "audio", "picture", "img", "map"),
        *("form", "button", "input", "select", "textarea", "label", "dialog", "nav"),
    }
)
# Landmark roles that are never the policy; `banner`/`contentinfo`/`complementary` only count
# outside the main content (a section's own header is not the page's banner).
_DROPPED_ROLES = {"navigation", "search", "dialog", "alertdialog", "menu", "menubar", "toolbar"}
_PAGE_LEVEL = {"header": "banner", "footer": "contentinfo", "aside": "complementary"}
_SECTIONING = ("main", "article", "section")
# Consent-management widgets name themselves in their id or classes.
_BANNER_NAME = re.compile(
    r"cookie|consent|gdpr|onetrust|cookiebot|didomi|usercentrics|truste|cmp-", re.IGNORECASE
)
_BANNER_TEXT_LIMIT = 2_000  # characters; a banner is a few sentences, a policy section is not
# Page furniture named by its class or id, on pages without landmarks. Only short elements
# without headings go: words a policy's own containers use ("share", "header") are left out.
_FURNITURE_WORDS = frozenset(
    {
        *("footer", "navbar", "breadcrumb", "breadcrumbs", "menu", "sidebar", "topbar"),
        *("toolbar", "skip", "vote", "votes", "helpful", "feedback", "newsletter", "subscribe"),
        *("promo", "pagination", "pager"),
    }
)
_FURNITURE_TEXT_LIMIT = 600
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_WORD = re.compile(r"[a-z0-9]+")
_IN_PAGE_BOILERPLATE = re.compile(r"(back to top|top|skip to .*|jump to .*)\W*", re.IGNORECASE)
_UNSAFE_SCHEMES = {"javascript", "vbscript", "data", "file"}
_MAIN_SHARE = 0.5  # <main> must hold this share of the page's remaining text to be trusted
_HTML_START = re.compile(
    rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]", re.I | re.S
)
_BLANK_RUNS = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)


def looks_like_html(raw: bytes) -> bool:
    """Whether bytes are an HTML page (a saved page whatever its file name says)."""
    head = raw[:4096].removeprefix(b"\xef\xbb\xbf")
    return _HTML_START.match(head) is not None


def html_to_markdown(raw: bytes, base_url: str | None = None) -> str:
    """The main text of an HTML page as Markdown; links resolved against `base_url`."""
    soup = BeautifulSoup(raw, "html.parser")
    base = _base_url(soup, base_url)
    _drop_consent_dialogs(soup)
    _drop_noise(soup)
    root = _content_root(soup)
    _drop_banners(soup, root)
    _drop_page_landmarks(root)
    _drop_furniture(root)
    _fix_links(root, base)
    converter = MarkdownConverter(
        heading_style="atx",
        bullets="-",
        wrap=True,  # with no width: collapse the source's line breaks, wrap nothing
        wrap_width=None,
        table_infer_header=True,
    )
    markdown = converter.convert_soup(root)
    markdown = _TRAILING_SPACE.sub("", markdown.replace("\r", ""))
    return _BLANK_RUNS.sub("\n\n", markdown).strip() + "\n"


def _base_url(soup: BeautifulSoup, given: str | None) -> str | None:
    """The address relative links are resolved against: `<base href>`, else the source URL."""
    base = soup.find("base", href=True)
    href = base.get("href") if base is not None else None
    if isinstance(href, str) and href.strip():
        return urljoin(given or "", href.strip())
    return given


def _tags(root: Tag) -> list[Tag]:
    """Every element under `root`, in document order (a snapshot: safe to remove while looping)."""
    return [tag for tag in root.find_all(True) if isinstance(tag, Tag)]


def _attr(tag: Tag, name: str) -> str:
    """An attribute as one lower-case string (class lists joined by spaces)."""
    value = tag.get(name)
    if value is None:
        return ""
    text = value if isinstance(value, str) else " ".join(str(v) for v in value)
    return text.strip().lower()


def _drop_noise(soup: BeautifulSoup) -> None:
    """Comments, doctypes, code, media, widgets, navigation and dialogs, wherever they are."""
    for node in soup.find_all(string=True):
        if isinstance(node, Comment | Declaration | Doctype | ProcessingInstruction):
            node.extract()
    for tag in _tags(soup):
        if tag.decomposed:
            continue
        if (
            tag.name in _DROPPED_TAGS
            or _attr(tag, "role") in _DROPPED_ROLES
            or _attr(tag, "aria-modal") == "true"
        ):
            tag.decompose()


def _text_length(tag: Tag) -> int:
    return len("".join(tag.get_text(" ").split()))


def _content_root(soup: BeautifulSoup) -> Tag:
    """`<main>` (or the largest `<article>`) when it holds most of the text, else the body."""
    body = soup.body or soup
    tags = _tags(body)
    candidates = [t for t in tags if t.name == "main" or _attr(t, "role") == "main"]
    candidates = candidates or [t for t in tags if t.name == "article"]
    if candidates:
        best = max(candidates, key=_text_length)
        total = _text_length(body)
        if total and _text_length(best) >= _MAIN_SHARE * total:
            return best
    return body


def _consent_widget(tag: Tag) -> bool:
    """Named as a cookie or consent widget, and short."""
    names = f"{_attr(tag, 'id')} {_attr(tag, 'class')}"
    return bool(_BANNER_NAME.search(names)) and _text_length(tag) < _BANNER_TEXT_LIMIT


def _drop_consent_dialogs(soup: BeautifulSoup) -> None:
    """Consent widgets with buttons, outside the main content (before buttons are dropped).

    Inside `<main>` or `<article>` a cookie-named block is the cookie policy itself.
    """
    for tag in _tags(soup):
        if tag.decomposed or not _consent_widget(tag):
            continue
        in_content = any(_is_content_landmark(parent) for parent in tag.parents)
        if not in_content and tag.find(("button", "input", "select")) is not None:
            tag.decompose()


def _is_content_landmark(tag: Tag) -> bool:
    return tag.name in ("main", "article") or _attr(tag, "role") == "main"


def _drop_banners(soup: BeautifulSoup, root: Tag) -> None:
    """Consent widgets outside the content root (the root's own ancestors excepted)."""
    keep = {id(root), *(id(parent) for parent in root.parents)}
    for tag in _tags(soup):
        if tag.decomposed or id(tag) in keep or any(p is root for p in tag.parents):
            continue
        if _consent_widget(tag):
            tag.decompose()


def _drop_page_landmarks(root: Tag) -> None:
    """Headers, footers and sidebars of the page, not those of an article or section."""
    for tag in _tags(root):
        if tag.decomposed:
            continue
        role = _attr(tag, "role")
        page_level = role in _PAGE_LEVEL.values() or (
            tag.name in _PAGE_LEVEL and not any(p.name in _SECTIONING for p in tag.parents)
        )
        if page_level:
            tag.decompose()


def _drop_furniture(root: Tag) -> None:
    """Short, heading-less elements whose class or id names them page furniture."""
    for tag in _tags(root):
        if tag.decomposed:
            continue
        words = set(_WORD.findall(f"{_attr(tag, 'id')} {_attr(tag, 'class')}"))
        if (
            words & _FURNITURE_WORDS
            and _text_length(tag) < _FURNITURE_TEXT_LIMIT
            and tag.find(_HEADINGS) is None
        ):
            tag.decompose()


def _fix_links(root: Tag, base: str | None) -> None:
    """Absolute links; script and in-page links become their text; "back to top" goes."""
    for link in _tags(root):
        if link.name != "a" or link.decomposed:
            continue
        raw = link.get("href")
        href = raw.strip() if isinstance(raw, str) else ""
        text = link.get_text(" ").strip()
        if href.startswith("#") and _IN_PAGE_BOILERPLATE.fullmatch(text):
            link.decompose()
            continue
        scheme = urlsplit(href).scheme.lower() if href else ""
        if not href or href.startswith("#") or scheme in _UNSAFE_SCHEMES:
            link.unwrap()
            continue
        resolved = urljoin(base, href) if base else href
        if urlsplit(resolved).scheme.lower() not in ("http", "https", "mailto", "tel"):
            link.unwrap()  # still relative (no base to resolve against): would break on our site
            continue
        link.attrs = {"href": resolved}
