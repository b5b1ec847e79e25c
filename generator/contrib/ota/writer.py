"""Write planned documents into content/: the part both importers share.

Each version becomes `<platform>/<type>/<stamp>.md`: the recorded text under front matter that
names Open Terms Archive (its data is ODC-By: attribution is required). Existing files are
never touched, so importing twice, or into a folder with hand-added snapshots, is safe.

What is written is what `policywatch check` and the build accept, by the same rules: the bytes
are decoded as the loader decodes them (`decode_text`), and a version with no text (a failed
capture: no letter or digit) is written as `withdrawn`, which keeps it on record, shown in the
document's history but left out of the analysis, so the next text is compared with the last
real one.

Texts are read as a stream from the source (one `git cat-file` process for a repository) and
written by a few threads: each file is still flushed to disk before it gets its name
(`write_new`), and the disk's flushes overlap instead of queueing.
"""

from __future__ import annotations

import re
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from generator.content import rules
from generator.content.atomic import write_new
from generator.content.frontmatter import decode_text
from generator.content.load import LoadOptions
from generator.content.model import format_stamp
from generator.content.snapshot import parse_snapshot_text
from generator.contrib.ota.records import Collector, DocumentImport, Recorded, one_line

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from datetime import datetime

    from generator.contrib.ota.plan import Target
    from generator.contrib.ota.records import Source

OTA_URL = "https://opentermsarchive.org"
LICENSE = "ODC-By 1.0"
EMPTY_CAPTURE = "empty capture: Open Terms Archive recorded no text for this version"
WRITERS = 8  # threads writing files: enough for the disk's flushes to overlap
_WINDOW = 64  # texts read ahead of the writers, at most
# What YAML cannot hold unescaped in a double-quoted scalar (and line breaks of YAML 1.1).
_NOT_PLAIN = re.compile(r'["\\\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]')
_BOM = b"\xef\xbb\xbf"
_PREFIX = b"---\n"  # decoded ahead of a text, so that it is decoded as in its file


def place(moments: Sequence[tuple[datetime, int]]) -> list[datetime]:
    """A distinct moment for each (moment, rank): rank 0 keeps its second, others move on.

    Versions recorded in the same second cannot share a stamp. The first recorded (rank 0)
    keeps it; the others, in order, take the next free second. Rank-0 versions claim their
    seconds before any other moves, so a later import of a longer history gives the versions
    it shares with an earlier import the same stamps (imports stay idempotent).
    """
    taken = {moment for moment, rank in moments if rank == 0}
    placed: dict[int, datetime] = {}
    for index in sorted(range(len(moments)), key=lambda i: (moments[i][1] > 0, moments[i])):
        moment, rank = moments[index]
        if rank > 0:
            while moment in taken:
                moment += timedelta(seconds=1)
            taken.add(moment)
        placed[index] = moment
    return [placed[i] for i in range(len(moments))]


def placed_versions(target: Target) -> tuple[list[tuple[str, Recorded]], list[tuple[str, str]]]:
    """The target's versions as (stamp, version) in stamp order, and those moved to a free
    second: (what names them, their stamp). The first recorded in a second keeps it."""
    versions = sorted(
        (v for source in target.sources for v in source.versions),
        key=lambda v: (v.sequence, v.ref),
    )
    ranks: dict[datetime, int] = {}
    moments: list[tuple[datetime, int]] = []
    for version in versions:
        rank = ranks.get(version.moment, 0)
        ranks[version.moment] = rank + 1
        moments.append((version.moment, rank))
    placed: list[tuple[datetime, Recorded]] = []
    renamed: list[tuple[str, str]] = []
    for version, moment in zip(versions, place(moments), strict=True):
        if moment != version.moment:
            label = f"commit {version.commit[:12]}" if version.commit else Path(version.ref).name
            renamed.append((label, format_stamp(moment)))
        placed.append((moment, version))
    placed.sort(key=lambda p: p[0])
    return [
        (v.stamp if v.stamp and moment == v.moment else format_stamp(moment), v)
        for moment, v in placed
    ], renamed


