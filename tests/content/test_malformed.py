"""Malformed content: each case gives exactly one `path:line: message` from `policywatch check`,
and the build refuses it, never with a traceback.

Each case is one bad file (or folder) next to a clean platform. `check` and the build share the
loader; per case both are run in-process (`run_check`, `build_site`, which the plugin calls and
refuses on any error); one real `mkdocs build` of all cases at once then shows that the plugin
turns them into log lines naming each file and a non-zero exit, without a traceback.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import CONFIG_DIR, long_text, mkdocs, write_platform, write_site, write_snapshot

from generator.build import build_site
from generator.content.load import LoadOptions
from generator.contrib.check import run_check

TEXT = long_text()
HEAD = "---\nsource: https://a.example/p\n"
GOOD = f"{HEAD}---\n\n{TEXT}"
DOC = "x/privacy-policy"
SNAP = f"{DOC}/2023-09-29.md"
NO_GIT = LoadOptions(provenance=False)  # the folders are not in git: no provenance warning


@dataclass(frozen=True)
class Case:
    name: str
    path: str  # relative to content/
    data: bytes | str | None  # None: a folder
    line: int
    needle: str  # part of the message
    at: str = ""  # the path the problem names, when it is a folder of `path`

    @property
    def reported(self) -> str:
        return self.at or self.path


def _front(*lines: str) -> str:
    return HEAD + "".join(f"{line}\n" for line in lines) + "---\n\n" + TEXT


CASES = [
    # Invalid YAML
    Case("yaml-colon", SNAP, _front("summary: a: b"), 3, "not valid YAML"),
    Case("yaml-quote", SNAP, "---\nsource: 'https://a.example\n---\n", 3, "YAML"),
    Case("yaml-tab", SNAP, _front("\tsummary: x"), 3, "not valid YAML"),
    Case("yaml-platform", "x/platform.yml", "name: [X\n", 2, "platform.yml is not valid YAML"),
    Case("yaml-list", SNAP, "---\n- a\n---\n\nText\n", 2, "`field: value`"),
    Case("yaml-alias", SNAP, _front("summary: &a x", "origin: *a"), 2, "anchors"),
    Case("yaml-tag", SNAP, _front("origin: !!python/name:os.system"), 3, "tag"),
    Case("unclosed", SNAP, HEAD + "\n" + TEXT, 1, "not closed"),
    Case("not-first-line", SNAP, "\n" + GOOD, 1, "start on the first line"),
    Case("no-front-matter", SNAP, TEXT, 1, "no front matter"),
    # Missing or unknown fields
    Case("missing-source", SNAP, f"---\nsummary: x\n---\n\n{TEXT}", 1, "`source`"),
    Case("missing-name", "x/platform.yml", "url: https://x.example/\n", 1, "`name` is missing"),
    Case("empty-platform-yml", "x/platform.yml", "", 1, "`name` is missing"),
    Case("unknown-field", SNAP, _front("sumary: x"), 3, "did you mean `summary`"),
    Case("twice", SNAP, _front("source: https://b.example/"), 3, "twice"),
    # Wrong types
    Case("technical-text", SNAP, _front("technical: 'yes'"), 3, "`true`"),
    Case("technical-yes", SNAP, _front("summary: yes"), 3, "true/false"),
    Case("summary-list", SNAP, _front("summary: [a, b]"), 3, "not a list"),
    Case("source-number", SNAP, "---\nsource: 42\n---\n\nx\n", 2, "a number"),
    Case("aliases-text", "x/platform.yml", "name: X\naliases: Twitter\n", 2, "list of names"),
    Case("name-mapping", "x/platform.yml", "name: {a: b}\n", 1, "not a mapping"),
    Case("summary-long", SNAP, _front("summary: " + "x" * 141), 3, "at most 140"),
    Case("language", SNAP, _front("language: english"), 3, "BCP 47"),
    Case("source-script", SNAP, "---\nsource: javascript:x\n---\n\nx\n", 2, "http(s)"),
    # Bad or impossible dates
    Case("effective-30-feb", SNAP, _front("effective: 2023-02-30"), 3, "real date"),
    Case("effective-number", SNAP, _front("effective: 2023"), 3, "a number"),
    Case("captured-word", SNAP, _front("captured: yesterday"), 3, "real date-time"),
    Case("captured-flag", SNAP, _front("captured: true"), 3, "true/false"),
    Case("captured-year-10000", SNAP, _front("captured: 9999-12-31T23:59:59-23:00"), 3, "range"),
    Case("captured-year-0", SNAP, _front("captured: '0001-01-01T00:00:00+05:00'"), 3, "range"),
    Case(
        "deep-nesting",
        SNAP,
        _front("summary:", *("  " * n + "-" for n in range(1, 400))),
        3,
        "nested too deeply",
    ),
    Case("stamp-30-feb", f"{DOC}/2023-02-30.md", GOOD, 0, "not a real date"),
    Case("stamp-month-13", f"{DOC}/2023-13-01.md", GOOD, 0, "not a real date"),
    Case("stamp-hour-25", f"{DOC}/2023-01-01T25-00-00Z.md", GOOD, 0, "not a real date"),
    Case("stamp-order", f"{DOC}/29-09-2023.md", GOOD, 0, "is not a stamp"),
    Case("stamp-colons", f"{DOC}/2023-09-29T14:30:00Z.md", GOOD, 0, "is not a stamp"),
    Case("stamp-digits", f"{DOC}/\u0662\u0660\u0662\u0663-09-29.md", GOOD, 0, "is not a stamp"),
    Case("stamp-same-second", f"{DOC}/2023-09-29T10-00-00Z_2.md", GOOD, 0, "is not a stamp"),
    # Stamp and file name disagree
    Case("captured-before", SNAP, _front("captured: 2023-01-05"), 3, "before"),
    Case("extension-MD", f"{DOC}/2023-09-29.MD", GOOD, 0, "rename `2023-09-29.MD`"),
    Case("extension-txt", f"{DOC}/2023-09-29.txt", GOOD, 0, "to `2023-09-29.md`"),
    Case("extension-double", f"{DOC}/2023-09-29.md.txt", GOOD, 0, "snapshot files end in `.md`"),
    # Document types, duplicates
    Case(
        "unknown-type",
        "x/privacy/2023-09-29.md",
        GOOD,
        0,
        "did you mean `privacy-policy`",
        "x/privacy",
    ),
    Case("duplicate-stamp", f"{DOC}/2023-01-01T00-00-00Z.md", GOOD, 0, "same moment"),
    # Empty, binary, other encodings
    Case("empty", SNAP, "", 0, "the file is empty"),
    Case("blank", SNAP, " \n\n\t\n", 0, "the file is empty"),
    Case("no-text", SNAP, f"{HEAD}---\n\n\n", 4, "no policy text"),
    Case("nul", SNAP, (GOOD + "\x00x").encode(), GOOD.count("\n") + 1, "NUL"),
    Case("pdf", SNAP, b"%PDF-1.7\n%\xe2\xe3\n", 0, "a PDF document"),
    Case("png", SNAP, b"\x89PNG\r\n\x1a\n\x00", 0, "a PNG image"),
    Case("utf-16", SNAP, GOOD.encode("utf-16"), 0, "UTF-16"),
    Case(
        "cp1252",
        SNAP,
        (HEAD + "---\n\n" + "Les donn\u00e9es que nous traitons. " * 40).encode("cp1252"),
        5,
        "(the file looks like Windows-",
    ),
    # Names: slugs, traversal
    Case(
        "platform-upper",
        "Meta/privacy-policy/2023-09-29.md",
        GOOD,
        0,
        "rename it to `meta`",
        "Meta",
    ),
    Case(
        "platform-space", "tik tok/privacy-policy/2023-09-29.md", GOOD, 0, "to `tik-tok`", "tik tok"
    ),
    Case(
        "document-upper",
        "x/Privacy-Policy/2023-09-29.md",
        GOOD,
        0,
        "`privacy-policy`?",
        "x/Privacy-Policy",
    ),
    Case(
        "document-space",
        "x/privacy policy/2023-09-29.md",
        GOOD,
        0,
        "`privacy-policy`?",
        "x/privacy policy",
    ),
    Case("dot-dot-file", f"{DOC}/..2023-09-29.md", GOOD, 0, "`..`"),
    Case("dot-dot-folder", "x/a..b/2023-09-29.md", GOOD, 0, "`..`", "x/a..b"),
    Case("backslash", "x/..\\..\\etc/2023-09-29.md", GOOD, 0, "`\\`", "x/..\\..\\etc"),
    Case("control-char", f"{DOC}/2023-09-29\x1b[2J.md", GOOD, 0, "control characters"),
    Case("newline-name", f"{DOC}/2023-09-29\n::error::forged.md", GOOD, 0, "control characters"),
    Case("no-platform-yml", "y/privacy-policy/2023-09-29.md", GOOD, 0, "has no platform.yml", "y"),
    # Files in the wrong place: a snapshot there would be lost without a word
    Case("snapshot-in-platform", "x/2030-01-01.md", GOOD, 0, "move it into its document type's"),
    Case(
        "snapshot-in-subfolder", f"{DOC}/old/2030-01-01.md", GOOD, 0, f"content/{DOC}/2030-01-01.md"
    ),
    Case("snapshot-deep", f"{DOC}/a/b/2030-01-01.txt", GOOD, 0, f"content/{DOC}/2030-01-01.md"),
    Case("snapshot-in-subfolder-taken", f"{DOC}/old/2023-01-01.md", GOOD, 0, "keep one of the two"),
    Case(
        "snapshot-in-stamp-folder",
        f"{DOC}/2030-01-01/index.md",
        GOOD,
        0,
        f"content/{DOC}/2030-01-01.md",
    ),
    Case(
        "named-snapshot-in-subfolder",
        f"{DOC}/old/previous.md",
        GOOD,
        0,
        "sub-folder of the document",
    ),
    Case(
        "snapshot-at-root",
        "2030-01-01.md",
        GOOD,
        0,
        "content/<platform>/<document-type>/2030-01-01.md",
    ),
    Case("markdown-at-root", "privacy.md", GOOD, 0, "snapshot outside a document folder"),
    Case("platform-yml-at-root", "platform.yml", "name: X\n", 0, "content/<platform>/platform.yml"),
    Case(
        "html-snapshot",
        f"{DOC}/2030-01-01.html",
        "<html><p>Policy</p></html>",
        0,
        "content/x/privacy-policy/2030-01-01.html --source <URL> --stamp 2030-01-01",
    ),
    Case("named-snapshot", f"{DOC}/latest.txt", GOOD, 0, "rename `latest.txt` to <stamp>.md"),
    Case("platform-yaml", "yaml/platform.yaml", "name: Y\n", 0, "rename it to platform.yml"),
    Case("platform-capital", "capital/Platform.yml", "name: Y\n", 0, "rename it to platform.yml"),
    Case("platform-yml-txt", "txt/platform.yml.txt", "name: Y\n", 0, "rename it to platform.yml"),
    Case(
        "platform-yml-in-document", f"{DOC}/platform.yml", "name: X\n", 0, "content/x/platform.yml"
    ),
    Case(
        "document-as-file",
        "x/terms-of-service.md",
        GOOD,
        0,
        "content/x/terms-of-service/<stamp>.md",
    ),
    Case(
        "document-type-as-platform",
        "privacy-policy/2030-01-01.md",
        GOOD,
        0,
        "is a document type, not a platform",
        "privacy-policy",
    ),
    Case(
        "document-in-document",
        f"{DOC}/terms-of-service/2030-01-01.md",
        GOOD,
        0,
        "content/x/terms-of-service",
        f"{DOC}/terms-of-service",
    ),
    Case(
        "unknown-type-alias",
        "x/cookies/2023-09-29.md",
        GOOD,
        0,
        "is not in document_types.yml",
        "x/cookies",
    ),
]
NO_PLATFORM_FILE = {
    "no-platform-yml", "platform-yaml", "platform-capital", "platform-yml-txt",
    "document-type-as-platform",
}  # fmt: skip


def _place(content: Path, case: Case, platform: str = "x") -> Path:
    """A clean platform (one snapshot) and the case's file moved into it; the path to report."""
    write_snapshot(content, platform, "privacy-policy", "2023-01-01", TEXT)

    def moved(path: str) -> Path:
        return content / (path.replace("x/", f"{platform}/", 1) if path[:2] == "x/" else path)

    path = moved(case.path)
    if case.data is None:
        path.mkdir(parents=True, exist_ok=True)
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(case.data if isinstance(case.data, bytes) else case.data.encode())
    owner = content / path.relative_to(content).parts[0]
    if (
        not (owner / "platform.yml").exists()
        and case.name not in NO_PLATFORM_FILE
        and owner.is_dir()
    ):
        write_platform(content, owner.name)
    return moved(case.reported)


