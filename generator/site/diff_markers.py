"""Marker characters placed in a diff's Markdown, and how they become tags once it is HTML.

`diff_html.py` puts private-use characters around inserted and deleted words and in front of
changed blocks; after the Markdown is rendered they become `<ins class="critic">` /
`<del class="critic">` (closed and reopened around every tag, so they nest properly) and
block classes (`pw-…`, see `safe_html.CSS_CLASSES`).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

INS_OPEN, INS_CLOSE, DEL_OPEN, DEL_CLOSE = "\ue000", "\ue001", "\ue002", "\ue003"
FLAG_INSERT, FLAG_DELETE, FLAG_CHANGE, FLAG_FOLD, FLAG_TRUNCATED = (
    "\ue004", "\ue005", "\ue006", "\ue007", "\ue008"
)  # fmt: skip
MARKERS_RE = re.compile("[\ue000-\ue00f]")
_FLAG_CLASS = {
    FLAG_INSERT: "pw-block-insert",
    FLAG_DELETE: "pw-block-delete",
    FLAG_CHANGE: "pw-block-change",
    FLAG_FOLD: "pw-unchanged",
    FLAG_TRUNCATED: "pw-truncated",
}

_BLOCKISH = frozenset({"p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote"})
_RESETS = _BLOCKISH | {"td", "th", "dd", "dt"}
_CONTAINERS = frozenset({"ul", "ol", "table", "thead", "tbody", "tr", "blockquote", "div"})
_INLINE = frozenset({"a", "strong", "em", "code", "span", "br", "sup", "sub", "b", "i"})
_VOID = frozenset({"br", "hr", "img", "input", "wbr"})
_SPLIT_RE = re.compile("([\ue000-\ue00f])")
_EMPTY_RE = re.compile(r'<(ins|del) class="critic"></\1>|<(strong|em|code|span)></\2>')

_Attrs = list[tuple[str, str | None]]


class _MarkerRewriter(HTMLParser):
    """Re-serialises HTML, turning marker characters into ins/del tags and block classes.

    An ins/del may hold inline elements (a link, bold words) whole; it is closed before any
    block element, and when it ends inside an inline element, that element is closed and
    reopened around the end tag, so tags always nest properly.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str | tuple[str, _Attrs]] = []
        self.stack: list[tuple[str, _Attrs, int]] = []  # open elements, their output index
        self.state: str | None = None  # "ins" or "del" between markers
        self.depth: int | None = None  # stack depth where the state's tag is open, if it is
        self.classes: dict[int, str] = {}

    def _in_container(self) -> bool:
        return not self.stack or self.stack[-1][0] in _CONTAINERS

    def _open(self) -> None:
        if self.state and self.depth is None:
            self.out.append(f'<{self.state} class="critic">')
            self.depth = len(self.stack)

    def _close(self) -> None:
        if self.depth is None:
            return
        inner = self.stack[self.depth :]
        self.out.extend(f"</{tag}>" for tag, _, _ in reversed(inner))
        self.out.append(f"</{self.state}>")
        for k, (tag, attrs, _) in enumerate(inner, start=self.depth):
            self.out.append((tag, attrs))
            self.stack[k] = (tag, attrs, len(self.out) - 1)
        self.depth = None

    def handle_starttag(self, tag: str, attrs: _Attrs) -> None:
        if tag not in _INLINE:
            self._close()
        self.out.append((tag, attrs))
        if tag not in _VOID:
            self.stack.append((tag, attrs, len(self.out) - 1))

    def handle_startendtag(self, tag: str, attrs: _Attrs) -> None:
        if tag not in _INLINE:
            self._close()
        self.out.append((tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        opened = [k for k, (open_tag, _, _) in enumerate(self.stack) if open_tag == tag]
        if not opened:
            return
        if self.depth is not None and opened[-1] < self.depth:
            self._close()  # the element began before the change did
        del self.stack[opened[-1] :]
        self.out.append(f"</{tag}>")
        if tag in _RESETS:
            self.state = None  # a change never continues into the next block

    def handle_data(self, data: str) -> None:
        for part in _SPLIT_RE.split(data):
            if part in _FLAG_CLASS:
                self._flag(_FLAG_CLASS[part])
            elif part in (INS_OPEN, DEL_OPEN):
                self._close()
                self.state = "ins" if part == INS_OPEN else "del"
                if not self._in_container():
                    self._open()  # now, so that it takes in a link or bold words that follow
            elif part in (INS_CLOSE, DEL_CLOSE):
                self._close()
                self.state = None
            elif part:
                self._text(html.escape(part, quote=False))

    def handle_entityref(self, name: str) -> None:
        self._text(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._text(f"&#{name};")

    def _text(self, text: str) -> None:
        if not (self._in_container() and not text.strip()):
            self._open()
        self.out.append(text)

    def _flag(self, css_class: str) -> None:
        for tag, _, index in reversed(self.stack):
            if tag in _BLOCKISH:
                self.classes.setdefault(index, css_class)
                return

    def result(self) -> str:
        self.close()
        self._close()
        parts: list[str] = []
        for index, item in enumerate(self.out):
            if isinstance(item, str):
                parts.append(item)
                continue
            tag, attrs = item
            extra = self.classes.get(index)
            rendered = [
                f' {name}="{html.escape(MARKERS_RE.sub("", value or ""))}"'
                for name, value in attrs
                if not (extra and name == "class")
            ]
            if extra:
                rendered.append(f' class="{extra}"')
            parts.append(f"<{tag}{''.join(rendered)}>")
        text, previous = "".join(parts), ""
        while text != previous:  # drop ins/del (and inline elements) left empty
            text, previous = _EMPTY_RE.sub("", text), text
        return text


def apply_markers(rendered: str) -> str:
    """Rendered HTML with its marker characters turned into ins/del tags and block classes."""
    rewriter = _MarkerRewriter()
    rewriter.feed(rendered)
    return rewriter.result()
