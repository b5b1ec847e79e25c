"""Versions read their text from disk when asked: memory stays flat, changes are caught."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from conftest import CONFIG_DIR, long_text, write_site, write_snapshot
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

import generator.build
from generator.content.doctypes import load_document_types
from generator.content.frontmatter import ContentChanged
from generator.content.load import LoadOptions, load_archive

if TYPE_CHECKING:
    from pathlib import Path

TEXT = long_text("account")


def only_version(content: Path, **options: bool):  # type: ignore[no-untyped-def]
    types, _ = load_document_types(CONFIG_DIR / "document_types.yml")
    archive = load_archive(content, types, LoadOptions(provenance=False, **options))
    (version,) = archive.versions()
    return version


def test_text_is_read_again_and_must_be_the_text_loaded(tmp_path: Path) -> None:
    path = write_snapshot(tmp_path, "acme", "privacy-policy", "2023-01-01", "\n\n" + TEXT)
    version = only_version(tmp_path)
    assert version.body is None
    assert version.text == TEXT  # normalised exactly as when it was loaded
    assert version.size == len(TEXT.encode())
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    with pytest.raises(ContentChanged, match="changed while the site was being built"):
        _ = version.text
    path.unlink()
    with pytest.raises(ContentChanged, match="cannot be read any more"):
        _ = version.text


def test_held_texts_survive_their_files(tmp_path: Path) -> None:
    path = write_snapshot(tmp_path, "acme", "privacy-policy", "2023-01-01", TEXT)
    version = only_version(tmp_path, hold_texts=True)
    path.unlink()
    assert version.text == TEXT


def test_a_snapshot_edited_during_the_build_stops_it_with_one_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    content = write_site(tmp_path)
    path = write_snapshot(content, "acme", "privacy-policy", "2023-01-01", TEXT)
    render_site = generator.build.render_site

    def edit_then_render(site):  # type: ignore[no-untyped-def]
        path.write_text(path.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
        yield from render_site(site)

    monkeypatch.setattr(generator.build, "render_site", edit_then_render)
    with pytest.raises(Abort, match="BuildError"):  # MkDocs' one-line abort, no traceback
        build(load_config(str(tmp_path / "mkdocs.yml")))
    assert re.search(r"2023-01-01\.md: changed while .* build again", caplog.text)
