"""A build stopped while its workers compute leaves no process behind: stopped by SIGTERM (a
cancelled CI job, `timeout`, a service manager) it stops them and fails; killed outright, its
workers notice and exit on their own."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import MKDOCS_ENV, write_site
from generated_content import write_histories

psutil = pytest.importorskip("psutil")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


@pytest.fixture(scope="module")
def busy_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site whose analysis keeps two workers busy for several seconds."""
    site = tmp_path_factory.mktemp("busy")
    write_histories(write_site(site), platforms=4, versions=60, paragraphs=40)
    return site


def start_build(site: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=site,
        env=MKDOCS_ENV | {"HOME": str(site)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_for_busy_workers(build: subprocess.Popen[bytes], timeout: float = 60) -> list[object]:
    """The build's descendants, once worker processes exist and have started computing."""
    parent = psutil.Process(build.pid)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert build.poll() is None, "the build ended before its workers were seen"
        try:
            descendants = parent.children(recursive=True)
            workers = [p for p in descendants if "spawn_main" in " ".join(p.cmdline())]
            if workers and max(sum(p.cpu_times()[:2]) for p in workers) > 1.0:
                return descendants
        except psutil.NoSuchProcess:
            pass
        time.sleep(0.1)
    raise AssertionError("no busy worker process appeared")


def survivors(processes: list[object], timeout: float) -> list[str]:
    """Those of `processes` (pid reuse aside) still running after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        alive = []
        for process in processes:
            try:
                if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                    alive.append(f"{process.pid} {' '.join(process.cmdline())[:120]}")
            except psutil.NoSuchProcess:
                continue
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)


def test_sigterm_stops_the_workers_and_fails_the_build(busy_site: Path):
    build = start_build(busy_site)
    try:
        descendants = wait_for_busy_workers(build)

        build.send_signal(signal.SIGTERM)
        build.wait(timeout=30)
    finally:
        if build.poll() is None:
            build.kill()

    assert build.returncode == 128 + signal.SIGTERM
    assert survivors(descendants, timeout=5) == []
    assert not any(p.name.startswith(".site.") for p in busy_site.iterdir())  # no half site
    assert not (busy_site / "site").exists()


def test_workers_of_a_killed_build_exit_on_their_own(busy_site: Path):
    build = start_build(busy_site)
    try:
        descendants = wait_for_busy_workers(build)

        os.kill(build.pid, signal.SIGKILL)  # no handler runs: only the workers' own guard
        build.wait(timeout=30)
    finally:
        if build.poll() is None:
            build.kill()

    assert build.returncode == -signal.SIGKILL
    assert survivors(descendants, timeout=5) == []
