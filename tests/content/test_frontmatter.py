from __future__ import annotations

import pytest

from generator.content.frontmatter import (
    UNREADABLE,
    decode_text,
    normalise_body,
    parse_mapping,
    shown,
    split_front_matter,
)


@pytest.mark.parametrize(
    ("text", "yaml_text", "body", "body_line"),
    [
        ("---\na: 1\n---\nbody\n", "a: 1\n", "body\n", 4),
        ("---\n---\nbody", "", "body", 3),
        ("---  \na: 1\n--- \n\nbody", "a: 1\n", "\nbody", 4),
        ("---\na: ---x\n---\n", "a: ---x\n", "", 4),
    ],
)
def test_split(text: str, yaml_text: str, body: str, body_line: int) -> None:
    split, problems = split_front_matter(text, "f")
    assert problems == []
    assert split is not None
    assert (split.yaml_text, split.body, split.body_line) == (yaml_text, body, body_line)


def test_decode_strips_bom_and_normalises_newlines() -> None:
    assert decode_text(b"\xef\xbb\xbfa\r\nb\rc\n", "f") == ("a\nb\nc\n", [])


def test_normalise_body() -> None:
    assert normalise_body("\n  \n\n    code\ntext  \n\n") == "    code\ntext\n"
    assert normalise_body(" \n\t\n") == ""


def test_parse_mapping_lines_are_file_lines() -> None:
    entries, problems = parse_mapping("a: 1\n\nb: 2023-02-30\n", "f", 2, "front matter")
    assert problems[0].line == 4
    assert [(e.key, e.value, e.line) for e in entries or []] == [("a", 1, 2), ("b", UNREADABLE, 4)]


def test_shown_escapes_controls_and_caps_length() -> None:
    assert shown("a\nb\x1b") == "a\\x0ab\\x1b"
    assert shown("x" * 100, 10) == "x" * 9 + "…"
