"""The package's layout: stages with a stated purpose, and modules a reader can hold in mind.

Import directions and cycles are checked by import-linter (`make lint`, contracts in
pyproject.toml); this checks what it cannot.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "generator"
STAGES = ("content", "analysis", "site", "contrib", "engine")
MAX_LINES = 400


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_says_what_it_does_and_what_it_may_import(stage: str) -> None:
    docstring = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text()))
    assert docstring and "import" in docstring.lower()


def test_modules_stay_short_or_say_why() -> None:
    long = []
    for module in sorted(PACKAGE.rglob("*.py")):
        source = module.read_text(encoding="utf-8")
        docstring = ast.get_docstring(ast.parse(source)) or ""
        if source.count("\n") > MAX_LINES and "Longer than" not in docstring:
            long.append(str(module.relative_to(PACKAGE)))
    assert long == []


def test_top_level_holds_only_the_entry_points_and_the_pipeline() -> None:
    top = {p.name for p in PACKAGE.glob("*.py")}
    assert top == {"__init__.py", "build.py", "cli.py", "plugin.py"}
