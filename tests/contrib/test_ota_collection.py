"""A whole collection's mess, on small versions repositories made here with real git: bare
repositories and bundles, terms types the site does not list, services whose names give one
slug, and versions with no text."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import git
import pytest
import yaml
from conftest import CONFIG_DIR, long_text, mkdocs, write_site

from generator.content.doctypes import load_document_types
from generator.content.load import load_archive
from generator.contrib.check import run_check
from generator.contrib.ota.importer import run_import
from generator.contrib.ota.repository import import_repo


class Versions:
    """A versions repository built commit by commit, as Open Terms Archive records them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.repo = git.Repo.init(root, initial_branch="main")
        with self.repo.config_writer() as config:
            config.set_value("user", "name", "Recorder")
            config.set_value("user", "email", "recorder@example.invalid")

    def record(self, path: str, text: str | bytes, date: str, message: str = "Update") -> str:
        file = self.root / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(text.encode() if isinstance(text, str) else text)
        self.repo.index.add([path])
        moment = datetime.fromisoformat(date.replace("Z", "+00:00"))
        return self.repo.index.commit(message, author_date=moment, commit_date=moment).hexsha


def git_run(*args: str | Path) -> None:
    subprocess.run(["git", *map(str, args)], check=True, capture_output=True)


@pytest.fixture
def versions(tmp_path: Path) -> Versions:
    return Versions(tmp_path / "versions")


@pytest.fixture
def site_config(tmp_path: Path) -> Path:
    """A copy of the site's configuration: an import adds terms types to it."""
    return Path(shutil.copytree(CONFIG_DIR, tmp_path / "site_config"))


def run(source: Path, into: Path, config: Path, **options: object) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = run_import(source, into, config, out=out, **options)  # type: ignore[arg-type]
    return code, out.getvalue().splitlines()


def snapshots(content: Path) -> dict[str, str]:
    return {
        p.relative_to(content).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(content.rglob("*.md"))
    }


def front(text: str) -> dict[str, object]:
    meta = yaml.safe_load(text.split("---\n", 2)[1])
    assert isinstance(meta, dict)
    return meta


def check_errors(content: Path, config: Path) -> list[str]:
    out = io.StringIO()
    run_check(content, config, out=out)
    return [line for line in out.getvalue().splitlines() if ": warning: " not in line][:-1]


def small_history(versions: Versions) -> None:
    versions.record("Nook/Privacy Policy.md", "A\n", "2022-01-01T00:00:00Z", "Start tracking")
    versions.record("Nook/Privacy Policy.md", "B\n", "2022-02-01T00:00:00Z")
    versions.record("Nook/Terms of Service.md", "T\n", "2022-03-01T00:00:00Z", "Start tracking")


# --- bare repositories and bundles --------------------------------------------------------------


def test_a_bare_clone_imports_exactly_as_the_repository(tmp_path: Path, versions: Versions):
    small_history(versions)
    bare = tmp_path / "mirror.git"
    git_run("clone", "--quiet", "--mirror", versions.root, bare)
    types, _ = load_document_types(CONFIG_DIR / "document_types.yml")

    from_clone = import_repo(versions.root, tmp_path / "a", types)
    from_bare = import_repo(bare, tmp_path / "b", types)

    assert from_bare.problems == from_clone.problems == ()
    assert snapshots(tmp_path / "b") == snapshots(tmp_path / "a")
    assert len(from_bare.written) == 3
    assert from_bare.described.startswith("bare versions repository, HEAD at ")


def test_a_bundle_cloned_bare_imports_without_a_work_tree(
    tmp_path: Path, versions: Versions, site_config: Path
):
    small_history(versions)
    bundle = tmp_path / "versions.bundle"
    git_run("-C", versions.root, "bundle", "create", "--quiet", bundle, "--all")
    bare = tmp_path / "from-bundle.git"
    git_run("clone", "--quiet", "--bare", bundle, bare)

    code, lines = run(bare, tmp_path / "content", site_config)

    assert code == 0
    assert lines[0].startswith(f"{bare}: bare versions repository, HEAD at ")
    assert lines[-1].startswith("total: 3 written, 0 already present, ")
    assert sorted(snapshots(tmp_path / "content")) == [
        "nook/privacy-policy/2022-01-01T00-00-00Z.md",
        "nook/privacy-policy/2022-02-01T00-00-00Z.md",
        "nook/terms-of-service/2022-03-01T00-00-00Z.md",
    ]


