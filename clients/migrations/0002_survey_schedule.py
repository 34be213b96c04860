"""Seed the satisfaction survey schedule as a django-celery-beat task, so administrators can
change it in the admin. It runs hourly in working hours: on its first run each month it sends
last month's survey to every active project, and on every run it surveys the client-visible
milestones done since (each survey once: the task is idempotent)."""

from django.db import migrations

from ito_portal.core.beat import BEAT_MIGRATION, seed_periodic_tasks


class Migration(migrations.Migration):
    dependencies = [("clients", "0001_initial"), BEAT_MIGRATION]

    operations = [
        seed_periodic_tasks(
            {
                "Send satisfaction surveys (monthly and at milestones)": (
                    "clients.tasks.send_due_surveys_task"
                )
            },
            crontab={
                "minute": "15",
                "hour": "9-17",
                "day_of_week": "1-5",
                "timezone": "Asia/Shanghai",
            },
        )
    ]
