from __future__ import annotations

import errno
import importlib.util
import io
import os
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import corpus_document

from generator.content.doctypes import DocumentTypes, load_document_types
from generator.contrib.ota.importer import import_dataset, platform_slug, run_import
from generator.contrib.ota.plan import Filters

REPO = Path(__file__).resolve().parents[2]
CONFIG_DIR = REPO / "site_config"
FIXTURE = Path(__file__).parent / "fixtures" / "ota_dataset"

PRIVACY = ("2022-01-05T10-00-00Z", "2022-02-01T08-30-00Z", "2022-03-10T12-00-00Z")
EXPECTED = {
    *(f"chatter-box/privacy-policy/{s}.md" for s in (*PRIVACY, "2022-04-02T09-15-00Z")),
    "chatter-box/terms-of-service/2022-04-26T06-33-18Z.md",
    "chatter-box/terms-of-service/2022-04-26T06-33-19Z.md",  # was ..._2.md: one second later
    "chatter-box/terms-of-service/2022-05-01T00-00-00Z.md",
    "pixel-pond/trackers-policy/2023-01-01T00-00-00Z.md",
    "pixel-pond/trackers-policy/2023-07-14T16-45-09Z.md",
}


@pytest.fixture(scope="module")
def types() -> DocumentTypes:
    document_types, problems = load_document_types(CONFIG_DIR / "document_types.yml")
    assert problems == []
    return document_types


@pytest.fixture
def site_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the site's configuration: an import may add terms types to it."""
    return Path(shutil.copytree(CONFIG_DIR, tmp_path_factory.mktemp("config") / "site_config"))


def _split(path: Path) -> tuple[dict[str, object], str]:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    meta = yaml.safe_load(front)
    assert isinstance(meta, dict)
    return meta, body


def _snapshots(content: Path) -> set[str]:
    return {p.relative_to(content).as_posix() for p in content.rglob("*.md")}


