"""Seed the communication plan's runner as a django-celery-beat schedule (every 15 minutes),
so administrators can change it in the admin."""

from django.db import migrations

from ito_portal.core.beat import BEAT_MIGRATION, seed_periodic_tasks


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial"), BEAT_MIGRATION]

    operations = [
        seed_periodic_tasks(
            {
                "Run due communication plan entries (every 15 minutes)": (
                    "reports.tasks.run_due_communications_task"
                )
            },
            interval={"every": 15, "period": "minutes"},
        )
    ]
