"""Stale-article reminders (Celery beat, daily; seeded by migrations/0002_review_reminders.py).

An article whose review-by date has passed reminds its owner once per review date: the key is
`knowledge.review_due:<article id>:<review-by date>`, unique per recipient, and the scan skips
in SQL what was already sent, so running it twice (or every day) sends nothing new until the
owner sets a new review date that passes in turn. One query plus notify_many's bulk insert.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from notifications.services import Occurrence, notify_many

from .models import Article

EVENT = "knowledge.review_due"


def article_review_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind the owners of articles past their review-by date; returns how many were new."""
    today = today or timezone.localdate()
    key = Concat(
        Value(f"{EVENT}:"),
        Cast(OuterRef("pk"), CharField()),
        Value(":"),
        Cast(OuterRef("review_by"), CharField()),
        output_field=CharField(),
    )
    sent = Exists(Notification.objects.filter(recipient_id=OuterRef("owner_id"), event_key=key))
    rows = (
        Article.objects.stale(on=today)
        .filter(owner__is_active=True)
        .exclude(sent)
        .values("pk", "title", "review_by", "owner_id", "owner__language", "space__project_id")
    )
    url = reverse("knowledge:article_detail", kwargs={"article_id": 987654321})
    occurrences = [
        Occurrence(
            recipient_id=row["owner_id"],
            key=f"{EVENT}:{row['pk']}:{row['review_by'].isoformat()}",
            language=row["owner__language"],
            url=url.replace("987654321", str(row["pk"])),
            project_id=row["space__project_id"],
            object_id=str(row["pk"]),
            context={"title": row["title"], "due": row["review_by"].isoformat()},
        )
        for row in rows.iterator(chunk_size=2000)
    ]
    return notify_many(EVENT, occurrences, model=Article)
