"""Cross-tenant permission matrix, generated from the URL configuration and the OpenAPI schema.

Every page with an object in its URL and every API operation is tried by each role of
another tenant against tenant A's objects: reads must answer 404 (not 403, which would leak
that the object exists), lists must not contain them, and no write may change anything.
A new endpoint is covered automatically; one whose model or URL parameter is unknown here
fails until it is added to OBJECTS / URL_OBJECTS / CREATE_PAYLOADS below.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from drf_spectacular.generators import SchemaGenerator

from accounts import access
from accounts.models import Membership, Organization, User
from clients.models import ClientRequest, Survey, SurveyResponse
from collaboration.models import ActionItem, Document, Meeting
from comments.models import Comment
from improvement.models import ImprovementAction, ImprovementProposal
from knowledge.models import Article, LessonLearned, Space
from notifications.models import Notification, WebhookEndpoint
from operations.models import (
    AlertIntegration,
    BackupJob,
    BackupResult,
    Change,
    CIRelation,
    ConfigurationItem,
    MaintenanceWindow,
    Problem,
    RestoreDrill,
    SecurityAssessment,
    SecurityFinding,
    Service,
    ServiceContract,
    SlaPolicy,
    SlaReport,
    SupportGroup,
    Ticket,
    TicketEvent,
)
from performance.models import KpiSnapshot, ProjectReview
from projects.models import (
    Baseline,
    Deliverable,
    Dependency,
    PlanImport,
    Project,
    Task,
    TimeEntry,
    WeekSubmission,
    WorkCalendar,
)
from quality.models import (
    ChecklistTemplate,
    CorrectiveAction,
    Defect,
    Inspection,
    TestCase,
    TestRun,
)
from reports.models import CommunicationEntry, StatusReport
from resources.models import Absence, Allocation, BudgetLine, Resource, Skill, Team
from risks.models import ProjectIssue, Risk
from training.models import (
    Attendance,
    SkillLevelChange,
    SkillRequirement,
    TrainingNeed,
    TrainingPlan,
    TrainingSession,
)

# Tenant A's object for each model an endpoint serves.
OBJECTS = {
    Project: lambda a: a.project,
    Membership: lambda a: Membership.objects.get(project=a.project, user=a.client_contact),
    Organization: lambda a: a.client_org,
    User: lambda a: a.client_contact,
    Task: lambda a: a.plan()["task"],
    Dependency: lambda a: a.plan()["dependency"],
    Deliverable: lambda a: a.plan()["deliverable"],
    Baseline: lambda a: a.plan()["baseline"],
    TimeEntry: lambda a: a.plan()["time_entry"],
    WeekSubmission: lambda a: a.plan()["week"],
    PlanImport: lambda a: PlanImport.objects.get(project=a.project),
    StatusReport: lambda a: a.reports["report"],
    CommunicationEntry: lambda a: a.reports["entry"],
    Notification: lambda a: a.notification,
    ClientRequest: lambda a: a.clients["request"],
    Survey: lambda a: a.clients["survey"],
    SurveyResponse: lambda a: a.clients["response"],
    Comment: lambda a: a.collaboration["comment"],
    Meeting: lambda a: a.collaboration["meeting"],
    ActionItem: lambda a: a.collaboration["action"],
    Document: lambda a: a.collaboration["document"],
    Allocation: lambda a: a.resources["allocation"],
    BudgetLine: lambda a: a.resources["budget_line"],
    Inspection: lambda a: a.quality["inspection"],
    Defect: lambda a: a.quality["defect"],
    CorrectiveAction: lambda a: a.quality["action"],
    TestCase: lambda a: a.quality["case"],
    TestRun: lambda a: a.quality["run"],
    Risk: lambda a: a.risks["risk"],
    ProjectIssue: lambda a: a.risks["issue"],
    ServiceContract: lambda a: a.tickets["contract"],
    Service: lambda a: a.tickets["service"],
    Ticket: lambda a: a.tickets["ticket"],
    TicketEvent: lambda a: a.tickets["reply"],
    ConfigurationItem: lambda a: a.cmdb["ci"],
    CIRelation: lambda a: a.cmdb["relation"],
    AlertIntegration: lambda a: a.cmdb["integration"],
    BackupJob: lambda a: a.cmdb["job"],
    BackupResult: lambda a: a.cmdb["result"],
    RestoreDrill: lambda a: a.cmdb["drill"],
    SecurityAssessment: lambda a: a.cmdb["assessment"],
    SecurityFinding: lambda a: a.cmdb["finding"],
    Problem: lambda a: a.changes["problem"],
    Change: lambda a: a.changes["change"],
    MaintenanceWindow: lambda a: a.changes["window"],
    SlaReport: lambda a: a.changes["report"],
    Space: lambda a: a.knowledge["space"],
    Article: lambda a: a.knowledge["article"],
    LessonLearned: lambda a: a.knowledge["lesson"],
    Attendance: lambda a: a.training["attendance"],
    SkillLevelChange: lambda a: a.training["change"],
    TrainingNeed: lambda a: a.training["need"],
    SkillRequirement: lambda a: a.training["requirement"],
    KpiSnapshot: lambda a: a.performance["snapshot"],
    ProjectReview: lambda a: a.performance["review"],
    ImprovementProposal: lambda a: a.improvement["proposal"],
    ImprovementAction: lambda a: a.improvement["action"],
}
# Shared by every tenant: everyone reads them, only the PMO writes them.
SHARED = {WorkCalendar: lambda a: a.project.calendar}
# The vendor's resource pool: the vendor's people of every project read it (writes are the PMO's,
# and a person's own absences), clients never see it at all.
VENDOR_POOL = {
    Resource: lambda a: a.resources["resource"],
    Skill: lambda a: a.resources["skill"],
    Team: lambda a: a.resources["resource"].team,
    Absence: lambda a: a.resources["absence"],
    ChecklistTemplate: lambda a: a.quality["template"],
    SlaPolicy: lambda a: a.tickets["policy"],
    SupportGroup: lambda a: a.tickets["group"],
    TrainingPlan: lambda a: a.training["plan"],
    TrainingSession: lambda a: a.training["session"],
}
VENDOR_ROLES = {"manager", "member"}
# API views that are not model viewsets: the model their {id} names.
# (The workload's rows are the pool's; that no cell names another tenant's task is tested below.)
API_VIEW_MODELS = {
    "/api/v1/projects/{id}/leveling/": Project,
    "/api/v1/workload/": Resource,
    "/api/v1/deliverables/{id}/acceptance/": Deliverable,
    "/api/v1/projects/{id}/risk-matrix/": Project,
    "/api/v1/skill-matrix/": Resource,
    "/api/v1/training-needs/": Resource,
    "/api/v1/kpis/": KpiSnapshot,
}
# Vendor-wide libraries any project manager may add to: another tenant's manager creating one
# is not a leak (clients are still refused).
VENDOR_CREATE_API = {"/api/v1/checklist-templates/", "/api/v1/training-plans/"}

# Tenant A's object id for each URL parameter of the HTML pages.
URL_OBJECTS = {
    "project_id": lambda a: a.project.pk,
    "membership_id": lambda a: OBJECTS[Membership](a).pk,
    "task_id": lambda a: a.plan()["task"].pk,
    "dependency_id": lambda a: a.plan()["dependency"].pk,
    "deliverable_id": lambda a: a.plan()["deliverable"].pk,
    "baseline_id": lambda a: a.plan()["baseline"].pk,
    "weeksubmission_id": lambda a: a.plan()["week"].pk,
    "planimport_id": lambda a: OBJECTS[PlanImport](a).pk,
    "statusreport_id": lambda a: a.reports["report"].pk,
    "communicationentry_id": lambda a: a.reports["entry"].pk,
    "notification_id": lambda a: a.notification.pk,
    "webhookendpoint_id": lambda a: a.webhook.pk,
    "clientrequest_id": lambda a: a.clients["request"].pk,
    "survey_id": lambda a: a.clients["survey"].pk,
    "comment_id": lambda a: a.collaboration["comment"].pk,
    "commentattachment_id": lambda a: a.collaboration["attachment"].pk,
    "target_type": lambda a: "projects.task",
    "target_id": lambda a: a.plan()["task"].pk,
    "meeting_id": lambda a: a.collaboration["meeting"].pk,
    "meetingdecision_id": lambda a: a.collaboration["decision"].pk,
    "actionitem_id": lambda a: a.collaboration["action"].pk,
    "folder_id": lambda a: a.collaboration["folder"].pk,
    "document_id": lambda a: a.collaboration["document"].pk,
    "documentversion_id": lambda a: a.collaboration["version"].pk,
    "announcement_id": lambda a: a.collaboration["announcement"].pk,
    "allocation_id": lambda a: a.resources["allocation"].pk,
    "line_id": lambda a: a.resources["budget_line"].pk,
    "inspection_id": lambda a: a.quality["inspection"].pk,
    "inspectionitemresult_id": lambda a: a.quality["result"].pk,
    "evidence_id": lambda a: a.quality["evidence"].pk,
    "defect_id": lambda a: a.quality["defect"].pk,
    "correctiveaction_id": lambda a: a.quality["action"].pk,
    "acceptancecriterion_id": lambda a: a.quality["criterion"].pk,
    "testsuite_id": lambda a: a.quality["suite"].pk,
    "testcase_id": lambda a: a.quality["case"].pk,
    "testrun_id": lambda a: a.quality["run"].pk,
    "testresult_id": lambda a: a.quality["test_result"].pk,
    "risk_id": lambda a: a.risks["risk"].pk,
    "projectissue_id": lambda a: a.risks["issue"].pk,
    "client_id": lambda a: a.client_org.pk,
    "ticket_id": lambda a: a.tickets["ticket"].pk,
    "contract_id": lambda a: a.tickets["contract"].pk,
    "ci_id": lambda a: a.cmdb["ci"].pk,
    "relation_id": lambda a: a.cmdb["relation"].pk,
    "finding_id": lambda a: a.cmdb["finding"].pk,
    "job_id": lambda a: a.cmdb["job"].pk,
    "problem_id": lambda a: a.changes["problem"].pk,
    "change_id": lambda a: a.changes["change"].pk,
    "window_id": lambda a: a.changes["window"].pk,
    "slareport_id": lambda a: a.changes["report"].pk,
    "space_id": lambda a: a.knowledge["space"].pk,
    "article_id": lambda a: a.knowledge["article"].pk,
    "articleversion_id": lambda a: a.knowledge["version"].pk,
    "articleattachment_id": lambda a: a.knowledge["attachment"].pk,
    "lessonlearned_id": lambda a: a.knowledge["lesson"].pk,
    "attendance_id": lambda a: a.training["attendance"].pk,
    "skilllevelchange_id": lambda a: a.training["change"].pk,
    "trainingneed_id": lambda a: a.training["need"].pk,
    "skillrequirement_id": lambda a: a.training["requirement"].pk,
    "team_id": lambda a: a.performance["team"].pk,
    "review_id": lambda a: a.performance["review"].pk,
    "proposal_id": lambda a: a.improvement["proposal"].pk,
    "improvementaction_id": lambda a: a.improvement["action"].pk,
}
VENDOR_POOL_URL_OBJECTS = {
    "resource_id": lambda a: a.resources["resource"].pk,
    "absence_id": lambda a: a.resources["absence"].pk,
    "skill_id": lambda a: a.resources["skill"].pk,
    "checklisttemplate_id": lambda a: a.quality["template"].pk,
    "trainingplan_id": lambda a: a.training["plan"].pk,
    "trainingsession_id": lambda a: a.training["session"].pk,
}


@pytest.fixture
def tenant_a(tenant_a, settings, tmp_path):
    """Tenant A with a plan import too, made before any test takes its snapshot of the data."""
    PlanImport.objects.create(
        project=tenant_a.project, format="csv", file="plan-imports/plan.csv", file_name="plan.csv"
    )
    tenant_a.notification = Notification.objects.create(
        recipient=tenant_a.client_contact, event="task.assigned", event_key="matrix", title="Yours"
    )
    tenant_a.webhook = WebhookEndpoint.objects.create(
        project=tenant_a.project, name="Chat", kind="slack", url="https://hooks.slack.com/x",
        events=["task.assigned"],
    )  # fmt: skip
    from tests.clients.factories import tenant_survey_objects

    tenant_a.clients = tenant_survey_objects(tenant_a)
    from tests.reports.factories import tenant_report_objects

    tenant_a.reports = tenant_report_objects(tenant_a)
    from tests.collaboration.objects import collaboration_objects

    settings.MEDIA_ROOT = tmp_path / "media"  # uploads of this test only
    tenant_a.collaboration = collaboration_objects(tenant_a)
    tenant_a.resources = resource_objects(tenant_a)
    tenant_a.quality = quality_objects(tenant_a)
    from tests.risks.matrix import risk_objects

    tenant_a.risks = risk_objects(tenant_a)
    from tests.operations.change.matrix import change_objects
    from tests.operations.cmdb.matrix import cmdb_objects
    from tests.operations.tickets.matrix import ticket_objects

    tenant_a.tickets = ticket_objects(tenant_a)
    tenant_a.cmdb = cmdb_objects(tenant_a)
    tenant_a.changes = change_objects(tenant_a)
    from tests.knowledge.matrix import knowledge_objects
    from tests.training.matrix import training_objects

    tenant_a.knowledge = knowledge_objects(tenant_a)
    tenant_a.training = training_objects(tenant_a)
    from tests.improvement.matrix import improvement_objects
    from tests.performance.matrix import performance_objects

    tenant_a.performance = performance_objects(tenant_a)
    tenant_a.improvement = improvement_objects(tenant_a)
    return tenant_a


def quality_objects(a) -> dict:
    """A checklist run on the plan's deliverable with evidence, a defect with its CAPA, an
    acceptance criterion, a test suite with a client-visible run, the deliverable submitted."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from quality import services as q
    from tests.quality.matrix_b import testing_objects

    deliverable = a.plan()["deliverable"]
    template = q.template_create(
        actor=a.manager, name=f"CL {a.project.code}", items=[q.ItemSpec("Check one")]
    )
    inspection = q.inspection_start(
        actor=a.manager, project=a.project, template=template, inspector=a.member,
        date=a.project.start_date, deliverable=deliverable,
    )  # fmt: skip
    result = inspection.results.first()
    evidence = q.evidence_add(
        actor=a.member, result=result,
        file=SimpleUploadedFile("e.txt", b"evidence", content_type="text/plain"),
    )  # fmt: skip
    defect = q.defect_create(actor=a.manager, project=a.project, title="D")
    testing = testing_objects(a)
    return {
        "template": template, "inspection": inspection, "result": result, "evidence": evidence,
        "criterion": q.criterion_add(actor=a.manager, deliverable=deliverable, text="Measurable"),
        "defect": defect,
        "action": q.action_add(
            actor=a.manager, defect=defect, description="Fix", owner=a.member,
            due_date=a.project.start_date,
        ),
        "suite": testing["suite"], "case": testing["case"], "run": testing["run"],
        "test_result": testing["result"],
    }  # fmt: skip


