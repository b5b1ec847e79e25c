"""Shared test helpers: write a content folder in a temporary directory."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
CONFIG_DIR = REPO / "site_config"
CORPUS = REPO.parent / "shared" / "corpus" / "ota"  # Open Terms Archive histories, read-only


MKDOCS_ENV = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}


def mkdocs(
    site: Path, *args: str, strict: bool = True, **env: str
) -> subprocess.CompletedProcess[str]:
    """`mkdocs build [--strict] ARGS` run in `site`, in a minimal environment plus `env`."""
    command = [sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []), *args]
    return subprocess.run(
        command, cwd=site, capture_output=True, text=True, env=MKDOCS_ENV | env, check=False
    )


def corpus_document(service: str, terms_type: str) -> Path:
    """One document's folder in the shared corpus; the test is skipped where there is none
    (as on a user's machine)."""
    folder = CORPUS / service / terms_type
    if not folder.is_dir():
        pytest.skip(f"corpus not found at {CORPUS} (read-only Open Terms Archive histories)")
    return folder


def long_text(topic: str = "privacy", paragraphs: int = 4) -> str:
    """Policy-like Markdown of about 300 bytes a paragraph (4 make it safely above 1 KB)."""
    sentence = f"We describe how your {topic} information is collected, used and shared. "
    parts = (f"## Part {n}\n\n" + (sentence * 4).strip() for n in range(1, paragraphs + 1))
    return "\n\n".join(parts) + "\n"


def write_platform(root: Path, slug: str, **fields: object) -> Path:
    """`root/<slug>/platform.yml` with `fields` (name defaults to the slug, titled)."""
    path = root / slug / "platform.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump({"name": slug.title(), **fields}, sort_keys=False))
    return path


def write_snapshot(
    root: Path, platform: str, document: str, stamp: str, body: str, **front: object
) -> Path:
    """`root/<platform>/<document>/<stamp>.md`; platform.yml and `source` are added if absent."""
    if not (root / platform / "platform.yml").exists():
        write_platform(root, platform)
    path = root / platform / document / f"{stamp}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    fields = {"source": f"https://example.com/{document}", **front}
    header = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True)
    path.write_text(f"---\n{header}---\n\n{body}", encoding="utf-8")
    return path


def write_site(root: Path, *, site_url: str | None = "https://watch.example/") -> Path:
    """A site in `root` like the repository's: mkdocs.yml, site_config/ (copied), content/.

    Returns the content folder, empty; fill it with `write_snapshot`.
    """
    import shutil

    shutil.copytree(CONFIG_DIR, root / "site_config")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    if site_url is None:
        config.pop("site_url", None)
    else:
        config["site_url"] = site_url
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    content = root / "content"
    content.mkdir()
    return content
