"""Planning tells people what concerns them, after the change is committed: a task's new
assignee, the client contacts of a deliverable to accept, the manager of a decision."""

import pytest
from django.db import transaction

from notifications.models import Notification
from projects import services
from projects.choices import DeliverableStatus

pytestmark = pytest.mark.django_db


def events_of(user):
    return list(Notification.objects.filter(recipient=user).values_list("event", flat=True))


def test_a_new_assignee_hears_of_their_task_after_commit(
    tenant_a, django_capture_on_commit_callbacks
):
    a = tenant_a
    with django_capture_on_commit_callbacks(execute=True):
        created = services.task_create(
            actor=a.manager, project=a.project, name="Design review", assignee=a.member
        )
    [notification] = Notification.objects.filter(recipient=a.member)
    assert notification.event == "task.assigned"
    assert notification.event_key == f"task.assigned:{created.pk}:{a.member.pk}"
    assert notification.url == f"/projects/{a.project.pk}/tasks/{created.pk}/"
    assert notification.project_id == a.project.pk
    assert notification.context["assignee"] == a.member.get_display_name()
    assert notification.context["actor"] == a.manager.get_display_name()


def test_reassigning_notifies_the_new_assignee_and_nobody_assigns_themselves_a_notice(
    tenant_a, member, django_capture_on_commit_callbacks
):
    a = tenant_a
    other = member(a.project)
    with django_capture_on_commit_callbacks(execute=True):
        work = services.task_create(actor=a.manager, project=a.project, name="Work")
        services.task_update(actor=a.manager, task=work, data={"name": "Work, renamed"})
        services.task_update(actor=a.manager, task=work, data={"assignee": other})
        services.task_update(actor=a.manager, task=work, data={"assignee": a.manager})
    assert events_of(other) == ["task.assigned"]
    assert events_of(a.manager) == []


def test_nothing_is_notified_when_the_change_is_rolled_back(
    tenant_a, django_capture_on_commit_callbacks
):
    a = tenant_a
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                services.task_create(
                    actor=a.manager, project=a.project, name="Never", assignee=a.member
                )
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert callbacks == []
    assert not Notification.objects.exists()


def test_a_submitted_deliverable_awaits_the_client_contacts_acceptance(
    tenant_a, django_capture_on_commit_callbacks
):
    a = tenant_a
    deliverable = services.deliverable_create(
        actor=a.manager, project=a.project, name="Design document",
        acceptance_criteria="Signed by the client\nNo open defects",
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.deliverable_update(
            actor=a.manager,
            deliverable=deliverable,
            data={"status": DeliverableStatus.SUBMITTED},
            acceptance=True,
        )
    assert events_of(a.client_contact) == ["deliverable.awaiting_acceptance"]
    assert events_of(a.client_viewer) == [] and events_of(a.manager) == []
    notification = Notification.objects.get(recipient=a.client_contact)
    assert notification.url == f"/projects/{a.project.pk}/deliverables/"
    assert "Signed by the client" in notification.body


def test_an_internal_deliverable_never_asks_the_client(
    tenant_a, django_capture_on_commit_callbacks
):
    a = tenant_a
    with django_capture_on_commit_callbacks(execute=True):
        services.deliverable_create(
            actor=a.manager, project=a.project, name="Internal memo", client_visible=False,
            status=DeliverableStatus.SUBMITTED,
        )  # fmt: skip
    assert not Notification.objects.exists()


def test_the_manager_hears_of_an_acceptance_decided_by_someone_else(
    tenant_a, pmo, django_capture_on_commit_callbacks
):
    a = tenant_a
    a.manager.language = "en"
    a.manager.save(update_fields=["language"])
    deliverable = services.deliverable_create(actor=a.manager, project=a.project, name="Release")
    with django_capture_on_commit_callbacks(execute=True):
        services.deliverable_update(
            actor=pmo,
            deliverable=deliverable,
            data={"status": DeliverableStatus.ACCEPTED},
            acceptance=True,
        )
        services.deliverable_update(
            actor=a.manager,
            deliverable=deliverable,
            data={"status": DeliverableStatus.REJECTED},
            acceptance=True,
        )
    [notification] = Notification.objects.filter(recipient=a.manager)
    assert notification.event == "deliverable.acceptance_decided"
    assert notification.title == f"Accepted: Release ({a.project.code})"


def test_submitting_again_after_a_rejection_asks_again(
    tenant_a, pmo, django_capture_on_commit_callbacks
):
    a = tenant_a
    deliverable = services.deliverable_create(actor=a.manager, project=a.project, name="Build")
    with django_capture_on_commit_callbacks(execute=True):
        for status in ("submitted", "rejected", "submitted"):
            services.deliverable_update(
                actor=a.manager, deliverable=deliverable, data={"status": status}, acceptance=True
            )
    assert events_of(a.client_contact) == ["deliverable.awaiting_acceptance"] * 2
