"""Writes of the performance app: KPI values for scopes, the nightly snapshot, targets and
project reviews."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction
from projects.models import Project, Task
from resources.models import Resource, Team

from . import kpis
from .choices import KpiStatus, ReviewKind, ScopeKind
from .kpis import Kpi, KpiData, ScopeRef, Target
from .models import KpiSnapshot, KpiTarget, ProjectReview, ReviewAction

BATCH = 500


# --- scopes ------------------------------------------------------------------------------------


def project_scope(project: Project) -> ScopeRef:
    return ScopeRef(ScopeKind.PROJECT, project.pk, (project.pk,), project.client_id)


def client_scope(client: Organization, projects) -> ScopeRef:
    ids = tuple(p.pk for p in projects if p.client_id == client.pk)
    return ScopeRef(ScopeKind.CLIENT, client.pk, ids, client.pk)


def team_scope(team: Team, resources) -> ScopeRef:
    ids = tuple(r.pk for r in resources if r.team_id == team.pk)
    return ScopeRef(ScopeKind.TEAM, team.pk, resource_ids=ids)


def portfolio_scope(projects, resources) -> ScopeRef:
    return ScopeRef(
        ScopeKind.PORTFOLIO,
        None,
        tuple(p.pk for p in projects),
        None,
        tuple(r.pk for r in resources),
    )


# --- targets ------------------------------------------------------------------------------------


class Targets:
    """The targets in force, loaded in one query: one scope's own, else its kind's, else the
    registry's default."""

    def __init__(self):
        self._rows = {
            (t.kpi, t.scope_kind, t.scope_id): Target(t.target, t.amber, t.red)
            for t in KpiTarget.objects.all()
        }

    def for_(self, kpi: Kpi, scope: ScopeRef) -> Target:
        return (
            self._rows.get((kpi.key, scope.kind, scope.id))
            or self._rows.get((kpi.key, scope.kind, None))
            or kpi.default
        )


def kpi_target_check(*, kpi: str, scope_kind: str, target, amber, red) -> None:
    """The KPI exists for that scope, and amber lies between the target and red."""
    definition = kpis.get(kpi)
    if definition is None:
        raise DomainError(_("Unknown KPI."), field="kpi")
    if scope_kind not in definition.scopes:
        raise DomainError(_("This KPI is not measured for this scope."), field="scope_kind")
    target, amber, red = Decimal(str(target)), Decimal(str(amber)), Decimal(str(red))
    ordered = target >= amber >= red if definition.direction == "higher" else target <= amber <= red
    if not ordered:
        raise DomainError(
            _("The amber threshold must lie between the target and the red threshold."),
            field="amber",
        )


@transaction.atomic
def kpi_target_set(
    *, actor, kpi: str, scope_kind: str, scope_id: int | None = None, target, amber, red
) -> KpiTarget:
    """Set the target and thresholds of a KPI for a kind of scope (or one scope object)."""
    kpi_target_check(kpi=kpi, scope_kind=scope_kind, target=target, amber=amber, red=red)
    target, amber, red = Decimal(str(target)), Decimal(str(amber)), Decimal(str(red))
    row, created = KpiTarget.objects.update_or_create(
        kpi=kpi,
        scope_kind=scope_kind,
        scope_id=scope_id,
        defaults={"target": target, "amber": amber, "red": red},
        create_defaults={"target": target, "amber": amber, "red": red, "created_by": actor},
    )
    audit.record(
        actor=actor,
        obj=row,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        changes={"target": str(target), "amber": str(amber), "red": str(red)},
    )
    return row


# --- values -------------------------------------------------------------------------------------


def kpi_values(
    data: KpiData, scope: ScopeRef, targets: Targets | None = None, *, keys=None
) -> list[dict]:
    """[{kpi, value, status, target}] of the available KPIs of the scope's kind."""
    targets = targets or Targets()
    rows = []
    chosen = kpis.available(scope.kind)
    if keys is not None:  # in the order asked for (a table's columns)
        chosen = sorted((k for k in chosen if k.key in keys), key=lambda k: list(keys).index(k.key))
    for kpi in chosen:
        value = kpi.compute(data, scope)
        target = targets.for_(kpi, scope)
        rows.append(
            {"kpi": kpi, "value": value, "status": kpi.status(value, target), "target": target}
        )
    return rows


def frozen(rows: list[dict]) -> list[dict]:
    """The rows as JSON, for a review's figures (labels stay keys, translated on display)."""
    return [
        {
            "kpi": row["kpi"].key,
            "value": None if row["value"] is None else str(row["value"]),
            "status": row["status"],
            "target": str(row["target"].target),
        }
        for row in rows
    ]