def resource_objects(a) -> dict:
    """Tenant A's member as a resource (booked on their task), a skill, leave, a budget line."""
    from tests.resources.factories import absent, give_skill, person_resource

    resource = person_resource(a.member, rate="300")
    skill = give_skill(resource, "Matrix skill", 3).skill
    task = a.plan()["task"]
    from resources import services

    services.sync_assignment_allocations([task.pk])
    return {
        "resource": resource,
        "skill": skill,
        "absence": absent(resource, a.project.start_date, a.project.start_date),
        "allocation": Allocation.objects.get(task=task, resource=resource),
        "budget_line": BudgetLine.objects.create(
            project=a.project, category="hardware", description="Servers", planned_amount=1000
        ),
    }


# Shared objects in URLs: everyone reads the page (200), only the PMO posts to it.
SHARED_URL_OBJECTS = {"calendar_id": lambda a: a.project.calendar.pk}

from tests.improvement.matrix import CREATE_PAYLOADS as IMPROVEMENT_PAYLOADS  # noqa: E402
from tests.knowledge.matrix import CREATE_PAYLOADS as KNOWLEDGE_PAYLOADS  # noqa: E402
from tests.operations.change.matrix import CREATE_PAYLOADS as CHANGE_PAYLOADS  # noqa: E402
from tests.operations.cmdb.matrix import CREATE_PAYLOADS as CMDB_PAYLOADS  # noqa: E402
from tests.operations.tickets.matrix import CREATE_PAYLOADS as TICKET_PAYLOADS  # noqa: E402
from tests.performance.matrix import CREATE_PAYLOADS as PERFORMANCE_PAYLOADS  # noqa: E402
from tests.risks.matrix import CREATE_PAYLOADS as RISK_PAYLOADS  # noqa: E402
from tests.training.matrix import CREATE_PAYLOADS as TRAINING_PAYLOADS  # noqa: E402

