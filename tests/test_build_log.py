"""The real build tells content problems as `policywatch check` does: errors one by one,
a warning repeated across a document's versions in one line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from conftest import long_text, mkdocs, write_site, write_snapshot

if TYPE_CHECKING:
    from pathlib import Path


def test_a_flapping_document_is_one_line_of_the_build_log(tmp_path: Path) -> None:
    content = write_site(tmp_path)
    for n in range(9):
        text = long_text("a", paragraphs=12 if n % 2 else 4)
        write_snapshot(content, "x", "terms-of-service", f"2023-01-{n + 1:02d}", text)
    result = mkdocs(tmp_path)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if "the size of the previous" in line]
    assert len(lines) == 1, lines
    assert (
        "terms-of-service/2023-01-02.md:0: warning: 8 versions (2023-01-02 to 2023-01-09)"
        in (lines[0])
    )
