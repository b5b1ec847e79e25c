"""`mkdocs serve` speed-ups: faster polling and templates compiled once per process."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from jinja2 import DictLoader, Environment
from mkdocs.livereload import LiveReloadServer

from generator.serve import MemoryBytecodeCache, poll_faster

if TYPE_CHECKING:
    from pathlib import Path


def test_watched_folders_are_polled_faster(tmp_path: Path) -> None:
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    server.watch(str(tmp_path))
    emitters = list(server.observer.emitters)
    assert emitters and all(e.timeout == 0.5 for e in emitters)
    poll_faster(server, 0.1)
    assert all(e.timeout == 0.1 for e in server.observer.emitters)
    assert server.build_delay == 0.05


def test_templates_compile_once_and_edits_still_show() -> None:
    unique = uuid.uuid4().hex  # the cache lives as long as the process: start from nothing
    templates = {"page.html": "Hello {{ name }}" + f"{{# {unique} #}}"}
    compiled: list[str] = []

    class Counting(MemoryBytecodeCache):
        def dump_bytecode(self, bucket) -> None:  # type: ignore[no-untyped-def]
            compiled.append(bucket.key)
            super().dump_bytecode(bucket)

    for _ in range(3):  # three rebuilds: a new environment each time, as MkDocs does
        env = Environment(loader=DictLoader(templates), bytecode_cache=Counting())
        assert env.get_template("page.html").render(name="x") == "Hello x"
    assert len(compiled) == 1
    templates["page.html"] = "Bye {{ name }}" + f"{{# {unique} #}}"
    env = Environment(loader=DictLoader(templates), bytecode_cache=Counting())
    assert env.get_template("page.html").render(name="x") == "Bye x"
    assert len(compiled) == 2
