"""Client acceptance: the project manager submits a deliverable, a client contact accepts or
rejects it. Every step is one new AcceptanceDecision row; nothing here updates or deletes one.

Who may act is the permission layer's question (`quality.submit_acceptance`,
`quality.decide_acceptance`), asked by the views and the API before calling these.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from ito_portal.core import audit
from ito_portal.core.errors import DomainError
from ito_portal.core.models import AuditAction
from projects import services as project_services
from projects.choices import DeliverableStatus
from projects.models import Deliverable

from ..models import AcceptanceAction, AcceptanceDecision

SUBMITTABLE = (DeliverableStatus.PLANNED, DeliverableStatus.IN_PROGRESS, DeliverableStatus.REJECTED)
STATUS_AFTER = {
    AcceptanceAction.SUBMIT: DeliverableStatus.SUBMITTED,
    AcceptanceAction.ACCEPT: DeliverableStatus.ACCEPTED,
    AcceptanceAction.REJECT: DeliverableStatus.REJECTED,
}


def _locked(deliverable: Deliverable) -> Deliverable:
    """The deliverable re-read under a row lock, so two decisions cannot cross."""
    fresh = Deliverable.objects.select_for_update().get(pk=deliverable.pk)
    deliverable.status = fresh.status
    deliverable.client_visible = fresh.client_visible
    return deliverable


def _record(*, actor: User, deliverable: Deliverable, action: str, comment: str, at=None):
    decision = AcceptanceDecision.objects.create(
        deliverable=deliverable,
        action=action,
        comment=comment.strip(),
        decided_by=actor,
        decided_at=at or timezone.now(),
    )
    audit.record(
        actor=actor,
        obj=decision,
        action=AuditAction.CREATE,
        changes=audit.snapshot(decision, ["deliverable", "action", "comment"]),
    )
    # The status change notifies (client contacts on submit, the manager on a decision).
    project_services.deliverable_update(
        actor=actor,
        deliverable=deliverable,
        data={"status": STATUS_AFTER[action]},
        acceptance=True,
    )
    return decision


@transaction.atomic
def acceptance_submit(
    *, actor: User, deliverable: Deliverable, comment: str = "", at=None
) -> AcceptanceDecision:
    """Submit a deliverable for the client's acceptance (again, after a rejection).

    `at` back-fills history (imports, demo data); the page and the API never pass it."""
    _locked(deliverable)
    if deliverable.status == DeliverableStatus.SUBMITTED:
        raise DomainError(_("This deliverable is already awaiting acceptance."), field="action")
    if deliverable.status not in SUBMITTABLE:
        raise DomainError(_("An accepted deliverable cannot be submitted again."), field="action")
    if not deliverable.client_visible:
        raise DomainError(
            _("The client cannot see this deliverable: make it client-visible first."),
            field="action",
        )
    return _record(
        actor=actor,
        deliverable=deliverable,
        action=AcceptanceAction.SUBMIT,
        comment=comment,
        at=at,
    )


@transaction.atomic
def acceptance_decide(
    *, actor: User, deliverable: Deliverable, action: str, comment: str = "", at=None
) -> AcceptanceDecision:
    """Accept or reject a submitted deliverable; a rejection must say why."""
    if action not in (AcceptanceAction.ACCEPT, AcceptanceAction.REJECT):
        raise DomainError(_("Choose accept or reject."), field="action")
    _locked(deliverable)
    if deliverable.status != DeliverableStatus.SUBMITTED:
        raise DomainError(_("This deliverable is not awaiting acceptance."), field="action")
    if action == AcceptanceAction.REJECT and not comment.strip():
        raise DomainError(_("Say what must change: a rejection needs a comment."), field="comment")
    return _record(actor=actor, deliverable=deliverable, action=action, comment=comment, at=at)


def acceptance_act(
    *, actor: User, deliverable: Deliverable, action: str, comment: str = "", at=None
) -> AcceptanceDecision:
    """One entry point for the API and the page: submit, accept or reject."""
    if action == AcceptanceAction.SUBMIT:
        return acceptance_submit(actor=actor, deliverable=deliverable, comment=comment, at=at)
    return acceptance_decide(
        actor=actor, deliverable=deliverable, action=action, comment=comment, at=at
    )


# --- reads (selectors) --------------------------------------------------------------------------


def acceptance_queue(*, user: User):
    """Deliverables awaiting acceptance that the user sees, oldest submission first."""
    from django.db.models import Max, Q

    from accounts import access

    return (
        access.visible(user, Deliverable)
        .filter(status=DeliverableStatus.SUBMITTED, project__status__in=_open_project_statuses())
        .select_related("project")
        .annotate(
            submitted_at=Max(
                "acceptance_decisions__decided_at",
                filter=Q(acceptance_decisions__action=AcceptanceAction.SUBMIT),
            )
        )
        .order_by("due_date", "project__code", "name", "pk")
    )


def _open_project_statuses():
    from projects.choices import OPEN_STATUSES

    return list(OPEN_STATUSES)


def acceptance_recent(*, user: User, limit: int = 10):
    """The latest accept/reject decisions on deliverables the user sees."""
    from accounts import access

    return list(
        access.visible(user, AcceptanceDecision)
        .exclude(action=AcceptanceAction.SUBMIT)
        .select_related("deliverable__project", "decided_by")
        .order_by("-decided_at", "-pk")[:limit]
    )


def acceptance_history(*, user: User, deliverable: Deliverable):
    """Every decision on the deliverable, oldest first, with who made it."""
    from accounts import access

    return list(
        access.visible(user, AcceptanceDecision)
        .filter(deliverable=deliverable)
        .select_related("decided_by")
        .order_by("decided_at", "pk")
    )


def acceptance_evidence(*, user: User, deliverable: Deliverable) -> dict:
    """What a reviewer reads before deciding: the criteria, the inspections and test runs
    of the deliverable the user may see (clients: only the client-visible ones)."""
    from django.db.models import Count, Q

    from accounts import access

    from ..models import AcceptanceCriterion, Inspection, TestOutcome, TestRun

    targets = list(
        AcceptanceCriterion.objects.filter(deliverable=deliverable).values_list("text", "target")
    )
    if not targets:
        targets = [
            (line.strip(), "")
            for line in deliverable.acceptance_criteria.splitlines()
            if line.strip()
        ]
    inspections = list(
        access.visible(user, Inspection)
        .filter(deliverable=deliverable)
        .select_related("template_version__template", "inspector")
        .annotate(
            passed_items=Count("results", filter=Q(results__outcome="passed")),
            failed_items=Count("results", filter=Q(results__outcome="failed")),
        )
        .order_by("-date", "-pk")
    )
    runs = list(
        access.visible(user, TestRun)
        .filter(suite__deliverable=deliverable)
        .select_related("suite")
        .annotate(
            passed=Count("results", filter=Q(results__outcome=TestOutcome.PASSED)),
            failed=Count("results", filter=Q(results__outcome=TestOutcome.FAILED)),
            blocked=Count("results", filter=Q(results__outcome=TestOutcome.BLOCKED)),
            total=Count("results"),
        )
        .order_by("-started_at", "-pk")
    )
    return {"criteria": targets, "inspections": inspections, "test_runs": runs}
