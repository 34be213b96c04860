from django.urls import path

from .views import allocations as allocation_views
from .views import budget as budget_views
from .views import leveling as leveling_views
from .views import pool as pool_views
from .views import workload as workload_views

app_name = "resources"

urlpatterns = [
    # pool, workload and staffing (resources/views/pool.py, resources/views/workload.py)
    path("", pool_views.resource_list, name="resource_list"),
    path("new/", pool_views.resource_create, name="resource_create"),
    path("<int:resource_id>/", pool_views.resource_detail, name="resource_detail"),
    path("<int:resource_id>/edit/", pool_views.resource_edit, name="resource_edit"),
    path("<int:resource_id>/absences/", pool_views.absence_create, name="absence_create"),
    path("absences/<int:absence_id>/delete/", pool_views.absence_delete, name="absence_delete"),
    path("skills/", pool_views.skill_list, name="skill_list"),
    path("skills/<int:skill_id>/edit/", pool_views.skill_edit, name="skill_edit"),
    path("workload/", workload_views.workload, name="workload"),
    path("workload/cell/", workload_views.workload_cell, name="workload_cell"),
    path(
        "workload/allocations/<int:allocation_id>/",
        workload_views.workload_allocation,
        name="workload_allocation",
    ),
    path("staffing/", workload_views.staffing, name="staffing"),
    # budgets, earned value and the portfolio (resources/views/budget.py)
    path("projects/<int:project_id>/budget/", budget_views.budget, name="budget"),
    path(
        "projects/<int:project_id>/budget/lines/",
        budget_views.budget_line_create,
        name="budget_line_create",
    ),
    path(
        "projects/<int:project_id>/budget/lines/<int:line_id>/",
        budget_views.budget_line_edit,
        name="budget_line_edit",
    ),
    path(
        "projects/<int:project_id>/budget/lines/<int:line_id>/delete/",
        budget_views.budget_line_delete,
        name="budget_line_delete",
    ),
    path("portfolio/", budget_views.portfolio, name="portfolio"),
    # leveling (resources/views/leveling.py)
    path("projects/<int:project_id>/leveling/", leveling_views.leveling, name="leveling"),
    path(
        "projects/<int:project_id>/leveling/apply/",
        leveling_views.leveling_apply,
        name="leveling_apply",
    ),
    # project allocations (resources/views/allocations.py)
    path(
        "projects/<int:project_id>/allocations/",
        allocation_views.project_allocations,
        name="project_allocations",
    ),
    path(
        "projects/<int:project_id>/allocations/<int:allocation_id>/",
        allocation_views.allocation_change,
        name="allocation_change",
    ),
]
