"""Debian's Chromium through Playwright, and a built site served on 127.0.0.1, for the tests
that look at pages as a reader's browser shows them (no browser is ever downloaded)."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, Page

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """A built site folder served on a free local port; yields its base URL."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator[Browser]:
    """Chromium, or the test skipped saying why it cannot run."""
    if not Path(CHROMIUM).is_file():
        pytest.skip(
            "Chromium is not installed (looked for `chromium` on PATH and /usr/bin/chromium); "
            "`make test` installs Debian's package when it runs as root with apt-get"
        )
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class Watched:
    """What a page did that a test must see: script errors, failed requests, requests that
    left the local server, and dialogs (alert, confirm, prompt) it tried to open."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("response", self._response)
        page.on("request", self._request)
        page.on("dialog", self._dialog)

    def _response(self, response: object) -> None:
        status, url = getattr(response, "status", 0), getattr(response, "url", "")
        if status >= 400:
            self.errors.append(f"{status} {url}")

    def _request(self, request: object) -> None:
        url = str(getattr(request, "url", ""))
        if urlsplit(url).hostname not in {"127.0.0.1", None} and not url.startswith("data:"):
            self.outside.append(url)

    def _dialog(self, dialog: object) -> None:
        self.dialogs.append(str(getattr(dialog, "message", "")))
        dialog.dismiss()  # type: ignore[attr-defined]

    def assert_clean(self) -> None:
        assert not self.errors, self.errors
        assert not self.outside, f"requests outside the site: {self.outside}"
        assert not self.dialogs, f"dialogs opened: {self.dialogs}"
