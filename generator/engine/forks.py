"""Work shared with forked copies of this process: page writing on every core.

A cold build of a whole collection writes tens of thousands of pages, each rendered through
MkDocs (the plugins' events, the theme's templates) with what the build holds: the
configuration, the navigation, the analysis. None of that can be sent to a spawned worker, but
a forked copy of the process has all of it. So the items are dealt out in runs, taken in turn
by this process and its copies from a shared counter (a slow run holds up no one), and each
copy sends back what it made, and what it logged, through a pipe.

Forking is safe only while this process runs no other thread (`can_fork`): a lock held by one
at the fork would stay held in the copy. `mkdocs serve` runs threads; a build, once its
background workers are stopped, does not. A copy dies with the build, however the build ends
(generator.analysis.pools.die_with_parent), and is killed when the work fails in this process.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import pickle
import signal
import sys
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from mkdocs.exceptions import PluginError

from generator.analysis.pools import die_with_parent

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence
    from multiprocessing.sharedctypes import Synchronized

T = TypeVar("T")
R = TypeVar("R")


class ForkFailed(PluginError):
    """A forked copy ended without sending its results (killed, out of memory): the build
    stops with this message, not a traceback."""


def can_fork() -> bool:
    """Whether this process may fork: a POSIX system, and no thread but this one."""
    return hasattr(os, "fork") and threading.active_count() == 1


def in_forks(
    items: Sequence[T],
    work: Callable[[T], R],
    processes: int,
    run: int = 50,
    group: Callable[[T], object] | None = None,
) -> list[R]:
    """`work` of every item, in order: done by this process and `processes - 1` forked copies
    of it, `run` consecutive items at a time, or each run of consecutive items of one `group`
    (not None) at once, the longest first (neighbours often share work a process remembers:
    given to one process, it is done once). An exception raised by `work` in a copy is raised
    here; the copies' log records are handled here, as if logged here (MkDocs counts warnings
    for `--strict`)."""
    runs = _runs(items, run, group)
    processes = min(processes, len(runs))  # a copy with no run to take is not made
    if processes < 2:
        return [work(item) for item in items]
    taken: Synchronized[int] = multiprocessing.get_context("fork").Value("i", 0)
    copies: list[_Copy[R]] = []
    results: dict[int, R] = {}
    try:
        for _ in range(processes - 1):
            copies.append(_Copy.start(lambda: _take(items, work, runs, taken)))
        results.update(_take(items, work, runs, taken))
        for copy in copies:
            results.update(copy.result())
    finally:
        for copy in copies:
            copy.stop()
    return [results[i] for i in range(len(items))]


def _runs(items: Sequence[T], run: int, group: Callable[[T], object] | None) -> list[range]:
    """The runs of `in_forks`: a group's items together, the longest runs first (the last
    to be taken is then a short one); the items of no group `run` at a time."""
    keys = [group(item) for item in items] if group else [None] * len(items)
    runs: list[range] = []
    start = 0
    for end in range(1, len(items) + 1):
        if (
            end == len(items)
            or keys[end] != keys[start]
            or (keys[start] is None and end - start == run)
        ):
            runs.append(range(start, end))
            start = end
    return sorted(runs, key=len, reverse=True)


def _take(
    items: Sequence[T], work: Callable[[T], R], runs: list[range], taken: Synchronized[int]
) -> Iterator[tuple[int, R]]:
    while True:
        with taken.get_lock():
            number = taken.value
            taken.value += 1
        if number >= len(runs):
            return
        for i in runs[number]:
            yield i, work(items[i])


@dataclass
class _Copy(Generic[R]):
    """A forked copy of this process, doing its share of the work."""

    pid: int | None
    pipe: int

    @classmethod
    def start(cls, share: Callable[[], Iterator[tuple[int, R]]]) -> _Copy[R]:
        read, write = os.pipe()
        parent = os.getpid()
        for stream in (sys.stdout, sys.stderr):  # or the copy repeats what they hold
            stream.flush()
        pid = os.fork()
        if pid == 0:  # pragma: no cover (the copy; coverage does not follow it)
            os.close(read)
            _in_copy(share, write, parent)
        os.close(write)
        return cls(pid, read)

    def result(self) -> dict[int, R]:
        with os.fdopen(self.pipe, "rb") as pipe:
            data = pipe.read()
        self.pipe = -1
        assert self.pid is not None
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        if not data:
            code = os.waitstatus_to_exitcode(status)
            message = f"a forked copy of the build ended (exit status {code}) without its results"
            raise ForkFailed(f"policywatch: {message}")
        outcome, value, records = pickle.loads(data)
        for record in records:
            logging.getLogger(record.name).handle(record)
        if outcome == "failed":
            raise value
        results: dict[int, R] = value
        return results

    def stop(self) -> None:
        if self.pipe >= 0:
            os.close(self.pipe)
            self.pipe = -1
        if self.pid is not None:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            self.pid = None


def _in_copy(share: Callable[[], Iterator[tuple[int, R]]], pipe: int, parent: int) -> None:
    """In the copy: do its share, send the results (or the exception) and the log records
    to the parent, and exit without running anything of the parent's exit."""
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the build's handler (pools)
        die_with_parent(parent)
        records = _keep_records()
        try:
            payload: tuple[str, object, list[logging.LogRecord]] = (
                "done",
                dict(share()),
                records,
            )
        except BaseException as exc:
            payload = ("failed", exc, records)
        try:
            data = pickle.dumps(payload)
        except Exception as exc:
            data = pickle.dumps(("failed", RuntimeError(f"{type(exc).__name__}: {exc}"), records))
        with os.fdopen(pipe, "wb") as out:
            out.write(data)
    finally:
        os._exit(0)


class _Keep(logging.Handler):
    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__()
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        if self.records and self.records[-1] is record:  # met again on its way to the root
            return
        record.msg, record.args = record.getMessage(), None
        record.exc_info = record.exc_text = None
        self.records.append(record)


def _keep_records() -> list[logging.LogRecord]:
    """In the copy: every logger's output kept, for the parent to handle, not printed."""
    records: list[logging.LogRecord] = []
    keep = _Keep(records)
    for logger in logging.Logger.manager.loggerDict.values():
        if isinstance(logger, logging.Logger) and logger.handlers:
            logger.handlers = [keep]
    logging.getLogger().handlers = [keep]  # and what would reach no handler (lastResort)
    return records
