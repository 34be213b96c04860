from django.urls import path

from .views import backups as backup_views  # ops-cmdb
from .views import changes as change_views  # ops-change
from .views import cmdb as cmdb_views  # ops-cmdb
from .views import contracts as contract_views  # ops-tickets
from .views import metrics as metric_views  # ops-change
from .views import problems as problem_views  # ops-change
from .views import security as security_views  # ops-cmdb
from .views import tickets as ticket_views  # ops-tickets

app_name = "operations"

urlpatterns: list = [
    # --- tickets, queue, contracts, SLA ---
    path("tickets/", ticket_views.ticket_list, name="ticket_list"),
    path("tickets/new/", ticket_views.ticket_create, name="ticket_create"),
    path("tickets/<int:ticket_id>/", ticket_views.ticket_detail, name="ticket_detail"),
    path("tickets/<int:ticket_id>/reply/", ticket_views.ticket_comment, name="ticket_comment"),
    path("tickets/<int:ticket_id>/move/", ticket_views.ticket_transition, name="ticket_transition"),
    path("tickets/<int:ticket_id>/assign/", ticket_views.ticket_assign, name="ticket_assign"),
    path("tickets/<int:ticket_id>/priority/", ticket_views.ticket_priority, name="ticket_priority"),
    path("contracts/", contract_views.contract_list, name="contract_list"),
    path("contracts/<int:contract_id>/", contract_views.contract_detail, name="contract_detail"),
    # --- CMDB, alerts, backups, security ---
    path("cmdb/", cmdb_views.ci_list, name="ci_list"),
    path("cmdb/new/", cmdb_views.ci_create, name="ci_create"),
    path("cmdb/import/", cmdb_views.ci_import, name="ci_import"),
    path("cmdb/<int:ci_id>/", cmdb_views.ci_detail, name="ci_detail"),
    path("cmdb/<int:ci_id>/edit/", cmdb_views.ci_edit, name="ci_edit"),
    path("cmdb/<int:ci_id>/relations/", cmdb_views.ci_relate, name="ci_relate"),
    path(
        "cmdb/relations/<int:relation_id>/delete/",
        cmdb_views.ci_unrelate,
        name="ci_unrelate",
    ),
    path("backups/", backup_views.backup_overview, name="backup_overview"),
    path(
        "cmdb/<int:ci_id>/backup-jobs/",
        backup_views.backup_job_create,
        name="backup_job_create",
    ),
    path(
        "backups/jobs/<int:job_id>/results/",
        backup_views.backup_result_create,
        name="backup_result_create",
    ),
    path("cmdb/<int:ci_id>/drills/", backup_views.restore_drill_create, name="drill_create"),
    path("security/", security_views.finding_board, name="finding_board"),
    path("security/new/", security_views.finding_create, name="finding_create"),
    path("security/<int:finding_id>/", security_views.finding_detail, name="finding_detail"),
    # --- problems, changes, maintenance calendar, dashboard, client account ---
    path("problems/", problem_views.problem_list, name="problem_list"),
    path("problems/new/", problem_views.problem_create, name="problem_create"),
    path("problems/<int:problem_id>/", problem_views.problem_detail, name="problem_detail"),
    path("problems/<int:problem_id>/edit/", problem_views.problem_edit, name="problem_edit"),
    path(
        "problems/<int:problem_id>/status/",
        problem_views.problem_status,
        name="problem_status",
    ),
    path("problems/<int:problem_id>/link/", problem_views.problem_link, name="problem_link"),
    path(
        "problems/<int:problem_id>/unlink/<int:ticket_id>/",
        problem_views.problem_unlink,
        name="problem_unlink",
    ),
    path("changes/", change_views.change_list, name="change_list"),
    path("changes/new/", change_views.change_create, name="change_create"),
    path("changes/calendar/", change_views.change_calendar, name="change_calendar"),
    path("changes/<int:change_id>/", change_views.change_detail, name="change_detail"),
    path("changes/<int:change_id>/edit/", change_views.change_edit, name="change_edit"),
    *[
        path(
            f"changes/<int:change_id>/{verb}/",
            change_views.change_act,
            {"verb": verb},
            name=f"change_{verb}",
        )
        for verb in ("submit", "approve", "reject", "schedule", "implement", "review", "cancel")
    ],
    path("windows/new/", change_views.window_create, name="window_create"),
    path("windows/<int:window_id>/delete/", change_views.window_delete, name="window_delete"),
    path("dashboard/", metric_views.dashboard, name="dashboard"),
    path("accounts/", metric_views.account_list, name="account_list"),
    path("accounts/<int:client_id>/", metric_views.account_detail, name="account_detail"),
    path("reports/", metric_views.sla_report_list, name="sla_report_list"),
    path("reports/<int:slareport_id>/", metric_views.sla_report_detail, name="sla_report_detail"),
    path("reports/<int:slareport_id>/pdf/", metric_views.sla_report_pdf, name="sla_report_pdf"),
    path(
        "reports/<int:slareport_id>/publish/",
        metric_views.sla_report_publish,
        name="sla_report_publish",
    ),
    path(
        "accounts/<int:client_id>/reports/new/",
        metric_views.sla_report_generate,
        name="sla_report_generate",
    ),
]
