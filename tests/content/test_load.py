from __future__ import annotations

import hashlib
import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from conftest import CONFIG_DIR, long_text, write_platform, write_snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content.doctypes import DocumentTypes, load_document_types
from generator.content.load import LoadOptions, load_archive
from generator.content.model import Archive
from generator.content.problems import Problem, Severity
from generator.content.snapshot import parse_snapshot_text

NOW = datetime(2024, 6, 1, tzinfo=UTC)
HEADER = "---\nsource: https://example.com/privacy\n---\n\n"


@pytest.fixture(scope="module")
def types() -> DocumentTypes:
    document_types, problems = load_document_types(CONFIG_DIR / "document_types.yml")
    assert problems == []
    return document_types


def load(root: Path, types: DocumentTypes, **options: object) -> Archive:
    settings_ = {"provenance": False, "now": NOW, **options}
    return load_archive(root, types, LoadOptions(**settings_))  # type: ignore[arg-type]


def only(archive: Archive, severity: Severity = Severity.ERROR) -> Problem:
    """The one problem of that severity (and fail if there are others)."""
    found = [p for p in archive.problems if p.severity is severity]
    assert len(found) == 1, [str(p) for p in archive.problems]
    return found[0]


def write_raw(root: Path, relative: str, data: bytes | str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


# --- a clean archive -------------------------------------------------------------------------


def test_clean_archive_loads_everything_in_order(tmp_path: Path, types: DocumentTypes) -> None:
    write_platform(tmp_path, "x", url="https://x.com", aliases=["Twitter"])
    write_snapshot(tmp_path, "x", "privacy-policy", "2023-09-29", long_text("a"))
    write_snapshot(tmp_path, "x", "privacy-policy", "2023-08-01T10-00-00Z", long_text("b"))
    write_snapshot(tmp_path, "x", "privacy-policy", "2023-08-01", long_text("c"))
    write_snapshot(tmp_path, "meta", "terms-of-service", "2022-01-01", long_text())

    archive = load(tmp_path, types)

    assert archive.problems == ()
    assert [p.slug for p in archive.platforms] == ["meta", "x"]
    x = archive.platforms[1]
    assert (x.name, x.url, x.aliases) == ("X", "https://x.com", ("Twitter",))
    stamps = [v.stamp for v in x.documents[0].versions]
    assert stamps == ["2023-08-01", "2023-08-01T10-00-00Z", "2023-09-29"]


def test_version_fields_are_typed(tmp_path: Path, types: DocumentTypes) -> None:
    write_snapshot(
        tmp_path,
        "x",
        "privacy-policy",
        "2023-09-29",
        long_text(),
        captured="2023-09-29T14:30:00+02:00",
        effective=date(2023, 9, 29),
        archive="https://web.archive.org/web/2023/https://x.com/privacy",
        summary="Adds biometric data",
        technical=True,
        language="pt-BR",
        withdrawn="capture of a login page",
        origin="Open Terms Archive",
    )
    version = next(load(tmp_path, types).versions())
    assert version.captured == datetime(2023, 9, 29, 12, 30, tzinfo=UTC)
    assert version.effective == date(2023, 9, 29)
    assert version.summary == "Adds biometric data"
    assert version.technical is True
    assert version.language == "pt-BR"
    assert version.withdrawn == "capture of a login page"
    assert version.origin == "Open Terms Archive"
    assert version.observed == datetime(2023, 9, 29, tzinfo=UTC)
    assert version.key == "x/privacy-policy/2023-09-29"


def test_source_unknown_is_accepted(tmp_path: Path, types: DocumentTypes) -> None:
    write_snapshot(tmp_path, "x", "privacy-policy", "2023-09-29", long_text(), source="unknown")
    archive = load(tmp_path, types)
    assert archive.problems == ()
    assert next(archive.versions()).source == "unknown"


def test_bom_and_crlf_are_normalised_and_hashed(tmp_path: Path, types: DocumentTypes) -> None:
    body = long_text()
    crlf = ("\ufeff" + HEADER + body).replace("\n", "\r\n").encode("utf-8")
    write_raw(tmp_path, "x/privacy-policy/2023-01-01.md", crlf)
    write_raw(tmp_path, "x/privacy-policy/2023-02-01.md", (HEADER + body).replace("\n", "\r"))
    write_platform(tmp_path, "x")

    archive = load(tmp_path, types)

    assert archive.problems == ()
    first, second = next(archive.documents()).versions
    assert first.text == second.text == body
    assert first.sha256 == hashlib.sha256(body.encode("utf-8")).hexdigest()


def test_problem_paths_keep_the_folder_as_given(
    tmp_path: Path, types: DocumentTypes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_raw(tmp_path, "content/x/privacy-policy/2023-09-29.md", "---\nsumary: x\n---\nHi\n")
    write_platform(tmp_path / "content", "x")
    archive = load(Path("content"), types)
    assert str(archive.problems[0]).startswith("content/x/privacy-policy/2023-09-29.md:")


def test_every_problem_is_reported_in_path_then_line_order(
    tmp_path: Path, types: DocumentTypes
) -> None:
    write_platform(tmp_path, "x")
    write_raw(tmp_path, "x/privacy-policy/2023-01-01.md", "---\nsumary: a\nlanguage: 3\n---\nb\n")
    write_raw(tmp_path, "x/privacy/2023-01-01.md", HEADER + long_text())
    write_raw(tmp_path, "a/terms-of-service/bad.md", HEADER + long_text())

    problems = [(p.path, p.line) for p in load(tmp_path, types).problems]

    prefix = str(tmp_path)
    assert problems == [
        (f"{prefix}/a", 0),  # no platform.yml
        (f"{prefix}/a/terms-of-service/bad.md", 0),
        (f"{prefix}/x/privacy", 0),  # a folder before what is inside it and its siblings
        (f"{prefix}/x/privacy-policy/2023-01-01.md", 1),  # source missing
        (f"{prefix}/x/privacy-policy/2023-01-01.md", 2),
        (f"{prefix}/x/privacy-policy/2023-01-01.md", 3),
    ]


# --- front matter errors ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ("---\nsource: [unclosed\n---\nText\n", 3, "not valid YAML"),
        ("Text without front matter\n", 1, "no front matter"),
        ("---\nsource: https://x.com\nText\n", 1, "not closed"),
        ("---\n- a list\n---\nText\n", 2, "must be `field: value` lines"),
        ("---\nsummary: hi\n---\nText\n", 1, "`source` is missing"),
        ("---\nsource:\n---\nText\n", 2, "`source` is empty"),
        ("---\nsource: https://x.com\nsumary: hi\n---\nText\n", 3, "did you mean `summary`?"),
        ("---\nsource: ftp://x.com/a\n---\nText\n", 2, "http(s) URL"),
        ("---\nsource: javascript:alert(1)\n---\nText\n", 2, "http(s) URL"),
        ("---\nsource: https://x.com\ncaptured: 2023-02-30\n---\nText\n", 3, "not a real date"),
        ("---\nsource: https://x.com\ncaptured: '2023-02-30'\n---\nT\n", 3, "not a real date"),
        ("---\nsource: https://x.com\ncaptured: soon\n---\nText\n", 3, "not a real date-time"),
        ("---\nsource: https://x.com\neffective: 2023-13-01\n---\nText\n", 3, "not a real date"),
        ("---\nsource: https://x.com\neffective: 5\n---\nText\n", 3, "must be a date"),
        ("---\nsource: https://x.com\ntechnical: 'yes'\n---\nText\n", 3, "`true` or `false`"),
        ("---\nsource: https://x.com\nlanguage: no\n---\nText\n", 3, "put the value in quotes"),
        ("---\nsource: https://x.com\nlanguage: en_US\n---\nText\n", 3, "(write en-US)"),
        ("---\nsource: https://x.com\nsummary: " + "a" * 141 + "\n---\nT\n", 3, "at most 140"),
        ("---\nsource: https://x.com\nsummary: |\n  a\n  b\n---\nText\n", 3, "single line"),
        ("---\nsource: https://x.com\nwithdrawn: ''\n---\nText\n", 3, "is empty"),
        ("---\nsource: https://x.com\narchive: 12\n---\nText\n", 3, "must be text"),
        ("---\nsource: https://x.com\nsource: https://y.com\n---\nText\n", 3, "given twice"),
        ("---\nsource: https://x.com\na: &a [1]\nb: *a\n---\nText\n", 2, "anchors or aliases"),
        ("---\nsource: !!python/object:os.system x\n---\nText\n", 2, "cannot be read"),
        ("---\nsource: https://x.com\n---\n\n  \n", 4, "no policy text"),
    ],
)
def test_front_matter_errors_name_the_line_and_the_fix(
    tmp_path: Path, types: DocumentTypes, text: str, line: int, needle: str
) -> None:
    path = write_raw(tmp_path, "x/privacy-policy/2023-09-29.md", text)
    write_platform(tmp_path, "x")

    archive = load(tmp_path, types)

    problem = only(archive)
    assert (problem.path, problem.line) == (str(path), line)
    assert needle in problem.message
    assert list(archive.versions()) == []


