"""The rules of proposals: scope, PDCA moves, rejection reasons, votes, the measured result."""

from decimal import Decimal

import pytest

from improvement import services
from improvement.choices import Reach, Status
from improvement.models import StatusChange
from ito_portal.core.errors import DomainError
from notifications.models import Notification
from tests.factories import UserFactory

from .factories import advance, make_proposal

pytestmark = pytest.mark.django_db


def test_numbers_run_on_and_the_first_status_is_in_the_history(tenant_a):
    first = make_proposal(tenant_a.member)
    second = make_proposal(tenant_a.manager, title="Shared runbook template")
    assert (first.code, second.code) == ("IP-001", "IP-002")
    assert list(
        StatusChange.objects.filter(proposal=first).values_list("to_status", flat=True)
    ) == [Status.PROPOSED]


def test_missing_text_is_refused_field_by_field(tenant_a):
    with pytest.raises(DomainError) as caught:
        services.proposal_create(actor=tenant_a.member, title=" ", problem="", proposal="x")
    assert set(caught.value.errors) == {"title", "problem"}


def test_a_client_proposes_for_their_organisation_and_it_is_shared(tenant_a):
    proposal = make_proposal(tenant_a.client_contact, reach=Reach.CLIENT)
    assert proposal.client == tenant_a.client_org
    assert proposal.from_client and proposal.client_visible


def test_a_client_may_not_propose_organisation_wide_or_for_another_project(tenant_a, tenant_b):
    with pytest.raises(DomainError) as caught:
        make_proposal(tenant_a.client_contact, reach=Reach.ORGANISATION)
    assert "reach" in caught.value.errors
    with pytest.raises(DomainError) as caught:
        make_proposal(tenant_a.client_contact, project=tenant_b.project)
    assert "project" in caught.value.errors


def test_the_happy_path_runs_through_every_pdca_stage(tenant_a):
    proposal = make_proposal(tenant_a.member)
    advance(proposal, tenant_a.manager, Status.STANDARDISED)
    proposal.refresh_from_db()
    assert proposal.status == Status.STANDARDISED
    assert proposal.owner == tenant_a.manager  # accepting without an owner makes the mover it
    moves = list(proposal.status_changes.values_list("to_status", flat=True))
    assert moves == ["proposed", "accepted", "plan", "do", "check", "standardised"]


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (Status.PROPOSED, Status.PLAN),
        (Status.PROPOSED, Status.STANDARDISED),
        (Status.PLAN, Status.REJECTED),
        (Status.DO, Status.ACCEPTED),
    ],
)
def test_only_allowed_moves(tenant_a, start, target):
    proposal = advance(make_proposal(tenant_a.member), tenant_a.manager, start)
    with pytest.raises(DomainError) as caught:
        services.proposal_transition(actor=tenant_a.manager, proposal=proposal, status=target)
    assert "cannot move" in caught.value.errors["status"][0]


def test_rejection_needs_a_reason(tenant_a):
    proposal = make_proposal(tenant_a.member)
    with pytest.raises(DomainError) as caught:
        services.proposal_transition(actor=tenant_a.manager, proposal=proposal, status="rejected")
    assert "reason" in caught.value.errors
    services.proposal_transition(
        actor=tenant_a.manager, proposal=proposal, status="rejected", reason="Tool licence cost"
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.rejection_reason) == ("rejected", "Tool licence cost")


def test_doing_needs_an_action_and_standardising_needs_a_measured_result(tenant_a):
    proposal = advance(make_proposal(tenant_a.member), tenant_a.manager, Status.PLAN)
    with pytest.raises(DomainError):
        services.proposal_transition(actor=tenant_a.manager, proposal=proposal, status="do")
    advance(proposal, tenant_a.manager, Status.CHECK)
    with pytest.raises(DomainError) as caught:
        services.proposal_transition(
            actor=tenant_a.manager, proposal=proposal, status="standardised"
        )
    assert "measured result" in caught.value.messages[0]
    with pytest.raises(DomainError) as caught:
        services.proposal_record_result(
            actor=tenant_a.manager, proposal=proposal, metric="", before=None, after=Decimal(1)
        )
    assert set(caught.value.errors) == {"metric", "before"}


def test_a_check_without_effect_goes_back_to_plan(tenant_a):
    proposal = advance(make_proposal(tenant_a.member), tenant_a.manager, Status.CHECK)
    services.proposal_transition(
        actor=tenant_a.manager, proposal=proposal, status="plan", note="No effect yet"
    )
    assert proposal.status == Status.PLAN


def test_the_owner_is_one_of_the_vendors_people(tenant_a):
    proposal = make_proposal(tenant_a.member)
    with pytest.raises(DomainError) as caught:
        services.proposal_transition(
            actor=tenant_a.manager, proposal=proposal, status="accepted",
            owner=tenant_a.client_contact,
        )  # fmt: skip
    assert "owner" in caught.value.errors


def test_a_vote_toggles_and_closes_with_the_decision(tenant_a):
    proposal = make_proposal(tenant_a.member)
    assert services.proposal_vote(actor=tenant_a.client_contact, proposal=proposal) is True
    assert proposal.votes.count() == 1
    assert services.proposal_vote(actor=tenant_a.client_contact, proposal=proposal) is False
    assert proposal.votes.count() == 0
    services.proposal_transition(
        actor=tenant_a.manager, proposal=proposal, status="rejected", reason="Duplicate"
    )
    with pytest.raises(DomainError):
        services.proposal_vote(actor=tenant_a.member, proposal=proposal)


def test_the_author_edits_only_while_proposed(tenant_a):
    proposal = make_proposal(tenant_a.member)
    services.proposal_update(actor=tenant_a.member, proposal=proposal, data={"title": "Better"})
    assert proposal.title == "Better"
    advance(proposal, tenant_a.manager, Status.ACCEPTED)
    proposal.owner = tenant_a.manager
    with pytest.raises(DomainError):
        services.proposal_update(actor=tenant_a.member, proposal=proposal, data={"title": "No"})


def test_a_client_comment_is_never_internal(tenant_a):
    proposal = make_proposal(tenant_a.client_contact, reach=Reach.CLIENT)
    comment = services.comment_add(
        actor=tenant_a.client_contact, proposal=proposal, body="Hi", internal=True
    )
    assert comment.internal is False


def test_notifications_reach_the_pmo_then_author_and_voters(
    tenant_a, django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from ito_portal.celery import app

    app.conf.task_always_eager = True
    try:
        pmo = UserFactory(pmo=True)
        with django_capture_on_commit_callbacks(execute=True):
            proposal = make_proposal(tenant_a.member)
        assert Notification.objects.filter(event="improvement.proposed").get().recipient == pmo
        services.proposal_vote(actor=tenant_a.client_contact, proposal=proposal)
        with django_capture_on_commit_callbacks(execute=True):
            services.proposal_transition(actor=pmo, proposal=proposal, status="accepted")
        told = Notification.objects.filter(event="improvement.status_changed")
        assert sorted(told.values_list("recipient_id", flat=True)) == sorted(
            [tenant_a.member.pk, tenant_a.client_contact.pk]
        )
        assert "Accepted" in told.first().title
    finally:
        app.conf.task_always_eager = False
