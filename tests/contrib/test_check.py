from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CONFIG_DIR, long_text, write_platform, write_snapshot

from generator.cli import main
from generator.contrib.check import run_check


def check(content: Path, fmt: str = "text", config: Path = CONFIG_DIR) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = run_check(content, config, fmt=fmt, out=out)
    return code, out.getvalue().splitlines()


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clean `content/` in the working directory: 2 platforms, 3 documents, 4 versions."""
    monkeypatch.chdir(tmp_path)
    root = Path("content")
    write_snapshot(root, "x", "privacy-policy", "2023-08-01", long_text("a"))
    write_snapshot(root, "x", "privacy-policy", "2023-09-29", long_text("b"))
    write_snapshot(root, "x", "terms-of-service", "2023-09-29", long_text("c"))
    write_snapshot(root, "meta", "privacy-policy", "2022-01-01", long_text("d"))
    return root


def test_clean_content(content: Path) -> None:
    assert check(content) == (0, ["content: 2 platforms, 3 documents, 4 versions — no problems"])


def test_errors_and_warnings(content: Path) -> None:
    write_snapshot(content, "x", "privacy-policy", "2023-10-01", "Oops\n")
    (content / "x" / "privacy" / "2023-01-01.md").parent.mkdir()
    (content / "x" / "privacy" / "2023-01-01.md").write_text("---\nsumary: a\n---\nText\n")

    code, lines = check(content)

    assert code == 1
    assert lines == [
        "content/x/privacy:0: document type `privacy` is not in document_types.yml: did you "
        "mean `privacy-policy`? Rename the folder, or add the type to "
        "site_config/document_types.yml",
        "content/x/privacy/2023-01-01.md:1: `source` is missing: add a line such as "
        "`source: https://x.com/en/privacy`",
        "content/x/privacy/2023-01-01.md:2: unknown field `sumary`: did you mean `summary`? "
        "Allowed: source, captured, effective, archive, summary, technical, language, "
        "withdrawn, origin",
        "content/x/privacy-policy/2023-10-01.md:0: warning: only 5 bytes of text: probably a "
        "failed capture; compare it with the source, or mark it `withdrawn: <reason>`",
        "content: 2 platforms, 3 documents, 5 versions loaded cleanly — 3 errors, 1 warning",
    ]


def test_warnings_alone_pass(content: Path) -> None:
    write_snapshot(content, "x", "privacy-policy", "2023-10-01", "Oops\n")
    code, lines = check(content)
    assert code == 0
    assert lines[-1].endswith("— 0 errors, 1 warning")


def test_github_annotations_are_escaped(content: Path) -> None:
    path = write_platform(content, "a,b")  # a comma in a property must be escaped
    path.write_text("name: A\n'50%': 1\n")
    write_snapshot(content, "x", "privacy-policy", "2023-10-01", "Oops\n")

    code, lines = check(content, fmt="github")

    assert code == 1
    assert lines[0].startswith(
        "::error file=content/a%2Cb::platform folder name `a,b` must be a slug"
    )
    assert lines[1].startswith(
        "::error file=content/a%2Cb/platform.yml,line=2::unknown field `50%25`: Allowed: name,"
    )
    assert lines[2].startswith(
        "::warning file=content/x/privacy-policy/2023-10-01.md::only 5 bytes of text"
    )
    assert lines[3].startswith("content: 2 platforms")


def test_github_escapes_percent_and_newlines_in_messages(content: Path) -> None:
    from generator.contrib.check import _escape_data, _escape_property

    assert _escape_data("50% a\r\nb") == "50%25 a%0D%0Ab"
    assert _escape_property("c:/a,b%") == "c%3A/a%2Cb%25"


def test_hostile_file_names_stay_on_one_line(content: Path) -> None:
    (content / "x" / "privacy-policy" / "evil\n\x1b[2Jname.md").write_text("x")
    code, lines = check(content)
    assert code == 1
    assert lines[0].startswith("content/x/privacy-policy/evil\\n\\x1b[2Jname.md:0: ")
    assert len(lines) == 2


def test_missing_content_folder(tmp_path: Path) -> None:
    code, lines = check(tmp_path / "nope")
    assert code == 1
    assert len(lines) == 1
    assert "content folder not found" in lines[0]


def test_missing_document_types_is_reported_once(content: Path, tmp_path: Path) -> None:
    code, lines = check(content, config=tmp_path / "no-config")
    assert code == 1
    assert lines[0].endswith(
        "document_types.yml:0: file not found: create it with a `types:` list (see README)"
    )
    assert len(lines) == 2


def test_cli_check(content: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["check", "--config-dir", str(CONFIG_DIR)])
    assert (result.exit_code, result.output) == (
        0,
        "content: 2 platforms, 3 documents, 4 versions — no problems\n",
    )
    write_snapshot(content, "x", "privacy", "2023-10-01", long_text())
    result = runner.invoke(
        main, ["check", "content", "--config-dir", str(CONFIG_DIR), "--format", "github"]
    )
    assert result.exit_code == 1
    assert result.output.startswith("::error file=content/x/privacy::document type `privacy`")


def test_file_names_that_are_not_utf8_do_not_crash(content: Path) -> None:
    folder = os.fsencode(content / "x" / "privacy-policy")
    Path(os.fsdecode(folder + b"/caf\xe9.md")).write_text("x")
    code, lines = check(content)
    assert code == 1
    assert lines[0].startswith("content/x/privacy-policy/caf\\xdce9.md:0: the name contains")
    lines[0].encode("utf-8")  # printable on any UTF-8 terminal


def flapping(content: Path, versions: int = 7) -> None:
    """A capture that doubles and halves at every version: one size warning per version."""
    for n in range(versions):
        text = long_text("a", paragraphs=12 if n % 2 else 4)
        write_snapshot(content, "x", "terms-of-service", f"2024-01-{n + 1:02d}", text)


def test_a_flapping_document_is_one_warning_line(content: Path) -> None:
    flapping(content)
    code, lines = check(content)
    assert code == 0
    (line, summary) = lines
    assert line.startswith(
        "content/x/terms-of-service/2024-01-02.md:0: warning: 6 versions (2024-01-02 to "
        "2024-01-07) have this warning; the first: text is 300% the size of the previous "
        "version (2024-01-01): check for a failed or doubled capture"
    )
    assert summary.endswith(
        "— 0 errors, 6 warnings (in 1 line: repeated warnings grouped by document; "
        "--all-warnings lists each)"
    )


def test_github_annotates_a_group_once_on_its_first_file(content: Path) -> None:
    flapping(content)
    write_snapshot(content, "x", "privacy-policy", "2023-10-01", "Oops\n")
    code, lines = check(content, fmt="github")
    assert code == 0
    assert [line.split("::")[1] for line in lines[:-1]] == [
        "warning file=content/x/privacy-policy/2023-10-01.md",
        "warning file=content/x/terms-of-service/2024-01-02.md",
    ]
    assert lines[1].split("::")[2].startswith("6 versions (2024-01-02 to 2024-01-07) have this")


def test_all_warnings_lists_each(content: Path) -> None:
    flapping(content)
    result = CliRunner().invoke(
        main, ["check", "content", "--config-dir", str(CONFIG_DIR), "--all-warnings"]
    )
    assert result.exit_code == 0
    *warnings, summary = result.output.splitlines()
    assert [w.split(":")[0] for w in warnings] == [
        f"content/x/terms-of-service/2024-01-{n:02d}.md" for n in range(2, 8)
    ]
    assert summary.endswith("— 0 errors, 6 warnings")


def test_errors_are_each_told_among_grouped_warnings(content: Path) -> None:
    flapping(content)
    for n in range(3):
        write_snapshot(content, "x", "cookies-policy", f"2024-02-0{n + 1}", long_text(), sumary="x")
    code, lines = check(content)
    assert code == 1
    assert sum("unknown field `sumary`" in line for line in lines) == 3
    assert sum("have this warning" in line for line in lines) == 1
