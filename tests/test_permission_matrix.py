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
from notifications.models import Notification, WebhookEndpoint
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
from reports.models import CommunicationEntry, StatusReport

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
}
# Shared by every tenant: everyone reads them, only the PMO writes them.
SHARED = {WorkCalendar: lambda a: a.project.calendar}

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
    return tenant_a


# Shared objects in URLs: everyone reads the page (200), only the PMO posts to it.
SHARED_URL_OBJECTS = {"calendar_id": lambda a: a.project.calendar.pk}

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
    "/api/v1/survey-responses/": lambda a: {
        "survey": a.clients["survey"].pk, "quality": 1, "timeliness": 1, "communication": 1,
        "responsiveness": 1, "nps": 0,
    },
}  # fmt: skip

# Reachable without signing in, or not about any tenant's objects.
PUBLIC_API = {"/api/v1/auth/token/"}
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


def model_behind(path: str):
    concrete = path.replace("{id}", "1")
    view = resolve(concrete).func
    return view.cls.queryset.model


def api_problems(a, b, api, paths=None) -> list[str]:
    """What another tenant's roles could see or change of tenant A's objects through the API."""
    problems = []
    a.plan()
    before = snapshot()
    for path, method in api_operations():
        if path in PUBLIC_API or (paths is not None and path not in paths):
            continue
        model = model_behind(path)
        if model not in OBJECTS and model not in SHARED:
            problems.append(f"{path}: no tenant object for {model.__name__} in OBJECTS")
            continue
        shared = model in SHARED
        target = (SHARED if shared else OBJECTS)[model](a)
        for role, user in b.users().items():
            client = api(user)
            if shared and "{id}" in path:
                url = path.replace("{id}", str(target.pk))
                response = getattr(client, method)(url, {}, format="json")
                expected = (200,) if method == "get" else (403, 405)
                if response.status_code not in expected:
                    problems.append(f"{role} {method.upper()} {url}: {response.status_code}")
            elif shared and method == "get":
                continue
            elif "{id}" in path:
                url = path.replace("{id}", str(target.pk))
                response = getattr(client, method)(url, {}, format="json")
                if response.status_code != 404:
                    problems.append(f"{role} {method.upper()} {url}: {response.status_code}")
            elif method == "get":
                response = client.get(path, {"page_size": 500})
                data = response.json()
                rows = data.get("results", [data]) if isinstance(data, dict) else data
                if any(row.get("id") == target.pk for row in rows if isinstance(row, dict)):
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
        url = path.replace(
            "{id}", str((SHARED if model in SHARED else OBJECTS)[model](tenant_a).pk)
        )
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
    for name, params in page_patterns():
        if name in PUBLIC_PAGES or not params:
            continue
        known = {**URL_OBJECTS, **SHARED_URL_OBJECTS}
        missing = [p for p in params if p not in known]
        if missing:
            problems.append(f"{name}: no tenant object for URL parameters {missing}")
            continue
        url = reverse(name, kwargs={p: known[p](a) for p in params})
        shared = all(p in SHARED_URL_OBJECTS for p in params)
        for role, user in b.users().items():
            client.force_login(user)
            for method in ("get", "post"):
                status = getattr(client, method)(url).status_code
                expected = {"get": (200,), "post": (403, 405)} if shared else {}
                if status not in expected.get(method, (404, 405)):
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
        known = {**URL_OBJECTS, **SHARED_URL_OBJECTS}
        url = reverse(name, kwargs={p: known[p](tenant_a) for p in params})
        response = client.get(url)
        assert response.status_code in (302, 405), f"{url}: {response.status_code}"
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("accounts:login")), url
