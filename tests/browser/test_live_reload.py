"""`mkdocs serve` and `properdocs serve`: a snapshot saved while a reader has its change page
open shows in that page, reloaded by the engine's live reload (Chromium, as in test_browser)."""

from __future__ import annotations

import socket
import subprocess
import threading
import time
from typing import TYPE_CHECKING

import pytest
from conftest import MKDOCS_ENV
from engines import EPOCH, demo_copy, engine
from test_browser import browser  # noqa: F401  (the fixture)

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve(name: str, site: Path, port: int) -> Iterator[list[str]]:
    """The engine serving `site` with live reload; its log lines, read as they come."""
    command = [str(engine(name)), "serve", "--livereload", "-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        [*command, "-f", "mkdocs.yml"],
        cwd=site,
        env=MKDOCS_ENV | EPOCH,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    log: list[str] = []
    assert server.stderr is not None
    reader = threading.Thread(target=lambda: log.extend(server.stderr or []), daemon=True)
    reader.start()
    try:
        yield log
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_for(log: list[str], text: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not any(text in line for line in log):
        assert time.monotonic() < deadline, "".join(log[-20:])
        time.sleep(0.1)


@pytest.mark.parametrize("name", ["mkdocs", "properdocs"])
def test_a_saved_snapshot_shows_in_the_open_page(
    name: str,
    browser: Browser,  # noqa: F811
    tmp_path: Path,
) -> None:
    if not engine(name).is_file():
        pytest.skip(f"{name} is not installed")
    site = demo_copy(tmp_path)
    snapshot = max((site / "content" / "chirp" / "privacy-policy").glob("*.md"))
    port = _free_port()
    url = f"http://127.0.0.1:{port}/platforms/chirp/privacy-policy/{snapshot.stem}/"
    for log in _serve(name, site, port):
        _wait_for(log, "Serving on")
        tab = browser.new_page()
        tab.goto(url)
        marker = f"A sentence saved while the page was open, by {name}."
        snapshot.write_text(snapshot.read_text(encoding="utf-8") + f"\n{marker}\n")
        # While the page reloads, a poll can find it without a body yet: not an answer.
        tab.wait_for_function(
            "m => document.body !== null && document.body.innerText.includes(m)",
            arg=marker,
            timeout=60_000,
        )
        tab.close()