def _shown(path: str) -> str:
    """A path as a one-line message shows it (controls escaped)."""
    return path.replace("\x1b", "\\x1b").replace("\n", "\\n")


def _check(content: Path, **options: int) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = run_check(content, CONFIG_DIR, out=out, **options)
    return code, out.getvalue().splitlines()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_check_gives_one_clear_problem(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    content = Path("content")
    _place(content, case)
    code, lines = _check(content)
    *problems, summary = lines
    assert code == 1, lines
    assert problems == [p for p in problems if p.startswith("content/")], lines
    assert len(problems) == 1, lines
    (problem,) = problems
    assert problem.startswith(f"content/{_shown(case.reported)}:{case.line}: "), problem
    assert case.needle in problem, problem
    assert "1 error, 0 warnings" in summary


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_build_refuses_with_the_same_problem(case: Case, tmp_path: Path) -> None:
    content = tmp_path / "content"
    _place(content, case)
    result = build_site(content, CONFIG_DIR, options=NO_GIT)
    assert not result.pages and not result.static_files
    (error,) = result.errors
    assert error.path == str(content / case.reported) and error.line == case.line
    assert case.needle in error.message


def test_a_50_mb_file_is_refused_by_the_configurable_size_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    content = Path("content")
    big = _place(content, Case("big", SNAP, GOOD, 0, ""))
    with big.open("r+b") as handle:  # sparse: 50 MB on paper, never read
        handle.truncate(50 * 2**20)
    code, lines = _check(content)
    assert code == 1
    assert lines[0].startswith(f"content/{DOC}/2023-09-29.md:0: file is 52,428,800 bytes")
    assert "above the size limit of 5,000,000 bytes" in lines[0]
    assert "`max_snapshot_bytes`" in lines[0] and "--max-snapshot-bytes" in lines[0]
    small = Path("small")
    _place(small, Case("ok", SNAP, GOOD, 0, ""))
    assert _check(small, max_snapshot_bytes=500)[0] == 1
    assert _check(small, max_snapshot_bytes=5_000)[0] == 0
    errors = build_site(small, CONFIG_DIR, options=LoadOptions(max_snapshot_bytes=500)).errors
    assert errors and all("above the size limit of 500 bytes" in e.message for e in errors)


def test_empty_document_folder_is_a_warning_not_a_crash(tmp_path: Path) -> None:
    content = tmp_path / "content"
    _place(content, Case("empty-folder", "x/terms-of-service", None, 0, ""))
    result = build_site(content, CONFIG_DIR, options=NO_GIT)
    assert not result.errors and result.pages
    (warning,) = result.problems
    assert (
        warning.path.endswith("x/terms-of-service") and "empty document folder" in warning.message
    )


@pytest.mark.parametrize("target", ["outside", "loop", "folder"])
def test_symlinks_leaving_content_are_refused(tmp_path: Path, target: str) -> None:
    content = tmp_path / "content"
    _place(content, Case("link", f"{DOC}/2023-02-01.md", GOOD, 0, ""))
    (content / DOC / "2023-02-01.md").unlink()
    outside = tmp_path / "outside.md"
    outside.write_text(GOOD, encoding="utf-8")
    link = content / DOC / "2023-02-01.md"
    if target == "outside":
        link.symlink_to(outside)
    elif target == "loop":
        link.symlink_to(link)
    else:
        link = content / "x" / "terms-of-service"
        link.symlink_to(tmp_path, target_is_directory=True)
    (error,) = build_site(content, CONFIG_DIR, options=NO_GIT).errors
    assert error.path == str(link) and "symbolic link" in error.message


# --- Accepted: the ends of the calendar, BOM, CRLF, CR -------------------------------------------


def test_stamps_at_the_ends_of_the_calendar_build(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_snapshot(content, "x", "privacy-policy", "0001-01-01", TEXT, captured="0001-01-01")
    write_snapshot(content, "x", "privacy-policy", "9999-12-31T23-59-59Z", TEXT + "More.\n")
    result = build_site(content, CONFIG_DIR, options=NO_GIT)
    assert not result.errors and result.pages
    (warning,) = result.problems
    assert "in the future" in warning.message


ACCEPTED = {
    "bom": b"\xef\xbb\xbf" + GOOD.encode(),
    "crlf": GOOD.replace("\n", "\r\n").encode(),
    "bom-crlf": b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode(),
    "cr": GOOD.replace("\n", "\r").encode(),
}


@pytest.mark.parametrize("name", ACCEPTED)
def test_bom_and_crlf_are_accepted_and_normalised(tmp_path: Path, name: str) -> None:
    content = tmp_path / "content"
    _place(content, Case(name, SNAP, ACCEPTED[name], 0, ""))
    (content / "x" / "platform.yml").write_bytes(
        b"\xef\xbb\xbfname: X\r\nurl: https://x.example/\r\n"
    )
    assert _check(content)[0] == 0
    result = build_site(content, CONFIG_DIR, options=NO_GIT)
    assert not result.problems
    (text,) = [f.content for f in result.static_files if f.url.endswith("2023-09-29.txt")]
    assert text == TEXT and "\r" not in text and "\ufeff" not in text


# --- The real build: log lines, exit code, no traceback ------------------------------------------


def test_real_build_of_every_case_fails_cleanly_naming_each_file(tmp_path: Path) -> None:
    content = write_site(tmp_path)
    # Each case in a platform of its own, so that no case hides another.
    paths = [_place(content, case, f"case{n:02d}") for n, case in enumerate(CASES)]
    result = mkdocs(tmp_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert f"{len(CASES)} problem(s) in the content" in result.stderr
    assert "nothing was built" in result.stderr
    for case, path in zip(CASES, paths, strict=True):
        assert f"{_shown(str(path.resolve()))}:{case.line}: " in result.stderr, case.name
    # A file name must not forge log lines (CI reads `::error::` at a line start) or move the
    # terminal's cursor.
    assert "\x1b" not in result.stderr
    assert not [line for line in result.stderr.splitlines() if line.startswith("::")]
    assert not (tmp_path / "site").exists()


def test_accepted_files_build_for_real(tmp_path: Path) -> None:
    content = write_site(tmp_path)
    write_platform(content, "x")
    for month, data in enumerate(ACCEPTED.values(), start=2):
        path = content / DOC / f"2023-{month:02d}-01.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    result = mkdocs(tmp_path)
    assert result.returncode == 0, result.stderr
    texts = sorted((tmp_path / "site" / "platforms" / DOC).glob("*.txt"))
    assert len(texts) == len(ACCEPTED)
    assert {t.read_bytes() for t in texts} == {TEXT.encode()}
    documents = json.loads((tmp_path / "site/api/documents.json").read_text(encoding="utf-8"))
    hashes = {v["sha256"] for v in documents["platforms"][0]["documents"][0]["versions"]}
    assert hashes == {hashlib.sha256(TEXT.encode()).hexdigest()}
