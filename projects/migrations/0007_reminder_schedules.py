"""Seed the hourly reminder scans as django-celery-beat schedules, so administrators can change
them in the admin. Each run sends only what is due in each recipient's own working hours
(09:00–18:00 local; the weekly digest on Monday morning), once per day (or week)."""

from django.db import migrations

from ito_portal.core.beat import BEAT_MIGRATION, seed_periodic_tasks


class Migration(migrations.Migration):
    dependencies = [("projects", "0006_nightly_refresh_schedule"), BEAT_MIGRATION]

    operations = [
        seed_periodic_tasks(
            {
                "Task reminders: due tomorrow and overdue (hourly)": (
                    "projects.tasks.task_reminders_send_task"
                ),
                "Weekly digest for project managers (hourly, Monday morning local)": (
                    "projects.tasks.manager_digests_send_task"
                ),
            },
            crontab={"minute": "0", "hour": "*", "timezone": "UTC"},
        )
    ]