def _tree(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_imports_every_version_of_every_known_document(tmp_path: Path, types: DocumentTypes):
    content = tmp_path / "content"

    report = import_dataset(FIXTURE, content, types)

    assert _snapshots(content) == EXPECTED
    assert {p.relative_to(content).as_posix() for p in report.written} == EXPECTED
    assert [d.target for d in report.documents] == [
        "chatter-box/privacy-policy",
        "chatter-box/terms-of-service",
        "pixel-pond/trackers-policy",
    ]
    assert report.unknown_types == (str(FIXTURE / "Chatter.Box" / "Wiki Editing Rules"),)
    assert report.platforms_created == ("chatter-box", "pixel-pond")
    assert report.problems == ()
    assert report.renamed == (("2022-04-26T06-33-18Z_2.md", "2022-04-26T06-33-19Z"),)


def test_snapshot_is_the_recorded_text_with_attribution(tmp_path: Path, types: DocumentTypes):
    import_dataset(FIXTURE, tmp_path, types)
    recorded = FIXTURE / "Chatter.Box/Terms of Use/2022-04-26T06-33-18Z_2.md"

    meta, body = _split(tmp_path / "chatter-box/terms-of-service/2022-04-26T06-33-19Z.md")

    assert body == recorded.read_text(encoding="utf-8")
    assert meta["source"] == "unknown"
    origin = str(meta["origin"])
    assert "Open Terms Archive contributors" in origin
    assert "Chatter.Box/Terms of Use/2022-04-26T06-33-18Z_2.md" in origin
    assert "technical" not in meta


def test_technical_upgrades_come_from_versions_json(tmp_path: Path, types: DocumentTypes):
    import_dataset(FIXTURE, tmp_path, types)
    folder = tmp_path / "chatter-box/privacy-policy"

    technical = {p.stem for p in folder.glob("*.md") if _split(p)[0].get("technical") is True}

    assert technical == {"2022-03-10T12-00-00Z"}


def test_platform_yml_names_the_service_and_the_source(tmp_path: Path, types: DocumentTypes):
    import_dataset(FIXTURE, tmp_path, types)

    platform = yaml.safe_load((tmp_path / "chatter-box/platform.yml").read_text(encoding="utf-8"))

    assert platform["name"] == "Chatter.Box"
    assert "Open Terms Archive" in platform["description"]


def test_a_second_run_writes_nothing(tmp_path: Path, types: DocumentTypes):
    import_dataset(FIXTURE, tmp_path, types)
    before = _tree(tmp_path)

    again = import_dataset(FIXTURE, tmp_path, types)

    assert again.written == ()
    assert again.platforms_created == ()
    assert len(again.skipped_existing) == len(EXPECTED)
    assert _tree(tmp_path) == before


def test_existing_files_are_never_overwritten(tmp_path: Path, types: DocumentTypes):
    hand_added = tmp_path / "chatter-box/privacy-policy/2022-04-02T09-15-00Z.md"
    hand_added.parent.mkdir(parents=True)
    hand_added.write_text("---\nsource: https://chatter.example/privacy\n---\nMine\n")
    (tmp_path / "chatter-box/platform.yml").write_text("name: Chatter Box\n")

    report = import_dataset(FIXTURE, tmp_path, types)

    assert hand_added.read_text() == "---\nsource: https://chatter.example/privacy\n---\nMine\n"
    assert (tmp_path / "chatter-box/platform.yml").read_text() == "name: Chatter Box\n"
    assert report.skipped_existing == (hand_added,)
    assert report.platforms_created == ("pixel-pond",)
    assert len(report.written) == len(EXPECTED) - 1


def test_skip_unchanged_drops_only_repeats_of_the_previous_text(
    tmp_path: Path, types: DocumentTypes
):
    report = import_dataset(FIXTURE, tmp_path, types, skip_unchanged=True)

    duplicate = FIXTURE / "Chatter.Box/Privacy Policy/2022-02-01T08-30-00Z.md"
    assert report.skipped_unchanged == (str(duplicate),)
    assert _snapshots(tmp_path) == EXPECTED - {"chatter-box/privacy-policy/2022-02-01T08-30-00Z.md"}


def _dataset(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def test_bom_and_crlf_are_normalised(tmp_path: Path, types: DocumentTypes):
    dataset = _dataset(
        tmp_path / "ds", {"Nook/Privacy Policy/2024-01-01T00-00-00Z.md": b"\xef\xbb\xbfA\r\nB\rC\n"}
    )

    import_dataset(dataset, tmp_path / "content", types)

    snapshot = tmp_path / "content/nook/privacy-policy/2024-01-01T00-00-00Z.md"
    assert _split(snapshot)[1] == "A\nB\nC\n"


def test_same_second_versions_take_the_next_free_second(tmp_path: Path, types: DocumentTypes):
    folder = "Nook/Privacy Policy/2024-01-01T00-00-0"
    dataset = _dataset(
        tmp_path / "ds",
        {f"{folder}{name}.md": name.encode() for name in ("0Z", "0Z_2", "0Z_3", "1Z")},
    )

    report = import_dataset(dataset, tmp_path / "content", types)

    stamps = {p.name: _split(p)[1] for p in (tmp_path / "content/nook/privacy-policy").iterdir()}
    assert stamps == {
        "2024-01-01T00-00-00Z.md": "0Z",
        "2024-01-01T00-00-01Z.md": "1Z",
        "2024-01-01T00-00-02Z.md": "0Z_2",
        "2024-01-01T00-00-03Z.md": "0Z_3",
    }
    renamed = [stamp for _, stamp in report.renamed]
    assert renamed == ["2024-01-01T00-00-02Z", "2024-01-01T00-00-03Z"]


def test_hostile_names_stay_inside_their_yaml_strings(tmp_path: Path, types: DocumentTypes):
    service = 'Evil: "co"\n---\nsource: http:\\evil.example'
    dataset = _dataset(tmp_path / "ds", {f"{service}/Terms/2024-01-01.md": b"---\nText\n"})

    report = import_dataset(dataset, tmp_path / "content", types)

    assert report.problems == ()
    (snapshot,) = report.written
    meta, body = _split(snapshot)
    assert snapshot.relative_to(tmp_path).as_posix() == (
        "content/evil-co-source-http-evil-example/terms-of-service/2024-01-01.md"
    )
    assert meta["source"] == "unknown"
    assert set(meta) == {"source", "origin"}
    assert 'Evil: "co" --- source: http:\\evil.example/Terms/2024-01-01.md' in str(meta["origin"])
    assert body == "---\nText\n"


@pytest.mark.parametrize(
    ("service", "slug"),
    [
        ("Amazon.com", "amazon-com"),
        ("YouTube", "youtube"),
        ("Société Générale", "societe-generale"),
        ("  Dropbox, Inc. ", "dropbox-inc"),
        ("1Password", "1password"),
    ],
)
def test_platform_slug(service: str, slug: str):
    assert platform_slug(service) == slug


def test_platform_slug_refuses_names_without_ascii_letters():
    with pytest.raises(ValueError, match="no platform slug"):
        platform_slug("微博")


def _run(dataset: Path, into: Path, **options: bool) -> tuple[int, str]:
    """run_import with a copy of the site's configuration (an import may add terms types)."""
    config = into.parent / "site_config"
    if not config.exists():
        shutil.copytree(CONFIG_DIR, config)
    out = io.StringIO()
    code = run_import(dataset, into, config, out=out, **options)
    return code, out.getvalue()


def test_run_import_prints_a_line_per_document_and_a_total(tmp_path: Path):
    content = tmp_path / "content"
    code, printed = _run(FIXTURE, content, add_types=False)

    assert code == 0
    lines = printed.splitlines()
    assert lines[0] == f"{FIXTURE}: dataset folder"
    assert "chatter-box/privacy-policy: 4 written, 0 already present, " in printed
    assert "  2022-04-26T06-33-18Z_2.md: same second as another version; " in printed
    assert any(line.startswith(f"{FIXTURE / 'Chatter.Box/Wiki Editing Rules'}: ") for line in lines)
    assert lines[-1].startswith("total: 9 written, 0 already present, 0 unchanged skipped, ")
    assert (
        "1 of an unknown type; 3 documents, 2 platforms created, 0 terms types added" in lines[-1]
    )

    code, printed = _run(FIXTURE, content, skip_unchanged=True, add_types=False)

    assert code == 0
    assert printed.splitlines()[-1].startswith("total: 0 written, 8 already present, 1 unchanged")


@pytest.mark.parametrize("layout", ["empty", "file", "unknown-only", "one-document"])
def test_run_import_fails_cleanly_without_documents(tmp_path: Path, layout: str):
    dataset = tmp_path / "ds"
    if layout == "file":
        dataset.write_text("not a folder")
    elif layout == "unknown-only":
        _dataset(dataset, {"Nook/Wiki Editing Rules/2024-01-01.md": b"x"})
    elif layout == "one-document":  # a document folder passed instead of the dataset
        _dataset(dataset, {"2024-01-01T00-00-00Z.md": b"x"})
    else:
        dataset.mkdir()

    code, printed = _run(dataset, tmp_path / "content", add_types=layout != "unknown-only")

    assert code == 1
    assert f"{dataset}: " in printed
    assert "Traceback" not in printed
    assert not (tmp_path / "content").exists() or not any((tmp_path / "content").rglob("*.md"))


def test_run_import_refuses_a_file_as_content_folder(tmp_path: Path):
    (tmp_path / "content").write_text("oops")

    code, printed = _run(FIXTURE, tmp_path / "content")

    assert code == 1
    assert printed.startswith(f"{tmp_path / 'content'}: not a folder")


def test_a_failed_write_is_reported_and_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    def disk_failure(*args: object) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "link", disk_failure)

    code, printed = _run(FIXTURE, tmp_path)

    monkeypatch.undo()
    assert code == 1
    snapshot = tmp_path / "chatter-box/privacy-policy/2022-01-05T10-00-00Z.md"
    assert f"{snapshot}: cannot write: Input/output error" in printed
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []  # no partial, no temp file


@pytest.mark.corpus
def test_a_real_document_imports_and_loads(tmp_path: Path, types: DocumentTypes):
    source = corpus_document("Reddit", "Privacy Policy")
    dataset = tmp_path / "ds"
    (dataset / "Reddit").mkdir(parents=True)
    (dataset / "Reddit" / "Privacy Policy").symlink_to(source)
    content = tmp_path / "content"

    report = import_dataset(dataset, content, types)

    recorded = sorted(source.glob("*.md"))
    assert len(report.written) == len(recorded) == 33
    assert report.problems == ()
    technical = [p for p in report.written if _split(p)[0].get("technical") is True]
    assert len(technical) == 6
    for original in recorded:
        assert _split(content / "reddit/privacy-policy" / original.name)[1] == (
            original.read_text(encoding="utf-8")
        )
    if importlib.util.find_spec("generator.content.load") is not None:
        from generator.content.load import LoadOptions, load_archive

        archive = load_archive(content, types, LoadOptions(provenance=False))
        assert archive.errors == ()
        (document,) = archive.documents()
        assert len(document.versions) == 33
        assert sum(v.technical for v in document.versions) == 6
        assert all("Open Terms Archive contributors" in (v.origin or "") for v in document.versions)
    shutil.rmtree(content)


def test_filters_pick_services_and_types(tmp_path: Path, types: DocumentTypes):
    filters = Filters(services=("Chatter.Box",), types=("terms-of-service",))

    report = import_dataset(FIXTURE, tmp_path, types, filters=filters)

    assert [d.target for d in report.documents] == ["chatter-box/terms-of-service"]
    assert report.platforms_created == ("chatter-box",)


def test_run_import_filters_by_slug_and_type_alias(site_config: Path, tmp_path: Path):
    out = io.StringIO()

    code = run_import(FIXTURE, tmp_path, site_config, services=["pixel-pond"], out=out)
    assert code == 0
    assert _snapshots(tmp_path) == {e for e in EXPECTED if e.startswith("pixel-pond/")}

    code = run_import(FIXTURE, tmp_path, site_config, types=["Terms of Use"], out=out)
    assert code == 0
    assert "chatter-box/terms-of-service/2022-05-01T00-00-00Z.md" in _snapshots(tmp_path)
    assert "chatter-box/privacy-policy/2022-01-05T10-00-00Z.md" not in _snapshots(tmp_path)


def test_a_filter_that_matches_nothing_fails(site_config: Path, tmp_path: Path):
    out = io.StringIO()

    code = run_import(FIXTURE, tmp_path, site_config, services=["Nobody"], out=out)

    assert code == 1
    assert "no documents matching --service/--type found" in out.getvalue()
