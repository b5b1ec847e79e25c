from __future__ import annotations

import io
import re
from pathlib import Path, PurePosixPath

import git
import pytest
from conftest import CONFIG_DIR, long_text, write_snapshot

from generator.contrib.pr_summary import (
    ChangedFiles,
    changed_snapshots,
    run_pr_summary,
    summary_markdown,
)

OLD = long_text("account")
NEW = OLD + "\nWe now keep your messages for five years.\n"


def commit(repo: git.Repo, message: str) -> None:
    repo.git.add("-A")
    repo.index.commit(message)


@pytest.fixture
def branch(tmp_path: Path) -> tuple[git.Repo, Path]:
    """A repository whose main has two snapshots, checked out on a new branch `pr`."""
    repo = git.Repo.init(tmp_path, initial_branch="main")
    with repo.config_writer() as config:
        config.set_value("user", "name", "Tester")
        config.set_value("user", "email", "tester@example.invalid")
    content = tmp_path / "content"
    write_snapshot(content, "acme", "privacy-policy", "2024-01-01", OLD)
    write_snapshot(content, "acme", "terms-of-service", "2024-01-01", long_text("terms"))
    (tmp_path / "README.md").write_text("readme\n")
    commit(repo, "Base")
    repo.git.checkout("-b", "pr")
    return repo, content


def test_committed_uncommitted_and_untracked_changes_are_found(branch: tuple[git.Repo, Path]):
    repo, content = branch
    write_snapshot(content, "acme", "privacy-policy", "2024-02-01", NEW)
    commit(repo, "Add a snapshot")
    write_snapshot(content, "acme", "privacy-policy", "2024-03-01", OLD)  # untracked
    (content / "acme/terms-of-service/2024-01-01.md").write_text("edited\n")  # uncommitted
    (content / "acme/platform.yml").write_text("name: Acme Corp\n")  # not a snapshot
    (content.parent / "README.md").write_text("changed\n")  # outside content/

    changed = changed_snapshots(content, "main")

    assert changed == ChangedFiles(
        added=(
            PurePosixPath("acme/privacy-policy/2024-02-01.md"),
            PurePosixPath("acme/privacy-policy/2024-03-01.md"),
        ),
        edited=(PurePosixPath("acme/terms-of-service/2024-01-01.md"),),
    )


def test_changes_on_main_after_the_branch_left_are_not_the_branch_s(
    branch: tuple[git.Repo, Path],
):
    repo, content = branch
    repo.git.checkout("main")
    write_snapshot(content, "acme", "privacy-policy", "2024-05-05", NEW)
    commit(repo, "Main moves on")
    repo.git.checkout("pr")

    assert changed_snapshots(content, "main") == ChangedFiles()


def test_deleted_snapshots_are_reported(branch: tuple[git.Repo, Path]):
    repo, content = branch
    (content / "acme/terms-of-service/2024-01-01.md").unlink()
    commit(repo, "Delete")

    changed = changed_snapshots(content, "main")

    assert changed.deleted == (PurePosixPath("acme/terms-of-service/2024-01-01.md"),)


def test_summary_table_details_and_history_warning(branch: tuple[git.Repo, Path]):
    _, content = branch
    write_snapshot(
        content, "acme", "privacy-policy", "2024-02-01", NEW, summary="Keeps messages 5 years"
    )
    changed = ChangedFiles(
        added=(PurePosixPath("acme/privacy-policy/2024-02-01.md"),),
        deleted=(PurePosixPath("acme/terms-of-service/2024-01-01.md"),),
    )

    markdown = summary_markdown(content, CONFIG_DIR, changed)

    lines = markdown.splitlines()
    assert lines[0] == "## PolicyWatch: snapshots in this pull request"
    row = next(line for line in lines if line.startswith("| `acme/privacy-policy/2024-02-01`"))
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert cells[1] == "substantive"  # "keep your messages for five years": retention
    assert "retention" in cells[3]
    assert cells[2] == "+8 \N{MINUS SIGN}0"
    assert cells[4] == r"Keeps messages 5 years"
    assert "<details><summary>acme/privacy-policy/2024-02-01</summary>" in lines
    assert r"- compared with: 2024\-01\-01" in lines
    assert r"- `+` We now keep your messages for five years\." in lines
    assert "> [!WARNING]" in lines
    assert "> - deleted: `acme/terms-of-service/2024-01-01.md`" in lines


def test_hostile_summaries_stay_inert(branch: tuple[git.Repo, Path]):
    _, content = branch
    hostile = "<img src=x onerror=alert(1)> | [click](javascript:alert(1)) `x` **bold**"
    write_snapshot(content, "acme", "privacy-policy", "2024-02-01", NEW, summary=hostile)
    changed = ChangedFiles(added=(PurePosixPath("acme/privacy-policy/2024-02-01.md"),))

    markdown = summary_markdown(content, CONFIG_DIR, changed)

    row = next(line for line in markdown.splitlines() if "2024-02-01`" in line)
    assert row.count("|") - row.count(r"\|") == 6  # five cells: the summary's pipe is escaped
    assert re.search(r"(?<!\\)[<>\[\]`*]", row.split("|", 5)[5]) is None  # nothing unescaped


def test_no_changes_says_so(branch: tuple[git.Repo, Path]):
    _, content = branch

    assert summary_markdown(content, CONFIG_DIR, ChangedFiles()).endswith(
        "No snapshot was added, edited or deleted.\n"
    )


def test_run_pr_summary_with_an_unknown_base(
    branch: tuple[git.Repo, Path], capsys: pytest.CaptureFixture[str]
):
    _, content = branch
    out = io.StringIO()

    code = run_pr_summary("no-such-branch", content, CONFIG_DIR, out=out)

    assert code == 1
    assert out.getvalue() == ""
    assert "pr-summary: cannot compare with 'no-such-branch'" in capsys.readouterr().err
