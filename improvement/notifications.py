"""Improvement notification events. Contexts carry values, never translated text."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications import events

from .choices import Status


def _status(value: str) -> str:
    return str(Status(value).label) if value in Status.values else value


events.register(
    events.Event(
        name="improvement.proposed",
        label=gettext_lazy("New improvement proposal"),
        description=gettext_lazy("For the PMO: someone proposed an improvement."),
        title=lambda c: _("New proposal %(code)s: %(title)s") % c,
        body=lambda c: _("%(author)s proposed it. Accept it with an owner, or reject it.") % c,
        audience=events.VENDOR,
        icon="bi-lightbulb",
    )
)
events.register(
    events.Event(
        name="improvement.status_changed",
        label=gettext_lazy("Improvement proposal moved"),
        description=gettext_lazy(
            "For the author and the voters: a proposal moved to another PDCA stage."
        ),
        title=lambda c: (
            _("%(code)s is now “%(status)s”: %(title)s")
            % {**c, "status": _status(c.get("status", ""))}
        ),
        body=lambda c: c.get("note") or "",
        icon="bi-arrow-repeat",
    )
)


def proposal_announce(*, proposal_id: int) -> int:
    """Tell every active PMO about a new proposal; returns how many were new."""
    from django.db.models import Q

    from accounts.models import User
    from notifications.services import notify

    from .models import ImprovementProposal

    proposal = ImprovementProposal.objects.select_related("author").filter(pk=proposal_id).first()
    if proposal is None:
        return 0
    pmo = User.objects.filter(is_active=True).filter(Q(is_vendor_admin=True) | Q(is_superuser=True))
    context = {
        "code": proposal.code,
        "title": proposal.title,
        "author": proposal.author.get_display_name(),
    }
    sent = notify(
        pmo.exclude(pk=proposal.author_id), "improvement.proposed", proposal, context,
        url=proposal.get_absolute_url(), project_id=proposal.project_id,
    )  # fmt: skip
    return len(sent)


def status_change_notify(*, change_id: int) -> int:
    """Tell the author and the voters (not the mover) where a proposal went."""
    from accounts.models import User
    from notifications.services import notify

    from .models import StatusChange

    change = StatusChange.objects.select_related("proposal").filter(pk=change_id).first()
    if change is None or not change.from_status:
        return 0
    proposal = change.proposal
    people = User.objects.filter(is_active=True).filter(
        pk__in=[proposal.author_id, *proposal.votes.values_list("user_id", flat=True)]
    )
    if change.actor_id:
        people = people.exclude(pk=change.actor_id)
    context = {
        "code": proposal.code,
        "title": proposal.title,
        "status": change.to_status,
        "note": change.note,
    }
    sent = notify(
        people.select_related("organization"), "improvement.status_changed", proposal, context,
        key=f"improvement.status_changed:{change.pk}", url=proposal.get_absolute_url(), project_id=proposal.project_id,
    )  # fmt: skip
    return len(sent)
