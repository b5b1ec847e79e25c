"""The import plan on its own: the same input always gives the same targets."""

from __future__ import annotations

from datetime import UTC, datetime

from conftest import CONFIG_DIR

from generator.content.doctypes import load_document_types
from generator.contrib.ota.plan import Filters, make_plan
from generator.contrib.ota.records import Recorded, SourceDocument

TYPES, _ = load_document_types(CONFIG_DIR / "document_types.yml")


def document(service: str, type_name: str, *days: int) -> SourceDocument:
    versions = tuple(
        Recorded(datetime(2022, 1, day, tzinfo=UTC), i, f"{service}{type_name}{i}", "", "")
        for i, day in enumerate(days)
    )
    return SourceDocument(service, type_name, f"{service}/{type_name}.md", versions)


def targets(*documents: SourceDocument, **options: object) -> dict[str, list[str]]:
    plan = make_plan(documents, TYPES, **options)  # type: ignore[arg-type]
    return {t.key: [s.where for s in t.sources] for t in plan.targets}


def test_types_recorded_over_the_same_days_are_told_apart():
    found = targets(document("Nook", "Terms of Service", 1, 9), document("Nook", "Terms", 1, 9))

    assert found == {
        "nook/terms-of-service": ["Nook/Terms of Service.md"],  # it names the type
        "nook/terms": ["Nook/Terms.md"],
    }


def test_a_renamed_terms_type_is_one_document():
    found = targets(document("Nook", "Terms of Use", 1, 3), document("Nook", "Terms of Service", 5))

    assert found == {"nook/terms-of-service": ["Nook/Terms of Service.md", "Nook/Terms of Use.md"]}


def test_separated_services_skip_slugs_other_services_have():
    plan = make_plan(
        [
            document("Nook", "Privacy Policy", 1, 9),
            document("NOOK", "Privacy Policy", 2, 8),
            document("nook", "Privacy Policy", 3, 7),
            document("Nook 2", "Privacy Policy", 4),
        ],
        TYPES,
    )

    assert [(a.service, a.slug, a.other) for a in plan.apart] == [
        ("NOOK", "nook-3", "Nook"),
        ("nook", "nook-4", "Nook"),
    ]
    assert [t.platform for t in plan.targets] == ["nook", "nook-2", "nook-3", "nook-4"]


def test_a_type_filter_may_name_a_type_of_the_source():
    plan = make_plan(
        [document("Nook", "Ad Publishing Policy", 1), document("Nook", "Privacy Policy", 1)],
        TYPES,
        Filters(types=("Ad Publishing Policy", "Nonexistent Policy")),
    )

    assert [t.key for t in plan.targets] == ["nook/ad-publishing-policy"]
    assert [a.doc_type.slug for a in plan.types_added] == ["ad-publishing-policy"]
    assert plan.unmatched_types == ("Nonexistent Policy",)
