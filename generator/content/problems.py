"""Problems found in the content, told to a contributor: where, what, and how to fix."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

# Controls (C0, DEL, C1), line separators, bidi overrides and lone surrogates (from file names
# that are not UTF-8): escaped when a problem is shown, so that a hostile file name cannot add
# lines to a log (`::error::` in CI) or drive the terminal.
UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _one_line(text: str) -> str:
    return UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}", text.replace("\n", "\\n"))


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """Something wrong with the content, told to a contributor: where, what, and how to fix."""

    path: str  # relative to the content folder's parent, with forward slashes
    line: int  # 1-based; 0 when the problem concerns the whole file
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        prefix = "" if self.severity is Severity.ERROR else "warning: "
        return f"{_one_line(self.path)}:{self.line}: {prefix}{_one_line(self.message)}"


GROUP_AT = 3  # this many warnings alike in one folder are told in one line
_NUMBER = re.compile(r"\d+")


def grouped(problems: Iterable[Problem], at_least: int = GROUP_AT) -> list[Problem]:
    """The problems, with warnings repeated across one document folded into one line each.

    Warnings are alike when they differ only in their numbers (sizes, ratios, stamps): a
    flapping capture gives thousands of "text is 236% the size of the previous version". The
    group's line stands at its first file, counts the files, and names the first and the last
    stamp. Errors are never grouped: each must be fixed where it is.
    """
    problems = list(problems)
    groups: dict[tuple[str, str], list[int]] = {}
    for index, problem in enumerate(problems):
        if problem.severity is Severity.WARNING:
            folder = str(PurePath(problem.path).parent)
            groups.setdefault((folder, _NUMBER.sub("#", problem.message)), []).append(index)
    heads: dict[int, list[Problem]] = {}
    folded: set[int] = set()
    for indexes in groups.values():
        if len(indexes) >= at_least:
            heads[indexes[0]] = [problems[i] for i in indexes]
            folded.update(indexes[1:])
    return [
        _group_line(heads[index]) if index in heads else problem
        for index, problem in enumerate(problems)
        if index not in folded
    ]


def _group_line(group: list[Problem]) -> Problem:
    first, last = group[0], group[-1]
    names = [PurePath(problem.path).name for problem in (first, last)]
    noun = "versions" if all(name.endswith(".md") for name in names) else "files"
    first_name, last_name = (name.removesuffix(".md") for name in names)
    message = (
        f"{len(group):,} {noun} ({first_name} to {last_name}) have this warning; "
        f"the first: {first.message}"
    )
    return Problem(first.path, first.line, message, Severity.WARNING)
