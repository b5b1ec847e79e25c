"""The navigation of a built site: platforms and documents named as their files name them, and
every page named on every page (MkDocs forgets a page's title when the plugin frees its text)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import html5lib
from conftest import long_text, mkdocs, write_platform, write_site, write_snapshot

if TYPE_CHECKING:
    from pathlib import Path


def _nav(page: Path) -> list[str]:
    """The link texts of a built page's primary navigation."""
    tree = html5lib.parse(page.read_bytes(), namespaceHTMLElements=False)
    nav = next(n for n in tree.iter("nav") if "md-nav--primary" in (n.get("class") or ""))
    names = []
    for link in nav.iter():
        if link.tag in ("a", "label") and "md-nav__link" in (link.get("class") or ""):
            text = " ".join("".join(link.itertext()).split())
            if text:
                names.append(text)
    return names


def test_navigation_uses_names_not_folders_on_every_page(tmp_path: Path) -> None:
    content = write_site(tmp_path)
    write_platform(content, "linkedin", name="LinkedIn")
    write_platform(content, "acme-tv", name="ACME.tv <beta>")
    for platform in ("linkedin", "acme-tv"):
        write_snapshot(content, platform, "privacy-policy", "2023-01-01", long_text("a"))
        write_snapshot(content, platform, "privacy-policy", "2023-02-01", long_text("b"))
    result = mkdocs(tmp_path)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    # Pages written after the home page, and the home page itself.
    for page in ("platforms/linkedin/index.html", "changes/index.html", "index.html"):
        names = _nav(site / page)
        assert "None" not in names, (page, names)
        assert names[0] == "Home", (page, names)
    names = _nav(site / "platforms/linkedin/index.html")
    assert "LinkedIn" in names and "Linkedin" not in names
    assert "ACME.tv <beta>" in names and "Acme tv" not in names  # shown as text, escaped
    assert "Privacy Policy" in names
    raw = (site / "platforms/linkedin/index.html").read_text(encoding="utf-8")
    assert "ACME.tv &lt;beta&gt;" in raw and not re.search(r"ACME\.tv <beta>", raw)
