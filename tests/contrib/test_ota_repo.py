from __future__ import annotations

import io
import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import git
import pytest
import yaml
from conftest import CONFIG_DIR, corpus_document

from generator.analysis.analyse import analyse_document
from generator.analysis.changes import Kind
from generator.content.doctypes import DocumentTypes, load_document_types
from generator.content.load import LoadOptions, load_archive
from generator.contrib.ota.dataset import import_dataset
from generator.contrib.ota.importer import run_import
from generator.contrib.ota.plan import Filters
from generator.contrib.ota.repository import import_repo, is_repository

PRIVACY = "Nook/Privacy Policy.md"


@pytest.fixture(scope="module")
def types() -> DocumentTypes:
    document_types, problems = load_document_types(CONFIG_DIR / "document_types.yml")
    assert problems == []
    return document_types


@pytest.fixture
def site_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the site's configuration: an import may add terms types to it."""
    return Path(shutil.copytree(CONFIG_DIR, tmp_path_factory.mktemp("config") / "site_config"))


class Versions:
    """A versions repository built commit by commit, as Open Terms Archive records them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.repo = git.Repo.init(root)
        with self.repo.config_writer() as config:
            config.set_value("user", "name", "Recorder")
            config.set_value("user", "email", "recorder@example.invalid")

    def record(self, path: str, text: str | bytes | None, message: str, date: str) -> str:
        """Write (or, for None, delete) `path` and commit it with `date` as both dates."""
        file = self.root / path
        if text is None:
            self.repo.index.remove([path], working_tree=True)
        else:
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_bytes(text.encode() if isinstance(text, str) else text)
            self.repo.index.add([path])
        moment = datetime.fromisoformat(date.replace("Z", "+00:00"))
        commit = self.repo.index.commit(message, author_date=moment, commit_date=moment)
        return commit.hexsha


def split(path: Path) -> tuple[dict[str, object], str]:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    meta = yaml.safe_load(front)
    assert isinstance(meta, dict)
    return meta, body


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture
def versions(tmp_path: Path) -> Versions:
    return Versions(tmp_path / "versions")


def test_every_commit_becomes_a_version_stamped_with_its_date(
    tmp_path: Path, versions: Versions, types: DocumentTypes
):
    versions.record("README.md", "About this repository\n", "Add readme", "2020-01-01T00:00:00Z")
    first = versions.record(
        PRIVACY, "A\n", "Start tracking Nook Privacy Policy", "2021-05-01T10:00:00Z"
    )
    versions.record(PRIVACY, "B\n", "Update Nook Privacy Policy", "2021-06-01T10:00:00Z")
    versions.record(
        PRIVACY, "C\n", "Record new changes of Nook Privacy Policy", "2021-07-01T10:00:00Z"
    )

    report = import_repo(versions.root, tmp_path / "content", types)

    folder = tmp_path / "content/nook/privacy-policy"
    assert sorted(p.name for p in folder.iterdir()) == [
        "2021-05-01T10-00-00Z.md",
        "2021-06-01T10-00-00Z.md",
        "2021-07-01T10-00-00Z.md",
    ]
    meta, body = split(folder / "2021-05-01T10-00-00Z.md")
    assert body == "A\n"
    assert meta["source"] == "unknown"
    assert f"Nook/Privacy Policy.md at commit {first}" in str(meta["origin"])
    assert "Open Terms Archive contributors" in str(meta["origin"])
    assert report.platforms_created == ("nook",)
    assert report.problems == ()


@pytest.mark.parametrize(
    "message",
    [
        "Apply technical or declaration upgrade on Nook Privacy Policy",
        "Refilter Nook Privacy Policy",
    ],
)
def test_technical_upgrades_are_marked(
    tmp_path: Path, versions: Versions, types: DocumentTypes, message: str
):
    versions.record(PRIVACY, "A\n", "First record of Nook Privacy Policy", "2022-01-01T00:00:00Z")
    versions.record(PRIVACY, "A.\n", message, "2022-02-01T00:00:00Z")

    import_repo(versions.root, tmp_path, types)

    technical = {
        p.stem: split(p)[0].get("technical") for p in (tmp_path / "nook/privacy-policy").iterdir()
    }
    assert technical == {"2022-01-01T00-00-00Z": None, "2022-02-01T00-00-00Z": True}


def test_an_out_of_order_reextraction_is_placed_by_its_date(
    tmp_path: Path, versions: Versions, types: DocumentTypes
):
    # The platform's text went X -> Y; a later re-extraction of the X-era snapshot is dated then.
    versions.record(PRIVACY, "X\n", "Start tracking Nook Privacy Policy", "2022-11-03T00:00:00Z")
    versions.record(PRIVACY, "Y\n", "Update Nook Privacy Policy", "2022-12-15T18:00:00Z")
    versions.record(PRIVACY, "X\n", "Refilter Nook Privacy Policy", "2022-12-15T06:00:00Z")
    versions.record(PRIVACY, "Z\n", "Update Nook Privacy Policy", "2023-01-19T00:00:00Z")

    import_repo(versions.root, tmp_path, types)

    archive = load_archive(tmp_path, types, LoadOptions(provenance=False))
    (document,) = archive.documents()
    history = [(v.stamp, v.text, v.technical) for v in document.versions]
    assert history == [
        ("2022-11-03T00-00-00Z", "X\n", False),
        ("2022-12-15T06-00-00Z", "X\n", True),
        ("2022-12-15T18-00-00Z", "Y\n", False),
        ("2023-01-19T00-00-00Z", "Z\n", False),
    ]
    kinds = [c.kind for c in analyse_document(document)]
    assert Kind.REVERTED not in kinds  # in commit order X -> Y -> X would read as a blink


def test_skip_unchanged_compares_in_date_order(
    tmp_path: Path, versions: Versions, types: DocumentTypes
):
    versions.record(PRIVACY, "A\n", "Start tracking", "2022-01-01T00:00:00Z")
    versions.record(PRIVACY, "B\n", "Update", "2022-03-01T00:00:00Z")
    versions.record(PRIVACY, "A\n", "Refilter", "2022-02-01T00:00:00Z")  # re-extracts January's

    report = import_repo(versions.root, tmp_path, types, skip_unchanged=True)

    assert len(report.skipped_unchanged) == 1
    assert report.skipped_unchanged[0].startswith("Nook/Privacy Policy.md at commit ")
    names = sorted(p.name for p in (tmp_path / "nook/privacy-policy").iterdir())
    assert names == ["2022-01-01T00-00-00Z.md", "2022-03-01T00-00-00Z.md"]


def test_same_second_versions_keep_commit_order(
    tmp_path: Path, versions: Versions, types: DocumentTypes
):
    versions.record(PRIVACY, "A\n", "Update Nook Privacy Policy", "2022-04-26T06:33:18Z")
    b = versions.record(PRIVACY, "B\n", "Refilter Nook Privacy Policy", "2022-04-26T06:33:18Z")
    versions.record(PRIVACY, "C\n", "Update Nook Privacy Policy", "2022-04-26T06:33:19Z")

    report = import_repo(versions.root, tmp_path, types)

    folder = tmp_path / "nook/privacy-policy"
    assert {p.name: split(p)[1] for p in folder.iterdir()} == {
        "2022-04-26T06-33-18Z.md": "A\n",
        "2022-04-26T06-33-19Z.md": "C\n",  # its own second, claimed first
        "2022-04-26T06-33-20Z.md": "B\n",  # the second of the pair moves to the next free one
    }
    assert report.renamed == ((f"commit {b[:12]}", "2022-04-26T06-33-20Z"),)


def test_deletions_other_files_and_unknown_types_are_not_versions(
    tmp_path: Path, versions: Versions, types: DocumentTypes
):
    versions.record(PRIVACY, "A\n", "Start tracking", "2022-01-01T00:00:00Z")
    versions.record("Nook/Wiki Rules.md", "W\n", "Start tracking", "2022-01-02T00:00:00Z")
    versions.record("Nook/notes.txt", "N\n", "Notes", "2022-01-03T00:00:00Z")
    versions.record("Nook/Deep/Terms of Service.md", "T\n", "Nested", "2022-01-04T00:00:00Z")
    versions.record(PRIVACY, None, "Stop tracking", "2022-02-01T00:00:00Z")

    report = import_repo(versions.root, tmp_path / "content", types)

    assert sorted(tree(tmp_path / "content")) == [
        "nook/platform.yml",
        "nook/privacy-policy/2022-01-01T00-00-00Z.md",
    ]
    assert report.unknown_types == ("Nook/Wiki Rules.md",)


def test_filters_pick_services_and_types(tmp_path: Path, versions: Versions, types: DocumentTypes):
    versions.record(PRIVACY, "A\n", "Start", "2022-01-01T00:00:00Z")
    versions.record("Nook/Terms of Service.md", "T\n", "Start", "2022-01-01T00:00:00Z")
    versions.record("Amazon.com/Privacy Policy.md", "P\n", "Start", "2022-01-01T00:00:00Z")

    report = import_repo(
        versions.root,
        tmp_path,
        types,
        filters=Filters(("amazon-com", "NOOK"), ("terms-of-service",)),
    )

    assert [d.target for d in report.documents] == ["nook/terms-of-service"]


def test_importing_twice_adds_nothing_and_a_longer_history_adds_only_the_new(
    tmp_path: Path, versions: Versions, types: DocumentTypes
):
    versions.record(PRIVACY, "A\n", "Start", "2022-01-01T00:00:00Z")
    versions.record(PRIVACY, "B\n", "Update", "2022-01-01T00:00:00Z")  # same second: moved
    content = tmp_path / "content"
    import_repo(versions.root, content, types)
    before = {
        name: (data, (content / name).stat().st_mtime_ns) for name, data in tree(content).items()
    }

    again = import_repo(versions.root, content, types)

    assert again.written == () and again.platforms_created == ()
    assert len(again.skipped_existing) == 2
    assert {n: (d, (content / n).stat().st_mtime_ns) for n, d in tree(content).items()} == before

    versions.record(PRIVACY, "C\n", "Update", "2022-03-01T00:00:00Z")
    later = import_repo(versions.root, content, types)

    assert [p.name for p in later.written] == ["2022-03-01T00-00-00Z.md"]


def test_a_hand_added_snapshot_at_the_same_stamp_is_kept(
    tmp_path: Path, versions: Versions, types: DocumentTypes
):
    versions.record(PRIVACY, "A\n", "Start", "2022-01-01T00:00:00Z")
    mine = tmp_path / "nook/privacy-policy/2022-01-01T00-00-00Z.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("---\nsource: https://nook.example/privacy\n---\nMine\n")

    report = import_repo(versions.root, tmp_path, types)

    assert report.skipped_existing == (mine,)
    assert mine.read_text() == "---\nsource: https://nook.example/privacy\n---\nMine\n"


def test_an_empty_repository_reports_no_documents(tmp_path: Path, types: DocumentTypes):
    git.Repo.init(tmp_path / "empty")

    report = import_repo(tmp_path / "empty", tmp_path / "content", types)

    assert report.documents == ()
    assert report.problems[0].message == "the repository has no commit yet"


def test_is_repository(tmp_path: Path, versions: Versions):
    versions.record(PRIVACY, "A\n", "Start", "2022-01-01T00:00:00Z")

    assert is_repository(versions.root)
    assert not is_repository(versions.root / "Nook")  # a folder inside a repository is not one
    assert not is_repository(tmp_path / "missing")


def test_run_import_detects_a_repository(site_config: Path, tmp_path: Path, versions: Versions):
    versions.record(PRIVACY, "A\n", "Start", "2022-01-01T00:00:00Z")
    out = io.StringIO()

    code = run_import(versions.root, tmp_path / "content", site_config, out=out)

    lines = out.getvalue().splitlines()
    assert code == 0
    assert lines[0].startswith(f"{versions.root}: versions repository, HEAD at ")
    assert lines[0].endswith(" (1 commit)")
    assert lines[1] == (
        "nook/privacy-policy: 1 written, 0 already present, 0 unchanged skipped, "
        "0 same-second restamped"
    )


def test_run_import_refuses_an_unknown_type_filter(
    site_config: Path, tmp_path: Path, versions: Versions
):
    out = io.StringIO()

    versions.record(PRIVACY, "A\n", "Start", "2022-01-01T00:00:00Z")

    code = run_import(versions.root, tmp_path, site_config, types=["Privacy"], out=out)

    assert code == 1
    assert (
        "--type: 'Privacy' is not a known document type (did you mean privacy-policy?)\n"
        in out.getvalue()
    )
    assert not (tmp_path / "nook").exists()


# --- a real history, replayed ------------------------------------------------------------------


def replay(target: Versions, folder: Path, window: slice = slice(None)) -> list[dict[str, object]]:
    """Commit a corpus document's versions as its versions.json records them."""
    meta = json.loads((folder / "versions.json").read_text(encoding="utf-8"))
    path = f"{meta['service']}/{meta['terms_type']}.md"
    entries: list[dict[str, object]] = meta["versions"][window]
    for entry in entries:
        text = (folder / str(entry["file"])).read_bytes()
        target.record(path, text, str(entry["message"]), str(entry["date"]))
    return entries


