"""The pages PolicyWatch renders itself, added to the `sitemap.xml` the theme wrote.

MkDocs lists in its sitemap the pages it renders; the others (generator.engine.writer) are added
here, with the same date as the theme's entries. Full-text pages are left out, as they are of the
search index: each is its version page's text, and a sitemap holds at most 50,000 addresses.
"""

from __future__ import annotations

import gzip
import re
from html import escape
from typing import TYPE_CHECKING

from generator.site import urls

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

_LASTMOD_RE = re.compile(r"<lastmod>([^<]*)</lastmod>")


def add_pages(folder: Path, site_url: str, pages: Iterable[str]) -> None:
    """Add `pages` (site URLs) to `folder`'s sitemap.xml and sitemap.xml.gz, if it has them."""
    path = folder / "sitemap.xml"
    if not path.is_file():
        return
    xml = path.read_text(encoding="utf-8")
    end = xml.rfind("</urlset>")
    if end < 0:
        return
    found = _LASTMOD_RE.search(xml)
    lastmod = f"\n         <lastmod>{found.group(1)}</lastmod>" if found else ""
    entries = "".join(
        f"    <url>\n         <loc>{escape(urls.absolute(site_url, url))}</loc>{lastmod}\n"
        "    </url>\n"
        for url in pages
    )
    xml = xml[:end] + entries + xml[end:]
    path.write_text(xml, encoding="utf-8")
    packed = folder / "sitemap.xml.gz"
    if packed.is_file():
        with gzip.GzipFile(packed, "wb", mtime=0) as out:
            out.write(xml.encode("utf-8"))
