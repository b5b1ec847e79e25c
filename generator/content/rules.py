"""What content may hold: field checkers, the two schemas, and warnings about versions."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from generator.content.frontmatter import UNREADABLE, Entry, shown
from generator.content.model import Version, parse_stamp
from generator.content.problems import Problem, Severity

if TYPE_CHECKING:
    from collections.abc import Callable

SMALL_TEXT = 1024  # bytes; below this a capture probably failed
SIZE_JUMP = 0.6  # relative size change between consecutive versions worth a look
BACKFILL_GAP = timedelta(days=730)
# A text is captured when (or after) it is observed; a day of leeway for date-only stamps and
# contributors who name files by their local date.
CAPTURE_SLACK = timedelta(days=1)
# BCP 47 in outline: a 2-3 letter language, then subtags (script, region, variants). The grammar
# also allows 5-8 letters, but no such language subtag is registered: `english` is a mistake.
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


class FieldError(ValueError):
    """A value of the wrong kind; the message says what to write instead."""


@dataclass(frozen=True)
class Field:
    """How to read one field: a checker that converts or raises FieldError, and an example."""

    check: Callable[[object], object]
    example: str
    required: bool = False


def read_fields(
    entries: list[Entry], schema: dict[str, Field], where: str, missing_line: int
) -> tuple[dict[str, object], dict[str, int], list[Problem]]:
    """Checked values and their lines; a null value counts as absent (for optional fields)."""
    values: dict[str, object] = {}
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    for entry in entries:
        field = schema.get(entry.key)
        if field is None:
            problems.append(Problem(where, entry.line, _unknown_field(entry.key, schema)))
            continue
        lines[entry.key] = entry.line
        if entry.value is None and field.required:
            message = f"`{entry.key}` is empty: give a value such as `{field.example}`"
            problems.append(Problem(where, entry.line, message))
        elif entry.value is not None and entry.value is not UNREADABLE:
            try:
                values[entry.key] = field.check(entry.value)
            except FieldError as exc:
                problems.append(Problem(where, entry.line, f"`{entry.key}` {exc}"))
    for key, field in schema.items():
        if field.required and key not in lines:
            message = f"`{key}` is missing: add a line such as `{field.example}`"
            problems.append(Problem(where, missing_line, message))
    return values, lines, problems


def _unknown_field(key: str, schema: dict[str, Field]) -> str:
    allowed = ", ".join(schema)
    close = [k for k in schema if k == key.casefold().strip()]
    close = close or difflib.get_close_matches(key, list(schema), n=1, cutoff=0.6)
    hint = f" did you mean `{close[0]}`?" if close else ""
    return f"unknown field `{shown(key)}`:{hint} Allowed: {allowed}"


def _kind(value: object) -> str:
    """What YAML made of a value, in a contributor's words."""
    if isinstance(value, bool):
        return "true/false (YAML reads yes/no/on/off as true/false: put the value in quotes)"
    kinds: tuple[tuple[type, str], ...] = (
        (str, "text"),
        (int, "a number"),
        (float, "a number"),
        (datetime, "a date-time"),
        (date, "a date"),
        (list, "a list"),
        (dict, "a mapping"),
        (bytes, "binary data"),
    )
    return next((name for cls, name in kinds if isinstance(value, cls)), type(value).__name__)


def has_text(body: str) -> bool:
    """Whether a snapshot's body holds any text: a letter or a digit, in any script.

    A body of blank lines, rules (`---`, `===`) or punctuation is no policy: a failed capture.
    The loader refuses it unless the snapshot is `withdrawn`; `import-ota` writes such captures
    as withdrawn. One rule for both, so that what an import writes, `check` and the build
    accept.
    """
    return any(char.isalnum() for char in body)


def check_text(value: object) -> str:
    if not isinstance(value, str):
        raise FieldError(f"must be text, not {_kind(value)}")
    if not value.strip():
        raise FieldError("is empty: write some text or remove the line")
    return value.strip()


def check_line(limit: int) -> Callable[[object], str]:
    """A checker for one line of text of at most `limit` characters."""

    def check(value: object) -> str:
        text = check_text(value)
        if "\n" in text:
            raise FieldError("must be a single line: join the lines")
        if len(text) > limit:
            raise FieldError(f"has {len(text)} characters; at most {limit}: shorten it")
        return text

    return check


def check_url(value: object) -> str:
    text = check_text(value)
    if any(char.isspace() or not char.isprintable() for char in text):
        raise FieldError("contains spaces or control characters: write the bare URL")
    try:
        parts = urlsplit(text)
        _ = parts.port  # raises on a malformed port
    except ValueError:
        raise FieldError(f"{shown(text)} is not a valid URL") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FieldError(
            f"must be an http(s) URL such as https://example.com/privacy, not {shown(text)}"
        )
    return text


def check_source(value: object) -> str:
    """The capture URL, or `unknown` (imports use it when the URL was not recorded)."""
    if value == "unknown":
        return "unknown"
    return check_url(value)


def check_moment(value: object) -> datetime:
    """A date-time (or a date, meaning midnight) as an aware UTC datetime."""
    if isinstance(value, str):
        value = _parse_moment(value.strip())
    if isinstance(value, datetime):
        try:
            return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        except OverflowError:  # 9999-12-31T23:00:00-02:00 is in the year 10000 in UTC
            raise FieldError(f"{value.isoformat()} is out of range once in UTC") from None
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    raise FieldError(f"must be a date-time such as 2023-09-29T14:30:00Z, not {_kind(value)}")


