"""How client requests and surveys reach their project, and what each project role may do.

Both sides of a project see its requests; the client's contacts file them and the project
manager answers. Surveys go to the client's contacts; each contact sees only their own answers,
the project manager sees every answer of the project (and the results across projects).
"""

from django.db.models import Q

from accounts import access
from accounts.access import Scope
from accounts.choices import ProjectRole

from .models import ClientRequest, Survey, SurveyResponse

MANAGER, MEMBER = ProjectRole.MANAGER, ProjectRole.MEMBER
CLIENT_CONTACT, CLIENT_VIEWER = ProjectRole.CLIENT_CONTACT, ProjectRole.CLIENT_VIEWER

access.register(ClientRequest, Scope(project="project"))
access.register(Survey, Scope(project="project"))
access.register(SurveyResponse, Scope(project="survey__project"))


def _requested_by_them(user):
    return Q(requested_by=user)


def _answered_by_them(user):
    return Q(respondent=user)


for role in (MANAGER, MEMBER, CLIENT_CONTACT, CLIENT_VIEWER):
    access.grant(role, "clients.view_clientrequest")
access.grant(MANAGER, "clients.add_clientrequest", "clients.respond_clientrequest")
access.grant(CLIENT_CONTACT, "clients.add_clientrequest")
# Who filed a request may reword it while it is still new (the service checks the status).
for role in (MANAGER, CLIENT_CONTACT):
    access.grant(role, "clients.change_clientrequest", when=_requested_by_them)

access.grant(MANAGER, "clients.view_survey", "clients.view_surveyresponse")
access.grant(MANAGER, "clients.view_satisfaction")
access.grant(CLIENT_CONTACT, "clients.view_survey", "clients.add_surveyresponse")
access.grant(CLIENT_CONTACT, "clients.view_surveyresponse", when=_answered_by_them)