@dataclass
class _Progress:
    """What writing one target did so far."""

    target: Target
    written: list[Path] = field(default_factory=list)
    existing: list[Path] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    empty: list[Path] = field(default_factory=list)
    checked: bool = False  # whether the front matter of its first snapshot was checked

    def done(self, renamed: list[tuple[str, str]]) -> DocumentImport:
        sources = tuple(s.where for s in self.target.sources)
        return DocumentImport(
            sources,
            self.target.key,
            tuple(self.written),
            tuple(self.existing),
            tuple(self.unchanged),
            tuple(renamed),
            tuple(self.empty),
        )


@dataclass(frozen=True)
class _Job:
    progress: _Progress
    path: Path
    version: Recorded


def write_targets(
    targets: Sequence[Target],
    source: Source,
    into: Path,
    run: Collector,
    *,
    skip_unchanged: bool = False,
    max_bytes: int = LoadOptions.max_snapshot_bytes,
) -> None:
    """Write every version of `targets` that `into` does not have yet; record what was done."""
    jobs: list[_Job] = []
    finished: list[tuple[_Progress, list[tuple[str, str]]]] = []
    for target in targets:
        progress = _Progress(target)
        folder = into / target.platform / target.doc_type.slug
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            run.problem(folder, f"cannot create: {exc.strerror or exc}")
            continue
        ensure_platform(into / target.platform, target.name, target.aliases, run)
        versions, renamed = placed_versions(target)
        jobs += _todo(progress, folder, versions, source, skip_unchanged)
        finished.append((progress, renamed))
    _write(jobs, source, run, max_bytes)
    run.documents += [progress.done(renamed) for progress, renamed in finished]


def _todo(
    progress: _Progress,
    folder: Path,
    versions: list[tuple[str, Recorded]],
    source: Source,
    skip_unchanged: bool,
) -> list[_Job]:
    """The versions to write; those already there (or unchanged, if asked) are noted."""
    imported = _imported_commits(folder) if any(v.commit for _, v in versions) else set()
    jobs: list[_Job] = []
    previous: object = None
    for stamp, version in versions:
        if skip_unchanged:
            identity = version.identity or next(iter(source.read([version.ref])))
            if not isinstance(identity, OSError) and identity == previous:
                progress.unchanged.append(version.where)
                continue
            previous = identity
        path = folder / f"{stamp}.md"
        if version.commit in imported or path.exists():
            progress.existing.append(path)
        else:
            jobs.append(_Job(progress, path, version))
    return jobs


def _write(jobs: list[_Job], source: Source, run: Collector, max_bytes: int) -> None:
    """Read the jobs' texts in one stream; write them with a few threads, in order."""
    pending: deque[tuple[_Job, bool, Future[bool]]] = deque()
    with ThreadPoolExecutor(WRITERS, thread_name_prefix="policywatch-import") as pool:
        for job, raw in zip(jobs, source.read([j.version.ref for j in jobs]), strict=True):
            made = _snapshot(job, raw, run, max_bytes)
            if made is None:
                continue
            data, empty = made
            pending.append((job, empty, pool.submit(write_new, job.path, data)))
            while len(pending) > _WINDOW:
                _finish(*pending.popleft(), run)
        while pending:
            _finish(*pending.popleft(), run)


def _finish(job: _Job, empty: bool, future: Future[bool], run: Collector) -> None:
    try:
        created = future.result()
    except OSError as exc:
        run.problem(job.path, f"cannot write: {exc.strerror or exc}")
        return
    if not created:
        job.progress.existing.append(job.path)
        return
    job.progress.written.append(job.path)
    if empty:
        job.progress.empty.append(job.path)


