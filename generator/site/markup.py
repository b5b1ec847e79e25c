"""Safe building blocks for the Markdown of generated pages.

Every string that comes from content (names, summaries, URLs) passes through `text()` or
`link()` before it reaches a page: the site's Markdown has attr_list, md_in_html and friends,
so any ASCII punctuation from a contributor is written as a numeric character reference,
which Markdown leaves alone and the browser shows as the character itself.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

import yaml

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

_PUNCTUATION = re.compile(r"[^\w\s]|_")
_SPACES = re.compile(r"\s+")
_SAFE_SCHEMES = ("http", "https", "mailto")


def text(value: str) -> str:
    """Untrusted text as inert inline Markdown, on one line."""
    return inert(_SPACES.sub(" ", value).strip())


def inert(value: str) -> str:
    """Untrusted text as inert HTML and Markdown, whitespace kept: every punctuation mark as
    a character reference."""
    return _PUNCTUATION.sub(lambda m: f"&#{ord(m.group())};", value)


def attribute(value: str) -> str:
    """Untrusted text for a double-quoted HTML attribute."""
    return html.escape(_SPACES.sub(" ", value).strip(), quote=True)


def safe_url(url: str) -> str | None:
    """The URL, quoted for HTML, when it is absolute http(s)/mailto; otherwise None."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in _SAFE_SCHEMES or any(ch.isspace() for ch in url):
        return None
    # Quote anything Markdown or a preprocessor could read as syntax (`{`, `}`, `(`, `)`…).
    return html.escape(quote(url, safe="/:?#[]@!$&'*+,;=%-._~"), quote=True)


def link(label: str, url: str) -> str:
    """An external link built from untrusted parts; plain text when the URL is unsafe."""
    href = safe_url(url)
    if href is None:
        return text(label)
    return f'<a href="{href}" rel="nofollow noopener">{text(label)}</a>'


def internal_link(label: str, url: str) -> str:
    """A link to a page of this site (`url` is built by us, relative to the current page)."""
    return f"[{text(label)}]({url})"


def front_matter(title: str, **meta: object) -> str:
    """YAML front matter for a generated page; the title is HTML-escaped once.

    MkDocs puts `page.meta.title` into `<title>` and the nav without escaping it. Whitespace is
    collapsed as `text()` does: YAML would read NEL or a line separator as a line break.
    """
    data = {"title": html.escape(_SPACES.sub(" ", title).strip(), quote=True), **meta}
    dumped = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=True)
    return "---\n" + dumped + "---\n\n"


# libyaml's emitter when PyYAML has it: five times faster, and a collection has tens of
# thousands of pages. Both write YAML that reads back the same.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table; cells must already be safe Markdown (use `text`)."""
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines) + "\n"


def slot(name: str) -> str:
    """A placeholder paragraph the plugin swaps for generated HTML after Markdown rendering.

    The colons make it unforgeable: `text()` turns every colon from content into `&#58;`.
    """
    return f"\nPW:SLOT:{name}\n"


SLOT_RE = re.compile(r"<p>PW:SLOT:([a-z0-9-]+)</p>")

# Generated HTML blocks of a page (a version's change card, its provenance) pass through
# Markdown unchanged, yet parsing them took a fifth of page writing in a profile of a quarter of
# the collection: so the page writer hands them to the page after rendering (`hold`,
# `put_back`), where the sanitiser sees them as before. The markers cannot come from content:
# `text()` and `inert()` turn every `<`, `!`, `-` and `:` of it into a character reference.
_HELD_START, _HELD_END = "<!--pw:held-->", "<!--/pw:held-->"
_HELD_RE = re.compile(f"{_HELD_START}(.*?){_HELD_END}", re.DOTALL)
_HELD_PLACEHOLDER_RE = re.compile(r"<p>PW:HELD:(\d+)</p>")


def held(html_block: str) -> str:
    """A generated HTML block that Markdown would pass through unchanged (see `hold`)."""
    return f"{_HELD_START}{html_block}{_HELD_END}"


def unheld(markdown: str) -> str:
    """The Markdown with its held blocks in place, as Markdown is given them."""
    if _HELD_START not in markdown:
        return markdown
    return markdown.replace(_HELD_START, "").replace(_HELD_END, "")


def hold(markdown: str) -> tuple[str, list[str]]:
    """The Markdown with each held block a placeholder paragraph, and the blocks."""
    blocks: list[str] = []

    def cut(match: re.Match[str]) -> str:
        blocks.append(match.group(1))
        return f"\nPW:HELD:{len(blocks) - 1}\n"

    return _HELD_RE.sub(cut, markdown), blocks


def put_back(rendered: str, blocks: Sequence[str]) -> str:
    """Rendered HTML with the held blocks in place of their placeholders (stripped at the end,
    as Markdown strips what it renders, a held block's last newline with it)."""
    if not blocks:
        return rendered
    return _HELD_PLACEHOLDER_RE.sub(lambda m: blocks[int(m.group(1))], rendered).rstrip()
