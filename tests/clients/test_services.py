"""Requests and surveys through their services: rules, numbering, notifications, idempotency."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from accounts.choices import ProjectRole
from clients import services
from clients.choices import RequestStatus, SurveyTrigger
from clients.models import ClientRequest, Survey, SurveyResponse
from ito_portal.core.errors import DomainError
from notifications.models import Notification
from projects import services as project_services
from projects.choices import ProjectStatus, TaskStatus
from tests.clients.factories import (
    SurveyFactory,
    SurveyResponseFactory,
    file_request,
    speak_english,
)
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def notified(user, event):
    return Notification.objects.filter(recipient=user, event=event)


# --- requests ---------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _english(tenant_a):
    speak_english(*tenant_a.users().values())


def test_a_request_is_numbered_per_project_and_tells_the_manager(tenant_a, tenant_b):
    first = file_request(tenant_a, title="Inventory report", priority="high")
    second = file_request(tenant_a, title="Extra training")
    other = file_request(tenant_b, title="Elsewhere")
    assert (first.code, second.code, other.code) == ("R-001", "R-002", "R-001")
    assert first.status == RequestStatus.NEW and first.requested_by == tenant_a.client_contact
    [note] = notified(tenant_a.manager, "client_request.updated").filter(object_id=first.pk)
    assert note.title == f"New request R-001 on {tenant_a.project.code}: Inventory report"
    assert note.url == first.get_absolute_url()
    assert not notified(tenant_a.client_contact, "client_request.updated").exists()


def test_a_request_needs_a_title_and_an_open_project(tenant_a):
    with pytest.raises(DomainError) as error:
        file_request(tenant_a, title="   ")
    assert "title" in error.value.errors
    tenant_a.project.status = ProjectStatus.CLOSED
    tenant_a.project.save()
    with pytest.raises(DomainError):
        file_request(tenant_a)
    assert not ClientRequest.objects.exists()


def test_the_manager_answers_and_the_requester_hears_each_change(tenant_a):
    request = file_request(tenant_a)
    services.client_request_respond(
        actor=tenant_a.manager, request=request, status="under_review", response=""
    )
    services.client_request_respond(
        actor=tenant_a.manager, request=request, status="accepted",
        response="We will add it in the next sprint.",
    )  # fmt: skip
    request.refresh_from_db()
    assert request.status == "accepted" and request.responded_by == tenant_a.manager
    assert request.responded_at is not None and request.closed_at is None
    notes = notified(tenant_a.client_contact, "client_request.updated").order_by("id")
    assert [n.title for n in notes] == [
        f"Request R-001 on {tenant_a.project.code} is now “Under review”",
        f"Request R-001 on {tenant_a.project.code} is now “Accepted”",
    ]
    assert "We will add it in the next sprint." in notes[1].body
    services.client_request_respond(actor=tenant_a.manager, request=request, status="done")
    request.refresh_from_db()
    assert request.closed_at is not None and request.response  # the answer stays


def test_declining_needs_a_reason_and_saving_nothing_new_notifies_nobody(tenant_a):
    request = file_request(tenant_a)
    with pytest.raises(DomainError) as error:
        services.client_request_respond(
            actor=tenant_a.manager, request=request, status="declined", response=" "
        )
    assert "response" in error.value.errors
    before = Notification.objects.count()
    services.client_request_respond(actor=tenant_a.manager, request=request, status="new")
    assert Notification.objects.count() == before


def test_the_requester_rewords_only_while_the_request_is_new(tenant_a):
    request = file_request(tenant_a)
    services.client_request_update(
        actor=tenant_a.client_contact, request=request, data={"title": "Weekly report"}
    )
    assert ClientRequest.objects.get(pk=request.pk).title == "Weekly report"
    services.client_request_respond(actor=tenant_a.manager, request=request, status="accepted")
    with pytest.raises(DomainError):
        services.client_request_update(
            actor=tenant_a.client_contact, request=request, data={"title": "Daily report"}
        )


# --- surveys: sending -------------------------------------------------------------------------


def at(day: dt.date, hour=10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def test_each_active_project_gets_last_months_survey_once(tenant_a, tenant_b):
    ProjectFactory(status=ProjectStatus.PLANNING)  # not active: no survey
    ProjectFactory()  # active, but nobody on the client's side to ask
    sent = services.surveys_send_due(now=at(dt.date(2026, 12, 1)))
    assert {s.project for s in sent} == {tenant_a.project, tenant_b.project}
    survey = Survey.objects.get(project=tenant_a.project)
    assert survey.trigger == SurveyTrigger.PERIODIC
    assert (survey.period_start, survey.period_end) == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert survey.due_date == dt.date(2026, 12, 15) and survey.recipient_count == 1
    [note] = notified(tenant_a.client_contact, "survey.request")
    assert note.url == survey.get_absolute_url()
    assert note.title == f"How did we do on {tenant_a.project.name} in 2026-11?"
    assert not notified(tenant_a.client_viewer, "survey.request").exists()
    # Later runs the same month, or two workers at once, send nothing more.
    assert services.surveys_send_due(now=at(dt.date(2026, 12, 2))) == []
    assert (
        Survey.objects.count() == 2
        and notified(tenant_a.client_contact, "survey.request").count() == 1
    )


def test_a_project_started_after_the_month_is_not_surveyed_for_it(tenant_a):
    tenant_a.project.start_date = dt.date(2026, 12, 3)
    tenant_a.project.save()
    assert services.surveys_send_due(now=at(dt.date(2026, 12, 4))) == []


def test_a_client_visible_milestone_done_triggers_its_own_survey(tenant_a):
    project, manager = tenant_a.project, tenant_a.manager
    gate = project_services.task_create(
        actor=manager, project=project, name="Go-live", duration_days=0, client_visible=True
    )
    internal = project_services.task_create(
        actor=manager, project=project, name="Internal gate", duration_days=0
    )
    services.surveys_send_due()  # this month's periodic survey is out of the way
    assert not Survey.objects.filter(trigger=SurveyTrigger.MILESTONE).exists()
    for milestone in (gate, internal):
        project_services.task_update(
            actor=manager, task=milestone, data={"status": TaskStatus.DONE}
        )
    [survey] = services.surveys_send_due()
    assert survey.trigger == SurveyTrigger.MILESTONE and survey.milestone == gate
    assert survey.milestone_name == "Go-live"
    [note] = notified(tenant_a.client_contact, "survey.request").filter(object_id=survey.pk)
    assert "Go-live" in note.title
    assert services.surveys_send_due() == []


def test_a_milestone_done_long_ago_is_history_not_a_survey(tenant_a):
    gate = project_services.task_create(
        actor=None, project=tenant_a.project, name="Old gate", duration_days=0, client_visible=True
    )
    project_services.task_update(actor=None, task=gate, data={"status": TaskStatus.DONE})
    later = timezone.now() + dt.timedelta(days=30)
    sent = services.surveys_send_due(now=later)
    assert [s.trigger for s in sent] == [SurveyTrigger.PERIODIC]


def test_finding_due_surveys_is_set_based(tenant_a, django_assert_max_num_queries, member):
    """Nothing due: a constant number of queries whatever the number of projects."""
    services.surveys_send_due(now=at(dt.date(2026, 12, 1)))
    with django_assert_max_num_queries(3) as few:
        services.surveys_send_due(now=at(dt.date(2026, 12, 2)))
    for _ in range(10):
        project = ProjectFactory()
        member(project, ProjectRole.CLIENT_CONTACT)
        SurveyFactory(project=project, period_start=dt.date(2026, 11, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert services.surveys_send_due(now=at(dt.date(2026, 12, 2))) == []


# --- surveys: answering -----------------------------------------------------------------------


def answer(tenant, survey, *, by=None, **scores):
    values = {"quality": 4, "timeliness": 4, "communication": 5, "responsiveness": 4, "nps": 9}
    return services.survey_respond(
        actor=by or tenant.client_contact, survey=survey, **(values | scores)
    )


def test_a_client_contact_answers_once(tenant_a):
    survey = SurveyFactory(project=tenant_a.project)
    response = answer(tenant_a, survey, comment="Great team")
    assert response.scores == {
        "quality": 4, "timeliness": 4, "communication": 5, "responsiveness": 4,
    }  # fmt: skip
    assert not response.is_low
    with pytest.raises(DomainError, match="already answered"):
        answer(tenant_a, survey)
    assert not notified(tenant_a.manager, "survey.low_score").exists()


@pytest.mark.parametrize(
    ("scores", "low"),
    [
        ({"quality": 2}, True),
        ({"responsiveness": 1}, True),
        ({"nps": 6}, True),
        ({"quality": 3, "nps": 7}, False),
    ],
)
def test_a_low_score_tells_the_project_manager(tenant_a, scores, low):
    survey = SurveyFactory(project=tenant_a.project)
    answer(tenant_a, survey, comment="Reports come late", **scores)
    notes = notified(tenant_a.manager, "survey.low_score")
    assert notes.exists() is low
    if low:
        [note] = notes
        person = tenant_a.client_contact.get_display_name()
        assert note.title == f"Low satisfaction score from {person} on {tenant_a.project.code}"
        assert "Reports come late" in note.body and note.url == survey.get_absolute_url()


def test_only_the_clients_contacts_answer_and_only_while_the_survey_is_open(tenant_a, pmo):
    survey = SurveyFactory(project=tenant_a.project, due_date=dt.date(2026, 12, 15))
    for person in (tenant_a.manager, tenant_a.client_viewer, pmo):
        with pytest.raises(DomainError):
            answer(tenant_a, survey, by=person)
    with pytest.raises(DomainError, match="closed"):
        services.survey_respond(
            actor=tenant_a.client_contact, survey=survey, quality=5, timeliness=5,
            communication=5, responsiveness=5, nps=10, today=dt.date(2026, 12, 16),
        )  # fmt: skip
    with pytest.raises(DomainError) as error:
        answer(tenant_a, survey, quality=6, nps=11)
    assert set(error.value.errors) == {"quality", "nps"}
    assert not SurveyResponse.objects.exists()


def test_results_aggregate_per_client_project_and_month(tenant_a, tenant_b, pmo, member):
    from clients import selectors

    october = SurveyFactory(project=tenant_a.project)
    november = SurveyFactory(
        project=tenant_a.project,
        period_start=dt.date(2026, 11, 1),
        period_end=dt.date(2026, 11, 30),
    )
    second_contact = member(tenant_a.project, ProjectRole.CLIENT_CONTACT)
    SurveyResponseFactory(survey=october, respondent=tenant_a.client_contact, quality=5, nps=10)
    SurveyResponseFactory(survey=october, respondent=second_contact, quality=3, nps=5)
    SurveyResponseFactory(survey=november, respondent=tenant_a.client_contact, quality=4, nps=8)
    b_survey = SurveyFactory(project=tenant_b.project)
    SurveyResponseFactory(survey=b_survey, respondent=tenant_b.client_contact, nps=2)

    mine = selectors.satisfaction(user=tenant_a.manager)
    assert mine["overall"]["responses"] == 3
    assert mine["overall"]["avg_quality"] == pytest.approx(4.0)
    assert mine["overall"]["nps"] == 0  # one promoter, one passive, one detractor
    assert [row["client_name"] for row in mine["by_client"]] == [tenant_a.client_org.name]
    assert [(r["month"].month, r["responses"], r["nps"]) for r in mine["trend"]] == [
        (10, 2, 0),
        (11, 1, 0),
    ]
    assert len(mine["low_scores"]) == 1
    everyone = selectors.satisfaction(user=pmo)
    assert everyone["overall"]["responses"] == 4 and len(everyone["by_project"]) == 2
    only_b = selectors.satisfaction(user=pmo, client_id=tenant_b.client_org.pk)
    assert only_b["overall"]["responses"] == 1 and only_b["overall"]["nps"] == -100


def test_the_survey_schedule_is_a_database_schedule_of_a_registered_task():
    from django_celery_beat.models import PeriodicTask

    from clients.tasks import send_due_surveys_task
    from ito_portal.celery import app

    app.loader.import_default_modules()
    task = PeriodicTask.objects.get(task=send_due_surveys_task.name)
    assert task.enabled and task.crontab.minute == "15" and task.crontab.day_of_week == "1-5"
    assert task.task in app.tasks