def _snapshot(
    job: _Job, raw: bytes | OSError, run: Collector, max_bytes: int
) -> tuple[bytes, bool] | None:
    """The snapshot file for a recorded text, and whether the text is empty; None (counted and
    reported) when the loader would refuse it."""
    version = job.version
    if isinstance(raw, OSError):
        run.skip(version.where, "unreadable", f"cannot read: {raw.strerror or raw}")
        return None
    raw = raw.removeprefix(_BOM)
    decoded, problems = decode_text(_PREFIX + raw, version.where)
    if decoded is None:
        reason = problems[0].message.split(":", 1)[0] if problems else "unreadable"
        message = problems[0].message if problems else "cannot be decoded"
        run.skip(version.where, reason, f"{message}; not imported")
        return None
    text = decoded[len(_PREFIX) :]
    empty = not rules.has_text(text)
    head = front_matter(version, withdrawn=EMPTY_CAPTURE if empty else None)
    data = head.encode("utf-8") + text.encode("utf-8")
    if len(data) > max_bytes:
        message = (
            f"{len(data):,} bytes, above max_snapshot_bytes ({max_bytes:,}); not imported: "
            "raise it with --max-snapshot-bytes (and in mkdocs.yml) to import it"
        )
        run.skip(version.where, "too large", message)
        return None
    if not job.progress.checked:
        # The first of a document: its front matter is checked as `check` will (the others
        # differ only in a quoted string).
        job.progress.checked = True
        _, _, refused = parse_snapshot_text(data, job.path)
        if refused:
            run.skip(version.where, "refused", f"{refused[0].message}; not imported")
            return None
    return data, empty


_ORIGIN_COMMIT = re.compile(rb"^origin:.*\bcommit ([0-9a-f]{40})\b", re.MULTILINE)
_HEAD_BYTES = 4096  # the front matter of a snapshot fits in this


def _imported_commits(folder: Path) -> set[str | None]:
    """Commits whose versions an earlier import wrote into `folder` (named in `origin`)."""
    found: set[str | None] = set()
    for snapshot in folder.glob("*.md"):
        try:
            with snapshot.open("rb") as handle:
                head = handle.read(_HEAD_BYTES)
        except OSError:
            continue
        match = _ORIGIN_COMMIT.search(head.split(b"\n---", 1)[0])
        if match is not None:
            found.add(match[1].decode("ascii"))
    return found


def ensure_platform(
    platform_dir: Path, service: str, aliases: Sequence[str], run: Collector
) -> None:
    """Write platform.yml for a platform that has none; an existing one is left alone."""
    path = platform_dir / "platform.yml"
    if path.exists():
        return
    description = (
        f"Imported from Open Terms Archive ({OTA_URL}). "
        f"Texts by Open Terms Archive contributors, {LICENSE}."
    )
    data: dict[str, object] = {"name": one_line(service) or platform_dir.name}
    if aliases:
        data["aliases"] = [one_line(a) for a in aliases if one_line(a)]
    data["description"] = description
    try:
        created = write_new(path, dump_yaml(data).encode("utf-8"))
    except OSError as exc:
        run.problem(path, f"cannot write: {exc.strerror or exc}")
        return
    if created:
        run.platforms_created.append(platform_dir.name)


def front_matter(version: Recorded, *, withdrawn: str | None = None) -> str:
    origin = (
        f"Open Terms Archive ({OTA_URL}), {one_line(version.recorded)}; "
        f"by Open Terms Archive contributors, {LICENSE}"
    )
    lines = ["---", "source: unknown", f"origin: {quoted(origin)}"]
    if version.technical:
        lines.append("technical: true")
    if withdrawn:
        lines.append(f"withdrawn: {quoted(withdrawn)}")
    return "\n".join([*lines, "---", ""])


def quoted(text: str) -> str:
    """A YAML double-quoted scalar holding exactly `text` (what a hostile name holds included:
    quotes, colons, `---`, line breaks). Written by hand: yaml.safe_dump for each of tens of
    thousands of snapshots costs more than the rest of an import."""
    escaped = _NOT_PLAIN.sub(_escape, text)
    return f'"{escaped}"'


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in '"\\':
        return "\\" + char
    if "\ud800" <= char <= "\udfff":  # a name that was not UTF-8 (surrogate-escaped)
        return "\ufffd"
    return f"\\u{ord(char):04x}"


def dump_yaml(data: Mapping[str, object]) -> str:
    # safe_dump quotes whatever a hostile name holds (colons, quotes, newlines).
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1_000_000)
