"""Improvement pages: the proposals list with votes, a proposal's PDCA page, the new-proposal
form and the innovation board."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page, wants_fragment

from . import selectors, services
from .choices import (
    IMPACT_COLOURS,
    MOVES,
    STAGES,
    STATUS_COLOURS,
    Category,
    Impact,
    Reach,
    Status,
)
from .forms import ActionForm, CommentForm, ProposalForm, ResultForm, TransitionForm
from .models import ImprovementAction
from .permissions import CHANGE_PROPOSAL, COMMENT_PROPOSAL, MANAGE_PROPOSAL, VOTE_PROPOSAL

LIST = "improvement/proposal_list.html"
DETAIL = "improvement/proposal_detail.html"
BOARD = "improvement/proposal_board.html"


def _invalid(request) -> int:
    # htmx swaps 2xx answers only: a re-rendered form with its errors must arrive as 200.
    return 200 if getattr(request, "htmx", False) else 400


def _vocabulary() -> dict:
    return {
        "statuses": Status.choices,
        "categories": Category.choices,
        "reaches": Reach.choices,
        "impacts": Impact.choices,
        "status_colours": STATUS_COLOURS,
        "impact_colours": IMPACT_COLOURS,
    }


@login_required
@require_http_methods(["GET"])
def proposal_list(request):
    """Every proposal one sees: filter, sort by votes or newest, vote in place."""
    filters = {name: request.GET.get(name, "") for name in selectors.FILTERS}
    sort = request.GET.get("sort", "votes")
    proposals = list(selectors.proposal_list(request.user, filters=filters, sort=sort))
    context = {
        "proposals": proposals,
        "filters": filters,
        "sort": sort,
        **_vocabulary(),
    }
    return render_page(request, LIST, context, partial="proposal-table")


@login_required
@require_http_methods(["GET"])
def proposal_board(request):
    """The innovation board: a column per PDCA stage, cards by impact, a monthly chart."""
    filters = {name: request.GET.get(name, "") for name in selectors.FILTERS}
    columns = selectors.proposal_board(request.user, filters)
    context = {
        "columns": columns,
        "total": sum(len(c["cards"]) for c in columns),
        "filters": filters,
        "chart": selectors.proposals_per_month(request.user),
        **_vocabulary(),
    }
    return render_page(request, BOARD, context, partial="board")


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request):
    if request.method == "POST":
        form = ProposalForm(request.POST, user=request.user)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                proposal = services.proposal_create(actor=request.user, **data)
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                return redirect("improvement:proposal_detail", proposal_id=proposal.pk)
        status = _invalid(request)
    else:
        form = ProposalForm(user=request.user)
        status = 200
    return render_page(request, "improvement/proposal_form.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request, proposal_id: int):
    proposal = selectors.proposal_get(request.user, proposal_id)
    access.require(request.user, CHANGE_PROPOSAL, proposal)
    if request.method == "POST":
        form = ProposalForm(request.POST, instance=proposal, user=request.user, editing=True)
        if form.is_valid():
            try:
                services.proposal_update(
                    actor=request.user,
                    proposal=selectors.proposal_get(request.user, proposal_id),
                    data=form.cleaned_data,
                )
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                return redirect("improvement:proposal_detail", proposal_id=proposal.pk)
        status = _invalid(request)
    else:
        form = ProposalForm(instance=proposal, user=request.user, editing=True)
        status = 200
    return render_page(
        request,
        "improvement/proposal_form.html",
        {"form": form, "proposal": proposal},
        status=status,
    )


def _detail(request, proposal, *, status=200, **forms):
    user = request.user
    manage = access.can(user, MANAGE_PROPOSAL, proposal)
    stages = [
        {
            "status": s,
            "label": Status(s).label,
            "done": proposal.stage_index > i,
            "current": proposal.status == s,
        }
        for i, s in enumerate(STAGES)
    ]
    context = {
        "proposal": proposal,
        "stages": stages,
        **selectors.proposal_page(user, proposal),
        "may_manage": manage and bool(MOVES[proposal.status]),
        "may_plan": manage and not proposal.is_closed and proposal.status != Status.PROPOSED,
        "may_measure": manage and proposal.status in (Status.DO, Status.CHECK),
        "may_edit": access.can(user, CHANGE_PROPOSAL, proposal),
        "may_comment": access.can(user, COMMENT_PROPOSAL, proposal),
        "transition_form": forms.get("transition_form")
        or TransitionForm(proposal=proposal, initial={"owner": proposal.owner_id or user.pk}),
        "result_form": forms.get("result_form")
        or ResultForm(
            initial={
                "metric": proposal.result_metric,
                "before": proposal.result_before,
                "after": proposal.result_after,
                "unit": proposal.result_unit,
                "notes": proposal.result_notes,
            }
        ),
        "action_form": forms.get("action_form") or ActionForm(),
        "comment_form": forms.get("comment_form") or CommentForm(),
        "errors": forms.get("errors", []),
        **_vocabulary(),
    }
    return render_page(request, DETAIL, context, status=status)


@login_required
@require_http_methods(["GET"])
def proposal_detail(request, proposal_id: int):
    """A proposal: the PDCA stepper, problem and proposal, actions, result, votes, comments."""
    return _detail(request, selectors.proposal_get(request.user, proposal_id))


@login_required
@require_POST
def proposal_vote(request, proposal_id: int):
    """Toggle one's vote; htmx gets the button back with the new count."""
    proposal = selectors.proposal_get(request.user, proposal_id)
    access.require(request.user, VOTE_PROPOSAL, proposal)
    try:
        services.proposal_vote(actor=request.user, proposal=proposal)
    except DomainError as exc:
        if not wants_fragment(request):
            return _detail(request, proposal, status=400, errors=exc.messages)
    proposal = selectors.proposal_get(request.user, proposal_id)
    if wants_fragment(request):
        return render_page(
            request, LIST, {"proposal": proposal}, partial="vote-button", trigger="proposal:voted"
        )
    return redirect(request.POST.get("next") or proposal.get_absolute_url())


