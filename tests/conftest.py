"""Shared test helpers: write a content folder in a temporary directory."""

from __future__ import annotations

from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
CONFIG_DIR = REPO / "site_config"


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
