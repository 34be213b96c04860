"""Background work for planning: rescheduling after calendar changes, nightly health."""

import logging

from celery import shared_task
from django.db import transaction

from .choices import OPEN_STATUSES
from .models import Project
from .scheduler import project_reschedule

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def reschedule_projects_task(*, project_ids: list[int]) -> int:
    """Reschedule the given projects (after their calendar changed); returns how many ran."""
    done = 0
    for project in Project.objects.filter(pk__in=project_ids).select_related(
        "calendar", "baseline"
    ):
        with transaction.atomic():
            project_reschedule(project)
        done += 1
    logger.info("rescheduled projects", extra={"count": done})
    return done


@shared_task(acks_late=True)
def refresh_open_projects_task() -> int:
    """Nightly: late tasks and health depend on today's date, so refresh every open project."""
    ids = list(Project.objects.filter(status__in=OPEN_STATUSES).values_list("pk", flat=True))
    return reschedule_projects_task(project_ids=ids)


@shared_task(acks_late=True)
def plan_import_task(*, import_id: int) -> str:
    """Run one queued plan import; a second run of a finished import does nothing."""
    from . import services
    from .models import PlanImport

    plan_import = PlanImport.objects.filter(pk=import_id).first()
    if plan_import is None or plan_import.is_finished:
        return "skipped"
    return services.plan_import_run(plan_import=plan_import).status


@shared_task(acks_late=True)
def task_reminders_send_task() -> dict[str, int]:
    """Hourly: tasks due tomorrow and overdue, in each recipient's working hours."""
    from .reminders import task_reminders_send

    sent = task_reminders_send()
    logger.info("task reminders sent", extra=sent)
    return sent


@shared_task(acks_late=True)
def manager_digests_send_task() -> int:
    """Hourly: the weekly digest of each manager whose Monday morning it is."""
    from .reminders import manager_digests_send

    return manager_digests_send()
