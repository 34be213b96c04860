"""Who sees and does what with risks, issues and their reviews.

- A project's risks and issues are its team's: the project manager writes them, team members
  read them and may own them; an owner may reassess their own risk and update their own issue.
- Clients read only what is marked client-visible, and never the contingency money
  (`VIEW_CONTINGENCY`).
- Assessments are seen with their risk; response actions (links to plan tasks) are internal.
- Categories are shared: everyone reads them, the PMO edits them (in the admin).
- The portfolio of top risks across projects is the vendor's (`VIEW_PORTFOLIO`).
"""

from django.db.models import Q

from accounts import access
from accounts.access import Scope
from accounts.choices import ProjectRole

from .models import ProjectIssue, Risk, RiskAction, RiskAssessment, RiskCategory

MANAGER, MEMBER = ProjectRole.MANAGER, ProjectRole.MEMBER
CLIENT_CONTACT, CLIENT_VIEWER = ProjectRole.CLIENT_CONTACT, ProjectRole.CLIENT_VIEWER

VIEW_RISK = "risks.view_risk"
ADD_RISK = "risks.add_risk"
CHANGE_RISK = "risks.change_risk"
DELETE_RISK = "risks.delete_risk"
REASSESS_RISK = "risks.reassess_risk"
VIEW_CONTINGENCY = "risks.view_contingency"  # the reserve's money (days are not secret)
IMPORT_RISKS = "risks.import_risk"
VIEW_PORTFOLIO = "risks.view_portfolio"  # top risks across the projects one sees
VIEW_ISSUE = "risks.view_projectissue"
ADD_ISSUE = "risks.add_projectissue"
CHANGE_ISSUE = "risks.change_projectissue"
ADD_ACTION = "risks.add_riskaction"


def _categories_filter(user, queryset, code):
    if code == access.code_for(RiskCategory, access.VIEW):
        return queryset
    return queryset.none()


def _categories_check(user, obj, code):
    return code == access.code_for(RiskCategory, access.VIEW)


def _assessments_filter(user, queryset, code):
    """Seen with their risk: the risks the user may see (clients: client-visible ones)."""
    if code != access.code_for(RiskAssessment, access.VIEW):
        return queryset.none()
    return queryset.filter(risk__in=access.visible(user, Risk).values("pk"))


def _assessments_check(user, obj, code):
    return code == access.code_for(RiskAssessment, access.VIEW) and access.can(
        user, VIEW_RISK, obj.risk
    )


access.register(RiskCategory, Scope(filter=_categories_filter, check=_categories_check))
access.register(Risk, Scope(project="project", client_visible="client_visible"))
access.register(RiskAssessment, Scope(filter=_assessments_filter, check=_assessments_check))
access.register(RiskAction, Scope(project="risk__project", internal=True))
access.register(ProjectIssue, Scope(project="project", client_visible="client_visible"))


def _own_risk(user) -> Q:
    return Q(owner=user)


for role in (MANAGER, MEMBER, CLIENT_CONTACT, CLIENT_VIEWER):
    access.grant(role, VIEW_RISK, VIEW_ISSUE)
for role in (MANAGER, MEMBER):
    access.grant(role, VIEW_CONTINGENCY, VIEW_PORTFOLIO, "risks.view_riskaction")
access.grant(
    MANAGER,
    ADD_RISK,
    CHANGE_RISK,
    DELETE_RISK,
    REASSESS_RISK,
    IMPORT_RISKS,
    ADD_ACTION,
    "risks.delete_riskaction",
    ADD_ISSUE,
    CHANGE_ISSUE,
)
# An owner reassesses their own risk and updates the issue they own.
access.grant(MEMBER, REASSESS_RISK, when=_own_risk)
access.grant(MEMBER, CHANGE_ISSUE, when=_own_risk)
