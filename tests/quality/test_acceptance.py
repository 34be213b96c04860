"""Client acceptance: submit → accept or reject, append-only decisions, notifications,
the permission matrix per role, the API and the pages."""

import pytest
from django.urls import reverse

from accounts.choices import ProjectRole
from ito_portal.core.errors import DomainError
from notifications.models import Notification
from projects import services as project_services
from projects.choices import DeliverableStatus
from quality.models import AcceptanceCriterion, AcceptanceDecision, ImmutableDecision
from quality.services import acceptance as acceptance_services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def deliverable(tenant_a):
    return project_services.deliverable_create(
        actor=tenant_a.manager,
        project=tenant_a.project,
        name="Migration runbook",
        acceptance_criteria="Reviewed by operations\nRollback tested",
    )


def submit(tenant, deliverable, comment=""):
    return acceptance_services.acceptance_submit(
        actor=tenant.manager, deliverable=deliverable, comment=comment
    )


# --- services -----------------------------------------------------------------------------------


def test_submit_then_accept_records_each_step_and_sets_the_status(tenant_a, deliverable):
    submit(tenant_a, deliverable, "Ready for review")
    deliverable.refresh_from_db()
    assert deliverable.status == DeliverableStatus.SUBMITTED
    decision = acceptance_services.acceptance_decide(
        actor=tenant_a.client_contact, deliverable=deliverable, action="accept", comment="Good"
    )
    deliverable.refresh_from_db()
    assert deliverable.status == DeliverableStatus.ACCEPTED
    history = list(AcceptanceDecision.objects.filter(deliverable=deliverable))
    assert [(d.action, d.decided_by) for d in history] == [
        ("submit", tenant_a.manager),
        ("accept", tenant_a.client_contact),
    ]
    assert decision.decided_at is not None


def test_a_rejection_needs_a_comment_and_allows_resubmission(tenant_a, deliverable):
    submit(tenant_a, deliverable)
    with pytest.raises(DomainError) as refused:
        acceptance_services.acceptance_decide(
            actor=tenant_a.client_contact, deliverable=deliverable, action="reject", comment=" "
        )
    assert "comment" in refused.value.errors
    acceptance_services.acceptance_decide(
        actor=tenant_a.client_contact,
        deliverable=deliverable,
        action="reject",
        comment="Rollback is missing",
    )
    deliverable.refresh_from_db()
    assert deliverable.status == DeliverableStatus.REJECTED
    submit(tenant_a, deliverable, "Rollback added")
    deliverable.refresh_from_db()
    assert deliverable.status == DeliverableStatus.SUBMITTED
    assert AcceptanceDecision.objects.filter(deliverable=deliverable).count() == 3


def test_only_a_submitted_deliverable_is_decided_and_an_accepted_one_stays(tenant_a, deliverable):
    with pytest.raises(DomainError, match="not awaiting acceptance"):
        acceptance_services.acceptance_decide(
            actor=tenant_a.client_contact, deliverable=deliverable, action="accept"
        )
    submit(tenant_a, deliverable)
    with pytest.raises(DomainError, match="already awaiting"):
        submit(tenant_a, deliverable)
    acceptance_services.acceptance_decide(
        actor=tenant_a.client_contact, deliverable=deliverable, action="accept"
    )
    with pytest.raises(DomainError, match="accepted deliverable"):
        submit(tenant_a, deliverable)


def test_a_deliverable_the_client_cannot_see_cannot_be_submitted(tenant_a, deliverable):
    project_services.deliverable_update(
        actor=tenant_a.manager, deliverable=deliverable, data={"client_visible": False}
    )
    with pytest.raises(DomainError, match="cannot see"):
        submit(tenant_a, deliverable)


def test_decisions_cannot_be_changed_or_deleted(tenant_a, deliverable):
    decision = submit(tenant_a, deliverable, "v1")
    decision.comment = "rewritten"
    with pytest.raises(ImmutableDecision):
        decision.save()
    with pytest.raises(ImmutableDecision):
        decision.delete()
    with pytest.raises(ImmutableDecision):
        AcceptanceDecision.objects.filter(pk=decision.pk).update(comment="rewritten")
    with pytest.raises(ImmutableDecision):
        AcceptanceDecision.objects.filter(pk=decision.pk).delete()
    assert AcceptanceDecision.objects.get(pk=decision.pk).comment == "v1"


