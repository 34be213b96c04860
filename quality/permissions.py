"""Who sees and does what in quality control (each module adds its scopes below).

- Checklist templates are the vendor's library: every vendor user reads it, the PMO and project
  managers add to it, a template is changed by the PMO or the manager who wrote it; clients
  never see it.
- A project's quality plan and the acceptance criteria of the deliverables the client can see
  are shown to the client; the manager writes them.
- Inspections, their answers and evidence, and defects are internal unless marked
  client-visible; corrective and preventive actions are always internal.
- Project managers run everything; team members run inspections they are the inspector of,
  raise defects and work on those assigned to them and on the actions they own.
"""

from django.db.models import Q

from accounts import access
from accounts.access import VIEW, Scope
from accounts.choices import ProjectRole

from .models import (
    AcceptanceCriterion,
    ChecklistItem,
    ChecklistTemplate,
    ChecklistTemplateVersion,
    CorrectiveAction,
    Defect,
    Inspection,
    InspectionEvidence,
    InspectionItemResult,
    QualityPlan,
)

MANAGER, MEMBER = ProjectRole.MANAGER, ProjectRole.MEMBER
CLIENTS = (ProjectRole.CLIENT_CONTACT, ProjectRole.CLIENT_VIEWER)

VERIFY_DEFECT = "quality.verify_defect"  # resolved → verified → closed, and rejecting
VERIFY_ACTION = "quality.verify_correctiveaction"  # judge whether a CAPA was effective


def _is_vendor(user) -> bool:
    return bool(user.is_authenticated and user.is_active and not user.is_client)


def writes_templates(user) -> bool:
    """Who adds to the template library: the PMO and anyone who manages a project."""
    return _is_vendor(user) and (user.is_pmo or MANAGER in access.project_roles(user).values())


def _verb(code: str) -> str:
    return code.split(".")[1].split("_")[0]


def _library_filter(user, queryset, code):
    """Everyone at the vendor reads the library; a template is changed by the PMO or by the
    manager who wrote it (so no project's manager rewrites another's standard)."""
    if not _is_vendor(user):
        return queryset.none()
    verb = _verb(code)
    if verb == VIEW:
        return queryset
    if not writes_templates(user):
        return queryset.none()
    if user.is_pmo or verb == "add":
        return queryset
    if queryset.model is ChecklistTemplate:
        return queryset.filter(created_by=user)
    return queryset.none()


def _library_check(user, obj, code):
    if not _is_vendor(user):
        return False
    if _verb(code) == VIEW:
        return True
    if not writes_templates(user):
        return False
    if user.is_pmo or _verb(code) == "add":
        return True
    return isinstance(obj, ChecklistTemplate) and obj.created_by_id == user.pk


for model in (ChecklistTemplate, ChecklistTemplateVersion, ChecklistItem):
    access.register(model, Scope(filter=_library_filter, check=_library_check))

access.register(QualityPlan, Scope(project="project"))
access.register(AcceptanceCriterion, Scope(project="deliverable__project"))
access.register(Inspection, Scope(project="project", client_visible="client_visible"))
access.register(InspectionItemResult, Scope(project="inspection__project"))
access.register(InspectionEvidence, Scope(project="result__inspection__project"))
access.register(Defect, Scope(project="project", client_visible="client_visible"))
access.register(CorrectiveAction, Scope(project="defect__project", internal=True))

access.grant(
    MANAGER,
    "quality.view_qualityplan",
    "quality.change_qualityplan",
    "quality.view_acceptancecriterion",
    "quality.add_acceptancecriterion",
    "quality.change_acceptancecriterion",
    "quality.delete_acceptancecriterion",
    "quality.add_checklisttemplate",
    "quality.change_checklisttemplate",
    "quality.view_inspection",
    "quality.add_inspection",
    "quality.change_inspection",
    "quality.delete_inspection",
    "quality.view_inspectionitemresult",
    "quality.change_inspectionitemresult",
    "quality.view_inspectionevidence",
    "quality.add_inspectionevidence",
    "quality.delete_inspectionevidence",
    "quality.view_defect",
    "quality.add_defect",
    "quality.change_defect",
    VERIFY_DEFECT,
    "quality.view_correctiveaction",
    "quality.add_correctiveaction",
    "quality.change_correctiveaction",
    VERIFY_ACTION,
)
access.grant(
    MEMBER,
    "quality.view_qualityplan",
    "quality.view_acceptancecriterion",
    "quality.view_inspection",
    "quality.add_inspection",
    "quality.view_inspectionitemresult",
    "quality.view_inspectionevidence",
    "quality.view_defect",
    "quality.add_defect",
    "quality.view_correctiveaction",
)