def test_a_head_that_names_no_commit_reads_the_only_branch_or_the_one_asked_for(
    tmp_path: Path, versions: Versions, site_config: Path
):
    small_history(versions)
    bare = tmp_path / "fetched.git"
    git_run("init", "--quiet", "--bare", "--initial-branch=unborn", bare)
    git_run("-C", bare, "fetch", "--quiet", versions.root, "main:records")

    code, lines = run(bare, tmp_path / "content", site_config)

    assert code == 0
    assert lines[0].startswith(f"{bare}: bare versions repository, refs/heads/records at ")

    git_run("-C", bare, "branch", "other", "records~1")
    code, lines = run(bare, tmp_path / "again", site_config)
    assert code == 1
    assert "HEAD names no commit; pick a branch with --ref (branches: other, records)" in (
        "\n".join(lines)
    )

    code, lines = run(bare, tmp_path / "older", site_config, ref="other")
    assert code == 0
    assert len(snapshots(tmp_path / "older")) == 2


# --- terms types the site does not list ---------------------------------------------------------


def test_unknown_terms_types_are_added_to_document_types_and_check_accepts_them(
    tmp_path: Path, versions: Versions, site_config: Path
):
    versions.record("Nook/Ad Publishing Policy.md", long_text("ads"), "2022-01-01T00:00:00Z")
    versions.record("Pond/Ad Publishing Policy.md", long_text("ads"), "2022-01-02T00:00:00Z")
    versions.record("Pond/Privacy Policy.md", long_text(), "2022-01-03T00:00:00Z")
    types_file = site_config / "document_types.yml"
    before = types_file.read_text(encoding="utf-8")
    content = tmp_path / "content"

    code, lines = run(versions.root, content, site_config)

    assert code == 0
    assert (
        f"{types_file}: added terms type 'ad-publishing-policy' (Ad Publishing Policy) "
        "for 2 documents: not in document_types.yml"
    ) in lines
    assert "0 of an unknown type; 3 documents, 2 platforms created, 1 terms type added" in lines[-1]
    after = types_file.read_text(encoding="utf-8")
    assert after.startswith(before)  # what the site owner wrote is kept as it was
    types, problems = load_document_types(types_file)
    assert problems == []
    assert types["ad-publishing-policy"].name == "Ad Publishing Policy"
    assert "nook/ad-publishing-policy/2022-01-01T00-00-00Z.md" in snapshots(content)
    assert check_errors(content, site_config) == []

    code, lines = run(versions.root, content, site_config)  # again: the type is known now

    assert code == 0
    assert types_file.read_text(encoding="utf-8") == after
    assert lines[-1].startswith("total: 0 written, 3 already present, ")


def test_without_adding_types_documents_of_unknown_types_are_listed_and_left_out(
    tmp_path: Path, versions: Versions, site_config: Path
):
    versions.record("Nook/Ad Publishing Policy.md", "A\n", "2022-01-01T00:00:00Z")
    versions.record("Nook/Privacy Policy.md", "P\n", "2022-01-01T00:00:00Z")
    before = (site_config / "document_types.yml").read_bytes()

    code, lines = run(versions.root, tmp_path / "content", site_config, add_types=False)

    assert code == 0
    assert (site_config / "document_types.yml").read_bytes() == before
    assert "Nook/Ad Publishing Policy.md: terms type not in document_types.yml, skipped" in (
        "\n".join(lines)
    )
    assert sorted(snapshots(tmp_path / "content")) == [
        "nook/privacy-policy/2022-01-01T00-00-00Z.md"
    ]


def test_a_types_file_that_cannot_take_new_entries_is_left_alone(
    tmp_path: Path, versions: Versions, site_config: Path
):
    types_file = site_config / "document_types.yml"
    types_file.write_text("types: [{slug: privacy-policy, name: Privacy Policy}]\n")
    versions.record("Nook/Ad Publishing Policy.md", "A\n", "2022-01-01T00:00:00Z")
    versions.record("Nook/Privacy Policy.md", "P\n", "2022-01-01T00:00:00Z")

    code, lines = run(versions.root, tmp_path / "content", site_config)

    assert code == 1
    assert types_file.read_text() == "types: [{slug: privacy-policy, name: Privacy Policy}]\n"
    assert any("its `types:` list is not a block list. Add them by hand" in line for line in lines)
    assert sorted(snapshots(tmp_path / "content")) == [
        "nook/privacy-policy/2022-01-01T00-00-00Z.md"
    ]