@login_required
@require_POST
def proposal_transition(request, proposal_id: int):
    proposal = selectors.proposal_get(request.user, proposal_id)
    access.require(request.user, MANAGE_PROPOSAL, proposal)
    form = TransitionForm(request.POST, proposal=proposal)
    if form.is_valid():
        try:
            services.proposal_transition(actor=request.user, proposal=proposal, **form.cleaned_data)
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            return redirect("improvement:proposal_detail", proposal_id=proposal.pk)
    return _detail(request, proposal, transition_form=form, status=_invalid(request))


@login_required
@require_POST
def proposal_result(request, proposal_id: int):
    proposal = selectors.proposal_get(request.user, proposal_id)
    access.require(request.user, MANAGE_PROPOSAL, proposal)
    form = ResultForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_record_result(
                actor=request.user, proposal=proposal, **form.cleaned_data
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            return redirect("improvement:proposal_detail", proposal_id=proposal.pk)
    return _detail(request, proposal, result_form=form, status=_invalid(request))


@login_required
@require_POST
def action_create(request, proposal_id: int):
    proposal = selectors.proposal_get(request.user, proposal_id)
    access.require(request.user, MANAGE_PROPOSAL, proposal)
    form = ActionForm(request.POST)
    if form.is_valid():
        try:
            services.action_create(actor=request.user, proposal=proposal, **form.cleaned_data)
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            return redirect("improvement:proposal_detail", proposal_id=proposal.pk)
    return _detail(request, proposal, action_form=form, status=_invalid(request))


@login_required
@require_POST
def action_toggle(request, improvementaction_id: int):
    """Tick an action done (or undo it): who manages the proposal, or the action's owner."""
    action = access.get_visible_or_404(
        request.user, ImprovementAction.objects.select_related("proposal"),
        pk=improvementaction_id,
    )  # fmt: skip
    if action.owner_id != request.user.pk:
        access.require(request.user, MANAGE_PROPOSAL, action.proposal)
    proposal = selectors.proposal_get(request.user, action.proposal_id)
    try:
        services.action_set_done(actor=request.user, action=action, done=not action.done)
    except DomainError as exc:
        return _detail(request, proposal, status=400, errors=exc.messages)
    return redirect("improvement:proposal_detail", proposal_id=proposal.pk)


@login_required
@require_POST
def comment_create(request, proposal_id: int):
    proposal = selectors.proposal_get(request.user, proposal_id)
    access.require(request.user, COMMENT_PROPOSAL, proposal)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(actor=request.user, proposal=proposal, **form.cleaned_data)
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            return redirect(f"{proposal.get_absolute_url()}#comments")
    return _detail(request, proposal, comment_form=form, status=_invalid(request))
