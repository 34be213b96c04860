"""Problems: the cause behind incidents, from investigation to a known error with its
workaround, to resolution."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction

from ..choices import ProblemStatus, TicketKind
from ..models import ConfigurationItem, Problem, Ticket

P = ProblemStatus
# Where a problem may go from each status; resolving is possible from any open one.
TRANSITIONS = {
    P.NEW: (P.INVESTIGATING, P.KNOWN_ERROR, P.RESOLVED),
    P.INVESTIGATING: (P.KNOWN_ERROR, P.RESOLVED),
    P.KNOWN_ERROR: (P.INVESTIGATING, P.RESOLVED),
    P.RESOLVED: (P.CLOSED, P.INVESTIGATING),
    P.CLOSED: (),
}
FIELDS = ("title", "description", "root_cause", "workaround", "owner")


def _check_ci(client_id: int, items: Iterable[ConfigurationItem]) -> list[ConfigurationItem]:
    items = list(items)
    if any(ci.client_id != client_id for ci in items):
        raise DomainError(
            _("A configuration item belongs to another client."), field="configuration_items"
        )
    return items


@transaction.atomic
def problem_create(
    *,
    actor,
    client: Organization,
    title: str,
    description: str = "",
    owner=None,
    root_cause: str = "",
    workaround: str = "",
    configuration_items: Iterable[ConfigurationItem] = (),
) -> Problem:
    """Open a problem for a client; it is numbered PRB-000123."""
    items = _check_ci(client.pk, configuration_items)
    problem = Problem.objects.create(
        client=client, title=title, description=description, owner=owner,
        root_cause=root_cause, workaround=workaround, created_by=actor,
    )  # fmt: skip
    problem.number = f"PRB-{problem.pk:06d}"
    problem.save(update_fields=["number"])
    if items:
        problem.configuration_items.set(items)
    audit.record(
        actor=actor,
        obj=problem,
        action=AuditAction.CREATE,
        changes=audit.snapshot(problem, FIELDS),
    )
    return problem


@transaction.atomic
def problem_update(*, actor, problem: Problem, data: dict) -> Problem:
    """Edit the analysis; a known error keeps a workaround."""
    data = dict(data)
    items = data.pop("configuration_items", None)
    data = {k: v for k, v in data.items() if k in FIELDS}
    if problem.status == P.KNOWN_ERROR and not data.get("workaround", problem.workaround).strip():
        raise DomainError(_("A known error needs its workaround."), field="workaround")
    audit.save_changes(instance=problem, actor=actor, data=data)
    if items is not None:
        problem.configuration_items.set(_check_ci(problem.client_id, items))
    return problem


@transaction.atomic
def problem_transition(*, actor, problem: Problem, to: str) -> Problem:
    """Move a problem on; a known error needs a workaround, a resolution its root cause."""
    Problem.objects.select_for_update().filter(pk=problem.pk).first()
    if to not in TRANSITIONS.get(problem.status, ()):
        raise DomainError(_("The problem cannot go to this status from here."), field="status")
    if to == P.KNOWN_ERROR and not problem.workaround.strip():
        raise DomainError(_("Record the workaround first."), field="workaround")
    if to == P.RESOLVED and not problem.root_cause.strip():
        raise DomainError(_("Record the root cause first."), field="root_cause")
    data: dict = {"status": to}
    if to == P.KNOWN_ERROR:
        data["known_error"] = True
    if to == P.RESOLVED:
        data["resolved_at"] = timezone.now()
    if to == P.INVESTIGATING:
        data["resolved_at"] = None
    audit.save_changes(instance=problem, actor=actor, data=data)
    return problem


@transaction.atomic
def problem_link_incident(*, actor, problem: Problem, ticket: Ticket) -> Ticket:
    """Attach an incident of the same client to the problem behind it."""
    if ticket.client_id != problem.client_id:
        raise DomainError(_("The incident belongs to another client."), field="ticket")
    if ticket.kind != TicketKind.INCIDENT:
        raise DomainError(_("Only incidents are linked to problems."), field="ticket")
    if problem.status == P.CLOSED:
        raise DomainError(_("The problem is closed."))
    if ticket.problem_id == problem.pk:
        return ticket
    audit.save_changes(instance=ticket, actor=actor, data={"problem": problem})
    return ticket


@transaction.atomic
def problem_unlink_incident(*, actor, problem: Problem, ticket: Ticket) -> Ticket:
    if ticket.problem_id != problem.pk:
        raise DomainError(_("The incident is not linked to this problem."), field="ticket")
    audit.save_changes(instance=ticket, actor=actor, data={"problem": None})
    return ticket
