"""`policywatch check` and the build judge every input by the same rules: what check accepts
builds, and what the build refuses check reports, with the same messages."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import long_text, mkdocs, write_site, write_snapshot

from generator.build import build_site
from generator.contrib.check import run_check

HEAD = "---\nsource: https://nook.example/privacy\n"

BODIES: dict[str, bytes] = {
    "text": long_text().encode(),
    "empty": b"",
    "blank lines": b"\n  \n\t\n",
    "rules and punctuation": b"------\n\n* * *\n\n===\n",
    "a near-empty capture": b"Loading\n",
    "a heading alone": b"Privacy Policy\n==============\n",
    "a digit": b"1\n",
    "another script": "\u9690\u79c1\u653f\u7b56\n".encode(),
    "not UTF-8": "Caf\xe9\n".encode("cp1252"),
    "NUL bytes": b"A\x00B\n",
}
FRONT = {"plain": "", "withdrawn": "withdrawn: failed capture\n", "technical": "technical: true\n"}


def checked(content: Path, config: Path) -> tuple[int, set[str]]:
    out = io.StringIO()
    code = run_check(content, config, out=out)
    lines = out.getvalue().splitlines()[:-1]  # the last is the summary
    return code, {line for line in lines if ": warning: " not in line}


def built(content: Path, config: Path) -> set[str]:
    result = build_site(content, config)
    if result.filler is not None:
        result.filler.close()
    return {str(problem) for problem in result.errors}


@pytest.mark.parametrize("front", sorted(FRONT))
@pytest.mark.parametrize("body", sorted(BODIES))
def test_check_and_the_build_refuse_the_same_snapshots(tmp_path: Path, body: str, front: str):
    content = write_site(tmp_path)
    config = tmp_path / "site_config"
    write_snapshot(content, "nook", "privacy-policy", "2024-01-01", long_text())
    case = content / "nook/privacy-policy/2024-02-01.md"
    case.write_bytes(f"{HEAD}{FRONT[front]}---\n".encode() + BODIES[body])

    code, check_errors = checked(content, config)
    build_errors = built(content, config)

    assert check_errors == build_errors
    assert code == (1 if build_errors else 0)
    textless = body in ("empty", "blank lines", "rules and punctuation")
    unreadable = body in ("not UTF-8", "NUL bytes")
    assert bool(build_errors) == (unreadable or (textless and front != "withdrawn"))


@pytest.mark.parametrize("withdrawn", [False, True], ids=["plain", "withdrawn"])
def test_mkdocs_agrees_with_check_on_a_snapshot_with_no_text(tmp_path: Path, withdrawn: bool):
    content = write_site(tmp_path)
    write_snapshot(content, "nook", "privacy-policy", "2024-01-01", long_text())
    extra = {"withdrawn": "empty capture"} if withdrawn else {}
    write_snapshot(content, "nook", "privacy-policy", "2024-02-01", "\n", **extra)

    code, errors = checked(content, tmp_path / "site_config")
    result = mkdocs(tmp_path)

    assert (code == 0) == (result.returncode == 0) == withdrawn
    for error in errors:  # `path:line: message`, as the build logs it
        assert error.partition(": ")[2] in result.stderr
