"""Who sees and does what with improvement proposals (a custom scope: most proposals belong
to no project).

- Anyone signed in may propose (`ADD`), clients too, for their organisation or their projects.
- The vendor's people see organisation-wide proposals, those of their projects and of the
  clients they work for, and the ones they wrote or own.
- Clients see what they or their colleagues proposed, and the proposals about their
  organisation or their projects that the vendor shared with them; never internal ones.
- Whoever sees a proposal may vote and comment on it.
- The PMO, the proposal's owner and its project's manager move it through the cycle, plan its
  actions and record the measured result (`MANAGE`); the author may edit it while proposed.
"""

from django.db.models import Q

from accounts import access
from accounts.access import EVERYONE, VIEW, Scope
from accounts.choices import CLIENT_ROLES, ProjectRole
from accounts.models import Membership

from .choices import Reach, Status
from .models import ImprovementAction, ImprovementProposal, ProposalComment, StatusChange, Vote

VIEW_PROPOSAL = access.code_for(ImprovementProposal, VIEW)
ADD_PROPOSAL = "improvement.add_improvementproposal"
CHANGE_PROPOSAL = "improvement.change_improvementproposal"
MANAGE_PROPOSAL = "improvement.manage_improvementproposal"
VOTE_PROPOSAL = "improvement.vote_improvementproposal"
COMMENT_PROPOSAL = "improvement.comment_improvementproposal"
SEEING = {VIEW_PROPOSAL, VOTE_PROPOSAL, COMMENT_PROPOSAL}


def _seen(user) -> Q:
    """The proposals `user` (not the PMO) may see, as one condition."""
    mine = Membership.objects.filter(user=user)
    if user.is_client:
        projects = mine.filter(role__in=CLIENT_ROLES).values("project_id")
        shared = Q(client_visible=True, client_id=user.organization_id) & (
            Q(reach=Reach.CLIENT) | Q(reach=Reach.PROJECT, project_id__in=projects)
        )
        return Q(from_client=True, author__organization_id=user.organization_id) | shared
    projects = mine.exclude(role__in=CLIENT_ROLES)
    return (
        Q(reach=Reach.ORGANISATION)
        | Q(project_id__in=projects.values("project_id"))
        | Q(reach=Reach.CLIENT, client_id__in=projects.values("project__client_id"))
        | Q(author=user)
        | Q(owner=user)
    )


def _managed(user) -> Q:
    if user.is_client:
        return Q(pk__in=[])
    led = Membership.objects.filter(user=user, role=ProjectRole.MANAGER).values("project_id")
    return Q(owner=user) | Q(project_id__in=led)


def _proposals(user, queryset, code):
    if code in SEEING:
        return queryset.filter(_seen(user))
    if code == MANAGE_PROPOSAL:
        return queryset.filter(_managed(user))
    if code == CHANGE_PROPOSAL:
        return queryset.filter(_managed(user) | Q(author=user, status=Status.PROPOSED))
    return queryset.none()


def _proposal_check(user, proposal, code):
    if code == ADD_PROPOSAL:
        return True
    if code not in SEEING | {MANAGE_PROPOSAL, CHANGE_PROPOSAL}:
        return False
    if proposal.pk is None:
        return False
    return _proposals(user, ImprovementProposal.objects.filter(pk=proposal.pk), code).exists()


def _through(field: str, *, write: str, hide_internal: bool = False):
    """Rows seen with their proposal and written by whoever may `write` to it."""

    def parent_code(code: str) -> str:
        return VIEW_PROPOSAL if code.split(".", 1)[1].startswith(f"{VIEW}_") else write

    def filter_(user, queryset, code):
        parents = access.visible(user, ImprovementProposal, parent_code(code)).values("pk")
        queryset = queryset.filter(**{f"{field}__in": parents})
        if hide_internal and user.is_client:
            queryset = queryset.filter(internal=False)
        return queryset

    def check(user, obj, code):
        if hide_internal and user.is_client and obj.internal:
            return False
        return access.can(user, parent_code(code), getattr(obj, field))

    return Scope(filter=filter_, check=check)


access.register(ImprovementProposal, Scope(filter=_proposals, check=_proposal_check))
access.register(Vote, _through("proposal", write=VOTE_PROPOSAL))
access.register(ImprovementAction, _through("proposal", write=MANAGE_PROPOSAL))
access.register(StatusChange, _through("proposal", write=MANAGE_PROPOSAL))
access.register(ProposalComment, _through("proposal", write=COMMENT_PROPOSAL, hide_internal=True))
access.grant(EVERYONE, ADD_PROPOSAL)