# A create request that points at tenant A's objects, per API collection.
CREATE_PAYLOADS = {
    "/api/v1/projects/": lambda a: {
        "code": "STOLEN-1", "name": "x", "client": a.client_org.pk,
        "manager": a.manager.pk, "start_date": "2026-11-02",
    },
    "/api/v1/memberships/": lambda a: {
        "project": a.project.pk, "user": a.client_contact.pk, "role": "client_viewer",
    },
    "/api/v1/organizations/": lambda a: {"name": "Stolen Ltd", "kind": "client"},
    "/api/v1/users/": lambda a: {
        "username": "intruder", "email": "i@example.com", "organization": a.client_org.pk,
        "password": "a-long-password-2026",
    },
    "/api/v1/tasks/": lambda a: {"project": a.project.pk, "name": "Stolen", "parent": a.plan()["phase"].pk},
    "/api/v1/milestones/": lambda a: {"project": a.project.pk, "name": "Stolen"},
    "/api/v1/dependencies/": lambda a: {
        "predecessor": a.plan()["second"].pk, "successor": a.plan()["phase"].pk, "type": "SS",
    },
    "/api/v1/deliverables/": lambda a: {"project": a.project.pk, "name": "Stolen"},
    "/api/v1/baselines/": lambda a: {"project": a.project.pk, "name": "Stolen"},
    "/api/v1/time-entries/": lambda a: {"task": a.plan()["task"].pk, "date": "2026-11-03", "hours": "1"},
    "/api/v1/timesheet-weeks/submit/": lambda a: {"week_start": "2026-11-02"},
    "/api/v1/calendars/": lambda a: {"name": "Stolen", "working_weekdays": [1, 2]},
    "/api/v1/communication-plan/": lambda a: {
        "project": a.project.pk, "information": "weekly_report", "audience_groups": ["team"],
        "frequency": "daily", "starts_on": "2026-11-02",
    },
    "/api/v1/client-requests/": lambda a: {"project": a.project.pk, "title": "Stolen"},
    "/api/v1/comments/": lambda a: {
        "target_type": "projects.task", "target_id": a.plan()["task"].pk, "body": "Stolen",
    },
    "/api/v1/meetings/": lambda a: {
        "project": a.project.pk, "title": "Stolen", "kind": "weekly",
        "starts_at": "2026-11-10T10:00:00+08:00", "duration_minutes": 30,
        "attendees": [a.manager.pk],
    },
    "/api/v1/action-items/": lambda a: {"meeting": a.collaboration["meeting"].pk, "title": "Stolen"},
    "/api/v1/documents/": lambda a: {"project": a.project.pk, "name": "Stolen"},
    "/api/v1/resources/": lambda a: {"name": "Stolen", "kind": "equipment"},
    "/api/v1/skills/": lambda a: {"name": "Stolen"},
    "/api/v1/absences/": lambda a: {
        "resource": a.resources["resource"].pk, "start_date": "2026-11-10",
        "end_date": "2026-11-11",
    },
    "/api/v1/allocations/": lambda a: {
        "resource": a.resources["resource"].pk, "project": a.project.pk,
        "start_date": "2026-11-10", "end_date": "2026-11-11",
    },
    "/api/v1/budget-lines/": lambda a: {
        "project": a.project.pk, "category": "travel", "description": "Stolen",
        "planned_amount": "1",
    },
    "/api/v1/inspections/": lambda a: {
        "project": a.project.pk, "template": a.quality["template"].pk, "date": "2026-11-03",
    },
    "/api/v1/defects/": lambda a: {"project": a.project.pk, "title": "Stolen"},
    "/api/v1/corrective-actions/": lambda a: {
        "defect": a.quality["defect"].pk, "description": "Stolen", "owner": a.member.pk,
        "due_date": "2026-11-03",
    },
    "/api/v1/checklist-templates/": lambda a: {"name": "Stolen", "items": [{"text": "a"}]},
    "/api/v1/test-cases/": lambda a: {"suite": a.quality["suite"].pk, "title": "Stolen"},
    "/api/v1/test-runs/": lambda a: {"suite": a.quality["suite"].pk},
    **RISK_PAYLOADS,
    **TICKET_PAYLOADS,
    **CMDB_PAYLOADS,
    **CHANGE_PAYLOADS,
    **KNOWLEDGE_PAYLOADS,
    **TRAINING_PAYLOADS,
    **PERFORMANCE_PAYLOADS,
    **IMPROVEMENT_PAYLOADS,
    "/api/v1/survey-responses/": lambda a: {
        "survey": a.clients["survey"].pk, "quality": 1, "timeliness": 1, "communication": 1,
        "responsiveness": 1, "nps": 0,
    },
}  # fmt: skip

