"""Freshness: last captured, last changed, stale warnings, and an injectable "now"."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from conftest import long_text, write_snapshot
from reader_site import build

from generator.site.freshness import build_now, document_freshness, stale_warning

if TYPE_CHECKING:
    from pathlib import Path


def test_now_comes_from_source_date_epoch_when_set() -> None:
    assert build_now({"SOURCE_DATE_EPOCH": "1717200000"}) == datetime(2024, 6, 1, tzinfo=UTC)
    before = datetime.now(UTC)
    assert before <= build_now({}) <= datetime.now(UTC)
    assert before <= build_now({"SOURCE_DATE_EPOCH": "soon"}) <= datetime.now(UTC)


def test_captured_counts_over_the_stamp_and_noise_is_not_a_change(tmp_path: Path) -> None:
    text = long_text("privacy")
    write_snapshot(tmp_path, "acme", "privacy-policy", "2023-01-01", text)
    write_snapshot(tmp_path, "acme", "privacy-policy", "2023-02-01", text + "\nNew words here.\n")
    # A re-wrapped copy observed later, captured later still: formatting, not a change.
    write_snapshot(
        tmp_path, "acme", "privacy-policy", "2023-06-01", text + "\nNew   words here.\n",
        captured="2023-12-24T08:00:00Z",
    )  # fmt: skip
    result = build(tmp_path)
    assert result.filler is not None
    archive, analysis = result.filler.archive, result.filler.analysis
    (document,) = archive.documents()
    changes = analysis.for_document(document)
    assert changes[-1].kind.value == "formatting"
    now = datetime(2024, 6, 30, tzinfo=UTC)
    fresh = document_freshness(document, changes, now, 180)
    assert fresh.last_captured == datetime(2023, 12, 24, 8, tzinfo=UTC)
    assert fresh.last_changed == "2023-02-01"
    assert (fresh.age_days, fresh.stale) == (188, True)
    assert not document_freshness(document, changes, now, 188).stale
    warning = stale_warning([("Acme <b>", fresh)], 180)
    assert warning.startswith('!!! warning "Possibly out of date"')
    assert "Acme &#60;b&#62; (188 days, captured 2023-12-24)" in warning
    assert stale_warning([("Acme", document_freshness(document, changes, now, 365))], 365) == ""