def _parse_moment(text: str) -> datetime:
    """ISO 8601 (`Z` allowed), or our stamp form as a courtesy."""
    for parse in (datetime.fromisoformat, parse_stamp):
        try:
            return parse(text)
        except ValueError:
            continue
    raise FieldError(f"{shown(text)} is not a real date-time: write e.g. 2023-09-29T14:30:00Z")


def check_day(value: object) -> date:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise FieldError(f"{shown(value)} is not a real date: write e.g. 2023-09-29") from None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    raise FieldError(f"must be a date such as 2023-09-29, not {_kind(value)}")


def check_flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise FieldError(f"must be `true` or `false`, not {_kind(value)}")
    return value


def check_language(value: object) -> str:
    text = check_text(value)
    if _LANGUAGE.fullmatch(text):
        return text
    hint = f" (write {shown(text.replace('_', '-'))})" if "_" in text else ""
    raise FieldError(f"{shown(text)} is not a BCP 47 language tag such as en, fr or pt-BR{hint}")


def check_texts(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise FieldError(f"must be a list of names such as [Twitter], not {_kind(value)}")
    if not all(isinstance(item, str) and item.strip() for item in value):
        raise FieldError("must list names as text, e.g. [Twitter, X Corp]")
    return tuple(item.strip() for item in value)


SNAPSHOT_FIELDS: dict[str, Field] = {
    "source": Field(check_source, "source: https://x.com/en/privacy", required=True),
    "captured": Field(check_moment, "captured: 2023-09-29T14:30:00Z"),
    "effective": Field(check_day, "effective: 2023-09-29"),
    "archive": Field(check_url, "archive: https://web.archive.org/web/…"),
    "summary": Field(check_line(140), "summary: Adds biometric data"),
    "technical": Field(check_flag, "technical: true"),
    "language": Field(check_language, "language: en"),
    "withdrawn": Field(check_text, "withdrawn: failed capture"),
    "origin": Field(check_text, "origin: Open Terms Archive"),
}
PLATFORM_FIELDS: dict[str, Field] = {
    "name": Field(check_line(200), "name: X", required=True),
    "url": Field(check_url, "url: https://x.com"),
    "description": Field(check_text, "description: Social network"),
    "aliases": Field(check_texts, "aliases: [Twitter]"),
}


def capture_problem(version: Version, lines: dict[str, int]) -> Problem | None:
    """`captured` well before the stamp: usually a copied file whose date was not updated."""
    # A difference of two moments, not `observed - slack`: that overflows for the year 1.
    if version.captured is None or version.observed - version.captured <= CAPTURE_SLACK:
        return None
    message = (
        f"`captured` {version.captured:%Y-%m-%d %H:%M} UTC is before the stamp in the file name "
        f"({version.stamp}): a text cannot be captured before it was observed; fix `captured` "
        "or rename the file"
    )
    return Problem(str(version.path), lines.get("captured", 0), message)


def version_warnings(version: Version, lines: dict[str, int], now: datetime) -> list[Problem]:
    """Signs of a mistaken stamp, a failed capture or an unverifiable backfill."""
    where = str(version.path)
    warnings: list[Problem] = []
    if version.observed > now:
        message = (
            f"stamp {version.stamp} is in the future (now {now:%Y-%m-%d %H:%M} UTC): "
            "the stamp is when the text was observed, in UTC; fix the file name"
        )
        warnings.append(Problem(where, 0, message, Severity.WARNING))
    if (
        version.captured is not None
        and version.archive is None
        and version.captured - version.observed > BACKFILL_GAP
    ):
        message = (
            f"captured {version.captured:%Y-%m-%d}, over 2 years after the stamp, with no "
            "`archive`: add `archive: <Wayback Machine URL>` so readers can verify the text"
        )
        warnings.append(Problem(where, lines.get("captured", 0), message, Severity.WARNING))
    size = version.size
    if size < SMALL_TEXT and version.withdrawn is None:
        message = (
            f"only {size} bytes of text: probably a failed capture; compare it with the source, "
            "or mark it `withdrawn: <reason>`"
        )
        warnings.append(Problem(where, 0, message, Severity.WARNING))
    return warnings


def size_warnings(versions: list[Version]) -> list[Problem]:
    """Big jumps in size between consecutive live versions (small ones are warned already)."""
    warnings: list[Problem] = []
    previous: tuple[Version, int] | None = None
    for version in versions:
        if version.withdrawn is not None:
            continue
        size = version.size
        if size < SMALL_TEXT:
            continue
        if previous is not None and abs(size - previous[1]) > SIZE_JUMP * previous[1]:
            ratio = size / previous[1]
            message = (
                f"text is {ratio:.0%} the size of the previous version ({previous[0].stamp}): "
                "check for a failed or doubled capture (an announced change shown above the "
                "current text is genuine), or mark `technical: true` if only extraction changed"
            )
            warnings.append(Problem(str(version.path), 0, message, Severity.WARNING))
        previous = (version, size)
    return warnings
