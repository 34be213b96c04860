"""Client acceptance: the queue of deliverables awaiting a decision, and one deliverable's
criteria, inspections, test runs and decision history with the submit / accept / reject form."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET, require_http_methods

from accounts import access
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page
from projects.choices import DeliverableStatus
from projects.models import Deliverable

from ..acceptance_forms import AcceptanceForm
from ..models import AcceptanceAction
from ..permissions import DECIDE_ACCEPTANCE, SUBMIT_ACCEPTANCE
from ..services import acceptance as acceptance_services

DETAIL = "quality/acceptance_detail.html"
EVENT = "acceptance:decided"


@login_required
@require_GET
def acceptance_queue(request):
    """Deliverables awaiting acceptance across the user's projects, and the latest decisions."""
    queue = list(acceptance_services.acceptance_queue(user=request.user))
    return render_page(
        request,
        "quality/acceptance_queue.html",
        {
            "queue": queue,
            "recent": acceptance_services.acceptance_recent(user=request.user),
        },
        partial="acceptance-queue",
    )


def _context(request, deliverable: Deliverable, *, form=None, saved=None) -> dict:
    user = request.user
    may_submit = deliverable.status != DeliverableStatus.SUBMITTED and access.can(
        user, SUBMIT_ACCEPTANCE, deliverable
    )
    may_decide = deliverable.status == DeliverableStatus.SUBMITTED and access.can(
        user, DECIDE_ACCEPTANCE, deliverable
    )
    if form is None and (may_submit or may_decide):
        form = AcceptanceForm()
    if form is not None and not may_decide:
        form.fields["comment"].help_text = ""  # the hint is about rejecting
    return {
        "deliverable": deliverable,
        "project": deliverable.project,
        "history": acceptance_services.acceptance_history(user=user, deliverable=deliverable),
        **acceptance_services.acceptance_evidence(user=user, deliverable=deliverable),
        "may_submit": may_submit
        and deliverable.status != DeliverableStatus.ACCEPTED
        and deliverable.client_visible,
        "may_decide": may_decide,
        "form": form,
        "saved": saved,
    }


@login_required
@require_http_methods(["GET", "POST"])
def acceptance_detail(request, deliverable_id: int):
    """GET: what the reviewer reads. POST: submit (the manager) or accept/reject (a client
    contact of the project); the decision is recorded and cannot be changed afterwards."""
    deliverable = access.get_visible_or_404(
        request.user,
        Deliverable.objects.select_related("project__client", "project__manager"),
        pk=deliverable_id,
    )
    if request.method == "GET":
        return render_page(
            request, DETAIL, _context(request, deliverable), partial="acceptance-panel"
        )
    form = AcceptanceForm(request.POST)
    if form.is_valid():
        action = form.cleaned_data["action"]
        code = SUBMIT_ACCEPTANCE if action == AcceptanceAction.SUBMIT else DECIDE_ACCEPTANCE
        access.require(request.user, code, deliverable)
        try:
            decision = acceptance_services.acceptance_act(
                actor=request.user,
                deliverable=deliverable,
                action=action,
                comment=form.cleaned_data["comment"],
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            return render_page(
                request,
                DETAIL,
                _context(request, deliverable, saved=decision),
                partial="acceptance-panel",
                trigger=EVENT,
            )
    elif not (
        access.can(request.user, SUBMIT_ACCEPTANCE, deliverable)
        or access.can(request.user, DECIDE_ACCEPTANCE, deliverable)
    ):
        access.require(request.user, DECIDE_ACCEPTANCE, deliverable)
    status = 200 if getattr(request, "htmx", False) else 400
    return render_page(
        request, DETAIL, _context(request, deliverable, form=form), partial="acceptance-panel",
        status=status,
    )  # fmt: skip
