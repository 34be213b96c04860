"""Test management: suites, cases, runs and results, defects from failures, client visibility,
the API and the pages."""

import pytest
from django.urls import reverse

from ito_portal.core.errors import DomainError
from quality.models import Defect, TestOutcome, TestResult
from quality.services import testing as services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def suite(tenant_a):
    deliverable = tenant_a.plan()["deliverable"]
    suite = services.suite_create(
        actor=tenant_a.manager, project=tenant_a.project, name="Login", deliverable=deliverable
    )
    for title in ("Valid password", "Wrong password", "Locked account"):
        services.case_create(actor=tenant_a.manager, suite=suite, title=title, expected_result="OK")
    return suite


def start(tenant, suite, **kwargs):
    return services.run_start(actor=tenant.member, suite=suite, environment="UAT", **kwargs)


# --- services -----------------------------------------------------------------------------------


def test_a_run_has_one_result_per_case_not_run_yet(tenant_a, suite):
    run = start(tenant_a, suite)
    outcomes = list(run.results.order_by("case__position").values_list("case__title", "outcome"))
    assert outcomes == [
        ("Valid password", "not_run"),
        ("Wrong password", "not_run"),
        ("Locked account", "not_run"),
    ]
    assert [c.position for c in suite.cases.all()] == [1, 2, 3]


def test_an_empty_suite_cannot_run(tenant_a):
    empty = services.suite_create(actor=tenant_a.manager, project=tenant_a.project, name="Empty")
    with pytest.raises(DomainError):
        start(tenant_a, empty)


def test_a_suite_takes_only_deliverables_of_its_project(tenant_a, tenant_b):
    with pytest.raises(DomainError) as refused:
        services.suite_create(
            actor=tenant_a.manager,
            project=tenant_a.project,
            name="Wrong",
            deliverable=tenant_b.plan()["deliverable"],
        )
    assert "deliverable" in refused.value.errors


def test_recording_outcomes_and_finishing_freezes_them(tenant_a, suite):
    run = start(tenant_a, suite)
    result = run.results.first()
    services.result_record(actor=tenant_a.member, result=result, outcome="fail", note="500 error")
    result.refresh_from_db()
    assert (result.outcome, result.note, result.recorded_by) == (
        "fail",
        "500 error",
        tenant_a.member,
    )
    with pytest.raises(DomainError):
        services.result_record(actor=tenant_a.member, result=result, outcome="maybe")
    services.run_finish(actor=tenant_a.member, run=run)
    with pytest.raises(DomainError, match="finished"):
        services.result_record(actor=tenant_a.member, result=result, outcome="pass")


def test_a_failed_result_opens_one_linked_defect(tenant_a, suite):
    run = start(tenant_a, suite)
    result = run.results.first()
    with pytest.raises(DomainError, match="Only a failed"):
        services.result_open_defect(actor=tenant_a.member, result=result)
    services.result_record(actor=tenant_a.member, result=result, outcome="fail", note="Crash")
    defect = services.result_open_defect(actor=tenant_a.member, result=result)
    assert defect.found_in == "test_run"
    assert defect.deliverable == suite.deliverable
    assert defect.project == tenant_a.project
    assert "Crash" in defect.description
    result.refresh_from_db()
    assert result.defect == defect
    with pytest.raises(DomainError, match="already linked"):
        services.result_open_defect(actor=tenant_a.member, result=result)
    assert Defect.objects.count() == 1


def test_a_case_with_results_is_kept(tenant_a, suite):
    case = suite.cases.first()
    run = start(tenant_a, suite)
    services.result_record(actor=tenant_a.member, result=run.results.get(case=case), outcome="pass")
    with pytest.raises(DomainError):
        services.case_delete(actor=tenant_a.manager, case=case)
    never_run = services.case_create(actor=tenant_a.manager, suite=suite, title="New")
    services.case_delete(actor=tenant_a.manager, case=never_run)


# --- visibility ---------------------------------------------------------------------------------


def test_clients_see_only_client_visible_runs_and_never_cases(api, tenant_a, suite):
    internal = start(tenant_a, suite)
    shared = start(tenant_a, suite, client_visible=True)
    client = api(tenant_a.client_viewer)
    ids = [row["id"] for row in client.get("/api/v1/test-runs/").json()["results"]]
    assert ids == [shared.pk]
    assert client.get(f"/api/v1/test-runs/{internal.pk}/").status_code == 404
    assert client.get("/api/v1/test-cases/").json()["results"] == []
    record = client.post(
        f"/api/v1/test-runs/{shared.pk}/record/",
        {"case": suite.cases.first().pk, "outcome": "pass"},
        format="json",
    )
    assert record.status_code == 403


def test_another_tenant_sees_nothing(api, tenant_a, tenant_b, suite):
    run = start(tenant_a, suite, client_visible=True)
    for user in tenant_b.users().values():
        client = api(user)
        assert client.get(f"/api/v1/test-runs/{run.pk}/").status_code == 404
        assert client.get("/api/v1/test-runs/").json()["results"] == []
        assert client.get("/api/v1/test-cases/").json()["results"] == []
        created = client.post(
            "/api/v1/test-cases/", {"suite": suite.pk, "title": "Stolen"}, format="json"
        )
        assert created.status_code in (400, 403)
    assert suite.cases.count() == 3


# --- API ----------------------------------------------------------------------------------------


