"""Tenant A's improvement objects for tests/test_permission_matrix.py
(`tenant_a.improvement = improvement_objects(a)`).

To add there:
    from improvement.models import ImprovementAction, ImprovementProposal
    OBJECTS: ImprovementProposal: lambda a: a.improvement["proposal"],
             ImprovementAction: lambda a: a.improvement["action"],
    URL_OBJECTS: "proposal_id": lambda a: a.improvement["proposal"].pk,
                 "improvementaction_id": lambda a: a.improvement["action"].pk,
    CREATE_PAYLOADS: see CREATE_PAYLOADS below (a proposal for tenant A's project: another
    tenant's people must get a 400, the project being outside their scope).
Organisation-wide proposals are the vendor's (every vendor person reads them, clients never):
the matrix object is a project's proposal, shared with the client, so no role of tenant B may
see it.
"""

from improvement import services
from improvement.choices import Reach, Status


def improvement_objects(a) -> dict:
    """A client-visible proposal of tenant A's project, accepted and planned with an action,
    with a vote and a comment from the client contact."""
    proposal = services.proposal_create(
        actor=a.member, title="Matrix proposal", problem="Slow", proposal="Faster",
        reach=Reach.PROJECT, project=a.project, client_visible=True,
    )  # fmt: skip
    services.proposal_transition(
        actor=a.manager, proposal=proposal, status=Status.ACCEPTED, owner=a.member
    )
    action = services.action_create(
        actor=a.manager, proposal=proposal, title="Matrix action", owner=a.member
    )
    services.proposal_vote(actor=a.client_contact, proposal=proposal)
    services.comment_add(actor=a.client_contact, proposal=proposal, body="Yes please")
    return {"proposal": proposal, "action": action}


CREATE_PAYLOADS = {
    "/api/v1/improvement-proposals/": lambda a: {
        "title": "Stolen",
        "problem": "p",
        "proposal": "p",
        "reach": "project",
        "project": a.project.pk,
    },
}
