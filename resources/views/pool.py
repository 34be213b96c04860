"""The resource pool: list, detail, the PMO's forms, absences and the skill catalogue.

Vendor users see the pool; clients never do (404). Only the PMO creates and edits resources and
skills (403 for the others); a person records their own absences.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page

from .. import selectors, services
from .. import workload as load
from ..choices import ResourceKind
from ..forms import SKILL_PREFIX, AbsenceForm, ResourceForm, SkillForm
from ..models import Absence, Resource, Skill
from ..permissions import is_vendor, sees_costs

PAGE_SIZE = 50
DETAIL = "resources/resource_detail.html"
SKILLS = "resources/skill_list.html"


def _require_vendor(user) -> None:
    """The pool does not exist for clients."""
    if not is_vendor(user):
        raise Http404(_("Not found."))


def _require_pmo(user) -> None:
    _require_vendor(user)
    if not user.is_pmo:
        raise PermissionDenied(_("Only the PMO keeps the resource pool."))


def _number(params, name) -> int | None:
    value = params.get(name, "")
    return int(value) if value.isdigit() else None


@login_required
@require_GET
def resource_list(request):
    """The pool, filtered by team, kind, skill and a search; utilisation of the next 4 weeks."""
    _require_vendor(request.user)
    params = request.GET
    filters = {
        "team": _number(params, "team"),
        "kind": params.get("kind", "") if params.get("kind") in ResourceKind.values else "",
        "skill": _number(params, "skill"),
        "search": params.get("search", "").strip()[:100],
    }
    resources = selectors.resource_list(user=request.user, **filters)
    page = Paginator(resources, PAGE_SIZE).get_page(params.get("page"))
    rows = list(page.object_list)
    utilisation = selectors.utilisation_ahead(user=request.user, resources=rows)
    show_rates = sees_costs(request.user)
    today = timezone.localdate()
    return render_page(
        request,
        "resources/resource_list.html",
        {
            "page": page,
            "rows": [
                {
                    "resource": resource,
                    "utilisation": utilisation.get(resource.pk),
                    "shows_load": resource.pk in utilisation,
                    "rate": resource.rate_on(today) if show_rates else None,
                }
                for resource in rows
            ],
            "filters": filters,
            "teams": selectors.teams(request.user),
            "skills": selectors.skills(request.user),
            "kinds": ResourceKind.choices,
            "show_rates": show_rates,
            "may_edit": request.user.is_pmo,
        },
        partial="resource-table",
    )


def _detail_context(request, resource: Resource, absence_form=None) -> dict:
    user = request.user
    today = timezone.localdate()
    start = load.period_start(today, load.WEEK)
    heatmap = None
    if selectors.may_see_workload_of(user, resource):
        heatmap = selectors.workload_for(
            user, start, start + dt.timedelta(weeks=12, days=-1), load.WEEK, resources=[resource]
        )
    may_record_absence = user.is_pmo or (
        resource.user_id is not None and resource.user_id == user.pk
    )
    return {
        "resource": resource,
        "skill_levels": list(resource.skill_levels.all()),
        "absences": selectors.absences(user=user, resource=resource),
        "allocations": selectors.allocations_ahead(user=user, resource=resource, today=today),
        "rates": selectors.rate_history(user=user, resource=resource),
        "current_rate": selectors.current_rate(resource, user, today),
        "show_rates": sees_costs(user),
        "heatmap": heatmap,
        "cells": heatmap.rows[0].cells if heatmap else [],
        "absence_form": absence_form
        if absence_form is not None
        else (AbsenceForm() if may_record_absence else None),
        "may_record_absence": may_record_absence,
        "may_edit": user.is_pmo,
        "today": today,
    }


@login_required
@require_GET
def resource_detail(request, resource_id: int):
    _require_vendor(request.user)
    resource = selectors.resource_get(user=request.user, resource_id=resource_id)
    return render_page(request, DETAIL, _detail_context(request, resource), partial="absences")


def _resource_form(request, resource: Resource | None):
    catalogue = list(selectors.skills(request.user))
    initial = {"daily_capacity_hours": 8, "currency": "CNY", "is_active": True, "kind": "person"}
    if resource is not None:
        initial = {name: getattr(resource, name) for name in services.RESOURCE_FIELDS}
        initial.update(
            {f"{SKILL_PREFIX}{row.skill_id}": row.level for row in resource.skill_levels.all()}
        )
    return ResourceForm(
        request.POST or None,
        initial=initial,
        skills=catalogue,
        resource=resource,
        with_rate=sees_costs(request.user),
    )


@login_required
@require_http_methods(["GET", "POST"])
def resource_create(request):
    _require_pmo(request.user)
    form = _resource_form(request, None)
    if request.method == "POST" and form.is_valid():
        try:
            resource = services.resource_create(
                actor=request.user,
                skills=form.chosen_skills(),
                rate=form.cleaned_data.get("rate"),
                rate_from=form.cleaned_data.get("rate_from"),
                **form.resource_data(),
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("%(name)s is in the pool.") % {"name": resource.name})
            return redirect("resources:resource_detail", resource_id=resource.pk)
    return render_page(request, "resources/resource_form.html", {"form": form, "editing": None})


@login_required
@require_http_methods(["GET", "POST"])
def resource_edit(request, resource_id: int):
    _require_vendor(request.user)
    resource = selectors.resource_get(user=request.user, resource_id=resource_id)
    _require_pmo(request.user)
    form = _resource_form(request, resource)
    if request.method == "POST" and form.is_valid():
        try:
            services.resource_update(
                actor=request.user, resource=resource, data=form.resource_data()
            )
            services.skills_set(actor=request.user, resource=resource, skills=form.chosen_skills())
            if form.cleaned_data.get("rate") is not None:
                services.rate_set(
                    actor=request.user,
                    resource=resource,
                    rate=form.cleaned_data["rate"],
                    effective_from=form.cleaned_data["rate_from"],
                )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("The resource is saved."))
            return redirect("resources:resource_detail", resource_id=resource.pk)
    return render_page(request, "resources/resource_form.html", {"form": form, "editing": resource})


@login_required
@require_POST
def absence_create(request, resource_id: int):
    """Record leave or training: the PMO for anyone, a person for themselves."""
    _require_vendor(request.user)
    resource = selectors.resource_get(user=request.user, resource_id=resource_id)
    if not (request.user.is_pmo or (resource.user_id and resource.user_id == request.user.pk)):
        raise PermissionDenied(_("You may record only your own absences."))
    form = AbsenceForm(request.POST)
    saved = False
    if form.is_valid():
        try:
            services.absence_create(actor=request.user, resource=resource, **form.cleaned_data)
        except DomainError as error:
            error.add_to_form(form)
        else:
            saved = True
    if not request.htmx:
        if saved:
            messages.success(request, _("The absence is recorded."))
        else:
            messages.error(request, _("The absence was not recorded: check the dates."))
        return redirect("resources:resource_detail", resource_id=resource.pk)
    context = _detail_context(request, resource, absence_form=None if saved else form)
    return render_page(
        request,
        DETAIL,
        context,
        partial="absences",
        trigger="absence:changed" if saved else None,
    )


@login_required
@require_POST
def absence_delete(request, absence_id: int):
    _require_vendor(request.user)
    absence = access.get_visible_or_404(
        request.user, Absence.objects.select_related("resource"), pk=absence_id
    )
    access.require(request.user, "resources.delete_absence", absence)
    resource = absence.resource
    services.absence_delete(actor=request.user, absence=absence)
    if not request.htmx:
        messages.success(request, _("The absence is removed."))
        return redirect("resources:resource_detail", resource_id=resource.pk)
    resource = selectors.resource_get(user=request.user, resource_id=resource.pk)
    return render_page(
        request,
        DETAIL,
        _detail_context(request, resource),
        partial="absences",
        trigger="absence:changed",
    )


# --- the skill catalogue ------------------------------------------------------------------------


def _skills_context(request, form=None, editing=None, edit_form=None) -> dict:
    return {
        "skills": selectors.skill_catalogue(request.user),
        "form": form or (SkillForm() if request.user.is_pmo else None),
        "editing": editing,
        "edit_form": edit_form,
        "may_edit": request.user.is_pmo,
    }


@login_required
@require_http_methods(["GET", "POST"])
def skill_list(request):
    """The catalogue; the PMO adds skills inline."""
    _require_vendor(request.user)
    form = None
    if request.method == "POST":
        _require_pmo(request.user)
        form = SkillForm(request.POST)
        if form.is_valid():
            try:
                skill = services.skill_create(actor=request.user, **form.cleaned_data)
            except DomainError as error:
                error.add_to_form(form)
            else:
                if not request.htmx:
                    messages.success(request, _("%(name)s is in the catalogue.") % {"name": skill})
                    return redirect("resources:skill_list")
                form = None
    return render_page(request, SKILLS, _skills_context(request, form=form), partial="skill-table")


@login_required
@require_http_methods(["GET", "POST"])
def skill_edit(request, skill_id: int):
    """Rename or recategorise one skill inline (the PMO)."""
    _require_vendor(request.user)
    skill = access.get_visible_or_404(request.user, Skill, pk=skill_id)
    _require_pmo(request.user)
    edit_form = SkillForm(
        request.POST or None,
        initial={"name": skill.name, "category": skill.category, "description": skill.description},
    )
    if request.method == "POST" and edit_form.is_valid():
        try:
            services.skill_update(actor=request.user, skill=skill, data=edit_form.cleaned_data)
        except DomainError as error:
            error.add_to_form(edit_form)
        else:
            if not request.htmx:
                return redirect("resources:skill_list")
            return render_page(request, SKILLS, _skills_context(request), partial="skill-table")
    context = _skills_context(request, editing=skill, edit_form=edit_form)
    if not request.htmx:
        context["edit_url"] = reverse("resources:skill_edit", args=[skill.pk])
    return render_page(request, SKILLS, context, partial="skill-table")
