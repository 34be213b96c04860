"""Risk reminders that run themselves (Celery beat, hourly; seeded by
migrations/0002_categories_and_reminders.py), each to the risk's owner and the project manager:

- risk.review_due: an open risk whose next review date has passed;
- risk.no_response: an open high or critical threat with no strategy and no response task;
- risk.response_slipped: a response task past its finish date (the risk is not being handled
  as planned).

As with the task reminders (projects.reminders), a reminder goes out in the recipient's working
hours, and its key holds the risk (or response task), the kind and the recipient's local date:
`risk.review_due:<risk id>:<day>`. Notifications are unique per recipient and key, and the scan
skips in SQL what was already sent, so each risk reminds each person at most once a day however
often the scan runs. Set-based: one query per kind and recipient role, plus notify_many's bulk
insert, whatever the number of risks.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable
from functools import reduce

from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from notifications.services import Occurrence, notify_many
from projects.reminders import REMINDED, local_days, time_zones_in_use

from .choices import RiskKind, level_for
from .models import Risk, RiskAction

# Who hears about a risk: its owner and its project's manager (paths from the risk).
RECIPIENTS = ("owner", "project__manager")


def _not_sent(event: str, *, recipient: str, subject: str, day: dt.date) -> Exists:
    """NOT EXISTS the notification with the key this scan would write for the row."""
    key = Concat(
        Value(f"{event}:"),
        Cast(OuterRef(subject), CharField()),
        Value(f":{day.isoformat()}"),
        output_field=CharField(),
    )
    return ~Exists(Notification.objects.filter(recipient_id=OuterRef(recipient), event_key=key))


def _scan(
    event: str,
    queryset: QuerySet,
    days: dict[dt.date, list[str]],
    *,
    to_risk: str,
    subject: str,
    due: Callable[[dt.date], Q],
    extra: tuple[str, ...] = (),
    context: Callable[[dict], dict] = lambda row: {},
) -> list[Occurrence]:
    """The occurrences of `event` for each recipient role; `to_risk` is the path from the
    queryset's model to the risk ("" for risks), `subject` the id in the key."""
    occurrences: dict[tuple[int, str], Occurrence] = {}
    url = reverse("risks:risk_detail", kwargs={"risk_id": 987654321}).replace("987654321", "{}")
    for role in RECIPIENTS:
        person = f"{to_risk}{role}"
        zone_day = {zone: day for day, zones in days.items() for zone in zones}
        condition = reduce(
            operator.or_,
            [
                Q(**{f"{person}__time_zone__in": zones})
                & due(day)
                & _not_sent(event, recipient=f"{person}_id", subject=subject, day=day)
                for day, zones in days.items()
            ],
        )
        rows = (
            queryset.filter(**{f"{person}__is_active": True})
            .filter(condition)
            .values(
                *dict.fromkeys([subject, f"{to_risk}pk"]), f"{to_risk}pk", f"{to_risk}code", f"{to_risk}title", f"{to_risk}score",
                f"{to_risk}project_id", f"{to_risk}project__code", f"{to_risk}project__name",
                f"{to_risk}owner__display_name", f"{to_risk}owner__username",
                f"{person}_id", f"{person}__language", f"{person}__time_zone", *extra,
            )
        )  # fmt: skip
        for row in rows.iterator(chunk_size=2000):
            local = zone_day[row[f"{person}__time_zone"]]
            key = f"{event}:{row[subject]}:{local.isoformat()}"
            recipient = row[f"{person}_id"]
            risk_id = row[f"{to_risk}pk"]
            occurrences[(recipient, key)] = Occurrence(
                recipient_id=recipient,
                key=key,
                language=row[f"{person}__language"],
                url=url.format(risk_id),
                project_id=row[f"{to_risk}project_id"],
                object_id=str(risk_id),
                context={
                    "code": row[f"{to_risk}code"],
                    "title": row[f"{to_risk}title"],
                    "score": row[f"{to_risk}score"],
                    "level": level_for(row[f"{to_risk}score"]),
                    "project": row[f"{to_risk}project__code"],
                    "project_name": row[f"{to_risk}project__name"],
                    "owner": row[f"{to_risk}owner__display_name"]
                    or row[f"{to_risk}owner__username"]
                    or "",
                    **context(row),
                },
            )
    return list(occurrences.values())


def risk_reminders_send(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Send the risk reminders due now in each recipient's working hours; returns how many."""
    now = now or timezone.now()
    days = local_days(now, time_zones_in_use())
    sent = {"review_due": 0, "no_response": 0, "response_slipped": 0}
    if not days:
        return sent
    risks = Risk.objects.open().filter(project__status__in=REMINDED)
    sent["review_due"] = notify_many(
        "risk.review_due",
        _scan(
            "risk.review_due", risks, days, to_risk="", subject="pk",
            due=lambda day: Q(review_date__lt=day), extra=("review_date",),
            context=lambda row: {"due": row["review_date"].isoformat()},
        ),
        model=Risk,
    )  # fmt: skip
    unanswered = risks.filter(kind=RiskKind.THREAT).at_least("high").without_response()
    sent["no_response"] = notify_many(
        "risk.no_response",
        _scan(
            "risk.no_response", unanswered, days, to_risk="", subject="pk",
            due=lambda day: Q(),
        ),
        model=Risk,
    )  # fmt: skip
    slipped = RiskAction.objects.filter(
        risk__in=risks.values("pk"), task__is_summary=False
    ).exclude(task__status="done")
    sent["response_slipped"] = notify_many(
        "risk.response_slipped",
        _scan(
            "risk.response_slipped", slipped, days, to_risk="risk__", subject="task_id",
            due=lambda day: Q(task__finish_date__lt=day),
            extra=("task__name", "task__finish_date", "task__percent_complete"),
            context=lambda row: {
                "task": row["task__name"],
                "due": row["task__finish_date"].isoformat(),
                "progress": row["task__percent_complete"],
            },
        ),
        model=Risk,
    )  # fmt: skip
    return sent