# Reachable without signing in, or not about any tenant's objects.
PUBLIC_API = {
    "/api/v1/auth/token/",
    # Authenticated by an alert integration's bearer token, never by a user (tests/operations).
    "/api/v1/alerts/alertmanager/",
    "/api/v1/alerts/generic/",
}
# Collection actions on the caller's own rows only ("mark all my notifications read"): they may
# succeed; the snapshot proves they changed nothing of tenant A's.
OWN_ROWS_API = {"/api/v1/notifications/read-all/"}
PUBLIC_PAGES = {
    "accounts:login", "accounts:logout", "accounts:password_reset",
    "accounts:password_reset_done", "accounts:password_reset_confirm",
    "accounts:password_reset_complete", "accounts:set_language", "healthz",
    "projects:calendar_feed", "reports:dispatch_pixel", "reports:dispatch_acknowledge",
}  # fmt: skip
ROLES = ("manager", "member", "client_contact", "client_viewer")


VOLATILE = {"last_login"}  # signing in as each role is not a write to tenant A


def snapshot():
    """Every row of every scoped model: a write that slipped through changes it."""
    return {
        model.__name__: [
            {k: v for k, v in row.items() if k not in VOLATILE}
            for row in model.objects.order_by("pk").values()
        ]
        for model in access.registered_models()
    }


