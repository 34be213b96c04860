"""Changes: the list, one change with its CAB decisions and next step, the change calendar
with maintenance windows and freezes, and the windows themselves."""

from __future__ import annotations

import calendar
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page, wants_fragment

from .. import forms_change as forms
from .. import permissions as perms
from ..choices import ChangeDecision, ChangeKind, ChangeStatus, WindowKind
from ..models import Change, MaintenanceWindow, ServiceContract
from ..services import changes as services
from ..services import windows as window_services

LIST = "operations/change_list.html"
DETAIL = "operations/change_detail.html"
CALENDAR = "operations/change_calendar.html"

STATUS_COLOURS = {
    ChangeStatus.DRAFT: "secondary",
    ChangeStatus.SUBMITTED: "yellow",
    ChangeStatus.APPROVED: "cyan",
    ChangeStatus.REJECTED: "red",
    ChangeStatus.SCHEDULED: "blue",
    ChangeStatus.IMPLEMENTED: "green",
    ChangeStatus.FAILED: "red",
    ChangeStatus.ROLLED_BACK: "orange",
    ChangeStatus.CLOSED: "teal",
    ChangeStatus.CANCELLED: "muted",
}
KIND_ICONS = {
    ChangeKind.STANDARD: "bi-check2-square",
    ChangeKind.NORMAL: "bi-clipboard-check",
    ChangeKind.EMERGENCY: "bi-lightning-charge",
}


def _invalid(request) -> int:
    # htmx swaps 2xx answers only: the re-rendered form with its errors must arrive as 200.
    return 200 if getattr(request, "htmx", False) else 400


def _decorate(change: Change) -> Change:
    change.colour = STATUS_COLOURS.get(change.status, "secondary")
    change.icon = KIND_ICONS.get(change.kind, "bi-clipboard")
    return change


@login_required
@require_http_methods(["GET"])
def change_list(request):
    """Every change the user may see, filtered by status, kind and client (the URL holds the
    filters)."""
    changes = access.visible(request.user, Change).select_related("client", "contract")
    status, kind, client = (request.GET.get(k, "") for k in ("status", "kind", "client"))
    if status == "open":
        changes = changes.filter(status__in=[s.value for s in services.CANCELLABLE])
    elif status in ChangeStatus.values:
        changes = changes.filter(status=status)
    if kind in ChangeKind.values:
        changes = changes.filter(kind=kind)
    if client.isdigit():
        changes = changes.filter(client_id=int(client))
    changes = [_decorate(c) for c in changes.order_by("-planned_start", "-pk")[:500]]
    context = {
        "changes": changes,
        "filters": {"status": status, "kind": kind, "client": client},
        "statuses": ChangeStatus.choices,
        "kinds": ChangeKind.choices,
        "clients": _calendar_clients(request.user),
        "may_add": perms.is_vendor(request.user)
        and access.visible(request.user, ServiceContract, perms.ADD_CHANGE).exists(),
    }
    return render_page(request, LIST, context, partial="change-table")


@login_required
@require_http_methods(["GET", "POST"])
def change_create(request):
    if not perms.is_vendor(request.user):
        raise Http404
    form = forms.ChangeForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                change = services.change_create(
                    actor=request.user, contract=data.pop("contract"), title=data.pop("title"),
                    planned_start=data.pop("planned_start"), planned_end=data.pop("planned_end"),
                    **data,
                )  # fmt: skip
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                return redirect("operations:change_detail", change_id=change.pk)
        status = _invalid(request)
    return render_page(
        request, "operations/change_form.html", {"form": form, "change": None}, status=status
    )


def _change(request, change_id: int) -> Change:
    return _decorate(
        access.get_visible_or_404(
            request.user,
            Change.objects.select_related("client", "contract", "created_by", "override_by"),
            pk=change_id,
        )
    )


