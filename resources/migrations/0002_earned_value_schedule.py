"""Seed the nightly earned-value snapshot (and cost health) as a django-celery-beat schedule,
after the nightly schedule refresh so the day's progress is in."""

from django.db import migrations

from ito_portal.core.beat import BEAT_MIGRATION, seed_periodic_tasks


class Migration(migrations.Migration):
    dependencies = [("resources", "0001_initial"), BEAT_MIGRATION]

    operations = [
        seed_periodic_tasks(
            {
                "Snapshot open projects' earned value and cost health (nightly)": (
                    "resources.tasks.snapshot_earned_value_task"
                )
            },
            crontab={"minute": "50", "hour": "1", "timezone": "Asia/Shanghai"},
        )
    ]
