"""Deliverables and baselines of a project."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page

from .. import selectors, services
from ..forms import BaselineForm, DeliverableForm
from ..models import Baseline, Deliverable, Project


def _project(request, project_id):
    return access.get_visible_or_404(
        request.user,
        Project.objects.select_related("client", "calendar", "baseline"),
        pk=project_id,
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_deliverables(request, project_id: int):
    """The list, and (for the manager) a form to add one."""
    project = _project(request, project_id)
    may_edit = access.can(request.user, "projects.add_deliverable", project)
    form = DeliverableForm(request.POST or None) if may_edit else None
    if request.method == "POST":
        access.require(request.user, "projects.add_deliverable", project)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.deliverable_create(
                    actor=request.user, project=project, name=data.pop("name"), **data
                )
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                messages.success(request, _("The deliverable is added."))
                return redirect("projects:project_deliverables", project_id=project.pk)
    deliverables = (
        access.visible(request.user, Deliverable)
        .filter(project=project)
        .annotate(task_count=Count("tasks"))
        .order_by("due_date", "name")
    )
    return render_page(
        request,
        "projects/project_deliverables.html",
        {"project": project, "deliverables": deliverables, "form": form, "may_edit": may_edit},
    )


@login_required
@require_http_methods(["GET", "POST"])
def deliverable_edit(request, project_id: int, deliverable_id: int):
    project = _project(request, project_id)
    deliverable = access.get_visible_or_404(
        request.user, Deliverable, pk=deliverable_id, project=project
    )
    access.require(request.user, "projects.change_deliverable", deliverable)
    form = DeliverableForm(request.POST or None, instance=copy.copy(deliverable))
    if request.method == "POST":
        if request.POST.get("action") == "delete":
            access.require(request.user, "projects.delete_deliverable", deliverable)
            services.deliverable_delete(actor=request.user, deliverable=deliverable)
            messages.success(request, _("The deliverable is deleted."))
            return redirect("projects:project_deliverables", project_id=project.pk)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.changed_data}
            try:
                services.deliverable_update(actor=request.user, deliverable=deliverable, data=data)
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                messages.success(request, _("The deliverable is saved."))
                return redirect("projects:project_deliverables", project_id=project.pk)
    return render_page(
        request,
        "projects/deliverable_form.html",
        {"project": project, "deliverable": deliverable, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_baselines(request, project_id: int):
    """Saved baselines, saving a new one, and the variance against the chosen one."""
    project = _project(request, project_id)
    access.require(request.user, "projects.view_baseline", project)
    may_edit = access.can(request.user, "projects.add_baseline", project)
    form = BaselineForm(request.POST or None) if may_edit else None
    if request.method == "POST":
        access.require(request.user, "projects.add_baseline", project)
        if form.is_valid():
            try:
                baseline = services.baseline_save(
                    actor=request.user, project=project, name=form.cleaned_data["name"]
                )
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                messages.success(
                    request, _("Baseline “%(name)s” is saved.") % {"name": baseline.name}
                )
                return redirect("projects:project_baselines", project_id=project.pk)
    baselines = list(access.visible(request.user, Baseline).filter(project=project))
    chosen = next(
        (b for b in baselines if str(b.pk) == request.GET.get("baseline")),
        next((b for b in baselines if b.pk == project.baseline_id), None),
    )
    return render_page(
        request,
        "projects/project_baselines.html",
        {
            "project": project,
            "baselines": baselines,
            "chosen": chosen,
            "rows": selectors.baseline_variance(user=request.user, project=project, baseline=chosen)
            if chosen
            else [],
            "form": form,
            "may_edit": may_edit,
        },
    )


@login_required
@require_POST
def baseline_action(request, project_id: int, baseline_id: int):
    """Make a baseline the reference for variance, or delete it."""
    project = _project(request, project_id)
    baseline = access.get_visible_or_404(request.user, Baseline, pk=baseline_id, project=project)
    if request.POST.get("action") == "delete":
        access.require(request.user, "projects.delete_baseline", baseline)
        services.baseline_delete(actor=request.user, baseline=baseline)
        messages.success(request, _("The baseline is deleted."))
    else:
        access.require(request.user, "projects.change_baseline", baseline)
        services.baseline_choose(actor=request.user, project=project, baseline=baseline)
        messages.success(
            request, _("Variance is now measured against “%(name)s”.") % {"name": baseline.name}
        )
    return redirect("projects:project_baselines", project_id=project.pk)
