"""`policywatch diff`: a change in the terminal, and clear errors for what does not exist."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner
from conftest import CONFIG_DIR, long_text, write_snapshot

from generator.cli import main

if TYPE_CHECKING:
    from pathlib import Path

BASE = long_text("account")


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    write_snapshot(
        root, "acme", "privacy-policy", "2023-01-01", BASE + "\nWe will not sell your data.\n"
    )
    write_snapshot(
        root,
        "acme",
        "privacy-policy",
        "2023-02-01T10-00-00Z",
        BASE + "\nWe may sell your data.\n\nWe collect your faceprint \x1b[31mhere.\n",
        summary="Acme may now sell data",
    )
    write_snapshot(
        root, "acme", "privacy-policy", "2023-03-01", BASE + "\nWe may sell your data.\n"
    )
    return root


def run(content: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main,
        ["diff", *args, "--content-dir", str(content), "--config-dir", str(CONFIG_DIR)],
    )
    return result.exit_code, result.output


def test_the_change_to_a_version_with_labels_evidence_and_words(content: Path) -> None:
    code, out = run(content, "acme/privacy-policy", "2023-02")
    assert code == 0, out
    assert "2023-01-01 → 2023-02-01T10-00-00Z" in out
    assert "substantive" in out and "Acme may now sell data" in out
    assert "added: Biometric data" in out
    assert "flip (Sale of personal data): “will not sell” → “may sell”" in out
    assert "Biometric data (after): We collect your faceprint" in out
    assert "word diff" in out and "faceprint" in out
    assert "\x1b[31m" not in out  # snapshot text never reaches the terminal as control codes


def test_default_is_the_latest_change(content: Path) -> None:
    code, out = run(content, "acme/privacy-policy")
    assert code == 0, out
    assert "2023-02-01T10-00-00Z → 2023-03-01" in out
    assert "removed: Biometric data" in out


def test_any_two_versions(content: Path) -> None:
    code, out = run(content, "acme/privacy-policy", "2023-01-01", "2023-03-01")
    assert code == 0, out
    assert "2023-01-01 → 2023-03-01" in out and "substantive" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope/privacy-policy"], "unknown platform 'nope'; known platforms: acme"),
        (["acme/terms-of-service"], "unknown document 'acme/terms-of-service'"),
        (["acme/privacy-policy", "2024-01-01"], "has no version '2024-01-01'"),
        (["acme/privacy-policy", "2023-0"], "matches several versions"),
        (["acme/privacy-policy", "2023-03-01", "2023-01-01"], "must be older than TO"),
    ],
)
def test_clear_errors(content: Path, args: list[str], message: str) -> None:
    code, out = run(content, *args)
    assert code == 1
    assert message in " ".join(out.split())
    assert "Traceback" not in out
