"""Baselines: save the plan as it stands, choose which one variance is measured against."""

from django.db import transaction
from django.db.models import Max, Min
from django.utils.translation import gettext as _

from accounts.models import User
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction

from ..models import Baseline, BaselineTask, Project, Task
from ..scheduler import project_reschedule


@transaction.atomic
def baseline_save(*, actor: User | None, project: Project, name: str) -> Baseline:
    """Snapshot every task's dates and effort; the first baseline becomes the reference."""
    name = name.strip()
    if not name:
        raise DomainError(_("Give the baseline a name."), field="name")
    if Baseline.objects.filter(project=project, name__iexact=name).exists():
        raise DomainError(_("This project already has a baseline with that name."), field="name")
    span = Task.objects.filter(project=project).aggregate(
        start=Min("start_date"), finish=Max("finish_date")
    )
    baseline = Baseline.objects.create(
        project=project,
        name=name,
        start_date=span["start"],
        finish_date=span["finish"],
        created_by=actor,
    )
    BaselineTask.objects.bulk_create(
        (
            BaselineTask(
                baseline=baseline,
                task_id=pk,
                start_date=start,
                finish_date=finish,
                duration_days=duration,
                effort_hours=effort,
            )
            for pk, start, finish, duration, effort in Task.objects.filter(project=project)
            .values_list("pk", "start_date", "finish_date", "duration_days", "effort_hours")
            .iterator(chunk_size=2000)
        ),
        batch_size=2000,
    )
    audit.record(
        actor=actor,
        obj=baseline,
        action=AuditAction.CREATE,
        changes=audit.snapshot(baseline, ["name"]),
    )
    if project.baseline_id is None:
        baseline_choose(actor=actor, project=project, baseline=baseline)
    return baseline


@transaction.atomic
def baseline_choose(*, actor: User | None, project: Project, baseline: Baseline | None) -> Project:
    """Measure variance against `baseline` (None: against the project's end date)."""
    if baseline is not None and baseline.project_id != project.pk:
        raise DomainError(_("The baseline belongs to another project."), field="baseline")
    if audit.save_changes(instance=project, actor=actor, data={"baseline": baseline}):
        project_reschedule(project)
    return project


@transaction.atomic
def baseline_delete(*, actor: User | None, baseline: Baseline) -> None:
    project = baseline.project
    audit.record(actor=actor, obj=baseline, action=AuditAction.DELETE)
    was_reference = project.baseline_id == baseline.pk
    baseline.delete()
    if was_reference:
        project.refresh_from_db()
        project_reschedule(project)
