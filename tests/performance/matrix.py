"""Tenant A's performance objects for tests/test_permission_matrix.py
(`tenant_a.performance = performance_objects(tenant_a)` in its `tenant_a` fixture).

To add there (import KpiSnapshot, ProjectReview from performance.models):
    OBJECTS: KpiSnapshot: lambda a: a.performance["snapshot"],
             ProjectReview: lambda a: a.performance["review"],
    URL_OBJECTS: "client_id": lambda a: a.client_org.pk,
                 "team_id": lambda a: a.performance["team"].pk,
                 "review_id": lambda a: a.performance["review"].pk,
    API_VIEW_MODELS: "/api/v1/kpis/": KpiSnapshot,
    CREATE_PAYLOADS: **PERFORMANCE_PAYLOADS (from tests.performance.matrix import
                     CREATE_PAYLOADS as PERFORMANCE_PAYLOADS)

The team dashboard is the PMO's alone, so "team_id" belongs in URL_OBJECTS (every role of
tenant B answers 404), not in VENDOR_POOL_URL_OBJECTS.
"""

from django.utils import timezone

from performance import services
from performance.models import KpiSnapshot
from resources.models import Team


def performance_objects(a) -> dict:
    """A snapshot of tenant A's project KPIs, a close-out review with an action, a team."""
    services.kpi_snapshot_take()
    snapshot = KpiSnapshot.objects.filter(scope_kind="project", scope_id=a.project.pk).first()
    if snapshot is None:  # nothing measurable yet: record one value by hand
        snapshot = KpiSnapshot.objects.create(
            kpi="spi", scope_kind="project", scope_id=a.project.pk, date=timezone.localdate(),
            value=1, status="green",
        )  # fmt: skip
    review = services.project_review_create(
        actor=a.manager, project=a.project, kind="close", date=timezone.localdate()
    )
    services.review_action_add(review=review, actor=a.manager, description="Matrix action")
    team, _created = Team.objects.get_or_create(name="Matrix team")
    return {"snapshot": snapshot, "review": review, "team": team}


CREATE_PAYLOADS = {
    "/api/v1/project-reviews/": lambda a: {
        "project": a.project.pk, "kind": "close", "date": "2026-11-20",
    },
}  # fmt: skip
