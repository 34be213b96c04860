"""A project's quality dashboard: first-pass yield, defects, density, time to resolve,
acceptance cycle time and rejection rate, now and month by month."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import access
from ito_portal.core.htmx import render_page
from projects.models import Project

from ..models import DefectSeverity, DefectStatus
from ..permissions import VIEW_DASHBOARD
from ..services import metrics


def _chart(figures: dict) -> dict:
    """What the dashboard's charts draw (labels translated here, numbers as plain JSON)."""
    defects = figures["defects"]
    series = figures["series"]
    return {
        "severity": {
            "labels": [str(label) for label in DefectSeverity.labels],
            "values": [defects.by_severity[value] for value in DefectSeverity.values],
        },
        "status": {
            "labels": [str(label) for label in DefectStatus.labels],
            "values": [defects.by_status[value] for value in DefectStatus.values],
        },
        "months": series["months"],
        "series": {
            "first_pass_yield": series["first_pass_yield"],
            "rejection_rate": series["rejection_rate"],
            "defects_found": series["defects_found"],
            "defects_resolved": series["defects_resolved"],
            "cycle_days": series["cycle_days"],
        },
        "titles": {
            "defects": _("Defects"),
            "first_pass_yield": _("First-pass yield (%)"),
            "rejection_rate": _("Rejection rate (%)"),
            "defects_found": _("Defects found"),
            "defects_resolved": _("Defects resolved"),
            "cycle_days": _("Acceptance cycle (days)"),
            "percent": _("%"),
            "count": _("Count"),
        },
    }


@login_required
@require_GET
def dashboard(request, project_id: int):
    """The project's quality metrics for its manager and team (not for clients)."""
    project = access.get_visible_or_404(
        request.user, Project.objects.select_related("client"), pk=project_id
    )
    access.require(request.user, VIEW_DASHBOARD, project)
    figures = metrics.project_quality(project=project)
    context = {"project": project, **figures, "chart": _chart(figures)}
    return render_page(request, "quality/dashboard.html", context, partial="quality-dashboard")
