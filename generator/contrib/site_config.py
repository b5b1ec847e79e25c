"""The site's `mkdocs.yml`, read without MkDocs: what the export needs, and a copy to rewrite.

Values this tool does not interpret (`!ENV`, `!!python/name:…`) are kept with their tags, so
that a rewritten file means what the original meant to the engine that reads it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.content.problems import Problem

PLUGIN = "policywatch"


@dataclass(frozen=True)
class Tagged:
    """A YAML value under a tag this tool does not interpret."""

    tag: str
    value: Any  # str, list or dict, as the node was


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader: _Loader, _suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.SequenceNode):
        return Tagged(node.tag, loader.construct_sequence(node, deep=True))
    if isinstance(node, yaml.MappingNode):
        return Tagged(node.tag, loader.construct_mapping(node, deep=True))
    return Tagged(node.tag, loader.construct_scalar(node))  # type: ignore[arg-type]


def _represent_tagged(dumper: _Dumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


def _represent_text(dumper: _Dumper, data: str) -> yaml.Node:
    """Text of several lines as a block (`|`), as a person would write it."""
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_Dumper.add_representer(Tagged, _represent_tagged)
_Dumper.add_representer(str, _represent_text)


def resolved(value: object) -> object:
    """A value with `!ENV` resolved as MkDocs does (variables in turn, the last a default)."""
    if not isinstance(value, Tagged) or value.tag != "!ENV":
        return value
    names = value.value if isinstance(value.value, list) else [value.value]
    for name in names[:-1] if len(names) > 1 else names:
        if isinstance(name, str) and name in os.environ:
            return os.environ[name]
    return names[-1] if len(names) > 1 else None


@dataclass(frozen=True)
class SiteConfig:
    """`mkdocs.yml` as read, and the policywatch plugin's options in it."""

    path: Path
    data: dict[str, Any]
    options: dict[str, Any]

    @property
    def root(self) -> Path:
        return self.path.parent

    def text(self, key: str, default: str = "") -> str:
        value = resolved(self.data.get(key))
        return value if isinstance(value, str) else default

    def folder(self, key: str, default: str) -> Path:
        """A folder option of the site (`docs_dir`) or of the plugin, relative to mkdocs.yml."""
        value = resolved(self.options.get(key, self.data.get(key, default)))
        return self.root / (value if isinstance(value, str) else default)

    def option(self, key: str, default: int) -> int:
        value = resolved(self.options.get(key, default))
        return value if isinstance(value, int) and not isinstance(value, bool) else default

    def dump(self, data: dict[str, Any]) -> str:
        return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


def read_site_config(path: Path) -> tuple[SiteConfig | None, Problem | None]:
    """The site's configuration, or the problem that stops it being read."""
    try:
        # A SafeLoader: unknown tags become data (Tagged), never code.
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except OSError as exc:
        return None, Problem(str(path), 0, f"cannot be read ({exc.strerror}): pass --config-file")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        return None, Problem(str(path), line, f"not valid YAML ({exc}): fix the file")
    if not isinstance(data, dict):
        return None, Problem(str(path), 1, "expected `site_name:` and the other settings")
    if "INHERIT" in data:
        message = "`INHERIT` is not supported by the export: write the settings into one file"
        return None, Problem(str(path), 0, message)
    options = plugin_options(data.get("plugins"))
    if options is None:
        message = f"the `{PLUGIN}` plugin is not listed under `plugins:`: add `- {PLUGIN}`"
        return None, Problem(str(path), 0, message)
    return SiteConfig(path, data, options), None


def plugin_options(plugins: object) -> dict[str, Any] | None:
    """The policywatch plugin's options in a `plugins:` list or mapping; None if not there."""
    entries = plugins.items() if isinstance(plugins, dict) else _entries(plugins)
    for name, options in entries:
        if name == PLUGIN:
            return options if isinstance(options, dict) else {}
    return None


def without_plugin(plugins: object) -> object:
    """The `plugins:` setting with the policywatch plugin left out."""
    if isinstance(plugins, dict):
        return {name: value for name, value in plugins.items() if name != PLUGIN}
    if not isinstance(plugins, list):
        return plugins
    return [entry for entry in plugins if not _is_plugin(entry)]


def _is_plugin(entry: object) -> bool:
    return entry == PLUGIN or (isinstance(entry, dict) and PLUGIN in entry)


def _entries(plugins: object) -> list[tuple[object, object]]:
    if not isinstance(plugins, list):
        return []
    pairs: list[tuple[object, object]] = []
    for entry in plugins:
        pairs += list(entry.items()) if isinstance(entry, dict) else [(entry, None)]
    return pairs
