"""`policywatch pr-summary BASE`: the analysis of the snapshots a branch changes, as Markdown.

A pull request's workflow appends it to the job summary, so a reviewer sees at a glance what
each new snapshot changes (kind, words, categories, the first changed passages) and whether
the branch edits or deletes recorded history, which it should not.
"""

from __future__ import annotations

import html
import re
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

import git

from generator.analysis.analyse import analyse_document
from generator.analysis.taxonomy import Taxonomy, load_taxonomy
from generator.content.doctypes import load_document_types
from generator.content.load import LoadOptions, load_archive
from generator.content.problems import Severity
from generator.contrib.change_report import excerpts, facts

if TYPE_CHECKING:
    from typing import TextIO

    from generator.analysis.changes import Change
    from generator.content.model import Archive, Version

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character


@dataclass(frozen=True)
class ChangedFiles:
    """Snapshot files (`platform/document/stamp.md`) the branch adds, edits or deletes."""

    added: tuple[PurePosixPath, ...] = ()
    edited: tuple[PurePosixPath, ...] = ()
    deleted: tuple[PurePosixPath, ...] = ()


def changed_snapshots(content_dir: Path, base: str) -> ChangedFiles:
    """Snapshots changed since the branch left `base`: commits, uncommitted and new files.

    Raises git.GitCommandError when `base` is unknown, and git.InvalidGitRepositoryError
    outside a repository.
    """
    repo = git.Repo(content_dir, search_parent_directories=True)
    try:
        top = Path(repo.working_tree_dir or ".").resolve()
        folder = content_dir.resolve().relative_to(top).as_posix()
        fork = repo.git.merge_base(base, "HEAD").strip()
        diff = repo.git.diff("--name-status", "-z", "--no-renames", fork, "--", folder)
        untracked = repo.git.ls_files("--others", "--exclude-standard", "-z", "--", folder)
    finally:
        repo.close()
    found: dict[str, list[PurePosixPath]] = {}
    tokens = diff.split("\0")
    entries = [*zip(tokens[::2], tokens[1::2], strict=False)]
    entries += [("A", name) for name in untracked.split("\0") if name]
    for status, name in entries:
        path = PurePosixPath(name)
        if path.is_relative_to(folder):
            found.setdefault(status[:1], []).append(path.relative_to(folder))

    def snapshots(status: str) -> tuple[PurePosixPath, ...]:
        paths = found.get(status, [])
        return tuple(sorted(p for p in paths if p.suffix == ".md" and len(p.parts) == 3))

    return ChangedFiles(snapshots("A"), snapshots("M") + snapshots("T"), snapshots("D"))


def summary_markdown(content_dir: Path, config_dir: Path, changed: ChangedFiles) -> str:
    """The job summary: a table of the changed snapshots, details, and history warnings."""
    lines = ["## PolicyWatch: snapshots in this pull request", ""]
    if not (changed.added or changed.edited or changed.deleted):
        return "\n".join([*lines, "No snapshot was added, edited or deleted.", ""])
    types, _ = load_document_types(config_dir / "document_types.yml")
    taxonomy, _ = load_taxonomy(config_dir / "taxonomy.yml")
    archive = load_archive(content_dir, types, LoadOptions(provenance=False))
    touched = [*changed.added, *changed.edited]
    found = _find(archive, touched, taxonomy)
    lines += ["| Snapshot | Kind | Words | Categories | Summary |", "|---|---|---|---|---|"]
    for path in touched:
        version, change = found.get(path, (None, None))
        lines.append(_row(path, path in changed.edited, version, change))
    lines.append("")
    for path in touched:
        version, change = found.get(path, (None, None))
        lines += _details(path, archive, version, change)
    if changed.edited or changed.deleted:
        lines += _history_warning(changed)
    errors = sum(1 for p in archive.problems if p.severity is Severity.ERROR)
    if errors:
        lines += [f"**{errors} error(s)** in the content: see the check step's annotations.", ""]
    return "\n".join(lines)


