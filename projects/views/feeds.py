"""A person's private iCalendar feed: their open tasks and their projects' milestones.

Calendar apps cannot sign in, so the address itself is the secret (a random token, rotated or
revoked from the preferences page). A wrong, rotated or revoked token answers 404.
"""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from icalendar import Calendar, Event

from accounts import services as account_services
from accounts.models import CalendarFeedToken, User
from ito_portal.core.errors import DomainError

from .. import selectors_work
from ..models import Task

# The UIDs must never change, or calendar apps would duplicate every event.
UID_DOMAIN = "ito-portal"


@require_http_methods(["GET", "HEAD"])
def calendar_feed(request, token: str):
    """The .ics file a calendar app subscribes to; no sign-in, the token is the key."""
    feed = (
        CalendarFeedToken.objects.select_related("user", "user__organization")
        .filter(token=token)
        .first()
    )
    if feed is None or not feed.user.is_active or feed.user.is_client:
        raise Http404(_("Not found."))
    user = feed.user
    with translation.override(user.language or translation.get_language()):
        body = _calendar(request, user, selectors_work.feed_tasks(user=user))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="ito-portal-tasks.ics"'
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _calendar(request, user: User, tasks: list[Task]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//ITO Portal//Tasks and milestones//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{settings.SITE_NAME} · {user}")
    calendar.add("x-wr-caldesc", _("Your open tasks and your projects' milestones."))
    calendar.add("x-published-ttl", "PT1H")
    now = timezone.now()
    for task in tasks:
        calendar.add_component(_event(request, task, now))
    return calendar.to_ical()


def _event(request, task: Task, now: dt.datetime) -> Event:
    event = Event()
    event.add("uid", f"task-{task.pk}@{UID_DOMAIN}")
    event.add("dtstamp", now)
    event.add("last-modified", task.updated_at)
    # All-day events: DTEND is exclusive, so a task finishing on Friday ends on Saturday.
    if task.is_milestone:
        event.add("dtstart", task.finish_date)
        summary = _("◆ %(name)s (milestone)") % {"name": task.name}
    else:
        event.add("dtstart", task.start_date)
        summary = task.name
    event.add("dtend", task.finish_date + dt.timedelta(days=1))
    event.add("summary", f"[{task.project.code}] {summary}")
    url = request.build_absolute_uri(
        reverse("projects:task_detail", kwargs={"project_id": task.project_id, "task_id": task.pk})
    )
    event.add(
        "description",
        "\n".join(
            [
                f"{task.project.code} {task.project.name}",
                _("WBS %(wbs)s · %(status)s · %(percent)s%% complete")
                % {
                    "wbs": task.wbs,
                    "status": task.get_status_display(),
                    "percent": task.percent_complete,
                },
                url,
            ]
        ),
    )
    event.add("url", url)
    event.add("categories", [task.project.code])
    event.add("transp", "TRANSPARENT")
    return event


@login_required
@require_POST
def calendar_feed_token(request):
    """Create, rotate or revoke the signed-in person's feed address (preferences page)."""
    action = request.POST.get("action")
    try:
        if action == "create":
            account_services.calendar_feed_token_create(user=request.user)
            messages.success(request, _("Your calendar feed is on. Subscribe to its address."))
        elif action == "rotate":
            account_services.calendar_feed_token_rotate(user=request.user)
            messages.success(
                request,
                _("Your calendar feed has a new address; the old one no longer works."),
            )
        elif action == "revoke":
            account_services.calendar_feed_token_revoke(user=request.user)
            messages.success(request, _("Your calendar feed is off."))
        else:
            raise DomainError(_("Unknown action."))
    except DomainError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(reverse("accounts:preferences") + "#calendar-feed")
