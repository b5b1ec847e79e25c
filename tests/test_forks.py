"""Work shared with forked copies of the process (generator.engine.forks), and the pages of a
build written that way: the same site as written by one process."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import long_text, write_site, write_snapshot
from test_incremental import set_option

from generator.engine.forks import ForkFailed, in_forks

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
REPO = Path(__file__).resolve().parents[1]


def slow_double(item: int) -> tuple[int, int]:
    time.sleep(0.005)  # long enough that the copy takes its share
    return item * 2, os.getpid()


def test_results_come_back_in_order_from_every_process() -> None:
    results = in_forks(list(range(40)), slow_double, processes=2, run=2)
    assert [value for value, _ in results] == [n * 2 for n in range(40)]
    pids = {pid for _, pid in results}
    assert os.getpid() in pids and len(pids) == 2


def test_a_groups_items_are_done_by_one_process_the_rest_by_runs() -> None:
    items = [*(["a"] * 9), *([None] * 12), *(["b"] * 3), *(["c"] * 9)]
    results = in_forks(items, lambda item: (item, slow_double(0)[1]), 2, run=2, group=lambda x: x)
    assert [item for item, _ in results] == items  # in order
    by_group: dict[str | None, set[int]] = {}
    for item, pid in results:
        by_group.setdefault(item, set()).add(pid)
    assert all(len(by_group[key]) == 1 for key in "abc")
    assert len({pid for _, pid in results}) == 2


def test_what_a_copy_logs_is_handled_here_once(caplog: pytest.LogCaptureFixture) -> None:
    def work(item: int) -> int:
        logging.getLogger("policywatch.test").warning("item %d in %d", item, os.getpid())
        time.sleep(0.005)
        return item

    with caplog.at_level(logging.WARNING):
        in_forks(list(range(20)), work, processes=2, run=1)
    messages = [r.getMessage() for r in caplog.records if r.name == "policywatch.test"]
    assert sorted(int(m.split()[1]) for m in messages) == list(range(20))
    assert len({m.split()[-1] for m in messages}) == 2  # from this process and its copy


def test_an_error_in_a_copy_is_raised_here() -> None:
    parent = os.getpid()

    def work(item: int) -> int:
        time.sleep(0.005)
        if os.getpid() != parent:
            raise ValueError(f"item {item} refused in the copy")
        return item

    with pytest.raises(ValueError, match="refused in the copy"):
        in_forks(list(range(20)), work, processes=2, run=1)


def test_a_copy_that_dies_fails_the_work_with_a_message() -> None:
    parent = os.getpid()

    def work(item: int) -> int:
        time.sleep(0.005)
        if os.getpid() != parent:
            os._exit(3)
        return item

    with pytest.raises(ForkFailed, match="exit status 3"):
        in_forks(list(range(20)), work, processes=2, run=1)


def test_a_copy_does_not_outlive_a_stopped_build(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    script = textwrap.dedent(
        f"""
        import os, sys, time
        sys.path.insert(0, {str(REPO)!r})
        from generator.engine.forks import in_forks
        def work(item):
            with open({str(pids)!r}, "a") as out:
                out.write(f"{{os.getpid()}}\\n")
            time.sleep(60)
        in_forks([1, 2], work, processes=2, run=1)
        """
    )
    build_process = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            found = set(pids.read_text().split()) if pids.exists() else set()
            if len(found) == 2:
                break
            time.sleep(0.05)
        assert len(found) == 2, "both processes should have started"
        copy = int(next(p for p in found if int(p) != build_process.pid))
        build_process.send_signal(signal.SIGTERM)
        build_process.wait(timeout=10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _alive(copy):
            time.sleep(0.05)
        assert not _alive(copy)
    finally:
        build_process.kill()


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in status  # a zombie is gone, its parent just did not reap it


# A build in a fresh interpreter (the test process may run threads: Dask's tests leave some),
# with every page a run of its own and each page's writer noted.
BUILD = """
import os, sys
sys.path.insert(0, {repo!r})
from mkdocs.commands.build import build
from mkdocs.config import load_config
import generator.engine.writer as writer
writer.FORK_MIN_PAGES, writer.FORK_RUN = {min_pages}, 2
make = writer.PageWriter._make
def noted(self, todo):
    with open({notes!r}, "a") as out:
        out.write(f"{{os.getpid()}}\\n")
    return make(self, todo)
writer.PageWriter._make = noted
os.cpu_count = lambda: 2
build(load_config({config!r}))
"""


# (`page_writers`, FORK_MIN_PAGES, processes that write pages); the build has 25 to render.
WRITERS = {
    "one writer asked for": (1, 1, 1),
    "fewer pages than forking needs": (0, 1000, 1),
    "one per core": (0, 1, 2),
}


def test_a_build_written_by_two_processes_is_the_one_written_by_one(tmp_path: Path) -> None:
    sites = {}
    for name, (page_writers, min_pages, processes) in WRITERS.items():
        root = tmp_path / name.replace(" ", "-")
        content = write_site(root)
        if page_writers:
            set_option(root, page_writers=page_writers)
        for month in range(1, 7):
            text = long_text("account") + f"\nWe keep logs for {month} months.\n"
            write_snapshot(content, "acme", "privacy-policy", f"2023-0{month}-01", text)
        notes = root / "writers"
        config = str(root / "mkdocs.yml")
        script = BUILD.format(repo=str(REPO), notes=str(notes), config=config, min_pages=min_pages)
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
        done = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
        assert len(set(notes.read_text().split())) == processes, name
        sites[name] = {
            str(p.relative_to(root / "site")): p.read_bytes()
            for p in (root / "site").rglob("*")
            if p.is_file() and p.suffix in {".html", ".txt", ".xml", ".json"}
        }
    first, *others = sites.values()
    assert len(first) > 20
    assert all(other == first for other in others)
