"""Builds go to a staging folder and replace the site only when they succeed.

MkDocs empties `site_dir` before it builds; the plugin points `site_dir` at a fresh folder
beside it instead (generator.site.publish), and puts the finished site in place at the end of
a build that MkDocs will not fail: the whole new folder swapped in, or, when the build kept
the old site's unchanged files where they are, only the new files moved over it. A failed,
stopped or strict-failed build leaves the old site.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.utils import CountHandler

from generator.site import publish

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from generator.site.carryover import Carry

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

ENGINE_LOGGERS = ("mkdocs", "properdocs")


def warned() -> bool:
    """Whether the strict-mode counter saw a warning: the build aborts after post_build.

    MkDocs counts on the `mkdocs` logger, ProperDocs on `properdocs` (which `mkdocs` feeds).
    """
    loggers = (logging.getLogger(name) for name in ENGINE_LOGGERS)
    handlers = [handler for logger in loggers for handler in logger.handlers]
    return any(h.get_counts() for h in handlers if isinstance(h, CountHandler))


@dataclass
class _Staged:
    config: MkDocsConfig
    site_dir: str  # the real one, put back in the config when the build ends
    staging: Path


class Staging:
    """The build under way, if it goes to a staging folder."""

    def __init__(self) -> None:
        self._staged: _Staged | None = None

    def start(self, config: MkDocsConfig) -> None:
        """Point the build at a new folder next to the site."""
        try:
            staging = publish.start(Path(config.site_dir))
        except OSError as exc:
            raise PluginError(
                f"policywatch: cannot write the site next to {config.site_dir} "
                f"({exc.strerror or exc}): check the folder's permissions, or set site_dir"
            ) from None
        log.info("policywatch: building into %s, which replaces the site when done", staging)
        self._staged = _Staged(config, config.site_dir, staging)
        config.site_dir = str(staging)

    def site_dir(self, config: MkDocsConfig) -> Path:
        """Where the site is published (the real site_dir, whatever the build writes to)."""
        return Path(self._staged.site_dir if self._staged is not None else config.site_dir)

    def publish(self, config: MkDocsConfig, carry: Carry | None = None) -> Path | None:
        """Put the built site in place; where it is, or None when MkDocs is about to fail the
        build (strict mode saw a warning) and the old site stays.

        With `carry` keeping the old site's unchanged files where they are (`Carry.in_place`),
        the new files move over the old site; otherwise the new folder replaces it whole.
        """
        staged, self._staged = self._staged, None
        if staged is None:
            return Path(config.site_dir)
        config.site_dir = staged.site_dir
        if config.strict and warned():
            publish.discard(staged.staging)
            return None
        site = Path(staged.site_dir)
        written = publish.files_in(staged.staging) if carry is not None else []
        stale = carry.finish(written) if carry is not None else []  # empty unless in place
        if carry is not None and carry.in_place:
            carry.forget()
            log.info(
                "policywatch: the site updated in place: %d files written, %d kept, %d removed",
                carry.written + len(carry.others),
                carry.carried,
                len(stale),
            )
            try:
                publish.overlay(staged.staging, site, stale, files=written)
            except OSError as exc:
                publish.discard(staged.staging)
                raise PluginError(
                    f"policywatch: could not move the new pages into {site} "
                    f"({exc.strerror or exc}); the site may mix old and new pages until the "
                    "next build, which makes every page again"
                ) from None
            return site
        try:
            publish.publish(staged.staging, site)
        except OSError as exc:
            publish.discard(staged.staging)
            raise PluginError(
                f"policywatch: could not put the new site in place of {staged.site_dir} "
                f"({exc.strerror or exc}); the old site is unchanged"
            ) from None
        return site

    def discard(self) -> None:
        """The build failed or was stopped: drop what it wrote; the old site stays."""
        staged, self._staged = self._staged, None
        if staged is not None:
            staged.config.site_dir = staged.site_dir
            publish.discard(staged.staging)
