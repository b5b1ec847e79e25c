"""Local worker processes that never outlive the build that started them.

A build stopped by SIGTERM (a cancelled CI job, `timeout`, a service manager) used to leave its
process-pool workers computing for minutes: Python dies at once on SIGTERM, without shutting
its pools down, and the workers are adopted by init. Two guards, each enough on its own:

- In the build: `stop_on_sigterm()` makes SIGTERM stop every worker process at once, then exit
  the build with status 143 (128 + SIGTERM) through the usual unwinding, so that `finally`
  blocks and MkDocs' `on_shutdown` clean up (the half-built site is discarded).
- In each worker: it exits when its parent dies, whatever killed the parent (SIGKILL too):
  Linux delivers SIGKILL to it (`PR_SET_PDEATHSIG`), and a watchdog thread checks the parent
  every second elsewhere (and on Linux too, should the signal be lost).

Workers are spawned, not forked: `mkdocs serve` runs threads, and forking those is unsafe.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import FrameType

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_WATCH_SECONDS = 1.0


def process_pool(workers: int, *, niceness: int = 0) -> ProcessPoolExecutor:
    """A pool of `workers` spawned processes that exit when this process dies.

    Workers with a `niceness` (1 to 19) run when a core would otherwise be idle: background
    work that must not slow the build's foreground work down.
    """
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=die_with_parent,
        initargs=(os.getpid(), niceness),
    )


def die_with_parent(parent: int, niceness: int = 0) -> None:
    """In a worker: exit as soon as process `parent` is gone (see the module's docstring);
    lower the worker's priority by `niceness` first."""
    if niceness:
        with contextlib.suppress(OSError, AttributeError):  # os.nice: POSIX only
            os.nice(niceness)
    if sys.platform == "linux":
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # died before the guard was set
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="policywatch-watch", daemon=True).start()


def _watch(parent: int) -> None:
    event = threading.Event()
    while not event.wait(_WATCH_SECONDS):
        if os.getppid() != parent:
            os._exit(1)


def stop_workers() -> int:
    """Kill every worker process this process started (pools' included); how many."""
    children = multiprocessing.active_children()
    for child in children:
        with contextlib.suppress(OSError):
            child.kill()
    for child in children:
        child.join(timeout=5)
    return len(children)


@dataclass
class SigtermGuard:
    """SIGTERM, while installed, stops the workers and exits (143); `restore()` undoes it."""

    previous: Callable[[int, FrameType | None], object] | int | None

    def restore(self) -> None:
        if signal.getsignal(signal.SIGTERM) is _on_sigterm:
            signal.signal(signal.SIGTERM, self.previous)


_chained: list[Callable[[int, FrameType | None], object]] = []


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    stop_workers()
    for handler in _chained[-1:]:
        handler(signum, frame)
    raise SystemExit(128 + signum)


def stop_on_sigterm() -> SigtermGuard | None:
    """Install the SIGTERM guard, in the main thread (None elsewhere, or when SIGTERM is
    ignored on purpose, as under `nohup`-like supervisors)."""
    if threading.current_thread() is not threading.main_thread():
        return None
    previous = signal.getsignal(signal.SIGTERM)
    if previous is signal.SIG_IGN or previous is _on_sigterm:
        return None
    _chained.clear()
    if callable(previous):
        _chained.append(previous)
    signal.signal(signal.SIGTERM, _on_sigterm)
    return SigtermGuard(previous)