def _detail(request, change, *, forms_with_errors=None, status=200, trigger=None):
    user = request.user
    vendor = perms.is_vendor(user)
    may_change = vendor and access.can(user, perms.CHANGE_CHANGE, change)
    may_decide = (
        vendor
        and access.can(user, perms.APPROVE_CHANGE, change)
        and change.kind != ChangeKind.STANDARD
        and change.status in services.DECIDABLE.get(change.kind, ())
    )
    approvals = list(change.approvals.select_related("approver")) if vendor else []
    decided = any(a.approver_id == user.pk for a in approvals)
    errors = forms_with_errors or {}
    s = ChangeStatus
    steps = {}
    if may_change:
        if change.status == s.DRAFT:
            steps["submit"] = errors.get("submit") or forms.OverrideForm()
        schedulable = (s.APPROVED, s.SCHEDULED) + (
            (s.SUBMITTED,) if change.kind == ChangeKind.EMERGENCY else ()
        )
        if change.status in schedulable:
            steps["schedule"] = errors.get("schedule") or forms.ScheduleForm(
                initial={
                    "planned_start": timezone.localtime(change.planned_start),
                    "planned_end": timezone.localtime(change.planned_end),
                }
            )
        if change.status == s.SCHEDULED:
            steps["implement"] = errors.get("implement") or forms.ImplementForm()
        if change.status in services.DONE:
            steps["review"] = errors.get("review") or forms.ReviewForm()
        if change.status in services.CANCELLABLE:
            steps["cancel"] = errors.get("cancel") or forms.CancelForm()
    verdict = window_services.interval_check(
        client=change.client,
        contract=change.contract,
        start=change.planned_start,
        end=change.planned_end,
    )
    context = {
        "change": change,
        "vendor": vendor,
        "approvals": approvals,
        "approved_count": sum(1 for a in approvals if a.decision == ChangeDecision.APPROVE),
        "approvals_needed": services.approvals_needed(),
        "may_change": may_change,
        "may_edit": may_change and change.status == s.DRAFT,
        "may_decide": may_decide and not decided,
        "decision_form": errors.get("decide") or forms.DecisionForm(),
        "steps": steps,
        "verdict": verdict,
        "items": list(change.configuration_items.all()),
    }
    return render_page(
        request, DETAIL, context, partial="change-body", status=status, trigger=trigger
    )


@login_required
@require_http_methods(["GET"])
def change_detail(request, change_id: int):
    return _detail(request, _change(request, change_id))


@login_required
@require_http_methods(["GET", "POST"])
def change_edit(request, change_id: int):
    change = _change(request, change_id)
    access.require(request.user, perms.CHANGE_CHANGE, change)
    form = forms.ChangeForm(
        request.POST or None,
        instance=Change.objects.get(pk=change.pk),
        user=request.user,
        initial={"configuration_items": change.configuration_items.all()},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.change_update(actor=request.user, change=change, data=form.cleaned_data)
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                return redirect("operations:change_detail", change_id=change.pk)
        status = _invalid(request)
    return render_page(
        request, "operations/change_form.html", {"form": form, "change": change}, status=status
    )


STEP_FORMS = {
    "submit": forms.OverrideForm,
    "schedule": forms.ScheduleForm,
    "implement": forms.ImplementForm,
    "review": forms.ReviewForm,
    "cancel": forms.CancelForm,
    "approve": forms.DecisionForm,
    "reject": forms.DecisionForm,
}
DONE_MESSAGES = {
    "submit": gettext_lazy("The change was submitted."),
    "schedule": gettext_lazy("The change was scheduled."),
    "implement": gettext_lazy("The implementation result was recorded."),
    "review": gettext_lazy("The review closed the change."),
    "cancel": gettext_lazy("The change was cancelled."),
    "approve": gettext_lazy("Your approval was recorded."),
    "reject": gettext_lazy("Your rejection was recorded."),
}


@login_required
@require_POST
def change_act(request, change_id: int, verb: str):
    """One step of a change (submit, schedule, implement, review, cancel) or a CAB decision
    (approve, reject); answers the change's body, with the step's errors if it failed."""
    change = _change(request, change_id)
    deciding = verb in ("approve", "reject")
    access.require(request.user, perms.APPROVE_CHANGE if deciding else perms.CHANGE_CHANGE, change)
    form = STEP_FORMS[verb](request.POST)
    key = "decide" if deciding else verb
    if form.is_valid():
        data = form.cleaned_data
        try:
            if deciding:
                services.change_decide(
                    actor=request.user, change=change, decision=verb, comment=data["comment"]
                )
            else:
                getattr(services, f"change_{verb}")(actor=request.user, change=change, **data)
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, str(DONE_MESSAGES[verb]))
            if not wants_fragment(request):
                return redirect("operations:change_detail", change_id=change.pk)
            return _detail(request, _change(request, change_id), trigger="change:updated")
    return _detail(request, change, forms_with_errors={key: form}, status=_invalid(request))


# --- the calendar ------------------------------------------------------------------------------