def test_unknown_field_lists_the_allowed_ones(tmp_path: Path, types: DocumentTypes) -> None:
    write_snapshot(tmp_path, "x", "privacy-policy", "2023-09-29", long_text(), sumary="x")
    message = only(load(tmp_path, types)).message
    assert message.startswith("unknown field `sumary`: did you mean `summary`? Allowed: source,")


def test_yaml_bomb_is_refused_quickly(tmp_path: Path, types: DocumentTypes) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 12)]
    write_raw(tmp_path, "x/privacy-policy/2023-09-29.md", "---\n" + "\n".join(lines) + "\n---\nT")
    write_platform(tmp_path, "x")
    assert "anchors or aliases" in only(load(tmp_path, types)).message


def test_deep_nesting_is_an_error_not_a_crash(tmp_path: Path, types: DocumentTypes) -> None:
    write_raw(tmp_path, "x/privacy-policy/2023-09-29.md", "---\na: " + "[" * 5000 + "\n---\nT")
    write_platform(tmp_path, "x")
    assert "not valid YAML" in only(load(tmp_path, types)).message


# --- files and folders -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "needle"),
    [
        ("2023-9-29.md", "is not a stamp: name it YYYY-MM-DD.md or YYYY-MM-DDTHH-MM-SSZ.md"),
        ("2023-09-29T12:00:00Z.md", "is not a stamp"),
        ("latest.md", "is not a stamp"),
        ("2023-02-30.md", "is not a real date"),
        ("2023-09-29T25-00-00Z.md", "is not a real date"),
    ],
)
def test_file_name_must_be_a_stamp(
    tmp_path: Path, types: DocumentTypes, name: str, needle: str
) -> None:
    write_raw(tmp_path, f"x/privacy-policy/{name}", HEADER + long_text())
    write_platform(tmp_path, "x")
    problem = only(load(tmp_path, types))
    assert problem.path.endswith(name)
    assert needle in problem.message


