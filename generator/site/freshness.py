"""How fresh a document's record is: last captured, last changed, and whether it looks stale."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from generator.site import markup, widgets

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from generator.analysis.changes import Change
    from generator.content.model import Document

STALE_AFTER_DAYS = 180


@dataclass(frozen=True)
class Freshness:
    """When a document was last looked at and last changed, seen from `now`."""

    last_captured: datetime  # the newest snapshot's capture time (its stamp if not recorded)
    last_changed: str | None  # stamp of the newest change that is not noise or `first`
    age_days: int  # whole days from `last_captured` to now
    stale: bool


def build_now(environ: Mapping[str, str]) -> datetime:
    """The moment a build happens: SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC)


def document_freshness(
    document: Document, changes: Sequence[Change], now: datetime, stale_after_days: int
) -> Freshness:
    """The freshness of one document from its versions and changes."""
    captured = max((v.captured or v.observed) for v in document.versions)
    real = [c.to_stamp for c in changes if c.kind.value != "first" and not c.kind.is_noise]
    age = max(0, (now - captured).days)
    return Freshness(captured, real[-1] if real else None, age, age > stale_after_days)


def facts(freshness: Freshness) -> list[str]:
    """`last captured …`, `last changed …` as bold Markdown facts."""
    items = [f"last captured **{widgets.when(freshness.last_captured.date())}**"]
    if freshness.last_changed is not None:
        items.append(f"last changed **{widgets.day(freshness.last_changed)}**")
    else:
        items.append("no change recorded yet")
    return items


def stale_warning(names: Sequence[tuple[str, Freshness]], stale_after_days: int) -> str:
    """A warning admonition naming every stale document, or an empty string."""
    stale = [(name, f) for name, f in names if f.stale]
    if not stale:
        return ""
    lines = [
        '!!! warning "Possibly out of date"\n',
        f"    The newest snapshot of {_list(stale)} is more than {stale_after_days} days old. "
        "The platform may have changed its text since: a newer snapshot is welcome "
        "(see About).\n",
    ]
    return "\n".join(lines)


def _list(stale: Sequence[tuple[str, Freshness]]) -> str:
    parts = [
        f"{markup.text(name)} ({f.age_days} days, captured {widgets.when(f.last_captured.date())})"
        for name, f in stale
    ]
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]
