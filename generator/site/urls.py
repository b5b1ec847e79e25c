"""The site map (DESIGN.md): one place that knows where every page lives."""

from __future__ import annotations

import posixpath
import re

HOME = ""
PLATFORMS = "platforms/"
CHANGES = "changes/"
CATEGORIES = "categories/"
CHANGES_JSON = "api/changes.json"
DOCUMENTS_JSON = "api/documents.json"
FEED_ALL = "feeds/all.xml"
ASSETS = "assets/policywatch/"
# The files under ASSETS, as generator/site/assets/ holds them. The vendored libraries (jsdiff,
# marked, DOMPurify) are loaded by policywatch.js on the pages that use them.
ASSET_FILES = (
    "policywatch.css",
    "policywatch.js",
    "vendor/diff.min.js",
    "vendor/marked.umd.js",
    "vendor/purify.min.js",
)


def platform(slug: str) -> str:
    return f"platforms/{slug}/"


def document(platform_slug: str, document_slug: str) -> str:
    return f"platforms/{platform_slug}/{document_slug}/"


def version(platform_slug: str, document_slug: str, stamp: str) -> str:
    return f"platforms/{platform_slug}/{document_slug}/{stamp}/"


def full_text(platform_slug: str, document_slug: str, stamp: str, part: int = 1) -> str:
    """A long version's full text, on a page of its own (see render.INLINE_TEXT_MAX_BYTES);
    a very long one over several, the first at `text/`, then `text/2/`… (fulltext.text_parts)."""
    first = f"platforms/{platform_slug}/{document_slug}/{stamp}/text/"
    return first if part == 1 else f"{first}{part}/"


_FULL_TEXT_RE = re.compile(rf"{re.escape(PLATFORMS)}[^/]+/[^/]+/[^/]+/text/(?:[0-9]+/)?")


def is_full_text(url: str) -> bool:
    """Whether `url` is a page of a version's full text (`full_text`)."""
    return _FULL_TEXT_RE.fullmatch(url) is not None


_DOCUMENT_RE = re.compile(rf"{re.escape(PLATFORMS)}[^/]+/[^/]+/")


def document_of(url: str) -> str | None:
    """The URL of the document a page belongs to (`document`: its history, its versions,
    their full texts), or None for a page of no document."""
    found = _DOCUMENT_RE.match(url)
    return found.group() if found else None


def plain_text(platform_slug: str, document_slug: str, stamp: str) -> str:
    return f"platforms/{platform_slug}/{document_slug}/{stamp}.txt"


def compare(platform_slug: str, document_slug: str) -> str:
    return f"platforms/{platform_slug}/{document_slug}/compare/"


def changes_year(year: int) -> str:
    """The timeline of one year (the newest changes are on `CHANGES`)."""
    return f"changes/{year}/"


def category(category_id: str) -> str:
    return f"categories/{category_id}/"


def platform_feed(platform_slug: str) -> str:
    return f"feeds/{platform_slug}.xml"


def document_feed(platform_slug: str, document_slug: str) -> str:
    return f"feeds/{platform_slug}/{document_slug}.xml"


def category_feed(category_id: str) -> str:
    return f"feeds/categories/{category_id}.xml"


def absolute(site_url: str, url: str) -> str:
    """The absolute URL of a page or file, for feeds (`site_url` ends with a slash or not)."""
    return site_url.rstrip("/") + "/" + url


def source_uri(url: str) -> str:
    """The docs-relative source path of a page URL (`a/b/` -> `a/b/index.md`)."""
    if url == HOME or url.endswith("/"):
        return f"{url}index.md"
    return url


def relpath(path: str, start: str) -> str:
    """`posixpath.relpath` for the site's own paths (relative, without `.` or `..` parts), in
    a fraction of its time: it asks the working directory for every call, and a collection's
    pages make millions of links. Other paths go to `posixpath.relpath`."""
    to = [] if path == "." else path.split("/")
    base = [] if start == "." else start.split("/")
    if any(part in _SPECIAL_PARTS for part in (*to, *base)):
        return posixpath.relpath(path, start)
    common = 0
    for a, b in zip(to, base, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(base) - common) + to[common:]) or "."


_SPECIAL_PARTS = frozenset({"", ".", ".."})


def relative(from_url: str, to_url: str) -> str:
    """A Markdown link target from one page to another page or file, by source path.

    MkDocs resolves links between source files and checks that they exist.
    """
    here = posixpath.dirname(source_uri(from_url))
    return relpath(source_uri(to_url), here or ".")


def href(from_url: str, to_url: str) -> str:
    """A relative URL for raw HTML links, between built pages (directory URLs)."""
    here = from_url.rstrip("/") or "."
    target = relpath(to_url.rstrip("/") or ".", here)
    if to_url.endswith("/") or to_url == HOME:
        return "./" if target == "." else f"{target}/"
    return target
