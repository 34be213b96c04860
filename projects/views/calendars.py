"""Working calendars: every project counts its days on one; the PMO edits them."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page

from .. import selectors, services
from ..forms import CalendarDayForm, CalendarWeekForm
from ..models import CalendarException, WorkCalendar


@login_required
@require_http_methods(["GET"])
def calendar_list(request):
    calendars = (
        access.visible(request.user, WorkCalendar)
        .annotate(
            project_count=Count("projects", distinct=True),
            exception_count=Count("exceptions", distinct=True),
        )
        .order_by("-is_default", "name")
    )
    return render_page(request, "projects/calendar_list.html", {"calendars": calendars})


@login_required
@require_http_methods(["GET", "POST"])
def calendar_detail(request, calendar_id: int):
    """A year of the calendar; the PMO sets a day, the working week, or fills in holidays."""
    calendar = access.get_visible_or_404(request.user, WorkCalendar, pk=calendar_id)
    may_edit = access.can(request.user, "projects.change_workcalendar", calendar)
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 1990), 2100)
    week_form = CalendarWeekForm(
        initial={"working_weekdays": [str(d) for d in calendar.working_weekdays]}
    )
    day_form = CalendarDayForm()
    if request.method == "POST":
        access.require(request.user, "projects.change_workcalendar", calendar)
        action = request.POST.get("action")
        try:
            if action == "week":
                week_form = CalendarWeekForm(request.POST)
                if week_form.is_valid():
                    services.calendar_update(
                        actor=request.user, calendar=calendar,
                        data={"working_weekdays": [int(d) for d in week_form.cleaned_data["working_weekdays"]]},
                    )  # fmt: skip
                    messages.success(
                        request, _("The working week is saved; plans are being rescheduled.")
                    )
                    return redirect(f"{request.path}?year={year}")
            elif action == "day":
                day_form = CalendarDayForm(request.POST)
                if day_form.is_valid():
                    _set_day(request, calendar, day_form.cleaned_data)
                    return redirect(f"{request.path}?year={year}")
            elif action == "fill":
                added = services.calendar_fill_china(
                    actor=request.user, calendar=calendar, years=[year]
                )
                messages.success(
                    request,
                    _("%(count)s public holidays and working weekends of %(year)s added.")
                    % {"count": added, "year": year},
                )
                return redirect(f"{request.path}?year={year}")
        except DomainError as exc:
            for message in exc.messages:
                messages.error(request, message)
    return render_page(
        request,
        "projects/calendar_detail.html",
        {
            "calendar": calendar,
            "year": year,
            "months": selectors.calendar_year(calendar=calendar, year=year),
            "exceptions": calendar.exceptions.filter(date__year=year).order_by("date"),
            "may_edit": may_edit,
            "week_form": week_form,
            "day_form": day_form,
        },
    )


def _set_day(request, calendar: WorkCalendar, data: dict) -> None:
    day: dt.date = data["date"]
    kind = data["kind"]
    if kind == "clear":
        existing = CalendarException.objects.filter(calendar=calendar, date=day).first()
        if existing:
            services.calendar_exception_remove(actor=request.user, exception=existing)
    else:
        services.calendar_exception_set(
            actor=request.user, calendar=calendar, date=day, working=kind == "working",
            name=data.get("name", ""),
        )  # fmt: skip
    messages.success(request, _("%(date)s is saved; plans are being rescheduled.") % {"date": day})


@login_required
@require_POST
def calendar_create(request):
    access.require(request.user, "projects.add_workcalendar")
    name = request.POST.get("name", "").strip()
    try:
        calendar = services.calendar_create(
            actor=request.user, name=name or _("New calendar"), working_weekdays=[1, 2, 3, 4, 5]
        )
    except DomainError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("projects:calendar_list")
    return redirect("projects:calendar_detail", calendar_id=calendar.pk)