def test_unknown_document_type_suggests_one(tmp_path: Path, types: DocumentTypes) -> None:
    write_snapshot(tmp_path, "x", "privacy", "2023-09-29", long_text())
    write_snapshot(tmp_path, "x", "Cookie Policy", "2023-09-29", long_text(), source="unknown")
    messages = [p.message for p in load(tmp_path, types).problems]
    assert messages[0].startswith(
        "document type `Cookie Policy` is not in document_types.yml: "
        "did you mean `trackers-policy`?"
    )
    assert messages[1].startswith(
        "document type `privacy` is not in document_types.yml: did you mean `privacy-policy`?"
    )
    assert len(messages) == 2


def test_platform_without_platform_yml(tmp_path: Path, types: DocumentTypes) -> None:
    write_raw(tmp_path, "x/privacy-policy/2023-09-29.md", HEADER + long_text())
    archive = load(tmp_path, types)
    problem = only(archive)
    assert (problem.path, problem.line) == (str(tmp_path / "x"), 0)
    assert "no platform.yml: create" in problem.message
    assert "`name: X`" in problem.message
    assert archive.platforms == ()


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ("url: https://x.com\n", 1, "`name` is missing"),
        ("name: X\nurl: x.com\n", 2, "http(s) URL"),
        ("name: X\naliases: Twitter\n", 2, "must be a list"),
        ("name: X\nalias: [Twitter]\n", 2, "did you mean `aliases`?"),
        ("name: [X]\n", 1, "must be text"),
        ("name: X\n  bad: indent\n", 2, "not valid YAML"),
    ],
)
def test_platform_yml_errors(
    tmp_path: Path, types: DocumentTypes, text: str, line: int, needle: str
) -> None:
    path = write_raw(tmp_path, "x/platform.yml", text)
    archive = load(tmp_path, types)
    problem = only(archive)
    assert (problem.path, problem.line) == (str(path), line)
    assert needle in problem.message
    assert archive.platforms == ()


