"""The service desk: the queue (vendor) or "my tickets" (client), one ticket with its
timeline and in-place actions, and opening a ticket."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page

from .. import forms_tickets as forms
from .. import permissions as perms
from ..choices import OPEN_STATUSES, Priority, TicketKind, TicketStatus
from ..models import ServiceContract, SlaEscalation, SupportGroup, Ticket, TicketEvent
from ..services import tickets as services

QUEUE = "operations/queue.html"
DETAIL = "operations/ticket_detail.html"
FORM = "operations/ticket_form.html"
STATUS_COLOURS = {
    TicketStatus.NEW: "blue",
    TicketStatus.ASSIGNED: "azure",
    TicketStatus.IN_PROGRESS: "yellow",
    TicketStatus.PENDING_CLIENT: "purple",
    TicketStatus.RESOLVED: "green",
    TicketStatus.CLOSED: "secondary",
}
PRIORITY_COLOURS = {"P1": "red", "P2": "orange", "P3": "yellow", "P4": "secondary"}


def sla_badge(ticket, now) -> dict:
    """State and due moment of the SLA clock that matters now (response until answered,
    then resolution): green on track, amber past warning, red breached, grey paused."""
    if ticket.first_response_at is None:
        due, breached = ticket.response_due, ticket.response_breached
    else:
        due, breached = ticket.resolution_due, ticket.resolution_breached
    if not ticket.is_open:
        state = "red" if (ticket.response_breached or ticket.resolution_breached) else "green"
        return {
            "state": state,
            "due": None,
            "label": _("met") if state == "green" else _("breached"),
        }
    if ticket.paused_since is not None:
        return {"state": "secondary", "due": due, "label": _("paused")}
    if breached or (due is not None and due <= now):
        return {"state": "red", "due": due, "label": _("breached")}
    if getattr(ticket, "warned", False):
        return {"state": "orange", "due": due, "label": _("warning")}
    return {"state": "green", "due": due, "label": _("on track")}


def _decorate(ticket, now):
    ticket.sla = sla_badge(ticket, now)
    ticket.status_colour = STATUS_COLOURS[ticket.status]
    ticket.priority_colour = PRIORITY_COLOURS.get(ticket.priority, "secondary")
    return ticket


@login_required
@require_http_methods(["GET"])
def ticket_list(request):
    """Vendor staff: the queue (my tickets, my group, all); clients: their organisation's."""
    user = request.user
    g = request.GET
    tickets = access.visible(user, Ticket).select_related("client", "group", "assignee")
    vendor = perms.is_vendor(user)
    tab = g.get("tab", "mine" if vendor else "all")
    if vendor and tab == "mine":
        tickets = tickets.filter(assignee=user)
    elif vendor and tab == "group":
        tickets = tickets.filter(Q(group__members=user) | Q(group__lead=user)).distinct()
    status = g.get("status", "open")
    if status == "open":
        tickets = tickets.filter(status__in=OPEN_STATUSES)
    elif status in TicketStatus.values:
        tickets = tickets.filter(status=status)
    for field, values in (("priority", Priority.values), ("kind", TicketKind.values)):
        if g.get(field) in values:
            tickets = tickets.filter(**{field: g[field]})
    if g.get("client", "").isdigit():
        tickets = tickets.filter(client_id=int(g["client"]))
    if g.get("group", "").isdigit():
        tickets = tickets.filter(group_id=int(g["group"]))
    if g.get("breached") == "1":
        tickets = tickets.filter(Q(response_breached=True) | Q(resolution_breached=True))
    q = g.get("q", "").strip()
    if q:
        tickets = tickets.filter(Q(number__icontains=q) | Q(title__icontains=q))
    tickets = tickets.annotate(
        warned=Exists(SlaEscalation.objects.filter(ticket=OuterRef("pk"), threshold="warning"))
    ).order_by("-opened_at", "-pk")
    page = Paginator(tickets, 50).get_page(g.get("page"))
    now = timezone.now()
    for ticket in page.object_list:
        _decorate(ticket, now)
    query = g.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "vendor": vendor,
        "tab": tab,
        "status": status,
        "filters": g,
        "query": query.urlencode(),
        "statuses": TicketStatus.choices,
        "priorities": Priority.choices,
        "kinds": TicketKind.choices,
        "clients": perms.account_clients(user).order_by("name") if vendor else [],
        "groups": access.visible(user, SupportGroup) if vendor else [],
        "can_open": access.visible(user, ServiceContract, perms.ADD_TICKET).exists(),
    }
    return render_page(request, QUEUE, context, partial="ticket-table")


def describe(event) -> str:
    """One line for a timeline event, in the reader's language, from its stored values."""
    data = event.data or {}
    label = dict(TicketStatus.choices)
    if event.kind == "status":
        if not data.get("from"):
            return _("Opened")
        if data.get("reopened"):
            return _("Reopened")
        return _("%(from)s → %(to)s") % {
            "from": label.get(data["from"], data["from"]),
            "to": label.get(data.get("to"), data.get("to")),
        }
    if event.kind == "assignment":
        return _("Assigned to %(group)s / %(who)s") % {
            "group": data.get("group_name") or "—",
            "who": data.get("assignee_name") or _("unassigned"),
        }
    if event.kind == "priority":
        return _("Priority %(from)s → %(to)s") % data
    if event.kind in ("sla_warning", "sla_breach"):
        target = {"response": _("response"), "resolution": _("resolution")}.get(
            data.get("target"), data.get("target", "")
        )
        if event.kind == "sla_warning":
            return _("SLA warning: %(target)s target nearly used") % {"target": target}
        return _("SLA breached: %(target)s target missed") % {"target": target}
    if event.kind == "confirmation":
        return _("The client confirmed the resolution")
    return event.get_kind_display()


