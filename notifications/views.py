"""The bell, the list of one's notifications, notification settings, and team-chat webhooks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page, wants_fragment

from . import events, selectors, services
from .forms import DigestForm, WebhookEndpointForm
from .models import Notification, WebhookEndpoint

PAGE_SIZE = 25
BELL = "notifications/notification_bell.html"


def _state(request) -> str:
    state = request.GET.get("state", "all")
    return state if state in selectors.STATES else "all"


def _list_context(request) -> dict:
    state = _state(request)
    page = Paginator(
        selectors.notification_list(user=request.user, state=state), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return {
        "page": page,
        "state": state,
        "states": [("all", _("All")), ("unread", _("Unread")), ("read", _("Read"))],
        "unread": selectors.unread_count(user=request.user),
    }


@login_required
@require_GET
def notification_list(request):
    """Every notification of the signed-in person, filtered by read state (the URL keeps it)."""
    return render_page(
        request,
        "notifications/notification_list.html",
        _list_context(request),
        partial="notification-list",
    )


@login_required
@require_GET
def notification_badge(request):
    """The bell's unread count (polled every 30 s): one query."""
    return render_page(
        request,
        BELL,
        {"unread": selectors.unread_count(user=request.user), "oob": True},
        partial="notification-badges",
    )


def _menu(request):
    return render_page(
        request,
        BELL,
        {
            "latest": selectors.latest(user=request.user),
            "unread": selectors.unread_count(user=request.user),
            "oob": True,
        },
        partial="notification-menu",
    )


@login_required
@require_GET
def notification_menu(request):
    """The bell's dropdown: the latest notifications."""
    return _menu(request)


def _own(request, notification_id: int) -> Notification:
    return access.get_visible_or_404(
        request.user,
        Notification.objects.filter(recipient=request.user),
        pk=notification_id,
    )


@login_required
@require_GET
def notification_open(request, notification_id: int):
    """Follow a notification's link, marking it read on the way."""
    notification = _own(request, notification_id)
    services.notification_mark_read(notification=notification, actor=request.user)
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect("notifications:notification_list")
    return redirect(target)