@pytest.mark.parametrize(("folder", "slug"), [("Meta", "meta"), ("tik tok", "tik-tok")])
def test_platform_slug_suggests_a_fix(
    tmp_path: Path, types: DocumentTypes, folder: str, slug: str
) -> None:
    write_snapshot(tmp_path, folder, "privacy-policy", "2023-09-29", long_text())
    problem = only(load(tmp_path, types))
    assert problem.path == str(tmp_path / folder)
    assert problem.message.endswith(f"rename it to `{slug}`")


def test_same_moment_twice_is_an_error(tmp_path: Path, types: DocumentTypes) -> None:
    write_snapshot(tmp_path, "x", "privacy-policy", "2023-09-29", long_text())
    write_snapshot(tmp_path, "x", "privacy-policy", "2023-09-29T00-00-00Z", long_text())
    archive = load(tmp_path, types)
    problem = only(archive)
    assert problem.path.endswith("2023-09-29T00-00-00Z.md")
    assert "names the same moment as `2023-09-29.md`" in problem.message
    assert [v.stamp for v in archive.versions()] == ["2023-09-29"]


@pytest.mark.parametrize(
    ("data", "line", "needle"),
    [
        (HEADER.encode() + b"Text\x00more", 5, "binary file (contains NUL bytes)"),
        (b"%PDF-1.7\n...", 0, "this is a PDF document, not text"),
        ((HEADER + "Text").encode("utf-16"), 0, "saved as UTF-16: re-save it as UTF-8"),
        ((HEADER + "\n\nCaf\u00e9 cr\u00e8me " * 40).encode("cp1252"), 7, "not UTF-8"),
    ],
)
def test_binary_and_non_utf8_files(
    tmp_path: Path, types: DocumentTypes, data: bytes, line: int, needle: str
) -> None:
    write_raw(tmp_path, "x/privacy-policy/2023-09-29.md", data)
    write_platform(tmp_path, "x")
    problem = only(load(tmp_path, types))
    assert problem.line == line
    assert needle in problem.message


def test_non_utf8_says_which_encoding_it_looks_like(tmp_path: Path, types: DocumentTypes) -> None:
    text = HEADER + "Les donn\u00e9es personnelles que nous traitons. " * 30
    write_raw(tmp_path, "x/privacy-policy/2023-09-29.md", text.encode("cp1252"))
    write_platform(tmp_path, "x")
    message = only(load(tmp_path, types)).message
    assert message.startswith(
        "not UTF-8: byte 0xE9 cannot be decoded (the file looks like Windows-"
    )
    assert message.endswith("; re-save the file as UTF-8")


def test_file_above_the_limit_is_not_read(tmp_path: Path, types: DocumentTypes) -> None:
    write_snapshot(tmp_path, "x", "privacy-policy", "2023-09-29", long_text() * 10)
    problem = only(load(tmp_path, types, max_snapshot_bytes=1000))
    assert "above the size limit of 1,000 bytes" in problem.message
    assert "`max_snapshot_bytes`" in problem.message


