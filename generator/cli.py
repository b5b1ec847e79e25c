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


class _Group(click.Group):
    """Commands whose snapshots change under them say so in one line, not a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        from generator.content.frontmatter import ContentChanged

        try:
            return super().invoke(ctx)
        except ContentChanged as exc:
            click.echo(f"policywatch: {exc}", err=True)
            sys.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policywatch")
@click.pass_context
def main(ctx: click.Context) -> None:
    """PolicyWatch: track, check and analyse platform policy snapshots."""
    from generator.analysis.pools import stop_on_sigterm

    guard = stop_on_sigterm()  # SIGTERM stops worker processes too, then exits (143)
    if guard is not None:
        ctx.call_on_close(guard.restore)


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
@click.option(
    "--all-warnings",
    is_flag=True,
    help="Print every warning; by default a warning repeated across a document's versions is "
    "one line with the count and the first and last stamp.",
)
def check(
    content_dir: Path, config_dir: Path, fmt: str, max_snapshot_bytes: int, all_warnings: bool
) -> None:
    """Validate CONTENT_DIR (default: content) and print every problem as path:line: message."""
    from generator.contrib.check import run_check

    sys.exit(
        run_check(
            content_dir,
            config_dir,
            fmt=fmt,
            max_snapshot_bytes=max_snapshot_bytes,
            all_warnings=all_warnings,
        )
    )


CONTENT_DIR_OPTION = click.option(
    "--content-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"),
    show_default=True,
    help="The content folder.",
)


@main.command()
@click.argument("platform")
@click.argument("document")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--source", required=True, help="The address the text was captured from.")
@click.option(
    "--stamp",
    help="When the text was observed in force: 2024-03-14 or 2024-03-14T09-30-00Z (UTC). "
    "Default: now. An older stamp (a backfill) also records `captured: <now>`.",
)
@click.option("--summary", help="What changed vs the previous version, at most 140 characters.")
@click.option("--archive", help="An independent copy, e.g. a Wayback Machine address.")
@click.option("--name", help="The platform's display name, if platform.yml must be created.")
@CONTENT_DIR_OPTION
@CONFIG_DIR_OPTION
def add(
    platform: str,
    document: str,
    file: Path,
    source: str,
    stamp: str | None,
    summary: str | None,
    archive: str | None,
    name: str | None,
    content_dir: Path,
    config_dir: Path,
) -> None:
    """Add FILE (Markdown, plain text or a saved HTML page) as a new snapshot.

    PLATFORM is the platform's slug (e.g. chirp); DOCUMENT a document type's slug, name or
    alias (privacy-policy, "Privacy Policy", "Cookies Policy"). The snapshot is checked before
    anything is written, never overwrites a file, and the change is analysed against the
    previous version.
    """
    from generator.contrib.add import AddRequest, add_snapshot
    from generator.contrib.change_report import print_added

    request = AddRequest(platform, document, file, source, stamp, summary, archive, name)
    result = add_snapshot(request, content_dir, config_dir)
    print_added(result, sys.stdout)
    sys.exit(0 if result.ok else 1)


@main.command("import-ota")
@click.argument("source", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option(
    "--into",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"),
    show_default=True,
    help="Content folder to write snapshots into.",
)
@click.option(
    "--service",
    "services",
    multiple=True,
    help="Import only this service (its name or platform slug); repeatable.",
)
@click.option(
    "--type",
    "types",
    multiple=True,
    help="Import only this terms type (slug, name or alias); repeatable.",
)
@click.option(
    "--skip-unchanged",
    is_flag=True,
    help="Skip a version whose text is identical to the version before it.",
)
@click.option(
    "--no-add-types",
    is_flag=True,
    help="Skip documents of a terms type not in document_types.yml instead of adding the type.",
)
@click.option(
    "--ref",
    help="The branch, tag or commit of a versions repository to read (default: HEAD, or its "
    "only or main branch).",
)
@click.option(
    "--max-snapshot-bytes",
    type=click.IntRange(min=1),
    default=5_000_000,
    show_default=True,
    help="Skip larger versions (set it like the plugin's max_snapshot_bytes in mkdocs.yml).",
)
@CONFIG_DIR_OPTION
def import_ota(
    source: Path,
    into: Path,
    services: tuple[str, ...],
    types: tuple[str, ...],
    skip_unchanged: bool,
    no_add_types: bool,
    ref: str | None,
    max_snapshot_bytes: int,
    config_dir: Path,
) -> None:
    """Import Open Terms Archive history from SOURCE into the content folder.

    SOURCE is a versions git repository (<Service>/<Terms Type>.md, one commit per version;
    bare or not: a `git clone --mirror` or a bundle's clone works) or a dataset folder
    (<Service>/<Terms Type>/<stamp>.md). Terms types the site does not list are added to
    document_types.yml; services whose names give one slug are merged (a rename) or told
    apart; versions with no text are kept as withdrawn. Existing files are never changed:
    running it again adds only what is new.
    """
    from generator.contrib.ota.importer import run_import

    sys.exit(
        run_import(
            source,
            into,
            config_dir,
            skip_unchanged=skip_unchanged,
            services=services,
            types=types,
            add_types=not no_add_types,
            ref=ref,
            max_bytes=max_snapshot_bytes,
        )
    )


@main.command("pr-summary")
@click.argument("base")
@CONTENT_DIR_OPTION
@CONFIG_DIR_OPTION
def pr_summary(base: str, content_dir: Path, config_dir: Path) -> None:
    """Print, as Markdown, the analysis of the snapshots changed since BASE (e.g. origin/main).

    Pull request workflows append it to the job summary.
    """
    from generator.contrib.pr_summary import run_pr_summary

    sys.exit(run_pr_summary(base, content_dir, config_dir))


@main.command()
@click.argument(
    "out_dir", required=False, default=None, type=click.Path(file_okay=False, path_type=Path)
)
@CONTENT_DIR_OPTION
@CONFIG_DIR_OPTION
@click.option(
    "--pages",
    "pages_dir",
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write the whole site as ready pages for an engine without plugins (Zensical): "
    "DIR/docs (every page, sanitised, with assets, feeds and JSON) and DIR/mkdocs.yml; the "
    "folders and options come from --config-file. Replaces an earlier export in DIR; refuses "
    "any other folder that is not empty.",
)
@click.option(
    "--config-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="With --pages: the site's configuration (site name and URL, the plugin's options, "
    "hand-written pages, theme).",
)
@click.option(
    "--executor",
    default="processes",
    show_default=True,
    help="Where the analysis runs: processes (one per core), inline, or a Dask scheduler "
    "address such as tcp://scheduler:8786 (POLICYWATCH_DASK_SCHEDULER overrides it).",
)
def export(
    out_dir: Path | None,
    content_dir: Path,
    config_dir: Path,
    pages_dir: Path | None,
    config_file: Path,
    executor: str,
) -> None:
    """Write changes.json and documents.json (the site's api/ files) into OUT_DIR (default:
    api), or, with --pages, the whole site as ready pages (and OUT_DIR only if given)."""
    if pages_dir is not None:
        from generator.analysis.backends import BackendError
        from generator.contrib.export_pages import run_export_pages

        try:
            code = run_export_pages(pages_dir, config_file, sys.stdout)
        except BackendError as exc:  # POLICYWATCH_DASK_SCHEDULER names a cluster that failed
            click.echo(f"export: {exc}", err=True)
            sys.exit(1)
        if code or out_dir is None:
            sys.exit(code)
    _export_json(out_dir or Path("api"), content_dir, config_dir, executor)


def _export_json(out_dir: Path, content_dir: Path, config_dir: Path, executor: str) -> None:
    from generator.analysis.backends import BackendError, backend_from
    from generator.build import load_and_analyse
    from generator.site.export import write_exports

    try:
        backend = backend_from(executor, origin="--executor")
        analysed = load_and_analyse(content_dir, config_dir, backend=backend)
    except (ValueError, BackendError) as exc:
        click.echo(f"export: {exc}", err=True)
        sys.exit(1)
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


@main.command()
@click.argument("target", metavar="PLATFORM/DOCUMENT")
@click.argument("stamps", nargs=-1, metavar="[FROM] [TO]")
@CONTENT_DIR_OPTION
@CONFIG_DIR_OPTION
def diff(target: str, stamps: tuple[str, ...], content_dir: Path, config_dir: Path) -> None:
    """Show a change: its kind, data-practice labels with evidence, and the word diff.

    With no stamp, the latest change; with one, the change that produced that version; with
    two, FROM compared with TO. A stamp may be shortened to a unique prefix (2023-09-29).
    """
    from generator.contrib.terminal import run_diff

    sys.exit(run_diff(target, stamps, content_dir, config_dir))
