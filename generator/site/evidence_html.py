"""Mark a change's evidence words in its diff HTML: `<mark class="pw-evidence" title=label>`.

Only words inside `<ins>`/`<del>` are marked: they are the changed text a label rests on.
The HTML comes from `diff_html` (already sanitised); text is re-emitted exactly as parsed
(entities untouched), and the only markup added is the `mark` element with an escaped title.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser


def _phrase_re(phrases: dict[str, str]) -> re.Pattern[str]:
    """Longest phrases first; whitespace in a phrase matches any whitespace."""
    parts = [
        r"\s+".join(re.escape(html.escape(word, quote=True)) for word in phrase.split())
        for phrase in sorted(phrases, key=lambda p: (-len(p), p))
        if phrase.strip()
    ]
    return re.compile(r"(?<![\w])(?:" + "|".join(parts) + r")(?![\w])", re.IGNORECASE)


class _Marker(HTMLParser):
    def __init__(self, pattern: re.Pattern[str], labels: dict[str, str]) -> None:
        super().__init__(convert_charrefs=False)
        self.pattern = pattern
        self.labels = labels
        self.out: list[str] = []
        self.changed = 0  # depth of open ins/del elements

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")
        if tag in ("ins", "del"):
            self.changed += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ins", "del") and self.changed:
            self.changed -= 1
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.changed:
            self.out.append(data)
            return
        self.out.append(self.pattern.sub(self._mark, data))

    def _mark(self, match: re.Match[str]) -> str:
        key = " ".join(html.unescape(match.group()).lower().split())
        label = self.labels.get(key, "")
        return f'<mark class="pw-evidence" title="{html.escape(label)}">{match.group()}</mark>'

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")


def mark_evidence(fragment: str, phrases: dict[str, str]) -> str:
    """`fragment` with each phrase (lower-case) found in changed text marked with its label."""
    if not phrases:
        return fragment
    labels = {" ".join(p.lower().split()): label for p, label in phrases.items()}
    marker = _Marker(_phrase_re(phrases), labels)
    marker.feed(fragment)
    marker.close()
    return "".join(marker.out)
