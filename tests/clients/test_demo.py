"""seed_demo gives the demo clients requests and a satisfaction history."""

import pytest
from django.core.management import call_command

from accounts.models import User
from clients import selectors, services
from clients.models import ClientRequest, Survey, SurveyResponse

pytestmark = pytest.mark.django_db


def test_the_demo_clients_have_requests_and_a_satisfaction_history():
    call_command("seed_demo")
    sun, guo = User.objects.get(username="nh.sun"), User.objects.get(username="df.guo")
    assert ClientRequest.objects.filter(requested_by=sun).count() >= 5
    assert ClientRequest.objects.filter(requested_by=guo).exists()
    assert set(ClientRequest.objects.values_list("status", flat=True)) >= {
        "new", "under_review", "accepted", "in_progress", "done", "declined",
    }  # fmt: skip
    assert SurveyResponse.objects.filter(respondent=sun).count() >= 8
    assert SurveyResponse.objects.filter(respondent=guo).count() >= 3
    results = selectors.satisfaction(user=User.objects.get(username="pmo"))
    assert len(results["trend"]) >= 6 and len(results["by_client"]) == 2
    assert results["low_scores"]
    # Nh.sun's home has a survey to answer; the scheduled task has nothing left to send.
    from django.utils import timezone

    assert selectors.surveys_to_answer(user=sun, today=timezone.localdate()).count() == 1
    before = Survey.objects.count()
    assert services.surveys_send_due() == []
    assert Survey.objects.count() == before