def test_two_terms_types_of_one_type_recorded_side_by_side_are_told_apart(
    tmp_path: Path, versions: Versions, site_config: Path
):
    # "Terms of Use" is an alias of terms-of-service; both are recorded over the same months.
    versions.record("Nook/Terms of Service.md", "S1\n", "2022-01-01T00:00:00Z")
    versions.record("Nook/Terms of Use.md", "U1\n", "2022-01-02T00:00:00Z")
    versions.record("Nook/Terms of Service.md", "S2\n", "2022-02-01T00:00:00Z")
    versions.record("Nook/Terms of Use.md", "U2\n", "2022-02-02T00:00:00Z")

    code, lines = run(versions.root, tmp_path / "content", site_config)

    assert code == 0
    texts = {k: v.split("---\n", 2)[2] for k, v in snapshots(tmp_path / "content").items()}
    assert texts == {
        "nook/terms-of-service/2022-01-01T00-00-00Z.md": "S1\n",
        "nook/terms-of-service/2022-02-01T00-00-00Z.md": "S2\n",
        "nook/terms-of-use/2022-01-02T00-00-00Z.md": "U1\n",
        "nook/terms-of-use/2022-02-02T00-00-00Z.md": "U2\n",
    }
    assert any("added terms type 'terms-of-use' (Terms of Use) for 1 document" in x for x in lines)


# --- services whose names give one slug ----------------------------------------------------------


def test_a_renamed_service_is_one_platform_with_one_history(
    tmp_path: Path, versions: Versions, site_config: Path
):
    # As in the collection: "Tp-link" recorded until January, "TP-Link" from February on.
    versions.record("Tp-link/Privacy Policy.md", "old 1\n", "2022-12-21T12:00:00Z")
    versions.record("Tp-link/Privacy Policy.md", "old 2\n", "2023-01-19T06:00:00Z")
    versions.record("TP-Link/Privacy Policy.md", "new 1\n", "2023-02-03T12:00:00Z")
    versions.record("TP-Link/Terms of Service.md", "terms\n", "2023-02-20T06:00:00Z")
    content = tmp_path / "content"

    code, lines = run(versions.root, content, site_config)

    assert code == 0
    assert "tp-link: merged 'TP-Link' + 'Tp-link'" in lines
    assert lines[-1].endswith("merged: tp-link; told apart: none")
    assert yaml.safe_load((content / "tp-link/platform.yml").read_text())["aliases"] == ["Tp-link"]
    archive = load_archive(content, load_document_types(site_config / "document_types.yml")[0])
    history = {d.slug: [v.text for v in d.versions] for d in archive.documents()}
    assert history == {
        "privacy-policy": ["old 1\n", "old 2\n", "new 1\n"],
        "terms-of-service": ["terms\n"],
    }
    assert check_errors(content, site_config) == []


def test_services_sharing_a_slug_but_recorded_side_by_side_are_told_apart(
    tmp_path: Path, versions: Versions, site_config: Path
):
    versions.record("Nook/Privacy Policy.md", "upper 1\n", "2022-01-01T00:00:00Z")
    versions.record("nook/Privacy Policy.md", "lower 1\n", "2022-01-05T00:00:00Z")
    versions.record("Nook/Privacy Policy.md", "upper 2\n", "2022-02-01T00:00:00Z")
    versions.record("Nook 2/Privacy Policy.md", "two\n", "2022-03-01T00:00:00Z")  # takes nook-2
    content = tmp_path / "content"

    code, lines = run(versions.root, content, site_config)

    assert code == 0
    assert "nook-3: 'nook' has the slug of 'Nook' but a history of its own; imported as nook-3" in (
        lines
    )
    names = {p.parent.name: yaml.safe_load(p.read_text())["name"] for p in content.glob("*/*.yml")}
    assert names == {"nook": "Nook", "nook-2": "Nook 2", "nook-3": "nook"}

    # The same input always gives the same slugs.
    code, lines = run(versions.root, content, site_config)
    assert lines[-1].startswith("total: 0 written, 4 already present, ")


# --- versions with no text -----------------------------------------------------------------------


