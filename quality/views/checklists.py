"""The checklist template library: the list, a new template, a template with its versions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import access
from ito_portal.core.errors import DomainError
from ito_portal.core.htmx import render_page

from .. import services
from ..forms import TemplateForm
from ..models import ChecklistCategory, ChecklistTemplate, ChecklistTemplateVersion
from ..permissions import writes_templates


@login_required
@require_http_methods(["GET"])
def template_list(request):
    """Every checklist template, by category, with its current version and item count."""
    if not access.can(request.user, "quality.view_checklisttemplate", ChecklistTemplate()):
        raise Http404  # the library is the vendor's: clients do not know it exists
    category = request.GET.get("category", "")
    templates = (
        access.visible(request.user, ChecklistTemplate)
        .select_related("current_version")
        .annotate(version_count=Count("versions", distinct=True))
        .order_by("-is_active", "category", "name")
    )
    if category in ChecklistCategory.values:
        templates = templates.filter(category=category)
    templates = list(templates)
    counts = dict(
        ChecklistTemplateVersion.objects.filter(
            pk__in=[t.current_version_id for t in templates if t.current_version_id]
        )
        .annotate(n=Count("items"))
        .values_list("pk", "n")
    )
    for template in templates:
        template.item_count = counts.get(template.current_version_id, 0)
    return render_page(
        request,
        "quality/template_list.html",
        {
            "templates": templates,
            "categories": ChecklistCategory.choices,
            "category": category,
            "may_edit": writes_templates(request.user),
        },
        partial="template-table",
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_create(request):
    access.require(request.user, "quality.add_checklisttemplate", ChecklistTemplate())
    form = TemplateForm(request.POST or None)
    del form.fields["note"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            template = services.template_create(
                actor=request.user,
                name=data["name"],
                category=data["category"],
                description=data["description"],
                items=services.parse_items(data["items"]),
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, _("The checklist template is created."))
            return redirect("quality:template_detail", checklisttemplate_id=template.pk)
    return render_page(
        request,
        "quality/template_form.html",
        {"form": form, "template": None},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_detail(request, checklisttemplate_id: int):
    """A template's items (any version, the current by default) and, for writers, the editor."""
    template = access.get_visible_or_404(
        request.user,
        ChecklistTemplate.objects.select_related("current_version"),
        pk=checklisttemplate_id,
    )
    may_edit = access.can(request.user, "quality.change_checklisttemplate", template)
    versions = list(
        template.versions.select_related("created_by")
        .annotate(item_count=Count("items"), inspection_count=Count("inspections", distinct=True))
        .order_by("-number")
    )
    shown = template.current_version
    wanted = request.GET.get("version")
    if wanted and wanted.isdigit():
        shown = next((v for v in versions if v.number == int(wanted)), shown)
    form = None
    if may_edit:
        form = TemplateForm(
            request.POST or None,
            initial={
                "name": template.name,
                "category": template.category,
                "description": template.description,
                "items": services.items_as_text(template.current_version),
            },
        )
    if request.method == "POST":
        access.require(request.user, "quality.change_checklisttemplate", template)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.template_revise(
                    actor=request.user,
                    template=template,
                    data={k: data[k] for k in ("name", "category", "description")},
                    items=services.parse_items(data["items"]),
                    note=data["note"],
                )
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                messages.success(request, _("The checklist template is saved."))
                return redirect("quality:template_detail", checklisttemplate_id=template.pk)
    items = list(shown.items.all()) if shown else []
    return render_page(
        request,
        "quality/template_detail.html",
        {
            "template": template,
            "versions": versions,
            "shown": shown,
            "items": items,
            "form": form,
            "may_edit": may_edit,
        },
        status=400 if form is not None and form.errors else 200,
    )