# --- the nightly snapshot -----------------------------------------------------------------------


def _snapshot_rows(day: dt.date) -> list[KpiSnapshot]:
    projects = list(Project.objects.open().order_by("pk"))
    resources = list(Resource.objects.active().order_by("pk"))
    data = KpiData(day, projects, resources)
    clients = Organization.objects.filter(pk__in={p.client_id for p in projects})
    teams = Team.objects.filter(pk__in={r.team_id for r in resources if r.team_id})
    scopes = (
        [project_scope(p) for p in projects]
        + [client_scope(c, projects) for c in clients]
        + [team_scope(t, resources) for t in teams]
        + [portfolio_scope(projects, resources)]
    )
    targets = Targets()
    rows = []
    for scope in scopes:
        for row in kpi_values(data, scope, targets):
            if row["value"] is None:
                continue
            rows.append(
                KpiSnapshot(
                    kpi=row["kpi"].key,
                    scope_kind=scope.kind,
                    scope_id=scope.stored_id,
                    date=day,
                    value=row["value"],
                    status=row["status"],
                )
            )
    return rows


def kpi_snapshot_take(*, day: dt.date | None = None) -> int:
    """Snapshot every KPI of every open project, its client, every team and the portfolio on
    `day`; a rerun the same day updates the same rows. Returns how many rows."""
    day = day or timezone.localdate()
    rows = _snapshot_rows(day)
    with transaction.atomic():
        for start in range(0, len(rows), BATCH):
            KpiSnapshot.objects.bulk_create(
                rows[start : start + BATCH],
                update_conflicts=True,
                unique_fields=["kpi", "scope_kind", "scope_id", "date"],
                update_fields=["value", "status", "taken_at"],
            )
    return len(rows)


# --- reviews ------------------------------------------------------------------------------------


@transaction.atomic
def project_review_create(
    *,
    actor,
    project: Project,
    kind: str,
    date: dt.date,
    milestone: Task | None = None,
    rating: int | None = None,
    assessment: str = "",
    findings: str = "",
) -> ProjectReview:
    """Open a review; the project's KPI figures on `date` are pulled in and frozen."""
    if kind == ReviewKind.MILESTONE and milestone is None:
        raise DomainError(_("Choose the milestone this review is about."), field="milestone")
    if milestone is not None and (milestone.project_id != project.pk or not milestone.is_milestone):
        raise DomainError(_("Choose a milestone of this project."), field="milestone")
    if kind == ReviewKind.CLOSE:
        milestone = None
    data = KpiData(date, [project])
    review = ProjectReview.objects.create(
        project=project,
        kind=kind,
        milestone=milestone,
        reviewer=actor,
        date=date,
        figures=frozen(kpi_values(data, project_scope(project))),
        rating=rating,
        assessment=assessment,
        findings=findings,
        created_by=actor,
    )
    audit.record(
        actor=actor,
        obj=review,
        action=AuditAction.CREATE,
        changes=audit.snapshot(review, ["kind", "date", "rating"]),
    )
    return review


@transaction.atomic
def project_review_update(*, review: ProjectReview, actor, data: dict) -> ProjectReview:
    """Change the reviewer's assessment; the frozen figures never change."""
    allowed = {"rating", "assessment", "findings", "date"}
    audit.save_changes(
        instance=review, actor=actor, data={k: v for k, v in data.items() if k in allowed}
    )
    return review


@transaction.atomic
def review_action_add(
    *, review: ProjectReview, actor, description: str, due: dt.date | None = None, assignee=None
) -> ReviewAction:
    """Add an improvement action; it is planned as a task of the project, so it is tracked
    where the work is."""
    from projects.services import task_create

    description = (description or "").strip()
    if not description:
        raise DomainError(_("Describe the action."), field="description")
    fields = {}
    if assignee is not None:
        fields["assignee"] = assignee
    if due is not None:
        fields["constraint_type"] = "fnlt"
        fields["constraint_date"] = due
    task = task_create(actor=actor, project=review.project, name=description[:255], **fields)
    action = ReviewAction.objects.create(
        review=review, description=description, task=task, created_by=actor
    )
    audit.record(actor=actor, obj=action, action=AuditAction.CREATE, changes={})
    return action


def status_counts(rows: list[dict]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row["status"]] += 1
    return {s: counts.get(s, 0) for s in KpiStatus.values}
