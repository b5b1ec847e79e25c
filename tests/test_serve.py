"""`mkdocs serve` speed-ups: faster polling and templates compiled once per process."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from typing import TYPE_CHECKING

import pytest
from conftest import MKDOCS_ENV, long_text, write_site, write_snapshot
from jinja2 import DictLoader, Environment
from mkdocs.livereload import LiveReloadServer

from generator.engine.serve import MemoryBytecodeCache, poll_faster

if TYPE_CHECKING:
    from pathlib import Path


def test_watched_folders_are_polled_faster(tmp_path: Path) -> None:
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    server.watch(str(tmp_path))
    emitters = list(server.observer.emitters)
    assert emitters and all(e.timeout == 0.5 for e in emitters)
    poll_faster(server, 0.1)
    assert all(e.timeout == 0.1 for e in server.observer.emitters)
    assert server.build_delay == 0.05


def test_a_folder_slow_to_scan_is_polled_less_often(tmp_path: Path) -> None:
    for n in range(50):
        (tmp_path / f"{n}.md").write_text("x")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    server.watch(str(tmp_path))
    # With that share, the wait after a scan is a million times the scan: over a second for
    # any real one (more than a microsecond).
    poll_faster(server, 0.1, share=1e-6)
    (emitter,) = server.observer.emitters
    server.observer.start()  # the first scan is taken as the poller starts
    try:
        deadline = time.monotonic() + 30
        while emitter.timeout == 0.1 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert emitter.timeout > 1
    finally:
        server.observer.stop()
        server.observer.join()


def test_templates_compile_once_and_edits_still_show() -> None:
    unique = uuid.uuid4().hex  # the cache lives as long as the process: start from nothing
    templates = {"page.html": "Hello {{ name }}" + f"{{# {unique} #}}"}
    compiled: list[str] = []

    class Counting(MemoryBytecodeCache):
        def dump_bytecode(self, bucket) -> None:  # type: ignore[no-untyped-def]
            compiled.append(bucket.key)
            super().dump_bytecode(bucket)

    for _ in range(3):  # three rebuilds: a new environment each time, as MkDocs does
        env = Environment(loader=DictLoader(templates), bytecode_cache=Counting())
        assert env.get_template("page.html").render(name="x") == "Hello x"
    assert len(compiled) == 1
    templates["page.html"] = "Bye {{ name }}" + f"{{# {unique} #}}"
    env = Environment(loader=DictLoader(templates), bytecode_cache=Counting())
    assert env.get_template("page.html").render(name="x") == "Bye x"
    assert len(compiled) == 2


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_renders_pages_outside_the_nav_when_first_asked_for(tmp_path: Path) -> None:
    """A reload costs the nav pages only: the others are written when a browser asks."""
    content = write_site(tmp_path)
    write_snapshot(content, "acme", "privacy-policy", "2023-01-01", long_text("account"))
    write_snapshot(
        content, "acme", "privacy-policy", "2023-06-01", long_text("account") + "\nNew words.\n"
    )
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        env=MKDOCS_ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stderr is not None
        log = []
        for line in server.stderr:
            log.append(line)
            if "Serving on" in line:
                break
        assert any("rendered when a browser asks for them" in line for line in log), log
        base = f"http://127.0.0.1:{port}/platforms/acme/privacy-policy/"
        with urllib.request.urlopen(base + "2023-06-01/", timeout=60) as response:
            page = response.read().decode()
        assert 'class="pw-card"' in page and "New words" in page  # card and diff
        assert 'class="md-search"' in page  # the theme around it
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(base + "2099-01-01/", timeout=60)
    finally:
        server.terminate()
        server.wait(timeout=30)
