from __future__ import annotations

import itertools
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import corpus_document
from hypothesis import given, settings
from strategies_markdown import edited_pairs
from test_safe_html import XSS, assert_inert

from generator.analysis.diff import diff_texts
from generator.site.diff_html import NO_CHANGE, diff_html
from generator.site.diff_markers import apply_markers
from generator.site.safe_html import sanitise_html

GOLDEN = Path(__file__).parent / "golden" / "diff"

_VOID = {"br", "hr"}
_INLINE = {"a", "strong", "em", "code", "span", "br"}  # all an ins/del may hold
_NO_CHANGE_MARKS_INSIDE = {"ul", "ol", "table", "thead", "tbody", "tr"}


class Structure(HTMLParser):
    """Checks nesting while parsing (balanced tags; ins/del hold only inline elements, never
    each other); records (tag, class, text) of every element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.elements: list[tuple[str, str, list[str]]] = []
        self.texts: list[list[str]] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        inside_change = any(t in ("ins", "del") for t in self.stack)
        if inside_change and tag not in _INLINE:
            self.problems.append(f"<{tag}> inside ins/del: {self.stack}")
        if tag in ("ins", "del") and self.stack and self.stack[-1] in _NO_CHANGE_MARKS_INSIDE:
            self.problems.append(f"<{tag}> directly inside <{self.stack[-1]}>")
        text: list[str] = []
        self.elements.append((tag, dict(attrs).get("class") or "", text))
        if tag not in _VOID:
            self.stack.append(tag)
            self.texts.append(text)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()
        self.texts.pop()

    def handle_data(self, data: str) -> None:
        for text in self.texts:
            text.append(data)


def structure(fragment: str) -> Structure:
    parsed = Structure()
    parsed.feed(fragment)
    parsed.close()
    assert not parsed.problems, parsed.problems
    assert not parsed.stack, f"unclosed: {parsed.stack}"
    return parsed


def marked(fragment: str, tag: str) -> list[str]:
    return ["".join(text) for t, _, text in structure(fragment).elements if t == tag]


def render(old: str, new: str, **options: int) -> str:
    return diff_html(diff_texts(old, new), **options)


PARAS = "".join(f"Paragraph number {n} says nothing new.\n\n" for n in range(1, 15))


def test_a_changed_word_is_deleted_and_inserted() -> None:
    out = render("We keep logs for 30 days.\n", "We keep logs for 90 days.\n")
    assert marked(out, "del") == ["30"]
    assert marked(out, "ins") == ["90"]
    assert ("p", "pw-block-change") in [(t, c) for t, c, _ in structure(out).elements]
    assert 'class="critic"' in out


def test_unchanged_runs_fold_into_one_marker_with_context_around_changes() -> None:
    old = f"# Policy\n\n{PARAS}Closing words.\n"
    new = old.replace("Closing words", "Closing remarks")
    out = render(old, new)
    folds = [(c, "".join(t)) for tag, c, t in structure(out).elements if c == "pw-unchanged"]
    assert folds == [("pw-unchanged", "… 14 unchanged paragraphs …")]
    assert "Paragraph number 14" in out  # one block of context before the change
    assert "Paragraph number 13" not in out
    wider = render(old, new, context=3)
    assert "Paragraph number 12" in wider
    assert "… 12 unchanged paragraphs …" in wider


def test_no_change_says_so() -> None:
    assert NO_CHANGE in render("Same text.\n", "Same  text.\n")


def test_headings_keep_their_order_one_level_below_the_page_title() -> None:
    out = render(f"## Data we collect\n\n{PARAS}", f"## Data we gather\n\n{PARAS}")
    (heading,) = [(t, c) for t, c, _ in structure(out).elements if t.startswith("h")]
    assert heading == ("h3", "pw-block-change")


def test_a_changed_list_item_renders_inside_its_list() -> None:
    old = "Intro.\n\n* Name\n* E-mail\n    * Work e-mail\n* Phone\n"
    new = "Intro.\n\n* Name\n* E-mail\n    * Personal e-mail\n* Phone\n* Face geometry\n"
    parsed = structure(render(old, new))
    tags = [(t, c) for t, c, _ in parsed.elements if t in ("ul", "li")]
    assert tags == [
        ("ul", ""),
        ("li", ""),
        ("ul", ""),
        ("li", "pw-block-change"),
        ("li", ""),
        ("li", "pw-block-insert"),
    ]
    assert marked(render(old, new), "ins") == ["Personal", "Face geometry"]


def test_a_nested_item_shown_alone_is_lifted_not_turned_into_code() -> None:
    items = "".join(f"    * item {n}\n" for n in range(10))
    old = f"* Top\n{items}"
    new = old.replace("item 7", "item seven")
    out = render(old, new)
    tags = [t for t, _, _ in structure(out).elements]
    assert "pre" not in tags and "code" not in tags
    assert tags.count("li") == 4  # items 6 to 9 (a lone item 9 is shown, not folded)


def test_a_changed_table_row_renders_in_its_table_with_the_head() -> None:
    rows = "".join(f"| Item {n} | Use {n} |\n" for n in range(12))
    old = f"Intro.\n\n| Data | Use |\n| --- | --- |\n{rows}\nEnd.\n"
    new = old.replace("Use 9 |", "Use 9 and advertising |")
    parsed = structure(render(old, new))
    tags = [(t, c) for t, c, _ in parsed.elements if t in ("table", "thead", "th", "tr")]
    assert tags == [
        ("p", "pw-unchanged")[0:0] or ("table", ""),
        ("thead", ""),
        ("tr", ""),
        ("th", ""),
        ("th", ""),
        ("tr", ""),
        ("tr", "pw-block-change"),
        ("tr", ""),
    ]
    assert marked(render(old, new), "ins") == ["and advertising"]


def test_whole_blocks_inserted_and_deleted_are_marked_at_block_level() -> None:
    old = "Intro.\n\nWe sell nothing.\n\nEnd.\n"
    new = "Intro.\n\nWe may use your biometric data to train AI models.\n\nEnd.\n"
    parsed = structure(render(old, new))
    blocks = [(c, "".join(t)) for tag, c, t in parsed.elements if tag == "p"]
    assert blocks == [
        ("", "Intro."),
        ("pw-block-delete", "We sell nothing."),
        ("pw-block-insert", "We may use your biometric data to train AI models."),
        ("", "End."),
    ]
    assert marked(render(old, new), "del") == ["We sell nothing."]


def test_changes_inside_inline_markup_nest_properly() -> None:
    old = "We **never share** data and [read more](https://ex.com/a).\n"
    new = "We **may share your** data and [read even more](https://ex.com/b).\n"
    out = render(old, new)
    structure(out)
    assert "<strong>" in out and 'href="https://ex.com/b"' in out
    assert "https://ex.com/a" not in out  # the old link target is not a live link


def test_a_change_spanning_emphasis_is_closed_and_reopened() -> None:
    out = render("Plain words here.\n", "Plain **bold new** words here.\n")
    parsed = structure(out)
    assert [t for t, _, _ in parsed.elements] == ["p", "strong", "ins"]


def test_a_new_block_is_one_highlighted_stretch_links_and_bold_included() -> None:
    old = "Intro.\n\nEnd.\n"
    new = (
        "Intro.\n\n**Biometric data.** We may use [face geometry](https://ex.com/f) now.\n\nEnd.\n"
    )
    out = render(old, new)
    (inserted,) = [p for p in out.split("\n") if "pw-block-insert" in p]
    assert inserted == (
        '<p id="pw-change-1" class="pw-block-insert"><ins class="critic">'
        "<strong>Biometric data.</strong> We may"
        ' use <a href="https://ex.com/f" rel="nofollow noreferrer">face geometry</a>'
        " now.</ins></p>"
    )


def test_a_change_ending_inside_bold_words_closes_and_reopens_them() -> None:
    html_in = "<p>\ue000a <strong>b\ue001 c</strong> d</p>"
    assert apply_markers(html_in) == (
        '<p><ins class="critic">a <strong>b</strong></ins><strong> c</strong> d</p>'
    )
    assert apply_markers("<p><em>x \ue002y</em> z\ue003</p>") == (
        '<p><em>x <del class="critic">y</del></em><del class="critic"> z</del></p>'
    )


def test_deleted_markdown_syntax_cannot_break_the_new_structure() -> None:
    old = "* Item with `code` and *stars* and | pipes | and # hash\n"
    new = "* Item with code and stars\n"
    out = render(old, new)
    parsed = structure(out)
    assert [t for t, _, _ in parsed.elements] == ["ul", "li", "del"]
    assert marked(out, "del") == ["and pipes and # hash"]


@pytest.mark.parametrize(
    ("old", "new", "tag"),
    [
        ("* one\n* two\n", "* one\n- two\n", "li"),
        ("We keep **logs**.\n", "We keep __logs__.\n", "p"),
        ("| A | B |\n| - | - |\n| *x* | y |\n", "| A | B |\n| - | - |\n| _x_ | y |\n", "tr"),
    ],
)
def test_a_change_of_markup_alone_still_flags_its_block(old: str, new: str, tag: str) -> None:
    out = render(old, new)
    assert (tag, "pw-block-change") in [(t, c) for t, c, _ in structure(out).elements]
    assert "<ins" not in out and "<del" not in out


def test_the_page_policy_keeps_diff_markup() -> None:
    old = f"# Data\n\n{PARAS}We keep logs for 30 days.\n\n* a\n"
    new = f"# Data\n\n{PARAS}We keep [logs](https://ex.com) for 90 days.\n\n* a\n* b\n"
    out = render(old, new)
    assert sanitise_html(out) == out


def test_marker_characters_in_a_snapshot_cannot_forge_a_change() -> None:
    out = render("Safe.\n", "Safe.\n\n\ue000forged\ue001 \ue004 text\n")
    assert marked(out, "ins") == ["\ufffdforged\ufffd \ufffd text"]


@pytest.mark.parametrize("payload", XSS)
def test_hostile_text_in_a_diff_renders_inert(payload: str) -> None:
    assert_inert(render(f"Intro.\n\n{payload}\n", f"Intro changed.\n\n{payload} more\n"))


def test_a_long_diff_is_cut_with_a_note() -> None:
    old = "".join(f"Old paragraph {n} about data.\n\n" for n in range(400))
    new = "".join(f"New text {n} on cookies and advertising partners.\n\n" for n in range(400))
    out = render(old, new, max_chars=2_000)
    # The changes left out keep their anchors (empty spans in the note), so links still land.
    anchors = re.findall(r'<span id="(pw-change-[0-9]+)"></span>', out)
    assert len(re.sub(r'<span id="pw-change-[0-9]+"></span>', "", out)) < 10_000
    assert any(c == "pw-truncated" for _, c, _ in structure(out).elements)
    changed = [k for k, c in enumerate(diff_texts(old, new).blocks) if c.op != "equal"]
    ids = re.findall(r'id="(pw-change-[0-9]+)"', out)
    assert sorted(ids) == sorted(f"pw-change-{k}" for k in changed)
    assert anchors and set(anchors) < set(ids)


def test_every_changed_block_has_one_anchor_on_its_element() -> None:
    table = "| a | b |\n|---|---|\n"
    old = "# Terms\n\nWe keep logs.\n\n- one\n- two\n\n" + table + "| 1 | 2 |\n"
    new = "# Terms\n\nWe keep logs for 18 months.\n\n- one\n- three\n\n" + table + "| 1 | 3 |\n"
    diff = diff_texts(old, new)
    out = render(old, new)
    for k, change in enumerate(diff.blocks):
        expected = 0 if change.op == "equal" else 1
        assert out.count(f'id="pw-change-{k}"') == expected, (k, change.op)
    assert re.search(r'<tr id="pw-change-[0-9]+" class="pw-block-change">', out)
    assert re.search(r'<p id="pw-change-[0-9]+" class="pw-block-change">We keep logs', out)


@settings(max_examples=150, deadline=None)
@given(edited_pairs())
def test_any_diff_renders_well_nested_and_inert(pair: tuple[str, str]) -> None:
    old, new = pair
    out = render(*pair)
    structure(out)
    assert_inert(out)
    if old == new:
        assert NO_CHANGE in out


# --- Golden files: two snapshots and the expected HTML ------------------------------------------
# After an intended change of output: PW_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_diff_html.py
# rewrites tests/site/golden/diff/*.html; review them with `git diff` before committing.

CASES = sorted(p.name.removesuffix(".old.md") for p in GOLDEN.glob("*.old.md"))


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str) -> None:
    old = (GOLDEN / f"{case}.old.md").read_text(encoding="utf-8")
    new = (GOLDEN / f"{case}.new.md").read_text(encoding="utf-8")
    expected = GOLDEN / f"{case}.html"
    out = render(old, new) + "\n"
    if os.environ.get("PW_UPDATE_GOLDEN") == "1":
        expected.write_text(out, encoding="utf-8")
    assert out == expected.read_text(encoding="utf-8")


def test_there_are_golden_cases() -> None:
    assert len(CASES) >= 3


@pytest.mark.corpus
def test_real_doubling_pair_stays_under_the_page_budget() -> None:
    folder = corpus_document("Instagram", "Privacy Policy")
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.md"))]
    old, new = max(itertools.pairwise(texts), key=lambda p: len(p[1]) - len(p[0]))
    out = render(old, new)
    structure(out)
    assert_inert(out)
    assert len(out.encode()) < 120_000  # the page budget is 150 KB of HTML
    assert marked(out, "ins")


@pytest.mark.parametrize(("op", "tag"), [("insert", "ins"), ("delete", "del")])
def test_a_whole_table_row_keeps_its_cells(op: str, tag: str) -> None:
    table = "| Data | Kept for |\n|---|---|\n| Logs | 18 months |\n"
    row = "| Location history | 30 days |\n"
    old, new = (table, table + row) if op == "insert" else (table + row, table)
    out = render(old, new)
    at = re.search(rf'<tr id="pw-change-[0-9]+" class="pw-block-{op}">', out)
    assert at is not None
    row_html = out[at.start() :]
    row_html = row_html[: row_html.index("</tr>")]
    assert row_html.count("<td>") == 2
    assert f'<td><{tag} class="critic">Location history</{tag}></td>' in row_html
    assert f'<td><{tag} class="critic">30 days</{tag}></td>' in row_html
