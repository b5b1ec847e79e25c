"""The navigation MkDocs builds from the generated pages: put in order, and named."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mkdocs.structure.nav import Navigation

# Home, platforms, changes and categories first; hand-written pages after.
ORDER = ("index.md", "platforms/index.md", "changes/index.md", "categories/index.md")


def arrange(nav: Navigation, titles: dict[str, str]) -> None:
    """Sort the top level by ORDER, and name each section after its index page (`titles`:
    source URI -> name, already escaped) rather than its folder ("LinkedIn", not "Linkedin")."""
    rank = {uri: i for i, uri in enumerate(ORDER)}

    def key(item: object) -> int:
        file = getattr(item, "file", None) or getattr(
            next(iter(getattr(item, "children", None) or []), None), "file", None
        )
        return rank.get(file.src_uri if file else "", len(rank))

    nav.items.sort(key=key)
    _name_sections(nav.items, titles)


def _name_sections(items: list[Any], titles: dict[str, str]) -> None:
    for item in items:
        children = getattr(item, "children", None)
        if not children:
            continue
        for child in children:
            file = getattr(child, "file", None)
            if file is not None and file.src_uri in titles and child.is_index:
                item.title = titles[file.src_uri]
        _name_sections(children, titles)