def empty_history(versions: Versions) -> None:
    path = "Nook/Privacy Policy.md"
    versions.record(path, b"", "2022-01-01T00:00:00Z", "First record")  # failed from the start
    versions.record(path, long_text(), "2022-02-01T00:00:00Z")
    versions.record(path, b"\n  \n", "2022-03-01T00:00:00Z")
    versions.record(path, long_text(), "2022-04-01T00:00:00Z")
    versions.record(path, "------\n\n* * *\n", "2022-05-01T00:00:00Z")
    versions.record(path, long_text("privacy", 5), "2022-06-01T00:00:00Z")
    versions.record("Nook/Terms of Service.md", b"", "2022-01-01T00:00:00Z")  # never any text


def test_versions_with_no_text_are_kept_as_withdrawn_and_the_site_builds(
    tmp_path: Path, versions: Versions
):
    empty_history(versions)
    content = write_site(tmp_path / "site")
    config = tmp_path / "site" / "site_config"

    code, lines = run(versions.root, content, config)

    assert code == 0
    assert "nook/privacy-policy: 6 written, 0 already present, 0 unchanged skipped, " in lines[1]
    assert lines[1].endswith(", 3 empty kept as withdrawn")
    assert "4 empty texts kept as withdrawn, 0 skipped" in lines[-1]
    written = snapshots(content)
    withdrawn = {k for k, text in written.items() if "withdrawn" in front(text)}
    assert withdrawn == {
        "nook/privacy-policy/2022-01-01T00-00-00Z.md",
        "nook/privacy-policy/2022-03-01T00-00-00Z.md",
        "nook/privacy-policy/2022-05-01T00-00-00Z.md",
        "nook/terms-of-service/2022-01-01T00-00-00Z.md",
    }
    assert front(written["nook/privacy-policy/2022-03-01T00-00-00Z.md"])["withdrawn"] == (
        "empty capture: Open Terms Archive recorded no text for this version"
    )

    assert check_errors(content, config) == []
    result = mkdocs(tmp_path / "site")
    assert result.returncode == 0, result.stderr
    changes = yaml.safe_load((tmp_path / "site/site/api/changes.json").read_text())["changes"]
    kinds = [(c["document"], c["to"][:10], c["kind"]) for c in changes]
    assert kinds == [  # the withdrawn captures are out of the analysis: no change to or from ""
        ("privacy-policy", "2022-02-01", "first"),
        ("privacy-policy", "2022-04-01", "formatting"),  # the same text again
        ("privacy-policy", "2022-06-01", "editorial"),
    ]
    history = (tmp_path / "site/site/platforms/nook/privacy-policy/index.html").read_text()
    assert history.count("empty capture: Open Terms Archive recorded no text") == 3


def test_texts_that_are_not_utf8_are_skipped_and_counted(
    tmp_path: Path, versions: Versions, site_config: Path
):
    versions.record("Nook/Privacy Policy.md", "A\n", "2022-01-01T00:00:00Z")
    versions.record("Nook/Privacy Policy.md", "Caf\xe9\n".encode("cp1252"), "2022-02-01T00:00:00Z")
    versions.record("Nook/Privacy Policy.md", b"A\x00B\n", "2022-03-01T00:00:00Z")
    versions.record("Nook/Privacy Policy.md", "C\n", "2022-04-01T00:00:00Z")
    content = tmp_path / "content"

    code, lines = run(versions.root, content, site_config)

    assert code == 1  # something was not imported: said, and the exit status says so
    assert "2 skipped (1 binary file (contains NUL bytes), 1 not UTF-8)" in lines[-1]
    assert any("Nook/Privacy Policy.md at commit " in x and "not UTF-8" in x for x in lines)
    assert len(snapshots(content)) == 2
    assert check_errors(content, site_config) == []


def test_a_service_name_without_ascii_letters_gets_a_stable_slug(
    tmp_path: Path, versions: Versions, site_config: Path
):
    versions.record("微博/Privacy Policy.md", long_text(), "2022-01-01T00:00:00Z")
    content = tmp_path / "content"

    code, _ = run(versions.root, content, site_config)

    assert code == 0
    (platform,) = content.iterdir()
    assert platform.name.startswith("platform-") and len(platform.name) == len("platform-") + 8
    assert yaml.safe_load((platform / "platform.yml").read_text(encoding="utf-8"))["name"] == "微博"
    assert check_errors(content, site_config) == []
