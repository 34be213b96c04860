"""Factories for the client relationship: requests filed through the service (so numbering and
the audit trail are real), surveys and answers as rows."""

import datetime as dt

import factory
from django.utils import timezone

from clients import services
from clients.choices import SurveyTrigger
from clients.models import Survey, SurveyResponse


def speak_english(*users):
    """Notifications are written in each recipient's language (the portal's default is Chinese):
    tests that read their text make the recipients English speakers."""
    for user in users:
        user.language = "en"
        user.save(update_fields=["language"])


def file_request(tenant, *, by=None, title="Monthly inventory report", **fields):
    """A request filed on the tenant's project (by its client contact unless told)."""
    return services.client_request_create(
        actor=by or tenant.client_contact, project=tenant.project, title=title, **fields
    )


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    trigger = SurveyTrigger.PERIODIC
    period_start = dt.date(2026, 10, 1)
    period_end = dt.date(2026, 10, 31)
    sent_at = factory.LazyFunction(timezone.now)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))
    recipient_count = 1


class SurveyResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyResponse

    quality = 4
    timeliness = 4
    communication = 5
    responsiveness = 4
    nps = 9
    comment = ""


def tenant_survey_objects(tenant) -> dict:
    """One of each client-relationship object for `tenant` (for the permission matrix)."""
    request = file_request(tenant, title="Tenant request")
    survey = SurveyFactory(project=tenant.project)
    answer = SurveyResponseFactory(survey=survey, respondent=tenant.client_contact)
    return {"request": request, "survey": survey, "response": answer}
