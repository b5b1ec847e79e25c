"""Hypothesis strategies: policy-like Markdown (and plain text) and edited copies of it."""

from __future__ import annotations

from hypothesis import strategies as st

WORDS = (
    "we", "collect", "your", "data", "privacy", "the", "and", "biometric", "AI", "models",
    "share", "partners", "3.5", "don\u2019t", "e-mail", "U.S.", "Meta\u2019s", "retain",
    "for", "days",
)  # fmt: skip
INLINE = (
    *WORDS,
    "**bold words**", "_emphasis_", "*it*", "[a link](https://example.com/a?utm_source=x)",
    "`code`", "https://example.org/p", "<br>", "&amp;", "\\*", ",", ".", "\u2014", "(note)",
    "![a picture](https://example.com/i.png)", "<script>alert(1)</script>", "{++x++}",
    "\ue000", "\ue004", "|", "#", "1.", ">", "snake_case", "[ref][r]", "<https://a.example>",
)  # fmt: skip

inline_text = st.lists(st.sampled_from(INLINE), min_size=1, max_size=10).map(" ".join)
word_text = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join)


def _table(rows: list[str]) -> str:
    return "| Data | Use |\n| --- | :-: |\n" + "\n".join(f"| {r} | {r[::-1]} |" for r in rows)


line = st.one_of(
    inline_text,
    inline_text,
    inline_text.map(lambda t: "# " + t),
    word_text.map(lambda t: "### " + t),
    word_text.map(lambda t: t + "\n" + "-" * 8),
    inline_text.map(lambda t: "* " + t),
    inline_text.map(lambda t: "    * " + t),
    inline_text.map(lambda t: "    " + t),
    inline_text.map(lambda t: "1. " + t),
    inline_text.map(lambda t: "> " + t),
    st.lists(word_text, min_size=1, max_size=4).map(_table),
    st.sampled_from(["---", "* * *", "```", "    code()", "", "  ", "\t* tab item"]),
)
separator = st.sampled_from(["\n", "\n", "\n\n", "\n\n\n", "  \n", "\n \n"])


@st.composite
def documents(draw: st.DrawFn) -> str:
    """A Markdown-ish document, sometimes without a final newline."""
    parts = draw(st.lists(st.tuples(line, separator), max_size=14))
    text = "".join(a + b for a, b in parts)
    return text.rstrip("\n") if draw(st.booleans()) else text


@st.composite
def edited_pairs(draw: st.DrawFn) -> tuple[str, str]:
    """(old, new): a document and a copy with random line and word edits."""
    old = draw(documents())
    lines = old.split("\n")
    for _ in range(draw(st.integers(0, 5))):
        action = draw(st.sampled_from(["word", "insert", "delete", "move", "wrap", "space"]))
        at = draw(st.integers(0, max(0, len(lines) - 1)))
        if action == "insert" or not lines:
            lines.insert(at, draw(line))
        elif action == "delete":
            del lines[at]
        elif action == "move":
            lines.insert(draw(st.integers(0, len(lines))), lines.pop(at))
        elif action == "wrap":
            lines[at] = lines[at].replace(" ", "\n", 1)
        elif action == "space":
            lines[at] = lines[at].replace(" ", "  ", 1) + " "
        else:
            tokens = lines[at].split(" ")
            spot = draw(st.integers(0, len(tokens)))
            tokens[spot:spot] = [draw(st.sampled_from(INLINE))]
            if draw(st.booleans()) and len(tokens) > 1:
                del tokens[draw(st.integers(0, len(tokens) - 1))]
            lines[at] = " ".join(tokens)
    return old, "\n".join(lines)


def rewrapped(text: str, width: int) -> str:
    """Plain prose re-wrapped at `width` columns (only whitespace changes)."""
    out, column = [], 0
    for word in text.split():
        if column and column + len(word) > width:
            out.append("\n")
            column = 0
        elif column:
            out.append(" ")
            column += 1
        out.append(word)
        column += len(word)
    return "".join(out)