# --- the API, from the OpenAPI schema ---------------------------------------------------------


def api_operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, item in schema["paths"].items():
        for method in item:
            if method in {"get", "post", "put", "patch", "delete"}:
                yield path, method


PARAMETER = re.compile(r"\{\w+\}")


def model_behind(path: str):
    if path in API_VIEW_MODELS:
        return API_VIEW_MODELS[path]
    view = resolve(PARAMETER.sub("1", path)).func
    return view.cls.queryset.model


def target_of(model, a):
    for objects in (OBJECTS, SHARED, VENDOR_POOL):
        if model in objects:
            return objects[model](a)
    return None


def api_problems(a, b, api, paths=None) -> list[str]:
    """What another tenant's roles could see or change of tenant A's objects through the API."""
    problems = []
    a.plan()
    before = snapshot()
    for path, method in api_operations():
        if path in PUBLIC_API or (paths is not None and path not in paths):
            continue
        model = model_behind(path)
        target = target_of(model, a)
        if target is None:
            problems.append(f"{path}: no tenant object for {model.__name__} in OBJECTS")
            continue
        shared, pool = model in SHARED, model in VENDOR_POOL
        url = PARAMETER.sub(str(target.pk), path)
        for role, user in b.users().items():
            client = api(user)
            if pool and role not in VENDOR_ROLES:
                # Clients: the pool does not exist for them.
                if PARAMETER.search(path):
                    response = getattr(client, method)(url, {}, format="json")
                    if response.status_code != 404:
                        problems.append(f"{role} {method.upper()} {url}: {response.status_code}")
                elif method == "get":
                    rows = _rows(client.get(path, {"page_size": 500}))
                    if rows:
                        problems.append(f"{role} GET {path}: lists the vendor's {model.__name__}")
                elif method == "post":
                    response = client.post(path, CREATE_PAYLOADS[path](a), format="json")
                    if response.status_code < 400:
                        problems.append(f"{role} POST {path}: {response.status_code}")
                continue
            if (shared or pool) and PARAMETER.search(path):
                response = getattr(client, method)(url, {}, format="json")
                expected = (200,) if method == "get" else (403, 405)
                if response.status_code not in expected:
                    problems.append(f"{role} {method.upper()} {url}: {response.status_code}")
            elif ((shared or pool) and method == "get") or (
                method == "post" and path in VENDOR_CREATE_API
            ):
                continue
            elif PARAMETER.search(path):
                response = getattr(client, method)(url, {}, format="json")
                if response.status_code != 404:
                    problems.append(f"{role} {method.upper()} {url}: {response.status_code}")
            elif method == "get":
                rows = _rows(client.get(path, {"page_size": 500}))
                if any(row.get("id") == target.pk for row in rows):
                    problems.append(f"{role} GET {path}: lists tenant A's {model.__name__}")
            elif method == "post" and path in OWN_ROWS_API:
                response = client.post(path, {}, format="json")
                if response.status_code >= 500:
                    problems.append(f"{role} POST {path}: {response.status_code}")
            elif method == "post":
                if path not in CREATE_PAYLOADS:
                    problems.append(f"{path}: no create payload in CREATE_PAYLOADS")
                    continue
                response = client.post(path, CREATE_PAYLOADS[path](a), format="json")
                if response.status_code < 400:
                    problems.append(f"{role} POST {path}: {response.status_code}")
    if snapshot() != before:
        problems.append("another tenant's requests changed data")
    return problems