def test_symlinks_outside_are_refused_and_not_followed(
    tmp_path: Path, types: DocumentTypes
) -> None:
    root = tmp_path / "content"
    outside = write_raw(tmp_path, "secret.md", HEADER + long_text("secret"))
    (tmp_path / "elsewhere").mkdir()
    write_snapshot(root, "x", "privacy-policy", "2023-01-01", long_text())
    (root / "x" / "privacy-policy" / "2023-09-29.md").symlink_to(outside)
    (root / "x" / "terms-of-service").symlink_to(tmp_path / "elsewhere")
    (root / "x" / "privacy-policy" / "2023-10-01.md").symlink_to(tmp_path / "missing.md")

    archive = load(root, types)

    messages = {Path(p.path).name: p.message for p in archive.problems}
    assert "outside the content folder (not followed)" in messages["2023-09-29.md"]
    assert "outside the content folder" in messages["terms-of-service"]
    assert "outside the content folder" in messages["2023-10-01.md"]
    assert all("secret" not in v.text for v in archive.versions())


def test_symlink_loop_is_a_problem(tmp_path: Path, types: DocumentTypes) -> None:
    write_snapshot(tmp_path, "x", "privacy-policy", "2023-01-01", long_text())
    folder = tmp_path / "x" / "privacy-policy"
    (folder / "2023-02-01.md").symlink_to(folder / "2023-03-01.md")
    (folder / "2023-03-01.md").symlink_to(folder / "2023-02-01.md")
    archive = load(tmp_path, types)
    assert [p.message for p in archive.problems] == ["symbolic link loop: remove the link"] * 2


def test_symlinked_folder_inside_is_not_followed(tmp_path: Path, types: DocumentTypes) -> None:
    write_snapshot(tmp_path, "x", "privacy-policy", "2023-01-01", long_text())
    (tmp_path / "x" / "terms-of-service").symlink_to(tmp_path / "x" / "privacy-policy")
    problem = only(load(tmp_path, types))
    assert problem.path.endswith("terms-of-service")
    assert "symbolic link to a folder (not followed)" in problem.message


def test_symlinked_file_inside_is_read(tmp_path: Path, types: DocumentTypes) -> None:
    first = write_snapshot(tmp_path, "x", "privacy-policy", "2023-01-01", long_text())
    (tmp_path / "x" / "privacy-policy" / "2023-02-01.md").symlink_to(first)
    archive = load(tmp_path, types)
    assert archive.problems == ()
    assert len(list(archive.versions())) == 2


def test_names_with_dot_dot_or_control_characters(tmp_path: Path, types: DocumentTypes) -> None:
    write_snapshot(tmp_path, "x", "privacy-policy", "2023-01-01", long_text())
    write_raw(tmp_path, "x/privacy-policy/..2023-02-01.md", HEADER + long_text())
    write_raw(tmp_path, "x/privacy-policy/2023-03-01\n.md", HEADER + long_text())
    archive = load(tmp_path, types)
    assert [p.message for p in archive.problems] == [
        "the name contains `..`, `\\` or control characters: rename it"
    ] * 2
    assert len(list(archive.versions())) == 1


def test_stray_files_are_warnings(tmp_path: Path, types: DocumentTypes) -> None:
    write_snapshot(tmp_path, "x", "privacy-policy", "2023-01-01", long_text())
    write_raw(tmp_path, "x/privacy-policy/notes.txt", "hello")
    write_raw(tmp_path, "x/platform.yaml", "name: X")
    write_raw(tmp_path, "x/privacy-policy/drafts/notes.md", "# Not a snapshot")
    write_raw(tmp_path, "x/README.md", "# About X")
    write_raw(tmp_path, "README.md", "hello")
    write_raw(tmp_path, ".gitkeep", "")
    archive = load(tmp_path, types)
    assert archive.errors == ()
    names = [(Path(p.path).name, p.severity) for p in archive.problems]
    assert names == [
        ("README.md", Severity.WARNING),
        ("README.md", Severity.WARNING),
        ("platform.yaml", Severity.WARNING),
        ("drafts", Severity.WARNING),
        ("notes.txt", Severity.WARNING),
    ]
    assert "a second platform file, not read" in archive.problems[2].message
    assert "stray folder" in archive.problems[3].message
    assert len(list(archive.versions())) == 1


def test_missing_content_folder(tmp_path: Path, types: DocumentTypes) -> None:
    archive = load(tmp_path / "nope", types)
    assert "content folder not found" in only(archive).message


# --- warnings --------------------------------------------------------------------------------


