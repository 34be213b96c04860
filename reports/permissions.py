"""How reports reach their project, and who may do what with them.

- Managers generate, edit and publish reports and keep the communication plan.
- Team members read published reports (both versions) and the plan.
- Clients read only the published client versions of their projects' reports; the internal
  version (budget figures, internal work) never reaches them, as a draft never does.
"""

from django.db.models import Q

from accounts import access
from accounts.access import Scope
from accounts.choices import ProjectRole

from .choices import Audience, ReportStatus
from .models import CommunicationEntry, CommunicationRun, Dispatch, StatusReport

MANAGER, MEMBER = ProjectRole.MANAGER, ProjectRole.MEMBER
CLIENT_ROLES = (ProjectRole.CLIENT_CONTACT, ProjectRole.CLIENT_VIEWER)

access.register(StatusReport, Scope(project="project"))
access.register(CommunicationEntry, Scope(project="project", internal=True))
access.register(CommunicationRun, Scope(project="entry__project", internal=True))
access.register(Dispatch, Scope(project="project", internal=True))


def _published(user):
    return Q(status=ReportStatus.PUBLISHED)


def _published_for_clients(user):
    return Q(status=ReportStatus.PUBLISHED, audience=Audience.CLIENT)


access.grant(
    MANAGER,
    "reports.view_statusreport",
    "reports.add_statusreport",
    "reports.change_statusreport",
    "reports.publish_statusreport",
    "reports.view_communicationentry",
    "reports.add_communicationentry",
    "reports.change_communicationentry",
    "reports.delete_communicationentry",
    "reports.view_communicationrun",
    "reports.view_dispatch",
)
access.grant(MEMBER, "reports.view_statusreport", when=_published)
access.grant(MEMBER, "reports.view_communicationentry", "reports.view_communicationrun")
for role in CLIENT_ROLES:
    access.grant(role, "reports.view_statusreport", when=_published_for_clients)
