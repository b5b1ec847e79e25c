"""Building the demo with each engine: MkDocs, ProperDocs (both run our plugin) and Zensical
(which builds `policywatch export --pages`)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import MKDOCS_ENV, REPO

BIN = Path(sys.executable).parent
EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}  # the same "now" for every build
# The one difference between a MkDocs and a ProperDocs build: each page names its engine.
ENGINE_DIFFERENCE = re.compile(rb'<meta name="generator" content="[^"]*">')


def engine(name: str) -> Path:
    """An engine's command, installed next to this Python (the project's virtual environment)."""
    return BIN / name


def demo_copy(folder: Path, *, site_url: str | None = "https://policywatch.example/") -> Path:
    """The demo site (content, site_config, mkdocs.yml) copied into `folder`."""
    for name in ("content", "site_config"):
        shutil.copytree(REPO / name, folder / name)
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    if site_url is None:
        config.pop("site_url", None)
    else:
        config["site_url"] = site_url
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return folder


def run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, env=MKDOCS_ENV | EPOCH | env, check=False
    )


def build(name: str, site: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` or `properdocs build --strict` of the site in `site`."""
    command = [str(engine(name)), "build", "--strict", "-f", "mkdocs.yml", "-d", str(out)]
    return run(command, site)


def article(page: Path) -> tuple[str, list[str]]:
    """What a reader gets of a built page's content: its text, and where its links go."""
    import html5lib

    tree = html5lib.parse(page.read_bytes(), namespaceHTMLElements=False)
    found = tree.find(".//article")
    assert found is not None, page
    hrefs = [a.get("href") or "" for a in found.iter("a") if a.get("href") is not None]
    return " ".join("".join(found.itertext()).split()), hrefs


def export_pages(site: Path, out: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`policywatch export --pages OUT` in `site`."""
    return run([str(engine("policywatch")), "export", "--pages", str(out)], site, **env)