def _rows(response) -> list[dict]:
    data = response.json()
    rows = data.get("results", [data]) if isinstance(data, dict) else data
    return [row for row in rows if isinstance(row, dict) and "id" in row]


@pytest.mark.django_db
def test_no_role_of_another_tenant_reaches_tenant_a_through_the_api(tenant_a, tenant_b, api):
    assert api_problems(tenant_a, tenant_b, api) == []


@pytest.mark.django_db
def test_the_matrix_catches_an_endpoint_that_forgets_its_scoping(
    tenant_a, tenant_b, api, monkeypatch
):
    from projects.api import ProjectViewSet

    monkeypatch.setattr(ProjectViewSet, "get_queryset", lambda self: Project.objects.all())
    problems = api_problems(tenant_a, tenant_b, api, paths={"/api/v1/projects/{id}/"})
    assert any("GET /api/v1/projects/" in p and ": 200" in p for p in problems), problems


@pytest.mark.django_db
def test_every_api_operation_refuses_anonymous_callers(tenant_a, api):
    client = api()
    for path, method in api_operations():
        if path in PUBLIC_API:
            continue
        model = model_behind(path)
        url = PARAMETER.sub(str(target_of(model, tenant_a).pk), path)
        response = getattr(client, method)(url, {}, format="json")
        assert response.status_code == 401, f"anonymous {method.upper()} {url}"


