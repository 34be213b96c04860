"""Proposals for tests go through the services, as people make them."""

from decimal import Decimal

from improvement import services
from improvement.choices import MOVES, Reach, Status


def make_proposal(actor, title="Automate the release notes", **fields):
    fields.setdefault("problem", "Release notes take half a day by hand")
    fields.setdefault("proposal", "Generate them from merged pull requests")
    if "project" in fields:
        fields.setdefault("reach", Reach.PROJECT)
    return services.proposal_create(actor=actor, title=title, **fields)


def advance(proposal, actor, to: str):
    """Move `proposal` along the happy path up to `to` (actions and result made on the way)."""
    path = [Status.ACCEPTED, Status.PLAN, Status.DO, Status.CHECK, Status.STANDARDISED]
    for status in path:
        if proposal.status == to:
            break
        if status not in MOVES[proposal.status]:
            continue
        if status == Status.DO and not proposal.actions.exists():
            services.action_create(actor=actor, proposal=proposal, title="Write the script")
        if status == Status.STANDARDISED and not proposal.has_result:
            services.proposal_record_result(
                actor=actor, proposal=proposal, metric="Hours per release",
                before=Decimal(4), after=Decimal("0.5"), unit="h",
            )  # fmt: skip
        services.proposal_transition(actor=actor, proposal=proposal, status=status)
    return proposal