def _detail_context(request, ticket, **extra):
    user = request.user
    events = list(access.visible(user, TicketEvent).filter(ticket=ticket).select_related("author"))
    for event in events:
        event.text = describe(event)
    vendor = perms.is_vendor(user)
    context = {
        "ticket": _decorate(ticket, timezone.now()),
        "events": events,
        "vendor": vendor,
        "moves": services.allowed_moves(ticket, user),
        "can_change": access.can(user, perms.CHANGE_TICKET, ticket),
        "can_reply": access.can(user, perms.REPLY_TICKET, ticket),
        "can_confirm": user.is_client and access.can(user, perms.CONFIRM_TICKET, ticket),
        "comment_form": extra.pop("comment_form", None) or forms.CommentForm(),
        "transition_form": extra.pop("transition_form", None) or forms.TransitionForm(),
        "statuses": dict(TicketStatus.choices),
    }
    if vendor and context["can_change"]:
        context["assign_form"] = extra.pop("assign_form", None) or forms.AssignForm(ticket=ticket)
        context["priority_form"] = extra.pop("priority_form", None) or forms.PriorityForm(
            initial={"priority": ticket.priority if ticket.priority_overridden else ""}
        )
    context.update(extra)
    return context


def _ticket(request, ticket_id):
    queryset = Ticket.objects.select_related(
        "client", "contract__sla_policy", "service", "configuration_item", "group", "assignee",
        "reporter",
    )  # fmt: skip
    ticket = access.get_visible_or_404(request.user, queryset, pk=ticket_id)
    ticket.warned = ticket.escalations.filter(threshold="warning").exists()
    return ticket


@login_required
@require_http_methods(["GET"])
def ticket_detail(request, ticket_id):
    ticket = _ticket(request, ticket_id)
    return render_page(request, DETAIL, _detail_context(request, ticket), partial="ticket-main")


def _act(request, ticket_id, form_class, run, form_key, form_kwargs=None):
    """Run one action from a POSTed form; the ticket panel again (htmx) or a redirect."""
    ticket = _ticket(request, ticket_id)
    form = form_class(request.POST, **(form_kwargs(ticket) if form_kwargs else {}))
    status = 200
    if form.is_valid():
        try:
            run(ticket, form.cleaned_data)
        except DomainError as error:
            error.add_to_form(form)
            status = 200 if request.htmx else 400
        else:
            if not request.htmx:
                messages.success(request, _("Saved."))
                return redirect("operations:ticket_detail", ticket_id=ticket.pk)
            ticket = _ticket(request, ticket_id)
            return render_page(request, DETAIL, _detail_context(request, ticket),
                               partial="ticket-main")  # fmt: skip
    else:
        status = 200 if request.htmx else 400
    context = _detail_context(request, ticket, **{form_key: form})
    return render_page(request, DETAIL, context, partial="ticket-main", status=status)


@login_required
@require_POST
def ticket_comment(request, ticket_id):
    def run(ticket, data):
        public = data["public"] or request.user.is_client
        services.ticket_comment(actor=request.user, ticket=ticket, body=data["body"],
                                public=public)  # fmt: skip

    return _act(request, ticket_id, forms.CommentForm, run, "comment_form", form_kwargs=None)


@login_required
@require_POST
def ticket_transition(request, ticket_id):
    def run(ticket, data):
        services.ticket_transition(actor=request.user, ticket=ticket, **data)

    return _act(request, ticket_id, forms.TransitionForm, run, "transition_form", form_kwargs=None)


@login_required
@require_POST
def ticket_assign(request, ticket_id):
    def run(ticket, data):
        services.ticket_assign(actor=request.user, ticket=ticket, group=data["group"],
                               assignee=data["assignee"])  # fmt: skip

    return _act(request, ticket_id, forms.AssignForm, run, "assign_form",
                form_kwargs=lambda t: {"ticket": t})  # fmt: skip


@login_required
@require_POST
def ticket_priority(request, ticket_id):
    def run(ticket, data):
        services.ticket_set_priority(actor=request.user, ticket=ticket, priority=data["priority"])

    return _act(request, ticket_id, forms.PriorityForm, run, "priority_form", form_kwargs=None)


@login_required
@require_http_methods(["GET", "POST"])
def ticket_create(request):
    user = request.user
    form = forms.TicketOpenForm(request.POST or None, user=user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                ticket = services.ticket_open(
                    actor=user,
                    contract=data["contract"],
                    title=data["title"],
                    description=data["description"],
                    kind=data["kind"],
                    impact=data["impact"],
                    urgency=data["urgency"],
                    service=data["service"],
                    configuration_item=data["configuration_item"],
                    source="portal" if user.is_client else "engineer",
                )
            except DomainError as error:
                error.add_to_form(form)
            else:
                messages.success(
                    request, _("Ticket %(number)s opened.") % {"number": ticket.number}
                )
                return redirect("operations:ticket_detail", ticket_id=ticket.pk)
        status = 400
    return render_page(request, FORM, {"form": form}, status=status)
