"""Dashboards and review pages: who sees them, both languages, query counts, forms."""

import pytest
from django.urls import reverse
from django.utils import timezone

from performance import services
from performance.models import ProjectReview, ReviewAction
from projects import services as project_services
from tests.clients.factories import SurveyFactory, SurveyResponseFactory
from tests.conftest import Tenant
from tests.resources.factories import TeamFactory, person_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(tenant_a, tenant_b):
    survey = SurveyFactory(project=tenant_a.project)
    SurveyResponseFactory(survey=survey, respondent=tenant_a.client_contact)
    tenant_a.plan()
    services.kpi_snapshot_take()
    return tenant_a


def test_portfolio_dashboard_for_the_pmo(client, pmo, history, tenant_b):
    client.force_login(pmo)
    response = client.get(reverse("performance:portfolio_dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    # Measured KPIs are tiles; the ones with nothing to measure yet are listed apart, not 0.
    assert 'data-testid="kpi-tile-csat"' in html and 'data-testid="kpi-tile-nps"' in html
    unmeasured = html.split('data-testid="kpi-unmeasured"')[1]
    assert "Utilisation" in unmeasured and 'data-testid="kpi-tile-utilisation"' not in html
    assert "ALPHA-1" in html and "BETA-1" in html


def test_portfolio_trend_comes_from_the_snapshots(client, pmo, tenant_a):
    import datetime as dt

    from performance.models import KpiSnapshot

    today = timezone.localdate()
    for months, value in ((2, 70), (1, 80), (0, 90)):
        KpiSnapshot.objects.create(
            kpi="milestones_on_time", scope_kind="portfolio", scope_id=0,
            date=today - dt.timedelta(days=30 * months), value=value, status="amber",
        )  # fmt: skip
    client.force_login(pmo)
    html = client.get(reverse("performance:portfolio_dashboard")).content.decode()
    assert "kpi-trend-data" in html and "[70.0, 80.0, 90.0]" in html


def test_a_manager_sees_only_their_projects_and_clients(client, history, tenant_b):
    client.force_login(tenant_b.manager)
    html = client.get(reverse("performance:portfolio_dashboard")).content.decode()
    assert "BETA-1" in html and "ALPHA-1" not in html
    assert "Overtime hours" not in html and "Utilisation" not in html  # the PMO's KPIs
    url = reverse("performance:client_dashboard", kwargs={"client_id": history.client_org.pk})
    assert client.get(url).status_code == 404
    own = reverse("performance:client_dashboard", kwargs={"client_id": tenant_b.client_org.pk})
    assert client.get(own).status_code == 200


@pytest.mark.parametrize("role", ["member", "client_contact", "client_viewer"])
def test_team_members_and_clients_never_see_the_dashboards(client, history, role):
    client.force_login(history.users()[role])
    assert client.get(reverse("performance:portfolio_dashboard")).status_code == 404
    url = reverse("performance:client_dashboard", kwargs={"client_id": history.client_org.pk})
    assert client.get(url).status_code == 404


def test_client_dashboard_in_chinese(client, pmo, history):
    pmo.language = "zh-hans"
    pmo.save(update_fields=["language"])
    client.force_login(pmo)
    url = reverse("performance:client_dashboard", kwargs={"client_id": history.client_org.pk})
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = response.content.decode()
    assert response.status_code == 200
    # The lead compiles tr_performance.json into locale/; Django's and the portal's own
    # strings are already there.
    assert '<html lang="zh-hans">' in html and "项目" in html


def test_team_dashboard_is_the_pmos(client, pmo, tenant_a):
    team = TeamFactory(name="Service desk")
    person_resource(tenant_a.member, team=team)
    url = reverse("performance:team_dashboard", kwargs={"team_id": team.pk})
    client.force_login(tenant_a.manager)
    assert client.get(url).status_code == 404
    client.force_login(pmo)
    response = client.get(url)
    assert response.status_code == 200 and tenant_a.member.get_display_name() in response.text


def test_portfolio_dashboard_runs_a_fixed_number_of_queries(
    client, pmo, member, history, django_assert_max_num_queries
):
    client.force_login(pmo)
    client.get(reverse("performance:portfolio_dashboard"))
    for name in ("gamma", "delta", "epsilon", "zeta"):
        Tenant(member, name).plan()
    with django_assert_max_num_queries(45):
        response = client.get(reverse("performance:portfolio_dashboard"))
    assert "ZETA-1" in response.text


def test_qbr_pdf_leaves_cost_out(client, pmo, history, monkeypatch):
    from reports import pdf

    printed = {}

    def fake(documents):
        printed.update(documents)
        return {key: pdf.RenderedPdf(b"%PDF-1.7 fake", 1) for key in documents}

    monkeypatch.setattr(pdf, "render_pdfs", fake)
    client.force_login(pmo)
    url = reverse("performance:client_qbr_pdf", kwargs={"client_id": history.client_org.pk})
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Client satisfaction (CSAT)" in printed["qbr"]
    assert "Cost performance" not in printed["qbr"] and "Budget variance" not in printed["qbr"]


def _reviews(project):
    return reverse("performance:review_list", kwargs={"project_id": project.pk})


def test_manager_opens_a_review_and_adds_an_action(client, tenant_a):
    milestone = project_services.task_create(
        actor=tenant_a.manager, project=tenant_a.project, name="Go-live", duration_days=0
    )
    client.force_login(tenant_a.manager)
    page = client.get(_reviews(tenant_a.project))
    assert page.status_code == 200 and 'data-testid="review-form"' in page.text
    response = client.post(
        _reviews(tenant_a.project),
        {"kind": "milestone", "milestone": milestone.pk, "date": timezone.localdate()},
    )
    review = ProjectReview.objects.get()
    assert response.status_code == 302 and response["Location"] == review.get_absolute_url()
    detail = client.get(review.get_absolute_url())
    assert 'data-testid="review-figures"' in detail.text and "Go-live" in detail.text
    url = reverse("performance:review_action_add", kwargs={"review_id": review.pk})
    assert client.post(url, {"description": "Pair on reviews"}).status_code == 302
    assert ReviewAction.objects.get().task.name == "Pair on reviews"
    url = reverse("performance:review_assess", kwargs={"review_id": review.pk})
    client.post(url, {"rating": 4, "assessment": "Solid", "findings": "Late test data"})
    review.refresh_from_db()
    assert (review.rating, review.findings) == (4, "Late test data")


def test_an_invalid_review_shows_the_form_errors(client, tenant_a):
    client.force_login(tenant_a.manager)
    response = client.post(_reviews(tenant_a.project), {"kind": "milestone", "date": "soon"})
    assert response.status_code == 400 and "Enter a valid date." in response.text
    response = client.post(_reviews(tenant_a.project), {"kind": "milestone", "date": "2026-11-20"})
    assert response.status_code == 400 and "Choose the milestone" in response.text
    fragment = client.post(
        _reviews(tenant_a.project), {"kind": "milestone", "date": "x"}, HTTP_HX_REQUEST="true"
    )
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert not ProjectReview.objects.exists()


def test_members_read_reviews_clients_never(client, tenant_a, tenant_b):
    review = services.project_review_create(
        actor=tenant_a.manager, project=tenant_a.project, kind="close", date=timezone.localdate()
    )
    client.force_login(tenant_a.member)
    assert client.get(review.get_absolute_url()).status_code == 200
    assert 'data-testid="review-form"' not in client.get(_reviews(tenant_a.project)).text
    assert client.post(_reviews(tenant_a.project), {"kind": "close"}).status_code == 403
    for user in (tenant_a.client_contact, tenant_b.manager):
        client.force_login(user)
        assert client.get(review.get_absolute_url()).status_code == 404
        assert client.get(_reviews(tenant_a.project)).status_code == 404
