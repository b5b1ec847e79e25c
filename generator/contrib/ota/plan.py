"""Where each source document goes: its terms type, its platform, and what shares them.

A whole collection brings three kinds of mess, each settled here the same way every time:

- Terms types the site does not list ("Ad Publishing Policy"): added under their own name and
  the slug it gives (`ad-publishing-policy`); readers see the name the collection uses.
- Services whose names give one slug ("Tp-link", "TP-Link"): if, for every terms type they
  share, one's history ends before the other's begins, it is a rename and they become one
  platform, named as the most recently recorded one, the others as aliases. If their histories
  overlap, they are different services: the one recorded first keeps the slug, the others get
  `<slug>-2`, `<slug>-3` … (in order of first record, then name).
- Two terms types of one platform that resolve to one type ("Terms of Service" and its alias
  "Terms of Use"): merged into one document when their histories follow one another, else the
  one that names the type (or was recorded first) keeps it and the other is imported under a
  type of its own name.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.content.model import DocumentType
from generator.contrib.ota.records import (
    AddedType,
    Apart,
    Merge,
    SourceDocument,
    one_line,
    slug_of,
    slug_or_hash,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from datetime import datetime

    from generator.content.doctypes import DocumentTypes


def fold(name: str) -> str:
    """A name reduced for matching, as document_types.yml lookups do: case and punctuation."""
    return re.sub(r"[^a-z0-9]+", " ", name.casefold()).strip()


@dataclass(frozen=True)
class Filters:
    """`--service` / `--type`: import only these (empty means all)."""

    services: tuple[str, ...] = ()
    types: tuple[str, ...] = ()  # slugs, names or aliases, known or of the source

    def wants_service(self, service: str) -> bool:
        folded = service.casefold()
        return not self.services or any(
            s.casefold() in (folded, slug_of(service)) for s in self.services
        )

    def wants_type(self, type_name: str, doc_type: DocumentType) -> bool:
        return not self.types or bool(self.naming(type_name, doc_type))

    def naming(self, type_name: str, doc_type: DocumentType) -> set[str]:
        """The `--type` values that name this terms type (its name in the source, or the
        type's slug, name or aliases)."""
        names = {fold(type_name), fold(doc_type.slug), fold(doc_type.name)}
        names.update(fold(alias) for alias in doc_type.aliases)
        return {wanted for wanted in self.types if fold(wanted) in names}


NO_FILTERS = Filters()


@dataclass(frozen=True)
class Target:
    """One document to write: a platform and type, and the source documents that make it."""

    platform: str
    name: str  # the platform's display name (for a new platform.yml)
    aliases: tuple[str, ...]  # other names it was recorded under (merged services)
    doc_type: DocumentType
    sources: tuple[SourceDocument, ...]

    @property
    def key(self) -> str:
        return f"{self.platform}/{self.doc_type.slug}"


@dataclass(frozen=True)
class Plan:
    targets: tuple[Target, ...]
    types_added: tuple[AddedType, ...]
    merged: tuple[Merge, ...]
    apart: tuple[Apart, ...]
    unknown: tuple[SourceDocument, ...]  # of a type neither known nor added (adding is off)
    unmatched_types: tuple[str, ...]  # `--type` values that name no type known or found


class _Types:
    """The site's types, and those the import adds (when it may)."""

    def __init__(self, known: DocumentTypes, *, add: bool) -> None:
        self.known = known
        self.add = add
        self.added: dict[str, tuple[DocumentType, str]] = {}  # slug -> (type, why)

    def _get(self, slug: str) -> DocumentType | None:
        found = self.known.by_slug.get(slug)
        return found if found is not None else self.added.get(slug, (None, ""))[0]

    def resolve(self, name: str) -> tuple[DocumentType | None, bool]:
        """The type a source's terms type name means, and whether it names it exactly (not by
        an alias); None when unknown and adding is off."""
        found = self.known.lookup(name)
        if found is None:
            found = self._get(slug_or_hash(name, "type"))
        if found is None:
            return self._new(name, slug_or_hash(name, "type"), "not in document_types.yml"), True
        return found, fold(name) in (fold(found.slug), fold(found.name))

    def own(self, name: str, taken: Iterable[str], why: str) -> DocumentType | None:
        """A type of this name for a document that could not have the type it resolves to."""
        base = slug_or_hash(name, "type")
        slug, number = base, 1
        while slug in taken or (
            (found := self._get(slug)) is not None and fold(found.name) != fold(name)
        ):
            number += 1
            slug = f"{base}-{number}"
        return self._get(slug) or self._new(name, slug, why)

    def _new(self, name: str, slug: str, why: str) -> DocumentType | None:
        if not self.add:
            return None
        doc_type = DocumentType(slug, one_line(name) or slug, ())
        self.added[slug] = (doc_type, why)
        return doc_type


def _overlap(a: tuple[datetime, datetime], b: tuple[datetime, datetime]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _span(documents: Iterable[SourceDocument]) -> tuple[datetime, datetime]:
    spans = [d.span for d in documents]
    return min(s[0] for s in spans), max(s[1] for s in spans)


def make_plan(
    documents: Sequence[SourceDocument],
    known: DocumentTypes,
    filters: Filters = NO_FILTERS,
    *,
    add_types: bool = True,
) -> Plan:
    """Every wanted source document's target; the same input always gives the same plan."""
    types = _Types(known, add=add_types)
    typed: list[tuple[SourceDocument, DocumentType, bool]] = []
    unknown: list[SourceDocument] = []
    matched: set[str] = set()
    for document in sorted(documents, key=lambda d: (d.service, d.type_name)):
        if not filters.wants_service(document.service) or not document.versions:
            continue
        doc_type, exact = types.resolve(document.type_name)
        if doc_type is None:
            unknown.append(document)
            continue
        if not filters.wants_type(document.type_name, doc_type):
            continue
        matched |= filters.naming(document.type_name, doc_type)
        typed.append((document, doc_type, exact))
    platforms, merged, apart = _platforms(typed)
    targets: list[Target] = []
    for slug, (name, aliases, members) in sorted(platforms.items()):
        made, doc_merges, left_out = _documents(slug, name, aliases, members, types)
        targets += made
        merged += doc_merges
        unknown += left_out
    unmatched = tuple(w for w in filters.types if w not in matched and known.lookup(w) is None)
    counts: dict[str, int] = defaultdict(int)
    for target in targets:
        counts[target.doc_type.slug] += 1
    added = tuple(
        AddedType(doc_type, counts[slug], why)
        for slug, (doc_type, why) in sorted(types.added.items())
        if counts[slug]
    )
    targets.sort(key=lambda t: (t.platform, t.doc_type.slug))
    return Plan(tuple(targets), added, tuple(merged), tuple(apart), tuple(unknown), unmatched)


_Member = tuple[SourceDocument, DocumentType, bool]


def _platforms(
    typed: list[_Member],
) -> tuple[dict[str, tuple[str, tuple[str, ...], list[_Member]]], list[Merge], list[Apart]]:
    """Platform slug -> (display name, aliases, its documents); the merges and separations."""
    by_slug: dict[str, dict[str, list[_Member]]] = defaultdict(lambda: defaultdict(list))
    for member in typed:
        service = member[0].service
        by_slug[slug_or_hash(service, "platform")][service].append(member)
    taken = set(by_slug)
    platforms: dict[str, tuple[str, tuple[str, ...], list[_Member]]] = {}
    merged: list[Merge] = []
    apart: list[Apart] = []
    for slug, services in sorted(by_slug.items()):
        if len(services) == 1:
            ((service, members),) = services.items()
            platforms[slug] = (service, (), members)
        elif not _services_overlap(services):
            # A rename: the name recorded last is the current one.
            names = sorted(services, key=lambda s: (_span(m[0] for m in services[s])[1], s))
            display, others = names[-1], tuple(sorted(names[:-1]))
            platforms[slug] = (display, others, [m for s in names for m in services[s]])
            merged.append(Merge(slug, (display, *others)))
        else:
            order = sorted(services, key=lambda s: (_span(m[0] for m in services[s])[0], s))
            platforms[slug] = (order[0], (), services[order[0]])
            number = 2
            for service in order[1:]:
                while f"{slug}-{number}" in taken:
                    number += 1
                taken.add(own := f"{slug}-{number}")
                platforms[own] = (service, (), services[service])
                apart.append(Apart(service, own, order[0]))
    return platforms, merged, apart


def _services_overlap(services: dict[str, list[_Member]]) -> bool:
    """Whether two of the services recorded one terms type at the same time."""
    spans: dict[str, list[tuple[str, tuple[datetime, datetime]]]] = defaultdict(list)
    for service, members in services.items():
        by_type: dict[str, list[SourceDocument]] = defaultdict(list)
        for document, doc_type, _ in members:
            by_type[doc_type.slug].append(document)
        for slug, documents in by_type.items():
            spans[slug].append((service, _span(documents)))
    return any(
        _overlap(a, b)
        for entries in spans.values()
        for i, (first, a) in enumerate(entries)
        for second, b in entries[i + 1 :]
        if first != second
    )


def _documents(
    slug: str, name: str, aliases: tuple[str, ...], members: list[_Member], types: _Types
) -> tuple[list[Target], list[Merge], list[SourceDocument]]:
    """One platform's targets: one per type, merging or separating types that collide; and
    the documents left out (a type of their own was needed, and adding types is off)."""
    by_type: dict[str, list[_Member]] = defaultdict(list)
    for member in members:
        by_type[member[1].slug].append(member)
    targets: dict[str, Target] = {}
    merged: list[Merge] = []
    left_out: list[SourceDocument] = []
    for type_slug, group in sorted(by_type.items()):
        doc_type = group[0][1]
        documents = [m[0] for m in group]
        spans = sorted(d.span for d in documents)
        follow = all(not _overlap(a, b) for a, b in itertools.pairwise(spans))
        if len(group) == 1 or follow:
            targets[type_slug] = Target(slug, name, aliases, doc_type, tuple(documents))
            names = sorted({d.type_name for d in documents}, key=fold)
            if len({fold(n) for n in names}) > 1:
                merged.append(Merge(f"{slug}/{type_slug}", tuple(names)))
            continue
        ranked = sorted(group, key=lambda m: (not m[2], m[0].span[0], m[0].type_name))
        keeper = ranked[0][0]
        targets[type_slug] = Target(slug, name, aliases, doc_type, (keeper,))
        for document, _, _ in ranked[1:]:
            why = (
                f"{slug}: {document.type_name!r} is recorded beside {keeper.type_name!r}, "
                f"which has the type {doc_type.slug!r}"
            )
            own = types.own(document.type_name, {*by_type, *targets}, why)
            if own is None:
                left_out.append(document)
                continue
            targets[own.slug] = Target(slug, name, aliases, own, (document,))
    return list(targets.values()), merged, left_out
