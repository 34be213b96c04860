"""Plans in and out of files: export, templates, and the all-or-nothing import.

An import is read and checked in full first (every problem of the file, with its row or task
UID, goes into the report); only a file without problems is saved, in one transaction, with
bulk inserts, one renumbering, one reschedule and one audit entry. Small files are imported
while the request waits; large ones (and every import through the API) by the worker, which
reports its progress as it goes.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts import access
from accounts.choices import VENDOR_ROLES
from accounts.models import Membership, User
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction

from .. import hooks, transfer, wbs
from ..choices import TaskStatus
from ..models import (
    BaselineTask,
    CalendarException,
    Dependency,
    Project,
    Task,
    TimeEntry,
    WorkCalendar,
)
from ..models.transfer import PlanImport, PlanImportStatus
from ..scheduler import project_reschedule
from ..transfer import Plan, PlanCalendar, PlanLink, PlanTask, Problem
from .calendars import calendar_create

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 10 * 1024 * 1024
BACKGROUND_FROM_TASKS = 2000  # from this many tasks the worker imports, with a progress bar
PROGRESS_TTL = 3600
BULK_BATCH = 1000


@dataclass(frozen=True)
class PlanFile:
    """A file to send: its name, its type, and its content in chunks."""

    filename: str
    content_type: str
    chunks: Iterable[bytes]


# --- export ------------------------------------------------------------------------------------


def _plan_of(*, user: User, project: Project) -> Plan:
    """The project's plan as the user may see it, in WBS order, with its calendar."""
    tasks = list(
        access.visible(user, Task)
        .filter(project=project)
        .order_by("sort_key")
        .values_list(
            "id",
            "wbs",
            "outline_level",
            "is_summary",
            "name",
            "duration_days",
            "constraint_type",
            "constraint_date",
            "assignee__username",
            "effort_hours",
            "percent_complete",
            "client_visible",
            "description",
            "start_date",
            "finish_date",
            "is_critical",
            "total_float",
        )
    )
    index = {row[0]: position for position, row in enumerate(tasks)}
    plan = Plan(start_date=project.start_date, name=project.name)
    for position, row in enumerate(tasks):
        (
            _pk,
            code,
            level,
            summary,
            name,
            duration,
            constraint,
            constraint_date,
            assignee,
            effort,
            percent,
            visible,
            description,
            start,
            finish,
            critical,
            total_float,
        ) = row
        plan.tasks.append(
            PlanTask(
                place=transfer.Place(row=position + 2),
                name=name,
                level=level,
                ref=str(position + 1),
                wbs=code,
                duration_days=duration,
                constraint_type=constraint,
                constraint_date=constraint_date,
                assignee=assignee or "",
                effort_hours=effort,
                percent_complete=percent,
                client_visible=visible,
                description=description,
                is_summary=summary,
                start=start,
                finish=finish,
                is_critical=critical,
                total_float=total_float,
            )
        )
    links = (
        access.visible(user, Dependency)
        .filter(project=project)
        .order_by("id")
        .values_list("predecessor_id", "successor_id", "type", "lag_days")
    )
    for predecessor, successor, kind, lag in links:
        if predecessor in index and successor in index:
            plan.tasks[index[successor]].links.append(
                PlanLink(str(index[predecessor] + 1), kind, lag, predecessor=index[predecessor])
            )
    calendar = project.calendar
    plan.calendar = PlanCalendar(
        name=calendar.name,
        working_weekdays=list(calendar.working_weekdays),
        exceptions={
            day: (working, name)
            for day, working, name in calendar.exceptions.values_list("date", "working", "name")
        },
    )
    return plan


def _encoded(chunks: Iterable[str]) -> Iterator[bytes]:
    for chunk in chunks:
        yield chunk.encode("utf-8")


def _file_name(project: Project, format: str) -> str:
    stem = get_valid_filename(project.code) or "plan"
    return f"{stem}.{transfer.EXTENSIONS[format]}"