def expected_stamp(file: str) -> str:
    """The stamp the dataset import gives a corpus file: `_2` means one second later."""
    stem, _, rank = file.removesuffix(".md").partition("_")
    if not rank:
        return stem
    moment = datetime.strptime(stem, "%Y-%m-%dT%H-%M-%SZ").replace(tzinfo=UTC)
    return (moment + timedelta(seconds=int(rank) - 1)).strftime("%Y-%m-%dT%H-%M-%SZ")


@pytest.mark.corpus
def test_a_real_history_replayed_into_git(tmp_path: Path, versions: Versions, types: DocumentTypes):
    linkedin = corpus_document("LinkedIn", "Privacy Policy")  # technical upgrades, dates unordered
    facebook = corpus_document("Facebook", "Terms of Service")  # the same-second pair
    recorded = {
        "linkedin/privacy-policy": (linkedin, replay(versions, linkedin)),
        "facebook/terms-of-service": (facebook, replay(versions, facebook, slice(318, 328))),
    }
    content = tmp_path / "content"

    report = import_repo(versions.root, content, types)

    assert report.problems == ()
    for target, (folder, entries) in recorded.items():
        written = {p.name: p for p in (content / target).iterdir()}
        assert sorted(written) == sorted(f"{expected_stamp(str(e['file']))}.md" for e in entries)
        for entry in entries:
            meta, body = split(written[f"{expected_stamp(str(entry['file']))}.md"])
            assert body == (folder / str(entry["file"])).read_text(encoding="utf-8")
            assert meta.get("technical", False) is (entry["kind"] == "technical_upgrade")
    # Facebook's `…T06-33-18Z_2.md`, the one same-second pair
    assert [stamp for _, stamp in report.renamed] == ["2022-04-26T06-33-19Z"]

    archive = load_archive(content, types, LoadOptions(provenance=False))
    assert archive.errors == ()
    linkedin_doc = next(d for d in archive.documents() if d.platform == "linkedin")
    assert len(linkedin_doc.versions) == 28
    assert sum(v.technical for v in linkedin_doc.versions) == 3
    changes = {c.to_stamp: c for c in analyse_document(linkedin_doc)}
    # Committed after 2023-01-04 but dated 2022-12-15: placed by date, next to the text it equals.
    assert changes["2022-12-15T06-37-18Z"].from_stamp == "2022-11-04T06-36-54Z"
    assert changes["2022-12-15T06-37-18Z"].kind is Kind.TECHNICAL
    assert changes["2023-01-04T00-36-51Z"].from_stamp == "2022-12-15T06-37-18Z"

    again = import_repo(versions.root, content, types)
    assert again.written == ()
    assert len(again.skipped_existing) == len(report.written) == 38

    # The same versions as a dataset folder import to the very same stamps, texts and flags.
    dataset = tmp_path / "dataset"
    for folder, entries in recorded.values():
        copy = dataset / folder.parent.name / folder.name
        copy.mkdir(parents=True)
        for name in ["versions.json", *(str(e["file"]) for e in entries)]:
            (copy / name).symlink_to(folder / name)
    from_dataset = tmp_path / "from-dataset"
    import_dataset(dataset, from_dataset, types)
    for target in recorded:
        from_repo = {p.name: split(p)[1] for p in (content / target).iterdir()}
        assert {p.name: split(p)[1] for p in (from_dataset / target).iterdir()} == from_repo
        for name in from_repo:
            assert split(from_dataset / target / name)[0].get("technical") == (
                split(content / target / name)[0].get("technical")
            )
