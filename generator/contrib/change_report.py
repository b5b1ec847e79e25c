"""A change told to a contributor: the facts `add` prints and a pull request's summary shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.analysis.diff import diff_texts
from generator.content.frontmatter import shown
from generator.content.problems import Severity

if TYPE_CHECKING:
    from typing import TextIO

    from generator.analysis.changes import Change
    from generator.content.problems import Problem
    from generator.contrib.add import AddResult

EXCERPT_CHARS = 160
SUMMARY_LIMIT = 140
_INPUT_KINDS = {
    "html": "from a saved HTML page, converted to Markdown",
    "markdown": "Markdown",
    "text": "plain text, kept as is",
}


@dataclass(frozen=True)
class Excerpt:
    """One changed block, shortened: `+` inserted, `-` deleted, `~` edited in place.

    An edited block reads like `git diff --word-diff`: `[-old words-]{+new words+}`.
    """

    op: str
    text: str


def facts(change: Change) -> list[tuple[str, str]]:
    """(label, value) pairs: kind, words, reading time, categories; empty ones left out."""
    rows = [("kind", change.kind.value)]
    if change.from_stamp is None:
        rows.append(("words", f"{change.after.words:,} (first version)"))
    else:
        rows.append(("compared with", change.from_stamp))
        rows.append(("words", f"+{change.words_added:,} \N{MINUS SIGN}{change.words_removed:,}"))
    if change.before is not None:
        reading = f"{change.before.reading_minutes:g} → {change.after.reading_minutes:g} min"
    else:
        reading = f"{change.after.reading_minutes:g} min"
    rows.append(("reading time", reading))
    if change.reverted_to is not None:
        rows.append(("same text as", change.reverted_to))
    for label, ids in (
        ("categories added", change.categories_added),
        ("categories removed", change.categories_removed),
        ("categories touched", change.categories_touched),
    ):
        if ids:
            rows.append((label, ", ".join(ids)))
    if change.sections and change.from_stamp is not None:
        rows.append(("sections", "; ".join(s.name for s in change.sections[:3])))
    for number in change.numbers[:3]:
        rows.append((number.topic, f"{number.before} → {number.after}"))
    if change.summary:
        rows.append(("summary", change.summary))
    if change.auto_summary:
        rows.append(("automatic summary", change.auto_summary))
    return rows


def excerpts(old: str, new: str, limit: int = 5) -> list[Excerpt]:
    """The first changed blocks, to help write a summary."""
    found: list[Excerpt] = []
    for block in diff_texts(old, new).changed_blocks()[:limit]:
        if block.op == "replace":
            marked = "".join(_marked(segment.op, segment.text) for segment in block.segments)
            marked = " ".join(marked.split()).replace("-] {+", "-]{+")
            found.append(Excerpt("~", _around_first_change(marked)))
        else:
            text = block.new_text if block.op == "insert" else block.old_text
            found.append(Excerpt("+" if block.op == "insert" else "-", _shorten(text)))
    return [e for e in found if e.text]


def _marked(op: str, text: str) -> str:
    """A segment with word-diff markers; its surrounding spaces stay outside them."""
    if op == "equal" or not text.strip():
        return text
    core = text.strip()
    before, after = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    opening, closing = ("{+", "+}") if op == "insert" else ("[-", "-]")
    return f"{before}{opening}{core}{closing}{after}"


def _around_first_change(text: str) -> str:
    """A window of the text that starts a little before its first change."""
    first = min((i for i in (text.find("{+"), text.find("[-")) if i >= 0), default=0)
    start = max(0, first - 40)
    window = ("…" if start else "") + text[start:]
    return _shorten(window)


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1].rstrip() + "…"


def print_added(result: AddResult, out: TextIO) -> None:
    """What `policywatch add` did, or why it refused, for a contributor's terminal."""
    for problem in result.problems:
        print(_line(problem), file=out)
    if not result.ok or result.version is None:
        print("Nothing was written.", file=out)
        return
    words = result.change.after.words if result.change else 0
    kind = _INPUT_KINDS.get(result.input_kind, result.input_kind)
    print(f"Wrote {result.path} ({kind}, {words:,} words)", file=out)
    if result.platform_file is not None:
        print(f"Created {result.platform_file}: check the platform's name in it", file=out)
    for problem in result.warnings:
        print(_line(problem), file=out)
    if result.existing:
        print("Already in the content folder (not caused by this snapshot):", file=out)
        for problem in result.existing:
            print(f"  {_line(problem)}", file=out)
    if result.change is not None:
        print("\nAnalysis of the change:", file=out)
        rows = facts(result.change)
        width = max(len(label) for label, _ in rows)
        for label, value in rows:
            print(f"  {label:<{width}}  {value}", file=out)
    if result.previous is not None:
        found = excerpts(result.previous.text, result.version.text)
        if found:
            print("\nWhat changed (first pieces):", file=out)
            for excerpt in found:
                print(f"  {excerpt.op} {excerpt.text}", file=out)
    if result.previous is not None and not result.version.summary:
        print(
            f"\nNext: write a `summary:` line (at most {SUMMARY_LIMIT} characters, neutral and "
            f"factual) into the front matter of {result.path},\nrun `policywatch check`, "
            "and open a pull request with the new file(s).",
            file=out,
        )
    else:
        print(
            "\nNext: run `policywatch check` and open a pull request with the new file(s).",
            file=out,
        )


def _line(problem: Problem) -> str:
    """`path:line: message` (`path: message` for the whole file); hostile text neutralised."""
    where = problem.path if problem.line == 0 else f"{problem.path}:{problem.line}"
    prefix = "warning: " if problem.severity is Severity.WARNING else ""
    return shown(f"{where}: {prefix}{problem.message}", limit=10_000)