def plan_export(*, user: User, project: Project, format: str) -> PlanFile:
    """The project's plan as a CSV, Excel or MSPDI file (CSV and MSPDI stream as written)."""
    if format not in transfer.FORMATS:
        raise DomainError(_("Choose CSV, Excel or MS Project XML."), field="format")
    plan = _plan_of(user=user, project=project)
    if format == transfer.CSV:
        chunks: Iterable[bytes] = _encoded(transfer.write_csv(plan))
    elif format == transfer.XLSX:
        chunks = [transfer.write_xlsx(plan)]
    else:
        chunks = _encoded(transfer.write_mspdi(plan, title=project.name, currency=project.currency))
    return PlanFile(_file_name(project, format), transfer.CONTENT_TYPES[format], chunks)


def plan_template(*, format: str) -> PlanFile:
    """An example plan in the column layout, to fill in (CSV or Excel)."""
    if format not in (transfer.CSV, transfer.XLSX):
        raise DomainError(_("Templates are CSV or Excel files."), field="format")
    plan = transfer.template_plan()
    stem = get_valid_filename(_("plan-template")) or "plan-template"
    name = f"{stem}.{transfer.EXTENSIONS[format]}"
    if format == transfer.CSV:
        chunks: Iterable[bytes] = _encoded(transfer.write_csv(plan, transfer.TEMPLATE))
    else:
        chunks = [transfer.write_xlsx(plan, transfer.TEMPLATE)]
    return PlanFile(name, transfer.CONTENT_TYPES[format], chunks)


# --- import: starting ----------------------------------------------------------------------


def _check_can_import(project: Project, *, replace: bool) -> list[Problem]:
    """Why the plan cannot be imported into the project right now (empty: it can)."""
    if not Task.objects.filter(project=project).exists():
        return []
    if not replace:
        return [
            Problem(
                gettext_noop(
                    "The project already has a plan: tick “Replace the plan” to replace it."
                )
            )
        ]
    if TimeEntry.objects.filter(project=project).exists():
        return [
            Problem(
                gettext_noop(
                    "Time was logged on this project's tasks, so its plan cannot be "
                    "replaced; change it in the WBS instead."
                )
            )
        ]
    return []


@transaction.atomic
def _create_record(**fields) -> PlanImport:
    return PlanImport.objects.create(**fields)


