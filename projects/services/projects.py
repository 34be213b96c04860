"""Writes to projects: validated, atomic, audited."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from accounts import services as account_services
from accounts.choices import CLIENT_ROLES, ProjectRole
from accounts.models import Membership, Organization, User
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction

from ..choices import ProjectStatus
from ..models import Project, WorkCalendar
from ..scheduler import project_reschedule
from .calendars import default_calendar

CREATE_FIELDS = (
    "code",
    "name",
    "client",
    "manager",
    "status",
    "start_date",
    "end_date",
    "calendar",
)
DETAIL_FIELDS = ("objectives", "scope", "budget", "currency")
RESCHEDULE_ON = {"start_date", "end_date", "calendar"}


def _validate(
    *,
    project: Project | None,
    code: str,
    client: Organization,
    manager: User,
    start_date: dt.date,
    end_date: dt.date | None,
) -> None:
    errors: dict[str, list[str]] = {}
    duplicate = Project.objects.filter(code__iexact=code)
    if project is not None:
        duplicate = duplicate.exclude(pk=project.pk)
    if duplicate.exists():
        errors["code"] = [_("Another project already uses this code.")]
    if not client.is_client:
        errors["client"] = [_("Choose a client organisation.")]
    if manager.is_client or not manager.is_active:
        errors["manager"] = [_("The project manager must be active vendor staff.")]
    if end_date and end_date < start_date:
        errors["end_date"] = [_("The end date cannot be before the start date.")]
    if errors:
        raise DomainError(errors=errors)


@transaction.atomic
def project_create(
    *,
    actor: User | None,
    code: str,
    name: str,
    client: Organization,
    manager: User,
    start_date: dt.date,
    end_date: dt.date | None = None,
    status: str = ProjectStatus.PLANNING,
    description: str = "",
    calendar: WorkCalendar | None = None,
    **details,
) -> Project:
    """Open a project for a client; its manager becomes its first member."""
    code = code.strip()
    _validate(
        project=None, code=code, client=client, manager=manager, start_date=start_date,
        end_date=end_date,
    )  # fmt: skip
    project = Project.objects.create(
        code=code,
        name=name,
        client=client,
        manager=manager,
        start_date=start_date,
        end_date=end_date,
        status=status,
        description=description,
        calendar=calendar or default_calendar(),
        created_by=actor,
        **{k: v for k, v in details.items() if k in DETAIL_FIELDS},
    )
    audit.record(
        actor=actor,
        obj=project,
        action=AuditAction.CREATE,
        changes=audit.snapshot(project, CREATE_FIELDS),
    )
    account_services.membership_add(
        actor=actor, project=project, user=manager, role=ProjectRole.MANAGER
    )
    project_reschedule(project)
    return project


@transaction.atomic
def project_update(*, actor: User | None, project: Project, data: dict) -> Project:
    """Change a project; a new manager takes the manager role, the old one stays a member."""
    merged = {
        "code": data.get("code", project.code).strip(),
        "client": data.get("client", project.client),
        "manager": data.get("manager", project.manager),
        "start_date": data.get("start_date", project.start_date),
        "end_date": data.get("end_date", project.end_date),
    }
    _validate(project=project, **merged)
    if (
        merged["client"].pk != project.client_id
        and Membership.objects.filter(project=project, role__in=CLIENT_ROLES).exists()
    ):
        raise DomainError(
            _("Remove the client's people from the project before changing its client."),
            field="client",
        )
    if "budget" in data and data["budget"] is not None and data["budget"] < 0:
        raise DomainError(_("The budget cannot be negative."), field="budget")
    old_manager = project.manager
    changes = audit.save_changes(
        instance=project, actor=actor, data={**data, "code": merged["code"]}
    )
    if RESCHEDULE_ON & set(changes):
        project_reschedule(project)
    if project.manager_id != old_manager.pk:
        account_services.membership_ensure(
            actor=actor, project=project, user=project.manager, role=ProjectRole.MANAGER
        )
        account_services.membership_ensure(
            actor=actor, project=project, user=old_manager, role=ProjectRole.MEMBER
        )
    return project
