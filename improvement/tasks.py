"""Background work for improvement: telling people about proposals (voters may be many)."""

from celery import shared_task


@shared_task(acks_late=True)
def proposal_announce_task(proposal_id: int) -> int:
    """A new proposal, to every active PMO; keyed per proposal, so a rerun notifies nobody."""
    from .notifications import proposal_announce

    return proposal_announce(proposal_id=proposal_id)


@shared_task(acks_late=True)
def proposal_status_notify_task(change_id: int) -> int:
    """A status change, to the author and every voter but the one who made it; keyed per
    change, so a rerun notifies nobody twice."""
    from .notifications import status_change_notify

    return status_change_notify(change_id=change_id)
