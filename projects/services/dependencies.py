"""Writes to dependencies: links between tasks, refused when they would loop."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction

from .. import wbs
from ..choices import DependencyType
from ..models import Dependency, Task
from ..scheduler import project_reschedule
from ..scheduling import LinkInput, find_cycle


def _check(*, predecessor: Task, successor: Task, type: str, lag_days: int, exclude=None) -> None:
    if predecessor.project_id != successor.project_id:
        raise DomainError(_("Both tasks must belong to the same project."), field="successor")
    if predecessor.pk == successor.pk:
        raise DomainError(_("A task cannot depend on itself."), field="successor")
    if type not in DependencyType.values:
        raise DomainError(_("Choose a link type: FS, SS, FF or SF."), field="type")
    if abs(lag_days) > 3650:
        raise DomainError(_("The lag is limited to ten years of working days."), field="lag_days")
    project_id = predecessor.project_id
    if successor.pk in wbs.descendant_ids(project_id, predecessor.pk) or predecessor.pk in (
        wbs.descendant_ids(project_id, successor.pk)
    ):
        raise DomainError(_("A task cannot be linked to its own summary."), field="successor")
    existing = Dependency.objects.filter(predecessor=predecessor, successor=successor)
    if exclude is not None:
        existing = existing.exclude(pk=exclude.pk)
    if existing.exists():
        raise DomainError(_("These two tasks are already linked."), field="successor")
    check_no_loop(project_id, extra=LinkInput(predecessor.pk, successor.pk), exclude=exclude)


def check_no_loop(project_id: int, *, extra=None, exclude=None, parents=None) -> None:
    """Refuse a plan whose links would loop (through summaries too), naming the tasks."""
    links = [
        LinkInput(p, s)
        for p, s in Dependency.objects.filter(project_id=project_id)
        .exclude(pk=getattr(exclude, "pk", None))
        .values_list("predecessor_id", "successor_id")
    ]
    if parents is None:
        parents = dict(Task.objects.filter(project_id=project_id).values_list("id", "parent_id"))
    cycle = find_cycle(links, extra, parents=parents)
    if cycle:
        names = {t.pk: str(t) for t in Task.objects.filter(pk__in=cycle)}
        chain = " → ".join(names[pk] for pk in [*cycle, cycle[0]])
        raise DomainError(
            _("The links would make a loop: %(chain)s.") % {"chain": chain}, field="predecessor"
        )


@transaction.atomic
def dependency_create(
    *,
    actor: User | None,
    predecessor: Task,
    successor: Task,
    type: str = DependencyType.FS,
    lag_days: int = 0,
) -> Dependency:
    """Link two tasks of one project and reschedule."""
    _check(predecessor=predecessor, successor=successor, type=type, lag_days=lag_days)
    link = Dependency.objects.create(
        project_id=predecessor.project_id,
        predecessor=predecessor,
        successor=successor,
        type=type,
        lag_days=lag_days,
    )
    audit.record(
        actor=actor,
        obj=link,
        action=AuditAction.CREATE,
        changes=audit.snapshot(link, ["predecessor", "successor", "type", "lag_days"]),
    )
    project_reschedule(predecessor.project)
    return link


@transaction.atomic
def dependency_update(*, actor: User | None, dependency: Dependency, data: dict) -> Dependency:
    """Change a link's type, lag, or ends."""
    merged = {
        "predecessor": data.get("predecessor", dependency.predecessor),
        "successor": data.get("successor", dependency.successor),
        "type": data.get("type", dependency.type),
        "lag_days": data.get("lag_days", dependency.lag_days),
    }
    _check(**merged, exclude=dependency)
    if audit.save_changes(instance=dependency, actor=actor, data=data):
        project_reschedule(dependency.project)
    return dependency


@transaction.atomic
def dependency_delete(*, actor: User | None, dependency: Dependency) -> None:
    audit.record(actor=actor, obj=dependency, action=AuditAction.DELETE)
    project = dependency.project
    dependency.delete()
    project_reschedule(project)