def test_api_creates_cases_and_records_a_run(api, tenant_a, suite, django_assert_max_num_queries):
    member = api(tenant_a.member)
    created = member.post(
        "/api/v1/test-cases/",
        {"suite": suite.pk, "title": "Password reset", "steps": "Click reset"},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["position"] == 4
    run = member.post(
        "/api/v1/test-runs/", {"suite": suite.pk, "environment": "SIT"}, format="json"
    )
    assert run.status_code == 201, run.content
    run_id = run.json()["id"]
    case = suite.cases.get(title="Wrong password")
    recorded = member.post(
        f"/api/v1/test-runs/{run_id}/record/",
        {"case": case.pk, "outcome": "blocked", "note": "No test user"},
        format="json",
    )
    assert recorded.status_code == 200, recorded.content
    row = next(r for r in recorded.json()["results"] if r["case"] == case.pk)
    assert (row["outcome"], row["note"]) == ("blocked", "No test user")
    bad = member.post(
        f"/api/v1/test-runs/{run_id}/record/", {"case": case.pk, "outcome": "x"}, format="json"
    )
    assert bad.status_code == 400 and "outcome" in bad.json()
    assert member.post(f"/api/v1/test-runs/{run_id}/finish/").status_code == 200
    with django_assert_max_num_queries(8) as few:
        member.get("/api/v1/test-runs/")
    start(tenant_a, suite)
    start(tenant_a, suite)
    with django_assert_max_num_queries(len(few.captured_queries)):
        listed = member.get("/api/v1/test-runs/")
    assert listed.json()["count"] == 3
    with django_assert_max_num_queries(8):
        assert member.get("/api/v1/test-cases/").json()["count"] == 4


# --- pages --------------------------------------------------------------------------------------


def test_list_page_with_constant_queries(client, tenant_a, suite, django_assert_max_num_queries):
    url = reverse("quality:test_list", kwargs={"project_id": tenant_a.project.pk})
    client.force_login(tenant_a.manager)
    with django_assert_max_num_queries(40) as first:
        client.get(url)
    other = services.suite_create(actor=tenant_a.manager, project=tenant_a.project, name="Reports")
    for i in range(5):
        services.case_create(actor=tenant_a.manager, suite=other, title=f"Report {i}")
    start(tenant_a, other)
    start(tenant_a, suite)
    with django_assert_max_num_queries(len(first.captured_queries)):
        page = client.get(url)
    assert page.content.decode().count('data-testid="case"') == 8
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and 'id="test-suites"' in fragment


def test_clients_may_not_open_the_test_list(client, tenant_a, tenant_b, suite):
    url = reverse("quality:test_list", kwargs={"project_id": tenant_a.project.pk})
    client.force_login(tenant_a.client_contact)
    assert client.get(url).status_code == 403
    client.force_login(tenant_b.manager)
    assert client.get(url).status_code == 404


def test_add_suite_and_case_on_the_page(client, tenant_a):
    client.force_login(tenant_a.manager)
    project_id = tenant_a.project.pk
    response = client.post(
        reverse("quality:testsuite_create", kwargs={"project_id": project_id}),
        {"suite-name": "Smoke"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "Smoke" in response.content.decode()
    invalid = client.post(
        reverse("quality:testsuite_create", kwargs={"project_id": project_id}),
        {"suite-name": ""},
        HTTP_HX_REQUEST="true",
    )
    assert invalid.status_code == 200 and "This field is required" in invalid.content.decode()
    suite = tenant_a.project.test_suites.get()
    client.post(
        reverse("quality:testcase_create", kwargs={"testsuite_id": suite.pk}),
        {f"case-{suite.pk}-title": "Home page loads"},
        HTTP_HX_REQUEST="true",
    )
    assert suite.cases.get().title == "Home page loads"


def test_run_a_suite_on_the_page_and_open_a_defect(
    client, tenant_a, suite, django_assert_max_num_queries
):
    client.force_login(tenant_a.member)
    started = client.post(
        reverse("quality:testrun_start", kwargs={"testsuite_id": suite.pk}),
        {"run-environment": "UAT"},
    )
    assert started.status_code == 302
    run = suite.runs.get()
    result = run.results.order_by("case__position").first()
    response = client.post(
        reverse("quality:testresult_record", kwargs={"testresult_id": result.pk}),
        {"outcome": "fail"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'data-testid="open-defect"' in response.content.decode()
    opened = client.post(
        reverse("quality:testresult_open_defect", kwargs={"testresult_id": result.pk}),
        HTTP_HX_REQUEST="true",
    )
    assert opened.status_code == 200
    assert 'data-testid="linked-defect"' in opened.content.decode()
    result.refresh_from_db()
    assert result.outcome == TestOutcome.FAILED and result.defect is not None
    url = reverse("quality:testrun_detail", kwargs={"testrun_id": run.pk})
    with django_assert_max_num_queries(30):
        assert client.get(url).status_code == 200


def test_a_client_reads_a_client_visible_run_without_controls(client, tenant_a, suite):
    internal = start(tenant_a, suite)
    shared = start(tenant_a, suite, client_visible=True)
    client.force_login(tenant_a.client_contact)
    url = reverse("quality:testrun_detail", kwargs={"testrun_id": shared.pk})
    html = client.get(url).content.decode()
    assert 'data-testid="outcome-pass"' not in html and "Valid password" in html
    hidden = reverse("quality:testrun_detail", kwargs={"testrun_id": internal.pk})
    assert client.get(hidden).status_code == 404
    result = TestResult.objects.filter(run=shared).first()
    record = reverse("quality:testresult_record", kwargs={"testresult_id": result.pk})
    assert client.post(record, {"outcome": "pass"}).status_code == 403
