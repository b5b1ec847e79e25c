"""The `policywatch` command line: check, add, import-ota, diff, export."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator import __version__

CONFIG_DIR_OPTION = click.option(
    "--config-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("site_config"),
    show_default=True,
    help="Folder holding document_types.yml and taxonomy.yml.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policywatch")
def main() -> None:
    """PolicyWatch: track, check and analyse platform policy snapshots."""


@main.command()
@click.argument(
    "content_dir",
    required=False,
    default=Path("content"),
    type=click.Path(file_okay=False, path_type=Path),
)
@CONFIG_DIR_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="text: path:line: message; github: GitHub Actions annotations.",
)
@click.option(
    "--max-snapshot-bytes",
    type=click.IntRange(min=1),
    default=5_000_000,
    show_default=True,
    help="Refuse larger snapshots (set it like the plugin's max_snapshot_bytes in mkdocs.yml).",
)
def check(content_dir: Path, config_dir: Path, fmt: str, max_snapshot_bytes: int) -> None:
    """Validate CONTENT_DIR (default: content) and print every problem as path:line: message."""
    from generator.check import run_check

    sys.exit(run_check(content_dir, config_dir, fmt=fmt, max_snapshot_bytes=max_snapshot_bytes))


@main.command("import-ota")
@click.argument("dataset_dir", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option(
    "--into",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"),
    show_default=True,
    help="Content folder to write snapshots into.",
)
@click.option(
    "--skip-unchanged",
    is_flag=True,
    help="Skip a version whose text is identical to the version before it.",
)
@CONFIG_DIR_OPTION
def import_ota(dataset_dir: Path, into: Path, skip_unchanged: bool, config_dir: Path) -> None:
    """Import an Open Terms Archive dataset folder into the content folder."""
    from generator.ota import run_import

    sys.exit(run_import(dataset_dir, into, config_dir, skip_unchanged=skip_unchanged))


@main.command()
@click.argument(
    "out_dir", required=False, default=Path("api"), type=click.Path(file_okay=False, path_type=Path)
)
@click.option(
    "--content-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"),
    show_default=True,
)
@CONFIG_DIR_OPTION
def export(out_dir: Path, content_dir: Path, config_dir: Path) -> None:
    """Write changes.json and documents.json (the site's api/ files) into OUT_DIR (default: api)."""
    from generator.build import load_and_analyse
    from generator.export import write_exports

    analysed = load_and_analyse(content_dir, config_dir)
    for problem in analysed.errors:
        click.echo(str(problem), err=True)
    if analysed.archive is None or analysed.analysis is None:
        click.echo(f"export: {len(analysed.errors)} problem(s) in {content_dir}; nothing written.")
        sys.exit(1)
    try:
        written = write_exports(out_dir, analysed.archive, analysed.analysis)
    except OSError as exc:
        click.echo(f"export: cannot write to {out_dir}: {exc.strerror or exc}", err=True)
        sys.exit(1)
    for path, count in written:
        click.echo(f"{path}: {count}")
