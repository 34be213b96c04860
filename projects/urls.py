from django.urls import path

from .views import board as board_views
from .views import calendars as calendar_views
from .views import deliverables as deliverable_views
from .views import feeds as feed_views
from .views import gantt as gantt_views
from .views import mywork as mywork_views
from .views import projects as project_views
from .views import timesheets as timesheet_views
from .views import transfer as transfer_views
from .views import wbs as wbs_views

app_name = "projects"

urlpatterns = [
    path("", project_views.project_list, name="project_list"),
    path("new/", project_views.project_create, name="project_create"),
    path("calendars/", calendar_views.calendar_list, name="calendar_list"),
    path("calendars/new/", calendar_views.calendar_create, name="calendar_create"),
    path("calendars/<int:calendar_id>/", calendar_views.calendar_detail, name="calendar_detail"),
    path("timesheet/", timesheet_views.timesheet, name="timesheet"),
    path("timesheet/save/", timesheet_views.timesheet_save, name="timesheet_save"),
    path("timesheet/submit/", timesheet_views.timesheet_submit, name="timesheet_submit"),
    path(
        "timesheet/approvals/",
        timesheet_views.timesheet_approvals,
        name="timesheet_approvals",
    ),
    path(
        "timesheet/approvals/<int:weeksubmission_id>/",
        timesheet_views.timesheet_decide,
        name="timesheet_decide",
    ),
    path("my-work/", mywork_views.my_work, name="my_work"),
    path(
        "my-work/tasks/<int:task_id>/progress/",
        mywork_views.my_work_progress,
        name="my_work_progress",
    ),
    path("my-work/tasks/<int:task_id>/time/", mywork_views.my_work_time, name="my_work_time"),
    path("feed/token/", feed_views.calendar_feed_token, name="calendar_feed_token"),
    path("feed/<str:token>.ics", feed_views.calendar_feed, name="calendar_feed"),
    path("<int:project_id>/", project_views.project_detail, name="project_detail"),
    path("<int:project_id>/edit/", project_views.project_edit, name="project_edit"),
    path("<int:project_id>/members/", project_views.project_member_add, name="project_member_add"),
    path(
        "<int:project_id>/members/<int:membership_id>/",
        project_views.project_member_update,
        name="project_member_update",
    ),
    path("<int:project_id>/gantt/", gantt_views.project_gantt, name="project_gantt"),
    path(
        "<int:project_id>/gantt/tasks/<int:task_id>/",
        gantt_views.task_gantt,
        name="task_gantt",
    ),
    path("<int:project_id>/board/", board_views.project_board, name="project_board"),
    path(
        "<int:project_id>/board/tasks/<int:task_id>/",
        board_views.task_move_status,
        name="task_move_status",
    ),
    path(
        "<int:project_id>/deliverables/",
        deliverable_views.project_deliverables,
        name="project_deliverables",
    ),
    path(
        "<int:project_id>/deliverables/<int:deliverable_id>/",
        deliverable_views.deliverable_edit,
        name="deliverable_edit",
    ),
    path(
        "<int:project_id>/baselines/",
        deliverable_views.project_baselines,
        name="project_baselines",
    ),
    path(
        "<int:project_id>/baselines/<int:baseline_id>/",
        deliverable_views.baseline_action,
        name="baseline_action",
    ),
    path("<int:project_id>/wbs/", wbs_views.project_wbs, name="project_wbs"),
    path("<int:project_id>/wbs/add/", wbs_views.task_add, name="task_add"),
    path("<int:project_id>/tasks/<int:task_id>/", wbs_views.task_detail, name="task_detail"),
    path("<int:project_id>/tasks/<int:task_id>/row/", wbs_views.task_row, name="task_row"),
    path(
        "<int:project_id>/tasks/<int:task_id>/structure/",
        wbs_views.task_structure,
        name="task_structure",
    ),
    path(
        "<int:project_id>/tasks/<int:task_id>/links/",
        wbs_views.task_link_add,
        name="task_link_add",
    ),
    path(
        "<int:project_id>/tasks/<int:task_id>/links/<int:dependency_id>/remove/",
        wbs_views.task_link_remove,
        name="task_link_remove",
    ),
    path("<int:project_id>/transfer/", transfer_views.project_transfer, name="project_transfer"),
    path("<int:project_id>/transfer/export/", transfer_views.plan_export, name="plan_export"),
    path("<int:project_id>/transfer/template/", transfer_views.plan_template, name="plan_template"),
    path(
        "<int:project_id>/transfer/imports/<int:planimport_id>/",
        transfer_views.plan_import_status,
        name="plan_import_status",
    ),
]