def test_submit_tells_the_client_contacts_and_a_decision_the_manager(
    tenant_a, deliverable, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(tenant_a, deliverable)
    assert Notification.objects.filter(
        recipient=tenant_a.client_contact, event="deliverable.awaiting_acceptance"
    ).exists()
    with django_capture_on_commit_callbacks(execute=True):
        acceptance_services.acceptance_decide(
            actor=tenant_a.client_contact, deliverable=deliverable, action="reject", comment="No"
        )
    assert Notification.objects.filter(
        recipient=tenant_a.manager, event="deliverable.acceptance_decided"
    ).exists()


# --- API ----------------------------------------------------------------------------------------


def url(deliverable):
    return f"/api/v1/deliverables/{deliverable.pk}/acceptance/"


@pytest.mark.parametrize(
    ("role", "action", "status"),
    [
        ("manager", "submit", 201),
        ("member", "submit", 403),
        ("client_contact", "submit", 403),
        ("client_viewer", "submit", 403),
    ],
)
def test_only_the_manager_submits(api, tenant_a, deliverable, role, action, status):
    user = tenant_a.users()[role]
    response = api(user).post(url(deliverable), {"action": action}, format="json")
    assert response.status_code == status, response.content


@pytest.mark.parametrize(
    ("role", "status"),
    [("manager", 403), ("member", 403), ("client_contact", 201), ("client_viewer", 403)],
)
def test_only_a_client_contact_of_the_project_decides(api, tenant_a, deliverable, role, status):
    submit(tenant_a, deliverable)
    user = tenant_a.users()[role]
    response = api(user).post(url(deliverable), {"action": "accept"}, format="json")
    assert response.status_code == status, response.content


def test_another_tenant_gets_404_and_changes_nothing(api, tenant_a, tenant_b, deliverable):
    submit(tenant_a, deliverable)
    for user in tenant_b.users().values():
        assert api(user).get(url(deliverable)).status_code == 404
        response = api(user).post(url(deliverable), {"action": "accept"}, format="json")
        assert response.status_code == 404
    assert AcceptanceDecision.objects.filter(deliverable=deliverable).count() == 1


def test_a_client_cannot_see_decisions_of_an_internal_deliverable(api, tenant_a):
    hidden = project_services.deliverable_create(
        actor=tenant_a.manager, project=tenant_a.project, name="Internal", client_visible=False
    )
    assert api(tenant_a.client_contact).get(url(hidden)).status_code == 404
    assert api(tenant_a.member).get(url(hidden)).status_code == 200


def test_api_answers_400_with_field_errors(api, tenant_a, deliverable):
    contact = api(tenant_a.client_contact)
    bad = contact.post(url(deliverable), {"action": "approve"}, format="json")
    assert bad.status_code == 400 and "action" in bad.json()
    not_submitted = contact.post(url(deliverable), {"action": "accept"}, format="json")
    assert not_submitted.status_code == 400 and "action" in not_submitted.json()
    submit(tenant_a, deliverable)
    no_comment = contact.post(url(deliverable), {"action": "reject"}, format="json")
    assert no_comment.status_code == 400 and "comment" in no_comment.json()


def test_api_history_says_who_and_when(api, tenant_a, deliverable, django_assert_max_num_queries):
    submit(tenant_a, deliverable, "Please review")
    response = api(tenant_a.client_contact).post(
        url(deliverable), {"action": "reject", "comment": "Add the rollback"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["action"] == "reject"
    client = api(tenant_a.client_viewer)
    with django_assert_max_num_queries(8):
        history = client.get(url(deliverable))
    assert history.status_code == 200
    rows = history.json()
    assert [r["action"] for r in rows] == ["submit", "reject"]
    assert rows[1]["decided_by"] == tenant_a.client_contact.pk
    assert rows[1]["comment"] == "Add the rollback"
    assert rows[1]["decided_at"]


def test_the_api_offers_no_way_to_change_a_decision(api, tenant_a, deliverable):
    submit(tenant_a, deliverable)
    manager = api(tenant_a.manager)
    assert manager.put(url(deliverable), {"action": "accept"}, format="json").status_code == 405
    assert manager.delete(url(deliverable)).status_code == 405


# --- pages --------------------------------------------------------------------------------------


def detail(deliverable):
    return reverse("quality:acceptance_detail", kwargs={"deliverable_id": deliverable.pk})


def test_the_client_contact_accepts_on_the_page(client, tenant_a, deliverable):
    AcceptanceCriterion.objects.create(deliverable=deliverable, text="Runbook reviewed", target="")
    submit(tenant_a, deliverable)
    client.force_login(tenant_a.client_contact)
    page = client.get(detail(deliverable))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Runbook reviewed" in html and 'data-testid="decide-form"' in html
    response = client.post(
        detail(deliverable), {"action": "accept", "comment": "Thanks"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    fragment = response.content.decode()
    assert "<html" not in fragment and 'data-status="accepted"' in fragment
    assert "acceptance:decided" in response["HX-Trigger"]
    deliverable.refresh_from_db()
    assert deliverable.status == DeliverableStatus.ACCEPTED


def test_criteria_fall_back_to_the_deliverables_text(client, tenant_a, deliverable):
    client.force_login(tenant_a.client_viewer)
    html = client.get(detail(deliverable)).content.decode()
    assert "Rollback tested" in html
    assert 'data-testid="decide-form"' not in html and 'data-testid="submit-form"' not in html


def test_a_rejection_without_comment_shows_the_error_in_the_form(client, tenant_a, deliverable):
    submit(tenant_a, deliverable)
    client.force_login(tenant_a.client_contact)
    response = client.post(detail(deliverable), {"action": "reject"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "a rejection needs a comment" in response.content.decode()
    full = client.post(detail(deliverable), {"action": "reject"})
    assert full.status_code == 400
    deliverable.refresh_from_db()
    assert deliverable.status == DeliverableStatus.SUBMITTED


def test_a_client_viewer_may_not_decide_on_the_page(client, tenant_a, deliverable):
    submit(tenant_a, deliverable)
    client.force_login(tenant_a.client_viewer)
    assert client.post(detail(deliverable), {"action": "accept"}).status_code == 403


def test_the_manager_submits_on_the_page(client, tenant_a, deliverable):
    client.force_login(tenant_a.manager)
    assert 'data-testid="submit-form"' in client.get(detail(deliverable)).content.decode()
    response = client.post(detail(deliverable), {"action": "submit", "comment": "Ready"})
    assert response.status_code == 200
    deliverable.refresh_from_db()
    assert deliverable.status == DeliverableStatus.SUBMITTED


def test_other_tenants_get_404_on_the_pages(client, tenant_a, tenant_b, deliverable):
    client.force_login(tenant_b.client_contact)
    assert client.get(detail(deliverable)).status_code == 404
    assert client.post(detail(deliverable), {"action": "accept"}).status_code == 404


def test_the_queue_lists_what_awaits_with_constant_queries(
    client, tenant_a, member, django_assert_max_num_queries
):
    manager = tenant_a.manager

    def add(n):
        for i in range(n):
            d = project_services.deliverable_create(
                actor=manager, project=tenant_a.project, name=f"Deliverable {n}-{i}"
            )
            submit(tenant_a, d)

    client.force_login(tenant_a.client_contact)
    add(1)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("quality:acceptance_queue"))
    add(5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("quality:acceptance_queue"))
    assert page.content.decode().count('data-testid="queue-item"') == 6
    fragment = client.get(reverse("quality:acceptance_queue"), HTTP_HX_REQUEST="true")
    assert "<html" not in fragment.content.decode()


def test_the_detail_page_runs_constant_queries(
    client, tenant_a, deliverable, django_assert_max_num_queries
):
    submit(tenant_a, deliverable)
    client.force_login(tenant_a.manager)
    with django_assert_max_num_queries(40) as first:
        client.get(detail(deliverable))
    for i in range(4):
        AcceptanceCriterion.objects.create(deliverable=deliverable, text=f"Criterion {i}")
    acceptance_services.acceptance_decide(
        actor=tenant_a.client_contact, deliverable=deliverable, action="reject", comment="x"
    )
    submit(tenant_a, deliverable)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(detail(deliverable))


def test_the_page_reads_in_chinese(client, tenant_a, deliverable):
    submit(tenant_a, deliverable)
    client.force_login(tenant_a.client_contact)
    response = client.get(detail(deliverable), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert '<html lang="zh-hans"' in response.content.decode()


def test_client_membership_in_another_role_cannot_decide(member, tenant_a, deliverable):
    from accounts import access
    from quality.permissions import DECIDE_ACCEPTANCE

    viewer = member(tenant_a.project, ProjectRole.CLIENT_VIEWER)
    assert not access.can(viewer, DECIDE_ACCEPTANCE, deliverable)
    assert access.can(tenant_a.client_contact, DECIDE_ACCEPTANCE, deliverable)