def _find(
    archive: Archive, paths: list[PurePosixPath], taxonomy: Taxonomy
) -> dict[PurePosixPath, tuple[Version, Change | None]]:
    """The loaded version and its change for each path (analysing only the documents touched)."""
    wanted = {(p.parts[0], p.parts[1]) for p in paths}
    found: dict[PurePosixPath, tuple[Version, Change | None]] = {}
    for document in archive.documents():
        if (document.platform, document.slug) not in wanted:
            continue
        changes = {c.to_stamp: c for c in analyse_document(document, taxonomy)}
        for version in document.versions:
            key = PurePosixPath(version.platform, version.document, f"{version.stamp}.md")
            found[key] = (version, changes.get(version.stamp))
    return found


def _row(path: PurePosixPath, edited: bool, version: Version | None, change: Change | None) -> str:
    name = f"`{_code(path.with_suffix('').as_posix())}`" + (" (edited)" if edited else "")
    if version is None:
        return f"| {name} | not loaded: see the check step | | | |"
    if change is None:
        return f"| {name} | withdrawn: {_md(version.withdrawn or '')} | | | |"
    values = dict(facts(change))
    categories = ", ".join(
        [f"+{c}" for c in change.categories_added]
        + [f"\N{MINUS SIGN}{c}" for c in change.categories_removed]
    )
    if change.summary:
        summary = _md(change.summary)
    else:  # a first version needs no summary of what changed
        summary = "" if change.from_stamp is None else "*none yet*"
    return f"| {name} | {values['kind']} | {values['words']} | {_md(categories)} | {summary} |"


def _details(
    path: PurePosixPath, archive: Archive, version: Version | None, change: Change | None
) -> list[str]:
    if version is None or change is None or change.from_stamp is None:
        return []
    document = next(
        d for d in archive.documents() if (d.platform, d.slug) == (path.parts[0], path.parts[1])
    )
    previous = next(v for v in document.versions if v.stamp == change.from_stamp)
    title = html.escape(path.with_suffix("").as_posix())
    lines = [f"<details><summary>{title}</summary>", ""]
    lines += [f"- {label}: {_md(value)}" for label, value in facts(change)]
    for excerpt in excerpts(previous.text, version.text):
        lines.append(f"- `{excerpt.op}` {_md(excerpt.text)}")
    return [*lines, "", "</details>", ""]


def _history_warning(changed: ChangedFiles) -> list[str]:
    lines = [
        "> [!WARNING]",
        "> This pull request rewrites recorded history. A snapshot is never edited or deleted:",
        "> mark a bad one `withdrawn: <reason>` instead (see CONTRIBUTING.md).",
    ]
    for label, paths in (("edited", changed.edited), ("deleted", changed.deleted)):
        for path in paths:
            lines.append(f"> - {label}: `{_code(path.as_posix())}`")
    return [*lines, ""]


def _md(text: str) -> str:
    """Hostile text as inert Markdown: one line, every punctuation character escaped."""
    return _PUNCTUATION.sub(r"\\\1", " ".join(text.split()))


def _code(text: str) -> str:
    """Text for inside a code span: no backticks, one line."""
    return " ".join(text.replace("`", "'").split())


def run_pr_summary(
    base: str, content_dir: Path, config_dir: Path, out: TextIO | None = None
) -> int:
    """Print the summary; 1 (with the reason on stderr) when git cannot compare with `base`."""
    try:
        changed = changed_snapshots(content_dir, base)
    except (git.GitCommandError, git.InvalidGitRepositoryError, git.NoSuchPathError) as exc:
        reason = str(getattr(exc, "stderr", "") or exc).strip()
        reason = reason.removeprefix("stderr:").strip().strip("'").strip()
        print(f"pr-summary: cannot compare with {base!r}: {reason}", file=sys.stderr)
        return 1
    print(summary_markdown(content_dir, config_dir, changed), file=out or sys.stdout)
    return 0
