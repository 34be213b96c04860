"""Who sees what: vendor people, clients and their colleagues, another tenant."""

import pytest
from django.urls import reverse

from accounts import access
from improvement.choices import Reach
from improvement.models import ImprovementProposal
from improvement.permissions import MANAGE_PROPOSAL

from .factories import make_proposal
from .matrix import improvement_objects

pytestmark = pytest.mark.django_db


def seen(user):
    return set(access.visible(user, ImprovementProposal).values_list("title", flat=True))


@pytest.fixture
def proposals(tenant_a, tenant_b):
    return {
        "vendor-wide": make_proposal(tenant_a.manager, title="vendor-wide"),
        "a-project": make_proposal(tenant_a.member, title="a-project", project=tenant_a.project),
        "a-shared": make_proposal(
            tenant_a.manager, title="a-shared", project=tenant_a.project, client_visible=True
        ),
        "a-client": make_proposal(tenant_a.client_contact, title="a-client", reach=Reach.CLIENT),
        "b-client": make_proposal(tenant_b.client_contact, title="b-client", reach=Reach.CLIENT),
    }


def test_vendor_people_see_their_clients_and_the_vendors_own(tenant_a, tenant_b, proposals):
    assert seen(tenant_a.member) == {"vendor-wide", "a-project", "a-shared", "a-client"}
    assert seen(tenant_b.manager) == {"vendor-wide", "b-client"}


def test_clients_see_their_colleagues_and_what_was_shared(tenant_a, tenant_b, proposals):
    assert seen(tenant_a.client_viewer) == {"a-shared", "a-client"}
    assert seen(tenant_b.client_viewer) == {"b-client"}


def test_who_manages(tenant_a, pmo, proposals):
    project_one = proposals["a-project"]
    assert access.can(tenant_a.manager, MANAGE_PROPOSAL, project_one)
    assert access.can(pmo, MANAGE_PROPOSAL, project_one)
    assert not access.can(tenant_a.member, MANAGE_PROPOSAL, project_one)
    assert not access.can(tenant_a.client_contact, MANAGE_PROPOSAL, proposals["a-client"])


def test_another_tenant_gets_404_on_every_page_and_endpoint(client, api, tenant_a, tenant_b):
    objects = improvement_objects(tenant_a)
    proposal, action = objects["proposal"], objects["action"]
    pages = [
        reverse(f"improvement:{name}", kwargs={"proposal_id": proposal.pk})
        for name in ("proposal_detail", "proposal_edit", "proposal_vote", "proposal_transition",
                     "proposal_result", "action_create", "comment_create")
    ]  # fmt: skip
    pages.append(reverse("improvement:action_toggle", kwargs={"improvementaction_id": action.pk}))
    for user in tenant_b.users().values():
        client.force_login(user)
        for url in pages:
            assert client.post(url).status_code in (404, 405), url
            assert client.get(url).status_code in (404, 405), url
        assert (
            "Matrix proposal"
            not in client.get(reverse("improvement:proposal_list")).content.decode()
        )
        rest = api(user)
        assert rest.get(f"/api/v1/improvement-proposals/{proposal.pk}/").status_code == 404
        assert rest.post(f"/api/v1/improvement-proposals/{proposal.pk}/vote/").status_code == 404
    assert proposal.votes.count() == 1