def plan_import_start(
    *,
    actor: User | None,
    project: Project,
    file,
    format: str,
    replace: bool = False,
    keep_calendar: bool = False,
    background: bool | None = None,
) -> PlanImport:
    """Record an uploaded plan file and import it: now, or in the worker when it is large.

    `background=None` decides by size (from BACKGROUND_FROM_TASKS tasks); True always queues
    (the API). Refusals that need no reading (no file, too big, a plan already there) raise
    DomainError; problems in the file end in the import's report.
    """
    errors: dict[str, list[str]] = {}
    if format not in transfer.FORMATS:
        errors["format"] = [_("Choose CSV, Excel or MS Project XML.")]
    if file is None:
        errors["file"] = [_("Choose a file.")]
    elif file.size > MAX_FILE_BYTES:
        errors["file"] = [
            _("The file is larger than %(size)s MB.") % {"size": MAX_FILE_BYTES // (1024 * 1024)}
        ]
    elif file.size == 0:
        errors["file"] = [_("The file is empty.")]
    if not errors:
        refusal = _check_can_import(project, replace=replace)
        if refusal:
            errors["replace"] = [refusal[0].text()]
    if errors:
        raise DomainError(errors=errors)
    plan = None
    if background is None:
        file.seek(0)
        plan = transfer.read_plan(file.read(), format)
        background = len(plan.tasks) >= BACKGROUND_FROM_TASKS
        file.seek(0)
    name = (getattr(file, "name", "") or "plan").rsplit("/", 1)[-1][:255]
    with transaction.atomic():
        record = _create_record(
            project=project,
            format=format,
            file=file,
            file_name=name,
            replace=replace,
            keep_calendar=keep_calendar,
            created_by=actor,
        )
        if background:
            from ..tasks import plan_import_task

            transaction.on_commit(lambda: plan_import_task.delay(import_id=record.pk))
    if not background:
        plan_import_run(plan_import=record, plan=plan)
        record.refresh_from_db()
    return record


# --- import: running ---------------------------------------------------------------------------


def _progress_key(pk: int) -> str:
    return f"plan-import-progress:{pk}"


def plan_import_progress(plan_import: PlanImport) -> int:
    """How far a running import is: saved steps, or the worker's report from inside its save."""
    if plan_import.status != PlanImportStatus.RUNNING:
        return plan_import.progress
    live = cache.get(_progress_key(plan_import.pk)) or 0
    return max(plan_import.progress, min(int(live), 99))


def _step(record: PlanImport, value: int, *, durable: bool = True) -> None:
    """Report progress: in the row between steps, in the cache while the save transaction runs
    (its row update would not show before the commit)."""
    cache.set(_progress_key(record.pk), value, PROGRESS_TTL)
    if durable:
        PlanImport.objects.filter(pk=record.pk, status=PlanImportStatus.RUNNING).update(
            progress=value
        )


def _team(project: Project) -> dict[str, int]:
    """{lower-cased username or display name: user id} of the project's vendor team."""
    team: dict[str, int] = {}
    names: dict[str, set[int]] = {}
    for user_id, username, display in Membership.objects.filter(
        project=project, role__in=VENDOR_ROLES
    ).values_list("user_id", "user__username", "user__display_name"):
        team[username.lower()] = user_id
        if display:
            names.setdefault(display.strip().lower(), set()).add(user_id)
    for display, ids in names.items():
        if len(ids) == 1:
            team.setdefault(display, next(iter(ids)))
    return team


def _finish(record: PlanImport, *, status: str, report: dict, **counts) -> bool:
    """Close the import unless another run already did; True when this run closed it."""
    return bool(
        PlanImport.objects.filter(
            pk=record.pk, status__in=[PlanImportStatus.QUEUED, PlanImportStatus.RUNNING]
        ).update(
            status=status,
            progress=100,
            report=report,
            finished_at=timezone.now(),
            updated_at=timezone.now(),
            **counts,
        )
    )


def _in_file_order(problems: list[Problem]) -> list[dict]:
    """The file's own problems first, then by row (or MS Project ID), as a reader fixes them."""
    ordered = sorted(problems, key=lambda p: p.row or p.task_id or p.uid or 0)
    return [p.as_json() for p in ordered]


def _report(plan: Plan, changes: list[Problem] | None = None) -> dict:
    report: dict = {}
    if plan.problems:
        report["problems"] = _in_file_order(plan.problems)
    if plan.warnings:
        report["warnings"] = _in_file_order(plan.warnings)
    if changes:
        report["changes"] = [p.as_json() for p in changes]
    return report


def _check_against_project(plan: Plan, record: PlanImport, project: Project) -> None:
    plan.problems[:0] = _check_can_import(project, replace=record.replace)
    late = plan.start_date and project.end_date and plan.start_date > project.end_date
    if record.format == transfer.MSPDI and late:
        plan.problems.append(
            Problem(
                gettext_noop("The plan starts on %(start)s, after the project's end date %(end)s."),
                {"start": plan.start_date.isoformat(), "end": project.end_date.isoformat()},
            )
        )


def plan_import_run(*, plan_import: PlanImport, plan: Plan | None = None) -> PlanImport:
    """Read, check and (when nothing is wrong) save one import. Runs once: a finished import is
    left as it is, so a repeated task delivery does nothing."""
    record = plan_import
    if record.is_finished:
        return record
    started = PlanImport.objects.filter(
        pk=record.pk, status__in=[PlanImportStatus.QUEUED, PlanImportStatus.RUNNING]
    ).update(status=PlanImportStatus.RUNNING, progress=5, started_at=timezone.now())
    if not started:
        record.refresh_from_db()
        return record
    # Messages are stored as English message ids and translated when shown.
    with translation.override("en"):
        try:
            _run(record, plan)
        except Exception:
            logger.exception("plan import failed", extra={"plan_import": record.pk})
            _finish(
                record,
                status=PlanImportStatus.FAILED,
                report={
                    "problems": [
                        Problem(
                            gettext_noop(
                                "The import stopped on an unexpected error; nothing was saved. "
                                "Try again, or tell the PMO."
                            )
                        ).as_json()
                    ]
                },
            )
    cache.delete(_progress_key(record.pk))
    record.refresh_from_db()
    return record


def _run(record: PlanImport, plan: Plan | None) -> None:
    project = Project.objects.select_related("calendar").get(pk=record.project_id)
    if plan is None:
        with record.file.open("rb") as handle:
            plan = transfer.read_plan(handle.read(), record.format)
    _step(record, 25)
    if plan.tasks or not plan.problems:  # cell problems do not hide the plan's other ones
        transfer.validate(
            plan, team=_team(project), strict_assignees=record.format != transfer.MSPDI
        )
    _check_against_project(plan, record, project)
    _step(record, 40)
    if plan.problems:
        _finish(record, status=PlanImportStatus.FAILED, report=_report(plan))
        return
    try:
        with transaction.atomic():
            locked = PlanImport.objects.select_for_update().get(pk=record.pk)
            if locked.is_finished:
                return
            project = Project.objects.select_for_update().get(pk=record.project_id)
            refusal = _check_can_import(project, replace=record.replace)
            if refusal:
                raise DomainError(refusal[0].text())
            changes = _save(record, project, plan)
            closed = _finish(
                record,
                status=PlanImportStatus.DONE,
                report=_report(plan, changes),
                task_count=len(plan.tasks),
                link_count=plan.link_count,
            )
            if not closed:
                transaction.set_rollback(True)
    except DomainError as exc:
        _finish(
            record,
            status=PlanImportStatus.FAILED,
            report={"problems": [Problem(m).as_json() for m in exc.messages]},
        )


def _save(record: PlanImport, project: Project, plan: Plan) -> list[Problem]:
    """Write the checked plan; returns what changed beside the tasks (calendar, start)."""
    actor = record.created_by
    old_tasks = Task.objects.filter(project=project).count()
    if record.replace and old_tasks:
        _clear_plan(project)
    changes: list[Problem] = []
    audit_changes: dict = {}
    if plan.calendar is not None and not record.keep_calendar:
        calendar = _calendar_for(plan.calendar, project, actor)
        if calendar.pk != project.calendar_id:
            audit_changes["calendar"] = {
                "old": audit.jsonable(project.calendar),
                "new": audit.jsonable(calendar),
            }
            project.calendar = calendar
            changes.append(
                Problem(
                    gettext_noop(
                        "The project now uses the working calendar %(name)s, as in the file."
                    ),
                    {"name": calendar.name},
                )
            )
    moved = plan.start_date and plan.start_date != project.start_date
    if record.format == transfer.MSPDI and moved:
        audit_changes["start_date"] = {
            "old": project.start_date.isoformat(),
            "new": plan.start_date.isoformat(),
        }
        project.start_date = plan.start_date
        changes.append(
            Problem(
                gettext_noop("The project's start date is now %(date)s, as in the file."),
                {"date": plan.start_date.isoformat()},
            )
        )
    if audit_changes:
        project.save(update_fields=["calendar", "start_date", "updated_at"])
    _step(record, 45, durable=False)
    team = _team(project)
    saved = _insert_tasks(record, project, plan, team, actor)
    _step(record, 75, durable=False)
    Dependency.objects.bulk_create(
        [
            Dependency(
                project=project,
                predecessor_id=saved[link.predecessor],
                successor_id=saved[index],
                type=link.type,
                lag_days=link.lag_days,
            )
            for index, task in enumerate(plan.tasks)
            for link in task.links
        ],
        batch_size=BULK_BATCH,
    )
    hooks.assignment_changed(
        task_id for task_id, task in zip(saved, plan.tasks, strict=True) if task.assignee
    )
    _step(record, 80, durable=False)
    wbs.renumber(project.pk)
    _step(record, 88, durable=False)
    project_reschedule(project)
    _step(record, 98, durable=False)
    audit_changes["plan"] = {
        "old": _("%(count)s tasks") % {"count": old_tasks} if old_tasks else None,
        "new": _("%(tasks)s tasks, %(links)s links from %(file)s")
        % {"tasks": len(plan.tasks), "links": plan.link_count, "file": record.file_name},
    }
    audit.record(actor=actor, obj=project, action=AuditAction.UPDATE, changes=audit_changes)
    return changes


def _clear_plan(project: Project) -> None:
    """Delete the plan (links, baseline rows, tasks), leaves first so nothing cascades far."""
    Dependency.objects.filter(project=project).delete()
    BaselineTask.objects.filter(task__project=project).delete()
    Task.objects.filter(project=project).update(parent=None)
    Task.objects.filter(project=project).delete()


def _status(percent: int) -> str:
    if percent >= 100:
        return TaskStatus.DONE
    return TaskStatus.IN_PROGRESS if percent > 0 else TaskStatus.TODO


def _insert_tasks(record, project, plan: Plan, team: dict[str, int], actor) -> list[int]:
    """Bulk-insert the tasks level by level (a parent exists before its children); returns
    each plan task's new id."""
    saved: list[int | None] = [None] * len(plan.tasks)
    positions: dict[int | None, int] = {}
    by_level: dict[int, list[int]] = {}
    position_of: list[int] = []
    for index, task in enumerate(plan.tasks):
        position_of.append(positions.get(task.parent, 0))
        positions[task.parent] = position_of[-1] + 1
        by_level.setdefault(task.level, []).append(index)
    done = 0
    for level in sorted(by_level):
        rows = []
        for index in by_level[level]:
            task = plan.tasks[index]
            leaf = not task.is_summary
            percent = task.percent_complete if leaf else 0
            rows.append(
                Task(
                    project=project,
                    parent_id=saved[task.parent] if task.parent is not None else None,
                    position=position_of[index],
                    name=task.name,
                    description=task.description,
                    assignee_id=team.get(task.assignee.lower()) if task.assignee else None,
                    status=_status(percent),
                    duration_days=task.duration_days if leaf else 1,
                    effort_hours=task.effort_hours if leaf else Decimal(0),
                    percent_complete=percent,
                    constraint_type=task.constraint_type,
                    constraint_date=task.constraint_date,
                    client_visible=task.client_visible,
                    created_by=actor,
                )
            )
        created = Task.objects.bulk_create(rows, batch_size=BULK_BATCH)
        for index, task in zip(by_level[level], created, strict=True):
            saved[index] = task.pk
        done += len(rows)
        _step(record, 45 + 30 * done // len(plan.tasks), durable=False)
    return saved  # type: ignore[return-value]


def _calendar_for(wanted: PlanCalendar, project: Project, actor) -> WorkCalendar:
    """The calendar a file describes: an identical one if the portal has it, else a new one."""
    days = sorted(wanted.working_weekdays)
    exceptions = {day: works for day, (works, _name) in wanted.exceptions.items()}
    candidates = list(WorkCalendar.objects.all())
    known: dict[int, dict[dt.date, bool]] = {c.pk: {} for c in candidates}
    for calendar_id, day, works in CalendarException.objects.values_list(
        "calendar_id", "date", "working"
    ):
        known[calendar_id][day] = works
    # The project's own calendar first, so an unchanged calendar stays.
    candidates.sort(key=lambda c: c.pk != project.calendar_id)
    for calendar in candidates:
        if sorted(calendar.working_weekdays) == days and known[calendar.pk] == exceptions:
            return calendar
    base = f"{wanted.name} · {project.code}"[:95]
    name, number = base, 1
    while WorkCalendar.objects.filter(name__iexact=name).exists():
        number += 1
        name = f"{base} ({number})"
    calendar = calendar_create(
        actor=actor,
        name=name,
        working_weekdays=days,
        description=_("Imported with the plan of %(project)s.") % {"project": project.code},
    )
    CalendarException.objects.bulk_create(
        [
            CalendarException(calendar=calendar, date=day, working=works, name=label[:100])
            for day, (works, label) in sorted(wanted.exceptions.items())
        ],
        batch_size=BULK_BATCH,
    )
    return calendar


# --- import: reading the outcome ---------------------------------------------------------------


def plan_import_messages(plan_import: PlanImport) -> dict[str, list[dict]]:
    """The report in the current language: {"problems"|"warnings"|"changes": [{place, text}]}."""
    out: dict[str, list[dict]] = {}
    for kind in ("problems", "warnings", "changes"):
        items = [Problem.from_json(item) for item in (plan_import.report or {}).get(kind, [])]
        out[kind] = [{"place": item.place(), "text": item.text()} for item in items]
    return out


def plan_import_state(*, project: Project) -> dict[str, bool]:
    """What the import form offers: {"has_plan": …, "has_time": …} (time blocks replacing)."""
    return {
        "has_plan": Task.objects.filter(project=project).exists(),
        "has_time": TimeEntry.objects.filter(project=project).exists(),
    }


def recent_plan_imports(*, user: User, project: Project, limit: int = 8):
    """The project's latest imports the user may see, newest first."""
    return (
        access.visible(user, PlanImport)
        .filter(project=project)
        .select_related("created_by")
        .order_by("-created_at", "-id")[:limit]
    )
