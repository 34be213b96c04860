"""Quality metrics: first-pass yield, defects by severity and status, density, time to resolve,
acceptance cycle time and rejection rate; the dashboard page and who may read it."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from projects import services as project_services
from quality.models import Defect
from quality.services import acceptance as acceptance_services
from quality.services import metrics
from quality.services import testing as testing_services
from quality.services.checklists import ItemSpec, template_create
from quality.services.defects import defect_create
from quality.services.inspections import inspection_answer, inspection_complete, inspection_start

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    settings.LANGUAGE_CODE = "en"


def inspect(tenant, template, deliverable, *outcomes, day=None):
    """A completed inspection of `deliverable` with the given item outcomes."""
    inspection = inspection_start(
        actor=tenant.manager, project=tenant.project, template=template,
        inspector=tenant.manager, date=day or tenant.project.start_date, deliverable=deliverable,
    )  # fmt: skip
    for result, outcome in zip(
        inspection.results.order_by("item__position"), outcomes, strict=True
    ):
        inspection_answer(actor=tenant.manager, result=result, outcome=outcome, note="Broken")
    inspection_complete(actor=tenant.manager, inspection=inspection)
    return inspection


@pytest.fixture
def template():
    return template_create(
        actor=None, name="Document review", items=[ItemSpec("Spelling"), ItemSpec("Complete")]
    )


def test_first_pass_yield_counts_only_the_first_inspection_per_object(tenant_a, template):
    project = tenant_a.project
    one = project_services.deliverable_create(actor=tenant_a.manager, project=project, name="A")
    two = project_services.deliverable_create(actor=tenant_a.manager, project=project, name="B")
    start = project.start_date
    inspect(tenant_a, template, one, "failed", "passed", day=start)
    inspect(tenant_a, template, one, "passed", "passed", day=start + dt.timedelta(days=1))
    inspect(tenant_a, template, two, "passed", "not_applicable", day=start)
    fpy = metrics.first_pass_yield(project=project)
    assert (fpy.first_runs, fpy.passed, fpy.percent) == (2, 1, 50.0)


def test_defect_counts_density_and_mean_time_to_resolve(tenant_a):
    project = tenant_a.project
    deliverable = tenant_a.plan()["deliverable"]
    suite = testing_services.suite_create(
        actor=tenant_a.manager, project=project, name="S", deliverable=deliverable
    )
    for i in range(4):
        testing_services.case_create(actor=tenant_a.manager, suite=suite, title=f"Case {i}")
    made = [
        defect_create(actor=tenant_a.manager, project=project, title=f"D{i}", severity=severity,
                      deliverable=deliverable)
        for i, severity in enumerate(["critical", "major", "major", "minor"])
    ]  # fmt: skip
    now = timezone.now()
    Defect.objects.filter(pk=made[0].pk).update(
        status="resolved", created_at=now - dt.timedelta(days=4), resolved_at=now
    )
    Defect.objects.filter(pk=made[1].pk).update(
        status="closed", created_at=now - dt.timedelta(days=2), resolved_at=now
    )
    Defect.objects.filter(pk=made[3].pk).update(status="rejected")
    figures = metrics.defect_figures(project=project)
    assert figures.by_severity == {"critical": 1, "major": 2, "minor": 0, "trivial": 0}
    assert figures.by_status["rejected"] == 1 and figures.by_status["open"] == 1
    assert figures.total == 3 and figures.open == 1
    assert figures.mean_days_to_resolve == 3.0
    [row] = [d for d in metrics.defect_density(project=project) if d.pk == deliverable.pk]
    assert (row.defect_count, row.case_count, row.density) == (3, 4, 7.5)


def test_acceptance_cycle_time_and_rejection_rate(tenant_a):
    deliverable = tenant_a.plan()["deliverable"]
    contact = tenant_a.client_contact

    def act(action, comment=""):
        return acceptance_services.acceptance_act(
            actor=tenant_a.manager if action == "submit" else contact,
            deliverable=deliverable, action=action, comment=comment,
        )  # fmt: skip

    act("submit")
    act("reject", "Missing part")
    act("submit")
    act("accept")
    figures = metrics.acceptance_figures(project=tenant_a.project)
    assert (figures.decided, figures.rejected, figures.rejection_rate) == (2, 1, 50.0)
    assert len(figures.cycle_days) == 2 and figures.mean_cycle_days is not None


def test_dashboard_for_the_team_not_for_clients(
    client, tenant_a, template, django_assert_max_num_queries
):
    url = reverse("quality:dashboard", kwargs={"project_id": tenant_a.project.pk})
    client.force_login(tenant_a.member)
    with django_assert_max_num_queries(30) as first:
        page = client.get(url)
    assert page.status_code == 200 and 'id="quality-chart-data"' in page.content.decode()
    deliverable = tenant_a.plan()["deliverable"]
    inspect(tenant_a, template, deliverable, "failed", "passed")
    for i in range(3):
        defect_create(actor=tenant_a.manager, project=tenant_a.project, title=f"D{i}")
    with django_assert_max_num_queries(len(first.captured_queries)):
        page = client.get(url)
    assert 'data-testid="kpi-fpy">0.0%' in page.content.decode()
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment
    client.force_login(tenant_a.client_contact)
    assert client.get(url).status_code == 403


def test_project_quality_has_a_monthly_series(tenant_a):
    defect_create(actor=tenant_a.manager, project=tenant_a.project, title="One")
    data = metrics.project_quality(project=tenant_a.project)
    month = timezone.localdate().strftime("%Y-%m")
    assert month in data["series"]["months"]
    index = data["series"]["months"].index(month)
    assert data["series"]["defects_found"][index] == 1