def _back(request):
    """Where a form without JavaScript returns to: its `next`, if it is ours."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("notifications:notification_list")


@login_required
@require_POST
def notification_read(request, notification_id: int):
    notification = _own(request, notification_id)
    services.notification_mark_read(notification=notification, actor=request.user)
    if not wants_fragment(request):
        return _back(request)
    return render_page(
        request,
        "notifications/notification_list.html",
        {
            "notification": notification,
            "unread": selectors.unread_count(user=request.user),
            "row_oob": True,
            "oob": True,
        },
        partial="notification-row",
        trigger="notification:read",
    )


@login_required
@require_POST
def notification_read_all(request):
    count = services.notifications_mark_all_read(actor=request.user)
    if wants_fragment(request) and request.POST.get("view") == "menu":
        return _menu(request)
    if wants_fragment(request):
        return render_page(
            request,
            "notifications/notification_list.html",
            {**_list_context(request), "oob": True},
            partial="notification-list",
            trigger="notification:read",
        )
    if count:
        messages.success(request, _("Every notification is marked read."))
    return _back(request)


# --- settings ---------------------------------------------------------------------------------


def _flag(request, name: str) -> bool:
    # A checkbox follows a hidden "0", so the last value is the box's state.
    values = request.POST.getlist(name)
    return bool(values) and values[-1] == "1"


@login_required
@require_http_methods(["GET", "POST"])
def notification_preferences(request):
    """Every event that can reach the person, with a switch per channel (saved at once)."""
    user = request.user
    if request.method == "POST":
        event = request.POST.get("event", "")
        if not events.is_registered(event):
            return redirect("notifications:preferences")
        for channel in events.PERSONAL_CHANNELS:
            services.preference_set(
                user=user, event=event, channel=channel, enabled=_flag(request, channel)
            )
        if not wants_fragment(request):
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:preferences")
        return render_page(
            request,
            "notifications/notification_preferences.html",
            {"row": selectors.preference_row(user=user, event=event), "saved": True},
            partial="preference-row",
            trigger="preference:saved",
        )
    digest = selectors.digest_of(user=user)
    return render_page(
        request,
        "notifications/notification_preferences.html",
        {
            "rows": selectors.preference_rows(user=user),
            "digest_form": DigestForm(initial={"daily": digest.daily, "hour": digest.hour}),
            "may_add_webhooks": access.can(user, "notifications.add_webhookendpoint"),
        },
    )


@login_required
@require_POST
def notification_digest(request):
    """Turn the daily digest on or off, and choose its hour."""
    form = DigestForm(request.POST)
    saved = False
    if form.is_valid():
        try:
            services.digest_set(user=request.user, **form.cleaned_data)
        except DomainError as error:
            error.add_to_form(form)
        else:
            saved = True
    if not wants_fragment(request):
        if saved:
            messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    return render_page(
        request,
        "notifications/notification_preferences.html",
        {"digest_form": form, "saved": saved},
        partial="digest-form",
    )


# --- team-chat webhooks -----------------------------------------------------------------------


def _endpoint(request, webhookendpoint_id: int) -> WebhookEndpoint:
    return access.get_visible_or_404(
        request.user, WebhookEndpoint.objects.select_related("project"), pk=webhookendpoint_id
    )


@login_required
@require_GET
def webhook_list(request):
    """The webhooks of the projects the user manages (every one, for the PMO)."""
    access.require(request.user, "notifications.view_webhookendpoint")
    return render_page(
        request,
        "notifications/webhook_list.html",
        {"endpoints": selectors.webhook_endpoints(user=request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def webhook_create(request):
    access.require(request.user, "notifications.add_webhookendpoint")
    form = WebhookEndpointForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = services.webhook_endpoint_create(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("The webhook is added."))
            return redirect("notifications:webhook_edit", webhookendpoint_id=endpoint.pk)
    return render_page(request, "notifications/webhook_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def webhook_edit(request, webhookendpoint_id: int):
    """Change a webhook, remove it, and see what it was sent."""
    endpoint = _endpoint(request, webhookendpoint_id)
    access.require(request.user, "notifications.change_webhookendpoint", endpoint)
    form = WebhookEndpointForm(request.POST or None, user=request.user, endpoint=endpoint)
    if request.method == "POST":
        if request.POST.get("action") == "delete":
            access.require(request.user, "notifications.delete_webhookendpoint", endpoint)
            services.webhook_endpoint_delete(actor=request.user, endpoint=endpoint)
            messages.success(request, _("The webhook is removed."))
            return redirect("notifications:webhook_list")
        if form.is_valid():
            try:
                services.webhook_endpoint_update(
                    actor=request.user, endpoint=endpoint, data=form.cleaned_data
                )
            except DomainError as error:
                error.add_to_form(form)
            else:
                messages.success(request, _("The webhook is saved."))
                return redirect("notifications:webhook_edit", webhookendpoint_id=endpoint.pk)
    return render_page(
        request,
        "notifications/webhook_form.html",
        {
            "form": form,
            "endpoint": endpoint,
            "deliveries": selectors.webhook_deliveries(user=request.user, endpoint=endpoint),
        },
        partial="webhook-deliveries",
    )


@login_required
@require_POST
def webhook_test(request, webhookendpoint_id: int):
    """Send a test message through the worker; the deliveries table shows how it went."""
    endpoint = _endpoint(request, webhookendpoint_id)
    access.require(request.user, "notifications.change_webhookendpoint", endpoint)
    services.webhook_endpoint_test(actor=request.user, endpoint=endpoint)
    messages.success(request, _("A test message is on its way; refresh to see how it went."))
    return redirect("notifications:webhook_edit", webhookendpoint_id=endpoint.pk)
