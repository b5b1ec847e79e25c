"""Hostile text files in, plain values out: decoding, front-matter splitting, YAML with lines."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import yaml

from generator.content.problems import UNPRINTABLE, Problem

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

# libyaml when available: the Python loader is several times slower on a large archive.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (a .docx or .odt?)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_FENCE = re.compile(r"(?:^|(?<=\n))---[ \t]*(?:\n|\Z)")
_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t]*\n)+")


def shown(text: str, limit: int = 60) -> str:
    """A hostile string made safe to echo in one message line: controls escaped, length capped."""
    safe = UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return safe if len(safe) <= limit else safe[: limit - 1] + "…"


def decode_text(raw: bytes, where: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text with BOM removed and newlines normalised, or the problem saying why not."""
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            fix = "convert it to Markdown or plain text (UTF-8) first"
            return None, [Problem(where, 0, f"this is {kind}, not text: {fix}")]
    if raw.startswith(_UTF16_BOMS):
        return None, [Problem(where, 0, "the file is saved as UTF-16: re-save it as UTF-8")]
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        message = "binary file (contains NUL bytes): a snapshot must be UTF-8 text"
        return None, [Problem(where, line, message)]
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        guess = _guess_encoding(raw)
        looks = f" (the file looks like {guess})" if guess else ""
        message = (
            f"not UTF-8: byte 0x{raw[exc.start]:02X} cannot be decoded{looks}; "
            "re-save the file as UTF-8"
        )
        return None, [Problem(where, line, message)]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, []


def _guess_encoding(raw: bytes) -> str | None:
    """The most likely encoding of bytes that are not UTF-8, for the error message only."""
    from charset_normalizer import from_bytes

    best = from_bytes(raw[:200_000]).best()
    guess = None if best is None else str(best.encoding)
    if guess is None or guess.startswith("utf"):  # UTF-16/32 are ruled out: there is no NUL
        try:
            raw.decode("cp1252")
            guess = "cp1252"
        except UnicodeDecodeError:
            return None
    if re.fullmatch(r"cp125\d", guess):
        return f"Windows-{guess[2:]}"
    return guess.replace("_", "-")


@dataclass(frozen=True)
class Split:
    """A text cut at its front matter: the YAML between the `---` lines, and the body after."""

    yaml_text: str
    body: str
    body_line: int  # 1-based line on which the body starts


def split_front_matter(text: str, where: str) -> tuple[Split | None, list[Problem]]:
    """The front matter and body of a snapshot, or a problem saying how to add front matter."""
    opening = _FENCE.match(text)
    if opening is None and _FENCE.match(text.lstrip()):
        message = "the front matter must start on the first line: remove the lines before `---`"
        return None, [Problem(where, 1, message)]
    if opening is None:
        message = (
            "no front matter: the file must start with a `---` line, then fields such as "
            "`source: https://…`, then another `---` line, then the policy text"
        )
        return None, [Problem(where, 1, message)]
    closing = _FENCE.search(text, opening.end()) if opening.group().endswith("\n") else None
    if closing is None:
        message = "front matter is not closed: add a `---` line after the last field"
        return None, [Problem(where, 1, message)]
    yaml_text = text[opening.end() : closing.start()]
    body_line = 2 + yaml_text.count("\n") + (1 if closing.group().endswith("\n") else 0)
    return Split(yaml_text, text[closing.end() :], body_line), []


def normalise_body(body: str) -> str:
    """The body without leading blank lines or trailing whitespace; "" when nothing is left."""
    body = _LEADING_BLANK_LINES.sub("", body).rstrip()
    return body + "\n" if body else ""


UNREADABLE = object()  # the value of a key whose value could not be read (already reported)


@dataclass(frozen=True)
class Entry:
    """One key of a YAML mapping, with its constructed value and the line it is on."""

    key: str
    value: object
    line: int
    node: yaml.Node | None = field(default=None, compare=False, repr=False)  # for nested lines


def parse_mapping(
    yaml_text: str, where: str, first_line: int, what: str
) -> tuple[list[Entry] | None, list[Problem]]:
    """The keys of a YAML mapping with their lines; `first_line` is the text's line in the file.

    `what` names the mapping in messages ("front matter", "platform.yml"). Values that cannot
    be constructed (an impossible date, an unsafe tag) are reported, and given as UNREADABLE.
    """
    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        detail = "; ".join(str(part) for part in (exc.context, exc.problem) if part)
        fix = "fix the syntax (quote values that contain `: ` or start with `*`, `&`, `!`, `@`)"
        return None, [
            Problem(where, line, f"{what} is not valid YAML ({shown(detail, 100)}): {fix}")
        ]
    except (yaml.YAMLError, RecursionError):
        return None, [Problem(where, first_line, f"{what} is not valid YAML: fix the syntax")]
    finally:
        loader.dispose()
    if node is None:
        return [], []
    if not isinstance(node, yaml.MappingNode):
        message = f"{what} must be `field: value` lines, not a single value or a list"
        return None, [Problem(where, first_line + node.start_mark.line, message)]
    if _has_alias(node):
        message = f"{what} uses YAML anchors or aliases (`&name`, `*name`): write values out"
        return None, [Problem(where, first_line + node.start_mark.line, message)]
    return _entries(node, loader.construct_object, where, first_line)


def _entries(
    node: yaml.MappingNode,
    construct: Callable[..., object],
    where: str,
    first_line: int,
) -> tuple[list[Entry], list[Problem]]:
    entries: list[Entry] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        line = first_line + key_node.start_mark.line
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
            problems.append(Problem(where, line, "field names must be plain words, e.g. `source`"))
            continue
        key = key_node.value
        if key in seen:
            message = (
                f"field `{shown(key)}` is given twice (lines {seen[key]} and {line}): keep one"
            )
            problems.append(Problem(where, line, message))
            continue
        seen[key] = line
        try:
            value = construct(value_node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError):
            problems.append(Problem(where, line, _unreadable(key, value_node)))
            value = UNREADABLE
        except RecursionError:
            message = f"`{shown(key)}`: the value is nested too deeply: write plain text"
            problems.append(Problem(where, line, message))
            value = UNREADABLE
        entries.append(Entry(key, value, line, value_node))
    return entries, problems


def _unreadable(key: str, node: yaml.Node) -> str:
    """Why a value could not be constructed: impossible dates, or tags we refuse."""
    if node.tag == "tag:yaml.org,2002:timestamp":
        return f"`{shown(key)}`: {shown(str(node.value))} is not a real date: check day and month"
    return f"`{shown(key)}`: this value cannot be read (tag {shown(node.tag)}): write plain text"


def _has_alias(root: yaml.Node) -> bool:
    """Whether any node is reached twice: how a composed graph shows anchors and aliases."""
    seen: set[int] = set()
    stack: list[yaml.Node] = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
    return False


class ContentChanged(Exception):
    """A snapshot changed or vanished between loading and use: build again."""


def read_body(path: Path, sha256: str) -> str:
    """The normalised body of a snapshot file, which must still hash to `sha256`."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ContentChanged(f"{path}: cannot be read any more ({reason}); build again") from None
    text, _ = decode_text(raw, str(path))
    split = split_front_matter(text, str(path))[0] if text is not None else None
    body = normalise_body(split.body) if split is not None else None
    if body is None or hashlib.sha256(body.encode("utf-8")).hexdigest() != sha256:
        raise ContentChanged(f"{path}: changed while the site was being built; build again")
    return body
