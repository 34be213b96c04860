app_name = "quality"

urlpatterns: list = []

# --- plans, checklists, inspections, defects (helper "quality-a") ---
from django.urls import path  # noqa: E402

from .views import checklists as checklist_views  # noqa: E402
from .views import defects as defect_views  # noqa: E402
from .views import inspections as inspection_views  # noqa: E402
from .views import plans as plan_views  # noqa: E402

urlpatterns += [
    # the quality plan and acceptance criteria (quality/views/plans.py)
    path("projects/<int:project_id>/plan/", plan_views.plan, name="plan"),
    path(
        "projects/<int:project_id>/plan/deliverables/<int:deliverable_id>/criteria/",
        plan_views.criterion_add,
        name="criterion_add",
    ),
    path(
        "projects/<int:project_id>/plan/deliverables/<int:deliverable_id>/criteria/import/",
        plan_views.criteria_import,
        name="criteria_import",
    ),
    path(
        "projects/<int:project_id>/plan/deliverables/<int:deliverable_id>/criteria/"
        "<int:acceptancecriterion_id>/delete/",
        plan_views.criterion_delete,
        name="criterion_delete",
    ),
    # the checklist template library (quality/views/checklists.py)
    path("templates/", checklist_views.template_list, name="template_list"),
    path("templates/new/", checklist_views.template_create, name="template_create"),
    path(
        "templates/<int:checklisttemplate_id>/",
        checklist_views.template_detail,
        name="template_detail",
    ),
    # inspections (quality/views/inspections.py)
    path(
        "projects/<int:project_id>/inspections/",
        inspection_views.inspection_list,
        name="inspection_list",
    ),
    path(
        "inspections/<int:inspection_id>/",
        inspection_views.inspection_run,
        name="inspection_run",
    ),
    path(
        "inspections/<int:inspection_id>/items/<int:inspectionitemresult_id>/",
        inspection_views.inspection_answer,
        name="inspection_answer",
    ),
    path(
        "inspections/<int:inspection_id>/items/<int:inspectionitemresult_id>/evidence/",
        inspection_views.evidence_upload,
        name="evidence_upload",
    ),
    path(
        "inspections/<int:inspection_id>/complete/",
        inspection_views.inspection_complete,
        name="inspection_complete",
    ),
    path(
        "evidence/<int:evidence_id>/",
        inspection_views.evidence_download,
        name="evidence_download",
    ),
    path(
        "evidence/<int:evidence_id>/delete/",
        inspection_views.evidence_delete,
        name="evidence_delete",
    ),
    # defects and CAPA (quality/views/defects.py)
    path("projects/<int:project_id>/defects/", defect_views.defect_board, name="defect_board"),
    path(
        "projects/<int:project_id>/defects/new/", defect_views.defect_create, name="defect_create"
    ),
    path("defects/<int:defect_id>/", defect_views.defect_detail, name="defect_detail"),
    path(
        "defects/<int:defect_id>/transition/",
        defect_views.defect_transition,
        name="defect_transition",
    ),
    path("defects/<int:defect_id>/actions/", defect_views.action_add, name="action_add"),
    path(
        "defects/<int:defect_id>/actions/<int:correctiveaction_id>/done/",
        defect_views.action_complete,
        name="action_complete",
    ),
    path(
        "defects/<int:defect_id>/actions/<int:correctiveaction_id>/verify/",
        defect_views.action_verify,
        name="action_verify",
    ),
]


# --- test management, acceptance, dashboard (helper "quality-b") ---
from django.urls import path  # noqa: E402

from .views import acceptance as acceptance_views  # noqa: E402
from .views import dashboard as dashboard_views  # noqa: E402
from .views import testing as testing_views  # noqa: E402

urlpatterns += [
    path("acceptance/", acceptance_views.acceptance_queue, name="acceptance_queue"),
    path(
        "deliverables/<int:deliverable_id>/acceptance/",
        acceptance_views.acceptance_detail,
        name="acceptance_detail",
    ),
    path("projects/<int:project_id>/tests/", testing_views.test_list, name="test_list"),
    path(
        "projects/<int:project_id>/tests/suites/",
        testing_views.testsuite_create,
        name="testsuite_create",
    ),
    path(
        "suites/<int:testsuite_id>/cases/",
        testing_views.testcase_create,
        name="testcase_create",
    ),
    path(
        "cases/<int:testcase_id>/delete/",
        testing_views.testcase_delete,
        name="testcase_delete",
    ),
    path("suites/<int:testsuite_id>/runs/", testing_views.testrun_start, name="testrun_start"),
    path("runs/<int:testrun_id>/", testing_views.testrun_detail, name="testrun_detail"),
    path("runs/<int:testrun_id>/finish/", testing_views.testrun_finish, name="testrun_finish"),
    path(
        "results/<int:testresult_id>/",
        testing_views.testresult_record,
        name="testresult_record",
    ),
    path(
        "results/<int:testresult_id>/defect/",
        testing_views.testresult_open_defect,
        name="testresult_open_defect",
    ),
    path("projects/<int:project_id>/dashboard/", dashboard_views.dashboard, name="dashboard"),
]
