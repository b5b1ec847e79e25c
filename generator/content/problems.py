"""Problems found in the content, told to a contributor: where, what, and how to fix."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

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
