"""A small archive for the reader-feature tests: two platforms, every kind of change."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from conftest import CONFIG_DIR, long_text, write_platform, write_snapshot

from generator.build import BuildResult, build_site

if TYPE_CHECKING:
    from pathlib import Path

NOW = datetime(2024, 6, 1, tzinfo=UTC)
SITE_URL = "https://watch.example/sub/"

BASE = long_text("account")
AI = BASE + "\nWe use your posts to train our artificial intelligence models.\n"
FACES = AI + "\nWe collect biometric information such as faceprints.\n"


def write_archive(content: Path) -> None:
    """Acme: a privacy policy with an edit, a blink and a labelled change; Zed: old terms."""
    write_platform(content, "acme", name="Acme <Social>")
    write_platform(content, "zed", name="Zed")
    write_snapshot(content, "acme", "privacy-policy", "2022-01-01", BASE)
    write_snapshot(
        content, "acme", "privacy-policy", "2023-03-01T10-00-00Z", AI,
        summary="Posts now train AI models <script>alert(1)</script>",
    )  # fmt: skip
    write_snapshot(content, "acme", "privacy-policy", "2023-04-01", BASE)  # back: reverted
    write_snapshot(content, "acme", "privacy-policy", "2024-05-01", FACES, summary="Faces")
    write_snapshot(content, "acme", "terms-of-service", "2022-02-02", long_text("terms"))
    write_snapshot(content, "zed", "terms-of-service", "2021-01-01", long_text("zed"))
    write_snapshot(
        content, "zed", "terms-of-service", "2021-06-01",
        long_text("zed") + "\nWe may change these terms.\n", summary="Ctrl \x01 char",
    )  # fmt: skip


def build(
    content: Path, *, site_url: str | None = SITE_URL, stale_after_days: int = 180
) -> BuildResult:
    """The whole pipeline on `content`, as the plugin runs it, with a fixed "now"."""
    result = build_site(
        content, CONFIG_DIR, site_url=site_url, now=NOW, stale_after_days=stale_after_days
    )
    assert not result.errors, result.errors
    return result
