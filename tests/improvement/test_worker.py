"""With a real Celery worker: a new proposal reaches the PMO, a move reaches the author and
voters, each once even when the task runs twice."""

import time

import pytest

from improvement import services
from improvement.models import StatusChange
from improvement.tasks import proposal_status_notify_task
from notifications.models import Notification
from tests.factories import UserFactory

from .factories import make_proposal

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_the_worker_tells_the_pmo_then_the_author_and_voters_once(celery_worker, tenant_a):
    pmo = UserFactory(pmo=True)
    proposal = make_proposal(tenant_a.member)  # enqueued on commit; the worker runs it
    assert wait_for(
        lambda: Notification.objects.filter(event="improvement.proposed", recipient=pmo).exists()
    ), "the worker did not announce the proposal"
    services.proposal_vote(actor=tenant_a.manager, proposal=proposal)
    services.proposal_transition(actor=pmo, proposal=proposal, status="accepted")

    def told():
        return Notification.objects.filter(event="improvement.status_changed").count()

    assert wait_for(lambda: told() == 2), "the worker did not tell author and voter"
    change = StatusChange.objects.get(proposal=proposal, to_status="accepted")
    proposal_status_notify_task.delay(change.pk)  # a retry, or two workers
    time.sleep(1.5)
    assert told() == 2
