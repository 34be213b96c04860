"""The pages: list with filters and in-place votes, the proposal page through PDCA, the form
(clients too), the board; fragments, Chinese, query counts."""

import pytest
from django.urls import reverse

from improvement.choices import Reach, Status
from improvement.models import ImprovementProposal

from .factories import advance, make_proposal

pytestmark = pytest.mark.django_db

LIST = reverse("improvement:proposal_list")
BOARD = reverse("improvement:proposal_board")


def detail(proposal):
    return reverse("improvement:proposal_detail", kwargs={"proposal_id": proposal.pk})


def test_the_list_filters_and_sorts_by_votes(client, tenant_a):
    quiet = make_proposal(tenant_a.member, title="Quiet idea", category="tooling")
    loud = make_proposal(tenant_a.member, title="Loud idea", category="process")
    from improvement import services

    services.proposal_vote(actor=tenant_a.manager, proposal=loud)
    client.force_login(tenant_a.member)
    page = client.get(LIST).content.decode()
    assert page.index("Loud idea") < page.index("Quiet idea")
    assert "<html" in page
    fragment = client.get(LIST, {"category": "tooling"}, HTTP_HX_REQUEST="true")
    body = fragment.content.decode()
    assert "<html" not in body and "Quiet idea" in body and "Loud idea" not in body
    newest = client.get(LIST, {"sort": "newest"}).content.decode()
    assert newest.index("Loud idea") < newest.index("Quiet idea")
    assert quiet.pk


def test_the_list_runs_a_constant_number_of_queries(
    client, tenant_a, django_assert_max_num_queries
):
    for n in range(12):
        make_proposal(tenant_a.member, title=f"Idea {n}", project=tenant_a.project)
    client.force_login(tenant_a.member)
    with django_assert_max_num_queries(12):
        response = client.get(LIST)
    assert response.content.decode().count('data-testid="proposal-row"') == 12
    with django_assert_max_num_queries(12):
        assert client.get(BOARD).status_code == 200


def test_voting_in_place_returns_the_button(client, tenant_a):
    proposal = make_proposal(tenant_a.member)
    client.force_login(tenant_a.manager)
    url = reverse("improvement:proposal_vote", kwargs={"proposal_id": proposal.pk})
    response = client.post(url, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and 'data-voted="1"' in body
    assert "proposal:voted" in response["HX-Trigger"]
    assert proposal.votes.count() == 1
    response = client.post(url)
    assert response.status_code == 302 and proposal.votes.count() == 0


def test_a_client_proposes_from_the_form(client, tenant_a):
    client.force_login(tenant_a.client_contact)
    form = client.get(reverse("improvement:proposal_create")).content.decode()
    assert 'name="client_visible"' not in form and 'name="client"' not in form
    response = client.post(
        reverse("improvement:proposal_create"),
        {"title": "Weekly report as PDF", "problem": "We copy it", "proposal": "Attach a PDF",
         "category": "service", "impact": "medium", "effort": "S", "reach": "client"},
    )  # fmt: skip
    proposal = ImprovementProposal.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(proposal)
    assert proposal.client == tenant_a.client_org and proposal.from_client


def test_a_bad_form_answers_with_field_errors(client, tenant_a):
    client.force_login(tenant_a.member)
    response = client.post(
        reverse("improvement:proposal_create"),
        {"title": "", "problem": "", "proposal": "x", "category": "process", "impact": "low",
         "effort": "M", "reach": "project"},
    )  # fmt: skip
    assert response.status_code == 400
    body = response.content.decode()
    assert "This field is required." in body and "Choose the project." in body
    assert not ImprovementProposal.objects.exists()


def test_the_owner_moves_it_through_pdca_on_its_page(client, tenant_a):
    proposal = make_proposal(tenant_a.member, project=tenant_a.project)
    client.force_login(tenant_a.manager)
    move = reverse("improvement:proposal_transition", kwargs={"proposal_id": proposal.pk})
    response = client.post(move, {"status": "accepted", "owner": tenant_a.member.pk})
    assert response.status_code == 302
    response = client.post(move, {"status": "rejected"})
    assert response.status_code == 400  # no reason given
    assert "Give the reason for rejecting it." in response.content.decode()
    client.post(move, {"status": "plan"})
    add = reverse("improvement:action_create", kwargs={"proposal_id": proposal.pk})
    assert client.post(add, {"title": "Pilot on one project"}).status_code == 302
    action = proposal.actions.get()
    toggle = reverse("improvement:action_toggle", kwargs={"improvementaction_id": action.pk})
    client.post(toggle)
    action.refresh_from_db()
    assert action.done
    client.post(move, {"status": "do"})
    result = reverse("improvement:proposal_result", kwargs={"proposal_id": proposal.pk})
    assert client.post(result, {"metric": "", "before": "x"}).status_code == 400
    client.post(result, {"metric": "Defects per release", "before": "12", "after": "4"})
    client.post(move, {"status": "check"})
    client.post(move, {"status": "standardised", "note": "Now in the checklist"})
    proposal.refresh_from_db()
    assert proposal.status == Status.STANDARDISED
    page = client.get(detail(proposal)).content.decode()
    assert 'data-status="standardised"' in page and "Defects per release" in page
    assert "-66.7%" in page


def test_the_member_only_votes_and_comments(client, tenant_a):
    proposal = make_proposal(tenant_a.manager, project=tenant_a.project)
    client.force_login(tenant_a.member)
    page = client.get(detail(proposal)).content.decode()
    assert 'data-testid="transition-form"' not in page
    move = reverse("improvement:proposal_transition", kwargs={"proposal_id": proposal.pk})
    assert client.post(move, {"status": "accepted"}).status_code == 403
    comment = reverse("improvement:comment_create", kwargs={"proposal_id": proposal.pk})
    client.post(comment, {"body": "Good one", "internal": "on"})
    assert proposal.comments.get().internal


def test_clients_never_see_internal_comments(client, tenant_a):
    from improvement import services

    proposal = make_proposal(tenant_a.client_contact, reach=Reach.CLIENT)
    services.comment_add(
        actor=tenant_a.manager, proposal=proposal, body="Vendor-only", internal=True
    )
    services.comment_add(actor=tenant_a.manager, proposal=proposal, body="For everyone")
    client.force_login(tenant_a.client_viewer)
    page = client.get(detail(proposal)).content.decode()
    assert "For everyone" in page and "Vendor-only" not in page


def test_the_board_groups_by_stage_and_sizes_by_impact(client, tenant_a):
    high = make_proposal(tenant_a.member, title="Big one", impact="high")
    advance(high, tenant_a.manager, Status.PLAN)
    make_proposal(tenant_a.member, title="Small one", impact="low")
    client.force_login(tenant_a.member)
    page = client.get(BOARD).content.decode()
    plan = page.index('data-status="plan"')
    assert page.index("Big one") > plan > page.index("Small one")
    assert 'data-impact="high"' in page and "improvement-chart-data" in page
    fragment = client.get(BOARD, {"impact": "low"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "Small one" in fragment and "Big one" not in fragment


def test_the_pages_read_in_chinese(client, tenant_a):
    proposal = make_proposal(tenant_a.member)
    tenant_a.member.language = "zh-hans"
    tenant_a.member.save(update_fields=["language"])
    client.force_login(tenant_a.member)
    # Words the catalogue already holds; this app's own strings are in tr_improvement.json.
    page = client.get(LIST).content.decode()
    assert 'lang="zh-hans"' in page and "类别" in page and "搜索" in page
    assert "影响" in client.get(BOARD).content.decode()
    assert "提议中" in client.get(detail(proposal)).content.decode()