def _calendar_clients(user):
    """Client organisations the user may filter the calendar by."""
    from accounts.models import Organization

    if user.is_client:
        return Organization.objects.filter(pk=user.organization_id)
    return perms.account_clients(user).order_by("name")


def _month(request) -> datetime.date:
    year, _sep, number = request.GET.get("month", "").partition("-")
    try:
        if 1900 <= int(year) <= 2999:
            return datetime.date(int(year), int(number), 1)
    except ValueError:
        pass
    return timezone.localdate().replace(day=1)


@login_required
@require_http_methods(["GET"])
def change_calendar(request):
    """A month grid: maintenance windows (green), freezes (red band), changes by status."""
    user = request.user
    month = _month(request)
    tz = timezone.get_current_timezone()
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    first_day, last_day = weeks[0][0], weeks[-1][-1]
    start = datetime.datetime.combine(first_day, datetime.time(), tz)
    end = datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time(), tz)
    client = request.GET.get("client", "")
    changes = access.visible(user, Change).filter(planned_start__lt=end, planned_end__gt=start)
    windows = access.visible(user, MaintenanceWindow).filter(
        pk__in=window_services.windows_overlapping(None, start, end).values("pk")
    )
    if client.isdigit():
        changes = changes.filter(client_id=int(client))
        windows = windows.filter(client_id=int(client))
    days: dict[datetime.date, dict] = {
        d: {"day": d, "in_month": d.month == month.month, "freezes": [], "windows": [],
            "changes": [], "today": d == timezone.localdate()}
        for week in weeks for d in week
    }  # fmt: skip

    def spread(begin, finish, key, item):
        local_start = timezone.localtime(begin, tz).date()
        local_end = timezone.localtime(finish - datetime.timedelta(microseconds=1), tz).date()
        day = max(local_start, first_day)
        while day <= min(local_end, last_day):
            days[day][key].append(item)
            day += datetime.timedelta(days=1)

    for window in windows.select_related("client"):
        key = "freezes" if window.kind == WindowKind.FREEZE else "windows"
        for occ_start, occ_end in window_services.occurrences(window, start, end):
            spread(occ_start, occ_end, key, {"window": window, "start": occ_start, "end": occ_end})
    for change in changes.select_related("client").order_by("planned_start"):
        spread(change.planned_start, change.planned_end, "changes", _decorate(change))
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    vendor = perms.is_vendor(user)
    context = {
        "month": month,
        "previous": previous,
        "following": following,
        "weeks": [[days[d] for d in week] for week in weeks],
        "weekdays": [weeks[0][i] for i in range(7)],
        "client": client,
        "clients": _calendar_clients(user),
        "window_form": forms.WindowForm(user=user) if vendor else None,
        "legend": [(c, ChangeStatus(s).label) for s, c in STATUS_COLOURS.items()],
        "windows": list(
            access.visible(user, MaintenanceWindow)
            .select_related("client", "contract")
            .filter(**({"client_id": int(client)} if client.isdigit() else {}))
            .order_by("-starts_at")[:50]
        ),
        "may_edit_windows": vendor,
    }
    return render_page(request, CALENDAR, context, partial="calendar-body")


@login_required
@require_http_methods(["POST"])
def window_create(request):
    """Agree a window or announce a freeze (vendor staff serving the client)."""
    if not perms.is_vendor(request.user):
        raise Http404
    form = forms.WindowForm(request.POST, user=request.user)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            window = window_services.window_create(
                actor=request.user, client=data.pop("client"), title=data.pop("title"),
                starts_at=data.pop("starts_at"), ends_at=data.pop("ends_at"), **data,
            )  # fmt: skip
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, _("The window was saved."))
            month = timezone.localtime(window.starts_at).strftime("%Y-%m")
            return redirect(f"{_calendar_url()}?month={month}&client={window.client_id}")
    return render_page(
        request, "operations/window_form.html", {"form": form}, status=_invalid(request)
    )


@login_required
@require_POST
def window_delete(request, window_id: int):
    window = access.get_visible_or_404(request.user, MaintenanceWindow, pk=window_id)
    access.require(request.user, perms.CHANGE_MAINTENANCE_WINDOW, window)
    window_services.window_delete(actor=request.user, window=window)
    messages.success(request, _("The window was removed."))
    return redirect(_calendar_url())


def _calendar_url() -> str:
    from django.urls import reverse

    return reverse("operations:change_calendar")
