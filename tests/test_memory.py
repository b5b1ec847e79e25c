"""A build's long-lived objects are kept out of the collector's way while it runs, and given
back when it ends, built or failed (generator.engine.memory)."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

import pytest
from conftest import long_text, write_site, write_snapshot
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, BuildError, PluginError

import generator.engine.writer
from generator.engine.memory import long_lived, release

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture(autouse=True)
def nothing_frozen() -> None:
    release()


def test_what_is_made_inside_is_frozen_until_released() -> None:
    before = gc.get_freeze_count()
    with long_lived():
        assert not gc.isenabled()
        made = [[n] for n in range(1000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= before + len(made)
    release()
    assert gc.get_freeze_count() == 0


def test_the_collector_stays_off_if_it_was_off() -> None:
    gc.disable()
    try:
        with long_lived():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def site(tmp_path: Path) -> Path:
    content = write_site(tmp_path)
    write_snapshot(content, "acme", "privacy-policy", "2023-01-01", long_text("account"))
    write_snapshot(content, "acme", "privacy-policy", "2023-02-01", long_text("profile"))
    return tmp_path / "mkdocs.yml"


def test_pages_are_written_with_the_build_frozen_and_nothing_is_left_frozen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frozen: list[int] = []
    write = generator.engine.writer.PageWriter._make

    def watched(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        frozen.append(gc.get_freeze_count())
        assert gc.isenabled()  # pages make garbage with cycles: collected as they go
        return write(self, *args, **kwargs)

    monkeypatch.setattr(generator.engine.writer.PageWriter, "_make", watched)
    build(load_config(str(site(tmp_path))))
    assert frozen and min(frozen) > 10_000  # the archive, its analysis, pages and files
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_a_failed_build_leaves_nothing_frozen(tmp_path: Path) -> None:
    config = site(tmp_path)
    bad = tmp_path / "content" / "acme" / "privacy-policy" / "2023-03-01.md"
    bad.write_text("---\nstamp: [not a date\n---\nText.\n", encoding="utf-8")
    with pytest.raises((Abort, BuildError, PluginError)):
        build(load_config(str(config)))
    assert gc.get_freeze_count() == 0 and gc.isenabled()