def _own_inspection(user) -> Q:
    return Q(inspector=user)


def _own_answer(user) -> Q:
    return Q(inspection__inspector=user)


def _own_evidence(user) -> Q:
    return Q(result__inspection__inspector=user)


access.grant(MEMBER, "quality.change_inspection", when=_own_inspection)
access.grant(MEMBER, "quality.change_inspectionitemresult", when=_own_answer)
access.grant(MEMBER, "quality.add_inspectionevidence", when=_own_evidence)
access.grant(MEMBER, "quality.delete_inspectionevidence", when=_own_evidence)
access.grant(MEMBER, "quality.change_defect", when=lambda user: Q(assignee=user))
access.grant(MEMBER, "quality.change_correctiveaction", when=lambda user: Q(owner=user))

for role in CLIENTS:
    access.grant(role, "quality.view_qualityplan", "quality.view_inspection", "quality.view_defect")
    access.grant(
        role,
        "quality.view_acceptancecriterion",
        when=lambda user: Q(deliverable__client_visible=True),
    )
    access.grant(
        role,
        "quality.view_inspectionitemresult",
        when=lambda user: Q(inspection__client_visible=True),
    )
    access.grant(
        role,
        "quality.view_inspectionevidence",
        when=lambda user: Q(result__inspection__client_visible=True),
    )


# --- test management and acceptance ---
# Suites and cases are the vendor's working material (internal). A run, and its results, reach
# clients only when marked client-visible. Acceptance decisions are seen by whoever sees their
# deliverable; the manager submits, only the project's client contacts accept or reject.

from accounts import access as _access  # noqa: E402
from accounts.access import Scope as _Scope  # noqa: E402
from accounts.choices import ProjectRole as _Role  # noqa: E402
from projects.models import Deliverable as _Deliverable  # noqa: E402

from .models import (  # noqa: E402
    AcceptanceDecision,
    TestCase,
    TestResult,
    TestRun,
    TestSuite,
)

SUBMIT_ACCEPTANCE = "quality.submit_acceptance"  # on a deliverable: submit it for acceptance
DECIDE_ACCEPTANCE = "quality.decide_acceptance"  # on a deliverable: accept or reject it
VIEW_DASHBOARD = "quality.view_dashboard"  # on a project: its quality metrics
RECORD_TESTRESULT = "quality.change_testresult"  # on a result: record its outcome
OPEN_DEFECT_FROM_TEST = "quality.open_defect_from_testresult"  # on a failed result


def _through_deliverable(user, queryset, code):
    """Decisions follow their deliverable: its project, and clients only client-visible ones."""
    return queryset.filter(deliverable__in=_access.visible(user, _Deliverable, code))


def _deliverable_check(user, obj, code):
    return _access.can(user, code, obj.deliverable)


def _through_run(user, queryset, code):
    """Results follow their run: clients see the results of client-visible runs only."""
    return queryset.filter(run__in=_access.visible(user, TestRun, code))


def _run_check(user, obj, code):
    return _access.can(user, code, obj.run)


_access.register(TestSuite, _Scope(project="project", internal=True))
_access.register(TestCase, _Scope(project="suite__project", internal=True))
_access.register(TestRun, _Scope(project="suite__project", client_visible="client_visible"))
_access.register(TestResult, _Scope(filter=_through_run, check=_run_check))
_access.register(AcceptanceDecision, _Scope(filter=_through_deliverable, check=_deliverable_check))

_TESTING = [
    f"quality.{verb}_{model}"
    for model in ("testsuite", "testcase", "testrun")
    for verb in ("view", "add", "change", "delete")
] + ["quality.view_testresult", RECORD_TESTRESULT, OPEN_DEFECT_FROM_TEST]
for _role in (_Role.MANAGER, _Role.MEMBER):
    _access.grant(_role, *_TESTING, VIEW_DASHBOARD)
for _role in _Role.values:
    _access.grant(_role, "quality.view_acceptancedecision")
for _role in (_Role.CLIENT_CONTACT, _Role.CLIENT_VIEWER):
    _access.grant(_role, "quality.view_testrun", "quality.view_testresult")
_access.grant(_Role.MANAGER, SUBMIT_ACCEPTANCE)
_access.grant(_Role.CLIENT_CONTACT, DECIDE_ACCEPTANCE)
