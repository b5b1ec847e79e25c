"""Withdrawing a bad snapshot: the file stays, the analysis skips it, its page says so."""

from __future__ import annotations

import html
import io
import json
from typing import TYPE_CHECKING

import pytest
from conftest import long_text, mkdocs, write_site, write_snapshot

from generator.contrib.check import run_check

if TYPE_CHECKING:
    from pathlib import Path

OLD = long_text("account")
NEW = OLD + "\nWe keep your data for 18 months after you leave.\n"
REASON = "captured a login page, not the policy"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    content = write_site(root)
    write_snapshot(content, "acme", "privacy-policy", "2023-01-01", OLD)
    write_snapshot(content, "acme", "privacy-policy", "2023-02-01", "Log in\n", withdrawn=REASON)
    write_snapshot(content, "acme", "privacy-policy", "2023-03-01", NEW)
    result = mkdocs(root)
    assert result.returncode == 0, result.stderr
    return root


def test_the_file_stays_and_check_raises_nothing(site: Path) -> None:
    snapshot = site / "content/acme/privacy-policy/2023-02-01.md"
    assert snapshot.is_file()
    out = io.StringIO()

    code = run_check(site / "content", site / "site_config", out=out)

    assert code == 0
    assert "2023-02-01" not in out.getvalue()  # not even the "under 1 KB" warning


def test_the_analysis_skips_it(site: Path) -> None:
    changes = json.loads((site / "site/api/changes.json").read_text(encoding="utf-8"))["changes"]

    assert [(c["from"], c["to"]) for c in changes] == [
        (None, "2023-01-01"),
        ("2023-01-01", "2023-03-01"),
    ]


def test_its_page_shows_a_notice_with_the_reason(site: Path) -> None:
    page = (site / "site/platforms/acme/privacy-policy/2023-02-01/index.html").read_text(
        encoding="utf-8"
    )

    assert "Withdrawn snapshot" in page
    assert "left out of the analysis: " + REASON in html.unescape(page)
    assert "Log in" in page  # the text is still there to see


def test_the_history_marks_it(site: Path) -> None:
    page = (site / "site/platforms/acme/privacy-policy/index.html").read_text(encoding="utf-8")

    row = next(part for part in page.split("<tr") if "2023-02-01" in part and "withdrawn" in part)
    assert 'class="pw-withdrawn"' in row
    assert REASON in html.unescape(row)
