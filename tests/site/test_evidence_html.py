"""Evidence marks in diff HTML: found in changed text only, the rest left as it is."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.site.evidence_html import _phrase_re, mark_evidence
from generator.site.safe_html import clean_snapshot_html

WORDS = ("we", "collect", "voice", "recordings", "face", "data", "AT&T", "user's", "x<y", "nbsp")


class _Walk(HTMLParser):
    """The reference: a full HTML parser's walk of the fragment, marking the text it hands over
    inside ins/del (how marks were first made; the marker must agree with it)."""

    def __init__(self, pattern: re.Pattern[str], labels: dict[str, str]) -> None:
        super().__init__(convert_charrefs=False)
        self.pattern, self.labels = pattern, labels
        self.out: list[str] = []
        self.changed = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.out.append(self.get_starttag_text() or "")
        self.changed += tag in ("ins", "del")

    def handle_startendtag(self, tag: str, attrs: object) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ins", "del") and self.changed:
            self.changed -= 1
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(self.pattern.sub(self._mark, data) if self.changed else data)

    def _mark(self, match: re.Match[str]) -> str:
        label = self.labels.get(" ".join(html.unescape(match.group()).lower().split()), "")
        return f'<mark class="pw-evidence" title="{html.escape(label)}">{match.group()}</mark>'

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")


def _walked(fragment: str, phrases: dict[str, str]) -> str:
    if not phrases:
        return fragment
    labels = {" ".join(p.lower().split()): label for p, label in phrases.items()}
    walk = _Walk(_phrase_re(phrases), labels)
    walk.feed(fragment)
    walk.close()
    return "".join(walk.out)


text = st.lists(st.sampled_from((*WORDS, " ", "\n", "\u00a0", ".")), max_size=8).map(" ".join)


@st.composite
def fragments(draw: st.DrawFn) -> str:
    """Diff-like HTML, through the sanitiser that every diff goes through."""
    parts = []
    for _ in range(draw(st.integers(0, 8))):
        words = html.escape(draw(text))
        shape = draw(st.sampled_from(["plain", "ins", "del", "link", "nested", "open", "close"]))
        parts.append(
            {
                "plain": words,
                "ins": f'<ins class="critic">{words}</ins>',
                "del": f'<del class="critic">{words}</del>',
                "link": f'<a href="https://a.example/?q=1&amp;r=2" title="a &gt; b">{words}</a>',
                "nested": f'<p class="pw-block-change"><ins><strong>{words}</strong></ins></p>',
                "open": f"<ins>{words}",
                "close": f"{words}</del>",
            }[shape]
        )
    return clean_snapshot_html("".join(parts), anchors=True)


phrases = st.dictionaries(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=2).map(" ".join),
    st.sampled_from(["Biometric", 'Label "><script>', "A & B"]),
    max_size=3,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fragment=fragments(), found=phrases)
@example(
    fragment='<p><ins class="critic">we collect voice recordings</ins> voice</p>',
    found={"voice recordings": "Biometric", "voice": "Biometric"},
)
@example(fragment="<ins>AT&amp;T voice&nbsp;data</ins>", found={"voice data": "A & B", "AT&T": "X"})
def test_marks_are_those_a_full_parse_makes(fragment: str, found: dict[str, str]) -> None:
    assert mark_evidence(fragment, found) == _walked(fragment, found)


def test_only_changed_words_are_marked_and_the_label_is_escaped() -> None:
    fragment = '<p>voice data <ins class="critic">we keep voice data</ins> <del>face</del></p>'
    marked = mark_evidence(fragment, {"voice data": 'Label "><script>', "face": "Biometric"})
    assert marked == (
        '<p>voice data <ins class="critic">we keep <mark class="pw-evidence" '
        'title="Label &quot;&gt;&lt;script&gt;">voice data</mark></ins> <del><mark '
        'class="pw-evidence" title="Biometric">face</mark></del></p>'
    )


def test_a_phrase_with_quotes_is_marked_as_the_sanitised_text_writes_it() -> None:
    # The sanitiser writes quotes as they are: a phrase escaped as in an attribute never matched.
    fragment = clean_snapshot_html('<p><ins>we collect your child\'s "voice" data</ins></p>')
    marked = mark_evidence(fragment, {'child\'s "voice" data': "Children"})
    assert '<mark class="pw-evidence" title="Children">child\'s "voice" data</mark>' in marked
