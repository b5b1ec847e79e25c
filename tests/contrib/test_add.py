from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import CONFIG_DIR, long_text, write_platform, write_snapshot

from generator.analysis.changes import Kind
from generator.cli import main
from generator.contrib.add import AddRequest, AddResult, add_snapshot

FIXTURES = Path(__file__).parent / "fixtures" / "add"
NOW = datetime(2024, 3, 14, 9, 30, 5, tzinfo=UTC)
SOURCE = "https://pebblepost.example/legal/privacy"
OLD = long_text("account")
NEW = OLD + "\nWe now use your posts to train our machine learning models.\n"


def add(content: Path, file: Path, **options: str) -> AddResult:
    fields = {"platform": "pebblepost", "document": "privacy-policy", "source": SOURCE, **options}
    request = AddRequest(file=file, **fields)  # type: ignore[arg-type]
    return add_snapshot(request, content, CONFIG_DIR, now=NOW)


def source_file(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / "input" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def split(path: Path) -> tuple[dict[str, object], str]:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    meta = yaml.safe_load(front)
    assert isinstance(meta, dict)
    return meta, body.lstrip("\n")


def files(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden temporary files included) with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    return folder


def test_markdown_becomes_a_snapshot_stamped_now(tmp_path: Path, content: Path):
    result = add(content, source_file(tmp_path, "policy.md", OLD), summary="First capture")

    expected = content / "pebblepost/privacy-policy/2024-03-14T09-30-05Z.md"
    assert result.problems == ()
    assert result.path == expected
    meta, body = split(expected)
    assert meta == {"source": SOURCE, "summary": "First capture"}
    assert body == OLD
    assert result.input_kind == "markdown"
    assert result.change is not None and result.change.kind is Kind.FIRST


def test_plain_text_is_kept_as_is(tmp_path: Path, content: Path):
    text = "PRIVACY POLICY\n\n1.  We collect   your *name*.\n    Indented line\n" * 8

    result = add(content, source_file(tmp_path, "policy.txt", text))

    assert result.input_kind == "text"
    assert result.path is not None
    assert split(result.path)[1] == text


def test_saved_html_page_keeps_only_the_policy(tmp_path: Path, content: Path):
    result = add(content, FIXTURES / "privacy-saved.html")

    assert result.input_kind == "html"
    assert result.path is not None
    body = split(result.path)[1]
    assert body == (FIXTURES / "privacy-saved.md").read_text(encoding="utf-8")
    for furniture in ("Accept all cookies", "Sign up free", "All rights reserved", "Careers"):
        assert furniture not in body


def test_html_is_recognised_by_its_content(tmp_path: Path, content: Path):
    raw = (FIXTURES / "privacy-saved.html").read_bytes()

    result = add(content, source_file(tmp_path, "saved-page", raw))

    assert result.input_kind == "html"
    assert result.path is not None
    assert split(result.path)[1].startswith("# Pebblepost Privacy Policy\n")


def test_platform_yml_is_created_once(tmp_path: Path, content: Path):
    first = add(content, source_file(tmp_path, "a.md", OLD), name="Pebble Post")
    second = add(content, source_file(tmp_path, "b.md", NEW), stamp="2024-03-15", name="Other")

    platform = content / "pebblepost/platform.yml"
    assert first.platform_file == platform
    assert second.platform_file is None
    assert yaml.safe_load(platform.read_text(encoding="utf-8")) == {"name": "Pebble Post"}


def test_platform_name_defaults_to_the_slug_titled(tmp_path: Path, content: Path):
    request = AddRequest("pixel-pond", "Cookies Policy", source_file(tmp_path, "a.md", OLD), SOURCE)

    result = add_snapshot(request, content, CONFIG_DIR, now=NOW)

    assert result.path == content / "pixel-pond/trackers-policy/2024-03-14T09-30-05Z.md"
    assert (content / "pixel-pond/platform.yml").read_text() == "name: Pixel Pond\n"


def test_the_change_against_the_previous_version_is_analysed(tmp_path: Path, content: Path):
    write_snapshot(content, "pebblepost", "privacy-policy", "2024-01-01", OLD)

    result = add(content, source_file(tmp_path, "new.md", NEW))

    change = result.change
    assert change is not None
    assert change.from_stamp == "2024-01-01"
    assert change.kind not in (Kind.FIRST, Kind.FORMATTING, Kind.TECHNICAL)
    assert change.words_added == 11
    assert change.words_removed == 0
    assert result.previous is not None and result.previous.stamp == "2024-01-01"


def test_withdrawn_versions_are_skipped_as_previous(tmp_path: Path, content: Path):
    write_snapshot(content, "pebblepost", "privacy-policy", "2024-01-01", OLD)
    write_snapshot(content, "pebblepost", "privacy-policy", "2024-02-01", "Oops\n", withdrawn="x")

    result = add(content, source_file(tmp_path, "new.md", NEW))

    assert result.change is not None and result.change.from_stamp == "2024-01-01"


def test_stamp_forms(tmp_path: Path, content: Path):
    day = add(content, source_file(tmp_path, "a.md", OLD), stamp="2024-03-14")
    iso = add(content, source_file(tmp_path, "b.md", NEW), stamp="2024-03-14T11:00:00+01:00")

    assert day.path is not None and day.path.name == "2024-03-14.md"
    assert iso.path is not None and iso.path.name == "2024-03-14T10-00-00Z.md"
    assert "captured" not in split(iso.path)[0]


def test_a_backfill_records_when_it_was_captured(tmp_path: Path, content: Path):
    result = add(content, source_file(tmp_path, "a.md", OLD), stamp="2019-05-01")

    assert result.path is not None
    assert split(result.path)[0]["captured"] == "2024-03-14T09:30:05Z"
    assert any("no `archive`" in w.message for w in result.warnings)  # loader's backfill warning


def test_warnings_do_not_stop_the_snapshot(tmp_path: Path, content: Path):
    result = add(content, source_file(tmp_path, "a.md", "Short text.\n"), stamp="2030-01-01")

    assert result.path is not None
    messages = " ".join(w.message for w in result.warnings)
    assert "in the future" in messages
    assert "probably a failed capture" in messages


def test_an_existing_stamp_is_never_overwritten(tmp_path: Path, content: Path):
    existing = write_snapshot(content, "pebblepost", "privacy-policy", "2024-03-14", OLD)
    before = files(content)

    result = add(content, source_file(tmp_path, "a.md", NEW), stamp="2024-03-14")

    assert result.path is None
    assert result.problems[0].path == str(existing)
    assert "never overwritten" in result.problems[0].message
    assert files(content) == before


def test_the_same_moment_under_another_name_is_refused(tmp_path: Path, content: Path):
    write_snapshot(content, "pebblepost", "privacy-policy", "2024-03-14T00-00-00Z", OLD)
    before = files(content)

    result = add(content, source_file(tmp_path, "a.md", NEW), stamp="2024-03-14")

    assert result.path is None
    assert "names the same moment" in " ".join(p.message for p in result.problems)
    assert files(content) == before


def test_a_text_identical_to_the_latest_version_is_refused(tmp_path: Path, content: Path):
    latest = write_snapshot(content, "pebblepost", "privacy-policy", "2024-01-01", OLD)
    before = files(content)

    result = add(content, source_file(tmp_path, "same.md", "\n\n" + OLD + "\n\n"))

    assert result.path is None
    (problem,) = result.problems
    assert problem.path == str(latest)
    assert "identical to this, the latest version (2024-01-01)" in problem.message
    assert files(content) == before


@pytest.mark.parametrize(
    ("options", "text", "expected"),
    [
        ({"source": "ftp://example.com/x"}, OLD, "`source` must be an http(s) URL"),
        ({"summary": "x" * 141}, OLD, "`summary` has 141 characters; at most 140"),
        ({"summary": "two\nlines"}, OLD, "must be a single line"),
        ({"archive": "not a url"}, OLD, "`archive` contains spaces"),
        ({"document": "privacy"}, OLD, "did you mean `privacy-policy`?"),
        ({"platform": "Pebble Post"}, OLD, "must be a slug"),
        ({"stamp": "2024-02-30"}, OLD, "is not a date"),
        ({}, "---\nsource: https://x.example\n---\nText\n", "already has front matter"),
        ({}, "\n\n  \n", "no policy text"),
        ({}, b"%PDF-1.7 binary", "this is a PDF document"),
        ({}, b"caf\xe9 au lait\n", "not UTF-8"),
    ],
)
def test_refusals_write_nothing(
    tmp_path: Path, content: Path, options: dict[str, str], text: str | bytes, expected: str
):
    result = add(content, source_file(tmp_path, "input.md", text), **options)

    assert result.path is None
    assert expected in " ".join(p.message for p in result.problems)
    assert files(content) == {}


def test_a_device_is_not_read(content: Path):
    result = add(content, Path("/dev/zero"))

    assert "is not a regular file" in result.problems[0].message


def test_existing_problems_elsewhere_do_not_block(tmp_path: Path, content: Path):
    write_snapshot(content, "pebblepost", "privacy-policy", "2024-01-01", OLD)
    broken = content / "pebblepost/privacy-policy/2024-02-01.md"
    broken.write_text("no front matter\n")

    result = add(content, source_file(tmp_path, "new.md", NEW))

    assert result.path is not None
    assert [p.path for p in result.existing] == [str(broken)]
    assert result.change is not None and result.change.from_stamp == "2024-01-01"


def test_an_interrupted_write_leaves_nothing(
    tmp_path: Path, content: Path, monkeypatch: pytest.MonkeyPatch
):
    write_platform(content, "pebblepost")
    before = files(content)
    real_write = os.write

    def interrupted(fd: int, data: bytes | memoryview) -> int:
        if len(data) > 200:  # the snapshot: half of it reaches the disk, then Ctrl-C
            real_write(fd, bytes(data[: len(data) // 2]))
            raise KeyboardInterrupt
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        add(content, source_file(tmp_path, "a.md", OLD))
    monkeypatch.undo()

    assert files(content) == before  # no snapshot, no partial file, no temporary file
    assert not (content / "pebblepost/privacy-policy").exists()  # the folder made is removed


def test_a_failed_write_undoes_the_new_platform(
    tmp_path: Path, content: Path, monkeypatch: pytest.MonkeyPatch
):
    real_link = os.link
    calls: list[str] = []

    def failing_link(src: str, dst: str) -> None:
        calls.append(str(dst))
        if str(dst).endswith(".md"):
            raise OSError(28, "No space left on device")
        real_link(src, dst)

    monkeypatch.setattr(os, "link", failing_link)
    result = add(content, source_file(tmp_path, "a.md", OLD))
    monkeypatch.undo()

    assert len(calls) == 2  # platform.yml, then the snapshot
    assert result.path is None
    assert "No space left on device" in result.problems[0].message
    assert files(content) == {}
    assert list(content.iterdir()) == []


def run_cli(content: Path, *args: str) -> tuple[int, str]:
    runner = CliRunner()
    result = runner.invoke(
        main,
        ["add", *args, "--content-dir", str(content), "--config-dir", str(CONFIG_DIR)],
    )
    return result.exit_code, result.output


def test_cli_prints_the_analysis_and_the_next_step(tmp_path: Path, content: Path):
    write_snapshot(content, "pebblepost", "privacy-policy", "2024-01-01", OLD)
    edited = NEW.replace("information is collected", "data is kept", 1)
    new = source_file(tmp_path, "new.md", edited)

    code, output = run_cli(content, "pebblepost", "Privacy Policy", str(new), "--source", SOURCE)

    assert code == 0, output
    lines = output.splitlines()
    assert lines[0].startswith(f"Wrote {content}/pebblepost/privacy-policy/")
    assert lines[0].endswith("(Markdown, 195 words)")
    assert "Analysis of the change:" in lines
    assert any(line.split() == ["compared", "with", "2024-01-01"] for line in lines)
    assert any(line.split() == ["words", "+14", "\N{MINUS SIGN}3"] for line in lines)
    assert (
        "  ~ We describe how your account [-information is collected-]{+data is kept+}, used"
        in (output)
    )
    assert "  + We now use your posts to train our machine learning models." in lines
    assert "Next: write a `summary:` line" in output


def test_cli_refusal_exits_1_and_says_nothing_was_written(tmp_path: Path, content: Path):
    file = source_file(tmp_path, "a.md", OLD)

    code, output = run_cli(content, "pebblepost", "privacy-policy", str(file), "--source", "x")

    assert code == 1
    assert output.splitlines()[-1] == "Nothing was written."
    assert "`source` must be an http(s) URL" in output