def test_small_body_is_a_warning_unless_withdrawn(tmp_path: Path, types: DocumentTypes) -> None:
    write_snapshot(tmp_path, "x", "privacy-policy", "2023-01-01", "Access denied\n")
    write_snapshot(tmp_path, "x", "privacy-policy", "2023-02-01", "Oops\n", withdrawn="failed")
    archive = load(tmp_path, types)
    warning = only(archive, Severity.WARNING)
    assert warning.path.endswith("2023-01-01.md")
    assert "only 14 bytes of text: probably a failed capture" in warning.message
    assert archive.errors == ()
    assert len(list(archive.versions())) == 2


def test_size_jump_is_a_warning(tmp_path: Path, types: DocumentTypes) -> None:
    write_snapshot(tmp_path, "x", "privacy-policy", "2023-01-01", long_text(paragraphs=4))
    write_snapshot(tmp_path, "x", "privacy-policy", "2023-02-01", long_text(paragraphs=5))
    write_snapshot(tmp_path, "x", "privacy-policy", "2023-03-01", long_text(paragraphs=10))
    warning = only(load(tmp_path, types), Severity.WARNING)
    assert warning.path.endswith("2023-03-01.md")
    assert "the size of the previous version (2023-02-01)" in warning.message


def test_stamp_in_the_future_is_a_warning(tmp_path: Path, types: DocumentTypes) -> None:
    write_snapshot(tmp_path, "x", "privacy-policy", "2024-06-02", long_text())
    warning = only(load(tmp_path, types), Severity.WARNING)
    assert "stamp 2024-06-02 is in the future" in warning.message


def test_old_stamp_without_archive_is_a_warning(tmp_path: Path, types: DocumentTypes) -> None:
    write_snapshot(
        tmp_path, "x", "privacy-policy", "2019-01-01", long_text(), captured="2023-09-29"
    )
    write_snapshot(
        tmp_path,
        "x",
        "privacy-policy",
        "2019-02-01",
        long_text(),
        captured="2023-09-29",
        archive="https://web.archive.org/web/2019/https://x.com",
    )
    warning = only(load(tmp_path, types), Severity.WARNING)
    assert (Path(warning.path).name, warning.line) == ("2019-01-01.md", 3)
    assert "over 2 years after the stamp, with no `archive`" in warning.message


def test_summary_on_the_first_version_is_fine(tmp_path: Path, types: DocumentTypes) -> None:
    write_snapshot(tmp_path, "x", "privacy-policy", "2023-01-01", long_text(), summary="Hi")
    assert load(tmp_path, types).problems == ()


# --- parse_snapshot_text and hostile bytes -----------------------------------------------------


def test_parse_snapshot_text_returns_checked_fields_and_body() -> None:
    raw = b"---\nsource: https://x.com\ntechnical: true\n---\n\nHello\r\n"
    front, body, problems = parse_snapshot_text(raw, Path("a.md"))
    assert front == {"source": "https://x.com", "technical": True}
    assert body == "Hello\n"
    assert problems == []


def test_parse_snapshot_text_without_front_matter() -> None:
    front, body, problems = parse_snapshot_text(b"Hello", Path("a.md"))
    assert (front, body) == (None, "")
    assert [str(p)[:24] for p in problems] == ["a.md:1: no front matter:"]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.one_of(st.binary(max_size=400), st.text(max_size=400).map(str.encode)))
def test_arbitrary_bytes_never_raise(tmp_path: Path, types: DocumentTypes, data: bytes) -> None:
    path = tmp_path / "x" / "privacy-policy" / "2023-09-29.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"---\n" + data if data[:1] == b"s" else data)
    archive = load(tmp_path, types)
    for problem in archive.problems:
        assert isinstance(problem, Problem)
        assert "\n" not in problem.message


def test_unreadable_file_is_a_problem(tmp_path: Path, types: DocumentTypes) -> None:
    path = write_snapshot(tmp_path, "x", "privacy-policy", "2023-01-01", long_text())
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as root: permissions are not enforced")
        assert "cannot be read" in only(load(tmp_path, types)).message
    finally:
        path.chmod(0o644)
