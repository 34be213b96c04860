"""Seed the hourly run of the daily e-mail digests as a django-celery-beat schedule (each
person's digest goes out at the first run past their chosen hour, in their time zone), so
administrators can change it in the admin."""

from django.db import migrations

from ito_portal.core.beat import BEAT_MIGRATION, seed_periodic_tasks


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_webhooks_deliveries_digest"), BEAT_MIGRATION]

    operations = [
        seed_periodic_tasks(
            {
                "Send daily e-mail digests (hourly, at each reader's hour)": (
                    "notifications.tasks.digests_send_task"
                )
            },
            crontab={"minute": "5", "hour": "*", "timezone": "UTC"},
        )
    ]