# --- the pages, from the URL configuration ----------------------------------------------------


def page_patterns(resolver=None, namespace="", prefix=""):
    """(name, converters) of every page outside admin and the API."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(("admin/", "api/")):
            continue
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from page_patterns(entry, ns, route)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", re.findall(r"<(?:\w+:)?(\w+)>", route)


def page_problems(a, b, client) -> list[str]:
    problems = []
    a.plan()
    before = snapshot()
    known = {**URL_OBJECTS, **SHARED_URL_OBJECTS, **VENDOR_POOL_URL_OBJECTS}
    for name, params in page_patterns():
        if name in PUBLIC_PAGES or not params:
            continue
        missing = [p for p in params if p not in known]
        if missing:
            problems.append(f"{name}: no tenant object for URL parameters {missing}")
            continue
        url = reverse(name, kwargs={p: known[p](a) for p in params})
        shared = all(p in SHARED_URL_OBJECTS for p in params)
        pool = all(p in VENDOR_POOL_URL_OBJECTS for p in params)
        for role, user in b.users().items():
            client.force_login(user)
            for method in ("get", "post"):
                status = getattr(client, method)(url).status_code
                if shared:
                    expected = {"get": (200,), "post": (403, 405)}[method]
                elif pool and role in VENDOR_ROLES:
                    # The pool is read by the vendor's people; only the PMO (or the person
                    # themselves, for absences) changes it.
                    expected = {"get": (200, 403, 405), "post": (403, 405)}[method]
                else:
                    expected = (404, 405)
                if status not in expected:
                    problems.append(f"{role} {method.upper()} {url}: {status}")
    if snapshot() != before:
        problems.append("another tenant's requests changed data")
    return problems


@pytest.mark.django_db
def test_no_role_of_another_tenant_reaches_tenant_a_through_the_pages(tenant_a, tenant_b, client):
    assert page_problems(tenant_a, tenant_b, client) == []


@pytest.mark.django_db
def test_every_page_but_the_public_ones_asks_anonymous_visitors_to_sign_in(tenant_a, client):
    for name, params in page_patterns():
        if name in PUBLIC_PAGES:
            continue
        known = {**URL_OBJECTS, **SHARED_URL_OBJECTS, **VENDOR_POOL_URL_OBJECTS}
        url = reverse(name, kwargs={p: known[p](tenant_a) for p in params})
        response = client.get(url)
        assert response.status_code in (302, 405), f"{url}: {response.status_code}"
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("accounts:login")), url


@pytest.mark.django_db
def test_no_workload_cell_names_another_tenants_tasks(tenant_a, tenant_b, api, client):
    """Another project's manager sees a person's load (the pool is the vendor's), not its tasks."""
    from projects import services as planning

    tenant_a.resources  # noqa: B018 - the fixture made tenant A's member a resource
    task = planning.task_create(
        actor=tenant_a.manager, project=tenant_a.project, name="Open work", duration_days=5,
        assignee=tenant_a.member,
    )  # fmt: skip
    period = {"start": "2026-11-02", "end": "2026-11-15", "granularity": "week"}
    for role, user in tenant_b.users().items():
        response = api(user).get("/api/v1/workload/", period)
        if role in VENDOR_ROLES and response.status_code == 200:
            rows = response.json()
            rows = rows.get("results", rows) if isinstance(rows, dict) else rows
            assert all(task.pk not in row["tasks"] for row in rows), role
        else:
            assert response.status_code in (403, 404), (role, response.status_code)
    # The manager of tenant A does see it: the test looks where the task would be.
    rows = api(tenant_a.manager).get("/api/v1/workload/", period).json()
    rows = rows.get("results", rows) if isinstance(rows, dict) else rows
    assert any(task.pk in row["tasks"] for row in rows)
